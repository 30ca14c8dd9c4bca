"""Python answers agents got wrong on httpx and jinja (an audit of 110 answers over the two projects): each a
small project with the trap, asked as an agent asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio


# jinja's `Environment.getattr` calls the builtin `getattr(obj, attribute)`; `fact` calls itself.
BARE_BUILTIN = {"env.py": '''
    class Environment:
        def getattr(self, obj, attribute):
            return getattr(obj, attribute)

        def walk(self, node):
            return self.walk(node)

    def fact(n):
        return n * fact(n - 1)
    '''}


async def test_a_bare_name_in_a_method_is_not_the_method(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, BARE_BUILTIN, "p") as service:
        getattr_ = await service.find_references("p", "Environment.getattr")
        walk = await service.find_references("p", "Environment.walk")
        fact = await service.find_references("p", "fact")
    assert getattr_.references == []
    # (a call on `self` of its own class's method: MEMBER, an edge to itself since the sixty-third session)
    assert [(h.line, h.enclosing, h.resolution) for h in walk.references] == [(6, "Environment.walk", "MEMBER")]
    assert [(h.line, h.enclosing, h.resolution) for h in fact.references] == [(9, "fact", "LOCAL")]


# httpx's `from ._api import *` and jinja's `from .environment import Environment as Environment` in the package's
# __init__.py: agents write `httpx.get`, `jinja2.Environment`, as the package's users do; nodes.py's `Template` is
# another class of that name, which jinja2 does not export.
PACKAGE = {
    "src/pkg/__init__.py": '''
        from .core import Engine as Engine
        from .api import *
        ''',
    "src/pkg/core.py": '''
        class Engine:
            def get(self):
                return 1

        class Template:
            pass
        ''',
    "src/pkg/nodes.py": '''
        class Template:
            pass
        ''',
    "src/pkg/api.py": '''
        from .core import Template

        def get():
            return Engine().get()
        ''',
    "use.py": '''
        import pkg

        def main():
            pkg.Engine().get()
            return pkg.get()
        ''',
}


async def test_a_name_written_with_its_package_is_the_definition_the_package_reexports(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PACKAGE, "p") as service:
        engine = await service.find_references("p", "pkg.Engine")
        get = await service.find_references("p", "pkg.get")
        method = await service.find_references("p", "pkg.Engine.get")
        read = await service.read_code("p", symbol="pkg.Engine")
        symbol = await service.find_symbol("p", "pkg.get")
        template = await service.find_symbol("p", "pkg.Template")
    assert engine.definitions == 1 and ("use.py", 4, "CALLS") in [(h.file_path, h.line, h.kind) for h in engine.references]
    assert [(h.file_path, h.line, h.target) for h in get.references] == [("use.py", 5, "src/pkg/api.py:get")]
    assert ("use.py", 4, "src/pkg/core.py:Engine.get") in [(h.file_path, h.line, h.target) for h in method.references]
    assert (read.file_path, read.start_line) == ("src/pkg/core.py", 1)
    assert [(d.file_path, d.qualified_name) for d in symbol.definitions][0] == ("src/pkg/api.py", "get")
    assert [(d.file_path, d.qualified_name) for d in template.definitions][0] == ("src/pkg/core.py", "Template")


# httpx's `Client(BaseClient)` inherits `build_request`; `Client.build_request` was "nothing defines or calls it".
INHERITED = {"client.py": '''
    class BaseClient:
        def build_request(self):
            return 1

        def close(self):
            return 0

    class Client(BaseClient):
        def send(self):
            return self.build_request()

    class Other:
        def build_request(self):
            return 2

    def main(client: Client):
        return client.build_request()
    ''', "test_client.py": '''
    def test_local():
        class Client:
            def build_request(self):
                return 3
        return Client().build_request()
    '''}


async def test_a_method_named_through_a_class_that_inherits_it_is_the_bases(tmp_path: Path) -> None:
    """find_references, read_code and find_symbol of `Client.build_request` answer BaseClient's. find_symbol listed
    `Other.build_request` (a class Client has nothing to do with) first, as sympy's `MutableDenseMatrix.rref` listed
    `DomainMatrix.rref` and four more before MatrixBase's; and an inherited method that nothing calls was answered
    "these are the uses of that" above no uses (read_code said it too). A namesake nested in a function (Django's
    tests' `class ModelAdmin` in a test function, for `ModelAdmin.get_queryset`) was the answer of all three; it comes
    after the class's own inherited one in find_symbol, and is left out of the others."""
    async with indexed_project(tmp_path, INHERITED, "p") as service:
        answer = await service.find_references("p", "Client.build_request")
        read = await service.read_code("p", symbol="Client.build_request")
        symbols = await service.find_symbol("p", "Client.build_request")
        unused = await service.find_references("p", "Client.close")
        read_unused = await service.read_code("p", symbol="Client.close")
    assert answer.definitions == 1
    assert [(h.line, h.enclosing, h.target) for h in answer.references] == [
        (10, "Client.send", "client.py:BaseClient.build_request"), (17, "main", "client.py:BaseClient.build_request")]
    inherits = "Client does not define build_request: it inherits client.py:BaseClient.build_request"
    assert answer.note.startswith(f"{inherits}; these are the uses of that.")
    assert (read.start_line, read.symbol) == (2, "BaseClient.build_request") and "inherits" in read.note
    assert [(hit.qualified_name, hit.match) for hit in symbols.definitions] == [
        ("BaseClient.build_request", "exact"), ("test_local.Client.build_request", "suffix")]
    assert symbols.note.startswith(f"{inherits}.")
    assert (unused.definitions, unused.references) == (1, [])
    assert unused.note.startswith("Client does not define close: it inherits client.py:BaseClient.close.")
    assert "these are the uses" not in unused.note and "these are the uses" not in read_unused.note


# jinja's `BaseLoader.load` calls `self.get_source(...)`, which runs FileSystemLoader's for a FileSystemLoader;
# find_references of `FileSystemLoader.get_source` said 0 and nothing guessed.
OVERRIDE = {"loaders.py": '''
    class BaseLoader:
        def load(self):
            return self.get_source()

        def get_source(self):
            raise NotImplementedError

    class FileSystemLoader(BaseLoader):
        def get_source(self):
            return "x"
    '''}


async def test_an_override_names_the_base_method_its_calls_are_listed_under(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, OVERRIDE, "p") as service:
        answer = await service.find_references("p", "FileSystemLoader.get_source")
        base = await service.find_references("p", "BaseLoader.get_source")
    assert answer.references == []
    assert "It overrides loaders.py:BaseLoader.get_source (1 caller)" in answer.note
    assert "find_references 'BaseLoader.get_source' lists them" in answer.note
    assert [(h.line, h.enclosing) for h in base.references] == [(3, "BaseLoader.load")] and base.note is None


async def test_an_override_of_a_method_called_only_through_super_gets_no_such_note(tmp_path: Path) -> None:
    files = {"errors.py": '''
        class Base:
            def __init__(self):
                self.x = 1

        class Middle(Base):
            def __init__(self):
                super().__init__()

        class Leaf(Base):
            def __init__(self):
                self.y = 2
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "Leaf.__init__")
    assert "overrides" not in (answer.note or "")


# httpx's tests: `with httpx.Client() as client: client.send(request)`; Client's `def __enter__(self: T) -> T`.
# A class whose __enter__ says nothing of what it returns gives its `as` name no type.
WITH_AS = {
    "pkg/__init__.py": "",
    "pkg/client.py": '''
        import typing

        T = typing.TypeVar("T", bound="Client")

        class Client:
            def __enter__(self: T) -> T:
                return self

            def __exit__(self, *args):
                pass

            def send(self):
                return 1

        class AsyncClient:
            async def __aenter__(self) -> "AsyncClient":
                return self

            async def send(self):
                return 2

        class Session:
            def __enter__(self):
                return self

            def send(self):
                return 3

        class Pool:
            def __enter__(self):
                return self.connections.pop()

            def send(self):
                return 4
        ''',
    "tests/test_client.py": '''
        import pkg.client

        def test_send():
            with pkg.client.Client() as client:
                client.send()

        async def test_async_send():
            async with pkg.client.AsyncClient() as client:
                await client.send()

        def test_session():
            with pkg.client.Session() as session:
                session.send()

        def test_pool():
            with pkg.client.Pool() as connection:
                connection.send()
        ''',
}


async def test_a_name_bound_by_with_holds_what_enter_declares_it_returns(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, WITH_AS, "p") as service:
        sync = await service.find_references("p", "Client.send")
        not_async = await service.find_references("p", "AsyncClient.send")
        session = await service.find_references("p", "Session.send")
        pool = await service.find_references("p", "Pool.send")
    assert [(h.file_path, h.line, h.resolution) for h in sync.references] == [("tests/test_client.py", 5, "MEMBER")]
    assert [(h.file_path, h.line, h.resolution) for h in not_async.references] == [
        ("tests/test_client.py", 9, "MEMBER")]
    # No annotation, but `return self` says (fifty-fifth session); Pool's `__enter__` returns what no one says.
    assert [(h.file_path, h.line, h.resolution) for h in session.references] == [("tests/test_client.py", 13, "MEMBER")]
    assert pool.references == []  # (four `send`s: too many to guess among)


# jinja's Parser: `self.stream = environment._tokenize(...)` of a parameter `environment: "Environment"`, whose
# `_tokenize` says it returns a TokenStream; then `self.stream.expect(...)` in every method. 47 calls were guesses.
ATTRIBUTE_FROM_PARAMETER = {"parser.py": '''
    class TokenStream:
        def expect(self, kind):
            return kind

    class Environment:
        def _tokenize(self, source) -> TokenStream:
            return TokenStream()

    class Parser:
        def __init__(self, environment: "Environment", source):
            self.stream = environment._tokenize(source)

        def parse(self):
            local = self.stream
            return self.stream.expect("name")
    '''}


async def test_an_attribute_assigned_a_method_of_a_typed_parameter_holds_what_it_returns(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, ATTRIBUTE_FROM_PARAMETER, "p") as service:
        answer = await service.find_references("p", "TokenStream.expect")
    assert [(h.line, h.enclosing, h.resolution) for h in answer.references] == [(15, "Parser.parse", "MEMBER")]


async def test_an_index_made_before_with_bindings_parses_its_python_files_again(tmp_path: Path) -> None:
    """Migration 41: the next update parses an existing index's Python files again."""
    files = {**WITH_AS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 41,
                                        # (what the version before linked: no call on the `with` name)
                                        "DELETE FROM code_edges WHERE source_id = 'mixed:tests/test_client.py:test_send'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "pkg/client.py", "tool.sh", "Python")
    assert ("mixed:tests/test_client.py:test_send", "mixed:pkg/client.py:Client.send") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'"))


async def test_a_name_bound_by_with_and_called_is_still_guessed_by_its_name(tmp_path: Path) -> None:
    # Django's `with self.source_checker(...) as check_sources: check_sources(...)`, a @contextmanager yielding its
    # nested function: the call stays the guess it was.
    files = {"tests.py": '''
        import contextlib

        class LoaderTests:
            @contextlib.contextmanager
            def source_checker(self):
                def check_sources(path):
                    return path
                yield check_sources

            def test_unicode(self):
                with self.source_checker() as check_sources:
                    check_sources("x")
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "check_sources", include_guesses=True)
    assert [(h.line, h.resolution) for h in answer.references] == [(12, "GUESS")]


# httpx's tests catch `httpx.HTTPStatusError` (`except ... as exc`); find_references listed only its raise.
EXCEPT = {
    "pkg/__init__.py": "from .errors import *\n",
    "pkg/errors.py": '''
        class HTTPStatusError(Exception):
            pass

        class DecodingError(Exception):
            pass
        ''',
    "tests/test_errors.py": '''
        import pkg
        from pkg.errors import DecodingError

        def test_raise():
            try:
                pass
            except pkg.HTTPStatusError as exc:
                pass
            except (ValueError, DecodingError):
                pass
            except DecodingError:
                pass
        ''',
}


async def test_an_exception_class_an_except_catches_is_a_use_of_it(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, EXCEPT, "p") as service:
        status = await service.find_references("p", "HTTPStatusError")
        decoding = await service.find_references("p", "DecodingError")
    assert [(h.file_path, h.line, h.kind, h.resolution) for h in status.references
            if h.file_path.startswith("tests")] == [("tests/test_errors.py", 7, "USES", "IMPORT")]
    assert [(h.line, h.kind) for h in decoding.references if h.file_path.startswith("tests")] == [
        (2, "IMPORTS"), (9, "USES"), (11, "USES")]
    # What else reads a class as a value is not listed: the answer says so.
    assert status.note is not None and "other reads of it" in status.note


# httpx's tests pass its exceptions to `pytest.raises(httpx.HTTPStatusError)`, its transports map httpcore's to its own
# (`{httpcore.ProxyError: ProxyError}`), flask checks `isinstance(srcobj, Blueprint)` and sets `config_class = Config`:
# find_references listed none of these uses.
AS_VALUES = {
    "pkg/__init__.py": "from .errors import *\nfrom .client import Client\n",
    "pkg/errors.py": '''
        class ProxyError(Exception):
            pass

        class Client:
            pass
        ''',
    "pkg/client.py": '''
        from .errors import ProxyError

        MAPPING = {"proxy": ProxyError}
        KINDS = [ProxyError, KeyError]


        class Client:
            error_class = ProxyError

            def check(self, exc):
                if isinstance(exc, ProxyError) or type(exc) is ProxyError:
                    raise ProxyError
                return ProxyError
        ''',
    "tests/test_client.py": '''
        import pytest
        import pkg

        def test_raise():
            with pytest.raises(pkg.ProxyError):
                pass
            assert not isinstance(1, pkg.Client)
        ''',
}


async def test_a_class_read_as_a_value_is_a_use_of_it(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, AS_VALUES, "p") as service:
        proxy = await service.find_references("p", "ProxyError")
        client = await service.find_references("p", "Client")
    assert [(h.file_path, h.line, h.kind) for h in proxy.references if h.kind == "USES"] == [
        ("pkg/client.py", 3, "USES"), ("pkg/client.py", 4, "USES"), ("pkg/client.py", 8, "USES"),
        ("pkg/client.py", 11, "USES"), ("pkg/client.py", 12, "USES"), ("pkg/client.py", 13, "USES"),
        ("tests/test_client.py", 5, "USES")]
    # `pkg.Client` is the class `pkg/__init__.py` re-exports (client.py's), not errors.py's of the same name.
    assert [(h.file_path, h.line, h.target) for h in client.references if h.kind == "USES"] == [
        ("tests/test_client.py", 7, "pkg/client.py:Client")]


# dateutil's classes are named in lower case (`tzlocal`, `tzfile`): `isinstance(other, tzlocal)` was no use of tzlocal,
# though the answer's note said a class passed as a value is listed.
LOWER_CASE_CLASSES = {
    "du/__init__.py": "",
    "du/tz.py": '''
        class tzlocal:
            pass

        class tzutc:
            pass
        ''',
    "du/check.py": '''
        from du import tz
        from du.tz import tzlocal, tzutc

        def same(a, b, kind):
            if isinstance(a, tzlocal) or issubclass(kind, (tzutc, str)):
                return isinstance(b, tz.tzutc)
            handlers = [tzlocal]
            return handlers
        ''',
}


async def test_a_class_named_in_lower_case_is_used_where_isinstance_tests_for_it(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, LOWER_CASE_CLASSES, "p") as service:
        local = await service.find_references("p", "tzlocal")
        utc = await service.find_references("p", "tzutc")
    assert [(h.line, h.kind, h.resolution) for h in local.references if h.kind == "USES"] == [(5, "USES", "IMPORT")]
    assert [(h.line, h.kind, h.resolution) for h in utc.references if h.kind == "USES"] == [
        (5, "USES", "IMPORT"), (6, "USES", "IMPORT")]
    # (`handlers = [tzlocal]` is not listed: a lower-case name passed around is mostly a variable; the note says so)
    assert local.note is not None and "isinstance or issubclass tests for it" in local.note


async def test_an_index_made_before_classes_as_values_parses_its_python_files_again(tmp_path: Path) -> None:
    """Migration 45: the next update parses an existing index's Python files again."""
    files = {**AS_VALUES, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 45)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "pkg/client.py", "tool.sh", "Classes read as values")
        proxy = await service.find_references("mixed", "ProxyError")
    assert [h.line for h in proxy.references if h.kind == "USES" and h.file_path == "pkg/client.py"] == [
        3, 4, 8, 11, 12, 13]


async def test_an_index_made_before_migration_76_parses_its_python_files_testing_instances_again(
        tmp_path: Path) -> None:
    files = {**LOWER_CASE_CLASSES, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 76)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "du/check.py", "tool.sh", "isinstance")
        local = await service.find_references("mixed", "tzlocal")
    assert [(h.line, h.kind) for h in local.references if h.kind == "USES"] == [(5, "USES")]


async def test_an_import_of_a_module_level_name_is_no_use_of_a_method_named_alike(tmp_path: Path) -> None:
    # dateutil's `from dateutil.rrule import rrule` (the class) was listed by `refs rruleset.rrule` (a method of the
    # same file): a Python import names a module's top-level item, never a class's member.
    files = {
        "du/__init__.py": "",
        "du/rrule.py": "class rrule:\n    pass\n\n\nclass rruleset:\n    def rrule(self, rule):\n        pass\n",
        "tests/test_rrule.py": "from du.rrule import rrule, rruleset\n\n\ndef test_set():\n"
                               "    rruleset().rrule(rrule())\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        method = await service.find_references("p", "rruleset.rrule")
        cls = await service.find_references("p", "du.rrule.rrule")
    assert [(h.line, h.kind) for h in method.references] == [(5, "CALLS")]
    assert [(h.line, h.kind) for h in cls.references] == [(1, "IMPORTS"), (5, "CALLS")]


async def test_a_pytest_mark_is_no_use_of_a_function_named_like_it(tmp_path: Path) -> None:
    # dateutil's tests mark tests `@pytest.mark.gettz`: `refs gettz` listed 9 of them as unresolved uses of gettz.
    files = {
        "du/__init__.py": "",
        "du/tz.py": "def gettz(name=None):\n    return name\n",
        "tests/test_tz.py": "import pytest\nfrom du.tz import gettz\n\n\n@pytest.mark.gettz\ndef test_a():\n"
                            "    gettz()\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "gettz")
    assert [(h.line, h.kind, h.resolution) for h in answer.references] == [(2, "IMPORTS", "IMPORT"),
                                                                         (7, "CALLS", "IMPORT")]
