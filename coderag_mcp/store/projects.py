"""Projects and the state of each project's index (`coderag_indexes`): its status, counts and
deletion."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from ..enums import IndexStatus
from .connection import Database, from_db_enum, from_db_time, to_db_enum, to_db_time, utcnow
from .sharing import clear_index_rows


@dataclass(frozen=True)
class ProjectRow:
    id: str
    name: str
    description: str
    created_at: datetime


@dataclass(frozen=True)
class IndexRow:
    project_id: str
    status: IndexStatus
    file_count: int
    chunk_count: int
    last_indexed_at: datetime | None
    last_indexed_path: str | None
    error_message: str | None
    created_at: datetime
    updated_at: datetime


INDEX_COLUMNS = ("project_id", "status", "file_count", "chunk_count", "last_indexed_at", "last_indexed_path",
                 "error_message", "created_at", "updated_at")


def _project(row: sqlite3.Row) -> ProjectRow:
    return ProjectRow(
        id=row["id"], name=row["name"], description=row["description"],
        created_at=from_db_time(row["created_at"]),  # type: ignore[arg-type]
    )


def _index(row: sqlite3.Row | dict[str, Any]) -> IndexRow:
    return IndexRow(
        project_id=row["project_id"],
        status=from_db_enum(IndexStatus, row["status"]),
        file_count=row["file_count"],
        chunk_count=row["chunk_count"],
        last_indexed_at=from_db_time(row["last_indexed_at"]),
        last_indexed_path=row["last_indexed_path"],
        error_message=row["error_message"],
        created_at=from_db_time(row["created_at"]),  # type: ignore[arg-type]
        updated_at=from_db_time(row["updated_at"]),  # type: ignore[arg-type]
    )


async def set_index(
    db: aiosqlite.Connection,
    project_id: str,
    status: IndexStatus,
    *,
    error_message: str | None,
    indexed_path: str | None = None,
    indexed_at: datetime | None = None,
) -> None:
    """Upsert the `coderag_indexes` row, its counts taken from the per-file state."""
    now = to_db_time(utcnow())
    file_count, chunk_count = (await db.execute_fetchall(
        "SELECT count(*), coalesce(sum(chunk_count), 0) FROM coderag_files WHERE project_id = ?",
        (project_id,),
    ))[0]
    await db.execute(
        """INSERT INTO coderag_indexes (project_id, status, file_count, chunk_count, last_indexed_at,
                                        last_indexed_path, error_message, created_at, updated_at)
           VALUES (:project_id, :status, :file_count, :chunk_count, :indexed_at, :indexed_path,
                   :error_message, :now, :now)
           ON CONFLICT (project_id) DO UPDATE SET
               status = excluded.status,
               file_count = excluded.file_count,
               chunk_count = excluded.chunk_count,
               last_indexed_at = coalesce(excluded.last_indexed_at, coderag_indexes.last_indexed_at),
               last_indexed_path = coalesce(excluded.last_indexed_path, coderag_indexes.last_indexed_path),
               error_message = excluded.error_message,
               updated_at = excluded.updated_at""",
        {
            "project_id": project_id, "status": to_db_enum(status), "file_count": file_count,
            "chunk_count": chunk_count, "indexed_at": to_db_time(indexed_at), "indexed_path": indexed_path,
            "error_message": error_message, "now": now,
        },
    )


class ProjectsStore(Database):
    """Projects, and the `coderag_indexes` row of each."""

    async def ensure_project(self, project_id: str, name: str, description: str = "") -> ProjectRow:
        async with self.transaction() as db:
            await db.execute(
                "INSERT OR IGNORE INTO projects (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                (project_id, name, description, to_db_time(utcnow())),
            )
            # Read back by the writer, in the transaction that wrote it: the caller gets what was written,
            # whatever snapshot another connection reads from.
            rows = await db.execute_fetchall("SELECT * FROM projects WHERE id = ?", (project_id,))
        return _project(list(rows)[0])

    async def get_project(self, project_id: str) -> ProjectRow | None:
        row = await self._fetchone("SELECT * FROM projects WHERE id = ?", (project_id,))
        return _project(row) if row else None

    async def list_projects(self) -> list[tuple[ProjectRow, IndexRow | None]]:
        rows = await self._fetchall(
            """SELECT p.id, p.name, p.description, p.created_at,
                      i.project_id AS i_project_id, i.status, i.file_count, i.chunk_count, i.last_indexed_at,
                      i.last_indexed_path, i.error_message, i.created_at AS i_created_at,
                      i.updated_at AS i_updated_at
                 FROM projects AS p LEFT JOIN coderag_indexes AS i ON i.project_id = p.id
                ORDER BY p.id"""
        )
        result = []
        for row in rows:
            index = None
            if row["i_project_id"] is not None:
                index = IndexRow(
                    project_id=row["id"], status=from_db_enum(IndexStatus, row["status"]),
                    file_count=row["file_count"], chunk_count=row["chunk_count"],
                    last_indexed_at=from_db_time(row["last_indexed_at"]),
                    last_indexed_path=row["last_indexed_path"], error_message=row["error_message"],
                    created_at=from_db_time(row["i_created_at"]),  # type: ignore[arg-type]
                    updated_at=from_db_time(row["i_updated_at"]),  # type: ignore[arg-type]
                )
            result.append((_project(row), index))
        return result

    async def get_index(self, project_id: str) -> IndexRow | None:
        row = await self._fetchone("SELECT * FROM coderag_indexes WHERE project_id = ?", (project_id,))
        return _index(row) if row else None

    async def granted_folder(self, project_id: str) -> str | None:
        """The sensitive folder a client's MCP root allowed for this project's index (paths.py), if any."""
        row = await self._fetchone("SELECT granted_folder FROM coderag_indexes WHERE project_id = ?", (project_id,))
        return row[0] if row else None

    async def mark_stale(self, project_id: str) -> bool:
        """READY becomes STALE (files changed since the last run); False if it was not READY."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "UPDATE coderag_indexes SET status = 'STALE', updated_at = ? WHERE project_id = ? AND status = 'READY'",
                (to_db_time(utcnow()), project_id),
            )
        return cursor.rowcount > 0

    async def has_index_data(self, project_id: str) -> bool:
        row = await self._fetchone(
            """SELECT EXISTS (SELECT 1 FROM code_chunks WHERE project_id = :p)
                   OR EXISTS (SELECT 1 FROM coderag_files WHERE project_id = :p)""",
            {"p": project_id},
        )
        return bool(row and row[0])

    async def delete_index(self, project_id: str) -> dict[str, int]:
        """Every row of the project's index, children first; the project row stays."""
        async with self.transaction() as db:
            counts = await clear_index_rows(db, project_id)
            for table in ("coderag_job_leases", "coderag_job_stats"):
                cursor = await db.execute(
                    f"DELETE FROM {table} WHERE job_id IN (SELECT id FROM coderag_index_jobs WHERE project_id = ?)",
                    (project_id,),
                )
                counts[table] = cursor.rowcount
            for table in ("coderag_index_jobs", "coderag_indexes"):
                cursor = await db.execute(f"DELETE FROM {table} WHERE project_id = ?", (project_id,))
                counts[table] = cursor.rowcount
        return counts
