"""The steps of vault.db's migrations that change its tables and their rows rather than have files parsed or linked
again (reparse_migrations.py, selected_reparses.py and relinks.py hold those): repairs, vlt's objects made when
missing, our tables remade with cascades, the search terms per project. migrations.py numbers and applies them."""

from __future__ import annotations

import logging

import aiosqlite

from .schema import vlt_schema
from .schema_changes import OWN_TABLES_SHARED
from .terms_schema import TERMS_DELETED, terms_table, terms_table_ddl

logger = logging.getLogger(__name__)

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

# Chunks indexed before migration 3 have no search terms, and before migration 4 unstemmed ones: make
# the next update rewrite every file (a hash that cannot match) and say so in the index status.
# A new database has no rows to touch.
REINDEX_FOR_TERMS = """
UPDATE coderag_files SET file_hash = '', size = -1;
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'The search index format changed: run update_index to rebuild it.'
 WHERE status = 'READY';
"""

# --- migration 11: files and symbols per language, kept by triggers ----------------------------

# get_status reports a project's files and symbols per language at every call, also while a job
# writes them: kept up to date by triggers, so that costs a row per language instead of a walk over
# every file's row (0.4 ms on sympy's 1,563 files, 27 ms at 100,000).
LANGUAGE_COUNTS = """
CREATE TABLE IF NOT EXISTS coderag_language_counts (
    project_id VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    files INTEGER NOT NULL,
    symbols INTEGER NOT NULL,
    PRIMARY KEY (project_id, language),
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO coderag_language_counts (project_id, language, files, symbols)
    SELECT project_id, language, count(*), sum(symbol_count) FROM coderag_files GROUP BY project_id, language;
CREATE TRIGGER IF NOT EXISTS coderag_file_counted AFTER INSERT ON coderag_files BEGIN
    INSERT INTO coderag_language_counts (project_id, language, files, symbols)
        VALUES (new.project_id, new.language, 1, new.symbol_count)
        ON CONFLICT (project_id, language) DO UPDATE SET files = files + 1, symbols = symbols + excluded.symbols;
END;
CREATE TRIGGER IF NOT EXISTS coderag_file_uncounted AFTER DELETE ON coderag_files BEGIN
    UPDATE coderag_language_counts SET files = files - 1, symbols = symbols - old.symbol_count
     WHERE project_id = old.project_id AND language = old.language;
END;
CREATE TRIGGER IF NOT EXISTS coderag_file_recounted AFTER UPDATE OF language, symbol_count ON coderag_files BEGIN
    UPDATE coderag_language_counts SET files = files - 1, symbols = symbols - old.symbol_count
     WHERE project_id = old.project_id AND language = old.language;
    INSERT INTO coderag_language_counts (project_id, language, files, symbols)
        VALUES (new.project_id, new.language, 1, new.symbol_count)
        ON CONFLICT (project_id, language) DO UPDATE SET files = files + 1, symbols = symbols + excluded.symbols;
END;
"""


# --- migration 12: how far a project's ranking is behind its edges --------------------------------

# PageRank over a large graph takes seconds; after a small update the ranks hardly move, so the link
# may leave them and count the edges that changed since the graph was last ranked (graph.py).
RANK_DEBT = """
CREATE TABLE IF NOT EXISTS coderag_rank_debt (
    project_id VARCHAR NOT NULL PRIMARY KEY,
    ranked_edges INTEGER NOT NULL,
    changed_edges INTEGER NOT NULL,
    FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE
);
"""


# --- migration 5: sharing vault.db with vlt both ways -------------------------------------------

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


# --- migration 10: a sensitive folder a client's MCP root named, kept with the index ----------------

# The folder (a real path) that one of the client's roots named exactly when init_index was
# called, so the project's later jobs may read it without the client (paths.py). NULL: none.
async def granted_folder(db: aiosqlite.Connection, now: str) -> None:
    columns = [row[1] for row in await db.execute_fetchall("PRAGMA table_info(coderag_indexes)")]
    if "granted_folder" not in columns:  # (development builds numbered this migration 8 or 9)
        await db.execute("ALTER TABLE coderag_indexes ADD COLUMN granted_folder VARCHAR(512)")


# --- migration 13: the search terms tables keep no copy of the text ----------------------------------

async def contentless_terms(db: aiosqlite.Connection, now: str) -> None:
    """Every project's terms table made again contentless (terms_rows.py), its terms computed from its
    chunks: the old table's rows may hold terms of an older version, which a contentless table could
    never delete. (Seconds per 10,000 chunks, once.)"""
    from .terms_rows import rebuild_terms  # (it uses connection.py, which imports this module)

    await db.execute(TERMS_DELETED)
    projects = [row[0] for row in await db.execute_fetchall(
        "SELECT id FROM projects UNION SELECT DISTINCT project_id FROM coderag_chunk_fts_rows")]
    for project_id in projects:
        table = terms_table(project_id)
        if not await db.execute_fetchall("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)):
            continue
        for statement in (f"DROP TRIGGER IF EXISTS {table}_follow", f"DROP TRIGGER IF EXISTS {table}_follow_update",
                          f"DROP TABLE IF EXISTS {table}_vocab",
                          f"DROP TABLE {table}"):
            await db.execute(statement)
        # A large index takes a minute (sympy's 40,000 chunks: 12 s on a busy machine): say why the start waits.
        logger.warning("vault.db: making the search terms of project %r again for this version (once)", project_id)
        written = await rebuild_terms(db, project_id)
        logger.warning("vault.db: project %r: search terms of %d chunks made", project_id, written)


# (version, name, steps). A step is SQL (statements may use the `:now` parameter) or an async
# function of the connection and `now`.
