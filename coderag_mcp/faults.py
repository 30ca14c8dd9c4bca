"""Kill points for fault tests: a process that kills itself (SIGKILL) at a named moment of a job.

`CODERAG_TEST_KILL_AT=PHASE` or `PHASE:N` (the N-th time the phase is reached, default 1) makes
the process die there with no chance to clean up, as a power cut or the OOM killer would. Tests
and bench/fault_bench.py use it to check that every phase of a job is atomic or resumable. Unset
(always, outside tests), a kill point costs one dictionary lookup.

Phases, in a job's order: discovered (the tree is walked), planned (changes detected, deleted
files removed), parsed (a batch came back from the parser), writing (a batch is about to be
written), written (a write transaction committed), linking (every file is written, linking not
started), edges (the graph's edges are written, centrality not yet), ranked (centrality written,
files not yet marked linked), linked (the graph is done, the job's end not recorded), finished
(the job's end is recorded, the process not yet gone); and map (a repo map is built, not yet
saved), outside jobs.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

import anyio.to_thread

KILL_AT_ENV = "CODERAG_TEST_KILL_AT"
# `CODERAG_TEST_KILL_PARENT=1` with it: the process's parent dies first (the server, when the job runs in an
# indexing process of its own), as when the whole server is killed at that moment.
KILL_PARENT_ENV = "CODERAG_TEST_KILL_PARENT"
_parent_is_server = False  # set in an indexing process (job_process.main): nobody else's parent is killed
# `CODERAG_TEST_STALL_ON=rel/path`: reading that file, or listing that folder, blocks for good, as a
# read on a hung network mount would (the bounds around parsing and discovery must give up on it).
# `CODERAG_TEST_STALL_ON=phase:NAME`: a job waits for good, off the event loop, when it reaches that
# phase (`stall_phase`), as a step waiting on something that never answers would (the job's
# watchdog must give up on it). Both wait until `release_stalls()`.
STALL_ON_ENV = "CODERAG_TEST_STALL_ON"
_reached: Counter[str] = Counter()


def kill_point(phase: str) -> None:
    wanted = os.environ.get(KILL_AT_ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != phase:
        return
    _reached[phase] += 1
    if _reached[phase] >= int(count or 1):
        if _parent_is_server and os.environ.get(KILL_PARENT_ENV):
            os.kill(os.getppid(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)


def parent_is_server() -> None:
    """Called in an indexing process: its parent is the server, which CODERAG_TEST_KILL_PARENT kills."""
    global _parent_is_server
    _parent_is_server = True


_released = threading.Event()


def stall_point(rel_path: str) -> None:
    """In a worker thread: block while `rel_path` is the one named to stall."""
    if os.environ.get(STALL_ON_ENV) == rel_path:
        _released.wait()


async def stall_phase(phase: str) -> None:
    """In a job's task: wait in a thread (which a cancel abandons) when `phase` is the one named to stall
    (`phase:NAME` every time it is reached, `phase:NAME:N` only the N-th time in this process)."""
    wanted = os.environ.get(STALL_ON_ENV, "")
    if not wanted.startswith(f"phase:{phase}"):
        return
    name, _, count = wanted.removeprefix("phase:").partition(":")
    if name != phase:
        return
    _reached[f"stall {phase}"] += 1
    if not count or _reached[f"stall {phase}"] == int(count):
        await anyio.to_thread.run_sync(_released.wait, abandon_on_cancel=True)


def release_stalls() -> None:
    """Let every stalled wait go (a test's end: the interpreter waits for its threads on exit).
    Later stalls wait again, so one test's release does not disarm the next test's stall."""
    global _released
    released, _released = _released, threading.Event()
    released.set()
