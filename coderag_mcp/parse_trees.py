"""A file's tree: parsed within the grammar's time bound, and when it does not parse as written, parsed again with
what the grammar misreads rewritten (C's `#if` branches, a header's include guard, TypeScript's `export type *`),
kept when that reads more. Pure, like parse.py.
"""

from __future__ import annotations

from tree_sitter import Tree

from .file_reading import SkipFile
from .grammars import get_parser, parse_bounded
from .languages import LanguageSpec
from .parse_errors import error_spans, touches_directives


def parse_tree(spec: LanguageSpec, source: bytes, old_tree: Tree | None = None) -> Tree:
    try:
        return parse_bounded(get_parser(spec.grammar), source, old_tree)
    except ValueError as error:  # the parse ran out of its CPU (see grammars.PARSE_CPU_SECONDS)
        raise SkipFile("parsing took too long (the grammar may loop on this file)") from error


def repaired(spec: LanguageSpec, code: bytes, tree: Tree) -> tuple[bytes, Tree]:
    """The code and tree of a file that does not parse as written: each `#if` read as its first branch, and the
    tree of the code with what the grammar misreads repaired, each when fewer places fail so."""
    errors = error_spans(tree.root_node)
    if spec.directives is not None and b"#" in code and touches_directives(errors, code):
        rewritten = spec.directives(code)
        retried = _reparsed(spec, code, tree, rewritten)
        # (Fewer places, or less than half the lines: Kingfisher's ImageCache.swift fails over 768 lines of its
        # class as written, and at 6 empty tuples' missing tokens with its first branches.)
        if _reads_more(fewer := error_spans(retried.root_node), errors):
            code, tree, errors = rewritten, retried, fewer
        elif spec.repaired is not None and fewer and (both := spec.repaired(rewritten)) != rewritten:
            # Some files read only with both: Alamofire's Protected.swift has an `#if` in a class body (which
            # tree-sitter-swift reads in a function's body or at a file's top, not in a type's) and a
            # `nonisolated(unsafe)` var.
            retried = _reparsed(spec, code, tree, both)
            if _reads_more(fewer := error_spans(retried.root_node), errors):
                return rewritten, retried
    if spec.repaired is not None and errors and (rewritten := spec.repaired(code)) != code:
        retried = _reparsed(spec, code, tree, rewritten)
        if _reads_more(error_spans(retried.root_node), errors):
            # The text stays the file's: a repair changes no name, so signatures show `<out O>` as written.
            tree = retried
    return code, tree


def _reparsed(spec: LanguageSpec, code: bytes, tree: Tree, rewritten: bytes) -> Tree:
    """The tree of `rewritten`, `code` with some of its lines changed byte for byte (each line's length kept), parsed
    again from `tree` (which stays as it is): tree-sitter reads again only around the lines that changed. gtest.h
    without its include guard: 12 ms where a parse of its own took 44 ms, to the same tree."""
    old_lines, new_lines = code.split(b"\n"), rewritten.split(b"\n")
    if len(rewritten) != len(code) or len(old_lines) != len(new_lines):
        return parse_tree(spec, rewritten)
    edited = tree.copy()
    start = 0  # the byte the row starts at
    changed: tuple[int, int, int] | None = None  # the run of changed rows being read: (first row, its start, last row)
    for row, (before, after) in enumerate(zip(old_lines, new_lines)):
        if before != after and changed is None:
            changed = (row, start, row)
        elif before != after:
            changed = (changed[0], changed[1], row)
        elif changed is not None:  # the run ends at the end of the row before
            _edit_rows(edited, changed, start - 1, len(old_lines[row - 1]))
            changed = None
        start += len(before) + 1
    if changed is not None:
        _edit_rows(edited, changed, start - 1, len(old_lines[-1]))
    return parse_tree(spec, rewritten, edited)


def _edit_rows(tree: Tree, rows: tuple[int, int, int], end: int, last_length: int) -> None:
    """Tell the tree its rows `rows` (first row, the byte it starts at, last row; ending at byte `end`) changed."""
    first, start, last = rows
    tree.edit(start_byte=start, old_end_byte=end, new_end_byte=end, start_point=(first, 0),
              old_end_point=(last, last_length), new_end_point=(last, last_length))


def _reads_more(repaired: list[tuple[int, int]], errors: list[tuple[int, int]]) -> bool:
    """Whether a repaired file fails in fewer places, or in places that cover less than half the lines: fmt's
    format.h read inside its include guard was one ERROR node over 4,400 lines, and 25 small ones without it."""
    return len(repaired) < len(errors) or 2 * _lines(repaired) < _lines(errors)


def _lines(spans: list[tuple[int, int]]) -> int:
    return sum(end - start + 1 for start, end in spans)
