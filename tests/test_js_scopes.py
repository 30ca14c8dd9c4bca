"""TypeScript and JavaScript names and the scopes they live in: a local export under another name, definitions
inside anonymous callbacks and object literals, destructured locals, `this` outside a class's own methods, and
the references that were missed (`await f<T>()`, `this.#field.m()`, `instanceof`). Each project is indexed for
real and holds the trap (hono's, ky's) beside the case that must resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration
from .test_typed_resolution import calls_from, edges

pytestmark = pytest.mark.anyio


async def test_a_class_exported_under_another_name_is_the_base_its_importers_extend(tmp_path: Path) -> None:
    files = {
        # hono's hono-base.ts: `class Hono`, exported as `export { Hono as HonoBase }`; hono.ts extends HonoBase.
        "src/hono-base.ts": '''
            class Hono {
              route(path: string): this { return this }
            }
            export { Hono as HonoBase }
            ''',
        "src/hono.ts": '''
            import { HonoBase } from './hono-base'

            export class Hono extends HonoBase {}
            ''',
        "src/app.test.ts": '''
            import { Hono } from './hono'

            export function mount(): void {
              const app = new Hono()
              app.route('/api')
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        assert ("src/hono.ts:Hono", "INHERITS", "src/hono-base.ts:Hono", "IMPORT") in graph
        # find_references Hono.route said 0: the class had no base, so no call on a `new Hono()` reached it.
        uses = (await service.find_references("p", "Hono.route")).references
        assert [(hit.file_path, hit.line, hit.resolution) for hit in uses] == [("src/app.test.ts", 5, "MEMBER")]
        # The export line is the class's, not an import nothing resolved.
        exported = [hit for hit in (await service.find_references("p", "Hono")).references if hit.kind == "IMPORTS"
                    and hit.file_path == "src/hono-base.ts"]
        assert [(hit.line, hit.resolution) for hit in exported] == [(4, "LOCAL")]
        # And the class extending it under the other name is listed as its use.
        assert ("src/hono.ts", 3, "INHERITS") in {(hit.file_path, hit.line, hit.kind) for hit in (
            await service.find_references("p", "Hono")).references}
        # A member asked for by the other name is the member of the class it names (the re-audit's
        # `HonoBase.route`: "Nothing named 'HonoBase.route' is defined or called").
        aliased = await service.find_references("p", "HonoBase.route")
        assert [(hit.file_path, hit.line, hit.target) for hit in aliased.references] == [
            ("src/app.test.ts", 5, "src/hono-base.ts:Hono.route")]
        assert aliased.note is not None and "export { Hono as HonoBase }" in aliased.note
        assert [(d.file_path, d.qualified_name) for d in (await service.find_symbol("p", "HonoBase.route")).definitions
                if d.match == "exact"] == [("src/hono-base.ts", "Hono.route")]
        read = await service.read_code("p", symbol="HonoBase.route")
        assert (read.file_path, read.start_line) == ("src/hono-base.ts", 2)


async def test_an_index_made_before_js_scopes_parses_its_typescript_files_again(tmp_path: Path) -> None:
    """Migration 37: the next update parses an existing index's TypeScript and JavaScript files again."""
    files = {"src/base.ts": "class Base {\n  route(): void {}\n}\nexport { Base as AliasBase }\n",
             "src/app.ts": "import { AliasBase } from './base'\n\nexport class App extends AliasBase {}\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 37,
                                        # (what the version before linked: no base)
                                        "DELETE FROM code_edges WHERE edge_type = 'INHERITS'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/base.ts", "tool.sh", "TypeScript and JavaScript")
    assert ("mixed:src/app.ts:App", "mixed:src/base.ts:Base") in set(query(
        db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'INHERITS'"))


async def test_a_definition_inside_a_callback_is_seen_from_inside_it_only(tmp_path: Path) -> None:
    files = {
        "test/runner.ts": '''
            export function test(name: string, fn: () => Promise<void>): void { void fn() }
            export async function withPerformance(options: { test: () => Promise<void> }): Promise<void> {}
            ''',
        # ky's test/retry.ts: ava's `test(...)` beside an object literal's `async test() {}` passed to withPerformance;
        # hono's cache tests: a `const request = ...` in each of several `it(...)` bodies.
        "test/retry.test.ts": '''
            import { test, withPerformance } from './runner'

            test('first', async () => {
              await withPerformance({
                async test() {},
              })
            })

            test('second', async () => {
              const request = () => fetch('/a')
              await request()
            })

            test('third', async () => {
              const request = () => fetch('/b')
              await request()
            })
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        # Each `test(...)` was a LOCAL call of the object literal's method.
        assert calls_from(graph, "test/retry.test.ts") == {
            ("test/runner.ts:test", "IMPORT"), ("test/runner.ts:withPerformance", "IMPORT"),
            ("test/retry.test.ts:test().request", "LOCAL"), ("test/retry.test.ts:test().request@15", "LOCAL")}
        # Each `await request()` reached both `request`s: now the one of its own callback (the edges above).
        uses = [(hit.line, hit.resolution) for hit in (await service.find_references("p", "request")).references]
        assert uses == [(11, "LOCAL"), (16, "LOCAL")]
        found = (await service.find_symbol("p", "request")).definitions
        assert [(d.line, d.qualified_name) for d in found] == [(10, "test().request"), (15, "test().request")]


async def test_a_destructured_name_hides_the_import_it_is_named_like(tmp_path: Path) -> None:
    files = {
        "src/hooks.ts": '''
            export function useTransition(): [boolean, () => void] { return [false, () => {}] }
            export function startTransition(): void {}
            export function cleanup(): void {}
            ''',
        # hono's dom.test.tsx: `const [isPending, startTransition] = useTransition()`, then `startTransition()`.
        "src/component.ts": '''
            import { useTransition, startTransition, cleanup } from './hooks'

            export function Component(): void {
              const [isPending, startTransition] = useTransition()
              startTransition()
            }

            export function withOptions({ cleanup }: { cleanup: () => void }): void {
              cleanup()
            }

            export function direct(): void {
              startTransition()
            }

            export const fromObject = (options: { cleanup: () => void }) => {
              const { cleanup } = options
              cleanup()
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        assert calls_from(graph, "src/component.ts:Component") == {("src/hooks.ts:useTransition", "IMPORT")}
        assert calls_from(graph, "src/component.ts:withOptions") == set()
        assert calls_from(graph, "src/component.ts:fromObject") == set()
        sure = [(hit.line, hit.kind) for hit in (await service.find_references("p", "startTransition")).references
                if hit.resolution != "UNRESOLVED"]
        assert sure == [(1, "IMPORTS"), (13, "CALLS")]


async def test_variables_of_sibling_callbacks_hold_each_its_own_type(tmp_path: Path) -> None:
    files = {
        "src/routers.ts": '''
            export class RegExpRouter { add(path: string): void {} }
            export class TrieRouter { add(path: string): void {} }
            ''',
        # hono's benchmarks: `const router = new RegExpRouter()` in one `bench(...)` body, `new TrieRouter()` in the next.
        "src/routers.test.ts": '''
            import { RegExpRouter, TrieRouter } from './routers'

            it('regexp', () => {
              const router = new RegExpRouter()
              router.add('/a')
            })

            it('trie', () => {
              const router = new TrieRouter()
              router.add('/b')
            })
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        # Each `router.add` was a sure MEMBER call of both classes' add.
        for symbol, line in (("RegExpRouter.add", 5), ("TrieRouter.add", 10)):
            uses = (await service.find_references("p", symbol)).references
            assert [(hit.line, hit.resolution) for hit in uses] == [(line, "MEMBER")]


async def test_this_in_an_object_literal_or_a_function_expression_is_not_the_class(tmp_path: Path) -> None:
    files = {
        "src/car.ts": '''
            export class Car {
              drive(): void {}

              controls() {
                return {
                  drive() {},
                  go() {
                    this.drive()
                  },
                }
              }

              later(): void {
                setTimeout(function (this: any) { this.drive() })
                setTimeout(() => this.drive())
              }
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        # `this.drive()` in the object's `go` and in the `function` were sure calls of Car.drive; the arrow's is.
        uses = (await service.find_references("p", "Car.drive")).references
        assert [(hit.line, hit.resolution) for hit in uses] == [(15, "MEMBER")]


async def test_generic_awaited_calls_private_fields_instanceof_default_imports_and_barrels_are_uses(
        tmp_path: Path) -> None:
    files = {
        "src/lib.ts": '''
            export async function parseBody<T>(raw: string): Promise<T> { return JSON.parse(raw) as T }
            export class Node { insert(path: string): void {} }
            export class HTTPException extends Error {}
            export default function isRawNetworkError(error: unknown): boolean { return false }
            ''',
        "src/index.ts": "export * from './lib'\n",
        "src/ns.ts": '''
            import * as all from './index'

            export function viaNamespace(raw: string): void {
              void all.parseBody(raw)
            }
            ''',
        "src/use.ts": '''
            import isNetErr from './lib'
            import { parseBody, Node, HTTPException } from './lib'

            export async function override(raw: string): Promise<void> {
              const params = await parseBody<Record<string, string>>(raw)
            }

            export class TrieRouter {
              #node: Node = new Node()
              add(path: string): void {
                this.#node.insert(path)
              }
            }

            export function onError(err: unknown): boolean {
              return err instanceof HTTPException || isNetErr(err)
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        # hono's `await parseBody<Record<string, string>>(req)`, `this.#node.insert(...)`, ky's `instanceof
        # RetryMarker`: none was recorded; a default export imported under another name, and a name of a barrel
        # imported whole, resolved to nothing.
        assert calls_from(graph, "src/use.ts:override") == {("src/lib.ts:parseBody", "IMPORT")}
        assert calls_from(graph, "src/use.ts:TrieRouter.add") == {("src/lib.ts:Node.insert", "MEMBER")}
        assert calls_from(graph, "src/use.ts:onError") == {("src/lib.ts:isRawNetworkError", "IMPORT")}
        assert ("src/use.ts:onError", "USES", "src/lib.ts:HTTPException", "IMPORT") in graph
        assert calls_from(graph, "src/ns.ts:viaNamespace") == {("src/lib.ts:parseBody", "IMPORT")}
        # find_references said "No call, import or base class of 'isRawNetworkError' is recorded".
        uses = (await service.find_references("p", "isRawNetworkError")).references
        # and its import under that name (the audit's missed-references: use.ts:1 was missing)
        assert [(hit.file_path, hit.line, hit.kind, hit.resolution) for hit in uses] == [
            ("src/use.ts", 1, "IMPORTS", "IMPORT"), ("src/use.ts", 16, "CALLS", "IMPORT")]


async def test_a_name_a_function_destructures_from_require_is_still_the_modules(tmp_path: Path) -> None:
    files = {
        "lib/logger-pino.js": "function createPinoLogger (opts) { return opts }\n\nmodule.exports = { createPinoLogger }\n",
        # fastify's createLogger: `const { createPinoLogger, serializers } = require('./logger-pino.js')` in a function.
        "lib/logger-factory.js": '''
            function createLogger (options) {
              const { createPinoLogger } = require('./logger-pino.js')
              return createPinoLogger(options)
            }

            module.exports = { createLogger }
            ''',
    }
    async with indexed_project(tmp_path, files, "p"):
        assert calls_from(edges(tmp_path / "vault.db"), "lib/logger-factory.js:createLogger") == {
            ("lib/logger-pino.js:createPinoLogger", "IMPORT")}


async def test_a_type_declared_in_a_callback_is_the_one_its_callback_names(tmp_path: Path) -> None:
    files = {
        # hono's types.test.ts: `type Expected = ...` in each of many `it(...)` bodies; zod's `const schema = ...`
        # beside `type schema = z.infer<typeof schema>`.
        "src/types.test.ts": '''
            it('first', () => {
              type Expected = { a: string }
              const value: Expected = { a: '' }
            })

            it('second', () => {
              const schema = 1
              type schema = number
              const value: schema = schema
            })
            ''',
    }
    async with indexed_project(tmp_path, files, "p"):
        uses = {(target, how) for source, kind, target, how in edges(tmp_path / "vault.db") if kind == "USES"}
        assert uses == {("src/types.test.ts:it().Expected", "LOCAL"), ("src/types.test.ts:it().schema", "LOCAL")}


async def test_a_class_read_as_a_value_is_a_use_and_a_parameter_of_its_name_is_not(tmp_path: Path) -> None:
    # ky's `isErrorType(error, HTTPError)`, hono's tests' `toThrowError(UnsupportedPathError)`: find_references listed
    # none of them; hono's `request(input, requestInit?, Env?, ..)` passes its parameter `Env`, not the type it imports.
    files = {
        "src/errors.ts": "export class HTTPError extends Error {}\nexport class TimeoutError extends Error {}\n",
        "src/guards.ts": '''
            import {HTTPError, TimeoutError} from './errors';

            const KINDS = [HTTPError, TimeoutError];
            const BY_NAME = {http: HTTPError};

            export const isHTTPError = (error: unknown) => isErrorType(error, HTTPError);

            export function fail(HTTPError?: unknown) {
              const Base = TimeoutError;
              report(HTTPError, Base);
              throw TimeoutError;
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        http = await service.find_references("p", "HTTPError")
        timeout = await service.find_references("p", "TimeoutError")
    assert [(hit.line, hit.kind) for hit in http.references if hit.resolution != "UNRESOLVED"] == [
        (1, "IMPORTS"), (3, "USES"), (4, "USES"), (6, "USES")]
    assert [(hit.line, hit.kind) for hit in timeout.references] == [(1, "IMPORTS"), (3, "USES"), (9, "USES"),
                                                                     (11, "USES")]
