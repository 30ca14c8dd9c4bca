"""The service layer: every operation of the MCP tools and the command line, in plain async methods.

`server.py` and `cli.py` both call this; neither re-implements the other. Methods take and
return the API models and raise `CoderagError` subclasses whose text says what to do next.
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
    CodeRAGStatusResponse,
    DeleteIndexResponse,
    IndexStatus,
    InitCodeRAGResponse,
    JobList,
    JobStatus,
    JobStatusResponse,
    JobSummary,
    ProjectInfo,
    ProjectList,
)
from .embeddings import EmbeddingError, OpenAICompatibleEmbeddings, fill_embeddings
from .languages import BY_NAME
from .paths import folders_of_roots, named_by_roots, why_sensitive
from .pipeline import check_target
from .staleness import StalenessMonitor
from .store import JobRow, Store, fingerprint_counts, utcnow
from .graph_queries import GraphQueries
from .queries import CodeQueries, no_index
from .render import parse_errors_note
from .validation import (MAX_PRIORITY, check_absolute, check_length, check_project_id,  # noqa: F401 - cli.py, server.py
                         check_range, project_id_for, similar_names)

logger = logging.getLogger(__name__)

PROJECTS_URI = "coderag://projects"

ResourceListener = Callable[[str], Awaitable[None]]
ProgressCallback = Callable[[JobStatusResponse], Awaitable[None]]

# How long cancel_job and delete_index wait for a running job to stop.
STOP_WAIT_SECONDS = 5.0


def job_uri(job_id: str) -> str:
    return f"coderag://jobs/{job_id}"


def status_uri(project_id: str) -> str:
    return f"coderag://projects/{project_id}/status"


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


class CodeIndexService(CodeQueries, GraphQueries):
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

    def add_listener(self, listener: ResourceListener) -> Callable[[], None]:
        """Be told the URI of every resource that changed; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def _publish(self, uri: str) -> None:
        for listener in list(self._listeners):
            await listener(uri)

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

    # --- reading --------------------------------------------------------------------------------------

    async def _mark_stale(self, project_id: str) -> None:
        if await self.store.mark_stale(project_id):
            await self._publish(status_uri(project_id))
            await self._publish(PROJECTS_URI)

    async def _index_changed_elsewhere(self, project_id: str, expected: str, found: str) -> None:
        """Another program wrote or deleted the index's rows after our last job: say so, and how to repair."""
        before, now = fingerprint_counts(expected), fingerprint_counts(found)
        if not any(now.values()):
            status = IndexStatus.NOT_INITIALIZED
            message = ("Another program (vlt coderag delete?) deleted this index after coderag-mcp built it. "
                       "Call init_index to build it again.")
        else:
            status = IndexStatus.STALE
            message = (f"Another program (vlt?) changed this index after coderag-mcp built it: "
                       f"{now['code_chunks']} chunks and {now['symbol_definitions']} symbols now, "
                       f"{before['code_chunks']} and {before['symbol_definitions']} when it was built. Search "
                       "may miss or repeat code until update_index rebuilds it.")
        if await self.store.mark_changed_elsewhere(project_id, expected, status, message):
            await self._publish(status_uri(project_id))
            await self._publish(PROJECTS_URI)

    async def get_status(self, project_id: str, *, check_files: bool = True) -> CodeRAGStatusResponse:
        """The index's state; with `check_files`, whether the files changed since, as last checked (see
        staleness.py), else as last recorded."""
        check_project_id(project_id)
        state = await self.store.index_state(project_id)
        index, active = state.index, state.active_job
        if (index is None or index.status is IndexStatus.NOT_INITIALIZED) and active is None \
                and await self.store.index_origin(project_id) == "foreign":
            return await self._status_of_foreign_index(project_id, state.symbol_count)
        if check_files and index is not None and index.status is IndexStatus.READY and active is None \
                and index.last_indexed_path:
            if await self.staleness.is_stale(project_id, index.last_indexed_path, index.file_count):
                index = await self.store.get_index(project_id)
                assert index is not None
        summary = None
        if active is not None:
            summary = JobSummary(job_id=active.id, progress_percent=active.progress_percent,
                                 files_processed=active.files_processed, files_total=active.files_total,
                                 started_at=active.started_at, status=active.status)
        by_language = state.files_by_language
        return CodeRAGStatusResponse(
            project_id=project_id, status=index.status if index else IndexStatus.NOT_INITIALIZED,
            file_count=index.file_count if index else 0, chunk_count=index.chunk_count if index else 0,
            last_indexed_at=index.last_indexed_at if index else None,
            error_message=index.error_message if index else None, active_job=summary,
            last_indexed_path=index.last_indexed_path if index else None, symbol_count=state.symbol_count,
            files_by_language=by_language, resource_uri=status_uri(project_id),
            text_only_languages=[name for name in by_language if name in BY_NAME and BY_NAME[name].text_only],
            files_with_parse_errors=state.unread_files, parse_error_files=list(state.unread_examples),
        )

    async def _status_of_foreign_index(self, project_id: str, symbols: int) -> CodeRAGStatusResponse:
        """An index vlt built: readable by our search, but not kept up to date by us until taken over."""
        path = await self.store.last_target_path(project_id)
        how = ("Call update_index to take it over" if path else
               "Call init_index with the repository's folder as target_path to take it over")
        return CodeRAGStatusResponse(
            project_id=project_id, status=IndexStatus.STALE, file_count=0, chunk_count=0,
            error_message=(f"This project was indexed by another program (vlt), not by coderag-mcp. {how} "
                           "(no force needed): it is rebuilt with code-aware search terms and the call graph."),
            active_job=None, last_indexed_path=path, symbol_count=symbols, files_by_language={},
            resource_uri=status_uri(project_id), last_indexed_at=None,
        )

    async def list_projects(self) -> ProjectList:
        projects = []
        for project, index in await self.store.list_projects():
            projects.append(ProjectInfo(
                project_id=project.id, name=project.name, description=project.description,
                created_at=project.created_at,
                index_status=index.status if index else IndexStatus.NOT_INITIALIZED,
                file_count=index.file_count if index else 0, chunk_count=index.chunk_count if index else 0,
                last_indexed_at=index.last_indexed_at if index else None,
                last_indexed_path=index.last_indexed_path if index else None,
            ))
        return ProjectList(projects=projects)
