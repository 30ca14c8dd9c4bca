"""A sensitive folder (here the user's home) allowed by the client's MCP roots, through the real Client.

The home folder is a folder of tmp_path: HOME points at it, which is all `paths.why_sensitive` reads.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mcp import Client

from coderag_mcp.config import Settings
from coderag_mcp.errors import InvalidArgument
from coderag_mcp.models import JobStatus
from coderag_mcp.paths import check_allowed
from coderag_mcp.server import create_server
from coderag_mcp.service import CodeIndexService

from .conftest import call, call_error, fast_settings, query, roots_callback, write_tree

pytestmark = pytest.mark.anyio




@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_tree(tmp_path / "home" / "me", {"notes.py": "def remember():\n    return 'milk'\n",
                                                   "src/tool.py": "def tool():\n    return 1\n"})
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("CODERAG_ALLOWED_ROOTS", raising=False)
    return folder.resolve()


@pytest.fixture
def db_settings(tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "vault.db", watch=False)


async def test_a_root_naming_the_home_folder_allows_it_and_later_jobs_keep_that(
        home: Path, db_settings: Settings) -> None:
    async with Client(create_server(db_settings)) as client:  # declares no roots
        refused = await call_error(client, "init_index", project_id="home", target_path=str(home), background=False)
        assert "home folder" in refused and "CODERAG_ALLOWED_ROOTS" in refused and "root" in refused
    for near in (home.parent, home / "src"):  # a root above it or below it names another folder
        async with Client(create_server(db_settings), list_roots_callback=roots_callback(near)) as client:
            refused = await call_error(client, "init_index", project_id="home", target_path=str(home))
            assert "home folder" in refused
    assert query(db_settings.db_path, "SELECT count(*) FROM coderag_index_jobs") == [(0,)]

    async with Client(create_server(db_settings), list_roots_callback=roots_callback(home)) as client:
        done = await call(client, "init_index", project_id="home", target_path=str(home), background=False)
        assert done["status"] == "completed"
        found = await call(client, "search_code", project_id="home", query="remember milk")
        assert found["hits"][0]["file_path"] == "notes.py"
    assert query(db_settings.db_path, "SELECT granted_folder FROM coderag_indexes WHERE project_id = 'home'") == [
        (str(home),)]

    # Later, a client without roots (the agent of another session): the job checks the folder again when it
    # runs, and the permission stored with the index passes that check.
    (home / "errands.py").write_text("def buy_bread():\n    return 'bread'\n")
    async with Client(create_server(db_settings)) as client:
        updated = await call(client, "update_index", project_id="home", background=False)
        assert updated["status"] == "completed"
        found = await call(client, "search_code", project_id="home", query="buy bread")
        assert found["hits"][0]["file_path"] == "errands.py"
        # The permission is the project's, for that folder: another project of the same folder still needs one.
        refused = await call_error(client, "init_index", project_id="again", target_path=str(home))
        assert "home folder" in refused


async def test_the_leaving_out_of_target_path_with_one_root_that_is_home(home: Path, db_settings: Settings) -> None:
    async with Client(create_server(db_settings), list_roots_callback=roots_callback(home)) as client:
        done = await call(client, "init_index", project_id="home", background=False)
        assert done["status"] == "completed" and done["job"]["target_path"] == str(home)


async def test_a_job_runs_only_with_the_permission_its_index_holds(home: Path, db_settings: Settings) -> None:
    """The job-time check is real: a job queued for the home folder without the permission (as another
    program could queue it) fails when it runs; with the permission recorded, it completes."""
    async with CodeIndexService.open(db_settings, run_jobs=False) as service:
        await service.store.ensure_project("bare", "bare")
        job, _ = await service.store.enqueue_job("bare", str(home), force=False, priority=0)
        await service.runner.run_one(job.id)
        failed = await service.get_job(job.id)
        assert failed.status is JobStatus.FAILED and "home folder" in (failed.error_message or "")

        await service.store.ensure_project("granted", "granted")
        job, _ = await service.store.enqueue_job("granted", str(home), force=False, priority=0, grant=True,
                                                 granted_folder=str(home))
        await service.runner.run_one(job.id)
        assert (await service.get_job(job.id)).status is JobStatus.COMPLETED


async def test_the_environment_stays_the_outer_bound(home: Path, db_settings: Settings, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    work = write_tree(tmp_path / "work" / "repo", {"a.py": "def a():\n    return 1\n"})
    monkeypatch.setenv("CODERAG_ALLOWED_ROOTS", str(tmp_path / "work"))
    async with Client(create_server(db_settings), list_roots_callback=roots_callback(home)) as client:
        outside = await call_error(client, "init_index", project_id="home", target_path=str(home))
        assert "outside the folders this server may index" in outside and "CODERAG_ALLOWED_ROOTS" in outside
        # Roots do not narrow the policy: a plain folder inside the bound, outside the roots, is indexed.
        assert (await call(client, "init_index", project_id="work", target_path=str(work),
                           background=False))["status"] == "completed"
    monkeypatch.setenv("CODERAG_ALLOWED_ROOTS", str(tmp_path / "home"))  # the bound holds it, does not name it
    async with Client(create_server(db_settings), list_roots_callback=roots_callback(home)) as client:
        assert (await call(client, "init_index", project_id="home", target_path=str(home),
                           background=False))["status"] == "completed"
    monkeypatch.setenv("CODERAG_ALLOWED_ROOTS", str(tmp_path / "work"))  # narrowed later by the configuration
    async with Client(create_server(db_settings)) as client:
        outside = await call_error(client, "update_index", project_id="home")
        assert "outside the folders this server may index" in outside


async def test_a_new_init_index_without_a_root_naming_the_folder_drops_the_permission(
        home: Path, db_settings: Settings) -> None:
    async with Client(create_server(db_settings), list_roots_callback=roots_callback(home)) as client:
        await call(client, "init_index", project_id="home", target_path=str(home), background=False)
        # The project moves to a plain folder inside the home: the home folder's permission goes.
        assert (await call(client, "init_index", project_id="home", target_path=str(home / "src"), force=True,
                           background=False))["status"] == "completed"
    assert query(db_settings.db_path, "SELECT granted_folder FROM coderag_indexes WHERE project_id = 'home'") == [
        (None,)]


def test_the_policy_in_one_table(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = str(home / "src")
    assert check_allowed(plain) == plain  # no allow-list: anything but sensitive folders
    for folders in ([], [str(home.parent)], [str(home / "src")], ["/"]):
        with pytest.raises(InvalidArgument, match="home folder"):
            check_allowed(str(home), root_folders=folders)
    with pytest.raises(InvalidArgument, match="system folder"):
        check_allowed("/etc", root_folders=["/"])  # a root above a system folder does not name it
    assert check_allowed(str(home), root_folders=[str(home) + "/"]) == str(home)
    assert check_allowed(str(home), granted=str(home)) == str(home)
    assert check_allowed("/etc", root_folders=["/etc"]) == "/etc"
    with pytest.raises(InvalidArgument, match="home folder"):
        check_allowed(str(home), granted=str(home / "src"))  # a permission is for one folder
    monkeypatch.setenv("CODERAG_ALLOWED_ROOTS", os.pathsep.join([str(tmp_path / "work"), "/etc"]))
    assert check_allowed("/etc") == "/etc"  # named by the configuration
    for allowed_by_client in ({"root_folders": [str(home)]}, {"granted": str(home)}):
        with pytest.raises(InvalidArgument, match="outside"):
            check_allowed(str(home), **allowed_by_client)  # type: ignore[arg-type]
