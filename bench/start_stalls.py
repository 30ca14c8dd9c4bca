"""What a call waits for while a server starts: `serve` on a vault over stdio (the SDK's client), a cheap
call (list_projects) made again and again from the first moment for --seconds, while the server's first
status check and its watcher's setup and first look at the tree run. Prints the calls' round trips
(median, p95, worst) and the worst ones with when they started: a call that waits long waited behind
work on the server's event loop.

    .venv/bin/python bench/start_stalls.py /tmp/linux.db --seconds 10
    .venv/bin/python bench/start_stalls.py /tmp/linux.db --code /tmp/old-worktree   # another checkout's code
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters


async def measure(db: Path, seconds: float, code: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "coderag_mcp", "--db", str(db), "serve"],
                                   env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}, cwd=str(code))
    async with Client(params) as client:
        started = time.perf_counter()
        calls: list[tuple[float, float]] = []  # (when it started, from the first call; how long it took)
        while (now := time.perf_counter()) - started < seconds:
            await client.call_tool("list_projects", {})
            calls.append((now - started, time.perf_counter() - now))
            await anyio.sleep(0.01)
    took = sorted(seconds_taken for _at, seconds_taken in calls)
    print(f"{len(calls)} calls in {seconds:.0f} s: median {statistics.median(took) * 1000:.1f} ms, "
          f"p95 {took[int(len(took) * 0.95)] * 1000:.1f} ms, worst {took[-1] * 1000:.1f} ms")
    worst = sorted(calls, key=lambda call: -call[1])[:5]
    print("worst:", ", ".join(f"{taken * 1000:.0f} ms at {at:.2f} s" for at, taken in sorted(worst)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose coderag_mcp runs (default: this one)")
    args = parser.parse_args()
    anyio.run(measure, args.db, args.seconds, args.code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
