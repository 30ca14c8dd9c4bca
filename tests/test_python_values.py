"""What a Python call's receiver or callee is, as rich's audit found it: a call on a value of the language's own is
no project method's (python_builtin_values.py): 230 of its 377 guessed call lines were on receivers annotated
`List[Span]`, `Mapping[str, str]` or `IO[str]`, on literals (`"|".join(..)`), on files `open(..)` gives and on what
`re.compile(..)` returns, each guessed to a rich method of the name (`self._spans.append` to `Lines.append`); and a
local alias called (`_Segment = Segment`, `get_style = console.get_style`) reached nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

FILES = {
    "text.py": '''
import re
from typing import IO, Dict, List, Mapping


class Span:
    def append(self, item): ...
    def get(self, key): ...
    def join(self, parts): ...
    def match(self, text): ...
    def write(self, data): ...


class Text:
    def __init__(self, spans: List[Span], environ: Mapping[str, str], out: IO[str], span: Span):
        self._spans: List[Span] = spans
        self._environ = environ
        self.out = out
        self.span = span

    def render(self, text: str, sizes: Dict[str, int]):
        self._spans.append(Span())
        self._environ.get("COLUMNS")
        "|".join(["a", "b"])
        text.join(["c"])
        sizes.get("width")
        self.out.write("x")
        re.compile("a+").match(text)
        with open("notes.txt") as handle:
            handle.write(text)
        [1, 2].append(3)
        self.span.append(1)
''',
}


async def test_a_call_on_a_value_of_the_languages_own_is_no_guess(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id = 'p:text.py:Text.render' ORDER BY 1""")
    # The constructor, and the one call on a value the project's class types; nothing guessed.
    assert calls == [("p:text.py:Span", "LOCAL"), ("p:text.py:Span.append", "MEMBER")]


ALIASES = {
    "segment.py": '''
class Segment:
    def __init__(self, text):
        self.text = text
''',
    "render.py": '''
from segment import Segment


class Console:
    def get_style(self, name):
        return name


class Other:
    def get_style(self, name):
        return name


def cell_len(text):
    return len(text)


def render(console: Console, lines):
    _Segment = Segment
    get_style = console.get_style
    _cell_len = cell_len
    Failure = SystemExit
    for line in lines:
        _Segment(line)
        get_style(line)
        _cell_len(line)
    raise Failure(1)


class Failure(Exception):
    pass
''',
}


async def test_a_local_alias_called_is_a_call_of_what_it_names(tmp_path: Path) -> None:
    """rich's speed idiom: `_Segment = Segment`, `get_style = console.get_style`, then calls of the alias in a loop
    (rich's 137 call lines reached nothing); an alias of a builtin is no guess of a project class of its name."""
    async with indexed_project(tmp_path, ALIASES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id = 'p:render.py:render' ORDER BY 1""")
    assert calls == [("p:render.py:Console.get_style", "MEMBER"), ("p:render.py:cell_len", "LOCAL"),
                     ("p:segment.py:Segment", "IMPORT")]


INSTANCES = {
    "pkg/__init__.py": "",
    "pkg/validate.py": '''
class Validator:
    def __call__(self, value):
        raise NotImplementedError


class URL(Validator):
    def __init__(self, relative=False):
        self.relative = relative

    def __call__(self, value):
        return value


class Length(Validator):
    pass


def length(n):
    return Length()


def decorator(name) -> "Callable[[Any], URL]":
    return lambda f: URL()
''',
    "tests/test_validate.py": '''
from pkg import validate


def test_url(validators, unknown, sizes):
    validator = validate.URL(relative=True)
    assert validator("x") == "x"
    assert validate.URL()("y") == "y"
    assert validate.length(3)("abc")
    assert validate.length(*sizes)("abc")
    assert validate.decorator("n")(test_url)
    assert unknown("z")
    for each in validators:
        each("w")
''',
}


async def test_an_instance_called_is_a_call_of_its_classs_call_method(tmp_path: Path) -> None:
    """marshmallow's audit: 238 calls of validators (`validator(value)` of `validator = validate.URL()`,
    `validate.ContainsNoneOf("abc")(["a"])`) reached nothing; no edge reached any `__call__`. What a function says
    may be a callable is not called for an instance's (click's `command(name)(f)`, a decorator's), nor is one of a call
    forwarding `*args` (which of its overloads, and so what it returns, is not told), nor a value nobody types."""
    async with indexed_project(tmp_path, INSTANCES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, r.resolution, e.count FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id = 'p:tests/test_validate.py:test_url'
                          ORDER BY 1""")
    assert calls == [("p:pkg/validate.py:URL", "IMPORT", 2), ("p:pkg/validate.py:URL.__call__", "MEMBER", 2),
                     ("p:pkg/validate.py:Validator.__call__", "MEMBER", 1),  # (Length's: its base's)
                     ("p:pkg/validate.py:decorator", "IMPORT", 1), ("p:pkg/validate.py:length", "IMPORT", 2)]


async def test_an_index_made_before_migration_108_parses_python_again(tmp_path: Path) -> None:
    files = {**INSTANCES, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 108)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "tests/test_validate.py", "web/app.js", "__call__")


async def test_a_method_called_on_a_typed_value_is_no_guess_of_a_function(tmp_path: Path) -> None:
    """marshmallow's audit: 14 `t.isoformat()` on datetime values (`t = dt.time(1, 2)`) were guesses of its module
    function `utils.isoformat`; flask's `session.update(..)` its tutorial's view `update`."""
    async with indexed_project(tmp_path, {
        "pkg/utils.py": "def isoformat(value):\n    return str(value)\n",
        "pkg/shapes.py": "class Shape:\n    def area(self):\n        return 1\n",
        "tests/test_utils.py": '''
import datetime as dt


def test_time(shape):
    t = dt.time(1, 2)
    assert t.isoformat()
    assert shape.area()
''',
    }, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id = 'p:tests/test_utils.py:test_time'""")
    assert calls == [("p:pkg/shapes.py:Shape.area", "GUESS")]  # (a value nobody types: a method, still a guess)
