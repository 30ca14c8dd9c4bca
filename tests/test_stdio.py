"""End to end over stdio: the server as a subprocess, driven by the SDK's client, in both eras."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp_types import ResourceUpdatedNotification

from .conftest import subprocess_env, write_large_tree

pytestmark = pytest.mark.anyio


def server_params(db: Path) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "coderag_mcp", "--db", str(db), "serve"],
                                 env=subprocess_env())


async def tool(client: Client, name: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(name, arguments)
    assert not result.is_error, result.content
    return result.structured_content  # type: ignore[return-value]


async def read(client: Client, uri: str) -> dict[str, Any]:
    result = await client.read_resource(uri, cache_mode="bypass")
    return json.loads(result.contents[0].text)  # type: ignore[union-attr]


async def test_stdio_loop_with_a_listen_subscription(tmp_path: Path) -> None:
    repo = write_large_tree(tmp_path / "repo", 600)
    async with Client(server_params(tmp_path / "vault.db")) as client:
        started = await tool(client, "init_index", project_id="repo", target_path=str(repo))
        job_uri = started["resource_uri"]
        seen = []
        async with client.listen(resource_subscriptions=[job_uri]) as subscription:
            with anyio.fail_after(60):
                current = await read(client, job_uri)
                async for _event in subscription:
                    current = await read(client, job_uri)
                    seen.append(current)
                    if current["status"] not in ("pending", "running"):
                        break
        assert current["status"] == "completed" and current["files_processed"] == 600
        assert any(doc["status"] == "running" for doc in seen) or len(seen) >= 1
        hits = (await tool(client, "search_code", project_id="repo", query="compute item 7 of module 42"))["hits"]
        assert hits[0]["file_path"] == "pkg2/mod42.py"
        deleted = await tool(client, "delete_index", project_id="repo")
        assert deleted["deleted"]["coderag_files"] == 600
        assert (await tool(client, "get_status", project_id="repo"))["status"] == "not_initialized"


async def test_stdio_loop_in_the_2025_era(tmp_path: Path) -> None:
    repo = write_large_tree(tmp_path / "repo", 600)
    updates: list[str] = []
    changed = anyio.Event()

    async def on_message(message: Any) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            updates.append(message.params.uri)
            changed.set()

    async with Client(server_params(tmp_path / "vault.db"), mode="legacy", message_handler=on_message) as client:
        status_uri = "coderag://projects/repo/status"
        await client.subscribe_resource(status_uri)
        await tool(client, "init_index", project_id="repo", target_path=str(repo))
        with anyio.fail_after(60):
            while (status := await read(client, status_uri))["status"] != "ready":
                await changed.wait()
                changed = anyio.Event()
        assert status["file_count"] == 600
        assert updates.count(status_uri) >= 2
        assert (await tool(client, "search_code", project_id="repo", query="Widget42"))["hits"][0]["symbol"] == \
            "Widget42"


async def test_a_client_that_goes_away_mid_job_leaves_nothing_running(tmp_path: Path, large_repo: Path) -> None:
    db = tmp_path / "vault.db"
    async with Client(server_params(db)) as client:
        started = await tool(client, "init_index", project_id="big", target_path=str(large_repo))
        with anyio.fail_after(30):
            while (await tool(client, "get_job", job_id=started["job_id"]))["files_processed"] == 0:
                await anyio.sleep(0.02)
    # The client closed stdio: the server stopped. Its job must not stay RUNNING.
    import sqlite3

    connection = sqlite3.connect(db)
    (status, message), = connection.execute("SELECT status, error_message FROM coderag_index_jobs").fetchall()
    connection.close()
    assert status == "PENDING" and "resumes" in message
    async with Client(server_params(db)) as client:
        with anyio.fail_after(60):
            while (job := await tool(client, "get_job", job_id=started["job_id"]))["status"] != "completed":
                await anyio.sleep(0.05)
        assert job["files_processed"] == 1500


async def test_stdio_read_code_prompts_and_the_watcher(tmp_path: Path, sample_repo: Path) -> None:
    """What Claude Desktop gets: the served command line, with its watcher on by default."""
    async with Client(server_params(tmp_path / "vault.db")) as client:
        done = await tool(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        assert done["status"] == "completed"
        method = await tool(client, "read_code", project_id="demo", symbol="Cache.evictOldest")
        assert method["file_path"] == "java/Cache.java" and "public void evictOldest()" in method["text"]
        assert {prompt.name for prompt in (await client.list_prompts()).prompts} == {"onboard_repository",
                                                                                   "find_implementation"}
        onboarding = await client.get_prompt("onboard_repository", {"path": str(sample_repo), "project_id": "demo"})
        assert 'update_index(project_id="demo")' in onboarding.messages[0].content.text  # type: ignore[union-attr]
        (sample_repo / "web" / "added.ts").write_text("export function addedWhileServing(): number {\n  return 1;\n}\n")
        with anyio.fail_after(10):  # a correctness bound: no update call is made
            while not (hits := (await tool(client, "search_code", project_id="demo",
                                           query="addedWhileServing"))["hits"]) or hits[0]["file_path"] != "web/added.ts":
                await anyio.sleep(0.1)


async def test_answers_larger_than_a_pipe_buffer_arrive_whole(tmp_path: Path) -> None:
    """The server writes its answers without blocking: one bigger than the pipe holds (64 KiB on Linux)
    goes out in parts as the client reads, and nothing else comes between them."""
    repo = tmp_path / "repo"
    repo.mkdir()
    lines = [f"def function_{number}(value):\n    return value * {number}  # {'x' * 60}\n" for number in range(3000)]
    (repo / "big.py").write_text("".join(lines))
    async with Client(server_params(tmp_path / "vault.db")) as client:
        done = await tool(client, "init_index", project_id="big", target_path=str(repo), background=False)
        assert done["status"] == "completed"
        read = await tool(client, "read_code", project_id="big", path="big.py", max_tokens=50_000)
        assert len(read["text"]) > 100_000 and "return value * 1500" in read["text"]
        status = await tool(client, "get_status", project_id="big")
        assert status["file_count"] == 1


async def test_the_sdks_own_stdio_transport_still_serves(tmp_path: Path, sample_repo: Path) -> None:
    """CODERAG_STDIO_PIPES=0 (a terminal or a file on stdio does the same) serves through the SDK's threads."""
    params = server_params(tmp_path / "vault.db")
    params.env = {**(params.env or {}), "CODERAG_STDIO_PIPES": "0"}
    async with Client(params) as client:
        done = await tool(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        assert done["status"] == "completed"
        assert (await tool(client, "get_status", project_id="demo"))["status"] == "ready"


STRAY_OUTPUT_SERVER = """
import os, sys
import anyio
from mcp.server.mcpserver import MCPServer
from coderag_mcp.stdio_pipes import serve_stdio_pipes

server = MCPServer("noisy")

@server.tool()
def shout(text: str) -> str:
    print("stray print to stdout")
    sys.stdout.flush()
    os.write(1, b"stray bytes on fd 1\\n")
    return text.upper()

anyio.run(serve_stdio_pipes, server)
"""


async def test_output_printed_by_the_server_never_reaches_the_wire(tmp_path: Path) -> None:
    script = tmp_path / "noisy.py"
    script.write_text(STRAY_OUTPUT_SERVER)
    params = StdioServerParameters(command=sys.executable, args=[str(script)], env=subprocess_env())
    with (tmp_path / "stderr.txt").open("w+") as errors:
        async with Client(stdio_client(params, errlog=errors)) as client:
            for _ in range(3):
                result = await client.call_tool("shout", {"text": "quiet"})
                assert not result.is_error and result.content[0].text == "QUIET"  # type: ignore[union-attr]
        errors.seek(0)
        assert "stray bytes on fd 1" in errors.read()  # it went to stderr
