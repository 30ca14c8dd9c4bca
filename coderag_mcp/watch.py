"""Keeping indexes fresh while the server runs: a watcher on each indexed project's folder.

Each project with an index (newest first, at most `watch_max_projects`) gets a `watchfiles`
watcher on its folder, except `/` and a home folder itself (far too much to watch). A change
matters only if the indexer would read the path: the same default excludes, `.gitignore` rules
and secret names as discovery, and a language we parse (a `.gitignore` edit or a folder moved
in or out matters too). Changes are debounced twice: `watchfiles` groups a burst into batches
(at most `DEBOUNCE_MS` apart), and a project's update waits until no relevant batch came for
`watch_quiet_seconds`, so a branch switch that touches thousands of files is one update job.
Once a watch is live, the folder is compared with the index once, for changes made while nobody
watched (the server was not running). The job goes through the service like any `update_index`: resource subscribers hear of it,
and a job already pending for the project absorbs the change. A change that lands while an
update runs waits for that job to end, then starts the next one (the running job may have
walked past it).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field

import anyio
import anyio.from_thread
import anyio.to_thread
import watchfiles
from anyio.abc import TaskGroup

from .discover import EXCLUDED_DIR_SUFFIXES, EXCLUDED_DIRS, IgnoreRules, is_secret_file, read_ignore_rules
from .errors import CoderagError
from .languages import language_for
from .service import CodeIndexService
from .status_queries import PROJECTS_URI

logger = logging.getLogger(__name__)
# watchfiles logs every batch ("3 changes detected") at INFO: noise in an MCP client's server log.
logging.getLogger("watchfiles").setLevel(logging.WARNING)

# watchfiles yields a batch once no change came for STEP_MS, or after DEBOUNCE_MS of steady changes.
DEBOUNCE_MS = 200
STEP_MS = 50
# How often the Rust side answers even without changes: its first answer says the watch is live.
LIVE_CHECK_MS = 500
# Projects indexed by another process (the command line) are picked up this often.
RESYNC_SECONDS = 5.0


def too_broad(folder: str) -> bool:
    """`/` and a home folder itself are never watched: everything below them would be."""
    real = os.path.realpath(folder)
    homes = {os.path.realpath(os.path.expanduser("~")), os.path.realpath(os.environ.get("HOME", "~"))}
    return (real == os.path.dirname(real) or real in homes or real in ("/home", "/Users")
            or os.path.dirname(real) in ("/home", "/Users"))


class ChangeFilter:
    """Does a changed path matter to the index? Discovery's rules, applied to one path at a time."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self._root_prefix = os.path.join(self.root, "")
        self._rules: dict[str, IgnoreRules | None] = {}
        self._venvs: dict[str, bool] = {}
        self._ignored_folders: dict[tuple[str, ...], bool] = {}

    def relevant(self, change: watchfiles.Change, path: str) -> bool:
        # watchfiles reports paths below the root as given: cutting the root off is enough (relpath, which
        # makes both absolute and compares them part by part, took a third of this function's time).
        if path.startswith(self._root_prefix) and f"{os.sep}.." not in path and f"{os.sep}.{os.sep}" not in path:
            relative = path[len(self._root_prefix):]
        else:
            relative = os.path.relpath(path, self.root)
        if not relative or relative == "." or relative.startswith(".."):
            return False
        parts = relative.split(os.sep)
        for depth, name in enumerate(parts[:-1]):
            if self._excluded_dir(name, os.sep.join(parts[:depth + 1])):
                return False
        name = parts[-1]
        if name == ".gitignore" and not self._ignored(parts, is_dir=False):
            self._rules.clear()  # the rules changed: read them again
            self._ignored_folders.clear()
            return True
        if is_secret_file(name) or self._excluded_dir(name, relative):
            return False
        if language_for(name) is not None:
            return not self._ignored(parts, is_dir=False)
        # A folder moved in or out (its files report no event of their own).
        is_dir = os.path.isdir(path) if change is not watchfiles.Change.deleted else "." not in name
        return is_dir and not self._ignored(parts, is_dir=True)

    def _excluded_dir(self, name: str, relative: str) -> bool:
        if name in EXCLUDED_DIRS or name.endswith(EXCLUDED_DIR_SUFFIXES):
            return True
        if relative not in self._venvs:  # a virtual environment under any name
            self._venvs[relative] = os.path.isfile(os.path.join(self.root, relative, "pyvenv.cfg"))
        return self._venvs[relative]

    def _ignored(self, parts: list[str], *, is_dir: bool) -> bool:
        """git's rules: each folder's .gitignore matches paths below it; an ignored folder hides its files."""
        return (len(parts) > 1 and self._folder_ignored(tuple(parts[:-1]))) or self._matched(parts, is_dir=is_dir)

    def _folder_ignored(self, folder: tuple[str, ...]) -> bool:
        """Whether a folder, or one above it, is ignored: known once per folder (a build writes thousands of
        files into the same few; each path's every folder, matched against every rule above it, cost
        0.1 ms a path in Linux's tree)."""
        known = self._ignored_folders.get(folder)
        if known is None:
            known = self._ignored_folders[folder] = (
                (len(folder) > 1 and self._folder_ignored(folder[:-1])) or self._matched(list(folder), is_dir=True))
        return known

    def _matched(self, parts: list[str], *, is_dir: bool) -> bool:
        """Whether a rule of a folder above the path matches the path itself."""
        probe = "/".join(parts) + ("/" if is_dir else "")
        for base_end in range(len(parts)):
            base = "/".join(parts[:base_end])
            rules = self._rules_of(base)
            if rules is not None and rules.matches(probe[len(base) + 1:] if base_end else probe):
                return True
        return False

    def _rules_of(self, folder: str) -> IgnoreRules | None:
        if folder not in self._rules:
            self._rules[folder] = read_ignore_rules(self.root, folder)
        return self._rules[folder]


@dataclass
class _Watched:
    root: str
    scope: anyio.CancelScope
    indexed_files: int
    changed: anyio.Event = field(default_factory=anyio.Event)


class ProjectWatcher:
    def __init__(self, service: CodeIndexService) -> None:
        self.service = service
        self.settings = service.settings
        self.watched: dict[str, _Watched] = {}
        self.skipped: dict[str, str] = {}  # project -> why it is not watched
        self._resync = anyio.Event()
        self._task_group: TaskGroup | None = None
        # One thread per watched project, for as long as it is watched: never the tokens of anyio's
        # default limiter, which every other call to a thread shares.
        self._threads = anyio.CapacityLimiter(max(1, self.settings.watch_max_projects))

    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        stop_listening = self.service.add_listener(self._on_resource)
        try:
            async with anyio.create_task_group() as tg:
                self._task_group = tg
                await self.resync()
                task_status.started()
                while True:
                    with anyio.move_on_after(RESYNC_SECONDS):
                        await self._resync.wait()
                    self._resync = anyio.Event()
                    try:
                        await self.resync()
                    except Exception:  # a watcher's trouble must never stop the server: try again later
                        logger.exception("the watcher could not list the projects to watch")
        finally:
            self._task_group = None
            stop_listening()

    async def _on_resource(self, uri: str) -> None:
        if uri == PROJECTS_URI:  # a project was created, indexed or deleted
            self._resync.set()

    async def resync(self) -> None:
        """Watch the folders of the indexed projects (newest first, up to the cap); stop watching the rest."""
        assert self._task_group is not None
        wanted: dict[str, tuple[str, int]] = {}
        skipped: dict[str, str] = {}
        projects = sorted((p for p in (await self.service.list_projects()).projects
                           if p.last_indexed_path and p.file_count > 0),
                          key=lambda p: p.last_indexed_at.timestamp() if p.last_indexed_at else 0.0, reverse=True)
        for project in projects:
            root = project.last_indexed_path
            assert root is not None
            if too_broad(root):
                skipped[project.project_id] = f"{root} is too broad to watch (/ or a home folder)"
            elif not os.path.isdir(root):
                skipped[project.project_id] = f"{root} does not exist"
            elif len(wanted) >= self.settings.watch_max_projects:
                skipped[project.project_id] = (f"more than {self.settings.watch_max_projects} indexed projects "
                                               "(CODERAG_WATCH_MAX)")
            else:
                wanted[project.project_id] = os.path.realpath(root), project.file_count
        for project_id, why in skipped.items():
            if self.skipped.get(project_id) != why:
                logger.warning("not watching project %s: %s; update_index refreshes it", project_id, why)
        self.skipped = skipped
        for project_id, watched in list(self.watched.items()):
            if project_id not in wanted or wanted[project_id][0] != watched.root:
                watched.scope.cancel()
                del self.watched[project_id]
        for project_id, (root, indexed_files) in wanted.items():
            if project_id not in self.watched:
                self.watched[project_id] = watched = _Watched(root, anyio.CancelScope(), indexed_files)
                self._task_group.start_soon(self._watch, project_id, watched)

    async def _watch(self, project_id: str, watched: _Watched) -> None:
        relevant = ChangeFilter(watched.root).relevant
        stop = threading.Event()
        live = False

        def on_batch(matters: bool) -> None:  # on the event loop
            nonlocal live
            if not live:
                live = True
                tg.start_soon(self._catch_up, project_id, watched, time.monotonic())
            if matters:
                watched.changed.set()

        def follow() -> None:
            # In a worker thread: telling which changes matter reads .gitignore rules and stats paths (35 to
            # 40 us a path in Linux's tree, 0.1 ms before ChangeFilter knew ignored folders once), and a build
            # in the tree writes thousands of files that do not (20,000 object files of Linux held the event
            # loop 1 s in all, in stalls of up to 0.37 s, on the loop). Setting up the watches
            # (0.2 to 0.4 s for Linux's 5,000 folders) holds the GIL whichever thread does it: watchfiles'
            # Rust constructor does not release it. The Rust side answers at least every LIVE_CHECK_MS: the
            # first answer means it is watching, and `stop` is seen within that time.
            for changes in watchfiles.watch(watched.root, watch_filter=None, debounce=DEBOUNCE_MS, step=STEP_MS,
                                            rust_timeout=LIVE_CHECK_MS, yield_on_timeout=True, stop_event=stop,
                                            ignore_permission_denied=True, raise_interrupt=False):
                if stop.is_set():
                    return
                matters = any(relevant(change, path) for change, path in changes)
                if matters or not live:  # the loop hears of the first answer, then of what matters only
                    # Without waiting for the loop: a thread waiting on a loop that has stopped would keep
                    # the process from ending. Once the portal has closed, this raises and the thread ends.
                    portal.start_task_soon(on_batch, matters)

        with watched.scope:
            async with anyio.create_task_group() as tg, anyio.from_thread.BlockingPortal() as portal:
                tg.start_soon(self._update_after_changes, project_id, watched)
                # Until the watch is live, status checks wait for its first look instead of walking too.
                self.service.staleness.expect_first_look(project_id)
                try:
                    await anyio.to_thread.run_sync(follow, abandon_on_cancel=True, limiter=self._threads)
                except Exception as error:  # the folder went away, too many watches: never the server's end
                    logger.warning("stopped watching project %s (%s): %s", project_id, watched.root, error)
                finally:
                    stop.set()  # a cancelled wait leaves the thread behind: it ends at its next answer
                    if not live:
                        self.service.staleness.first_look_done(project_id)
                tg.cancel_scope.cancel()

    async def _update_after_changes(self, project_id: str, watched: _Watched) -> None:
        quiet = self.settings.watch_quiet_seconds
        while True:
            await watched.changed.wait()
            while True:  # until no relevant change came for `quiet` seconds
                watched.changed = anyio.Event()
                with anyio.move_on_after(quiet) as waited:
                    await watched.changed.wait()
                if waited.cancelled_caught:
                    break
            try:
                await self._wait_for_running_job(project_id)
                response = await self.service.update_index(project_id, background=True)
                logger.info("project %s changed on disk: update job %s", project_id, response.job_id)
            except CoderagError as error:
                logger.warning("project %s changed on disk, but it cannot be updated: %s", project_id, error)
            except Exception:  # a locked or broken database: the next change tries again
                logger.exception("project %s changed on disk; queueing its update failed", project_id)

    async def _catch_up(self, project_id: str, watched: _Watched, live_since: float) -> None:
        """Changes made before the watch began (the server was not running, or it just started): one status
        check, begun after the watch was live (compared on the event loop, and walked in a thread, it held
        the server's answers for seconds after a start on the Linux kernel's tree)."""
        try:
            differs = await self.service.staleness.differs(project_id, watched.root, watched.indexed_files,
                                                           live_since)
        except Exception as error:  # an unreadable folder: the watcher reports what it can
            logger.warning("project %s: could not compare its folder with the index: %s", project_id, error)
            return
        if differs:
            watched.changed.set()

    async def _wait_for_running_job(self, project_id: str) -> None:
        """A running job may have walked past the change: let it finish, then queue a new one."""
        while True:
            status = await self.service.get_status(project_id)
            if status.active_job is None or status.active_job.status.value != "running":
                return
            await anyio.sleep(0.1)

