"""Whether each stored chunk's lines are the lines its body holds: the chunks of an index whose body is not
what the tree's file has at lineno..end_lineno.

    .venv/bin/python bench/chunk_lines.py /tmp/a.db bench/corpora/Django-5.1.4 [--show 10]

The vault.db must hold one project, indexed from that tree. What a chunk's body holds (parse.py):
- a module chunk: the lines lineno..end_lineno, all of them;
- a definition's chunk (or a piece of a long one, split in overlapping pieces): the lines of lineno..end_lineno
  its nested definitions do not own, so the lines it leaves out are blank or inside another chunk's lines;
  a definition's first chunk also holds the decorators and doc comment above its own line (its lineno), and
  its last ends at the definition's last line, which may be a nested definition's (a Python class ending
  with a method).
A chunk counts as wrong when its body starts elsewhere, ends elsewhere, holds lines of the file out of
order or leaves out a line of its own; or when it starts above its definition's own line yet runs past it
(a later piece that begins in the doc comment: the definition's line is its first chunk's), or ends above it
(a piece of doc comment only).
"""

from __future__ import annotations

import argparse
import collections
import sqlite3
from pathlib import Path

from coderag_mcp.chunking import source_lines


def _lines(path: Path) -> list[str]:
    lines = source_lines(path.read_bytes())
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _start(lines: list[str], lineno: int, body: list[str], leading: bool) -> int | None:
    """The row the body starts at: the chunk's line, or (`leading`: a definition's first chunk) a row above
    it from which the body's first lines are the file's, down to that line."""
    row = lineno - 1
    if row >= len(lines):
        return None
    for above in range(len(body) if leading else 1):
        if body[above] == lines[row] and row - above >= 0 and lines[row - above:row + 1] == body[:above + 1]:
            return row - above
    return None


def _fault(lines: list[str], chunk: tuple[str, str, int, int, str], others: list[tuple[int, int]],
           definition_lines: set[int]) -> str | None:
    kind, _qualified, lineno, end_lineno, text = chunk
    body = text.split("\n")
    module = kind == "MODULE"
    if not module and any(lineno < line <= end_lineno for line in definition_lines):
        return "starts above its definition's line"
    if not module and definition_lines and min(definition_lines) > end_lineno:
        return "ends above its definition's line"
    start = _start(lines, lineno, body, not module and lineno in definition_lines)
    if start is None:
        return "starts elsewhere"
    if module:
        return None if lines[start:end_lineno] == body else "module lines differ"

    def skippable(row: int) -> bool:  # a line a definition's body leaves out: blank, or a nested definition's
        return not lines[row].strip() or any(first <= row <= last for first, last in others)

    at, row = 0, start
    while at < len(body) and row < min(end_lineno, len(lines)):
        if lines[row] == body[at]:
            at += 1
        elif not skippable(row):
            return f"leaves out line {row + 1}"
        row += 1
    if at < len(body):
        return "holds lines past its end"
    if row == end_lineno:  # its last body line is its last line, or what follows is nested definitions'
        return None
    return None if all(skippable(later) for later in range(row, min(end_lineno, len(lines)))) else "ends elsewhere"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("tree")
    parser.add_argument("--show", type=int, default=5, help="print this many wrong chunks")
    args = parser.parse_args()
    tree = Path(args.tree)
    with sqlite3.connect(args.db) as db:
        chunks: dict[str, list[tuple[str, str, int, int, str]]] = collections.defaultdict(list)
        for file_path, *chunk in db.execute(
                "SELECT file_path, chunk_type, qualified_name, lineno, end_lineno, body FROM code_chunks"):
            chunks[file_path].append(tuple(chunk))  # type: ignore[arg-type]
        # Each definition's own line, as its symbol has it (a graph node has its first chunk's line).
        definitions: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
        for file_path, name, scope, lineno in db.execute(
                "SELECT file_path, name, scope, lineno FROM symbol_definitions WHERE kind != 'variable'"):
            definitions[file_path, f"{scope}.{name}" if scope else name].add(lineno)
    total = wrong = 0
    faults: collections.Counter[str] = collections.Counter()
    shown = 0
    for file_path, file_chunks in sorted(chunks.items()):
        lines = _lines(tree / file_path)
        # Each definition chunk's rows: from the start of its body (its leading lines) to its last line.
        spans = []
        for kind, qualified, lineno, end_lineno, text in file_chunks:
            start = None if kind == "MODULE" else _start(lines, lineno, text.split("\n"),
                                                         lineno in definitions[file_path, qualified])
            spans.append((start if start is not None else lineno - 1, end_lineno - 1))
        for index, chunk in enumerate(file_chunks):
            total += 1
            # The other definitions' chunks inside this one's lines: nested definitions.
            others = [span for other, span in enumerate(spans) if other != index and file_chunks[other][0] != "MODULE"
                      and file_chunks[other][1] != chunk[1]]
            fault = _fault(lines, chunk, others, definitions[file_path, chunk[1]])
            if fault:
                wrong += 1
                faults[fault.split(" line ")[0]] += 1
                if shown < args.show:
                    shown += 1
                    print(f"{file_path}:{chunk[2]}-{chunk[3]} {chunk[0]} {chunk[1]}: {fault}")
    print(f"{wrong:,} of {total:,} chunks do not hold their lines: " +
          ", ".join(f"{count:,} {fault}" for fault, count in faults.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
