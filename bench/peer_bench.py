"""One run, three figures on the same tree: the parse limit, our full index, and a PyPI peer's deep index.

    .venv/bin/python bench/peer_bench.py bench/corpora/sympy-1.13.3 [--queries 60] [--peer-venv /tmp/peer-venv]

- parse limit: reading and tree-sitter-parsing every file the indexer would take, on all cores, and
  nothing else (bench/index_bench.py's `raw_limit`);
- coderag-mcp: `init_index` (background=false) into a fresh vault.db, through MCP over stdio, then
  search_code latency;
- the peer: code-index-mcp 2.17.1 from PyPI (installed into --peer-venv on first use, from the package
  registry), `set_project_path` then `build_deep_index` through MCP over stdio, then
  search_code_advanced latency.

Both servers are driven by the same SDK client with the same queries: identifiers drawn from the tree
(names after `def`/`class`, seeded) and natural-language phrases made of two of those names' words.
Ratios are to the parse limit of the same run, so a busy or slow machine moves all three alike.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_bench import percentile, raw_limit  # noqa: E402

PEER = "code-index-mcp==2.17.1"
_DEFINITION = re.compile(rb"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]{3,})", re.M)


def draw_queries(root: Path, count: int, seed: int) -> tuple[list[str], list[str]]:
    names: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        try:
            names.update(match.decode() for match in _DEFINITION.findall(path.read_bytes()))
        except OSError:
            continue
    chooser = random.Random(seed)
    identifiers = chooser.sample(sorted(names), min(count, len(names)))
    words = sorted({word.lower() for name in names for word in re.findall(r"[A-Z]?[a-z]{4,}", name)})
    natural = [f"{chooser.choice(words)} {chooser.choice(words)}" for _ in range(count)]
    return identifiers, natural


def peer_command(venv: Path) -> str:
    command = venv / "bin" / "code-index-mcp"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", PEER], check=True)
    return str(command)


async def timed_calls(client: Client, tool: str, queries: list[str], arguments: dict[str, Any],
                      key: str) -> list[float]:
    latencies = []
    for query in queries:
        began = time.perf_counter()
        await client.call_tool(tool, {**arguments, key: query})
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies


async def ours(root: Path, identifiers: list[str], natural: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="peer-bench-") as scratch:
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "coderag_mcp", "--db", str(Path(scratch) / "vault.db"), "serve",
                                             "--no-watch"], env=dict(os.environ))
        async with Client(params) as client:
            began = time.perf_counter()
            result = await client.call_tool("init_index", {"project_id": "bench", "target_path": str(root),
                                                           "background": False})
            seconds = time.perf_counter() - began
            assert not result.is_error, result.content
            search = {"project_id": "bench", "limit": 10}
            identifier = await timed_calls(client, "search_code", identifiers, search, "query")
            phrases = await timed_calls(client, "search_code", natural, search, "query")
        size = sum(path.stat().st_size for path in Path(scratch).glob("vault.db*"))
    return {"seconds": seconds, "identifier": identifier, "natural": phrases, "db_bytes": size}


async def peer(root: Path, venv: Path, identifiers: list[str], natural: list[str]) -> dict[str, Any]:
    params = StdioServerParameters(command=peer_command(venv), args=[], env=dict(os.environ))
    async with Client(params) as client:
        began = time.perf_counter()
        await client.call_tool("set_project_path", {"path": str(root)})
        result = await client.call_tool("build_deep_index", {})
        seconds = time.perf_counter() - began
        assert not result.is_error, result.content
        identifier = await timed_calls(client, "search_code_advanced", identifiers, {}, "pattern")
        phrases = await timed_calls(client, "search_code_advanced", natural, {}, "pattern")
    return {"seconds": seconds, "identifier": identifier, "natural": phrases}


def line(label: str, figures: dict[str, Any], limit: float) -> str:
    ident, nat = figures["identifier"], figures["natural"]
    return (f"{label:<22} {figures['seconds']:7.1f} s  {figures['seconds'] / limit:5.1f}x   "
            f"search p50/p95 identifier {statistics.median(ident):6.1f} / {percentile(ident, 0.95):6.1f} ms, "
            f"natural {statistics.median(nat):6.1f} / {percentile(nat, 0.95):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--peer-venv", type=Path, default=Path(tempfile.gettempdir()) / "coderag-peer-venv")
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    root = args.tree.resolve()
    identifiers, natural = draw_queries(root, args.queries, args.seed)
    limit, files = raw_limit(str(root))
    print(f"{root.name}: {files} files; parse limit (read + tree-sitter parse, {os.cpu_count()} cores) {limit:.2f} s")
    mine = anyio.run(ours, root, identifiers, natural)
    print(line("coderag-mcp", mine, limit) + f"  vault.db {mine['db_bytes'] / 2**20:.0f} MB")
    if not args.skip_peer:
        theirs = anyio.run(peer, root, args.peer_venv, identifiers, natural)
        print(line(PEER, theirs, limit))
        print(f"full index: coderag-mcp is {theirs['seconds'] / mine['seconds']:.2f}x the peer's speed "
              "(the peer's deep index has no call graph)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
