"""TypeScript and JavaScript calls on a variable holding an object literal (`const actions = { add, filter: helper,
update() {..} }`, then `actions.add(1)`): immer's benchmark scenarios call ten action creators through such an object
(fifty-seventh session). Each call reaches the literal's member: its own method, or the function a property names,
whether called in the file, through an import, or as a name destructured from it; and a default export's literal
(axios's `export default { forEach, .. }`, called as `utils.forEach(..)`). Traps: another module defines
functions of the same names, so a guess by the name is no answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration

pytestmark = pytest.mark.anyio

ACTIONS = {
    "lib/actions.js": '''
        function add(i) { return {type: "add", i} }
        const remove = i => ({type: "remove", i})
        function helper(pct) { return {type: "filter", pct} }
        export const actions = {
            add,
            remove,
            filter: helper,
            update() { return {type: "update"} },
            concat: function () { return {type: "concat"} },
        }
        export function run() {
            actions.add(1)
            actions.remove(2)
            actions.filter(3)
            actions.update()
            actions.concat()
        }
        ''',
    "lib/other.js": '''
        export function forEach(items) { return items }
        export function add(i) { return i + 1 }
        export function remove(i) { return i - 1 }
        export function helper() { return 0 }
        export function update() { return 0 }
        ''',
    "lib/utils.js": '''
        function forEach(items, fn) { return items }
        const isArray = Array.isArray
        export default { forEach, isArray, each: forEach }
        ''',
    "src/use.ts": '''
        import { actions } from "../lib/actions"
        import utils from "../lib/utils"
        const { remove } = actions

        export function go() {
            actions.filter(1)
            remove(2)
            utils.forEach([], x => x)
            utils.isArray([])
        }

        function local() {
            const options = { make() { return 1 }, start: go } as const
            options.make()
            options.start()
        }
        ''',
}


def _calls(db: Path, source: str) -> set[tuple[str, str]]:
    """(target, how) of each call edge leaving `source` (a node id's qualified part in project p)."""
    rows = query(db, "SELECT e.target_id, r.uses FROM code_edges e JOIN coderag_edge_resolutions r ON r.edge_id = e.id "
                     "WHERE e.edge_type = 'CALLS' AND e.source_id = ?", (f"p:{source}",))
    return {(target.split(":", 1)[1], how) for target, uses in rows for how in json.loads(uses).values()}


async def test_a_call_on_a_variable_holding_an_object_literal_reaches_the_literals_member(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, ACTIONS, "p") as service:
        db = service.store.path
        assert _calls(db, "lib/actions.js:run") == {
            ("lib/actions.js:add", "MEMBER"), ("lib/actions.js:remove", "MEMBER"), ("lib/actions.js:helper", "MEMBER"),
            ("lib/actions.js:actions.update", "MEMBER"), ("lib/actions.js:actions.concat", "MEMBER")}
        # through an import, and a name destructured from it; a literal in a function, `as const`
        # (and a default export's literal: `utils.forEach`; `isArray` holds a builtin's function, no project's)
        assert _calls(db, "src/use.ts:go") == {("lib/actions.js:helper", "MEMBER"), ("lib/actions.js:remove", "MEMBER"),
                                               ("lib/utils.js:forEach", "MEMBER")}
        assert _calls(db, "src/use.ts:local") == {("src/use.ts:local.options.make", "MEMBER"),
                                                  ("src/use.ts:go", "MEMBER")}
        helper = await service.find_references("p", "helper", include_guesses=True)
        assert [(h.file_path, h.line, h.target, h.resolution) for h in helper.references] == [
            ("lib/actions.js", 14, "lib/actions.js:helper", "MEMBER"),
            ("src/use.ts", 6, "lib/actions.js:helper", "MEMBER")]

        # The literal edited: the importing file's call follows the property to its new function.
        literal = tmp_path / "repo/lib/actions.js"
        literal.write_text(literal.read_text().replace("filter: helper,", "filter: add,"))
        await service.update_index("p", background=False)
        assert _calls(db, "src/use.ts:go") == {("lib/actions.js:add", "MEMBER"), ("lib/actions.js:remove", "MEMBER"),
                                               ("lib/utils.js:forEach", "MEMBER")}


async def test_an_index_made_before_object_literals_parses_its_javascript_files_again(tmp_path: Path) -> None:
    """Migration 97: the next update parses an existing index's TypeScript and JavaScript files again."""
    files = {**ACTIONS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 97,
                                        # (what the version before linked: a guess, or nothing, on the literal)
                                        "DELETE FROM code_edges WHERE source_id = 'mixed:lib/actions.js:run'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "lib/actions.js", "tool.sh", "JavaScript")
    assert ("mixed:lib/actions.js:run", "mixed:lib/actions.js:helper") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'"))


# immer's and mobx's audits: a builtin's method called on a literal, on a variable a literal is assigned to, or on what a
# builtin's method returns of its own (`s.trim().split(..)`, `items.map(..).filter(..)`) was guessed to the project's
# method of the name (a Bag's `forEach`, `push`, `split`); a builtin runs.
BUILTINS = {
    "src/bag.ts": '''
        export class Bag {
            forEach(fn: any) { return fn }
            filter(fn: any) { return fn }
            push(item: any) { return item }
            split(separator: any) { return separator }
            test(text: any) { return text }
        }
        ''',
    "src/chain.ts": '''
        export function chain(s: string, items: number[]) {
            s.trim().split(",")
            items.map(x => x).filter(x => x)
            const parts = s.split(",")
            parts.forEach(x => x)
        }
        ''',
    "src/use.js": '''
        export function run(untyped) {
            const items = []
            items.push(1)
            ;[1, 2].forEach(x => x)
            "a,b".split(",")
            const name = `x${1}`
            name.split("")
            /a+/.test("aa")
            untyped.push(2)
        }
        ''',
}


async def test_a_call_on_a_literal_or_a_variable_holding_one_is_the_builtins(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, BUILTINS, "p") as service:
        calls = {name: [(h.line, h.resolution) for h in (await service.find_references(
            "p", f"Bag.{name}", include_guesses=True)).references] for name in ("forEach", "filter", "push", "split", "test")}
    # (a value nobody types is still guessed: `untyped.push(..)`)
    assert calls == {"forEach": [], "filter": [], "push": [(9, "GUESS")], "split": [], "test": []}


# express's tests: `const express = require("..")`, then `express()`: the module called whole is what its
# `module.exports` holds (index.js `module.exports = require("./lib/express")`, lib/express.js `exports =
# module.exports = createApplication`); 608 calls reached nothing. `express.Router()` is no call of it.
MODULES = {
    "index.js": "'use strict';\nmodule.exports = require('./lib/express');\n",
    "lib/express.js": '''
        exports = module.exports = createApplication;
        function createApplication() { return {} }
        function makeApp() { return {} }
        function Router() { return {} }
        exports.Router = Router;
        ''',
    "lib/debug.js": "module.exports = function debug(name) { return name }\n",
    "test/app.js": '''
        const express = require('..')
        const debug = require('../lib/debug')
        function run() {
            const app = express()
            express.Router()
            debug('x')
        }
        ''',
}


async def test_a_required_module_called_whole_reaches_what_its_module_exports_holds(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, MODULES, "p") as service:
        db = service.store.path
        assert _calls(db, "test/app.js:run") == {("lib/express.js:createApplication", "IMPORT"),
                                                 ("lib/debug.js:debug", "IMPORT")}
        # The module's export changed: the file calling it follows, though it names neither function.
        module = tmp_path / "repo/lib/express.js"
        module.write_text(module.read_text().replace("module.exports = createApplication", "module.exports = makeApp"))
        await service.update_index("p", background=False)
        assert _calls(db, "test/app.js:run") == {("lib/express.js:makeApp", "IMPORT"), ("lib/debug.js:debug", "IMPORT")}
