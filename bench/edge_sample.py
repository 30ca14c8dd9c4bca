"""A random sample of sure CALLS edges (LOCAL, IMPORT, MEMBER), each with its call site's line and
the target's signature, for a person to judge by reading the code (where no independent resolver
is at hand: Go, TypeScript, Java, Rust).

    .venv/bin/python bench/edge_sample.py bench/corpora/gin --count 50 --seed 1

The tree is indexed into a temporary vault.db first; the corpus is never changed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService


async def index(root: Path, db: Path) -> None:
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        await service.init_index("corpus", str(root), background=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "vault.db"
        anyio.run(index, args.root, db)
        with sqlite3.connect(db) as con:
            rows = con.execute(
                """SELECT e.target_id, e.lineno, r.resolution, s.file_path, n.signature FROM code_edges e
                     JOIN coderag_edge_resolutions r ON r.edge_id = e.id JOIN code_nodes n ON n.id = e.target_id
                     JOIN code_nodes s ON s.id = e.source_id
                    WHERE e.edge_type = 'CALLS' AND r.resolution IN ('LOCAL', 'IMPORT', 'MEMBER')
                    ORDER BY e.id""").fetchall()
    picked = random.Random(args.seed).sample(rows, min(args.count, len(rows)))
    for number, (target, line, how, path, signature) in enumerate(picked):
        lines = (args.root / path).read_text(errors="replace").splitlines()
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        print(f"{number:3} {how:6} {path}:{line}: {text[:110]}\n      -> {target.split(':', 1)[1]}"
              f"  [{(signature or '')[:90]}]")
    print(f"{len(picked)} of {len(rows)} sure CALLS edges")


if __name__ == "__main__":
    main()
