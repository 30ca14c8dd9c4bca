"""The same tree gives the same code graph: whatever the parser workers' timing, and after updates.

    .venv/bin/python bench/graph_consistency.py bench/corpora/sympy-1.13.3 bench/corpora/Django-5.1.4

For each tree (copied to a temporary folder first; the corpus is never changed):
1. two fresh indexes, with 1 and with 4 parser workers (files arrive in different orders): their
   edges, with how each resolved, must be the same;
2. an incremental update after editing 2% of the files of the tree's main language (Python, Go,
   TypeScript, JavaScript, Rust, Java, Kotlin, Ruby, PHP, C# or Swift: a function added), deleting 1%
   and renaming 1%, against a fresh index of the changed tree: the same edges again.
It prints how many edges differ in each comparison (0 is the only good answer) and exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService


def edges(db: Path) -> set[tuple[str, ...]]:
    with sqlite3.connect(db) as con:
        return set(con.execute(
            """SELECT e.source_id, e.edge_type, e.target_id, coalesce(r.resolution, '') FROM code_edges e
                 LEFT JOIN coderag_edge_resolutions r ON r.edge_id = e.id"""))


async def index(root: Path, db: Path, workers: int) -> None:
    settings = replace(Settings(db_path=db), parse_workers=workers)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("corpus", str(root), background=False)


async def update(root: Path, db: Path) -> None:
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        await service.update_index("corpus", background=False)


# A definition appended to an edited file, per language (the tree's most common one is edited).
ADDITIONS = {
    ".py": "\n\ndef added_by_the_benchmark_{n}():\n    return len([])\n",
    ".go": "\n\nfunc addedByTheBenchmark{n}() int { return len(\"\") }\n",
    ".ts": "\n\nexport function addedByTheBenchmark{n}(): number { return Math.max(0, 1); }\n",
    ".js": "\n\nfunction addedByTheBenchmark{n}() { return Math.max(0, 1); }\n",
    ".rs": "\n\npub fn added_by_the_benchmark_{n}() -> usize { Vec::<u8>::new().len() }\n",
    ".java": "\n\nclass AddedByTheBenchmark{n} { int value() { return Math.max(0, 1); } }\n",
    ".kt": "\n\nfun addedByTheBenchmark{n}(): Int = maxOf(0, 1)\n",
    ".rb": "\n\ndef added_by_the_benchmark_{n}\n  [].size\nend\n",
    ".php": "\n\nfunction addedByTheBenchmark{n}() { return count([]); }\n",
    ".cs": "\n\nclass AddedByTheBenchmark{n} { int Value() { return System.Math.Max(0, 1); } }\n",
    ".swift": "\n\nfunc addedByTheBenchmark{n}() -> Int { return max(0, 1) }\n",
}


def change(root: Path, seed: int) -> str:
    by_extension = {ext: sorted(p for p in root.rglob("*" + ext) if p.is_file()) for ext in ADDITIONS}
    extension = max(ADDITIONS, key=lambda ext: len(by_extension[ext]))
    files = by_extension[extension]
    rng = random.Random(seed)
    picked = rng.sample(files, max(8, len(files) * 4 // 100))
    quarter = len(picked) // 4
    edited, deleted, renamed = picked[:2 * quarter], picked[2 * quarter:3 * quarter], picked[3 * quarter:]
    for number, path in enumerate(edited):
        with open(path, "a") as handle:
            handle.write(ADDITIONS[extension].replace("{n}", str(number)))
    for path in deleted:
        path.unlink()
    for path in renamed:
        path.rename(path.with_name("renamed_" + path.name))
    return f"{len(edited)} {extension} files edited, {len(deleted)} deleted, {len(renamed)} renamed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    failed = False
    for corpus in args.roots:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            root = work / corpus.name
            shutil.copytree(corpus, root, symlinks=True)
            anyio.run(index, root, work / "one.db", 1)
            anyio.run(index, root, work / "four.db", 4)
            one, four = edges(work / "one.db"), edges(work / "four.db")
            print(f"{corpus.name}: {len(one)} edges; 1 vs 4 workers: {len(one ^ four)} differ")
            what = change(root, args.seed)
            anyio.run(update, root, work / "one.db")
            anyio.run(index, root, work / "fresh.db", 4)
            updated, fresh = edges(work / "one.db"), edges(work / "fresh.db")
            print(f"{corpus.name}: update after {what}: {len(updated ^ fresh)} edges differ from a fresh index")
            for edge in sorted(updated ^ fresh)[:10]:
                print(f"  {'only after update' if edge in updated else 'only fresh'}: {edge}")
            failed = failed or bool(one ^ four) or bool(updated ^ fresh)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
