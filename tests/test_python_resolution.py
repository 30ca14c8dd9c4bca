"""Python references resolve the way Python finds names, and say how sure they are: a small project
with the traps a by-name resolver falls into (a common method name on an unknown receiver, a
builtin a test redefines, modules named like the standard library or like the package)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.enums import IndexStatus
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

PROJECT = {
    "src/pkg/__init__.py": '''
        from .helpers import url_for
        from . import _types
        ''',
    "src/pkg/_types.py": '''
        class Headers:
            def get(self, key):
                return key
        ''',
    "src/pkg/typing.py": '''
        def cast(kind, value):
            return value
        ''',
    "src/pkg/helpers.py": '''
        import os
        import typing as t


        def url_for(endpoint):
            return os.environ.get(endpoint)


        if os.name == "nt":
            def normalize(path):
                return path.replace("\\\\", "/")
        else:
            def normalize(path):
                return path


        def cast_all(values):
            return [t.cast(int, v) for v in values]
        ''',
    "src/pkg/sessions.py": '''
        class BaseSession:
            def close(self):
                return None


        class Session(BaseSession):
            def close(self):
                return super().close()
        ''',
    "src/pkg/app.py": '''
        from .helpers import normalize
        from .sessions import BaseSession, Session


        class Base:
            def __init__(self, name):
                self.name = name

            def close(self):
                return None

            def url_for(self, endpoint):
                return endpoint


        class App(Base):
            session_class = Session

            def __init__(self, name):
                super().__init__(name)
                self.session = self.session_class()

            def run(self, path):
                self.close()
                self.session.close()
                return normalize(path)

            def open(self, session: BaseSession):
                session.close()

            def tidy(self, things):
                for thing in things:
                    thing.close()
                return set(things)
        ''',
    "tests/test_app.py": '''
        import pkg
        from pkg import url_for
        from pkg.app import App


        def set(values):
            return values


        def test_url():
            app = App("x")
            app.run("/")
            return url_for("index")
        ''',
    "tests/fixtures/pkg.py": '''
        def url_for(endpoint):
            return endpoint
        ''',
}


def edges(db: Path) -> set[tuple[str, str, str, str]]:
    rows = query(db, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges e
                         JOIN coderag_edge_resolutions r ON r.edge_id = e.id""")
    return {(source.removeprefix("p:"), kind, target.removeprefix("p:"), how) for source, kind, target, how in rows}


async def linked(tmp_path: Path, files: dict[str, str]) -> set[tuple[str, str, str, str]]:
    """The edges of `files` indexed as a fresh project."""
    async with indexed_project(tmp_path, files, "p"):
        pass
    return edges(tmp_path / "vault.db")


@pytest.fixture
async def graph(tmp_path: Path) -> set[tuple[str, str, str, str]]:
    return await linked(tmp_path, PROJECT)


async def test_known_receivers_resolve_to_the_method_python_calls(graph: set[tuple[str, str, str, str]]) -> None:
    app = "src/pkg/app.py:App"
    assert {(s, t, how) for s, kind, t, how in graph if kind == "CALLS" and s.startswith(app)} >= {
        (f"{app}.__init__", "src/pkg/app.py:Base.__init__", "MEMBER"),  # super().__init__
        (f"{app}.__init__", "src/pkg/sessions.py:Session", "MEMBER"),  # self.session_class(): the class it holds
        (f"{app}.run", "src/pkg/app.py:Base.close", "MEMBER"),  # self.close(): inherited
        (f"{app}.run", "src/pkg/sessions.py:Session.close", "MEMBER"),  # self.session = Session()
        (f"{app}.open", "src/pkg/sessions.py:BaseSession.close", "MEMBER"),  # session: BaseSession
    }
    assert ("src/pkg/sessions.py:Session.close", "CALLS", "src/pkg/sessions.py:BaseSession.close",
            "MEMBER") in graph


async def test_every_definition_of_a_conditional_name_is_a_target(graph: set[tuple[str, str, str, str]]) -> None:
    targets = {t for s, kind, t, how in graph if s == "src/pkg/app.py:App.run" and "normalize" in t}
    assert targets == {"src/pkg/helpers.py:normalize", "src/pkg/helpers.py:normalize@13"}


async def test_an_unknown_receiver_gives_guesses_never_answers(graph: set[tuple[str, str, str, str]]) -> None:
    from_tidy = {(t, how) for s, kind, t, how in graph if s == "src/pkg/app.py:App.tidy"}
    # thing.close(): three classes define close; each is a guess. set(): the builtin, never the test's set.
    assert from_tidy == {("src/pkg/app.py:Base.close", "GUESS"), ("src/pkg/sessions.py:BaseSession.close", "GUESS"),
                         ("src/pkg/sessions.py:Session.close", "GUESS")}
    # os.environ.get(...) is the standard library's, not Headers.get; t.cast is typing's, not pkg/typing.py's.
    assert not {t for s, kind, t, how in graph if s.startswith("src/pkg/helpers.py")
                and (t.endswith("Headers.get") or t.startswith("src/pkg/typing.py"))}


async def test_modules_resolve_as_python_imports_them(graph: set[tuple[str, str, str, str]]) -> None:
    imports = {(s, t) for s, kind, t, how in graph if kind == "IMPORTS"}
    assert ("src/pkg/__init__.py", "src/pkg/_types.py") in imports  # from . import _types: the submodule
    assert ("tests/test_app.py", "src/pkg/__init__.py") in imports  # import pkg: src/ layout
    assert not {t for s, t in imports if t in ("tests/fixtures/pkg.py", "src/pkg/typing.py")}
    # from pkg import url_for: the function __init__ re-exports, not the method Base.url_for.
    assert {(t, how) for s, kind, t, how in graph if s == "tests/test_app.py:test_url"} == {
        ("src/pkg/helpers.py:url_for", "IMPORT"), ("src/pkg/app.py:App", "IMPORT"),
        ("src/pkg/app.py:App.run", "MEMBER")}


async def test_find_references_lists_guesses_only_when_asked(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PROJECT, "p") as service:
        sure = await service.find_references("p", "BaseSession.close")
        with_guesses = await service.find_references("p", "BaseSession.close", include_guesses=True)
    assert [(h.enclosing, h.resolution) for h in sure.references] == [
        ("App.open", "MEMBER"), ("Session.close", "MEMBER")]
    assert ("App.tidy", "GUESS") in [(h.enclosing, h.resolution) for h in with_guesses.references]


# One function calls `save` on a Foo and on an unknown receiver: the second use is a guess (Foo.save is the only
# `save`) that goes into the same edge as the first's sure one.
GUESS_BESIDE_SURE = {"app.py": '''
    class Foo:
        def save(self):
            return 1


    def run(x):
        foo = Foo()
        foo.save()
        x.save()
        return x


    def other(y):
        y.save()
    '''}


async def test_a_use_guessed_beside_a_sure_one_is_listed_with_the_guesses(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, GUESS_BESIDE_SURE, "p") as service:
        sure = await service.find_references("p", "Foo.save")
        with_guesses = await service.find_references("p", "Foo.save", include_guesses=True)
        by_name = await service.find_references("p", "save", include_guesses=True)
    # Line 9 was listed neither as sure nor as a guess: its function's one edge to Foo.save is line 8's MEMBER.
    assert [(h.line, h.resolution) for h in sure.references] == [(8, "MEMBER")]
    assert sure.note is not None and sure.note.startswith(
        "2 other uses of 'save' are tied to no definition here (a receiver whose type could not be told, or a "
        "library's); include_guesses=true lists those")
    assert [(h.line, h.enclosing, h.resolution) for h in with_guesses.references] == [
        (8, "run", "MEMBER"), (9, "run", "GUESS"), (14, "other", "GUESS")]
    assert [(h.line, h.resolution) for h in by_name.references] == [(8, "MEMBER"), (9, "GUESS"), (14, "GUESS")]


# One function's uses of a name reach two methods, one on a class as written (`Tz.parse(x)`), one on an instance;
# another's reach a base's method (`super().bind()`) and, only as a guess, each other `bind` (`self.inner.bind()`:
# no type known).
USES_BY_RECEIVER = {"pkg/__init__.py": "", "pkg/parsers.py": '''
    class Tz:
        @classmethod
        def parse(cls, s):
            return s


    class Dp:
        def parse(self, s):
            return s


    def both(x):
        Tz.parse(x)
        Dp().parse(x)


    class B1:
        def bind(self):
            return 1


    class B2(B1):
        def bind(self):
            super().bind()
            self.inner.bind()


    class B3(B1):
        def bind(self):
            return 3


    class B4(B1):
        def bind(self):
            return 4
    '''}


async def test_each_use_is_listed_under_the_target_its_receiver_reached(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, USES_BY_RECEIVER, "p") as service:
        # Each line under its own method: both lines were listed under each (the edges of `both` could not say which).
        for symbol, line in (("Tz.parse", 13), ("Dp.parse", 14)):
            answer = await service.find_references("p", symbol)
            assert [(h.line, h.enclosing) for h in answer.references] == [(line, "both")], symbol
        # `self.inner.bind()` was only guessed: it was listed as the sure MEMBER use beside `super().bind()`.
        answer = await service.find_references("p", "B1.bind")
        assert [(h.line, h.resolution) for h in answer.references] == [(24, "MEMBER")]
        assert answer.note is not None and answer.note.startswith(
            "1 other use of 'bind' is tied to no definition here (a receiver whose type could not be told, or a "
            "library's); include_guesses=true lists those guessed to be this one")
        answer = await service.find_references("p", "B1.bind", include_guesses=True)
        assert [(h.line, h.resolution) for h in answer.references] == [(24, "MEMBER"), (25, "GUESS")]
        by_name = await service.find_references("p", "bind")
        assert [(h.line, h.resolution) for h in by_name.references] == [(24, "MEMBER"), (25, "UNRESOLVED")]


async def test_an_index_from_before_guesses_beside_sure_uses_links_again(tmp_path: Path) -> None:
    """Migration 26: an existing index's edges cannot say which held a guess, so every file is linked again by
    the next update (none parsed again), and the index says why."""
    db = await indexed_before_migration(tmp_path, GUESS_BESIDE_SURE, "p", 26,
                                        "ALTER TABLE coderag_edge_resolutions DROP COLUMN uses")
    hashes = query(db, "SELECT file_path, file_hash FROM coderag_files")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("p")
        assert status.status is IndexStatus.STALE and "link the files again" in (status.error_message or "")
        assert query(db, "SELECT linked FROM coderag_files") == [(0,)]
        # Until then, as before: the guess is not listed.
        answer = await service.find_references("p", "Foo.save", include_guesses=True)
        assert [h.line for h in answer.references] == [8, 14]
        await service.update_index("p", background=False)
        assert (await service.get_status("p")).status is IndexStatus.READY
        answer = await service.find_references("p", "Foo.save", include_guesses=True)
        assert [h.line for h in answer.references] == [8, 9, 14]
    assert query(db, "SELECT file_path, file_hash FROM coderag_files") == hashes
    assert query(db, "SELECT linked FROM coderag_files") == [(1,)]


async def test_an_update_that_changes_only_a_base_class_relinks_the_callers(tmp_path: Path) -> None:
    project = dict(PROJECT)
    project["src/pkg/sessions.py"] = '''
        class BaseSession:
            def close(self):
                return None


        class Plain:
            def close(self):
                return None


        class Session(BaseSession):
            pass
        '''
    async with indexed_project(tmp_path, project, "p") as service:
        assert ("src/pkg/app.py:App.run", "CALLS", "src/pkg/sessions.py:BaseSession.close", "MEMBER") in edges(
            tmp_path / "vault.db")
        sessions = tmp_path / "repo" / "src" / "pkg" / "sessions.py"
        sessions.write_text(sessions.read_text().replace("class Session(BaseSession):", "class Session(Plain):"))
        await service.update_index("p", background=False)
    updated = edges(tmp_path / "vault.db")
    # No name appeared or went: only the base changed, and App.run (in an unchanged file) follows it.
    assert ("src/pkg/app.py:App.run", "CALLS", "src/pkg/sessions.py:Plain.close", "MEMBER") in updated
    assert updated == await linked(tmp_path / "fresh", project | {"src/pkg/sessions.py": sessions.read_text()})


async def test_an_import_found_outside_the_packages_goes_to_the_nearest_module_or_to_none(tmp_path: Path) -> None:
    # `import models` finds no module where Python looks (the root, src/, the script's folder): the
    # nearest example app's module is meant, and when two are as near nobody can say which.
    project = {
        "examples/blog/models.py": "class Post:\n    pass\n",
        "examples/blog/models.pyi": "class Post: ...\n",
        "examples/shop/models.py": "class Order:\n    pass\n",
        "examples/blog/tools/seed.py": "import models\n\n\ndef seed():\n    return models.Post()\n",
        "scripts/report.py": "import models\n\n\ndef report():\n    return models.Order()\n",
    }
    graph = await linked(tmp_path, project)
    assert {(s, kind, t) for s, kind, t, _how in graph if s.startswith("examples/blog/tools/seed.py")} == {
        ("examples/blog/tools/seed.py", "IMPORTS", "examples/blog/models.py"),  # the module, not its stub too
        ("examples/blog/tools/seed.py:seed", "CALLS", "examples/blog/models.py:Post")}
    assert not {edge for edge in graph if edge[0].startswith("scripts/report.py")}


async def test_files_of_one_script_folder_each_import_the_module_nearest_to_them(tmp_path: Path) -> None:
    # Both test packages run from tests/ (no package), and neither helpers module is where Python looks:
    # each file's import goes to the one beside it, whichever of them the link resolves first.
    project = {
        "tests/unit/__init__.py": "",
        "tests/unit/test_parse.py": "import helpers\n",
        "tests/unit/data/helpers.py": "def load():\n    pass\n",
        "tests/integration/__init__.py": "",
        "tests/integration/test_server.py": "import helpers\n",
        "tests/integration/data/helpers.py": "def load():\n    pass\n",
    }
    assert {(s, t) for s, kind, t, _how in await linked(tmp_path, project) if kind == "IMPORTS"} == {
        ("tests/unit/test_parse.py", "tests/unit/data/helpers.py"),
        ("tests/integration/test_server.py", "tests/integration/data/helpers.py")}


# A package's __init__.py re-exports what its modules define (marshmallow's `from marshmallow.decorators import
# validates_schema`, `from marshmallow.utils import RAISE`), and its users import them from the package.
REEXPORTS = {
    "pkg/__init__.py": '''
        from pkg.decorators import validates_schema
        from .fields import Field
        from pkg.utils import EXCLUDE, RAISE
        from .nested import *
        ''',
    "pkg/decorators.py": "def validates_schema(fn):\n    return fn\n",
    "pkg/fields.py": "class Field:\n    pass\n",
    "pkg/legacy.py": "class Field:\n    pass\n",  # not what the package binds
    "pkg/utils.py": "RAISE = 'raise'\nEXCLUDE = 'exclude'\n",
    "pkg/nested/__init__.py": "from .deep import make\n",
    "pkg/nested/deep.py": "def make():\n    return 1\n",
    "tests/test_many_lines.py": '''
        from pkg import (
            Field,
            RAISE,
            validates_schema,
        )


        class MyField(Field):
            pass
        ''',
    "tests/test_one_line.py": "from pkg import RAISE, Field, make, validates_schema\n",
    # (also imports a module of the package itself: it was found through that by the package's folder)
    "tests/test_with_utils.py": "from pkg import utils\nfrom pkg import RAISE\n",
}


async def test_an_import_of_a_name_the_package_reexports_is_of_its_definition(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, REEXPORTS, "p") as service:
        found = {name: [(h.file_path, h.line, h.resolution, h.target) for h in
                        (await service.find_references("p", name)).references if h.kind == "IMPORTS"]
                 for name in ("validates_schema", "Field", "RAISE", "make")}
    assert found["validates_schema"] == [
        ("pkg/__init__.py", 1, "IMPORT", "pkg/decorators.py:validates_schema"),
        ("tests/test_many_lines.py", 4, "IMPORT", "pkg/decorators.py:validates_schema"),
        ("tests/test_one_line.py", 1, "IMPORT", "pkg/decorators.py:validates_schema")]
    # The package binds fields.py's Field, not legacy.py's.
    assert found["Field"] == [
        ("pkg/__init__.py", 2, "IMPORT", "pkg/fields.py:Field"),
        ("tests/test_many_lines.py", 2, "IMPORT", "pkg/fields.py:Field"),
        ("tests/test_one_line.py", 1, "IMPORT", "pkg/fields.py:Field")]
    assert found["RAISE"] == [
        ("pkg/__init__.py", 3, "IMPORT", "pkg/utils.py:RAISE"),
        ("tests/test_many_lines.py", 3, "IMPORT", "pkg/utils.py:RAISE"),
        ("tests/test_one_line.py", 1, "IMPORT", "pkg/utils.py:RAISE"),
        ("tests/test_with_utils.py", 2, "IMPORT", "pkg/utils.py:RAISE")]
    # Through `from .nested import *`, then nested/__init__.py's own import.
    assert found["make"] == [
        ("pkg/nested/__init__.py", 1, "IMPORT", "pkg/nested/deep.py:make"),
        ("tests/test_one_line.py", 1, "IMPORT", "pkg/nested/deep.py:make")]


async def test_an_import_the_package_does_not_bind_stays_unresolved(tmp_path: Path) -> None:
    project = {
        "pkg/__init__.py": '''
            from .exceptions import DecodeError
            from .fields import Field as BaseField


            def _helper():
                from .legacy import Field
            ''',
        "pkg/fields.py": "class Field:\n    pass\n",
        "pkg/legacy.py": "class Field:\n    pass\n",
        "pkg/exceptions.py": "class DecodeError(Exception):\n    pass\n",
        "pkg/compat.py": '''
            try:
                from simplejson import DecodeError
            except ImportError:
                from json import DecodeError
            ''',
        "app.py": "from pkg import Field\nfrom pkg.compat import DecodeError\n",
    }
    async with indexed_project(tmp_path, project, "p") as service:
        fields = await service.find_references("p", "Field")
        errors = await service.find_references("p", "DecodeError")
    # The package binds BaseField, and a function's own import binds nothing the package holds.
    assert [(h.line, h.resolution) for h in fields.references if h.file_path == "app.py"] == [(1, "UNRESOLVED")]
    # pkg.compat is compat.py, which imports it from outside: not the package's DecodeError, though it has one
    # (requests' `from requests.compat import JSONDecodeError`).
    assert [(h.line, h.resolution) for h in errors.references if h.file_path == "app.py"] == [(2, "UNRESOLVED")]


async def test_an_index_from_before_import_lines_parses_python_again(tmp_path: Path) -> None:
    """Migration 30: a Python import of several lines was stored at its statement's first line."""
    files = {"pkg/__init__.py": "", "pkg/a.py": "def f():\n    pass\n",
             "app.py": "from pkg.a import (\n    f,\n)\n", "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 30)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "app.py", "tool.sh", "Python imports of several lines")
        references = await service.find_references("mixed", "f")
    assert [(h.file_path, h.line) for h in references.references] == [("app.py", 2)]


async def test_an_annotation_is_a_use_of_its_type(tmp_path: Path) -> None:
    # marshmallow's `ErrorStore` was used only in annotations past its import and one call: find_references listed
    # neither `error_store: ErrorStore` nor `-> ValidationError`, though the tools promise type uses.
    files = {
        "pkg/__init__.py": "",
        "pkg/errors.py": "class ErrorStore:\n    pass\n\n\nclass ValidationError(Exception):\n    pass\n",
        "pkg/schema.py": '''
            from __future__ import annotations

            import typing

            from pkg import errors
            from pkg.errors import ErrorStore


            def load(data: dict, store: ErrorStore | None = None) -> errors.ValidationError:
                kept: list[ErrorStore] = []
                return errors.ValidationError()


            def ErrorStoreFactory() -> typing.Any:
                return ErrorStore()
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "ErrorStore")
        assert [(h.line, h.kind, h.enclosing, h.resolution) for h in answer.references] == [
            (6, "IMPORTS", "pkg/schema.py", "IMPORT"), (9, "USES", "load", "IMPORT"), (10, "USES", "load", "IMPORT"),
            (15, "CALLS", "ErrorStoreFactory", "IMPORT")]
        answer = await service.find_references("p", "ValidationError")
        assert [(h.line, h.kind, h.resolution) for h in answer.references] == [(9, "USES", "IMPORT"),
                                                                               (11, "CALLS", "IMPORT")]
    # `typing.Any` and `dict` are no project types: no edge, not even a guess.
    assert not [edge for edge in query(tmp_path / "vault.db", "SELECT target_id FROM code_edges WHERE edge_type = 'USES'")
                if not edge[0].startswith("p:pkg/errors.py:")]


async def test_annotations_do_not_raise_their_types_rank(tmp_path: Path) -> None:
    # black's `Mode`, named in most signatures, rose over the files that use it: annotations are uses for
    # find_references, not links PageRank counts.
    functions = "".join(f"def f{number}(mode: Mode) -> Mode:\n    return mode\n\n\n" for number in range(6))
    files = {"pkg/__init__.py": "", "pkg/mode.py": "class Mode:\n    pass\n\n\nclass Unused:\n    pass\n",
             "pkg/lines.py": "from pkg.mode import Mode\n\n\n" + functions}
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "Mode")
        assert sum(h.kind == "USES" for h in answer.references) == 6  # (a line each)
    priors = dict(query(tmp_path / "vault.db", "SELECT node_id, prior FROM coderag_node_ranks"))
    assert priors["p:pkg/mode.py:Mode"] == priors["p:pkg/mode.py:Unused"]


CONSOLE_OR_DEFAULT = {
    "pkg/__init__.py": "",
    "pkg/console.py": '''
        class Console:
            def print(self, text):
                return text


        def get_console() -> Console:
            return Console()
        ''',
    "pkg/handler.py": '''
        from .console import get_console


        class Handler:
            def __init__(self, console=None):
                self.console = console or get_console()
                self.other = console if console is not None else get_console()

            def emit(self):
                self.console.print("a")
                self.other.print("b")


        def show(console=None):
            shown = get_console() if console is None else console
            shown.print("c")
        ''',
}


async def test_a_value_given_or_made_holds_what_the_call_makes(tmp_path: Path) -> None:
    # rich: `self.console = console or get_console()` (and `x if x is not None else get_console()`) left about 50
    # calls on the value, `self.console.print(..)` among them, as guesses.
    graph = await linked(tmp_path, CONSOLE_OR_DEFAULT)
    calls = {(source, target, how) for source, kind, target, how in graph if kind == "CALLS"}
    assert ("pkg/handler.py:Handler.emit", "pkg/console.py:Console.print", "MEMBER") in calls
    assert ("pkg/handler.py:show", "pkg/console.py:Console.print", "MEMBER") in calls
    # (both of emit's uses reach it as sure: none of them is only a guess)
    assert not any(how == "GUESS" for source, target, how in calls if source == "pkg/handler.py:Handler.emit")


async def test_an_index_made_before_migration_82_parses_python_files_with_given_or_made_values_again(
        tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, CONSOLE_OR_DEFAULT, "mixed", 82)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "pkg/handler.py", "pkg/console.py",
                                             "Values given or made")
