"""An index's status and the list of projects, as get_status and list_projects answer them (with whether the
files changed since, and an index another program wrote or changed), and the resource URIs whose listeners are
told when a job, an index's status or the projects change.

Apart from service.py, which runs the jobs that change them (init, update, cancel, delete): these read the
state and publish that it changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .languages import BY_NAME
from .models import CodeRAGStatusResponse, IndexStatus, JobSummary, ProjectInfo, ProjectList
from .staleness import StalenessMonitor
from .store import Store, fingerprint_counts
from .validation import check_project_id


PROJECTS_URI = "coderag://projects"


ResourceListener = Callable[[str], Awaitable[None]]


def job_uri(job_id: str) -> str:
    return f"coderag://jobs/{job_id}"


def status_uri(project_id: str) -> str:
    return f"coderag://projects/{project_id}/status"


class StatusQueries:
    """The status answers and the resource notifications. Expects `store`, `staleness` and `_listeners` (see
    CodeIndexService)."""

    store: Store
    staleness: StalenessMonitor
    _listeners: list[ResourceListener]

    def add_listener(self, listener: ResourceListener) -> Callable[[], None]:
        """Be told the URI of every resource that changed; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def _publish(self, uri: str) -> None:
        for listener in list(self._listeners):
            await listener(uri)

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
