"""Definitions and references in a parsed file, from the language's tree-sitter query: what each
definition is (kind, name, qualified name, span). Pure, like parse.py, which turns them into chunks and
symbols; definition_text.py reads what is shown of each (signature, doc comment, decorators),
reference_owners.py which definition each reference sits in.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tree_sitter import Node, Query

from .definition_text import attach_loose_docs, take_overloads
from .enums import VARIABLE_KIND as VARIABLE
from .grammars import get_query, node_text as _text, query_matches
from .languages import BY_EXTENSION, LanguageSpec
from .python_bindings import ATTRIBUTE_READ, BINDS_CALL, BINDS_NAME, BINDS_TYPE, BINDS_UNKNOWN
from .python_returns import BINDS_RETURN, BINDS_YIELD

TYPE_PARAMETER = "TYPE_PARAMETER"


@dataclass
class Definition:
    # "class", "function", "method", "scope" (a container such as a Rust impl block), "namespace"
    # (a Rust inline `mod x { }`: no node of its own; what it holds is named `x::name`) or "variable" (a
    # module's or class's variable or constant: it holds no definition, owns no lines and no references).
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
    # The first of the overload signatures above it (TypeScript's), which are its own lines.
    overloads: Node | None = None
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


# Definitions that are no node of their own: a Rust impl block (`@scope`), a Rust inline module (`@namespace`).
CONTAINERS = frozenset({"scope", "namespace"})

REFERENCE_KINDS = {"call": "CALLS", "import": "IMPORTS", "inherit": "INHERITS", "type": "USES",
                   "decorate": "DECORATES",
                   # Not edges: what a variable is known to hold (see python_qualifiers.py).
                   "bind_call": BINDS_CALL, "bind_type": BINDS_TYPE, "bind_name": BINDS_NAME,
                   "bind_unknown": BINDS_UNKNOWN, "bind_return": BINDS_RETURN, "bind_yield": BINDS_YIELD,
                   # Not an edge as such: an attribute read, kept when its receiver is typed (python_attributes.py).
                   "read": ATTRIBUTE_READ,
                   # Not an edge either: a generic's type parameter (`<S, A>`), which no use of `S` means a class by.
                   "type_parameter": TYPE_PARAMETER}


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
    # (compiled with the main query, the first time a file of the language is parsed)
    variables_query = get_query(spec.grammar, spec.variables_query_source) if spec.variable_statements else None
    by_key: dict[tuple[int, int], Definition] = {}
    definition_names: set[tuple[int, int]] = set()
    found: list[Definition] = []
    references: list[tuple[str, Node, str, str | None]] = []
    name_spans: list[tuple[int, int] | None] = []  # each reference's name node
    loose_docs: list[Node] = []  # `@doc` strings outside a definition's match: they document what follows
    # Per pattern, its `@reference.*` capture and edge type (most matches are references).
    reference_keys: dict[int, tuple[str, str | None]] = {}
    repeats: dict[tuple[str, int, str], int] = {}  # the next number of a name a node holds again
    matches = query_matches(query, root)
    if variables_query is not None:
        matches += variable_matches(spec, variables_query, root)
    for pattern, captures in matches:
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
            if name_node is not None:  # (its text read here, not by node_text: a reference per match, 400 a file)
                start, end = name_node.start_byte, name_node.end_byte
                name_span: tuple[int, int] | None = (start, end)
                name = source[start:end].decode("utf-8", "replace")
            else:
                name_span, name = None, _last_segment(module or "")
            if name:
                references.append((edge_type, node, name, module))
                if name_nodes is not None and name_node is not None:
                    # The receiver, when the query captured it (`@receiver`), else the name: receivers.py reads them.
                    key = (edge_type, node.start_byte, name)
                    nodes = (_one(captures.get("receiver")), name_node)
                    if key in name_nodes and (edge_type == "IMPORTS" or spec.name == "java"):
                        # A name the same node holds again: an import or export listing it twice (mobx's `export {
                        # runInAction, runInAction as _allow.. } from`), a chain of calls of one method
                        # (`new EqualsBuilder().append(a, b).append(c, d)`, both starting where the chain does). Each
                        # also under its number, which receivers.py reads in turn (the key alone: the last). (Java's
                        # chains so far: the other languages' files would all have to be parsed again.)
                        repeat = repeats.get(key, 1)
                        if repeat == 1:
                            name_nodes[(*key, 0)] = name_nodes[key]  # type: ignore[index]
                        name_nodes[(*key, repeat)] = nodes  # type: ignore[index]
                        repeats[key] = repeat + 1
                    name_nodes[key] = nodes
                name_spans.append(name_span)
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
            if known.context is None and captures.get("context"):  # (hono's `websocket = { open(ws) {} }`)
                known.context = ".".join(_text(source, part) for part in captures["context"])
            if header_end is not None and (known.signature_end is None
                                           or header_end.end_byte > known.signature_end.end_byte):
                known.signature_end = header_end
            continue
        span = node
        # (a variable is its declarator: C's `int a = 1, b;` is two, each with its own span)
        while span.parent is not None and span.parent.type in spec.wrapper_types and kind_key != "definition.variable":
            span = span.parent
        contexts = captures.get("context")  # (several: Swift's `extension Session.State`, each part of the path)
        definition = Definition(
            kind=kind_key.removeprefix("definition."), node=node, span=span,
            name=_definition_name(source, name_node, kind_key),
            name_row=name_node.start_point[0],
            context=".".join(_text(source, part) for part in contexts) if contexts else None,
            doc_node=doc_node, signature_end=_one(captures.get("signature")), body=_one(captures.get("body")),
        )
        by_key[key] = definition
        found.append(definition)
        if definition.kind != VARIABLE:  # (the name a variable binds is a reference too: what it holds)
            definition_names.add((name_node.start_byte, name_node.end_byte))
    if definition_names & set(name_spans):  # a definition's name is no reference (Elixir's `def f(x)` head)
        # (but JS's `export default function f`: the name other files import, of no module; and a Java enum's name,
        # which each constant with a body extends)
        references = [ref for ref, span in zip(references, name_spans) if span not in definition_names
                      or (ref[0] == "IMPORTS" and ref[3] is None) or ref[0] == "INHERITS"]
    if spec.overload_types or spec.overload_decorators:
        found = take_overloads(spec, source, found)
    if loose_docs:  # (a variable shows no doc: none is looked for)
        attach_loose_docs(spec, [definition for definition in found if definition.kind != VARIABLE], loose_docs)
    headers = sorted((d.node.start_byte, d.signature_end.end_byte) for d in found if d.signature_end is not None)
    if headers:  # a marked header holds parameters, not calls (a Lisp's `(defun f (x y)`)
        starts = [start for start, _end in headers]
        references = [ref for ref in references if ref[0] != "CALLS" or not _inside(headers, starts, ref[1].start_byte)]
    found.sort(key=lambda d: (d.span.start_byte, -d.end_byte))
    stack: list[Definition] = []
    unowned: set[int] = set()  # (ids of) members with no named type around them
    for definition in found:
        while stack and not (stack[-1].span.start_byte <= definition.span.start_byte
                             and definition.end_byte <= stack[-1].end_byte):
            stack.pop()
        parent = stack[-1] if stack else None
        if definition.kind == VARIABLE:
            # Inside the class itself, not its wrapper (`v` of C's `struct X {...} v;`), and a member of it when
            # a constructor's parameter declares it (TypeScript's `constructor(private http: HttpClient)`: no walk
            # goes into a function's body, so a variable inside a function is one of its parameters).
            parent = next((outer for outer in reversed(stack) if outer.kind not in ("function", "method")
                           and outer.node.start_byte <= definition.node.start_byte < outer.node.end_byte), None)
            # (only C and C++ tell file and member statements apart: no other language walks up to its statement)
            statement = statement_of(spec, definition.node) if spec.file_statements or spec.member_statements else None
            if statement is not None and statement.type in spec.file_statements:
                parent = None
            elif statement is not None and statement.type in spec.member_statements and (
                    parent is None or _owner_of(spec, statement) != parent.node):
                unowned.add(id(definition))  # (the type around it is no definition)
        definition.parent = parent
        if definition.kind == "function" and parent is not None and parent.kind in ("class", "scope"):
            definition.kind = "method"
        prefix = qualifier_of(definition)
        separator = "::" if parent is not None and parent.kind == "namespace" else "."
        definition.qualified_name = f"{prefix}{separator}{definition.name}" if prefix else definition.name
        if definition.kind != VARIABLE:  # (`a = b = 1`: b is no member of a)
            stack.append(definition)
    if unowned:
        found = [definition for definition in found if id(definition) not in unowned]
    return found, references


def qualifier_of(definition: Definition) -> str | None:
    """What a definition's qualified name starts with: its parent's, and in a function the object it is written
    on (ky's `ky.extend = (...) => ...` in createInstance is `createInstance.ky.extend`); else its context."""
    parent, context = definition.parent, definition.context
    if parent is None:
        return context
    if context and parent.kind in ("function", "method"):
        return f"{parent.qualified_name}.{context}"
    return parent.qualified_name


def _definition_name(source: bytes, name_node: Node, kind_key: str) -> str:
    """The name a definition's name node spells: a Ruby symbol's without its colon (`attr_reader :routes` defines
    `routes`; `attr_writer :routes` defines `routes=`, as `def routes=(value)` does), a Swift or Kotlin variable's
    without the backticks that let a keyword be a name (Swift's `default`)."""
    name = _text(source, name_node)
    if name_node.type == "simple_symbol":
        # (rack's `attr_writer :query_parser` took the calls of its reader `def query_parser` below it)
        call = name_node.parent.parent if name_node.parent is not None else None
        method = call.child_by_field_name("method") if call is not None and call.type == "call" else None
        writer = method is not None and _text(source, method) == "attr_writer"
        return name.removeprefix(":") + ("=" if writer else "")
    if kind_key == "definition.variable" and len(name) > 2 and name[0] == name[-1] == "`":
        return name[1:-1]
    return name


def _owner_of(spec: LanguageSpec, statement: Node) -> Node | None:
    """The type whose body holds a member's statement (through `#ifdef` blocks and the body itself)."""
    owner = statement.parent
    while owner is not None and owner.type not in spec.member_owners:
        owner = owner.parent
    return owner


def statement_of(spec: LanguageSpec, node: Node) -> Node | None:
    """The statement that declares the variable at `node` (one of `spec.variable_statements`), None if none does."""
    statement: Node | None = node
    while statement is not None and statement.type not in spec.variable_statements:
        statement = statement.parent
    return statement


# Inside a body walked for its types (LanguageSpec.variable_passages), the scopes whose statements declare variables
# again: a class's body (Python's).
_TYPE_BODIES = frozenset({"class_definition"})


def variable_matches(spec: LanguageSpec, query: Query, root: Node) -> list[tuple[int, dict[str, list[Node]]]]:
    """The matches of the language's variables `query` (as pattern -1: no reference) in each statement that may
    declare a module's or class's variable: the file's own, and those in the scopes a walk from the root goes
    into."""
    found: list[tuple[int, dict[str, list[Node]]]] = []
    if root.type == "ERROR":  # a file the grammar could not read as a whole: its statements lie flat, locals too
        return found
    pending = [(root, True)]  # (a node, whether its statements declare variables: not a function's body's own)
    while pending:
        node, declares = pending.pop()
        for child in node.named_children:
            # A statement the grammar could not read is no variable: in C, a macro on a line of its own
            # (`JEMALLOC_DIAGNOSTIC_PUSH`) or a macro call without its `;` makes the next lines a declaration.
            # (Go's `var ( ... )` holds its specs two levels down.)
            if declares and child.type in spec.variable_statements and not child.has_error:
                found.extend((-1, captures) for _pattern, captures in query_matches(query, child, 2))
            # (a statement may be a scope too: C's `struct config {...} config;` declares the struct's fields, a
            # Scala case class its parameters; an error inside it keeps only the statement's own variables out)
            if child.type in spec.variable_scopes or f"{node.type}>{child.type}" in spec.variable_scopes:
                pending.append((child, declares or child.type in _TYPE_BODIES))
            elif child.type in spec.variable_passages and b"class" in child.text:  # (most bodies hold no class)
                pending.append((child, False))
    return found


def split_variables(definitions: list[Definition], *, fields_beside_methods: bool = False
                    ) -> tuple[list[Definition], list[Definition]]:
    """The definitions but variables, and the variables of a module, class or other container, one per
    qualified name (the first: `X = a` under `try:`, then `X = b` under `except:`), none named like another
    definition of the file (`f = decorate(f)` after `def f`) but a type's field named like its method where a
    language keeps both (`fields_beside_methods`), none inside another (`b` in `a = b = 1`), none named `_` (Go's
    `var _ Binding = (*json)(nil)`, a check, not a name). A function's locals are none: no walk
    (variable_matches) enters a function's body. `definitions` in file order, as find_definitions gives them."""
    others = [definition for definition in definitions if definition.kind != VARIABLE]
    if len(others) == len(definitions):
        return definitions, []
    defined = {definition.qualified_name for definition in others}
    taken: set[str] = set()
    variables = []
    outer_end = -1  # where the last variable's statement ends
    for definition in definitions:
        if definition.kind != VARIABLE:
            continue
        nested, outer_end = definition.span.start_byte < outer_end, max(outer_end, definition.end_byte)
        member = definition.parent is not None or definition.context is not None
        if (not nested and definition.qualified_name not in taken and definition.name != "_"
                and (definition.qualified_name not in defined or (fields_beside_methods and member))):
            taken.add(definition.qualified_name)
            variables.append(definition)
    return others, variables


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
