"""A Python value declared a union holds each of its classes, and a module's type alias what it stands for: black's
`node: LN` (`LN = Union[Leaf, Node]`) and rich's `style: StyleType` (`Union[str, "Style"]`) named no class the graph
read, so every call and read on them was a guess or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

UNIONS = {
    "nodes.py": '''
from typing import List, Optional, TypeAlias, Union


class Leaf:
    def clone(self) -> "Leaf":
        return Leaf()

    def prefix(self) -> str:
        return ""


class Node:
    children: List["NL"]

    def clone(self) -> "Node":
        return Node()


class Style:
    def combine(self) -> "Style":
        return self


LN = Union[Leaf, Node]
NL = Leaf | Node
StyleType = Union[str, "Style"]
MaybeLeaf: TypeAlias = Optional[Leaf]
READ, WRITE = 1, 2
FLAGS = READ | WRITE
''',
    "walk.py": '''
from http.cookiejar import CookieJar
from typing import Optional, Union

from nodes import FLAGS, LN, NL, Leaf, MaybeLeaf, Node, StyleType


def walk(node: LN, other: NL, style: StyleType, leaf: MaybeLeaf, both: Optional[Union["Node", "Leaf"]]):
    node.prefix()
    other.clone()
    style.combine()
    leaf.clone()
    both.clone()
    for child in other.children:
        child.prefix()
    return FLAGS.bit_length()


class Jar:
    def __init__(self, cookies: Union["Cookies", CookieJar]) -> None:
        self.jar = cookies if isinstance(cookies, CookieJar) else CookieJar()

    def delete(self) -> None:
        self.jar.clear()


class Cookies:
    def clear(self) -> None:
        pass
''',
}


async def test_a_union_or_a_type_alias_of_one_holds_each_of_its_classes(tmp_path: Path) -> None:
    """`Union[A, B]`, `A | B`, `Optional[..]` of either, an alias of them (`TypeAlias` written or not), and a collection
    of such an alias's values: each of the classes (a call reaches the ones that define the method); a union with a
    builtin (`str`) or a library's class none, since the code narrows it as the index cannot follow (httpx's `self.jar`,
    a `Cookies | CookieJar`, calls `clear()` where it is the library's CookieJar); constants joined by `|` are no
    alias."""
    async with indexed_project(tmp_path, UNIONS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id IN ('p:walk.py:walk', 'p:walk.py:Jar.delete')
                          ORDER BY 1""")
    assert calls == [("p:nodes.py:Leaf.clone", 3, "MEMBER"),
                     ("p:nodes.py:Leaf.prefix", 2, "MEMBER"),
                     ("p:nodes.py:Node.clone", 2, "MEMBER"),
                     ("p:nodes.py:Style.combine", 1, "GUESS"),
                     ("p:walk.py:Cookies.clear", 1, "GUESS")]
