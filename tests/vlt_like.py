"""What vlt's own code does to vault.db, statement for statement (vlt is not on PyPI, so the tests
cannot install it). Read from vlt-cli 0.2.0 (NoSaaS-me/Vlt-Bridge, packages/vlt-cli):
`core/service.py` delete_coderag_index, `core/coderag/indexer.py` _cleanup_project_data and
_store_chunks, `core/coderag/store.py` save_chunks / save_graph, `core/coderag/bm25.py`
index_chunk, `core/coderag/repomap.py` calculate_centrality. vlt runs SQLAlchemy with
`PRAGMA foreign_keys=ON`, enum columns hold member names, datetimes 'YYYY-MM-DD HH:MM:SS.ffffff'.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOW = "2026-11-01 12:00:00.000000"


@contextmanager
def vlt_session(db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA foreign_keys=ON")
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


def delete_coderag_index(db: Path, project_id: str) -> None:
    """`vlt coderag delete`: chunks, edges, nodes, symbols, jobs, repo maps, delta queue, one commit."""
    with vlt_session(db) as session:
        for table in ("code_chunks", "code_edges", "code_nodes", "symbol_definitions", "coderag_index_jobs",
                      "repo_maps", "index_delta_queue"):
            session.execute(f"DELETE FROM {table} WHERE project_id = ?", (project_id,))


def cleanup_project_data(session: sqlite3.Connection, project_id: str) -> None:
    """The first step of `vlt coderag init --force` (FTS rows are left, vlt says "orphaned but harmless")."""
    for table in ("code_edges", "code_nodes", "symbol_definitions", "code_chunks", "repo_maps", "index_delta_queue"):
        session.execute(f"DELETE FROM {table} WHERE project_id = ?", (project_id,))


def store_python_file(session: sqlite3.Connection, project_id: str, file_path: str,
                      functions: list[tuple[str, int, int, str]]) -> list[str]:
    """vlt's indexer writing one Python file of top-level functions (name, lineno, end_lineno, body):
    chunks (file_hash is the MD5 of the chunk's body), their FTS rows, graph nodes with bare
    qualified-name ids, and symbols. Returns the chunk ids."""
    module = file_path.rsplit(".", 1)[0].replace("/", ".")
    chunk_ids = []
    for name, lineno, end_lineno, body in functions:
        chunk_id = str(uuid.uuid4())
        chunk_ids.append(chunk_id)
        qualified = f"{module}.{name}"
        session.execute(
            """INSERT INTO code_chunks (id, project_id, file_path, file_hash, chunk_type, name, qualified_name,
                   language, lineno, end_lineno, imports, class_context, signature, decorators, docstring, body,
                   embedding, embedding_text, token_count, created_at, updated_at)
               VALUES (?, ?, ?, ?, 'FUNCTION', ?, ?, 'python', ?, ?, NULL, NULL, ?, NULL, NULL, ?, NULL, ?, NULL,
                       ?, ?)""",
            (chunk_id, project_id, file_path, hashlib.md5(body.encode()).hexdigest(), name, qualified, lineno,
             end_lineno, f"def {name}()", body, body, NOW, NOW))
        session.execute(
            """INSERT OR REPLACE INTO code_chunk_fts(chunk_id, name, qualified_name, signature, docstring, body)
               VALUES (?, ?, ?, ?, ?, ?)""", (chunk_id, name, qualified, f"def {name}()", "", body))
        session.execute(
            """INSERT INTO code_nodes (id, project_id, file_path, node_type, name, signature, lineno, docstring,
                                       centrality_score) VALUES (?, ?, ?, 'FUNCTION', ?, ?, ?, NULL, NULL)""",
            (qualified, project_id, file_path, name, f"def {name}()", lineno))
        session.execute(
            """INSERT INTO symbol_definitions (id, project_id, name, file_path, lineno, kind, scope, signature,
                                              language) VALUES (?, ?, ?, ?, ?, 'function', NULL, ?, 'python')""",
            (str(uuid.uuid4()), project_id, name, file_path, lineno, f"def {name}()"))
    return chunk_ids


def add_job(session: sqlite3.Connection, project_id: str, target_path: str, status: str = "COMPLETED") -> str:
    job_id = str(uuid.uuid4())
    session.execute(
        """INSERT INTO coderag_index_jobs (id, project_id, status, target_path, force, priority, files_total,
               files_processed, chunks_created, progress_percent, created_at, started_at, completed_at,
               error_message) VALUES (?, ?, ?, ?, 0, 0, 1, 1, 1, 100, ?, ?, ?, NULL)""",
        (job_id, project_id, status, target_path, NOW, NOW, NOW))
    return job_id


def add_project(session: sqlite3.Connection, project_id: str) -> None:
    session.execute("INSERT OR IGNORE INTO projects (id, name, description, created_at) VALUES (?, ?, '', ?)",
                    (project_id, project_id, NOW))


def regenerate_map(db: Path, project_id: str) -> None:
    """`vlt coderag map --regenerate`: vlt's own PageRank (summing to 1) over CALLS edges, written into
    code_nodes.centrality_score, and a new repo_maps row."""
    with vlt_session(db) as session:
        nodes = [row[0] for row in session.execute("SELECT id FROM code_nodes WHERE project_id = ?", (project_id,))]
        edges = session.execute("SELECT source_id, target_id FROM code_edges WHERE project_id = ?",
                                (project_id,)).fetchall()
        callers: dict[str, list[str]] = {node: [] for node in nodes}
        out_degree = {node: 0 for node in nodes}
        for source, target in edges:
            if source in callers and target in callers:
                callers[target].append(source)
                out_degree[source] += 1
        scores = {node: 1.0 / len(nodes) for node in nodes}
        for _ in range(100):
            scores = {node: 0.15 / len(nodes) + 0.85 * sum(scores[c] / out_degree[c] for c in callers[node])
                      for node in nodes}
        session.executemany("UPDATE code_nodes SET centrality_score = ? WHERE id = ?",
                            [(score, node) for node, score in scores.items()])
        session.execute(
            """INSERT INTO repo_maps (id, project_id, scope, map_text, token_count, max_tokens, files_included,
                   symbols_included, symbols_total, created_at) VALUES (?, ?, NULL, 'vlt map', 2, 1000, 1, 1, 1, ?)""",
            (str(uuid.uuid4()), project_id, NOW))


def search(db: Path, project_id: str, words: str) -> list[str]:
    """vlt's BM25 search: its FTS table joined to chunks, ranked by bm25()."""
    with vlt_session(db) as session:
        return [row[0] for row in session.execute(
            """SELECT cc.qualified_name FROM code_chunk_fts AS fts JOIN code_chunks AS cc ON cc.id = fts.chunk_id
                WHERE code_chunk_fts MATCH ? AND cc.project_id = ? ORDER BY bm25(code_chunk_fts)""",
            (words, project_id))]


def orphans(db: Path) -> dict[str, int]:
    """Rows that belong to nothing, in either program's tables; every value should be 0."""
    checks = {
        "fts rows without a chunk": "SELECT count(*) FROM code_chunk_fts WHERE chunk_id NOT IN (SELECT id FROM code_chunks)",
        "chunks without an fts row": "SELECT count(*) FROM code_chunks WHERE id NOT IN (SELECT chunk_id FROM code_chunk_fts)",
        "fts rows of a chunk twice": "SELECT count(*) - count(DISTINCT chunk_id) FROM code_chunk_fts",
        "rowid map without a chunk": "SELECT count(*) FROM coderag_chunk_fts_rows WHERE chunk_id NOT IN (SELECT id FROM code_chunks)",
        "search terms without a map row": "SELECT count(*) FROM coderag_chunk_terms WHERE rowid NOT IN (SELECT fts_rowid FROM coderag_chunk_fts_rows)",
        "duplicate symbols": """SELECT count(*) FROM (SELECT 1 FROM symbol_definitions
                                 GROUP BY project_id, file_path, name, lineno, kind HAVING count(*) > 1)""",
        "repo maps older than the index": """SELECT count(*) FROM repo_maps AS m JOIN coderag_indexes AS i
                                              ON i.project_id = m.project_id WHERE m.created_at < i.last_indexed_at""",
        "our file state without the project's chunks": """SELECT count(*) FROM coderag_files AS f WHERE chunk_count > 0
                AND NOT EXISTS (SELECT 1 FROM code_chunks AS c WHERE c.project_id = f.project_id
                                AND c.file_path = f.file_path)""",
    }
    connection = sqlite3.connect(db)
    try:
        found = {name: connection.execute(sql).fetchone()[0] for name, sql in checks.items()}
        # Each project's own terms table (contentless): rows of chunks that are gone, unless the chunk's
        # fields wait for our next write to delete them.
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'coderag_terms_%' "
                                           "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5(%'").fetchall():
            found[f"{table} rows of no chunk"] = connection.execute(
                f"""SELECT count(*) FROM {table} WHERE rowid NOT IN (SELECT fts_rowid FROM coderag_chunk_fts_rows)
                                                 AND rowid NOT IN (SELECT fts_rowid FROM coderag_terms_deleted)""").fetchone()[0]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    return found
