"""One vault.db, two programs: vlt's CLI and this server read, write and delete each other's indexes.

vlt's side is played by `vlt_like`, which issues the statements vlt's own code issues.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coderag_mcp.errors import Conflict, NotFound
from coderag_mcp.models import IndexStatus
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import Store
from coderag_mcp.store.terms_schema import terms_table

from . import vlt_like
from .conftest import fast_settings, query, write_tree

pytestmark = pytest.mark.anyio

FILES = {
    "web/routing.py": '''
        """Routing: match a path to a view, or redirect."""
        from web.responses import Response, redirect_to


        def dispatch(path):
            """Find the view for a path; an old path redirects to its new place."""
            if path.startswith("/old"):
                return redirect_to(path.replace("/old", "/new"))
            return Response(200, render(path))


        def render(path):
            return f"<h1>{path}</h1>"
        ''',
    "web/responses.py": '''
        class Response:
            def __init__(self, status, body=""):
                self.status = status
                self.body = body


        def redirect_to(location):
            """Redirecting response: status 302 with a Location header."""
            return Response(302, location)
        ''',
    "web/cli.py": '''
        from web.routing import dispatch


        def main(argv):
            for path in argv:
                print(dispatch(path).status)
        ''',
}


def index_rows(db: Path, project_id: str) -> dict[str, object]:
    """What an index holds, independent of ids a run makes up (chunk uuids)."""
    return {
        "chunks": sorted(query(db, "SELECT file_path, qualified_name, chunk_type, lineno, end_lineno, body "
                                   "FROM code_chunks WHERE project_id = ?", (project_id,))),
        "fts": sorted(query(db, "SELECT f.name, f.body FROM code_chunk_fts AS f JOIN code_chunks AS c "
                                "ON c.id = f.chunk_id WHERE c.project_id = ?", (project_id,))),
        "symbols": sorted(query(db, "SELECT file_path, name, kind, lineno, scope FROM symbol_definitions "
                                    "WHERE project_id = ?", (project_id,))),
        "nodes": sorted(query(db, "SELECT id, node_type, lineno FROM code_nodes WHERE project_id = ?", (project_id,))),
        "edges": sorted(query(db, "SELECT source_id, edge_type, target_id FROM code_edges WHERE project_id = ?",
                              (project_id,))),
        "terms": sorted(query(db, f"SELECT term, doc, cnt FROM {terms_table(project_id)}_vocab")),
    }


async def indexed(tmp_path: Path, project_id: str = "web") -> tuple[Path, Path]:
    repo = write_tree(tmp_path / project_id, FILES)
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index(project_id, str(repo), background=False)
    return repo, db


async def status_after_check(service: CodeIndexService, project_id: str) -> object:
    """get_status once its background check (files and fingerprint) has run."""
    service.staleness.forget(project_id)
    return await service.get_status(project_id)


async def test_vlt_deleting_our_index_succeeds_and_takes_our_rows_along(tmp_path: Path) -> None:
    repo, db = await indexed(tmp_path)
    await indexed(tmp_path, "other")  # another project's rows must survive
    vlt_like.delete_coderag_index(db, "web")  # raised FOREIGN KEY constraint failed before
    for table in ("coderag_chunk_fts_rows", "coderag_node_ranks"):
        assert query(db, f"SELECT count(*) FROM {table} WHERE project_id = 'web'") == [(0,)], table
    assert query(db, "SELECT count(*) FROM coderag_edge_resolutions WHERE edge_id NOT IN (SELECT id FROM code_edges)") \
        == [(0,)]
    assert query(db, "SELECT count(*) FROM coderag_edge_resolutions") != [(0,)]  # the other project's stay
    assert query(db, "SELECT count(*) FROM coderag_job_leases") == [(0,)]
    assert query(db, "SELECT count(*) FROM coderag_job_stats WHERE job_id NOT IN (SELECT id FROM coderag_index_jobs)") \
        == [(0,)]
    assert vlt_like.orphans(db)["fts rows without a chunk"] == 0
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await status_after_check(service, "web")
        assert status.status is IndexStatus.NOT_INITIALIZED and "deleted" in (status.error_message or "")
        assert (status.file_count, status.chunk_count) == (0, 0)
        assert query(db, "SELECT count(*) FROM coderag_files WHERE project_id = 'web'") == [(0,)]
        # The message sends the user to init_index, which then works without force.
        await service.init_index("web", str(repo), background=False)
        assert (await status_after_check(service, "web")).status is IndexStatus.READY
        assert (await service.get_status("other")).status is IndexStatus.READY
    assert set(vlt_like.orphans(db).values()) == {0}
    # vlt deleting the project row itself takes the rest of ours along.
    vlt_like.delete_coderag_index(db, "web")
    with vlt_like.vlt_session(db) as session:
        session.execute("DELETE FROM projects WHERE id = 'web'")
    for table in ("coderag_indexes", "coderag_files", "coderag_file_references", "coderag_reference_names"):
        assert query(db, f"SELECT count(*) FROM {table} WHERE project_id = 'web'") == [(0,)], table


async def test_vlt_search_finds_stemmed_words_in_what_we_wrote(tmp_path: Path) -> None:
    _repo, db = await indexed(tmp_path)
    # vlt's FTS table uses the porter stemmer: "redirecting" finds "redirect" and "redirects".
    found = vlt_like.search(db, "web", "redirecting")
    assert "redirect_to" in {name.rsplit(".", 1)[-1] for name in found}
    assert "web.routing.dispatch" in found or "dispatch" in {name.rsplit(".", 1)[-1] for name in found}


async def test_centrality_is_on_vlt_scale_and_vlt_rewriting_it_does_not_move_our_ranking(tmp_path: Path) -> None:
    _repo, db = await indexed(tmp_path)
    (total,), = query(db, "SELECT sum(centrality_score) FROM code_nodes WHERE project_id = 'web'")
    assert total == pytest.approx(1.0, abs=1e-3)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        before = [(hit.file_path, hit.symbol, hit.score) for hit in (await service.search_code("web", "response status")).hits]
        vlt_like.regenerate_map(db, "web")
        after = [(hit.file_path, hit.symbol, hit.score) for hit in (await service.search_code("web", "response status")).hits]
        assert after == before
        # Rewriting centrality is not a change to the index's rows.
        assert (await status_after_check(service, "web")).status is IndexStatus.READY


async def test_we_take_over_an_index_vlt_built_without_force(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "web", FILES)
    db = tmp_path / "vault.db"
    await (await Store.open(db)).close()
    with vlt_like.vlt_session(db) as session:
        vlt_like.add_project(session, "web")
        vlt_like.store_python_file(session, "web", "web/routing.py", [("dispatch", 5, 9, "def dispatch(path): ...")])
        vlt_like.add_job(session, "web", str(repo))
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("web")
        assert status.status is IndexStatus.STALE
        assert "vlt" in (status.error_message or "") and "update_index" in (status.error_message or "")
        assert status.last_indexed_path == str(repo)
        with pytest.raises(NotFound, match="vlt"):
            await service.find_symbol("web", "dispatch")
        await service.update_index("web", background=False)  # no force: said "no index yet" before
        assert (await status_after_check(service, "web")).status is IndexStatus.READY
        definitions = (await service.find_symbol("web", "dispatch")).definitions
        assert [(hit.file_path, hit.line) for hit in definitions] == [("web/routing.py", 5)]
    # vlt's rows are gone (its bare node id, its chunk), nothing is duplicated or orphaned.
    assert query(db, "SELECT count(*) FROM code_nodes WHERE id = 'web.routing.dispatch'") == [(0,)]
    assert set(vlt_like.orphans(db).values()) == {0}


async def test_an_index_vlt_built_with_no_folder_recorded_is_taken_over_by_init_index(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "web", FILES)
    db = tmp_path / "vault.db"
    await (await Store.open(db)).close()
    with vlt_like.vlt_session(db) as session:  # vlt's foreground indexing writes no job row
        vlt_like.add_project(session, "web")
        vlt_like.store_python_file(session, "web", "web/cli.py", [("main", 4, 6, "def main(argv): ...")])
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("web")
        assert status.status is IndexStatus.STALE and "init_index" in (status.error_message or "")
        with pytest.raises(NotFound, match="init_index"):
            await service.update_index("web", background=False)
        await service.init_index("web", str(repo), background=False)  # the call the message named: no refusal
        assert (await status_after_check(service, "web")).status is IndexStatus.READY
        # Ours now: a second init_index without force is refused, with both ways forward.
        with pytest.raises(Conflict, match="update_index"):
            await service.init_index("web", str(repo), background=False)
    assert set(vlt_like.orphans(db).values()) == {0}


async def test_vlt_init_force_over_our_index_is_noticed_and_update_index_repairs_it(tmp_path: Path) -> None:
    repo, db = await indexed(tmp_path)
    fresh_db = tmp_path / "fresh.db"
    async with CodeIndexService.open(fast_settings(fresh_db), run_jobs=False) as fresh:
        await fresh.init_index("web", str(repo), background=False)
    expected = index_rows(fresh_db, "web")
    assert index_rows(db, "web") == expected

    with vlt_like.vlt_session(db) as session:  # `vlt coderag init --force`
        vlt_like.cleanup_project_data(session, "web")
        vlt_like.store_python_file(session, "web", "web/routing.py", [("dispatch", 5, 9, "def dispatch(path): ...")])
        vlt_like.add_job(session, "web", str(repo))
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await status_after_check(service, "web")
        assert status.status is IndexStatus.STALE
        assert "Another program" in (status.error_message or "") and "update_index" in status.error_message
        await service.update_index("web", background=False)
        assert (await status_after_check(service, "web")).status is IndexStatus.READY
        assert [hit.symbol for hit in (await service.search_code("web", "redirect_to")).hits][:1] == ["redirect_to"]
    assert index_rows(db, "web") == expected
    assert set(vlt_like.orphans(db).values()) == {0}


async def test_mixed_writes_leave_no_orphans(tmp_path: Path) -> None:
    repo, db = await indexed(tmp_path)
    with vlt_like.vlt_session(db) as session:  # vlt re-indexes one file incrementally beside our rows
        vlt_like.store_python_file(session, "web", "web/cli.py", [("main", 4, 6, "def main(argv): ...")])
    vlt_like.regenerate_map(db, "web")  # and caches a repo map of what it saw
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        assert (await status_after_check(service, "web")).status is IndexStatus.STALE
        await service.update_index("web", background=False)
        (repo / "web" / "cli.py").write_text("def main(argv):\n    return 0\n")
        await service.update_index("web", background=False)
        await service.get_repo_map("web")
    found = vlt_like.orphans(db)
    assert set(found.values()) == {0}, found
    assert query(db, "SELECT count(*) FROM symbol_definitions WHERE project_id = 'web' AND name = 'main'") == [(1,)]


async def test_a_database_of_the_previous_version_is_migrated_in_place(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    connection = sqlite3.connect(db)
    connection.executescript((Path(__file__).parent / "fixtures" / "vault_v4.sql").read_text())
    connection.executescript("""
        INSERT INTO projects VALUES ('p', 'p', '', '2026-01-01 00:00:00.000000');
        INSERT INTO code_chunks (id, project_id, file_path, file_hash, chunk_type, name, qualified_name, language,
            lineno, end_lineno, body, created_at, updated_at)
            VALUES ('c1', 'p', 'a.py', 'h', 'FUNCTION', 'redirect', 'redirect', 'python', 1, 2,
                    'def redirect(): pass', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000');
        INSERT INTO code_chunk_fts (rowid, chunk_id, name, qualified_name, signature, docstring, body)
            VALUES (7, 'c1', 'redirect', 'redirect', '', '', 'def redirect(): pass');
        INSERT INTO coderag_chunk_fts_rows (project_id, file_path, fts_rowid) VALUES ('p', 'a.py', 7);
        INSERT INTO code_nodes VALUES ('p:a.py', 'p', 'a.py', 'MODULE', 'a.py', NULL, 1, NULL, 0.5);
        INSERT INTO code_nodes VALUES ('p:a.py:redirect', 'p', 'a.py', 'FUNCTION', 'redirect', NULL, 1, NULL, 1.5);
        INSERT INTO coderag_indexes VALUES ('p', 'READY', 1, 1, '2026-01-01 00:00:00.000000', '/x', NULL,
            '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000');
        INSERT INTO coderag_index_jobs VALUES ('j', 'p', 'COMPLETED', '/x', 0, 0, 1, 1, 1, 100,
            '2026-01-01 00:00:00.000000', NULL, NULL, NULL);
        INSERT INTO coderag_job_stats VALUES ('j', 0, '[]', '{}');
    """)
    connection.commit()
    connection.close()
    store = await Store.open(db)
    await store.close()
    assert "porter" in query(db, "SELECT sql FROM sqlite_master WHERE name = 'code_chunk_fts'")[0][0]
    assert vlt_like.search(db, "p", "redirecting") == ["redirect"]
    assert query(db, "SELECT fts_rowid, chunk_id FROM coderag_chunk_fts_rows") == [(7, "c1")]
    assert sorted(query(db, "SELECT node_id, prior FROM coderag_node_ranks")) == [("p:a.py", 0.5),
                                                                                   ("p:a.py:redirect", 1.5)]
    assert sorted(query(db, "SELECT centrality_score FROM code_nodes")) == [(0.25,), (0.75,)]
    for table in ("threads", "index_delta_queue", "oracle_sessions"):
        assert query(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", (table,)) == [(1,)]
    assert {row[6] for row in query(db, "PRAGMA foreign_key_list(coderag_job_stats)")} == {"CASCADE"}
    vlt_like.delete_coderag_index(db, "p")
    assert query(db, "SELECT count(*) FROM coderag_job_stats") == [(0,)]
    assert set(vlt_like.orphans(db).values()) == {0}


async def test_our_index_waits_for_nothing_while_vlt_reads(tmp_path: Path) -> None:
    """vlt's status reads the tables it expects, including ones only vlt uses."""
    _repo, db = await indexed(tmp_path)
    with vlt_like.vlt_session(db) as session:
        assert session.execute("SELECT count(*) FROM index_delta_queue WHERE project_id = 'web'").fetchone() == (0,)
        (chunks,), = session.execute("SELECT count(*) FROM code_chunks WHERE project_id = 'web'").fetchall()
    assert chunks > 0


async def test_a_decorated_definition_has_one_line_in_chunks_nodes_and_symbols(tmp_path: Path) -> None:
    # vlt writes the definition node's own line (`def`, `class`, `fn`) for all three; the chunk's body still
    # holds the decorators and doc comment above it, and read_code by symbol shows them.
    repo = write_tree(tmp_path / "deco", {
        "app/views.py": '''
            import functools


            @functools.cache
            @staticmethod
            def index():
                return "home"


            @functools.total_ordering
            class Version:
                @property
                def major(self):
                    return 1
            ''',
        "src/lib.rs": '''
            /// A point in the plane.
            #[derive(Debug)]
            pub struct Point { x: f64 }
            ''',
    })
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("deco", str(repo), background=False)
        read = await service.read_code("deco", symbol="index")
        assert (read.start_line, read.text.splitlines()[:3]) == (
            4, ["     4\t@functools.cache", "     5\t@staticmethod", "     6\tdef index():"])
        read = await service.read_code("deco", symbol="Point")
        assert (read.start_line, read.text.splitlines()[0]) == (1, "     1\t/// A point in the plane.")
    chunks = dict(query(db, "SELECT qualified_name, lineno FROM code_chunks WHERE project_id = 'deco' "
                            "AND chunk_type != 'MODULE'"))
    symbols = dict(query(db, "SELECT name, lineno FROM symbol_definitions WHERE project_id = 'deco'"))
    nodes = dict(query(db, "SELECT name, lineno FROM code_nodes WHERE project_id = 'deco' AND node_type != 'MODULE'"))
    own_lines = {"index": 6, "Version": 11, "major": 13, "Point": 3}
    assert {name.rsplit(".", 1)[-1]: line for name, line in chunks.items()} == own_lines
    assert symbols == nodes == {**own_lines, "x": 3}  # (Point's field: a symbol and a node, no chunk)
    body = query(db, "SELECT body FROM code_chunks WHERE project_id = 'deco' AND name = 'index'")[0][0]
    assert body.splitlines()[:3] == ["@functools.cache", "@staticmethod", "def index():"]


async def test_chunk_and_symbol_ids_are_uuid4_made_in_the_order_they_are_written(tmp_path: Path) -> None:
    import uuid

    _repo, db = await indexed(tmp_path)
    for table in ("code_chunks", "symbol_definitions"):
        ids = [row[0] for row in query(db, f"SELECT id FROM {table} ORDER BY rowid")]
        assert len(ids) > 5 and len(set(ids)) == len(ids)
        assert all(uuid.UUID(i).version == 4 and uuid.UUID(i).variant == uuid.RFC_4122 and str(uuid.UUID(i)) == i
                   for i in ids)
        # In order: each row's key lands beside the previous one in the primary key's B-tree.
        assert ids == sorted(ids), table


def test_ordered_ids_keep_their_order_when_the_clock_goes_back_or_a_millisecond_is_full(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import coderag_mcp.store.connection as connection

    now = [1_800_000_000_000_000_000]
    monkeypatch.setattr(connection.time, "time_ns", lambda: now[0])
    monkeypatch.setattr(connection, "_ordered_last", [0, 0])  # this test's clock leaves the real one's ids alone
    made = [connection.ordered_uuid4() for _ in range(5000)]  # more than one millisecond's 4,096
    now[0] -= 10_000_000_000  # ten seconds back
    made += [connection.ordered_uuid4() for _ in range(3)]
    now[0] += 60_000_000_000
    made.append(connection.ordered_uuid4())
    assert made == sorted(made) and len(set(made)) == len(made)


def test_a_forked_process_makes_ids_of_its_own() -> None:
    """Ids made at the same moment by two processes differ by their random bits: a forked child draws its own
    (the generator is seeded again), not its parent's next ones. In a fresh interpreter, whose one thread forks."""
    program = """if True:
        import os, sys
        import coderag_mcp.store.connection as connection
        connection.time.time_ns = lambda: 1_800_000_000_000_000_000  # one moment for both: only the bits differ
        read, write = os.pipe()
        if os.fork() == 0:
            os.write(write, connection.ordered_uuid4().encode())
            os._exit(0)
        os.wait()
        print(os.read(read, 100).decode(), connection.ordered_uuid4())
    """
    child, parent = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                                   cwd=Path(__file__).parent.parent).stdout.split()
    assert child[:19] == parent[:19] and child != parent  # (the same millisecond and count, other random bits)
