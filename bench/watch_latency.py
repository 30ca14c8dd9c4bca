"""How long until an edit is searchable, with no update call: the watcher, end to end over stdio.

    python bench/watch_latency.py /path/to/a/copy/of/a/repo [--edits 10]

Starts `coderag-mcp serve` as a subprocess (a fresh vault.db in a temporary folder), indexes the
folder through the SDK's client, then edits files of the folder one at a time (a new function
with a unique name appended to an indexed file) and times how long until `search_code` returns
the new function. Each edit is taken back at the end. Use a copy: the files are written to.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters


async def main(folder: Path, edits: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "coderag_mcp", "--db", f"{tmp}/vault.db", "serve"])
        async with Client(params) as client:
            started = time.perf_counter()
            result = await client.call_tool("init_index", {"project_id": "bench", "target_path": str(folder),
                                                           "background": False})
            job = result.structured_content["job"]  # type: ignore[index]
            print(f"indexed {job['files_total']} files in {time.perf_counter() - started:.1f} s")
            files = sorted(folder.rglob("*.py"), key=lambda p: (-p.stat().st_size, str(p)))[:edits]
            originals = {path: path.read_bytes() for path in files}
            latencies = []
            try:
                for number, path in enumerate(files):
                    name = f"watch_bench_function_{number}"
                    with path.open("a") as handle:
                        handle.write(f"\n\ndef {name}():\n    return {number}\n")
                    edited = time.perf_counter()
                    with anyio.fail_after(30):
                        while True:
                            found = await client.call_tool("search_code", {"project_id": "bench", "query": name})
                            hits = found.structured_content["hits"]  # type: ignore[index]
                            if hits and hits[0]["symbol"] == name:
                                break
                            await anyio.sleep(0.05)
                    latencies.append(time.perf_counter() - edited)
                    print(f"{path.relative_to(folder)}: searchable after {latencies[-1]:.2f} s")
                    await anyio.sleep(1.0)  # let the update finish before the next edit
            finally:
                for path, content in originals.items():
                    path.write_bytes(content)
    print(f"edit -> searchable: median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
          f"over {len(latencies)} edits")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--edits", type=int, default=10)
    arguments = parser.parse_args()
    anyio.run(main, arguments.folder.resolve(), arguments.edits)
