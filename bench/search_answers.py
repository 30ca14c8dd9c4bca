"""Every answer of search_code for a fixed set of searches, as JSON: run it with two versions of the
code on the same index and compare the files (`cmp`) to show a speed-up left the ranking alone.

The searches: the 200 identifier and 200 natural-language queries of bench/search_latency.py (same
draw), 40 of them again with limit=30, 20 with kind=function, 20 with path="*/core/*", 10 with
language=python, and five short or stop-word queries.

    .venv/bin/python bench/search_answers.py /tmp/sympy/vault.db sympy /tmp/after.json
    /tmp/base-venv/bin/python bench/search_answers.py /tmp/sympy/vault.db sympy /tmp/before.json
    cmp /tmp/before.json /tmp/after.json

With --row-budget 0 every answer is exact (see fts_query.ROW_BUDGET): a reference for bench/compare_answers.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from pathlib import Path
from typing import Any

from coderag_mcp import fts_query
from coderag_mcp.config import Settings
from coderag_mcp.models import ChunkType
from coderag_mcp.service import CodeIndexService


async def answers(db: Path, project: str) -> list[Any]:
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        store = service.store
        names = [row[0] for row in await store._fetchall(  # noqa: SLF001 - a benchmark may peek
            "SELECT name FROM symbol_definitions WHERE project_id = ? AND length(name) > 5", (project,))]
        docs = [row[0].splitlines()[0] for row in await store._fetchall(  # noqa: SLF001
            "SELECT docstring FROM code_chunks WHERE project_id = ? AND docstring IS NOT NULL "
            "AND length(docstring) > 30", (project,))]
        rng = random.Random(7)
        queries = rng.sample(names, min(200, len(names))) + rng.sample(docs, min(200, len(docs)))
        again = random.Random(11)
        searches: list[tuple[str, dict[str, Any]]] = [(query, {}) for query in queries]
        searches += [(query, {"limit": 30}) for query in again.sample(queries, 40)]
        searches += [(query, {"kind": ChunkType.FUNCTION}) for query in again.sample(queries, 20)]
        searches += [(query, {"path": "*/core/*"}) for query in again.sample(queries, 20)]
        searches += [(query, {"language": "python"}) for query in again.sample(queries, 10)]
        searches += [(query, {}) for query in ("the", "a b", "test", "__init__", "x")]
        results: list[Any] = []
        for query, options in searches:
            try:
                answer: Any = (await service.search_code(project, query, **options)).model_dump(mode="json")
            except Exception as error:  # an error is an answer too
                answer = repr(error)
            results.append([query, str(options), answer])
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("out", type=Path)
    parser.add_argument("--row-budget", type=int, default=None,
                        help=f"fts_query.ROW_BUDGET for this run (default {fts_query.ROW_BUDGET}; 0: none, every answer exact)")
    arguments = parser.parse_args()
    if arguments.row_budget is not None:
        fts_query.ROW_BUDGET = arguments.row_budget
    results = asyncio.run(answers(arguments.db, arguments.project))
    arguments.out.write_text(json.dumps(results, indent=0))
    print(f"{len(results)} searches, {sum(len(r[2]['hits']) for r in results if isinstance(r[2], dict))} hits "
          f"-> {arguments.out}")


if __name__ == "__main__":
    main()
