"""`coderag-mcp serve`: the MCP server on stdio (or streamable HTTP), with what only a server needs
(its GIL switch interval, a first index in a process of its own, Ctrl-C on a terminal)."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import signal
import sys
import threading

from .config import Settings, env_flag

SERVE_HINT = ("coderag-mcp speaks MCP on stdio: an MCP client starts it (e.g. `claude mcp add coderag -- {exe}`; "
              "Claude Desktop, Cursor and VS Code set-up: see the README). Ctrl-C stops it.")


# How long a thread holding the GIL keeps it before another may take it (Python's default: 5 ms). While
# a job runs, its threads (the database writer, row building, linking) hold it in turn; the event loop
# needs it for a moment at each step of an answer, and waited up to 5 ms each time.
SERVER_SWITCH_INTERVAL_S = 0.0005


def serve(settings: Settings, args: argparse.Namespace) -> int:
    # Imported here: the SDK takes a second or two to import, which the other commands need not wait for.
    import anyio

    from .server import create_server
    from .stdio_pipes import pipes_on_stdio, serve_stdio_pipes

    text = os.environ.get("CODERAG_SWITCH_INTERVAL_S", "")
    try:
        interval = float(text) if text.strip() else SERVER_SWITCH_INTERVAL_S
        if not 0 < interval <= 1:
            raise ValueError
    except ValueError:
        print(f"error: CODERAG_SWITCH_INTERVAL_S is '{text}'; give seconds between 0 and 1, such as 0.0005, "
              "or unset it.", file=sys.stderr)
        return 2
    sys.setswitchinterval(interval)
    if getattr(args, "no_watch", False):
        settings = dataclasses.replace(settings, watch=False)
    if env_flag("CODERAG_JOB_PROCESS", default=True):
        settings = dataclasses.replace(settings, job_process=True)
    server = create_server(settings)
    # What the imports and the server's set-up made lives as long as the process: out of the collector's
    # sight, a full collection walks only what came after (it walked ~96,000 objects, 75 ms, inside
    # whichever answer it fell on).
    gc.freeze()
    if getattr(args, "transport", "stdio") == "streamable-http":
        server.run("streamable-http", host=args.host, port=args.port)
        return 0
    if not sys.stdin.isatty():
        if pipes_on_stdio() and env_flag("CODERAG_STDIO_PIPES", default=True):
            anyio.run(serve_stdio_pipes, server)
        else:
            server.run("stdio")
        return 0
    # The handler first: a Ctrl-C as soon as the hint shows must leave too (Python's default handler
    # raises where it lands, and the interpreter's exit then waits for every thread).
    signal.signal(signal.SIGINT, _interrupt_then_leave)
    print(SERVE_HINT.format(exe=os.path.abspath(sys.argv[0]) if sys.argv[0] else "coderag-mcp"), file=sys.stderr)
    server.run("stdio")
    return 0


def _interrupt_then_leave(_signum: int, _frame: object) -> None:
    """Ctrl-C on a terminal: stop the server as usual (running jobs are handed back to the queue), then
    leave even though a thread still blocks reading the terminal and would wait for the next Enter."""
    leave = threading.Timer(3.0, os._exit, args=(130,))
    leave.daemon = True
    leave.start()
    signal.signal(signal.SIGINT, _leave_now)
    raise KeyboardInterrupt


def _leave_now(_signum: int, _frame: object) -> None:
    """A second Ctrl-C: leave at once, with Ctrl-C's status. (With the default action instead, a server on a
    terminal, interrupted under load on Python 3.13, ended killed by SIGINT, status -2, in 9 of 22 runs; 1 of 28
    since.)"""
    os._exit(130)
