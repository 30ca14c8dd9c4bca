"""A call outside the tests is no guess of a test's definition: black's audit found 98 of its guesses from its code
into tests/data's fixtures (`list.append` in src/ as a fixture class's `append`), Django has 1,666, flask 28; never
right, since a product's code does not call its tests. A call in a test still guesses among the tests' definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query

pytestmark = pytest.mark.anyio

FILES = {
    "pkg/__init__.py": "",
    "pkg/store.py": "def save(items):\n    items.flush()\n",
    "pkg/buffers.py": "class Buffer:\n    def flush(self):\n        return None\n",
    "pkg/other.py": "def run():\n    return 1\n",
    "tests/test_store.py": '''
class FakeFile:
    def flush(self):
        return None


def test_save(handle):
    handle.flush()
''',
    "src/save.js": "export function save(items) {\n  items.flush();\n}\n",
    "src/buffer.js": "export class Buffer {\n  flush() {\n    return 1;\n  }\n}\n",
    "test/fake.js": "export class FakeFile {\n  flush() {\n    return 2;\n  }\n}\n",
}

_GUESSES = """SELECT e.source_id, e.target_id FROM code_edges AS e
                JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
               WHERE r.resolution = 'GUESS' AND e.edge_type = 'CALLS' ORDER BY 1, 2"""


async def test_a_call_outside_the_tests_is_no_guess_of_a_tests_definition(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
    assert query(db, _GUESSES) == [
        ("p:pkg/store.py:save", "p:pkg/buffers.py:Buffer.flush"),
        ("p:src/save.js:save", "p:src/buffer.js:Buffer.flush"),
        ("p:tests/test_store.py:test_save", "p:pkg/buffers.py:Buffer.flush"),
        ("p:tests/test_store.py:test_save", "p:tests/test_store.py:FakeFile.flush"),
    ]


async def test_an_index_made_before_migration_112_links_again_the_files_guessing_into_tests(tmp_path: Path) -> None:
    """Migration 112: the one file with a guess from outside the tests into them is linked again, the others not;
    the update leaves no such guess."""
    db = await indexed_before_migration(
        tmp_path, FILES, "mixed", 112,
        """INSERT INTO code_edges (id, project_id, source_id, target_id, edge_type, lineno, count)
           VALUES ('old-guess', 'mixed', 'mixed:pkg/store.py:save', 'mixed:tests/test_store.py:FakeFile.flush',
                   'CALLS', 2, 1)""",
        """INSERT INTO coderag_edge_resolutions (edge_id, resolution, uses)
           VALUES ('old-guess', 'GUESS', '{"?":"GUESS"}')""")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        relinked = query(db, "SELECT file_path FROM coderag_files WHERE linked = 0")
        assert relinked == [("pkg/store.py",)]
        status = await service.get_status("mixed")
        assert "no guess of a test definition" in (status.error_message or "")
        await service.update_index("mixed", background=False)
    assert ("mixed:pkg/store.py:save", "mixed:tests/test_store.py:FakeFile.flush") not in query(db, _GUESSES)
