"""What a TypeScript or JavaScript name destructured from `this` or a typed value holds, and a variable given `a ??
new X(..)`, as an agent's audit of got found them: `const {options} = this;` in a class declaring `options: Options`
made `options.setInternalHeader(..)` and four more calls guesses, as `const request = firstRequest ?? new
Request(..)` did `request._beforeError(..)`; and a property called reached its setter beside its getter."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "source/options.ts": '''
        export class Options {
            setInternalHeader(name: string) { return name }
            get followRedirect(): (response: string) => boolean { return (response) => true }
            set followRedirect(value: (response: string) => boolean) { }
        }
        ''',
    "source/request.ts": '''
        import {Options} from "./options.js"

        export class Request {
            options: Options
            constructor() { this.options = new Options() }
            flush() { return 1 }
            makeRequest() {
                const {options} = this
                options.setInternalHeader("a")
            }
            onResponse() {
                return this.options.followRedirect("r")
            }
        }

        export function asPromise(firstRequest?: Request) {
            const request = firstRequest ?? new Request()
            request.flush()
        }

        export function clearBody(request: Request) {
            const {options} = request
            options.setInternalHeader("b")
        }
        ''',
    "source/plain.js": '''
        import {Options} from "./options.js"

        export class Plain {
            constructor() { this.options = new Options() }
            run() {
                const {options} = this
                options.setInternalHeader("c")
                const other = this.fallback || new Options()
                other.setInternalHeader("d")
            }
        }
        ''',
    "tools/build.py": "def build():\n    return 1\n",
}


async def test_a_name_destructured_from_a_typed_value_holds_its_fields_type(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    header = ("source/options.ts:Options.setInternalHeader", "MEMBER")
    assert calls_from(graph, "source/request.ts:Request.makeRequest") == {header}
    assert calls_from(graph, "source/request.ts:clearBody") == {header}
    assert calls_from(graph, "source/request.ts:asPromise") == {("source/request.ts:Request", "LOCAL"),
                                                                ("source/request.ts:Request.flush", "MEMBER")}
    assert calls_from(graph, "source/plain.js:Plain.run") == {header, ("source/options.ts:Options", "IMPORT")}
    # a property called is read, through its getter; its setter is no target (got's `options.followRedirect(..)`)
    assert calls_from(graph, "source/request.ts:Request.onResponse") == {
        ("source/options.ts:Options.followRedirect", "MEMBER")}


async def test_an_index_made_before_migration_115_parses_javascript_and_typescript_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, FILES, "mixed", 115)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "source/request.ts", "tools/build.py", "destructured")
