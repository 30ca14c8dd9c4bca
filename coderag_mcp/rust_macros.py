"""Rust: the references inside macro invocations (pure, like parse.py).

tree-sitter-rust leaves a macro's arguments a flat token tree, so `tri!(self.parse_whitespace())`, `assert_eq!(
helper(c), 1)`, `vec![ErrorCode::Eof]` and `format!("{}", x.name())` held no call: serde_json wraps nearly every
fallible call in `tri!` (Deserializer.peek showed 0 of its ~10 callers), and every test's calls sit in `assert!`.
Each invocation's token tree, brackets included, is parsed again on its own as Rust (the parser reads only its
bytes, `included_ranges`, so every node keeps its place in the file): `(a, b)` reads as a tuple, `[a, b]` as an
array, `{ .. }` as a block. The query then finds its calls, paths and types as anywhere else, and receivers.py
types `self.x()`, `self.field.x()`, a variable's `v.x()` and `Type::f()` as it types any call. Nested invocations
are read the same way. A `macro_rules!` body is a template (`$e`, `$($t)*`): no invocation inside one is read.
Definitions written inside an invocation (`cfg_if! { fn f() }`) stay none: only references are taken.
"""

from __future__ import annotations

import functools

from tree_sitter import Node, Parser, Range

from .grammars import bounded_parser, get_query, helper_query, parse_bounded, query_matches

# A token tree longer than this is a table or generated code (`forward_to_deserialize_any! {..}`), not calls.
_LONGEST_ARGUMENTS = 20_000
_INVOCATIONS = helper_query("rust", "(macro_invocation (token_tree) @arguments)")


@functools.cache
def _parser() -> Parser:
    """A parser of its own: its included ranges change at each invocation (the file's parser reads whole files)."""
    return bounded_parser("rust")


def invocation_arguments(root: Node) -> list[Node]:
    """The token trees of the macro invocations under `root`. (None is inside a `macro_rules!` definition: the
    grammar leaves its body token trees, where an invocation is no node.)"""
    matches = query_matches(get_query("rust", _INVOCATIONS), root)
    return [node for _pattern, captures in matches for node in captures["arguments"]
            if node.end_byte - node.start_byte <= _LONGEST_ARGUMENTS and _may_hold_references(node)]


def _may_hold_references(arguments: Node) -> bool:
    """Whether a token tree can hold a call, a path or a struct: each has a group of its own inside (`f(x)`,
    `x.m()`, `X { .. }`) or a `::` (`ErrorCode::Eof`). `println!("{}", x)`, `assert!(done)`, `vec![0; n]` have
    neither: a third of ripgrep's invocations, each a parse and three queries saved. (Parsing all of a file's
    token trees at once, in a copy of the file blank around them, cost more than one by one: the blank is lexed.)"""
    return any(child.type == "token_tree" or child.type == "::" for child in arguments.children)


def parsed_arguments(code: bytes, root: Node) -> list[Node]:
    """The root of each macro invocation's arguments parsed as Rust, nested invocations too (outer first)."""
    parser = _parser()
    roots: list[Node] = []
    pending = invocation_arguments(root)
    try:
        while pending:
            arguments = pending.pop()
            parser.included_ranges = [Range(arguments.start_point, arguments.end_point,
                                            arguments.start_byte, arguments.end_byte)]
            try:
                tree = parse_bounded(parser, code)
            except ValueError:  # (out of its CPU)
                continue
            roots.append(tree.root_node)
            if b"!" in code[arguments.start_byte:arguments.end_byte]:  # (an invocation inside this one)
                pending.extend(invocation_arguments(tree.root_node))
    finally:
        parser.included_ranges = []
    return roots
