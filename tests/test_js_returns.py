"""TypeScript and JavaScript calls on what a function returns without an annotation, on a variable assigned such a
call, and of a name destructured from a value: what an agent's audit of immer found reaching nothing or guessed
(fifty-sixth session). Each a small project with the trap (another class with a method of the name, a project
function named like a builtin's), asked as an agent asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query, update_after_relink_migration,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

SURE = {"LOCAL", "IMPORT", "MEMBER"}

# immer's tests: `createPatchedImmer()` returns a local holding `new Immer()`, and its `produce` is destructured from
# it; a Store has a `produce` too, so a guess by the name is no answer.
RETURNS = {
    "src/immer.ts": '''
        export class Immer {
            produce(base: any) { return base }
            self() { return this }
        }
        export function makeImmer() { return new Immer() }
        export const arrow = () => new Immer()
        export async function later() { return new Immer() }
        export function either(flag: boolean) {
            if (flag) {
                return new Immer()
            }
            return null
        }
        ''',
    "src/store.ts": '''
        export class Store {
            produce(base: any) { return base }
        }
        ''',
    "test/immer.test.js": '''
        import {Immer, makeImmer, arrow, later, either} from "../src/immer"

        function runTest() {
            function createImmer() {
                const immer = new Immer()
                return immer
            }
            const one = createImmer()
            one.produce({})
            makeImmer().produce({})
            arrow().self().produce({})
            either(true).produce({})
            const pending = later()
            pending.produce({})
            const {produce} = createImmer()
            produce({})
            const {self} = new Immer()
            self()
        }
        ''',
}


async def test_a_call_on_what_a_function_returns_without_an_annotation_reaches_that_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, RETURNS, "p") as service:
        immer = await service.find_references("p", "Immer.produce", include_guesses=True)
        store = await service.find_references("p", "Store.produce", include_guesses=True)
        self_calls = await service.find_references("p", "Immer.self")
    # A local returned, `new` returned, an arrow's body, `return this`, a `return null` beside a class, a destructured
    # name: the class's; an async function returns a promise, which nobody types here (a guess, as before).
    assert [(h.line, h.resolution) for h in immer.references] == [
        (9, "MEMBER"), (10, "MEMBER"), (11, "MEMBER"), (12, "MEMBER"), (14, "GUESS"), (16, "MEMBER")]
    assert [(h.line, h.resolution) for h in store.references] == [(14, "GUESS")]
    assert [(h.line, h.resolution) for h in self_calls.references] == [(11, "MEMBER"), (18, "MEMBER")]


# express's tests: `createApp()` returns `express()`, a module called, which tells nothing: a call on it is guessed
# (as on any value nobody types), whether written on the call or on a variable holding it. A function returning an
# object literal has its methods (fastify's `buildRouting()`); a name destructured from a builtin (immer's `const {
# isFrozen } = Object`) is the builtin's, not the project's function of its name.
UNTOLD = {
    "lib/express.js": '''
        function createApplication() {
            const app = function (req, res) {}
            app.set = function set(key, value) { return value }
            return app
        }
        module.exports = createApplication
        ''',
    "lib/common.js": "export function isFrozen(value) {\n  return false\n}\n",
    "test/app.js": '''
        const express = require("../lib/express")
        const {isFrozen} = Object

        function createApp() {
            const app = express()
            return app
        }

        function counter() {
            return {
                increment() { return 1 },
            }
        }

        function run() {
            const app = createApp()
            app.set("views", "v")
            createApp().set("env", "test")
            counter().increment()
            isFrozen(app)
        }
        ''',
}


async def test_what_an_untold_or_literal_value_returns_is_guessed_or_its_own(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, UNTOLD, "p") as service:
        set_calls = await service.find_references("p", "app.set", include_guesses=True)
        increment = await service.find_references("p", "counter.increment")
        frozen = await service.find_references("p", "isFrozen", include_guesses=True)
    assert [(h.line, h.resolution) for h in set_calls.references] == [(17, "GUESS"), (18, "GUESS")]
    assert [(h.line, h.resolution) for h in increment.references] == [(19, "MEMBER")]
    assert [(h.line, h.resolution) for h in frozen.references if h.kind == "CALLS"] == [(20, "UNRESOLVED")]


async def test_an_index_made_before_returns_parses_its_javascript_files_again(tmp_path: Path) -> None:
    """Migration 96: the next update parses an existing index's TypeScript and JavaScript files again."""
    files = {**RETURNS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 96,
                                        # (what the version before linked: nothing on what createImmer returns)
                                        "DELETE FROM code_edges WHERE source_id = 'mixed:test/immer.test.js:runTest'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "test/immer.test.js", "tool.sh", "JavaScript")
    assert ("mixed:test/immer.test.js:runTest", "mixed:src/immer.ts:Immer.produce") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'"))


# immer's and mobx's guesses: `state.items.filter(..)` guessed to a module's private `filter` action creator (an Array's
# method runs), `draft.aSet.add(..)` to two `add` action creators beside DraftSet.add, `line.indexOf(..)` to a docs
# page's script; axios's `utils.forEach(..)` is an object of functions'. And a function returning a local whose method
# it replaced (immer's `createPatchedImmer`) returns no plain Counter.
GUESSES = {
    "lib/actions.js": "const filter = pct => ({type: \"filter\", pct})\nexport const all = [filter]\n",
    "lib/a1.js": "const add = i => ({type: \"add\", i})\nexport default [add]\n",
    "lib/a2.js": "const add = i => ({type: \"add\", i})\nexport default [add]\n",
    "lib/draft.ts": "export class DraftSet extends Set<any> {\n  add(value: any) { return this }\n}\n",
    # (an object of functions nothing types: test_js_literals.py has the object literal a default export is)
    "lib/utils.js": "function forEach(items, fn) {\n  return items\n}\nexport default Object.freeze({ forEach })\n",
    "lib/counter.js": "export class Counter {\n  increment() { return 1 }\n}\n",
    "docs/assets/page.js": "function indexOf(items, item) {\n  return 0\n}\nindexOf([], 1)\n",
    "src/use.js": '''
        import utils from "../lib/utils"
        import {Counter} from "../lib/counter"
        import {same} from "../lib/same"

        export function reduce(state, draft) {
            const kept = state.items.filter(x => x)
            draft.aSet.add("Luke")
            utils.forEach(kept, x => x)
            return state.name.indexOf("x")
        }

        function patchedCounter() {
            const counter = new Counter()
            counter.increment = function () { return 2 }
            return counter
        }

        export function count() {
            return patchedCounter().increment()
        }

        export function kept() {
            return same(new Counter()).increment()
        }
        ''',
    "lib/same.ts": "export function same<T>(value: T): T {\n  return value\n}\n",
}


async def test_a_builtins_method_name_on_an_untyped_value_is_guessed_to_methods_of_the_product_alone(
        tmp_path: Path) -> None:
    async with indexed_project(tmp_path, GUESSES, "p") as service:
        calls = {name: [(h.file_path, h.line, h.target, h.resolution) for h in (
            await service.find_references("p", name, include_guesses=True)).references if h.kind == "CALLS"]
            for name in ("filter", "DraftSet.add", "forEach", "indexOf", "Counter.increment")}
    assert calls["filter"] == [("src/use.js", 6, None, "UNRESOLVED")]
    assert calls["DraftSet.add"] == [("src/use.js", 7, "lib/draft.ts:DraftSet.add", "GUESS")]
    assert calls["forEach"] == [("src/use.js", 8, "lib/utils.js:forEach", "GUESS")]
    assert [(path, line, resolution) for path, line, _target, resolution in calls["indexOf"]] == [
        ("docs/assets/page.js", 4, "LOCAL"), ("src/use.js", 9, "UNRESOLVED")]
    # (and what a function returning its type parameter returns is what it was passed: nobody types it here)
    assert [(line, resolution) for _path, line, _target, resolution in calls["Counter.increment"]] == [
        (19, "GUESS"), (23, "GUESS")]


async def test_functions_returning_each_others_calls_are_indexed_and_tell_nothing(tmp_path: Path) -> None:
    # zod's history held two functions returning each other's call: the link recursed until Python stopped it, and the
    # index failed. A chain longer than the link follows is as untold.
    chain = "".join(f"export function step{i}() {{\n  return step{i + 1}()\n}}\n" for i in range(40))
    files = {
        "src/cycle.js": "export function ping() {\n  return pong()\n}\nexport function pong() {\n  return ping()\n}\n",
        "src/chain.js": chain + "export function step40() {\n  return new Store()\n}\n"
                                "export class Store {\n  save() {\n    return 1\n  }\n}\n",
        "src/other.js": "export class Other {\n  save() {\n    return 2\n  }\n}\n",
        "src/use.js": '''
            import {ping} from "./cycle"
            import {step0, step39} from "./chain"

            export function run() {
                ping().save()
                step0().save()
                step39().save()
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        store = await service.find_references("p", "Store.save", include_guesses=True)
    assert [(h.line, h.resolution) for h in store.references] == [(5, "GUESS"), (6, "GUESS"), (7, "MEMBER")]


FACTORY_DEFAULT = {
    "source/types/ky.ts": '''
        export type KyInstance = {
            get: (url: string) => Promise<Response>;
            post: (url: string) => Promise<Response>;
        };
        ''',
    "source/index.ts": '''
        import type {KyInstance} from './types/ky.js';

        const createInstance = (defaults?: object): KyInstance => {
            const ky = (url: string) => fetch(url);
            return ky as KyInstance;
        };

        const ky = createInstance();

        export default ky;
        ''',
    "source/client.ts": '''
        export class Client {
            send(): void {}
        }

        export const client = new Client();
        ''',
    "test/main.ts": '''
        import ky from '../source/index.js';
        import {client} from '../source/client.js';

        test('methods', async () => {
            await ky.get('https://example.com');
            await ky.post('https://example.com');
            await ky('https://example.com');
            client.send();
        });
        ''',
}


async def test_a_call_on_an_imported_variable_is_on_what_its_declaration_holds(tmp_path: Path) -> None:
    """ky's audit: `import ky from '../source/index.js'` is `const ky = createInstance();`, whose arrow function
    declares it returns KyInstance: its tests' 306 `ky.get(..)`, `ky.post(..)` were guesses of a test's stub or
    nothing, its 260 `ky(..)` guesses of the function inside createInstance; a variable made by `new Client()` holds a
    Client."""
    graph = await graph_of(tmp_path, FACTORY_DEFAULT)
    assert calls_from(graph, "test/main.ts") == {  # (in an anonymous function: the module's)
        ("source/types/ky.ts:KyInstance.get", "MEMBER"), ("source/types/ky.ts:KyInstance.post", "MEMBER"),
        ("source/client.ts:Client.send", "MEMBER"), ("source/index.ts:ky", "IMPORT")}  # (`ky(..)`: the variable)


async def test_an_index_made_before_migration_104_links_typescript_again(tmp_path: Path) -> None:
    files = {**FACTORY_DEFAULT, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 104)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "test/main.ts", "tools/build.py", "imported variables")


CALLBACK_STUBS = {
    "test/http-error.ts": '''
        test('body', () => {
            const customFetch = {
                get() { return 1; },
            };
            customFetch.get();
            other.get();
        });
        ''',
    "test/main.ts": '''
        test('server', async () => {
            server.get('/', handler);
        });
        ''',
}


async def test_no_guess_reaches_a_definition_inside_another_files_anonymous_function(tmp_path: Path) -> None:
    """ky's audit: 350 `.get(..)` calls on values nobody types (Express's `server.get`, `Headers.get`, ky's own) were
    guessed to a test's stub, an object literal's getter inside a `test(..)` callback of another file."""
    graph = await graph_of(tmp_path, CALLBACK_STUBS)
    assert calls_from(graph, "test/main.ts") == set()
    assert calls_from(graph, "test/http-error.ts") == {("test/http-error.ts:test().customFetch.get", "GUESS")}
