"""The schema's changes from migration 5 on: our tables remade with cascades on vlt's rows, the ranking prior's
table, the triggers that delete our rows with vlt's, and the tables later migrations added or reshaped
(edge resolutions by edge, a file's references in one row, history, skipped files, parse errors).

Apart from schema.py, which holds vlt's own schema and our first tables (migrations 1 to 4): each statement
here is what one numbered migration (migrations.py) applies, in the form that migration gave it.
"""

from __future__ import annotations


# Our tables as they are from migration 5 on: every reference to a row of vlt's cascades, so vlt's
# plain DELETEs of jobs, nodes, edges or projects take our rows along instead of failing.
# (name, DDL, indexes, the rows of the old table that may be copied)
OWN_TABLES_SHARED: tuple[tuple[str, str, str, str], ...] = (
    ("coderag_indexes", """
CREATE TABLE coderag_indexes (
    project_id VARCHAR NOT NULL,
    status VARCHAR(15) NOT NULL,
    file_count INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    last_indexed_at DATETIME,
    last_indexed_path VARCHAR(512),
    error_message TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    -- the index's rows (counts and newest rowids) when a job of ours last ended; NULL while one
    -- writes. Another program's writes show as a difference.
    fingerprint VARCHAR,
    PRIMARY KEY (project_id),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
)""", "", "project_id IN (SELECT id FROM projects)"),
    ("coderag_files", """
CREATE TABLE coderag_files (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    file_hash VARCHAR(32) NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    language VARCHAR NOT NULL,
    chunk_count INTEGER NOT NULL,
    symbol_count INTEGER NOT NULL,
    job_id VARCHAR(36) NOT NULL,
    indexed_at DATETIME NOT NULL,
    -- 0 until the file's references are resolved into edges (after it or a file it uses changed)
    linked BOOLEAN NOT NULL,
    PRIMARY KEY (project_id, file_path),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
)""", "", "project_id IN (SELECT id FROM projects)"),
    # The FTS rowid of every chunk we wrote: code_chunk_fts.chunk_id is UNINDEXED, so without this map
    # finding a chunk's FTS rows would scan the whole FTS table.
    ("coderag_chunk_fts_rows", """
CREATE TABLE coderag_chunk_fts_rows (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    fts_rowid INTEGER NOT NULL,
    chunk_id VARCHAR NOT NULL,
    PRIMARY KEY (fts_rowid),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
)""", """
CREATE INDEX ix_coderag_chunk_fts_rows_file ON coderag_chunk_fts_rows (project_id, file_path);
CREATE UNIQUE INDEX ix_coderag_chunk_fts_rows_chunk ON coderag_chunk_fts_rows (chunk_id);
""", "chunk_id IN (SELECT id FROM code_chunks)"),
    ("coderag_job_leases", """
CREATE TABLE coderag_job_leases (
    job_id VARCHAR(36) NOT NULL,
    owner VARCHAR NOT NULL,
    hostname VARCHAR NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat_at DATETIME NOT NULL,
    attempts INTEGER NOT NULL,
    cancel_requested BOOLEAN NOT NULL,
    PRIMARY KEY (job_id),
    FOREIGN KEY(job_id) REFERENCES coderag_index_jobs (id) ON DELETE CASCADE
)""", "", "job_id IN (SELECT id FROM coderag_index_jobs)"),
    ("coderag_job_stats", """
CREATE TABLE coderag_job_stats (
    job_id VARCHAR(36) NOT NULL,
    files_skipped INTEGER NOT NULL,
    skipped_files TEXT NOT NULL,
    excluded TEXT NOT NULL,
    PRIMARY KEY (job_id),
    FOREIGN KEY(job_id) REFERENCES coderag_index_jobs (id) ON DELETE CASCADE
)""", "", "job_id IN (SELECT id FROM coderag_index_jobs)"),
    ("coderag_references", """
CREATE TABLE coderag_references (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    source_id VARCHAR NOT NULL,
    name VARCHAR(256) NOT NULL,
    edge_type VARCHAR(9) NOT NULL,
    module VARCHAR(512),
    lineno INTEGER NOT NULL,
    lines TEXT NOT NULL,
    count INTEGER NOT NULL,
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
)""", """
CREATE INDEX ix_coderag_ref_file ON coderag_references (project_id, file_path);
CREATE INDEX ix_coderag_ref_name ON coderag_references (project_id, name);
""", "project_id IN (SELECT id FROM projects)"),
    ("coderag_edge_resolutions", """
CREATE TABLE coderag_edge_resolutions (
    edge_id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    source_file VARCHAR(512) NOT NULL,
    resolution VARCHAR(6) NOT NULL,
    PRIMARY KEY (edge_id),
    FOREIGN KEY(edge_id) REFERENCES code_edges (id) ON DELETE CASCADE,
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
)""", """
CREATE INDEX ix_coderag_edge_resolution_file ON coderag_edge_resolutions (project_id, source_file);
""", "edge_id IN (SELECT id FROM code_edges)"),
)


# Our ranking prior (PageRank scaled so the project's average node scores 1.0). code_nodes'
# centrality_score is on vlt's scale (summing to 1) and vlt rewrites it (`vlt coderag map
# --regenerate`); our ranking must not change when it does.
NODE_RANKS = """
CREATE TABLE IF NOT EXISTS coderag_node_ranks (
    node_id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    prior FLOAT NOT NULL,
    PRIMARY KEY (node_id),
    FOREIGN KEY(node_id) REFERENCES code_nodes (id) ON DELETE CASCADE,
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS ix_coderag_node_ranks_project ON coderag_node_ranks (project_id);
CREATE TEMP TABLE coderag_node_counts AS
    SELECT project_id, count(*) AS nodes FROM code_nodes
     WHERE project_id IN (SELECT project_id FROM coderag_indexes) GROUP BY project_id;
INSERT OR IGNORE INTO coderag_node_ranks (node_id, project_id, prior)
    SELECT id, project_id, centrality_score FROM code_nodes
     WHERE centrality_score IS NOT NULL AND project_id IN (SELECT project_id FROM coderag_node_counts);
UPDATE code_nodes SET centrality_score = centrality_score
       / (SELECT nodes FROM coderag_node_counts AS c WHERE c.project_id = code_nodes.project_id)
 WHERE centrality_score IS NOT NULL AND project_id IN (SELECT project_id FROM coderag_node_counts);
DROP TABLE temp.coderag_node_counts;
"""


# Whoever deletes a chunk (vlt too: its `coderag delete` and `init --force` delete chunks but not
# their full-text rows), the chunk's rows in both FTS tables and in our rowid map go with it.
# (A trigger cannot sit on a virtual table, so it sits on code_chunks.)
CHUNK_ROWS_FOLLOW_CHUNKS = """
CREATE TRIGGER IF NOT EXISTS coderag_chunk_deleted AFTER DELETE ON code_chunks
BEGIN
    DELETE FROM code_chunk_fts
     WHERE rowid = (SELECT fts_rowid FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id);
    DELETE FROM coderag_chunk_terms
     WHERE rowid = (SELECT fts_rowid FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id);
    DELETE FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id;
END;
"""


# Migration 8: the shared terms table is empty since each project has its own (migration 7), so the
# trigger no longer deletes from it.
CHUNK_ROWS_FOLLOW_CHUNKS_V8 = "DROP TRIGGER IF EXISTS coderag_chunk_deleted;\n" + CHUNK_ROWS_FOLLOW_CHUNKS.replace(
    """    DELETE FROM coderag_chunk_terms
     WHERE rowid = (SELECT fts_rowid FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id);
""", "")


# How each edge was resolved, keyed by the edge alone: one B-tree (no rowid, no per-file index) instead of
# three, and whoever deletes an edge (vlt too, with or without foreign keys on) deletes its resolution.
EDGE_RESOLUTIONS_BY_EDGE = """
CREATE TABLE coderag_edge_resolutions_v8 (
    edge_id VARCHAR NOT NULL PRIMARY KEY,
    resolution VARCHAR(6) NOT NULL
) WITHOUT ROWID;
INSERT INTO coderag_edge_resolutions_v8 (edge_id, resolution)
    SELECT edge_id, resolution FROM coderag_edge_resolutions WHERE edge_id IN (SELECT id FROM code_edges);
DROP TABLE coderag_edge_resolutions;
ALTER TABLE coderag_edge_resolutions_v8 RENAME TO coderag_edge_resolutions;
CREATE TRIGGER IF NOT EXISTS coderag_edge_deleted AFTER DELETE ON code_edges
BEGIN
    DELETE FROM coderag_edge_resolutions WHERE edge_id = OLD.id;
END;
"""


# Migration 9: a file's references in one row, and the names they use in a table of their own (see
# references.py). The rows of the per-reference table move over, in the same form.
FILE_REFERENCES = """
CREATE TABLE coderag_file_references (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    refs TEXT NOT NULL,
    PRIMARY KEY (project_id, file_path),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE TABLE coderag_reference_names (
    project_id VARCHAR NOT NULL,
    name VARCHAR(256) NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    PRIMARY KEY (project_id, name, file_path),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ix_coderag_reference_names_file ON coderag_reference_names (project_id, file_path);
INSERT INTO coderag_file_references (project_id, file_path, refs)
    SELECT project_id, file_path, json_group_array(json_array(
               CASE WHEN source_id = project_id || ':' || file_path THEN NULL
                    ELSE substr(source_id, length(project_id) + length(file_path) + 3) END,
               name, edge_type, module, lineno, lines, count, qualifier))
      FROM (SELECT * FROM coderag_references WHERE project_id IN (SELECT id FROM projects)
             ORDER BY project_id, file_path, lineno, rowid)
     GROUP BY project_id, file_path;
INSERT OR IGNORE INTO coderag_reference_names (project_id, name, file_path)
    SELECT project_id, name, file_path FROM coderag_references WHERE project_id IN (SELECT id FROM projects);
DROP TABLE coderag_references;
"""


# The project's commit history as the last index read it (store/history.py).
HISTORY_TABLE = """
CREATE TABLE IF NOT EXISTS coderag_history (
    project_id VARCHAR NOT NULL PRIMARY KEY,
    head VARCHAR NOT NULL,
    commit_count INTEGER NOT NULL,
    commits BLOB NOT NULL,
    read_at DATETIME NOT NULL,
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
);
"""


# Migration 15: each file's structure references (imports, bases, bindings) kept apart (references.py).
REFERENCE_STRUCTURE = "ALTER TABLE coderag_file_references ADD COLUMN structure BLOB;"


# Migration 16: files a job found but could not index (minified, too slow to parse, a parser crash), with
# the stat data they had: until a file's stat data changes, updates do not read it again, and the index
# is not called stale for it.
SKIPPED_FILES = """
CREATE TABLE IF NOT EXISTS coderag_skipped_files (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    reason TEXT NOT NULL,
    job_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (project_id, file_path),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
) WITHOUT ROWID;
"""


# Migration 33: the files whose grammar could not read a place outside their functions, where definitions may be
# lost (parse_errors.unread_line: hono's src/types.ts lost 34 of 53 declarations to one), with that place's first
# line: get_status counts them and names a few. A row only for such a file.
PARSE_ERRORS = """
CREATE TABLE IF NOT EXISTS coderag_parse_errors (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    lineno INTEGER NOT NULL,
    PRIMARY KEY (project_id, file_path),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
) WITHOUT ROWID;
"""
