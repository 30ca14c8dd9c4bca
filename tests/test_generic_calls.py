"""Generics written where the graph did not read them, as the rich and urfave/cli audits found them: a Python class
deriving from a subscripted base (`class Prompt(PromptBase[str])`) inherited nothing, so `Prompt.ask()` reached no
`PromptBase.ask`, and a method a base from outside the project has (`class _TrackThread(Thread)`'s `self.start()`) was
guessed to be the project's of the name; a Go generic function called with one type argument written
(`arg[string](name)`, read as an index, or `getInt[int](cmd)`, read as a conversion) was no call at all, and a value
it returned was not typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, resolved_edges,
                       update_after_reparse_migration)

pytestmark = pytest.mark.anyio

PYTHON = {
    "prompt.py": '''
from typing import Generic, List, TypeVar

import base

T = TypeVar("T")


class PromptBase(Generic[T]):
    @classmethod
    def ask(cls) -> T:
        return cls().check()

    def check(self):
        return None


class Prompt(PromptBase[str]):
    pass


class Confirm(base.Asker[bool]):
    def run(self):
        return self.confirm()


def main():
    return Prompt.ask()
''',
    "live.py": '''
from threading import Thread


class Live:
    def start(self):
        return None


class Refresher(Thread):
    def go(self):
        self.start()
''',
    "base.py": '''
from typing import Generic, TypeVar

T = TypeVar("T")


class Asker(Generic[T]):
    def confirm(self):
        return True
''',
}

GO = {
    "go.mod": "module example.com/flags\n\ngo 1.22\n",
    "flags.go": '''package flags

func arg[T any](name string, count int) T {
	var value T
	return value
}

func getInt[T int | int64](name string) T { return T(0) }

type Box[T any] struct{ value T }

func (b *Box[T]) Get() T { return b.value }

func NewBox[T any]() *Box[T] { return &Box[T]{} }

func use() int {
	name := arg[string]("x", 1)
	box := NewBox[int]()
	_ = name
	return box.Get() + getInt[int]("n")
}
''',
}


async def test_a_python_class_inherits_from_a_subscripted_generic_base(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PYTHON, "p") as service:
        db = service.store.path
    edges = resolved_edges(db)
    assert ("Prompt", "INHERITS", "prompt.py:PromptBase", "LOCAL") in edges
    assert ("Confirm", "INHERITS", "base.py:Asker", "IMPORT") in edges
    assert {(target, how) for source, kind, target, how in edges if source == "main" and kind == "CALLS"} == {
        ("prompt.py:PromptBase.ask", "MEMBER")}
    assert ("Confirm.run", "CALLS", "base.py:Asker.confirm", "MEMBER") in edges
    # A method a class's base from outside the project has: no guess of the project's method of the name.
    assert not [edge for edge in edges if edge[0] == "Refresher.go"]


async def test_a_go_generic_function_called_with_a_type_argument_written(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, GO, "p") as service:
        db = service.store.path
    assert {(target, how) for source, kind, target, how in resolved_edges(db) if source == "use" and kind == "CALLS"} == {
        ("flags.go:arg", "LOCAL"), ("flags.go:getInt", "LOCAL"), ("flags.go:NewBox", "LOCAL"),
        ("flags.go:Box.Get", "MEMBER")}


@pytest.mark.parametrize(("version", "files", "parsed_again", "words"), [
    (99, PYTHON, "prompt.py", "Python class"), (100, GO, "flags.go", "Go calls")])
async def test_an_index_made_before_the_migration_parses_the_language_again(
        tmp_path: Path, version: int, files: dict[str, str], parsed_again: str, words: str) -> None:
    kept = "tools/build.rb" if version == 99 else "tools/build.py"
    files = {**files, kept: "def build\n  1\nend\n" if kept.endswith(".rb") else "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", version)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, parsed_again, kept, words)
