"""Faults a job must survive: its rows deleted under it, files that block, kills in every phase."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from coderag_mcp.models import IndexStatus, JobStatus
from coderag_mcp.service import CodeIndexService

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
