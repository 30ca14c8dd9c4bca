"""`self` and `cls` are a method's instance and class only in a method (or a function nested in one). Elsewhere they are
names like any other: sphinx's visitor functions declare theirs (`def html_visit_math(self: HTML5Translator, node)`,
27 of them), mypy's `def compute_vtable(cls: ClassIR)`, a test helper loops `for cls in classes`. Before, such a name
was taken for the enclosing class, which a module's function has none of: no edge (mypy 1.13.0: +28 sure call pairs
and +56 read pairs once read as declared; sphinx 8.1.3: +9 and +56), and an unannotated one held what a later
assignment gave alone (`cls = Symbol` of a `cls=None` parameter: sure, though a caller may pass any class)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

TRANSLATORS = {
    "translate.py": '''
from typing import List


class Node:
    def render(self) -> str:
        return ""


class Translator:
    def __init__(self) -> None:
        self.node = Node()

    def visit(self) -> None:
        self.node.render()


def visit_desc(self: Translator, node: Node) -> None:
    self.visit()
    self.node.render()


def compute(cls: Translator) -> None:
    cls.visit()


def loops(classes: List[Translator]) -> None:
    for cls in classes:
        cls.visit()


def numbered(prefix: str, cls=None):
    if cls is None:
        cls = Node
    return cls()
''',
}


async def test_self_and_cls_outside_a_method_are_names_like_any_other(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, TRANSLATORS, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type IN ('CALLS', 'USES') AND e.target_id GLOB 'p:translate.py:*.*'
                          ORDER BY 1, 2, 3""")  # (the methods and attributes: `numbered` calls no sure one)
    assert edges == [("p:translate.py:Translator.visit", "CALLS", "p:translate.py:Node.render", "MEMBER"),
                     ("p:translate.py:Translator.visit", "USES", "p:translate.py:Translator.node", "MEMBER"),
                     ("p:translate.py:compute", "CALLS", "p:translate.py:Translator.visit", "MEMBER"),
                     ("p:translate.py:loops", "CALLS", "p:translate.py:Translator.visit", "MEMBER"),
                     ("p:translate.py:visit_desc", "CALLS", "p:translate.py:Node.render", "MEMBER"),
                     ("p:translate.py:visit_desc", "CALLS", "p:translate.py:Translator.visit", "MEMBER"),
                     ("p:translate.py:visit_desc", "USES", "p:translate.py:Translator.node", "MEMBER")]
    numbered = query(db, """SELECT e.target_id, r.resolution FROM code_edges AS e
                              JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                             WHERE e.source_id = 'p:translate.py:numbered' AND e.edge_type = 'CALLS'""")
    assert numbered == []  # `cls()`: the parameter's class, or Node
