"""Where a full link's time goes, on an index that exists: every file of the project is marked to
be linked again and its edges deleted (as before a first link), then `graph.link` runs in this
process and prints its wall and CPU time and the seconds of each part, and the process's peak resident
memory with the part that was running then, and each part's own peak (sampled every 50 ms; parts that
overlap share the blame).

    .venv/bin/python bench/link_time.py /tmp/scale/vault10000.db scale [ROOT]   # ROOT: the indexed folder (Go's go.mod)

It rewrites the project's edges and ranks in that vault.db (to the same graph). The parts overlap:
a slice's edges are written while the next slice resolves, so the parts add up to more than the
wall time. Resolving, building the resolvers and ranking run in worker threads; the store's calls
are timed from the event loop (each includes waiting for its connection's thread).
"""

from __future__ import annotations

import collections
import functools
import inspect
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import anyio

import coderag_mcp.graph as graph
from coderag_mcp.collector import collector_paused
from coderag_mcp.store import Store

STORE_CALLS = ("graph_nodes", "nodes_to_rank", "nodes_named_in", "references_of_type", "references_of", "replace_edges",
               "set_centrality", "set_ranks", "mark_linked")
spent: collections.Counter[str] = collections.Counter()
running = ["reading the files to link"]  # the part that started last
peak_by_part: dict[str, int] = {}


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def plain(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        running[0] = name
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    @functools.wraps(function)
    async def awaited(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        running[0] = name
        try:
            return await function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return awaited if inspect.iscoroutinefunction(function) else plain


def install_timers() -> None:
    for name in STORE_CALLS:
        setattr(Store, name, _timed(name, getattr(Store, name)))
    graph.resolve_edges = _timed("resolving the references", graph.resolve_edges)
    graph._changed_ranks = _timed("PageRank", graph._changed_ranks)
    # The whole ranking: the nodes and edges read back, PageRank (also above) and the scores written.
    graph.rank_graph = _timed("ranking the whole graph", graph.rank_graph)
    build = graph.Resolvers.build.__func__  # type: ignore[attr-defined]
    graph.Resolvers.build = classmethod(_timed("building the resolvers", build))  # type: ignore[method-assign]


def _resident_mb() -> int:
    with open("/proc/self/status") as status:
        return next((int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:")), 0)


def sample_memory(stop: threading.Event) -> None:
    while not stop.wait(0.05):
        part = running[0]
        peak_by_part[part] = max(peak_by_part.get(part, 0), _resident_mb())


async def main(db: str, project_id: str, root: str | None) -> None:
    with sqlite3.connect(db) as connection:
        files = connection.execute("UPDATE coderag_files SET linked = 0 WHERE project_id = ?", (project_id,)).rowcount
        if not files:
            sys.exit(f"no files of project {project_id!r} in {db}")
        connection.execute("DELETE FROM code_edges WHERE project_id = ?", (project_id,))
    install_timers()
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(stop,), daemon=True)
    store = await Store.open(db)
    try:
        sampler.start()
        wall, cpu = time.perf_counter(), time.process_time()
        with collector_paused():  # as a job runs it
            linked = await graph.link(store, project_id, root=root)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        stop.set()
        await store.close()
    print(f"{project_id}: {linked} files linked in {wall:.1f} s ({cpu:.1f} s of CPU)")
    for name, seconds in spent.most_common():
        print(f"  {name:28s} {seconds:7.2f} s")
    part, peak = max(peak_by_part.items(), key=lambda item: item[1])
    print(f"peak resident memory {peak} MB, while {part}")
    print("  each part's peak: " + ", ".join(f"{name} {mb} MB" for name, mb in
                                              sorted(peak_by_part.items(), key=lambda item: -item[1])))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    anyio.run(main, sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
