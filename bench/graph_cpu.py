"""CPU time of what a full index spends per file and on the graph, for machines other jobs share
(where wall-clock figures move by tens of percent from one run to the next).

    .venv/bin/python bench/graph_cpu.py bench/corpora/gin bench/corpora/sympy-1.13.3
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/graph_cpu.py ...   # the same for other code

For each tree it prints, best of 3 in one process:
- parse: reading, tree-sitter parsing, chunking and extracting references of every file (what the
  parser workers do);
- link: resolving every reference into edges and ranking the graph (what follows the workers), over
  an index built once beforehand;
and the total, with the number of edges and how they resolved.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.discover import discover
from coderag_mcp.graph import link
from coderag_mcp.parse import parse_one
from coderag_mcp.service import CodeIndexService


def parse_cpu(root: str) -> tuple[int, float]:
    files = discover(root, 1_000_000).files
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for source_file in files:
            parse_one(source_file, None, 1_000_000)
        best = min(best, time.process_time() - started)
    return len(files), best


async def link_cpu(root: str) -> tuple[float, Counter[str]]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "vault.db"
        async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
            await service.init_index("corpus", root, background=False)
            best = float("inf")
            for _ in range(3):
                with sqlite3.connect(db) as con:
                    con.execute("UPDATE coderag_files SET linked = 0")
                started = time.process_time()
                try:
                    await link(service.store, "corpus", root=root)  # type: ignore[call-arg]
                except TypeError:  # code from before link() took the root
                    await link(service.store, "corpus")
                best = min(best, time.process_time() - started)
        with sqlite3.connect(db) as con:
            kinds = Counter(dict(con.execute(
                "SELECT resolution, count(*) FROM coderag_edge_resolutions GROUP BY resolution")))
    return best, kinds


def main(roots: list[str]) -> None:
    for root in roots:
        count, parse_seconds = parse_cpu(root)
        link_seconds, kinds = anyio.run(link_cpu, root)
        name = root.rstrip("/").rsplit("/", 1)[-1]
        print(f"{name}: {count} files, parse CPU {parse_seconds:.2f} s, link CPU {link_seconds:.2f} s, "
              f"total {parse_seconds + link_seconds:.2f} s; edges {sum(kinds.values())} "
              f"({', '.join(f'{kind} {n}' for kind, n in sorted(kinds.items()))})")


if __name__ == "__main__":
    main(sys.argv[1:])
