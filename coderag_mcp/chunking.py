"""A file's lines cut into chunks: its lines as text, a long definition in overlapping pieces, and the module
chunks of the lines outside every definition. Pure, as parsing is.

Apart from parse.py, which finds the definitions and says which lines each owns: this is only how owned lines
become chunk records, and the sizes that decide where a hit points.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .definitions import Definition
from .enums import ChunkType
from .store import ChunkRecord


# A module chunk longer than this is cut in pieces, so a hit points near its match.
MODULE_CHUNK_MAX_LINES = 80
# A definition longer than this (its own lines, without the doc comment above it) is split into overlapping
# pieces of PIECE_LINES.
SPLIT_ABOVE_LINES = 160
PIECE_LINES = 120
PIECE_OVERLAP = 20


def source_lines(source: bytes) -> list[str]:
    """The file's lines, without their line ends (a trailing empty line included). Decoded whole, then
    split: a newline is never part of a multi-byte character, so these are the lines of decoding each
    line alone, without 1.7 million decodes (sympy: 0.5 s under cProfile)."""
    text = source.decode("utf-8", "replace")
    lines = text.split("\n")
    return [line.rstrip("\r") for line in lines] if "\r" in text else lines


def pieces_of(chunk: ChunkRecord, rows: list[int], lines: list[str]) -> list[ChunkRecord]:
    """A long definition in overlapping pieces; each keeps the definition's names and signature.

    Only the definition's own lines, from its line (its lineno) on, are cut and counted: the decorators and doc
    comment above go whole with the first piece, as they go with an unsplit chunk, so every piece after it
    starts at a line of the definition. Cut with the rest, a doc comment longer than a piece's step put the
    second piece's start inside it, above the definition's line (gson's Gson: a piece 149-1288 beside the first,
    156-168; find_symbol read 156-168 and read_code began in the middle of the comment).
    """
    own = rows[bisect.bisect_left(rows, chunk.lineno - 1):]
    if len(own) <= SPLIT_ABOVE_LINES:
        return [chunk]
    above = rows[:len(rows) - len(own)]
    pieces = []
    step = PIECE_LINES - PIECE_OVERLAP
    for part, start in enumerate(range(0, len(own) - PIECE_OVERLAP, step)):
        piece = own[start:start + PIECE_LINES]
        pieces.append(chunk._replace(
            # The first piece is the definition's chunk: its line, and the lines above it in its body.
            lineno=chunk.lineno if part == 0 else piece[0] + 1,
            end_lineno=piece[-1] + 1 if start + PIECE_LINES < len(own) else chunk.end_lineno,
            body="\n".join(lines[row] for row in (above + piece if part == 0 else piece)), part=part,
            docstring=chunk.docstring if part == 0 else None, decorators=chunk.decorators if part == 0 else None,
        ))
    return pieces


def module_name(rel_path: str) -> str:
    stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
    return stem.replace("/", ".")


def module_chunks(
    rel_path: str, lines: list[str], owner: Sequence[Definition | None], imports: str | None
) -> list[ChunkRecord]:
    """The lines outside every definition, cut into runs of at most MODULE_CHUNK_MAX_LINES."""
    qualified = module_name(rel_path)
    name = qualified.rsplit(".", 1)[-1]
    runs: list[list[int]] = []
    current: list[int] = []
    for row, definition in enumerate(owner):
        if definition is None:
            if current and (row != current[-1] + 1 or len(current) >= MODULE_CHUNK_MAX_LINES):
                runs.append(current)
                current = []
            current.append(row)
    if current:
        runs.append(current)
    chunks = []
    for run in runs:
        text_rows = [row for row in run if lines[row].strip()]
        if not text_rows:
            continue
        body = "\n".join(lines[row] for row in range(text_rows[0], text_rows[-1] + 1))
        if not any(ch.isalnum() for ch in body):
            continue  # a lone closing brace is not code anyone searches for
        chunks.append(ChunkRecord(
            chunk_type=ChunkType.MODULE, name=name, qualified_name=qualified, lineno=text_rows[0] + 1,
            end_lineno=text_rows[-1] + 1, body=body, imports=imports if not chunks else None,
        ))
    return chunks
