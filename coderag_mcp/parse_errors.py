"""Where the grammar could not read a file: the places that failed, whether reading `#if` branches can help, and
the first line of a failure that may hide definitions (get_status names those files). Pure, like parse.py."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tree_sitter import Node

from .definitions import Definition

_DIRECTIVE_LINE = re.compile(rb"(?m)^[ \t]*#[ \t]*(?:if|el|endif)")
# Failures looked at for the line get_status tells: the first ones are enough to find one outside functions.
_MAX_LOOKED_AT = 50


def touches_directives(errors: list[tuple[int, int]], source: bytes) -> bool:
    """Whether a place the grammar could not read (first and last line) touches a conditional compilation
    line, within a line of it: only then can reading the first branches help."""
    lines: set[int] = set()
    line = position = 0
    for match in _DIRECTIVE_LINE.finditer(source):  # each line counted once, from the last match on
        line += source.count(b"\n", position, match.start())
        position = match.start()
        lines.add(line)
    return any(line in lines for start, end in errors for line in range(start - 1, end + 2))


def error_spans(node: Node) -> list[tuple[int, int]]:
    """The first and last line of each place the grammar could not read (an ERROR or missing node), looked
    for only where there are."""
    if node.type == "ERROR" or node.is_missing:
        return [(node.start_point[0], node.end_point[0])]
    return [span for child in node.children if child.has_error or child.is_missing for span in error_spans(child)]


# A function's node, named or not, by its type in the grammars (`function_declaration`, `arrow_function`, Go's
# `func_literal`, `lambda_expression`, Rust's `closure_expression`, `method_definition`): no failure inside one is
# told, an anonymous callback's included (zustand's `it('...', async () => { ... })` in tests/ssr.test.tsx).
_FUNCTION_TYPE = re.compile(r"func|lambda|closure|method")


def _error_nodes(node: Node, found: list[Node]) -> None:
    for child in node.children:
        if len(found) >= _MAX_LOOKED_AT:
            return
        if child.type == "ERROR":
            found.append(child)
        elif child.has_error and _FUNCTION_TYPE.search(child.type) is None:
            _error_nodes(child, found)


def unread_line(root: Node, definitions: Sequence[Definition]) -> int | None:
    """The first line (1-based) of a place the grammar could not read outside every function and method: at the
    file's level or in a class's body, where what it swallowed may be definitions (hono's src/types.ts lost 34 of
    53 declarations to one). A failure inside a function's body costs only what is local to it: not told. None
    when there is no such place."""
    if not root.has_error:
        return None
    found: list[Node] = []
    _error_nodes(root, found)
    bodies = [(d.node.start_byte, d.node.end_byte) for d in definitions if d.kind in ("function", "method")]
    for node in found:
        if not any(start < node.start_byte and node.end_byte <= end for start, end in bodies):
            return _first_failure(node).start_point[0] + 1
    return None


def _first_failure(node: Node) -> Node:
    """Where the failure an ERROR node holds begins: an ERROR may wrap what the grammar read before it came to what
    it could not (libuv's uv.h: one ERROR from its include guard, line 24, to its end, around enums whose X-macro
    lines it could not read from line 191 on), so its first part that failed, and that part's, are looked into."""
    while (failed := next((child for child in node.children if child.has_error or child.is_missing), None)) is not None:
        node = failed
    return node
