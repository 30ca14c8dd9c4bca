"""Faults a job must survive: its rows deleted under it, files that block, kills in every phase."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import anyio
import pytest

from coderag_mcp import staleness
from coderag_mcp.discover import Discovery, discover
from coderag_mcp.errors import InvalidArgument
from coderag_mcp.faults import STALL_ON_ENV, release_stalls
from coderag_mcp.models import IndexStatus, JobStatus
from coderag_mcp.store.terms_schema import terms_table
from coderag_mcp.service import CodeIndexService
from coderag_mcp.source import read_lines
from coderag_mcp.vaultcheck import DatabaseUnusable, check_database

from .conftest import SAMPLE_FILES, cli_command, fast_settings, query, subprocess_env, write_large_tree, write_tree

pytestmark = pytest.mark.anyio


# --- 1. a job whose rows vanish while it runs ------------------------------------------------------

async def test_a_job_whose_rows_are_deleted_mid_run_ends_quietly(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                                                ) -> None:
    """Another program (or delete_index that gave up waiting) deletes the running job's rows; the job's
    end must not write stats for a job that is gone (a foreign key failure once killed the server)."""
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    db = tmp_path / "vault.db"
    # A heartbeat slower than the job: nothing notices the deletion before the job's own end.
    settings = fast_settings(db, heartbeat_seconds=60.0, parse_workers=0)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.store.ensure_project("demo", "demo")
        job, _ = await service.store.enqueue_job("demo", str(repo), force=False, priority=0)
        deleted: list[dict[str, int]] = []

        async def delete_once_running(uri: str) -> None:
            current = await service.store.get_job(job.id)
            if not deleted and current is not None and current.status is JobStatus.RUNNING:
                deleted.append(await service.store.delete_index("demo"))

        service.add_listener(delete_once_running)
        with caplog.at_level(logging.WARNING, logger="coderag_mcp.jobs"):
            assert await service.runner.drain() == [job.id]  # before the fix: IntegrityError escaped here
        assert deleted and deleted[0]["coderag_index_jobs"] == 1
        assert await service.store.get_job(job.id) is None  # nothing re-created the job's rows
        assert query(db, "SELECT count(*) FROM coderag_job_stats") == [(0,)]
        assert query(db, "SELECT count(*) FROM coderag_job_leases") == [(0,)]
        assert "no longer exists" in caplog.text
        # The runner is still usable: a new job of the project runs to the end.
        again = await service.init_index("demo", str(repo), background=False)
        assert again.job is not None and again.job.status is JobStatus.COMPLETED


async def test_delete_index_while_a_job_runs_leaves_no_rows_behind(tmp_path: Path) -> None:
    repo = write_large_tree(tmp_path / "repo", 400)
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db)) as service:
        started = await service.init_index("big", str(repo))
        with anyio.fail_after(60):
            while (await service.get_job(started.job_id)).files_processed == 0:
                await anyio.sleep(0.02)
        result = await service.delete_index("big")
        assert result.cancelled_job_id == started.job_id
        # Whatever the job was doing, it writes nothing after the delete returned.
        await anyio.sleep(1.0)
        status = await service.get_status("big")
        assert status.status is IndexStatus.NOT_INITIALIZED and status.active_job is None
        for table in ("code_chunks", "coderag_files", "code_nodes", "coderag_index_jobs"):
            assert query(db, f"SELECT count(*) FROM {table}") == [(0,)], table
        # The server still runs jobs.
        again = await service.init_index("big", str(repo), background=False)
        assert again.job is not None and again.job.status is JobStatus.COMPLETED


# --- 2. files that block, and work stuck past its bound ----------------------------------------------

def slow_python(lines_wanted: int = 8000) -> str:
    """A valid Python file of 900 KB that takes seconds to parse (thousands of small functions)."""
    return "".join(f"def function_{i}(alpha, beta):\n    '''Compute value {i}.'''\n"
                   f"    return alpha * {i} + helper(beta)\n\n" for i in range(lines_wanted))


def test_special_files_are_never_opened(tmp_path: Path) -> None:
    import socket

    from coderag_mcp.discover import discover

    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    os.mkfifo(repo / "pipe.py")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(repo / "sock.py"))
    try:
        found = discover(str(repo), 1_000_000)
    finally:
        listener.close()
    paths = {source.rel_path for source in found.files}
    assert "pipe.py" not in paths and "sock.py" not in paths
    assert found.excluded["special file"] == 2
    assert len(paths) == len(SAMPLE_FILES)


def test_a_special_file_behind_a_regular_name_is_not_read(tmp_path: Path) -> None:
    """A file replaced by a FIFO between discovery and reading: the read must not block."""
    from coderag_mcp.file_reading import SkipFile, read_source

    os.mkfifo(tmp_path / "late.py")
    with pytest.raises(SkipFile, match="not a regular file"):
        read_source(str(tmp_path / "late.py"), 1_000_000)


def _within(seconds: float, function: Callable[[], object]) -> dict[str, object]:
    """What `function` returned or raised, in a thread given `seconds`: a read blocked on a pipe fails the test."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked reading a named pipe"
    return outcome


async def test_a_named_pipe_in_the_place_of_a_file_read_by_name_blocks_nothing(tmp_path: Path) -> None:
    """A `.gitignore`, `.git/info/exclude`, `go.mod` or `tsconfig.json` that is a named pipe, a vault.db that is
    one, and read_code of one: each hung its reader for ever (opening a FIFO waits for a writer)."""
    repo = write_tree(tmp_path / "repo", {**SAMPLE_FILES, "svc/main.go": "package main\n\nfunc Run() {}\n",
                                          "web/app.ts": "export function start(): void {}\n", "sub/x.py": "y = 1\n",
                                          ".git/info/.keep": ""})
    for name in (".gitignore", "sub/.gitignore", ".git/info/exclude", "go.mod", "svc/go.mod", "tsconfig.json",
                 "data.py"):
        os.mkfifo(repo / name)
    found = _within(10, lambda: discover(str(repo), 1_000_000))
    assert "error" not in found and "sub/x.py" in [f.rel_path for f in found["value"].files]  # type: ignore[union-attr]
    read = _within(10, lambda: read_lines(str(repo / "data.py"), "data.py", None, None, 1000))
    assert isinstance(read.get("error"), InvalidArgument) and "not a regular file" in str(read["error"])
    os.mkfifo(tmp_path / "pipe.db")
    opened = _within(10, lambda: check_database(tmp_path / "pipe.db"))
    assert isinstance(opened.get("error"), DatabaseUnusable)
    with anyio.fail_after(120):
        async with CodeIndexService.open(fast_settings(tmp_path / "vault.db")) as service:
            assert (await service.init_index("pipes", str(repo), background=False)).status == "completed"
            assert (await service.find_symbol("pipes", "Run")).definitions


async def test_a_fifo_in_a_small_tree_neither_blocks_the_job_nor_cancel(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    fifo = repo / "pipe.py"
    os.mkfifo(fifo)
    other = write_tree(tmp_path / "other", SAMPLE_FILES)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db")) as service:
        started = await service.init_index("fifo", str(repo))
        queued = await service.init_index("other", str(other))
        try:
            with anyio.move_on_after(20):
                while (await service.get_job(queued.job_id)).status.is_active:
                    await anyio.sleep(0.05)
            job = await service.get_job(started.job_id)
            if job.status.is_active:
                cancelled = await service.cancel_job(started.job_id)
                assert cancelled.status is JobStatus.CANCELLED, "cancel left the job running"
            else:
                assert job.status is JobStatus.COMPLETED and job.files_total == len(SAMPLE_FILES)
            assert (await service.get_job(queued.job_id)).status is JobStatus.COMPLETED
        finally:  # before the fix a thread sat in open(): let it go, so the test ends
            with __import__("contextlib").suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


async def test_work_stuck_past_its_bound_is_skipped_with_the_reason(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(SAMPLE_FILES)
    files["slow/generated.py"] = "def stuck():\n    pass\n"
    repo = write_tree(tmp_path / "repo", files)
    # Reading this file never returns (a hung network mount); every other file takes milliseconds.
    monkeypatch.setenv(STALL_ON_ENV, "slow/generated.py")
    settings = fast_settings(tmp_path / "vault.db", parse_batch_timeout_seconds=2.0)
    try:
        async with CodeIndexService.open(settings, run_jobs=False) as service:
            done = await service.init_index("slow", str(repo), background=False)
            assert done.job is not None and done.job.status is JobStatus.COMPLETED
            stats = await service.store.get_job_stats(done.job_id)
            assert stats is not None
            assert [path for path, _ in stats[1]] == ["slow/generated.py"]
            assert "longer than 2 s" in stats[1][0][1]
            assert (await service.get_status("slow")).file_count == len(SAMPLE_FILES)

            # The mount answers again; the file did not change, and still the next update reads it.
            monkeypatch.delenv(STALL_ON_ENV)
            release_stalls()
            await service.update_index("slow", background=False)
            assert (await service.get_status("slow")).file_count == len(SAMPLE_FILES) + 1
            assert (await service.find_symbol("slow", "stuck")).definitions
    finally:
        release_stalls()


async def test_a_batch_its_parser_works_on_past_the_bound_is_waited_for(tmp_path: Path) -> None:
    """The bound gives up on a batch whose reading or parsing makes no progress (a hung mount), not on one that
    takes long: a parser process at nice 19 beside busy programs gets a sliver of a core, and large files were
    skipped as stuck. Here a file takes about 2 s of CPU to parse, past a bound of 1 s, and is indexed. (Its parser
    runs at nice 0: at 19, beside this suite's other work, it got too little CPU for ten bounds of 1 s, where the
    server's ten of 60 s leave it hours.)"""
    files = {f"pkg/module_{n}.py": f"def function_{n}():\n    return {n}\n" for n in range(50)}  # worker processes
    files["pkg/large.py"] = slow_python()
    repo = write_tree(tmp_path / "repo", files)
    settings = fast_settings(tmp_path / "vault.db", parse_batch_timeout_seconds=1.0, parse_workers=1, parser_niceness=0)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        done = await service.init_index("large", str(repo), background=False)
        assert done.job is not None and done.job.status is JobStatus.COMPLETED
        stats = await service.store.get_job_stats(done.job_id)
        assert stats is not None and stats[1] == []  # nothing skipped
        assert (await service.find_symbol("large", "function_7999")).definitions


def test_a_command_line_index_parses_at_its_own_priority(tmp_path: Path) -> None:
    """The parser processes lower themselves to nice 19 while serving (the server answers at once); an index the
    command line runs is one its user waits for, and its parsers keep its priority: beside three busy processes on
    two cores, 61 files took 198.6 s at nice 19 against 10.9 s."""
    repo = write_large_tree(tmp_path / "repo", 600)
    seen: dict[int, int] = {}  # each parser process's niceness, the last reading
    with subprocess.Popen(cli_command("--db", str(tmp_path / "vault.db"), "index", str(repo)), env=subprocess_env(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as indexing:
        while indexing.poll() is None:
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = stat.read_bytes().rsplit(b")", 1)[1].split()
                    if int(fields[1]) == indexing.pid:  # (its parent)
                        seen[int(stat.parent.name)] = int(fields[16])  # (niceness)
            time.sleep(0.02)
        _out, errors = indexing.communicate(timeout=120)
    assert indexing.returncode == 0, errors
    assert seen and set(seen.values()) == {os.getpriority(os.PRIO_PROCESS, 0)}


async def test_cancel_stops_a_job_parsing_in_a_thread(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {f"slow/gen{n}.py": slow_python() for n in range(6)})
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db")) as service:
        started = await service.init_index("slow", str(repo))
        with anyio.fail_after(30):
            while (await service.get_job(started.job_id)).status is not JobStatus.RUNNING:
                await anyio.sleep(0.02)
        cancelled = await service.cancel_job(started.job_id)  # waits at most 5 s; six files take ~20 s
        assert cancelled.status is JobStatus.CANCELLED


# --- 2b. a job stuck in any phase: failed with the reason, its slot freed, its late work harmless ----

STUCK_FILES = {**SAMPLE_FILES, "mnt/hung/remote.py": "def remote():\n    return 1\n"}


async def wait_until_done(service: CodeIndexService, *job_ids: str) -> None:
    with anyio.fail_after(90):  # a guard against a hang, not a timing assertion
        for job_id in job_ids:
            while (await service.get_job(job_id)).status.is_active:
                await anyio.sleep(0.05)


@pytest.mark.parametrize("stall", ["mnt/hung", "phase:discovering:1", "phase:planning:1", "phase:writing:1",
                                   "phase:linking:1"])
async def test_a_job_stuck_in_any_phase_fails_with_the_reason_and_frees_its_slot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stall: str) -> None:
    """A wait that never answers (a folder on a hung mount, a step waiting on something that is gone):
    the job fails with a reason naming what it was doing, the next project's job runs, and the stuck
    work, once it lets go, changes nothing (the project indexed again meanwhile stays as it is)."""
    repo = write_tree(tmp_path / "repo", STUCK_FILES)
    other = write_tree(tmp_path / "other", SAMPLE_FILES)
    db = tmp_path / "vault.db"
    monkeypatch.setenv(STALL_ON_ENV, stall)
    # One job at a time: before the watchdog, the stuck job held the only slot for good.
    settings = fast_settings(db, job_stall_seconds=1.5, parse_workers=0, max_concurrent_jobs=1)
    phase_words = {"mnt/hung": "discovering", "phase:discovering:1": "discovering",
                   "phase:planning:1": "detecting changed files", "phase:writing:1": "writing files",
                   "phase:linking:1": "linking the code graph"}[stall]
    try:
        async with CodeIndexService.open(settings) as service:
            stuck = await service.init_index("demo", str(repo))
            queued = await service.init_index("other", str(other))
            await wait_until_done(service, stuck.job_id, queued.job_id)
            failed = await service.get_job(stuck.job_id)
            assert failed.status is JobStatus.FAILED
            message = failed.error_message or ""
            assert "no progress for 1.5 s" in message and phase_words in message and "update_index" in message, \
                message
            assert (await service.get_status("demo")).status is IndexStatus.FAILED
            assert (await service.get_job(queued.job_id)).status is JobStatus.COMPLETED
            assert gc.isenabled()  # the stuck job's pause of the collector (collector.py) ended with it
            if stall == "mnt/hung":  # a hung folder stays hung: every walk of it gives up the same way
                return
            # The project indexed again while the stuck wait still hangs, then the wait lets go.
            again = await service.update_index("demo")
            await wait_until_done(service, again.job_id)
            assert (await service.get_job(again.job_id)).status is JobStatus.COMPLETED
            before = index_contents(db)
            release_stalls()
            await anyio.sleep(1.0)  # room for a late write, were the stuck task still able to make one
            assert index_contents(db) == before
            assert (await service.get_job(stuck.job_id)).status is JobStatus.FAILED
            status = await service.get_status("demo")
            assert status.status is IndexStatus.READY and status.file_count == len(STUCK_FILES)
    finally:
        release_stalls()



async def test_an_index_job_runs_with_the_collector_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cyclic collector stays off while a job builds rows and links (collector.py: two fifths of a
    large tree's link went to it), and runs again once the job is over."""
    from coderag_mcp import faults

    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    monkeypatch.setenv(STALL_ON_ENV, "phase:linking")
    reached = faults._reached["stall linking"]
    try:
        async with CodeIndexService.open(fast_settings(tmp_path / "vault.db", parse_workers=0)) as service:
            job = await service.init_index("demo", str(repo))
            with anyio.fail_after(60):  # a guard against a hang, not a timing assertion
                while faults._reached["stall linking"] == reached:
                    await anyio.sleep(0.02)
            assert not gc.isenabled()
            release_stalls()
            await wait_until_done(service, job.job_id)
            assert (await service.get_job(job.job_id)).status is JobStatus.COMPLETED
            assert gc.isenabled()
    finally:
        release_stalls()

async def test_a_status_check_on_a_hung_folder_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking whether an index is stale walks its folder; on a hung mount the walk is given up past its
    bound and the last answer stands (the command line, which checks in the call, hung for good)."""
    repo = write_tree(tmp_path / "repo", STUCK_FILES)
    settings = fast_settings(tmp_path / "vault.db", parse_batch_timeout_seconds=1.0, parse_workers=0)
    try:
        async with CodeIndexService.open(settings, run_jobs=False) as service:
            done = await service.init_index("demo", str(repo), background=False)
            assert done.job is not None and done.job.status is JobStatus.COMPLETED
            monkeypatch.setenv(STALL_ON_ENV, "mnt/hung")
            service.staleness.forget("demo")
            for _ in range(3):  # no second walk starts while the first is stuck
                with anyio.fail_after(30):  # a guard against a hang, not a timing assertion
                    status = await service.get_status("demo")
                assert status.status is IndexStatus.READY
                service.staleness.forget("demo")
            assert service.staleness._walking == {"demo"}
            monkeypatch.delenv(STALL_ON_ENV)  # the mount answers again
            release_stalls()
            with anyio.fail_after(30):
                while service.staleness._walking:
                    await anyio.sleep(0.05)
            (repo / "app" / "new_module.py").write_text("def added():\n    return 2\n")
            service.staleness.forget("demo")
            assert (await service.get_status("demo")).status is IndexStatus.STALE
    finally:
        release_stalls()


async def test_a_large_trees_status_check_walks_in_a_process_killed_when_hung(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The status check of a large tree walks and compares in a worker process, which reads the index's
    file states itself (in a thread, the walk held the GIL: a find_references in the Linux kernel's index
    took 101 ms instead of 16 while a check ran). Past the bound, a hung walk's process is killed and the
    last answer stands; the next check finds a change."""
    repo = write_tree(tmp_path / "repo", STUCK_FILES)
    monkeypatch.setattr(staleness, "PROCESS_WALK_FILES", 1)
    monkeypatch.setattr(staleness, "CHECK_EVERY_WALKS", 0)
    walked_here: list[str] = []

    def walk_here(root: str, max_file_bytes: int) -> Discovery:
        walked_here.append(root)
        return discover(root, max_file_bytes)

    settings = fast_settings(tmp_path / "vault.db", parse_batch_timeout_seconds=2.0, parse_workers=0)
    async with CodeIndexService.open(settings) as service:
        done = await service.init_index("demo", str(repo), background=False)
        assert done.job is not None and done.job.status is JobStatus.COMPLETED
        monkeypatch.setattr(staleness, "discover", walk_here)

        async def status_after_a_check() -> IndexStatus:
            service.staleness.forget("demo")
            await service.get_status("demo")  # starts a check in the background
            with anyio.fail_after(60):  # a guard against a hang, not a timing assertion
                await service.staleness._checks["demo"].done.wait()
            service.staleness.max_age = 3600.0  # the answer of that check, not of a new one
            status = (await service.get_status("demo")).status
            service.staleness.max_age = 0.0
            return status

        monkeypatch.setenv(STALL_ON_ENV, "mnt/hung")  # the worker process inherits it: its walk hangs
        with caplog.at_level("WARNING", logger="coderag_mcp.staleness"):
            assert await status_after_a_check() is IndexStatus.READY
        assert "took longer than 2 s" in caplog.text
        assert service.staleness._walking == set()  # killed, not left running
        monkeypatch.delenv(STALL_ON_ENV)
        assert await status_after_a_check() is IndexStatus.READY
        (repo / "app" / "new_module.py").write_text("def added():\n    return 2\n")
        assert await status_after_a_check() is IndexStatus.STALE
        assert walked_here == []


async def test_a_slow_status_check_waits_ten_times_its_length_before_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agent polling get_status on a huge tree (the Linux kernel's check takes seconds) must not keep
    a core walking it: the next check waits CHECK_EVERY_WALKS times as long as the last took."""
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        walks: list[str] = []

        def slow_walk(root: str, max_file_bytes: int) -> Discovery:
            walks.append(root)
            time.sleep(0.2)
            return discover(root, max_file_bytes)

        monkeypatch.setattr(staleness, "discover", slow_walk)
        service.staleness.max_age = 0.0
        service.staleness.forget("demo")
        await service.get_status("demo")
        monkeypatch.setattr(staleness, "CHECK_EVERY_WALKS", 1000)  # 200 s after a walk of 0.2 s
        await service.get_status("demo")
        assert len(walks) == 1
        monkeypatch.setattr(staleness, "CHECK_EVERY_WALKS", 0)  # max_age alone: the next call checks again
        (repo / "added.py").write_text("def added():\n    return 1\n")
        assert (await service.get_status("demo")).status is IndexStatus.STALE
        assert len(walks) == 2


# --- 3. kills in every phase of a job ---------------------------------------------------------------

def index_with_cli(db: Path, repo: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = subprocess_env()
    if kill_at:
        env["CODERAG_TEST_KILL_AT"] = kill_at
    return subprocess.run(cli_command("--db", str(db), "index", str(repo), "--project", "demo"), env=env,
                          capture_output=True, text=True, timeout=180)


def index_contents(db: Path) -> dict[str, object]:
    """What a search, a map or a graph query can see: every table of the index, centrality rounded."""
    return {
        "files": query(db, "SELECT file_path, file_hash, chunk_count, symbol_count FROM coderag_files ORDER BY 1"),
        "chunks": query(db, "SELECT file_path, lineno, end_lineno, qualified_name, body FROM code_chunks ORDER BY 1, 2, 3"),
        "fts": query(db, "SELECT count(*) FROM code_chunk_fts") + query(db, f"SELECT count(*) FROM {terms_table('demo')}"),
        "symbols": query(db, "SELECT file_path, name, kind, lineno FROM symbol_definitions ORDER BY 1, 2, 4"),
        # Centrality on both scales: ours (average node 1.0) and vlt's (a project's scores sum to 1).
        "nodes": query(db, """SELECT n.id, round(r.prior, 3),
                                     round(n.centrality_score * (SELECT count(*) FROM code_nodes), 3)
                                FROM code_nodes n LEFT JOIN coderag_node_ranks r ON r.node_id = n.id ORDER BY 1"""),
        "edges": query(db, "SELECT source_id, target_id, edge_type, count FROM code_edges ORDER BY 1, 2, 3"),
        "status": query(db, "SELECT status FROM coderag_indexes"),
        "repo map": repo_map(db),
    }


def repo_map(db: Path, kill_at: str | None = None) -> str:
    env = subprocess_env()
    if kill_at:
        env["CODERAG_TEST_KILL_AT"] = kill_at
    result = subprocess.run(cli_command("--db", str(db), "map", "--project", "demo", "--max-tokens", "800"), env=env,
                            capture_output=True, text=True, timeout=180)
    return result.stdout if result.returncode == 0 else f"exit {result.returncode}: {result.stderr}"


@pytest.fixture(scope="module")
def linked_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A tree with calls between files (so the graph has edges), and what a fresh index of it holds. Over
    twice WRITE_MAX_FILES files: at least two writes, whichever batch the parsers finish first."""
    root = tmp_path_factory.mktemp("linked")
    repo = write_large_tree(root / "repo", 250, functions_per_file=3)
    write_tree(repo, SAMPLE_FILES)
    fresh = root / "fresh.db"
    assert index_with_cli(fresh, repo).returncode == 0
    return repo, index_contents(fresh)


# Every kill point of a job (coderag_mcp/faults.py), in order.
JOB_PHASES = ["discovered", "planned", "parsed:2", "writing:2", "written:2", "linking", "edges", "ranked", "linked",
              "finished"]


@pytest.mark.parametrize("kill_at", JOB_PHASES)
def test_a_kill_in_any_phase_leaves_an_index_equal_to_a_fresh_one(
        tmp_path: Path, linked_repo: tuple[Path, dict[str, object]], kill_at: str) -> None:
    repo, fresh = linked_repo
    db = tmp_path / "vault.db"
    killed = index_with_cli(db, repo, kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if kill_at == "edges":  # the moment the issue found: edges written, no centrality yet
        assert query(db, "SELECT count(*) FROM code_nodes WHERE centrality_score IS NULL "
                         "AND node_type != 'VARIABLE'")[0][0] > 0  # (no variable is ranked)
    resumed = index_with_cli(db, repo)  # recovers the dead job and resumes it
    assert resumed.returncode == 0, resumed.stderr
    assert index_contents(db) == fresh
    again = index_with_cli(db, repo)  # a no-change update changes nothing
    assert again.returncode == 0 and "Updating project" in again.stderr
    assert index_contents(db) == fresh


def apply_changes(repo: Path) -> None:
    """An update's worth of work: files changed (one now calls into another file), deleted and added."""
    with (repo / "pkg1" / "mod1.py").open("a") as handle:
        handle.write("\n\nfrom pkg2.mod2 import compute_2_1\n\n\ndef bridge():\n    return compute_2_1(4)\n")
    (repo / "pkg3" / "mod3.py").unlink()
    (repo / "pkg4" / "mod4.py").unlink()
    write_tree(repo, {"extra/caller.py": "from pkg5.mod5 import compute_5_0, Widget5\n\n\ndef run_all():\n"
                                         "    return compute_5_0(1) + Widget5().render()\n",
                      "app/config.py": "def load_settings(path):\n    return path.upper()\n"})


@pytest.fixture(scope="module")
def changed_repo(linked_repo: tuple[Path, dict[str, object]], tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, dict[str, object]]:
    """The linked tree after apply_changes, and what a fresh index of it holds."""
    repo, _ = linked_repo
    changed = shutil.copytree(repo, tmp_path_factory.mktemp("changed") / "repo")
    apply_changes(changed)
    fresh = changed.parent / "fresh.db"
    assert index_with_cli(fresh, changed).returncode == 0
    return changed, index_contents(fresh)


@pytest.mark.parametrize("kill_at", ["planned", "written", "edges", "linked"])
def test_a_kill_in_any_phase_of_an_update_leaves_an_index_equal_to_a_fresh_one(
        tmp_path: Path, linked_repo: tuple[Path, dict[str, object]], changed_repo: tuple[Path, dict[str, object]],
        kill_at: str) -> None:
    """The same for an update (changed, deleted and added files, edges relinked across files)."""
    repo = shutil.copytree(linked_repo[0], tmp_path / "repo")
    _, fresh = changed_repo
    db = tmp_path / "vault.db"
    assert index_with_cli(db, repo).returncode == 0
    apply_changes(repo)
    killed = index_with_cli(db, repo, kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed = index_with_cli(db, repo)
    assert resumed.returncode == 0, resumed.stderr
    assert index_contents(db) == fresh
    again = index_with_cli(db, repo)
    assert again.returncode == 0 and index_contents(db) == fresh


def test_a_kill_while_a_repo_map_is_saved_leaves_the_index_and_the_next_map_whole(
        tmp_path: Path, linked_repo: tuple[Path, dict[str, object]]) -> None:
    repo, fresh = linked_repo
    db = tmp_path / "vault.db"
    assert index_with_cli(db, repo).returncode == 0
    assert repo_map(db, kill_at="map").startswith(f"exit {-signal.SIGKILL}")
    assert index_contents(db) == fresh
