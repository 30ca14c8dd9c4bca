"""What the `guessed` flag of an edge adds to find_references: uses only guessed to be a definition, in a
function whose edge to it is another use's sure one (`x.save()` on an unknown `x` beside `Foo().save()`).

For every definition that such an edge points to, find_references(include_guesses=True) is asked twice on
the same index: as it is, and with every edge's flag read as 0 (what the server answered before the flag).
Prints the edges flagged, the uses the flag adds, those listed under another target (a guess of several
definitions is listed under the first), and any use listed before but not now (there should be none).

    .venv/bin/python -m coderag_mcp --db /tmp/gin.db index /path/to/gin --project gin
    .venv/bin/python bench/guesses_beside_sure.py /tmp/gin.db gin [--show 10]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store.graph import GraphStore


def flagged_targets(db: Path, project: str) -> tuple[int, int, list[str]]:
    """(sure edges, edges flagged, the qualified names of the targets of flagged edges)."""
    with sqlite3.connect(db) as connection:
        sure = connection.execute(
            """SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                WHERE e.project_id = ? AND r.resolution != 'GUESS'""", (project,)).fetchone()[0]
        rows = connection.execute(
            """SELECT DISTINCT e.target_id, n.file_path FROM code_edges AS e
                 JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id JOIN code_nodes AS n ON n.id = e.target_id
                WHERE e.project_id = ? AND r.guessed = 1 ORDER BY e.target_id""", (project,)).fetchall()
        flagged = connection.execute(
            """SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                WHERE e.project_id = ? AND r.guessed = 1""", (project,)).fetchone()[0]
    prefix = f"{project}:"
    names = sorted({target.removeprefix(prefix).removeprefix(path + ":").partition("@")[0] for target, path in rows})
    return sure, flagged, names


async def measure(db: Path, project: str, show: int) -> None:
    sure, flagged, names = flagged_targets(db, project)
    print(f"{project}: {sure} sure edges, {flagged} of them also hold a guessed use; {len(names)} definitions")
    edges_into = GraphStore.edges_into

    async def unflagged(self: GraphStore, targets: Any) -> list[dict[str, Any]]:
        return [dict(row, guessed=0) for row in await edges_into(self, targets)]

    added: Counter[str] = Counter()
    lost = retargeted = 0
    shown = 0
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        for name in names:
            now = await service.find_references(project, name, include_guesses=True, limit=500)
            GraphStore.edges_into = unflagged  # type: ignore[method-assign]
            try:
                before = await service.find_references(project, name, include_guesses=True, limit=500)
            finally:
                GraphStore.edges_into = edges_into  # type: ignore[method-assign]
            # (file, line) -> (target, resolution) of each use listed
            listed_now = {(hit.file_path, hit.line): (hit.target, hit.resolution) for hit in now.references}
            listed_before = {(hit.file_path, hit.line): (hit.target, hit.resolution) for hit in before.references}
            for where in sorted(listed_before.keys() - listed_now.keys()):
                lost += 1
                print(f"  - {where[0]}:{where[1]} {listed_before[where]}")
            for where in sorted(listed_before.keys() & listed_now.keys()):
                if listed_before[where] != listed_now[where]:
                    retargeted += 1
                    print(f"  ~ {where[0]}:{where[1]} {listed_before[where]} -> {listed_now[where]}")
            for where in sorted(listed_now.keys() - listed_before.keys()):
                target, how = listed_now[where]
                added[how] += 1
                if shown < show:
                    shown += 1
                    print(f"  + {where[0]}:{where[1]} [{how}] -> {target}")
    print(f"uses added: {sum(added.values())} ({dict(added)}); listed with another target: {retargeted}; "
          f"no longer listed: {lost}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--show", type=int, default=10, help="print this many of the uses added")
    args = parser.parse_args()
    asyncio.run(measure(args.db, args.project, args.show))


if __name__ == "__main__":
    main()
