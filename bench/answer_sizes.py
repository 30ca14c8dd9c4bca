"""How many characters an agent reads: each tool's text answer, and tools/list, over the real mcp client.

    .venv/bin/python bench/answer_sizes.py /work/corpora/flask-3.0.3 --vault /tmp/sizes/vault.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from mcp import Client

from coderag_mcp.config import Settings
from coderag_mcp.server import create_server


def _text(result: Any) -> str:
    return "".join(getattr(part, "text", "") for part in result.content)


async def measure(corpus: Path, vault: Path, symbol: str, query: str) -> None:
    vault.parent.mkdir(parents=True, exist_ok=True)
    async with Client(create_server(Settings(db_path=vault))) as client:
        tools = await client.list_tools()
        listing = json.dumps([tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools.tools],
                             separators=(",", ":"))
        descriptions = sum(len(tool.description or "") for tool in tools.tools)
        print(f"tools/list: {len(listing)} chars as JSON ({len(tools.tools)} tools, descriptions {descriptions} chars)")
        indexed = await client.call_tool("init_index", {"project_id": "p", "target_path": str(corpus), "background": False})
        if indexed.is_error:  # every figure below would be an error's text
            raise SystemExit(f"init_index failed: {_text(indexed)}")
        calls = [("search_code", {"project_id": "p", "query": query, "limit": 10}),
                 ("find_symbol", {"project_id": "p", "name": symbol}),
                 ("find_references", {"project_id": "p", "symbol": symbol, "limit": 50}),
                 ("get_repo_map", {"project_id": "p"}),
                 ("list_jobs", {}),
                 ("get_status", {"project_id": "p"}),
                 ("list_projects", {})]
        for name, arguments in calls:
            result = await client.call_tool(name, arguments)
            structured = json.dumps(result.structured_content, indent=2) if result.structured_content else ""
            count = ""
            if result.structured_content:
                for key in ("hits", "definitions", "references", "jobs"):
                    if isinstance(result.structured_content.get(key), list):
                        count = f"{len(result.structured_content[key])} {key}, "
            print(f"{name}: {count}text {len(_text(result))} chars (structured as indented JSON {len(structured)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--vault", type=Path, default=Path("/tmp/answer-sizes/vault.db"))
    parser.add_argument("--symbol", default="get")
    parser.add_argument("--query", default="register a blueprint error handler")
    arguments = parser.parse_args()
    asyncio.run(measure(arguments.corpus.resolve(), arguments.vault, arguments.symbol, arguments.query))


if __name__ == "__main__":
    main()
