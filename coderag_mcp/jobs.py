"""The job runner: the one owner of job state (claiming, progress, cancellation, recovery).

A job is a row in `coderag_index_jobs` plus a lease in `coderag_job_leases` while it runs. The
runner that claims a job writes its progress and heartbeat every `heartbeat_seconds` (never
once per file) and reads back whether anyone asked it to stop. Any runner, in any process on the
same vault.db, recovers a RUNNING job whose owner is gone: a dead pid on this host, or a
heartbeat older than `lease_timeout_seconds`. Recovered jobs go back to the queue and resume
without redoing the files they had finished; after `max_attempts` they fail with the reason.
(What a running job writes, its heartbeat to its end, is job_records.py; recovery is job_recovery.py.)
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import Awaitable, Callable

import anyio
from anyio.abc import TaskGroup

from .config import Settings
from .errors import root_cause
from .job_process import JobProcessDied, JobRequest, run_index_in_process
from .job_records import JobRecords, RunningJob
from .models import JobStatus
from .pipeline import Progress, run_index
from .store import JobRow, Store

logger = logging.getLogger(__name__)

JobListener = Callable[[JobRow, bool], Awaitable[None]]
"""Told of a job whenever it changed: (job, True when its status changed, False for progress)."""


class JobRunner(JobRecords):
    def __init__(self, store: Store, settings: Settings, on_change: JobListener) -> None:
        self.store = store
        self.settings = settings
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self.owner = f"{self.hostname}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self._on_change = on_change
        self._running: dict[str, RunningJob] = {}
        self._task_group: TaskGroup | None = None
        self._wake = anyio.Event()
        self._changed: dict[str, anyio.Event] = {}

    # --- the loop ---------------------------------------------------------------------------------

    async def serve(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Run queued jobs until cancelled: the server's lifespan owns this task."""
        async with anyio.create_task_group() as tg:
            self._task_group = tg
            task_status.started()
            try:
                while True:
                    try:
                        await self.recover_stale_jobs()
                        await self._start_claimable()
                    except sqlite3.Error as error:
                        # A locked or damaged database: keep serving (the tools report it) and try again.
                        logger.error("the job runner could not read the queue: %s", error)
                        await anyio.sleep(max(self.settings.poll_seconds, 5.0))
                    with anyio.move_on_after(self.settings.poll_seconds):
                        await self._wake.wait()
                    self._wake = anyio.Event()
            finally:
                self._task_group = None
                tg.cancel_scope.cancel()

    def wake(self) -> None:
        self._wake.set()

    async def drain(self) -> list[str]:
        """Run every job that can be claimed now, one after another; return their ids in order."""
        await self.recover_stale_jobs()
        ran = []
        while (job := await self.store.claim_next_job(owner=self.owner, hostname=self.hostname, pid=self.pid)):
            ran.append(job.id)
            await self._notify(job, True)
            await self._run(job)
        return ran

    @property
    def serving(self) -> bool:
        return self._task_group is not None

    async def run_one(self, job_id: str) -> bool:
        """Run this pending job in the calling task (the command line's foreground run).

        False when it cannot be claimed, e.g. because another process runs this project's job.
        """
        await self.recover_stale_jobs()
        job = await self.store.claim_next_job(owner=self.owner, hostname=self.hostname, pid=self.pid, job_id=job_id)
        if job is None:
            return False
        await self._notify(job, True)
        await self._run(job)
        return True

    async def try_start(self, job_id: str) -> bool:
        """Start this pending job now if the runner has room; False means it stays queued."""
        if self._task_group is None or len(self._running) >= self.settings.max_concurrent_jobs:
            self.wake()
            return False
        job = await self.store.claim_next_job(owner=self.owner, hostname=self.hostname, pid=self.pid, job_id=job_id)
        if job is None:
            self.wake()
            return False
        await self._launch(job)
        return True

    async def _start_claimable(self) -> None:
        while self._task_group is not None and len(self._running) < self.settings.max_concurrent_jobs:
            job = await self.store.claim_next_job(owner=self.owner, hostname=self.hostname, pid=self.pid)
            if job is None:
                return
            await self._launch(job)

    async def _launch(self, job: JobRow) -> None:
        assert self._task_group is not None
        # Registered before the task starts, so a cancel arriving at once finds it.
        self._running[job.id] = RunningJob(job, Progress(), anyio.CancelScope())
        await self._notify(job, True)
        self._task_group.start_soon(self._run, job)

    # --- one job ----------------------------------------------------------------------------------

    async def _run(self, job: JobRow) -> None:
        running = self._running.setdefault(job.id, RunningJob(job, Progress(), anyio.CancelScope()))
        error: BaseException | None = None
        lost: JobProcessDied | None = None
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._heartbeat, running)
                with running.scope:
                    try:
                        if await self._in_own_process(job):
                            await run_index_in_process(JobRequest(
                                self.settings, project_id=job.project_id, job_id=job.id, target_path=job.target_path,
                                force=job.force), running.progress)
                        else:
                            await run_index(
                                self.store, project_id=job.project_id, job_id=job.id, target_path=job.target_path,
                                force=job.force, settings=self.settings, progress=running.progress,
                            )
                    except JobProcessDied as died:
                        lost = died
                    except Exception as exc:  # every failure ends the job as failed, with its reason
                        error = root_cause(exc)
                tg.cancel_scope.cancel()
            with anyio.CancelScope(shield=True):
                if lost is not None and not running.scope.cancel_called:
                    await self._requeue_after_crash(running, lost)
                else:
                    await self._finish_with_retries(running, error)
        except anyio.get_cancelled_exc_class():
            # The runner itself is stopping (server shutdown): hand the job back to the queue now
            # rather than leave it for recovery to find.
            with anyio.CancelScope(shield=True):
                await self._requeue_on_shutdown(running)
            raise
        except Exception:  # a store error at a job's end must never take the server down with it
            logger.exception("job %s: its end could not be recorded; recovery will requeue it", job.id)
        finally:
            self._running.pop(job.id, None)
            running.stopped.set()
            self.wake()

    async def _in_own_process(self, job: JobRow) -> bool:
        """A first or forced index runs in a child process (job_process.py) when the settings ask for it,
        and so does an update of a large index (Settings.update_process_min_files); an update of a smaller
        index that was complete once stays here (small, and the watcher waits for it)."""
        if not self.settings.job_process:
            return False
        if job.force:
            return True
        index = await self.store.get_index(job.project_id)
        if index is None or index.last_indexed_at is None:  # never complete: a first index, or its resumption
            return True
        return index.file_count >= self.settings.update_process_min_files

    # --- cancellation and recovery ------------------------------------------------------------------

    async def cancel(self, job_id: str) -> JobRow | None:
        """Cancel a pending job at once, or ask a running one to stop (here, or in another process)."""
        job = await self.store.request_cancel(job_id)
        if job is None:
            return None
        running = self._running.get(job_id)
        if running is not None:
            running.cancel_requested = True
            running.scope.cancel()
        elif job.status is JobStatus.CANCELLED:
            await self._notify(job, True)
        return job

    async def stop_for_delete(self, job_id: str, wait_seconds: float) -> None:
        """Cancel a job of this process whose rows are about to be deleted, and wait until it stopped.

        A job that does not stop in time (a read stuck in the kernel) is marked discarded: when it
        does stop, it records nothing, and its cancelled scope lets it write no more rows.
        """
        running = self._running.get(job_id)
        if running is None:
            return
        running.cancel_requested = True
        running.scope.cancel()
        with anyio.move_on_after(wait_seconds):
            await running.stopped.wait()
        running.discarded = True

    def progress_of(self, job_id: str) -> Progress | None:
        running = self._running.get(job_id)
        return running.progress if running is not None else None

    def changed(self, job_id: str) -> anyio.Event:
        """An event set the next time this process sees the job change (progress or state)."""
        return self._changed.setdefault(job_id, anyio.Event())

    async def _notify(self, job: JobRow, state_changed: bool) -> None:
        event = self._changed.pop(job.id, None)
        if event is not None:
            event.set()
        try:
            await self._on_change(job, state_changed)
        except Exception:  # a listener's failure must never stop a job
            logger.exception("job listener failed")
