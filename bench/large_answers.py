"""How long the answers about a huge project take, on a kept index: the repo map, references to the
most used names, symbol lookups and the first status check, each called as an agent calls it
(in process, through the service), with the process's peak memory.

    .venv/bin/python bench/real_tree.py linux-6.1.4 --keep /tmp/linux.db      # an index to ask
    .venv/bin/python bench/large_answers.py /tmp/linux.db scale
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/large_answers.py /tmp/linux.db scale

Names come from the index: the names used in the most files (references), and those defined most
often (symbols); each call is timed once, after one call that warms SQLite's page cache.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService


async def timed(label: str, call: Callable[[], Awaitable[Any]]) -> None:
    await call()  # warm the page cache
    started = time.perf_counter()
    await call()
    print(f"| {label} | {(time.perf_counter() - started) * 1000:,.0f} ms |", flush=True)


async def main(db: Path, project: str) -> None:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        used = [row[0] for row in connection.execute(
            """SELECT name FROM coderag_reference_names WHERE project_id = ? GROUP BY name
                ORDER BY count(*) DESC LIMIT 3""", (project,))]
        defined = [row[0] for row in connection.execute(
            """SELECT name FROM symbol_definitions WHERE project_id = ? AND length(name) > 3 GROUP BY name
                ORDER BY count(*) DESC LIMIT 2""", (project,))]
        folder = connection.execute(
            """SELECT substr(file_path, 1, instr(file_path, '/')) FROM coderag_files WHERE project_id = ?
                AND instr(file_path, '/') > 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""", (project,)).fetchone()
        root = connection.execute("SELECT last_indexed_path FROM coderag_indexes WHERE project_id = ?",
                                  (project,)).fetchone()[0]
    print("| call | time |")
    print("|---|---|")
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        started = time.perf_counter()
        await service.staleness.is_stale(project, root)
        print(f"| first status check (walk {root}) | {(time.perf_counter() - started) * 1000:,.0f} ms |")
        await timed("get_status", lambda: service.get_status(project))
        await timed("get_repo_map (2,000 tokens)", lambda: service.get_repo_map(project))
        await timed("get_repo_map (20,000 tokens)", lambda: service.get_repo_map(project, max_tokens=20_000))
        if folder and folder[0]:
            await timed(f"get_repo_map path={folder[0]}", lambda: service.get_repo_map(project, path=folder[0]))
        for name in used:
            await timed(f"find_references {name} (limit 50)", lambda: service.find_references(project, name))
        for name in defined:
            await timed(f"find_symbol {name}", lambda: service.find_symbol(project, name))
            await timed(f"find_symbol {name.upper()}", lambda: service.find_symbol(project, name.upper()))
        if used:
            await while_checking(service, project, root, used[0])
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


async def while_checking(service: CodeIndexService, project: str, root: str, name: str) -> None:
    """find_references, called again and again while a status check walks the tree in the background
    (as the server runs it): how much the walk slows the answers an agent waits for meanwhile."""
    took: list[float] = []
    async with anyio.create_task_group() as background:
        service.staleness.task_group = background
        service.staleness.forget(project)
        index = await service.store.get_index(project)
        assert index is not None
        # starts the walk as get_status does, and answers after a few ms
        await service.staleness.is_stale(project, root, index.file_count)
        check = service.staleness._checks[project]
        while not check.done.is_set():
            started = time.perf_counter()
            await service.find_references(project, name)
            took.append(time.perf_counter() - started)
        service.staleness.task_group = None
    took.sort()
    print(f"| find_references {name} during a status check ({len(took)} calls, check {check.took:.1f} s) "
          f"| median {took[len(took) // 2] * 1000:,.0f} ms, max {took[-1] * 1000:,.0f} ms |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    arguments = parser.parse_args()
    anyio.run(main, arguments.db, arguments.project)
    sys.exit(0)
