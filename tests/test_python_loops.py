"""A Python loop variable holds what the collection it iterates is declared to hold: `for leaf in self.leaves` of
`leaves: List[Leaf]` gives Leafs, so `leaf.render()` is Leaf's. black's and rich's loops and comprehensions over
annotated lists (black: 67) left every call on their variables a guess; a comprehension's variable, which bound
nothing, was looked up as a module name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

LOOPS = {
    "lines.py": '''
from typing import Iterator, List, Optional, Sequence


class Leaf:
    def render(self) -> str:
        return ""


class Node:
    def render(self) -> str:
        return ""


class Line:
    leaves: List[Leaf]

    def __init__(self) -> None:
        self.children: Optional[list[Leaf]] = []

    @property
    def marks(self) -> "list[Leaf]":
        return []

    def nodes(self) -> Iterator[Node]:
        return iter([])

    def show(self):
        for leaf in self.leaves:
            leaf.render()
        return [child.render() for child in reversed(self.children)]


class Row(Line):
    def paint(self):
        for leaf in self.leaves:
            leaf.render()
''',
    "draw.py": '''
from typing import List, Sequence, Tuple

from lines import Line, Leaf


def render(leaves):
    return leaves


def draw(lines: Sequence[Line], names: List[str], pairs: List[Tuple[Leaf, Leaf]]):
    for i, line in enumerate(lines, 1):
        line.show()
        for leaf in line.leaves:
            leaf.render()
        for mark in line.marks:
            mark.render()
    for name in names:
        name.render()
    for first, second in pairs:
        second.render()
    return {node.render() for line in lines for node in line.nodes()}


def load():
    return []


def guessed(line: Line):
    for item in load():
        item.render()
''',
}


async def test_a_loop_variable_holds_what_its_collection_is_declared_to_hold(tmp_path: Path) -> None:
    """Over an attribute of `self` (its class's declaration, or a base class's), a parameter, another class's attribute
    (a loop variable's own), a property's or a method's declared return; through `reversed` and `enumerate`; in a
    comprehension. A list of `str` is the language's (no guess among the project's `render`); what a tuple's parts or
    the result of a function without a return annotation hold is not read (a guess, as before)."""
    async with indexed_project(tmp_path, LOOPS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.target_id GLOB 'p:lines.py:*' ORDER BY 1, 2""")
    assert calls == [("p:draw.py:draw", "p:lines.py:Leaf.render", "MEMBER"),
                     ("p:draw.py:draw", "p:lines.py:Line.nodes", "MEMBER"),
                     ("p:draw.py:draw", "p:lines.py:Line.show", "MEMBER"),
                     ("p:draw.py:draw", "p:lines.py:Node.render", "MEMBER"),
                     ("p:draw.py:guessed", "p:lines.py:Leaf.render", "GUESS"),
                     ("p:draw.py:guessed", "p:lines.py:Node.render", "GUESS"),
                     ("p:lines.py:Line.show", "p:lines.py:Leaf.render", "MEMBER"),
                     ("p:lines.py:Row.paint", "p:lines.py:Leaf.render", "MEMBER")]
    [(uses,)] = query(db, """SELECT count FROM code_edges WHERE source_id = 'p:draw.py:draw'
                                AND target_id = 'p:lines.py:Leaf.render'""")
    assert uses == 2  # `leaf.render()` and `mark.render()`; not `second.render()`, nor `name.render()`


SCOPES = {
    "table.py": '''
from typing import List


class Col:
    def width(self) -> int:
        return 1


class Other:
    def width(self) -> int:
        return 2

    def parts(self) -> "List[Col]":
        return []


class Block:
    children: List["Block"]

    def render(self) -> str:
        return ""


def walk(block: Block):
    for block in block.children:
        block.render()


class Table:
    cols: List[Col]

    def size(self, others: List[Other]):
        for h in self.cols:
            h.width()
        for i, h in enumerate(others):
            h.width()

    def pick(self, others: List[Other]):
        k = Col()
        widths = [k.width() for k in others]
        nested = [c.width() for k in others for c in k.parts()]
        return k, widths, nested
''',
}


async def test_a_loop_variable_is_scoped_as_python_scopes_it(tmp_path: Path) -> None:
    """A variable declared a type holds it, whatever a loop over its own attribute gives (textual's `for block in
    block._blocks:` lost its edges); a name two loops bind holds what each gives (`h`: both `width`s); a comprehension's
    name is its own (`k` inside the comprehension an Other, outside a Col: both were the one function-wide `k`), its
    later clauses reading the earlier ones' names."""
    async with indexed_project(tmp_path, SCOPES, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.source_id, e.target_id, e.edge_type, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.target_id GLOB 'p:table.py:*.*' AND e.source_id IN
                                ('p:table.py:walk', 'p:table.py:Table.size', 'p:table.py:Table.pick')
                          ORDER BY 1, 2""")
    assert edges == [("p:table.py:Table.pick", "p:table.py:Col.width", "CALLS", 1, "MEMBER"),
                     ("p:table.py:Table.pick", "p:table.py:Other.parts", "CALLS", 1, "MEMBER"),
                     ("p:table.py:Table.pick", "p:table.py:Other.width", "CALLS", 1, "MEMBER"),
                     ("p:table.py:Table.size", "p:table.py:Col.width", "CALLS", 2, "MEMBER"),
                     ("p:table.py:Table.size", "p:table.py:Other.width", "CALLS", 2, "MEMBER"),
                     ("p:table.py:Table.size", "p:table.py:Table.cols", "USES", 1, "MEMBER"),
                     ("p:table.py:walk", "p:table.py:Block.children", "USES", 1, "MEMBER"),
                     ("p:table.py:walk", "p:table.py:Block.render", "CALLS", 1, "MEMBER")]


async def test_an_index_made_before_migration_119_parses_python_again(tmp_path: Path) -> None:
    files = {**LOOPS, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 119)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "draw.py", "web/app.js", "loop variables")
    [(resolution,)] = query(db, """SELECT r.resolution FROM code_edges AS e
                                    JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                                   WHERE e.source_id = 'mixed:lines.py:Row.paint' AND e.edge_type = 'CALLS'""")
    assert resolution == "MEMBER"
