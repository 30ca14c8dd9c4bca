"""What is shown of a definition (pure, while parsing): its header on one line, its doc comment (a leading
comment or a doc string, cleaned of comment markers, markup and comments to tools) and its decorators.
"""

from __future__ import annotations

import ast
import inspect
import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from .grammars import node_text as _text
from .languages import LanguageSpec

if TYPE_CHECKING:
    from .definitions import Definition

_SIGNATURE_MAX = 1024

_HEADER_END = re.compile(r"[{;]")
_ANNOTATIONS_ONLY = re.compile(r"\s*(@[\w.:]+(\((?:[^()]|\([^()]*\))*\))?\s*)+")
_LEADING_NOISE = frozenset({"attribute_list", "attribute", "comment", "description"})


def _assigned_body(node: Node) -> Node | None:
    """The body of the function a JS/TS `const f = (a = {}) => { ... }` holds: its header ends there, not at the
    first `{` (a default `= {}` or a parameter's type `{name: string}` cut ky's signatures short)."""
    if node.type not in ("lexical_declaration", "variable_declaration"):
        return None
    declarator = next((child for child in node.named_children if child.type == "variable_declarator"), None)
    value = declarator.child_by_field_name("value") if declarator is not None else None
    while value is not None and value.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        value = value.named_children[0] if value.named_children else None
    if value is None or value.type not in ("arrow_function", "function_expression", "function", "generator_function"):
        return None
    return value.child_by_field_name("body")


_NOT_HEADER = frozenset({"comment", "field_initializer_list"})


def signature_of(source: bytes, node: Node, header_end: Node | None = None) -> str:
    """The definition's header: from its start (past attributes) to its body, on one line."""
    if node.type == "simple_symbol" and node.parent is not None and node.parent.parent is not None:
        node = node.parent.parent  # `attr_reader :routes, :filters`, for `routes` and `filters`
    start = node.start_byte
    for child in node.children:
        if child.type not in _LEADING_NOISE:
            start = child.start_byte
            break
    if header_end is not None:  # the query marked the header's last node
        return _one_line(_header_text(source, node, start, header_end.end_byte))
    body = node.child_by_field_name("body") or next(  # grammars without fields (Kotlin) name the node
        (child for child in node.named_children if child.type.endswith("_body")), None) or _assigned_body(node)
    end = body.start_byte if body is not None and body.start_byte > start else node.end_byte
    for child in node.children:  # a comment between header and body (Ruby) is not header, nor a C++ constructor's
        if child.type in _NOT_HEADER and start < child.start_byte < end:  # member initializers (`: parent_(parent)`)
            end = child.start_byte
            break
    text = _header_text(source, node, start, end)
    if body is None:
        # No body to stop at: the first line, continued while its parentheses are open
        # (a prototype over several lines), up to a `{` or `;`.
        header = ""
        lines = text.split("\n")
        while len(lines) > 1 and _ANNOTATIONS_ONLY.fullmatch(lines[0]):
            lines.pop(0)  # `@Throws(IOException::class)` above `fun flush()` in a Kotlin interface
        for line in lines:
            header += line + "\n"
            if header.count("(") <= header.count(")"):
                break
        match = _HEADER_END.search(header)
        text = header[:match.start()] if match else header
    return _one_line(text)


# A line comment inside a header (after an annotation, between parameters) ends a line: without a line
# break, no comment needs looking for. These begin the comments of the languages parsed: line comments,
# then block comments.
_LINE_COMMENT_MARKERS = ("//", "#", "--", ";", "%")
_COMMENT_MARKERS = (*_LINE_COMMENT_MARKERS, "/*", "(*", "{-")


def _header_text(source: bytes, node: Node, start: int, end: int) -> str:
    """The header's text without the comments inside it: joined on one line, `@SuppressWarnings("resource")
    // Caller closes stream` made the rest of the header read as the comment's."""
    text = source[start:end].decode("utf-8", "replace")
    if "\n" not in text.rstrip() or not any(marker in text for marker in _COMMENT_MARKERS):
        return text
    pieces, at = [], start
    for comment in _comments_within(node, start, end):
        pieces.append(source[at:comment.start_byte])
        at = comment.end_byte
    if at == start:
        return text
    pieces.append(source[at:end])
    return b" ".join(pieces).decode("utf-8", "replace")


def _comments_within(node: Node, start: int, end: int) -> list[Node]:
    """The comment nodes inside bytes start..end of the node (the header: its body is left unvisited)."""
    found, stack = [], [node]
    while stack:
        for child in reversed(stack.pop().children):
            if child.end_byte <= start or child.start_byte >= end:
                continue
            if "comment" in child.type:
                if start <= child.start_byte and _ends_a_line(child):
                    found.append(child)
            else:
                stack.append(child)
    return sorted(found, key=lambda comment: comment.start_byte)


def _ends_a_line(comment: Node) -> bool:
    """A line comment, or a block comment over several lines or last on its line: it cannot stay in a header
    joined on one line. (`function merge(/* obj1, obj2, ... */)` keeps its comment.)"""
    text = comment.text or b""
    if b"\n" in text.rstrip(b"\r\n") or text.startswith(_LINE_COMMENTS):
        return True
    following = comment.next_sibling
    return following is None or following.start_point.row > comment.end_point.row


_LINE_COMMENTS = tuple(marker.encode() for marker in _LINE_COMMENT_MARKERS)


def _one_line(text: str) -> str:
    text = " ".join(text.replace("\\\n", " ").split()).rstrip("{:=; ").strip()
    text = _SPACE_IN_BRACKETS.sub(lambda m: m.group(0).strip(), text)
    return text[:_SIGNATURE_MAX]


# Line breaks inside a parameter list leave "( a" and "b )" once joined.
_SPACE_IN_BRACKETS = re.compile(r"[(\[]\s+|\s+[)\]]")


# Markers of C, shell, R (`#'`), Lua, Haskell (`-- |`, `{-|`), Erlang (`%%`), Lisp (`;;`), OCaml (`(**`),
# PowerShell (`<#`), Fortran (`!`, `!>`) and D (`/++`, `+`).
_COMMENT_PREFIX = re.compile(r"^\s*(/\*\*?|\*/|\(\*\*?|\{-\s?\|?|<#|/\+\+?|\+/|\+(?=\s)|\*|///?!?|//|#+'?|--\[=*\[|-{2,}\s?\|?|%+|;+|!+>?)\s?")
_COMMENT_SUFFIX = re.compile(r"\s*(\*/|\+/|\*\)|-\}|#>|\]=*\])$")
# A tag of HTML or XML (C#'s doc comments; Javadoc's `<p>`, `</p>`, `<ul>`).
MARKUP_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# C#'s references in a doc comment, which say what they name: `<see cref="LogEventLevel.Information"/>`,
# `<paramref name="value"/>`, `<see langword="null"/>` (stripped as tags, "Write a log event with the  level.").
_XML_REFERENCE = re.compile(r'<(?:see|seealso|paramref|typeparamref)\s+(?:cref|name|langword|href)\s*=\s*"'
                            r'(?:[A-Z]:)?([^"]*)"\s*/?>')


# A comment that speaks to a tool, not to a reader (`// eslint-disable-next-line no-unused-vars` above zustand's
# `StoreMutators` was its doc): no line of a doc comment.
_TOOL_DIRECTIVE = re.compile(r"(eslint-|@ts-(ignore|expect-error|nocheck)|prettier-ignore|istanbul ignore|c8 ignore|"
                             r"biome-ignore|deno-lint-ignore|tslint:|jshint|jscs:|go:[a-z]|nolint|NOLINT|"
                             r"noqa|pylint:|rubocop:|type: ?ignore|clang-format|swiftlint:|swift-format-ignore|"
                             r"ktlint-)")


def _clean_comment(text: str) -> str:
    """The words of a doc comment, without its markers (and without C#'s XML tags), and without the lines
    that speak to a tool (`eslint-disable-next-line ...`, `//go:noinline`, `// nolint`)."""
    lines = []
    xml = text.lstrip().startswith("///") and "<" in text
    for line in text.splitlines():
        line = _COMMENT_SUFFIX.sub("", line.rstrip())
        line = _COMMENT_PREFIX.sub("", line, count=1)
        if _TOOL_DIRECTIVE.match(line):
            continue
        lines.append(MARKUP_TAG.sub("", _XML_REFERENCE.sub(r"\1", line)).strip() if xml else line)
    return "\n".join(lines).strip()


def docstring_of(spec: LanguageSpec, source: bytes, definition: Definition) -> str | None:
    """The doc comment; a leading one also moves the definition's start up to include it."""
    if spec.doc_style == "body_string":
        if definition.overloads is not None:  # its `@overload` stubs are its lines
            definition.doc_row = definition.overloads.start_point[0]
            definition.lead_byte = definition.overloads.start_byte
        body = definition.node.child_by_field_name("body")
        first = body.named_children[0] if body is not None and body.named_children else None
        # tree-sitter-python 0.25 puts the string straight in the body; older versions wrapped it
        # in an expression_statement.
        if first is not None and first.type == "expression_statement" and first.named_children:
            first = first.named_children[0]
        if first is not None and first.type == "string":
            raw = _text(source, first)
            try:
                value = ast.literal_eval(raw)
            except (ValueError, SyntaxError):
                value = raw.strip("\"'rRbBuUfF")
            return str(value).strip() or None
        return None
    leading = _leading_nodes(spec, definition.overloads or definition.span)
    if definition.overloads is not None and not leading:  # its overload signatures are its lines
        definition.doc_row = definition.overloads.start_point[0]
        definition.lead_byte = definition.overloads.start_byte
    if leading:  # the comments and attributes above belong to the definition
        definition.doc_row = leading[-1].start_point[0]
        definition.lead_byte = leading[-1].start_byte
        holder = leading[-1].parent
        definition.doc_borrowed = holder is not None and not (
            holder.start_byte <= definition.span.start_byte < holder.end_byte)
    if definition.doc_node is not None:  # a string, or a comment of a kind of its own (Haskell's haddock)
        text = _text(source, definition.doc_node)
        return _clean_doc_string(text) if text[:1] in "\"'" else _clean_comment(text) or None
    first = definition.node.named_children[0] if definition.node.named_children else None
    if not leading and first is not None and first.type == "description":
        # A description written as the definition's first child (GraphQL's `"""..."""`).
        return _text(source, first).strip('"').strip() or None
    # A line comment's node holds its line break in some grammars (Rust's `///`): joined on line breaks
    # as they are, a doc comment of n lines came out with a blank line after each.
    comments = [_text(source, node).rstrip("\r\n") for node in reversed(leading) if "comment" in node.type]
    return _clean_comment("\n".join(comments)) or None


def _leading_nodes(spec: LanguageSpec, span: Node) -> list[Node]:
    """The comments and attributes just above a definition, nearest first, with no blank line between."""
    leading: list[Node] = []
    previous = _previous_named(span)
    expected_row = span.start_point[0]
    while previous is not None and previous.end_point[0] >= expected_row - 1 and (
            "comment" in previous.type or previous.type in spec.attribute_types):
        leading.append(previous)
        expected_row = previous.start_point[0]
        # (Looking past wrappers here too: Haskell's first declaration's haddock is outside the list of
        # declarations whose first child its type signature is.)
        previous = _previous_named(previous)
    return leading


def take_overloads(spec: LanguageSpec, source: bytes, definitions: list[Definition]) -> list[Definition]:
    """The definitions but the overload signatures an implementation of their name follows (hono's three
    `header(...)` signatures above `header(name?: string) {`, each top-level `export function f(...)` signature
    above `export function f(...) {`, Python's `@overload` stubs above the `def` that implements them: one
    definition each, the first with the doc comment, the implementation without it); each implementation knows
    where its first signature starts (`overloads`). Signatures that nothing implements (an interface's, a
    `declare function`'s, a Protocol's stubs) are one definition too, the last of them: trpc's `Observable.pipe`
    was six, and each `pipe(..)` call had an edge to every one."""
    taken: set[tuple[int, int]] = set()
    for definition in definitions:
        row = _in_row(definition.span)
        if definition.kind not in ("function", "method") or (
                _signature(spec, source, row) is not None and not _last_signature(spec, source, row, definition.name)):
            continue
        previous = row.prev_named_sibling
        while previous is not None and ("comment" in previous.type or _overload_of(spec, source, previous,
                                                                                   definition.name)):
            if "comment" not in previous.type:
                definition.overloads = previous
                taken.add((previous.start_byte, previous.end_byte))
            previous = previous.prev_named_sibling
    if not taken:
        return definitions
    return [definition for definition in definitions if (_in_row(definition.span).start_byte,
                                                         _in_row(definition.span).end_byte) not in taken]


def _in_row(node: Node) -> Node:
    """The statement a definition is among its siblings as: a `declare function f(..);`'s signature is inside its
    `declare` (and an `export` around that)."""
    while node.parent is not None and node.parent.type in _WRAPPERS:
        node = node.parent
    return node


def first_overload(definition: Definition) -> Node | None:
    """The first overload signature of an implementation (without the `export` or decorators around it), None when
    it has none."""
    node = definition.overloads
    if node is not None and node.type == "decorated_definition":
        return node.child_by_field_name("definition")
    return _unwrapped(node) if node is not None else None


# What a TypeScript declaration may stand inside: `export`, `declare`.
_WRAPPERS = ("export_statement", "ambient_declaration")


def _unwrapped(node: Node) -> Node | None:
    """The declaration inside `export` and `declare` (`export declare function f(..);`'s signature)."""
    while node is not None and node.type in _WRAPPERS:
        node = node.child_by_field_name("declaration") if node.type == "export_statement" else (
            node.named_children[0] if node.named_children else None)
    return node


def _signature(spec: LanguageSpec, source: bytes, node: Node) -> Node | None:
    """The overload signature `node` is (without the `export` or `declare` around it, or the `@overload` on it), None
    if none."""
    if node.type in _WRAPPERS:
        declaration = _unwrapped(node)
        return declaration if declaration is not None and declaration.type in spec.overload_types else None
    if node.type in spec.overload_types:
        return node
    if node.type == "decorated_definition" and spec.overload_decorators and any(
            child.type == "decorator" and _text(source, child).strip() in spec.overload_decorators
            for child in node.children):
        return node.child_by_field_name("definition")
    return None


def _last_signature(spec: LanguageSpec, source: bytes, node: Node, name: str) -> bool:
    """Whether the signature `node` (named `name`) is the last of its name in a row: no signature nor implementation
    of the name follows it (comments aside)."""
    following = node.next_named_sibling
    while following is not None and "comment" in following.type:
        following = following.next_named_sibling
    if following is None or _overload_of(spec, source, following, name):
        return following is None
    declared = _unwrapped(following)
    if declared is not None and declared.type == "decorated_definition":
        declared = declared.child_by_field_name("definition")
    named = declared.child_by_field_name("name") if declared is not None else None
    return named is None or _text(source, named) != name


def _overload_of(spec: LanguageSpec, source: bytes, node: Node, name: str) -> bool:
    """Whether a node is a signature named `name` (`export` or `@overload` around it)."""
    signature = _signature(spec, source, node)
    named = signature.child_by_field_name("name") if signature is not None else None
    return named is not None and _text(source, named) == name


def attach_loose_docs(spec: LanguageSpec, definitions: list[Definition], docs: list[Node]) -> None:
    """A doc string captured on its own documents the definition whose leading attributes hold it
    (Elixir's `@doc` above `@spec` and `def`); the nearest one wins."""
    for definition in definitions:
        if definition.doc_node is not None:
            continue
        for node in _leading_nodes(spec, definition.span):
            inside = [doc for doc in docs if node.start_byte <= doc.start_byte and doc.end_byte <= node.end_byte]
            if inside:
                definition.doc_node = inside[0]
                break


def _clean_doc_string(text: str) -> str | None:
    """A doc string's words, without its quotes and the indentation of its continuation lines."""
    text = text.strip()
    for quote in ('"""', "'''", '"', "'"):
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            text = text[len(quote):-len(quote)]
            break
    return inspect.cleandoc(text) or None


def _previous_named(node: Node) -> Node | None:
    """The named node just before `node`, looking past wrappers that start where it starts (Ruby's
    body holds no comments above its first statement) and into the end of a preceding node (Kotlin
    puts a comment that follows the imports inside the import list)."""
    while node.prev_named_sibling is None and node.parent is not None and node.parent.start_byte == node.start_byte:
        node = node.parent
    previous = node.prev_named_sibling
    while previous is not None and previous.named_child_count and "comment" not in previous.type and (
            any(kind in previous.type for kind in _HEADER_NODES) or _ends_with_comment(previous)):
        previous = previous.named_children[-1]
    return previous


def _ends_with_comment(node: Node) -> bool:
    """Whether a node's last descendant is a comment (F# keeps the doc comment of the definition
    after a type's last member inside that member)."""
    while node.named_child_count:
        node = node.named_children[-1]
        if "comment" in node.type:
            return True
    return False


# Nodes that can end with the comment written above the next definition.
_HEADER_NODES = ("import", "package", "header")


def decorators_of(source: bytes, definition: Definition) -> str | None:
    if definition.span is definition.node:
        return None
    names = [_text(source, child) for child in definition.span.children if child.type == "decorator"]
    return "\n".join(names) or None


