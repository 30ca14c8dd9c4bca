"""The scale curve's figures for one real tree, indexed as it is (no copies): a large project whose
names do not repeat copy after copy, in a language the corpus of copies lacks.

    curl -O http://deb.debian.org/debian/pool/main/l/linux/linux_6.1.4.orig.tar.xz   # Debian's source
    tar xJf linux_6.1.4.orig.tar.xz
    .venv/bin/python bench/real_tree.py linux-6.1.4 [--keep /tmp/linux.db] [--queries 100]

Prints the row of bench/scale_curve.py (files, chunks, full index, seconds per 1,000 files, peak RSS of
the process and its workers, vault.db, search p50 / p95), then the link's edges by how they resolved.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_curve import index_with_cli, search_latency  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="write the vault.db here and keep it (project 'scale')")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        db = args.keep or Path(folder) / "vault.db"
        if db.exists():
            raise SystemExit(f"{db} exists: the tree is indexed fresh. Remove it, or give --keep another path.")
        seconds, peak_kb = index_with_cli(args.tree.resolve(), db)
        with sqlite3.connect(db) as connection:
            files = connection.execute("SELECT count(*) FROM coderag_files WHERE project_id = 'scale'").fetchone()[0]
            chunks = connection.execute("SELECT count(*) FROM code_chunks WHERE project_id = 'scale'").fetchone()[0]
            resolved = connection.execute(
                """SELECT e.edge_type, r.resolution, count(*) FROM code_edges AS e
                     JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                    WHERE e.project_id = 'scale' GROUP BY 1, 2 ORDER BY 3 DESC""").fetchall()
        figures = anyio.run(search_latency, db, args.queries)
        print("| files | chunks | full index | s per 1k files | peak RSS (process + workers) | vault.db | "
              "search p50 / p95 identifier | natural |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| {files:,} | {chunks:,} | {seconds:.1f} s | {seconds / files * 1000:.2f} | {peak_kb / 1024:.0f} MB | "
              f"{db.stat().st_size / 1048576:.0f} MB | {figures['identifier_p50']:.1f} / "
              f"{figures['identifier_p95']:.1f} ms | {figures['natural_p50']:.1f} / {figures['natural_p95']:.1f} ms |")
        print("edges: " + ", ".join(f"{kind} {how} {count:,}" for kind, how, count in resolved))
    print(f"load at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
