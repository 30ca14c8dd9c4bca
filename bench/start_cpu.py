"""The CPU a server start costs: `serve` on a vault over stdio (the SDK's client), get_status called at once
and every second for --seconds, as an agent polls it; /usr/bin/time then prints the CPU of the server
and of every process it waited for (its walk and parser workers), its wall time and its peak RSS.

    .venv/bin/python bench/start_cpu.py /tmp/linux.db scale --seconds 20
    .venv/bin/python bench/start_cpu.py /tmp/linux.db scale --code /tmp/old-worktree   # another checkout's code
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters


async def measure(db: Path, project: str, seconds: float, code: Path) -> None:
    params = StdioServerParameters(
        command="/usr/bin/time",
        args=["-f", "server and its workers: CPU user %U s, system %S s; wall %e s; peak RSS %M KB",
              sys.executable, "-m", "coderag_mcp", "--db", str(db), "serve"],
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}, cwd=str(code))
    async with Client(params) as client:
        end = time.perf_counter() + seconds
        statuses = []
        while time.perf_counter() < end:
            result = await client.call_tool("get_status", {"project_id": project})
            assert result.structured_content is not None, result.content
            statuses.append(result.structured_content["status"])
            await anyio.sleep(1)
    print("get_status answers:", " ".join(statuses))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose coderag_mcp runs (default: this one)")
    args = parser.parse_args()
    anyio.run(measure, args.db, args.project, args.seconds, args.code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
