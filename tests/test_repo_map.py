"""The repo map of a large project reads only the best ranked nodes, and is the map of all of them."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp import queries
from coderag_mcp.repomap import MapSymbol, build_map
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import qualified_in_node_id

from .conftest import indexed_project

pytestmark = pytest.mark.anyio


def project() -> dict[str, str]:
    """40 modules of 8 functions and a class, calling each other unevenly (so ranks differ), and tests
    that call them (a test weighs less in the map than its rank)."""
    files = {}
    for module in range(40):
        lines = [f"from pkg.m{(module + 1) % 40} import f{(module + 1) % 40}_0, f{(module + 1) % 40}_{module % 8}\n"]
        for number in range(8):
            calls = "; ".join(f"f{(module + 1) % 40}_{(number * step) % 8}()" for step in range(1, 1 + number % 4))
            lines.append(f"def f{module}_{number}(value):\n    {calls or 'pass'}\n    return value\n")
        lines.append(f"class Widget{module}:\n    def render(self):\n        return f{module}_0(1)\n"
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
    with sqlite3.connect(db) as connection:
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
    monkeypatch.setattr(queries, "MAP_PAGE", 10)  # pages of 10, 20, 40... nodes
    answer = await service.get_repo_map("big", path=path, max_tokens=max_tokens)
    glob = None if path is None else path.rstrip("/") + "*"
    text, count, total = map_of_every_node(service.store.path, glob, max_tokens)
    assert (answer.map_text, answer.symbols_included, answer.symbols_total) == (text, count, total)
    assert 0 < count <= total
    if path is None and max_tokens == 50:  # the best ranked nodes sufficed: not every node was read
        assert sum(read) < total
