"""vault.db: every SQL statement of the server, and the enum and datetime conversions of its rows.

One connection writes (serialised by a lock, every write in a `BEGIN IMMEDIATE` transaction, so
two processes on one file queue on SQLite's lock instead of failing); a second connection reads
beside it, which WAL allows while a write is under way.

vlt's conventions, applied here and nowhere else:
- enum columns hold the upper-case member name (`'RUNNING'`), the API the lower-case value;
- datetimes are TEXT `'YYYY-MM-DD HH:MM:SS.ffffff'` in UTC without a zone suffix;
- booleans are 0/1, and no column has a default: every NOT NULL value is given on insert;
- `PRAGMA foreign_keys=ON`, so deletes go children first.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import aiosqlite
import anyio

from ..models import ChunkType, IndexStatus, JobStatus
from ..terms import filter_tokens, path_terms
from .connection import (BUSY_TIMEOUT_MS, MAX_PARAMS, Database, from_db_enum, from_db_time, later_than,
                         to_db_enum, to_db_time, utcnow)
from .schema import TERMS_TABLE_PREFIX, terms_table, terms_table_ddl
from .files import (ChunkRecord, FileRecord, FilesStore, FileState, ReferenceRecord, SymbolRecord, module_node_id,
                    node_id)
from .jobs import JobNotRunning, JobRow, JobsStore, LeaseRow, progress_percent, require_running_job
from .projects import IndexRow, ProjectRow, ProjectsStore, set_index
from .sharing import IndexOrigin, SharingStore, clear_index_rows, fingerprint_counts, record_job_end

# --- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkHit:
    file_path: str
    lineno: int
    end_lineno: int
    name: str
    qualified_name: str
    chunk_type: ChunkType
    language: str
    signature: str | None
    docstring: str | None
    body: str
    score: float
    centrality: float = 0.0
    chunk_id: str = ""


@dataclass(frozen=True)
class GraphNode:
    id: str
    file_path: str
    node_type: str
    name: str
    centrality: float | None = None
    signature: str | None = None


@dataclass(frozen=True)
class ReferenceRow:
    file_path: str
    source_id: str
    name: str
    edge_type: str
    module: str | None
    lineno: int
    count: int
    qualifier: str | None = None


def edge_id(source_id: str, edge_type: str, target_id: str) -> str:
    """Short and deterministic: the same edge gets the same id in every run."""
    return hashlib.blake2b(f"{source_id}\0{edge_type}\0{target_id}".encode(), digest_size=16).hexdigest()


def _chunk_hit(row: sqlite3.Row, score: float) -> ChunkHit:
    return ChunkHit(
        file_path=row["file_path"], lineno=row["lineno"], end_lineno=row["end_lineno"], name=row["name"],
        qualified_name=row["qualified_name"], chunk_type=from_db_enum(ChunkType, row["chunk_type"]),
        language=row["language"], signature=row["signature"], docstring=row["docstring"], body=row["body"],
        score=score, centrality=float(row["centrality"]), chunk_id=row["id"],
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store(ProjectsStore, JobsStore, FilesStore, SharingStore):
    """The vault database. Open with `await Store.open(path)`; close with `await store.close()`."""

    # --- projects -------------------------------------------------------------------------------



    # --- the code graph -----------------------------------------------------------------------

    async def graph_nodes(self, project_id: str) -> list[GraphNode]:
        rows = await self._fetchall(
            """SELECT n.id, n.file_path, n.node_type, n.name, r.prior, n.signature FROM code_nodes AS n
                 LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id WHERE n.project_id = ?
                ORDER BY n.file_path, n.lineno, n.id""",  # ties go to the first defined, whatever the write order
            (project_id,))
        return [GraphNode(*row) for row in rows]

    async def indexed_files(self, project_id: str) -> list[str]:
        rows = await self._fetchall("SELECT file_path FROM coderag_files WHERE project_id = ?", (project_id,))
        return [row[0] for row in rows]

    async def files_to_link(self, project_id: str) -> list[str]:
        rows = await self._fetchall(
            "SELECT file_path FROM coderag_files WHERE project_id = ? AND linked = 0", (project_id,))
        return [row[0] for row in rows]

    async def references_of(self, project_id: str, file_paths: Sequence[str], *, every_file: bool) -> list[ReferenceRow]:
        columns = "file_path, source_id, name, edge_type, module, lineno, count, qualifier"
        if every_file:
            rows = await self._fetchall(f"SELECT {columns} FROM coderag_references WHERE project_id = ? "
                                        "ORDER BY file_path, lineno, source_id, edge_type, name", (project_id,))
            return [ReferenceRow(*row) for row in rows]
        found = []
        for start in range(0, len(file_paths), MAX_PARAMS):
            part = list(file_paths[start:start + MAX_PARAMS])
            rows = await self._fetchall(
                f"SELECT {columns} FROM coderag_references WHERE project_id = ? AND file_path IN "
                f"({', '.join('?' * len(part))})", (project_id, *part))
            found.extend(ReferenceRow(*row) for row in rows)
        found.sort(key=lambda ref: (ref.file_path, ref.lineno, ref.source_id, ref.edge_type, ref.name))
        return found

    async def references_of_type(self, project_id: str, edge_types: Sequence[str]) -> list[ReferenceRow]:
        """Every reference of these kinds in the project (the imports and base classes a resolver reads)."""
        rows = await self._fetchall(
            f"""SELECT file_path, source_id, name, edge_type, module, lineno, count, qualifier FROM coderag_references
                 WHERE project_id = ? AND edge_type IN ({', '.join('?' * len(edge_types))})""",
            (project_id, *edge_types))
        return [ReferenceRow(*row) for row in rows]

    async def replace_edges(
        self,
        project_id: str,
        file_paths: Sequence[str],
        edges: dict[tuple[str, str, str], tuple[int, int, str, str]],
        *,
        every_file: bool,
    ) -> None:
        """Replace the edges whose sources lie in these files (`mark_linked` marks them done, after ranking).

        `edges` maps (source id, edge type, target id) to (first line, count, resolution, source file).
        """
        async with self.transaction() as db:
            if every_file:
                await db.execute("DELETE FROM code_edges WHERE project_id = ?", (project_id,))
                await db.execute("DELETE FROM coderag_edge_resolutions WHERE project_id = ?", (project_id,))
            for start in range(0, 0 if every_file else len(file_paths), MAX_PARAMS):
                part = list(file_paths[start:start + MAX_PARAMS])
                marks = ", ".join("?" * len(part))
                await db.execute(
                    f"""DELETE FROM code_edges WHERE source_id IN (
                            SELECT id FROM code_nodes WHERE project_id = ? AND file_path IN ({marks}))""",
                    (project_id, *part))
                await db.execute(
                    f"DELETE FROM coderag_edge_resolutions WHERE project_id = ? AND source_file IN ({marks})",
                    (project_id, *part))
            rows, resolutions = [], []
            for (source, edge_type, target), (lineno, count, how, source_file) in edges.items():
                identifier = edge_id(source, edge_type, target)
                rows.append((identifier, project_id, source, target, edge_type, lineno, count))
                resolutions.append((identifier, project_id, source_file, how))
            await db.executemany(
                """INSERT INTO code_edges (id, project_id, source_id, target_id, edge_type, lineno, count)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""", rows)
            await db.executemany(
                """INSERT INTO coderag_edge_resolutions (edge_id, project_id, source_file, resolution)
                   VALUES (?, ?, ?, ?)""", resolutions)

    async def mark_linked(self, project_id: str, file_paths: Sequence[str], *, every_file: bool) -> None:
        """The files' edges and the ranking over them are written: a job killed before this links them again."""
        async with self.transaction() as db:
            if every_file:
                await db.execute("UPDATE coderag_files SET linked = 1 WHERE project_id = ?", (project_id,))
                return
            for start in range(0, len(file_paths), MAX_PARAMS):
                part = list(file_paths[start:start + MAX_PARAMS])
                await db.execute(
                    f"UPDATE coderag_files SET linked = 1 WHERE project_id = ? AND file_path IN "
                    f"({', '.join('?' * len(part))})", (project_id, *part))

    async def edge_weights(self, project_id: str, *, exclude: Sequence[str] = ()) -> list[tuple[str, str, int]]:
        """(source, target, count) of the project's edges, without those resolved in one of the `exclude` ways."""
        rows = await self._fetchall(
            f"""SELECT e.source_id, e.target_id, e.count FROM code_edges AS e
                 LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                 WHERE e.project_id = ? AND coalesce(r.resolution, '') NOT IN ({', '.join('?' * len(exclude)) or "''"})""",
            (project_id, *exclude))
        return [(row[0], row[1], row[2]) for row in rows]

    async def set_centrality(self, project_id: str, scores: dict[str, float], node_count: int) -> None:
        """Write PageRank scores given on our scale (the average node scores 1.0).

        Our ranking prior keeps that scale in coderag_node_ranks; code_nodes.centrality_score gets
        vlt's (the project's scores sum to 1), which vlt's repo map reads and may rewrite.
        """
        async with self.transaction() as db:
            await db.executemany(
                """INSERT INTO coderag_node_ranks (node_id, project_id, prior) VALUES (?, ?, ?)
                   ON CONFLICT (node_id) DO UPDATE SET prior = excluded.prior""",
                [(node, project_id, round(score, 6)) for node, score in scores.items()])
            await db.executemany("UPDATE code_nodes SET centrality_score = ? WHERE id = ?",
                                 [(score / node_count, node) for node, score in scores.items()])

    # --- reading the graph ----------------------------------------------------------------------

    async def find_definitions(self, project_id: str, name: str, kind: str | None, limit: int) -> list[sqlite3.Row]:
        """Definitions matching `name`: exact first, then qualified-name suffix, then name prefix."""
        last = name.rsplit(".", 1)[-1]
        return await self._fetchall(
            """WITH matched AS (
                 SELECT s.*, CASE WHEN s.name = :name OR qualified = :name THEN 0
                                  WHEN qualified LIKE '%.' || :name_like ESCAPE '\\' AND s.name = :last THEN 1
                                  WHEN lower(s.name) = lower(:last) THEN 2
                                  ELSE 3 END AS tier
                   FROM (SELECT *, coalesce(scope || '.', '') || name AS qualified
                           FROM symbol_definitions WHERE project_id = :project_id) AS s
                  WHERE (s.name = :last OR lower(s.name) = lower(:last) OR s.name LIKE :prefix ESCAPE '\\')
                    AND (:kind IS NULL OR s.kind = :kind))
               SELECT m.name, m.qualified, m.kind, m.file_path, m.lineno, m.scope, m.signature, m.language, m.tier,
                      n.docstring, r.prior AS centrality_score,
                      (SELECT max(c.end_lineno) FROM code_chunks AS c WHERE c.project_id = :project_id
                          AND c.file_path = m.file_path AND c.qualified_name = m.qualified) AS end_lineno
                 FROM matched AS m
                 LEFT JOIN code_nodes AS n ON n.id = :project_id || ':' || m.file_path || ':' || m.qualified
                 LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                WHERE m.tier < 3 OR m.name LIKE :prefix ESCAPE '\\'
                ORDER BY m.tier, r.prior DESC, m.file_path, m.lineno
                LIMIT :limit""",
            {"project_id": project_id, "name": name, "last": last, "kind": kind, "limit": limit,
             "name_like": _like_escape(name), "prefix": _like_escape(last) + "%"},
        )

    async def definition_span(self, project_id: str, file_path: str, qualified_name: str) -> tuple[int, int] | None:
        """First and last line of a definition's chunks (decorators and doc comments included)."""
        row = await self._fetchone(
            """SELECT min(lineno), max(end_lineno) FROM code_chunks
                WHERE project_id = ? AND file_path = ? AND qualified_name = ?""",
            (project_id, file_path, qualified_name))
        return (row[0], row[1]) if row and row[0] is not None else None

    async def nodes_named(self, project_id: str, name: str) -> list[GraphNode]:
        """Definition nodes whose qualified name is `name` or ends with it (`Class.method`, `method`)."""
        last = name.rsplit(".", 1)[-1]
        rows = await self._fetchall(
            """SELECT id, file_path, node_type, name FROM code_nodes
                WHERE project_id = ? AND name = ? AND node_type != 'MODULE'
                  AND (id LIKE '%:' || ? ESCAPE '\\' OR id LIKE '%.' || ? ESCAPE '\\'
                       OR id LIKE '%:' || ? || '@%' ESCAPE '\\')""",
            (project_id, last, _like_escape(name), _like_escape(name), _like_escape(name)))
        return [GraphNode(*row) for row in rows]

    async def edges_into(self, targets: Sequence[str]) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for start in range(0, len(targets), MAX_PARAMS):
            part = list(targets[start:start + MAX_PARAMS])
            rows.extend(await self._fetchall(
                f"""SELECT e.source_id, e.edge_type, e.target_id, r.resolution, n.node_type AS source_type,
                           n.file_path AS source_file
                      FROM code_edges AS e
                      JOIN code_nodes AS n ON n.id = e.source_id
                      LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                     WHERE e.target_id IN ({', '.join('?' * len(part))})""", part))
        return rows

    async def edges_from_named(self, project_id: str, name: str, *, exclude: Sequence[str] = ()) -> list[tuple[str, str]]:
        """(source, edge type) of the edges from users of `name` to any definition called `name`, without
        those resolved in one of the `exclude` ways."""
        rows = await self._fetchall(
            f"""SELECT DISTINCT e.source_id, e.edge_type FROM code_edges AS e
                 JOIN code_nodes AS t ON t.id = e.target_id
                 LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                WHERE t.project_id = ? AND t.name = ?
                  AND coalesce(r.resolution, '') NOT IN ({', '.join('?' * len(exclude)) or "''"})""",
            (project_id, name, *exclude))
        return [(row[0], row[1]) for row in rows]

    async def import_edges_from(self, sources: Sequence[str]) -> dict[str, dict[str, str]]:
        """For each source, the modules its imports resolved to, with how."""
        found: dict[str, dict[str, str]] = {}
        ordered = sorted(set(sources))
        for start in range(0, len(ordered), MAX_PARAMS):
            part = ordered[start:start + MAX_PARAMS]
            for row in await self._fetchall(
                    f"""SELECT e.source_id, e.target_id, coalesce(r.resolution, 'IMPORT') FROM code_edges AS e
                          LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.edge_type = 'IMPORTS' AND e.source_id IN ({', '.join('?' * len(part))})""", part):
                found.setdefault(row[0], {})[row[1]] = row[2]
        return found

    async def references_named(self, project_id: str, name: str) -> list[sqlite3.Row]:
        return await self._fetchall(
            """SELECT r.file_path, r.source_id, r.edge_type, r.lines, r.module,
                      coalesce(n.node_type, 'MODULE') AS source_type
                 FROM coderag_references AS r LEFT JOIN code_nodes AS n ON n.id = r.source_id
                WHERE r.project_id = ? AND r.name = ?""", (project_id, name))

    async def ranked_nodes(self, project_id: str, path_glob: str | None) -> list[sqlite3.Row]:
        return await self._fetchall(
            """SELECT id, file_path, node_type, name, signature, lineno, coalesce(r.prior, 0) AS score
                 FROM code_nodes AS n LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                WHERE n.project_id = ? AND (? IS NULL OR file_path GLOB ?)
                ORDER BY score DESC, file_path, lineno""", (project_id, path_glob, path_glob))

    async def save_repo_map(self, project_id: str, scope: str | None, text: str, *, token_count: int,
                            max_tokens: int, files: int, symbols: int, symbols_total: int) -> None:
        async with self.transaction() as db:
            await db.execute("DELETE FROM repo_maps WHERE project_id = ? AND scope IS ?", (project_id, scope))
            await db.execute(
                """INSERT INTO repo_maps (id, project_id, scope, map_text, token_count, max_tokens, files_included,
                                          symbols_included, symbols_total, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (str(uuid.uuid4()), project_id, scope, text, token_count, max_tokens, files, symbols, symbols_total,
                 to_db_time(utcnow())))


    # --- search ---------------------------------------------------------------------------------

    async def term_frequencies(self, project_id: str, terms: Sequence[str]) -> dict[str, int]:
        """How many of the project's chunks contain each term."""
        found = dict.fromkeys(terms, 0)
        if not await self._has_terms_table(project_id):
            return found
        for term in terms:
            row = await self._fetchone(f"SELECT doc FROM {terms_table(project_id)}_vocab WHERE term = ?", (term,))
            found[term] = row[0] if row else 0
        return found

    async def chunk_count(self, project_id: str) -> int:
        """The project's chunks in the search index (counted on the rowid map: counting an FTS table reads
        all of it)."""
        row = await self._fetchone("SELECT count(*) FROM coderag_chunk_fts_rows WHERE project_id = ?", (project_id,))
        return row[0] if row else 0

    async def _has_terms_table(self, project_id: str) -> bool:
        return await self._fetchone("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                    (terms_table(project_id),)) is not None

    async def search_chunks(
        self,
        project_id: str,
        match: str,
        *,
        limit: int,
        weights: Sequence[float],
        path_glob: str | None = None,
    ) -> list[ChunkHit]:
        """Chunks matching an FTS5 query over the project's code-aware terms, best BM25 first (fields
        weighted; document counts and lengths are the project's own)."""
        if not await self._has_terms_table(project_id):
            return []
        table = terms_table(project_id)
        rows = await self._fetchall(
            f"""SELECT c.id, c.file_path, c.lineno, c.end_lineno, c.name, c.qualified_name, c.chunk_type, c.language,
                       c.signature, c.docstring, c.body, t.rank,
                       coalesce(n.prior, 0) AS centrality
                  FROM (SELECT rowid, bm25({table}, {", ".join(str(float(w)) for w in weights)}) AS rank
                          FROM {table} WHERE {table} MATCH :match
                         ORDER BY rank LIMIT :candidates) AS t
                  -- CROSS JOIN fixes the order: from the few ranked rows to their chunks, never the reverse.
                  CROSS JOIN code_chunk_fts AS f ON f.rowid = t.rowid
                  CROSS JOIN code_chunks AS c ON c.id = f.chunk_id
                  LEFT JOIN coderag_node_ranks AS n ON n.node_id = c.project_id || ':' || c.file_path || ':' || c.qualified_name
                 WHERE c.project_id = :project_id
                   AND (:glob IS NULL OR c.file_path GLOB :glob)
                 ORDER BY t.rank LIMIT :limit""",
            {"match": match, "project_id": project_id, "glob": path_glob, "limit": limit,
             # Kind and language are tokens inside the match; a path glob filters after it,
             # so FTS is asked for more candidates then.
             "candidates": limit * (10 if path_glob else 1)},
        )
        return [_chunk_hit(row, -float(row["rank"])) for row in rows]

    async def chunks_by_id(self, project_id: str, chunk_ids: Sequence[str]) -> list[ChunkHit]:
        hits = []
        for start in range(0, len(chunk_ids), MAX_PARAMS):
            part = list(chunk_ids[start:start + MAX_PARAMS])
            rows = await self._fetchall(
                f"""SELECT c.id, c.file_path, c.lineno, c.end_lineno, c.name, c.qualified_name, c.chunk_type,
                           c.language, c.signature, c.docstring, c.body, coalesce(n.prior, 0) AS centrality
                      FROM code_chunks AS c
                      LEFT JOIN coderag_node_ranks AS n ON n.node_id = c.project_id || ':' || c.file_path || ':' || c.qualified_name
                     WHERE c.project_id = ? AND c.id IN ({', '.join('?' * len(part))})""", (project_id, *part))
            hits.extend(_chunk_hit(row, 0.0) for row in rows)
        return hits

    # --- embeddings -----------------------------------------------------------------------------

    async def chunks_without_embedding(self, project_id: str, limit: int) -> list[sqlite3.Row]:
        return await self._fetchall(
            """SELECT id, qualified_name, signature, docstring, body FROM code_chunks
                WHERE project_id = ? AND embedding IS NULL LIMIT ?""", (project_id, limit))

    async def cached_embeddings(self, hashes: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(hashes), MAX_PARAMS):
            part = list(hashes[start:start + MAX_PARAMS])
            for row in await self._fetchall(
                    f"SELECT text_hash, vector FROM coderag_embedding_cache WHERE text_hash IN "
                    f"({', '.join('?' * len(part))})", part):
                found[row[0]] = row[1]
        return found

    async def cache_embeddings(self, model: str, rows: Sequence[tuple[str, bytes]]) -> None:
        now = to_db_time(utcnow())
        async with self.transaction() as db:
            await db.executemany(
                "INSERT OR REPLACE INTO coderag_embedding_cache (text_hash, model, vector, created_at) VALUES (?, ?, ?, ?)",
                [(text_hash, model, vector, now) for text_hash, vector in rows])

    async def set_embeddings(self, rows: Sequence[tuple[bytes, str, str]]) -> None:
        """(vector, embedded text, chunk id) per chunk; a chunk replaced meanwhile is simply not found."""
        async with self.transaction() as db:
            await db.executemany("UPDATE code_chunks SET embedding = ?, embedding_text = ? WHERE id = ?", rows)

    async def embedded_vectors(self, project_id: str) -> list[tuple[str, bytes]]:
        rows = await self._fetchall(
            "SELECT id, embedding FROM code_chunks WHERE project_id = ? AND embedding IS NOT NULL", (project_id,))
        return [(row[0], row[1]) for row in rows]


