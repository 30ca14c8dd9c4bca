"""What an indexed file becomes, without SQL: the records the parser makes (ChunkRecord, SymbolRecord,
ReferenceRecord, FileRecord, sent from worker processes by pickle), the node ids of its definitions, and
the rows of a batch of files as files.py inserts them (built in a worker thread, off the event loop).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..enums import VARIABLE_KIND, ChunkType
from ..terms import filter_tokens, path_terms
from .connection import ordered_uuid4, to_db_enum
from .terms_rows import NAME_KEPT, QUALIFIED_NAME_KEPT, SIGNATURE_KEPT, TermsByFields, kept_terms


@dataclass(frozen=True)
class FileState:
    file_hash: str  # '' for a skipped file
    size: int
    mtime_ns: int
    job_id: str
    skipped: str | None = None  # why a job could not index the file (it has no rows), None if indexed


# Records made by the parser are NamedTuples: they cross from worker processes by pickle, where a
# tuple costs a fraction of a dataclass.
class ChunkRecord(NamedTuple):
    chunk_type: ChunkType
    name: str
    qualified_name: str
    lineno: int
    end_lineno: int
    body: str
    signature: str | None = None
    docstring: str | None = None
    class_context: str | None = None
    decorators: str | None = None
    imports: str | None = None
    part: int = 0  # 0 for a whole definition or the first piece of a split one, then 1, 2, ...
    # name, qualified name, signature, doc and body as search terms (terms.chunk_terms), computed in
    # the parser's process: the writing process is the one every file waits for.
    terms: tuple[str, ...] = ()


class SymbolRecord(NamedTuple):
    name: str
    kind: str
    lineno: int
    scope: str | None
    signature: str | None


class ReferenceRecord(NamedTuple):
    """A place that uses a name: a call, an import, a base class, a decorator or a type."""

    edge_type: str  # CALLS, IMPORTS, INHERITS, USES or DECORATES
    name: str
    lineno: int
    source: str | None  # qualified name of the enclosing definition; None at module level
    module: str | None = None  # for imports: the module or path as written
    # What the name is reached through (Python): a call's receiver (`self`, `super()`, `:Type` when the
    # receiver's type is known, `:make()` when it is what calling `make` returns, `os.path` as written,
    # `?` for any other expression), a base class's module (`t` in `t.Generic`), or the local name an
    # import binds when it is not `name` (`import a.b` binds `a`, `import x as y` binds `y`).
    qualifier: str | None = None


@dataclass(frozen=True)
class FileRecord:
    """One parsed file, written (or replaced) as a unit."""

    file_path: str
    file_hash: str
    size: int
    mtime_ns: int
    language: str
    chunks: Sequence[ChunkRecord]
    symbols: Sequence[SymbolRecord]
    references: Sequence[ReferenceRecord] = ()
    # The first line the grammar could not read outside functions, where definitions may be lost (get_status
    # names such files); None when it read every line there.
    unread_line: int | None = None
    # The signature of the file's module node: a PHP or C# file's namespaces (declared_namespaces.module_signature).
    module_signature: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Across processes as plain tuples: pickle calls a NamedTuple's `__getnewargs__` and `__new__`, two
        # Python calls per record (a third of a worker's pickling CPU); plain tuples stay in C both ways.
        return _file_record, (self.file_path, self.file_hash, self.size, self.mtime_ns, self.language,
                              list(map(tuple, self.chunks)), list(map(tuple, self.symbols)),
                              list(map(tuple, self.references)), self.unread_line,
                              self.module_signature)


_as_chunk = functools.partial(tuple.__new__, ChunkRecord)
_as_symbol = functools.partial(tuple.__new__, SymbolRecord)
_as_reference = functools.partial(tuple.__new__, ReferenceRecord)


def _file_record(file_path: str, file_hash: str, size: int, mtime_ns: int, language: str, chunks: list[tuple[Any, ...]],
                 symbols: list[tuple[Any, ...]], references: list[tuple[Any, ...]], unread_line: int | None,
                 module_signature: str | None) -> FileRecord:
    return FileRecord(file_path, file_hash, size, mtime_ns, language, list(map(_as_chunk, chunks)),
                      list(map(_as_symbol, symbols)), list(map(_as_reference, references)), unread_line,
                      module_signature)


def _module_stem(file_path: str) -> str:
    base = file_path.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def module_node_id(project_id: str, file_path: str) -> str:
    return f"{project_id}:{file_path}"


def node_id(project_id: str, file_path: str, qualified_name: str) -> str:
    """Scoped by project and file, and ending with the qualified name, so a suffix match finds it."""
    return f"{project_id}:{file_path}:{qualified_name}"


def qualified_in_node_id(project_id: str, file_path: str, identifier: str, *, keep_overload: bool = False) -> str:
    """The qualified name a node id of that file ends with ('' for the file's module node); an overload's
    `@line` suffix is dropped unless `keep_overload`."""
    rest = identifier[len(project_id) + len(file_path) + 2:]
    return rest if keep_overload else rest.split("@", 1)[0]


def _graph_rows(project_id: str, record: FileRecord) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The code_nodes rows of a file (its module and each definition) and its reference rows."""
    module_id = module_node_id(project_id, record.file_path)
    module_name = record.file_path.rsplit("/", 1)[-1]
    nodes: list[tuple[object, ...]] = [(module_id, project_id, record.file_path, "MODULE", module_name,
                                          record.module_signature, 1, None)]
    ids: dict[str, str] = {}
    # The lines of each definition of a qualified name ([first, last, node id]), for a name defined more than once.
    spans: dict[str, list[list[Any]]] = {}
    taken = {module_id}
    for chunk in record.chunks:
        if chunk.chunk_type is ChunkType.MODULE:
            continue
        if chunk.part > 0:  # the later pieces of a split definition share its node
            if chunk.qualified_name in spans:
                last = spans[chunk.qualified_name][-1]
                last[1] = max(last[1], chunk.end_lineno)
            continue
        identifier = node_id(project_id, record.file_path, chunk.qualified_name)
        if identifier in taken:
            identifier = f"{identifier}@{chunk.lineno}"  # an overload: same name, another definition
        taken.add(identifier)
        ids.setdefault(chunk.qualified_name, identifier)
        spans.setdefault(chunk.qualified_name, []).append([chunk.lineno, chunk.end_lineno, identifier])
        nodes.append((identifier, project_id, record.file_path, to_db_enum(chunk.chunk_type), chunk.name[:256],
                      chunk.signature[:1024] if chunk.signature else None, chunk.lineno, chunk.docstring))
    for symbol in record.symbols:  # variables have no chunk: a node each, which no edge leaves (vlt's VARIABLE)
        if symbol.kind == VARIABLE_KIND:
            identifier = node_id(project_id, record.file_path, f"{symbol.scope}.{symbol.name}" if symbol.scope
                                 else symbol.name)
            if identifier in taken:  # a field named like its type's method (`val size`, `fun size()`), after it
                identifier = f"{identifier}@{symbol.lineno}"
            if identifier not in taken:
                taken.add(identifier)
                nodes.append((identifier, project_id, record.file_path, "VARIABLE", symbol.name[:256],
                               symbol.signature, symbol.lineno, None))
    lines: dict[tuple[str, str, str, str | None, str | None], list[int]] = {}
    for ref in record.references:
        source = ids.get(ref.source, module_id) if ref.source else module_id
        if ref.source and len(spans.get(ref.source, ())) > 1:
            # A use inside the second definition of a name in a file (the second `Write` of a C# class, a Java
            # overload, a Python property's setter, a Rust trait method of a second impl) is the second's, not
            # the first's: its id's `@line`.
            source = next((span[2] for span in spans[ref.source] if span[0] <= ref.lineno <= span[1]), source)
        lines.setdefault((source, ref.name, ref.edge_type, ref.module, ref.qualifier), []).append(ref.lineno)
    references = [
        (project_id, record.file_path, source, name, edge_type, module, min(numbers),
         ",".join(str(n) for n in sorted(set(numbers))), len(numbers), qualifier)
        for (source, name, edge_type, module, qualifier), numbers in lines.items()
    ]
    return nodes, references


def batch_graph_rows(project_id: str, files: Sequence[FileRecord]) -> tuple[list[tuple[object, ...]],
                                                                             list[tuple[object, ...]]]:
    node_rows: list[tuple[object, ...]] = []
    reference_rows: list[tuple[object, ...]] = []
    for record in files:
        file_nodes, file_references = _graph_rows(project_id, record)
        node_rows.extend(file_nodes)
        reference_rows.extend(file_references)
    return node_rows, reference_rows


class _BatchRows(NamedTuple):
    chunks: list[tuple[object, ...]]
    fts: list[tuple[object, ...]]
    terms: list[tuple[object, ...]]
    fts_map: list[tuple[object, ...]]
    symbols: list[tuple[object, ...]]
    files: list[tuple[object, ...]]
    names: set[str]  # defined by these files now (and new modules' stems: imports of them may resolve now)


def terms_by_fields(files: Sequence[FileRecord]) -> TermsByFields:
    """The terms of the batch's chunks, by the fields code_chunks keeps of each (as batch_rows writes them)."""
    return {(chunk.name[:NAME_KEPT], chunk.qualified_name[:QUALIFIED_NAME_KEPT],
             chunk.signature[:SIGNATURE_KEPT] if chunk.signature else None, chunk.docstring, chunk.body):
            kept_terms(chunk.name, chunk.qualified_name, chunk.signature, chunk.docstring, chunk.body, chunk.terms)
            for record in files for chunk in record.chunks}


def batch_rows(project_id: str, job_id: str, files: Sequence[FileRecord], now: str, next_rowid: int,
                known: set[str]) -> _BatchRows:
    """The chunk, full-text, terms, symbol and file rows of a batch; full-text rowids from `next_rowid` on."""
    rows = _BatchRows([], [], [], [], [], [], set())
    for record in files:
        path_words = path_terms(record.file_path)
        for chunk in record.chunks:
            chunk_id = ordered_uuid4()
            rows.chunks.append((
                chunk_id, project_id, record.file_path, record.file_hash, to_db_enum(chunk.chunk_type),
                chunk.name[:NAME_KEPT], chunk.qualified_name[:QUALIFIED_NAME_KEPT], record.language, chunk.lineno,
                chunk.end_lineno, chunk.imports, chunk.class_context, chunk.decorators, chunk.docstring,
                chunk.signature[:SIGNATURE_KEPT] if chunk.signature else None, chunk.body,
                max(1, len(chunk.body) // 4), now, now,
            ))
            rows.fts.append((next_rowid, chunk_id, chunk.name, chunk.qualified_name, chunk.signature or "",
                             chunk.docstring or "", chunk.body))
            name, qualified, signature, doc, body = kept_terms(chunk.name, chunk.qualified_name, chunk.signature,
                                                               chunk.docstring, chunk.body, chunk.terms)
            rows.terms.append((next_rowid, name, qualified, signature, doc, path_words, body,
                               filter_tokens(project_id, chunk.chunk_type.value, record.language)))
            rows.fts_map.append((project_id, record.file_path, next_rowid, chunk_id))
            next_rowid += 1
        rows.symbols.extend(
            (ordered_uuid4(), project_id, s.name[:256], record.file_path, s.lineno, s.kind,
             s.scope[:512] if s.scope else None, s.signature[:1024] if s.signature else None, record.language)
            for s in record.symbols
        )
        rows.files.append((project_id, record.file_path, record.file_hash, record.size, record.mtime_ns,
                           record.language, len(record.chunks), len(record.symbols), job_id, now, 0))
        rows.names.update(symbol.name for symbol in record.symbols)
        if record.file_path not in known:
            rows.names.add(_module_stem(record.file_path))
    return rows
