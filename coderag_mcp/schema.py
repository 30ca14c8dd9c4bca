"""The vault.db schema: vlt's tables as vlt defines them, and the server's own `coderag_*` tables.

vlt's objects are created from vlt's own DDL (`vlt_schema.sql`, a dump of what vlt's `init_db()`
makes), one statement per object the file lacks: a file created by this server looks to vlt
exactly like one vlt created, and a file vlt created keeps its objects untouched.

Our tables point at vlt's with `ON DELETE CASCADE` (or, for the full-text rows of a chunk, a
trigger on `code_chunks`): vlt deletes jobs, indexes and projects with plain DELETEs and foreign
keys on, and our rows must follow, never block.

Migrations are numbered; each is applied once, in order, and recorded in
`coderag_schema_migrations`. A fresh database gets every migration in turn, so "fresh" and
"migrated" cannot drift apart.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Union

import aiosqlite

from .terms import scope_token

# vlt's own schema, exactly as vlt's `init_db()` creates it (a dump of its sqlite_master, shipped as
# vlt_schema.sql). Objects a file lacks are created from it statement by statement, never altered:
# a vault.db made here must look to vlt exactly like one vlt made, and one vlt made keeps its own.
VLT_SCHEMA_FILE = "vlt_schema.sql"
Step = Union[str, Callable[[aiosqlite.Connection, str], Awaitable[None]]]
_CREATE = re.compile(r'CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX|VIRTUAL\s+TABLE)\s+"?(\w+)"?', re.IGNORECASE)


@functools.cache
def vlt_schema() -> tuple[tuple[str, str, str], ...]:
    """(type, name, statement) of every object vlt creates, in its order; type as sqlite_master says."""
    text = resources.files(__package__).joinpath(VLT_SCHEMA_FILE).read_text()
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

# --- migration 5: sharing vault.db with vlt both ways -------------------------------------------

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

async def create_missing_vlt_objects(db: aiosqlite.Connection, now: str) -> None:
    """Create each of vlt's tables and indexes that the file lacks, from vlt's own statement."""
    have = {row[0] for row in await db.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    for _kind, name, statement in vlt_schema():
        if name not in have:
            await db.execute(statement)


# What versions before migration 5 created (without vlt's tokenizer), exactly as sqlite_master keeps it.
_OUR_OLD_FTS = """CREATE VIRTUAL TABLE code_chunk_fts USING fts5(
    chunk_id UNINDEXED, name, qualified_name, signature, docstring, body
)"""


async def fts_with_vlt_tokenizer(db: aiosqlite.Connection, now: str) -> None:
    """Rebuild code_chunk_fts with vlt's definition (`porter unicode61`) when an older version of ours
    made it without; rowids are kept, so our rowid map stays valid."""
    rows = await db.execute_fetchall(
        "SELECT sql FROM sqlite_master WHERE name = 'code_chunk_fts'")
    if not rows or rows[0][0] != _OUR_OLD_FTS:
        return  # vlt's own definition, whatever it is, stays
    exact = next(statement for _kind, name, statement in vlt_schema() if name == "code_chunk_fts")
    columns = "chunk_id, name, qualified_name, signature, docstring, body"
    await db.execute(f"CREATE TEMP TABLE coderag_fts_copy AS SELECT rowid AS rid, {columns} FROM code_chunk_fts")
    await db.execute("DROP TABLE code_chunk_fts")
    await db.execute(exact)
    await db.execute(f"INSERT INTO code_chunk_fts (rowid, {columns}) SELECT rid, {columns} FROM temp.coderag_fts_copy")
    await db.execute("DROP TABLE temp.coderag_fts_copy")


async def own_tables_with_cascades(db: aiosqlite.Connection, now: str) -> None:
    """Rebuild each of our tables in its migration-5 form, keeping the rows that still belong somewhere."""
    for name, ddl, indexes, keep in OWN_TABLES_SHARED:
        old = [row[1] for row in await db.execute_fetchall(f"PRAGMA table_info({name})")]
        await db.execute(ddl.replace(f"CREATE TABLE {name} ", f"CREATE TABLE {name}_v5 ", 1))
        new = [row[1] for row in await db.execute_fetchall(f"PRAGMA table_info({name}_v5)")]
        if old:
            if name == "coderag_chunk_fts_rows" and "chunk_id" not in old:
                await db.execute(
                    """INSERT INTO coderag_chunk_fts_rows_v5 (project_id, file_path, fts_rowid, chunk_id)
                       SELECT m.project_id, m.file_path, m.fts_rowid, f.chunk_id
                         FROM coderag_chunk_fts_rows AS m JOIN code_chunk_fts AS f ON f.rowid = m.fts_rowid
                        WHERE f.chunk_id IN (SELECT id FROM code_chunks)""")
            else:
                shared = ", ".join(column for column in new if column in old)
                await db.execute(f"INSERT INTO {name}_v5 ({shared}) SELECT {shared} FROM {name} WHERE {keep}")
            await db.execute(f"DROP TABLE {name}")
        await db.execute(f"ALTER TABLE {name}_v5 RENAME TO {name}")
        for statement in indexes.strip().split(";"):
            if statement.strip():
                await db.execute(statement)


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


# --- migration 7: search statistics per project ---------------------------------------------------

TERMS_TABLE_PREFIX = "coderag_terms_"


def terms_table(project_id: str) -> str:
    """The project's own full-text table of search terms. BM25 counts documents and their average
    length over the table it ranks, so with a table per project, indexing another project into the
    same vault.db never moves this one's results."""
    return TERMS_TABLE_PREFIX + scope_token(project_id)


def terms_table_ddl(project_id: str) -> list[str]:
    """The project's terms table, its vocabulary (for term counts), and a trigger so that whoever
    deletes a chunk (vlt too) deletes its terms: BEFORE the delete, while the rowid map still has it."""
    table = terms_table(project_id)
    literal = "'" + project_id.replace("'", "''") + "'"
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
                name, qualified, signature, doc, path, body, scope, tokenize = "unicode61 tokenchars '_'")""",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_vocab USING fts5vocab({table}, 'row')",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_follow BEFORE DELETE ON code_chunks WHEN OLD.project_id = {literal}
            BEGIN
                DELETE FROM {table}
                 WHERE rowid = (SELECT fts_rowid FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id);
            END""",
    ]


async def terms_per_project(db: aiosqlite.Connection, now: str) -> None:
    """Move each project's rows of the shared coderag_chunk_terms into its own table (rowids kept)."""
    projects = [row[0] for row in await db.execute_fetchall("SELECT DISTINCT project_id FROM coderag_chunk_fts_rows")]
    for project_id in projects:
        for statement in terms_table_ddl(project_id):
            await db.execute(statement)
        await db.execute(
            f"""INSERT INTO {terms_table(project_id)} (rowid, name, qualified, signature, doc, path, body, scope)
                SELECT t.rowid, t.name, t.qualified, t.signature, t.doc, t.path, t.body, t.scope
                  FROM coderag_chunk_terms AS t JOIN coderag_chunk_fts_rows AS m ON m.fts_rowid = t.rowid
                 WHERE m.project_id = ?""", (project_id,))
    await db.execute("DELETE FROM coderag_chunk_terms")


# (version, name, steps). A step is SQL (statements may use the `:now` parameter) or an async
# function of the connection and `now`.
MIGRATIONS: list[tuple[int, str, list[Step]]] = [
    (1, "vlt tables, coderag state tables, one running job per project",
     [create_missing_vlt_objects, OWN_TABLES, REPAIR_DUPLICATE_RUNNING, ONE_RUNNING_JOB_PER_PROJECT]),
    (2, "references and edge resolutions behind the code graph", [REFERENCES]),
    (3, "code-aware search terms and the embedding cache", [CHUNK_TERMS, REINDEX_FOR_TERMS]),
    (4, "search terms stemmed", [REINDEX_FOR_TERMS]),
    (5, "a complete vlt vault: vlt's missing objects, its FTS tokenizer, our rows following vlt's deletes, "
        "centrality on vlt's scale",
     [create_missing_vlt_objects, fts_with_vlt_tokenizer, own_tables_with_cascades, NODE_RANKS,
      CHUNK_ROWS_FOLLOW_CHUNKS]),
    (6, "references keep what they are reached through", [REFERENCE_QUALIFIER]),
    (7, "search terms in a table per project, so BM25 statistics are the project's own", [terms_per_project]),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
