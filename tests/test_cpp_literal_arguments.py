"""C++ overloads told apart by the literals a call passes and what the variables it passes hold (cpp_arguments.py), and
a parameter pack's type argument read as one parameter. Found by an agent's audit of spdlog: `logger->info("msg")`
reached the `info(wstring_view_t)` that spdlog declares only on Windows, and `log(level::debug, msg)` reached
`log(source_loc, lvl, fmt, args...)`, whose `format_string_t<Args...> fmt` was read as a parameter taking any number
of arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.cpp_arguments import cpp_passes, declared_kind
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, edges, graph_of

pytestmark = pytest.mark.anyio

LOGGER_H = """
    #include <string>
    namespace spdlog {
    class logger {
    public:
        template <typename... Args>
        void log(source_loc loc, level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {}
        template <typename... Args>
        void log(level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {}
        void log(level_enum lvl, string_view_t msg) {}
        void info(string_view_t msg) {}
        void info(wstring_view_t msg) {}
        void info(const wchar_t *msg) {}
        void set_pattern(std::string pattern) {}
        void set_pattern(int flags) {}
        void set_level(int level) {}
        void set_level(const char *name) {}
        void set_level(std::wstring name) {}
        void debug(string_view_t msg) { log(level::debug, msg); }
        template <typename... Args>
        void log(level_enum lvl, wformat_string_t<Args...> fmt, Args &&...args) {}
        template <typename... Args>
        void warn(format_string_t<Args...> fmt, Args &&...args) { log(level::warn, fmt, args...); }
        void flush_every(std::size_t seconds) {}
        void flush_every(const char *spec) {}
        void tick(std::size_t n) { flush_every(n); }
    };
    }
    """

MAIN_CPP = """
    #include "logger.h"
    void narrow(spdlog::logger *logger) { logger->info("started"); }
    void wide(spdlog::logger *logger) { logger->info(L"wide"); }
    void pattern(spdlog::logger *logger) { logger->set_pattern("%v"); }
    void level(spdlog::logger *logger) { logger->set_level(2); }
    void zero(spdlog::logger *logger) { logger->set_level(0); }
    """


async def test_literals_pick_overloads(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, {"logger.h": LOGGER_H, "main.cpp": MAIN_CPP})

    def reached(function: str) -> set[str]:
        return {target.removeprefix("logger.h:logger.") for target, how in calls_from(graph, f"main.cpp:{function}")
                if how == "MEMBER"}

    assert reached("narrow") == {"info"}  # "started": no wide string
    # L"wide": the `const wchar_t*` one, which takes it as it is (`wstring_view_t`'s converts it), never string_view_t's
    assert reached("wide") == {"info@12"}
    assert reached("pattern") == {"set_pattern"}  # "%v" is no int
    assert reached("level") == {"set_level"}  # 2 is no pointer and no string
    assert reached("zero") == {"set_level", "set_level@16", "set_level@17"}  # 0 may be a null pointer
    # `format_string_t<Args...> fmt` is one argument: two arguments reach no overload of four parameters
    debug = {target for target, _how in calls_from(graph, "logger.h:logger.debug")}
    assert debug == {"logger.h:logger.log@8", "logger.h:logger.log@9"}
    # what a variable the function declares holds: `format_string_t<Args...> fmt` is no wide string (the first `log`
    # stays: no rule says a `level_enum` is made from no string), `std::size_t n` no pointer
    warn = {target for target, _how in calls_from(graph, "logger.h:logger.warn")}
    assert warn == {"logger.h:logger.log", "logger.h:logger.log@8", "logger.h:logger.log@9"}
    assert {target for target, _how in calls_from(graph, "logger.h:logger.tick")} == {"logger.h:logger.flush_every"}


async def test_an_index_made_before_migration_109_parses_cpp_again(tmp_path: Path) -> None:
    files = {"logger.h": LOGGER_H, "main.cpp": MAIN_CPP, "web/app.js": "function run() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path / "old", files, "mixed", 109)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "main.cpp", "web/app.js", "the variables they pass")
    migrated = {(source.removeprefix("mixed:"), kind, target.removeprefix("mixed:"), how)
                for source, kind, target, how in edges(db)}
    assert migrated == await graph_of(tmp_path / "fresh", files)


def test_what_a_literal_passes() -> None:
    assert not cpp_passes("s", "wstring_view_t msg") and not cpp_passes("s", "const wchar_t* s")
    assert not cpp_passes("s", "unsigned long long x") and not cpp_passes("s", "std::size_t")
    assert cpp_passes("s", "const char *s") and cpp_passes("s", "const T& value") and cpp_passes("s", "bool flag")
    assert not cpp_passes("ws", "const char *s") and not cpp_passes("ws", "format_string_t<Args...> fmt")
    assert cpp_passes("ws", "wformat_string_t<Args...> fmt") and cpp_passes("ws", "basic_string_view<Char> s")
    assert not cpp_passes("i", "const char* s") and not cpp_passes("i", "std::string s")
    assert not cpp_passes("f", "char* const p") and not cpp_passes("c", "int values[4]")
    assert cpp_passes("i", "uint32_t n") and cpp_passes("f", "double d") and cpp_passes("b", "Options options")
    assert cpp_passes("i", "int /* fd */") and not cpp_passes("S", "const char* s") and cpp_passes("S", "const T& v")
    assert not cpp_passes("p", "std::string s") and cpp_passes("p", "const void* data")
    assert cpp_passes("p", "char** argv") and cpp_passes("p", "wchar_t** argv") and cpp_passes("i", "wchar_t c")
    assert not cpp_passes("s", "fmt::basic_string_view<wchar_t> format")


def test_what_a_variable_holds() -> None:
    assert declared_kind("std::string", 0) == declared_kind("fmt::string_view", 0) == "S"
    assert declared_kind("format_string_t<Args...>", 0) == "S" and declared_kind("wformat_string_t<T>", 0) == "WS"
    assert declared_kind("char", 1) == "s" and declared_kind("wchar_t", 1) == "ws" and declared_kind("char", 2) == "p"
    assert declared_kind("std::size_t", 0) == declared_kind("unsigned long", 0) == "i"
    assert declared_kind("Char", 1) == declared_kind("auto", 0) == declared_kind("Holder<T>", 0) == "?"
    # A class by its last name, or a template's parameter: the link tells them apart (cpp_arguments.CppClasses)
    assert declared_kind("const Alias&", 0) == "#Alias" and declared_kind("T", 0) == "#T"
    assert declared_kind("std::stringstream", 0) == "#stringstream"
    assert declared_kind("std::vector<int>", 0) == "#vector"
