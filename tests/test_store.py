"""vault.db on disk: the schema, vlt's conventions, migrations, and a file that vlt created first."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from coderag_mcp.config import Settings
from coderag_mcp.models import CodeRAGStatusResponse, IndexStatus, JobStatus
from coderag_mcp.store.migrations import SCHEMA_VERSION
from coderag_mcp.store.references import decode_file_references
from coderag_mcp.store.terms_schema import terms_table
from coderag_mcp.store.terms_rows import stored_terms_row
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import Store, from_db_enum, from_db_time, to_db_enum, to_db_time

from .conftest import fast_settings, query

pytestmark = pytest.mark.anyio

# vlt's columns, from vault-db.md: what a file written by either program must hold.
VLT_COLUMNS = {
    "projects": ["id", "name", "description", "created_at"],
    "code_chunks": ["id", "project_id", "file_path", "file_hash", "chunk_type", "name", "qualified_name", "language",
                    "lineno", "end_lineno", "imports", "class_context", "decorators", "docstring", "signature",
                    "body", "embedding", "embedding_text", "token_count", "created_at", "updated_at"],
    "code_nodes": ["id", "project_id", "file_path", "node_type", "name", "signature", "lineno", "docstring",
                   "centrality_score"],
    "code_edges": ["id", "project_id", "source_id", "target_id", "edge_type", "lineno", "count"],
    "symbol_definitions": ["id", "project_id", "name", "file_path", "lineno", "kind", "scope", "signature",
                           "language"],
    "coderag_index_jobs": ["id", "project_id", "status", "target_path", "force", "priority", "files_total",
                           "files_processed", "chunks_created", "progress_percent", "created_at", "started_at",
                           "completed_at", "error_message"],
    "repo_maps": ["id", "project_id", "scope", "map_text", "token_count", "max_tokens", "files_included",
                  "symbols_included", "symbols_total", "created_at"],
    "code_chunk_fts": ["chunk_id", "name", "qualified_name", "signature", "docstring", "body"],
}
VLT_INDEXES = {
    "ix_code_chunk_project_id", "ix_code_chunk_file_path", "ix_code_chunk_qualified_name", "ix_code_chunk_name",
    "ix_code_node_project_id", "ix_code_node_file_path", "ix_code_node_name", "ix_code_node_centrality",
    "ix_code_edge_source", "ix_code_edge_target", "ix_code_edge_type", "ix_symbol_def_name", "ix_symbol_def_file",
    "ix_coderag_job_project_status", "ix_coderag_job_pending_priority",
}

# The tables as vlt's SQLAlchemy models create them: no DEFAULT clauses, written independently of ours.
VLT_DDL = """
CREATE TABLE projects (id VARCHAR NOT NULL, name VARCHAR NOT NULL, description TEXT NOT NULL,
    created_at DATETIME NOT NULL, PRIMARY KEY (id));
CREATE TABLE code_chunks (id VARCHAR NOT NULL, project_id VARCHAR NOT NULL, file_path VARCHAR(512) NOT NULL,
    file_hash VARCHAR(32) NOT NULL, chunk_type VARCHAR(8) NOT NULL, name VARCHAR(256) NOT NULL,
    qualified_name VARCHAR(512) NOT NULL, language VARCHAR NOT NULL, lineno INTEGER NOT NULL,
    end_lineno INTEGER NOT NULL, imports TEXT, class_context TEXT, decorators TEXT, docstring TEXT,
    signature VARCHAR(1024), body TEXT NOT NULL, embedding BLOB, embedding_text TEXT, token_count INTEGER,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id));
CREATE TABLE symbol_definitions (id VARCHAR NOT NULL, project_id VARCHAR NOT NULL, name VARCHAR(256) NOT NULL,
    file_path VARCHAR(512) NOT NULL, lineno INTEGER NOT NULL, kind VARCHAR NOT NULL, scope VARCHAR(512),
    signature VARCHAR(1024), language VARCHAR NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(project_id) REFERENCES projects (id));
CREATE TABLE coderag_index_jobs (id VARCHAR(36) NOT NULL, project_id VARCHAR NOT NULL, status VARCHAR(9) NOT NULL,
    target_path VARCHAR(512) NOT NULL, force BOOLEAN NOT NULL, priority INTEGER NOT NULL,
    files_total INTEGER NOT NULL, files_processed INTEGER NOT NULL, chunks_created INTEGER NOT NULL,
    progress_percent INTEGER NOT NULL, created_at DATETIME NOT NULL, started_at DATETIME, completed_at DATETIME,
    error_message TEXT, PRIMARY KEY (id), FOREIGN KEY(project_id) REFERENCES projects (id));
CREATE INDEX ix_coderag_job_project_status ON coderag_index_jobs (project_id, status);
CREATE VIRTUAL TABLE code_chunk_fts USING fts5(chunk_id UNINDEXED, name, qualified_name, signature, docstring, body);
"""


def columns(db: Path, table: str) -> list[str]:
    return [row[1] for row in query(db, f"PRAGMA table_info({table})")]


def normalised(sql: str) -> str:
    return " ".join(sql.replace("IF NOT EXISTS ", "").split()).replace("( ", "(").replace(" )", ")")


def vlt_spec_objects() -> dict[str, str]:
    """name -> normalised DDL of every object in the spec's dump of vlt's init_db()."""
    text = (Path(__file__).parents[1] / "coderag_mcp" / "vlt_schema.sql").read_text()
    found = {}
    text = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    for statement in text.split(";"):
        sql = statement.strip()
        if sql:
            name = re.match(r'CREATE (?:UNIQUE )?(?:VIRTUAL )?(?:TABLE|INDEX) "?(\w+)"?', sql)
            assert name, sql
            found[name.group(1)] = normalised(sql)
    return found


def test_the_shipped_vlt_schema_is_the_specs() -> None:
    shipped = (Path(__file__).parents[1] / "coderag_mcp" / "vlt_schema.sql").read_text()
    spec = Path(__file__).parents[2] / "shared" / "spec" / "vlt-schema.sql"
    if spec.exists():  # beside the checkout on the developers' machines; CI clones may lack it
        assert shipped == spec.read_text()
    assert len(vlt_spec_objects()) == 44  # 17 tables, the FTS table, 26 indexes


async def test_a_new_file_is_a_complete_vlt_vault_beside_our_tables(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "folder" / "vault.db"
    store = await Store.open(db)
    await store.close()
    ours = {name: normalised(sql) for name, sql in query(db, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")}
    for name, sql in vlt_spec_objects().items():
        assert ours.get(name) == sql, name
    # Everything else is ours: coderag_* tables, their indexes and triggers, and FTS shadow tables.
    others = set(ours) - set(vlt_spec_objects())
    assert all("coderag" in name or name.startswith("code_chunk_fts_") for name in others), others
    indexes = {row[0] for row in query(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ux_coderag_job_one_running" in indexes
    assert columns(db, "coderag_indexes") == ["project_id", "status", "file_count", "chunk_count", "last_indexed_at",
                                              "last_indexed_path", "error_message", "created_at", "updated_at",
                                              "fingerprint", "granted_folder"]
    assert query(db, "PRAGMA journal_mode") == [("wal",)]
    assert query(db, "SELECT max(version) FROM coderag_schema_migrations") == [(SCHEMA_VERSION,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    store = await Store.open(db)
    schema = query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert await store.migrate() == []
    await store.close()
    store = await Store.open(db)
    assert await store.schema_version() == SCHEMA_VERSION
    await store.close()
    assert query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema


def test_conversions_follow_vlt() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 600007, tzinfo=timezone.utc)
    assert to_db_time(moment) == "2026-01-02 03:04:05.600007"
    assert from_db_time("2026-01-02 03:04:05.600007") == moment
    assert from_db_time("2026-01-02 03:04:05") == moment.replace(microsecond=0)
    assert to_db_enum(JobStatus.RUNNING) == "RUNNING"
    assert to_db_enum(IndexStatus.NOT_INITIALIZED) == "NOT_INITIALIZED"
    assert from_db_enum(JobStatus, "CANCELLED") is JobStatus.CANCELLED


async def test_the_server_runs_on_a_file_vlt_created(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    connection = sqlite3.connect(db)
    connection.executescript(VLT_DDL)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("INSERT INTO projects (id, name, description, created_at) VALUES "
                       "('vltproj', 'Vlt Project', 'made by vlt', '2026-01-01 10:00:00.000000')")
    connection.execute(
        "INSERT INTO coderag_index_jobs (id, project_id, status, target_path, force, priority, files_total, "
        "files_processed, chunks_created, progress_percent, created_at, started_at, completed_at, error_message) "
        "VALUES ('6f1c2b7e-93e4-4b0e-9d5c-2a8f4f1d1a11', 'vltproj', 'PENDING', ?, 0, 0, 0, 0, 0, 0, "
        "'2026-01-01 10:00:01.000000', NULL, NULL, NULL)", (str(sample_repo),))
    # A chunk vlt's own indexer wrote earlier (with its FTS row): the first run must replace it, not keep it.
    connection.execute(
        "INSERT INTO code_chunks VALUES ('old-chunk', 'vltproj', 'app/config.py', 'x', 'FUNCTION', 'stale', "
        "'stale', 'python', 1, 2, NULL, NULL, NULL, NULL, NULL, 'def stale(): pass', NULL, NULL, 5, "
        "'2026-01-01 10:00:00.000000', '2026-01-01 10:00:00.000000')")
    connection.execute("INSERT INTO code_chunk_fts (chunk_id, name, qualified_name, signature, docstring, body) "
                       "VALUES ('old-chunk', 'stale', 'stale', '', '', 'def stale(): pass')")
    connection.commit()
    connection.close()

    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        ran = await service.runner.drain()
        assert ran == ["6f1c2b7e-93e4-4b0e-9d5c-2a8f4f1d1a11"]
        status = await service.get_status("vltproj")
        assert status.status is IndexStatus.READY and status.file_count == 6
        hits = await service.search_code("vltproj", "stale")
        assert all(hit.symbol != "stale" for hit in hits.hits)

    (status, started, completed), = query(db, "SELECT status, started_at, completed_at FROM coderag_index_jobs")
    assert status == "COMPLETED" and started > "2026-01-01 10:00:01.000000" and completed > started
    assert query(db, "SELECT count(*) FROM code_chunks WHERE id = 'old-chunk'") == [(0,)]
    assert query(db, "SELECT count(*) FROM code_chunk_fts WHERE chunk_id = 'old-chunk'") == [(0,)]
    assert query(db, "SELECT name, description FROM projects") == [("Vlt Project", "made by vlt")]
    # vlt's search: FTS joined to chunks on chunk_id, ranked by bm25(), reads what we wrote.
    rows = query(db, """SELECT c.qualified_name FROM code_chunk_fts JOIN code_chunks c ON c.id = code_chunk_fts.chunk_id
                         WHERE code_chunk_fts MATCH 'evict' ORDER BY bm25(code_chunk_fts) LIMIT 1""")
    assert rows == [("Cache.evictOldest",)]
    # vlt's tables keep exactly their columns.
    assert columns(db, "coderag_index_jobs") == VLT_COLUMNS["coderag_index_jobs"]
    assert columns(db, "code_chunks") == VLT_COLUMNS["code_chunks"]


async def test_duplicate_running_jobs_left_by_old_versions_are_repaired(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    connection = sqlite3.connect(db)
    connection.executescript(VLT_DDL)
    connection.execute("INSERT INTO projects VALUES ('p', 'p', '', '2026-01-01 00:00:00.000000')")
    for job_id, started in (("a" * 8, "2026-01-01 00:00:01.000000"), ("b" * 8, "2026-01-01 00:00:02.000000")):
        connection.execute("INSERT INTO coderag_index_jobs VALUES (?, 'p', 'RUNNING', '/nowhere', 0, 0, 0, 0, 0, 0, "
                           "'2026-01-01 00:00:00.000000', ?, NULL, NULL)", (job_id, started))
    connection.commit()
    connection.close()
    store = await Store.open(db)
    await store.close()
    rows = query(db, "SELECT id, status, error_message IS NOT NULL FROM coderag_index_jobs ORDER BY id")
    assert rows == [("a" * 8, "FAILED", 1), ("b" * 8, "RUNNING", 0)]


async def _indexed_then_rolled_back(db: Path, repo: Path, script: str) -> CodeRAGStatusResponse:
    """Index `repo` as project 'demo', then run `script` to make the file look like one written before a
    migration; returns the status before it."""
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        status = await service.get_status("demo")
    connection = sqlite3.connect(db)
    connection.executescript(script)
    connection.close()
    return status


async def test_an_index_from_before_the_language_counts_is_counted_by_the_migration(
    tmp_path: Path, sample_repo: Path
) -> None:
    db = tmp_path / "vault.db"
    expected = await _indexed_then_rolled_back(db, sample_repo, """
        DROP TABLE coderag_language_counts;
        DROP TRIGGER coderag_file_counted; DROP TRIGGER coderag_file_uncounted; DROP TRIGGER coderag_file_recounted;
        DELETE FROM coderag_schema_migrations WHERE version = 11;""")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("demo")
    assert status.files_by_language == expected.files_by_language and len(status.files_by_language) == 6
    assert status.symbol_count == expected.symbol_count > 0


async def test_delete_index_keeps_other_projects(settings: Settings, sample_repo: Path) -> None:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("one", str(sample_repo), background=False)
        await service.init_index("two", str(sample_repo), background=False)
        before = query(settings.db_path, "SELECT count(*) FROM code_chunks WHERE project_id = 'two'")
        deleted = await service.delete_index("one")
        assert deleted.deleted["code_chunks"] == before[0][0]
        assert deleted.deleted["coderag_files"] == 6 and deleted.deleted["coderag_indexes"] == 1
        assert (await service.get_status("two")).status is IndexStatus.READY
        assert (await service.search_code("two", "evictOldest")).hits
    db = settings.db_path
    assert query(db, "SELECT count(*) FROM code_chunks WHERE project_id = 'one'") == [(0,)]
    assert query(db, "SELECT count(*) FROM code_chunks WHERE project_id = 'two'") == before
    assert query(db, "SELECT count(*) FROM code_chunk_fts") == before
    assert query(db, "SELECT id FROM projects ORDER BY id") == [("one",), ("two",)]


async def test_an_index_from_before_the_search_terms_is_rebuilt_by_the_next_update(
    tmp_path: Path, sample_repo: Path
) -> None:
    db = tmp_path / "vault.db"
    table = terms_table("demo")
    await _indexed_then_rolled_back(db, sample_repo, f"""
        DROP TABLE coderag_chunk_terms_vocab; DROP TABLE coderag_chunk_terms;
        DROP TABLE {table}_vocab; DROP TABLE {table}; DROP TRIGGER {table}_follow; DROP TRIGGER {table}_follow_update;
        DROP TABLE coderag_embedding_cache;
        DELETE FROM coderag_schema_migrations WHERE version IN (3, 7, 13);""")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("demo")
        assert status.status is IndexStatus.STALE and "update_index" in (status.error_message or "")
        # Migration 13 makes the terms tables from the chunks, so the chunks are found before the update.
        assert (await service.search_code("demo", "evictOldest")).hits[0].symbol == "evictOldest"
        await service.update_index("demo", background=False)
        assert (await service.search_code("demo", "evictOldest")).hits[0].symbol == "evictOldest"
        assert (await service.get_status("demo")).status is IndexStatus.READY


async def test_search_terms_of_a_shared_table_move_to_the_projects_own(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
        before = [(hit.file_path, hit.qualified_name, hit.score)
                  for hit in (await service.search_code("demo", "parse configuration")).hits]
    assert before
    # Make the file look like one written before migration 7: every project's terms in one table.
    table = terms_table("demo")
    connection = sqlite3.connect(db)
    with connection:
        connection.executemany(
            "INSERT INTO coderag_chunk_terms (rowid, name, qualified, signature, doc, path, body, scope) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", terms_rows_of_chunks(connection))
    connection.executescript(f"""DROP TABLE {table}_vocab; DROP TABLE {table};
                                 DROP TRIGGER {table}_follow; DROP TRIGGER {table}_follow_update;
                                 DELETE FROM coderag_schema_migrations WHERE version IN (7, 13);""")
    connection.close()
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        after = [(hit.file_path, hit.qualified_name, hit.score)
                 for hit in (await service.search_code("demo", "parse configuration")).hits]
        assert after == before
        # The project's table follows deletes: an index deleted leaves no terms behind.
        await service.delete_index("demo")
    connection = sqlite3.connect(db)
    assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM coderag_chunk_terms").fetchone()[0] == 0
    connection.close()


async def test_references_of_the_per_reference_table_move_to_one_row_per_file(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
        before = await service.store.references_of("demo", await service.store.indexed_files("demo"))
        uses_before, _last = await service.store.references_named_page("demo", "parse_config")
        references = (await service.find_references("demo", "parse_config")).references
    assert before and uses_before and references
    # Kept compressed; the rows migration 9 makes (and older versions wrote) are JSON text, read alike.
    assert query(db, "SELECT DISTINCT typeof(refs) FROM coderag_file_references") == [("blob",)]
    # Make the file look like one written before migration 9: a row per reference, with the full node id.
    old_rows = [("demo", *ref[:6], ref[8], *ref[6:8]) for path, text in query(
        db, "SELECT file_path, refs FROM coderag_file_references WHERE project_id = 'demo'")
        for ref in decode_file_references("demo", path, text)]
    assert len(old_rows) == len(before)
    connection = sqlite3.connect(db)
    connection.executescript("""
        CREATE TABLE coderag_references (
            project_id VARCHAR NOT NULL, file_path VARCHAR(512) NOT NULL, source_id VARCHAR NOT NULL,
            name VARCHAR(256) NOT NULL, edge_type VARCHAR(9) NOT NULL, module VARCHAR(512), lineno INTEGER NOT NULL,
            lines TEXT NOT NULL, count INTEGER NOT NULL, qualifier VARCHAR(512),
            FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE);
        DROP TABLE coderag_file_references; DROP TABLE coderag_reference_names;
        DELETE FROM coderag_schema_migrations WHERE version = 9;""")
    with connection:
        connection.executemany("INSERT INTO coderag_references VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               list(reversed(old_rows)))
    connection.close()
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        assert await service.store.references_of("demo", await service.store.indexed_files("demo")) == before
        assert (await service.store.references_named_page("demo", "parse_config"))[0] == uses_before
        assert (await service.find_references("demo", "parse_config")).references == references
    assert query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'coderag_references'") == [(0,)]
    assert query(db, "SELECT DISTINCT typeof(refs) FROM coderag_file_references") == [("text",)]


async def test_an_index_with_unstemmed_terms_is_rebuilt_by_the_next_update(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
        chunks = (await service.get_status("demo")).chunk_count
    # Make the file look like one written before migration 4 (search terms not stemmed).
    connection = sqlite3.connect(db)
    connection.execute("DELETE FROM coderag_schema_migrations WHERE version = 4")
    connection.commit()
    connection.close()
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("demo")
        assert status.status is IndexStatus.STALE and "update_index" in (status.error_message or "")
        started = await service.update_index("demo", background=False)
        job = await service.get_job(started.job_id)
        assert job.chunks_created == chunks  # every file rewritten, though none changed
        assert (await service.get_status("demo")).status is IndexStatus.READY


def terms_rows_of_chunks(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Project demo's terms rows as they are made from its stored chunks (what older versions kept)."""
    chunks = connection.execute(
        """SELECT m.fts_rowid, c.file_path, c.chunk_type, c.language, c.name, c.qualified_name, c.signature,
                  c.docstring, c.body
             FROM coderag_chunk_fts_rows AS m JOIN code_chunks AS c ON c.id = m.chunk_id""").fetchall()
    return [stored_terms_row("demo", *chunk) for chunk in chunks]


def terms_index(db: Path, project_id: str) -> dict[str, object]:
    """What a project's terms table holds: each term's documents and occurrences, and its row count."""
    table = terms_table(project_id)
    return {"vocabulary": sorted(query(db, f"SELECT term, doc, cnt FROM {table}_vocab")),
            "rows": query(db, f"SELECT count(*) FROM {table}")}


async def test_the_terms_table_keeps_no_text_and_its_deletes_leave_what_a_fresh_index_has(
    tmp_path: Path, sample_repo: Path
) -> None:
    db = tmp_path / "vault.db"
    table = terms_table("demo")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
        assert query(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", (f"{table}_content",)) == [(0,)]
        # Change a file, add one, delete one: each update deletes the old chunks' terms by their fields.
        config = sample_repo / "app" / "config.py"
        config.write_text(config.read_text().replace("ConfigLoader", "SettingsReader") + "\ndef reload_all():\n    pass\n")
        (sample_repo / "app" / "extra.py").write_text("def evict_everything(cache):\n    cache.clear()\n")
        (sample_repo / "web" / "util.js").unlink()
        await service.update_index("demo", background=False)
        assert query(db, "SELECT count(*) FROM coderag_terms_deleted") == [(0,)]
        assert (await service.search_code("demo", "ConfigLoader")).hits[0].symbol != "ConfigLoader"
        assert (await service.search_code("demo", "SettingsReader")).hits[0].symbol == "SettingsReader"
        # A method's body changes under the same name, the file's other chunks stay as they were: those
        # deleted with the same fields as a new chunk's are deleted with its terms, the others' made again.
        config.write_text(config.read_text().replace("json.loads(text)", "json.loads(text or '{}')"))
        await service.update_index("demo", background=False)
    fresh = tmp_path / "fresh.db"
    async with CodeIndexService.open(fast_settings(fresh), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
    assert terms_index(db, "demo") == terms_index(fresh, "demo")

    # Another program deletes chunks (its own connection, none of our functions): their fields wait,
    # and our next write deletes their terms before it writes any.
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("DELETE FROM code_chunks WHERE project_id = 'demo' AND file_path = 'app/extra.py'")
    connection.close()
    assert query(db, "SELECT count(*) FROM coderag_terms_deleted")[0][0] > 0
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.update_index("demo", background=False)
        assert (await service.search_code("demo", "evict_everything")).hits[0].symbol == "evict_everything"
    assert query(db, "SELECT count(*) FROM coderag_terms_deleted") == [(0,)]
    assert terms_index(db, "demo") == terms_index(fresh, "demo")


async def test_a_terms_table_with_its_text_is_made_contentless_with_the_same_answers(
    tmp_path: Path, sample_repo: Path
) -> None:
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("demo", str(sample_repo), background=False)
        before = [(hit.file_path, hit.qualified_name, hit.score)
                  for hit in (await service.search_code("demo", "parse configuration")).hits]
    expected = terms_index(db, "demo")
    # The table as migration 12 left it: the terms kept as text, a trigger deleting rows by rowid.
    table = terms_table("demo")
    connection = sqlite3.connect(db)
    connection.executescript(f"""
        DROP TABLE {table}_vocab; DROP TABLE {table}; DROP TRIGGER {table}_follow; DROP TRIGGER {table}_follow_update;
        DROP TABLE coderag_terms_deleted;
        CREATE VIRTUAL TABLE {table} USING fts5(name, qualified, signature, doc, path, body, scope,
                                                 tokenize = "unicode61 tokenchars '_'");
        CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}, 'row');
        DELETE FROM coderag_schema_migrations WHERE version = 13;""")
    with connection:
        connection.executemany(f"INSERT INTO {table} (rowid, name, qualified, signature, doc, path, body, scope) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", terms_rows_of_chunks(connection))
    connection.close()
    assert query(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", (f"{table}_content",)) == [(1,)]
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        after = [(hit.file_path, hit.qualified_name, hit.score)
                 for hit in (await service.search_code("demo", "parse configuration")).hits]
    assert after == before
    assert query(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", (f"{table}_content",)) == [(0,)]
    assert terms_index(db, "demo") == expected
