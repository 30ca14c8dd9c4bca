"""A call of a field or property that holds a function is an edge to it (CALLS, MEMBER), when the receiver is
an instance of a known project class that has no method of the name: the link's resolvers know the receiver's
class where find_references could not tell it from the use alone (what a call returns, a subclass named like
the base that declares the field). No other use of a variable is an edge (but a Python attribute's reads and writes,
tests/test_instance_attributes.py), and variables stay out of PageRank."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.enums import IndexStatus
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, write_tree

pytestmark = pytest.mark.anyio

FILES = {
    # echo's `e.HTTPErrorHandler(c, err)` on what New() returns: a func field.
    "echo/echo.go": '''
        package echo

        type Context struct{}

        type Echo struct {
            HTTPErrorHandler func(c *Context, err error)
            Debug            bool
        }

        func New() *Echo {
            return &Echo{}
        }

        func (e *Echo) Start() {}
        ''',
    "echo/serve.go": '''
        package echo

        func Serve(c *Context) {
            e := New()
            e.HTTPErrorHandler(c, nil)
            e.Start()
        }
        ''',
    # hono: `new Hono()` of hono.ts, whose base (hono-base.ts's own `Hono`, exported as HonoBase) declares the
    # field `get!` and assigns it in its constructor.
    "src/hono-base.ts": '''
        export type Handler = (path: string) => void

        class Hono {
          get!: (path: string, handler: Handler) => Hono
          router: string = "x"

          constructor() {
            this.get = (path: string, handler: Handler) => this
          }

          fetch(path: string) {
            return path
          }
        }

        export { Hono as HonoBase }
        ''',
    "src/hono.ts": '''
        import { HonoBase } from "./hono-base"

        export class Hono extends HonoBase {
          constructor() {
            super()
          }
        }
        ''',
    "src/app.ts": '''
        import { Hono } from "./hono"

        const app = new Hono()

        export function routes() {
          app.get("/x", (path) => {})
          app.fetch("/x")
          get("/y")
        }

        function get(path: string) {
          return path
        }
        ''',
    # okio: a Kotlin property that Java calls as a method (`@get:JvmName("size")`); a Java field is never called.
    "kt/Buffer.kt": '''
        package okio

        class Buffer {
          @get:JvmName("size")
          var size: Long = 0L

          fun clear() {}
        }
        ''',
    "kt/Reader.java": '''
        package okio;

        class Reader {
          int count;

          long read(Buffer buffer) {
            return buffer.size();
          }

          int count(Reader other) {
            return other.count();
          }
        }
        ''',
    # Rust: `s.f()` is always a method (a field holding a closure is called `(s.f)()`), never the field.
    "src/lib.rs": '''
        pub struct Config {
            pub skipper: fn() -> bool,
        }

        pub fn run(config: &Config) -> bool {
            config.skipper()
        }
        ''',
    # Python: django's `self._middleware_chain(request)` (a class attribute set again in a method), flask's `self.response_class()` (a class
    # attribute holding a class: an edge to the class and one to the attribute), and on a typed receiver.
    "web/handler.py": '''
        class Response:
            pass


        class BaseHandler:
            response_class = Response
            get_response = None

            def __init__(self, get_response):
                self.get_response = get_response

            def close(self):
                pass


        class Handler(BaseHandler):
            def __call__(self, request):
                self.close()
                return self.get_response(request)

            def render(self):
                return self.response_class()


        def serve(handler: Handler):
            return handler.get_response(None)
        ''',
}


def edges_to_variables(db: Path) -> list[tuple[str, str, str, str]]:
    return sorted(query(db, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges AS e
                                 JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                                 JOIN code_nodes AS t ON t.id = e.target_id WHERE t.node_type = 'VARIABLE'"""))


EXPECTED = [
    ("p:echo/serve.go:Serve", "CALLS", "p:echo/echo.go:Echo.HTTPErrorHandler", "MEMBER"),
    ("p:kt/Reader.java:Reader.read", "CALLS", "p:kt/Buffer.kt:Buffer.size", "MEMBER"),
    ("p:src/app.ts:routes", "CALLS", "p:src/hono-base.ts:Hono.get", "MEMBER"),
    # (and the assignment in `__init__`: a Python attribute's reads and writes on `self` are uses of it, see
    # tests/test_instance_attributes.py)
    ("p:web/handler.py:BaseHandler.__init__", "USES", "p:web/handler.py:BaseHandler.get_response", "MEMBER"),
    ("p:web/handler.py:Handler.__call__", "CALLS", "p:web/handler.py:BaseHandler.get_response", "MEMBER"),
    ("p:web/handler.py:Handler.render", "CALLS", "p:web/handler.py:BaseHandler.response_class", "MEMBER"),
    ("p:web/handler.py:serve", "CALLS", "p:web/handler.py:BaseHandler.get_response", "MEMBER"),
]


async def test_a_call_of_a_field_holding_a_function_is_an_edge_to_the_field(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
        # Only these: not the bare `get("/y")` (app.ts's own function), Java's field `count`, Rust's `skipper`.
        assert edges_to_variables(db) == EXPECTED
        edges = set(query(db, "SELECT source_id, edge_type, target_id FROM code_edges"))
        assert ("p:src/app.ts:routes", "CALLS", "p:src/app.ts:get") in edges
        assert ("p:web/handler.py:Handler.render", "CALLS", "p:web/handler.py:Response") in edges
        # find_references lists the uses on what New() returns and on hono.ts's Hono (the project has two
        # classes named Hono), which the receivers as written could not tell.
        answer = await service.find_references("p", "Echo.HTTPErrorHandler")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("echo/serve.go", 5, "MEMBER")]
        answer = await service.find_references("p", "Hono.get")
        assert [(hit.file_path, hit.line, hit.target, hit.resolution) for hit in answer.references] == [
            ("src/app.ts", 6, "src/hono-base.ts:Hono.get", "MEMBER")]
        answer = await service.find_references("p", "Buffer.size")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("kt/Reader.java", 7, "MEMBER")]
        # Variables stay out of the ranking: none has a rank.
        assert query(db, """SELECT count(*) FROM coderag_node_ranks AS r JOIN code_nodes AS n ON n.id = r.node_id
                             WHERE n.node_type = 'VARIABLE'""") == [(0,)]


def _edges_with_how(db: Path) -> set[tuple[object, ...]]:
    return set(query(db, """SELECT e.source_id, e.edge_type, e.target_id, e.count, e.lineno, r.resolution
                              FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id"""))


async def _fresh_edges(tmp_path: Path, files: dict[str, str]) -> set[tuple[object, ...]]:
    async with indexed_project(tmp_path, files, "p") as service:
        return _edges_with_how(service.store.path)


async def test_an_update_relinks_the_calls_of_a_field_whose_file_changed(tmp_path: Path) -> None:
    """Renaming a field drops the edges into it; a method now declared by that name takes its calls; a field
    added where a call found nothing gains its calls; a class moved to another file takes its field's calls
    along: each update gives the edges a fresh index of the same files gives."""
    files = dict(FILES)
    steps = [
        # hono-base.ts's `get!` renamed: app.ts's call finds nothing (no guess names a variable).
        {"src/hono-base.ts": FILES["src/hono-base.ts"].replace("get!:", "route!:").replace("this.get =", "this.route =")},
        # Back, and hono.ts's own Hono declares a method `get`: the call is the method's.
        {"src/hono-base.ts": FILES["src/hono-base.ts"],
         "src/hono.ts": FILES["src/hono.ts"].replace("super()\n          }", "super()\n          }\n\n"
                                                     "          get(path: string, handler: unknown) { return this }")},
        # A func field added to Echo that serve.go already called (serve.go itself unchanged).
        {"echo/serve.go": FILES["echo/serve.go"].replace("e.Start()", "e.Start()\n            e.OnStart()")},
        {"echo/echo.go": FILES["echo/echo.go"].replace("Debug            bool", "Debug            bool\n"
                                                       "            OnStart          func()")},
        # Kotlin's Buffer moved to another file.
        {"kt/Buffer.kt": None, "kt/Buffers.kt": FILES["kt/Buffer.kt"]},
    ]
    async with indexed_project(tmp_path / "work", files, "p") as service:
        db = service.store.path
        for number, step in enumerate(steps):
            for path, text in step.items():
                target = tmp_path / "work" / "repo" / path
                if text is None:
                    target.unlink()
                    files.pop(path)
                else:
                    write_tree(tmp_path / "work" / "repo", {path: text})
                    files[path] = text
            await service.update_index("p", background=False)
            assert _edges_with_how(db) == await _fresh_edges(tmp_path / f"fresh{number}", files), number
            variables = {edge[2] for edge in edges_to_variables(db)}
            if number == 0:
                assert "p:src/hono-base.ts:Hono.get" not in variables
                assert "p:src/hono-base.ts:Hono.route" not in variables  # (app.ts calls `get`)
            elif number == 1:
                assert "p:src/hono-base.ts:Hono.get" not in variables
                assert ("p:src/app.ts:routes", "CALLS", "p:src/hono.ts:Hono.get") in set(
                    query(db, "SELECT source_id, edge_type, target_id FROM code_edges"))
            elif number == 3:
                assert "p:echo/echo.go:Echo.OnStart" in variables
            elif number == 4:
                assert "p:kt/Buffers.kt:Buffer.size" in variables and "p:kt/Buffer.kt:Buffer.size" not in variables


async def test_an_index_made_before_links_the_calls_of_fields_again(tmp_path: Path) -> None:
    """Migration 42: an index made before keeps no edge into a field; the next update links the files of the
    languages that can call one again (none parsed again, a shell script not even linked), and then lists them."""
    files = {**FILES, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(
        tmp_path, files, "p", 42,
        "DELETE FROM code_edges WHERE target_id IN (SELECT id FROM code_nodes WHERE node_type = 'VARIABLE')")
    hashes = query(db, "SELECT file_path, file_hash FROM coderag_files")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("p")
        assert status.status is IndexStatus.STALE and "Calls of fields" in (status.error_message or "")
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
        assert linked["tool.sh"] == 1 and linked["src/lib.rs"] == 1 and linked["echo/serve.go"] == 0
        assert edges_to_variables(db) == []
        await service.update_index("p", background=False)
        assert (await service.get_status("p")).status is IndexStatus.READY
        assert edges_to_variables(db) == EXPECTED
        answer = await service.find_references("p", "Echo.HTTPErrorHandler")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("echo/serve.go", 5, "MEMBER")]
    assert query(db, "SELECT file_path, file_hash FROM coderag_files") == hashes
