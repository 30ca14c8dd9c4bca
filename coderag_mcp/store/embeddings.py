"""Embedding vectors: each chunk's (vlt's `code_chunks.embedding`) and the cache by the hash of the
text embedded, so unchanged code is never sent twice.

(Computing them and rank fusion are coderag_mcp/embeddings.py.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .connection import MAX_PARAMS, Database, to_db_time, utcnow


class EmbeddingsStore(Database):
    """Chunks' embedding vectors and the embedding cache."""

    async def chunks_without_embedding(self, project_id: str, limit: int, after_rowid: int = 0) -> list[sqlite3.Row]:
        """The next chunks without a vector past `after_rowid`, in rowid order: a fill pages through the
        project once (each page from the first row again read every filled row before it, square work)."""
        return await self._fetchall(
            """SELECT rowid, id, qualified_name, signature, docstring, body FROM code_chunks
                WHERE project_id = ? AND rowid > ? AND embedding IS NULL ORDER BY rowid LIMIT ?""",
            (project_id, after_rowid, limit))

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

    async def embedded_vectors(self, project_id: str, after_rowid: int, limit: int) -> list[tuple[int, str, bytes]]:
        """The project's next (rowid, chunk id, vector) rows past `after_rowid`, in rowid order: a page at a
        time, so that reading them never holds every vector twice."""
        rows = await self._fetchall(
            """SELECT rowid, id, embedding FROM code_chunks
                WHERE project_id = ? AND rowid > ? AND embedding IS NOT NULL ORDER BY rowid LIMIT ?""",
            (project_id, after_rowid, limit))
        return [(row[0], row[1], row[2]) for row in rows]

    async def vectors_by_id(self, project_id: str, chunk_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of these chunks (by primary key), those that have one."""
        found: dict[str, bytes] = {}
        for start in range(0, len(chunk_ids), MAX_PARAMS):
            part = list(chunk_ids[start:start + MAX_PARAMS])
            for row in await self._fetchall(
                    f"""SELECT id, embedding FROM code_chunks WHERE +project_id = ? AND embedding IS NOT NULL
                           AND id IN ({', '.join('?' * len(part))})""", (project_id, *part)):
                found[row[0]] = row[1]
        return found

    async def data_version(self) -> int:
        """Moves with every commit of another connection: while it stands, what was read still holds."""
        row = await self._fetchone("SELECT data_version FROM pragma_data_version")
        return row[0] if row else 0
