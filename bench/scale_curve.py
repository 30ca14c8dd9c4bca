"""How a full index scales: time, peak memory and search latency at growing tree sizes.

    python bench/scale_curve.py bench/corpora/sympy-1.13.3 --files 10000 30000

For each size it builds a tree of that many files from copies of the corpus (hard links, so no disk
is spent; each copy in its own folder, so paths differ and every copy is indexed), then runs the
command line's `index` on a fresh vault.db as a user would, sampling the resident memory of the
process and its parser workers (their sum) every 0.2 s, and times searches on the result. Copies
make names ambiguous across folders, which the graph pays for; a tree of distinct projects would
resolve faster, so the figures are an upper bound.

Prints, per size: files, chunks, full-index seconds, seconds per 1,000 files, peak memory (sum of
the process tree), vault.db size, and search p50/p95 for identifier and natural-language queries.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio

from index_memory import tree_rss_kb  # bench/, the script's own folder

from coderag_mcp.config import Settings
from coderag_mcp.errors import InvalidArgument
from coderag_mcp.discover import discover
from coderag_mcp.service import CodeIndexService


def build_tree(corpus: Path, target: Path, files: int) -> int:
    """Copies of the corpus's indexable files (hard links) under target/copyN/ until `files` are there."""
    sources = [Path(f.abs_path) for f in discover(str(corpus), 1_000_000).files]
    made = 0
    copy = 0
    while made < files:
        for source in sources:
            if made >= files:
                break
            destination = target / f"copy{copy}" / source.relative_to(corpus)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, destination)
            except OSError:
                destination.write_bytes(source.read_bytes())
            made += 1
        copy += 1
    return made


def index_with_cli(tree: Path, db: Path) -> tuple[float, int]:
    """(seconds, peak resident memory of the process tree in kB) of `coderag-mcp index` on a fresh db."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "coderag_mcp", "--db", str(db), "index", str(tree),
                                "--project", "scale"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(tree_rss_kb(process.pid).values()))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"index failed: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
    return seconds, peak


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def search_latency(db: Path, queries: int) -> dict[str, float]:
    connection = sqlite3.connect(db)
    names = [row[0] for row in connection.execute(
        "SELECT DISTINCT name FROM symbol_definitions WHERE project_id = 'scale' AND length(name) > 5")]
    docs = [row[0].splitlines()[0] for row in connection.execute(
        "SELECT docstring FROM code_chunks WHERE project_id = 'scale' AND docstring IS NOT NULL "
        "AND length(docstring) > 30 LIMIT 20000")]
    connection.close()
    figures: dict[str, float] = {}
    rng = random.Random(7)
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        await service.search_code("scale", "warm up the caches", limit=10)
        for label, pool in (("identifier", names), ("natural", docs)):
            latencies = []
            for text in rng.sample(pool, min(queries, len(pool))):
                started = time.perf_counter()
                try:
                    await service.search_code("scale", text, limit=10)
                except InvalidArgument:  # a doc comment's first line without a word (C's `/*------`)
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
            figures[f"{label}_p50"] = statistics.median(latencies)
            figures[f"{label}_p95"] = percentile(latencies, 0.95)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--files", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--work", type=Path, default=None, help="folder for the trees and databases (default: a temp one)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each size's tree and vault.db in this folder (treeN/, vaultN.db; project 'scale')")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    print("| files | chunks | full index | s per 1k files | peak RSS (process + workers) | vault.db | "
          "search p50 / p95 identifier | natural |")
    print("|---|---|---|---|---|---|---|---|")
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            folder = str(args.keep)
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory(dir=args.work))
        for size in args.files:
            tree = Path(folder) / f"tree{size}"
            if args.keep is not None and (tree.exists() or Path(folder, f"vault{size}.db").exists()):
                raise SystemExit(f"{tree} or its vault{size}.db is already in {folder}: every size is indexed "
                                 "fresh. Remove them, or give --keep another folder.")
            made = build_tree(args.corpus.resolve(), tree, size)
            db = Path(folder) / f"vault{size}.db"
            seconds, peak_kb = index_with_cli(tree, db)
            connection = sqlite3.connect(db)
            chunks = connection.execute("SELECT count(*) FROM code_chunks WHERE project_id = 'scale'").fetchone()[0]
            connection.close()
            figures = anyio.run(search_latency, db, args.queries)
            print(f"| {made:,} | {chunks:,} | {seconds:.1f} s | {seconds / made * 1000:.2f} | {peak_kb / 1024:.0f} MB | "
                  f"{db.stat().st_size / 1048576:.0f} MB | {figures['identifier_p50']:.1f} / "
                  f"{figures['identifier_p95']:.1f} ms | {figures['natural_p50']:.1f} / {figures['natural_p95']:.1f} ms |",
                  flush=True)
            if args.keep is None:
                db.unlink()
                for suffix in ("-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"load at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
