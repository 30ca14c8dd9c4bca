"""A module's or class's variables and constants as definitions: a symbol and a VARIABLE node each (vlt's node
type), no chunk and no edge; found by find_symbol, their imports by find_references, read whole by read_code."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.languages import BY_NAME
from coderag_mcp.models import IndexStatus
from coderag_mcp.parse import parse_source
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, parse_text, query,
                       update_after_reparse_migration)

pytestmark = pytest.mark.anyio


def variables(language: str, path: str, text: str) -> list[tuple[str | None, str, int, str | None]]:
    """(scope, name, line, signature) of each variable the file defines, in line order."""
    _chunks, symbols, _references = parse_text(language, path, text)
    return sorted(((s.scope, s.name, s.lineno, s.signature) for s in symbols if s.kind == "variable"),
                  key=lambda variable: variable[2])


def test_python_variables_of_modules_and_classes_are_definitions_and_locals_are_not() -> None:
    found = variables("python", "config.py", '''
        TIMEOUT: int = 30
        first = second = {
            "a": 1,
        }
        try:
            import json
            LOADER = json.loads
        except ImportError:
            LOADER = None
        if TIMEOUT > 10:
            SLOW = True
        else:
            SLOW = False

        with open("version.txt") as handle:
            VERSION = handle.read()

        class Settings:
            debug = False
            name: str

            class Meta:
                ordering = ["name"]

            def load(self):
                local = 1
                return local

        def decorate(f):
            inner = f
            return inner

        def handler():
            pass
        handler = decorate(handler)
        ''')
    assert found == [
        (None, "TIMEOUT", 1, "TIMEOUT: int = 30"),
        (None, "first", 2, "first = second = {"),  # (`second` is the same statement's: not a name of its own)
        (None, "LOADER", 7, "LOADER = json.loads"),  # the first of the try and except branches
        (None, "SLOW", 11, "SLOW = True"),
        (None, "VERSION", 16, "VERSION = handle.read()"),
        ("Settings", "debug", 19, "debug = False"),
        ("Settings", "name", 20, "name: str"),
        ("Settings.Meta", "ordering", 23, 'ordering = ["name"]'),
    ]  # no `local`, `inner`, nor `handler` again (it rebinds the function)


def test_a_module_variable_still_says_what_it_holds_for_calls_on_it() -> None:
    _chunks, _symbols, references = parse_text("python", "app.py", '''
        class Client:
            def send(self):
                pass

        client = Client()

        def main():
            client.send()
        ''')
    assert ("BINDS", "client", "Client()") in {(r.edge_type, r.name, r.qualifier) for r in references}


@pytest.mark.parametrize(("language", "path", "text", "expected"), [
    ("javascript", "lib/config.js", '''
        const TIMEOUT = 30;
        export const defaults = { retries: 2 };
        let a = 1, b = 2;
        const send = () => TIMEOUT;
        const http = require('http');
        function run() { const local = 1; return local; }
        exports.methods = ['get'];
        module.exports.etag = createETag();
        exports.handle = function handle() {};
        var express = require('express')
          , Route = express.Route;
        ''', [(None, "TIMEOUT", 1), (None, "defaults", 2), (None, "a", 3), (None, "b", 3), (None, "methods", 7),
              (None, "etag", 8), (None, "Route", 11)]),
    ("typescript", "src/config.ts", '''
        export const VERSION: string = "1.0";
        const parse = (text: string): number => Number(text);
        export let state = 0;
        const option = 1 as 1 | 2 | 3;
        const tsconfig = 'tsconfig.build.json' satisfies string;
        export const persist = persistImpl as unknown as Persist;
        export const create = (<T>(f: T) => f) as Create;
        ''', [(None, "VERSION", 1), (None, "state", 3), (None, "option", 4), (None, "tsconfig", 5)]),
    ("go", "config.go", '''
        package config

        const Version = "1.2"

        const (
            Low = iota
            High
        )

        var Default = New()

        var _ fmt.Stringer = (*T)(nil)

        func New() int {
            const local = 1
            return local
        }
        ''', [(None, "Version", 3), (None, "Low", 6), (None, "High", 7), (None, "Default", 10)]),  # (no `_`)
    ("rust", "src/config.rs", '''
        pub const MAX: usize = 8;
        static NAME: &str = "x";

        struct Pool;

        impl Pool {
            const SIZE: usize = 4;

            fn new() -> Pool {
                const LOCAL: u8 = 1;
                Pool
            }
        }
        ''', [(None, "MAX", 1), (None, "NAME", 2), ("Pool", "SIZE", 7)]),
    ("ruby", "lib/app.rb", '''
        module Sinatra
          VERSION = "4.0"

          class Base
            DEFAULTS = [1,
                        2]

            def run
              local = 1
            end
          end
        end
        ''', [("Sinatra", "VERSION", 2), ("Sinatra.Base", "DEFAULTS", 5)]),
    ("typescript", "src/store.ts", '''
        export class Store<S> {
          static defaults = { retries: 3 };
          private readonly listeners: Array<() => void> = [];
          #count = 0;
          declare name: string;
          handle = () => this.listeners.length;
          run = async (x: number) => x;
          method() { const local = 1; return local; }
          constructor(private readonly http: Http, public label: string, plain: number, readonly size?: number) {}
        }
        abstract class Base { protected abstract id: string; }
        ''', [("Store", "defaults", 2), ("Store", "listeners", 3), ("Store", "#count", 4), ("Store", "name", 5),
              ("Store", "http", 9), ("Store", "label", 9), ("Store", "size", 9),  # (constructor's properties)
              ("Base", "id", 11)]),  # (functions held by fields are no values; `plain` is a parameter)
    ("javascript", "lib/store.js", '''
        class Store {
          static defaults = { retries: 3 };
          count;
          handle = function () { return 1; };
          bound = (x) => x;
        }
        ''', [("Store", "defaults", 2), ("Store", "count", 3)]),
    ("c", "src/app.h", '''
        #ifndef APP_H
        #define APP_H
        #define MAX_LEN 256
        #define MIN(a, b) ((a) < (b) ? (a) : (b))
        static int counter = 0, *cursor;
        const char *names[] = {"a", "b"};
        extern int errno_value;
        typedef enum { LOW, HIGH } level_t;
        struct point { int x; int y; };
        #ifdef DEBUG
        int debug_level = 1;
        #endif
        int main(void) { int local = 1; return local; }
        #endif
        ''', [(None, "APP_H", 2), (None, "MAX_LEN", 3), (None, "counter", 5), (None, "cursor", 5), (None, "names", 6),
              ("level_t", "LOW", 8), ("level_t", "HIGH", 8), ("point", "x", 9), ("point", "y", 9),
              (None, "debug_level", 11)]),  # (no extern, no local)
    ("cpp", "src/widget.cpp", '''
        namespace app {
        constexpr int kMax = 8;
        enum class Mode { Fast, Slow };
        class Widget {
          static const int kSize = 4;
          void draw() { int local = 1; }
        };
        }
        ''', [(None, "kMax", 2), ("Mode", "Fast", 3), ("Mode", "Slow", 3), ("Widget", "kSize", 5)]),
    ("go", "context.go", '''
        package gin

        type Context struct {
            Keys   map[string]any
            X, Y   int
            *Engine
            handlers func(
                c *Context)
            inline struct{ hidden int }
        }

        type (
            Params []Param
            Param  struct{ Key, Value string }
        )

        func handle() {
            type local struct{ field int }
        }
        ''', [("Context", "Keys", 4), ("Context", "X", 5), ("Context", "Y", 5), ("Context", "handlers", 7),
              ("Context", "inline", 9), ("Param", "Key", 14), ("Param", "Value", 14)]),  # (no embedding, no local)
    ("rust", "src/level.rs", '''
        pub struct Metadata<'a> {
            name: &'static str,
            pub target: &'a str,
        }
        pub struct Id(u64);
        pub enum Level { Trace, Info(u8), Warn { code: u16 } }
        pub union Bits { word: u32 }
        mod inner {
            struct Hidden { depth: usize }
        }
        fn run() {
            struct Local { field: u8 }
        }
        ''', [("Metadata", "name", 2), ("Metadata", "target", 3), ("Level", "Trace", 6), ("Level", "Info", 6),
              ("Level", "Warn", 6), ("Bits", "word", 7), ("inner::Hidden", "depth", 9)]),  # (not a variant's fields)
    ("c", "src/dict.h", '''
        typedef struct dictType {
            uint64_t (*hashFunction)(const void *key);
            void *(*keyDup)(void *privdata, const void *key);
            int (*compare)(void *privdata,
                           const void *key1, const void *key2);
        } dictType;
        struct dict {
            dictType *type;
            void **table[2], *extra;
            unsigned pauserehash : 15;
            struct { long index; } rehash;
            struct dictLevel { long span; } level[];
        };
        typedef union { double d; long long l; } number;
        void reset(struct dict *d) { struct local { int field; } l; }
        static struct settings { int port; } server;
        static struct { int hidden; } state;
        struct flags {
        #define FLAG_ON 1
            int on;
        };
        ''', [("dictType", "hashFunction", 2), ("dictType", "keyDup", 3), ("dictType", "compare", 4),
              ("dict", "type", 8), ("dict", "table", 9), ("dict", "extra", 9), ("dict", "pauserehash", 10),
              ("dict", "rehash", 11), ("dict.dictLevel", "span", 12), ("dict", "level", 12), ("number", "d", 14),
              ("number", "l", 14), ("settings", "port", 16), (None, "server", 16), (None, "state", 17),
              (None, "FLAG_ON", 19), ("flags", "on", 20)]),
    # (not an unnamed struct's fields; a macro is the file's wherever it is written)
    ("typescript", "src/types.ts", '''
        export interface StandardSchema {
          readonly "~standard": Props
          version?: 1
          validate(value: unknown): Result
          nested: { inner: string }
        }
        type Options = { timeout: number }
        function run(options: { local: boolean }) {}
        ''', [("StandardSchema", "~standard", 2), ("StandardSchema", "version", 3), ("StandardSchema", "nested", 5),
              ("Options", "timeout", 7)]),  # (a method, a nested type's and a parameter type's members are none)
    ("scala", "src/Config.scala", '''
        object Config {
          val Timeout = 30
          private lazy val cache = Map.empty[String, Int]
          val (a, b) = (1, 2)
          def run(): Unit = { val local = 1 }
        }
        case class Point(x: Int, y: Int)
        class Service(db: Database, val name: String) { var table: String = "t" }
        trait Store { val size: Int }
        enum Color { case Red, Green }
        ''', [("Config", "Timeout", 2), ("Config", "cache", 3), ("Point", "x", 7), ("Point", "y", 7),
              ("Service", "name", 8), ("Service", "table", 8), ("Store", "size", 9), ("Color", "Red", 10),
              ("Color", "Green", 10)]),  # (not a tuple's names, a local, a plain class parameter)
    ("dart", "lib/client.dart", '''
        const version = '1.0';
        final logger = Logger(), other = 2;
        class Client extends Base {
          static const int maxRetries = 3;
          int _count = 0, total;
          Client(this.baseUrl);
          void send() { var local = 1; }
        }
        enum Color { red, green }
        ''', [(None, "version", 1), (None, "logger", 2), (None, "other", 2), ("Client", "maxRetries", 4),
              ("Client", "_count", 5), ("Client", "total", 5), ("Color", "red", 9), ("Color", "green", 9)]),
    ("swift", "Source/Session.swift", '''
        public let version = "5.0"
        var first = 0, second = 1
        let (a, b) = (1, 2)
        open class Session {
            public static let `default` = Session()
            var isActive: Bool { state == .running }
            @Protected var mutableState = MutableState()
            func run() { let local = 1 }
            enum State { case idle, running(Int) }
        }
        extension Session { static let shared = Session() }
        protocol Store { var count: Int { get } }
        extension Session.State { var isIdle: Bool { self == .idle } }
        struct Command { @Option() var name: String }
        ''', [(None, "version", 1), (None, "first", 2), (None, "second", 2), ("Session", "default", 5),
              ("Session", "isActive", 6), ("Session", "mutableState", 7), ("Session.State", "idle", 9),
              ("Session.State", "running", 9), ("Session", "shared", 11), ("Store", "count", 12),
              ("Session.State", "isIdle", 13), ("Command", "name", 14)]),  # (an attribute's empty `()` too)
    ("cpp", "include/buffer.hpp", '''
        namespace fmt {
        template <typename T> class buffer {
         private:
          T* ptr_;
          size_t size_, capacity_;
          void (*grow_)(buffer& buf, size_t capacity);
          struct header { int tag; };
         public:
          static constexpr int inline_size = 8;
          size_t size() const;
          void clear() { size_ = 0; }
          friend class writer;
          const context& ctx_;
        };
        }
        ''', [("buffer", "ptr_", 4), ("buffer", "size_", 5), ("buffer", "capacity_", 5), ("buffer", "grow_", 6),
              ("buffer.header", "tag", 7), ("buffer", "inline_size", 9), ("buffer", "ctx_", 13)]),  # (no method)
    ("java", "src/Config.java", '''
        public class Config {
            public static final int MAX = 10, MIN = 1;
            private final String name;
            Runnable task = new Runnable() { int inner = 1; public void run() {} };

            int count() {
                int local = 1;
                return local;
            }

            interface Limits { int LIMIT = 5; }
            record Span(int start, int end) { }

            enum Color {
                RED, GREEN;
                static final Color DEFAULT = RED;
            }
        }
        ''', [("Config", "MAX", 2), ("Config", "MIN", 2), ("Config", "name", 3), ("Config", "task", 4),
              ("Config.Limits", "LIMIT", 11), ("Config.Span", "start", 12), ("Config.Span", "end", 12),
              ("Config.Color", "RED", 15), ("Config.Color", "GREEN", 15), ("Config.Color", "DEFAULT", 16)]),
    ("kotlin", "src/Config.kt", '''
        package app

        const val TOP = 1
        val cache by lazy { mutableMapOf<String, Int>() }

        class Config(val id: Int, note: String) {  // (note is no property)
            private var count = 0

            fun load() {
                val local = 1
            }

            companion object {
                const val MAX = 10
            }
        }

        enum class Color { RED, GREEN }
        ''', [(None, "TOP", 3), (None, "cache", 4), ("Config", "id", 6), ("Config", "count", 7), ("Config", "MAX", 14),
              ("Color", "RED", 18), ("Color", "GREEN", 18)]),
    ("csharp", "src/Config.cs", '''
        namespace App {
            public class Config {
                public const int Max = 10;
                private static readonly string name = "a", other;
                public int Count { get; set; }
                public int Total { get { return Count; } }
                public event EventHandler Changed;

                void Load() {
                    int local = 1;
                }
            }

            public enum Color { Red, Green }
        }
        ''', [("Config", "Max", 3), ("Config", "name", 4), ("Config", "other", 4), ("Config", "Count", 5),
              ("Config", "Changed", 7), ("Color", "Red", 14), ("Color", "Green", 14)]),  # (Total is a method)
    ("csharp", "src/Inline.cs", '''
        #if FEATURE_SPAN
        namespace App;

        struct Inline
        {
            object? First;
        }
        #else
        class Fallback { int Second; }
        #endif
        ''', [("Inline", "First", 6), ("Fallback", "Second", 9)]),  # (types inside #if ... #endif)
    ("php", "src/Box.php", '''
        <?php
        namespace App {
            const LIMIT = 1;
            class Box { public $size; }
        }
        ''', [(None, "LIMIT", 3), ("Box", "size", 4)]),  # (a braced namespace's body)
    ("php", "src/Config.php", '''
        <?php
        const TOP = 1;
        define('LEGACY', 2);
        run('not a definition');

        class Config {
            const MAX = 10, MIN = 1;
            public static $count = 0;
            private string $name;

            function load() {
                $local = 1;
                define('INSIDE', 3);
            }

            public function __construct(private Logger $logger, $plain) {}
        }

        enum Suit: string { case Hearts = 'H'; }
        ''', [(None, "TOP", 2), (None, "LEGACY", 3), ("Config", "MAX", 7), ("Config", "MIN", 7),
              ("Config", "count", 8), ("Config", "name", 9), ("Config", "logger", 16), ("Suit", "Hearts", 19)]),
])
def test_module_constants_are_definitions_in_other_languages(language: str, path: str, text: str,
                                                               expected: list[tuple[str | None, str, int]]) -> None:
    assert [variable[:3] for variable in variables(language, path, text)] == expected


def test_a_variable_owns_no_lines_and_no_references() -> None:
    """Its lines stay in the module's chunk, and a call in its value is the module's, as before."""
    chunks, _symbols, references = parse_source("m.py", BY_NAME["python"], b"TABLE = build()\n\ndef build():\n    pass\n")
    assert [(c.chunk_type.value, c.name) for c in chunks] == [("module", "m"), ("function", "build")]
    calls = [(r.edge_type, r.name, r.source) for r in references if r.edge_type == "CALLS"]
    assert calls == [("CALLS", "build", None)]


PROJECT = {
    "app/config.py": '''
        """Settings."""

        TIMEOUT = 30
        ROUTES = {
            "home": "/",
            "about": "/about",
        }


        class Settings:
            retries = [
                1,
                2,
            ]
        ''',
    "app/client.py": '''
        from app.config import TIMEOUT, ROUTES


        def fetch(url):
            return url, TIMEOUT
        ''',
    "app/server.py": '''
        from app import config


        def serve():
            return config.TIMEOUT
        ''',
}


async def test_find_symbol_read_code_and_find_references_of_a_variable(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PROJECT, "p") as service:
        found = (await service.find_symbol("p", "TIMEOUT")).definitions
        assert [(d.file_path, d.line, d.kind, d.qualified_name, d.signature, d.match) for d in found] == [
            ("app/config.py", 3, "variable", "TIMEOUT", "TIMEOUT = 30", "exact")]
        assert [d.qualified_name for d in (await service.find_symbol("p", "ROUTES", kind="variable")).definitions] \
            == ["ROUTES"]
        assert (await service.find_symbol("p", "ROUTES", kind="function")).definitions == []
        assert [d.qualified_name for d in (await service.find_symbol("p", "Settings.retries")).definitions] \
            == ["Settings.retries"]

        read = await service.read_code("p", symbol="ROUTES")  # the whole statement, not its first line
        assert (read.file_path, read.start_line, read.end_line) == ("app/config.py", 4, 7)
        assert read.text.splitlines()[-1].endswith("}")
        read = await service.read_code("p", symbol="Settings.retries")
        assert (read.start_line, read.end_line) == (11, 14)

        references = await service.find_references("p", "TIMEOUT")
        assert references.definitions == 1
        assert [(r.file_path, r.kind, r.resolution, r.target) for r in references.references] == [
            ("app/client.py", "IMPORTS", "IMPORT", "app/config.py:TIMEOUT")]
        # Reading it (`config.TIMEOUT`, `return url, TIMEOUT`) is not recorded, and the answer says so.
        assert references.note is not None and "is a variable" in references.note

        repo_map = await service.get_repo_map("p")
        shown = repo_map.map_text
        assert "Settings" in shown and "TIMEOUT" not in shown and "ROUTES" not in shown

    db = tmp_path / "vault.db"
    assert query(db, "SELECT node_type, name FROM code_nodes WHERE node_type = 'VARIABLE' ORDER BY lineno, name") == [
        ("VARIABLE", "TIMEOUT"), ("VARIABLE", "ROUTES"), ("VARIABLE", "retries")]
    # No edge leads to or from a variable, and no rank is given one: the graph and its ranks are as without them.
    assert query(db, """SELECT count(*) FROM code_edges AS e JOIN code_nodes AS n ON n.id IN (e.source_id, e.target_id)
                         WHERE n.node_type = 'VARIABLE'""") == [(0,)]
    assert query(db, """SELECT count(*) FROM coderag_node_ranks AS r JOIN code_nodes AS n ON n.id = r.node_id
                         WHERE n.node_type = 'VARIABLE'""") == [(0,)]
    assert query(db, "SELECT count(*) FROM code_chunks WHERE name IN ('TIMEOUT', 'ROUTES', 'retries')") == [(0,)]


async def test_an_edited_variable_is_found_as_it_is_now(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PROJECT, "p") as service:
        config = tmp_path / "repo" / "app" / "config.py"
        config.write_text(config.read_text().replace("TIMEOUT = 30", "TIMEOUT = 60\nRETRIES = 3"))
        await service.update_index("p", background=False)
        found = {d.qualified_name: (d.line, d.signature) for name in ("TIMEOUT", "RETRIES", "ROUTES")
                 for d in (await service.find_symbol("p", name)).definitions if d.match == "exact"}
        assert found == {"TIMEOUT": (3, "TIMEOUT = 60"), "RETRIES": (4, "RETRIES = 3"), "ROUTES": (5, "ROUTES = {")}
        references = await service.find_references("p", "TIMEOUT")
        assert [(r.file_path, r.resolution) for r in references.references] == [("app/client.py", "IMPORT")]


async def test_no_definition_says_which_variables_are_definitions(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PROJECT, "p") as service:
        answer = await service.find_symbol("p", "url_for")
        assert answer.definitions == [] and answer.note is not None
        assert "a module's or class's variables, constants and fields" in answer.note
        assert "Python" in answer.note and "Java," in answer.note and "PHP" in answer.note


async def test_an_index_made_before_variables_were_definitions_parses_those_files_again(tmp_path: Path) -> None:
    files = {"app/config.py": "TIMEOUT = 30\n", "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 23)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("mixed")
        assert status.status is IndexStatus.STALE and "Variables and constants" in (status.error_message or "")
        update = await service.update_index("mixed", background=False)
        assert update.job is not None
        written_by = dict(query(db, "SELECT file_path, job_id FROM coderag_files"))
        assert written_by["app/config.py"] == update.job.job_id != written_by["tool.sh"]
        assert [d.kind for d in (await service.find_symbol("mixed", "TIMEOUT")).definitions] == ["variable"]


async def test_an_index_made_before_fields_were_definitions_parses_jvm_csharp_and_php_files_again(
        tmp_path: Path) -> None:
    files = {"src/Limits.java": "class Limits {\n    static final int MAX = 10;\n}\n", "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 24)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Limits.java", "tool.sh", "Fields, properties and constants")
        found = (await service.find_symbol("mixed", "MAX")).definitions
        assert [(d.kind, d.qualified_name, d.line) for d in found] == [("variable", "Limits.MAX", 2)]


def test_a_declarator_on_a_line_of_its_own_is_its_signature_without_the_comma() -> None:
    found = variables("javascript", "test/route.js", "var express = require('../')\n  , Route = express.Route;\n")
    assert found == [(None, "Route", 2, "Route = express.Route;")]


async def test_read_code_of_a_name_shared_by_a_variable_and_a_method_reads_the_one_written(tmp_path: Path) -> None:
    files = {"lib/view.js": '''
        var resolve = path.resolve;

        function View(name) {
          this.name = name;
        }

        View.prototype.resolve = function resolve(dir, file) {
          return resolve(dir, file);
        };
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        read = await service.read_code("p", symbol="resolve")
        assert (read.start_line, read.end_line, read.symbol) == (1, 1, "resolve")
        read = await service.read_code("p", symbol="View.resolve")
        assert (read.start_line, read.end_line) == (7, 9)


async def test_read_code_finds_a_popular_name_in_the_file_asked_for(tmp_path: Path) -> None:
    files = {f"cases/case{number:02}.py": "def f():\n    return 1\n" for number in range(60)}
    files["zz/last.py"] = "f = 1\n\n\ndef g():\n    return f\n"
    async with indexed_project(tmp_path, files, "p") as service:
        read = await service.read_code("p", symbol="f", path="zz/last.py")  # beyond the first 50 definitions of f
        assert (read.file_path, read.start_line, read.end_line) == ("zz/last.py", 1, 1)
        read = await service.read_code("p", symbol="f", path="./zz/last.py")
        assert read.file_path == "zz/last.py"


async def test_an_import_is_of_the_definition_in_the_module_it_names(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/comments.py": "LN = int\n",
        "pkg/linegen.py": "LN = str\n",
        "pkg/cli.py": "cli = object()\n",
        "pkg/app.py": "from pkg.comments import LN as CommentLN\nfrom pkg.linegen import LN\nfrom . import cli\n",
        "pkg/main.py": "from pkg.cli import cli\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        references = await service.find_references("p", "LN")
        assert sorted((r.file_path, r.line, r.target) for r in references.references) == [
            ("pkg/app.py", 1, "pkg/comments.py:LN"), ("pkg/app.py", 2, "pkg/linegen.py:LN")]
        # `from . import cli` imports the module cli.py, not the variable `cli` in it; `from pkg.cli import cli` does.
        references = await service.find_references("p", "cli")
        assert [(r.file_path, r.resolution) for r in references.references
                if r.resolution != "UNRESOLVED"] == [("pkg/main.py", "IMPORT")]


async def test_a_variable_nobody_imports_says_so(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"app/mode.py": "DEBUG_MODE = 'debug'\n"}, "p") as service:
        references = await service.find_references("p", "DEBUG_MODE")
        assert references.references == [] and references.note is not None
        assert "is a variable: no import of it is recorded" in references.note


def test_a_typescript_function_cast_to_its_type_stays_a_function_and_a_cast_value_is_a_variable() -> None:
    _chunks, symbols, _references = parse_text("typescript", "src/middleware.ts", '''
        export const persist = persistImpl as unknown as Persist;
        export const create = (<T>(f: T) => f) as Create;
        const option = 1 as 1 | 2 | 3;
        const empty = null as any;
        ''')
    assert [(s.name, s.kind) for s in symbols] == [
        ("persist", "function"), ("create", "function"), ("option", "variable"), ("empty", "variable")]


async def test_find_symbol_lists_the_definition_named_as_written_before_members_of_that_name(tmp_path: Path) -> None:
    files = {
        "app/ctx.py": '''
            class AppContext:
                def request(self):
                    return self


            def handle(context):
                return context.request(), context.request()
            ''',
        "app/globals.py": "from app.ctx import AppContext\n\nrequest = AppContext()\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        found = (await service.find_symbol("p", "request")).definitions
        assert [(d.qualified_name, d.kind, d.match) for d in found] == [
            ("request", "variable", "exact"), ("AppContext.request", "method", "exact")]


async def test_an_annotated_field_is_found_on_its_name_line_and_read_with_its_annotations(tmp_path: Path) -> None:
    files = {"src/Service.java": '''
        class Service {
            @Inject
            @Named("db")
            private Database database;

            int first = 1,
                second = 2;
        }
        ''', "src/Config.kt": '''
        class Config {
            @JvmField
            val retries = 3
            val total: Int
                get() = retries * 2
            var count = 0
                get() = field
                set(value) {
                    field = value
                }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        found = {d.qualified_name: (d.line, d.signature) for name in ("database", "second", "retries")
                 for d in (await service.find_symbol("p", name)).definitions}
        assert found == {"Service.database": (4, "private Database database;"),
                         "Service.second": (7, "second = 2;"), "Config.retries": (3, "val retries = 3")}
        read = await service.read_code("p", symbol="database")
        assert (read.start_line, read.end_line) == (2, 4) and read.text.splitlines()[0].strip().endswith("@Inject")
        assert [(read.start_line, read.end_line) for read in [await service.read_code("p", symbol=name)
                                                              for name in ("first", "second", "retries", "total",
                                                                           "count")]] == [
            (6, 6), (7, 7), (2, 3), (4, 5), (6, 10)]  # (Kotlin's accessors too)


async def test_rust_imports_through_super_self_and_crate_are_of_the_module_they_name(tmp_path: Path) -> None:
    files = {
        "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n',
        "src/main.rs": "pub mod config;\npub mod net;\nuse crate::config::MAX;\n\nfn main() {\n    let _ = MAX;\n}\n",
        "src/config.rs": "pub const MAX: usize = 8;\npub const LIMIT: u8 = 2;\n",
        "src/net/mod.rs": "pub mod pool;\npub const LIMIT: u8 = 1;\npub struct Socket;\n",
        "src/net/pool.rs": "use super::{LIMIT, Socket};\nuse self::inner::DEPTH;\n\nmod inner {\n"
                           "    pub const DEPTH: u8 = 3;\n}\n\npub fn size() -> u8 {\n    LIMIT\n}\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        found = {name: sorted((r.file_path, r.line, r.target) for r in (await service.find_references("p", name)).references)
                 for name in ("LIMIT", "Socket", "MAX")}
        # `super` in src/net/pool.rs is src/net/mod.rs: its LIMIT, not config.rs's.
        assert found == {"LIMIT": [("src/net/pool.rs", 1, "src/net/mod.rs:LIMIT")],
                         "Socket": [("src/net/pool.rs", 1, "src/net/mod.rs:Socket")],
                         "MAX": [("src/main.rs", 3, "src/config.rs:MAX")]}


def test_a_file_the_grammar_cannot_read_as_a_whole_gives_no_variables() -> None:
    # Cut off mid-expression (an editor's half-written file): Kotlin's grammar makes the whole file an error, its
    # statements flat beside each other, a function's local among them.
    found = variables("kotlin", "src/Factory.kt", '''
        package okio

        enum class Factory {
          NewBuffer {
            override val isOneByteAtATime: Boolean
              get() = false

            override fun pipe(): Pipe {
              val buffer = Buffer()
              return Pipe(
        ''')
    assert found == []


def test_c_variables_of_a_declaration_the_grammar_misreads_are_none_and_a_structs_variable_is_the_files() -> None:
    found = variables("c", "src/alloc.c", '''
        DIAGNOSTIC_PUSH
        DIAGNOSTIC_IGNORE_UNUSED
        static int quiet = 0;
        struct config { int port; } defaults;
        ''')
    # (macros alone on their lines, which the grammar reads as a declaration without its `;`; `port` is config's)
    assert [variable[:3] for variable in found] == [(None, "quiet", 3), ("config", "port", 4), (None, "defaults", 4)]


async def test_an_index_made_before_struct_fields_were_definitions_parses_go_rust_and_c_files_again(
        tmp_path: Path) -> None:
    files = {"context.go": "package gin\n\ntype Context struct {\n\tKeys map[string]any\n}\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 25)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "context.go", "tool.sh", "Fields of Go, Rust, C and C++")
        found = (await service.find_symbol("mixed", "Context.Keys")).definitions
        assert [(d.kind, d.qualified_name, d.line, d.match) for d in found] == [
            ("variable", "Context.Keys", 4, "exact")]


async def test_a_struct_field_is_read_from_its_statement_to_its_end(tmp_path: Path) -> None:
    """A Go field's name is a bare node of its statement: the last name reads to the statement's end (its type
    over several lines), an earlier one of `X, Y int` its own line; a C function pointer its whole declarator, a
    field whose type is a struct declared in it from that struct's first line."""
    files = {"context.go": '''
        package gin

        type Context struct {
            X, Y int
            handlers func(
                c *Context,
            ) error
        }
        ''', "src/dict.h": '''
        typedef struct dictType {
            int (*compare)(void *privdata,
                           const void *key1, const void *key2);
            int size;
        } dictType;
        struct dict {
            struct dictLevel {
                long span;
            } level[];
        };
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        spans = {}
        for symbol in ("Context.X", "Context.Y", "Context.handlers", "dictType.compare", "dictType.size", "dict.level",
                       "dictLevel.span"):
            read = await service.read_code("p", symbol=symbol)
            spans[symbol] = (read.file_path, read.start_line, read.end_line)
        assert spans == {"Context.X": ("context.go", 4, 4), "Context.Y": ("context.go", 4, 4),
                         "Context.handlers": ("context.go", 5, 7), "dictType.compare": ("src/dict.h", 2, 3),
                         "dictType.size": ("src/dict.h", 4, 4), "dict.level": ("src/dict.h", 7, 9),
                         "dictLevel.span": ("src/dict.h", 8, 8)}  # (a struct declared in a field: its own fields)
        assert "(a struct's too)" in (await service.find_symbol("p", "Context.Missing")).note  # type: ignore[operator]


async def test_a_swift_computed_property_is_read_whole_and_an_extensions_path_qualifies_its_members(
        tmp_path: Path) -> None:
    files = {"Sources/Session.swift": '''
        struct Session {
            var isEmpty: Bool {
                return requests.isEmpty
            }
            @Option(
                help: "The name.")
            var name: String
        }
        extension Session.State {
            func reset() {}
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        spans = {symbol: ((read := await service.read_code("p", symbol=symbol)).start_line, read.end_line)
                 for symbol in ("Session.isEmpty", "Session.name")}
        assert spans == {"Session.isEmpty": (2, 4), "Session.name": (5, 7)}
        found = (await service.find_symbol("p", "reset")).definitions
        assert [(d.qualified_name, d.kind) for d in found] == [("Session.State.reset", "method")]


def test_a_struct_in_a_declaration_the_grammar_misreads_still_gives_the_fields_it_reads() -> None:
    # redis-benchmark.c's `static struct config { ... } config;`: one field's macro type (`redisAtomic`) is an error
    # in the declaration; its other fields are read (46 of them were lost with the whole declaration).
    found = variables("c", "src/redis-benchmark.c", '''
        static struct config {
            redisAtomic int liveclients;
            int numclients;
            const char *title;
        } config;
        ''')
    assert [variable[:3] for variable in found] == [("config", "numclients", 3), ("config", "title", 4)]


# A type's field and its method of one name, in the languages that keep both: each a definition (okio's `val size`
# beside `fun size()` was left to the method, as were 62 of tracing's fields beside their getters). Python's
# `f = decorate(f)` after `def f` stays the one function.
FIELDS_BESIDE_METHODS = {
    "ByteString.kt": '''
        class ByteString(internal val data: ByteArray) {
          val size: Int get() = data.size

          fun size(): Int = size
        }

        fun measure(bytes: ByteString): Int = bytes.size()
        ''',
    "span.rs": '''
        pub struct Span {
            id: u64,
        }

        impl Span {
            pub fn id(&self) -> u64 {
                self.id
            }
        }
        ''',
    "Request.swift": '''
        class Request {
            var interceptor: Int = 0

            func interceptor(_ value: Int) -> Self {
                return self
            }
        }
        ''',
    "app.py": '''
        class App:
            def run(self):
                return 1

            run = staticmethod(run)
        ''',
}


async def test_a_field_and_a_method_of_one_name_are_both_definitions_where_the_language_keeps_both(
        tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FIELDS_BESIDE_METHODS, "p") as service:
        for name, expected in (("ByteString.size", [("ByteString.kt", 2, "variable"), ("ByteString.kt", 4, "method")]),
                               ("Span.id", [("span.rs", 2, "variable"), ("span.rs", 6, "method")]),
                               ("Request.interceptor", [("Request.swift", 2, "variable"),
                                                        ("Request.swift", 4, "method")]),
                               ("App.run", [("app.py", 2, "method")])):
            found = await service.find_symbol("p", name)
            assert sorted((hit.file_path, hit.line, hit.kind) for hit in found.definitions) == expected, name
        # Read as the note says: the field (it was read as the method's line, with a note naming the field's).
        read = await service.read_code("p", symbol="ByteString.size")
        assert (read.start_line, read.end_line, read.text.split("\t", 1)[1]) == (2, 2, "  val size: Int get() = data.size")
        assert read.note is not None and "this is ByteString.kt:2. Others: ByteString.kt:4" in read.note
        read = await service.read_code("p", symbol="Span.id")  # of the two in one file, the longer
        assert (read.start_line, read.end_line) == (6, 8)
        assert read.note is not None and "this is span.rs:6. Others: span.rs:2" in read.note
        # The method's call is listed; the note does not call the pair a variable.
        references = await service.find_references("p", "ByteString.size")
        assert [(hit.file_path, hit.line, hit.target) for hit in references.references] == [
            ("ByteString.kt", 7, "ByteString.kt:ByteString.size")]
        assert references.note is not None and references.note.startswith(
            "1 of the 2 definitions of 'ByteString.size' is a variable: ")
    # The field's node is told from the method's by its line, as an overload's is.
    assert query(tmp_path / "vault.db", "SELECT id, node_type FROM code_nodes WHERE name = 'size' ORDER BY id") == [
        ("p:ByteString.kt:ByteString.size", "METHOD"), ("p:ByteString.kt:ByteString.size@2", "VARIABLE")]


async def test_an_index_made_before_fields_beside_methods_parses_those_languages_again(tmp_path: Path) -> None:
    files = {"ByteString.kt": FIELDS_BESIDE_METHODS["ByteString.kt"], "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 27)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "ByteString.kt", "tool.sh", "Rust, Java, PHP, Kotlin and Swift")
        found = (await service.find_symbol("mixed", "ByteString.size")).definitions
        assert [(d.kind, d.line) for d in found] == [("variable", 2), ("method", 4)]


async def test_a_variables_note_is_given_beside_the_untyped_uses_note(tmp_path: Path) -> None:
    # gin's `binding.JSON`, a package variable passed as a value (`c.ShouldBindWith(&obj, binding.JSON)`), answered
    # only that "1 other use of 'JSON' is tied to no definition": nothing said its reads are not recorded.
    files = {
        "go.mod": "module example.com/gin\n",
        "binding/binding.go": "package binding\n\ntype jsonBinding struct{}\n\nvar JSON = jsonBinding{}\n",
        "context.go": '''
            package gin

            import "example.com/gin/binding"

            func Bind(c *Context, obj any, r Renderer) error {
                r.JSON(obj)
                return c.ShouldBindWith(obj, binding.JSON)
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        references = await service.find_references("p", "binding.JSON")
    assert references.note is not None and "tied to no definition" in references.note
    assert "'binding.JSON' is a variable" in references.note and "not the places that read" in references.note
