"""The service layer: every operation of the MCP tools and the command line, in plain async methods.

`server.py` and `cli.py` both call this; neither re-implements the other. Methods take and
return the API models and raise `CoderagError` subclasses whose text says what to do next.
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import logging
import os
import re
from dataclasses import replace
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import anyio
import anyio.abc

from .config import Settings
from .errors import Conflict, IndexingFailed, InvalidArgument, NotFound
from .faults import kill_point
from .jobs import JobRunner
from .models import (
    ChunkType,
    CodeRAGStatusResponse,
    CodeReadResponse,
    DeleteIndexResponse,
    IndexStatus,
    InitCodeRAGResponse,
    JobList,
    JobStatus,
    JobStatusResponse,
    JobSummary,
    ProjectInfo,
    ProjectList,
    ReferenceHit,
    ReferencesResponse,
    RepoMapResponse,
    SearchHit,
    SearchResponse,
    SymbolHit,
    SymbolResponse,
)
from .embeddings import EmbeddingError, OpenAICompatibleEmbeddings, fill_embeddings, fuse, vector_ranking
from .graph import UNSURE, module_refers_to
from .languages import BY_NAME
from .paths import folders_of_roots, named_by_roots, why_sensitive
from .pipeline import check_target
from .repomap import MapSymbol, build_map, estimate_tokens
from .source import lines_above, read_lines, resolve_inside
from .search import FIELD_WEIGHTS, build_match, informative, matched_signals, rerank, snippet_for, split_terms
from .terms import query_terms, typed_words
from .staleness import StalenessMonitor
from .store import ChunkHit, JobRow, Store, fingerprint_counts, module_node_id, qualified_in_node_id, utcnow

logger = logging.getLogger(__name__)

PROJECTS_URI = "coderag://projects"

ResourceListener = Callable[[str], Awaitable[None]]
ProgressCallback = Callable[[JobStatusResponse], Awaitable[None]]

_PROJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")  # fullmatch: `$` would let "abc\n" through
# Bounds on what a caller passes: past them a name or query is not a mistake worth running.
MAX_NAME_CHARS = 512
MAX_QUERY_CHARS = 2000
MAX_PATH_FILTER_CHARS = 1024
MAX_PRIORITY = 1_000_000
# How long cancel_job and delete_index wait for a running job to stop.
STOP_WAIT_SECONDS = 5.0


def job_uri(job_id: str) -> str:
    return f"coderag://jobs/{job_id}"


def status_uri(project_id: str) -> str:
    return f"coderag://projects/{project_id}/status"


def project_id_for(path: str) -> str:
    """A project id from a folder's name: what `coderag-mcp index PATH` uses when none is given."""
    name = os.path.basename(os.path.realpath(os.path.expanduser(path))) or "root"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._") or "project"
    return slug[:128]


def similar_names(name: str, known: list[str], limit: int = 3) -> list[str]:
    """The known names nearest to a mistyped one (case aside), for a "did you mean"."""
    by_lower = {item.lower(): item for item in known}
    if name.lower() in by_lower:
        return [by_lower[name.lower()]]
    return [by_lower[item] for item in difflib.get_close_matches(name.lower(), list(by_lower), n=limit, cutoff=0.6)]


def check_absolute(target_path: str) -> str:
    """Relative paths are refused: the server's working folder is not the caller's."""
    if not os.path.isabs(os.path.expanduser(target_path)):
        raise InvalidArgument(
            f"target_path '{target_path}' is relative, and this server's working folder is not yours. Pass the "
            "absolute path of the folder to index, such as /home/me/src/project.")
    return target_path


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


def check_project_id(project_id: str) -> str:
    if not isinstance(project_id, str) or not _PROJECT_ID.fullmatch(project_id):
        raise InvalidArgument(
            f"project_id '{project_id}' is not valid: use 1 to 128 letters, digits, '.', '_' or '-', starting "
            "with a letter or digit (for example the repository's folder name)."
        )
    return project_id


def check_length(what: str, value: str | None, most: int) -> None:
    if value is not None and len(value) > most:
        raise InvalidArgument(f"{what} is {len(value)} characters long; at most {most} are accepted. Pass a "
                              "shorter one.")


class CodeIndexService:
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
        if not -MAX_PRIORITY <= priority <= MAX_PRIORITY:
            raise InvalidArgument(f"priority must be between {-MAX_PRIORITY} and {MAX_PRIORITY}, not {priority}.")
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
            raise NotFound(f"Project '{project_id}' has no index yet. Call init_index with project_id and "
                           "target_path first.")
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
        if not 1 <= limit <= 500:
            raise InvalidArgument(f"limit must be between 1 and 500, not {limit}.")
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

    async def get_status(self, project_id: str) -> CodeRAGStatusResponse:
        check_project_id(project_id)
        index = await self.store.get_index(project_id)
        active = await self.store.active_job(project_id)
        if (index is None or index.status is IndexStatus.NOT_INITIALIZED) and active is None \
                and await self.store.index_origin(project_id) == "foreign":
            return await self._status_of_foreign_index(project_id)
        if index is not None and index.status is IndexStatus.READY and active is None and index.last_indexed_path:
            if await self.staleness.is_stale(project_id, index.last_indexed_path):
                index = await self.store.get_index(project_id)
                assert index is not None
        symbols, by_language = await self.store.index_counts(project_id)
        summary = None
        if active is not None:
            summary = JobSummary(job_id=active.id, progress_percent=active.progress_percent,
                                 files_processed=active.files_processed, files_total=active.files_total,
                                 started_at=active.started_at, status=active.status)
        return CodeRAGStatusResponse(
            project_id=project_id, status=index.status if index else IndexStatus.NOT_INITIALIZED,
            file_count=index.file_count if index else 0, chunk_count=index.chunk_count if index else 0,
            last_indexed_at=index.last_indexed_at if index else None,
            error_message=index.error_message if index else None, active_job=summary,
            last_indexed_path=index.last_indexed_path if index else None, symbol_count=symbols,
            files_by_language=by_language, resource_uri=status_uri(project_id),
            text_only_languages=[name for name in by_language if name in BY_NAME and BY_NAME[name].text_only],
        )

    async def _status_of_foreign_index(self, project_id: str) -> CodeRAGStatusResponse:
        """An index vlt built: readable by our search, but not kept up to date by us until taken over."""
        path = await self.store.last_target_path(project_id)
        how = ("Call update_index to take it over" if path else
               "Call init_index with the repository's folder as target_path to take it over")
        symbols, _ = await self.store.index_counts(project_id)
        return CodeRAGStatusResponse(
            project_id=project_id, status=IndexStatus.STALE, file_count=0, chunk_count=0,
            error_message=(f"This project was indexed by another program (vlt), not by coderag-mcp. {how} "
                           "(no force needed): it is rebuilt with code-aware search terms and the call graph."),
            active_job=None, last_indexed_path=path, symbol_count=symbols, files_by_language={},
            resource_uri=status_uri(project_id), last_indexed_at=None,
        )

    async def _fuse_semantic(
        self, project_id: str, query: str, hits: list[ChunkHit], limit: int, wanted: Callable[[ChunkHit], bool]
    ) -> tuple[list[ChunkHit], set[str], str | None]:
        """Keyword hits fused with the nearest chunks by meaning, when the project has vectors."""
        assert self.embeddings is not None
        vectors = await self.store.embedded_vectors(project_id)
        if not vectors:
            return hits, set(), None
        try:
            query_vector = (await self.embeddings.embed([query]))[0]
        except EmbeddingError as error:
            return hits, set(), f"Keyword results only: {error}."
        nearest = vector_ranking(query_vector, vectors, max(limit * 3, 30))
        fused = fuse([[hit.chunk_id for hit in hits], nearest])
        known = {hit.chunk_id: hit for hit in hits}
        known.update({hit.chunk_id: hit for hit in await self.store.chunks_by_id(
            project_id, [chunk_id for chunk_id in nearest if chunk_id not in known]) if wanted(hit)})
        ordered = sorted((chunk_id for chunk_id in fused if chunk_id in known), key=lambda c: -fused[c])
        return [replace(known[c], score=fused[c]) for c in ordered], set(nearest[:max(limit, 10)]), None

    async def find_symbol(self, project_id: str, name: str, *, kind: str | None = None,
                          limit: int = 20) -> SymbolResponse:
        await _require_index(self.store, project_id)
        check_length("name", name, MAX_NAME_CHARS)
        name = name.strip()
        if not name:
            raise InvalidArgument("name is empty: give a symbol name such as parse_config or Config.parse.")
        if not 1 <= limit <= 200:
            raise InvalidArgument(f"limit must be between 1 and 200, not {limit}.")
        rows = await self.store.find_definitions(project_id, name, kind, limit)
        tiers = ("exact", "suffix", "exact", "prefix")
        hits = [SymbolHit(
            name=row["name"], qualified_name=row["qualified"], kind=row["kind"], file_path=row["file_path"],
            line=row["lineno"], end_line=row["end_lineno"], scope=row["scope"], signature=row["signature"],
            doc=(row["docstring"] or "").strip().split("\n", 1)[0] or None, language=row["language"],
            match=tiers[row["tier"]], centrality=row["centrality_score"],
        ) for row in rows]
        note = None if hits else (f"No definition of '{name}'. search_code finds code by words; check the "
                                  "spelling, or the index may not cover the file (get_status).")
        return SymbolResponse(project_id=project_id, name=name, definitions=hits, note=note)

    async def find_references(self, project_id: str, symbol: str, *, limit: int = 50,
                              include_guesses: bool = False) -> ReferencesResponse:
        await _require_index(self.store, project_id)
        check_length("symbol", symbol, MAX_NAME_CHARS)
        symbol = symbol.strip()
        if not symbol:
            raise InvalidArgument("symbol is empty: give a name such as parse_config or Config.parse.")
        if not 1 <= limit <= 500:
            raise InvalidArgument(f"limit must be between 1 and 500, not {limit}.")
        name = symbol.rsplit(".", 1)[-1]
        targets = await self.store.nodes_named(project_id, symbol)
        target_names = {node.id: f"{node.file_path}:{_qualified_from_id(project_id, node.file_path, node.id)}"
                        for node in targets}
        # Every place the name is used, with the edge (if any) its use resolved to.
        resolved: dict[tuple[str, str], tuple[str, str]] = {}
        for edge in await self.store.edges_into(list(target_names)):
            if include_guesses or edge["resolution"] not in UNSURE:
                resolved[(edge["source_id"], edge["edge_type"])] = (edge["target_id"], edge["resolution"] or "NAME")
        elsewhere = {(row[0], row[1]) for row in await self.store.edges_from_named(project_id, name, exclude=UNSURE)}
        # BINDS rows say what a variable holds: a fact the resolver reads, not a use of the name.
        uses = [row for row in await self.store.references_named(project_id, name) if row["edge_type"] != "BINDS"]
        # An import of the name resolves to a file: it refers to a target when its module is that file.
        imported = await self.store.import_edges_from([row["source_id"] for row in uses if row["edge_type"] == "IMPORTS"])
        hits: list[ReferenceHit] = []
        for row in uses:
            key = (row["source_id"], row["edge_type"])
            target_id, how = resolved.get(key, (None, "UNRESOLVED"))
            if row["edge_type"] == "IMPORTS":
                modules = imported.get(row["source_id"], {})
                target_id, how = next(
                    ((node.id, modules[module_node_id(project_id, node.file_path)]) for node in targets
                     if module_node_id(project_id, node.file_path) in modules
                     and module_refers_to(row["module"] or name, row["file_path"], node.file_path)),
                    (None, "UNRESOLVED"))
            elif target_id is None and key in elsewhere:
                continue  # it resolved to another definition of the same name
            if target_id is None and "." in symbol:
                continue  # a qualified symbol: only uses that resolved to it
            target = target_names[target_id] if target_id is not None else None
            enclosing = _qualified_from_id(project_id, row["file_path"], row["source_id"])
            for line in row["lines"].split(","):
                hits.append(ReferenceHit(
                    file_path=row["file_path"], line=int(line), kind=row["edge_type"], enclosing=enclosing,
                    enclosing_kind=row["source_type"].lower(), target=target, resolution=how,
                ))
        hits.sort(key=lambda hit: (hit.resolution == "UNRESOLVED", hit.file_path, hit.line))
        note = None
        if not targets:
            note = (f"No definition of '{symbol}' in the project: these are uses of the name that resolve to "
                    "nothing here (a library or builtin).") if hits else f"Nothing named '{symbol}' is used or defined."
        return ReferencesResponse(project_id=project_id, symbol=symbol, definitions=len(targets),
                                  references=hits[:limit], truncated=len(hits) > limit, note=note)

    async def get_repo_map(self, project_id: str, *, path: str | None = None, max_tokens: int = 2000) -> RepoMapResponse:
        await _require_index(self.store, project_id)
        check_length("path", path, MAX_PATH_FILTER_CHARS)
        if not 50 <= max_tokens <= 50_000:
            raise InvalidArgument(f"max_tokens must be between 50 and 50000, not {max_tokens}.")
        rows = await self.store.ranked_nodes(project_id, _as_glob(path))
        file_scores: dict[str, float] = {}
        symbols = []
        for row in rows:
            file_scores[row["file_path"]] = file_scores.get(row["file_path"], 0.0) + row["score"]
            if row["node_type"] != "MODULE":
                symbols.append(MapSymbol(
                    file_path=row["file_path"], qualified_name=_qualified_from_id(project_id, row["file_path"], row["id"]),
                    kind=row["node_type"], signature=row["signature"], lineno=row["lineno"] or 0, score=row["score"]))
        if not symbols:
            raise NotFound(f"Nothing indexed under '{path}' in project '{project_id}'. Pass a folder or glob that "
                           "exists in the index, or no path for the whole project.")
        text, count = build_map(symbols, file_scores, max_tokens)
        files = len({line for line in text.splitlines() if not line.startswith(" ")})
        tokens = estimate_tokens(text)
        kill_point("map")
        await self.store.save_repo_map(project_id, path, text, token_count=tokens, max_tokens=max_tokens,
                                       files=files, symbols=count, symbols_total=len(symbols))
        return RepoMapResponse(project_id=project_id, path=path, map_text=text, token_count=tokens,
                               max_tokens=max_tokens, files_included=files, symbols_included=count,
                               symbols_total=len(symbols))

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

    async def search_code(
        self,
        project_id: str,
        query: str,
        *,
        limit: int = 10,
        language: str | None = None,
        path: str | None = None,
        kind: ChunkType | None = None,
    ) -> SearchResponse:
        check_project_id(project_id)
        if not 1 <= limit <= 100:
            raise InvalidArgument(f"limit must be between 1 and 100, not {limit}.")
        check_length("query", query, MAX_QUERY_CHARS)
        check_length("path", path, MAX_PATH_FILTER_CHARS)
        check_length("language", language, MAX_NAME_CHARS)
        terms = query_terms(query)
        if not terms:
            raise InvalidArgument("query has no words or identifiers to search for. Describe the code in plain "
                                  "words, or give a name such as parse_config.")
        index = await self.store.get_index(project_id)
        active = await self.store.active_job(project_id)
        index_status = index.status if index else IndexStatus.NOT_INITIALIZED
        if (index is None or index.file_count == 0) and active is None:
            raise NotFound(f"Project '{project_id}' has no index to search. Call init_index with project_id and "
                           "the repository's path first.")
        candidates: list[ChunkHit] = []
        every_word = query_terms(query, keep_stop_words=True)
        # A settled index knows its chunk count; counting the rows costs more than the search (42k chunks).
        total = index.chunk_count if index is not None and active is None else await self.store.chunk_count(project_id)
        # The stop words come back only when the other words find nothing at all.
        for wording in [terms] if every_word == terms else [terms, every_word]:
            frequencies = await self.store.term_frequencies(project_id, wording)
            searched = informative(wording, frequencies, total)
            # Candidates beyond `limit`, for the re-ranking to reorder.
            candidates = await self.store.search_chunks(
                project_id, build_match(searched, kind=kind, language=language),
                limit=max(limit * 3, 30), weights=FIELD_WEIGHTS, path_glob=_as_glob(path),
                split=split_terms(searched, frequencies, kind=kind, language=language),
            )
            if candidates:
                break
        note = None
        hits = rerank(candidates, query, terms)
        typed = typed_words(query)
        semantic: set[str] = set()
        failure = None
        if self.embeddings is not None:
            def wanted(hit: ChunkHit) -> bool:  # the filters the keyword query applied inside FTS
                glob = _as_glob(path)
                return ((language is None or hit.language == language) and (kind is None or hit.chunk_type is kind)
                        and (glob is None or fnmatch.fnmatchcase(hit.file_path, glob)))

            hits, semantic, failure = await self._fuse_semantic(project_id, query, hits, limit, wanted)
        hits = hits[:limit]
        if active is not None and active.status is JobStatus.RUNNING:
            note = (f"The index is still being built ({active.files_processed} of {active.files_total} files); "
                    "results come from the files indexed so far.")
        elif index_status is IndexStatus.STALE:
            note = "The index may be out of date; update_index refreshes what changed."
        elif index_status is IndexStatus.FAILED and index is not None:
            note = f"The last indexing run failed ({index.error_message}); results come from what was indexed."
        if failure:
            note = ((note + " ") if note else "") + failure
        if not hits:
            note = ((note + " ") if note else "") + ("Nothing matched. Try other words, an identifier, or fewer "
                                                     "filters.")
        return SearchResponse(
            project_id=project_id, query=query, index_status=index_status, note=note,
            hits=[SearchHit(
                file_path=hit.file_path, start_line=hit.lineno, end_line=hit.end_lineno, symbol=hit.name,
                qualified_name=hit.qualified_name, kind=hit.chunk_type, language=hit.language,
                signature=hit.signature, snippet=snippet_for(hit.body, terms), score=round(hit.score, 4),
                matched=matched_signals(hit, terms, typed) + (["semantic: close in meaning"] if hit.chunk_id in semantic
                                                         else []),
            ) for hit in hits],
        )

    async def read_code(
        self, project_id: str, *, path: str | None = None, symbol: str | None = None, start_line: int | None = None,
        end_line: int | None = None, max_tokens: int = 4000,
    ) -> CodeReadResponse:
        """A file's lines or a symbol's definition, from the project's folder only, within a token budget."""
        check_project_id(project_id)
        if not 50 <= max_tokens <= 50_000:
            raise InvalidArgument(f"max_tokens must be between 50 and 50000, not {max_tokens}.")
        if not path and not symbol:
            raise InvalidArgument("Pass path (a file relative to the project's folder) or symbol (a name such as "
                                  "Config.parse), as search_code and find_symbol give them.")
        index = await self.store.get_index(project_id)
        active = await self.store.active_job(project_id)
        root = (index.last_indexed_path if index else None) or (active.target_path if active else None)
        if root is None:
            raise NotFound(f"Project '{project_id}' has no index yet. Call init_index with project_id and the "
                           "repository's path first.")
        found = None
        if symbol:
            if start_line is not None or end_line is not None:
                raise InvalidArgument("start_line and end_line go with path, not symbol: a symbol is read whole "
                                      "(a truncated read says which lines to ask for next).")
            found = await self._definition(project_id, symbol.strip(), path)
            path, start_line, end_line = found[0], found[1], found[2]
        assert path is not None
        real, relative = resolve_inside(root, path, project_id)
        if found and start_line is not None:  # from its decorators and doc comment on
            start_line -= lines_above(real, start_line, found[5])
        lines = read_lines(real, relative, start_line, end_line, max_tokens)
        notes = [found[3]] if found and found[3] else []
        next_start = None
        if lines.truncated:
            next_start = lines.end_line + 1
            last = min(end_line, lines.total_lines) if end_line else lines.total_lines
            notes.append(f"Cut at line {lines.end_line} of {last} to fit max_tokens={max_tokens}: call read_code with "
                         f"path='{relative}', start_line={next_start}, end_line={last} for the rest, or a larger "
                         "max_tokens.")
        return CodeReadResponse(
            project_id=project_id, file_path=relative, start_line=lines.start_line, end_line=lines.end_line,
            total_lines=lines.total_lines, text=lines.text, symbol=found[4] if found else None,
            truncated=lines.truncated, next_start_line=next_start, note=" ".join(notes) or None,
        )

    async def _definition(self, project_id: str, symbol: str,
                          path: str | None) -> tuple[str, int, int, str | None, str, str]:
        """(file, its own first line, last line, a note when several match, qualified name, the first chunk's
        body) of a symbol's definition."""
        if not symbol:
            raise InvalidArgument("symbol is empty: give a name such as parse_config or Config.parse.")
        rows = [row for row in await self.store.find_definitions(project_id, symbol, None, 50)
                if row["tier"] in (0, 1) and (not path or row["file_path"] == path.strip().lstrip("./"))]
        if not rows:
            raise NotFound(f"No definition of '{symbol}'" + (f" in '{path}'" if path else "") + f" in project "
                           f"'{project_id}'. find_symbol lists names that come close; search_code finds code by words.")
        row = rows[0]
        span = await self.store.definition_span(project_id, row["file_path"], row["qualified"])
        first, last, head = span if span else (row["lineno"], row["end_lineno"] or row["lineno"], "")
        note = None
        if len(rows) > 1:
            others = ", ".join(f"{other['file_path']}:{other['lineno']}" for other in rows[1:6])
            note = (f"{len(rows)} definitions match '{symbol}'; this is {row['file_path']}:{row['lineno']}. Others: "
                    f"{others}. Pass path, or a qualified name, to choose.")
        return row["file_path"], first, last, note, row["qualified"], head


async def _require_index(store: Store, project_id: str) -> None:
    check_project_id(project_id)
    index = await store.get_index(project_id)
    if index is None or index.file_count == 0:
        if await store.index_origin(project_id) == "foreign":
            raise NotFound(f"Project '{project_id}' was indexed by another program (vlt), not by coderag-mcp. Call "
                           "update_index (or init_index with the repository's path) to take it over; no force "
                           "needed.")
        raise NotFound(f"Project '{project_id}' has no index yet. Call init_index with project_id and the "
                       "repository's path first.")


def _qualified_from_id(project_id: str, file_path: str, node_id: str) -> str:
    return qualified_in_node_id(project_id, file_path, node_id) or file_path


def _as_glob(path: str | None) -> str | None:
    """A path filter as a GLOB: a plain folder means everything under it."""
    if not path:
        return None
    path = path.strip().lstrip("./") if path.startswith("./") else path.strip()
    if not any(ch in path for ch in "*?["):
        return path.rstrip("/") + "*"
    return path

