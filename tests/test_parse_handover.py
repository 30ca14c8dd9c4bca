"""How the parser's worker processes hand their results over: as files, so that a worker stopped and continued
while it answers (Ctrl-Z and `fg` on the command line, a profiler attaching) loses nothing and the job ends."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio
import anyio.to_process
import pytest

from coderag_mcp.discover import discover
from coderag_mcp.errors import CoderagError
from coderag_mcp.parse import FileRecord, parse_batch
from coderag_mcp.parse_workers import (SPOOL_PREFIX, STALE_SPOOL_SECONDS, Parsers, job_parsers, parse_batch_spooled,
                                       parse_files, read_spooled, stop_idle_workers)
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, query, write_tree



def _large_files(count: int) -> dict[str, str]:
    """`count` modules of about 16 KB, each of 40 functions that call the module before's."""
    files = {}
    for n in range(count):
        functions = "".join(
            f"def f{n}_{k}(value):\n    \"\"\"Step {k} of module {n}: the value through the step before.\"\"\"\n"
            f"    total = value * {k} + len(str(value))\n    return f{max(n - 1, 0)}_{k}(total) if value else total\n\n"
            for k in range(40))
        files[f"pkg/m{n:03}.py"] = functions * 2 if n % 2 else functions
    return files


def _chunks(db: Path) -> list[tuple[object, ...]]:
    return query(db, "SELECT file_path, qualified_name, lineno FROM code_chunks ORDER BY 1, 2, 3")


async def _stop_and_continue_workers(done: anyio.Event) -> None:
    """SIGSTOP and SIGCONT the job's parser processes, 3 ms stopped in every 5."""
    while not done.is_set():
        try:
            pids = [process.pid for process in anyio.to_process._process_pool_workers.get()]
        except LookupError:
            pids = []
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        await anyio.sleep(0.003)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        await anyio.sleep(0.002)


@pytest.mark.anyio
async def test_an_index_ends_whole_while_its_parser_processes_are_stopped_and_continued(tmp_path: Path) -> None:
    """Each batch's results are megabytes. anyio's worker wrote them to its pipe with one unbuffered write();
    stopped in the middle, the write returned a part, the rest was never sent, and the job waited for it until
    its watchdog gave up (ten minutes). Now the index ends, the same as one made undisturbed."""
    repo = write_tree(tmp_path / "repo", _large_files(120))
    quiet = tmp_path / "quiet.db"
    async with CodeIndexService.open(fast_settings(quiet, parse_workers=2), run_jobs=False) as service:
        await service.init_index("p", str(repo), background=False)
    disturbed = tmp_path / "disturbed.db"
    async with CodeIndexService.open(fast_settings(disturbed, parse_workers=2), run_jobs=False) as service:
        done = anyio.Event()
        with anyio.fail_after(60):
            async with anyio.create_task_group() as tg:
                tg.start_soon(_stop_and_continue_workers, done)
                try:
                    await service.init_index("p", str(repo), background=False)
                finally:
                    done.set()
    assert len(_chunks(quiet)) > 120 * 40
    assert _chunks(disturbed) == _chunks(quiet)
    assert query(disturbed, "SELECT count(*) FROM code_edges") == query(quiet, "SELECT count(*) FROM code_edges")


def test_a_worker_answers_with_a_file_name_whatever_the_batch_holds(tmp_path: Path) -> None:
    """What goes through the pipe is a name, small enough for one write() that cannot be cut (PIPE_BUF); the file
    holds the batch's results, which read back equal to a parse in this process, and is gone once read."""
    repo = write_tree(tmp_path / "repo", _large_files(24))
    batch = [(source_file, None) for source_file in discover(str(repo), 1_000_000).files]
    spool = tmp_path / "spool"
    spool.mkdir()
    answer = parse_batch_spooled(batch, 1_000_000, str(spool), niceness=0)
    assert len(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)) < select.PIPE_BUF
    assert Path(answer).stat().st_size > 10 * 65_536  # (a pipe holds 64 KiB)
    results = read_spooled(answer)
    assert not list(spool.iterdir())
    expected = parse_batch(batch, 1_000_000)
    assert len(results) == 24 and all(isinstance(result, FileRecord) for result in results)
    assert [(result.file_path, [(chunk.qualified_name, chunk.body) for chunk in result.chunks], result.references)
            for result in results] == \
        [(result.file_path, [(chunk.qualified_name, chunk.body) for chunk in result.chunks], result.references)
         for result in expected]


def test_a_jobs_result_folder_goes_with_what_a_cancelled_batch_left(tmp_path: Path) -> None:
    """A batch cancelled after its worker wrote the results leaves the file; the job's folder goes at its end."""
    with job_parsers(2, True) as parsers:
        assert Path(parsers.spool or "").name.startswith(f"{SPOOL_PREFIX}{os.getpid()}-")
        assert parsers.in_processes and parsers.spool is not None
        spool = Path(parsers.spool)
        (spool / "batch-left").write_bytes(b"results nobody read")
    assert not spool.exists()
    with job_parsers(1, False) as parsers:
        assert not parsers.in_processes and parsers.spool is None


def test_the_folders_of_killed_jobs_go_when_the_next_job_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """A job's process killed (SIGKILL, out of memory) never left its `with`: its folder, batches' results in it,
    is removed by the next job to start once nothing wrote to it for a while. A running process's folder stays, and
    so does anything else there."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    names = (f"{SPOOL_PREFIX}{gone}-abc", f"{SPOOL_PREFIX}{gone}-recent", f"{SPOOL_PREFIX}{os.getppid()}-def",
             f"{SPOOL_PREFIX}x-ghi", "other")
    long_ago = time.time() - STALE_SPOOL_SECONDS - 60
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "batch-1").write_bytes(b"results")
        if not name.endswith("-recent"):  # (written to a minute ago: a process out of sight may still write there)
            os.utime(tmp_path / name, (long_ago, long_ago))
    with job_parsers(2, True) as parsers:
        assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*names[1:], Path(parsers.spool or "").name])


@pytest.mark.anyio
async def test_a_worker_that_cannot_write_its_results_fails_the_job_with_what_to_do(tmp_path: Path) -> None:
    """The results' folder gone (or its disk full): the job fails with where and what to do, not an error of
    the operating system's alone."""
    repo = write_tree(tmp_path / "repo", _large_files(2))
    batch = [(source_file, None) for source_file in discover(str(repo), 1_000_000).files]
    parsers = Parsers(anyio.CapacityLimiter(1), 0, str(tmp_path / "spool" / "gone"))
    try:
        with pytest.raises(CoderagError, match=r"could not write their results to .*spool \(No such file or "
                                               r"directory\)\. Free some space there, or set TMPDIR"):
            await parse_files(batch, 1_000_000, parsers)
    finally:
        await stop_idle_workers()
