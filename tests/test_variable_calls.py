"""A call of a module's or file's variable by its name is an edge to the variable, in Python, TS/JS and Go (dateutil's
`gettz = __get_gettz()`, called `gettz("UTC")` and `tz.gettz(..)`; mobx's `export const observable = assign(..)`,
called `observable(..)`; Go's `var now = time.Now`): those calls reached nothing. A local of the same name is no
call of the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                            update_after_relink_migration, update_after_reparse_migration)
from tests.test_typed_resolution import calls_from, graph_of
from coderag_mcp.service import CodeIndexService

pytestmark = pytest.mark.anyio

FILES = {
    "tz/__init__.py": '''
        from .tz import gettz
        ''',
    "tz/tz.py": '''
        def __get_gettz():
            class GettzFunc:
                def __call__(self, name=None):
                    return name
            return GettzFunc()


        def _parse(text):
            return text


        gettz = __get_gettz()
        parse = _parse


        def here():
            return gettz("UTC")


        class _Parser:
            def parse(self, text):
                return text


        DEFAULT_PARSER = _Parser()
        parse_default = DEFAULT_PARSER.parse
        ''',
    "use.py": '''
        import tz
        from tz import gettz
        from tz.tz import parse


        def by_name():
            return gettz("x")


        def by_module():
            return tz.gettz("y")


        def aliased():
            return parse("z")


        def shadowed(gettz):
            return gettz("w")


        from tz.tz import parse_default


        def bound():
            return parse_default("v")
        ''',
    "src/observable.ts": '''
        function createObservable(value: unknown) { return value }
        const factories = { box(value: unknown) { return value } }
        export const observable = Object.assign(createObservable, factories)

        export function here() { return observable(1) }
        ''',
    "src/internal.ts": '''
        export * from "./observable"
        ''',
    "src/use.ts": '''
        import { observable } from "./internal"
        import * as m from "./observable"

        export function byName() { return observable({}) }
        export function byModule() { return m.observable(2) }
        export function shadowed() { const observable = (x: number) => x; return observable(3) }

        export class Store {
            @observable value = 1
        }
        ''',
    "test/observable.test.js": '''
        const mobx = require("../src/internal")
        const { observable } = mobx

        test("boxes", () => {
            observable(4)
            mobx.observable(5)
        })
        ''',
    "go.mod": "module example.com/clock\n",
    "clock.go": '''
        package clock

        import "time"

        var now = time.Now

        func Stamp() time.Time { return now() }
        ''',
    "other.go": '''
        package clock

        import "time"

        func Other() time.Time { return now() }

        func Shadowed() time.Time {
            now := time.Now
            return now()
        }
        ''',
}


async def test_a_call_of_a_module_variable_by_its_name_reaches_the_variable(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    gettz = "tz/tz.py:gettz"
    assert calls_from(graph, "tz/tz.py:here") == {(gettz, "LOCAL")}
    assert calls_from(graph, "use.py:by_name") == {(gettz, "IMPORT")}  # through the package's re-export
    assert calls_from(graph, "use.py:by_module") == {(gettz, "IMPORT")}
    # An alias of a function: the variable and the function it names.
    assert calls_from(graph, "use.py:aliased") == {("tz/tz.py:parse", "IMPORT"), ("tz/tz.py:_parse", "IMPORT")}
    assert calls_from(graph, "use.py:shadowed") == set()  # a parameter of that name
    # An alias of a method of what another variable holds (dateutil's `isoparse = DEFAULT_ISOPARSER.isoparse`).
    assert calls_from(graph, "use.py:bound") == {("tz/tz.py:parse_default", "IMPORT"),
                                                 ("tz/tz.py:_Parser.parse", "IMPORT")}
    observable = "src/observable.ts:observable"
    assert calls_from(graph, "src/observable.ts:here") == {(observable, "LOCAL")}
    assert calls_from(graph, "src/use.ts:byName") == {(observable, "IMPORT")}  # through `export *`
    assert calls_from(graph, "src/use.ts:byModule") == {(observable, "IMPORT")}
    assert (observable, "IMPORT") not in calls_from(graph, "src/use.ts:shadowed")  # its own arrow function
    # a decorator named alone applies the variable (mobx's `@observable`: 82 of them)
    assert {(source, target, how) for source, kind, target, how in graph if kind == "DECORATES"} == {
        ("src/use.ts:Store", observable, "IMPORT")}
    # destructured from a variable that holds a required module, or called on it (mobx's tests: 262 calls)
    assert calls_from(graph, "test/observable.test.js") == {(observable, "IMPORT")}
    assert calls_from(graph, "clock.go:Stamp") == {("clock.go:now", "LOCAL")}
    assert calls_from(graph, "other.go:Other") == {("clock.go:now", "LOCAL")}  # another file of the package
    assert calls_from(graph, "other.go:Shadowed") == set()


async def test_find_references_lists_a_variables_calls_and_says_what_it_leaves_out(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        answer = await service.find_references("p", "tz.tz.gettz")
    assert [(hit.file_path, hit.line, hit.kind, hit.resolution) for hit in answer.references] == [
        ("tz/__init__.py", 1, "IMPORTS", "IMPORT"), ("tz/tz.py", 17, "CALLS", "LOCAL"),
        ("use.py", 2, "IMPORTS", "IMPORT"), ("use.py", 7, "CALLS", "IMPORT"), ("use.py", 11, "CALLS", "IMPORT")]
    assert answer.note is not None and "its calls by its name (`gettz(..)`" in answer.note


async def test_an_index_made_before_migration_79_parses_files_with_variables_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, FILES, "mixed", 79)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/observable.ts", "src/use.ts",
                                             "Calls of a variable of a file reach it")
    assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]
    assert ("mixed:use.py:by_name", "mixed:tz/tz.py:gettz") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'"))


PACKAGE_VARIABLES = {
    "go.mod": "module github.com/spf13/cobra\n\ngo 1.20\n",
    "command.go": '''
        package cobra

        type Command struct{ Use string }

        func (c *Command) Name() string { return c.Use }

        func NewCommand() *Command { return &Command{} }
        ''',
    "doc/cmd_test.go": '''
        package doc

        import "github.com/spf13/cobra"

        var echoCmd = &cobra.Command{
            Use: "echo",
        }

        var made = cobra.NewCommand()
        ''',
    "doc/man_docs_test.go": '''
        package doc

        func TestGenManDoc() {
            echoCmd.Name()
            made.Name()
        }
        ''',
}


async def test_a_call_on_a_package_variable_of_another_file_is_on_what_it_holds(tmp_path: Path) -> None:
    """cobra's doc tests: `var echoCmd = &cobra.Command{..}` in cmd_test.go, and `echoCmd.Name()` in the package's
    other test files was a guess (18 calls); a variable holding a function's result holds what it returns."""
    graph = await graph_of(tmp_path, PACKAGE_VARIABLES)
    assert calls_from(graph, "doc/man_docs_test.go:TestGenManDoc") == {("command.go:Command.Name", "MEMBER")}


LIBRARY_VALUES = {
    "go.mod": "module github.com/gin-gonic/gin\n\ngo 1.20\n",
    "context.go": '''
        package gin

        type Context struct{ Keys map[string]any }

        func (c *Context) Get(key string) (any, bool) { v, ok := c.Keys[key]; return v, ok }

        type flagError struct{ msg string }

        func (e *flagError) Error() string { return e.msg }
        ''',
    "context_test.go": '''
        package gin

        import (
            "net/http/httptest"
            "testing"
        )

        func TestHeader(t *testing.T) {
            w := httptest.NewRecorder()
            w.Header().Get("Content-Type")
            err := run()
            t.Log(err.Error())
        }
        ''',
}


async def test_a_go_call_on_a_librarys_value_or_an_error_is_no_guess(tmp_path: Path) -> None:
    """gin's tests' 104 `w.Header().Get(..)` after `w := httptest.NewRecorder()` were guessed to `Context.Get`, and
    cobra's 26 `err.Error()` to its one error type's `Error`: a method of a library's value is the library's, and an
    `error`'s could be any error type's."""
    graph = await graph_of(tmp_path, LIBRARY_VALUES)
    assert calls_from(graph, "context_test.go:TestHeader") == set()


DEFAULT_EXPORTS = {
    "source/options.ts": "export default class Options {\n    json() { return 1 }\n}\n",
    "source/create.ts": "export default function create() { return (url: string) => url }\n",
    "source/index.ts": '''
        import create from "./create.js"
        const got = create()
        export default got
        export * from "./options.js"
        ''',
    "test/use.ts": '''
        import got from "../source/index.js"
        export function fetches() { return got("x") }
        ''',
    "tools/build.py": "def build():\n    return 1\n",
}


async def test_a_default_export_is_the_modules_own_not_what_its_export_star_passes_on(tmp_path: Path) -> None:
    """got's source/index.ts writes `const got = create(defaults); export default got;` beside `export * from
    "./core/options.js"`: every `got(..)` of `import got from "../source/index.js"` (about 100 calls) was a sure call of
    options.ts's `export default class Options`. An `export *` passes on no default; the call reaches the variable."""
    graph = await graph_of(tmp_path, DEFAULT_EXPORTS)
    assert calls_from(graph, "test/use.ts:fetches") == {("source/index.ts:got", "IMPORT")}


async def test_an_index_made_before_migration_113_links_javascript_and_typescript_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, DEFAULT_EXPORTS, "mixed", 113)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "mixed", "test/use.ts", "tools/build.py",
                                            "never one an export * passes on")
