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


NARROWED = {
    "results.py": '''
from typing import Union


class Success:
    warnings: list

    def code(self) -> int:
        return 0


class Failure:
    warnings: list

    def code(self) -> int:
        return 1


class Skip:
    warnings: list


Result = Union[Success, Failure, Skip]


def first(result: Result):
    if isinstance(result, Success):
        result.code()


def second(result: Result):
    assert isinstance(result, Failure)
    result.code()


def third(result: Result):
    if not isinstance(result, Skip):
        return
    return result.warnings


def fourth(result: Result):
    result.code()


def fifth(result: Result, flag: bool):
    if flag and isinstance(result, (Failure, Skip)):
        return result.warnings


class Derived(Success):
    def code(self) -> int:
        return 2


def seventh(result: Result):
    made = Derived()
    assert isinstance(made, Success)
    if isinstance(result, Derived):
        return made.code() + result.code()
    return 0


def sixth(result: Result, other: Result):
    if not isinstance(result, Success):
        return None
    result = other
    return result.code()
''',
}


async def test_an_isinstance_test_narrows_a_union(tmp_path: Path) -> None:
    """Inside `if isinstance(x, T):`, after `assert isinstance(x, T)` and after `if not isinstance(x, T): return` (up to
    where it is assigned again), a value holds what it holds and is a T: a Derived tested as its base class stays a
    Derived, a union's member a subclass the test names is that subclass, a value nobody typed a T. libcst's
    `result.warning_messages` under `isinstance(result, TransformSuccess)` read each member's `warning_messages` (11
    wrong edges of the 145 its unions added)."""
    async with indexed_project(tmp_path, NARROWED, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.source_id, e.target_id, e.edge_type, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.target_id GLOB 'p:results.py:*.*' ORDER BY 1, 2""")
    assert edges == [("p:results.py:fifth", "p:results.py:Failure.warnings", "USES", "MEMBER"),
                     ("p:results.py:fifth", "p:results.py:Skip.warnings", "USES", "MEMBER"),
                     ("p:results.py:first", "p:results.py:Success.code", "CALLS", "MEMBER"),
                     ("p:results.py:fourth", "p:results.py:Failure.code", "CALLS", "MEMBER"),
                     ("p:results.py:fourth", "p:results.py:Success.code", "CALLS", "MEMBER"),
                     ("p:results.py:second", "p:results.py:Failure.code", "CALLS", "MEMBER"),
                     ("p:results.py:seventh", "p:results.py:Derived.code", "CALLS", "MEMBER"),
                     ("p:results.py:sixth", "p:results.py:Failure.code", "CALLS", "MEMBER"),
                     ("p:results.py:sixth", "p:results.py:Success.code", "CALLS", "MEMBER"),
                     ("p:results.py:third", "p:results.py:Skip.warnings", "USES", "MEMBER")]
