"""What differs between two indexes of the same tree, made by two versions of the code: the graph's edges
(source, target, type, count), the ranks, the chunks (path, qualified name, line, text) and the symbols by
kind. Each vault.db must hold one project, indexed under the same project id (node ids hold it).

    PYTHONPATH=<checkout before> .venv/bin/python -m coderag_mcp --db /tmp/a.db index <tree> --project p
    PYTHONPATH=<checkout after> .venv/bin/python -m coderag_mcp --db /tmp/b.db index <tree> --project p
    .venv/bin/python bench/index_diff.py /tmp/a.db /tmp/b.db

(Run them from outside the checkouts: `python -m` puts the working folder first on the path.)
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3

# What is compared: the rows of each table as a version writes them, without their ids (chunk ids are random).
_COMPARED = {
    "edges": "SELECT source_id, target_id, edge_type, count FROM {db}.code_edges",
    "ranks": "SELECT node_id, prior FROM {db}.coderag_node_ranks",
    "chunks": "SELECT file_path, qualified_name, lineno, end_lineno, body FROM {db}.code_chunks",
    "nodes": "SELECT id, node_type, lineno FROM {db}.code_nodes",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    with contextlib.closing(sqlite3.connect(args.before)) as db:
        db.execute("ATTACH DATABASE ? AS after", (args.after,))
        for name, select in _COMPARED.items():
            before, after = select.format(db="main"), select.format(db="after")
            count = db.execute(f"SELECT count(*) FROM ({before})").fetchone()[0]
            gone = db.execute(f"SELECT count(*) FROM ({before} EXCEPT {after})").fetchone()[0]
            new = db.execute(f"SELECT count(*) FROM ({after} EXCEPT {before})").fetchone()[0]
            print(f"{name}: {count:,} before, {gone:,} of them gone or changed, {new:,} new or changed after")
        for label, schema in (("before", "main"), ("after", "after")):
            kinds = db.execute(f"SELECT kind, count(*) FROM {schema}.symbol_definitions GROUP BY kind ORDER BY kind")
            print(f"symbols {label}: " + ", ".join(f"{kind} {count:,}" for kind, count in kinds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
