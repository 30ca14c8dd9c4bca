"""Python calls on what a call returns, on what a function returns without saying, and on the fixtures tests take:
what an agent's audit of jinja and marshmallow found guessed (fifty-fifth session). Each a small project with the
trap, asked as an agent asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio


# jinja's tests: `env.from_string(src).render()`, `tmpl = env.get_template(name)`; another class has a `render` and a
# `from_string` too, so a guess by the name is no answer.
CHAINS = {
    "pkg/__init__.py": "",
    "pkg/env.py": '''
        class Template:
            def render(self, **context) -> str:
                return ""

        class Environment:
            def from_string(self, source) -> "Template":
                return Template()

            def get_template(self, name) -> Template:
                return Template()

        class Markup:
            def render(self):
                return ""

            def from_string(self, source):
                return self
        ''',
    "use.py": '''
        from pkg.env import Environment

        def render_one(source):
            return Environment().from_string(source).render()

        def render_named(name):
            env = Environment()
            tmpl = env.get_template(name)
            return tmpl.render(x=1)
        ''',
}


async def test_a_call_on_what_a_call_returns_reaches_the_method_of_its_declared_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, CHAINS, "p") as service:
        render = await service.find_references("p", "Template.render")
        other = await service.find_references("p", "Markup.render")
    assert [(h.line, h.enclosing, h.resolution) for h in render.references] == [
        (4, "render_one", "MEMBER"), (9, "render_named", "MEMBER")]
    assert other.references == []


# A function or method without a return annotation: what its `return` statements return (a class's instance, a local
# assigned one, `self`), marshmallow's and click's factories; a function returning two different things says nothing
# sure of either.
RETURNS = {"make.py": '''
    class Connection:
        def send(self):
            return 1

    class Builder:
        def option(self, name):
            self.name = name
            return self

        def build(self):
            connection = Connection()
            return connection

    class Other:
        def send(self):
            return 2

    def connect():
        return Builder().build()

    def either(flag):
        if flag:
            return Connection()
        return Other()

    def main():
        connect().send()
        Builder().option("a").build().send()
        either(True).send()
    '''}


async def test_a_call_on_what_a_function_returns_without_an_annotation_reaches_that_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, RETURNS, "p") as service:
        connection = await service.find_references("p", "Connection.send")
        other = await service.find_references("p", "Other.send")
    assert [(h.line, h.resolution) for h in connection.references] == [(27, "MEMBER"), (28, "MEMBER"), (29, "MEMBER")]
    # (`either` returns a Connection or an Other: each is reached, as a variable assigned both is)
    assert [(h.line, h.resolution) for h in other.references] == [(29, "MEMBER")]


# flask's and jinja's tests: the `env`, `app`, `client` fixtures of conftest.py, a fixture taking another, one yielding,
# one of the test's class; a test that assigns its fixture's parameter again is not read as the fixture.
FIXTURES = {
    "pkg/__init__.py": "",
    "pkg/app.py": '''
        class Client:
            def get(self, url):
                return url

        class App:
            def test_client(self) -> Client:
                return Client()

            def route(self, rule):
                return rule

        class Sandbox:
            def route(self, rule):
                return rule

            def get(self, url):
                return url
        ''',
    "tests/conftest.py": '''
        import pytest
        from pkg.app import App

        @pytest.fixture
        def app():
            application = App()
            yield application

        @pytest.fixture
        def client(app):
            return app.test_client()
        ''',
    "tests/test_app.py": '''
        import pytest
        from pkg.app import Sandbox

        def test_route(app, client):
            app.route("/")
            client.get("/")

        def test_sandbox(app):
            app = Sandbox()
            app.route("/")

        class TestOwn:
            @pytest.fixture
            def client(self):
                return Sandbox()

            def test_get(self, client):
                client.get("/")
        ''',
}


async def test_a_call_on_a_fixture_a_test_takes_reaches_the_class_the_fixture_gives(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FIXTURES, "p") as service:
        route = await service.find_references("p", "App.route")
        get = await service.find_references("p", "Client.get")
        sandbox_get = await service.find_references("p", "Sandbox.get")
    sure = {"LOCAL", "IMPORT", "MEMBER"}
    assert [(h.line, h.enclosing) for h in route.references if h.resolution in sure] == [(5, "test_route")]
    assert [(h.line, h.enclosing) for h in get.references if h.resolution in sure] == [(6, "test_route")]
    # The class's own `client` fixture, not conftest's
    assert [(h.line, h.enclosing) for h in sandbox_get.references if h.resolution in sure] == [(18, "TestOwn.test_get")]


async def test_a_fixture_parameter_assigned_again_is_no_sure_receiver(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FIXTURES, "p") as service:
        route = await service.find_references("p", "App.route", include_guesses=True)
        sandbox_route = await service.find_references("p", "Sandbox.route", include_guesses=True)
    assert [(h.line, h.resolution) for h in route.references if h.enclosing == "test_sandbox"] == [(10, "GUESS")]
    assert [(h.line, h.resolution) for h in sandbox_route.references if h.enclosing == "test_sandbox"] == [
        (10, "GUESS")]


async def test_an_index_made_before_chains_parses_its_python_files_again(tmp_path: Path) -> None:
    """Migration 95: the next update parses an existing index's Python files again."""
    files = {**CHAINS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 95,
                                        # (what the version before linked: no call on what a call returns)
                                        "DELETE FROM code_edges WHERE source_id = 'mixed:use.py:render_one'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "use.py", "tool.sh", "Python")
    assert ("mixed:use.py:render_one", "mixed:pkg/env.py:Template.render") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'"))


# An audit of the change's edges found three ways it would be sure and wrong: a class method's `return cls()` makes
# an instance of the class it is called on; a name `parametrize` gives values to is no fixture; a test class takes a
# base test class's fixture before conftest's.
WHICH_CLASS = {
    "lib.py": '''
        class Base:
            @classmethod
            def create(cls):
                return cls()

            def m(self):
                return 1

        class Sub(Base):
            def m(self):
                return 2

        def use():
            Sub.create().m()
        ''',
    "tests/conftest.py": '''
        import pytest
        from lib import Base

        @pytest.fixture
        def thing():
            return Base()
        ''',
    "tests/test_things.py": '''
        import pytest
        from lib import Sub

        @pytest.mark.parametrize("other, thing", [(1, Sub())])
        def test_given(other, thing):
            thing.m()

        class TestBase:
            @pytest.fixture
            def thing(self):
                return Sub()

        class TestChild(TestBase):
            def test_inherited(self, thing):
                thing.m()
        ''',
}


async def test_a_class_method_a_parametrize_mark_and_a_base_test_class_give_the_class_that_runs(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, WHICH_CLASS, "p") as service:
        base = await service.find_references("p", "Base.m", include_guesses=True)
        sub = await service.find_references("p", "Sub.m", include_guesses=True)
    assert [(h.file_path, h.line, h.resolution) for h in base.references] == [("tests/test_things.py", 6, "GUESS")]
    assert [(h.file_path, h.line, h.resolution) for h in sub.references] == [
        ("lib.py", 14, "MEMBER"), ("tests/test_things.py", 6, "GUESS"), ("tests/test_things.py", 15, "MEMBER")]


async def test_a_generator_returns_no_value_of_its_return_statement(tmp_path: Path) -> None:
    files = {"gen.py": '''
        class Node:
            def walk(self):
                return 1

        def nodes(root):
            yield root
            return Node()

        def main():
            nodes(None).walk()
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        walk = await service.find_references("p", "Node.walk", include_guesses=True)
    assert [(h.line, h.resolution) for h in walk.references] == [(10, "GUESS")]
