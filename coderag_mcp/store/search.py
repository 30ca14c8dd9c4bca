"""Reading chunks for search: BM25 over the project's own table of code-aware terms, the term
statistics the ranking uses, and chunks by id (for hits found another way)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import ChunkType
from .connection import MAX_PARAMS, Database, from_db_enum
from .schema import terms_table


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


def _chunk_hit(row: sqlite3.Row, score: float) -> ChunkHit:
    return ChunkHit(
        file_path=row["file_path"], lineno=row["lineno"], end_lineno=row["end_lineno"], name=row["name"],
        qualified_name=row["qualified_name"], chunk_type=from_db_enum(ChunkType, row["chunk_type"]),
        language=row["language"], signature=row["signature"], docstring=row["docstring"], body=row["body"],
        score=score, centrality=float(row["centrality"]), chunk_id=row["id"],
    )


class SearchStore(Database):
    """Full-text search over a project's chunks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_terms_tables: set[str] = set()

    async def term_frequencies(self, project_id: str, terms: Sequence[str]) -> dict[str, int]:
        """How many of the project's chunks contain each term."""
        found = dict.fromkeys(terms, 0)
        if not await self._has_terms_table(project_id):
            return found
        unique = list(found)
        for start in range(0, len(unique), MAX_PARAMS):
            part = unique[start:start + MAX_PARAMS]
            # One statement for all the terms (one trip to the database thread), each an indexed lookup:
            # `term IN (...)` would make fts5vocab read the whole vocabulary.
            row = await self._fetchone("SELECT " + ", ".join(
                f"(SELECT doc FROM {terms_table(project_id)}_vocab WHERE term = ?)" for _ in part), tuple(part))
            if row:
                found.update((term, count or 0) for term, count in zip(part, row))
        return found

    async def chunk_count(self, project_id: str) -> int:
        """The project's chunks in the search index (counted on the rowid map: counting an FTS table reads
        all of it)."""
        row = await self._fetchone("SELECT count(*) FROM coderag_chunk_fts_rows WHERE project_id = ?", (project_id,))
        return row[0] if row else 0

    async def _has_terms_table(self, project_id: str) -> bool:
        # A project's terms table, once made, is never dropped: remember it, and spare every search
        # two trips to the database thread.
        if project_id in self._known_terms_tables:
            return True
        if await self._fetchone("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (terms_table(project_id),)) is None:
            return False
        self._known_terms_tables.add(project_id)
        return True

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
