"""The MCP surface: tools and resources, declared here and implemented in `service.py`.

Each tool validates at the edge, calls one service method, and turns a `CoderagError` into a
tool error whose text tells the agent what to do next.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import sqlite3
from collections.abc import AsyncIterator, Awaitable
from typing import Annotated, Any, Literal, TypeVar

import anyio

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.server.mcpserver.resolve import ListRoots, Resolve
from mcp_types import CallToolResult, ListRootsResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from . import __version__, prompts, render
from .arguments import ArgumentCheckingServer, forbid_unknown_arguments
from .config import Settings
from .errors import CoderagError
from .models import (
    ChunkType,
    CodeRAGStatusResponse,
    CodeReadResponse,
    DeleteIndexResponse,
    InitCodeRAGResponse,
    JobList,
    JobStatus,
    JobStatusResponse,
    ProjectList,
    ReferencesResponse,
    RepoMapResponse,
    SearchResponse,
    SymbolResponse,
)
from .output_schemas import compact_output_schemas
from .paths import folders_of_roots, is_sensitive
from .service import CodeIndexService, folder_from_roots, project_id_for
from .subscriptions import ResourceSubscriptions
from .vaultcheck import explain_failure
from .watch import ProjectWatcher

T = TypeVar("T")
_DB_PATH: contextvars.ContextVar[Any] = contextvars.ContextVar("coderag_db_path", default="vault.db")

INSTRUCTIONS = """\
Builds and searches a code index of a repository, kept in the vlt vault database.
Typical loop: init_index(project_id, target_path) returns a job at once; follow it with get_job
or by subscribing to its resource_uri; when get_status says 'ready', search with search_code.
update_index refreshes only what changed; cancel_job stops a job; delete_index removes an index.
Searching works while an index is being built, over the files indexed so far.
read_code reads a file's lines or a symbol's whole definition from the indexed folder."""
WATCHING = "\nThis server watches indexed folders: edits reach the index within seconds, without update_index."

READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)

ProjectId = Annotated[str, Field(description="The project's id: letters, digits, '.', '_' or '-' (e.g. the "
                                             "repository's folder name)")]
JobId = Annotated[str, Field(description="A job id returned by init_index, update_index or list_jobs")]
Background = Annotated[bool, Field(description="true (default): return at once with a job to follow; false: wait "
                                               "in this call until the job ends, sending progress notifications")]


async def _call(operation: Awaitable[T]) -> T:
    try:
        return await operation
    except CoderagError as error:
        raise ToolError(str(error)) from error
    except sqlite3.Error as error:  # a damaged, locked or read-only database: say so, keep serving
        raise ToolError(explain_failure(error, _DB_PATH.get())) from error


def _compact(answer: BaseModel, text: str) -> CallToolResult:
    """The answer as compact text for the agent to read, and whole as structured content."""
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=answer.model_dump(mode="json", by_alias=True))


class _ServiceHolder:
    """The open service of this server: opened by the first lifespan, shared by nested ones."""

    def __init__(self) -> None:
        self.service: CodeIndexService | None = None

    def get(self) -> CodeIndexService:
        if self.service is None:
            raise ToolError("The server is still starting; try again in a moment.")
        return self.service


def create_server(settings: Settings) -> MCPServer[Any]:
    _DB_PATH.set(settings.db_path)  # named in the message of a database error
    subscriptions = ResourceSubscriptions()
    holder = _ServiceHolder()

    @contextlib.asynccontextmanager
    async def lifespan(_server: MCPServer[Any]) -> AsyncIterator[_ServiceHolder]:
        if holder.service is not None:
            yield holder
            return
        async with CodeIndexService.open(settings) as service, anyio.create_task_group() as watching:
            stop_listening = service.add_listener(subscriptions.resource_updated)
            holder.service = service
            if settings.watch:
                await watching.start(ProjectWatcher(service).run)
            try:
                yield holder
            finally:
                watching.cancel_scope.cancel()
                holder.service = None
                stop_listening()

    server: MCPServer[Any] = ArgumentCheckingServer(
        "coderag-mcp", version=__version__, instructions=INSTRUCTIONS + (WATCHING if settings.watch else ""),
        lifespan=lifespan,
        subscriptions=subscriptions.bus,
    )
    subscriptions.install_legacy_handlers(server)

    def tool(annotations: ToolAnnotations) -> Any:
        """Register a tool whose description is its docstring without the source's indentation."""
        return lambda fn: server.tool(annotations=annotations, description=inspect.cleandoc(fn.__doc__ or ""))(fn)

    # --- index management -------------------------------------------------------------------------

    @tool(ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True,
                          openWorldHint=False))
    async def init_index(
        project_id: ProjectId,
        ctx: Context,
        client_roots: Annotated[ListRootsResult | None, Resolve(_roots_when_needed)],
        target_path: Annotated[str | None, Field(description="Absolute path of the folder to index, usually the "
                                                             "repository root. May be left out when the client "
                                                             "shares exactly one folder (MCP roots); a home or "
                                                             "system folder needs a root naming it exactly")] = None,
        force: Annotated[bool, Field(description="Rebuild even if the project already has an index")] = False,
        background: Background = True,
        priority: Annotated[int, Field(description="Higher runs first when jobs wait in the queue")] = 0,
    ) -> Annotated[CallToolResult, InitCodeRAGResponse]:
        """Index a folder's code for a project (created if new). Returns a job at once: follow it with get_job or
        its resource_uri. Refuses a project that already has an index unless force=true (or use update_index).
        A second call while the project's job is pending or running returns that job."""
        roots = [str(root.uri) for root in client_roots.roots] if client_roots is not None else []
        if target_path is None:
            try:
                target_path = folder_from_roots(roots)
            except CoderagError as error:
                raise ToolError(str(error)) from error
        answer = await _call(holder.get().init_index(
            project_id, target_path, force=force, background=background, priority=priority,
            on_progress=_progress_reporter(ctx), root_folders=folders_of_roots(roots),
        ))
        return _compact(answer, render.job_started_text(answer))

    @tool(ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True,
                          openWorldHint=False))
    async def update_index(project_id: ProjectId, ctx: Context,
                           background: Background = True) -> Annotated[CallToolResult, InitCodeRAGResponse]:
        """Refresh a project's index from the folder it was indexed from: only added, changed and deleted files
        are touched. Returns a job like init_index."""
        answer = await _call(holder.get().update_index(project_id, background=background,
                                                       on_progress=_progress_reporter(ctx)))
        return _compact(answer, render.job_started_text(answer))

    @tool(READ_ONLY)
    async def get_status(project_id: ProjectId) -> Annotated[CallToolResult, CodeRAGStatusResponse]:
        """A project's index: not_initialized, indexing, ready, failed or stale; file, chunk and symbol counts;
        files per language; the active job's progress. An unknown project is not_initialized."""
        answer = await _call(holder.get().get_status(project_id))
        return _compact(answer, render.status_text(answer))

    @tool(READ_ONLY)
    async def get_job(job_id: JobId) -> Annotated[CallToolResult, JobStatusResponse]:
        """A job's state and progress (files processed of total, chunks, duration, eta_seconds, error_message)."""
        answer = await _call(holder.get().get_job(job_id))
        return _compact(answer, render.job_line(answer))

    @tool(READ_ONLY)
    async def list_jobs(
        project_id: Annotated[str | None, Field(description="Only this project's jobs")] = None,
        status: Annotated[JobStatus | None, Field(description="Only jobs in this state")] = None,
        limit: Annotated[int, Field(description="At most this many jobs (1-500)")] = 20,
    ) -> Annotated[CallToolResult, JobList]:
        """Recent indexing jobs, newest first."""
        answer = await _call(holder.get().list_jobs(project_id, status, limit))
        return _compact(answer, render.jobs_text(answer))

    @tool(ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True,
                          openWorldHint=False))
    async def cancel_job(job_id: JobId) -> JobStatusResponse:
        """Cancel a job: a pending job at once, a running one within 2 s, keeping the files it already indexed.
        Returns the job after it stopped."""
        return await _call(holder.get().cancel_job(job_id))

    @tool(ToolAnnotations(readOnlyHint=False, destructiveHint=True, idempotentHint=True,
                          openWorldHint=False))
    async def delete_index(project_id: ProjectId) -> DeleteIndexResponse:
        """Delete a project's whole index (chunks, symbols, graph, jobs, per-file state), cancelling its active job
        first. The project itself and other projects are kept. Returns the rows deleted per table."""
        return await _call(holder.get().delete_index(project_id))

    @tool(READ_ONLY)
    async def list_projects() -> Annotated[CallToolResult, ProjectList]:
        """Every project in the vault with its index status and counts."""
        answer = await _call(holder.get().list_projects())
        return _compact(answer, render.projects_text(answer))

    # --- querying -----------------------------------------------------------------------------------

    @tool(READ_ONLY)
    async def search_code(
        project_id: ProjectId,
        query: Annotated[str, Field(description="Plain words describing the code, or an identifier in any case "
                                                "style (parseConfig, parse_config, 'parse config')")],
        limit: Annotated[int, Field(description="At most this many hits (1-100)")] = 10,
        language: Annotated[str | None, Field(description="Only this language, e.g. python, go, typescript")] = None,
        path: Annotated[str | None, Field(description="Only files under this folder or matching this glob, "
                                                      "e.g. 'src/' or 'src/**/*.py'")] = None,
        kind: Annotated[Literal["function", "class", "method", "module"] | None,
                        Field(description="Only chunks of this kind")] = None,
    ) -> Annotated[CallToolResult, SearchResponse]:
        """Search a project's code. Hits give file, lines, symbol, kind, signature, a snippet, a score and why they
        matched. Works while indexing (over the files indexed so far) and says so."""
        answer = await _call(holder.get().search_code(
            project_id, query, limit=limit, language=language, path=path, kind=ChunkType(kind) if kind else None,
        ))
        return _compact(answer, render.search_text(answer))

    @tool(READ_ONLY)
    async def find_symbol(
        project_id: ProjectId,
        name: Annotated[str, Field(description="A name (parse_config) or a qualified name (Config.parse_config)")],
        kind: Annotated[Literal["function", "class", "method", "variable"] | None,
                        Field(description="Only definitions of this kind")] = None,
        limit: Annotated[int, Field(description="At most this many definitions (1-200)")] = 20,
    ) -> Annotated[CallToolResult, SymbolResponse]:
        """Where is a symbol defined: file, line, kind, scope, signature and the first line of its doc comment.
        Exact matches come first, then qualified names ending with the name, then names starting with it."""
        answer = await _call(holder.get().find_symbol(project_id, name, kind=kind, limit=limit))
        return _compact(answer, render.symbols_text(answer))

    @tool(READ_ONLY)
    async def find_references(
        project_id: ProjectId,
        symbol: Annotated[str, Field(description="A name (parse_config) or a qualified name (Config.parse_config); "
                                                 "one overload by its first line (Config.parse@120)")],
        limit: Annotated[int, Field(description="At most this many references (1-500)")] = 50,
        include_guesses: Annotated[bool, Field(description="Also tie uses to this symbol by name alone (GUESS): "
                                                           "calls on a receiver of unknown type")] = False,
    ) -> Annotated[CallToolResult, ReferencesResponse]:
        """Who calls, imports, inherits from, decorates with or uses a symbol: file, line, the enclosing definition,
        and how sure the link is. LOCAL: a definition in the same file found by the language's scoping (Go, Java,
        Kotlin: or in the same package). IMPORT: reached through the file's imports (a module, package or import
        alias). MEMBER: a method or field of the class the receiver is known to be (self/this/cls, super, Rust's
        Self, Go's receiver, a variable or field made by or declared with a project type), looked up along its
        bases. NAME (languages other than Python, TS/JS, Go, Java, Kotlin and Rust): the only definition of that
        name, or the nearest of three; a heuristic. GUESS (only with include_guesses): the receiver or name is
        unknown and the project has at most three definitions of it. UNRESOLVED, last: uses of the name tied to
        no definition with certainty (a library, a builtin, an unknown receiver). Overloads (one name defined twice
        in a file) are named with their first line: Config.parse@120, or @120|134 for a call both can take."""
        answer = await _call(holder.get().find_references(project_id, symbol, limit=limit,
                                                          include_guesses=include_guesses))
        return _compact(answer, render.references_text(answer))

    @tool(READ_ONLY)
    async def get_repo_map(
        project_id: ProjectId,
        path: Annotated[str | None, Field(description="Only files under this folder or matching this glob")] = None,
        max_tokens: Annotated[int, Field(description="Size budget of the map in tokens (50-50000)")] = 2000,
    ) -> Annotated[CallToolResult, RepoMapResponse]:
        """A compact outline of the repository's most central files and their key symbols (ranked by PageRank over
        the call, import and inheritance graph), sized to max_tokens: a first look at an unknown codebase."""
        answer = await _call(holder.get().get_repo_map(project_id, path=path, max_tokens=max_tokens))
        return _compact(answer, render.repo_map_text(answer))

    @tool(READ_ONLY)
    async def read_code(
        project_id: ProjectId,
        path: Annotated[str | None, Field(description="A file relative to the project's folder, as search_code and "
                                                      "find_symbol give it (e.g. src/app.py)")] = None,
        symbol: Annotated[str | None, Field(description="Read this definition whole instead: a name (parse_config) "
                                                        "or a qualified name (Config.parse_config)")] = None,
        start_line: Annotated[int | None, Field(description="First line to read (with path; default 1)")] = None,
        end_line: Annotated[int | None, Field(description="Last line to read (with path; default the end)")] = None,
        max_tokens: Annotated[int, Field(description="Size budget in tokens (about 4 characters each, 50-50000); a "
                                                     "longer read is cut and says where to continue")] = 4000,
    ) -> Annotated[CallToolResult, CodeReadResponse]:
        """Read source from the project's indexed folder: a file's lines (path, optionally start_line/end_line) or a
        symbol's whole definition (symbol), numbered. Never leaves the folder and never serves secret files
        (.env, keys). A read over max_tokens is cut, with next_start_line to continue from."""
        answer = await _call(holder.get().read_code(project_id, path=path, symbol=symbol, start_line=start_line,
                                                  end_line=end_line, max_tokens=max_tokens))
        return _compact(answer, render.read_text(answer))

    # --- prompts ------------------------------------------------------------------------------------

    @server.prompt(title="Onboard a repository",
                   description="Index a repository, follow the job, then give its map and main entry points")
    async def onboard_repository(
        path: Annotated[str | None, Field(description="Absolute path of the repository (default: the folder your "
                                                      "client shares)")] = None,
        project_id: Annotated[str | None, Field(description="Project id (default: the folder's name)")] = None,
    ) -> str:
        project = project_id or (project_id_for(path) if path else "project")
        return prompts.onboarding(project, path, await _status_or_none(holder, project))

    @server.prompt(title="Find where something is implemented",
                   description="search_code, then find_symbol, find_references and read_code, to the code that "
                               "does the work")
    async def find_implementation(
        project_id: Annotated[str, Field(description="The indexed project")],
        what: Annotated[str, Field(description="What to find, in plain words (e.g. 'how redirects are followed')")],
    ) -> str:
        return prompts.find_implementation(project_id, what, await _status_or_none(holder, project_id))

    # --- resources ----------------------------------------------------------------------------------

    @server.resource("coderag://projects", mime_type="application/json",
                     description="Every project and its index status")
    async def projects_resource() -> str:
        return (await holder.get().list_projects()).model_dump_json()

    @server.resource("coderag://projects/{project_id}/status", mime_type="application/json",
                     description="A project's index status (CodeRAGStatusResponse); subscribe to follow it")
    async def status_resource(project_id: str) -> str:
        return (await _resource(holder.get().get_status(project_id))).model_dump_json()

    @server.resource("coderag://jobs/{job_id}", mime_type="application/json",
                     description="A job's state and progress (JobStatusResponse); subscribe to follow it")
    async def job_resource(job_id: str) -> str:
        return (await _resource(holder.get().get_job(job_id))).model_dump_json()

    forbid_unknown_arguments(server)
    compact_output_schemas(server)
    return server


async def _resource(operation: Awaitable[T]) -> T:
    try:
        return await operation
    except CoderagError as error:  # an unknown job or a malformed project id: the resource does not exist
        raise ResourceNotFoundError(str(error)) from error


async def _status_or_none(holder: _ServiceHolder, project_id: str) -> CodeRAGStatusResponse | None:
    """The project's index status for a prompt's text; None when it cannot be known (a bad id)."""
    try:
        return await holder.get().get_status(project_id)
    except (CoderagError, ToolError):
        return None


def _roots_when_needed(target_path: str | None, ctx: Context) -> ListRoots | None:
    """Ask a client that has roots for them only when init_index needs them: to choose the folder (no
    target_path), or because the folder is sensitive and a root naming it allows it (paths.py)."""
    capabilities = ctx.client_capabilities
    if capabilities is None or capabilities.roots is None:
        return None
    return ListRoots() if target_path is None or is_sensitive(target_path) else None


def _progress_reporter(ctx: Context) -> Any:
    async def report(job: JobStatusResponse) -> None:
        message = f"{job.status.value}: {job.files_processed}/{job.files_total} files, {job.chunks_created} chunks"
        await ctx.report_progress(job.files_processed, job.files_total or None, message)

    return report
