"""A Ruby call without a receiver reaches the method its class, module or their ancestors declare (ruby_calls.py), as
an agent's audit of sinatra found it did not: rack-protection's `options` (its superclass's, the name defined twice)
reached nothing, routing_test.rb's 57 `params` were a test's `PatternLookAlike#params` (a sure LOCAL edge), instance
calls of `force_encoding` reached `def self.force_encoding`, `super` was never recorded, RSpec's 680 `.to` were
`Helpers#to` and the Rakefiles' `puts` `Streaming::Stream#puts`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration
from tests.test_typed_resolution import calls_from, edges, graph_of

pytestmark = pytest.mark.anyio

PROTECTION = {
    "lib/protection/base.rb": '''
        module Rack
          module Protection
            class Base
              attr_reader :app, :options

              def self.default_reaction(reaction)
              end

              alias default_reaction deny

              def initialize(app, options = {})
                @app = app
              end

              def call(env)
                app.call(env)
              end
            end
          end
        end
        ''',
    "lib/protection/json_csrf.rb": '''
        module Rack
          module Protection
            class JsonCsrf < Base
              default_reaction :deny

              def initialize(app, given = {})
                super
                @key = options[:key]
              end

              def call(env)
                status, headers, body = super
                respond_to?(:close)
              end
            end
          end
        end
        ''',
    # Another class's `options` and `call`: the names are defined twice, and no edge went by name.
    "lib/other.rb": "class Other\n  def options\n  end\n\n  def call(env)\n  end\nend\n",
}


async def test_a_bare_call_reaches_what_the_class_inherits_and_super_the_ancestors_method(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, PROTECTION)
    base = "lib/protection/base.rb:Rack.Protection.Base"
    csrf = "lib/protection/json_csrf.rb:Rack.Protection.JsonCsrf"
    # `options[:key]` is the superclass's attribute; `super` in `initialize` its `initialize`.
    assert calls_from(graph, f"{csrf}.initialize") == {(f"{base}.options", "MEMBER"), (f"{base}.initialize", "MEMBER")}
    # A bare `super` in `call` is Base#call; `respond_to?` is Ruby's (no project definition has it here).
    assert calls_from(graph, f"{csrf}.call") == {(f"{base}.call", "MEMBER")}
    # In the class's body, `default_reaction :deny` is the class method, not the instance alias.
    assert calls_from(graph, csrf) == {(f"{base}.default_reaction", "MEMBER")}
    # The superclass's own `app.call(env)`: its attribute `app`.
    assert calls_from(graph, f"{base}.call") == {(f"{base}.app", "LOCAL")}


async def test_find_references_lists_a_super_call_as_a_use_of_the_method_it_reaches(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PROTECTION, "p") as service:
        found = (await service.find_references("p", "Rack::Protection::Base.initialize")).references
        assert [(use.file_path, use.line, use.resolution) for use in found] == [
            ("lib/protection/json_csrf.rb", 7, "MEMBER")]


async def test_a_bare_call_never_reaches_another_classs_method_in_its_file(tmp_path: Path) -> None:
    files = {
        "test/routing_test.rb": '''
            class PatternLookAlike
              def params(input)
              end

              def respond_to?(name)
              end
            end

            class RoutingTest < Minitest::Test
              def test_params
                assert_equal 'jpg', params[:ext]
                respond_to?(:foo)
              end
            end
            ''',
        # A module's method runs on whatever class includes it: a call there may be any class's of the file.
        "lib/base.rb": '''
            module Helpers
              def body
                request.head?
              end
            end

            class Base
              include Helpers

              def request
              end
            end
            ''',
    }
    graph = await graph_of(tmp_path, files)
    # (`params` was a sure LOCAL edge to PatternLookAlike's; now, the project's only `params`, a guess by name.)
    assert calls_from(graph, "test/routing_test.rb:RoutingTest.test_params") == {
        ("test/routing_test.rb:PatternLookAlike.params", "NAME")}
    assert calls_from(graph, "lib/base.rb:Helpers.body") == {("lib/base.rb:Base.request", "LOCAL")}


async def test_of_a_classs_def_self_x_and_def_x_each_caller_reaches_its_own(tmp_path: Path) -> None:
    files = {"lib/base.rb": '''
        class Base
          def self.settings
          end

          def settings
          end

          def self.force_encoding(data)
            force_encoding(data.first)
          end

          def force_encoding(*args)
            settings
          end

          def process_route
            force_encoding(params)
            settings
          end

          class << self
            def set(option)
              settings
              force_encoding(option)
            end
          end

          settings
        end
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        graph = edges(tmp_path / "vault.db")
        # The instance methods, at line 5 and 12, are stored as `@line`.
        assert calls_from(graph, "lib/base.rb:Base.process_route") == {
            ("lib/base.rb:Base.force_encoding@12", "LOCAL"), ("lib/base.rb:Base.settings@5", "LOCAL")}
        assert calls_from(graph, "lib/base.rb:Base.force_encoding@12") == {("lib/base.rb:Base.settings@5", "LOCAL")}
        # In `class << self` and in the class's body: the class methods.
        assert calls_from(graph, "lib/base.rb:Base.set") == {
            ("lib/base.rb:Base.settings", "LOCAL"), ("lib/base.rb:Base.force_encoding", "LOCAL")}
        assert calls_from(graph, "lib/base.rb:Base") == {("lib/base.rb:Base.settings", "LOCAL")}
        # `def self.force_encoding` calls itself (an edge to itself: recursion), not the instance method.
        assert calls_from(graph, "lib/base.rb:Base.force_encoding") == {("lib/base.rb:Base.force_encoding", "LOCAL")}
        found = (await service.find_references("p", "Base.force_encoding")).references
        assert sorted((use.line, use.target) for use in found) == [
            (9, "lib/base.rb:Base.force_encoding@8"), (17, "lib/base.rb:Base.force_encoding@12"),
            (24, "lib/base.rb:Base.force_encoding@8")]


async def test_an_include_in_a_block_is_a_use_of_the_module_not_a_base_of_the_class(tmp_path: Path) -> None:
    files = {
        "lib/helpers.rb": "module Sinatra\n  module Helpers\n    def status(code)\n    end\n  end\nend\n",
        "lib/response.rb": "class Response\n  def status\n  end\nend\n",
        "test/helpers_test.rb": '''
            class HelpersTest < Minitest::Test
              describe 'mime_type' do
                include Sinatra::Helpers
              end

              def test_status
                assert_equal 404, status
              end
            end
            ''',
    }
    graph = await graph_of(tmp_path, files)
    # Not a helper of the test class: its `status` (Rack::Test's) reaches neither `status` of the project.
    assert calls_from(graph, "test/helpers_test.rb:HelpersTest.test_status") == set()
    # A use of the module written with its namespace, as find_references lists it.
    assert [edge[1:3] for edge in graph if edge[0] == "test/helpers_test.rb:HelpersTest" and edge[1] != "CALLS"] == [
        ("USES", "lib/helpers.rb:Sinatra.Helpers")]


async def test_a_base_class_is_one_of_the_namespaces_around_its_subclass(tmp_path: Path) -> None:
    # grape's `class Formatter < Base` in Grape::Middleware reached Grape::Middleware::Auth::Base's `initialize`
    # (the first of two `base.rb`s by path).
    files = {
        "lib/middleware/auth/base.rb": "module Grape\n  module Middleware\n    module Auth\n      class Base\n"
                                       "        def initialize(app)\n        end\n      end\n    end\n  end\nend\n",
        "lib/middleware/base.rb": "module Grape\n  module Middleware\n    class Base\n      def initialize(app)\n"
                                  "      end\n    end\n  end\nend\n",
        "lib/middleware/formatter.rb": "module Grape\n  module Middleware\n    class Formatter < Base\n"
                                       "      def initialize(app)\n        super\n      end\n    end\n  end\nend\n",
    }
    graph = await graph_of(tmp_path, files)
    assert calls_from(graph, "lib/middleware/formatter.rb:Grape.Middleware.Formatter.initialize") == {
        ("lib/middleware/base.rb:Grape.Middleware.Base.initialize", "MEMBER")}


async def test_rspec_and_kernel_words_are_no_calls_of_the_projects_methods_of_their_names(tmp_path: Path) -> None:
    files = {
        "lib/helpers.rb": textwrap.dedent('''
            module Helpers
              def uri(addr)
              end
              alias to uri
            end
            '''),
        "lib/stream.rb": "class Stream\n  def puts(*args)\n  end\n\n  def map!\n  end\nend\n",
        "test/contest.rb": "class Minitest::Test\n  def self.context(name)\n  end\n"
                           "  class << self\n    alias_method :describe, :context\n  end\nend\n",
        "spec/frame_options_spec.rb": '''
            describe Rack::Protection::FrameOptions do
              it 'sets the header' do
                expect(get('/').headers['X-Frame-Options']).to eq('SAMEORIGIN')
              end
            end
            ''',
        "test/base_test.rb": "class BaseTest < Minitest::Test\n  describe 'x' do\n  end\nend\n",
        "Rakefile": "task :doc do\n  puts 'done'\n  [3, 1].map! { |n| n }\nend\n",
    }
    graph = await graph_of(tmp_path, files)
    assert not [edge for edge in graph if edge[0].startswith("spec/") and edge[1] == "CALLS"]
    # A Minitest test's `describe` is still the contest helper's.
    assert calls_from(graph, "test/base_test.rb:BaseTest") == {("test/contest.rb:Minitest::Test.describe", "MEMBER")}
    # `puts` is Ruby's; `.map!` on a value nobody typed is only a guess at the project's one `map!`.
    assert calls_from(graph, "Rakefile") == {("lib/stream.rb:Stream.map!", "GUESS")}


async def test_an_index_made_before_ruby_calls_went_by_the_class_chain_parses_its_ruby_files_again(
        tmp_path: Path) -> None:
    """Migration 85: the next update parses an existing index's Ruby files again, and the index says why."""
    files = {**{f"rack/{path}": text for path, text in PROTECTION.items()}, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 85,
                                        "DELETE FROM code_edges WHERE edge_type = 'CALLS'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "rack/lib/protection/json_csrf.rb", "tool.sh", "Ruby")
        found = (await service.find_references("mixed", "Rack::Protection::Base.options")).references
        assert [(use.file_path, use.line) for use in found] == [("rack/lib/protection/json_csrf.rb", 8)]


async def test_a_call_on_an_object_a_class_makes_reaches_that_classs_method(tmp_path: Path) -> None:
    # sinatra's `MimeTypeEntry.new(t).accepts?(accept_header)` reached nothing: two classes define `accepts?`.
    files = {"lib/base.rb": '''
        module Sinatra
          class Request
            class AcceptEntry
              def accepts?(entry)
              end
            end

            class MimeTypeEntry
              def accepts?(entry)
              end
            end

            def preferred_type(*types)
              types.select { |t| MimeTypeEntry.new(t).accepts?(accept) }
              Request::AcceptEntry.new.accepts?(types)
            end
          end
        end
        '''}
    graph = await graph_of(tmp_path, files)
    request = "lib/base.rb:Sinatra.Request"
    assert calls_from(graph, f"{request}.preferred_type") == {
        (f"{request}.MimeTypeEntry", "LOCAL"), (f"{request}.MimeTypeEntry.accepts?", "MEMBER"),
        (f"{request}.AcceptEntry", "MEMBER"), (f"{request}.AcceptEntry.accepts?", "MEMBER")}
