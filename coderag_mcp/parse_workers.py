"""The parser's worker processes: started at a lower priority, given batches of files, each result
pickled in the worker and handed over as a file (`Parsers.spool`, not anyio's pipe: `parse_batch_spooled`);
a worker a grammar crashes costs only the file that crashed it; idle workers are stopped once the files are
parsed, and every WORKER_RECYCLE_FILES files parsed (fresh workers take the next batches).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import anyio
import anyio.to_process
import anyio.to_thread

from .collector import collector_paused
from .errors import CoderagError
from .parse import ParseResult, Skipped, SourceFile, parse_batch
from .pids import pid_alive

# The niceness the parser processes run at (see `_ready`): the lowest, 19. At 15 (their parent's 5, the
# indexing process's, plus 10), a search in the server beside three busy processes at 15, 15 and 5 had
# its p95 at 10.5-13.4 ms against 9.4-9.9 ms alone: its threads waited behind them for a core, 3.4-5.7 ms
# a search in the slowest tenth (schedstat). At 19 (and the indexing process at 10), 9.6-9.7 ms: as alone.
WORKER_NICENESS = 19
# Files parsed (by all workers) between two stops of the idle workers. A worker's memory grows with what
# it parses, and not as Python objects it holds: on the Linux kernel each grew from 96 to 189 MB over
# 30,000 C files (17 MB of live objects traced after 4,000 of them; glibc's malloc_trim returned
# nothing). A fresh worker grows back to 135-165 MB within a few thousand files: replacing them bounds a
# long run's growth, no more.
WORKER_RECYCLE_FILES = 10_000
_lowered = False  # whether this worker process lowered its priority
# CPU a parser process must have used within a batch's bound for the wait to go on (pipeline._parsed_while_advancing).
MIN_ADVANCE_SECONDS = 0.05
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# A job's folder for its parser processes' results, in the system's temporary folder: this, its process id, a dash.
SPOOL_PREFIX = "coderag-parse-"
# A folder whose process is not running is removed once nothing was written to it for this long: a process this one
# cannot see (another PID namespace sharing the temporary folder) may still be writing to it.
STALE_SPOOL_SECONDS = 600.0


def lower_own_priority(niceness: int) -> None:
    """This process at `niceness`, or where it is if already lower (never raised: that needs privileges)."""
    with contextlib.suppress(OSError, AttributeError):  # (no priorities on Windows)
        os.setpriority(os.PRIO_PROCESS, 0, max(os.getpriority(os.PRIO_PROCESS, 0), niceness))


def _ready(niceness: int = WORKER_NICENESS) -> bool:
    """A worker process's first call: it lowers its own priority, so that on a machine with as many
    parsers as cores the server's process still gets a core at once to answer (get_status, search)."""
    global _lowered
    if not _lowered:
        _lowered = True
        lower_own_priority(niceness)
    return True


@dataclass(frozen=True)
class Parsers:
    """Where a job's batches are parsed: in worker processes, which hand their results over as files in
    `spool`, or (`spool` None, for a few files) in a thread."""

    limiter: anyio.CapacityLimiter
    niceness: int = WORKER_NICENESS
    spool: str | None = None

    @property
    def in_processes(self) -> bool:
        return self.spool is not None


@contextlib.contextmanager
def job_parsers(workers: int, in_processes: bool, niceness: int = WORKER_NICENESS) -> Iterator[Parsers]:
    """A job's parsers: `workers` processes and a folder of their own for the results (removed with what a
    cancelled batch left in it), or one thread."""
    if not in_processes:
        yield Parsers(anyio.CapacityLimiter(1), niceness)
        return
    remove_stale_spools(tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True) as spool:
        yield Parsers(anyio.CapacityLimiter(workers), niceness, spool)


def remove_stale_spools(folder: str) -> None:
    """Remove the result folders of jobs whose process is gone (and that nothing wrote to for STALE_SPOOL_SECONDS): a
    process killed (SIGKILL, out of memory) never left its job's `with`, and its folder may hold a few batches'
    results."""
    written_before = time.time() - STALE_SPOOL_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            pid = entry.name[len(SPOOL_PREFIX):].split("-", 1)[0] if entry.name.startswith(SPOOL_PREFIX) else ""
            if pid.isdigit() and not pid_alive(int(pid)) and entry.stat().st_mtime < written_before:
                shutil.rmtree(entry.path, ignore_errors=True)


def parse_batch_spooled(batch: list[tuple[SourceFile, str | None]], max_bytes: int, spool: str,
                        niceness: int = WORKER_NICENESS) -> str:
    """parse_batch in a worker process: each file's result pickled there (anyio would unpickle them on the event
    loop, tens of milliseconds for a batch of large files), all written to a file in `spool`, whose name is what
    goes back through anyio's pipe. Not the results themselves: anyio's worker writes its reply with one write()
    of an unbuffered stream and drops what a short write leaves; a worker stopped and continued in the middle
    (Ctrl-Z and `fg` on the command line, a profiler attaching) sent 64 KiB of a reply of megabytes, and its
    parent waited for the rest until the job's watchdog gave up. A file's write goes on until all is written."""
    _ready(niceness)  # a worker started after the first ones (one stopped was replaced) lowers its priority too
    # Without the collector's passes over the batch's young objects: 2 s less of sympy's 29 s of parsing.
    with collector_paused():
        pickled = [pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL) for result in parse_batch(batch, max_bytes)]
    try:
        with tempfile.NamedTemporaryFile(dir=spool, prefix="batch-", delete=False) as handle:
            pickle.dump(pickled, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as error:  # (raised again in the job's process, which fails the job with it)
        raise CoderagError(
            f"The parser processes could not write their results to {os.path.dirname(spool)} "
            f"({error.strerror or error}). Free some space there, or set TMPDIR to a folder with room for a few "
            "megabytes, then run update_index."
        ) from None
    return handle.name


def read_spooled(path: str) -> list[ParseResult]:
    """A batch's results from the file a worker wrote, which is then removed. One file per `pickle.loads`:
    one call holds the GIL, and so the event loop, until it returns (this runs in a thread)."""
    try:
        with open(path, "rb") as handle:
            pickled: list[bytes] = pickle.load(handle)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return [pickle.loads(data) for data in pickled]


async def start_workers(count: int, parsers: Parsers) -> None:
    """Start the worker processes where a cancellation cannot reach them: anyio (4.16) leaves a worker
    whose start-up is cancelled running, its pipes open; a started worker is reused, and cancels cleanly."""
    with anyio.CancelScope(shield=True):
        async with anyio.create_task_group() as tg:
            for _ in range(count):  # at once, so each call starts a worker of its own
                tg.start_soon(_run_in_worker, parsers)


async def stop_idle_workers() -> int:
    """Stop the idle parser processes, and return how many: once the files are parsed (idle, each still
    holds its peak memory, tens of MB, through the linking that follows, and a server would keep them
    until its next large job), and every WORKER_RECYCLE_FILES files parsed. anyio stops idle workers only
    after five minutes, and only when it is next called; this does what it does then (its pool is
    private: if it moves, the workers stay, which costs memory, nothing else)."""
    try:
        workers = anyio.to_process._process_pool_workers.get()
        idle = anyio.to_process._process_pool_idle_workers.get()
    except (AttributeError, LookupError):
        return 0
    stopped = []
    while idle:
        process, _idle_since = idle.popleft()
        process.kill()
        workers.discard(process)
        stopped.append(process)
    with anyio.CancelScope(shield=True):
        for process in stopped:
            await process.aclose()
    return len(stopped)


def workers_cpu_seconds() -> dict[int, float] | None:
    """The CPU time each parser process has used so far, by its process id, read from Linux's /proc; None where
    it cannot be read (another system, or anyio's private pool moved)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        workers = list(anyio.to_process._process_pool_workers.get())
    except (AttributeError, LookupError):
        return None
    used: dict[int, float] = {}
    for process in workers:
        try:
            with open(f"/proc/{process.pid}/stat", "rb") as stat:
                # (the fields after the command's closing parenthesis, which may itself hold spaces)
                fields = stat.read().rsplit(b")", 1)[1].split()
            used[process.pid] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime + stime
        except (OSError, AttributeError, IndexError, ValueError):
            continue  # (a worker that has just exited)
    return used


def workers_advanced(before: dict[int, float], after: dict[int, float]) -> bool:
    """Whether some parser process used CPU between the two readings (a new one counts from nothing)."""
    return any(seconds - before.get(pid, 0.0) >= MIN_ADVANCE_SECONDS for pid, seconds in after.items())


async def _run_in_worker(parsers: Parsers) -> None:
    await anyio.to_process.run_sync(_ready, parsers.niceness, limiter=parsers.limiter)


async def parse_files(batch: list[tuple[SourceFile, str | None]], max_bytes: int, parsers: Parsers
                      ) -> list[ParseResult]:
    """A batch's results, parsed in a worker process (or a thread, for a few files). A file that crashes its
    worker is skipped alone; workers that cannot run at all fail the job with what to do."""
    if parsers.spool is None:
        return await anyio.to_thread.run_sync(parse_batch, batch, max_bytes, limiter=parsers.limiter,
                                              abandon_on_cancel=True)
    try:
        return await _parse_in_worker(batch, max_bytes, parsers, parsers.spool)
    except anyio.BrokenWorkerProcess:
        # A grammar crashed its worker. Retry the files one by one to find the culprit; skip only it.
        results: list[ParseResult] = []
        last_error: BaseException | None = None
        for item in batch:
            try:
                results.extend(await _parse_in_worker([item], max_bytes, parsers, parsers.spool))
            except anyio.BrokenWorkerProcess as error:
                results.append(Skipped(item[0].rel_path, "the parser crashed on this file"))
                last_error = error
        if len(batch) > 1 and all(isinstance(result, Skipped) for result in results):
            # Not one bad file: the workers themselves cannot run.
            raise CoderagError(
                f"The parser worker processes keep failing ({last_error.__cause__ or last_error}). Check that "
                "coderag-mcp is installed in the Python that runs it, then run update_index."
            ) from last_error
        return results


async def _parse_in_worker(batch: list[tuple[SourceFile, str | None]], max_bytes: int, parsers: Parsers,
                           spool: str) -> list[ParseResult]:
    path = await anyio.to_process.run_sync(parse_batch_spooled, batch, max_bytes, spool, parsers.niceness,
                                           cancellable=True, limiter=parsers.limiter)
    return await anyio.to_thread.run_sync(read_spooled, path)
