"""The service layer: every operation of the MCP tools and the command line, in plain async methods.

`server.py` and `cli.py` both call this; neither re-implements the other. Methods take and
return the API models and raise `CoderagError` subclasses whose text says what to do next. The reads are
mixed in: queries.py (search, read_code), graph_queries.py (symbols, references, the repo map),
status_queries.py (status, projects, and the resource notifications).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import anyio
import anyio.abc

from .config import Settings
from .errors import Conflict, IndexingFailed, InvalidArgument, NotFound
from .jobs import JobRunner
from .models import (
    DeleteIndexResponse,
    InitCodeRAGResponse,
    JobList,
    JobStatus,
    JobStatusResponse,
)
from .embeddings import EmbeddingError, OpenAICompatibleEmbeddings, fill_embeddings
from .paths import folders_of_roots, named_by_roots, why_sensitive
from .pipeline import check_target
from .staleness import StalenessMonitor
from .status_queries import PROJECTS_URI, ResourceListener, StatusQueries, job_uri, status_uri
from .store import JobRow, Store, utcnow
from .graph_queries import GraphQueries
from .queries import CodeQueries, no_index
from .render import parse_errors_note
from .validation import (MAX_PRIORITY, check_absolute, check_length, check_project_id,  # noqa: F401 - cli.py, server.py
                         check_range, project_id_for, similar_names)

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[JobStatusResponse], Awaitable[None]]

# How long cancel_job and delete_index wait for a running job to stop.
STOP_WAIT_SECONDS = 5.0


def folder_from_roots(root_uris: list[str]) -> str:
    """The folder to index when the caller gave none: the client's one root (MCP roots)."""
    folders = folders_of_roots(root_uris)
    if len(folders) == 1:
        return folders[0]
    if not folders:
        raise InvalidArgument("target_path is missing and the client shares no folder (no file:// roots). Pass "
                              "the absolute path of the folder to index as target_path.")
    raise InvalidArgument(f"target_path is missing and the client shares {len(folders)} folders: "
                          f"{', '.join(folders)}. Pass the one to index as target_path.")


class CodeIndexService(CodeQueries, GraphQueries, StatusQueries):
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.runner = JobRunner(store, settings, self._job_changed)
        self.staleness = StalenessMonitor(store, settings.max_file_bytes, self._mark_stale,
                                          self._index_changed_elsewhere,
                                          walk_bound=settings.parse_batch_timeout_seconds)
        self._listeners: list[ResourceListener] = []
        self.embeddings = OpenAICompatibleEmbeddings(settings.embeddings) if settings.embeddings else None
        self._embedding_now: set[str] = set()
        self._histories = {}
        self._vector_indexes = {}
        self._task_group: anyio.abc.TaskGroup | None = None

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, settings: Settings, *, run_jobs: bool = True) -> AsyncIterator[CodeIndexService]:
        """Open the database and, with `run_jobs`, run the job runner until the context exits."""
        store = await Store.open(settings.db_path, busy_timeout_ms=settings.busy_timeout_ms)
        try:
            service = cls(store, settings)
            if run_jobs:
                async with anyio.create_task_group() as tg:
                    await tg.start(service.runner.serve)
                    service.staleness.task_group = service._task_group = tg
                    try:
                        yield service
                    finally:
                        service.staleness.task_group = service._task_group = None
                        tg.cancel_scope.cancel()
            else:
                yield service
        finally:
            await store.close()

    # --- notifications ------------------------------------------------------------------------------

    async def _job_changed(self, job: JobRow, state_changed: bool) -> None:
        if state_changed:
            self.staleness.forget(job.project_id)
            if job.status is JobStatus.COMPLETED and self._task_group is not None:
                self._task_group.start_soon(self.fill_embeddings, job.project_id)
        await self._publish(job_uri(job.id))
        await self._publish(status_uri(job.project_id))
        if state_changed:
            await self._publish(PROJECTS_URI)

    async def fill_embeddings(self, project_id: str) -> int:
        """Give every chunk of the project a vector (background work after a job; never blocks search)."""
        if self.embeddings is None or project_id in self._embedding_now:
            return 0
        self._embedding_now.add(project_id)
        try:
            return await fill_embeddings(self.store, project_id, self.embeddings)
        except EmbeddingError as error:
            logger.warning("embeddings for %s stopped: %s", project_id, error)
            return 0
        finally:
            self._embedding_now.discard(project_id)

    # --- responses ------------------------------------------------------------------------------------

    async def job_response(self, job: JobRow) -> JobStatusResponse:
        live = self.runner.progress_of(job.id)
        stats = await self.store.get_job_stats(job.id)
        files_skipped = stats[0] if stats else (len(live.skipped) if live else 0)
        end = job.completed_at or (utcnow() if job.status is JobStatus.RUNNING else None)
        duration = (end - job.started_at).total_seconds() if end and job.started_at else None
        eta = None
        if job.status is JobStatus.RUNNING and duration and job.files_processed and job.files_total:
            eta = round(duration * (job.files_total - job.files_processed) / job.files_processed, 1)
        return JobStatusResponse(
            job_id=job.id, project_id=job.project_id, status=job.status, progress_percent=job.progress_percent,
            files_total=job.files_total, files_processed=job.files_processed, chunks_created=job.chunks_created,
            started_at=job.started_at, completed_at=job.completed_at, error_message=job.error_message,
            duration_seconds=round(duration, 3) if duration is not None else None, created_at=job.created_at,
            target_path=job.target_path, force=job.force, priority=job.priority, eta_seconds=eta,
            files_skipped=files_skipped, resource_uri=job_uri(job.id),
        )

    async def _require_job(self, job_id: str) -> JobRow:
        job = await self.store.get_job(job_id)
        if job is None:
            raise NotFound(f"No job with id '{job_id}'. list_jobs shows the recent jobs and their ids.")
        return job

    # --- index management -----------------------------------------------------------------------------

    async def init_index(
        self,
        project_id: str,
        target_path: str,
        *,
        force: bool = False,
        background: bool = True,
        priority: int = 0,
        on_progress: ProgressCallback | None = None,
        root_folders: Sequence[str] = (),
    ) -> InitCodeRAGResponse:
        """`root_folders`: the client's MCP roots; one naming a sensitive folder exactly allows it (paths.py)."""
        check_project_id(project_id)
        check_range("priority", priority, -MAX_PRIORITY, MAX_PRIORITY)
        root = check_target(check_absolute(target_path), root_folders=root_folders)
        active = await self.store.active_job(project_id)
        # An index another program built or changed is taken over without force.
        if active is None and not force and await self.store.index_origin(project_id) == "ours":
            index = await self.store.get_index(project_id)
            where = f" of {index.last_indexed_path}" if index and index.last_indexed_path else ""
            counts = f" ({index.file_count} files, {index.chunk_count} chunks)" if index else ""
            raise Conflict(
                f"Project '{project_id}' already has an index{where}{counts}. Call update_index to refresh only "
                "what changed, or init_index again with force=true to rebuild it from scratch."
            )
        await self.store.ensure_project(project_id, os.path.basename(root) or project_id)
        # Kept with the index for the project's later jobs, which run without this client.
        granted = named_by_roots(root, root_folders) if why_sensitive(root) else None
        return await self._submit(project_id, root, force=force, background=background, priority=priority,
                                  on_progress=on_progress, grant=True, granted_folder=granted)

    async def update_index(
        self, project_id: str, *, background: bool = True, on_progress: ProgressCallback | None = None
    ) -> InitCodeRAGResponse:
        check_project_id(project_id)
        index = await self.store.get_index(project_id)
        # An index vlt built has no state of ours, but vlt's jobs record the folder.
        path = (index.last_indexed_path if index else None) or await self.store.last_target_path(project_id)
        if not path:
            if await self.store.index_origin(project_id) == "foreign":
                raise NotFound(f"Project '{project_id}' was indexed by another program (vlt), which recorded no "
                               "folder. Call init_index with project_id and target_path to take the index over "
                               "(no force needed).")
            raise await no_index(self.store, project_id, path_argument="target_path")
        root = check_target(path, granted=await self.store.granted_folder(project_id))
        return await self._submit(project_id, root, force=False, background=background, priority=0,
                                  on_progress=on_progress)

    async def _submit(
        self, project_id: str, root: str, *, force: bool, background: bool, priority: int,
        on_progress: ProgressCallback | None, grant: bool = False, granted_folder: str | None = None,
    ) -> InitCodeRAGResponse:
        """`grant`: record `granted_folder` (a folder a client's root allowed; None clears it) with the index."""
        job, created = await self.store.enqueue_job(project_id, root, force=force, priority=priority,
                                                    grant=grant, granted_folder=granted_folder)
        if created:
            await self._job_changed(job, True)
            # Without a runner loop (the command line) a foreground job runs in this very call.
            started = await self.runner.try_start(job.id) if self.runner.serving else not background
        else:
            started = job.status is JobStatus.RUNNING
        if created:
            message = (f"Indexing {root} as project '{project_id}'" + (" now." if started else
                       "; the job is queued behind other jobs."))
        else:
            message = (f"Project '{project_id}' already has a {job.status.value} job ({job.id}); returning it "
                       "instead of starting another. Cancel it with cancel_job to start over.")
        if background:
            message += f" Follow it with get_job or by subscribing to {job_uri(job.id)}."
            return InitCodeRAGResponse(job_id=job.id, status="started" if started else "queued", message=message,
                                       resource_uri=job_uri(job.id))
        async with anyio.create_task_group() as tg:
            if not self.runner.serving:
                tg.start_soon(self.runner.run_one, job.id)  # no runner loop here: run it in this call
            finished = await self.wait_for_job(job.id, on_progress)
        if finished.status is JobStatus.FAILED:
            raise IndexingFailed(finished.error_message or "The indexing job failed.")
        summary = (f"Job {finished.status.value}: {finished.files_processed} of {finished.files_total} files, "
                   f"{finished.chunks_created} chunks written in {finished.duration_seconds or 0:.1f} s.")
        state = await self.store.index_state(job.project_id)
        if note := parse_errors_note(state.unread_files, state.unread_examples):
            summary += f" Note: {note}."
        # The job has ended: say how, not how it began.
        return InitCodeRAGResponse(job_id=job.id, status=finished.status.value,
                                   message=f"{message} {summary}", resource_uri=job_uri(job.id), job=finished)

    async def wait_for_job(self, job_id: str, on_progress: ProgressCallback | None = None) -> JobStatusResponse:
        """Wait until the job ends, reporting progress; cancelling the wait cancels the job."""
        last: tuple[object, ...] | None = None
        try:
            while True:
                job = await self._require_job(job_id)
                live = self.runner.progress_of(job_id)
                response = await self.job_response(job)
                if live is not None and job.status is JobStatus.RUNNING:
                    # Fresher than the row, which is written twice a second.
                    response.files_total = live.files_total
                    response.files_processed = min(live.files_processed, live.files_total)
                    response.chunks_created = live.chunks_created
                    response.progress_percent = (100 * response.files_processed // response.files_total
                                                 if response.files_total else 0)
                key = (response.status, response.files_processed, response.files_total)
                if on_progress is not None and key != last:
                    last = key
                    await on_progress(response)
                if not job.status.is_active:
                    return response
                # Woken at once by a change this process makes; a job run elsewhere is polled.
                with anyio.move_on_after(0.2):
                    await self.runner.changed(job_id).wait()
        except anyio.get_cancelled_exc_class():
            with anyio.CancelScope(shield=True):
                await self.runner.cancel(job_id)
            raise

    async def get_job(self, job_id: str) -> JobStatusResponse:
        return await self.job_response(await self._require_job(job_id))

    async def list_jobs(
        self, project_id: str | None = None, status: JobStatus | None = None, limit: int = 20
    ) -> JobList:
        check_range("limit", limit, 1, 500)
        jobs = await self.store.list_jobs(project_id, status, limit)
        return JobList(jobs=[await self.job_response(job) for job in jobs])

    async def cancel_job(self, job_id: str) -> JobStatusResponse:
        job = await self._require_job(job_id)
        if not job.status.is_active:
            raise Conflict(f"Job {job_id} already ended ({job.status.value}); there is nothing to cancel. "
                           "init_index or update_index starts a new one.")
        await self.runner.cancel(job_id)
        with anyio.move_on_after(STOP_WAIT_SECONDS):
            while (job := await self._require_job(job_id)).status.is_active:
                await anyio.sleep(0.05)
        return await self.job_response(job)

    async def delete_index(self, project_id: str) -> DeleteIndexResponse:
        check_project_id(project_id)
        if await self.store.get_project(project_id) is None:
            raise NotFound(f"No project '{project_id}'. list_projects shows the projects there are.")
        cancelled = None
        active = await self.store.active_job(project_id)
        if active is not None:
            cancelled = active.id
            await self.runner.cancel(active.id)
            # A job of this process: wait until its task ended, or mark it so its end records nothing.
            await self.runner.stop_for_delete(active.id, STOP_WAIT_SECONDS)
            with anyio.move_on_after(STOP_WAIT_SECONDS):
                while (job := await self.store.get_job(active.id)) is not None and job.status.is_active:
                    await anyio.sleep(0.05)
        deleted = await self.store.delete_index(project_id)
        self.staleness.forget(project_id)
        self._vector_indexes.pop(project_id, None)  # a search of it finds no index: nothing would read them again
        self._histories.pop(project_id, None)
        await self._publish(status_uri(project_id))
        await self._publish(PROJECTS_URI)
        total = sum(deleted.values())
        return DeleteIndexResponse(
            project_id=project_id, deleted=deleted, cancelled_job_id=cancelled,
            message=(f"Deleted {total} rows of project '{project_id}''s index; the project itself is kept."
                     if total else f"Project '{project_id}' had no index; nothing to delete."),
        )
