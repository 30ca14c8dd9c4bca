"""What a Python call's receiver or callee is, as rich's audit found it: a call on a value of the language's own is
no project method's (python_builtin_values.py): 230 of its 377 guessed call lines were on receivers annotated
`List[Span]`, `Mapping[str, str]` or `IO[str]`, on literals (`"|".join(..)`), on files `open(..)` gives and on what
`re.compile(..)` returns, each guessed to a rich method of the name (`self._spans.append` to `Lines.append`); and a
local alias called (`_Segment = Segment`, `get_style = console.get_style`) reached nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

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
