"""A test's (or a fixture's) parameter named like a pytest fixture it can see is a use of that fixture (USES): the
fixture of its class, of its module, or of the nearest conftest.py up its folders; LOCAL in the same file, IMPORT
from a conftest.py. find_references of the fixture lists them; no rank, guess or other function comes of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query, write_tree

pytestmark = pytest.mark.anyio

FILES = {
    # flask's tests/conftest.py: `app`, and `client` asking for `app`.
    "tests/conftest.py": '''
        import pytest


        @pytest.fixture
        def app():
            return object()


        @pytest.fixture
        def client(app):
            return app
        ''',
    # A folder's conftest.py overriding `app` with one that asks for the one above.
    "tests/unit/conftest.py": '''
        import pytest


        @pytest.fixture
        def app(app):
            return app
        ''',
    "tests/unit/test_views.py": '''
        import pytest


        @pytest.fixture(name="config")
        def config_fixture(tmp_path):
            return tmp_path


        def test_index(client, config, tmp_path, retries=3):
            assert client


        class TestViews:
            @pytest.fixture
            def view(self, app):
                return app

            def test_render(self, view, app):
                assert view
        ''',
    "tests/test_top.py": '''
        def test_app(app, client):
            assert app


        def helper(app):
            return app
        ''',
    # Not a test, and no conftest.py above it: its `app` is a parameter, nothing else.
    "src/web.py": '''
        def test_mode(app):
            return app
        ''',
}


def _fixture_edges(db: Path) -> set[tuple[object, ...]]:
    return set(query(db, """SELECT e.source_id, e.target_id, e.lineno, r.resolution FROM code_edges AS e
                              JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id WHERE e.edge_type = 'USES'"""))


async def test_a_tests_parameter_is_a_use_of_the_fixture_pytest_passes(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
        assert _fixture_edges(db) == {
            ("p:tests/conftest.py:client", "p:tests/conftest.py:app", 10, "LOCAL"),
            ("p:tests/unit/conftest.py:app", "p:tests/conftest.py:app", 5, "IMPORT"),
            ("p:tests/unit/test_views.py:test_index", "p:tests/conftest.py:client", 9, "IMPORT"),
            ("p:tests/unit/test_views.py:test_index", "p:tests/unit/test_views.py:config_fixture", 9, "LOCAL"),
            ("p:tests/unit/test_views.py:TestViews.view", "p:tests/unit/conftest.py:app", 15, "IMPORT"),
            ("p:tests/unit/test_views.py:TestViews.test_render", "p:tests/unit/test_views.py:TestViews.view", 18,
             "LOCAL"),
            ("p:tests/unit/test_views.py:TestViews.test_render", "p:tests/unit/conftest.py:app", 18, "IMPORT"),
            ("p:tests/test_top.py:test_app", "p:tests/conftest.py:app", 1, "IMPORT"),
            ("p:tests/test_top.py:test_app", "p:tests/conftest.py:client", 1, "IMPORT"),
        }
        answer = await service.find_references("p", "app")
        assert [(hit.file_path, hit.line, hit.kind, hit.enclosing, hit.target, hit.resolution)
                for hit in answer.references] == [
            ("tests/conftest.py", 10, "USES", "client", "tests/conftest.py:app", "LOCAL"),
            ("tests/test_top.py", 1, "USES", "test_app", "tests/conftest.py:app", "IMPORT"),
            ("tests/unit/conftest.py", 5, "USES", "app", "tests/conftest.py:app", "IMPORT"),
            ("tests/unit/test_views.py", 15, "USES", "TestViews.view", "tests/unit/conftest.py:app", "IMPORT"),
            ("tests/unit/test_views.py", 18, "USES", "TestViews.test_render", "tests/unit/conftest.py:app", "IMPORT"),
        ]
        answer = await service.find_references("p", "client")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("tests/test_top.py", 1, "IMPORT"), ("tests/unit/test_views.py", 9, "IMPORT")]
        # Asked for by its `name=`: listed under its function.
        answer = await service.find_references("p", "config_fixture")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("tests/unit/test_views.py", 9, "LOCAL")]
        # A parameter no fixture of the project answers (pytest's own `tmp_path`) is no use to list.
        assert (await service.find_references("p", "tmp_path")).references == []
        # No rank moves: Python's USES edges are left out of PageRank.
        assert query(db, "SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id "
                         "WHERE r.resolution = 'GUESS'") == [(0,)]


async def test_an_update_relinks_the_tests_of_a_fixture_named_anew(tmp_path: Path) -> None:
    """A conftest.py's fixture given the name a test already asks for (`name="config"`): the test's file, unchanged,
    is linked again and its parameter reaches the fixture, as in a fresh index of the same files."""
    before = {**FILES, "tests/conftest.py": FILES["tests/conftest.py"] + '''

        @pytest.fixture(name="settings")
        def settings_fixture():
            return {}
        ''', "tests/test_settings.py": '''
        def test_settings(config):
            assert config
        '''}
    after = {**before, "tests/conftest.py": before["tests/conftest.py"].replace('name="settings"', 'name="config"')}
    async with indexed_project(tmp_path / "fresh", after, "p") as service:
        fresh = _fixture_edges(service.store.path)
    assert ("p:tests/test_settings.py:test_settings", "p:tests/conftest.py:settings_fixture", 1, "IMPORT") in fresh
    async with indexed_project(tmp_path / "work", before, "p") as service:
        write_tree(tmp_path / "work" / "repo", {"tests/conftest.py": after["tests/conftest.py"]})
        await service.update_index("p", background=False)
        assert _fixture_edges(service.store.path) == fresh
