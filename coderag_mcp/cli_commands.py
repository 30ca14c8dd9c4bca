"""The command line's commands (cli.py parses the arguments): each opens the service over vault.db,
does one thing, and prints it for a person or as JSON."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio

from .config import Settings
from .errors import CoderagError, NotFound
from .models import ChunkType, JobStatus, JobStatusResponse
from .render import parse_errors_note
from .service import CodeIndexService, project_id_for, similar_names
from .serving import serve
from .vaultcheck import check_database, explain_failure


class UsageError(Exception):
    """Bad usage or a missing database, project or job: exit code 2, the message says what to do."""


def run(args: argparse.Namespace) -> int:
    """The command `args` names (serve when none), run to its exit code."""
    command = args.command or "serve"
    try:
        settings = Settings.from_env(args.db)
        if command != "serve":  # (an index its user waits for: its parsers keep its priority, see Settings)
            settings = dataclasses.replace(settings, parser_niceness=0)
        # Only the commands that write may create the database; a read of a missing one says so below.
        if command in ("serve", "index") or settings.db_path.exists():
            check_database(settings.db_path, thorough=command in ("serve", "index"))
    except (CoderagError, ValueError) as error:  # a malformed environment variable or database, named
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        if command == "serve":
            return serve(settings, args)
        return anyio.run(_COMMANDS[command], settings, args)
    except BrokenPipeError:
        # The reader went away (`... | head -1`): what it wanted it has. Point stdout at /dev/null so
        # the interpreter's final flush does not complain either.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (CoderagError, OSError) as error:
        print(f"error: {as_commands(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if command == "serve":
            return 130
        print("\ninterrupted; the files indexed so far are kept (run the same command to finish)", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - one clear line instead of a traceback
        print(f"error: {explain_failure(error, settings.db_path)}", file=sys.stderr)
        return 1


# The service's messages name its MCP tools; at the command line, the commands that do the same.
_COMMAND_OF_TOOL = {"find_symbol": "symbol", "search_code": "search", "find_references": "refs", "read_code": "read",
                    "get_status": "status", "init_index": "index", "update_index": "index", "get_repo_map": "map"}
_TOOL_NAME = re.compile(r"\b(" + "|".join(_COMMAND_OF_TOOL) + r")\b")
# and the arguments the messages name, as this command line's options
_OPTION_OF_ARGUMENT = {"include_guesses=true": "--guesses", "include_guesses": "--guesses"}
_ARGUMENT = re.compile(r"\b(" + "|".join(map(re.escape, _OPTION_OF_ARGUMENT)) + r")(?![\w=])")


def as_commands(message: str) -> str:
    """A service message with its tool names as the commands of this command line (`find_symbol` ->
    `coderag-mcp symbol`), and its arguments as options (`include_guesses=true` -> `--guesses`)."""
    message = _TOOL_NAME.sub(lambda match: f"coderag-mcp {_COMMAND_OF_TOOL[match.group(1)]}", message)
    return _ARGUMENT.sub(lambda match: _OPTION_OF_ARGUMENT[match.group(1)], message)


# --- opening the database and naming things -----------------------------------------------------------

@contextlib.asynccontextmanager
async def _existing(settings: Settings) -> AsyncIterator[CodeIndexService]:
    """The service over a database that must already exist: a read never creates one."""
    if not settings.db_path.is_file():
        raise UsageError(
            f"no database at {settings.db_path} (nothing has been indexed there). Index a folder first "
            "(coderag-mcp index PATH), or point --db or CODERAG_DB at the database you use.")
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        yield service


async def _require_project(service: CodeIndexService, project_id: str, *, indexed: bool = True) -> None:
    """A project that exists (else the nearest names), and with `indexed`, one that has an index."""
    known = {project.project_id: project for project in (await service.list_projects()).projects}
    project = known.get(project_id)
    if project is None:
        nearest = similar_names(project_id, list(known))
        hint = (f" Did you mean {' or '.join(repr(name) for name in nearest)}?" if nearest else
                (f" Projects: {', '.join(sorted(known)[:10])}." if known else ""))
        raise UsageError(f"no project '{project_id}' in {service.settings.db_path}.{hint} "
                         "(coderag-mcp projects lists them)")
    if indexed and project.file_count == 0:
        status = await service.get_status(project_id)
        if status.active_job is None:
            raise UsageError(f"project '{project_id}' has no index yet. Index it: coderag-mcp index PATH "
                             f"--project {project_id}")


def _print_json(model: Any) -> None:
    print(model.model_dump_json(indent=2))


def _job_line(job: JobStatusResponse) -> str:
    return (f"job {job.job_id} {job.project_id} {job.status.value:9} {job.progress_percent:3d}% "
            f"{job.files_processed}/{job.files_total} files, created {job.created_at:%Y-%m-%d %H:%M:%S}"
            + (f" - {job.error_message}" if job.error_message else ""))


class ProgressBar:
    """One line on stderr, redrawn in place on a terminal, a line per 10% elsewhere."""

    def __init__(self, stream: Any = sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_decile = -1

    async def update(self, job: JobStatusResponse) -> None:
        total, done = job.files_total, job.files_processed
        percent = (100 * done // total) if total else 0
        elapsed = time.monotonic() - self.started
        width = 30
        filled = width * percent // 100
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {done}/{total} files, "
                f"{job.chunks_created} chunks, {elapsed:.1f} s")
        if self.tty:
            self.stream.write("\r" + line)
        elif percent // 10 != self.last_decile:
            self.last_decile = percent // 10
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


# --- the commands -------------------------------------------------------------------------------------

async def _index(settings: Settings, args: argparse.Namespace) -> int:
    path = os.path.abspath(os.path.expanduser(args.path))  # the service takes absolute paths only
    project_id = args.project or project_id_for(path)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        status = await service.get_status(project_id, check_files=False)  # the job itself finds what changed
        bar = ProgressBar()
        try:
            if status.file_count and not args.force and status.active_job is None:
                print(f"Updating project '{project_id}' (already indexed: only changed files are read)", file=sys.stderr)
                response = await service.update_index(project_id, background=False, on_progress=bar.update)
            else:
                print(f"Indexing {args.path} as project '{project_id}' into {settings.db_path}", file=sys.stderr)
                response = await service.init_index(project_id, path, force=args.force, background=False,
                                                    on_progress=bar.update)
        finally:
            bar.close()
        job = response.job
        assert job is not None
        if args.json:
            _print_json(job)
            return 0 if job.status is JobStatus.COMPLETED else 1
        final = await service.get_status(project_id, check_files=False)  # as the job just left it
        stats = await service.store.get_job_stats(job.job_id)
        print(f"{job.status.value}: {job.files_processed} of {job.files_total} files, {job.chunks_created} chunks "
              f"written in {job.duration_seconds or 0:.2f} s")
        print(f"project '{project_id}': {final.status.value}, {final.file_count} files, {final.chunk_count} chunks, "
              f"{final.symbol_count} symbols")
        if final.files_by_language:
            print("languages: " + ", ".join(f"{lang} {count}" for lang, count in final.files_by_language.items()))
        if final.text_only_languages:
            print("indexed as text only (no definitions yet): " + ", ".join(final.text_only_languages))
        if note := parse_errors_note(final.files_with_parse_errors, final.parse_error_files):
            print(note)
        if stats:
            skipped_count, skipped, excluded = stats
            if excluded:
                print("left out: " + ", ".join(f"{reason} {count}" for reason, count in sorted(excluded.items())))
            if skipped_count:
                print(f"skipped {skipped_count} files:")
                for skipped_path, reason in skipped[:10]:
                    print(f"  {skipped_path}: {reason}")
        if job.status is not JobStatus.COMPLETED:
            print(job.error_message or "", file=sys.stderr)
            return 1
        if service.embeddings is not None:
            print(f"embedding new chunks with {service.embeddings.config.model} ...", file=sys.stderr)
            print(f"embedded {await service.fill_embeddings(project_id)} chunks")
        print(f"search it: coderag-mcp search 'what you look for' --project {project_id}")
        return 0


async def _status(settings: Settings, args: argparse.Namespace) -> int:
    if not args.project:
        return await _projects(settings, args)
    async with _existing(settings) as service:
        await _require_project(service, args.project, indexed=False)
        status = await service.get_status(args.project)
        jobs = await service.list_jobs(args.project, limit=5)
    if args.json:
        print(json.dumps({"status": status.model_dump(mode="json"),
                          "jobs": [job.model_dump(mode="json") for job in jobs.jobs]}, indent=2))
        return 0
    print(f"{status.project_id}: {status.status.value}, {status.file_count} files, {status.chunk_count} "
          f"chunks, {status.symbol_count} symbols; path {status.last_indexed_path or '-'}; last indexed "
          f"{status.last_indexed_at.isoformat(timespec='seconds') if status.last_indexed_at else 'never'}")
    if status.error_message:
        print(f"  {status.error_message}")
    if note := parse_errors_note(status.files_with_parse_errors, status.parse_error_files):
        print(f"  {note}")
    for job in jobs.jobs:
        print(f"  {_job_line(job)}")
    return 0


async def _projects(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        projects = await service.list_projects()
    if args.json:
        _print_json(projects)
        return 0
    if not projects.projects:
        print(f"No projects in {settings.db_path}. Index one: coderag-mcp index PATH")
    for project in projects.projects:
        print(f"{project.project_id:24} {project.index_status.value:15} {project.file_count:6} files "
              f"{project.chunk_count:8} chunks  {project.last_indexed_path or ''}")
    return 0


async def _jobs(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        if args.project:
            await _require_project(service, args.project, indexed=False)
        jobs = await service.list_jobs(args.project, JobStatus(args.status) if args.status else None, args.limit)
    if args.json:
        _print_json(jobs)
        return 0
    if not jobs.jobs:
        print("No jobs" + (f" of project '{args.project}'" if args.project else "")
              + (f" in state {args.status}" if args.status else "") + ".")
    for job in jobs.jobs:
        print(_job_line(job))
    return 0


async def _cancel(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        try:
            await service.get_job(args.job_id)
        except NotFound:
            raise UsageError(f"no job '{args.job_id}' in {settings.db_path} (coderag-mcp jobs lists them).") from None
        job = await service.cancel_job(args.job_id)
    if args.json:
        _print_json(job)
        return 0
    print(_job_line(job))
    return 0


async def _delete(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project, indexed=False)
        result = await service.delete_index(args.project)
    if args.json:
        _print_json(result)
        return 0
    print(result.message)
    for table, count in sorted(result.deleted.items()):
        if count:
            print(f"  {table}: {count}")
    if result.cancelled_job_id:
        print(f"  cancelled job {result.cancelled_job_id}")
    return 0


async def _search(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project)
        result = await service.search_code(
            args.project, args.query, limit=args.limit, language=args.language, path=args.path,
            kind=ChunkType(args.kind) if args.kind else None,
        )
    if args.json:
        _print_json(result)
        return 0
    if result.note and result.hits:
        print(f"({result.note})", file=sys.stderr)
    if not result.hits:
        print(f"No code in project '{args.project}' matched '{args.query}'. Try other words, an identifier, "
              "or fewer filters.")
    for number, hit in enumerate(result.hits, 1):
        print(f"{number}. {hit.file_path}:{hit.start_line}-{hit.end_line}  {hit.kind.value} {hit.qualified_name}"
              f"  score {hit.score:.2f}")
        if hit.signature:
            print(f"   {hit.signature}")
        for line in hit.snippet.splitlines()[:4]:
            print(f"   | {line}")
    return 0


async def _symbol(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project)
        result = await service.find_symbol(args.project, args.name, kind=args.kind, limit=args.limit)
    if args.json:
        _print_json(result)
        return 0
    if not result.definitions and result.note:
        print(as_commands(result.note))
    elif result.note:
        print(f"({as_commands(result.note)})", file=sys.stderr)
    for hit in result.definitions:
        print(f"{hit.file_path}:{hit.line}  {hit.kind} {hit.qualified_name}  [{hit.match}]")
        if hit.signature:
            print(f"   {hit.signature}")
        if hit.doc:
            print(f"   {hit.doc}")
    return 0


async def _refs(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project)
        result = await service.find_references(args.project, args.symbol, limit=args.limit,
                                               include_guesses=args.guesses)
    if args.json:
        _print_json(result)
        return 0
    if not result.references:
        defined = (f"it has {result.definitions} definition{'s' if result.definitions != 1 else ''} but no recorded "
                   "use" if result.definitions else "nothing in the project defines or calls it")
        # A note beside definitions says why none is listed (uses on receivers whose type is unknown).
        said = result.note if result.definitions and result.note else defined + "."
        print(f"No references to '{args.symbol}' in project '{args.project}': {as_commands(said)}")
    elif result.note:
        print(f"({as_commands(result.note)})", file=sys.stderr)
    for hit in result.references:
        where = f" -> {hit.target}" if hit.target else ""
        print(f"{hit.file_path}:{hit.line}  {hit.kind.lower()} in {hit.enclosing}  [{hit.resolution.lower()}]{where}")
    if result.truncated:
        print(f"(more than {args.limit}; raise --limit)", file=sys.stderr)
    return 0


async def _map(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project)
        result = await service.get_repo_map(args.project, path=args.path, max_tokens=args.max_tokens)
    if args.json:
        _print_json(result)
        return 0
    print(result.map_text)
    print(f"({result.symbols_included} of {result.symbols_total} symbols in {result.files_included} files, "
          f"about {result.token_count} tokens)", file=sys.stderr)
    return 0


async def _read(settings: Settings, args: argparse.Namespace) -> int:
    async with _existing(settings) as service:
        await _require_project(service, args.project)
        result = await service.read_code(args.project, path=args.path, symbol=args.symbol, start_line=args.start_line,
                                         end_line=args.end_line, max_tokens=args.max_tokens)
    if args.json:
        _print_json(result)
        return 0
    print(f"{result.file_path}:{result.start_line}-{result.end_line} of {result.total_lines}"
          + (f"  {result.symbol}" if result.symbol else ""), file=sys.stderr)
    print(result.text)
    if result.note:
        print(f"({result.note})", file=sys.stderr)
    return 0


_COMMANDS = {"index": _index, "status": _status, "projects": _projects, "jobs": _jobs, "cancel": _cancel,
             "delete": _delete, "search": _search, "symbol": _symbol, "refs": _refs, "map": _map,
             "read": _read}
