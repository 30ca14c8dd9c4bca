"""Recovery: a RUNNING job whose process is gone goes back to the queue, or fails after
`max_attempts`; the runner (jobs.py) calls it on its loop, and when a job's own process dies.

A process is gone when its pid on this host is dead, or when its heartbeat is older than
`lease_timeout_seconds` (another host, or a process stopped in its tracks).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable
from typing import Any

from .config import Settings
from .job_process import JobProcessDied
from .pids import pid_alive
from .store import JobRow, LeaseRow, Store, utcnow

logger = logging.getLogger("coderag_mcp.jobs")  # the runner's: what recovery does, it does for the runner


class JobRecovery:
    """Expects the runner's `store`, `settings`, `hostname`, `pid`, `_running`, `_notify` and `wake`."""

    store: Store
    settings: Settings
    hostname: str
    pid: int
    _running: dict[str, Any]

    def _notify(self, job: JobRow, state_changed: bool) -> Awaitable[None]:
        raise NotImplementedError

    def wake(self) -> None:
        raise NotImplementedError

    async def recover_stale_jobs(self) -> list[JobRow]:
        """Requeue (or fail, after too many attempts) RUNNING jobs whose process is gone."""
        recovered = []
        for job, lease in await self.store.running_jobs_with_leases():
            if job.id in self._running:
                continue
            if lease is None:
                # Written by another program that keeps no lease: give it one, so it can expire.
                await self.store.adopt_unleased_job(job.id)
                continue
            reason = self._why_dead(lease)
            if reason is None:
                continue
            updated = await self._requeue_or_fail(job, lease, reason)
            if updated is not None:
                recovered.append(updated)
        return recovered

    def _why_dead(self, lease: LeaseRow) -> str | None:
        if lease.hostname == self.hostname and lease.pid and lease.pid != self.pid and not pid_alive(lease.pid):
            return f"process {lease.pid} on {lease.hostname} is gone"
        age = (utcnow() - lease.heartbeat_at).total_seconds()
        if age > self.settings.lease_timeout_seconds:
            who = f"process {lease.pid} on {lease.hostname}" if lease.pid else "its process"
            return f"no heartbeat from {who} for {int(age)} s"
        return None

    async def _requeue_after_crash(self, running: Any, died: JobProcessDied) -> None:
        """The job's process died without an answer: requeue it to resume, as recovery does for a job
        whose server died, or fail it after too many attempts."""
        if running.lease_lost or running.discarded or running.given_up:
            return
        try:
            lease = next((lease for job, lease in await self.store.running_jobs_with_leases()
                          if job.id == running.job.id), None)
            if lease is not None:
                await self._requeue_or_fail(running.job, lease, str(died))
        except sqlite3.Error as error:  # its lease then expires, and recovery requeues or fails it
            logger.error("job %s: could not requeue it after its process died: %s", running.job.id, error)

    async def _requeue_or_fail(self, job: JobRow, lease: LeaseRow, reason: str) -> JobRow | None:
        if lease.attempts >= self.settings.max_attempts:
            message = (f"The process running this job stopped {lease.attempts} times without finishing it "
                       f"(last: {reason}). The files indexed so far are kept. Look for a file that makes the "
                       "indexer crash or run out of memory, exclude it in .gitignore, then run update_index.")
            done = await self.store.fail_orphaned_job(job.id, owner=lease.owner, reason=message)
        else:
            message = (f"The process running this job stopped without finishing it ({reason}); requeued, it "
                       f"resumes where it stopped (attempt {lease.attempts + 1} of {self.settings.max_attempts}).")
            done = await self.store.requeue_job(job.id, owner=lease.owner, reason=message)
        if not done:
            return None
        logger.warning("job %s: %s", job.id, message)
        updated = await self.store.get_job(job.id)
        if updated is not None:
            await self._notify(updated, True)
        self.wake()
        return updated
