"""What two agents' audits of black and rich found in Python's graph: a local assigned an attribute of another local
(`line = rhs.body`, then `bt = line.bracket_tracker`; Django's `graph = loader.graph`) held nothing the graph could
read, so calls on it were guesses; a call of the function a factory returns reached nothing; and a sure edge took its
line and count from every use that reached its target, guessed ones too (black's `do_transform -> Line.append` began
at a list's `append` and counted it)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query

pytestmark = pytest.mark.anyio

ALIASES = {
    "lines.py": '''
from dataclasses import dataclass


class Tracker:
    def depth(self) -> int:
        return 0


class Line:
    tracker: Tracker

    def clone(self) -> "Line":
        return Line()


@dataclass
class Result:
    body: Line


class Loader:
    def __init__(self):
        self.result = Result(Line())
''',
    "split.py": '''
from lines import Loader, Result


class Options:
    def get_field(self, name):
        return name


def delimiter_split(rhs: Result) -> int:
    line = rhs.body
    bt = line.tracker
    return bt.depth()


def loaded() -> "Line":
    loader = Loader()
    result = loader.result
    line = result.body
    return line.clone()


def untyped(model):
    opts = model._meta
    return opts.get_field("id")
''',
}


async def test_a_local_holding_an_attribute_of_another_local_is_typed(tmp_path: Path) -> None:
    """`bt = line.tracker` of `line = rhs.body`, `rhs: Result`: `bt.depth()` is Tracker's (black's
    `bt.delimiter_count_with_priority()`); through a local made by a constructor too (`loader = Loader()`); a local
    of a parameter nobody types stays a guess (Django's `opts = model._meta`)."""
    async with indexed_project(tmp_path, ALIASES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id GLOB 'p:split.py:*' ORDER BY 1, 2""")
    assert calls == [("p:split.py:delimiter_split", "p:lines.py:Tracker.depth", "MEMBER"),
                     ("p:split.py:loaded", "p:lines.py:Line.clone", "MEMBER"),
                     ("p:split.py:loaded", "p:lines.py:Loader", "IMPORT"),
                     ("p:split.py:untyped", "p:split.py:Options.get_field", "GUESS")]


CLOSURES = {
    "trans.py": '''
from typing import Any, Callable, Sequence


def is_valid_index_factory(seq: Sequence[Any]) -> Callable[[int], bool]:
    def is_valid_index(idx: int) -> bool:
        return 0 <= idx < len(seq)

    return is_valid_index


def user_passes_test(test):
    def decorator(view):
        return view
    return decorator


def receiver(signal):
    def _decorator(func):
        return func
    return _decorator


def lazy(func):
    for name in ("upper",):
        def wrapper(self):
            return name
    def wrapper(*args):
        return func(*args)
    return wrapper


def do_match(leaves):
    is_valid_index = is_valid_index_factory(leaves)
    if is_valid_index(1):
        return user_passes_test(len)(do_match)
    return lazy(str)(1)


def live(receivers):
    for receiver, is_async in receivers:
        receiver = receiver()
        receiver(1)
''',
}


async def test_a_call_of_what_a_function_returns_reaches_the_function_it_returns(tmp_path: Path) -> None:
    """black's `is_valid_index = is_valid_index_factory(LL)`, then `is_valid_index(idx)` (44 calls that reached nothing;
    its factory declares `-> Callable[[int], bool]`), Django's `user_passes_test(..)(view)`: the nested function the
    factory returns. A local called after `receiver = receiver()` is the local's value, no module function's result
    (Django's dispatcher)."""
    async with indexed_project(tmp_path, CLOSURES, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.source_id, e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.source_id IN ('p:trans.py:do_match', 'p:trans.py:live')
                          ORDER BY 1, 2""")
    [(wrapper,)] = query(db, "SELECT id FROM code_nodes WHERE id GLOB 'p:trans.py:lazy.wrapper@*'")
    assert calls == [("p:trans.py:do_match", "p:trans.py:is_valid_index_factory", "LOCAL"),
                     ("p:trans.py:do_match", "p:trans.py:is_valid_index_factory.is_valid_index", "LOCAL"),
                     ("p:trans.py:do_match", "p:trans.py:lazy", "LOCAL"),
                     ("p:trans.py:do_match", wrapper, "LOCAL"),  # (the one it returns: the last of the name)
                     ("p:trans.py:do_match", "p:trans.py:user_passes_test", "LOCAL"),
                     ("p:trans.py:do_match", "p:trans.py:user_passes_test.decorator", "LOCAL")]


EDGE_LINES = {
    "lines.py": '''
class Line:
    def append(self, leaf):
        return leaf


def transform(line: Line, leaves, stolen):
    stolen.append(leaves[0])
    stolen.append(leaves[1])
    line.append(leaves[0])
    line.append(leaves[1])
    line.append(leaves[2])
''',
}


async def test_a_sure_edge_counts_the_calls_that_surely_reached_it(tmp_path: Path) -> None:
    """The edge `transform -> Line.append` is MEMBER: its line is the first call on `line`, its count the three calls
    on it, not the two on a value nobody types (guessed to be it, as find_references' --guesses still lists)."""
    async with indexed_project(tmp_path, EDGE_LINES, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.lineno, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.source_id = 'p:lines.py:transform' AND e.target_id = 'p:lines.py:Line.append'""")
    assert edges == [(9, 3, "MEMBER")]


async def test_an_index_made_before_migration_111_parses_python_again_and_links_guessed_edges_again(
        tmp_path: Path) -> None:
    """Migration 111: Python's files parsed again, and the files a sure edge with a guessed use comes from linked
    again (a JavaScript file of the project is neither); the update gives what a fresh index does."""
    files = {**EDGE_LINES, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 111,
                                        "UPDATE code_edges SET lineno = 9, count = 5 WHERE target_id GLOB '*.append'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        hashes = dict(query(db, "SELECT file_path, file_hash FROM coderag_files"))
        assert hashes["lines.py"] == "" and hashes["web/app.js"] != ""
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
        assert linked == {"lines.py": 0, "web/app.js": 1}
        status = await service.get_status("mixed")
        assert "Python" in (status.error_message or "")
        await service.update_index("mixed", background=False)
    assert query(db, "SELECT lineno, count FROM code_edges WHERE target_id GLOB '*Line.append'") == [(9, 3)]


async def test_migration_111_links_again_only_the_files_of_a_sure_edge_with_a_guessed_use(tmp_path: Path) -> None:
    """In a project without Python, the relink touches the one file whose sure edge has a guessed use."""
    files = {
        "a.js": "class Line { append(x) { return x; } }\nfunction run(items) { new Line().append(1); }\n",
        "b.js": "function other() { return 2; }\n",
    }
    db = await indexed_before_migration(tmp_path, files, "js", 111)
    edge = query(db, """SELECT r.edge_id FROM coderag_edge_resolutions AS r JOIN code_edges AS e ON e.id = r.edge_id
                         WHERE e.target_id GLOB '*Line.append'""")
    assert edge
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE coderag_edge_resolutions SET uses = '{\"?\":\"GUESS\",\":Line\":\"MEMBER\"}' "
                           "WHERE edge_id = ?", edge[0])
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
        assert linked == {"a.js": 0, "b.js": 1}
        status = await service.get_status("js")
        assert "guessed" in (status.error_message or "")
