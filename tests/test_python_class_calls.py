"""`cls(..)` in a classmethod calls the class (werkzeug's `EnvironBuilder.from_environ` ends `return cls(**out)`, as
do five more of its alternative constructors; a reference check with jedi found each without an edge). A metaclass's
`cls` is a class the metaclass makes, and a plain method's `cls` a parameter like any other: neither is its class.

And a variable assigned the call of another variable of the function holds what that call gives: of a parameter typed
by a class, what the class's `__call__` returns (starlette's tests: `client = test_client_factory(app)` of a parameter
`test_client_factory: TestClientFactory`, a Protocol whose `__call__` returns a TestClient, then `client.get(..)`: 59
calls reached nothing or only guesses), of an alias of a class an instance of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

BUILDERS = {"builders.py": '''
class Builder:
    def __init__(self, **kw):
        self.kw = kw

    @classmethod
    def from_environ(cls, environ):
        out = dict(environ)
        return cls(**out)

    @classmethod
    def later(cls):
        def make():
            return cls()
        return make()

    def plain(cls):
        return cls()


class Meta(type):
    def __call__(cls, *args):
        return cls(*args)
'''}


CALLED_LOCALS = {"clients.py": '''
from typing import Protocol


class Client:
    def get(self, url):
        return url

    def __call__(self, x) -> "Other":
        return Other()


class Other:
    def get(self, url):
        return 2


class ClientFactory(Protocol):
    def __call__(self, app) -> Client: ...


def made() -> Client:
    return Client()


def use(factory: ClientFactory, plain):
    client = factory("app")
    client.get("/")
    alias = Client
    second = alias()
    second.get("/")
    instance = made()
    third = instance(1)
    third.get("/")
    unknown = plain()
    unknown.get("/")
'''}


ALIASED = {"locale.py": '''
class Locale:
    def translate(self, message):
        return message

    def months(self):
        _ = self.translate
        return [_("January"), _("May")]

    def other(self, unknown):
        f = unknown.translate
        return f("x")
'''}


def calls(db: Path, project: str) -> list[tuple[object, ...]]:
    return query(db, f"""SELECT substr(e.source_id, {len(project) + 2}), substr(e.target_id, {len(project) + 2}),
                                r.resolution FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' AND e.target_id NOT LIKE '%.make' ORDER BY 1""")


async def test_cls_called_in_a_classmethod_is_the_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, BUILDERS, "p") as service:
        db = service.store.path
        uses = await service.find_references("p", "Builder")
    assert calls(db, "p") == [("builders.py:Builder.from_environ", "builders.py:Builder", "LOCAL"),
                              ("builders.py:Builder.later.make", "builders.py:Builder", "LOCAL")]
    assert [(hit.line, hit.enclosing) for hit in uses.references] == [(8, "Builder.from_environ"),
                                                                      (13, "Builder.later.make")]


async def test_a_variable_holds_what_calling_another_variable_gives(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, CALLED_LOCALS, "p") as service:
        db = service.store.path
    used = query(db, """SELECT e.target_id, e.count, r.resolution FROM code_edges AS e
                          JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.source_id = 'p:clients.py:use' AND e.edge_type = 'CALLS' AND e.target_id LIKE '%.get'
                         ORDER BY 1""")
    # factory("app") a Client, alias() a Client; instance(1) what Client.__call__ returns, an Other; plain() unknown
    assert used == [("p:clients.py:Client.get", 2, "MEMBER"), ("p:clients.py:Other.get", 1, "MEMBER")]


async def test_a_local_alias_of_a_method_called_is_a_call_of_the_method(tmp_path: Path) -> None:
    # tornado's locale.py: `_ = self.translate`, then `_("May")`; a reference check with jedi found five such calls
    # without an edge. An alias of a method on a value nobody types reaches nothing, as the method's call would not.
    async with indexed_project(tmp_path, ALIASED, "p") as service:
        db = service.store.path
        uses = await service.find_references("p", "Locale.translate")
    assert query(db, """SELECT e.source_id, e.target_id, e.count, r.resolution FROM code_edges AS e
                          JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.edge_type = 'CALLS' AND r.resolution != 'GUESS'""") == [
        ("p:locale.py:Locale.months", "p:locale.py:Locale.translate", 2, "MEMBER")]
    # (line 6 reads the method, line 7 calls it twice)
    assert [(hit.line, hit.enclosing, hit.kind) for hit in uses.references] == [
        (6, "Locale.months", "USES"), (7, "Locale.months", "CALLS")]


async def test_an_index_made_before_migration_123_parses_files_calling_cls_again(tmp_path: Path) -> None:
    files = {**BUILDERS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 123)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "builders.py", "tool.sh", "cls in a classmethod")
    assert len(calls(db, "mixed")) == 2
