"""The job runner: the one owner of job state (claiming, progress, cancellation, recovery).

A job is a row in `coderag_index_jobs` plus a lease in `coderag_job_leases` while it runs. The
runner that claims a job writes its progress and heartbeat every `heartbeat_seconds` (never
once per file) and reads back whether anyone asked it to stop. Any runner, in any process on the
same vault.db, recovers a RUNNING job whose owner is gone: a dead pid on this host, or a
heartbeat older than `lease_timeout_seconds`. Recovered jobs go back to the queue and resume
without redoing the files they had finished; after `max_attempts` they fail with the reason.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio
from anyio.abc import TaskGroup

from .config import Settings
from .errors import CoderagError, root_cause
from .faults import kill_point
from .job_process import JobProcessDied, JobRequest, run_index_in_process
from .job_recovery import JobRecovery
from .models import IndexStatus, JobStatus
from .pipeline import Progress, run_index
from .store import JobRow, Store

logger = logging.getLogger(__name__)

FINISH_ATTEMPTS = 6

class JobGone(LookupError):
    """The job's row was deleted while it ran (delete_index, or another program)."""


JobListener = Callable[[JobRow, bool], Awaitable[None]]
"""Told of a job whenever it changed: (job, True when its status changed, False for progress)."""


@dataclass
class _Running:
    job: JobRow
    progress: Progress
    scope: anyio.CancelScope
    cancel_requested: bool = False
    lease_lost: bool = False
    # Set when the job's rows were deleted (delete_index): its end records nothing.
    discarded: bool = False
    # Set when the watchdog failed the job for being stuck: its end records nothing more.
    given_up: bool = False
    stopped: anyio.Event = field(default_factory=anyio.Event)


class JobRunner(JobRecovery):
    def __init__(self, store: Store, settings: Settings, on_change: JobListener) -> None:
        self.store = store
        self.settings = settings
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self.owner = f"{self.hostname}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self._on_change = on_change
        self._running: dict[str, _Running] = {}
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
        self._running[job.id] = _Running(job, Progress(), anyio.CancelScope())
        await self._notify(job, True)
        self._task_group.start_soon(self._run, job)

    # --- one job ----------------------------------------------------------------------------------

    async def _run(self, job: JobRow) -> None:
        running = self._running.setdefault(job.id, _Running(job, Progress(), anyio.CancelScope()))
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

    async def _give_up(self, running: _Running) -> None:
        """Fail a stuck job with the reason and free its slot at once, whether or not its work stops now.

        Its task is cancelled: whatever it waits on is abandoned (a thread) or killed (a parser
        process), and if a wait cannot be interrupted, the task's next step raises instead of writing.
        Its writes also check that the job still runs, which it no longer does.
        """
        job, progress = running.job, running.progress
        message = (f"The job was stopped: it made no progress for {self.settings.job_stall_seconds:g} s while "
                   f"{progress.phase} ({progress.files_processed} of {progress.files_total} files done; they are "
                   "kept). Something it waited on never answered, such as a folder on a hung network mount. Check "
                   "the folder, then run update_index; for a huge repository whose steps are slow but not stuck, "
                   "raise CODERAG_JOB_STALL_SECONDS.")
        running.given_up = True
        logger.error("job %s: %s", job.id, message)
        updated: JobRow | None = None
        # Recorded before the work is cancelled: the work's end cancels this heartbeat's task too.
        with anyio.CancelScope(shield=True):
            try:
                if await self.store.fail_orphaned_job(job.id, owner=self.owner, reason=message):
                    updated = await self.store.get_job(job.id)
            except sqlite3.Error as error:  # its lease then expires, and recovery requeues or fails it
                logger.error("job %s: could not record that it was stopped: %s", job.id, error)
            if updated is not None:
                await self._notify(updated, True)
        running.scope.cancel()
        if self._running.get(job.id) is running:
            del self._running[job.id]
        self.wake()

    async def _requeue_on_shutdown(self, running: _Running) -> None:
        if running.lease_lost or running.discarded or running.given_up:
            return
        try:
            if await self.store.requeue_job(
                running.job.id, owner=self.owner,
                reason="The server stopped while this job ran; requeued, it resumes where it stopped.",
            ):
                updated = await self.store.get_job(running.job.id)
                if updated is not None:
                    await self._notify(updated, True)
        except sqlite3.Error as error:  # recovery finds the job by its dead pid instead
            logger.warning("job %s: could not requeue it on shutdown: %s", running.job.id, error)

    async def _heartbeat(self, running: _Running) -> None:
        last_sent: tuple[int, int, int] | None = None
        last_step, stalled, tick = running.progress.steps, 0.0, anyio.current_time()
        while True:
            await anyio.sleep(self.settings.heartbeat_seconds)
            # The watchdog: time the job waited without a step, counted only while this loop ran on
            # time (a late tick means the event loop was busy computing, which is work, not a hang).
            now = anyio.current_time()
            waited, tick = min(now - tick, 2 * self.settings.heartbeat_seconds), now
            if running.progress.steps != last_step:
                last_step, stalled = running.progress.steps, 0.0
            else:
                stalled += waited
            if stalled > self.settings.job_stall_seconds:
                await self._give_up(running)
                return
            await self._write_progress(running)
            counters = (running.progress.files_total, running.progress.files_processed,
                        running.progress.chunks_created)
            if counters != last_sent and not running.lease_lost and not running.discarded and not running.given_up:
                last_sent = counters
                try:
                    job = await self.store.get_job(running.job.id)
                except sqlite3.Error as error:
                    logger.warning("job %s: could not read it back: %s", running.job.id, error)
                    continue
                if job is not None:
                    await self._notify(job, False)

    async def _write_progress(self, running: _Running) -> None:
        progress = running.progress
        if running.lease_lost or running.discarded or running.given_up:
            return
        try:
            cancel = await self.store.record_progress(
                running.job.id, owner=self.owner, files_total=progress.files_total,
                files_processed=progress.files_processed, chunks_created=progress.chunks_created,
            )
        except sqlite3.Error as error:
            # A locked or full database: the work itself will hit it too and fail with the reason.
            logger.warning("job %s: could not write progress: %s", running.job.id, error)
            return
        except LookupError:
            # Another process decided we were dead and took the job back: stop, and leave its row alone.
            running.lease_lost = True
            running.scope.cancel()
            return
        if cancel and not running.cancel_requested:
            running.cancel_requested = True
            running.scope.cancel()

    async def _finish_with_retries(self, running: _Running, error: BaseException | None) -> None:
        """Record the outcome; a database that stays locked gets a few more chances before we give up
        and leave the job to recovery (its lease expires and another run picks it up)."""
        for attempt in range(FINISH_ATTEMPTS):
            try:
                await self._finish(running, error)
                return
            except JobGone:
                logger.warning("job %s no longer exists (its index was deleted while it ran); nothing recorded",
                               running.job.id)
                return
            except sqlite3.OperationalError as failure:
                logger.warning("job %s: could not record its end (%s); retrying", running.job.id, failure)
                await anyio.sleep(min(2.0 ** attempt, 10.0))
            except sqlite3.Error as failure:  # e.g. a foreign key: the job's rows changed under it
                if await self._job_gone(running.job.id):
                    logger.warning("job %s no longer exists (its index was deleted while it ran); nothing "
                                   "recorded", running.job.id)
                else:
                    logger.error("job %s: could not record its end (%s); recovery will requeue it",
                                 running.job.id, failure)
                return
        logger.error("job %s: gave up recording its end; recovery will requeue it", running.job.id)

    async def _job_gone(self, job_id: str) -> bool:
        try:
            return await self.store.get_job(job_id) is None
        except sqlite3.Error:
            return False

    async def _finish(self, running: _Running, error: BaseException | None) -> None:
        job_id, progress = running.job.id, running.progress
        if running.given_up:
            logger.warning("job %s ended after it was stopped as stuck; nothing more recorded", job_id)
            return
        if running.discarded or await self._job_gone(job_id):
            raise JobGone(job_id)
        await self._write_progress(running)
        if running.lease_lost:
            logger.warning("job %s was recovered by another process; leaving it to that process", job_id)
            return
        await self.store.record_job_stats(job_id, skipped=progress.skipped, excluded=progress.excluded)
        has_files = await self.store.has_index_data(running.job.project_id)
        if error is not None:
            message = str(error) if isinstance(error, CoderagError) else (
                f"Indexing stopped on an unexpected error ({type(error).__name__}: {error}). The files indexed "
                "so far are kept; run update_index to try again, and report the error if it repeats."
            )
            if not isinstance(error, CoderagError):
                logger.error("job %s failed", job_id, exc_info=error)
            finished = await self.store.finish_job(
                job_id, JobStatus.FAILED, error_message=message, index_status=IndexStatus.FAILED, index_error=message,
            )
        elif running.cancel_requested or running.scope.cancel_called:
            message = (f"Cancelled after {progress.files_processed} of {progress.files_total} files; the files "
                       "indexed so far are kept. Run update_index to finish the index.")
            finished = await self.store.finish_job(
                job_id, JobStatus.CANCELLED, error_message=message,
                index_status=IndexStatus.STALE if has_files else IndexStatus.NOT_INITIALIZED, index_error=message,
            )
        else:
            finished = await self.store.finish_job(
                job_id, JobStatus.COMPLETED, index_status=IndexStatus.READY, indexed_path=running.job.target_path,
            )
        if finished is None:
            raise JobGone(job_id)
        kill_point("finished")
        await self._notify(finished, True)

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
