"""How the server answers while it builds a full index: latency of get_status, get_job and search_code.

    .venv/bin/python bench/while_indexing.py bench/corpora/sympy-1.13.3 [--interval 0.05]

The server runs as a subprocess over stdio (`coderag-mcp serve`), driven by the SDK's client, as an
agent drives it. `init_index` starts a full index of the tree into a fresh vault.db; until the job
ends, the client asks get_status, get_job and search_code (an identifier from the tree) in turn,
one call every --interval seconds, and times each round trip. It prints p50 / p95 / max per tool,
how many answers came while the job ran, the job's own time, and the peak memory (RSS) of the
server, of the processes it started (the indexing process and its parser workers), and of all of them
at the same moment, sampled from /proc every 100 ms. CODERAG_JOB_PROCESS=0 in the environment runs
the index in the server's own process, to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client, StdioServerParameters


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    children: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        return []
    found = list(children)
    for child in children:
        found.extend(descendants(child))
    return found


def server_pid() -> int | None:
    """The `coderag_mcp serve` process this client started (a child of this process)."""
    for child in descendants(os.getpid()):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as handle:
                if b"coderag_mcp" in handle.read():
                    return child
        except OSError:
            continue
    return None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


async def run(root: Path, interval: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="while-indexing-") as scratch:
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "coderag_mcp", "--db", str(Path(scratch) / "vault.db"), "serve"],
                                       env={**os.environ, "CODERAG_WATCH": "0"})
        latencies: dict[str, list[float]] = {"get_status": [], "get_job": [], "search_code": []}
        peak = {"server": 0, "workers": 0, "together": 0}
        async with Client(params) as client:
            pid = server_pid()
            done = anyio.Event()

            async def sample_memory() -> None:
                while not done.is_set() and pid is not None:
                    server, others = rss_bytes(pid), sum(rss_bytes(child) for child in descendants(pid))
                    peak["server"] = max(peak["server"], server)
                    peak["workers"] = max(peak["workers"], others)
                    peak["together"] = max(peak["together"], server + others)
                    await anyio.sleep(0.1)

            async with anyio.create_task_group() as group:
                group.start_soon(sample_memory)
                started = time.perf_counter()
                job = (await client.call_tool("init_index", {"project_id": "bench", "target_path": str(root)}))
                job_id = job.structured_content["job_id"]  # type: ignore[index]
                calls = [("get_status", {"project_id": "bench"}), ("get_job", {"job_id": job_id}),
                         ("search_code", {"project_id": "bench", "query": "parse expression", "limit": 10})]
                turn = 0
                status = "running"
                while status in ("pending", "running"):
                    name, arguments = calls[turn % len(calls)]
                    turn += 1
                    began = time.perf_counter()
                    result = await client.call_tool(name, arguments)
                    elapsed = (time.perf_counter() - began) * 1000
                    if name == "get_job":
                        status = result.structured_content["status"]  # type: ignore[index]
                    if status in ("pending", "running"):
                        latencies[name].append(elapsed)
                    await anyio.sleep(interval)
                total = time.perf_counter() - started
                done.set()
        return {"latencies": latencies, "job_seconds": total, "status": status, "peak": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between calls (default 0.05)")
    args = parser.parse_args()
    figures = anyio.run(run, args.tree.resolve(), args.interval)
    print(f"{args.tree.name}: full index {figures['job_seconds']:.1f} s through MCP, job {figures['status']}")
    for name, values in figures["latencies"].items():
        print(f"  {name:<12} while indexing: {len(values):>4} calls, p50 {statistics.median(values) if values else 0:.1f} ms, "
              f"p95 {percentile(values, 0.95):.1f} ms, max {max(values, default=0):.1f} ms")
    peak = figures["peak"]
    print(f"  peak RSS: server {peak['server'] / 2**20:.0f} MB, its indexing process and parser workers together "
          f"{peak['workers'] / 2**20:.0f} MB; all at once {peak['together'] / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
