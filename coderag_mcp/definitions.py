"""Definitions and references in a parsed file, from the language's tree-sitter query: what each
definition is (kind, name, qualified name, span, signature, doc comment, decorators) and which
definition each reference sits in. Pure, like parse.py, which turns them into chunks and symbols.
"""

from __future__ import annotations

import ast
import bisect
import inspect
import re
from dataclasses import dataclass

from tree_sitter import Node

from .grammars import get_query, query_matches
from .languages import BY_EXTENSION, LanguageSpec
from .python_qualifiers import BINDS_CALL, BINDS_NAME, BINDS_TYPE, BINDS_UNKNOWN

_SIGNATURE_MAX = 1024


@dataclass
class Definition:
    # "class", "function", "method", "scope" (a container such as a Rust impl block) or "namespace"
    # (a Rust inline `mod x { }`: no node of its own; what it holds is named `x::name`).
    kind: str
    node: Node
    span: Node  # the node plus wrappers such as decorators or `export`
    name: str
    name_row: int
    context: str | None
    parent: Definition | None = None
    qualified_name: str = ""
    # Where the definition's leading doc comment starts, when it has one above it.
    doc_row: int | None = None
    # A body written as the definition node's next sibling (Dart's function_signature, then
    # function_body), captured as `@body`: the definition extends over it.
    body: Node | None = None
    # Where its comments and attributes above start: a reference in an attribute (Dart's
    # `@override` beside the method) is the definition's.
    lead_byte: int | None = None

    @property
    def end_byte(self) -> int:
        return self.body.end_byte if self.body is not None else self.span.end_byte
    # A doc string the query captured (`@doc`): Clojure's `(defn f "doc" ...)`, Elixir's `@doc`.
    doc_node: Node | None = None
    # Where the header ends, when the query says (`@signature`): Lisps and Elixir have no body node.
    signature_end: Node | None = None
    # The row before the doc comment of the next definition, when the grammar put it inside this one.
    last_row: int | None = None
    doc_borrowed: bool = False  # the doc comment is inside the node before (see `last_row`)

    @property
    def start_row(self) -> int:
        row = self.span.start_point[0]
        return min(row, self.doc_row) if self.doc_row is not None else row

    @property
    def end_row(self) -> int:
        # A node that ends at column 0 ends on the line before (its trailing newline).
        row, column = (self.body or self.span).end_point
        row = row - 1 if column == 0 and row > self.start_row else row
        return min(row, self.last_row) if self.last_row is not None else row


def _text(source: bytes, node: Node) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")


# Definitions that are no node of their own: a Rust impl block (`@scope`), a Rust inline module (`@namespace`).
CONTAINERS = frozenset({"scope", "namespace"})

REFERENCE_KINDS = {"call": "CALLS", "import": "IMPORTS", "inherit": "INHERITS", "type": "USES",
                   "decorate": "DECORATES",
                   # Not edges: what a variable is known to hold (see python_qualifiers.py).
                   "bind_call": BINDS_CALL, "bind_type": BINDS_TYPE, "bind_name": BINDS_NAME,
                   "bind_unknown": BINDS_UNKNOWN}


def _one(captured: Node | list[Node] | None) -> Node | None:
    return captured[0] if isinstance(captured, list) else captured


def find_definitions(
    spec: LanguageSpec, source: bytes, root: Node, name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] | None = None,
) -> tuple[list[Definition], list[tuple[str, Node, str, str | None]]]:
    """The file's definitions, nested, and its raw references: (edge type, node, name, module).

    `name_nodes` (when given) receives each reference's receiver node (`@receiver`, when the query
    captures it) and name node, by (edge type, node start, name).
    """
    query = get_query(spec.grammar, spec.query_source)
    by_key: dict[tuple[int, int], Definition] = {}
    definition_names: set[tuple[int, int]] = set()
    found: list[Definition] = []
    references: list[tuple[str, Node, str, str | None]] = []
    name_spans: list[tuple[int, int] | None] = []  # each reference's name node
    loose_docs: list[Node] = []  # `@doc` strings outside a definition's match: they document what follows
    # Per pattern, its `@reference.*` capture and edge type (most matches are references).
    reference_keys: dict[int, tuple[str, str | None]] = {}
    for pattern, captures in query_matches(query, root):
        # tree-sitter 0.25 gives every capture as a list of nodes.
        name_nodes_captured = captures.get("name")
        name_node = name_nodes_captured[0] if name_nodes_captured else None
        reference_key, edge_type = reference_keys.get(pattern) or ("", None)
        if reference_key not in captures:
            reference_key = next((key for key in captures if key.startswith("reference.")), "")
            edge_type = REFERENCE_KINDS.get(reference_key[10:])
            if reference_key:
                reference_keys[pattern] = (reference_key, edge_type)
        if reference_key:
            node = captures[reference_key][0]
            module_nodes = captures.get("module")
            if edge_type is None or (name_node is None and not module_nodes):
                continue
            if module_nodes:
                module = _text(source, module_nodes[0]).strip("\"'<>` ")
            elif edge_type == "IMPORTS":  # a module written as several `path` nodes with nothing around them (Scala)
                parts = [part for part in node.children_by_field_name("path") if part.is_named]
                module = ".".join(_text(source, part) for part in parts) if parts else None
            else:
                module = None
            name = _text(source, name_node) if name_node is not None else _last_segment(module or "")
            if name:
                references.append((edge_type, node, name, module))
                if name_nodes is not None and name_node is not None:
                    # The receiver, when the query captured it (`@receiver`), else the name: receivers.py reads them.
                    name_nodes[(edge_type, node.start_byte, name)] = (_one(captures.get("receiver")), name_node)
                name_spans.append((name_node.start_byte, name_node.end_byte) if name_node is not None else None)
            continue
        doc_node = _one(captures.get("doc"))
        kind_key = next((key for key in captures if key.startswith("definition.") or key in CONTAINERS), None)
        node = _one(captures.get(kind_key)) if kind_key is not None else None
        if node is None or name_node is None:
            if doc_node is not None and kind_key is None:
                loose_docs.append(doc_node)
            continue
        key = (node.start_byte, node.end_byte)
        if key in by_key:  # a second pattern for the same definition may add its doc string or a longer header
            known, header_end = by_key[key], _one(captures.get("signature"))
            known.doc_node = known.doc_node or doc_node
            if header_end is not None and (known.signature_end is None
                                           or header_end.end_byte > known.signature_end.end_byte):
                known.signature_end = header_end
            continue
        span = node
        while span.parent is not None and span.parent.type in spec.wrapper_types:
            span = span.parent
        context = _one(captures.get("context"))
        definition = Definition(
            kind=kind_key.removeprefix("definition."), node=node, span=span,
            # (a Ruby symbol names what `attr_reader :routes` defines: `routes`)
            name=_text(source, name_node).removeprefix(":") if name_node.type == "simple_symbol" else _text(source, name_node),  # type: ignore[union-attr]
            name_row=name_node.start_point[0], context=_text(source, context) if context is not None else None,
            doc_node=doc_node, signature_end=_one(captures.get("signature")), body=_one(captures.get("body")),
        )
        by_key[key] = definition
        found.append(definition)
        definition_names.add((name_node.start_byte, name_node.end_byte))
    if definition_names & set(name_spans):  # a definition's name is no reference (Elixir's `def f(x)` head)
        references = [ref for ref, span in zip(references, name_spans) if span not in definition_names]
    if loose_docs:
        _attach_loose_docs(spec, found, loose_docs)
    headers = sorted((d.node.start_byte, d.signature_end.end_byte) for d in found if d.signature_end is not None)
    if headers:  # a marked header holds parameters, not calls (a Lisp's `(defun f (x y)`)
        starts = [start for start, _end in headers]
        references = [ref for ref in references if ref[0] != "CALLS" or not _inside(headers, starts, ref[1].start_byte)]
    found.sort(key=lambda d: (d.span.start_byte, -d.end_byte))
    stack: list[Definition] = []
    for definition in found:
        while stack and not (stack[-1].span.start_byte <= definition.span.start_byte
                             and definition.end_byte <= stack[-1].end_byte):
            stack.pop()
        parent = stack[-1] if stack else None
        definition.parent = parent
        if definition.kind == "function" and parent is not None and parent.kind in ("class", "scope"):
            definition.kind = "method"
        prefix = parent.qualified_name if parent is not None else definition.context
        separator = "::" if parent is not None and parent.kind == "namespace" else "."
        definition.qualified_name = f"{prefix}{separator}{definition.name}" if prefix else definition.name
        stack.append(definition)
    return found, references


def _inside(ranges: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < ranges[index][1]


def _last_segment(path: str) -> str:
    """The name an import brings in: `a.b.C` -> `C`, `a::b` -> `b`, `lib/common.sh` -> `common`."""
    extension = path[path.rfind("."):].lower() if "." in path else ""
    if "/" in path or "\\" in path or extension in BY_EXTENSION:
        path = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        return path[: -len(extension)] if extension in BY_EXTENSION and path.lower().endswith(extension) else path
    for separator in ("::", "."):
        path = path.rstrip(separator).rsplit(separator, 1)[-1] if separator in path else path
    return path


def _lead(definition: Definition) -> int:
    return definition.lead_byte if definition.lead_byte is not None else definition.span.start_byte


def with_enclosing(definitions: list[Definition], references: list[tuple[str, Node, str, str | None]]
               ) -> list[tuple[str, Node, str, str | None, Definition | None]]:
    """Each reference with the innermost definition around it, in one sweep over both (sorted) lists."""
    positions = [reference[1].start_byte for reference in references]
    order = sorted(range(len(references)), key=positions.__getitem__)
    leads = [_lead(definition) for definition in definitions]
    ends = [definition.end_byte for definition in definitions]
    result = []
    stack: list[Definition] = []
    stack_ends: list[int] = []
    next_definition = 0
    for index in order:
        reference, position = references[index], positions[index]
        while next_definition < len(definitions) and leads[next_definition] <= position:
            lead = leads[next_definition]
            while stack_ends and stack_ends[-1] <= lead:
                stack.pop()
                stack_ends.pop()
            stack.append(definitions[next_definition])
            stack_ends.append(ends[next_definition])
            next_definition += 1
        while stack_ends and stack_ends[-1] <= position:
            stack.pop()
            stack_ends.pop()
        # A scope owns what it inherits (Rust's `impl Trait for Type`), nothing else; a namespace nothing.
        owner = stack[-1] if stack and stack[-1].kind not in CONTAINERS else next(
            (d for d in reversed(stack) if d.kind not in CONTAINERS
             or (reference[0] == "INHERITS" and d.kind == "scope")), None)
        result.append((*reference, owner))
    return result


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
    for child in node.children:  # a comment between header and body (Ruby) is not header
        if child.type == "comment" and start < child.start_byte < end:
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
                             r"noqa|pylint:|rubocop:|type: ?ignore|clang-format|swiftlint:|ktlint-)")


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
    leading = _leading_nodes(spec, definition.span)
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


def _attach_loose_docs(spec: LanguageSpec, definitions: list[Definition], docs: list[Node]) -> None:
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


