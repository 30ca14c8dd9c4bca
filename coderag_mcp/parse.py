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

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tree_sitter import Node

from .chunking import module_chunks, pieces_of, source_lines
from .faults import stall_point
from .definition_text import decorators_of, docstring_of, first_overload, signature_of
from .definitions import CONTAINERS, Definition, find_definitions, qualifier_of, split_variables, statement_of
from .embedded import script_view
from .file_reading import SkipFile, SkipForNow, minified, read_source
from .parse_trees import parse_tree, repaired
from .source_rewrites import blanked
from .c_blanked_lines import blanked_lines
from .c_macro_bodies import macro_bodies
from .c_receivers import typed_field_calls
from .call_shapes import with_call_shapes
from .rust_arguments import with_argument_kinds
from .csharp_declared_types import CsharpReceivers
from .declared_namespaces import HEAD_BYTES, NAMESPACE_ENDINGS, module_signature, namespaces_in_head
from .parse_errors import unread_line
from .rust_attributes import test_functions
from .rust_bounds import bounded_qualifiers
from .rust_macros import parsed_arguments
from .rust_paths import mark_block_imports, use_list_imports
from .languages import BY_NAME, LanguageSpec, refine_language
from .name_receivers import NAME_RECEIVER_LANGUAGES, plain_qualifiers, without_local_names
from .ruby_calls import mixins_outside_bodies, named_super_calls, singleton_methods
from .overload_parameters import OVERLOADED_LANGUAGES
from .kotlin_operators import typed_operator_calls
from .js_scopes import JS_LANGUAGES, JsScopes, patched_locals, pin_calls, root_of
from .receiver_specs import RECEIVER_LANGUAGES
from .receivers import receiver_qualifiers
from .reference_owners import with_enclosing, without_type_parameters
from .python_fixtures import FIXTURE_MODULE, pytest_fixtures
from .python_attributes import attribute_reads, instance_attributes, stored_reads
from .python_called_instances import named_instance_calls
from .python_imports import import_name_rows
from .python_bindings import BINDS, BINDS_CALL, BINDS_NAME, BINDS_TYPE, BINDS_UNKNOWN
from .python_qualifiers import python_qualifiers
from .python_returns import BINDS_RETURN, BINDS_YIELD
from .enums import ChunkType
from .store import ChunkRecord, FileRecord, ReferenceRecord, SymbolRecord
from .terms import chunk_terms

@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found by discovery: where it is, what it is, and its stat data. (A tree's list of them is
    held through a whole index: no `__dict__` each.)"""

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
    # True when the reason may pass without the file changing (it could not be read, a read hung): the
    # next update tries the file again. Otherwise the reason holds until the file changes (store.skip_files).
    retry: bool = False


ParseResult = FileRecord | Unchanged | Skipped


def parse_batch(files: Sequence[tuple[SourceFile, str | None]], max_bytes: int) -> list[ParseResult]:
    """Read, hash and parse each file; a file whose hash equals the known one comes back `Unchanged`.

    One bad file never fails the batch: it comes back `Skipped` with the reason.
    """
    results: list[ParseResult] = []
    for source_file, known_hash in files:
        try:
            results.append(parse_one(source_file, known_hash, max_bytes))
        except SkipFile as skip:
            results.append(Skipped(source_file.rel_path, str(skip), retry=isinstance(skip, SkipForNow)))
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
    chunks, symbols, references, unread = parse_file(source_file.rel_path, spec, source)
    namespaces = None
    if source_file.rel_path.endswith(NAMESPACE_ENDINGS):
        namespaces = module_signature(namespaces_in_head(source_file.rel_path, source[:HEAD_BYTES]))
    return FileRecord(
        file_path=source_file.rel_path, file_hash=file_hash, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
        language=spec.name, chunks=chunks, symbols=symbols, references=references, unread_line=unread,
        module_signature=namespaces,
    )


MAX_VARIABLE_SIGNATURE = 200  # a variable's signature is its first line: `TIMEOUT = 30`, cut there

# --- chunks -------------------------------------------------------------------------------------------

def read_definitions(spec: LanguageSpec, source: bytes,
                     name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] | None = None,
                     *, all_references: bool = True,
                     ) -> tuple[LanguageSpec, bytes, list[Definition], list[tuple[str, Node, str, str | None]],
                                int | None]:
    """The language and code the grammar reads (`code`: the file itself, or for a Svelte or Vue component its
    scripts at their own offsets, so that lines match), the file's definitions, its raw references, and the first
    line the grammar could not read outside functions (parse_errors.unread_line), None when it read them all.
    Without `all_references`, the references read apart from the query (Rust's use trees and macro arguments)
    are left out: for a caller that wants the definitions."""
    code = source
    if spec.script_host:
        view = script_view(source)
        spec, code = BY_NAME[view.language], view.code
    if spec.blanked is not None:
        code = spec.blanked.sub(_spaces, code)
    written = code
    if spec.rewritten is not None:
        code = spec.rewritten(code)
    if spec.text_only:  # no query to find definitions with: every line goes to module chunks
        return spec, code, [], [], None
    tree = parse_tree(spec, code)
    if tree.root_node.has_error and (spec.directives is not None or spec.repaired is not None):
        code, tree = repaired(spec, code, tree)
    definitions, raw_references = find_definitions(spec, code, tree.root_node, name_nodes)
    if spec.name == "python":  # `self.timeout = timeout` in a method defines `Client.timeout` (python_attributes.py)
        raw_references = attribute_reads(code, raw_references)
        if attributes := instance_attributes(code, definitions, raw_references):
            definitions = sorted([*definitions, *attributes], key=lambda d: (d.span.start_byte, -d.end_byte))
    if spec.name in ("c", "cpp") and all_references and b"#" in code:  # calls in `#define` bodies (c_macro_bodies.py)
        for body, parameters in macro_bodies(spec.grammar, code, tree.root_node):
            raw_references += [reference for reference in find_definitions(spec, code, body, name_nodes)[1]
                               if reference[2] not in parameters]  # (a parameter's call: c_macro_bodies)
    if spec.name in ("c", "cpp") and all_references and code != written:
        # the macro calls and includes blanked for the grammar, read apart (c_blanked_lines.py)
        for line, macro in blanked_lines(spec.grammar, written, code):
            # (the calls in a call's arguments, `CTL_RO_NL_GEN(thread_allocated, tsd_thread_allocated_get(tsd), ..)`,
            # and the call itself, which tree-sitter-c reads alone as a macro type)
            found = find_definitions(spec, written, line, name_nodes)[1]
            if macro is not None and not any(node.start_byte == macro.start_byte for _type, node, _name, _ in found):
                found.append(("CALLS", macro, written[macro.start_byte:macro.end_byte].decode(), None))
            raw_references += found
    if spec.name == "rust" and all_references:  # `use` trees (rust_paths.py); `tri!(..)`'s calls (rust_macros.py)
        raw_references += use_list_imports(code, tree.root_node, name_nodes)
        for arguments in parsed_arguments(code, tree.root_node):
            raw_references += find_definitions(spec, code, arguments, name_nodes)[1]
            if b"use" in code[arguments.start_byte:arguments.end_byte]:  # (`cfg_if! { use a::{b, c}; }`)
                raw_references += use_list_imports(code, arguments, name_nodes)
    return spec, code, definitions, raw_references, unread_line(tree.root_node, definitions)


def variable_lines(rel_path: str, spec: LanguageSpec, source: bytes, line: int, name: str) -> tuple[int, int] | None:
    """The first and last lines of the statement that defines variable `name` on `line`, None if there is none:
    a variable has no chunk to tell (vlt's chunks are functions, classes, methods and modules), so read_code
    asks. The first line is the statement's own, with its annotations (`@Inject` above a Java field), unless
    another variable of the statement comes before this one (`b` of `int a,\n b;` starts at `b`)."""
    spec, _code, definitions, _references, _unread = read_definitions(refine_language(spec, rel_path, source), source,
                                                                      all_references=False)
    variables = split_variables(definitions, fields_beside_methods=spec.fields_beside_methods)[1]
    for definition in variables:
        if definition.name_row == line - 1 and definition.name == name:
            statement = statement_of(spec, definition.node)
            # (the statement's own other variables: not the fields of a struct declared inside it)
            siblings = [other.node for other in variables if statement is not None
                        and statement.start_byte <= other.node.start_byte < statement.end_byte
                        and statement_of(spec, other.node) == statement]
            first = definition.node
            if statement is not None and not any(node.start_byte < first.start_byte for node in siblings):
                first = statement
            last = definition.end_row
            if statement is not None and definition.node.parent == statement and not any(
                    definition.node.end_byte <= node.start_byte for node in siblings):
                # The last of a statement's names or declarators is declared by the rest of it: Go's `fn func(\n...)`
                # (of `X, Y int` the X its own line), Swift's computed `var isEmpty: Bool {\n...\n}`.
                last = statement.end_point[0]
            after = (statement or definition.node).next_named_sibling
            while after is not None and after.type in _ACCESSORS:  # Kotlin's grammar puts them beside the property
                last, after = after.end_point[0], after.next_named_sibling
            return first.start_point[0] + 1, last + 1  # (its name is inside it: never below `name_row`)
    return None


_ACCESSORS = ("getter", "setter")  # a Kotlin property's `get() = ...` and `set(value) { ... }`


def parse_source(
    rel_path: str, spec: LanguageSpec, source: bytes
) -> tuple[list[ChunkRecord], list[SymbolRecord], list[ReferenceRecord]]:
    return parse_file(rel_path, spec, source)[:3]


def parse_file(
    rel_path: str, spec: LanguageSpec, source: bytes
) -> tuple[list[ChunkRecord], list[SymbolRecord], list[ReferenceRecord], int | None]:
    """A file's chunks, symbols and references, and the first line the grammar could not read outside functions
    (None when it read them all)."""
    # Receiver and name nodes by reference, for the languages receivers.py reads them for.
    name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] | None = (
        {} if spec.name in RECEIVER_LANGUAGES or spec.name in NAME_RECEIVER_LANGUAGES else None)
    spec, code, definitions, raw_references, unread = read_definitions(spec, source, name_nodes)
    scopes = None
    if spec.name in JS_LANGUAGES and (definitions or raw_references):
        # A definition inside a callback is no name of the file (js_scopes.py): named so before its chunk is made.
        scopes = JsScopes(spec.grammar, root_of(definitions[0].node if definitions else raw_references[0][1]), code,
                          definitions)
        scopes.name_hidden()
        if scopes.dropped:
            definitions = [definition for definition in definitions if id(definition) not in scopes.dropped]
    definitions, variables = split_variables(definitions, fields_beside_methods=spec.fields_beside_methods)
    lines = source_lines(source)
    if lines and lines[-1] == "":
        lines.pop()

    docstrings = {id(d): docstring_of(spec, code, d) for d in definitions if d.kind not in CONTAINERS}
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
    owner: list[Definition | None] = [None] * len(lines)
    for definition in definitions:  # outer before inner, so inner definitions overwrite
        if definition.kind in CONTAINERS:
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
        if definition.kind in CONTAINERS:
            continue
        # (of overloads, the first's: what callers see, and its return type types a chain, zod's
        # `z.tuple([...]).rest(...)`; the implementation's is no signature a caller can call)
        signature = signature_of(code, first_overload(definition) or definition.node, definition.signature_end)
        scope = qualifier_of(definition)
        if scopes is not None and (definition.name, definition.node.start_point[0] + 1) in scopes.hidden:
            scope = definition.qualified_name[:-len(definition.name) - 1]  # `it()` of `it().request`
        class_context = None
        if definition.kind == "method":
            class_context = qualifier_of(definition)
        whole = ChunkRecord(
            chunk_type=ChunkType(definition.kind), name=definition.name, qualified_name=definition.qualified_name,
            lineno=definition.node.start_point[0] + 1, end_lineno=definition.end_row + 1,
            body="\n".join(lines[row] for row in owned_rows.get(id(definition), [])), signature=signature,
            docstring=docstrings[id(definition)], class_context=class_context,
            decorators=decorators_of(code, definition),
        )
        chunks.extend(pieces_of(whole, owned_rows.get(id(definition), []), lines))
        symbols.append(SymbolRecord(
            name=definition.name, kind=definition.kind, lineno=definition.node.start_point[0] + 1, scope=scope,
            signature=signature,
        ))

    for variable in variables:  # a symbol and a node, no chunk: its lines are its module's or class's
        # Its line is its name's, not its annotations' (`@Inject` above a Java field, `[ThreadStatic]` in C#):
        # read_code takes those in from above, as it does a function's decorators.
        row = variable.name_row
        symbols.append(SymbolRecord(
            name=variable.name, kind=variable.kind, lineno=row + 1,
            scope=variable.parent.qualified_name if variable.parent is not None else variable.context,
            # (`, Route = express.Route`, a declarator of the statement above, is `Route = express.Route`)
            signature=lines[row].strip().lstrip(",").lstrip()[:MAX_VARIABLE_SIGNATURE] if row < len(lines) else None,
        ))

    import_rows = dict.fromkeys(node.start_point[0] for edge_type, node, _name, _module in raw_references
                                if edge_type == "IMPORTS")
    imports = "\n".join(lines[row].strip() for row in import_rows if row < len(lines))[:4000] or None
    chunks.extend(module_chunks(rel_path, lines, owner, imports))
    # `terms` is the record's last field (a NamedTuple's `_replace` costs three Python calls a chunk).
    chunks = [ChunkRecord(*chunk[:-1], chunk_terms(chunk.name, chunk.qualified_name, chunk.signature,
                                                   chunk.docstring, chunk.body)) for chunk in chunks]
    chunks.sort(key=lambda chunk: (chunk.lineno, -chunk.end_lineno))
    enclosed = without_type_parameters(with_enclosing(definitions, raw_references))
    qualifiers, bindings = python_qualifiers(source, enclosed) if spec.name == "python" else ({}, [])
    if spec.name == "python":
        enclosed = named_instance_calls(stored_reads(code, enclosed, qualifiers, variables), qualifiers)
    if spec.name in RECEIVER_LANGUAGES:
        # A Java/Kotlin call's arguments pick among overloads (jvm_graph.py): stored as its module.
        arguments: dict[int, str] | None = {} if spec.name in ("java", "kotlin") else None
        fields: list[tuple[str, str, int, str]] = []
        qualifiers = receiver_qualifiers(spec.name, code, enclosed, name_nodes or {}, arguments, fields,
                                         scopes.functions_around if scopes is not None else None,
                                         patched_locals(definitions) if scopes is not None else None)
        if scopes is not None:
            pin_calls(scopes, enclosed, name_nodes or {}, qualifiers)
        bindings = [(name, owner, lineno, value) for owner, name, lineno, value in fields]
        if arguments:
            enclosed = [(e, node, name, arguments.get(position, module), d)
                        for position, (e, node, name, module, d) in enumerate(enclosed)]
        if spec.name == "kotlin":  # `path / "child"` calls Path's `div`, when path's type is known
            typed_operator_calls(enclosed, qualifiers)
        if spec.name == "rust":
            enclosed = with_argument_kinds(code, enclosed)  # (which of a type's impls a call reaches)
            mark_block_imports(enclosed, definitions, qualifiers)
            bounded_qualifiers(code, enclosed, qualifiers)
            bindings += test_functions(code, definitions)  # (no call's target: rust_attributes.py)
    elif spec.name in NAME_RECEIVER_LANGUAGES:
        if spec.name == "ruby":
            enclosed = named_super_calls(without_local_names(enclosed))
        csharp = CsharpReceivers() if spec.name == "csharp" else None  # (the file's declarations, read once for both)
        qualifiers = plain_qualifiers(spec.name, code, enclosed, name_nodes or {}, csharp)
        if spec.name == "ruby":  # (a mixin in a block is a use, one entry for one: the qualifiers' positions hold; a
            # method in `class << self` is the class's: ruby_calls.py)
            enclosed = mixins_outside_bodies(enclosed)
            bindings = singleton_methods(definitions)
        if spec.name in ("c", "cpp"):  # jq's `jq->err_cb(..)`, `jq_state *jq`: jq_state's field (c_receivers.py)
            typed_field_calls(spec.name, code, enclosed, name_nodes or {}, qualifiers)
        if spec.name in OVERLOADED_LANGUAGES:  # what a call passes picks among overloads (name_overloads.py)
            enclosed = with_call_shapes(spec.name, code, enclosed, csharp)
    # A Python import of several lines (`from m import (\n    a,\n    b,\n)`) is at the line of each name.
    name_rows = import_name_rows(source, enclosed) if spec.name == "python" else {}
    if name_nodes:
        # A call in a chain written over several lines (`items\n    .iter()\n    .map(f)`) is at its name's line,
        # not at the chain's first (serde_json's `self\n.formatter\n.write_null(..)` was at the line of `self`,
        # hono's `.route(...)` two lines below `app`).
        for position, (edge_type, node, name, _module, _definition) in enumerate(enclosed):
            # (C#'s target-typed `new(..)` is where it is written: its name is its target's type, lines above)
            if edge_type == "CALLS" and node.type != "implicit_object_creation_expression":
                found = name_nodes.get((edge_type, node.start_byte, name))
                if found is not None and found[1].start_point[0] != node.start_point[0]:
                    name_rows[position] = found[1].start_point[0]
    references = [  # positional: 630,000 records on sympy
        ReferenceRecord(edge_type, name[:256], name_rows.get(position, node.start_point[0]) + 1,
                        definition.qualified_name if definition is not None else None, module, qualifiers.get(position))
        for position, (edge_type, node, name, module, definition) in enumerate(enclosed)
        if edge_type not in (BINDS_CALL, BINDS_TYPE, BINDS_NAME, BINDS_UNKNOWN, BINDS_RETURN, BINDS_YIELD)
    ]
    if spec.name == "python":  # a test's parameter is a use of the fixture of its name (python_fixtures.py)
        uses, fixtures = pytest_fixtures(code, definitions)
        references.extend(ReferenceRecord("USES", name[:256], lineno, source, FIXTURE_MODULE) for name, lineno, source in uses)
        bindings = [*bindings, *fixtures]
    references.extend(ReferenceRecord(edge_type=BINDS, name=name[:256], lineno=lineno, source=scope, qualifier=values)
                      for name, scope, lineno, values in bindings)
    return chunks, symbols, references, unread


def _spaces(match: re.Match[bytes]) -> bytes:
    """A match as spaces, byte for byte, its newlines kept: what follows keeps its offset and its line.
    Unless it does not start a word (`my__printf(...)`): then it stays."""
    start, text = match.start(), match.string
    if start and (text[start - 1:start].isalnum() or text[start - 1] == 95):  # 95: "_"
        return match.group()
    return blanked(match.group())


