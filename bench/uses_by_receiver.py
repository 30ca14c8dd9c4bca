"""What the edges' `uses` (how the uses of each receiver resolved, kept since migration 26) change in
find_references: every use listed under the target its own receiver reached, where the answer was told from the
receivers as written (a function's `Tz.parse(x)` beside `Dp().parse(x)` listed both lines under each method;
`self.inner.bind()` beside `super().bind()` was listed as the sure use; a guess beside a sure use of the same
target, `x.save()` beside `Foo().save()`, was listed neither way).

For every definition an edge with uses of more than one receiver points to, find_references is asked, with and
without include_guesses, on the same index as it is and with every edge's `uses` read as missing (what the
server answered before). Prints the uses added, dropped and listed under another target or resolution, with a
few of each.

    .venv/bin/python -m coderag_mcp --db /tmp/gin.db index /path/to/gin --project gin
    .venv/bin/python bench/uses_by_receiver.py /tmp/gin.db gin [--show 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store.symbol_queries import SymbolQueriesStore


def mixed_targets(db: Path, project: str) -> tuple[int, int, list[str]]:
    """(edges, edges whose uses came through more than one receiver, the qualified names of their targets)."""
    with sqlite3.connect(db) as connection:
        edges = connection.execute("SELECT count(*) FROM code_edges WHERE project_id = ?", (project,)).fetchone()[0]
        rows = connection.execute(
            """SELECT e.target_id, n.file_path, r.uses FROM code_edges AS e
                 JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id JOIN code_nodes AS n ON n.id = e.target_id
                WHERE e.project_id = ? AND r.uses IS NOT NULL AND e.edge_type != 'IMPORTS'""", (project,)).fetchall()
    mixed = [(target, path) for target, path, uses in rows if len(json.loads(uses)) > 1]
    prefix = f"{project}:"
    names = sorted({target.removeprefix(prefix).removeprefix(path + ":").partition("@")[0] for target, path in mixed})
    return edges, len(mixed), names


async def measure(db: Path, project: str, show: int) -> None:
    edges, mixed, names = mixed_targets(db, project)
    print(f"{project}: {edges} edges, {mixed} with uses through more than one receiver; {len(names)} definitions")
    edges_into, edges_from_named = SymbolQueriesStore.edges_into, SymbolQueriesStore.edges_from_named

    async def untold_into(self: SymbolQueriesStore, targets: Any) -> list[dict[str, Any]]:
        return [dict(row, uses=None) for row in await edges_into(self, targets)]

    async def untold_from(self: SymbolQueriesStore, *args: Any, **kwargs: Any) -> list[tuple[str, str, str, None]]:
        return [(*row[:3], None) for row in await edges_from_named(self, *args, **kwargs)]

    counts: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        for name in names:
            for guesses in (False, True):
                now = await service.find_references(project, name, include_guesses=guesses, limit=500)
                SymbolQueriesStore.edges_into, SymbolQueriesStore.edges_from_named = untold_into, untold_from  # type: ignore[method-assign]
                try:
                    before = await service.find_references(project, name, include_guesses=guesses, limit=500)
                finally:
                    SymbolQueriesStore.edges_into, SymbolQueriesStore.edges_from_named = edges_into, edges_from_named  # type: ignore[method-assign]
                listed_now = {(hit.file_path, hit.line): (hit.target, hit.resolution) for hit in now.references}
                listed_before = {(hit.file_path, hit.line): (hit.target, hit.resolution) for hit in before.references}
                label = "with guesses" if guesses else "sure"
                changes = [("added", where, None, listed_now[where]) for where in listed_now.keys() - listed_before.keys()]
                changes += [("dropped", where, listed_before[where], None)
                            for where in listed_before.keys() - listed_now.keys()]
                changes += [("changed", where, listed_before[where], listed_now[where])
                            for where in listed_now.keys() & listed_before.keys()
                            if listed_now[where] != listed_before[where]]
                for change, where, old, new in sorted(changes):
                    counts[f"{label} {change}"] += 1
                    if shown[f"{label} {change}"] < show:
                        shown[f"{label} {change}"] += 1
                        print(f"  {label} {change}: {name} {where[0]}:{where[1]} {old} -> {new}")
    print("; ".join(f"{key} {value}" for key, value in sorted(counts.items())) or "no answer changed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--show", type=int, default=5, help="print this many of each kind of change")
    args = parser.parse_args()
    asyncio.run(measure(args.db, args.project, args.show))


if __name__ == "__main__":
    main()
