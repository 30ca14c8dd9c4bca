"""Ruby, PHP, Lua and Bash: every definition of a realistic file, with its facts, and its references."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.languages import language_for
from coderag_mcp.models import ChunkType, IndexStatus
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import ChunkRecord, ReferenceRecord

from .conftest import fast_settings, facts, indexed_before_migration, indexed_project, parse_definitions, query, refs


def parse(language: str, path: str, text: str
          ) -> tuple[list[ChunkRecord], dict[str, ChunkRecord], list[ReferenceRecord]]:
    return parse_definitions(language, path, text, every_line_once=False)


RUBY = '''
    require 'json'
    require_relative "support/geometry"

    # Shapes and the math around them.
    module Shapes
      PI = 3.14159

      # A circle of a given radius.
      class Circle < Base
        include Comparable
        attr_reader :radius

        def initialize(radius)
          @radius = radius
        end

        # Area of the circle.
        def area
          Geometry.square(radius) * PI
        end

        # Build a circle from its JSON form.
        def self.from_json(text)
          new(JSON.parse(text).fetch("radius"))
        end
      end
    end

    # Sum the areas of the shapes.
    def total_area(shapes)
      shapes.sum(&:area)
    end

    # Print a report.
    def report(shapes)
      puts format("%.2f", total_area(shapes))
    end
    '''


def test_ruby() -> None:
    chunks, found, references = parse("ruby", "lib/shapes.rb", RUBY)
    assert sorted(found) == ["Shapes", "Shapes.Circle", "Shapes.Circle.area", "Shapes.Circle.from_json",
                             "Shapes.Circle.initialize", "Shapes.Circle.radius", "report", "total_area"]
    assert facts(found["Shapes"]) == ("class", 5, 27, "module Shapes", "Shapes and the math around them.")
    assert facts(found["Shapes.Circle"]) == ("class", 9, 26, "class Circle < Base", "A circle of a given radius.")
    assert facts(found["Shapes.Circle.initialize"]) == ("method", 13, 15, "def initialize(radius)", None)
    assert facts(found["Shapes.Circle.area"]) == ("method", 18, 20, "def area", "Area of the circle.")
    assert facts(found["Shapes.Circle.from_json"]) == (
        "method", 23, 25, "def self.from_json(text)", "Build a circle from its JSON form.")
    assert found["Shapes.Circle.from_json"].class_context == "Shapes.Circle"
    assert facts(found["total_area"]) == ("function", 30, 32, "def total_area(shapes)", "Sum the areas of the shapes.")
    assert facts(found["report"]) == ("function", 35, 37, "def report(shapes)", "Print a report.")
    # The class chunk holds its header and class-level calls, not its methods (`attr_reader :radius` is one).
    assert "include Comparable" in found["Shapes.Circle"].body and "Geometry" not in found["Shapes.Circle"].body
    assert found["Shapes.Circle.radius"].body.strip() == "attr_reader :radius"
    module = [(c.lineno, c.end_lineno) for c in chunks if c.chunk_type is ChunkType.MODULE]
    assert module == [(1, 2)]

    assert refs(references, "IMPORTS") == [("json", 1, None, "json"), ("geometry", 2, None, "support/geometry")]
    assert refs(references, "INHERITS") == [("Base", 9, "Shapes.Circle", None),
                                            ("Comparable", 10, "Shapes.Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 19, "Shapes.Circle.area", None) in calls
    assert ("total_area", 36, "report", None) in calls
    assert {("new", 24), ("parse", 24), ("fetch", 24)} <= {
        (name, lineno) for name, lineno, source, _ in calls if source == "Shapes.Circle.from_json"}
    # `require` is an import and `include` a mixin, not calls.
    assert not {"require", "require_relative", "include"} & {name for name, *_ in calls}


def test_ruby_singleton_methods_and_endless_defs() -> None:
    _, found, _ = parse("ruby", "lib/point.rb", '''
        class Point
          attr_reader :x

          # The origin.
          def Point.origin = new(0)

          class << self
            def parse(text) = new(text.to_i)
          end
        end
        ''')
    assert facts(found["Point.origin"]) == ("method", 5, 5, "def Point.origin", "The origin.")
    assert facts(found["Point.parse"])[:4] == ("method", 8, 8, "def parse(text)")


def test_ruby_attributes_and_aliases_are_methods() -> None:
    # sinatra's `attr_reader :routes` and `alias url uri`: find_symbol said there was no `routes` but a test's.
    _, found, _ = parse("ruby", "lib/base.rb", '''
        class Base
          attr_reader :routes, :filters
          attr_accessor :templates

          alias url uri
          alias_method :to, :uri
          define_method(:settings) { self.class }
          define_method :helper do
            1
          end

          def uri
          end
        end
        ''')
    assert [facts(found[name])[:4] for name in ("Base.routes", "Base.filters", "Base.templates", "Base.url")] == [
        ("method", 2, 2, "attr_reader :routes, :filters"), ("method", 2, 2, "attr_reader :routes, :filters"),
        ("method", 3, 3, "attr_accessor :templates"), ("method", 5, 5, "alias url uri")]
    # `alias_method` and `define_method` too, over the block that defines the method.
    assert [facts(found[name])[:4] for name in ("Base.to", "Base.settings", "Base.helper")] == [
        ("method", 6, 6, "alias_method :to, :uri"), ("method", 7, 7, "define_method(:settings)"),
        ("method", 8, 10, "define_method :helper do")]


REQUEST_RB = '''\
class Request
  attr_writer :query_parser
  attr_accessor :status

  def query_parser
    @query_parser || default_parser
  end

  def body=(value)
  end

  def parse_query(qs)
    query_parser.parse_nested_query(qs)
  end
end
'''


def test_ruby_attr_writer_defines_the_setter() -> None:
    # rack's `attr_writer :query_parser` above its reader `def query_parser`: both were `query_parser`.
    _, found, _ = parse("ruby", "lib/request.rb", REQUEST_RB)
    assert facts(found["Request.query_parser="])[:4] == ("method", 2, 2, "attr_writer :query_parser")
    assert facts(found["Request.query_parser"])[:3] == ("method", 5, 7)
    assert "Request.body=" in found and "Request.status" in found


@pytest.mark.anyio
async def test_a_ruby_readers_calls_are_not_the_writers(tmp_path: Path) -> None:
    # rack's find_references of `query_parser` linked every call of the reader to the attr_writer above it.
    async with indexed_project(tmp_path, {"lib/request.rb": REQUEST_RB}, "p") as service:
        found = await service.find_references("p", "Request.query_parser")
        assert [(hit.line, hit.target) for hit in found.references] == [
            (13, "lib/request.rb:Request.query_parser")]
        assert (await service.find_references("p", "Request.query_parser=")).references == []


BUILDER_RB = {
    "lib/builder.rb": "class Builder\n  def map(path, &block)\n  end\n\n  def warmup(app)\n  end\nend\n",
    "lib/utils.rb": "module Utils\n  def self.build_query(params, builder)\n    params.map { |k, v| k }\n"
                    "    builder.warmup(1)\n  end\nend\n",
}


@pytest.mark.anyio
async def test_a_ruby_call_of_a_core_library_method_on_an_untyped_receiver_is_only_a_guess(tmp_path: Path) -> None:
    # rack's `params.map { ... }` (a Hash) was a call of `Rack::Builder#map`, the project's only `map`; a method no
    # core class has (`builder.warmup`) is still the project's by name.
    async with indexed_project(tmp_path, BUILDER_RB, "p") as service:
        assert (await service.find_references("p", "Builder.map")).references == []
        guessed = await service.find_references("p", "Builder.map", include_guesses=True)
        assert [(hit.file_path, hit.line, hit.resolution) for hit in guessed.references] == [
            ("lib/utils.rb", 3, "GUESS")]
        named = await service.find_references("p", "Builder.warmup")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in named.references] == [("lib/utils.rb", 4, "NAME")]


@pytest.mark.anyio
async def test_an_index_made_before_migration_61_links_its_ruby_files_again(tmp_path: Path) -> None:
    files = {**BUILDER_RB, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(
        tmp_path, files, "p", 61, "UPDATE coderag_edge_resolutions SET resolution = 'NAME' WHERE resolution = 'GUESS'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("p")
        assert status.status is IndexStatus.STALE and "core library methods" in (status.error_message or "")
        assert dict(query(db, "SELECT file_path, linked FROM coderag_files")) == {
            "lib/builder.rb": 0, "lib/utils.rb": 0, "tool.sh": 1}
        await service.update_index("p", background=False)
        assert (await service.find_references("p", "Builder.map")).references == []
        assert (await service.get_status("p")).status is IndexStatus.READY


@pytest.mark.anyio
async def test_a_php_call_on_a_value_is_no_static_function(tmp_path: Path) -> None:
    # 119 of guzzle's `$promise->wait()` (a promise library's) were calls of its test helper's static `Server::wait()`.
    files = {
        "tests/Server.php": "<?php\nclass Server\n{\n    public static function wait($maxTries = 5)\n    {\n    }\n\n"
                            "    public function stop()\n    {\n    }\n}\n",
        "tests/ClientTest.php": "<?php\nfunction run($promise, $server)\n{\n    $promise->wait();\n"
                                "    Server::wait();\n    $server->stop();\n}\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        found = await service.find_references("p", "Server.wait", include_guesses=True)
        assert [(hit.line, hit.resolution) for hit in found.references] == [(5, "MEMBER")]
        found = await service.find_references("p", "Server.stop")
        assert [(hit.line, hit.resolution) for hit in found.references] == [(6, "NAME")]


def test_ruby_first_definition_of_a_body_keeps_its_doc_comment() -> None:
    _, found, _ = parse("ruby", "lib/queue.rb", '''
        module Jobs
          # A FIFO queue.
          class Queue
            # Add a job.
            def push(job)
              @items << job
            end
          end
        end
        ''')
    assert facts(found["Jobs"]) == ("class", 1, 9, "module Jobs", None)
    assert facts(found["Jobs.Queue"]) == ("class", 3, 8, "class Queue", "A FIFO queue.")
    assert facts(found["Jobs.Queue.push"]) == ("method", 5, 7, "def push(job)", "Add a job.")


PHP = '''
    <?php
    namespace App\\Billing;

    use App\\Contracts\\Payable;
    use Psr\\Log\\{LoggerInterface, NullLogger};
    require_once __DIR__ . '/helpers.php';

    /**
     * An invoice for one customer.
     */
    final class Invoice extends Document implements Payable, \\JsonSerializable
    {
        use HasTotals;

        private array $lines = [];

        // Add a line to the invoice.
        public function add(string $item, float $price): self
        {
            $this->lines[] = [$item, $price];
            return $this;
        }

        /** The total, taxes included. */
        public function total(): float
        {
            return with_tax($this->subtotal());
        }

        public static function blank(): static
        {
            return new static();
        }
    }

    /** Things that can be exported. */
    interface Exportable
    {
        public function export(LoggerInterface $log): string;
    }

    trait HasTotals
    {
        # The sum of the lines.
        protected function subtotal(): float
        {
            return array_sum(array_column($this->lines, 1));
        }
    }

    /**
     * Add the tax to an amount.
     */
    function with_tax(float $amount): float
    {
        return round($amount * 1.2, 2);
    }
    '''


def test_php() -> None:
    chunks, found, references = parse("php", "src/Invoice.php", PHP)
    assert sorted(found) == ["Exportable", "Exportable.export", "HasTotals", "HasTotals.subtotal", "Invoice",
                             "Invoice.add", "Invoice.blank", "Invoice.total", "with_tax"]
    assert facts(found["Invoice"]) == (
        "class", 11, 34, "final class Invoice extends Document implements Payable, \\JsonSerializable",
        "An invoice for one customer.")
    assert facts(found["Invoice.add"]) == (
        "method", 18, 22, "public function add(string $item, float $price): self", "Add a line to the invoice.")
    assert found["Invoice.add"].class_context == "Invoice"
    assert facts(found["Invoice.total"]) == (
        "method", 25, 28, "public function total(): float", "The total, taxes included.")
    assert facts(found["Invoice.blank"]) == ("method", 30, 33, "public static function blank(): static", None)
    assert facts(found["Exportable"]) == ("class", 37, 40, "interface Exportable", "Things that can be exported.")
    export = found["Exportable.export"]
    assert facts(export)[:3] == ("method", 39, 39) and export.docstring is None
    assert export.signature.startswith("public function export(LoggerInterface $log): string")
    assert facts(found["HasTotals"]) == ("class", 42, 49, "trait HasTotals", None)
    assert facts(found["HasTotals.subtotal"]) == (
        "method", 45, 48, "protected function subtotal(): float", "The sum of the lines.")
    assert facts(found["with_tax"]) == (
        "function", 54, 57, "function with_tax(float $amount): float", "Add the tax to an amount.")
    module = [c for c in chunks if c.chunk_type is ChunkType.MODULE]
    assert [(m.lineno, m.end_lineno) for m in module] == [(1, 6)]
    assert module[0].imports == ("use App\\Contracts\\Payable;\nuse Psr\\Log\\{LoggerInterface, NullLogger};\n"
                                 "require_once __DIR__ . '/helpers.php';")

    imports = refs(references, "IMPORTS")
    assert imports[:3] == [("Payable", 4, None, "App\\Contracts\\Payable"),
                           ("LoggerInterface", 5, None, "Psr\\Log"), ("NullLogger", 5, None, "Psr\\Log")]
    assert [(lineno, module) for _, lineno, _, module in imports[3:]] == [(6, "/helpers.php")]
    assert refs(references, "INHERITS") == [
        ("Document", 11, "Invoice", None), ("Payable", 11, "Invoice", None),
        ("JsonSerializable", 11, "Invoice", "\\JsonSerializable"),  # written with its namespace: PHP's own
        ("HasTotals", 13, "Invoice", None)]
    assert refs(references, "CALLS") == [
        ("with_tax", 27, "Invoice.total", None), ("subtotal", 27, "Invoice.total", None),
        ("array_sum", 47, "HasTotals.subtotal", None), ("array_column", 47, "HasTotals.subtotal", None),
        ("round", 56, "with_tax", None)]  # `new static()` names no class


def test_php_calls_of_every_form() -> None:
    _, _, references = parse("php", "src/calls.php", '''
        <?php
        function run($repo) {
            \\App\\Util\\boot();
            $repo?->load();
            Cache::flush();
            return new \\App\\Models\\User(helper());
        }
        ''')
    assert [(name, lineno) for name, lineno, _, _ in refs(references, "CALLS")] == [
        ("boot", 3), ("load", 4), ("flush", 5), ("User", 6), ("helper", 6)]


LUA = '''
    local json = require("cjson")
    local util = require "app.util"

    -- A queue of jobs.
    local Queue = {}
    Queue.__index = Queue

    -- Make an empty queue.
    function Queue.new()
      return setmetatable({ items = {} }, Queue)
    end

    -- Add a job at the end.
    function Queue:push(job)
      table.insert(self.items, job)
    end

    -- Take the first job, or nil.
    function Queue:pop()
      return table.remove(self.items, 1)
    end

    Queue.size = function(self)
      return #self.items
    end

    -- Encode a job for the wire.
    local function encode(job)
      return json.encode(util.clean(job))
    end

    local decode = function(text) return json.decode(text) end

    function drain(queue)
      local job = queue:pop()
      while job do
        print(encode(job))
        job = queue:pop()
      end
    end

    return Queue
    '''


def test_lua() -> None:
    chunks, found, references = parse("lua", "app/queue.lua", LUA)
    assert sorted(found) == ["Queue.new", "Queue.pop", "Queue.push", "Queue.size", "decode", "drain", "encode"]
    assert facts(found["Queue.new"]) == ("method", 9, 11, "function Queue.new()", "Make an empty queue.")
    assert facts(found["Queue.push"]) == ("method", 14, 16, "function Queue:push(job)", "Add a job at the end.")
    assert facts(found["Queue.pop"]) == ("method", 19, 21, "function Queue:pop()", "Take the first job, or nil.")
    assert all(found[name].class_context == "Queue" for name in ("Queue.new", "Queue.push", "Queue.pop"))
    assert facts(found["Queue.size"]) == ("method", 23, 25, "Queue.size = function(self)", None)
    assert found["Queue.size"].class_context == "Queue"
    assert facts(found["encode"]) == ("function", 28, 30, "local function encode(job)", "Encode a job for the wire.")
    assert facts(found["decode"]) == (
        "function", 32, 32, "local decode = function(text) return json.decode(text) end", None)
    assert facts(found["drain"]) == ("function", 34, 40, "function drain(queue)", None)
    module = [(c.lineno, c.end_lineno) for c in chunks if c.chunk_type is ChunkType.MODULE]
    assert module == [(1, 6), (42, 42)]

    assert refs(references, "IMPORTS") == [("cjson", 1, None, "cjson"), ("util", 2, None, "app.util")]
    assert refs(references, "CALLS") == [
        ("setmetatable", 10, "Queue.new", None), ("insert", 15, "Queue.push", None),
        ("remove", 20, "Queue.pop", None), ("encode", 29, "encode", None), ("clean", 29, "encode", None),
        ("decode", 32, "decode", None), ("pop", 35, "drain", None), ("print", 37, "drain", None),
        ("encode", 37, "drain", None), ("pop", 38, "drain", None)]


def test_lua_nested_tables_give_the_table_path_as_context() -> None:
    _, found, references = parse("lua", "app/ui.lua", '''
        function ui.widgets.Button:click(x)
          return ui.emit("click", x)
        end

        ui.widgets.label = function(text) end
        ''')
    assert facts(found["ui.widgets.Button.click"])[:4] == ("method", 1, 3, "function ui.widgets.Button:click(x)")
    assert found["ui.widgets.Button.click"].class_context == "ui.widgets.Button"
    assert found["ui.widgets.label"].class_context == "ui.widgets"
    assert refs(references, "CALLS") == [("emit", 2, "ui.widgets.Button.click", None)]


def test_lua_ldoc_comments_are_cleaned() -> None:
    _, found, _ = parse("lua", "app/m.lua", '''
        --- Open a file.
        -- @param path where it is
        function M.open(path) end

        --[[ Close it. ]]
        function M.close(f) end
        ''')
    assert found["M.open"].docstring == "Open a file.\n@param path where it is"
    assert found["M.close"].docstring == "Close it."


BASH = '''
    #!/usr/bin/env bash
    # Build and ship the release.
    set -euo pipefail

    source ./lib/common.sh
    . "$HOME/.deployrc"

    # Print a timestamped message to stderr.
    log() {
      echo "[$(date +%T)] $*" >&2
    }

    # Build the artifacts.
    # Runs the tests first.
    function build {
      log "building"
      run_tests
      make dist
    }

    function run_tests() {
      pytest -q
    }

    deploy() {
      local target="$1"
      build
      rsync -a dist/ "$target"
    }

    deploy "${1:-prod}"
    '''


def test_bash() -> None:
    chunks, found, references = parse("bash", "scripts/release.sh", BASH)
    assert sorted(found) == ["build", "deploy", "log", "run_tests"]
    assert facts(found["log"]) == ("function", 9, 11, "log()", "Print a timestamped message to stderr.")
    assert facts(found["build"]) == (
        "function", 15, 19, "function build", "Build the artifacts.\nRuns the tests first.")
    assert facts(found["run_tests"]) == ("function", 21, 23, "function run_tests()", None)
    assert facts(found["deploy"]) == ("function", 25, 29, "deploy()", None)
    module = [(c.lineno, c.end_lineno) for c in chunks if c.chunk_type is ChunkType.MODULE]
    assert module == [(1, 6), (31, 31)]

    imports = refs(references, "IMPORTS")
    assert [(lineno, source, module) for _, lineno, source, module in imports] == [
        (5, None, "./lib/common.sh"), (6, None, "$HOME/.deployrc")]
    # Commands are calls (functions and programs); builtins such as `echo`, `set`, `local` are not.
    assert refs(references, "CALLS") == [
        ("date", 10, "log", None), ("log", 16, "build", None), ("run_tests", 17, "build", None),
        ("make", 18, "build", None), ("pytest", 22, "run_tests", None), ("build", 27, "deploy", None),
        ("rsync", 28, "deploy", None), ("deploy", 31, None, None)]


def test_file_imports_are_named_by_the_file_stem() -> None:
    _, _, bash = parse("bash", "run.sh", "source ./lib/common.sh\n")
    _, _, php = parse("php", "index.php", "<?php\nrequire 'lib/helpers.php';\n")
    assert [(r.name, r.module) for r in bash + php if r.edge_type == "IMPORTS"] == [
        ("common", "./lib/common.sh"), ("helpers", "lib/helpers.php")]


def test_scripting_languages_are_found_by_extension() -> None:
    names = ("a.rb", "Rakefile.rake", "x.gemspec", "b.php", "c.lua", "d.sh", "e.bash")
    assert [language_for(name).name for name in names] == ["ruby", "ruby", "ruby", "php", "lua", "bash", "bash"]

