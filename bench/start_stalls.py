"""What a call waits for while a server starts: the server of `serve` (its settings from the environment,
a first index in a child process), in process so that its event loop can be watched from the first
moment, with the SDK's client connected to it. For --seconds, while the server's first status check and
its watcher's setup and first look at the tree run, a ticker on the server's event loop notes every
stall of it over 20 ms, and a cheap call (list_projects) is made again and again. Prints the longest
stalls with when they began, and the calls' round trips (median, p95, worst).

With --build-outputs N (and --tree, the indexed folder), an object file is written beside each of the
first N C files of the tree (`x.c` -> `x.o`, which a C project's .gitignore leaves out) from the 3rd
second on, as a build in a watched tree writes them, and removed at the end: the watcher sees every
one and must tell that none matters.

    .venv/bin/python bench/start_stalls.py /tmp/linux.db --seconds 10
    .venv/bin/python bench/start_stalls.py /tmp/linux.db --seconds 15 --tree linux-6.1.4 --build-outputs 20000
    PYTHONPATH=/tmp/old-worktree .venv/bin/python bench/start_stalls.py /tmp/linux.db   # another checkout's code
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

import anyio
from mcp import Client

import coderag_mcp
from coderag_mcp.config import Settings
from coderag_mcp.server import create_server
from coderag_mcp.serving import SERVER_SWITCH_INTERVAL_S

TICK = 0.002
STALL = 0.020


def build_outputs_of(tree: Path, count: int) -> list[Path]:
    outputs = []
    for folder, _folders, files in os.walk(tree):
        outputs.extend(Path(folder, name).with_suffix(".o") for name in sorted(files) if name.endswith(".c"))
        if len(outputs) >= count:
            return outputs[:count]
    return outputs


def write_build_outputs(outputs: list[Path]) -> None:
    for output in outputs:
        output.write_bytes(b"\0")


async def measure(db: Path, seconds: float, tree: Path | None, build_outputs: int) -> None:
    print(f"code: {Path(coderag_mcp.__file__).parent}")
    sys.setswitchinterval(SERVER_SWITCH_INTERVAL_S)  # as `serve` sets it
    settings = dataclasses.replace(Settings.from_env(db), job_process=True)
    stalls: list[tuple[float, float]] = []  # (when it began, from the start; how long the loop was held)
    calls: list[float] = []
    outputs = build_outputs_of(tree, build_outputs) if tree is not None and build_outputs else []
    started = time.perf_counter()

    async def tick() -> None:
        last = time.perf_counter()
        while True:
            await anyio.sleep(TICK)
            now = time.perf_counter()
            if now - last - TICK > STALL:
                stalls.append((last - started, now - last - TICK))
            last = now

    async with anyio.create_task_group() as tg:
        tg.start_soon(tick)
        async with Client(create_server(settings)) as client:
            print(f"connected after {time.perf_counter() - started:.2f} s")
            if outputs:
                async def build() -> None:
                    await anyio.sleep(3 - (time.perf_counter() - started))
                    await anyio.to_thread.run_sync(write_build_outputs, outputs)
                    print(f"{len(outputs)} build outputs written by {time.perf_counter() - started:.2f} s")
                tg.start_soon(build)
            while time.perf_counter() - started < seconds:
                before = time.perf_counter()
                await client.call_tool("list_projects", {})
                calls.append(time.perf_counter() - before)
                await anyio.sleep(0.01)
        tg.cancel_scope.cancel()
    for output in outputs:
        output.unlink(missing_ok=True)
    worst = sorted(stalls, key=lambda stall: -stall[1])[:6]
    print(f"event loop held over {STALL * 1000:.0f} ms: {len(stalls)} times, {sum(s for _at, s in stalls):.2f} s in all;"
          f" longest: " + ", ".join(f"{held * 1000:.0f} ms at {at:.2f} s" for at, held in sorted(worst)))
    took = sorted(calls)
    print(f"{len(calls)} list_projects calls: median {statistics.median(took) * 1000:.1f} ms, "
          f"p95 {took[int(len(took) * 0.95)] * 1000:.1f} ms, worst {took[-1] * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--tree", type=Path, help="the indexed folder, for --build-outputs")
    parser.add_argument("--build-outputs", type=int, default=0)
    args = parser.parse_args()
    if args.build_outputs and args.tree is None:
        parser.error("--build-outputs needs --tree")
    anyio.run(measure, args.db, args.seconds, args.tree, args.build_outputs)


if __name__ == "__main__":
    main()
