"""Answers about a large project read only what they can show, and are the answers of reading it all:
the repo map reads the best ranked nodes, find_references the uses of a name in the first files."""

from __future__ import annotations

import contextlib
import math
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp import graph_queries, reference_queries
from coderag_mcp.repomap import MapSymbol, build_map
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import qualified_in_node_id

from .conftest import indexed_project

pytestmark = pytest.mark.anyio


def project() -> dict[str, str]:
    """40 modules of 8 functions and a class, calling each other unevenly (so ranks differ) and each
    calling `helper`, and tests that call them (a test weighs less in the map than its rank)."""
    files = {"pkg/util.py": "def helper():\n    return 1\n"}
    for module in range(40):
        lines = [f"from pkg.m{(module + 1) % 40} import f{(module + 1) % 40}_0, f{(module + 1) % 40}_{module % 8}\n"
                 "from pkg.util import helper\n"]
        for number in range(8):
            calls = "; ".join(f"f{(module + 1) % 40}_{(number * step) % 8}()" for step in range(1, 1 + number % 4))
            lines.append(f"def f{module}_{number}(value):\n    {calls or 'pass'}\n    return value\n")
        lines.append(f"class Widget{module}:\n    def render(self):\n        return f{module}_0(helper())\n"
                     f"    def size(self):\n        return f{module}_{module % 8}(2)\n")
        files[f"pkg/m{module}.py"] = "\n".join(lines)
    for module in range(0, 40, 4):
        files[f"tests/test_m{module}.py"] = (f"from pkg.m{module} import f{module}_0, Widget{module}\n\n"
                                             f"def test_f{module}():\n    assert f{module}_0(1) == 1\n"
                                             f"    Widget{module}().render()\n")
    return files


@pytest.fixture
async def service(tmp_path: Path) -> CodeIndexService:  # type: ignore[misc]
    async with indexed_project(tmp_path, project(), "big") as indexed:
        yield indexed


def map_of_every_node(db: Path, glob: str | None, max_tokens: int) -> tuple[str, int, int]:
    """The map made from every node of the project, as get_repo_map made it before it read pages."""
    with contextlib.closing(sqlite3.connect(db)) as connection:  # (`with connect()` does not close it)
        rows = connection.execute(
            """SELECT id, file_path, node_type, signature, lineno, coalesce(r.prior, 0) FROM code_nodes AS n
                 LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                WHERE n.project_id = 'big' AND (? IS NULL OR file_path GLOB ?)""", (glob, glob)).fetchall()
    ranks: dict[str, list[float]] = {}
    symbols = []
    for node_id, path, node_type, signature, line, score in rows:
        ranks.setdefault(path, []).append(score)
        if node_type != "MODULE":
            symbols.append(MapSymbol(path, qualified_in_node_id("big", path, node_id) or path, node_type, signature,
                                     line or 0, score))
    text, count = build_map(symbols, {path: math.fsum(scores) for path, scores in ranks.items()}, max_tokens)
    return text, count, len(symbols)


@pytest.mark.parametrize("max_tokens", [50, 120, 400, 5000])
@pytest.mark.parametrize("path", [None, "pkg/", "tests/"])
async def test_the_map_read_a_page_at_a_time_is_the_map_of_every_node(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch, max_tokens: int, path: str | None
) -> None:
    read: list[int] = []
    for name in ("best_ranked_nodes", "ranked_nodes"):
        method = getattr(service.store, name)

        async def counted(*args, _method=method, **kwargs):  # type: ignore[no-untyped-def]
            rows = await _method(*args, **kwargs)
            read.append(len(rows))
            return rows

        monkeypatch.setattr(service.store, name, counted)
    monkeypatch.setattr(graph_queries, "MAP_PAGE", 10)  # pages of 10, 20, 40... nodes
    answer = await service.get_repo_map("big", path=path, max_tokens=max_tokens)
    glob = None if path is None else path.rstrip("/") + "*"
    text, count, total = map_of_every_node(service.store.path, glob, max_tokens)
    assert (answer.map_text, answer.symbols_included, answer.symbols_total) == (text, count, total)
    assert 0 < count <= total
    if path is None and max_tokens == 50:  # the best ranked nodes sufficed: not every node was read
        assert sum(read) < total


@pytest.mark.parametrize("limit", [3, 30, 500])
async def test_the_references_read_a_page_of_files_at_a_time_are_those_of_every_file(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """`helper` is used in 40 files: a page of 2 files, then 4, 8..., until more than `limit` uses resolved."""
    monkeypatch.setattr(reference_queries, "REFERENCE_PAGE_FILES", 10_000)
    everything = await service.find_references("big", "helper", limit=limit)
    pages: list[int] = []
    method = service.store.references_named_page

    async def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        uses, last = await method(*args, **kwargs)
        pages.append(len({use["file_path"] for use in uses}))
        return uses, last

    monkeypatch.setattr(service.store, "references_named_page", counted)
    monkeypatch.setattr(reference_queries, "REFERENCE_PAGE_FILES", 2)
    paged = await service.find_references("big", "helper", limit=limit)
    assert paged == everything and everything.definitions == 1
    assert all(hit.target == "pkg/util.py:helper" for hit in everything.references)
    assert everything.truncated == (limit < 80)  # an import and a call in each of 40 files
    if limit == 3:
        assert sum(pages) < 40  # the first files sufficed
