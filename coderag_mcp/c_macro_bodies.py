"""The bodies of C and C++ function-like macros, parsed as code: tree-sitter-c leaves a `#define`'s body as text
(`preproc_arg`), so a function called only through a macro looked dead. jq's `parse_token` is called from
`#define token(p, ch) (... ? stream_token((p), (ch)) : parse_token((p), (ch)))` (jv_parse.c:641), and
`find_references parse_token` said "0 references". Each body is parsed on its own (included ranges of the file's
own code, so nodes keep the file's offsets and lines); parse.read_definitions reads its references as the macro's.
Pure, like parse.py.
"""

from __future__ import annotations

import functools

from tree_sitter import Node, Parser, Range

from .grammars import bounded_parser, parse_bounded

# A file with more macros than this (a generated header) has the first ones read.
_MOST_BODIES = 2_000


@functools.cache
def _parser(grammar: str) -> Parser:
    """A parser of its own: its included ranges change at each body (the file's parser reads whole files)."""
    return bounded_parser(grammar)


def macro_bodies(grammar: str, code: bytes, root: Node) -> list[tuple[Node, frozenset[str]]]:
    """The root of the body of each macro that calls something, parsed as `grammar` ("c" or "cpp"), and the names of
    the macro's parameters."""
    bodies: list[Node] = []
    parameters: list[frozenset[str]] = []
    pending = [root]
    while pending and len(bodies) < _MOST_BODIES:
        node = pending.pop()
        if node.type in ("preproc_function_def", "preproc_def"):
            value = node.child_by_field_name("value")
            if value is not None and b"(" in code[value.start_byte:value.end_byte]:
                bodies.append(value)
                parameters.append(_parameter_names(code, node))
        elif node.type.startswith("preproc") or node.type in ("translation_unit", "ERROR", "declaration_list",
                                                              "namespace_definition", "linkage_specification",
                                                              "compound_statement", "function_definition"):
            pending.extend(reversed(node.children))
    roots = parsed_ranges(grammar, code, [Range(value.start_point, value.end_point, value.start_byte, value.end_byte)
                                          for value in bodies])
    return [(body, names) for body, names in zip(roots, parameters) if body is not None]


def _parameter_names(code: bytes, macro: Node) -> frozenset[str]:
    """The names of a function-like macro's parameters (none for an object-like one).

    A call of one in the body calls whatever the macro's user passes, no definition of that name: uv.h's X-macro lists
    `#define UV_ERRNO_MAP(XX) XX(E2BIG, "argument list too long") ...` call their parameter `XX`, and each was linked
    to the `#define XX(_, name)` of the file's unions, as sure (LOCAL)."""
    parameters = macro.child_by_field_name("parameters")
    if parameters is None:
        return frozenset()
    return frozenset(code[child.start_byte:child.end_byte].decode() for child in parameters.named_children
                     if child.type == "identifier")


def parsed_ranges(grammar: str, code: bytes, ranges: list[Range]) -> list[Node | None]:
    """The root of each range of `code` parsed on its own as `grammar`, its nodes at the file's offsets and lines (also
    c_blanked_lines'), None for one whose parse ran out of its CPU (grammars.parse_bounded)."""
    parser = _parser(grammar)
    roots: list[Node | None] = []
    try:
        for included in ranges:
            parser.included_ranges = [included]
            try:
                roots.append(parse_bounded(parser, code).root_node)
            except ValueError:  # (out of its CPU)
                roots.append(None)
    finally:
        parser.included_ranges = []
    return roots
