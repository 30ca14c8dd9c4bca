"""Indexing and search benchmark on real source trees.

    python bench/get_corpora.sh            # sympy and django source distributions from PyPI
    python bench/index_bench.py bench/corpora/sympy-1.13.3 bench/corpora/Django-5.1.4

For each tree it prints:
- raw limit: reading and tree-sitter-parsing every file on all cores, and nothing else;
- full index: a fresh vault.db, through the same service the tools and the command line use;
- no-change update, and an update after touching 1% of the files, with their ratio to the full index;
- search latency (p50, p95) over identifier and natural-language queries drawn from the index;
- peak memory of this process and its parser workers.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.discover import discover
from coderag_mcp.grammars import get_parser
from coderag_mcp.languages import BY_NAME
from coderag_mcp.service import CodeIndexService


def _parse_only(paths_and_languages: list[tuple[str, str]]) -> int:
    nodes = 0
    for path, language in paths_and_languages:
        with open(path, "rb") as handle:
            tree = get_parser(BY_NAME[language].grammar).parse(handle.read())
        nodes += tree.root_node.end_byte
    return nodes


def raw_limit(root: str) -> tuple[float, int]:
    files = discover(root, 1_000_000).files
    work = [(f.abs_path, f.language) for f in files]
    workers = os.cpu_count() or 1
    chunks = [work[i::workers * 8] for i in range(workers * 8)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_parse_only, [chunks[0][:1]]))  # start the workers before the clock
        started = time.perf_counter()
        list(pool.map(_parse_only, chunks))
        return time.perf_counter() - started, len(files)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def measure(root: Path, db: Path, queries: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    settings = Settings(db_path=db)
    project = root.name.lower()
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        started = time.perf_counter()
        response = await service.init_index(project, str(root), background=False)
        figures["full_s"] = time.perf_counter() - started
        job = response.job
        assert job is not None
        figures["files"], figures["chunks"] = job.files_total, job.chunks_created

        started = time.perf_counter()
        await service.update_index(project, background=False)
        figures["nochange_s"] = time.perf_counter() - started

        files = sorted(path for path in root.rglob("*.py") if "/." not in str(path))
        touched = random.Random(1).sample(files, max(1, len(files) // 100))
        for path in touched:
            with open(path, "a") as handle:
                handle.write("\n# touched by the benchmark\n")
        started = time.perf_counter()
        await service.update_index(project, background=False)
        figures["touched_s"] = time.perf_counter() - started
        for path in touched:  # leave the corpus as it was
            text = path.read_text()
            path.write_text(text.removesuffix("\n# touched by the benchmark\n"))

        names = [row[0] for row in await service.store._fetchall(  # noqa: SLF001 - a benchmark may peek
            "SELECT name FROM symbol_definitions WHERE project_id = ? AND length(name) > 5", (project,))]
        docs = [row[0].splitlines()[0] for row in await service.store._fetchall(  # noqa: SLF001
            "SELECT docstring FROM code_chunks WHERE project_id = ? AND docstring IS NOT NULL "
            "AND length(docstring) > 30", (project,))]
        rng = random.Random(7)
        for label, pool in (("identifier", names), ("natural", docs)):
            latencies = []
            for text in rng.sample(pool, min(queries, len(pool))):
                started = time.perf_counter()
                await service.search_code(project, text, limit=10)
                latencies.append((time.perf_counter() - started) * 1000)
            figures[f"{label}_p50_ms"] = statistics.median(latencies)
            figures[f"{label}_p95_ms"] = percentile(latencies, 0.95)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures["peak_rss_mb"] = own
    figures["worker_peak_rss_mb"] = children
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for root in args.roots:
        raw_s, raw_files = raw_limit(str(root))
        with tempfile.TemporaryDirectory() as folder:
            figures = anyio.run(measure, root.resolve(), Path(folder) / "vault.db", args.queries)
        print(f"\n## {root.name}: {int(figures['files'])} files, {int(figures['chunks'])} chunks")
        print(f"raw limit (read + tree-sitter parse, {os.cpu_count()} cores): {raw_s:.2f} s for {raw_files} files")
        print(f"full index:        {figures['full_s']:.2f} s  ({figures['files'] / figures['full_s']:.0f} files/s, "
              f"{figures['full_s'] / raw_s:.1f}x the raw limit)")
        print(f"no-change update:  {figures['nochange_s']:.2f} s  ({figures['nochange_s'] / figures['full_s']:.1%} "
              "of a full index)")
        print(f"1% files touched:  {figures['touched_s']:.2f} s  ({figures['touched_s'] / figures['full_s']:.1%} "
              "of a full index)")
        print(f"search identifier: p50 {figures['identifier_p50_ms']:.1f} ms, p95 {figures['identifier_p95_ms']:.1f} ms")
        print(f"search natural:    p50 {figures['natural_p50_ms']:.1f} ms, p95 {figures['natural_p95_ms']:.1f} ms")
        print(f"peak memory:       {figures['peak_rss_mb']:.0f} MB server, {figures['worker_peak_rss_mb']:.0f} MB "
              "largest parser worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
