"""The client set-ups the README shows start a working server: each JSON block, run as its client would."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from .conftest import subprocess_env

pytestmark = pytest.mark.anyio

README = Path(__file__).resolve().parent.parent / "README.md"
PLACEHOLDER = "/abs/path/to/.venv/bin/coderag-mcp"


def client_configs() -> list[tuple[str, dict[str, Any]]]:
    """(client, server entry) for every JSON block of the README's client section."""
    text = README.read_text()
    section = text[text.index("## Use it from an MCP client"):text.index("### Tools")]
    configs = []
    for client, part in re.findall(r"\*\*([^*]+)\*\*(.*?)(?=\*\*|\Z)", section, re.S):
        block = re.search(r"```json\n(.*?)```", part, re.S)
        if block is None:
            continue  # Claude Code: a command, tried with the claude CLI (see the README)
        document = json.loads(block.group(1))
        servers = document.get("mcpServers") or document["servers"]  # VS Code calls them servers
        configs.append((client, servers["coderag"]))
    example = json.loads((README.parent / "claude_desktop_config.example.json").read_text())
    configs.append(("claude_desktop_config.example.json", example["mcpServers"]["coderag"]))
    return configs


def test_the_readme_shows_every_client() -> None:
    assert [client for client, _ in client_configs()] == ["Claude Desktop", "Cursor", "VS Code",
                                                          "claude_desktop_config.example.json"]


@pytest.mark.parametrize(("client", "entry"), client_configs(), ids=[client for client, _ in client_configs()])
async def test_each_client_entry_starts_a_working_server(client: str, entry: dict[str, Any], tmp_path: Path) -> None:
    assert entry["command"] == PLACEHOLDER and entry.get("type", "stdio") == "stdio"
    installed = shutil.which("coderag-mcp", path=str(Path(sys.executable).parent))
    assert installed, "coderag-mcp is not installed next to this interpreter"
    env = {**subprocess_env(), **entry.get("env", {}), "CODERAG_DB": str(tmp_path / "vault.db")}
    params = StdioServerParameters(command=installed, args=entry.get("args", []), env=env)
    async with Client(params) as session:
        tools = {tool.name for tool in (await session.list_tools()).tools}
        prompts = {prompt.name for prompt in (await session.list_prompts()).prompts}
    assert {"init_index", "search_code", "read_code"} <= tools
    assert prompts == {"onboard_repository", "find_implementation"}
