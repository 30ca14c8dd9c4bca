"""Kill an index at N points across every phase of a job, resume, and compare with a fresh index.

Not part of the test suite (minutes on a large corpus). For each kill point the command-line
indexer runs on a fresh vault.db and dies by SIGKILL at that point, either at a named phase
(`CODERAG_TEST_KILL_AT`, see coderag_mcp/faults.py) or after a delay (`@SECONDS`, sent from
outside to its whole process group, parser workers included). Then the same command runs again
(it recovers the dead job and resumes it), then once more (a no-change update). After each, the
index must equal a fresh one: files, chunks, FTS rows, symbols, nodes, edges, centrality
(rounded to 3 places on our scale, average node 1.0) and the repo map.

`--random N --seed S` adds N kills at moments drawn (seeded) uniformly over the fresh index's
duration, so kills land wherever the time goes, inside write transactions included.

    bash bench/get_corpora.sh
    .venv/bin/python bench/fault_bench.py bench/corpora/sympy-1.13.3 --random 4 --seed 12
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from coderag_mcp.store.terms_schema import terms_table

PROJECT = "corpus"


def cli(db: Path, *args: str, kill_at: str | None = None, timeout: float = 1800) -> tuple[int, float]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("CODERAG_DB", None)
    delay = None
    if kill_at and kill_at.startswith("@"):
        delay = float(kill_at[1:])
    elif kill_at:
        env["CODERAG_TEST_KILL_AT"] = kill_at
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "coderag_mcp", "--db", str(db), *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = process.wait(timeout=delay if delay is not None else timeout)
    except subprocess.TimeoutExpired:
        if delay is None:
            raise
        os.killpg(process.pid, signal.SIGKILL)
        code = process.wait()
    else:
        if code == -signal.SIGKILL:  # a self-kill leaves the parser workers: end them too
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return code, time.monotonic() - started


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def digest(items: list[tuple[Any, ...]]) -> tuple[int, str]:
    hasher = hashlib.sha256()
    for item in items:
        hasher.update(repr(item).encode())
    return len(items), hasher.hexdigest()[:12]


def contents(db: Path) -> dict[str, tuple[int, str]]:
    """Each part of the index as (row count, hash of its rows in a fixed order)."""
    repo_map = subprocess.run([sys.executable, "-m", "coderag_mcp", "--db", str(db), "map", "--project", PROJECT,
                               "--max-tokens", "2000"], capture_output=True, text=True, check=True).stdout
    return {
        "files": digest(rows(db, "SELECT file_path, file_hash, chunk_count, symbol_count FROM coderag_files "
                                 "ORDER BY 1")),
        "chunks": digest(rows(db, "SELECT file_path, lineno, end_lineno, qualified_name, chunk_type, body "
                                  "FROM code_chunks ORDER BY 1, 2, 3, 4")),
        "fts rows": digest(rows(db, "SELECT (SELECT count(*) FROM code_chunk_fts), "
                                    f"(SELECT count(*) FROM {terms_table(PROJECT)})")),
        "symbols": digest(rows(db, "SELECT file_path, name, kind, lineno, scope FROM symbol_definitions "
                                   "ORDER BY 1, 2, 4")),
        "nodes": digest(rows(db, "SELECT id, node_type FROM code_nodes ORDER BY 1")),
        "edges": digest(rows(db, "SELECT source_id, target_id, edge_type, count FROM code_edges ORDER BY 1, 2, 3")),
        # Both scales: ours (average node 1.0) and vlt's (a project's scores sum to 1), to 3 places of ours.
        "centrality": digest(rows(db, "SELECT n.id, round(r.prior, 3), round(n.centrality_score * "
                                      "(SELECT count(*) FROM code_nodes), 3) FROM code_nodes n "
                                      "LEFT JOIN coderag_node_ranks r ON r.node_id = n.id ORDER BY 1")),
        "repo map": digest([(repo_map,)]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--points", nargs="*",
                        default=["discovered", "planned", "parsed:40", "writing:10", "written:12", "linking", "edges",
                                 "ranked", "linked", "finished"],
                        help="named kill points (PHASE or PHASE:N, see coderag_mcp/faults.py) or @SECONDS")
    parser.add_argument("--random", type=int, default=0, help="this many more kills at seeded random moments")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    corpus = str(Path(args.corpus).resolve())
    work = Path(tempfile.mkdtemp(prefix="fault-bench-"))
    fresh_db = work / "fresh.db"
    code, seconds = cli(fresh_db, "index", corpus, "--project", PROJECT)
    assert code == 0, f"the fresh index failed ({code})"
    fresh = contents(fresh_db)
    print(f"fresh index of {corpus}: {seconds:.1f} s; " + ", ".join(f"{k} {v[0]}" for k, v in fresh.items()))
    draw = random.Random(args.seed)
    points = list(args.points) + [f"@{draw.uniform(1.0, 0.95 * seconds):.1f}" for _ in range(args.random)]
    print(f"{'kill point':12} {'killed':>7} {'at s':>6} {'resume s':>9} {'equal after resume':>19} "
          f"{'equal after no-change update':>29}  differing parts")
    failures = 0
    for point in points:
        db = work / f"killed-{point.replace(':', '-').replace('@', 'at')}.db"
        code, killed_after = cli(db, "index", corpus, "--project", PROJECT, kill_at=point)
        killed = code == -signal.SIGKILL
        resumed_code, resume_seconds = cli(db, "index", corpus, "--project", PROJECT)
        after_resume = contents(db) if resumed_code == 0 else {}
        update_code, _ = cli(db, "index", corpus, "--project", PROJECT)
        after_update = contents(db) if update_code == 0 else {}
        differing = sorted({part for part in fresh if after_resume.get(part) != fresh[part]}
                           | {part for part in fresh if after_update.get(part) != fresh[part]})
        equal_resume, equal_update = after_resume == fresh, after_update == fresh
        failures += not (equal_resume and equal_update)
        print(f"{point:12} {'yes' if killed else f'no ({code})':>7} {killed_after:6.1f} {resume_seconds:9.1f} "
              f"{'yes' if equal_resume else 'NO':>19} {'yes' if equal_update else 'NO':>29}  "
              f"{', '.join(differing) or '-'}")
        for path in work.glob(f"{db.name}*"):
            path.unlink()
    print(f"{len(points) - failures} of {len(points)} kill points left an index equal to a fresh one")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
