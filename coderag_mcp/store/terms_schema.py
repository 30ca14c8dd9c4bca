"""The DDL of each project's own search terms table (a table per project, so that BM25's statistics are
the project's alone), and of the fields kept of deleted chunks until their terms are deleted
(terms_rows.py writes and deletes the rows)."""

from __future__ import annotations

from ..terms import scope_token

TERMS_TABLE_PREFIX = "coderag_terms_"


def terms_table(project_id: str) -> str:
    """The project's own full-text table of search terms. BM25 counts documents and their average
    length over the table it ranks, so with a table per project, indexing another project into the
    same vault.db never moves this one's results."""
    return TERMS_TABLE_PREFIX + scope_token(project_id)


# In a trigger on code_chunks: the old chunk's fields, for our next write to delete its terms with.
_KEEP_DELETED_CHUNK_FIELDS = """INSERT INTO coderag_terms_deleted (project_id, fts_rowid, file_path, chunk_type, language,
                                                   name, qualified_name, signature, docstring, body)
                    SELECT OLD.project_id, m.fts_rowid, OLD.file_path, OLD.chunk_type, OLD.language, OLD.name,
                           OLD.qualified_name, OLD.signature, OLD.docstring, OLD.body
                      FROM coderag_chunk_fts_rows AS m WHERE m.chunk_id = OLD.id;"""


def terms_table_ddl(project_id: str) -> list[str]:
    """The project's terms table, its vocabulary (for term counts), and a trigger so that whoever
    deletes a chunk (vlt too) has its terms deleted: BEFORE the delete, while the rowid map still has
    it, the chunk's fields are kept in coderag_terms_deleted, from which our next write deletes its
    terms (terms_rows.forget_deleted_terms). The table is contentless: it keeps the index of the
    terms, not a third copy of every chunk's text, so a row is deleted by telling FTS5 its terms
    again, and only Python can compute them."""
    table = terms_table(project_id)
    literal = "'" + project_id.replace("'", "''") + "'"
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
                name, qualified, signature, doc, path, body, scope, tokenize = "unicode61 tokenchars '_'",
                content = '')""",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_vocab USING fts5vocab({table}, 'row')",
        TERMS_DELETED,
        f"""CREATE TRIGGER IF NOT EXISTS {table}_follow BEFORE DELETE ON code_chunks WHEN OLD.project_id = {literal}
            BEGIN
                {_KEEP_DELETED_CHUNK_FIELDS}
            END""",
        # Nobody rewrites a chunk's text in place today (we and vlt delete and insert); if a program
        # did, the terms it had are deleted and the chunk leaves the map: our next run rewrites it.
        f"""CREATE TRIGGER IF NOT EXISTS {table}_follow_update
            BEFORE UPDATE OF file_path, chunk_type, language, name, qualified_name, signature, docstring, body
            ON code_chunks WHEN OLD.project_id = {literal}
            BEGIN
                {_KEEP_DELETED_CHUNK_FIELDS}
                DELETE FROM coderag_chunk_fts_rows WHERE chunk_id = OLD.id;
            END""",
    ]


# The fields of deleted chunks whose terms are still in their project's contentless terms table
# (nearly always empty: our writes empty it in the transaction that deleted the chunks).
TERMS_DELETED = """CREATE TABLE IF NOT EXISTS coderag_terms_deleted (
    project_id VARCHAR NOT NULL,
    fts_rowid INTEGER NOT NULL,
    file_path VARCHAR(512) NOT NULL,
    chunk_type VARCHAR(8) NOT NULL,
    language VARCHAR(50),
    name VARCHAR(256),
    qualified_name VARCHAR(512),
    signature TEXT,
    docstring TEXT,
    body TEXT
)"""
