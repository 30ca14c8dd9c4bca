"""How find_references lists the imports of the project's own names: for every name a definition has
(symbol_definitions), each IMPORTS use it lists, resolved (to which definition) or UNRESOLVED. An import of a
name a package re-exports (`from marshmallow import validates_schema`, defined in decorators.py) was UNRESOLVED
unless the file also imported decorators.py itself.

    .venv/bin/python -m coderag_mcp --db /tmp/flask.db index bench/corpora/flask-3.0.3 --project p
    .venv/bin/python bench/import_uses.py /tmp/flask.db p [--list /tmp/flask.tsv]

`--list` writes each use (name, file, line, resolution, target) for comparing two versions' answers. An answer
with more than 500 uses is cut (its names are printed): its unresolved uses come last and may be left out.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from pathlib import Path

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService


async def measure(db: Path, project: str, listing: Path | None) -> None:
    with sqlite3.connect(db) as connection:
        names = sorted({row[0] for row in connection.execute(
            "SELECT DISTINCT name FROM symbol_definitions WHERE project_id = ?", (project,))})
    rows: list[tuple[str, str, int, str, str]] = []
    cut: list[str] = []
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        for name in names:
            answer = await service.find_references(project, name, limit=500)
            if answer.truncated:
                cut.append(name)
            rows.extend((name, hit.file_path, hit.line, hit.resolution, hit.target or "")
                        for hit in answer.references if hit.kind == "IMPORTS")
    resolved = sum(row[3] != "UNRESOLVED" for row in rows)
    print(f"{project}: {len(names)} names, {len(rows)} imports of them: {resolved} resolved, "
          f"{len(rows) - resolved} UNRESOLVED{f'; answers cut at 500: {cut}' if cut else ''}")
    if listing is not None:
        listing.write_text("".join("\t".join(map(str, row)) + "\n" for row in sorted(rows)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("--list", type=Path, dest="listing")
    args = parser.parse_args()
    asyncio.run(measure(args.db, args.project, args.listing))


if __name__ == "__main__":
    main()
