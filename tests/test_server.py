"""Every tool and resource through the SDK's real Client, in both protocol eras."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_types import ResourceUpdatedNotification

from coderag_mcp.config import Settings
from coderag_mcp.server import create_server

from .conftest import call, call_error, roots_callback, write_large_tree, write_tree

pytestmark = pytest.mark.anyio

MODES = ["auto", "legacy"]
TOOLS = {"init_index", "update_index", "get_status", "get_job", "list_jobs", "cancel_job", "delete_index",
         "list_projects", "search_code", "find_symbol", "find_references", "get_repo_map", "read_code"}


async def read_json(client: Client, uri: str) -> Any:
    result = await client.read_resource(uri, cache_mode="bypass")
    return json.loads(result.contents[0].text)  # type: ignore[union-attr]


async def wait_for_job(client: Client, job_id: str, timeout: float = 60) -> dict[str, Any]:
    with anyio.fail_after(timeout):
        while True:
            job = await call(client, "get_job", job_id=job_id)
            if job["status"] not in ("pending", "running"):
                return job
            await anyio.sleep(0.05)


@pytest.mark.parametrize("mode", MODES)
async def test_tools_declare_schemas_and_truthful_annotations(settings: Settings, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.output_schema is not None, tool.name
        hints = tool.annotations
        assert hints is not None
        assert None not in (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint,
                            hints.open_world_hint), tool.name
        assert hints.open_world_hint is False
        assert "\n    " not in (tool.description or ""), "indented docstring leaked into the description"
        for name, schema in tool.input_schema["properties"].items():
            assert schema.get("description"), f"{tool.name}.{name} has no description"
        # pydantic's titles ("Project Id" beside project_id) are characters every agent reads for nothing.
        assert '"title"' not in json.dumps(tool.input_schema), tool.name
    read_only = {name for name, tool in tools.items() if tool.annotations.read_only_hint}
    assert read_only == {"get_status", "get_job", "list_jobs", "list_projects", "search_code", "find_symbol",
                         "find_references", "get_repo_map", "read_code"}
    assert tools["delete_index"].annotations.destructive_hint is True
    assert tools["cancel_job"].annotations.destructive_hint is True
    assert tools["init_index"].annotations.destructive_hint is False


@pytest.mark.parametrize("mode", MODES)
async def test_whole_loop_init_follow_search_update_delete(settings: Settings, sample_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        before = await call(client, "get_status", project_id="demo")
        assert before["status"] == "not_initialized" and before["file_count"] == 0

        started = await call(client, "init_index", project_id="demo", target_path=str(sample_repo))
        assert started["status"] in ("started", "queued")
        assert started["resource_uri"] == f"coderag://jobs/{started['job_id']}"
        job = await wait_for_job(client, started["job_id"])
        assert job["status"] == "completed", job
        assert job["files_total"] == job["files_processed"] == 6
        assert job["progress_percent"] == 100
        assert job["duration_seconds"] is not None and job["completed_at"] > job["started_at"]
        assert job["completed_at"].endswith("+00:00")  # ISO 8601 with an explicit UTC offset

        status = await call(client, "get_status", project_id="demo")
        assert status["status"] == "ready"
        assert status["file_count"] == 6 and status["chunk_count"] >= 12 and status["symbol_count"] >= 10
        assert status["files_by_language"] == {"python": 1, "go": 1, "typescript": 1, "javascript": 1,
                                               "rust": 1, "java": 1}
        assert status["last_indexed_path"] == str(sample_repo.resolve())
        assert status["active_job"] is None

        found = await call(client, "search_code", project_id="demo", query="parseConfig")
        top = found["hits"][0]
        assert (top["file_path"], top["symbol"], top["kind"]) == ("app/config.py", "parse_config", "method")
        assert top["qualified_name"] == "ConfigLoader.parse_config"
        assert top["start_line"] == 8 and top["end_line"] == 10
        assert "parse_config" in top["snippet"] and top["matched"]
        go_only = await call(client, "search_code", project_id="demo", query="server", language="go")
        assert go_only["hits"] and {hit["language"] for hit in go_only["hits"]} == {"go"}
        in_web = await call(client, "search_code", project_id="demo", query="greet shout debounce", path="web/")
        assert {hit["file_path"] for hit in in_web["hits"]} == {"web/greeter.ts", "web/util.js"}
        classes = await call(client, "search_code", project_id="demo", query="cache point", kind="class")
        assert {hit["symbol"] for hit in classes["hits"]} == {"Cache", "Point"}

        listed = await call(client, "list_jobs", project_id="demo")
        assert [item["job_id"] for item in listed["jobs"]] == [job["job_id"]]
        projects = await call(client, "list_projects")
        assert [(p["project_id"], p["index_status"], p["name"]) for p in projects["projects"]] == [
            ("demo", "ready", "sample")]

        assert (await read_json(client, "coderag://projects"))["projects"][0]["project_id"] == "demo"
        assert (await read_json(client, "coderag://projects/demo/status"))["status"] == "ready"
        assert (await read_json(client, started["resource_uri"]))["status"] == "completed"

        refused = await call_error(client, "init_index", project_id="demo", target_path=str(sample_repo))
        assert "already has an index" in refused and "update_index" in refused and "force=true" in refused

        (sample_repo / "app" / "extra.py").write_text("def added_later():\n    return 1\n")
        update = await call(client, "update_index", project_id="demo")
        assert (await wait_for_job(client, update["job_id"]))["status"] == "completed"
        after = await call(client, "search_code", project_id="demo", query="added_later")
        assert after["hits"][0]["file_path"] == "app/extra.py"

        deleted = await call(client, "delete_index", project_id="demo")
        assert deleted["deleted"]["code_chunks"] >= 13 and deleted["deleted"]["coderag_index_jobs"] == 2
        assert deleted["deleted"]["code_chunk_fts"] == deleted["deleted"]["code_chunks"]
        gone = await call(client, "get_status", project_id="demo")
        assert gone["status"] == "not_initialized" and gone["file_count"] == 0
        assert (await call(client, "list_projects"))["projects"][0]["project_id"] == "demo"  # the project stays


@pytest.mark.parametrize("mode", MODES)
async def test_errors_say_what_to_do(settings: Settings, tmp_path: Path, sample_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        assert "list_jobs" in await call_error(client, "get_job", job_id="no-such-job")
        missing = await call_error(client, "init_index", project_id="demo", target_path=str(tmp_path / "nope"))
        assert "does not exist" in missing
        a_file = sample_repo / "app" / "config.py"
        assert "is a file" in await call_error(client, "init_index", project_id="demo", target_path=str(a_file))
        assert "not valid" in await call_error(client, "init_index", project_id="bad id!", target_path=str(tmp_path))
        assert "init_index" in await call_error(client, "search_code", project_id="demo", query="x")
        assert "init_index" in await call_error(client, "update_index", project_id="demo")
        assert "list_projects" in await call_error(client, "delete_index", project_id="ghost")

        empty = tmp_path / "empty"
        (empty / "docs").mkdir(parents=True)
        (empty / "docs" / "notes.txt").write_text("nothing to parse")
        failure = await call_error(client, "init_index", project_id="empty", target_path=str(empty),
                                   background=False)
        assert "No supported files found" in failure and "python (.py" in failure and "rust (.rs)" in failure

        started = await call(client, "init_index", project_id="demo", target_path=str(sample_repo))
        await wait_for_job(client, started["job_id"])
        assert "already ended" in await call_error(client, "cancel_job", job_id=started["job_id"])
        for text in ['"unbalanced', "NEAR(a b)", "AND OR NOT", "a:b -c *", "((( config", "parse_config*"]:
            result = await call(client, "search_code", project_id="demo", query=text)
            assert isinstance(result["hits"], list)
        assert "no words" in await call_error(client, "search_code", project_id="demo", query="*** ()")
        # A mistyped project is named as such, not sent to init_index (which would index a second copy).
        for tool, arguments in (("search_code", {"query": "config"}), ("find_symbol", {"name": "load_config"}),
                                ("find_references", {"symbol": "load_config"}), ("read_code", {"path": "app.py"}),
                                ("get_repo_map", {}), ("update_index", {})):
            error = await call_error(client, tool, project_id="Dem0", **arguments)
            assert "Did you mean 'demo'?" in error and "init_index indexes a new one" in error, (tool, error)


@pytest.mark.parametrize("mode", MODES)
async def test_foreground_init_sends_progress_notifications(settings: Settings, tmp_path: Path, mode: str) -> None:
    repo = write_large_tree(tmp_path / "medium", 400)
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with Client(create_server(settings), mode=mode) as client:
        result = await client.call_tool(
            "init_index", {"project_id": "medium", "target_path": str(repo), "background": False},
            progress_callback=on_progress,
        )
    assert not result.is_error, result.content
    final = result.structured_content
    assert final["status"] == "completed"  # how the job ended, not "started"
    assert final["job"]["status"] == "completed" and final["job"]["files_processed"] == 400
    async with Client(create_server(settings), mode=mode) as client:
        (repo / "pkg0" / "mod0.py").write_text("def changed_in_between():\n    return 1\n")
        update = await call(client, "update_index", project_id="medium", background=False)
        assert update["status"] == "completed" and update["job"]["status"] == "completed"
        found = await call(client, "search_code", project_id="medium", query="changed_in_between")
        assert found["hits"][0]["file_path"] == "pkg0/mod0.py"
    assert len(updates) >= 2
    assert updates[-1][0] == updates[-1][1] == 400
    assert [u[0] for u in updates] == sorted(u[0] for u in updates)


@pytest.mark.parametrize("mode", MODES)
async def test_subscribers_follow_a_job_to_the_end(settings: Settings, tmp_path: Path, mode: str) -> None:
    repo = write_large_tree(tmp_path / "medium", 600)
    status_uri = "coderag://projects/medium/status"
    seen: list[dict[str, Any]] = []
    updated = anyio.Event()

    def done(document: dict[str, Any]) -> bool:
        return document["status"] == "ready"

    async with anyio.create_task_group() as tg:
        if mode == "legacy":
            async def on_message(message: Any) -> None:
                if isinstance(message, ResourceUpdatedNotification) and message.params.uri == status_uri:
                    updated.set()

            client = Client(create_server(settings), mode=mode, message_handler=on_message)
            async with client:
                await client.subscribe_resource(status_uri)
                started = await call(client, "init_index", project_id="medium", target_path=str(repo))
                with anyio.fail_after(60):
                    while not seen or not done(seen[-1]):
                        await updated.wait()
                        updated = anyio.Event()
                        seen.append(await read_json(client, status_uri))
        else:
            client = Client(create_server(settings), mode=mode)
            async with client:
                async with client.listen(resource_subscriptions=[status_uri]) as subscription:
                    started = await call(client, "init_index", project_id="medium", target_path=str(repo))
                    with anyio.fail_after(60):
                        async for event in subscription:
                            assert event.uri == status_uri
                            seen.append(await read_json(client, status_uri))
                            if done(seen[-1]):
                                break
        tg.cancel_scope.cancel()
    assert started["job_id"]
    indexing = [doc for doc in seen if doc["status"] == "indexing" and doc["active_job"]]
    assert indexing, "no update arrived while the job ran"
    assert seen[-1]["status"] == "ready" and seen[-1]["file_count"] == 600
    # Progress is throttled: far fewer updates than files.
    assert len(seen) < 100


@pytest.mark.parametrize("mode", MODES)
async def test_cancel_then_finish_then_delete_while_running(settings: Settings, large_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        started = await call(client, "init_index", project_id="big", target_path=str(large_repo))
        with anyio.fail_after(30):
            while (await call(client, "get_job", job_id=started["job_id"]))["files_processed"] == 0:
                await anyio.sleep(0.02)
        cancelled = await call(client, "cancel_job", job_id=started["job_id"])
        assert cancelled["status"] == "cancelled" and 0 < cancelled["files_processed"] < 1500
        status = await call(client, "get_status", project_id="big")
        assert status["status"] == "stale" and status["active_job"] is None
        assert "update_index" in await call_error(client, "init_index", project_id="big",
                                                  target_path=str(large_repo))

        update = await call(client, "update_index", project_id="big")
        with anyio.fail_after(30):
            while (await call(client, "get_job", job_id=update["job_id"]))["files_processed"] == 0:
                await anyio.sleep(0.02)
        deleted = await call(client, "delete_index", project_id="big")
        assert deleted["cancelled_job_id"] == update["job_id"]
        assert deleted["deleted"]["coderag_index_jobs"] == 2
        assert (await call(client, "get_status", project_id="big"))["status"] == "not_initialized"
        assert "No job" in await call_error(client, "get_job", job_id=update["job_id"])


@pytest.mark.parametrize("mode", MODES)
async def test_status_turns_stale_when_files_change(settings: Settings, sample_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        started = await call(client, "init_index", project_id="demo", target_path=str(sample_repo))
        await wait_for_job(client, started["job_id"])
        for _ in range(3):
            assert (await call(client, "get_status", project_id="demo"))["status"] == "ready"
        (sample_repo / "web" / "util.js").unlink()
        with anyio.fail_after(10):
            while (status := await call(client, "get_status", project_id="demo"))["status"] != "stale":
                await anyio.sleep(0.1)
        assert (await read_json(client, "coderag://projects"))["projects"][0]["index_status"] == "stale"
        update = await call(client, "update_index", project_id="demo")
        assert (await wait_for_job(client, update["job_id"]))["status"] == "completed"
        status = await call(client, "get_status", project_id="demo")
        assert status["status"] == "ready" and status["file_count"] == 5


@pytest.mark.parametrize("mode", MODES)
async def test_symbols_references_and_repo_map_through_the_client(settings: Settings, sample_repo: Path,
                                                                  mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        started = await call(client, "init_index", project_id="demo", target_path=str(sample_repo))
        await wait_for_job(client, started["job_id"])
        symbol = await call(client, "find_symbol", project_id="demo", name="ConfigLoader.parse_config")
        top = symbol["definitions"][0]
        assert (top["file_path"], top["line"], top["kind"], top["doc"]) == (
            "app/config.py", 8, "method", "Parse configuration text into a dict.")
        refs = await call(client, "find_references", project_id="demo", symbol="parse_config")
        assert [(r["file_path"], r["line"], r["enclosing"], r["resolution"]) for r in refs["references"]] == [
            ("app/config.py", 16, "load_settings", "MEMBER")]
        repo_map = await call(client, "get_repo_map", project_id="demo", max_tokens=500)
        assert "app/config.py:" in repo_map["map_text"] and repo_map["token_count"] <= 500
        assert "init_index" in await call_error(client, "find_symbol", project_id="nope", name="x")


@pytest.mark.parametrize("mode", MODES)
async def test_answers_read_as_compact_text_and_keep_every_field_structured(settings: Settings, tmp_path: Path,
                                                                           mode: str) -> None:
    repo = write_large_tree(tmp_path / "medium", 40)
    async with Client(create_server(settings), mode=mode) as client:
        started = await client.call_tool("init_index", {"project_id": "m", "target_path": str(repo),
                                                        "background": False})
        # What happened and the job in a line, not the job's JSON (about 1 KB, its id and URI twice).
        answer = started.structured_content
        job, created = answer["job"], answer["job"]["created_at"][:19].replace("T", " ")  # type: ignore[index]
        assert started.content[0].text.splitlines() == [  # type: ignore[union-attr]
            answer["message"], f"{job['job_id']} m completed 100%, 40/40 files, {job['chunks_created']} chunks, "  # type: ignore[index]
                                f"{job['duration_seconds']:.1f}s, created {created}Z"]
        result = await client.call_tool("search_code", {"project_id": "m", "query": "compute widget render",
                                                        "limit": 10})
        text = result.content[0].text  # type: ignore[union-attr]
        hits = result.structured_content["hits"]  # type: ignore[index]
        assert len(hits) == 10 and all(hit["snippet"] and hit["matched"] for hit in hits)
        # One line per hit: number, file:lines, kind, qualified name, the score that ranked it.
        first = hits[0]
        assert (f"1. {first['file_path']}:{first['start_line']}-{first['end_line']} {first['kind']} "
                f"{first['qualified_name']} [{first['score']:.2f}]") in text.splitlines()
        assert not text.lstrip().startswith("{") and len(text) <= 4000
        assert len(text) * 2 < len(json.dumps(result.structured_content, indent=2))
        jobs = await client.call_tool("list_jobs", {})
        assert jobs.structured_content["jobs"][0]["project_id"] == "m"  # type: ignore[index]
        assert " m completed 100%" in jobs.content[0].text  # type: ignore[union-attr]
        refs = await client.call_tool("find_references", {"project_id": "m", "symbol": "compute_3_0"})
        text = refs.content[0].text  # type: ignore[union-attr]
        found = refs.structured_content["references"]  # type: ignore[index]
        assert len(found) == 1 and text.startswith("1 reference to 'compute_3_0', all CALLS (1 definition) in m\n")
        # Grouped by file (each path once), then the lines of the uses in each enclosing definition.
        assert all(sum(line.split(" ")[0] == path + ":" for line in text.splitlines()) == 1
                   for path in {ref["file_path"] for ref in found})
        use = next(ref for ref in found if ref["enclosing"] == "Widget3.render")
        assert f"  {use['line']} in Widget3.render" in uses_by_file(text)["pkg3/mod3.py"]
        status = await client.call_tool("get_status", {"project_id": "m"})
        assert status.structured_content["status"] == "ready"  # type: ignore[index]
        assert status.content[0].text.startswith("m: ready, ")  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", ["auto"])
async def test_fifty_references_read_in_under_four_thousand_characters(settings: Settings, tmp_path: Path,
                                                                       mode: str) -> None:
    files = {"lib/helpers.py": "def normalise_record(record):\n    return dict(record)\n"}
    for number in range(10):
        files[f"services/records/handler_{number}.py"] = "from lib.helpers import normalise_record\n\n" + "".join(
            f"def handle_record_kind_{number}_{index}(record):\n    cleaned = normalise_record(record)\n"
            f"    return normalise_record(cleaned)\n\n" for index in range(3))
    repo = write_tree(tmp_path / "refs", files)
    async with Client(create_server(settings), mode=mode) as client:
        await call(client, "init_index", project_id="r", target_path=str(repo), background=False)
        result = await client.call_tool("find_references", {"project_id": "r", "symbol": "normalise_record",
                                                            "limit": 50})
    text = result.content[0].text  # type: ignore[union-attr]
    found = result.structured_content["references"]  # type: ignore[index]
    assert len(found) == 50 and all(ref["target"] and ref["enclosing"] for ref in found)
    assert len(text) <= 4000, len(text)
    blocks = uses_by_file(text)
    assert set(blocks) == {ref["file_path"] for ref in found}  # each path once, then its uses
    for ref in found:  # every use's line, with the definition it is in and how sure the link is
        where = f"in {ref['enclosing']}" if ref["enclosing_kind"] == "function" else "at module level"
        assert any(str(ref["line"]) in line.split(" ")[0:-1] and ref["kind"] in line and where in line
                   and ref["resolution"] in line + blocks_tag(text, ref["file_path"]) for line in blocks[ref["file_path"]])
    assert f"target: {found[0]['target']}" in text.splitlines()


def uses_by_file(text: str) -> dict[str, list[str]]:
    """The compact references text as {file: its use lines}."""
    blocks: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines()[1:]:
        if line.startswith("  "):
            blocks[current].append(line.replace(",", ""))
        elif not line.startswith(("target: ", "targets: ", "note: ")):
            current = line.split(": ")[0].rstrip(":")
            blocks[current] = []
    return blocks


def blocks_tag(text: str, file_path: str) -> str:
    """The tag said once on a file's line (how sure, which target), if its uses share one."""
    return next((line for line in text.splitlines() if line.startswith(file_path + ": ")), "")


@pytest.mark.parametrize("mode", MODES)
async def test_init_index_uses_the_clients_one_root_and_refuses_relative_paths(
        settings: Settings, sample_repo: Path, tmp_path: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode, list_roots_callback=roots_callback(sample_repo)) as client:
        started = await call(client, "init_index", project_id="demo", background=False)
        assert started["status"] == "completed" and started["job"]["target_path"] == str(sample_repo.resolve())
        assert (await call(client, "get_status", project_id="demo"))["file_count"] == 6
        relative = await call_error(client, "init_index", project_id="other", target_path="sample")
        assert "'sample' is relative" in relative and "absolute path" in relative
    other = write_tree(tmp_path / "other", {"a.py": "def a():\n    return 1\n"})
    async with Client(create_server(settings), mode=mode,
                      list_roots_callback=roots_callback(sample_repo, other)) as client:
        several = await call_error(client, "init_index", project_id="other")
        assert "shares 2 folders" in several and str(other.resolve()) in several and "target_path" in several
        chosen = await call(client, "init_index", project_id="other", target_path=str(other), background=False)
        assert chosen["status"] == "completed"
    async with Client(create_server(settings), mode=mode) as client:  # a client without roots
        missing = await call_error(client, "init_index", project_id="third")
        assert "target_path is missing" in missing and "absolute path" in missing


@pytest.mark.parametrize("mode", MODES)
async def test_prompts_are_listed_and_follow_the_index(settings: Settings, sample_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        listed = {prompt.name: prompt for prompt in (await client.list_prompts()).prompts}
        assert set(listed) == {"onboard_repository", "find_implementation"}
        assert {arg.name: arg.required for arg in listed["find_implementation"].arguments or []} == {
            "project_id": True, "what": True}
        assert {arg.name for arg in listed["onboard_repository"].arguments or []} == {"path", "project_id"}

        fresh = await client.get_prompt("onboard_repository", {"path": str(sample_repo)})
        text = fresh.messages[0].content.text  # type: ignore[union-attr]
        assert fresh.messages[0].role == "user"
        assert f'init_index(project_id="sample", target_path="{sample_repo}")' in text
        assert text.index("init_index") < text.index("get_job") < text.index("get_repo_map") < text.index(
            "read_code")

        await call(client, "init_index", project_id="sample", target_path=str(sample_repo), background=False)
        again = (await client.get_prompt("onboard_repository", {"path": str(sample_repo)})).messages[0]
        assert 'update_index(project_id="sample")' in again.content.text  # type: ignore[union-attr]
        assert "ready, 6 files indexed" in again.content.text  # type: ignore[union-attr]

        find = (await client.get_prompt("find_implementation", {"project_id": "sample",
                                                                "what": "evicting cache entries"})).messages[0]
        steps = find.content.text  # type: ignore[union-attr]
        assert "evicting cache entries" in steps
        assert (steps.index("search_code") < steps.index("find_symbol") < steps.index("find_references")
                < steps.index("read_code"))
        missing = (await client.get_prompt("find_implementation", {"project_id": "ghost", "what": "x"})).messages[0]
        assert "has no index yet" in missing.content.text  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", ["auto"])
async def test_every_line_of_many_uses_in_one_definition_is_shown(settings: Settings, tmp_path: Path, mode: str) -> None:
    # hono's trie-router test called `node.insert(...)` 116 times in one function: the text's line of that function
    # was cut at 400 characters with "…", though the answer said every use was returned.
    body = "".join(f"    insert_row({index})\n" for index in range(150))
    repo = write_tree(tmp_path / "many", {"rows.py": f"def insert_row(row):\n    return row\n\n\ndef fill():\n{body}"})
    async with Client(create_server(settings), mode=mode) as client:
        await call(client, "init_index", project_id="many", target_path=str(repo), background=False)
        result = await client.call_tool("find_references", {"project_id": "many", "symbol": "insert_row",
                                                            "limit": 500})
    text = result.content[0].text  # type: ignore[union-attr]
    assert len(result.structured_content["references"]) == 150  # type: ignore[index]
    assert "…" not in text and "  150 lines, in fill:" in text.splitlines()
    shown = {int(number) for line in text.splitlines() if line.startswith("    ") for number in re.findall(r"\d+", line)}
    assert shown == set(range(6, 156))
    assert max(len(line) for line in text.splitlines()) <= 130
