"""A preprocessor group right after a C++ constructor's `:` stands inside its declaration (c_directives
.unbalanced_branches), and a member declared in its class is reached at its definition outside it
(c_family_calls.at_definitions). Found by agents' audits of leveldb and CLI11. leveldb's env_posix.cc writes
`Limiter(int max_acquires)` / `:` / `#if !defined(NDEBUG)` / `max_acquires_(max_acquires),` / `#endif` /
`acquires_allowed_(max_acquires) {`: the class never closed, and the file's 150 classes and functions after it were
read as Limiter's. CLI11's calls reached App.hpp's declarations, not impl/App_inl.hpp's bodies (8 of 60 sampled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_lang_c_family import parse
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

ENV_CC = '''
    #include <atomic>

    class Limiter {
     public:
      Limiter(int max_acquires)
          :
    #if !defined(NDEBUG)
            max_acquires_(max_acquires),
    #endif  // !defined(NDEBUG)
            acquires_allowed_(max_acquires) {
        assert(max_acquires >= 0);
      }

      Limiter(const Limiter&) = delete;
      Limiter operator=(const Limiter&) = delete;

      bool Acquire() { return true; }

     private:
    #if !defined(NDEBUG)
      const int max_acquires_;
    #endif
      int acquires_allowed_;
    };

    class PosixEnv {
     public:
      PosixEnv() : mmap_limiter_(1) {}
      void Schedule() { mmap_limiter_.Acquire(); }

     private:
      Limiter mmap_limiter_;
    };

    int MaxOpenFiles() { return 1; }
    '''


def test_a_group_after_a_constructors_colon_is_read_inside_it() -> None:
    facts, _references, _imports = parse("cpp", "util/env_posix.cc", ENV_CC)
    # (the constructor was read as a method `acquires_allowed_` of lines 8-12; in leveldb's whole file the class ran
    # to its end)
    assert [fact[:4] for fact in facts] == [
        ("Limiter", "class", 3, 24), ("Limiter.Limiter", "method", 5, 12), ("Limiter.Limiter", "method", 14, 14),
        ("Limiter.operator=", "method", 15, 15), ("Limiter.Acquire", "method", 17, 17), ("PosixEnv", "class", 26, 33),
        ("PosixEnv.PosixEnv", "method", 28, 28), ("PosixEnv.Schedule", "method", 29, 29),
        ("MaxOpenFiles", "function", 35, 35)]


# CLI11's App.hpp declares its members in the class and impl/App_inl.hpp defines them; leveldb's db_iter.cc declares
# DBIter's in the class and defines them below it.
APP_HPP = """
    #include <string>
    class App {
     public:
      void parse(int argc, const char *const *argv);
      void parse(std::string commandline, bool program_name_included = false);
      int size() const { return 0; }
    };
    #include "impl/App_inl.hpp"
    """
APP_INL_HPP = """
    #include <string>
    void App::parse(int argc, const char *const *argv) {}
    void App::parse(std::string commandline, bool program_name_included) {}
    """
ITER_CC = """
    class DBIter {
     public:
      void Next() { FindNextUserEntry(true); }
     private:
      void FindNextUserEntry(bool skipping);
    };
    void DBIter::FindNextUserEntry(bool skipping) {}
    """
MAIN_CPP = """
    #include "App.hpp"
    int main(int argc, char **argv) {
      App app;
      App *other = &app;
      other->parse(argc, argv);
      return other->size();
    }
    """


async def test_a_member_declared_in_its_class_is_reached_at_its_definition(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, {"App.hpp": APP_HPP, "impl/App_inl.hpp": APP_INL_HPP, "db/db_iter.cc": ITER_CC,
                                      "main.cpp": MAIN_CPP})
    # (an int is no std::string: the first overload only; a member defined in its class stays where it is)
    assert calls_from(graph, "main.cpp:main") == {("impl/App_inl.hpp:App.parse", "MEMBER"),
                                                  ("App.hpp:App.size", "MEMBER")}
    assert calls_from(graph, "db/db_iter.cc:DBIter.Next") == {("db/db_iter.cc:DBIter.FindNextUserEntry@7", "LOCAL")}
