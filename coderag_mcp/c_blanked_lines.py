"""The macro calls and includes that c_rewrites.py blanked for the grammar, read apart: a line blanked whole that was
one call (`UV_ERRNO_MAP(XX)` in an enum's body, `UV_REQ_TYPE_MAP(XX)` in a union's, `MUTEX_PROF_DATA_NODE(..)` at a
file's level before a declaration, jemalloc's `CTL_RO_NL_GEN(version, ..)` over two lines) is still a call of the
macro, and an `#include` blanked in an enum's body (jq's bytecode.h includes opcode_list.h between `#define OP` and
`#undef OP`) still an import. The lines are found by comparing the file as written with the code the grammar reads,
not by asking each rewrite again: which lines a rewrite blanks is its own business, and reading an enum's body twice
was a second pass over every C file with an enum. Pure, like parse.py.
"""

from __future__ import annotations

import itertools
import operator
import re

from tree_sitter import Node, Range

from .c_macro_bodies import parsed_ranges
from .c_rewrites import CALL_LINE, enclosing_brace

# One call and nothing else on its lines (not a statement's `f(x);` in an `#if` branch blanked), indented or not.
_CALL = re.compile(rb"[ \t]*" + CALL_LINE)
_INCLUDE = re.compile(rb"[ \t]*#[ \t]*include\b[^\n]*")
_OPENS_ENUM = re.compile(rb"\benum\b[^;{}()]*\Z")


def blanked_lines(grammar: str, written: bytes, code: bytes) -> list[tuple[Node, Node | None]]:
    """The macro calls and includes `written` held on lines that `code` has blanked, each parsed at the file's offsets:
    for a call its root and the node of the macro's name (alone, tree-sitter-c reads `UV_ERRNO_MAP(XX)` as a macro
    type, no call), for an include its root and None (find_definitions reads its reference)."""
    written_lines, code_lines = written.split(b"\n"), code.split(b"\n")
    if len(written_lines) != len(code_lines):
        return []
    starts = [0, *itertools.accumulate(len(line) + 1 for line in written_lines)]
    calls: list[tuple[int, re.Match[bytes]]] = []  # (its row, the call)
    includes: list[tuple[int, re.Match[bytes]]] = []
    read_to = 0  # (a call's lines after its first)
    for row in itertools.compress(range(len(written_lines)), map(operator.ne, written_lines, code_lines)):
        if starts[row] < read_to or code_lines[row].strip():
            continue  # (blanked in part: a macro before a declaration, `FMT_CONSTEXPR void f()`)
        if (call := _CALL.match(written, starts[row])) is not None and not code[starts[row]:call.end()].strip():
            calls.append((row, call))
            read_to = call.end()
        elif (include := _INCLUDE.match(written, starts[row])) is not None and _in_enum_body(written, starts[row]):
            includes.append((row, include))
    found: list[tuple[Node, Node | None]] = []
    if calls:
        roots = parsed_ranges(grammar, written, [_range(written, starts, *line) for line in calls])
        found += [(root, root.descendant_for_byte_range(*call.span("name")))
                  for root, (_row, call) in zip(roots, calls) if root is not None]
    if includes:
        roots = parsed_ranges(grammar, written, [_range(written, starts, *line) for line in includes])
        found += [(root, None) for root in roots if root is not None]
    return found


def _in_enum_body(code: bytes, position: int) -> bool:
    """Whether `position` is directly in an enum's body (an `#include` elsewhere is blanked only in an `#if` branch
    dropped, or in an initializer list, where it was never read)."""
    opening = enclosing_brace(code, position)
    return opening >= 0 and _OPENS_ENUM.search(code, max(0, opening - 200), opening) is not None


def _range(code: bytes, starts: list[int], row: int, line: re.Match[bytes]) -> Range:
    """The range of `code` a match starting on `row` covers, with its rows and columns (`starts`: each row's offset)."""
    start, end = line.start(), line.end()
    end_row = row + code.count(b"\n", start, end)
    return Range((row, start - starts[row]), (end_row, end - starts[end_row]), start, end)
