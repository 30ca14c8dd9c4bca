"""The command line: `coderag-mcp [serve|index|status|search]`, over the same service as the tools."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

import anyio

from . import __version__
from .config import Settings
from .errors import CoderagError
from .models import ChunkType, JobStatus, JobStatusResponse
from .service import CodeIndexService, project_id_for


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coderag-mcp",
        description="An MCP server (and command line) that indexes and searches code in vlt's vault.db.",
    )
    parser.add_argument("--version", action="version", version=f"coderag-mcp {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="the database (default: $CODERAG_DB, else VLT_DATABASE_URL's path, else ~/.vlt/vault.db)")
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help="run the MCP server (the default command)")
    serve.add_argument("--transport", choices=("stdio", "streamable-http"), default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="address for streamable-http (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port for streamable-http (default 8000)")

    index = commands.add_parser("index", help="index a folder in the foreground, with a progress bar")
    index.add_argument("path", help="the folder to index, e.g. a repository root")
    index.add_argument("--project", help="project id (default: the folder's name)")
    index.add_argument("--force", action="store_true", help="rebuild from scratch instead of updating")
    index.add_argument("--json", action="store_true", help="print the finished job as JSON")

    status = commands.add_parser("status", help="index status and the latest jobs")
    status.add_argument("--project", help="one project (default: every project)")
    status.add_argument("--json", action="store_true")

    search = commands.add_parser("search", help="search a project's code")
    search.add_argument("query")
    search.add_argument("--project", required=True)
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--language")
    search.add_argument("--path", help="only files under this folder or matching this glob")
    search.add_argument("--kind", choices=[kind.value for kind in ChunkType])
    search.add_argument("--json", action="store_true")

    symbol = commands.add_parser("symbol", help="where a symbol is defined")
    symbol.add_argument("name")
    symbol.add_argument("--project", required=True)
    symbol.add_argument("--kind", choices=("function", "class", "method"))
    symbol.add_argument("--limit", type=int, default=20)
    symbol.add_argument("--json", action="store_true")

    refs = commands.add_parser("refs", help="who calls, imports or inherits a symbol")
    refs.add_argument("symbol")
    refs.add_argument("--project", required=True)
    refs.add_argument("--limit", type=int, default=50)
    refs.add_argument("--guesses", action="store_true", help="also uses tied by name alone (GUESS)")
    refs.add_argument("--json", action="store_true")

    repo_map = commands.add_parser("map", help="an outline of the most central files and symbols")
    repo_map.add_argument("--project", required=True)
    repo_map.add_argument("--path", help="only files under this folder or matching this glob")
    repo_map.add_argument("--max-tokens", type=int, default=2000)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(args.db)
    command = args.command or "serve"
    if command == "serve":
        from .server import create_server

        server = create_server(settings)
        if getattr(args, "transport", "stdio") == "streamable-http":
            server.run("streamable-http", host=args.host, port=args.port)
        else:
            server.run("stdio")
        return 0
    try:
        return anyio.run(_COMMANDS[command], settings, args)
    except CoderagError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted; the files indexed so far are kept (run the same command to finish)", file=sys.stderr)
        return 130


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


async def _index(settings: Settings, args: argparse.Namespace) -> int:
    project_id = args.project or project_id_for(args.path)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        status = await service.get_status(project_id)
        bar = ProgressBar()
        try:
            if status.file_count and not args.force and status.active_job is None:
                print(f"Updating project '{project_id}' (already indexed: only changed files are read)", file=sys.stderr)
                response = await service.update_index(project_id, background=False, on_progress=bar.update)
            else:
                print(f"Indexing {args.path} as project '{project_id}' into {settings.db_path}", file=sys.stderr)
                response = await service.init_index(project_id, args.path, force=args.force, background=False,
                                                    on_progress=bar.update)
        finally:
            bar.close()
        job = response.job
        assert job is not None
        if args.json:
            print(job.model_dump_json(indent=2))
            return 0 if job.status is JobStatus.COMPLETED else 1
        final = await service.get_status(project_id)
        stats = await service.store.get_job_stats(job.job_id)
        print(f"{job.status.value}: {job.files_processed} of {job.files_total} files, {job.chunks_created} chunks "
              f"written in {job.duration_seconds or 0:.2f} s")
        print(f"project '{project_id}': {final.status.value}, {final.file_count} files, {final.chunk_count} chunks, "
              f"{final.symbol_count} symbols")
        if final.files_by_language:
            print("languages: " + ", ".join(f"{lang} {count}" for lang, count in final.files_by_language.items()))
        if stats:
            skipped_count, skipped, excluded = stats
            if excluded:
                print("left out: " + ", ".join(f"{reason} {count}" for reason, count in sorted(excluded.items())))
            if skipped_count:
                print(f"skipped {skipped_count} files:")
                for path, reason in skipped[:10]:
                    print(f"  {path}: {reason}")
        if job.status is not JobStatus.COMPLETED:
            print(job.error_message or "", file=sys.stderr)
            return 1
        if service.embeddings is not None:
            print(f"embedding new chunks with {service.embeddings.config.model} ...", file=sys.stderr)
            print(f"embedded {await service.fill_embeddings(project_id)} chunks")
        print(f"search it: coderag-mcp search 'what you look for' --project {project_id}")
        return 0


async def _status(settings: Settings, args: argparse.Namespace) -> int:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        if args.project:
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
            for job in jobs.jobs:
                print(f"  job {job.job_id} {job.status.value:9} {job.progress_percent:3d}% "
                      f"{job.files_processed}/{job.files_total} files, created {job.created_at:%Y-%m-%d %H:%M:%S}"
                      + (f" - {job.error_message}" if job.error_message else ""))
            return 0
        projects = await service.list_projects()
        if args.json:
            print(projects.model_dump_json(indent=2))
            return 0
        if not projects.projects:
            print(f"No projects in {settings.db_path}. Index one: coderag-mcp index PATH")
        for project in projects.projects:
            print(f"{project.project_id:24} {project.index_status.value:15} {project.file_count:6} files "
                  f"{project.chunk_count:8} chunks  {project.last_indexed_path or ''}")
        return 0


async def _search(settings: Settings, args: argparse.Namespace) -> int:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        result = await service.search_code(
            args.project, args.query, limit=args.limit, language=args.language, path=args.path,
            kind=ChunkType(args.kind) if args.kind else None,
        )
        if args.json:
            print(result.model_dump_json(indent=2))
            return 0
        if result.note:
            print(f"({result.note})", file=sys.stderr)
        for number, hit in enumerate(result.hits, 1):
            print(f"{number}. {hit.file_path}:{hit.start_line}-{hit.end_line}  {hit.kind.value} {hit.qualified_name}"
                  f"  score {hit.score:.2f}")
            if hit.signature:
                print(f"   {hit.signature}")
            for line in hit.snippet.splitlines()[:4]:
                print(f"   | {line}")
        return 0


async def _symbol(settings: Settings, args: argparse.Namespace) -> int:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        result = await service.find_symbol(args.project, args.name, kind=args.kind, limit=args.limit)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    if result.note:
        print(f"({result.note})", file=sys.stderr)
    for hit in result.definitions:
        print(f"{hit.file_path}:{hit.line}  {hit.kind} {hit.qualified_name}  [{hit.match}]")
        if hit.signature:
            print(f"   {hit.signature}")
        if hit.doc:
            print(f"   {hit.doc}")
    return 0


async def _refs(settings: Settings, args: argparse.Namespace) -> int:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        result = await service.find_references(args.project, args.symbol, limit=args.limit,
                                               include_guesses=args.guesses)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    if result.note:
        print(f"({result.note})", file=sys.stderr)
    for hit in result.references:
        where = f" -> {hit.target}" if hit.target else ""
        print(f"{hit.file_path}:{hit.line}  {hit.kind.lower()} in {hit.enclosing}  [{hit.resolution.lower()}]{where}")
    if result.truncated:
        print(f"(more than {args.limit}; raise --limit)", file=sys.stderr)
    return 0


async def _map(settings: Settings, args: argparse.Namespace) -> int:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        result = await service.get_repo_map(args.project, path=args.path, max_tokens=args.max_tokens)
    print(result.map_text)
    print(f"({result.symbols_included} of {result.symbols_total} symbols in {result.files_included} files, "
          f"about {result.token_count} tokens)", file=sys.stderr)
    return 0


_COMMANDS = {"index": _index, "status": _status, "search": _search, "symbol": _symbol, "refs": _refs, "map": _map}
