"""A first index in a process of its own (job_process.py): the server's process keeps the job's state,
the child does the work; a crash, a cancel or the server's end leave nothing half done."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from coderag_mcp.job_process import CHILD_COMMAND, JobRequest
from coderag_mcp.models import IndexStatus, JobStatus, JobStatusResponse
from coderag_mcp.service import CodeIndexService

from .conftest import SAMPLE_FILES, fast_settings, query, write_large_tree, write_tree

pytestmark = pytest.mark.anyio


def job_processes() -> list[int]:
    """This test process's children that run a job (the runner starts them)."""
    found = []
    for pid in _descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"coderag_mcp.job_process" in handle.read():
                    found.append(pid)
        except OSError:
            continue
    return found


def _descendants(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        return []
    return children + [grandchild for child in children for grandchild in _descendants(child)]


async def ended(service: CodeIndexService, job_id: str, *, seconds: float = 120,
                poll: float = 0.02) -> tuple[JobStatusResponse, bool]:
    """The job once it ended, and whether a job process ran while it was pending or running."""
    seen_child = False
    with anyio.fail_after(seconds):
        while (job := await service.get_job(job_id)).status in (JobStatus.PENDING, JobStatus.RUNNING):
            seen_child = seen_child or bool(job_processes())
            await anyio.sleep(poll)
    return job, seen_child


async def test_a_first_index_runs_in_a_child_and_an_update_here(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    settings = fast_settings(tmp_path / "vault.db", job_process=True)
    async with CodeIndexService.open(settings) as service:
        started = await service.init_index("demo", str(repo))
        job, seen_child = await ended(service, started.job_id)
        assert job.status is JobStatus.COMPLETED, job.error_message
        assert seen_child
        assert job.files_processed == job.files_total == len(SAMPLE_FILES)  # its progress came across
        hits = await service.search_code("demo", "parse configuration", limit=5)
        assert hits.hits[0].qualified_name == "ConfigLoader.parse_config"
        # An update of a complete index runs in the server's process: no child starts for it.
        (repo / "app" / "extra.py").write_text("def added():\n    return 2\n")
        updated = await service.update_index("demo")
        job, seen_child = await ended(service, updated.job_id)
        assert not seen_child
        assert job.status is JobStatus.COMPLETED
        assert query(settings.db_path, "SELECT count(*) FROM coderag_files WHERE file_path = 'app/extra.py'") == [(1,)]


def _niceness(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[16])  # the 19th field: nice
    except (OSError, ValueError, IndexError):
        return None


async def test_the_indexing_process_and_its_parsers_run_below_the_server(tmp_path: Path) -> None:
    """The server answers at its own priority; a job's process runs at nice 10 and its parser workers at 19,
    so that a search's threads do not wait behind them for a core (they did at 5 and 15)."""
    repo = write_large_tree(tmp_path / "repo", 600)
    own = os.getpriority(os.PRIO_PROCESS, 0)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db", job_process=True, parse_workers=2)) as service:
        started = await service.init_index("big", str(repo))
        # Each process's niceness as last seen (a process starts at its parent's, then lowers its own).
        jobs: dict[int, int | None] = {}
        workers: dict[int, int | None] = {}
        with anyio.fail_after(120):
            while (job := await service.get_job(started.job_id)).status in (JobStatus.PENDING, JobStatus.RUNNING):
                for pid in job_processes():
                    jobs[pid] = nice if (nice := _niceness(pid)) is not None else jobs.get(pid)
                    for child in _descendants(pid):
                        workers[child] = nice if (nice := _niceness(child)) is not None else workers.get(child)
                await anyio.sleep(0.02)
        assert job.status is JobStatus.COMPLETED, job.error_message
    assert set(jobs.values()) == {max(own, 10)}
    assert workers and set(workers.values()) == {19}


async def test_an_update_of_a_large_index_runs_in_a_child_too(tmp_path: Path) -> None:
    """Past Settings.update_process_min_files an update runs in a child: its link reads the whole graph,
    which in the server's process shared the reader connection and the GIL with every search."""
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    settings = fast_settings(tmp_path / "vault.db", job_process=True, update_process_min_files=2)
    async with CodeIndexService.open(settings) as service:
        job, _ = await ended(service, (await service.init_index("demo", str(repo))).job_id)
        assert job.status is JobStatus.COMPLETED, job.error_message
        (repo / "app" / "extra.py").write_text("def reconcile_ledger_totals():\n    return 2\n")
        updated = await service.update_index("demo")
        job, seen_child = await ended(service, updated.job_id)
        assert job.status is JobStatus.COMPLETED, job.error_message
        assert seen_child
        # An update, not an index from scratch: the child wrote the new file's rows only.
        assert query(settings.db_path, "SELECT file_path FROM coderag_files WHERE job_id = ?",
                     (updated.job_id,)) == [("app/extra.py",)]
        hits = await service.search_code("demo", "reconcile_ledger_totals", limit=3)
        assert hits.hits[0].file_path == "app/extra.py"


async def test_a_cancelled_child_stops_and_keeps_whole_files(tmp_path: Path) -> None:
    repo = write_large_tree(tmp_path / "repo", 600)
    settings = fast_settings(tmp_path / "vault.db", job_process=True)
    async with CodeIndexService.open(settings) as service:
        started = await service.init_index("big", str(repo))
        with anyio.fail_after(120):
            while (await service.get_job(started.job_id)).files_processed == 0:
                await anyio.sleep(0.02)
        await service.cancel_job(started.job_id)
        with anyio.fail_after(60):
            while (job := await service.get_job(started.job_id)).status is JobStatus.RUNNING:
                await anyio.sleep(0.02)
        assert job.status is JobStatus.CANCELLED
        assert not job_processes()
        # Every file written is whole: its chunk count matches its chunks.
        assert query(settings.db_path, """SELECT count(*) FROM coderag_files f
                                           WHERE chunk_count != (SELECT count(*) FROM code_chunks c
                                                                 WHERE c.project_id = f.project_id
                                                                   AND c.file_path = f.file_path)""") == [(0,)]
        assert (await service.get_status("big")).status is IndexStatus.STALE
        # update_index finishes it (in a child again: the index was never complete).
        job, _ = await ended(service, (await service.update_index("big")).job_id, seconds=180, poll=0.05)
        assert job.status is JobStatus.COMPLETED and job.files_total == 600


async def test_a_child_that_dies_is_requeued_then_failed_and_the_server_lives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    settings = fast_settings(tmp_path / "vault.db", job_process=True, max_attempts=2)
    monkeypatch.setenv("CODERAG_TEST_KILL_AT", "discovered")  # every attempt's child is killed there
    async with CodeIndexService.open(settings) as service:
        job, _ = await ended(service, (await service.init_index("demo", str(repo))).job_id, poll=0.05)
        assert job.status is JobStatus.FAILED
        assert "stopped 2 times" in (job.error_message or "")
        assert "killed by SIGKILL" in (job.error_message or "")
        monkeypatch.delenv("CODERAG_TEST_KILL_AT")
        # The server answers and runs the next job, which starts over from what was kept.
        job, _ = await ended(service, (await service.update_index("demo")).job_id, poll=0.05)
        assert job.status is JobStatus.COMPLETED


async def test_a_child_whose_server_is_gone_stops_writing(tmp_path: Path) -> None:
    """The server's process died (its pipe to the child closed): the child cancels its job and exits."""
    repo = write_large_tree(tmp_path / "repo", 600)
    settings = fast_settings(tmp_path / "vault.db")
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.store.ensure_project("big", "big")
        queued, _ = await service.store.enqueue_job("big", str(repo), force=False, priority=0)
        job = await service.store.claim_next_job(owner="gone", hostname="here", pid=os.getpid(), job_id=queued.id)
        assert job is not None
    child = subprocess.Popen([sys.executable, "-c", CHILD_COMMAND], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(pickle.dumps(JobRequest(settings, "big", job.id, str(repo), False)))
    child.stdin.flush()
    while b'"files_processed": 0' in (line := child.stdout.readline()) or b"files_processed" not in line:
        assert line, "the child ended before it wrote a file"
    child.stdin.close()
    rest = child.stdout.read()
    child.stdout.close()
    assert child.wait(timeout=60) == 0
    assert b'"cancelled": true' in rest.splitlines()[-1]
    files = query(settings.db_path, "SELECT count(*) FROM coderag_files")[0][0]
    assert 0 < files < 600  # it stopped early, and what it wrote is whole
    assert query(settings.db_path, """SELECT count(*) FROM coderag_files f
                                       WHERE chunk_count != (SELECT count(*) FROM code_chunks c
                                                             WHERE c.project_id = f.project_id
                                                               AND c.file_path = f.file_path)""") == [(0,)]


def test_the_size_from_which_updates_run_in_a_child_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coderag_mcp.config import UPDATE_PROCESS_MIN_FILES, Settings

    monkeypatch.delenv("CODERAG_UPDATE_PROCESS_MIN_FILES", raising=False)
    assert Settings.from_env(tmp_path / "vault.db").update_process_min_files == UPDATE_PROCESS_MIN_FILES
    monkeypatch.setenv("CODERAG_UPDATE_PROCESS_MIN_FILES", "1")
    assert Settings.from_env(tmp_path / "vault.db").update_process_min_files == 1
    monkeypatch.setenv("CODERAG_UPDATE_PROCESS_MIN_FILES", "0")
    with pytest.raises(ValueError, match="CODERAG_UPDATE_PROCESS_MIN_FILES='0' is not a positive whole number"):
        Settings.from_env(tmp_path / "vault.db")


async def test_parser_workers_are_replaced_as_a_tree_is_parsed_and_the_index_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every WORKER_RECYCLE_FILES files parsed, the idle parser worker is stopped and a fresh one parses the
    next batches (a worker's memory grows with what it parses); the index is what one worker makes."""
    import coderag_mcp.parse_workers
    import coderag_mcp.pipeline

    stopped: list[int] = []
    stop_idle_workers = coderag_mcp.parse_workers.stop_idle_workers

    async def counting() -> int:
        stopped.append(await stop_idle_workers())
        return stopped[-1]

    monkeypatch.setattr(coderag_mcp.pipeline, "stop_idle_workers", counting)
    repo = write_tree(tmp_path / "repo", {f"pkg/m{n:03}.py": f"def f{n}():\n    return f{max(n - 1, 0)}()\n"
                                          for n in range(120)})
    indexes = []
    for recycle in (10_000, 30):
        monkeypatch.setattr(coderag_mcp.pipeline, "WORKER_RECYCLE_FILES", recycle)
        stopped.clear()
        db = tmp_path / f"{recycle}.db"
        async with CodeIndexService.open(fast_settings(db, parse_workers=1), run_jobs=False) as service:
            await service.init_index("p", str(repo), background=False)
        # One worker, batches of 24 files: 30, 60, 90 and 120 files are passed after the 2nd to 5th batch;
        # parsing over, the worker is stopped (with recycling, the 5th batch's already was).
        assert stopped == ([1] if recycle == 10_000 else [1, 1, 1, 1, 0])
        indexes.append((query(db, "SELECT file_path, qualified_name, lineno FROM code_chunks ORDER BY 1, 2, 3"),
                        query(db, "SELECT source_id, target_id FROM code_edges ORDER BY 1, 2")))
    assert indexes[0] == indexes[1]
    assert len(indexes[0][0]) >= 120 and len(indexes[0][1]) == 120  # (f0 calls itself)


async def test_a_write_waits_for_no_more_source_than_its_byte_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write takes WRITE_MAX_FILES files or WRITE_MAX_BYTES of source, whichever comes first, so large
    files are not all held at once as rows; the index is the same."""
    import coderag_mcp.pipeline
    from coderag_mcp.store import Store

    written: list[int] = []
    replace_file_rows = Store.replace_file_rows

    async def counting(self: Store, project_id: str, job_id: str, files: list, **options: object) -> object:
        written.append(sum(record.size for record in files))
        return await replace_file_rows(self, project_id, job_id, files, **options)

    monkeypatch.setattr(Store, "replace_file_rows", counting)
    filler = "".join(f"    value_{n} = {n}  # a line of a large generated file\n" for n in range(600))
    repo = write_tree(tmp_path / "repo", {f"gen/m{n:02}.py": f"def f{n}():\n{filler}    return f{max(n - 1, 0)}()\n"
                                          for n in range(60)})
    size = (repo / "gen" / "m00.py").stat().st_size  # about 28 KB
    indexes = []
    for bound in (10**9, 200_000):
        monkeypatch.setattr(coderag_mcp.pipeline, "WRITE_MAX_BYTES", bound)
        written.clear()
        db = tmp_path / f"{bound}.db"
        async with CodeIndexService.open(fast_settings(db, parse_workers=1), run_jobs=False) as service:
            await service.init_index("p", str(repo), background=False)
        assert sum(written) >= 60 * size
        # The last batch read may cross the bound: at most one parse batch (24 files, BATCH_MAX_BYTES) more.
        most = bound + min(coderag_mcp.pipeline.BATCH_MAX_BYTES, 24 * size) + size
        assert len(written) == 1 if bound == 10**9 else (len(written) >= 3 and max(written) <= most)
        indexes.append((query(db, "SELECT file_path, qualified_name, lineno FROM code_chunks ORDER BY 1, 2, 3"),
                        query(db, "SELECT source_id, target_id FROM code_edges ORDER BY 1, 2")))
    assert indexes[0] == indexes[1]
    assert len(indexes[0][1]) == 60  # (f0 calls itself)
