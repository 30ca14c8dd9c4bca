"""What a running job writes while it runs and when it ends, for the runner (jobs.py): its heartbeat and
progress (and whether anyone asked it to stop), the watchdog that fails a job stuck without a step, the
requeue on shutdown, and its end recorded, with retries while the database stays locked.

Apart from jobs.py, which claims jobs, starts and cancels them: these are the writes of one job's run, made
through the job's lease, and the state of a running job they share (RunningJob).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field

import anyio

from .errors import CoderagError
from .faults import kill_point
from .job_recovery import JobRecovery
from .models import IndexStatus, JobStatus
from .pipeline import Progress
from .store import JobRow

logger = logging.getLogger("coderag_mcp.jobs")  # the runner's: what a job records, it records for the runner


FINISH_ATTEMPTS = 6


class JobGone(LookupError):
    """The job's row was deleted while it ran (delete_index, or another program)."""


@dataclass
class RunningJob:
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


class JobRecords(JobRecovery):
    """A running job's writes. Expects the runner's `owner` besides what JobRecovery expects."""

    owner: str
    _running: dict[str, RunningJob]

    async def _give_up(self, running: RunningJob) -> None:
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

    async def _requeue_on_shutdown(self, running: RunningJob) -> None:
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

    async def _heartbeat(self, running: RunningJob) -> None:
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

    async def _write_progress(self, running: RunningJob) -> None:
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

    async def _finish_with_retries(self, running: RunningJob, error: BaseException | None) -> None:
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

    async def _finish(self, running: RunningJob, error: BaseException | None) -> None:
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
