"""An item of a Python collection holds what the collection is declared to hold: `self.leaves[0].render()` of
`leaves: List[Leaf]` is Leaf's, `table[key].render()` of `table: Dict[str, Node]` Node's, and so is a variable assigned
an item (`first = line.leaves[0]`), a loop variable over a mapping's values (`for key, node in table.items()`) or over
a slice (`for leaf in self.leaves[1:]`). black's reads of such items (`leaves[0].type`) were no references at all, its
calls on them guesses: its sure read pairs 1,479 -> 1,570 once typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

ITEMS = {
    "lines.py": '''
from typing import Dict, List, Tuple


class Leaf:
    parent: "Node"

    def render(self) -> str:
        return ""


class Node:
    def render(self) -> str:
        return ""


class Line:
    leaves: List[Leaf]
    by_name: Dict[str, Leaf]

    def pages(self) -> List[Leaf]:
        return self.leaves

    def __init__(self) -> None:
        self.nodes: Dict[str, Node] = {}

    def items(self, extra: List[Leaf], table: Dict[str, Node], **named: Node):
        self.leaves[0].render()
        self.leaves[-1].parent.render()
        extra[1].render()
        table["a"].render()
        self.nodes["x"].render()
        self.by_name["y"].render()
        named["z"].render()

    def loops(self, table: Dict[str, Node], pairs: Tuple[Leaf, Node]):
        for key, node in table.items():
            node.render()
        for each in self.nodes.values():
            each.render()
        for leaf in self.leaves[1:]:
            leaf.render()
        pairs[0].render()
        return [value.render() for value in sorted(table.values())]


def firsts(line: Line, table: Dict[str, Node]):
    first = line.leaves[0]
    first.render()
    node = table["k"]
    node.render()
    first.parent.render()


def lowercase(table: dict[str, Node], xs: tuple[Leaf, ...], line: Line):
    table["a"].render()
    xs[0].render()
    line.pages()[0].render()
    for x in xs:
        x.render()


def keys(counts: Dict[Node, int]):
    for node in counts:
        node.render()
    for key, count in counts.items():
        key.render()
        count.render()
    for each in counts.keys():
        each.render()


def made() -> Dict[Node, Leaf]:
    return {}


def use_made(key: Node):
    made_map = made()
    made_map[key].render()
    made()[key].render()
    for node in made():
        node.render()
''',
}


async def test_an_item_holds_what_its_collection_is_declared_to_hold(tmp_path: Path) -> None:
    """A list's item (of `self`'s attribute, a parameter; an attribute of it), a mapping's (a parameter, `self`'s
    attribute set in `__init__` or declared in the class, `**named: Node`); a loop over `.items()`, `.values()` (in a
    comprehension, through `sorted`) and a slice; a variable assigned an item (of another class's attribute, of a
    mapping; of a call's declared return), the builtins' lowercase `dict[..]` and `tuple[T, ...]` as their `typing`
    names (a first version took any parameter declared a `dict` or a `tuple` for `**kwargs` or `*args`). A tuple of
    two classes says nothing of `pairs[0]`: no sure edge. Iterating a mapping gives its keys (`for node in counts`,
    `.keys()`, `.items()`'s first name), and an item of one a function returns its values (`made()[key]`,
    `made_map[key]` of `made_map = made()`: a first version gave the keys' class)."""
    async with indexed_project(tmp_path, ITEMS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND r.resolution = 'MEMBER' ORDER BY 1, 2""")
    assert calls == [("p:lines.py:Line.items", "p:lines.py:Leaf.render", 3),  # leaves[0], extra[1], by_name["y"]
                     ("p:lines.py:Line.items", "p:lines.py:Node.render", 4),  # .parent, table["a"], nodes, named
                     ("p:lines.py:Line.loops", "p:lines.py:Leaf.render", 1),
                     ("p:lines.py:Line.loops", "p:lines.py:Node.render", 3),
                     ("p:lines.py:firsts", "p:lines.py:Leaf.render", 1),
                     ("p:lines.py:firsts", "p:lines.py:Node.render", 2),  # `node.render()`, `first.parent.render()`
                     ("p:lines.py:keys", "p:lines.py:Node.render", 3),  # the keys; `count` an int
                     ("p:lines.py:lowercase", "p:lines.py:Leaf.render", 3),
                     ("p:lines.py:lowercase", "p:lines.py:Line.pages", 1),
                     ("p:lines.py:lowercase", "p:lines.py:Node.render", 1),
                     ("p:lines.py:use_made", "p:lines.py:Leaf.render", 2),  # an item of what `made` returns: a value
                     ("p:lines.py:use_made", "p:lines.py:Node.render", 1)]  # iterating it: a key


OTHERS = {
    "nodes.py": '''
from typing import Dict, List


class Leaf:
    def render(self) -> str:
        return ""


class Node:
    def render(self) -> str:
        return ""


class Line:
    leaves: List[Leaf]
    by_name: Dict[str, Leaf]

    def __init__(self) -> None:
        self.nodes: Dict[str, Node] = {}

    @property
    def index(self) -> Dict[str, Node]:
        return self.nodes
''',
    "use.py": '''
from nodes import Line


class SubLine(Line):
    def sub(self):
        self.nodes["a"].render()
        self.by_name["b"].render()


def other(line: Line):
    line.by_name["a"].render()
    line.index["c"].render()
    first = line.leaves[0]
    first.render()
    for node in line.nodes.values():
        node.render()
''',
}


async def test_an_item_of_another_objects_collection_holds_what_its_class_declares(tmp_path: Path) -> None:
    """Another object's attribute (`line.by_name[..]`, a mapping; `line.leaves[0]`, a list), a property's declared
    mapping (`line.index[..]`), a loop over another object's mapping's values, and a base class's mappings read through
    `self` (`self.nodes[..]` in a subclass, set in the base's `__init__`): a class stores its attributes' items
    (`by_name{}`) beside their elements."""
    async with indexed_project(tmp_path, OTHERS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND r.resolution = 'MEMBER' AND e.target_id GLOB '*.render'
                          ORDER BY 1, 2""")
    assert calls == [("p:use.py:SubLine.sub", "p:nodes.py:Leaf.render", 1),
                     ("p:use.py:SubLine.sub", "p:nodes.py:Node.render", 1),
                     ("p:use.py:other", "p:nodes.py:Leaf.render", 2),  # `by_name[..]`, `first`
                     ("p:use.py:other", "p:nodes.py:Node.render", 2)]  # `index[..]`, `node`


ITEM_CALLS = {
    "stack.py": '''
from collections import deque
from typing import Deque, Dict, List


class Leaf:
    def render(self) -> str:
        return ""


class Node:
    def render(self) -> str:
        return ""


class Config:
    def get(self, key: str) -> Node:
        return Node()


class Stack:
    frames: List[Leaf]
    by_name: Dict[str, Leaf]
    config: Config

    def __init__(self) -> None:
        self.waiting: Deque[Node] = deque()

    def take(self, table: Dict[str, Node], key: str):
        found = table.get(key)
        if found is not None:
            found.render()
        table.setdefault(key, Node()).render()
        table.pop(key).render()
        self.frames.pop().render()
        self.by_name.get(key).render()
        first = self.waiting.popleft()
        first.render()
        self.config.get(key).render()
''',
    "use.py": '''
from stack import Stack


class SubStack(Stack):
    def sub(self, key: str):
        self.by_name.get(key).render()
        waiting = self.waiting.pop()
        waiting.render()


def other(stack: Stack, key: str):
    stack.by_name.get(key).render()
    stack.config.get(key).render()
    leaf = stack.frames.pop()
    leaf.render()
''',
}


async def test_an_item_a_collections_method_gives_holds_what_the_collection_is_declared_to_hold(tmp_path: Path) -> None:
    """A mapping's `get`, `setdefault` and `pop` give one of its values, a list's `pop` and a deque's `popleft` one of
    its elements: on a parameter, on `self`'s attributes, a variable assigned one, another object's attributes and a
    base class's through `self` (which the graph reads: `Stack.by_name.get()`). Before, such a call was the call's own
    return, which a builtin's method does not declare: `render` was a guess of Leaf's and Node's alike. An attribute
    of a project class with its own `get` (`self.config.get(key)`) is still that method's return."""
    async with indexed_project(tmp_path, ITEM_CALLS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND r.resolution = 'MEMBER' AND e.target_id GLOB '*.render'
                          ORDER BY 1, 2""")
    assert calls == [("p:stack.py:Stack.take", "p:stack.py:Leaf.render", 2),  # frames.pop(), by_name.get()
                     ("p:stack.py:Stack.take", "p:stack.py:Node.render", 5),  # get, setdefault, pop, popleft, config
                     ("p:use.py:SubStack.sub", "p:stack.py:Leaf.render", 1),
                     ("p:use.py:SubStack.sub", "p:stack.py:Node.render", 1),
                     ("p:use.py:other", "p:stack.py:Leaf.render", 2),
                     ("p:use.py:other", "p:stack.py:Node.render", 1)]
    guesses = query(db, """SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                            WHERE r.resolution = 'GUESS' AND e.target_id GLOB '*.render'""")
    assert guesses == [(0,)]


CLASSES = {
    "kinds.py": '''
from typing import Dict, List, Type


class Key:
    v = 0

    def m(self) -> int:
        return 0


class C:
    v = 1

    def m(self) -> int:
        return 1


class H:
    def __init__(self) -> None:
        self.kinds: dict[Key, type[C]] = {}
        self.makers: List[Type[C]] = []

    def a(self, table: Dict[Key, type[C]]) -> None:
        for K in self.kinds.values():
            K.v
            K().m()
        table[Key()].v
        self.kinds[Key()].v
        for maker in self.makers:
            maker().m()
''',
}


async def test_a_collection_of_classes_holds_the_classes_themselves(tmp_path: Path) -> None:
    """A mapping's values or a list's elements declared `type[C]` are the class itself: `K.v` reads C's class
    attribute, `K()` calls C, `K().m()` C's method. Before, a mapping whose values are no instances gave its keys'
    class instead (sure edges to `Key.v` and `Key.m`, wrong), and a list of them nothing."""
    async with indexed_project(tmp_path, CLASSES, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.edge_type, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.source_id = 'p:kinds.py:H.a' AND e.edge_type IN ('CALLS', 'USES')
                            AND r.resolution != 'GUESS' ORDER BY 1, 2""")
    assert edges == [("CALLS", "p:kinds.py:C", 2, "LOCAL"),  # `K()`, `maker()`
                     ("CALLS", "p:kinds.py:C.m", 2, "MEMBER"),
                     ("CALLS", "p:kinds.py:Key", 2, "LOCAL"),
                     ("USES", "p:kinds.py:C", 1, "LOCAL"),  # `table`'s annotation
                     ("USES", "p:kinds.py:C.v", 3, "MEMBER"),
                     ("USES", "p:kinds.py:H.kinds", 2, "MEMBER"),
                     ("USES", "p:kinds.py:H.makers", 1, "MEMBER"),
                     ("USES", "p:kinds.py:Key", 1, "LOCAL")]


PASSED_ON = {
    "nodes.py": '''
from typing import Dict, List


class Expr:
    def render(self) -> str:
        return ""


class Node:
    def __init__(self, exprs: List[Expr], table: Dict[str, Expr], plain) -> None:
        self.exprs = exprs
        self.table = table
        self.plain = plain

    def walk(self) -> None:
        for e in self.exprs:
            e.render()
        self.exprs[0].render()
        self.table["x"].render()
        for p in self.plain:
            p.render()
''',
    "use.py": '''
from nodes import Node


def use(n: Node) -> None:
    for e in n.exprs:
        e.render()
    n.table["k"].render()
''',
}


async def test_an_attribute_given_a_declared_collection_holds_its_items(tmp_path: Path) -> None:
    """`self.exprs = exprs` of a parameter `exprs: List[Expr]`: the attribute's elements are Exprs, for its class's
    methods and for another object's (`n.exprs`), as a mapping's values (`self.table = table`). Before, the attribute
    held a `list` alone (sphinx's C and C++ syntax trees, `self.exprs[i]`, 38 sites). An attribute given a parameter
    of no declared type holds nothing known: `p.render()` stays a guess."""
    async with indexed_project(tmp_path, PASSED_ON, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.target_id GLOB '*.render' ORDER BY 1, 2""")
    assert calls == [("p:nodes.py:Node.walk", "p:nodes.py:Expr.render", 3, "MEMBER"),  # (the sure ones: `p` a guess)
                     ("p:use.py:use", "p:nodes.py:Expr.render", 2, "MEMBER")]
    [(uses,)] = query(db, """SELECT r.uses FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                              WHERE e.source_id = 'p:nodes.py:Node.walk' AND e.target_id = 'p:nodes.py:Expr.render'""")
    assert "GUESS" in uses and "MEMBER" in uses


COPIES = {
    "lines.py": '''
from typing import Dict, List


class Leaf:
    def render(self) -> str:
        return ""


class Line:
    leaves: List[Leaf]
    by_name: Dict[str, Leaf]

    def walk(self, extra: List[Leaf], table: Dict[Leaf, int]) -> None:
        ys = sorted(self.leaves)
        for y in ys:
            y.render()
        zs = extra.copy()
        zs[0].render()
        vs = list(self.by_name.values())
        vs[0].render()
        d2 = self.by_name.copy()
        d2["k"].render()
        for v in d2.values():
            v.render()
        ks = list(table)
        ks[0].render()
        t2 = table.copy()
        t2[Leaf()].render()


def other(line: Line) -> None:
    ys = list(line.leaves)
    for y in ys:
        y.render()
    d2 = line.by_name.copy()
    d2["x"].render()
''',
}


async def test_a_collection_made_from_another_holds_its_items(tmp_path: Path) -> None:
    """A variable assigned a new collection of another's items (`sorted(self.leaves)`, `list(line.leaves)`,
    `list(d.values())`, `list(table)`: the keys) or a copy (`extra.copy()`, `d.copy()`: its values too) holds what the
    other is declared to hold. Before, it held the call's result (`sorted()`), which says nothing of its items (sphinx's
    `listeners = self.listeners.copy()`). `t2[..]` of `Dict[Leaf, int]`'s copy is an int: no edge."""
    async with indexed_project(tmp_path, COPIES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.target_id GLOB '*.render' ORDER BY 1, 2""")
    assert calls == [("p:lines.py:Line.walk", "p:lines.py:Leaf.render", 6, "MEMBER"),
                     ("p:lines.py:other", "p:lines.py:Leaf.render", 2, "MEMBER")]


ROUTES = {
    "routing.py": '''
from typing import List, Optional, Sequence


class Route:
    def matches(self) -> bool:
        return True


class Router:
    def __init__(self, routes: Optional[Sequence[Route]] = None, extra: List[Route] = [],
                 checks: Route | Sequence[Route] | None = None) -> None:
        self.routes = [] if routes is None else list(routes)
        self.extra = list(extra)
        if isinstance(checks, Route):
            self.checks: list[Route] = [checks]
        else:
            self.checks = list(checks)

    def match(self) -> None:
        for route in self.routes:
            route.matches()
        for route in self.extra or []:
            route.matches()
        for check in self.checks:
            check.matches()


def other(router: Router) -> None:
    for r in router.routes:
        r.matches()
''',
}


async def test_an_attribute_made_from_a_declared_collection_holds_its_items(tmp_path: Path) -> None:
    """starlette's `self.routes = [] if routes is None else list(routes)` of `routes: Optional[Sequence[BaseRoute]]`:
    the attribute's elements are the parameter's, for its class and for other objects (`router.routes`); a loop over
    `self.extra or []` is one over `self.extra`. Before, each `route.matches()` was a guess. An attribute's declared
    elements stand whatever else it is assigned (textual's `self.validators: list[Validator] = [validators]`, else
    `list(validators)` of a union: a first version lost them)."""
    async with indexed_project(tmp_path, ROUTES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.target_id GLOB '*.matches' ORDER BY 1, 2""")
    assert calls == [("p:routing.py:Router.match", "p:routing.py:Route.matches", 3, "MEMBER"),
                     ("p:routing.py:other", "p:routing.py:Route.matches", 1, "MEMBER")]


async def test_an_index_made_before_migration_120_parses_python_again(tmp_path: Path) -> None:
    files = {**ITEMS, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 120)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "lines.py", "web/app.js", "collections and mappings")
    [(count,)] = query(db, """SELECT e.count FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                               WHERE e.source_id = 'mixed:lines.py:Line.items' AND r.resolution = 'MEMBER'
                                 AND e.target_id = 'mixed:lines.py:Node.render'""")
    assert count == 4


async def test_an_index_made_before_migration_121_parses_python_again(tmp_path: Path) -> None:
    files = {**ITEM_CALLS, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 121)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "stack.py", "web/app.js", "read better in this version")
    [(count,)] = query(db, """SELECT e.count FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                               WHERE e.source_id = 'mixed:stack.py:Stack.take' AND r.resolution = 'MEMBER'
                                 AND e.target_id = 'mixed:stack.py:Node.render'""")
    assert count == 5
