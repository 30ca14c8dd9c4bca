"""The rows of a project's search terms table, which is contentless (FTS5 `content = ''`).

It keeps the index of each chunk's terms and not the terms themselves: those were a third copy of
every chunk's text (37 MB of sympy's 274 MB vault.db). FTS5 deletes a row of such a table only
when told the row's terms again, so a chunk's terms are always computed from the chunk as
code_chunks stores it (`stored_terms_row`): when it is written, and when it is deleted. Whoever
deletes a chunk (vlt too), the trigger `<table>_follow` keeps the chunk's fields in
coderag_terms_deleted, and our next write, before it inserts any terms, deletes theirs
(`forget_deleted_terms`).

So the terms of a stored chunk must not change: a change to how terms are made (terms.expand)
needs a migration that rebuilds every project's table (`rebuild_terms`), as migration 13 does.
"""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite
import anyio.to_thread

from ..enums import ChunkType
from ..terms import chunk_terms, filter_tokens, path_terms
from .connection import from_db_enum
from .terms_schema import terms_table, terms_table_ddl

# What code_chunks keeps of a chunk's name, qualified name and signature: its terms are made from
# what is kept, so that they can be made again from the row.
NAME_KEPT, QUALIFIED_NAME_KEPT, SIGNATURE_KEPT = 256, 512, 1024

_TERMS_COLUMNS = "rowid, name, qualified, signature, doc, path, body, scope"
_CHUNK_FIELDS = "file_path, chunk_type, language, name, qualified_name, signature, docstring, body"
_REBUILD_BATCH = 2_000


def kept_terms(name: str, qualified_name: str, signature: str | None, docstring: str | None, body: str,
               terms: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, str]:
    """A chunk's terms (as the parser made them from the whole fields) for what code_chunks keeps:
    made again when a field is cut."""
    if len(name) <= NAME_KEPT and len(qualified_name) <= QUALIFIED_NAME_KEPT and (
            signature is None or len(signature) <= SIGNATURE_KEPT):
        return terms
    return chunk_terms(name[:NAME_KEPT], qualified_name[:QUALIFIED_NAME_KEPT],
                       signature[:SIGNATURE_KEPT] if signature else None, docstring, body)


# A chunk's terms by the fields code_chunks keeps of it (name, qualified name, signature, doc, body).
TermsByFields = dict[tuple[str, str, "str | None", "str | None", str], tuple[str, str, str, str, str]]


def stored_terms_row(project_id: str, fts_rowid: int, file_path: str, chunk_type: str, language: str,
                     name: str, qualified_name: str, signature: str | None, docstring: str | None,
                     body: str, known: TermsByFields | None = None) -> tuple[object, ...]:
    """The terms row of a chunk from its code_chunks fields (chunk_type as stored): rowid, then the
    columns of the terms table in order. `known`: terms already made of chunks with the same fields."""
    fields = (name or "", qualified_name or "", signature, docstring, body or "")
    found = known.get(fields) if known else None
    name_terms, qualified, signature_terms, doc, body_terms = found if found is not None else chunk_terms(*fields)
    kind = from_db_enum(ChunkType, chunk_type).value
    return (fts_rowid, name_terms, qualified, signature_terms, doc, path_terms(file_path), body_terms,
            filter_tokens(project_id, kind, language))


def _terms_rows(project_id: str, rows: Sequence[Sequence[object]], known: TermsByFields | None
                ) -> list[tuple[object, ...]]:
    return [stored_terms_row(project_id, *row, known) for row in rows]  # type: ignore[arg-type,misc]


async def forget_deleted_terms(db: aiosqlite.Connection, project_id: str, known: TermsByFields | None = None) -> int:
    """Inside a write transaction: delete the terms of the project's chunks deleted since (kept by the
    trigger `<table>_follow`); return how many. Before any insert of terms: the rowid of a deleted
    chunk may be given to a new one. `known`: the terms of the chunks about to be written, by their
    fields; a deleted chunk with the same fields had the same terms (an edit leaves most of a file's
    chunks as they were), so they are not made again (a third of the update of a 5,600-file C tree
    whose every file was parsed again)."""
    rows = await db.execute_fetchall(
        f"SELECT fts_rowid, {_CHUNK_FIELDS} FROM coderag_terms_deleted WHERE project_id = ?", (project_id,))
    rows = list(rows)
    if not rows:
        return 0
    table = terms_table(project_id)
    # Pure Python over every deleted chunk's text: a worker thread, so the event loop goes on answering.
    terms = await anyio.to_thread.run_sync(_terms_rows, project_id, rows, known)
    await db.executemany(f"INSERT INTO {table} ({table}, {_TERMS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?)",
                         terms)
    await db.execute("DELETE FROM coderag_terms_deleted WHERE project_id = ?", (project_id,))
    return len(rows)


async def rebuild_terms(db: aiosqlite.Connection, project_id: str) -> int:
    """Inside a write transaction: the project's terms table made again from its chunks (contentless,
    with its vocabulary and trigger); return the rows written."""
    for statement in terms_table_ddl(project_id):
        await db.execute(statement)
    table = terms_table(project_id)
    await db.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    await db.execute("DELETE FROM coderag_terms_deleted WHERE project_id = ?", (project_id,))
    written = 0
    last = -1
    while True:  # by rowid ranges, so a large project's text is never all in memory
        rows = list(await db.execute_fetchall(
            f"""SELECT m.fts_rowid, {', '.join('c.' + field for field in _CHUNK_FIELDS.split(', '))}
                  FROM coderag_chunk_fts_rows AS m JOIN code_chunks AS c ON c.id = m.chunk_id
                 WHERE m.project_id = ? AND m.fts_rowid > ? ORDER BY m.fts_rowid LIMIT ?""",
            (project_id, last, _REBUILD_BATCH)))
        if not rows:
            return written
        terms = await anyio.to_thread.run_sync(_terms_rows, project_id, rows, None)
        await db.executemany(f"INSERT INTO {table} ({_TERMS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", terms)
        written += len(rows)
        last = rows[-1][0]
