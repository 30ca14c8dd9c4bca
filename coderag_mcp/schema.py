"""The vault.db schema: vlt's tables as vlt defines them, and the server's own `coderag_*` tables.

vlt's DDL has no DEFAULT clauses and no CHECK constraints, so neither has ours for vlt's tables:
a file created by this server must look to vlt exactly like one vlt created. Every statement is
`IF NOT EXISTS`, so applying the schema to a file whose tables vlt made first adds only what is
missing.

Migrations are numbered; each is applied once, in order, and recorded in
`coderag_schema_migrations`. A fresh database gets every migration in turn, so "fresh" and
"migrated" cannot drift apart.
"""

from __future__ import annotations

VLT_TABLES = """
CREATE TABLE IF NOT EXISTS projects (
    id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    description TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS code_chunks (
    id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    file_hash VARCHAR(32) NOT NULL,
    chunk_type VARCHAR(8) NOT NULL,
    name VARCHAR(256) NOT NULL,
    qualified_name VARCHAR(512) NOT NULL,
    language VARCHAR NOT NULL,
    lineno INTEGER NOT NULL,
    end_lineno INTEGER NOT NULL,
    imports TEXT,
    class_context TEXT,
    decorators TEXT,
    docstring TEXT,
    signature VARCHAR(1024),
    body TEXT NOT NULL,
    embedding BLOB,
    embedding_text TEXT,
    token_count INTEGER,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_code_chunk_project_id ON code_chunks (project_id);
CREATE INDEX IF NOT EXISTS ix_code_chunk_file_path ON code_chunks (project_id, file_path);
CREATE INDEX IF NOT EXISTS ix_code_chunk_qualified_name ON code_chunks (qualified_name);
CREATE INDEX IF NOT EXISTS ix_code_chunk_name ON code_chunks (name);
CREATE TABLE IF NOT EXISTS code_nodes (
    id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    node_type VARCHAR(8) NOT NULL,
    name VARCHAR(256) NOT NULL,
    signature VARCHAR(1024),
    lineno INTEGER,
    docstring TEXT,
    centrality_score FLOAT,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_code_node_project_id ON code_nodes (project_id);
CREATE INDEX IF NOT EXISTS ix_code_node_file_path ON code_nodes (file_path);
CREATE INDEX IF NOT EXISTS ix_code_node_name ON code_nodes (name);
CREATE INDEX IF NOT EXISTS ix_code_node_centrality ON code_nodes (project_id, centrality_score DESC);
CREATE TABLE IF NOT EXISTS code_edges (
    id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    target_id VARCHAR NOT NULL,
    edge_type VARCHAR(9) NOT NULL,
    lineno INTEGER,
    count INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id),
    FOREIGN KEY(source_id) REFERENCES code_nodes (id),
    FOREIGN KEY(target_id) REFERENCES code_nodes (id)
);
CREATE INDEX IF NOT EXISTS ix_code_edge_source ON code_edges (source_id);
CREATE INDEX IF NOT EXISTS ix_code_edge_target ON code_edges (target_id);
CREATE INDEX IF NOT EXISTS ix_code_edge_type ON code_edges (project_id, edge_type);
CREATE TABLE IF NOT EXISTS symbol_definitions (
    id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    name VARCHAR(256) NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    lineno INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    scope VARCHAR(512),
    signature VARCHAR(1024),
    language VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_symbol_def_name ON symbol_definitions (project_id, name);
CREATE INDEX IF NOT EXISTS ix_symbol_def_file ON symbol_definitions (file_path);
CREATE TABLE IF NOT EXISTS coderag_index_jobs (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR NOT NULL,
    status VARCHAR(9) NOT NULL,
    target_path VARCHAR(512) NOT NULL,
    force BOOLEAN NOT NULL,
    priority INTEGER NOT NULL,
    files_total INTEGER NOT NULL,
    files_processed INTEGER NOT NULL,
    chunks_created INTEGER NOT NULL,
    progress_percent INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    started_at DATETIME,
    completed_at DATETIME,
    error_message TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_coderag_job_project_status ON coderag_index_jobs (project_id, status);
CREATE INDEX IF NOT EXISTS ix_coderag_job_pending_priority
    ON coderag_index_jobs (status, priority DESC, created_at ASC);
CREATE TABLE IF NOT EXISTS repo_maps (
    id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    scope VARCHAR(512),
    map_text TEXT NOT NULL,
    token_count INTEGER NOT NULL,
    max_tokens INTEGER NOT NULL,
    files_included INTEGER NOT NULL,
    symbols_included INTEGER NOT NULL,
    symbols_total INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS code_chunk_fts USING fts5(
    chunk_id UNINDEXED, name, qualified_name, signature, docstring, body
);
"""

# Two RUNNING jobs of one project are impossible once this index exists, whichever process
# (or program) tries. Old vault files may already break the rule, so migration 1 repairs them
# first (see REPAIR_DUPLICATE_RUNNING).
ONE_RUNNING_JOB_PER_PROJECT = """
CREATE UNIQUE INDEX IF NOT EXISTS ux_coderag_job_one_running
    ON coderag_index_jobs (project_id) WHERE status = 'RUNNING';
"""

REPAIR_DUPLICATE_RUNNING = """
UPDATE coderag_index_jobs
   SET status = 'FAILED',
       completed_at = COALESCE(completed_at, :now),
       error_message = 'Another job of this project was running at the same time (left by an older '
           || 'version of the indexer). Run init_index or update_index again if the index is incomplete.'
 WHERE status = 'RUNNING'
   AND EXISTS (
       SELECT 1 FROM coderag_index_jobs AS newer
        WHERE newer.project_id = coderag_index_jobs.project_id
          AND newer.status = 'RUNNING'
          AND (COALESCE(newer.started_at, newer.created_at) > COALESCE(coderag_index_jobs.started_at,
                                                                       coderag_index_jobs.created_at)
               OR (COALESCE(newer.started_at, newer.created_at) = COALESCE(coderag_index_jobs.started_at,
                                                                          coderag_index_jobs.created_at)
                   AND newer.id > coderag_index_jobs.id)));
"""

OWN_TABLES = """
CREATE TABLE IF NOT EXISTS coderag_indexes (
    project_id VARCHAR NOT NULL,
    status VARCHAR(15) NOT NULL,
    file_count INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    last_indexed_at DATETIME,
    last_indexed_path VARCHAR(512),
    error_message TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (project_id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
-- One row per indexed file: what incremental runs and crash recovery compare against.
CREATE TABLE IF NOT EXISTS coderag_files (
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
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
-- The FTS rowid of every chunk we wrote: code_chunk_fts.chunk_id is UNINDEXED, so without this map
-- replacing one file's FTS rows would scan the whole FTS table.
CREATE TABLE IF NOT EXISTS coderag_chunk_fts_rows (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    fts_rowid INTEGER NOT NULL,
    PRIMARY KEY (fts_rowid)
);
CREATE INDEX IF NOT EXISTS ix_coderag_chunk_fts_rows_file ON coderag_chunk_fts_rows (project_id, file_path);
-- The lease of a RUNNING job: who runs it, when it last showed life, and whether someone asked
-- it to stop. Another process sees a stale heartbeat (or a dead pid on this host) and recovers it.
CREATE TABLE IF NOT EXISTS coderag_job_leases (
    job_id VARCHAR(36) NOT NULL,
    owner VARCHAR NOT NULL,
    hostname VARCHAR NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat_at DATETIME NOT NULL,
    attempts INTEGER NOT NULL,
    cancel_requested BOOLEAN NOT NULL,
    PRIMARY KEY (job_id),
    FOREIGN KEY(job_id) REFERENCES coderag_index_jobs (id)
);
-- What a finished job found along the way: files it skipped and why, files discovery left out.
CREATE TABLE IF NOT EXISTS coderag_job_stats (
    job_id VARCHAR(36) NOT NULL,
    files_skipped INTEGER NOT NULL,
    skipped_files TEXT NOT NULL,
    excluded TEXT NOT NULL,
    PRIMARY KEY (job_id),
    FOREIGN KEY(job_id) REFERENCES coderag_index_jobs (id)
);
"""

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS coderag_schema_migrations (
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    applied_at DATETIME NOT NULL,
    PRIMARY KEY (version)
);
"""

# What each definition (or module) of a file uses: one row per (source, name, edge type, module),
# with the lines where it happens. Kept so that edges can be resolved again when the files they
# point into change, without parsing the file that holds the references again.
REFERENCES = """
CREATE TABLE IF NOT EXISTS coderag_references (
    project_id VARCHAR NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    source_id VARCHAR NOT NULL,
    name VARCHAR(256) NOT NULL,
    edge_type VARCHAR(9) NOT NULL,
    module VARCHAR(512),
    lineno INTEGER NOT NULL,
    lines TEXT NOT NULL,
    count INTEGER NOT NULL,
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_coderag_ref_file ON coderag_references (project_id, file_path);
CREATE INDEX IF NOT EXISTS ix_coderag_ref_name ON coderag_references (project_id, name);
-- How each edge was resolved: LOCAL (same file), IMPORT (through the file's imports) or NAME.
CREATE TABLE IF NOT EXISTS coderag_edge_resolutions (
    edge_id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    source_file VARCHAR(512) NOT NULL,
    resolution VARCHAR(6) NOT NULL,
    PRIMARY KEY (edge_id),
    FOREIGN KEY(project_id) REFERENCES projects (id)
);
CREATE INDEX IF NOT EXISTS ix_coderag_edge_resolution_file ON coderag_edge_resolutions (project_id, source_file);
"""

# Our own full-text index of each chunk, in code-aware terms: identifiers kept whole and split at
# case changes, digits and underscores (vlt's code_chunk_fts cannot split `parseConfig`), with the
# file path as a field and a per-project scope token so a search never scores other projects.
# Rows share their rowid with the chunk's code_chunk_fts row.
CHUNK_TERMS = """
CREATE VIRTUAL TABLE IF NOT EXISTS coderag_chunk_terms USING fts5(
    name, qualified, signature, doc, path, body, scope, tokenize = "unicode61 tokenchars '_'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS coderag_chunk_terms_vocab USING fts5vocab(coderag_chunk_terms, 'row');
-- Embedding vectors by the hash of the text embedded (and the model): unchanged code is never sent twice.
CREATE TABLE IF NOT EXISTS coderag_embedding_cache (
    text_hash VARCHAR(32) NOT NULL,
    model VARCHAR NOT NULL,
    vector BLOB NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (text_hash)
);
"""

# Chunks indexed before migration 3 have no search terms, and before migration 4 unstemmed ones: make
# the next update rewrite every file (a hash that cannot match) and say so in the index status.
# A new database has no rows to touch.
REINDEX_FOR_TERMS = """
UPDATE coderag_files SET file_hash = '', size = -1;
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'The search index format changed: run update_index to rebuild it.'
 WHERE status = 'READY';
"""

# Python references learn what they are reached through (a call's receiver, an import's alias): the
# graph resolves an attribute call only when it knows the receiver. Older rows lack it, so every file
# is parsed again by the next update.
REFERENCE_QUALIFIER = """
ALTER TABLE coderag_references ADD COLUMN qualifier VARCHAR(512);
UPDATE coderag_files SET file_hash = '', size = -1;
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'The code graph format changed: run update_index to rebuild it.'
 WHERE status = 'READY';
"""

# (version, name, statements). Statements may use the `:now` parameter.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "vlt tables, coderag state tables, one running job per project",
     [VLT_TABLES, OWN_TABLES, REPAIR_DUPLICATE_RUNNING, ONE_RUNNING_JOB_PER_PROJECT]),
    (2, "references and edge resolutions behind the code graph", [REFERENCES]),
    (3, "code-aware search terms and the embedding cache", [CHUNK_TERMS, REINDEX_FOR_TERMS]),
    (4, "search terms stemmed", [REINDEX_FOR_TERMS]),
    (5, "references keep what they are reached through", [REFERENCE_QUALIFIER]),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
