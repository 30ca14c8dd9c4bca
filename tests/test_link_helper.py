"""A link's helper process (link_helper.py): the slices it resolves give the graph this process would
have given, its death costs only its help, and it does not outlive the link."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import coderag_mcp.graph
from coderag_mcp.faults import KILL_AT_ENV
from coderag_mcp.link_helper import LinkHelper
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, query, write_tree

pytestmark = pytest.mark.anyio


def _tree() -> dict[str, str]:
    """Python (its own resolver), TypeScript (a typed family: definitions and structure read up front) and
    C (looked up by name) files that use each other's definitions."""
    files = {
        "pkg/__init__.py": "from pkg.base import helper\n",
        "pkg/base.py": "class Base:\n    def run(self):\n        return helper()\n\n\ndef helper():\n    return 1\n",
        "pkg/use.py": "from pkg import helper\n\n\ndef tidy(thing):\n    helper()\n    thing.run()\n",
        "web/base.ts": "export class Widget {\n  draw(): number { return 1; }\n}\n",
        "c/util.c": "int twice(int x) { return 2 * x; }\n",
    }
    for n in range(6):
        files[f"pkg/child{n}.py"] = (f"from pkg.base import Base, helper\n\n\nclass Child{n}(Base):\n"
                                     f"    def go(self):\n        helper()\n        return self.run()\n")
        files[f"web/w{n}.ts"] = (f"import {{ Widget }} from './base';\n\nexport function make{n}(): number {{\n"
                                 f"  const w = new Widget();\n  return w.draw();\n}}\n")
        files[f"c/use{n}.c"] = f"int quad{n}(int x) {{ return twice(twice(x)); }}\n"
    return files


def _graph(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (query(db, """SELECT e.source_id, e.edge_type, e.target_id, e.lineno, e.count, r.resolution
                           FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id ORDER BY 1, 2, 3"""),
            query(db, "SELECT node_id, prior FROM coderag_node_ranks ORDER BY 1"))


def _helper_processes() -> list[int]:
    """This process's children that are anyio's worker processes (a helper, or a parser left running)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except (OSError, ValueError):
            continue
        if parent == os.getpid() and b"anyio" in command:
            found.append(int(entry))
    return found


async def _index(folder: Path, *, workers: int) -> Path:
    """A fresh index of the tree, its parsing in process (fewer than 40 files); `workers` > 1 lets the link
    use a helper."""
    repo = write_tree(folder / "repo", _tree())
    db = folder / "vault.db"
    async with CodeIndexService.open(fast_settings(db, parse_workers=workers), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
    return db


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Slices of two files, a helper for any link of two slices or more; returns the slices the helper was given."""
    monkeypatch.setattr(coderag_mcp.graph, "LINK_SLICE_FILES", 2)
    monkeypatch.setattr(coderag_mcp.graph, "HELPER_MIN_FILES", 4)
    given: list[list[str]] = []
    resolve = LinkHelper.resolve

    async def recorded(self: LinkHelper, part: list[str]):  # type: ignore[no-untyped-def]
        given.append(part)
        return await resolve(self, part)

    monkeypatch.setattr(LinkHelper, "resolve", recorded)
    return given


async def test_the_helpers_slices_give_the_graph_of_a_link_without_it(
    tmp_path: Path, small_slices: list[list[str]]
) -> None:
    alone = _graph(await _index(tmp_path / "alone", workers=1))
    assert not small_slices
    helped = _graph(await _index(tmp_path / "helped", workers=2))
    assert small_slices, "the helper resolved no slice"
    assert len(small_slices) < 12  # and this process resolved some too (23 files: 12 slices)
    assert helped == alone
    edges = {(source, kind, target): how for source, kind, target, _line, _count, how in helped[0]}
    # One of each family's resolutions, whichever process resolved its file.
    assert edges[("demo:pkg/child0.py:Child0.go", "CALLS", "demo:pkg/base.py:helper")] == "IMPORT"
    assert edges[("demo:web/w0.ts:make0", "CALLS", "demo:web/base.ts:Widget.draw")] == "MEMBER"
    assert any(source == "demo:c/use5.c:quad5" and target == "demo:c/util.c:twice" for source, _kind, target in edges)
    assert not _helper_processes()  # stopped with the link


async def test_a_link_whose_helper_dies_goes_on_without_it(
    tmp_path: Path, small_slices: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _graph(await _index(tmp_path / "alone", workers=1))
    # The helper kills itself (SIGKILL) when given its first slice, as the out-of-memory killer would: that
    # slice is resolved here, and so is every later one.
    monkeypatch.setenv(KILL_AT_ENV, "helper")
    helped = _graph(await _index(tmp_path / "helped", workers=2))
    assert len(small_slices) == 1
    assert helped == alone
    assert not _helper_processes()


async def test_the_helper_resolves_each_language_as_the_link_did(tmp_path: Path) -> None:
    """Every file given to the helper at once: Python's resolver, a typed family's and the lookup by name all
    built in the helper process from its own reads, and the edges those of the link that wrote the index."""
    db = await _index(tmp_path, workers=1)
    written = {(source, kind, target): (line, count, how) for source, kind, target, line, count, how in _graph(db)[0]}
    with sqlite3.connect(db) as connection:  # as before a link: the helper builds for the files left to link
        connection.execute("UPDATE coderag_files SET linked = 0")
    helper = LinkHelper(str(db), "demo", str(tmp_path / "repo"))
    try:
        edges, (rows, resolutions) = await helper.resolve(sorted(_tree()))
    finally:
        await helper.close()
    assert edges == written
    assert {how for _line, _count, how in edges.values()} >= {"IMPORT", "MEMBER", "NAME", "GUESS"}
    assert rows.count("demo:") == 2 * len(edges) and resolutions.count("IMPORT") > 0  # as the store inserts them
    assert not _helper_processes()
