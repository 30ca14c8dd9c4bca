"""The vault.db schema: vlt's tables as vlt defines them, and the server's own `coderag_*` tables.

vlt's objects are created from vlt's own DDL (`vlt_schema.sql`, a dump of what vlt's `init_db()`
makes), one statement per object the file lacks: a file created by this server looks to vlt
exactly like one vlt created, and a file vlt created keeps its objects untouched.

Our tables point at vlt's with `ON DELETE CASCADE` (or, for the full-text rows of a chunk, a
trigger on `code_chunks`): vlt deletes jobs, indexes and projects with plain DELETEs and foreign
keys on, and our rows must follow, never block. The statements here are applied by the numbered
migrations (migrations.py), in the form each migration gave them; those of migration 5 on are
schema_changes.py.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from importlib import resources


# vlt's own schema, exactly as vlt's `init_db()` creates it (a dump of its sqlite_master, shipped as
# vlt_schema.sql). Objects a file lacks are created from it statement by statement, never altered:
# a vault.db made here must look to vlt exactly like one vlt made, and one vlt made keeps its own.
VLT_SCHEMA_FILE = "vlt_schema.sql"
_CREATE = re.compile(r'CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX|VIRTUAL\s+TABLE)\s+"?(\w+)"?', re.IGNORECASE)


@functools.cache
def vlt_schema() -> tuple[tuple[str, str, str], ...]:
    """(type, name, statement) of every object vlt creates, in its order; type as sqlite_master says."""
    text = resources.files("coderag_mcp").joinpath(VLT_SCHEMA_FILE).read_text()
    objects, buffer = [], ""
    for line in text.splitlines(keepends=True):
        if not buffer and (line.startswith("--") or not line.strip()):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip().rstrip(";")
            match = _CREATE.match(statement)
            assert match, statement
            kind = "index" if match.group(1).upper() == "INDEX" else "table"
            objects.append((kind, match.group(2), statement))
            buffer = ""
    return tuple(objects)

# Two RUNNING jobs of one project are impossible once this index exists, whichever process
# (or program) tries. Old vault files may already break the rule, so migration 1 repairs them
# first (see REPAIR_DUPLICATE_RUNNING).
ONE_RUNNING_JOB_PER_PROJECT = """
CREATE UNIQUE INDEX IF NOT EXISTS ux_coderag_job_one_running
    ON coderag_index_jobs (project_id) WHERE status = 'RUNNING';
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
