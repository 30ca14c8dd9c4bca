"""Indexed files: the per-file state (`coderag_files`, and `coderag_skipped_files` for the files a job
could not index) and replacing a file's rows as one unit (chunks, both full-text tables, symbols, graph
nodes and references). The rows themselves are built in file_rows.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite
import anyio.to_thread

from .connection import MAX_PARAMS, read_only_snapshot, to_db_time, utcnow
from .file_rows import FileRecord, FileState, batch_graph_rows, batch_rows, terms_by_fields
from .jobs import require_running_job
from .references import ReferencesStore
from .terms_schema import terms_table, terms_table_ddl
from .terms_rows import forget_deleted_terms


_INDEXED_STATES = "SELECT file_path, file_hash, size, mtime_ns, job_id FROM coderag_files WHERE project_id = ?"
_SKIPPED_STATES = "SELECT file_path, size, mtime_ns, job_id, reason FROM coderag_skipped_files WHERE project_id = ?"


def _states_of(indexed: Iterable[Sequence[Any]], skipped: Iterable[Sequence[Any]]) -> dict[str, FileState]:
    states = {row[0]: FileState(row[1], row[2], row[3], row[4]) for row in indexed}
    for row in skipped:
        states.setdefault(row[0], FileState("", row[1], row[2], row[3], row[4]))
    return states


def read_file_states(db_path: Path | str, project_id: str) -> dict[str, FileState]:
    """`FilesStore.file_states`, for a process that has no Store (the status check of a large tree
    walks in a worker process)."""
    with read_only_snapshot(db_path) as connection:
        return _states_of(connection.execute(_INDEXED_STATES, (project_id,)),
                          connection.execute(_SKIPPED_STATES, (project_id,)))


class FilesStore(ReferencesStore):
    """The rows of each indexed file, written and deleted a whole file at a time."""

    async def file_states(self, project_id: str) -> dict[str, FileState]:
        """What the last jobs saw of each file: the indexed files, and the files they skipped."""
        return _states_of(await self._fetchall(_INDEXED_STATES, (project_id,)),
                          await self._fetchall(_SKIPPED_STATES, (project_id,)))

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
            # (keyed by (project_id, file_path))
            for table in ("code_chunks", "coderag_files", "coderag_skipped_files", "coderag_parse_errors"):
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
            known = await _indexed_among(db, project_id, paths)
            if len(known) < len(paths):  # a file an earlier job skipped, indexed now
                await _forget_skipped(db, project_id, [path for path in paths if path not in known])
            # Building the rows is pure Python over every chunk: a worker thread does it, so the event loop
            # goes on answering (get_status, search) while a batch is written.
            node_rows, reference_rows = await anyio.to_thread.run_sync(batch_graph_rows, project_id, files)
            old_names = set()
            reshaped: set[str] = set()
            replaced_terms = None
            if known:
                reshaped = await self._reshaped_names(db, project_id, sorted(known), node_rows, reference_rows)
                old_names = await self._delete_file_rows(db, project_id, sorted(known),
                                                         keep_nodes={row[0] for row in node_rows})
                replaced_terms = await anyio.to_thread.run_sync(terms_by_fields, files)
            # Before the inserts: a deleted chunk's full-text rowid may be given to a new one.
            await forget_deleted_terms(db, project_id, replaced_terms)
            last = await db.execute_fetchall("SELECT coalesce(max(rowid), 0) + 1 FROM code_chunk_fts")
            next_rowid = next(iter(last))[0]
            rows = await anyio.to_thread.run_sync(batch_rows, project_id, job_id, files, now, next_rowid, known)
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
                "INSERT INTO coderag_parse_errors (project_id, file_path, lineno) VALUES (?, ?, ?)",
                [(project_id, record.file_path, record.unread_line) for record in files if record.unread_line])
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
        async with self.transaction() as db:
            await self._delete_files(db, project_id, list(file_paths))

    async def _delete_files(self, db: aiosqlite.Connection, project_id: str, paths: list[str]) -> None:
        imported = {ref.name for ref in await self._stored_references(db, project_id, paths, ("IMPORTS",))}
        defined = await self._delete_file_rows(db, project_id, paths)
        await forget_deleted_terms(db, project_id)
        await self._flag_referrers(db, project_id, defined | imported)

    async def skip_files(self, project_id: str, job_id: str, skipped: Sequence[tuple[str, int, int, str]],
                         retried: Sequence[str] = ()) -> None:
        """Record the files a job could not index for their content (path, size, mtime_ns, reason): until
        its stat data changes, an update neither reads such a file again nor calls the index stale. Files
        in `retried` could not be read now: the next update tries them again. The rows of an earlier
        version of either are deleted, as if the file were gone: they would answer for code it may no
        longer hold."""
        paths = [path for path, *_ in skipped] + list(retried)
        async with self.transaction() as db:
            await require_running_job(db, job_id)
            known = await _indexed_among(db, project_id, paths)
            if known:
                await self._delete_files(db, project_id, sorted(known))
            await _forget_skipped(db, project_id, paths)
            await db.executemany(
                """INSERT INTO coderag_skipped_files (project_id, file_path, size, mtime_ns, reason, job_id)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [(project_id, path, size, mtime_ns, reason, job_id) for path, size, mtime_ns, reason in skipped])

    async def touch_files(self, project_id: str, job_id: str, stats: Sequence[tuple[str, int, int]]) -> None:
        """Record new stat data (path, size, mtime_ns) of files whose content did not change."""
        async with self.transaction() as db:
            await require_running_job(db, job_id)
            await db.executemany(
                "UPDATE coderag_files SET size = ?, mtime_ns = ?, job_id = ? WHERE project_id = ? AND file_path = ?",
                [(size, mtime_ns, job_id, project_id, path) for path, size, mtime_ns in stats],
            )


async def _indexed_among(db: aiosqlite.Connection, project_id: str, paths: Sequence[str]) -> set[str]:
    """Which of `paths` the project's index holds."""
    known: set[str] = set()
    for start in range(0, len(paths), MAX_PARAMS):
        part = paths[start:start + MAX_PARAMS]
        known.update(row[0] for row in await db.execute_fetchall(
            f"SELECT file_path FROM coderag_files WHERE project_id = ? AND file_path IN ({', '.join('?' * len(part))})",
            (project_id, *part)))
    return known


async def _forget_skipped(db: aiosqlite.Connection, project_id: str, paths: Sequence[str]) -> None:
    for start in range(0, len(paths), MAX_PARAMS):
        part = paths[start:start + MAX_PARAMS]
        await db.execute(f"DELETE FROM coderag_skipped_files WHERE project_id = ? AND file_path IN "
                         f"({', '.join('?' * len(part))})", (project_id, *part))
