"""The job runner's rules, each by a test that fails when the rule breaks."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import anyio
import pytest

from coderag_mcp.config import Settings
from coderag_mcp.models import IndexStatus, JobStatus
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import Store

from .conftest import SAMPLE_FILES, cli_command, fast_settings, query, subprocess_env, write_tree

pytestmark = pytest.mark.anyio

VLT_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


def assert_files_whole(db: Path, project_id: str) -> None:
    """Every indexed file has exactly its chunks, FTS rows and symbols: no half-written file."""
    rows = query(db, """SELECT f.file_path, f.chunk_count, f.symbol_count,
                               (SELECT count(*) FROM code_chunks c WHERE c.project_id = f.project_id
                                   AND c.file_path = f.file_path),
                               (SELECT count(*) FROM symbol_definitions s WHERE s.project_id = f.project_id
                                   AND s.file_path = f.file_path)
                          FROM coderag_files f WHERE f.project_id = ?""", (project_id,))
    for path, chunk_count, symbol_count, chunks, symbols in rows:
        assert (chunk_count, symbol_count) == (chunks, symbols), path
    orphans = query(db, """SELECT count(*) FROM code_chunks c WHERE c.project_id = ? AND NOT EXISTS
                             (SELECT 1 FROM coderag_files f WHERE f.project_id = c.project_id
                                 AND f.file_path = c.file_path)""", (project_id,))
    assert orphans == [(0,)]
    fts, chunks = query(db, "SELECT (SELECT count(*) FROM code_chunk_fts), (SELECT count(*) FROM code_chunks)")[0]
    assert fts == chunks
    # What get_status reports per language is what the file rows hold.
    counted = query(db, """SELECT language, files, symbols FROM coderag_language_counts
                            WHERE project_id = ? AND files > 0 ORDER BY 1""", (project_id,))
    assert counted == query(db, """SELECT language, count(*), sum(symbol_count) FROM coderag_files
                                    WHERE project_id = ? GROUP BY language ORDER BY 1""", (project_id,))


async def test_status_counts_follow_files_added_changed_and_removed(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db")
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        before = await service.get_status("demo")
        assert before.files_by_language["python"] == 1 and before.symbol_count > 0
        (repo / "app" / "config.py").unlink()
        (repo / "app" / "server.go").write_text("package app\n\nfunc One() {}\n\nfunc Two() {}\n")
        (repo / "tools").mkdir()
        (repo / "tools" / "a.py").write_text("def a():\n    pass\n")
        (repo / "tools" / "b.py").write_text("class B:\n    def b(self):\n        pass\n")
        await service.update_index("demo", background=False)
        after = await service.get_status("demo")
    symbols = query(settings.db_path, "SELECT count(*) FROM symbol_definitions WHERE project_id = 'demo'")[0][0]
    assert after.symbol_count == symbols
    assert after.files_by_language["python"] == 2 and after.files_by_language["go"] == 1
    assert sum(after.files_by_language.values()) == after.file_count == before.file_count + 1
    assert_files_whole(settings.db_path, "demo")


async def test_jobs_run_by_priority_then_age(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db")
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        ids = {}
        for project, priority in (("old-low", 0), ("high", 5), ("new-low", 0), ("middle", 2)):
            await service.store.ensure_project(project, project)
            job, created = await service.store.enqueue_job(project, str(repo), force=False, priority=priority)
            assert created
            ids[job.id] = project
        ran = await service.runner.drain()
    assert [ids[job_id] for job_id in ran] == ["high", "middle", "old-low", "new-low"]
    started = query(settings.db_path, "SELECT project_id FROM coderag_index_jobs ORDER BY started_at")
    assert [row[0] for row in started] == ["high", "middle", "old-low", "new-low"]


async def test_rows_keep_the_validation_rules_and_vlt_formats(settings: Settings, sample_repo: Path,
                                                            service: CodeIndexService) -> None:
    response = await service.init_index("demo", str(sample_repo), background=False)
    assert response.job is not None and response.job.status is JobStatus.COMPLETED
    (job_id, status, created, started, completed, total, processed, percent, force, priority), = query(
        settings.db_path, """SELECT id, status, created_at, started_at, completed_at, files_total, files_processed,
                                    progress_percent, force, priority FROM coderag_index_jobs""")
    assert uuid.UUID(job_id).version == 4
    assert status == "COMPLETED" and force == 0 and priority == 0
    assert all(VLT_TIME.match(value) for value in (created, started, completed))
    assert created < started < completed
    assert processed <= total and percent == 100 * processed // total
    (index_status, file_count, last_indexed), = query(
        settings.db_path, "SELECT status, file_count, last_indexed_at FROM coderag_indexes")
    assert index_status == "READY" and file_count == 6 and VLT_TIME.match(last_indexed)
    kinds = {row[0] for row in query(settings.db_path, "SELECT DISTINCT chunk_type FROM code_chunks")}
    assert kinds == {"FUNCTION", "CLASS", "METHOD", "MODULE"}
    chunk_ids = [row[0] for row in query(settings.db_path, "SELECT id FROM code_chunks")]
    assert all(uuid.UUID(chunk_id).version == 4 for chunk_id in chunk_ids)
    assert_files_whole(settings.db_path, "demo")


async def test_a_second_request_returns_the_active_job(settings: Settings, large_repo: Path,
                                                       service: CodeIndexService) -> None:
    first = await service.init_index("big", str(large_repo))
    second = await service.init_index("big", str(large_repo))
    assert second.job_id == first.job_id and "already has a" in second.message
    await service.cancel_job(first.job_id)


async def test_cancel_pending_job_is_immediate(tmp_path: Path, sample_repo: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db")
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.store.ensure_project("demo", "demo")
        job, _ = await service.store.enqueue_job("demo", str(sample_repo), force=False, priority=0)
        cancelled = await service.cancel_job(job.id)
        assert cancelled.status is JobStatus.CANCELLED and cancelled.completed_at is not None
        assert await service.runner.drain() == []


async def test_cancel_while_running_stops_within_two_seconds_and_keeps_whole_files(
    settings: Settings, large_repo: Path, service: CodeIndexService
) -> None:
    started = await service.init_index("big", str(large_repo))
    with anyio.fail_after(30):
        while (job := await service.get_job(started.job_id)).files_processed == 0:
            await anyio.sleep(0.02)
    assert job.status is JobStatus.RUNNING
    clock = time.monotonic()
    cancelled = await service.cancel_job(started.job_id)
    elapsed = time.monotonic() - clock
    assert cancelled.status is JobStatus.CANCELLED, cancelled
    assert elapsed < 2.0
    assert "update_index" in (cancelled.error_message or "")
    kept = query(settings.db_path, "SELECT count(*) FROM coderag_files")[0][0]
    assert 0 < kept < 1500
    assert_files_whole(settings.db_path, "big")
    status = await service.get_status("big")
    assert status.status is IndexStatus.STALE and status.file_count == kept

    before = dict(query(settings.db_path, "SELECT file_path, indexed_at FROM coderag_files"))
    finished = await service.update_index("big", background=False)
    assert finished.job is not None and finished.job.status is JobStatus.COMPLETED
    after = dict(query(settings.db_path, "SELECT file_path, indexed_at FROM coderag_files"))
    assert len(after) == 1500
    assert all(after[path] == indexed_at for path, indexed_at in before.items()), "finished files were redone"
    assert_files_whole(settings.db_path, "big")


CLAIMER = textwrap.dedent("""
    import sys, anyio
    from coderag_mcp.store import Store

    async def main(db, start_at):
        store = await Store.open(db)
        while __import__("time").time() < start_at:
            await anyio.sleep(0.001)
        claimed = []
        for _ in range(3):
            job = await store.claim_next_job(owner=f"claimer-{sys.argv[3]}", hostname="test", pid=0)
            if job is not None:
                claimed.append(f"{job.project_id}:{job.id}")
        print(" ".join(claimed))
        await store.close()

    anyio.run(main, sys.argv[1], float(sys.argv[2]))
""")


async def test_one_running_job_per_project_across_processes(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    store = await Store.open(db)
    for project in ("p", "q"):
        await store.ensure_project(project, project)
        await store.enqueue_job(project, str(sample_repo), force=False, priority=0)
    # A second pending job of p, queued the way vlt does it (enqueue_job would return the first).
    query_db = sqlite3.connect(db)
    query_db.execute("""INSERT INTO coderag_index_jobs VALUES (?, 'p', 'PENDING', ?, 0, 0, 0, 0, 0, 0,
                        '2030-01-01 00:00:00.000000', NULL, NULL, NULL)""", (str(uuid.uuid4()), str(sample_repo)))
    query_db.commit()
    query_db.close()
    await store.close()

    start_at = time.time() + 1.5
    processes = [subprocess.Popen([sys.executable, "-c", CLAIMER, str(db), str(start_at), str(n)],
                                  stdout=subprocess.PIPE, text=True, env=subprocess_env()) for n in range(3)]
    claims = [claim for process in processes for claim in process.communicate(timeout=60)[0].split()]
    assert sorted(claim.split(":")[0] for claim in claims) == ["p", "q"], claims
    running = query(db, "SELECT project_id, count(*) FROM coderag_index_jobs WHERE status = 'RUNNING' "
                        "GROUP BY project_id")
    assert sorted(running) == [("p", 1), ("q", 1)]
    # The rule lives in the database itself, whoever writes.
    with pytest.raises(sqlite3.IntegrityError):
        connection = sqlite3.connect(db)
        try:
            connection.execute("UPDATE coderag_index_jobs SET status = 'RUNNING' WHERE status = 'PENDING'")
        finally:
            connection.close()


DRAINER = textwrap.dedent("""
    import sys, anyio
    from pathlib import Path
    from coderag_mcp.config import Settings
    from coderag_mcp.service import CodeIndexService

    async def main(db):
        settings = Settings(db_path=Path(db), heartbeat_seconds=0.1)
        async with CodeIndexService.open(settings, run_jobs=False) as service:
            ran = []
            for _ in range(40):
                ran += await service.runner.drain()
                await anyio.sleep(0.05)
        print(" ".join(ran))

    anyio.run(main, sys.argv[1])
""")


async def test_two_server_processes_never_run_a_job_twice(tmp_path: Path, large_repo: Path,
                                                         sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    store = await Store.open(db)
    queued = []
    for project, repo in (("big", large_repo), ("small", sample_repo), ("other", sample_repo)):
        await store.ensure_project(project, project)
        queued.append((await store.enqueue_job(project, str(repo), force=False, priority=0))[0].id)
    await store.close()
    processes = [subprocess.Popen([sys.executable, "-c", DRAINER, str(db)], stdout=subprocess.PIPE, text=True,
                                  env=subprocess_env()) for _ in range(2)]
    outputs = [process.communicate(timeout=120)[0].split() for process in processes]
    ran = outputs[0] + outputs[1]
    assert sorted(ran) == sorted(queued), outputs
    statuses = query(db, "SELECT status FROM coderag_index_jobs")
    assert statuses == [("COMPLETED",)] * 3
    for project in ("big", "small", "other"):
        assert_files_whole(db, project)


async def test_recovery_after_the_owner_is_killed(tmp_path: Path, large_repo: Path) -> None:
    db = tmp_path / "vault.db"
    process = subprocess.Popen(cli_command("--db", str(db), "index", str(large_repo), "--project", "big"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=subprocess_env(),
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                rows = query(db, "SELECT files_processed FROM coderag_index_jobs WHERE status = 'RUNNING'")
            except sqlite3.OperationalError:  # the schema is not there yet
                rows = []
            if rows and rows[0][0] > 0:
                break
            time.sleep(0.01)
        else:
            pytest.fail("the job never showed progress")
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its parser workers, with no chance to clean up
        process.wait(timeout=30)
    (job_id, status), = query(db, "SELECT id, status FROM coderag_index_jobs")
    assert status == "RUNNING"  # nothing could record the death: the next server must
    done_before = dict(query(db, "SELECT file_path, indexed_at FROM coderag_files"))
    assert 0 < len(done_before) < 1500

    settings = fast_settings(db)
    async with CodeIndexService.open(settings) as service:
        with anyio.fail_after(60):
            while (job := await service.get_job(job_id)).status.is_active:
                await anyio.sleep(0.05)
    assert job.status is JobStatus.COMPLETED, job
    assert job.files_processed == job.files_total == 1500
    after = dict(query(db, "SELECT file_path, indexed_at FROM coderag_files"))
    assert len(after) == 1500
    assert all(after[path] == indexed_at for path, indexed_at in done_before.items()), "finished files were redone"
    assert_files_whole(db, "big")
    assert query(db, "SELECT count(*) FROM coderag_job_leases") == [(0,)]


async def test_recovery_gives_up_after_repeated_deaths(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    store = await Store.open(db)
    await store.ensure_project("demo", "demo")
    job, _ = await store.enqueue_job("demo", str(sample_repo), force=False, priority=0)
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
    import socket

    for _ in range(3):
        claimed = await store.claim_next_job(owner="ghost", hostname=socket.gethostname(), pid=int(dead_pid))
        assert claimed is not None
        if _ < 2:
            assert await store.requeue_job(job.id, owner="ghost", reason="test")
    await store.close()
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        recovered = await service.runner.recover_stale_jobs()
        assert [r.id for r in recovered] == [job.id]
        failed = await service.get_job(job.id)
    assert failed.status is JobStatus.FAILED
    assert "stopped 3 times" in (failed.error_message or "") and "update_index" in (failed.error_message or "")


async def test_failures_end_in_failed_with_what_to_do(tmp_path: Path, sample_repo: Path) -> None:
    settings = fast_settings(tmp_path / "vault.db")
    gone = write_tree(tmp_path / "gone", SAMPLE_FILES)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.store.ensure_project("gone", "gone")
        job, _ = await service.store.enqueue_job("gone", str(gone), force=False, priority=0)
        for path in sorted(gone.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        gone.rmdir()
        await service.runner.drain()
        failed = await service.get_job(job.id)
        assert failed.status is JobStatus.FAILED and "does not exist" in (failed.error_message or "")
        assert (await service.get_status("gone")).status is IndexStatus.FAILED


async def test_one_bad_file_is_skipped_and_counted(settings: Settings, sample_repo: Path,
                                                   service: CodeIndexService) -> None:
    (sample_repo / "app" / "blob.py").write_bytes(b"\x00\x01binary\x00" * 100)
    response = await service.init_index("demo", str(sample_repo), background=False)
    job = response.job
    assert job is not None and job.status is JobStatus.COMPLETED
    assert job.files_total == 7 and job.files_processed == 7 and job.files_skipped == 1
    stats = await service.store.get_job_stats(job.job_id)
    assert stats is not None and stats[1] == [("app/blob.py", "binary content")]


async def test_a_locked_database_fails_the_job_with_the_reason(tmp_path: Path, large_repo: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    settings = fast_settings(tmp_path / "vault.db", busy_timeout_ms=300)
    # Parser workers run at nice 19: on a busy machine a batch can take tens of seconds, so the lock is
    # held until the job has met it (its end could not be recorded), not for a fixed time.
    job_met_the_lock = "could not record its end"
    async with CodeIndexService.open(settings) as service:
        started = await service.init_index("big", str(large_repo))
        with anyio.fail_after(120):
            while (await service.get_job(started.job_id)).files_processed == 0:
                await anyio.sleep(0.01)
        held, release = threading.Event(), threading.Event()

        def hold_the_lock() -> None:  # another program, holding the write lock
            blocker = sqlite3.connect(settings.db_path, timeout=10)
            blocker.execute("BEGIN EXCLUSIVE")
            held.set()
            release.wait(180)
            blocker.rollback()
            blocker.close()

        async with anyio.create_task_group() as holding:
            holding.start_soon(anyio.to_thread.run_sync, hold_the_lock)
            with anyio.fail_after(180):
                while not (held.is_set() and job_met_the_lock in caplog.text):
                    await anyio.sleep(0.05)
            release.set()
        with anyio.fail_after(60):
            while (job := await service.get_job(started.job_id)).status.is_active:
                await anyio.sleep(0.05)
    assert job.status is JobStatus.FAILED, job
    assert "locked" in (job.error_message or "") and "update_index" in (job.error_message or "")
    assert_files_whole(settings.db_path, "big")


async def test_a_full_disk_fails_the_job_with_the_reason(settings: Settings, large_repo: Path,
                                                         service: CodeIndexService) -> None:
    # SQLite's own cap on the file's size gives the same SQLITE_FULL error a full disk does.
    pages = query(settings.db_path, "PRAGMA page_count")[0][0]
    await service.store._writer.execute(f"PRAGMA max_page_count = {pages + 200}")  # noqa: SLF001
    started = await service.init_index("big", str(large_repo))
    with anyio.fail_after(60):
        while (job := await service.get_job(started.job_id)).status.is_active:
            await anyio.sleep(0.05)
    assert job.status is JobStatus.FAILED, job
    assert "full" in (job.error_message or "") and "Free some space" in (job.error_message or "")
    assert_files_whole(settings.db_path, "big")


async def test_a_job_queued_during_a_large_read_is_returned(tmp_path: Path, sample_repo: Path) -> None:
    # A large read in batches (the link's, the ranking's) keeps its statement, and so its snapshot, open
    # between batches; a project and a job written meanwhile must still come back to their caller.
    store = await Store.open(tmp_path / "vault.db")
    try:
        await store.ensure_project("old", "old")
        async with contextlib.aclosing(store._fetch_batches(  # noqa: SLF001 - the batched read itself
                "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 100000) "
                "SELECT v, (SELECT count(*) FROM projects) FROM n")) as batches:
            await anext(batches)  # the statement is open: the reader's snapshot is from before what follows
            project = await store.ensure_project("p", "p")
            job, created = await store.enqueue_job("p", str(sample_repo), force=False, priority=0)
            assert (project.id, job.project_id, job.status, created) == ("p", "p", JobStatus.PENDING, True)
            # and every other read sees it too: the batched read has a connection of its own.
            assert (await store.get_job(job.id)) == job
            assert sorted(project.id for project, _index in await store.list_projects()) == ["old", "p"]
    finally:
        await store.close()
