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
stuck one returns, so stuck threads never pile up.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import anyio.to_thread
from anyio.abc import TaskGroup

from .discover import Discovery, discover
from .pipeline import plan_changes
from .store import Store

logger = logging.getLogger(__name__)

# How long a fresh check may take before get_status answers from the previous one.
WAIT_FOR_CHECK_SECONDS = 0.03
# A check starts no sooner than this many times the last one took after it: at most a tenth of a core.
CHECK_EVERY_WALKS = 10


@dataclass
class _Check:
    checked_at: float
    stale: bool
    done: anyio.Event
    took: float = 0.0  # seconds the walk and the comparison took, once done


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

    def forget(self, project_id: str) -> None:
        """Drop what is known: the index was just rebuilt or deleted."""
        self._checks.pop(project_id, None)

    async def is_stale(self, project_id: str, root: str) -> bool:
        check = self._checks.get(project_id)
        if check is not None and (not check.done.is_set() or time.monotonic() - check.checked_at
                                  < max(self.max_age, CHECK_EVERY_WALKS * check.took)):
            return check.stale
        previous = check.stale if check is not None else False
        check = _Check(checked_at=time.monotonic(), stale=previous, done=anyio.Event())
        self._checks[project_id] = check
        if self.task_group is None:
            await self._run(project_id, root, check)
        else:
            self.task_group.start_soon(self._run, project_id, root, check)
            with anyio.move_on_after(WAIT_FOR_CHECK_SECONDS):
                await check.done.wait()
        return check.stale

    async def _run(self, project_id: str, root: str, check: _Check) -> None:
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
                logger.warning("checking whether %s changed took longer than %g s; the last answer stands",
                               root, self.walk_bound)
                check.checked_at = time.monotonic()
                return
            states = await self.store.file_states(project_id)
            # Comparing 10,000s of files is CPU work: a thread, so the event loop goes on answering.
            plan = await anyio.to_thread.run_sync(functools.partial(
                plan_changes, found.files, states, job_id="", force=False))
            check.stale = bool(plan.to_parse or plan.deleted)
            check.checked_at = time.monotonic()
            check.took = check.checked_at - started  # (a walk given up past its bound does not count)
            if check.stale:
                await self._on_stale(project_id)
        except OSError:
            check.stale = True  # the indexed folder is gone or unreadable: the index no longer matches it
        finally:
            check.done.set()
