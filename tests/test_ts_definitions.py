"""TypeScript and JavaScript definitions the audit of hono and ky found missing or misplaced: an object literal's
methods (hono's `websocket.open`), functions assigned to a property (ky's `ky.extend`), overload signatures above
an implementation (hono's `HonoRequest.header`), type aliases inside a function's body (hono's `type verify`), and
a default export imported under another name (`import isNetErr from './lib'`). Each project is indexed for real."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, edges

pytestmark = pytest.mark.anyio


async def test_an_object_literals_methods_are_its_variables(tmp_path: Path) -> None:
    files = {
        # hono's src/adapter/bun/websocket.ts: `open` was a top-level method, and `websocket.open(ws)` no call of it.
        "src/websocket.ts": '''
            export interface Handler { open(ws: string): void }

            export const websocket: Handler = {
              open(ws) {
                console.log(ws)
              },
              close: (ws: string) => {
                console.log(ws)
              },
            }
            ''',
        "src/websocket.test.ts": '''
            import { websocket } from './websocket'

            export function run(): void {
              websocket.open('a')
              websocket.close('b')
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        found = await service.find_symbol("p", "open")
        qualified = await service.find_symbol("p", "websocket.open")
        references = await service.find_references("p", "websocket.open")
    assert calls_from(graph, "src/websocket.test.ts:run") == {
        ("src/websocket.ts:websocket.open", "MEMBER"), ("src/websocket.ts:websocket.close", "MEMBER")}
    assert {(hit.qualified_name, hit.line) for hit in found.definitions if hit.name == "open"} == {
        ("Handler.open", 1), ("websocket.open", 4)}
    assert [(hit.qualified_name, hit.line) for hit in qualified.definitions][:1] == [("websocket.open", 4)]
    assert [(hit.file_path, hit.line, hit.kind) for hit in references.references] == [
        ("src/websocket.test.ts", 4, "CALLS")]


async def test_a_function_assigned_to_a_property_is_a_definition(tmp_path: Path) -> None:
    files = {
        # ky's source/index.ts: `ky.extend = (...) => ...` in createInstance; find_symbol extend gave only the
        # interface's member KyInstance.extend.
        "source/types.ts": "export interface KyInstance {\n  extend(defaults: object): KyInstance\n}\n",
        "source/index.ts": '''
            import type { KyInstance } from './types'

            const createInstance = (defaults?: object): KyInstance => {
              const ky: any = (input: string) => input
              ky.extend = (newDefaults?: object) => {
                return createInstance(newDefaults)
              }
              return ky as KyInstance
            }

            export const helpers: any = {}
            helpers.merge = function merge(a: object, b: object) { return { ...a, ...b } }
            ''',
        # ky's test/retry.ts: a mock assigned in a test's callback is no definition.
        "test/retry.ts": "test('retry', () => {\n  Date.now = () => 0\n})\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        extend = await service.find_symbol("p", "extend")
        qualified = await service.find_symbol("p", "ky.extend")
        merge = await service.find_symbol("p", "helpers.merge")
        code = await service.read_code("p", symbol="ky.extend")
        now = await service.find_symbol("p", "now")
    assert {(hit.qualified_name, hit.kind, hit.line) for hit in extend.definitions if hit.name == "extend"} == {
        ("KyInstance.extend", "method", 2), ("createInstance.ky.extend", "method", 5)}
    assert [(hit.qualified_name, hit.line, hit.end_line) for hit in qualified.definitions][:1] == [
        ("createInstance.ky.extend", 5, 7)]
    assert [(hit.qualified_name, hit.line) for hit in merge.definitions][:1] == [("helpers.merge", 12)]
    assert (code.start_line, code.end_line) == (5, 7)
    assert not [hit for hit in now.definitions if hit.name == "now"]
    # what its body calls is its own
    assert calls_from(graph, "source/index.ts:createInstance.ky.extend") == {
        ("source/index.ts:createInstance", "LOCAL")}


async def test_overload_signatures_are_their_implementations_lines(tmp_path: Path) -> None:
    files = {
        # hono's src/request.ts: the doc comment stands above three `header(...)` signatures, then the
        # implementation: find_symbol showed it without the doc, read_code started at the implementation. A
        # top-level function's signatures were a definition each, and a call went to all three.
        "src/request.ts": '''
            /** Parses a value. */
            export function parse(a: string): string
            export function parse(a: number): number
            export function parse(a: any): any {
              return a
            }

            export class HonoRequest {
              /**
               * `.header()` can get the request header value.
               */
              header(name: string): string | undefined
              header(): Record<string, string>
              header(name?: string) {
                return name ? parse(name) : {}
              }
            }
            ''',
        "src/app.ts": "import { parse } from './request'\n\nexport const n = parse(1)\n",
        # zod's `z.tuple([...]).rest(...)`: the implementation declares no return type, its first overload does.
        "src/tuple.ts": '''
            export class Tuple { rest(): Tuple { return this } }
            export function tuple(items: string[]): Tuple
            export function tuple(items: any) { return new Tuple() }
            export function use(): void { tuple([]).rest() }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        header = await service.find_symbol("p", "HonoRequest.header")
        parse = await service.find_symbol("p", "parse")
        code = await service.read_code("p", symbol="HonoRequest.header")
        parse_code = await service.read_code("p", symbol="parse")
    assert [(hit.line, hit.doc) for hit in header.definitions] == [
        (14, "`.header()` can get the request header value.")]
    assert (code.start_line, code.end_line) == (9, 16)
    assert "header(): Record<string, string>" in code.text
    assert [(hit.line, hit.doc) for hit in parse.definitions if hit.name == "parse"] == [(4, "Parses a value.")]
    assert (parse_code.start_line, parse_code.end_line) == (1, 6)
    assert calls_from(graph, "src/app.ts") == {("src/request.ts:parse", "IMPORT")}
    assert calls_from(graph, "src/request.ts:HonoRequest.header") == {("src/request.ts:parse", "LOCAL")}
    assert calls_from(graph, "src/tuple.ts:use") == {
        ("src/tuple.ts:tuple", "LOCAL"), ("src/tuple.ts:Tuple.rest", "MEMBER")}


UNIMPLEMENTED_OVERLOADS = {
    # trpc's observable/types.ts: six `pipe` signatures in an interface, nothing implementing them here; each was a
    # definition (`Observable.pipe`, `Observable.pipe@11` ...), and each `pipe(..)` call had a sure edge to all six.
    "src/types.ts": '''
        export interface Observable<T> {
          /** Chains operators. */
          pipe(): Observable<T>;
          // one operator
          pipe<A>(op1: (x: Observable<T>) => Observable<A>): Observable<A>;
          pipe<A, B>(op1: (x: Observable<T>) => Observable<A>, op2: (x: Observable<A>) => Observable<B>): Observable<B>;
          subscribe(next: (value: T) => void): void;
        }
        declare function format(x: number): string;
        declare function format(x: string, pad: number): string;
        ''',
    "src/use.ts": '''
        import { format, type Observable } from './types';
        export function piped(o: Observable<number>) {
          o.subscribe((value) => value);
          return o.pipe((x) => x);
        }
        export const text = format(1);
        ''',
    # trpc's observable.test.ts: `interface CustomEventEmitter` merges with the class of its name below it, and
    # `new CustomEventEmitter()` reached the interface too.
    "src/emitter.ts": '''
        import { EventEmitter } from 'events';
        interface Emitter {
          on(event: 'data', listener: (n: number) => void): this;
        }
        class Emitter extends EventEmitter {}
        export function make() {
          return new Emitter();
        }
        ''',
    # A Protocol's `@overload` stubs with nothing implementing them, in Python.
    "stubs.py": '''
        from typing import Protocol, overload

        class Reader(Protocol):
            @overload
            def read(self) -> bytes: ...
            @overload
            def read(self, size: int) -> bytes: ...

        def consume(reader: Reader) -> bytes:
            return reader.read(3)
        ''',
}


async def test_overload_signatures_nothing_implements_are_one_definition(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, UNIMPLEMENTED_OVERLOADS, "p") as service:
        graph = edges(tmp_path / "vault.db")
        pipe = await service.find_symbol("p", "Observable.pipe")
        code = await service.read_code("p", symbol="Observable.pipe")
        format_ = await service.find_symbol("p", "format")
    assert [(hit.qualified_name, hit.doc) for hit in pipe.definitions] == [("Observable.pipe", "Chains operators.")]
    assert (code.start_line, code.end_line) == (2, 6)
    assert [hit.qualified_name for hit in format_.definitions] == ["format"]
    assert calls_from(graph, "src/use.ts:piped") == {
        ("src/types.ts:Observable.pipe", "MEMBER"), ("src/types.ts:Observable.subscribe", "MEMBER")}
    assert calls_from(graph, "src/use.ts") == {("src/types.ts:format", "IMPORT")}
    assert calls_from(graph, "src/emitter.ts:make") == {("src/emitter.ts:Emitter@5", "LOCAL")}
    assert calls_from(graph, "stubs.py:consume") == {("stubs.py:Reader.read", "MEMBER")}


async def test_an_index_made_before_migration_122_parses_unimplemented_overloads_again(tmp_path: Path) -> None:
    files = {**UNIMPLEMENTED_OVERLOADS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 122)
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        # (what the version before stored: a definition per signature)
        connection.execute("""INSERT INTO symbol_definitions SELECT id || 'x', project_id, name, file_path, lineno + 2,
                              kind, scope, signature, language FROM symbol_definitions WHERE name = 'pipe'""")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        hashes = dict(query(db, "SELECT file_path, file_hash FROM coderag_files"))
        assert hashes["src/types.ts"] == "" and hashes["src/use.ts"] != "" and hashes["tool.sh"] != ""
        assert query(db, "SELECT linked FROM coderag_files WHERE file_path = 'src/use.ts'") == [(0,)]
        await update_after_reparse_migration(service, db, "src/types.ts", "tool.sh", "nothing implements")
        pipe = await service.find_symbol("mixed", "Observable.pipe")
    assert [hit.line for hit in pipe.definitions] == [6]


async def test_a_type_declared_in_a_tests_body_is_local_to_it(tmp_path: Path) -> None:
    files = {
        # hono: 111 `type verify = Expect<...>` in test bodies were definitions of `verify` beside jwt.ts's
        # function: find_references said "112 definitions" and listed them before the function's uses.
        "src/jwt.ts": "export function verify(token: string): boolean {\n  return token !== ''\n}\n",
        "src/jwt.test.ts": '''
            import { verify } from './jwt'

            describe('jwt', () => {
              it('verifies', () => {
                type verify = boolean
                const ok: verify = verify('a')
              })
              it('verifies again', () => {
                type verify = string
              })
            })
            ''',
        # a name only local types have keeps them (what else would the answer say?)
        "src/types.test.ts": "it('x', () => {\n  type Expected = { a: string }\n  const v: Expected = { a: '' }\n})\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        symbol = await service.find_symbol("p", "verify")
        references = await service.find_references("p", "verify")
        expected = await service.find_references("p", "Expected")
    assert [(hit.qualified_name, hit.file_path) for hit in symbol.definitions] == [("verify", "src/jwt.ts")]
    assert "local" in (symbol.note or "")
    assert references.definitions == 1
    assert [(hit.file_path, hit.line, hit.kind) for hit in references.references] == [
        ("src/jwt.test.ts", 1, "IMPORTS"), ("src/jwt.test.ts", 6, "CALLS")]
    assert expected.definitions == 1


async def test_an_index_made_before_these_definitions_parses_its_typescript_files_again(tmp_path: Path) -> None:
    """Migration 40: the next update parses an existing index's TypeScript and JavaScript files again."""
    files = {"src/ws.ts": "export const websocket = {\n  open(ws: string) {}\n}\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 40,
                                        # (what the version before stored: `open`, a method of nothing)
                                        "DELETE FROM symbol_definitions WHERE scope = 'websocket'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/ws.ts", "tool.sh", "TypeScript and JavaScript")
        found = await service.find_symbol("mixed", "websocket.open")
    assert [(hit.qualified_name, hit.line) for hit in found.definitions] == [("websocket.open", 2)]
