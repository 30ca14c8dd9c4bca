"""The command line: `coderag-mcp [serve|index|status|search|...]`, over the same service as the tools.

Global options (`--db`, `--json`) are accepted before or after the command. Commands that only
read never create a database; a project that does not exist is named, with the nearest ones.
Exit codes: 0 done, 1 the operation failed, 2 bad usage or something named does not exist.

This module only builds the parser; the commands are cli_commands.py, imported when one runs. The
parser's worker processes re-run the `coderag-mcp` script, which imports this module, and need none
of the service (the SDK, pydantic, numpy): with the parser's own modules, a worker imports 269
modules in 0.14 s of CPU and holds 29 MB, where it imported 507 in 0.4 s and held 53 MB.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__
from .malloc_arenas import limit_malloc_arenas
from .enums import ChunkType, JobStatus


def _global_options(suppress: bool) -> argparse.ArgumentParser:
    """`--db` and `--json`, accepted on the main parser and on every command.

    On the commands the defaults are suppressed, so an option given before the command is not
    overwritten by the command's own default.
    """
    options = argparse.ArgumentParser(add_help=False)
    default: Any = argparse.SUPPRESS if suppress else None
    options.add_argument("--db", metavar="PATH", default=default,
                         help="the database (default: $CODERAG_DB, else VLT_DATABASE_URL's path, else ~/.vlt/vault.db)")
    options.add_argument("--json", action="store_true", default=argparse.SUPPRESS if suppress else False,
                         help="print the result as JSON")
    return options


class _CommandParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required:") and not message.endswith("--project"):
            # `search "-g/--glob"`: argparse takes the query for an option and says it is missing.
            example = "'-g/--glob'" if self.prog.endswith(" search") else "'-value'"
            message += f". A value that begins with '-' goes after '--', as in: {self.prog} --project P -- {example}"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coderag-mcp", parents=[_global_options(False)],
        description="An MCP server (and command line) that indexes and searches code in vlt's vault.db.",
    )
    parser.add_argument("--version", action="version", version=f"coderag-mcp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    shared = [_global_options(True)]

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=shared)

    serve = command("serve", "run the MCP server on stdio (the default command)")
    serve.add_argument("--transport", choices=("stdio", "streamable-http"), default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="address for streamable-http (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port for streamable-http (default 8000)")
    serve.add_argument("--no-watch", action="store_true",
                       help="do not watch indexed folders for changes (also: CODERAG_WATCH=0)")

    index = command("index", "index a folder in the foreground, with a progress bar")
    index.add_argument("path", help="the folder to index, e.g. a repository root")
    index.add_argument("--project", help="project id (default: the folder's name)")
    index.add_argument("--force", action="store_true", help="rebuild from scratch instead of updating")

    status = command("status", "index status and the latest jobs")
    status.add_argument("--project", help="one project (default: every project)")

    command("projects", "every project and its index status")

    jobs = command("jobs", "recent indexing jobs, newest first")
    jobs.add_argument("--project", help="only this project's jobs")
    jobs.add_argument("--status", choices=[status.value for status in JobStatus])
    jobs.add_argument("--limit", type=int, default=20)

    cancel = command("cancel", "cancel a pending or running job")
    cancel.add_argument("job_id", metavar="JOB", help="a job id (coderag-mcp jobs lists them)")

    delete = command("delete", "delete a project's index (the project itself is kept)")
    delete.add_argument("--project", required=True)

    search = command("search", "search a project's code")
    search.add_argument("query")
    search.add_argument("--project", required=True)
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--language")
    search.add_argument("--path", help="only files under this folder or matching this glob")
    search.add_argument("--kind", choices=[kind.value for kind in ChunkType])

    symbol = command("symbol", "where a symbol is defined")
    symbol.add_argument("name")
    symbol.add_argument("--project", required=True)
    symbol.add_argument("--kind", choices=("function", "class", "method", "variable"))
    symbol.add_argument("--limit", type=int, default=20)

    refs = command("refs", "who calls, imports or inherits a symbol")
    refs.add_argument("symbol")
    refs.add_argument("--project", required=True)
    refs.add_argument("--limit", type=int, default=50)
    refs.add_argument("--guesses", action="store_true", help="also uses tied by name alone (GUESS)")

    read = command("read", "a file's lines or a symbol's definition, with line numbers")
    read.add_argument("path", nargs="?", help="a file relative to the project's folder")
    read.add_argument("--project", required=True)
    read.add_argument("--symbol", help="read this definition whole instead (a name or Class.method)")
    read.add_argument("--start-line", type=int)
    read.add_argument("--end-line", type=int)
    read.add_argument("--max-tokens", type=int, default=4000)

    repo_map = command("map", "an outline of the most central files and symbols")
    repo_map.add_argument("--project", required=True)
    repo_map.add_argument("--path", help="only files under this folder or matching this glob")
    repo_map.add_argument("--max-tokens", type=int, default=2000)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    limit_malloc_arenas()
    args = build_parser().parse_args(argv)
    from .cli_commands import run  # here, not above: see the module's docstring

    return run(args)
