"""A Ruby variable holds an object of the class every assignment of it makes (ruby_variables.py), and a class made by
its path is of that path (ruby_calls.created_class). Found by an agent's audit of sidekiq: `@poller =
Sidekiq::Scheduled::Poller.new(@config)` in `Launcher#initialize`, then `@poller.terminate` in `stop`, had no edge
(`terminate` is also `Enq`'s); and, once variables were typed, sinatra's rack-protection `request =
Rack::Request.new(env)`, then `request.params`, reached its own `Sinatra::Request#params` (a subclass of rack's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

LAUNCHER = {
    "lib/app/poller.rb": '''
module App
  class Poller
    def start; end
    def terminate; end
  end
  class Enq
    def start; end
    def terminate; end
  end
  class Request
    def params; end
  end
end
''',
    "lib/app/launcher.rb": '''
module App
  class Launcher
    attr_accessor :shared  # (anyone may set `@shared`)

    def initialize(config)
      @poller = App::Poller.new(config)
      @enq ||= Enq.new
      @either = Enq.new
      local = Poller.new
      local.start
    end

    def stop(param)
      @poller.terminate
      @enq.terminate
      @either.terminate
      param.start
    end

    def swap
      @either = Poller.new
    end

    def self.make
      @poller.start
    end

    def shadowed
      made = Poller.new
      [1].each { |made| made.start }
    end

    def shared
      @shared = Poller.new
      @shared.terminate
    end

    def library(env)
      request = Rack::Request.new(env)
      request.params
      Rack::Request.new(env).params
    end
  end
end
''',
}


async def test_a_variable_holds_what_every_assignment_of_it_makes(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, LAUNCHER)
    poller, enq = "lib/app/poller.rb:App.Poller", "lib/app/poller.rb:App.Enq"
    # `@poller` and `@enq` (`||=`) each made of one class in `initialize`; `@either` of two; `param` a parameter
    assert calls_from(graph, "lib/app/launcher.rb:App.Launcher.stop") == {
        (f"{poller}.terminate", "MEMBER"), (f"{enq}.terminate", "MEMBER")}
    # a local of the method
    assert (f"{poller}.start", "MEMBER") in calls_from(graph, "lib/app/launcher.rb:App.Launcher.initialize")
    # `@poller` in `def self.make` is the class object's, which nothing assigns; a block's parameter is its own
    assert calls_from(graph, "lib/app/launcher.rb:App.Launcher.make") == set()
    assert {target for target, _how in calls_from(graph, "lib/app/launcher.rb:App.Launcher.shadowed")} == {poller}
    # `@shared` of an `attr_accessor :shared`, which anyone may set: the class it makes, none of its methods
    shared = {target for source, kind, target, _how in graph
              if kind == "CALLS" and source.startswith("lib/app/launcher.rb:App.Launcher.shared")}
    assert shared == {poller}
    # `Rack::Request`, a library's, is no `App::Request` (at most a guess by the name, as on any receiver)
    assert {how for _target, how in calls_from(graph, "lib/app/launcher.rb:App.Launcher.library")} <= {"NAME", "GUESS"}


async def test_an_index_made_before_migration_129_parses_ruby_again(tmp_path: Path) -> None:
    files = {**LAUNCHER, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 129)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "lib/app/launcher.rb", "tools/build.py", "Ruby variables")
