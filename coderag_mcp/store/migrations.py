"""Numbered migrations of vault.db, each applied once, in order, and recorded in
`coderag_schema_migrations`. A fresh database gets every migration in turn, so "fresh" and
"migrated" cannot drift apart.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from typing import Union

import aiosqlite

from .schema import (CHUNK_ROWS_FOLLOW_CHUNKS, CHUNK_ROWS_FOLLOW_CHUNKS_V8, CHUNK_TERMS, EDGE_RESOLUTIONS_BY_EDGE,
                     FILE_REFERENCES, HISTORY_TABLE, MIGRATIONS_TABLE, NODE_RANKS, ONE_RUNNING_JOB_PER_PROJECT,
                     OWN_TABLES, OWN_TABLES_SHARED, REFERENCES, REFERENCE_STRUCTURE, SKIPPED_FILES, vlt_schema)
from .terms_schema import TERMS_DELETED, terms_table, terms_table_ddl

Step = Union[str, Callable[[aiosqlite.Connection, str], Awaitable[None]]]

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


# --- migrations 17 to 20: the files of a language parsed again -------------------------------------

def reparse(languages: tuple[str, ...], message: str) -> str:
    """SQL that has the next update parse every file of `languages` again (a hash that cannot match), and
    says so in the status of each READY index holding one: for a parser change that alters what was stored."""
    assert "'" not in message  # written into an SQL string literal
    listed = ", ".join(f"'{language}'" for language in languages)
    return f"""
UPDATE coderag_files SET file_hash = '', size = -1 WHERE language IN ({listed});
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now, error_message = '{message}'
 WHERE status = 'READY' AND project_id IN (SELECT project_id FROM coderag_files WHERE language IN ({listed}));
"""


# Attributes written as function-like macros (languages.C_ANNOTATION_MACROS) hid the definitions after
# them.
REPARSE_C = reparse(("c", "cpp"), "C and C++ are read better by this version: run update_index to parse their "
                                  "files again.")
# Rust's line comments hold their line break: a doc comment of n lines was stored with a blank line
# after each (definition_text.docstring_of).
REPARSE_RUST = reparse(("rust",), "Rust doc comments are read better by this version: run update_index to "
                                  "parse its files again.")
# A comment ending a line of a header (`@SuppressWarnings("resource") // Caller closes stream`, a Kotlin
# parameter's doc comment) was joined into the signature (definition_text.signature_of): 2.5% of commons-io's
# Java signatures and moshi's Kotlin ones; of other languages' 88,500 read, one. Go's `c := v.(*T)` did
# not say what c is (queries/go.scm): its calls were guesses. A Kotlin class whose primary constructor is
# on the line after its name ended there (languages.kotlin_constructor_lines): 5 of moshi's 86 files.
# Haskell's first declaration lost its haddock to the module (definitions._leading_nodes); a Java annotation
# type's elements were no definitions.
REPARSE_19 = reparse(("go", "haskell", "java", "kotlin"), "Go, Haskell, Java and Kotlin are read better by this "
                                                          "version: run update_index to parse their files again.")

# Go's named types other than structs and interfaces (`type HandlerFunc func(*Context)`, `type Params []Param`,
# `type H map[string]any`, `type A = B`) were no definitions: find_symbol said gin had no `HandlerFunc`, and
# their methods belonged to nothing. A call on a field of a typed receiver whose class this file does not declare
# (`c.writermem.reset()`, Context declared in another file of the package; `this.helper.run()`, a base class's
# field) was a guess: each file now stores its classes' typed fields, and the link reads them (receivers.py).
# Ruby and PHP calls keep what they are made on (name_receivers.py): `$dispatcher->add()` was the caller's own
# `add`, `Rack::Mime.mime_type` the same file's `mime_type`.
# C# and Swift files with `#if` lines their grammars cannot place are read as the first branch of each
# (languages.first_branches), and C# doc comments keep what `<see cref="X"/>` names. TypeScript's type aliases,
# `#private` methods and typed consts are definitions; a comment to a tool (`// eslint-disable...`) no doc.
REPARSE_20 = reparse(("go", "java", "kotlin", "rust", "javascript", "typescript", "tsx", "svelte", "vue", "ruby", "php",
                      "csharp", "swift"),
                     "Go, Java, Kotlin, Rust, JavaScript, TypeScript, Ruby, PHP, C# and Swift are read better by this "
                     "version: run update_index to parse their files again.")

# A Ruby name written without parentheses where a value goes (`settings`, `request.path_info`, `halt unless
# authorized`) is a call unless its method binds it as a local variable (queries/ruby.scm,
# name_receivers.without_local_names): sinatra's graph lacked 251 of its calls in the same file. A constant written
# alone is one of the namespaces around it (name_graph._in_lexical_scope); `alias_method :a, :b` and
# `define_method(:a)` define `a`. (A definition in a
# test found by name alone is no longer the target of a call in the product's code, name_graph._unless_a_test:
# other languages' edges follow when their files change.)
REPARSE_21 = reparse(("ruby",), "Ruby is read better by this version: run update_index to parse its files again.")

# JavaScript's CommonJS definitions were none (`Reply.prototype.send = function`, `res.send = function send`,
# `exports.f = `, `module.exports = function f`, an object literal's `key: function`: express's response.js had
# no definition at all), `const { a } = require("m")` bound nothing and `f.call(this)` called `call`
# (queries/javascript.scm). A Java/Kotlin field written without `this.` and declared in a base class
# (`_parsingContext.expectComma()`) was taken for a class named so (receivers.py); and inside a class with a
# constructor, the class's own name was the constructor (typed_graph.resolve_name), so `A.s()` in A was no call.
# A Kotlin class with comments between its name and its primary constructor ended on its first line
# (languages.kotlin_constructor_lines): okio's common ByteString, DeflaterSink, InflaterSource; an object
# expression's supertypes were no bases (queries/kotlin.scm). A TypeScript
# type used as a type argument, in a union or an array (`Reducer<S>`, `Store<S> | undefined`) was no use, and a
# type parameter (`<S, A>`) was a use of any project class of its name (definitions.without_type_parameters).
REPARSE_22 = reparse(("javascript", "typescript", "tsx", "svelte", "vue", "java", "kotlin"),
                     "JavaScript, TypeScript, Java and Kotlin are read better by this version: run update_index to "
                     "parse their files again.")

# A module's or class's variables and constants were no definitions: find_symbol knew no `TIMEOUT = 30`, no
# sympy `S`, and find_references of one said nothing defined it (queries/*.scm `@definition.variable`: a symbol
# and a VARIABLE node each, no chunk, no edge).
REPARSE_23 = reparse(("python", "javascript", "typescript", "tsx", "svelte", "vue", "go", "rust", "ruby"),
                     "Variables and constants of Python, JavaScript, TypeScript, Go, Rust and Ruby are definitions in "
                     "this version: run update_index to parse those files again.")

# Java, Kotlin, C# and PHP fields, properties and constants, JavaScript's and TypeScript's class fields, and C's
# and C++'s macros, enum constants and file variables were no definitions: find_symbol knew no `static final int
# MAX`, no Kotlin `const val`, no C# auto-property, no PHP class constant, no `static defaults = {...}`, no
# `#define MAX_LEN 256` (queries/*.variables.scm, queries/*.fields.scm); a class field holding a function
# (`handle = () => {...}`) was no method, so `this.handle()` reached nothing.
REPARSE_24 = reparse(("java", "kotlin", "csharp", "php", "javascript", "typescript", "tsx", "svelte", "vue", "c",
                      "cpp"),
                     "Fields, properties and constants of Java, Kotlin, C# and PHP, class fields of JavaScript and "
                     "TypeScript (methods when they hold a function), and macros, enum constants and file variables "
                     "of C and C++ are definitions in this version: run update_index to parse those files again.")

# Go's, Rust's, C's and C++'s struct, union and class fields, and Rust's enum variants, were no definitions:
# find_symbol knew no `Context.Keys` (gin), no `Level.Info`, no `dictType.hashFunction` (redis); nor a TypeScript
# interface's members (redux's `Store.getState`), so `store.getState()` on a `Store` reached nothing; nor any Swift
# property (Alamofire's `Session.default`), Scala `val` or Dart field.
REPARSE_25 = reparse(("go", "rust", "c", "cpp", "typescript", "tsx", "svelte", "vue", "swift", "scala", "dart"),
                     "Fields of Go, Rust, C and C++ structs, unions and classes, the variants of Rust enums, the "
                     "members of TypeScript interfaces, Swift properties and Scala and Dart values are definitions in "
                     "this version: run update_index to parse those files again.")

# An edge keeps how its surest use resolved. A guessed use beside a sure one of the same target in one function
# (`x.save()` on an unknown `x` beside `Foo().save()`) was lost: find_references listed it neither as a guess
# nor as sure. Edges now say whether such a guess went into them; every file is linked again to say it.
RELINK_26 = """
ALTER TABLE coderag_edge_resolutions ADD COLUMN guessed INTEGER NOT NULL DEFAULT 0;
UPDATE coderag_files SET linked = 0;
UPDATE coderag_indexes SET status = 'STALE', updated_at = :now,
       error_message = 'The code graph records more in this version: run update_index to link the files again '
           || '(nothing is parsed again).'
 WHERE status = 'READY';
"""

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
    (8, "edge resolutions keyed by the edge alone, deleted with it", [EDGE_RESOLUTIONS_BY_EDGE,
                                                                      CHUNK_ROWS_FOLLOW_CHUNKS_V8]),
    (9, "a file's references in one row, the names they use in a table of their own", [FILE_REFERENCES]),
    (10, "the sensitive folder a client's MCP root allowed, kept with the index", [granted_folder]),
    (11, "files and symbols per language counted as files are written", [LANGUAGE_COUNTS]),
    (12, "the edges changed since a project's graph was last ranked", [RANK_DEBT]),
    (13, "search terms tables without a copy of the text (contentless)", [contentless_terms]),
    (14, "the titles of the project's commits and the files they changed", [HISTORY_TABLE]),
    (15, "each file's imports, bases and bindings kept apart, so a link reads a tenth of its references",
     [REFERENCE_STRUCTURE]),
    (16, "the files a job could not index, with their stat data", [SKIPPED_FILES]),
    (17, "C and C++ parsed again: attributes written as macros no longer hide definitions", [REPARSE_C]),
    (18, "Rust parsed again: a doc comment's lines no longer doubled", [REPARSE_RUST]),
    (19, "Go, Haskell, Java and Kotlin parsed again: no comments inside signatures, Go's type assertions "
         "typed, Kotlin's constructors on their own line read, Haskell's first haddock kept", [REPARSE_19]),
    (20, "Go's named types are definitions; calls on a typed receiver's fields declared in other files resolve; "
         "Ruby and PHP calls keep their receivers; C# and Swift read through their #if lines", [REPARSE_20]),
    (21, "Ruby parsed again: a name without parentheses that is no local variable is a call", [REPARSE_21]),
    (22, "JavaScript, TypeScript, Java and Kotlin parsed again: CommonJS definitions and requires, type "
         "arguments, fields of base classes",
     [REPARSE_22]),
    (23, "Python, JavaScript, TypeScript, Go, Rust and Ruby parsed again: a module's or class's variables and "
         "constants are definitions", [REPARSE_23]),
    (24, "Java, Kotlin, C#, PHP, JavaScript, TypeScript, C and C++ parsed again: fields, properties, constants and "
         "macros are definitions, a class field holding a function a method", [REPARSE_24]),
    (25, "Go, Rust, C, C++, TypeScript, Swift, Scala and Dart parsed again: struct, union and class fields, Rust's "
         "enum variants, TypeScript interfaces' members, Swift properties and Scala and Dart values are definitions",
     [REPARSE_25]),
    (26, "edges say whether a use was only guessed beside a sure one; every file linked again", [RELINK_26]),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


async def apply_migrations(db: aiosqlite.Connection, now: str) -> list[int]:
    """Inside a write transaction: apply the migrations this file lacks, in order; return the versions applied."""
    applied: list[int] = []
    await db.execute(MIGRATIONS_TABLE)
    done = {row[0] for row in await db.execute_fetchall("SELECT version FROM coderag_schema_migrations")}
    for version, name, steps in MIGRATIONS:
        if version in done:
            continue
        for step in steps:
            if callable(step):
                await step(db, now)
                continue
            for statement in _split_statements(step):
                await db.execute(statement, {"now": now} if ":now" in statement else {})
        await db.execute(
            "INSERT INTO coderag_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (version, name, now),
        )
        applied.append(version)
    return applied


def _split_statements(script: str) -> Iterable[str]:
    """Split a script into statements (ours never put a semicolon inside a literal)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
