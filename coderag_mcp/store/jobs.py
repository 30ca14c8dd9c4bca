"""Index jobs and their leases: queueing, claiming, progress and heartbeats, the end of a job,
cancel requests, and taking back the jobs of a process that died.

(The job runner itself is coderag_mcp/jobs.py; this module is only its rows.)
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from ..enums import IndexStatus, JobStatus
from .connection import Database, from_db_enum, from_db_time, later_than, to_db_enum, to_db_time, utcnow
from .projects import set_index
from .sharing import record_job_end


@dataclass(frozen=True)
class JobRow:
    id: str
    project_id: str
    status: JobStatus
    target_path: str
    force: bool
    priority: int
    files_total: int
    files_processed: int
    chunks_created: int
    progress_percent: int
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    error_message: str | None


@dataclass(frozen=True)
class LeaseRow:
    job_id: str
    owner: str
    hostname: str
    pid: int
    heartbeat_at: datetime
    attempts: int
    cancel_requested: bool


JOB_COLUMNS = ("id", "project_id", "status", "target_path", "force", "priority", "files_total", "files_processed",
               "chunks_created", "progress_percent", "created_at", "started_at", "completed_at", "error_message")
# The running job, else the oldest pending one.
_ACTIVE_JOB = """FROM coderag_index_jobs WHERE project_id = :project_id AND status IN ('RUNNING', 'PENDING')
                 ORDER BY status = 'RUNNING' DESC, priority DESC, created_at ASC LIMIT 1"""


def progress_percent(files_processed: int, files_total: int) -> int:
    return (100 * files_processed) // files_total if files_total > 0 else 0


def _job(row: sqlite3.Row | dict[str, Any]) -> JobRow:
    error_message = row["error_message"]
    try:
        status = from_db_enum(JobStatus, row["status"])
    except (KeyError, AttributeError):  # written by another program: shown as ended, never run or resumed
        status = JobStatus.FAILED
        error_message = (f"This job's row has a status coderag-mcp does not know ({row['status']!r}), written by "
                         "another program; it is shown as failed. Start a new job with update_index.")
    return JobRow(
        id=row["id"],
        project_id=row["project_id"],
        status=status,
        target_path=row["target_path"],
        force=bool(row["force"]),
        priority=row["priority"] or 0,
        files_total=row["files_total"] or 0,
        files_processed=row["files_processed"] or 0,
        chunks_created=row["chunks_created"] or 0,
        progress_percent=row["progress_percent"] or 0,
        created_at=from_db_time(row["created_at"]),  # type: ignore[arg-type]
        started_at=from_db_time(row["started_at"]),
        completed_at=from_db_time(row["completed_at"]),
        error_message=error_message,
    )


class JobNotRunning(LookupError):
    """A job's write found its job gone or ended (deleted, or taken back by another process)."""


async def require_running_job(db: aiosqlite.Connection, job_id: str) -> None:
    """Inside a write transaction: the job must still be running, or it writes nothing more."""
    rows = await db.execute_fetchall("SELECT status FROM coderag_index_jobs WHERE id = ?", (job_id,))
    if not rows or list(rows)[0][0] != "RUNNING":
        raise JobNotRunning(job_id)


class JobsStore(Database):
    """`coderag_index_jobs`, `coderag_job_leases` and `coderag_job_stats`."""

    async def get_job(self, job_id: str) -> JobRow | None:
        row = await self._fetchone("SELECT * FROM coderag_index_jobs WHERE id = ?", (job_id,))
        return _job(row) if row else None

    async def list_jobs(
        self, project_id: str | None = None, status: JobStatus | None = None, limit: int = 20
    ) -> list[JobRow]:
        rows = await self._fetchall(
            """SELECT * FROM coderag_index_jobs
                WHERE (:project_id IS NULL OR project_id = :project_id)
                  AND (:status IS NULL OR status = :status)
                ORDER BY created_at DESC, rowid DESC LIMIT :limit""",
            {"project_id": project_id, "status": to_db_enum(status) if status else None, "limit": limit},
        )
        return [_job(row) for row in rows]

    async def active_job(self, project_id: str) -> JobRow | None:
        """The project's running job, else its oldest pending one."""
        row = await self._fetchone(f"SELECT * {_ACTIVE_JOB}", {"project_id": project_id})
        return _job(row) if row else None

    async def enqueue_job(
        self, project_id: str, target_path: str, *, force: bool, priority: int, grant: bool = False,
        granted_folder: str | None = None,
    ) -> tuple[JobRow, bool]:
        """Queue a job, or return the project's active job: (job, True when newly created).

        `grant`: record `granted_folder` (None clears it) with the index, in the job's transaction,
        so the job's own check at run time sees it."""
        async with self.transaction() as db:
            existing = await db.execute_fetchall(
                """SELECT * FROM coderag_index_jobs WHERE project_id = ? AND status IN ('RUNNING', 'PENDING')
                    ORDER BY status = 'RUNNING' DESC, created_at ASC LIMIT 1""",
                (project_id,),
            )
            if existing:
                return _job(list(existing)[0]), False
            job_id = str(uuid.uuid4())
            await db.execute(
                """INSERT INTO coderag_index_jobs (id, project_id, status, target_path, force, priority,
                       files_total, files_processed, chunks_created, progress_percent, created_at,
                       started_at, completed_at, error_message)
                   VALUES (?, ?, 'PENDING', ?, ?, ?, 0, 0, 0, 0, ?, NULL, NULL, NULL)""",
                (job_id, project_id, target_path, int(force), priority, to_db_time(utcnow())),
            )
            index = await db.execute_fetchall(
                "SELECT status FROM coderag_indexes WHERE project_id = ?", (project_id,)
            )
            if not index:
                await set_index(db, project_id, IndexStatus.NOT_INITIALIZED, error_message=None)
            if grant:
                await db.execute("UPDATE coderag_indexes SET granted_folder = ? WHERE project_id = ?",
                                 (granted_folder, project_id))
            # Read back by the writer, in the transaction that wrote it: the caller gets what was written,
            # whatever snapshot another connection reads from.
            created = await db.execute_fetchall("SELECT * FROM coderag_index_jobs WHERE id = ?", (job_id,))
        return _job(list(created)[0]), True

    async def claim_next_job(
        self, *, owner: str, hostname: str, pid: int, job_id: str | None = None
    ) -> JobRow | None:
        """Take the best pending job whose project runs nothing, and mark it RUNNING under a lease.

        Best is highest priority, then oldest. The partial unique index on RUNNING jobs makes a
        second RUNNING job of one project impossible even if two processes race past the check.
        """
        now = utcnow()
        # A runner asks several times a second: with nothing pending, a read answers without taking
        # the write lock (which vlt and other processes would queue behind).
        if await self._fetchone("""SELECT 1 FROM coderag_index_jobs WHERE status = 'PENDING'
                                      AND (:job_id IS NULL OR id = :job_id) LIMIT 1""", {"job_id": job_id}) is None:
            return None
        try:
            async with self.transaction() as db:
                rows = await db.execute_fetchall(
                    """SELECT * FROM coderag_index_jobs AS j
                        WHERE j.status = 'PENDING' AND (:job_id IS NULL OR j.id = :job_id)
                          AND NOT EXISTS (SELECT 1 FROM coderag_index_jobs AS r
                                           WHERE r.project_id = j.project_id AND r.status = 'RUNNING')
                        ORDER BY j.priority DESC, j.created_at ASC LIMIT 1""",
                    {"job_id": job_id},
                )
                if not rows:
                    return None
                job = _job(list(rows)[0])
                started = later_than(job.created_at, now)
                await db.execute(
                    """UPDATE coderag_index_jobs SET status = 'RUNNING', started_at = ?, completed_at = NULL,
                              error_message = NULL WHERE id = ? AND status = 'PENDING'""",
                    (to_db_time(started), job.id),
                )
                await db.execute(
                    """INSERT INTO coderag_job_leases (job_id, owner, hostname, pid, heartbeat_at, attempts,
                                                       cancel_requested)
                       VALUES (?, ?, ?, ?, ?, 1, 0)
                       ON CONFLICT (job_id) DO UPDATE SET owner = excluded.owner, hostname = excluded.hostname,
                           pid = excluded.pid, heartbeat_at = excluded.heartbeat_at,
                           attempts = coderag_job_leases.attempts + 1, cancel_requested = 0""",
                    (job.id, owner, hostname, pid, to_db_time(now)),
                )
                await set_index(db, job.project_id, IndexStatus.INDEXING, error_message=None,
                                      indexed_path=job.target_path)
        except sqlite3.IntegrityError:
            return None
        return await self.get_job(job.id)

    async def record_progress(
        self, job_id: str, *, owner: str, files_total: int, files_processed: int, chunks_created: int
    ) -> bool:
        """Write a running job's counters and heartbeat; return True when a cancel was requested.

        Raises LookupError when the job is no longer this owner's (recovered by another process).
        """
        files_processed = min(files_processed, files_total)
        async with self.transaction() as db:
            cursor = await db.execute(
                """UPDATE coderag_job_leases SET heartbeat_at = ? WHERE job_id = ? AND owner = ?""",
                (to_db_time(utcnow()), job_id, owner),
            )
            if cursor.rowcount == 0:
                raise LookupError(job_id)
            await db.execute(
                """UPDATE coderag_index_jobs SET files_total = ?, files_processed = ?, chunks_created = ?,
                          progress_percent = ? WHERE id = ? AND status = 'RUNNING'""",
                (files_total, files_processed, chunks_created, progress_percent(files_processed, files_total),
                 job_id),
            )
            rows = await db.execute_fetchall(
                "SELECT cancel_requested FROM coderag_job_leases WHERE job_id = ?", (job_id,)
            )
        return bool(list(rows)[0][0])

    async def finish_job(
        self,
        job_id: str,
        status: JobStatus,
        *,
        error_message: str | None = None,
        index_status: IndexStatus,
        index_error: str | None = None,
        indexed_path: str | None = None,
    ) -> JobRow | None:
        """End a job (and its lease) and move the project's index to `index_status`, atomically.

        None when the job's row is gone (its index was deleted while it ran): nothing is written."""
        assert not status.is_active
        async with self.transaction() as db:
            rows = list(await db.execute_fetchall("SELECT * FROM coderag_index_jobs WHERE id = ?", (job_id,)))
            if not rows:
                return None
            job = _job(rows[0])
            completed = later_than(job.started_at or job.created_at, utcnow())
            await db.execute(
                """UPDATE coderag_index_jobs SET status = ?, completed_at = ?, error_message = ? WHERE id = ?""",
                (to_db_enum(status), to_db_time(completed), error_message, job_id),
            )
            await db.execute("DELETE FROM coderag_job_leases WHERE job_id = ?", (job_id,))
            await set_index(
                db, job.project_id, index_status, error_message=index_error, indexed_path=indexed_path,
                indexed_at=completed if index_status is IndexStatus.READY else None,
            )
            await record_job_end(db, job.project_id)
        return await self.get_job(job_id)

    async def record_job_stats(
        self, job_id: str, *, skipped: Sequence[tuple[str, str]], excluded: dict[str, int]
    ) -> None:
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO coderag_job_stats (job_id, files_skipped, skipped_files, excluded) VALUES (?, ?, ?, ?)
                   ON CONFLICT (job_id) DO UPDATE SET files_skipped = excluded.files_skipped,
                       skipped_files = excluded.skipped_files, excluded = excluded.excluded""",
                (job_id, len(skipped), json.dumps([list(item) for item in skipped[:200]]), json.dumps(excluded)),
            )

    async def get_job_stats(self, job_id: str) -> tuple[int, list[tuple[str, str]], dict[str, int]] | None:
        row = await self._fetchone("SELECT * FROM coderag_job_stats WHERE job_id = ?", (job_id,))
        if row is None:
            return None
        return (row["files_skipped"], [tuple(item) for item in json.loads(row["skipped_files"])],  # type: ignore[misc]
                json.loads(row["excluded"]))

    async def request_cancel(self, job_id: str) -> JobRow | None:
        """Cancel a pending job at once; ask the owner of a running job to stop. None if unknown."""
        async with self.transaction() as db:
            rows = list(await db.execute_fetchall("SELECT * FROM coderag_index_jobs WHERE id = ?", (job_id,)))
            if not rows:
                return None
            job = _job(rows[0])
            if job.status is JobStatus.PENDING:
                await db.execute(
                    """UPDATE coderag_index_jobs SET status = 'CANCELLED', completed_at = ?,
                              error_message = 'Cancelled before it started.' WHERE id = ?""",
                    (to_db_time(later_than(job.created_at, utcnow())), job_id),
                )
                await db.execute("DELETE FROM coderag_job_leases WHERE job_id = ?", (job_id,))
            elif job.status is JobStatus.RUNNING:
                await db.execute(
                    "UPDATE coderag_job_leases SET cancel_requested = 1 WHERE job_id = ?", (job_id,)
                )
        return await self.get_job(job_id)

    async def running_jobs_with_leases(self) -> list[tuple[JobRow, LeaseRow | None]]:
        rows = await self._fetchall(
            """SELECT j.*, l.owner, l.hostname, l.pid, l.heartbeat_at, l.attempts, l.cancel_requested
                 FROM coderag_index_jobs AS j LEFT JOIN coderag_job_leases AS l ON l.job_id = j.id
                WHERE j.status = 'RUNNING'"""
        )
        result = []
        for row in rows:
            lease = None
            if row["owner"] is not None:
                lease = LeaseRow(
                    job_id=row["id"], owner=row["owner"], hostname=row["hostname"], pid=row["pid"],
                    heartbeat_at=from_db_time(row["heartbeat_at"]),  # type: ignore[arg-type]
                    attempts=row["attempts"], cancel_requested=bool(row["cancel_requested"]),
                )
            result.append((_job(row), lease))
        return result

    async def adopt_unleased_job(self, job_id: str, attempts: int = 1) -> None:
        """Give a RUNNING job that has no lease (written by another program) one, so it can expire."""
        async with self.transaction() as db:
            await db.execute(
                """INSERT OR IGNORE INTO coderag_job_leases (job_id, owner, hostname, pid, heartbeat_at, attempts,
                                                              cancel_requested)
                   VALUES (?, 'unknown', '', 0, ?, ?, 0)""",
                (job_id, to_db_time(utcnow()), attempts),
            )

    async def requeue_job(self, job_id: str, *, owner: str, reason: str) -> bool:
        """Put a RUNNING job whose process died back in the queue; it resumes where it stopped."""
        async with self.transaction() as db:
            cursor = await db.execute(
                """UPDATE coderag_index_jobs SET status = 'PENDING', started_at = NULL, error_message = ?
                    WHERE id = ? AND status = 'RUNNING'
                      AND EXISTS (SELECT 1 FROM coderag_job_leases WHERE job_id = ? AND owner = ?)""",
                (reason, job_id, job_id, owner),
            )
            if cursor.rowcount == 0:
                return False
            # Keep the lease row (its attempt counter), but no one owns it until it is claimed again.
            await db.execute(
                "UPDATE coderag_job_leases SET owner = '', pid = 0, hostname = '' WHERE job_id = ?", (job_id,)
            )
            job = _job(list(await db.execute_fetchall("SELECT * FROM coderag_index_jobs WHERE id = ?",
                                                      (job_id,)))[0])
            await set_index(db, job.project_id, IndexStatus.STALE, error_message=reason)
        return True

    async def fail_orphaned_job(self, job_id: str, *, owner: str, reason: str) -> bool:
        """Mark a RUNNING job whose process died (too often) as failed."""
        async with self.transaction() as db:
            cursor = await db.execute(
                """UPDATE coderag_index_jobs SET status = 'FAILED', completed_at = ?, error_message = ?
                    WHERE id = ? AND status = 'RUNNING'
                      AND EXISTS (SELECT 1 FROM coderag_job_leases WHERE job_id = ? AND owner = ?)""",
                (to_db_time(utcnow()), reason, job_id, job_id, owner),
            )
            if cursor.rowcount == 0:
                return False
            await db.execute("DELETE FROM coderag_job_leases WHERE job_id = ?", (job_id,))
            job = _job(list(await db.execute_fetchall("SELECT * FROM coderag_index_jobs WHERE id = ?",
                                                      (job_id,)))[0])
            await set_index(db, job.project_id, IndexStatus.FAILED, error_message=reason)
            await record_job_end(db, job.project_id)
        return True
