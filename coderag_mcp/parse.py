"""Parsing: source bytes in, chunks and symbol definitions out. Pure, so it runs in worker processes.

A file becomes one chunk per definition (function, method, class) plus module chunks for the
code between definitions (a language without a query: module chunks only). Every line belongs to
exactly one chunk: a class's chunk holds its header and class-level statements, its methods are
chunks of their own. A definition's chunk body holds its decorators, `export` and leading doc
comment, but its `lineno` is the definition's own first line (the `def`, `class` or `fn` line), as
vlt writes it: chunks, graph nodes and symbols of one definition share that line. `end_lineno` is
its last line.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import inspect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from stat import S_ISREG

from tree_sitter import Node, Tree

from .faults import stall_point
from .embedded import script_view
from .grammars import get_parser, get_query, query_matches
from .languages import BY_EXTENSION, BY_NAME, LanguageSpec, refine_language
from .receivers import RECEIVER_LANGUAGES, receiver_qualifiers
from .python_qualifiers import BINDS, BINDS_CALL, BINDS_NAME, BINDS_TYPE, BINDS_UNKNOWN, python_qualifiers
from .models import ChunkType
from .store import ChunkRecord, FileRecord, ReferenceRecord, SymbolRecord
from .terms import chunk_terms

# A module chunk longer than this is cut in pieces, so a hit points near its match.
MODULE_CHUNK_MAX_LINES = 80
# A definition longer than this is split into overlapping pieces of PIECE_LINES.
SPLIT_ABOVE_LINES = 160
PIECE_LINES = 120
PIECE_OVERLAP = 20
_SIGNATURE_MAX = 1024
_BINARY_PROBE_BYTES = 8192


@dataclass(frozen=True)
class SourceFile:
    """A file found by discovery: where it is, what it is, and its stat data."""

    abs_path: str
    rel_path: str
    language: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Unchanged:
    """The file's stat data changed but its content hash did not: nothing to rewrite."""

    rel_path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file that could not be indexed, and why (a person reads this in the job summary)."""

    rel_path: str
    reason: str


ParseResult = FileRecord | Unchanged | Skipped


class SkipFile(Exception):
    pass


def parse_batch(files: Sequence[tuple[SourceFile, str | None]], max_bytes: int) -> list[ParseResult]:
    """Read, hash and parse each file; a file whose hash equals the known one comes back `Unchanged`.

    One bad file never fails the batch: it comes back `Skipped` with the reason.
    """
    results: list[ParseResult] = []
    for source_file, known_hash in files:
        try:
            results.append(parse_one(source_file, known_hash, max_bytes))
        except SkipFile as skip:
            results.append(Skipped(source_file.rel_path, str(skip)))
        except Exception as error:  # a parser bug on one file must not cost the others
            results.append(Skipped(source_file.rel_path, f"parser error: {type(error).__name__}: {error}"))
    return results


def parse_one(source_file: SourceFile, known_hash: str | None, max_bytes: int) -> ParseResult:
    stall_point(source_file.rel_path)
    source = read_source(source_file.abs_path, max_bytes)
    if (reason := minified(source)) is not None:
        raise SkipFile(reason)
    file_hash = hashlib.md5(source).hexdigest()
    stat = os.stat(source_file.abs_path)
    if file_hash == known_hash:
        return Unchanged(source_file.rel_path, stat.st_size, stat.st_mtime_ns)
    spec = refine_language(BY_NAME[source_file.language], source_file.rel_path, source)
    chunks, symbols, references = parse_source(source_file.rel_path, spec, source)
    return FileRecord(
        file_path=source_file.rel_path, file_hash=file_hash, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
        language=spec.name, chunks=chunks, symbols=symbols, references=references,
    )


def parse_tree(spec: LanguageSpec, source: bytes) -> Tree:
    parser = get_parser(spec.grammar)
    try:
        return parser.parse(source)
    except ValueError as error:  # the parse timed out (see grammars.PARSE_TIMEOUT_MICROS)
        parser.reset()
        raise SkipFile("parsing took too long (the grammar may loop on this file)") from error


def read_source(path: str, max_bytes: int) -> bytes:
    """At most `max_bytes` of a regular file. O_NONBLOCK: a FIFO or device that took the file's place
    since discovery is refused at once instead of blocking the reader."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SkipFile(f"unreadable: {error.strerror or error}") from error
    try:
        if not S_ISREG(os.fstat(descriptor).st_mode):
            raise SkipFile("not a regular file (a pipe, socket or device)")
        parts: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            part = os.read(descriptor, min(left, 1 << 20))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        source = b"".join(parts)
    except OSError as error:
        raise SkipFile(f"unreadable: {error.strerror or error}") from error
    finally:
        os.close(descriptor)
    if len(source) > max_bytes:
        raise SkipFile(f"larger than {max_bytes} bytes")
    if b"\0" in source[:_BINARY_PROBE_BYTES]:
        raise SkipFile("binary content")
    return source


# Hand-written code averages 30 to 40 characters a line; a bundler's output is one line per file.
MINIFIED_MIN_BYTES = 8192
MINIFIED_AVERAGE_LINE = 400


def minified(source: bytes) -> str | None:
    """Why a file is minified or generated output nobody reads (None when it is not)."""
    if len(source) < MINIFIED_MIN_BYTES:
        return None
    average = len(source) // (source.count(b"\n") + 1)
    if average <= MINIFIED_AVERAGE_LINE:
        return None
    return f"minified or generated (lines average {average} characters)"


# --- definitions ----------------------------------------------------------------------------------

@dataclass
class _Definition:
    kind: str  # "class", "function", "method" or "scope" (a container such as a Rust impl block)
    node: Node
    span: Node  # the node plus wrappers such as decorators or `export`
    name: str
    name_row: int
    context: str | None
    parent: _Definition | None = None
    qualified_name: str = ""
    children: list[_Definition] = field(default_factory=list)
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


REFERENCE_KINDS = {"call": "CALLS", "import": "IMPORTS", "inherit": "INHERITS", "type": "USES",
                   "decorate": "DECORATES",
                   # Not edges: what a variable is known to hold (see python_qualifiers.py).
                   "bind_call": BINDS_CALL, "bind_type": BINDS_TYPE, "bind_name": BINDS_NAME,
                   "bind_unknown": BINDS_UNKNOWN}


def _one(captured: Node | list[Node] | None) -> Node | None:
    return captured[0] if isinstance(captured, list) else captured


def find_definitions(
    spec: LanguageSpec, source: bytes, root: Node, name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] | None = None,
) -> tuple[list[_Definition], list[tuple[str, Node, str, str | None]]]:
    """The file's definitions, nested, and its raw references: (edge type, node, name, module).

    `name_nodes` (when given) receives each reference's receiver node (`@receiver`, when the query
    captures it) and name node, by (edge type, node start, name).
    """
    query = get_query(spec.grammar, spec.query_source)
    by_key: dict[tuple[int, int], _Definition] = {}
    definition_names: set[tuple[int, int]] = set()
    found: list[_Definition] = []
    references: list[tuple[str, Node, str, str | None]] = []
    name_spans: list[tuple[int, int] | None] = []  # each reference's name node
    loose_docs: list[Node] = []  # `@doc` strings outside a definition's match: they document what follows
    reference_keys: dict[int, str] = {}  # per pattern, its `@reference.*` capture (most matches are references)
    for pattern, captures in query_matches(query, root):
        name_node = _one(captures.get("name"))
        reference_key = reference_keys.get(pattern)
        if reference_key is None or reference_key not in captures:
            reference_key = next((key for key in captures if key.startswith("reference.")), None)
            if reference_key is not None:
                reference_keys[pattern] = reference_key
        if reference_key is not None:
            node = _one(captures[reference_key])
            module_node = _one(captures.get("module"))
            edge_type = REFERENCE_KINDS.get(reference_key[10:])
            if node is None or edge_type is None or (name_node is None and module_node is None):
                continue
            if module_node is not None:
                module = _text(source, module_node).strip("\"'<>` ")
            else:  # a module written as several `path` nodes with nothing around them (Scala)
                parts = [part for part in node.children_by_field_name("path") if part.is_named]
                module = ".".join(_text(source, part) for part in parts) if parts else None
            name = _text(source, name_node) if name_node is not None else _last_segment(module or "")
            if name:
                references.append((edge_type, node, name, module))
                if name_nodes is not None and name_node is not None:
                    # The receiver, when the query captured it (`@receiver`), else the name: receivers.py reads them.
                    name_nodes[(edge_type, node.start_byte, name)] = (_one(captures.get("receiver")), name_node)
                name_spans.append((name_node.start_byte, name_node.end_byte) if name_node is not None else None)
            continue
        doc_node = _one(captures.get("doc"))
        kind_key = next((key for key in captures if key.startswith("definition.") or key == "scope"), None)
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
        definition = _Definition(
            kind=kind_key.removeprefix("definition."), node=node, span=span, name=_text(source, name_node),  # type: ignore[union-attr]
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
    stack: list[_Definition] = []
    for definition in found:
        while stack and not (stack[-1].span.start_byte <= definition.span.start_byte
                             and definition.end_byte <= stack[-1].end_byte):
            stack.pop()
        parent = stack[-1] if stack else None
        definition.parent = parent
        if parent is not None:
            parent.children.append(definition)
        if definition.kind == "function" and parent is not None and parent.kind in ("class", "scope"):
            definition.kind = "method"
        prefix = parent.qualified_name if parent is not None else definition.context
        definition.qualified_name = f"{prefix}.{definition.name}" if prefix else definition.name
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


def _lead(definition: _Definition) -> int:
    return definition.lead_byte if definition.lead_byte is not None else definition.span.start_byte


def _enclosing(definitions: list[_Definition], references: list[tuple[str, Node, str, str | None]]
               ) -> list[tuple[str, Node, str, str | None, _Definition | None]]:
    """Each reference with the innermost definition around it, in one sweep over both (sorted) lists."""
    ordered = sorted(references, key=lambda ref: ref[1].start_byte)
    result = []
    stack: list[_Definition] = []
    next_definition = 0
    for reference in ordered:
        position = reference[1].start_byte
        while next_definition < len(definitions) and _lead(definitions[next_definition]) <= position:
            definition = definitions[next_definition]
            while stack and stack[-1].end_byte <= _lead(definition):
                stack.pop()
            stack.append(definition)
            next_definition += 1
        while stack and stack[-1].end_byte <= position:
            stack.pop()
        # A scope owns what it inherits (Rust's `impl Trait for Type`), nothing else.
        owner = stack[-1] if stack and stack[-1].kind != "scope" else next(
            (d for d in reversed(stack) if d.kind != "scope" or reference[0] == "INHERITS"), None)
        result.append((*reference, owner))
    return result


_HEADER_END = re.compile(r"[{;]")
_LEADING_NOISE = frozenset({"attribute_list", "attribute", "comment", "description"})


def _signature(source: bytes, node: Node, header_end: Node | None = None) -> str:
    """The definition's header: from its start (past attributes) to its body, on one line."""
    start = node.start_byte
    for child in node.children:
        if child.type not in _LEADING_NOISE:
            start = child.start_byte
            break
    if header_end is not None:  # the query marked the header's last node
        return _one_line(source[start:header_end.end_byte].decode("utf-8", "replace"))
    body = node.child_by_field_name("body") or next(  # grammars without fields (Kotlin) name the node
        (child for child in node.named_children if child.type.endswith("_body")), None)
    end = body.start_byte if body is not None and body.start_byte > start else node.end_byte
    for child in node.children:  # a comment between header and body (Ruby) is not header
        if child.type == "comment" and start < child.start_byte < end:
            end = child.start_byte
            break
    text = source[start:end].decode("utf-8", "replace")
    if body is None:
        # No body to stop at: the first line, continued while its parentheses are open
        # (a prototype over several lines), up to a `{` or `;`.
        header = ""
        for line in text.split("\n"):
            header += line + "\n"
            if header.count("(") <= header.count(")"):
                break
        match = _HEADER_END.search(header)
        text = header[:match.start()] if match else header
    return _one_line(text)


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
_XML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _clean_comment(text: str) -> str:
    """The words of a doc comment, without its markers (and without C#'s XML tags)."""
    lines = []
    xml = text.lstrip().startswith("///") and "<" in text
    for line in text.splitlines():
        line = _COMMENT_SUFFIX.sub("", line.rstrip())
        line = _COMMENT_PREFIX.sub("", line, count=1)
        lines.append(_XML_TAG.sub("", line).strip() if xml else line)
    return "\n".join(lines).strip()


def _docstring(spec: LanguageSpec, source: bytes, definition: _Definition) -> str | None:
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
    comments = [_text(source, node) for node in reversed(leading) if "comment" in node.type]
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
        previous = previous.prev_named_sibling
    return leading


def _attach_loose_docs(spec: LanguageSpec, definitions: list[_Definition], docs: list[Node]) -> None:
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


def _decorators(source: bytes, definition: _Definition) -> str | None:
    if definition.span is definition.node:
        return None
    names = [_text(source, child) for child in definition.span.children if child.type == "decorator"]
    return "\n".join(names) or None


# --- chunks -------------------------------------------------------------------------------------------

def parse_source(
    rel_path: str, spec: LanguageSpec, source: bytes
) -> tuple[list[ChunkRecord], list[SymbolRecord], list[ReferenceRecord]]:
    # `code` is what the grammar reads: the file itself, or for a Svelte or Vue component its
    # scripts at their own offsets (so lines match); `lines` are always the file's.
    code = source
    if spec.script_host:
        view = script_view(source)
        spec, code = BY_NAME[view.language], view.code
    if spec.text_only:  # no query to find definitions with: every line goes to module chunks
        definitions: list[_Definition] = []
        raw_references: list[tuple[str, Node, str, str | None]] = []
    name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] = {}
    if not spec.text_only:
        definitions, raw_references = find_definitions(spec, code, parse_tree(spec, code).root_node, name_nodes)
    lines = [line.decode("utf-8", "replace").rstrip("\r") for line in source.split(b"\n")]
    if lines and lines[-1] == "":
        lines.pop()

    docstrings = {id(d): _docstring(spec, code, d) for d in definitions if d.kind != "scope"}
    for definition in definitions:  # a grammar that ends a node at the next token (Groovy) leaves blank lines
        row = min(definition.end_row, len(lines) - 1)
        while row > definition.start_row and not lines[row].strip():
            row -= 1
        if row < definition.end_row:
            definition.last_row = row
    for definition in definitions:  # a doc comment the grammar put inside the definition before
        if definition.doc_borrowed and definition.doc_row is not None:
            for other in definitions:
                if other.span.start_byte < definition.span.start_byte < other.span.end_byte:
                    continue  # an enclosing definition
                if other.span.start_point[0] < definition.doc_row <= other.end_row:
                    last_row = definition.doc_row - 1
                    while last_row > other.span.start_point[0] and not lines[last_row].strip():
                        last_row -= 1
                    other.last_row = last_row
    # Each line belongs to the innermost definition around it (containers like impl blocks own none).
    owner: list[_Definition | None] = [None] * len(lines)
    for definition in definitions:  # outer before inner, so inner definitions overwrite
        if definition.kind == "scope":
            continue
        for row in range(definition.start_row, min(definition.end_row, len(lines) - 1) + 1):
            owner[row] = definition

    owned_rows: dict[int, list[int]] = {}
    for row, definition in enumerate(owner):
        if definition is not None:
            owned_rows.setdefault(id(definition), []).append(row)

    chunks: list[ChunkRecord] = []
    symbols: list[SymbolRecord] = []
    for definition in definitions:
        if definition.kind == "scope":
            continue
        signature = _signature(code, definition.node, definition.signature_end)
        scope = definition.parent.qualified_name if definition.parent is not None else definition.context
        class_context = None
        if definition.kind == "method":
            container = definition.parent
            class_context = container.qualified_name if container is not None else definition.context
        whole = ChunkRecord(
            chunk_type=ChunkType(definition.kind), name=definition.name, qualified_name=definition.qualified_name,
            lineno=definition.node.start_point[0] + 1, end_lineno=definition.end_row + 1,
            body="\n".join(lines[row] for row in owned_rows.get(id(definition), [])), signature=signature,
            docstring=docstrings[id(definition)], class_context=class_context,
            decorators=_decorators(code, definition),
        )
        chunks.extend(_split(whole, owned_rows.get(id(definition), []), lines))
        symbols.append(SymbolRecord(
            name=definition.name, kind=definition.kind, lineno=definition.node.start_point[0] + 1, scope=scope,
            signature=signature,
        ))

    import_rows = dict.fromkeys(node.start_point[0] for edge_type, node, _name, _module in raw_references
                                if edge_type == "IMPORTS")
    imports = "\n".join(lines[row].strip() for row in import_rows if row < len(lines))[:4000] or None
    chunks.extend(_module_chunks(rel_path, lines, owner, imports))
    chunks = [chunk._replace(terms=chunk_terms(chunk.name, chunk.qualified_name, chunk.signature, chunk.docstring,
                                               chunk.body)) for chunk in chunks]
    chunks.sort(key=lambda chunk: (chunk.lineno, -chunk.end_lineno))
    enclosed = _enclosing(definitions, raw_references)
    qualifiers, bindings = python_qualifiers(source, enclosed) if spec.name == "python" else ({}, [])
    if spec.name in RECEIVER_LANGUAGES:
        # A Java/Kotlin call's arguments pick among overloads (jvm_graph.py): stored as its module.
        arguments: dict[int, str] | None = {} if spec.name in ("java", "kotlin") else None
        qualifiers = receiver_qualifiers(spec.name, code, enclosed, name_nodes, arguments)
        if arguments:
            enclosed = [(e, node, name, arguments.get(position, module), d)
                        for position, (e, node, name, module, d) in enumerate(enclosed)]
    references = [
        ReferenceRecord(edge_type=edge_type, name=name[:256], lineno=node.start_point[0] + 1,
                        source=definition.qualified_name if definition is not None else None, module=module,
                        qualifier=qualifiers.get(position))
        for position, (edge_type, node, name, module, definition) in enumerate(enclosed)
        if edge_type not in (BINDS_CALL, BINDS_TYPE, BINDS_NAME, BINDS_UNKNOWN)
    ]
    references.extend(ReferenceRecord(edge_type=BINDS, name=name[:256], lineno=lineno, source=scope, qualifier=values)
                      for name, scope, lineno, values in bindings)
    return chunks, symbols, references


def _split(chunk: ChunkRecord, rows: list[int], lines: list[str]) -> list[ChunkRecord]:
    """A long definition in overlapping pieces; each keeps the definition's names and signature."""
    if len(rows) <= SPLIT_ABOVE_LINES:
        return [chunk]
    pieces = []
    step = PIECE_LINES - PIECE_OVERLAP
    for part, start in enumerate(range(0, len(rows) - PIECE_OVERLAP, step)):
        piece = rows[start:start + PIECE_LINES]
        pieces.append(chunk._replace(
            lineno=chunk.lineno if part == 0 else piece[0] + 1,
            end_lineno=piece[-1] + 1 if start + PIECE_LINES < len(rows) else chunk.end_lineno,
            body="\n".join(lines[row] for row in piece), part=part,
            docstring=chunk.docstring if part == 0 else None, decorators=chunk.decorators if part == 0 else None,
        ))
    return pieces


def module_name(rel_path: str) -> str:
    stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
    return stem.replace("/", ".")


def _module_chunks(
    rel_path: str, lines: list[str], owner: Sequence[_Definition | None], imports: str | None
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
