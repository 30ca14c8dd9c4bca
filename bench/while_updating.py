"""How searches fare while an update runs: in the server's process, or in a child process.

    .venv/bin/python -m coderag_mcp --db /tmp/dj/vault.db index /tmp/dj/tree --project dj
    .venv/bin/python bench/while_updating.py /tmp/dj/vault.db dj --files 2 --runs 2

Each run edits --files source files of the indexed tree (a function appended, or taken away again: the
file is written anew, so a tree of hard links to a corpus leaves the corpus as it was), then starts
`update_index` and, until it ends, times search_code (one query, every 20 ms) in the same process, as
a server answers an agent during a watcher's update. It does so with the update in this process
(Settings.job_process off) and in a child process (job_process on, update_process_min_files=1),
in turn. Prints per mode the update's seconds and the search latency p50 / p95 / max during it,
against the same search at rest.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService

MARK = "\n\ndef added_by_while_updating():\n    return 1\n"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def pick_files(db: Path, project: str, count: int) -> tuple[Path, list[Path]]:
    """The tree's root and the `count` largest Python files of the index (deterministic)."""
    connection = sqlite3.connect(db)
    try:
        root = connection.execute("SELECT last_indexed_path FROM coderag_indexes WHERE project_id = ?",
                                  (project,)).fetchone()[0]
        paths = [row[0] for row in connection.execute(
            "SELECT file_path FROM coderag_files WHERE project_id = ? AND file_path LIKE '%.py' "
            "ORDER BY chunk_count DESC, file_path LIMIT ?", (project, count))]
    finally:
        connection.close()
    return Path(root), [Path(root) / path for path in paths]


def edit(files: list[Path]) -> None:
    for path in files:
        text = path.read_text()
        text = text.replace(MARK, "") if MARK in text else text + MARK
        path.unlink()  # a new file, not a write through a hard link into the corpus
        path.write_text(text)


async def one_run(db: Path, project: str, files: list[Path], query: str, in_child: bool) -> dict[str, float]:
    settings = Settings(db_path=db, job_process=in_child, update_process_min_files=1)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        at_rest = []
        for _ in range(30):
            started = time.perf_counter()
            await service.search_code(project, query, limit=10)
            at_rest.append((time.perf_counter() - started) * 1000)
        edit(files)
        during: list[float] = []
        done = anyio.Event()

        async def search_meanwhile() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await service.search_code(project, query, limit=10)
                during.append((time.perf_counter() - started) * 1000)
                await anyio.sleep(0.02)

        async with anyio.create_task_group() as group:
            group.start_soon(search_meanwhile)
            started = time.perf_counter()
            await service.update_index(project, background=False)
            seconds = time.perf_counter() - started
            done.set()
    return {"update": seconds, "rest_p50": statistics.median(at_rest), "p50": statistics.median(during),
            "p95": percentile(during, 0.95), "max": max(during), "searches": len(during)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--files", type=int, default=2, help="files edited before each update (default 2)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each mode, in turn (default 2)")
    parser.add_argument("--query", default="parse the configuration file")
    args = parser.parse_args()
    root, files = pick_files(args.db, args.project, args.files)
    print(f"{args.project}: {root}, editing {', '.join(str(path.relative_to(root)) for path in files)}; "
          f"load {os.getloadavg()[0]:.1f}")
    for run in range(args.runs):
        for in_child in (False, True):
            figures = anyio.run(one_run, args.db, args.project, files, args.query, in_child)
            print(f"run {run + 1}, update {'in a child process' if in_child else 'in process':19}: "
                  f"{figures['update']:.2f} s; search at rest p50 {figures['rest_p50']:.1f} ms, during it "
                  f"p50 {figures['p50']:.1f} / p95 {figures['p95']:.1f} / max {figures['max']:.1f} ms "
                  f"({figures['searches']:.0f} searches)")


if __name__ == "__main__":
    main()
