"""How the server answers while it builds a full index: latency of get_status, get_job and search_code.

    .venv/bin/python bench/while_indexing.py bench/corpora/sympy-1.13.3 [--interval 0.05]

The server runs as a subprocess over stdio (`coderag-mcp serve`), driven by the SDK's client, as an
agent drives it. `init_index` starts a full index of the tree into a fresh vault.db; until the job
ends, the client asks get_status, get_job and search_code ("parse expression", limit 10) in turn,
one call every --interval seconds, and times each round trip. It prints p50 / p95 / max per tool,
how many answers came while the job ran, the job's own time, and the peak memory (RSS) of the
server, of the processes it started (the indexing process and its parser workers), and of all of them
at the same moment, sampled from /proc every 100 ms. CODERAG_JOB_PROCESS=0 in the environment runs
the index in the server's own process, to compare.

With --raw the client is a few lines of JSON-RPC over the pipes instead of the SDK's: a round trip is
then the server's answer and the pipe, without the SDK client's own work on each answer (its models,
and its check of the structured result against the tool's output schema: 2 to 7 ms of a search's
round trip on sympy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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


def record_peak(pid: int, peak: dict[str, int]) -> None:
    """Raise the peaks of the server, of the processes it started, and of all of them at this moment."""
    server, others = rss_bytes(pid), sum(rss_bytes(child) for child in descendants(pid))
    peak["server"] = max(peak["server"], server)
    peak["workers"] = max(peak["workers"], others)
    peak["together"] = max(peak["together"], server + others)


def calls_in_turn(job_id: str) -> list[tuple[str, dict[str, Any]]]:
    return [("get_status", {"project_id": "bench"}), ("get_job", {"job_id": job_id}),
            ("search_code", {"project_id": "bench", "query": "parse expression", "limit": 10})]


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
                    record_peak(pid, peak)
                    await anyio.sleep(0.1)

            async with anyio.create_task_group() as group:
                group.start_soon(sample_memory)
                started = time.perf_counter()
                job = (await client.call_tool("init_index", {"project_id": "bench", "target_path": str(root)}))
                job_id = job.structured_content["job_id"]  # type: ignore[index]
                calls = calls_in_turn(job_id)
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


class RawClient:
    """JSON-RPC over the server's stdin and stdout, one request at a time (notifications are skipped)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env={**os.environ, "CODERAG_WATCH": "0"})
        self.next_id = 0
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                    "clientInfo": {"name": "while_indexing", "version": "0"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        assert self.process.stdout is not None
        while True:
            message = json.loads(self.process.stdout.readline())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message["result"]

    def call_tool(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result = self.request("tools/call", {"name": name, "arguments": arguments})
        if result.get("isError"):
            raise RuntimeError(result["content"][0]["text"])
        return result["structuredContent"]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def run_raw(root: Path, interval: float) -> dict[str, Any]:
    """`run` with the RawClient: the same calls, in the same turn, timed the same way."""
    with tempfile.TemporaryDirectory(prefix="while-indexing-") as scratch:
        client = RawClient([sys.executable, "-m", "coderag_mcp", "--db", str(Path(scratch) / "vault.db"), "serve"])
        latencies: dict[str, list[float]] = {"get_status": [], "get_job": [], "search_code": []}
        peak = {"server": 0, "workers": 0, "together": 0}
        done = threading.Event()

        def sample_memory() -> None:
            while not done.wait(0.1):
                record_peak(client.process.pid, peak)

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        started = time.perf_counter()
        job_id = client.call_tool("init_index", {"project_id": "bench", "target_path": str(root)})["job_id"]
        calls = calls_in_turn(job_id)
        turn, status = 0, "running"
        while status in ("pending", "running"):
            name, arguments = calls[turn % len(calls)]
            turn += 1
            began = time.perf_counter()
            result = client.call_tool(name, arguments)
            elapsed = (time.perf_counter() - began) * 1000
            if name == "get_job":
                status = result["status"]
            if status in ("pending", "running"):
                latencies[name].append(elapsed)
            time.sleep(interval)
        total = time.perf_counter() - started
        done.set()
        sampler.join()
        client.close()
        return {"latencies": latencies, "job_seconds": total, "status": status, "peak": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between calls (default 0.05)")
    parser.add_argument("--raw", action="store_true",
                        help="a bare JSON-RPC client instead of the SDK's (the server's answer without the client's work)")
    args = parser.parse_args()
    figures = run_raw(args.tree.resolve(), args.interval) if args.raw else anyio.run(run, args.tree.resolve(), args.interval)
    client = "a bare JSON-RPC client" if args.raw else "the SDK's client"
    print(f"{args.tree.name}: full index {figures['job_seconds']:.1f} s through MCP ({client}), job {figures['status']}")
    for name, values in figures["latencies"].items():
        print(f"  {name:<12} while indexing: {len(values):>4} calls, p50 {statistics.median(values) if values else 0:.1f} ms, "
              f"p95 {percentile(values, 0.95):.1f} ms, max {max(values, default=0):.1f} ms")
    peak = figures["peak"]
    print(f"  peak RSS: server {peak['server'] / 2**20:.0f} MB, its indexing process and parser workers together "
          f"{peak['workers'] / 2**20:.0f} MB; all at once {peak['together'] / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
