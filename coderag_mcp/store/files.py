"""Indexed files: the per-file state (`coderag_files`) and replacing a file's rows as one unit
(chunks, both full-text tables, symbols, graph nodes and references), with the node ids they get.

The records the parser makes (ChunkRecord, SymbolRecord, ReferenceRecord, FileRecord) are defined
here, as what this module writes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import aiosqlite
import anyio.to_thread

from ..models import ChunkType
from ..terms import filter_tokens, path_terms
from .connection import MAX_PARAMS, ordered_uuid4, to_db_enum, to_db_time, utcnow
from .jobs import require_running_job
from .references import ReferencesStore
from .terms_schema import terms_table, terms_table_ddl
from .terms_rows import NAME_KEPT, QUALIFIED_NAME_KEPT, SIGNATURE_KEPT, forget_deleted_terms, kept_terms


@dataclass(frozen=True)
class FileState:
    file_hash: str
    size: int
    mtime_ns: int
    job_id: str


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

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Across processes as plain tuples: pickle calls a NamedTuple's `__getnewargs__` and `__new__`, two
        # Python calls per record (a third of a worker's pickling CPU); plain tuples stay in C both ways.
        return _file_record, (self.file_path, self.file_hash, self.size, self.mtime_ns, self.language,
                              list(map(tuple, self.chunks)), list(map(tuple, self.symbols)),
                              list(map(tuple, self.references)))


_as_chunk = functools.partial(tuple.__new__, ChunkRecord)
_as_symbol = functools.partial(tuple.__new__, SymbolRecord)
_as_reference = functools.partial(tuple.__new__, ReferenceRecord)


def _file_record(file_path: str, file_hash: str, size: int, mtime_ns: int, language: str, chunks: list[tuple[Any, ...]],
                 symbols: list[tuple[Any, ...]], references: list[tuple[Any, ...]]) -> FileRecord:
    return FileRecord(file_path, file_hash, size, mtime_ns, language, list(map(_as_chunk, chunks)),
                      list(map(_as_symbol, symbols)), list(map(_as_reference, references)))


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
    nodes: list[tuple[object, ...]] = [(module_id, project_id, record.file_path, "MODULE", module_name, None, 1, None)]
    ids: dict[str, str] = {}
    taken = {module_id}
    for chunk in record.chunks:
        if chunk.chunk_type is ChunkType.MODULE or chunk.part > 0:
            continue  # the later pieces of a split definition share its node
        identifier = node_id(project_id, record.file_path, chunk.qualified_name)
        if identifier in taken:
            identifier = f"{identifier}@{chunk.lineno}"  # an overload: same name, another definition
        taken.add(identifier)
        ids.setdefault(chunk.qualified_name, identifier)
        nodes.append((identifier, project_id, record.file_path, to_db_enum(chunk.chunk_type), chunk.name[:256],
                      chunk.signature[:1024] if chunk.signature else None, chunk.lineno, chunk.docstring))
    lines: dict[tuple[str, str, str, str | None, str | None], list[int]] = {}
    for ref in record.references:
        source = ids.get(ref.source, module_id) if ref.source else module_id
        lines.setdefault((source, ref.name, ref.edge_type, ref.module, ref.qualifier), []).append(ref.lineno)
    references = [
        (project_id, record.file_path, source, name, edge_type, module, min(numbers),
         ",".join(str(n) for n in sorted(set(numbers))), len(numbers), qualifier)
        for (source, name, edge_type, module, qualifier), numbers in lines.items()
    ]
    return nodes, references


def _batch_graph_rows(project_id: str, files: Sequence[FileRecord]) -> tuple[list[tuple[object, ...]],
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


def _batch_rows(project_id: str, job_id: str, files: Sequence[FileRecord], now: str, next_rowid: int,
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


class FilesStore(ReferencesStore):
    """The rows of each indexed file, written and deleted a whole file at a time."""

    async def file_states(self, project_id: str) -> dict[str, FileState]:
        rows = await self._fetchall(
            "SELECT file_path, file_hash, size, mtime_ns, job_id FROM coderag_files WHERE project_id = ?",
            (project_id,),
        )
        return {row[0]: FileState(row[1], row[2], row[3], row[4]) for row in rows}

    async def _delete_file_rows(
        self, db: aiosqlite.Connection, project_id: str, file_paths: Sequence[str],
        keep_nodes: frozenset[str] | set[str] = frozenset(),
    ) -> set[str]:
        """Delete every row of these files, a few statements for the whole set; return the names they defined.

        Nodes in `keep_nodes` survive (the file is being replaced and still defines them), so edges
        from other files into them stay valid. Every other node goes with the edges into it, and
        the files those edges came from are left to be linked again.
        """
        names: set[str] = set()
        # `+project_id` keeps SQLite on vlt's file_path index of code_nodes and symbol_definitions: given
        # `project_id = ?` it walks the project's index instead, every node of the project for one file
        # (1.9 s at 10,000 files); the `+` makes project_id a filter on the file's few rows.
        for start in range(0, len(file_paths), MAX_PARAMS):
            paths = list(file_paths[start:start + MAX_PARAMS])
            marks = ", ".join("?" * len(paths))
            names.update(row[0] for row in await db.execute_fetchall(
                f"SELECT DISTINCT name FROM symbol_definitions WHERE file_path IN ({marks}) AND +project_id = ?",
                (*paths, project_id)))
            nodes = f"SELECT id FROM code_nodes WHERE file_path IN ({marks}) AND +project_id = ?"
            # Edges out of these files are rebuilt when the files are linked (their resolutions go with them).
            await db.execute(f"DELETE FROM code_edges WHERE source_id IN ({nodes})", (*paths, project_id))
            gone = [row[0] for row in await db.execute_fetchall(nodes, (*paths, project_id)) if row[0] not in keep_nodes]
            for first in range(0, len(gone), MAX_PARAMS):
                part = gone[first:first + MAX_PARAMS]
                targets = ", ".join("?" * len(part))
                await db.execute(
                    f"""UPDATE coderag_files SET linked = 0 WHERE project_id = ? AND file_path IN (
                            SELECT n.file_path FROM code_edges AS e JOIN code_nodes AS n ON n.id = e.source_id
                             WHERE e.target_id IN ({targets}))""", (project_id, *part))
                await db.execute(f"DELETE FROM code_edges WHERE target_id IN ({targets})", part)
                await db.execute(f"DELETE FROM code_nodes WHERE id IN ({targets})", part)
            # Deleting a chunk deletes its full-text rows too (the trigger coderag_chunk_deleted).
            for table in ("code_chunks", "coderag_files"):  # indexed by (project_id, file_path)
                await db.execute(f"DELETE FROM {table} WHERE project_id = ? AND file_path IN ({marks})",
                                 (project_id, *paths))
            await db.execute(f"DELETE FROM symbol_definitions WHERE file_path IN ({marks}) AND +project_id = ?",
                             (*paths, project_id))
            await self._delete_references(db, project_id, paths)
        return names

    async def replace_file_rows(
        self, project_id: str, job_id: str, files: Sequence[FileRecord], *, flag_referrers: bool = True
    ) -> None:
        """Replace the rows of whole files in one transaction: a reader sees each file before or after.

        The statements are per batch, not per file: each one is a round trip to the database thread.
        The files are left to be linked; with `flag_referrers`, so are the files that use a name these
        files define (a new definition may be what their references mean). A full index, which
        links every file anyway, skips that.
        """
        now = to_db_time(utcnow())
        async with self.transaction() as db:
            await require_running_job(db, job_id)
            paths = [record.file_path for record in files]
            known = set()
            for start in range(0, len(paths), MAX_PARAMS):
                part = paths[start:start + MAX_PARAMS]
                known.update(row[0] for row in await db.execute_fetchall(
                    f"SELECT file_path FROM coderag_files WHERE project_id = ? AND file_path IN "
                    f"({', '.join('?' * len(part))})", (project_id, *part)))
            # Building the rows is pure Python over every chunk: a worker thread does it, so the event loop
            # goes on answering (get_status, search) while a batch is written.
            node_rows, reference_rows = await anyio.to_thread.run_sync(_batch_graph_rows, project_id, files)
            old_names = set()
            reshaped: set[str] = set()
            if known:
                reshaped = await self._reshaped_names(db, project_id, sorted(known), node_rows, reference_rows)
                old_names = await self._delete_file_rows(db, project_id, sorted(known),
                                                         keep_nodes={row[0] for row in node_rows})
            # Before the inserts: a deleted chunk's full-text rowid may be given to a new one.
            await forget_deleted_terms(db, project_id)
            last = await db.execute_fetchall("SELECT coalesce(max(rowid), 0) + 1 FROM code_chunk_fts")
            next_rowid = next(iter(last))[0]
            rows = await anyio.to_thread.run_sync(_batch_rows, project_id, job_id, files, now, next_rowid, known)
            chunk_rows, fts_rows, term_rows, map_rows = rows.chunks, rows.fts, rows.terms, rows.fts_map
            symbol_rows, file_rows, names = rows.symbols, rows.files, rows.names
            await db.executemany(
                """INSERT INTO code_chunks (id, project_id, file_path, file_hash, chunk_type, name,
                       qualified_name, language, lineno, end_lineno, imports, class_context, decorators,
                       docstring, signature, body, embedding, embedding_text, token_count, created_at,
                       updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)""",
                chunk_rows,
            )
            await db.executemany(
                """INSERT INTO code_chunk_fts (rowid, chunk_id, name, qualified_name, signature, docstring, body)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                fts_rows,
            )
            for statement in terms_table_ddl(project_id):
                await db.execute(statement)
            await db.executemany(
                f"""INSERT INTO {terms_table(project_id)} (rowid, name, qualified, signature, doc, path, body, scope)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                term_rows,
            )
            await db.executemany(
                "INSERT INTO coderag_chunk_fts_rows (project_id, file_path, fts_rowid, chunk_id) VALUES (?, ?, ?, ?)",
                map_rows,
            )
            await db.executemany(
                """INSERT INTO symbol_definitions (id, project_id, name, file_path, lineno, kind, scope,
                                                   signature, language)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                symbol_rows,
            )
            await db.executemany(
                """INSERT INTO coderag_files (project_id, file_path, file_hash, size, mtime_ns, language,
                                              chunk_count, symbol_count, job_id, indexed_at, linked)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                file_rows,
            )
            await db.executemany(
                """INSERT INTO code_nodes (id, project_id, file_path, node_type, name, signature, lineno, docstring,
                                           centrality_score)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
                   ON CONFLICT (id) DO UPDATE SET node_type = excluded.node_type, name = excluded.name,
                       signature = excluded.signature, lineno = excluded.lineno, docstring = excluded.docstring""",
                node_rows,
            )
            await self._write_references(db, project_id, reference_rows)
            if flag_referrers:
                # Only a name these files define anew, or no longer define, can change what another
                # file's reference means (a guess among fewer candidates, a name found elsewhere):
                # definitions that stayed keep their node ids, and edges into them are still valid.
                await self._flag_referrers(db, project_id, (names ^ old_names) | reshaped)

    async def delete_files(self, project_id: str, file_paths: Iterable[str]) -> None:
        """Delete the rows of files that are gone; the files that used a name they defined or
        imported (and so may re-export) are left to be linked again."""
        paths = list(file_paths)
        async with self.transaction() as db:
            imported = {ref.name for ref in await self._stored_references(db, project_id, paths, ("IMPORTS",))}
            defined = await self._delete_file_rows(db, project_id, paths)
            await forget_deleted_terms(db, project_id)
            await self._flag_referrers(db, project_id, defined | imported)

    async def touch_files(self, project_id: str, job_id: str, stats: Sequence[tuple[str, int, int]]) -> None:
        """Record new stat data (path, size, mtime_ns) of files whose content did not change."""
        async with self.transaction() as db:
            await require_running_job(db, job_id)
            await db.executemany(
                "UPDATE coderag_files SET size = ?, mtime_ns = ?, job_id = ? WHERE project_id = ? AND file_path = ?",
                [(size, mtime_ns, job_id, project_id, path) for path, size, mtime_ns in stats],
            )
