"""Sharing vault.db with vlt: whose rows a project's index holds, and taking it over when another
program built or changed it.

A job of ours ends by recording a fingerprint of the index's rows (counts and newest rowids); a
difference later means another program wrote. Its index is then cleared and rebuilt whole, and
rows that no per-file state accounts for (an older indexer's) are removed before a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import aiosqlite
import anyio.to_thread

from ..enums import IndexStatus
from .connection import Database, read_only_snapshot, to_db_enum, to_db_time, utcnow
from .terms_schema import TERMS_TABLE_PREFIX, terms_table
from .terms_rows import forget_deleted_terms, rebuild_terms


IndexOrigin = Literal["none", "ours", "foreign", "changed"]
# The tables whose rows make an index, in the order they are counted for a fingerprint.
_INDEX_TABLES = ("code_chunks", "code_nodes", "code_edges", "symbol_definitions")


_FINGERPRINT_PART = "SELECT count(*), coalesce(max(rowid), 0) FROM {table} WHERE project_id = ?"


async def _fingerprint(db: aiosqlite.Connection, project_id: str) -> str:
    """Counts and newest rowids of the project's index rows: any insert or delete by anyone changes it.
    (vlt's `map --regenerate` only updates centrality, which we do not read.) Indexed, but a count reads
    the project's range of each table's index: 0.6 s for the Linux kernel's 1.4 million chunks."""
    parts = []
    for table in _INDEX_TABLES:
        rows = await db.execute_fetchall(_FINGERPRINT_PART.format(table=table), (project_id,))
        parts.append(_fingerprint_part(table, *next(iter(rows))))
    return ";".join(parts)


def _read_fingerprint(db_path: Path, project_id: str) -> str:
    """`_fingerprint`, by a connection of its own (in a thread: the count takes a while on a huge project)."""
    with read_only_snapshot(db_path) as connection:
        return ";".join(_fingerprint_part(table, *connection.execute(
            _FINGERPRINT_PART.format(table=table), (project_id,)).fetchone()) for table in _INDEX_TABLES)


def _fingerprint_part(table: str, count: int, newest: int) -> str:
    return f"{table}={count}/{newest}"


def fingerprint_counts(fingerprint: str) -> dict[str, int]:
    """The row counts of a fingerprint, by table."""
    counts = {}
    for part in fingerprint.split(";"):
        table, _, value = part.partition("=")
        counts[table] = int(value.split("/", 1)[0])
    return counts


async def record_job_end(db: aiosqlite.Connection, project_id: str) -> None:
    """What a job of ours leaves: the fingerprint of its rows, and no repo map of the graph before it."""
    await db.execute("UPDATE coderag_indexes SET fingerprint = ? WHERE project_id = ?",
                     (await _fingerprint(db, project_id), project_id))
    await db.execute("DELETE FROM repo_maps WHERE project_id = ?", (project_id,))


async def _index_origin(db: aiosqlite.Connection, project_id: str) -> IndexOrigin:
    rows = await db.execute_fetchall(
        """SELECT EXISTS (SELECT 1 FROM coderag_files WHERE project_id = :p),
                  EXISTS (SELECT 1 FROM code_chunks WHERE project_id = :p)
                  OR EXISTS (SELECT 1 FROM symbol_definitions WHERE project_id = :p)
                  OR EXISTS (SELECT 1 FROM code_nodes WHERE project_id = :p),
                  (SELECT fingerprint FROM coderag_indexes WHERE project_id = :p)""", {"p": project_id})
    ours, data, expected = list(rows)[0]
    if not ours:
        return "foreign" if data else "none"
    if expected is not None and expected != await _fingerprint(db, project_id):
        return "changed"
    return "ours"


async def clear_index_rows(db: aiosqlite.Connection, project_id: str) -> dict[str, int]:
    """Delete the project's index data, whoever wrote it, children first; jobs and index state stay."""
    counts: dict[str, int] = {}

    async def delete(table: str, sql: str) -> None:
        cursor = await db.execute(sql, (project_id,))
        counts[table] = counts.get(table, 0) + cursor.rowcount

    # Full-text rows our map does not account for (vlt wrote them) are found by chunk id: a scan of
    # the FTS table, so only when such chunks exist.
    foreign = await db.execute_fetchall(
        """SELECT EXISTS (SELECT 1 FROM code_chunks AS c WHERE c.project_id = ? AND NOT EXISTS (
                              SELECT 1 FROM coderag_chunk_fts_rows AS m WHERE m.chunk_id = c.id))""", (project_id,))
    if list(foreign)[0][0]:
        await delete("code_chunk_fts", """DELETE FROM code_chunk_fts WHERE chunk_id IN (
                                              SELECT id FROM code_chunks WHERE project_id = ?)
                                           AND rowid NOT IN (SELECT fts_rowid FROM coderag_chunk_fts_rows)""")
    # Our chunks' full-text rows, found by the rowid map, then the map: the chunks' triggers then find
    # nothing to follow (the terms trigger would keep a copy of every chunk to delete its terms one by one).
    mapped = list(await db.execute_fetchall(
        "SELECT count(*) FROM coderag_chunk_fts_rows WHERE project_id = ?", (project_id,)))[0][0]
    await delete("code_chunk_fts", """DELETE FROM code_chunk_fts WHERE rowid IN (
                                          SELECT fts_rowid FROM coderag_chunk_fts_rows WHERE project_id = ?)""")
    terms = terms_table(project_id)  # the project's own (contentless) table of search terms
    if await db.execute_fetchall("SELECT 1 FROM sqlite_master WHERE name = ?", (terms,)):
        await db.execute(f"INSERT INTO {terms} ({terms}) VALUES ('delete-all')")
    counts[terms] = mapped
    await delete("coderag_chunk_fts_rows", "DELETE FROM coderag_chunk_fts_rows WHERE project_id = ?")
    await db.execute("DELETE FROM coderag_terms_deleted WHERE project_id = ?", (project_id,))  # their terms went too
    # Edge resolutions go with their edges (trigger coderag_edge_deleted): count them first.
    counts["coderag_edge_resolutions"] = list(await db.execute_fetchall(
        """SELECT count(*) FROM coderag_edge_resolutions
            WHERE edge_id IN (SELECT id FROM code_edges WHERE project_id = ?)""", (project_id,)))[0][0]
    cursor = await db.execute(
        """DELETE FROM code_edges WHERE project_id = ?
              OR source_id IN (SELECT id FROM code_nodes WHERE project_id = ?)
              OR target_id IN (SELECT id FROM code_nodes WHERE project_id = ?)""",
        (project_id, project_id, project_id))
    counts["code_edges"] = cursor.rowcount
    for table in ("coderag_node_ranks", "coderag_rank_debt", "coderag_file_references", "coderag_reference_names", "coderag_history", "code_nodes",
                  "code_chunks", "symbol_definitions", "repo_maps", "coderag_files", "coderag_skipped_files",
                  "coderag_parse_errors"):
        await delete(table, f"DELETE FROM {table} WHERE project_id = ?")
    return counts


async def _delete_orphans(db: aiosqlite.Connection) -> None:
    """Full-text rows whose chunk is gone, in any project: vlt's deletes leave its own behind."""
    await db.execute("DELETE FROM code_chunk_fts WHERE chunk_id NOT IN (SELECT id FROM code_chunks)")
    await db.execute("DELETE FROM coderag_chunk_fts_rows WHERE chunk_id NOT IN (SELECT id FROM code_chunks)")
    projects = {terms_table(row[0]): row[0] for row in await db.execute_fetchall("SELECT id FROM projects")}
    for table in await _terms_tables(db):
        project_id = projects.get(table)
        if project_id is None:  # the shared table of older versions keeps its content: rows delete plainly
            await db.execute(f"DELETE FROM {table} WHERE rowid NOT IN (SELECT fts_rowid FROM coderag_chunk_fts_rows)")
            continue
        await forget_deleted_terms(db, project_id)
        orphans = await db.execute_fetchall(
            f"SELECT 1 FROM {table} WHERE rowid NOT IN (SELECT fts_rowid FROM coderag_chunk_fts_rows) LIMIT 1")
        if orphans:  # terms no deleted chunk's fields account for (none should be): made again from the chunks
            await rebuild_terms(db, project_id)


async def _terms_tables(db: aiosqlite.Connection) -> list[str]:
    """The shared terms table of older versions and every project's own (not their shadow tables)."""
    rows = await db.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND (name = 'coderag_chunk_terms' OR "
        "(name LIKE ? AND sql LIKE 'CREATE VIRTUAL TABLE%fts5(%'))", (TERMS_TABLE_PREFIX + "%",))
    return [row[0] for row in rows]


class SharingStore(Database):
    """The index's rows as another program (vlt) may have left them."""

    async def remove_untracked_rows(self, project_id: str) -> int:
        """Delete index rows of a project that no `coderag_files` row accounts for.

        They come from an older indexer (vlt's own, or an interrupted write of a version without
        per-file state); the next run rewrites those files from scratch, so nothing is duplicated.
        """
        # The usual case, cheaply: the per-file counts account for every chunk and symbol.
        counted = await self._fetchone(
            """SELECT (SELECT count(*) FROM code_chunks WHERE project_id = :p)
                          = (SELECT coalesce(sum(chunk_count), 0) FROM coderag_files WHERE project_id = :p)
                      AND (SELECT count(*) FROM symbol_definitions WHERE project_id = :p)
                          = (SELECT coalesce(sum(symbol_count), 0) FROM coderag_files WHERE project_id = :p)""",
            {"p": project_id})
        if counted and counted[0]:
            return 0
        async with self.transaction() as db:
            stray = await db.execute_fetchall(
                """SELECT count(*) FROM code_chunks AS c WHERE c.project_id = ?
                      AND NOT EXISTS (SELECT 1 FROM coderag_files AS f
                                       WHERE f.project_id = c.project_id AND f.file_path = c.file_path)""",
                (project_id,),
            )
            count = list(stray)[0][0]
            stray_symbols = await db.execute_fetchall(
                """SELECT count(*) FROM symbol_definitions AS s WHERE s.project_id = ?
                      AND NOT EXISTS (SELECT 1 FROM coderag_files AS f
                                       WHERE f.project_id = s.project_id AND f.file_path = s.file_path)""",
                (project_id,),
            )
            stray_node_count = await db.execute_fetchall(
                """SELECT count(*) FROM code_nodes AS n WHERE n.project_id = ?
                      AND NOT EXISTS (SELECT 1 FROM coderag_files AS f
                                       WHERE f.project_id = n.project_id AND f.file_path = n.file_path)""",
                (project_id,),
            )
            if count == 0 and list(stray_symbols)[0][0] == 0 and list(stray_node_count)[0][0] == 0:
                return 0
            await db.execute(
                """DELETE FROM code_chunk_fts WHERE chunk_id IN (
                       SELECT c.id FROM code_chunks AS c WHERE c.project_id = ?
                          AND NOT EXISTS (SELECT 1 FROM coderag_files AS f
                                           WHERE f.project_id = c.project_id AND f.file_path = c.file_path))""",
                (project_id,),
            )
            stray_nodes = """SELECT id FROM code_nodes AS n WHERE n.project_id = ? AND NOT EXISTS (
                                 SELECT 1 FROM coderag_files AS f
                                  WHERE f.project_id = n.project_id AND f.file_path = n.file_path)"""
            await db.execute(f"DELETE FROM code_edges WHERE source_id IN ({stray_nodes}) OR target_id IN ({stray_nodes})",
                             (project_id, project_id))
            for table in ("code_chunks", "symbol_definitions", "code_nodes"):
                await db.execute(
                    f"""DELETE FROM {table} WHERE project_id = ? AND NOT EXISTS (
                            SELECT 1 FROM coderag_files AS f
                             WHERE f.project_id = {table}.project_id AND f.file_path = {table}.file_path)""",
                    (project_id,),
                )
        return count

    async def index_origin(self, project_id: str) -> IndexOrigin:
        """Whose rows the project's index holds: nobody's, ours, another program's, or ours changed since."""
        return await _index_origin(self._reader, project_id)

    async def begin_writing(self, project_id: str) -> IndexOrigin:
        """Called by a job before it writes: take over an index another program built or changed.

        Such an index is cleared (its rows, vlt's included, and full-text rows no chunk owns), so
        the job rebuilds it whole. The stored fingerprint is dropped until the job ends: our own
        writes in between are not another program's.
        """
        async with self.transaction() as db:
            origin = await _index_origin(db, project_id)
            if origin in ("foreign", "changed"):
                await clear_index_rows(db, project_id)
                await _delete_orphans(db)
            await db.execute("UPDATE coderag_indexes SET fingerprint = NULL WHERE project_id = ?", (project_id,))
        return origin

    async def changed_elsewhere(self, project_id: str) -> tuple[str, str] | None:
        """(expected, found) fingerprints when another program changed the index since our last job."""
        row = await self._fetchone("SELECT fingerprint FROM coderag_indexes WHERE project_id = ?", (project_id,))
        if row is None or row[0] is None:
            return None
        expected = row[0]
        # Counted by a connection of its own in a thread: on the reader, the calls waiting behind the
        # count (search, find_references: 16 ms) would take as long as it (0.6 s on the Linux kernel).
        found = await anyio.to_thread.run_sync(_read_fingerprint, self.path, project_id)
        return None if found == expected else (expected, found)

    async def mark_changed_elsewhere(self, project_id: str, expected: str, status: IndexStatus, message: str) -> bool:
        """Record what another program did to a finished index (only if nothing of ours ran since)."""
        async with self.transaction() as db:
            cursor = await db.execute(
                """UPDATE coderag_indexes SET status = ?, error_message = ?, updated_at = ?
                    WHERE project_id = ? AND fingerprint = ? AND status IN ('READY', 'STALE')""",
                (to_db_enum(status), message, to_db_time(utcnow()), project_id, expected))
            if cursor.rowcount and status is IndexStatus.NOT_INITIALIZED:
                # The index was deleted: our own state of it (per-file rows, references) goes too.
                await clear_index_rows(db, project_id)
                await db.execute("""UPDATE coderag_indexes SET file_count = 0, chunk_count = 0, fingerprint = NULL
                                     WHERE project_id = ?""", (project_id,))
        return cursor.rowcount > 0

    async def last_target_path(self, project_id: str) -> str | None:
        """The folder the project's newest job (ours or vlt's) indexed."""
        row = await self._fetchone(
            """SELECT target_path FROM coderag_index_jobs WHERE project_id = ? AND target_path != ''
                ORDER BY created_at DESC LIMIT 1""", (project_id,))
        return row[0] if row else None
