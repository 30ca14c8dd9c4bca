"""A variable assigned `typing.cast(Foo, value)` holds a Foo, as `x: Foo = value` would say (a string `"Foo"` and a
collection, `List[Foo]`, too): sphinx's 84 such assignments (`node = cast(nodes.Element, node)`), libcst's 42, textual's
30 typed nothing (the call's return, `cast`'s, is no project class's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

CASTS = {
    "leaves.py": '''
from typing import List, cast
import typing as t


class Leaf:
    def render(self) -> str:
        return ""


class Other:
    def render(self) -> str:
        return ""


def f(x: object, y: object) -> None:
    leaf = cast(Leaf, x)
    leaf.render()
    other = t.cast("Leaf", y)
    other.render()
    leaves = cast(List[Leaf], y)
    for each in leaves:
        each.render()
''',
}


async def test_a_variable_assigned_a_cast_holds_the_type_cast_to(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, CASTS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.source_id = 'p:leaves.py:f' AND e.edge_type = 'CALLS' ORDER BY 1""")
    assert calls == [("p:leaves.py:Leaf.render", 3, "MEMBER")]
