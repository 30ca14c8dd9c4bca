"""The code graph on small real projects: definitions, references across files and languages,
the repo map, and incremental updates that end where a fresh index ends."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import shutil
from pathlib import Path

import pytest

from coderag_mcp.config import Settings
from coderag_mcp.errors import NotFound
from coderag_mcp.models import IndexStatus
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration, write_tree

pytestmark = pytest.mark.anyio

SHOP = {
    "shop/__init__.py": "",
    "shop/models.py": '''
        """Things for sale."""


        class Item:
            """Anything with a price."""

            def price(self):
                return 1


        class Book(Item):
            def price(self):
                return base_price() * 2


        def base_price():
            """The price everything starts from."""
            return 10
        ''',
    "shop/cart.py": '''
        from shop.models import Book, base_price
        from .util import fmt


        class Cart:
            def total(self):
                return sum(book.price() for book in self.items) + base_price()

            def show(self):
                return fmt(self.total())


        def empty_cart():
            return Cart()
        ''',
    "shop/util.py": '''
        def fmt(value):
            return f"{value:.2f}"


        def unused():
            pass
        ''',
    "web/format.ts": '''
        export function fmt(value: number): string {
          return value.toFixed(2);
        }
        ''',
    "web/api.ts": '''
        import { fmt } from "./format";

        export class Api {
          render(value: number): string {
            return fmt(value);
          }

          later(): void {
            notYetWritten();
          }
        }
        ''',
    "cmd/main.go": '''
        package main

        func main() {
            helper()
        }

        func helper() {}
        ''',
}


@pytest.fixture
async def shop(tmp_path: Path) -> CodeIndexService:  # type: ignore[misc]
    async with indexed_project(tmp_path, SHOP, "shop") as service:
        yield service


def places(response: object) -> list[tuple[str, int, str, str, str | None, str]]:
    return [(h.file_path, h.line, h.kind, h.enclosing, h.target, h.resolution)
            for h in response.references]  # type: ignore[attr-defined]


async def test_references_resolve_locally_through_imports_and_by_name(shop: CodeIndexService) -> None:
    assert places(await shop.find_references("shop", "base_price")) == [
        ("shop/cart.py", 1, "IMPORTS", "shop/cart.py", "shop/models.py:base_price", "IMPORT"),
        ("shop/cart.py", 7, "CALLS", "Cart.total", "shop/models.py:base_price", "IMPORT"),
        ("shop/models.py", 13, "CALLS", "Book.price", "shop/models.py:base_price", "LOCAL"),
    ]
    assert places(await shop.find_references("shop", "Item")) == [
        ("shop/models.py", 11, "INHERITS", "Book", "shop/models.py:Item", "LOCAL"),
    ]
    assert places(await shop.find_references("shop", "helper")) == [
        ("cmd/main.go", 4, "CALLS", "main", "cmd/main.go:helper", "LOCAL"),
    ]
    assert places(await shop.find_references("shop", "Cart")) == [
        ("shop/cart.py", 14, "CALLS", "empty_cart", "shop/cart.py:Cart", "LOCAL"),
    ]


async def test_a_name_in_two_languages_resolves_to_the_imported_one(shop: CodeIndexService) -> None:
    found = places(await shop.find_references("shop", "fmt"))
    assert ("shop/cart.py", 10, "CALLS", "Cart.show", "shop/util.py:fmt", "IMPORT") in found
    assert ("web/api.ts", 5, "CALLS", "Api.render", "web/format.ts:fmt", "IMPORT") in found
    assert ("web/api.ts", 1, "IMPORTS", "web/api.ts", "web/format.ts:fmt", "IMPORT") in found
    assert all(not (path.startswith("web/") and target and target.startswith("shop/"))
               for path, _line, _kind, _where, target, _how in found)


async def test_uses_of_library_names_are_reported_as_unresolved(shop: CodeIndexService) -> None:
    result = await shop.find_references("shop", "sum")
    assert result.definitions == 0 and "library or builtin" in (result.note or "")
    assert places(result) == [("shop/cart.py", 7, "CALLS", "Cart.total", None, "UNRESOLVED")]


async def test_find_symbol_orders_exact_then_suffix_then_prefix(shop: CodeIndexService) -> None:
    price = await shop.find_symbol("shop", "price")
    assert [(d.qualified_name, d.match) for d in price.definitions] == [("Item.price", "exact"), ("Book.price", "exact")]
    book_price = await shop.find_symbol("shop", "Book.price")
    assert [(d.qualified_name, d.file_path, d.line, d.kind) for d in book_price.definitions][0] == (
        "Book.price", "shop/models.py", 12, "method")
    base = await shop.find_symbol("shop", "base")
    assert [(d.name, d.match, d.doc) for d in base.definitions] == [
        ("base_price", "prefix", "The price everything starts from.")]
    classes = await shop.find_symbol("shop", "Api", kind="class")
    assert [(d.file_path, d.signature, d.language) for d in classes.definitions] == [
        ("web/api.ts", "class Api", "typescript")]
    assert (await shop.find_symbol("shop", "nothing_like_this")).note


async def test_each_definition_of_a_name_has_its_own_lines_and_doc(tmp_path: Path) -> None:
    files = {
        "lib/base.rb": '''
            class Base
              # Rack call interface.
              def call(env)
                dup.call!(env)
              end

              class << self
                def call(env)
                  synchronize { prototype.call(env) }
                end
              end
            end
            ''',
        "src/Copy.java": '''
            class Copy {
                /** Copies a stream. */
                static void copy(Object in) {
                }

                static void copy(Object in, Object out) {
                    copy(in);
                    copy(out);
                }
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        # Both took the last line of the name's last definition and the first one's doc comment (sinatra's
        # first `call` read as lines 990-1680).
        found = (await service.find_symbol("p", "call")).definitions
        assert [(d.line, d.end_line, d.doc) for d in found] == [(3, 5, "Rack call interface."), (8, 10, None)]
        found = (await service.find_symbol("p", "Copy.copy", kind="method")).definitions
        assert [(d.line, d.end_line, d.doc) for d in found] == [(3, 4, "Copies a stream."), (6, 9, None)]


async def test_a_ruby_name_without_parentheses_is_a_call_unless_it_is_a_local_variable(tmp_path: Path) -> None:
    # sinatra's `settings`, `request.path_info`, `halt unless authorized`: calls the graph did not see.
    files = {
        "lib/app.rb": '''
            class App
              attr_reader :settings

              def handle(request, retries = 2)
                halt unless authorized
                settings.logger
                count = retries
                [count, request].each { |item| item }
                environment
              end

              def authorized
              end

              def halt
              end

              def count
              end

              def item
              end

              def request
              end
            end
            ''',
        "test/server.rb": "class TestServer\n  def environment\n  end\nend\n",
        "test/app_test.rb": "class AppTest\n  def test_authorized\n    assert authorized\n  end\nend\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        calls = {(source.removeprefix("p:"), target.removeprefix("p:"), how) for source, target, how in query(
            tmp_path / "vault.db", """SELECT e.source_id, e.target_id, r.resolution FROM code_edges e
                                       JOIN coderag_edge_resolutions r ON r.edge_id = e.id WHERE e.edge_type = 'CALLS'""")}
        # `request` and `retries` are parameters, `count` is assigned, `item` a block's: no calls of the
        # methods of those names. `environment` is no call of a test's definition from the product's code.
        assert {(t, how) for s, t, how in calls if s == "lib/app.rb:App.handle"} == {
            ("lib/app.rb:App.halt", "LOCAL"), ("lib/app.rb:App.authorized", "LOCAL"),
            ("lib/app.rb:App.settings", "LOCAL")}
        # A test may call the product by name.
        assert {(t, how) for s, t, how in calls if s == "test/app_test.rb:AppTest.test_authorized"} == {
            ("lib/app.rb:App.authorized", "NAME")}
        found = (await service.find_references("p", "App.authorized")).references
        assert sorted((use.file_path, use.line, use.resolution) for use in found) == [
            ("lib/app.rb", 5, "LOCAL"), ("test/app_test.rb", 3, "NAME")]


async def test_a_ruby_constant_written_alone_is_one_of_the_namespaces_around_it(tmp_path: Path) -> None:
    # rack-protection's `Request.new(env)` inside `Rack::Protection` was Sinatra::Request, a spec's
    # `Logger.new(io)` Sinatra::Middleware::Logger: Ruby looks a constant up in the namespaces around it.
    files = {
        "lib/sinatra/base.rb": "module Sinatra\n  class Request\n  end\n\n  class Base\n    def call(env)\n"
                               "      Request.new(env)\n    end\n  end\nend\n",
        "lib/sinatra/middleware/logger.rb": "module Sinatra\n  module Middleware\n    class Logger\n    end\n  end\nend\n",
        "lib/rack/protection/base.rb": "module Rack\n  module Protection\n    class Base\n      def call(env)\n"
                                       "        Request.new(env)\n        Logger.new(env)\n      end\n    end\n  end\nend\n",
    }
    async with indexed_project(tmp_path, files, "p"):
        calls = {(source.removeprefix("p:"), target.removeprefix("p:")) for source, target in query(
            tmp_path / "vault.db", "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'CALLS'")}
        assert ("lib/sinatra/base.rb:Sinatra.Base.call", "lib/sinatra/base.rb:Sinatra.Request") in calls
        assert not {call for call in calls if call[0] == "lib/rack/protection/base.rb:Rack.Protection.Base.call"}


async def test_an_index_made_before_ruby_names_were_calls_parses_its_ruby_files_again(tmp_path: Path) -> None:
    """Migration 21: the next update parses an existing index's Ruby files again, and the index says why."""
    files = {"app.rb": "class App\n  def handle\n    halt\n  end\n\n  def halt\n  end\nend\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 21, "DELETE FROM code_edges WHERE edge_type = 'CALLS'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "app.rb", "tool.sh", "Ruby")
        assert [(use.line, use.resolution) for use in (await service.find_references("mixed", "App.halt")).references] == [
            (3, "LOCAL")]


async def test_a_bare_name_finds_every_overload_of_a_method(tmp_path: Path) -> None:
    # jackson's `refs _reportError` had 2 of its 4 definitions (a method's overloads after the first are stored
    # as `Class.m@line`), and so 58 of its 68 uses.
    files = {"IOUtils.java": '''
        class IOUtils {
            static int copy(String input) {
                return copy(input, 4096);
            }

            static int copy(String input, int size) {
                return size;
            }

            static int run() {
                return copy("a", 1) + copy("b");
            }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        bare, qualified = [await service.find_references("p", symbol) for symbol in ("copy", "IOUtils.copy")]
        assert bare.definitions == qualified.definitions == 2
        assert sorted(use.line for use in bare.references) == sorted(use.line for use in qualified.references) == [
            3, 11, 11]


async def test_ruby_and_php_calls_go_by_what_they_are_made_on(tmp_path: Path) -> None:
    files = {
        "lib/sinatra/base.rb": '''
            module Sinatra
              class Request < Rack::Request
              end

              class TemplateCache
              end

              class Base
                def mime_type(type)
                  Rack::Mime.mime_type(type)
                end

                def call(env)
                  Base.settings
                  TemplateCache.new
                  self.mime_type(env)
                end

                def self.settings
                end

                def self.error(*codes)
                end

                error NotFound do
                end
              end

              module Helpers
                def error(code)
                end
              end
            end
            ''',
        "lib/sinatra/webdav.rb": "module Sinatra\n  module WebDAV\n    class Request\n    end\n  end\nend\n",
        "src/RouteGroup.php": '''
            <?php
            class RouteGroup {
                public function add($middleware) {
                    $this->dispatcher->add($middleware);
                    AppFactory::create();
                    return $this;
                }
            }
            ''',
        "src/MiddlewareDispatcher.php": "<?php\nclass MiddlewareDispatcher {\n    public function add($m) {}\n}\n",
        "src/AppFactory.php": "<?php\nclass AppFactory {\n    public static function create() {}\n}\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        calls = {(source.removeprefix("p:"), target.removeprefix("p:"), how) for source, target, how in query(
            tmp_path / "vault.db", """SELECT e.source_id, e.target_id, r.resolution FROM code_edges e
                                       JOIN coderag_edge_resolutions r ON r.edge_id = e.id WHERE e.edge_type != 'IMPORTS'""")}
        base = "lib/sinatra/base.rb:Sinatra"
        # `Rack::Mime.mime_type` is Rack's, not the same file's Base.mime_type; `class Request < Rack::Request`
        # is no subclass of the project's WebDAV::Request.
        assert not {call for call in calls if call[0] == f"{base}.Base.mime_type"}
        assert not {call for call in calls if call[0] == f"{base}.Request"}
        assert {(f"{base}.Base.settings", "MEMBER"), (f"{base}.TemplateCache", "LOCAL"),
                (f"{base}.Base.mime_type", "LOCAL")} == {(t, how) for s, t, how in calls if s == f"{base}.Base.call"}
        # A call in a class's body is the class's own (`error NotFound do`), not a helper module's.
        assert {(t, how) for s, t, how in calls if s == f"{base}.Base"} == {(f"{base}.Base.error", "LOCAL")}
        # `$this->dispatcher->add()`: not RouteGroup's own add (the only other one is MiddlewareDispatcher's).
        assert {(t, how) for s, t, how in calls if s == "src/RouteGroup.php:RouteGroup.add"} == {
            ("src/MiddlewareDispatcher.php:MiddlewareDispatcher.add", "NAME"),
            ("src/AppFactory.php:AppFactory.create", "MEMBER")}
        # Listed under the one it reached by name (a use on an untyped receiver was taken for a guess only).
        assert [(hit.line, hit.resolution) for hit in
                (await service.find_references("p", "MiddlewareDispatcher.add")).references] == [(4, "NAME")]
        # A symbol may be written with its language's separators.
        assert [hit.line for hit in (await service.find_references("p", "AppFactory::create")).references] == [5]
        assert [hit.qualified_name for hit in (await service.find_symbol("p", "Sinatra::Base")).definitions
                if hit.match == "exact"] == ["Sinatra.Base"]


async def test_a_recursive_call_is_listed_as_a_use_of_its_own_definition(tmp_path: Path) -> None:
    files = {"m.py": "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n\n\ndef use():\n    return fact(3)\n",
             "lib/base.rb": "class Base\n  def route!(base)\n    route!(base.superclass)\n  end\nend\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        # It was "unresolved": the graph keeps no edge from a definition to itself.
        assert [(hit.line, hit.target, hit.resolution) for hit in (await service.find_references("p", "fact")).references
                ] == [(2, "m.py:fact", "LOCAL"), (6, "m.py:fact", "LOCAL")]
        assert [(hit.line, hit.resolution) for hit in (await service.find_references("p", "Base.route!")).references
                ] == [(3, "LOCAL")]


async def test_an_include_of_a_header_is_the_header_not_the_source_file_beside_it(tmp_path: Path) -> None:
    files = {"src/compile.h": "struct block { int n; };\nint compile(struct block *b);\n",
             "src/compile.c": "#include \"compile.h\"\nint compile(struct block *b) { return b->n; }\n",
             "src/builtin.c": "#include \"compile.h\"\nint builtin(struct block *b) { return compile(b); }\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        # Not "nothing uses it": C's uses of a type are not recorded.
        note = (await service.find_references("p", "block")).note
        assert note is not None and "uses as a type (declarations, parameters) are not recorded in C" in note
    imports = query(tmp_path / "vault.db", "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'IMPORTS'")
    # jq's `#include "compile.h"` led to compile.c.
    assert ("p:src/builtin.c", "p:src/compile.h") in imports


async def test_an_include_path_names_its_file_whole(tmp_path: Path) -> None:
    # fmt's `#include "fmt/std.h"` dropped `std` (a segment skipped in Rust's and C++'s `std::` paths) and then
    # the file's name: it was an include of `src/fmt.cc` (and before names kept to their family, `doc/fmt.js`).
    files = {"include/fmt/std.h": "int ptr(int *p);\n", "src/fmt.cc": "int main() { return 0; }\n",
             "doc/fmt.js": "function fmt() {}\n",
             "test/std-test.cc": "#include \"fmt/std.h\"\nint run() { return 1; }\n"}
    async with indexed_project(tmp_path, files, "p"):
        pass
    imports = query(tmp_path / "vault.db", "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'IMPORTS'")
    assert imports == [("p:test/std-test.cc", "p:include/fmt/std.h")]


async def test_a_symbols_doc_is_its_first_line_of_words_not_a_tag(tmp_path: Path) -> None:
    # date-fns's doc comments start with tags: 242 of its 500 definitions' docs read `@name addDays`.
    files = {"src/addDays.ts": '''
        /**
         * @name addDays
         * @category Day Helpers
         * @summary Add the specified number of days to the given date.
         *
         * @description
         * Add the specified number of days to the given date, in the date's own time zone.
         */
        export function addDays(date: Date, amount: number): Date { return date; }
        ''', "src/Builder.java": '''
        class Builder {
            /**
             * @formatter:off
             * <p>
             * Builds a new stream.
             * </p>
             */
            Stream get() { return null; }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        assert [d.doc for d in (await service.find_symbol("p", "addDays")).definitions] == [
            "Add the specified number of days to the given date."]
        assert [d.doc for d in (await service.find_symbol("p", "Builder.get")).definitions] == ["Builds a new stream."]


async def test_find_symbol_ignores_the_case_of_a_name_and_of_its_prefix(shop: CodeIndexService) -> None:
    """Names are looked up by ranges of the name index, one per case form of their first letters: every
    case form must still be found."""
    async def found(name: str) -> list[tuple[str, str]]:
        return [(d.qualified_name, d.match) for d in (await shop.find_symbol("shop", name)).definitions]

    assert await found("BOOK") == [("Book", "name")]  # found, but not called an exact match
    assert await found("api") == [("Api", "name")]
    assert await found("BASE") == [("base_price", "prefix")]
    assert await found("Empty_C") == [("empty_cart", "prefix")]
    assert await found("cArT") == [("Cart", "name")]
    assert sorted(await found("b")) == [("Book", "prefix"), ("base_price", "prefix")]
    assert await found("zzz") == []


async def test_centrality_and_the_repo_map(shop: CodeIndexService) -> None:
    central = {d.name: d.centrality for name in ("base_price", "unused", "fmt")
               for d in (await shop.find_symbol("shop", name)).definitions}
    assert central["base_price"] > central["unused"]
    result = await shop.get_repo_map("shop", max_tokens=2000)
    assert result.symbols_included == result.symbols_total
    assert "shop/models.py:" in result.map_text and "  class Book(Item)" in result.map_text
    assert "    def price(self)" in result.map_text  # methods sit under their class
    small = await shop.get_repo_map("shop", max_tokens=60)
    assert small.token_count <= 60 and 0 < small.symbols_included < result.symbols_included
    assert "base_price" in small.map_text  # the most used symbol makes the cut first
    web = await shop.get_repo_map("shop", path="web/")
    assert {line for line in web.map_text.splitlines() if not line.startswith(" ")} == {"web/format.ts:",
                                                                                        "web/api.ts:"}
    stored = query(shop.store.path, "SELECT scope, symbols_included FROM repo_maps ORDER BY scope")
    assert stored == [(None, small.symbols_included), ("web/", web.symbols_included)]
    with pytest.raises(NotFound):
        await shop.get_repo_map("shop", path="nowhere/")


async def test_a_method_declared_outside_its_type_sits_under_the_type_in_the_repo_map(tmp_path: Path) -> None:
    # echo's map showed `func (e *Echo) Use` indented under `func DefaultHTTPErrorHandler`, the function written
    # before it: a symbol was placed by its line and indented by the dots of its name. Go's methods (and Rust's in
    # an `impl` block) are written at file level, after other functions or in another file than their type.
    files = {
        "server/server.go": '''
            package server

            type Server struct {
                name string
            }

            func New(name string) *Server {
                return &Server{name: name}
            }

            func Describe(level int) string {
                return strings.Repeat("!", level)
            }

            func (s *Server) Start(port int) error {
                return s.listen(port)
            }

            func (s *Server) listen(port int) error {
                return nil
            }
            ''',
        "server/routes.go": '''
            package server

            func clean(path string) string {
                return path
            }

            func (s *Server) Handle(path string) {
                s.Start(len(clean(path)))
            }
            ''',
        "src/lib.rs": '''
            pub struct Counter {
                count: u32,
            }

            pub fn unrelated() -> u32 {
                0
            }

            impl Counter {
                pub fn bump(&mut self) -> u32 {
                    self.count += unrelated();
                    self.count
                }
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        result = await service.get_repo_map("p", max_tokens=2000)
    assert result.symbols_included == result.symbols_total and result.token_count <= 2000
    files_in_map: dict[str, list[str]] = {}  # each file's lines, in the map's order
    for line in result.map_text.splitlines():
        if not line.startswith(" "):
            files_in_map[line.removesuffix(":")] = lines = []
        else:
            lines.append(line)
    assert files_in_map["server/server.go"] == [
        "  type Server struct",
        "    func (s *Server) Start(port int) error",
        "    func (s *Server) listen(port int) error",
        "  func New(name string) *Server",
        "  func Describe(level int) string",
    ]
    # Its type is in another file: the method stands alone, not under `clean`.
    assert files_in_map["server/routes.go"] == [
        "  func clean(path string) string",
        "  func (s *Server) Handle(path string)",
    ]
    assert files_in_map["src/lib.rs"] == [
        "  pub struct Counter",
        "    pub fn bump(&mut self) -> u32",
        "  pub fn unrelated() -> u32",
    ]


def graph_snapshot(db: Path, project_id: str) -> dict[str, set[tuple[object, ...]]]:
    return {
        "chunks": set(query(db, "SELECT file_path, chunk_type, qualified_name, lineno, end_lineno, body, signature, "
                                "docstring FROM code_chunks WHERE project_id = ?", (project_id,))),
        "fts": set(query(db, "SELECT f.name, f.body FROM code_chunk_fts AS f JOIN code_chunks AS c "
                             "ON c.id = f.chunk_id WHERE c.project_id = ?", (project_id,))),
        "symbols": set(query(db, "SELECT name, file_path, lineno, kind, scope, signature FROM symbol_definitions "
                                 "WHERE project_id = ?", (project_id,))),
        "nodes": set(query(db, "SELECT id, file_path, node_type, name, lineno, signature, docstring "
                               "FROM code_nodes WHERE project_id = ?", (project_id,))),
        "edges": set(query(db, "SELECT e.source_id, e.target_id, e.edge_type, e.count, r.resolution FROM code_edges e "
                               "JOIN coderag_edge_resolutions r ON r.edge_id = e.id WHERE e.project_id = ?",
                           (project_id,))),
    }


@pytest.mark.parametrize("batch_rows", [5000, 1])  # the large reads (nodes, edges to rank) in one batch or many
async def test_incremental_updates_end_where_a_fresh_index_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_rows: int
) -> None:
    import coderag_mcp.store.connection

    monkeypatch.setattr(coderag_mcp.store.connection, "FETCH_BATCH_ROWS", batch_rows)
    repo = write_tree(tmp_path / "repo", SHOP)
    incremental = fast_settings(tmp_path / "incremental.db")
    async with CodeIndexService.open(incremental, run_jobs=False) as service:
        await service.init_index("shop", str(repo), background=False)
        fresh_files = set(query(incremental.db_path, "SELECT file_path, job_id FROM coderag_files"))

        # Edit: Cart.show stops using fmt and calls a function that only exists once util2.py is added.
        (repo / "shop" / "cart.py").write_text((repo / "shop" / "cart.py").read_text().replace(
            "return fmt(self.total())", "return pretty(self.total())"))
        # Add: the new definition, and a module that calls unused() (which then resolves by name).
        (repo / "shop" / "util2.py").write_text("def pretty(value):\n    return str(value)\n")
        (repo / "shop" / "report.py").write_text("def report():\n    return unused()\n")
        # Add: a definition that an unchanged file (web/api.ts) already calls: that file must be linked again.
        (repo / "web" / "later.ts").write_text("export function notYetWritten(): void {}\n")
        # Delete: the Go program. Rename: util.py -> helpers.py (its definitions move file).
        shutil.rmtree(repo / "cmd")
        os.rename(repo / "shop" / "util.py", repo / "shop" / "helpers.py")
        update = await service.update_index("shop", background=False)
        assert update.job is not None and update.job.status.value == "completed"
        # Unchanged files were not rewritten.
        after = dict(query(incremental.db_path, "SELECT file_path, job_id FROM coderag_files"))
        for path, job_id in fresh_files:
            if path in ("shop/models.py", "web/api.ts", "web/format.ts", "shop/__init__.py"):
                assert after[path] == job_id, path
        assert "cmd/main.go" not in after and "shop/util.py" not in after

    full = fast_settings(tmp_path / "full.db")
    async with CodeIndexService.open(full, run_jobs=False) as service:
        await service.init_index("shop", str(repo), background=False)
    got, want = graph_snapshot(incremental.db_path, "shop"), graph_snapshot(full.db_path, "shop")
    for table in want:
        assert got[table] == want[table], table
    # PageRank from the previous scores lands where PageRank from scratch does (to its tolerance).
    ranks = [dict(query(db, "SELECT id, centrality_score FROM code_nodes")) for db in (incremental.db_path,
                                                                                      full.db_path)]
    assert ranks[0].keys() == ranks[1].keys()
    assert all(abs(ranks[0][node] - ranks[1][node]) <= 0.01 * max(ranks[1][node], 1.0) for node in ranks[1])
    assert query(incremental.db_path, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]
    # Not imported: a guess (a global the page may have), but one the unchanged file was linked again for.
    assert ("shop:web/api.ts:Api.later", "shop:web/later.ts:notYetWritten", "CALLS", 1, "GUESS") in got["edges"]


async def test_a_files_edges_are_kept_side_by_side_under_the_same_ids_in_every_index(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SHOP)
    ids = []
    for name in ("one", "two"):
        settings = fast_settings(tmp_path / f"{name}.db")
        async with CodeIndexService.open(settings, run_jobs=False) as service:
            await service.init_index("shop", str(repo), background=False)
        ids.append(query(settings.db_path, """SELECT e.id, n.file_path FROM code_edges AS e
                                                JOIN code_nodes AS n ON n.id = e.source_id ORDER BY e.id"""))
    assert ids[0] == ids[1] and len(ids[0]) > 5
    # The id's first 8 characters name the source's file: a file's edges sit together in the B-trees keyed by id.
    starts: dict[str, set[str]] = {}
    for identifier, path in ids[0]:
        starts.setdefault(path, set()).add(identifier[:8])
    assert all(len(found) == 1 for found in starts.values()), starts
    assert len({next(iter(found)) for found in starts.values()}) == len(starts)
    assert len(ids[0]) > len(starts)  # some file has several edges


async def test_a_no_change_update_rewrites_nothing(settings: Settings, tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SHOP)
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index("shop", str(repo), background=False)
        before = graph_snapshot(settings.db_path, "shop")
        rows = query(settings.db_path, "SELECT file_path, job_id, indexed_at FROM coderag_files")
        os.utime(repo / "shop" / "models.py")  # touched, same content: a hash check, no rewrite
        update = await service.update_index("shop", background=False)
        assert update.job is not None and update.job.files_processed == len(rows)
    assert graph_snapshot(settings.db_path, "shop") == before
    assert {(p, j, t) for p, j, t in rows if p != "shop/models.py"} <= set(
        query(settings.db_path, "SELECT file_path, job_id, indexed_at FROM coderag_files"))
    assert query(settings.db_path, "SELECT indexed_at FROM coderag_files WHERE file_path = 'shop/models.py'") == [
        (dict((p, t) for p, _j, t in rows)["shop/models.py"],)]


async def test_a_name_imported_from_a_library_is_not_a_project_definition(tmp_path: Path) -> None:
    files = {
        "lib/text.py": "def dedent(text):\n    return text\n",
        "app/main.py": "from textwrap import dedent\n\n\ndef run():\n    return dedent('  x')\n",
        "app/other.py": "from lib.text import dedent\n\n\ndef go():\n    return dedent('y')\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        found = places(await service.find_references("p", "dedent"))
    assert found == [
        ("app/other.py", 1, "IMPORTS", "app/other.py", "lib/text.py:dedent", "IMPORT"),
        ("app/other.py", 5, "CALLS", "go", "lib/text.py:dedent", "IMPORT"),
        ("app/main.py", 1, "IMPORTS", "app/main.py", None, "UNRESOLVED"),
        ("app/main.py", 5, "CALLS", "run", None, "UNRESOLVED"),
    ]


async def test_each_edge_has_one_resolution_and_takes_it_along_when_another_program_deletes_it(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, SHOP, "shop"):
        pass
    db = tmp_path / "vault.db"
    edges = query(db, "SELECT count(*) FROM code_edges WHERE project_id = 'shop'")[0][0]
    assert edges > 0
    assert query(db, """SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.project_id = 'shop'""") == [(edges,)]
    # As vlt would: a plain connection (foreign keys off) deleting the calls.
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("DELETE FROM code_edges WHERE edge_type = 'CALLS'")
    connection.close()
    left = query(db, "SELECT count(*) FROM code_edges")[0][0]
    assert 0 < left < edges
    assert query(db, "SELECT count(*) FROM coderag_edge_resolutions") == [(left,)]


async def test_foreign_keys_are_checked_again_after_the_edges_are_written(tmp_path: Path) -> None:
    # Linking writes its edges without foreign-key checks; every later write checks them again.
    async with indexed_project(tmp_path, SHOP, "shop") as service:
        with pytest.raises(sqlite3.IntegrityError):
            async with service.store.transaction() as db:
                await db.execute("INSERT INTO code_edges (id, project_id, source_id, target_id, edge_type, lineno, count) "
                                 "VALUES ('x', 'shop', 'no such node', 'nor this', 'CALLS', 1, 1)")


def _cross_file_tree() -> dict[str, str]:
    """Files that use each other's definitions: imports, base classes and calls across files, in two languages."""
    files = {
        "pkg/__init__.py": "from pkg.base import helper\n",
        "pkg/base.py": "class Base:\n    def run(self):\n        return helper()\n\n\ndef helper():\n    return 1\n",
        # Through the package's re-export, a guess (one `run`), and no guess (six `go`).
        "pkg/use.py": "from pkg import helper\n\n\ndef tidy(thing):\n    helper()\n    thing.run()\n    thing.go()\n",
        "web/base.ts": "export class Widget {\n  draw(): number { return 1; }\n}\n",
    }
    for n in range(6):
        files[f"pkg/child{n}.py"] = (f"from pkg.base import Base, helper\n\n\nclass Child{n}(Base):\n"
                                     f"    def go(self):\n        helper()\n        return self.run()\n")
        files[f"web/w{n}.ts"] = (f"import {{ Widget }} from './base';\n\nexport function make{n}(): number {{\n"
                                 f"  const w = new Widget();\n  return w.draw();\n}}\n")
    return files


async def test_linking_a_slice_of_files_at_a_time_gives_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One slice or many (each written while the next resolves), with the edges bound as JSON (one
    statement a slice) or row by row (a SQLite without JSON functions), with the Python resolver's memos
    kept or emptied before every slice (a large tree's bound), with the nodes read in one batch or a
    row at a time, with the Python files' definitions read all at once or as lookups reach them, a
    file or two held at a time: the same graph."""
    import coderag_mcp.graph
    import coderag_mcp.python_files
    import coderag_mcp.python_lookups
    import coderag_mcp.store.connection
    import coderag_mcp.store.graph

    graphs = []
    most_held = 0
    read_files = coderag_mcp.python_files.PythonFiles._add

    def read_and_count(resolver: coderag_mcp.python_files.PythonFiles, paths: list[str]) -> None:
        nonlocal most_held
        read_files(resolver, paths)
        most_held = max(most_held, len(resolver._nodes_held))

    monkeypatch.setattr(coderag_mcp.python_files.PythonFiles, "_add", read_and_count)
    for slice_files, json_rows, memos, batch_rows, held in (
            (1000, True, 150_000, 5000, 2000), (1, True, 150_000, 5000, 2000), (1, False, 150_000, 5000, 2000),
            (1, True, 0, 5000, 2000), (1000, True, 0, 1, 2000), (1000, True, 150_000, 5000, 1), (2, True, 0, 5000, 1)):
        monkeypatch.setattr(coderag_mcp.graph, "PYTHON_DEFINITIONS_HELD", held)
        monkeypatch.setattr(coderag_mcp.python_files, "PYTHON_DEFINITIONS_HELD", held)
        most_held = 0
        monkeypatch.setattr(coderag_mcp.graph, "LINK_SLICE_FILES", slice_files)
        monkeypatch.setattr(coderag_mcp.store.graph, "json_rows_available", json_rows)
        monkeypatch.setattr(coderag_mcp.python_lookups, "LOOKUP_MEMOS_MAX", memos)
        monkeypatch.setattr(coderag_mcp.store.connection, "FETCH_BATCH_ROWS", batch_rows)
        folder = tmp_path / f"{slice_files}-{json_rows}-{memos}-{batch_rows}-{held}"
        async with indexed_project(folder, _cross_file_tree(), "demo"):
            pass
        if held >= 16 or slice_files >= 9:
            assert most_held == 16  # the project's 16 Python definitions, read at once (or its one slice's)
        else:
            assert most_held <= 5  # a slice's two files, or the one a lookup reached
        db = folder / "vault.db"
        # (`uses` too: the JSON rows carry it as an object whose text SQLite writes, executemany as Python's text)
        graphs.append((query(db, """SELECT e.source_id, e.edge_type, e.target_id, e.lineno, e.count, r.resolution, r.uses
                                       FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                                      ORDER BY 1, 2, 3"""),
                       query(db, "SELECT node_id, prior FROM coderag_node_ranks ORDER BY 1")))
    assert all(graph == graphs[0] for graph in graphs)
    edges = {(source, kind, target): how for source, kind, target, _line, _count, how, _uses in graphs[0][0]}
    assert edges[("demo:pkg/use.py:tidy", "CALLS", "demo:pkg/base.py:helper")] == "IMPORT"
    assert edges[("demo:pkg/use.py:tidy", "CALLS", "demo:pkg/base.py:Base.run")] == "GUESS"
    assert not any(source == "demo:pkg/use.py:tidy" and target.endswith(".go") for source, _kind, target in edges)
    assert edges[("demo:pkg/child5.py:Child5", "INHERITS", "demo:pkg/base.py:Base")] == "IMPORT"
    assert edges[("demo:pkg/child0.py:Child0.go", "CALLS", "demo:pkg/base.py:helper")] == "IMPORT"
    ranks = dict(graphs[0][1])
    assert ranks["demo:pkg/base.py:helper"] > ranks["demo:pkg/child0.py:Child0.go"]



async def test_a_link_reads_the_structure_references_kept_apart_or_the_whole_list_of_an_older_row(
    tmp_path: Path
) -> None:
    """A link reads each file's imports, bases and bindings from their own list; a row written before
    that list existed (NULL) has them read from its whole list. Both give the same graph."""
    from coderag_mcp.graph import link

    async with indexed_project(tmp_path, _cross_file_tree(), "demo") as service:
        db = tmp_path / "vault.db"
        edges_sql = """SELECT e.source_id, e.edge_type, e.target_id, e.lineno, e.count, r.resolution
                         FROM code_edges AS e JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id ORDER BY 1, 2, 3"""
        from_structure = query(db, edges_sql)
        assert ("demo:pkg/child0.py:Child0", "INHERITS", "demo:pkg/base.py:Base", 4, 1, "IMPORT") in from_structure
        assert query(db, "SELECT count(*) FROM coderag_file_references WHERE structure IS NULL") == [(0,)]
        async with service.store.transaction() as writer:  # as a row of an older version has it
            await writer.execute("UPDATE coderag_file_references SET structure = NULL")
            await writer.execute("UPDATE coderag_files SET linked = 0")
        assert await link(service.store, "demo") == len(_cross_file_tree())
        assert query(db, edges_sql) == from_structure

def test_pagerank_does_not_depend_on_the_order_of_the_edges() -> None:
    from array import array

    from coderag_mcp.pagerank import Links

    # Nodes are rowids: here spread out (another project's rows between them) and close together.
    for step in (1, 1000):
        nodes = array("q", (100 + i * step for i in range(50)))
        edges = [(nodes[i], nodes[(i * 7 + 3) % 50], 1 + i % 3) for i in range(50)] + \
                [(nodes[i], nodes[0], 2) for i in range(1, 50, 2)] + [(nodes[1], 99_999_999, 5), (7, nodes[2], 5)]
        ranked = []
        for ordered in (edges, edges[::-1], sorted(edges, key=lambda e: e[1])):
            links = Links(nodes)
            links.add_all(ordered)
            assert links.edge_count == 75  # the links to and from a node of no position are left out
            ranked.append(list(links.pagerank()))
        assert ranked[0] == ranked[1] == ranked[2]
        assert max(range(50), key=ranked[0].__getitem__) == 0
        assert abs(sum(ranked[0]) / len(nodes) - 1.0) < 1e-9


def _pagerank_as_a_python_loop(count: int, links: list[tuple[int, int, float]], start: list[float] | None,
                               damping: float = 0.85, iterations: int = 40, tolerance: float = 1e-6) -> list[float]:
    """PageRank as plain Python runs it over links in (source, target, weight) order: what the arrays must give."""
    links = sorted(links)
    out_weight = [0.0] * count
    for s, _t, w in links:
        out_weight[s] += w
    dangling_nodes = [i for i in range(count) if out_weight[i] == 0.0]
    rank = [1.0 / count] * count
    if start:
        rank = [value / sum(start) for value in start]
    for _ in range(iterations):
        base = (1.0 - damping) / count + damping * sum(rank[i] for i in dangling_nodes) / count
        new = [base] * count
        for s, t, w in links:
            new[t] += damping * rank[s] * (w / out_weight[s])
        delta = sum(abs(a - b) for a, b in zip(new, rank))
        rank = new
        if delta < tolerance:
            break
    return [value * count for value in rank]


@pytest.mark.parametrize("slice_size", [1 << 20, 97])
@pytest.mark.parametrize("packed_bits", [63, 8])  # links packed into integers to sort; too many bits: sorted apart
def test_pagerank_gives_the_ranks_of_a_python_loop_to_the_bit(slice_size: int, packed_bits: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import random
    from array import array

    from coderag_mcp import pagerank
    from coderag_mcp.pagerank import Links

    # The links (and values summed) a step takes at a time: one slice, and many that split a node's links.
    monkeypatch.setattr(pagerank, "SLICE", slice_size)
    monkeypatch.setattr(pagerank, "PACKED_BITS", packed_bits)

    generator = random.Random(11)
    count = 400
    nodes = array("q", generator.sample(range(1, 10_000), count))  # rowids in no order
    position = {rowid: i for i, rowid in enumerate(nodes)}
    edges = [(generator.choice(nodes), generator.choice(nodes), generator.randint(1, 9)) for _ in range(3000)]
    edges += [(nodes[0], nodes[1], 3)] * 2  # the same link twice: both count
    expected_links = [(position[s], position[t], float(w)) for s, t, w in edges if s != t]
    start = [generator.uniform(0.2, 3.0) for _ in range(count)]
    for previous in (None, start):
        links = Links(nodes)
        for begin in range(0, len(edges), 700):  # in batches, as the database gives them
            links.add_all(edges[begin:begin + 700])
        assert list(links.pagerank(start=previous)) == _pagerank_as_a_python_loop(count, expected_links, previous)


async def test_an_update_relinks_the_users_of_the_names_that_changed_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coderag_mcp.store import Store

    files = {
        "util.py": "def helper():\n    return 1\n\n\ndef other():\n    return 2\n",
        "a.py": "from util import helper\n\n\ndef f():\n    return helper()\n",
        "b.py": "from util import helper\n\n\ndef uses_helper():\n    return helper()\n",
        "c.py": "from a import f\n\n\ndef uses_f():\n    return f()\n",
        "d.py": "def g():\n    return 0\n",
    }
    linked: list[list[str]] = []
    original = Store.files_to_link

    async def recording(self: Store, project_id: str) -> list[str]:
        found = await original(self, project_id)
        linked.append(sorted(found))
        return found

    monkeypatch.setattr(Store, "files_to_link", recording)
    async with indexed_project(tmp_path, files, "demo") as service:
        repo = tmp_path / "repo"
        # A definition added: only the files using its name (a guess among more candidates) are linked again,
        # not those using the names the file imports or already defined.
        (repo / "a.py").write_text(files["a.py"] + "\n\ndef g():\n    return 3\n")
        await service.update_index("demo", background=False)
        assert linked[-1] == ["a.py"]
        # A signature changed: every name the file defines or imports.
        (repo / "util.py").write_text("def helper() -> int:\n    return 1\n\n\ndef other():\n    return 2\n")
        await service.update_index("demo", background=False)
        assert linked[-1] == ["a.py", "b.py", "util.py"]
        # An import changed: the users of the name it imported.
        (repo / "c.py").write_text("from a import f, g\n\n\ndef uses_f():\n    return f()\n")
        await service.update_index("demo", background=False)
        assert linked[-1] == ["c.py"]
        edges = query(tmp_path / "vault.db", """SELECT source_id, target_id FROM code_edges
                                                 WHERE edge_type = 'CALLS' ORDER BY 1, 2""")
    assert ("demo:c.py:uses_f", "demo:a.py:f") in edges and ("demo:b.py:uses_helper", "demo:util.py:helper") in edges


async def test_a_small_update_leaves_a_large_graphs_ranks_until_enough_edges_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranking a 10,000-file graph again takes seconds and moves little for a few edges: the ranks wait
    (new definitions get one from their callers) until more than RANK_DEBT_SHARE of the edges changed,
    and then end where a fresh index's do."""
    from coderag_mcp import graph

    monkeypatch.setattr(graph, "RANK_DEBT_MIN_EDGES", 1)  # this small graph counts as a large one
    monkeypatch.setattr(graph, "RANK_DEBT_SHARE", 0.5)
    files = {
        "util.py": "def helper():\n    return 1\n\n\ndef other():\n    return helper() + 2\n",
        "a.py": "from util import helper, other\n\n\ndef f():\n    return helper() + other()\n",
        "b.py": "from util import helper\n\n\ndef uses_helper():\n    return helper()\n",
        "c.py": "from a import f\n\n\ndef uses_f():\n    return f() + f()\n",
        "d.py": "from util import other\n\n\ndef g():\n    return other()\n",
    }
    db = tmp_path / "vault.db"

    def ranks() -> dict[str, float]:
        return dict(query(db, "SELECT node_id, prior FROM coderag_node_ranks"))

    def debt() -> tuple[int, int]:
        return query(db, "SELECT ranked_edges, changed_edges FROM coderag_rank_debt")[0]

    async with indexed_project(tmp_path, files, "demo") as service:
        repo = tmp_path / "repo"
        ranked_edges, changed = debt()
        assert ranked_edges >= 6 and changed == 0
        before = ranks()
        # One new definition and one new caller of it: two nodes, one CALLS edge and one IMPORTS edge.
        (repo / "e.py").write_text("def extra():\n    return 5\n")
        (repo / "b.py").write_text(files["b.py"] + "\n\nfrom e import extra\n\n\ndef uses_extra():\n    return extra()\n")
        await service.update_index("demo", background=False)
        assert 0 < debt()[1] <= 0.5 * ranked_edges and debt()[0] == ranked_edges
        after = ranks()
        assert {node: after[node] for node in before} == before  # not ranked again
        assert after["demo:b.py:uses_extra"] == pytest.approx(0.15)  # nobody calls it
        assert after["demo:e.py:extra"] > after["demo:b.py:uses_extra"]  # its caller passes some rank on
        assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]
        # More changes than the share allows: the whole graph is ranked again, and the debt starts over.
        for name in ("a.py", "c.py", "d.py"):
            (repo / name).write_text(files[name].replace("return", "return 1 + ") + "\n\ndef more():\n    return 0\n")
        (repo / "util.py").write_text(files["util.py"] + "\n\ndef third():\n    return other() + helper()\n")
        await service.update_index("demo", background=False)
        assert debt()[1] == 0 and debt()[0] > ranked_edges
    fresh = fast_settings(tmp_path / "fresh.db")
    async with CodeIndexService.open(fresh, run_jobs=False) as service:
        await service.init_index("demo", str(tmp_path / "repo"), background=False)
    want = dict(query(fresh.db_path, "SELECT node_id, prior FROM coderag_node_ranks"))
    got = ranks()
    assert got.keys() == want.keys()
    assert all(abs(got[node] - want[node]) <= 0.01 * max(want[node], 1.0) for node in want)


def test_a_guess_is_offered_only_for_a_name_with_few_definitions() -> None:
    from coderag_mcp.guesses import Guesses

    guesses = Guesses()
    for count in (3, 4, 5, 50):
        for n in range(count):
            guesses.add(f"name{count}", "METHOD", f"m{count}.{n:02d}")
    guesses.add("name4", "CLASS", "c4")
    assert guesses.of("name3", ("METHOD",), "elsewhere") == ["m3.00", "m3.01", "m3.02"]
    assert guesses.of("name4", ("METHOD",), "elsewhere") == []  # four others: too many to guess
    assert guesses.of("name4", ("METHOD",), "m4.02") == ["m4.00", "m4.01", "m4.03"]  # three besides the caller
    assert guesses.of("name4", ("CLASS",), "elsewhere") == ["c4"]
    assert guesses.of("name4", ("CLASS", "METHOD"), "m4.02") == []  # kinds count together
    assert guesses.of("name5", ("METHOD",), "m5.00") == []
    assert guesses.of("name50", ("METHOD",), "m50.00") == []
    assert guesses.of("missing", ("METHOD",), "m3.00") == []


async def test_a_name_defined_in_many_files_resolves_as_when_every_definition_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coderag_mcp.name_graph

    # 40 C modules each define `helper` in the header their main file includes; one file calls it unincluded.
    files = {"lonely.c": "int lonely(void) {\n    return helper();\n}\n"}
    for i in range(40):
        files[f"mod{i}/helper{i}.h"] = f"static int helper(void) {{ return {i}; }}\n"
        files[f"mod{i}/main{i}.c"] = f'#include "helper{i}.h"\n\nint run{i}(void) {{\n    return helper();\n}}\n'
    repo = write_tree(tmp_path / "repo", files)
    graphs = []
    for name, long_list in (("file_by_file", 1), ("every_definition", 10**9)):
        monkeypatch.setattr(coderag_mcp.name_graph, "LONG_NAME_LIST", long_list)
        settings = fast_settings(tmp_path / f"{name}.db")
        async with CodeIndexService.open(settings, run_jobs=False) as service:
            await service.init_index("c", str(repo), background=False)
        graphs.append(graph_snapshot(settings.db_path, "c"))
    assert graphs[0] == graphs[1]
    calls = {(s, t, how) for s, t, kind, _count, how in graphs[0]["edges"] if kind == "CALLS"}
    assert ("c:mod7/main7.c:run7", "c:mod7/helper7.h:helper", "IMPORT") in calls
    assert not {t for s, t, how in calls if s == "c:lonely.c:lonely"}  # 40 candidates, none imported


@pytest.mark.parametrize("ranks_wait", [True, False])
async def test_a_link_of_c_files_reads_only_the_named_definitions_and_ends_as_a_fresh_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ranks_wait: bool) -> None:
    """A link of files that resolve by name alone (C here) reads the definitions of the names they use,
    not every node of the project (the Linux kernel's 1.1 million for an edit of two files); its edges are
    those of a fresh index, whether the ranks wait (new definitions get one from their callers) or not."""
    from coderag_mcp import graph
    from coderag_mcp.store import Store

    monkeypatch.setattr(graph, "RANK_DEBT_MIN_EDGES", 1 if ranks_wait else 10**9)
    monkeypatch.setattr(graph, "RANK_DEBT_SHARE", 0.9)
    files = {
        "include/util.h": "int helper(int x);\nint shared(void);\n",
        "lib/util.c": '#include "util.h"\n\nint helper(int x) {\n    return x + 1;\n}\n\n'
                      'int shared(void) {\n    return helper(2);\n}\n',
        "lib/other.c": '#include "util.h"\n\nstatic int local_only(void) {\n    return 3;\n}\n\n'
                       'int other(void) {\n    return local_only() + helper(1);\n}\n',
        "app/main.c": '#include "util.h"\n\nint main(void) {\n    return helper(shared());\n}\n',
        "app/extra.c": "int uses_later(void) {\n    return later() + other();\n}\n",
    }
    for i in range(40):  # a name defined in many files: looked up in the files a file includes
        files[f"mod{i}/probe{i}.h"] = f"static int probe(void) {{ return {i}; }}\n"
        files[f"mod{i}/main{i}.c"] = f'#include "probe{i}.h"\n\nint run{i}(void) {{\n    return probe();\n}}\n'
    async with indexed_project(tmp_path, files, "c") as service:
        repo = tmp_path / "repo"
        # An edit of main.c, and a new file defining what an unchanged file (app/extra.c) already calls.
        (repo / "app" / "main.c").write_text(files["app/main.c"].replace("helper(shared())", "helper(other())"))
        (repo / "lib" / "later.c").write_text("int later(void) {\n    return probe() + 1;\n}\n")
        (repo / "mod3" / "main3.c").write_text(files["mod3/main3.c"].replace("probe()", "probe() + helper(3)"))
        read: list[str] = []
        graph_nodes, nodes_to_rank = Store.graph_nodes, Store.nodes_to_rank

        async def every_definition(self: Store, project_id: str, **kwargs: object) -> list[object]:
            read.append("definitions")
            return await graph_nodes(self, project_id, **kwargs)  # type: ignore[arg-type]

        async def every_rank(self: Store, project_id: str) -> object:
            read.append("ranks")
            return await nodes_to_rank(self, project_id)

        monkeypatch.setattr(Store, "graph_nodes", every_definition)
        monkeypatch.setattr(Store, "nodes_to_rank", every_rank)
        done = await service.update_index("c", background=False)
        assert done.job is not None and done.job.status.value == "completed"
        assert read == ([] if ranks_wait else ["ranks"])  # only to rank the whole graph again
    fresh = fast_settings(tmp_path / "fresh.db")
    async with CodeIndexService.open(fresh, run_jobs=False) as service:
        await service.init_index("c", str(tmp_path / "repo"), background=False)
    got, want = graph_snapshot(tmp_path / "vault.db", "c"), graph_snapshot(fresh.db_path, "c")
    assert got == want
    calls = {(s, t) for s, t, kind, _count, _how in got["edges"] if kind == "CALLS"}
    # (util.h's `helper` at its body in lib/util.c: c_family_calls.at_definitions)
    assert {("c:app/main.c:main", "c:lib/other.c:other"), ("c:app/extra.c:uses_later", "c:lib/later.c:later"),
            ("c:mod3/main3.c:run3", "c:mod3/probe3.h:probe"), ("c:mod3/main3.c:run3", "c:lib/util.c:helper")} <= calls
    ranks = dict(query(tmp_path / "vault.db", "SELECT node_id, prior FROM coderag_node_ranks"))
    assert ranks.keys() == {row[0] for row in query(tmp_path / "vault.db", "SELECT id FROM code_nodes")}
    assert ranks["c:lib/later.c:later"] > 0.15  # a caller passed rank on to the new definition


async def test_find_symbol_of_a_defined_qualified_name_leaves_out_names_that_only_begin_alike(tmp_path: Path) -> None:
    files = {"limits.py": '''
        PEEKED_NONE = 0
        PEEKED_BEGIN = 1


        class Reader:
            def peek(self):
                return PEEKED_NONE


        class TreeReader(Reader):
            def peek(self):
                return PEEKED_BEGIN

            def peeked_value(self):
                return 2


        class Stack:
            def peek(self):
                return None


        class Queue:
            def peek(self):
                return None
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        # echo's `RateLimiterMemoryStore.Allow` came with 19 names such as `CORSConfig.AllowOrigins`; ripgrep's
        # `RegexMatcher.new` with 16 other types' `new`. An override in a subclass, or the base's, is kin: kept.
        found = await service.find_symbol("p", "Reader.peek")
        assert [(hit.qualified_name, hit.match) for hit in found.definitions] == [
            ("Reader.peek", "exact"), ("TreeReader.peek", "name")]
        assert found.note == "2 other definitions named 'peek' (in other classes) left out: find_symbol 'peek' lists them."
        found = await service.find_symbol("p", "TreeReader.peek")
        assert [(hit.qualified_name, hit.match) for hit in found.definitions] == [
            ("TreeReader.peek", "exact"), ("Reader.peek", "name")]
        assert [hit.qualified_name for hit in (await service.find_symbol("p", "Stack.peek")).definitions] == [
            "Stack.peek"]
        # A bare name still lists what begins like it; a cut answer says so (marshmallow's 29 `Schema`s read as 20).
        found = await service.find_symbol("p", "peek", limit=3)
        assert len(found.definitions) == 3
        assert found.note is not None and found.note.startswith("More than 3 definitions match 'peek'")
        assert (await service.find_symbol("p", "peek", limit=7)).note is None


SWIFT_WITH_TESTS = {
    "Source/Session.swift": '''
        public final class Session {
            public func start() -> Int { return makeStub() }
        }
        ''',
    "Tests/SessionTests.swift": '''
        func makeStub() -> Int { return 1 }

        final class SessionTests: XCTestCase {
            func testStart() { XCTAssertEqual(Session().start(), makeStub()) }
        }
        ''',
}


async def test_a_call_in_the_product_is_not_linked_by_name_to_a_helper_in_swifts_tests_folder(tmp_path: Path) -> None:
    # `Tests/` (Swift's convention, capital T) was no test folder: the product's `makeStub()` was linked by its
    # name alone to the tests' helper.
    async with indexed_project(tmp_path, SWIFT_WITH_TESTS, "p") as service:
        answer = await service.find_references("p", "makeStub")
        assert {(hit.file_path, hit.resolution) for hit in answer.references} == {
            ("Tests/SessionTests.swift", "LOCAL"), ("Source/Session.swift", "UNRESOLVED")}


async def test_an_index_from_before_links_again_the_projects_whose_tests_are_told_apart_now(tmp_path: Path) -> None:
    """Migration 57: a project holding a file that is a test by the new conventions (and was not) has its files
    linked again by its next update (none parsed again), and says why; a project without one stays as it was."""
    async with indexed_project(tmp_path, SWIFT_WITH_TESTS, "swift") as service:
        await service.init_index("py", str(write_tree(tmp_path / "py", {
            "app.py": "def run():\n    return 1\n", "tests/test_app.py": "def test_run():\n    assert run() == 1\n"})),
            background=False)
        db = service.store.path
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:  # as the version before left it
        connection.execute("DELETE FROM coderag_schema_migrations WHERE version = 57")
    hashes = query(db, "SELECT project_id, file_path, file_hash FROM coderag_files")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("swift")
        assert status.status is IndexStatus.STALE and "link the files again" in (status.error_message or "")
        assert (await service.get_status("py")).status is IndexStatus.READY
        assert dict(query(db, "SELECT file_path, linked FROM coderag_files")) == {
            "Source/Session.swift": 0, "Tests/SessionTests.swift": 0, "app.py": 1, "tests/test_app.py": 1}
        await service.update_index("swift", background=False)
        assert (await service.get_status("swift")).status is IndexStatus.READY
    assert query(db, "SELECT project_id, file_path, file_hash FROM coderag_files") == hashes
    assert query(db, "SELECT DISTINCT linked FROM coderag_files") == [(1,)]


async def test_the_repo_map_shows_the_product_before_its_examples(tmp_path: Path) -> None:
    # The examples call their own helper more than the product calls its code: by rank alone the examples' file came
    # first in a small map; examples, docs, benchmarks and generated code now weigh half there (tests a fifth).
    files = {
        "src/shop/app.py": "def serve(port):\n    return port\n",
        "src/shop/cli.py": "from shop.app import serve\n\ndef main():\n    return serve(8000)\n",
        "examples/demo.py": "def show(value):\n    print(value)\n",
        **{f"examples/step{number}.py": f"from demo import show\n\ndef step{number}():\n    show({number})\n"
           for number in range(3)},
    }
    async with indexed_project(tmp_path, files, "p") as service:
        ranks = {d.name: d.centrality for name in ("serve", "show") for d in (await service.find_symbol("p", name)).definitions}
        assert ranks["show"] > ranks["serve"]
        small = await service.get_repo_map("p", max_tokens=50)
        assert small.map_text.splitlines()[0] == "src/shop/app.py:", small.map_text


async def test_the_repo_map_shows_the_project_before_a_copy_of_a_library_it_holds(tmp_path: Path) -> None:
    # yaml-cpp keeps googletest 1.16.0 under test/: by rank, at a test's weight, its files filled half of yaml-cpp's
    # map. A folder named for a release of a library is a copy of it (file_roles.vendored_package), weighed a tenth.
    helpers = "".join(f"def check_{number}(value):\n    return expect(value)\n\n" for number in range(12))
    files = {
        "src/shop/app.py": "def serve(port):\n    return port\n",
        "src/shop/cli.py": "from shop.app import serve\n\ndef main():\n    return serve(8000)\n",
        "test/minitest-1.16.0/minitest/core.py": f"def expect(value):\n    return value\n\n{helpers}",
        **{f"test/test_step{number}.py": "from minitest.core import check_1, check_2, expect\n\n"
           f"def test_step{number}():\n    expect({number})\n    check_1({number})\n    check_2({number})\n"
           for number in range(6)},
    }
    async with indexed_project(tmp_path, files, "p") as service:
        small = await service.get_repo_map("p", max_tokens=60)
        assert small.map_text.splitlines()[0] == "src/shop/app.py:", small.map_text
