"""The watcher: edits reach the index without an update call; ignored paths never cause work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_types import ResourceUpdatedNotification
from watchfiles import Change

from coderag_mcp.server import create_server
from coderag_mcp.service import CodeIndexService
from coderag_mcp.watch import ChangeFilter, ProjectWatcher, too_broad

from .conftest import fast_settings, write_tree
from .test_server import MODES, call

pytestmark = pytest.mark.anyio


async def search_until_found(client: Client, project_id: str, word: str, timeout: float = 10) -> dict[str, Any]:
    """Poll search until the word is found: a correctness bound (no update call needed), not a benchmark."""
    with anyio.fail_after(timeout):
        while True:
            hits = (await call(client, "search_code", project_id=project_id, query=word))["hits"]
            if hits and hits[0]["symbol"] == word:
                return hits[0]
            await anyio.sleep(0.1)


def test_the_filter_follows_the_indexers_rules(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {
        ".gitignore": "generated/\n*.log\nlocal_settings.py\n",
        "sub/.gitignore": "scratch_*.py\n",
        "app.py": "x = 1\n",
        "env/pyvenv.cfg": "home = /usr\n",
    })
    relevant = ChangeFilter(str(root)).relevant

    def check(path: str, change: Change = Change.modified) -> bool:
        return relevant(change, str(root / path))

    assert check("app.py") and check("sub/deep/new.go", Change.added) and check("gone.rs", Change.deleted)
    assert check(".gitignore") and check("sub/.gitignore")  # the rules changed: what is indexed may change
    for ignored in ("generated/x.py", "build.log", "local_settings.py", "sub/scratch_1.py", "node_modules/a/b.js",
                    ".git/index", ".venv/lib/x.py", "env/lib/site.py", "pkg.egg-info/x.py", ".env", "keys/id_rsa",
                    "server.pem", "notes.txt", "image.png"):
        assert not check(ignored, Change.added), ignored
    (root / "moved_in").mkdir()
    assert check("moved_in", Change.added) and check("moved_out", Change.deleted)  # folders come and go whole
    assert not check("generated", Change.added)


def test_no_watcher_on_the_root_or_a_home_folder(tmp_path: Path) -> None:
    assert too_broad("/") and too_broad(os.path.expanduser("~")) and too_broad("/home/someone")
    assert not too_broad(str(tmp_path)) and not too_broad("/home/someone/src/project")


@pytest.mark.parametrize("mode", MODES)
async def test_an_edit_is_searchable_without_an_update_call(tmp_path: Path, sample_repo: Path, mode: str) -> None:
    settings = fast_settings(tmp_path / "vault.db", watch=True)
    status_uri = "coderag://projects/demo/status"
    notified: list[str] = []

    async def on_message(message: Any) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            notified.append(str(message.params.uri))

    async with Client(create_server(settings), mode=mode, message_handler=on_message) as client:
        await call(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        if mode == "legacy":
            await client.subscribe_resource(status_uri)
        with (sample_repo / "app" / "config.py").open("a") as handle:
            handle.write("\n\ndef freshly_written_helper():\n    return 42\n")
        hit = await search_until_found(client, "demo", "freshly_written_helper")
        assert hit["file_path"] == "app/config.py"
        (sample_repo / "web" / "util.js").unlink()
        with anyio.fail_after(10):
            while (await call(client, "get_status", project_id="demo"))["file_count"] != 5:
                await anyio.sleep(0.1)
        jobs = (await call(client, "list_jobs", project_id="demo"))["jobs"]
        assert len(jobs) >= 3 and all(job["status"] in ("completed", "running", "pending") for job in jobs)
    if mode == "legacy":
        assert notified.count(status_uri) >= 2  # subscribers hear of the watcher's updates


async def test_ignored_paths_cause_no_work_and_a_burst_is_one_job(tmp_path: Path, sample_repo: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db", watch=True, watch_quiet_seconds=1.0)
    (sample_repo / ".gitignore").write_text("generated/\n")
    async with Client(create_server(settings)) as client:
        await call(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        write_tree(sample_repo, {"node_modules/lib/index.js": "function vendored() {}\n",
                                 "generated/out.py": "def generated(): pass\n", ".env": "KEY=1\n",
                                 "notes.txt": "not code\n"})
        await anyio.sleep(2.5)  # longer than the quiet period: an update for these would have been queued
        # A branch switch: a thousand files at once.
        write_tree(sample_repo, {f"switched/mod{n}.py": f"def switched_function_{n}():\n    return {n}\n"
                                 for n in range(1000)})
        await search_until_found(client, "demo", "switched_function_999", timeout=30)
        with anyio.fail_after(30):
            while True:
                jobs = (await call(client, "list_jobs", project_id="demo"))["jobs"]
                if not any(job["status"] in ("pending", "running") for job in jobs):
                    break
                await anyio.sleep(0.1)
        assert len(jobs) == 2, [job["files_total"] for job in jobs]  # the first index, then one update
        status = await call(client, "get_status", project_id="demo")
        assert status["file_count"] == 6 + 1000  # nothing ignored was indexed


async def test_the_watched_projects_are_capped_newest_first(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db", watch=True, watch_max_projects=1)
    older = write_tree(tmp_path / "older", {"a.py": "def a():\n    return 1\n"})
    newer = write_tree(tmp_path / "newer", {"b.py": "def b():\n    return 2\n"})
    async with CodeIndexService.open(settings) as service, anyio.create_task_group() as tg:
        await service.init_index("older", str(older), background=False)
        await service.init_index("newer", str(newer), background=False)
        watcher = ProjectWatcher(service)
        await tg.start(watcher.run)
        assert set(watcher.watched) == {"newer"}
        assert "more than 1 indexed projects" in watcher.skipped["older"]
        await service.delete_index("newer")
        with anyio.fail_after(10):
            while set(watcher.watched) != {"older"}:
                await anyio.sleep(0.05)
        tg.cancel_scope.cancel()


async def test_watches_are_set_up_and_changes_sorted_off_the_event_loop(tmp_path: Path, sample_repo: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import watchfiles

    from coderag_mcp import watch

    # Telling which changes matter reads .gitignore rules and stats paths, for every file a build writes:
    # in a worker thread, never on the event loop.
    threads: dict[str, set[int]] = {"watch": set(), "relevant": set()}
    real_watch, real_relevant = watchfiles.watch, watch.ChangeFilter.relevant

    def recording_watch(*args: Any, **kwargs: Any) -> Any:
        threads["watch"].add(threading.get_ident())
        return real_watch(*args, **kwargs)

    def recording_relevant(self: watch.ChangeFilter, change: Change, path: str) -> bool:
        threads["relevant"].add(threading.get_ident())
        return real_relevant(self, change, path)

    monkeypatch.setattr(watchfiles, "watch", recording_watch)
    monkeypatch.setattr(watch.ChangeFilter, "relevant", recording_relevant)
    settings = fast_settings(tmp_path / "vault.db", watch=True)
    async with Client(create_server(settings)) as client:
        await call(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        # The first edit may land before the watch is live (its first look then finds it); the second cannot.
        for name in ("seenFirst", "seenByTheWatcher"):
            (sample_repo / "web" / f"{name}.js").write_text(f"function {name}() {{ return 1; }}\n")
            await search_until_found(client, "demo", name)
    loop_thread = threading.get_ident()
    assert threads["watch"] and loop_thread not in threads["watch"]
    assert threads["relevant"] and loop_thread not in threads["relevant"]


async def test_edits_made_while_no_server_ran_are_caught_up_on_start(tmp_path: Path, sample_repo: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db", watch=True)
    async with CodeIndexService.open(settings, run_jobs=False) as service:  # the command line: no watcher
        await service.init_index("demo", str(sample_repo), background=False)
    (sample_repo / "web" / "later.js").write_text("function writtenWhileNoServerRan() { return 1; }\n")
    async with Client(create_server(settings)) as client:
        hit = await search_until_found(client, "demo", "writtenWhileNoServerRan")
        assert hit["file_path"] == "web/later.js"


async def test_a_large_trees_catch_up_walks_in_a_worker_process(
        tmp_path: Path, sample_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher's first look at a large tree (PROCESS_WALK_FILES indexed files or more) walks and
    compares in a worker process, as a status check does: walked in a thread and compared on the event
    loop, it held the server's answers after a start on the Linux kernel's tree (a call 0.4 s late)."""
    from coderag_mcp import staleness, watch

    settings = fast_settings(tmp_path / "vault.db", watch=True)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
    (sample_repo / "web" / "later.js").write_text("function writtenWhileNoServerRan() { return 1; }\n")
    monkeypatch.setattr(staleness, "PROCESS_WALK_FILES", 1)
    walked_here: list[str] = []

    def walk_here(root: str, max_file_bytes: int) -> Any:
        walked_here.append(root)
        raise AssertionError("walked in the server's process")

    monkeypatch.setattr(staleness, "discover", walk_here)
    monkeypatch.setattr(watch, "discover", walk_here, raising=False)  # where the watcher once walked itself
    async with Client(create_server(settings)) as client:
        hit = await search_until_found(client, "demo", "writtenWhileNoServerRan", timeout=30)
        assert hit["file_path"] == "web/later.js"
    assert walked_here == []


async def test_the_watchers_first_look_answers_the_first_status_check(
        tmp_path: Path, sample_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a server's start, the watcher's first look and the first get_status each walked the tree, at
    once (seconds of a core each in the Linux kernel's tree). The first look is now a status check, and
    status checks wait for it while the watch starts."""
    from coderag_mcp import staleness

    settings = fast_settings(tmp_path / "vault.db", watch=True)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
    (sample_repo / "web" / "later.js").write_text("function writtenWhileNoServerRan() { return 1; }\n")
    walks: list[str] = []
    compare = staleness.StalenessMonitor._compare_in_thread

    async def counted(self: staleness.StalenessMonitor, project_id: str, root: str) -> bool | None:
        walks.append(project_id)
        return await compare(self, project_id, root)

    monkeypatch.setattr(staleness.StalenessMonitor, "_compare_in_thread", counted)
    async with CodeIndexService.open(settings, run_jobs=False) as service, anyio.create_task_group() as tg:
        await tg.start(ProjectWatcher(service).run)
        with anyio.fail_after(10):
            # get_status as an agent polls it from the start (before the watch is live, as a rule), until it
            # tells of the edit made while no server ran, and the watcher's first look has queued its update
            while True:
                status = await service.get_status("demo")
                if status.status.value == "stale" and status.active_job is not None:
                    break
                await anyio.sleep(0.02)
        assert walks == ["demo"]
        tg.cancel_scope.cancel()
