"""A first or forced index in a process of its own, so the server's process only answers.

A full index keeps a process busy for seconds to minutes (writing rows, resolving the graph,
PageRank); in the server's own process that work holds the GIL in turns with the event loop, and
`get_status` or a search waits for it. Run in a child process instead, the server's process is free:
the child writes the index (its own connection to vault.db) and reports its progress as JSON lines
on its stdout; the server's job runner (jobs.py) keeps the lease, the heartbeat, the watchdog and the
job's state, exactly as for a job it runs itself.

Updates of an index that was complete once stay in the server's process when the tree is small: a
process start would add its half second to every change the watcher follows. An update of a large
tree (Settings.update_process_min_files) runs in a child too: its link reads the whole graph.

The child stops when asked (SIGTERM: a cancel, rolled back like one in the server's process), and
when the server is gone (its stdin closes), so it never writes for a job nobody owns.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.abc

from . import errors, faults
from .errors import root_cause
from .config import Settings
from .malloc_arenas import limit_malloc_arenas
from .parse_workers import lower_own_priority
from .pipeline import Progress, run_index

logger = logging.getLogger(__name__)

# Not `-m coderag_mcp.job_process`: anyio's parser workers re-run the `__main__` module's file, which
# would import this module outside its package.
CHILD_COMMAND = "import sys; from coderag_mcp.job_process import main; sys.exit(main())"
# What the child reports of its Progress as it goes (`skipped`, which can be long, comes at the end).
COUNTERS = ("files_total", "files_processed", "chunks_created", "incremental", "phase", "steps", "excluded")
# How often the child reports its counters, when they changed.
REPORT_SECONDS = 0.1
JOB_PROCESS_NICENESS = 10
# How long a cancelled child gets to roll back and exit before it is killed.
STOP_GRACE_SECONDS = 10.0


class JobProcessDied(Exception):
    """The child ended without saying how the job ended (killed, out of memory, a crash)."""


@dataclass(frozen=True)
class JobRequest:
    settings: Settings
    project_id: str
    job_id: str
    target_path: str
    force: bool


# --- the server's side ------------------------------------------------------------------------------

async def run_index_in_process(request: JobRequest, progress: Progress) -> None:
    """run_index in a child process, its progress copied into `progress`; raises what run_index raised
    (a CoderagError with its text, or an error of the same name and text), JobProcessDied when the
    child died without an answer, and the cancellation when the caller is cancelled (the child is
    stopped and has rolled back first)."""
    outcome: dict[str, Any] | None = None
    process = await anyio.open_process([sys.executable, "-c", CHILD_COMMAND],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None)
    try:
        assert process.stdin is not None and process.stdout is not None
        # stdin stays open: the child takes its closing for the server's end.
        await process.stdin.send(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        buffered = b""
        async for data in process.stdout:
            buffered += data
            *lines, buffered = buffered.split(b"\n")
            for line in lines:
                message = json.loads(line)
                if "outcome" in message:
                    outcome = message["outcome"]
                _copy_progress(message, progress)
        await process.wait()
    finally:
        with anyio.CancelScope(shield=True):
            await _stop(process)
    if outcome is None:
        raise JobProcessDied(_how_it_ended(process.returncode))
    if outcome["cancelled"]:  # stopped by something other than this runner (a SIGTERM from outside)
        raise errors.CoderagError("The indexing process was stopped from outside; run update_index to finish.")
    if outcome["error"] is not None:
        raise _error_from(outcome["error"])


def _copy_progress(message: dict[str, Any], progress: Progress) -> None:
    for name in COUNTERS:
        if name in message:
            setattr(progress, name, message[name])
    if "skipped" in message:
        progress.skipped = [tuple(item) for item in message["skipped"]]  # type: ignore[misc]


async def _stop(process: anyio.abc.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        with anyio.move_on_after(STOP_GRACE_SECONDS):
            await process.wait()
    if process.returncode is None:
        process.kill()
        await process.wait()
    await process.aclose()


def _how_it_ended(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else str(-returncode)
        cause = " (the system may have run out of memory)" if returncode == -signal.SIGKILL else ""
        return f"the indexing process was killed by {name}{cause}"
    return f"the indexing process exited with status {returncode} without finishing the job"


def _error_from(error: dict[str, str]) -> Exception:
    if error["coderag"]:
        kind = getattr(errors, error["type"], None)
        if isinstance(kind, type) and issubclass(kind, errors.CoderagError):
            return kind(error["message"])
        return errors.CoderagError(error["message"])
    # Not ours: the runner reports it as an unexpected error under its own name.
    return type(error["type"], (Exception,), {})(error["message"])


# --- the child's side -------------------------------------------------------------------------------

def main() -> int:
    limit_malloc_arenas()
    faults.parent_is_server()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="coderag-mcp (indexing process %(process)d): %(levelname)s %(message)s")
    # Ctrl-C on the server's terminal reaches this process too: the server decides, and stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Below the server (which answers in milliseconds, then sleeps) and above the parser processes
    # (nice 19), so the writer keeps its lead over them and the server takes a core at once (at nice 5 the
    # server's threads waited behind it for a core: see parse_workers.WORKER_NICENESS).
    lower_own_priority(JOB_PROCESS_NICENESS)
    request: JobRequest = pickle.load(sys.stdin.buffer)
    anyio.run(_child, request)
    return 0


async def _child(request: JobRequest) -> None:
    from .store import Store

    progress = Progress()
    outcome: dict[str, Any] = {"cancelled": False, "error": None}
    store = await Store.open(request.settings.db_path, busy_timeout_ms=request.settings.busy_timeout_ms)
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(_report_progress, progress)
            tg.start_soon(_stop_on_sigterm_or_eof, tg.cancel_scope, outcome)
            try:
                await run_index(store, project_id=request.project_id, job_id=request.job_id,
                                target_path=request.target_path, force=request.force, settings=request.settings,
                                progress=progress)
            except Exception as exc:  # reported to the server, which records it as the job's end
                cause = root_cause(exc)
                if not isinstance(cause, errors.CoderagError):
                    logger.error("job %s failed", request.job_id, exc_info=cause)
                outcome["error"] = {"type": type(cause).__name__, "message": str(cause),
                                    "coderag": isinstance(cause, errors.CoderagError)}
            tg.cancel_scope.cancel()
    finally:
        with anyio.CancelScope(shield=True):
            await store.close()
    _write({**_counters(progress), "skipped": progress.skipped, "outcome": outcome})


async def _report_progress(progress: Progress) -> None:
    last: dict[str, Any] | None = None
    while True:
        counters = _counters(progress)
        if counters != last:
            _write(counters)
            last = counters
        await anyio.sleep(REPORT_SECONDS)


def _counters(progress: Progress) -> dict[str, Any]:
    return {name: getattr(progress, name) for name in COUNTERS}


async def _stop_on_sigterm_or_eof(scope: anyio.CancelScope, outcome: dict[str, Any]) -> None:
    async def on_sigterm() -> None:
        with anyio.open_signal_receiver(signal.SIGTERM) as signals:
            async for _signal in signals:
                outcome["cancelled"] = True
                scope.cancel()
                return

    async def on_eof() -> None:
        # Waited on by the event loop, not a thread: a thread blocked in read() would keep the
        # process from exiting.
        descriptor = sys.stdin.fileno()
        os.set_blocking(descriptor, False)
        while True:
            await anyio.wait_readable(descriptor)
            try:
                if not os.read(descriptor, 4096):
                    break
            except BlockingIOError:
                continue
        logger.warning("the server is gone; stopping")
        outcome["cancelled"] = True
        scope.cancel()

    async with anyio.create_task_group() as tg:
        tg.start_soon(on_sigterm)
        tg.start_soon(on_eof)


def _write(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()

