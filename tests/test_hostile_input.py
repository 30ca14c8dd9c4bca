"""Hostile and unlucky input: every case ends as a result or a clear error, and nothing leaks."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest
from mcp import Client

from coderag_mcp.discover import discover
from coderag_mcp.models import IndexStatus, JobStatus
from coderag_mcp.server import create_server
from coderag_mcp.service import CodeIndexService

from .conftest import SAMPLE_FILES, fast_settings, write_tree

pytestmark = pytest.mark.anyio


# --- 4. secrets through symlinks, and the root as the boundary ----------------------------------------

async def test_secrets_behind_symlinks_are_never_indexed(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    (repo / ".env").write_text("DATABASE_PASSWORD = 'hunter2envsecret'\n")
    (repo / "certs").mkdir()
    (repo / "certs" / "server.pem").write_text("PRIVATE_KEY = 'pemsecretmaterial'\n")
    (repo / "keys").mkdir()
    (repo / "keys" / "id_rsa").write_text("RSA_KEY = 'rsasecretmaterial'\n")
    os.symlink(".env", repo / "settings_env.py")
    os.symlink("certs/server.pem", repo / "cert_loader.py")
    os.symlink("keys/id_rsa", repo / "deploy_key.sh")
    os.symlink("app/config.py", repo / "config_alias.py")  # a link inside the tree stays allowed
    outside = write_tree(tmp_path / "outside", {"elsewhere.py": "OUTSIDE_TOKEN = 'outsidesecretvalue'\n"})
    os.symlink(outside / "elsewhere.py", repo / "linked_out.py")

    found = discover(str(repo), 1_000_000)
    paths = {source.rel_path for source in found.files}
    assert not paths & {"settings_env.py", "cert_loader.py", "deploy_key.sh", "linked_out.py"}
    assert "config_alias.py" in paths
    # The three secret files themselves and the three links to them.
    assert found.excluded["secret"] == 6 and found.excluded["symlink out of root"] == 1

    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        for word in ("hunter2envsecret", "pemsecretmaterial", "rsasecretmaterial", "outsidesecretvalue"):
            assert (await service.search_code("demo", word)).hits == [], word
        assert (await service.search_code("demo", "parse_config")).hits


# --- 5. one giant line -----------------------------------------------------------------------------------

def one_line_js(size: int) -> str:
    """What a bundler writes: every statement of a big program on one line."""
    parts, number = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"function handler{number}(e){{return e.target.value+{number}}};var v{number}=handler{number};")
        number += 1
    return "".join(parts) + "\n"


async def test_a_minified_file_is_skipped_with_the_reason(tmp_path: Path) -> None:
    files = dict(SAMPLE_FILES)
    files["static/bundle.min.js"] = one_line_js(950_000)
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        done = await service.init_index("demo", str(repo), background=False)
        stats = await service.store.get_job_stats(done.job_id)
        assert stats is not None
        (path, reason), = stats[1]
        assert path == "static/bundle.min.js" and "minified" in reason
        assert (await service.get_status("demo")).file_count == len(SAMPLE_FILES)


def skipped_rows(db: Path) -> list[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT file_path, reason, job_id FROM coderag_skipped_files").fetchall()


async def test_a_skipped_file_is_not_read_again_nor_makes_the_index_stale_until_it_changes(tmp_path: Path) -> None:
    files = dict(SAMPLE_FILES)
    files["static/bundle.min.js"] = one_line_js(20_000)
    repo = write_tree(tmp_path / "repo", files)
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        first = await service.init_index("demo", str(repo), background=False)
        assert (await service.get_status("demo")).status is IndexStatus.READY  # was STALE for ever
        (path, reason, job_id), = skipped_rows(db)
        assert path == "static/bundle.min.js" and "minified" in reason and job_id == first.job_id

        again = await service.update_index("demo", background=False)
        stats = await service.store.get_job_stats(again.job_id)
        assert stats is not None and [path for path, _reason in stats[1]] == ["static/bundle.min.js"]  # still said
        assert skipped_rows(db)[0][2] == first.job_id  # not read again: the first job's record stands

        (repo / "static" / "bundle.min.js").write_text("function readableHandlerName(event) {\n  return 1;\n}\n")
        assert (await service.get_status("demo")).status is IndexStatus.STALE
        await service.update_index("demo", background=False)
        assert skipped_rows(db) == []
        hits = (await service.search_code("demo", "readableHandlerName")).hits
        assert hits and hits[0].file_path == "static/bundle.min.js"
        assert (await service.get_status("demo")).status is IndexStatus.READY


async def test_a_file_skipped_after_a_change_loses_the_rows_of_its_old_version(tmp_path: Path) -> None:
    files = dict(SAMPLE_FILES)
    files["static/app.js"] = "function oldHandlerName(event) {\n  return event.target;\n}\n"
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        assert (await service.search_code("demo", "oldHandlerName")).hits
        (repo / "static" / "app.js").write_text(one_line_js(20_000))  # rebuilt by a bundler
        done = await service.update_index("demo", background=False)
        stats = await service.store.get_job_stats(done.job_id)
        assert stats is not None and [path for path, _reason in stats[1]] == ["static/app.js"]
        assert all(hit.file_path != "static/app.js" for hit in (await service.search_code("demo", "oldHandlerName")).hits)
        status = await service.get_status("demo")
        assert status.status is IndexStatus.READY and status.file_count == len(SAMPLE_FILES)


async def test_snippets_stay_small_whatever_the_line_length(tmp_path: Path) -> None:
    """A short file can still hold one enormous line (a data table, an inlined asset)."""
    long_line = "const TABLE = [" + ", ".join(f"'entry{n}'" for n in range(6000)) + ", 'needleword'];\n"
    files = {"data/table.js": "// Lookup table.\n" + long_line + "function lookup(k) { return TABLE[k]; }\n" * 400}
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        hits = (await service.search_code("demo", "needleword")).hits
        assert hits and all(len(hit.snippet) <= 1200 for hit in hits)
        assert "needleword" in hits[0].snippet  # the window is around the match, not the line's start


# --- 7, 8. clear errors and strict validation, through the real MCP client ---------------------------

async def tool_error(client: Client, tool: str, **arguments: object) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    text = result.content[0].text  # type: ignore[union-attr]
    assert "Traceback" not in text and text.strip() != f"Error executing tool {tool}", text
    return text


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[Client]:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    async with Client(create_server(fast_settings(tmp_path / "vault.db"))) as connected:
        result = await connected.call_tool("init_index", {"project_id": "demo", "target_path": str(repo),
                                                          "background": False})
        assert not result.is_error, result.content
        yield connected


async def test_bad_arguments_get_clear_errors(client: Client, tmp_path: Path) -> None:
    assert "null byte" in await tool_error(client, "init_index", project_id="p", target_path="/tmp/a\x00b")
    assert "512" in await tool_error(client, "find_symbol", project_id="demo", name="x" * 100_000)
    assert "512" in await tool_error(client, "find_references", project_id="demo", symbol="y" * 100_000)
    assert "characters" in await tool_error(client, "search_code", project_id="demo", query="word " * 20_000)
    assert "characters" in await tool_error(client, "search_code", project_id="demo", query="w", path="*" * 5000)
    assert "priority" in await tool_error(client, "init_index", project_id="p", target_path=str(tmp_path),
                                          priority=10**30)
    assert "limit" in await tool_error(client, "search_code", project_id="demo", query="x", limit=10**30)
    # Each bound is named with its range and the value sent; an empty name says what to give.
    for tool, arguments, said in [
        ("search_code", {"query": "x", "limit": 0}, "limit must be between 1 and 100, not 0."),
        ("find_symbol", {"name": "helper", "limit": 201}, "limit must be between 1 and 200, not 201."),
        ("find_references", {"symbol": "helper", "limit": 501}, "limit must be between 1 and 500, not 501."),
        ("get_repo_map", {"max_tokens": 49}, "max_tokens must be between 50 and 50000, not 49."),
        ("read_code", {"symbol": "helper", "max_tokens": 50_001}, "max_tokens must be between 50 and 50000"),
        ("find_symbol", {"name": "  "}, "name is empty: give a symbol name such as parse_config"),
        ("find_references", {"symbol": ""}, "symbol is empty: give a name such as parse_config"),
    ]:
        assert said in await tool_error(client, tool, project_id="demo", **arguments), (tool, arguments)


@pytest.mark.parametrize("project_id", ["abc\n", "a" * 127 + "\n", "abc\r", "ab c", "", "-x", "a" * 129])
async def test_malformed_project_ids_are_refused(client: Client, tmp_path: Path, project_id: str) -> None:
    text = await tool_error(client, "init_index", project_id=project_id, target_path=str(tmp_path / "repo"),
                            force=True)
    assert "project_id" in text
    assert "not valid" in await tool_error(client, "get_status", project_id=project_id)


async def test_unknown_arguments_are_refused(client: Client) -> None:
    text = await tool_error(client, "get_status", project_id="demo", verbose=True)
    assert "verbose" in text
    text = await tool_error(client, "search_code", project_id="demo", query="parse", limt=5)
    assert "no argument 'limt': did you mean 'limit'?" in text
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert all(tool.input_schema.get("additionalProperties") is False for tool in tools.values())


async def test_argument_errors_say_what_to_send_instead(client: Client, tmp_path: Path) -> None:
    # find_references and read_code take `symbol`; find_symbol takes `name`: an agent mixes them up.
    text = await tool_error(client, "find_symbol", project_id="demo", symbol="helper")
    assert "find_symbol has no argument 'symbol': did you mean 'name'?" in text
    assert "takes: project_id (required), name (required)" in text
    assert "needs the argument 'name'" not in text  # the same mistake, said once
    text = await tool_error(client, "init_index", project_id="p", path=str(tmp_path))
    assert "did you mean 'target_path'?" in text
    assert "needs the argument 'query'" in await tool_error(client, "search_code", project_id="demo")
    text = await tool_error(client, "search_code", project_id="demo", query="parse", kind="nonsense")
    assert "kind: Input should be 'function', 'class', 'method' or 'module', not 'nonsense'." in text
    text = await tool_error(client, "search_code", project_id="demo", query="x" * 500, limit="ten")
    assert "limit:" in text and "not 'ten'" in text
    # pydantic's own report: its model's class name, error codes and a link to its site
    for noise in ("validation error", "Arguments", "[type=", "pydantic.dev"):
        assert noise not in text


async def test_a_job_row_with_an_unknown_status_does_not_break_list_jobs(client: Client, tmp_path: Path) -> None:
    def write_as_another_program() -> None:
        connection = sqlite3.connect(tmp_path / "vault.db", timeout=60)  # the server may be writing
        with connection:
            connection.execute(
                """INSERT INTO coderag_index_jobs (id, project_id, status, target_path, force, priority, files_total,
                       files_processed, chunks_created, progress_percent, created_at)
                   VALUES ('foreign-job', 'demo', 'PAUSED', '/x', 0, 0, 0, 0, 0, 0, '2026-01-01 00:00:00.000000')""")
        connection.close()

    # In a thread: the server shares this event loop, and a transaction it has open must be able to end.
    await anyio.to_thread.run_sync(write_as_another_program)
    jobs = (await client.call_tool("list_jobs", {})).structured_content
    assert jobs is not None
    foreign = [job for job in jobs["jobs"] if job["job_id"] == "foreign-job"]
    assert foreign and foreign[0]["status"] == "failed" and "PAUSED" in foreign[0]["error_message"]
    assert not (await client.call_tool("get_job", {"job_id": "foreign-job"})).is_error


async def test_a_tree_1100_folders_deep_is_indexed(tmp_path: Path) -> None:
    # Outside pytest's tmp_path: its clean-up (shutil.rmtree) recurses and fails on such a tree.
    repo = Path(tempfile.mkdtemp(prefix="coderag-deep-"))
    leaf = str(repo)
    try:
        for _ in range(1100):  # one by one: pathlib's and os's makedirs are recursive themselves
            leaf = os.path.join(leaf, "d")
            os.mkdir(leaf)
        (Path(leaf) / "bottom.py").write_text("def at_the_bottom():\n    return 1\n")
        (repo / "top.py").write_text("def at_the_top():\n    return 2\n")
        async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
            done = await service.init_index("deep", str(repo), background=False)
            assert done.job is not None and done.job.status is JobStatus.COMPLETED
            assert (await service.find_symbol("deep", "at_the_bottom")).definitions
    finally:  # bottom up, one by one
        while True:
            for name in os.listdir(leaf):
                if not os.path.isdir(os.path.join(leaf, name)):
                    os.remove(os.path.join(leaf, name))
            os.rmdir(leaf)
            if leaf == str(repo):
                break
            leaf = os.path.dirname(leaf)


# --- 9. where the server may read ---------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/", "/proc", "/sys/kernel", "/etc", "/usr", "/dev", "/boot", "/var",
                                    "~"])
async def test_system_folders_and_home_need_explicit_permission(client: Client, target: str) -> None:
    text = await tool_error(client, "init_index", project_id="sys", target_path=target)
    assert "CODERAG_ALLOWED_ROOTS" in text


def test_allowed_roots_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coderag_mcp.errors import InvalidArgument
    from coderag_mcp.paths import check_allowed

    inside, outside = tmp_path / "work" / "repo", tmp_path / "elsewhere"
    inside.mkdir(parents=True)
    outside.mkdir()
    assert check_allowed(str(inside)) == str(inside)  # no allow-list: anything but sensitive folders
    monkeypatch.setenv("CODERAG_ALLOWED_ROOTS", os.pathsep.join([str(tmp_path / "work"), "/etc"]))
    assert check_allowed(str(inside)) == str(inside)
    with pytest.raises(InvalidArgument, match="outside"):
        check_allowed(str(outside))
    assert check_allowed("/etc") == "/etc"  # listed explicitly: allowed
    with pytest.raises(InvalidArgument):
        check_allowed("/")
    with pytest.raises(InvalidArgument, match="outside"):  # a client root naming it stays inside the bound
        check_allowed("/", root_folders=["/"])
    monkeypatch.delenv("CODERAG_ALLOWED_ROOTS")
    assert check_allowed("/", root_folders=["/"]) == "/"  # without one, a client root naming it exactly
