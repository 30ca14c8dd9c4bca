"""Search latency on an index already built: p50 and p95 of search_code over identifier queries (symbol
names of the index) and natural-language ones (first lines of its doc comments), in process, limit=10.
Same query draw as bench/index_bench.py, without re-indexing, so it can be rerun on a quiet moment.

    .venv/bin/python -m coderag_mcp --db /tmp/django/vault.db index bench/corpora/Django-5.1.4 --project django
    .venv/bin/python bench/search_latency.py /tmp/django/vault.db django [--profile] [--row-budget 0] [--slowest 5]

With --slowest N, the N slowest queries are printed with the three slowest statements each ran (the
reader's statements, timed from the event loop: each includes waiting for the connection's thread).

With --embeddings, search_code also fuses the vectors of the endpoint in CODERAG_EMBEDDINGS_URL (the index
must hold vectors of that model's length: `coderag-mcp index` fills them when the variable is set); the
time the endpoint takes to embed each query is printed beside the figures, which include it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import statistics
import time
from pathlib import Path
from typing import Any

from coderag_mcp import fts_query, search
from coderag_mcp.config import Settings
from coderag_mcp.embeddings import EmbeddingConfig
from coderag_mcp.errors import InvalidArgument
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store.connection import Database

# (ms, statement, parameters) of the statements the current query ran.
statements: list[tuple[float, str, str]] = []


def time_statements() -> None:
    """Time every read of the store (`_fetchone` reads through `_fetchall`)."""
    fetchall = Database._fetchall  # noqa: SLF001 - a benchmark may peek

    async def timed(self: Database, sql: str, params: Any = ()) -> Any:
        started = time.perf_counter()
        try:
            return await fetchall(self, sql, params)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, " ".join(sql.split()), str(params)))

    Database._fetchall = timed  # type: ignore[method-assign]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def measure(db: Path, project: str, queries: int, profile: bool, embeddings: EmbeddingConfig | None,
                  slowest: int) -> None:
    async with CodeIndexService.open(Settings(db_path=db, embeddings=embeddings), run_jobs=False) as service:
        chunks = await service.store.chunk_count(project)
        names = [row[0] for row in await service.store._fetchall(  # noqa: SLF001 - a benchmark may peek
            "SELECT name FROM symbol_definitions WHERE project_id = ? AND length(name) > 5", (project,))]
        docs = [row[0].splitlines()[0] for row in await service.store._fetchall(  # noqa: SLF001
            "SELECT docstring FROM code_chunks WHERE project_id = ? AND docstring IS NOT NULL "
            "AND length(docstring) > 30", (project,))]
        print(f"{project}: {chunks} chunks; load average {os.getloadavg()[0]:.1f}")
        await service.search_code(project, "warm up the caches", limit=10)
        profiler = cProfile.Profile() if profile else None
        rng = random.Random(7)
        asked: list[tuple[float, str, str, list[tuple[float, str, str]]]] = []
        for label, pool in (("identifier", names), ("natural", docs)):
            latencies, cpu = [], []
            for text in rng.sample(pool, min(queries, len(pool))):
                if profiler:
                    profiler.enable()
                statements.clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                try:
                    await service.search_code(project, text, limit=10)
                except InvalidArgument:  # a doc comment's first line without a word (C's `/*------`)
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                asked.append((latencies[-1], label, text, sorted(statements, reverse=True)[:3]))
                cpu.append((time.process_time() - started_cpu) * 1000)
                if profiler:
                    profiler.disable()
            # CPU time (all of this process's threads, SQLite's included) moves less than wall time
            # when other work shares the cores.
            print(f"{label}: p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms; "
                  f"CPU p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms ({len(latencies)} queries)")
            if service.embeddings is not None:
                embedding = []
                for text in rng.sample(pool, min(20, len(pool))):
                    started = time.perf_counter()
                    await service.embeddings.embed([text])
                    embedding.append((time.perf_counter() - started) * 1000)
                print(f"  of which the endpoint embedding a query: p50 {statistics.median(embedding):.1f} ms, "
                      f"p95 {percentile(embedding, 0.95):.1f} ms (20 of them)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        for took, label, text, slowest_statements in sorted(asked, reverse=True)[:slowest]:
            print(f"  {took:7.1f} ms  {label:10}  {text[:100]!r}")
            for statement_ms, sql, params in slowest_statements:
                print(f"      {statement_ms:7.1f} ms  {sql[:90]}  {params[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="print the slowest queries, this many")
    parser.add_argument("--embeddings", action="store_true", help="fuse the vectors of CODERAG_EMBEDDINGS_URL's model")
    parser.add_argument("--row-budget", type=int, default=None,
                        help=f"fts_query.ROW_BUDGET for this run (default {fts_query.ROW_BUDGET}; 0: none, every answer exact)")
    parser.add_argument("--constant", action="append", default=[], metavar="NAME=VALUE",
                        help="another value of a constant of coderag_mcp.search or fts_query for this run "
                             "(e.g. MIN_CANDIDATES=150)")
    arguments = parser.parse_args()
    for assignment in arguments.constant:
        name, _, value = assignment.partition("=")
        module = next((each for each in (search, fts_query) if hasattr(each, name)), None)
        if module is None:
            parser.error(f"coderag_mcp.search and coderag_mcp.fts_query have no constant {name}")
        setattr(module, name, type(getattr(module, name))(float(value)))
    if arguments.slowest:
        time_statements()
    if arguments.row_budget is not None:
        fts_query.ROW_BUDGET = arguments.row_budget
    embeddings = EmbeddingConfig.from_env() if arguments.embeddings else None
    if arguments.embeddings and embeddings is None:
        parser.error("--embeddings needs CODERAG_EMBEDDINGS_URL (and CODERAG_EMBEDDINGS_MODEL)")
    asyncio.run(measure(arguments.db, arguments.project, arguments.queries, arguments.profile, embeddings,
                        arguments.slowest))


if __name__ == "__main__":
    main()
