"""Is an index stale? Files under its path changed (stat data) since the last run, or another
program (vlt, sharing vault.db) changed the index's rows since our last job wrote them.

Checking means walking the tree and comparing stat data with `coderag_files`: tens to hundreds
of milliseconds on a large repository, seconds on a huge one. `get_status` must answer in a few, so
it answers from the last check and starts a new one in the background when that is older than
`max_age` seconds, and than CHECK_EVERY_WALKS times the last check took: a change shows within a
few seconds (within 40 s in the Linux kernel's 60,000 files, whose check takes 4 s), and an agent
that polls get_status never keeps a core walking. Without a background task group (the command
line), the check runs in the call.

The walk runs in a thread that is abandoned past `walk_bound` seconds (a folder on a hung network
mount): the check then keeps its previous answer, and no new walk of that project starts until the
stuck one returns, so stuck threads never pile up. The walk of a large tree (PROCESS_WALK_FILES files
indexed or more) runs in a worker process instead, which also reads the files' states and compares:
the walk is Python, and in a thread it holds the GIL from the calls that wait meanwhile (in the Linux
kernel's index, a find_references of 16 ms took 101 ms, and up to 865 ms, while a 5 s check ran).
Past the bound that process is killed.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio
import anyio.to_process
import anyio.to_thread
from anyio.abc import TaskGroup

from .discover import Discovery, discover
from .parse_workers import WORKER_NICENESS, lower_own_priority
from .pipeline import plan_changes
from .store import FileState, Store, read_file_states

logger = logging.getLogger(__name__)

# How long a fresh check may take before get_status answers from the previous one.
WAIT_FOR_CHECK_SECONDS = 0.03
# A check starts no sooner than this many times the last one took after it: at most a tenth of a core.
CHECK_EVERY_WALKS = 10
# An index of this many files or more is checked by a worker process (see the module's doc): starting
# one took 0.37 s (outside the server), a check of the Linux kernel's 60,000 files 4 to 5 s.
PROCESS_WALK_FILES = 5_000


def _differs(found: Discovery, states: dict[str, FileState]) -> bool:
    plan = plan_changes(found.files, states, job_id="", force=False)
    return bool(plan.to_parse or plan.deleted)


def tree_differs(root: str, max_file_bytes: int, db_path: str, project_id: str) -> bool:
    """Whether the files under `root` differ from what the project's index recorded, in a worker process:
    the walk, the index's file states (read from `db_path` by a read-only connection) and the comparison."""
    # Below the server, as the parser's workers run (a reused parser worker is there already).
    lower_own_priority(WORKER_NICENESS)
    return _differs(discover(root, max_file_bytes), read_file_states(db_path, project_id))


@dataclass
class _Check:
    checked_at: float
    stale: bool
    done: anyio.Event
    took: float = 0.0  # seconds the walk and the comparison took, once done
    started: float = field(default_factory=time.monotonic)
    walked: bool = False  # answered by a walk (not by another program's change, nor given up)


class StalenessMonitor:
    def __init__(self, store: Store, max_file_bytes: int, on_stale: Callable[[str], Awaitable[None]],
                 on_changed_elsewhere: Callable[[str, str, str], Awaitable[None]], max_age: float = 2.0,
                 walk_bound: float = 60.0) -> None:
        self.store = store
        self.walk_bound = walk_bound
        self._walking: set[str] = set()
        self.max_file_bytes = max_file_bytes
        self.max_age = max_age
        self.task_group: TaskGroup | None = None
        self._on_stale = on_stale
        self._on_changed_elsewhere = on_changed_elsewhere
        self._checks: dict[str, _Check] = {}
        self._first_look_pending: set[str] = set()  # projects whose watch is starting (see differs)

    def forget(self, project_id: str) -> None:
        """Drop what is known: the index was just rebuilt or deleted."""
        self._checks.pop(project_id, None)

    async def is_stale(self, project_id: str, root: str, indexed_files: int = 0) -> bool:
        """Whether the index of the tree at `root` no longer matches it, as last checked (see the module's
        doc); `indexed_files`, the files the index holds, decides where the walk runs."""
        check = self._checks.get(project_id)
        if project_id in self._first_look_pending:  # the watcher's first look, about to begin, will answer
            return check.stale if check is not None else False
        if check is not None and (not check.done.is_set() or time.monotonic() - check.checked_at
                                  < max(self.max_age, CHECK_EVERY_WALKS * check.took)):
            return check.stale
        check = self._begin_check(project_id)
        if self.task_group is None:
            await self._run(project_id, root, check)
        else:  # in the background: a large tree's walk in a process (without one, a thread is as good)
            self.task_group.start_soon(self._run, project_id, root, check, indexed_files >= PROCESS_WALK_FILES)
            with anyio.move_on_after(WAIT_FOR_CHECK_SECONDS):
                await check.done.wait()
        return check.stale

    def _begin_check(self, project_id: str) -> _Check:
        """A new check of the project, answering the last answer until it is done."""
        previous = self._checks.get(project_id)
        check = _Check(checked_at=time.monotonic(), stale=previous.stale if previous else False, done=anyio.Event())
        self._checks[project_id] = check
        return check

    async def _run(self, project_id: str, root: str, check: _Check, in_process: bool = False) -> None:
        started = time.monotonic()
        try:
            changed = await self.store.changed_elsewhere(project_id)
            if changed is not None:
                check.stale = True
                check.checked_at = time.monotonic()
                await self._on_changed_elsewhere(project_id, *changed)
                return
            if project_id in self._walking:  # the last walk never returned: do not start another
                return
            stale = await (self._compare_in_process if in_process else self._compare_in_thread)(project_id, root)
            check.checked_at = time.monotonic()
            if stale is None:
                return  # no answer (said in the log): the last one stands
            check.stale, check.walked = stale, True
            check.took = check.checked_at - started  # (a walk given up past its bound does not count)
            if check.stale:
                await self._on_stale(project_id)
        except OSError:
            check.stale = True  # the indexed folder is gone or unreadable: the index no longer matches it
        finally:
            check.done.set()

    def expect_first_look(self, project_id: str) -> None:
        """A watch of the project is starting: until its first look (`differs`) begins, status checks answer
        from what is known rather than walk the tree only to have the first look walk it again."""
        self._first_look_pending.add(project_id)

    def first_look_done(self, project_id: str) -> None:
        self._first_look_pending.discard(project_id)

    async def differs(self, project_id: str, root: str, indexed_files: int, since: float) -> bool | None:
        """Whether the tree differs from the index, walked no earlier than `since` (None: no answer); for
        the watcher's first look, when its watch began. It is a status check: one that began since then
        answers it, and its own answer serves the status checks after it (at a server's start both walked
        the tree at once, seconds of a core each on the Linux kernel's)."""
        self.first_look_done(project_id)
        check = self._checks.get(project_id)
        if check is None or check.started < since:
            check = self._begin_check(project_id)
            await self._run(project_id, root, check, indexed_files >= PROCESS_WALK_FILES)
        else:
            await check.done.wait()
        return check.stale if check.walked else None

    async def _compare_in_thread(self, project_id: str, root: str) -> bool | None:
        """The walk in a thread, abandoned past the bound (None)."""
        self._walking.add(project_id)

        def walk() -> Discovery:
            try:
                return discover(root, self.max_file_bytes)
            finally:
                self._walking.discard(project_id)

        found: Discovery | None = None
        with anyio.move_on_after(self.walk_bound):
            found = await anyio.to_thread.run_sync(walk, abandon_on_cancel=True)
        if found is None:
            self._gave_up(root)
            return None
        states = await self.store.file_states(project_id)
        # Comparing 10,000s of files is CPU work: a thread, so the event loop goes on answering.
        return await anyio.to_thread.run_sync(_differs, found, states)

    async def _compare_in_process(self, project_id: str, root: str) -> bool | None:
        """The walk and the comparison in a worker process, killed past the bound (None)."""
        self._walking.add(project_id)
        try:
            with anyio.move_on_after(self.walk_bound):
                return await anyio.to_process.run_sync(tree_differs, root, self.max_file_bytes, str(self.store.path),
                                                       project_id, cancellable=True)
            self._gave_up(root)
        except (anyio.BrokenWorkerProcess, sqlite3.Error) as error:  # the process died, or vault.db was busy
            logger.warning("checking whether %s changed failed (%s); the last answer stands", root, error)
        finally:
            self._walking.discard(project_id)
        return None

    def _gave_up(self, root: str) -> None:
        logger.warning("checking whether %s changed took longer than %g s; the last answer stands",
                       root, self.walk_bound)
