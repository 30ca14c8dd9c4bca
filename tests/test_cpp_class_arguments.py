"""C++ overloads told apart by a value of a class a call passes and ranked as the compiler ranks them (cpp_arguments.py:
an exact match before a conversion, a standard conversion before one a class defines). Found by an agent's audit of
yaml-cpp: `emitter.Write(v)` of `const _Alias& v` reached all nine `Write`s (`bool`, `const char*`, `const
std::string&`, `const _Tag&`...), `Load("!2")` reached `Load(const std::string&)` and `Load(std::istream&)` beside
`Load(const char*)`, and `Write(v)` of `bool v` was `Write(char ch)` too; the parameters of a function returning a
reference (`Emitter& operator<<(Emitter& emitter, bool v)`) were not read at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

EMIT_H = """
#include <string>
#include <istream>
struct Tag {};
struct Alias {};
struct Anchor : Alias {};
struct Emitter {
  Emitter& Write(const std::string& s);
  Emitter& Write(const char* s);
  Emitter& Write(bool b);
  Emitter& Write(char ch);
  Emitter& Write(const Tag& t);
  Emitter& Write(const Alias& a);
};
void Load(const std::string& input);
void Load(const char* input);
void Load(std::istream& input);
template <typename T>
void Assign(const T& rhs);
void Assign(const char* rhs);
template <typename T>
void Wrap(const T& rhs) { Assign(rhs); }
"""

USE_CPP = """
#include <sstream>
#include "emit.h"
Emitter& operator<<(Emitter& emitter, const Alias& v) { return emitter.Write(v); }
Emitter& operator<<(Emitter& emitter, const Anchor& v) { return emitter.Write(v); }
Emitter& operator<<(Emitter& emitter, bool v) { return emitter.Write(v); }
Emitter& operator<<(Emitter& emitter, char v) { return emitter.Write(v); }
void literal(Emitter& emitter) { emitter.Write("x"); Load("!2"); }
void stream() { std::stringstream input("a: 1"); Load(input); }
"""


async def test_a_value_of_a_class_and_a_literal_reach_the_overload_the_compiler_picks(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, {"emit.h": EMIT_H, "use.cpp": USE_CPP})

    def reached(source: str) -> set[str]:
        return {target.removeprefix("emit.h:") for target, _how in calls_from(graph, f"use.cpp:{source}")}

    assert reached("operator<<") == {"Emitter.Write@12"}  # the `const Alias&` one, of nothing else
    assert reached("operator<<@4") == {"Emitter.Write@12"}  # an Anchor is an Alias
    assert reached("operator<<@5") == {"Emitter.Write@9"}  # `bool v`: exact, not by a conversion to `char`
    assert reached("operator<<@6") == {"Emitter.Write@10"}  # `char v`
    assert reached("literal") == {"Emitter.Write@8", "Load@15"}  # `const char*`: no class converts it
    assert reached("stream") == {"Load@16"}  # a stringstream is an istream, and no string


async def test_a_value_of_a_templates_parameter_reaches_every_overload(tmp_path: Path) -> None:
    # yaml-cpp's `Node(const T& rhs)` calls `Assign(rhs)`: each `Assign` of the `T`s it is made with
    graph = await graph_of(tmp_path, {"emit.h": EMIT_H})
    assert {target for target, _how in calls_from(graph, "emit.h:Wrap")} == {"emit.h:Assign", "emit.h:Assign@19"}


LOGGER_H = """
#include <string>
enum level_enum : int { trace, debug };
struct locale_ref {};
struct source_loc {};
struct atomic_int { void store(int value); };
template <typename... T> void Format(const char* fmt, T&&... args);
template <typename... T> void Format(locale_ref loc, const char* fmt, T&&... args);
void Log(std::tm when, const char* msg);
void Log(source_loc loc, const char* msg);
template <typename... T> void Print(FILE* f, const std::string& fmt, T&&... args);
template <typename... T> void Print(const std::string& fmt, T&&... args);
bool Augment(size_t ilhs, std::vector<char>* seen) { return ilhs > 2 || Augment(ilhs + 1, seen); }
"""

LOGGER_CPP = """
#include "logger.h"
void level(atomic_int& level_, level_enum lvl) { level_.store(lvl); }
void localized(int n) { auto loc = make_locale(); Format(loc, "{:L}", n); }
void located(source_loc loc) { Log(loc, "{}"); }
void printed() { Print("x", "y"); }
"""


async def test_an_enum_a_value_of_no_known_kind_and_a_library_type(tmp_path: Path) -> None:
    # An agent's check of the rules above on fmt and spdlog found each of these lost or added
    graph = await graph_of(tmp_path, {"logger.h": LOGGER_H, "logger.cpp": LOGGER_CPP})

    def reached(source: str) -> set[str]:
        return {target.removeprefix("logger.h:") for target, _how in calls_from(graph, f"logger.cpp:{source}")}

    assert reached("level") == {"atomic_int.store"}  # spdlog's `level_.store(log_level)`: an enum converts to int
    # fmt's `format(loc, "{:L}", 42)` of `auto loc`: with an argument of no known kind, no overload is preferred
    assert reached("localized") == {"Format", "Format@7"}
    # spdlog's `format(msg, ..)` of a `log_msg` reached fmt's `format(const std::tm&, ..)`: a class of the project
    # is no type of a library's namespace it does not derive from
    assert reached("located") == {"Log@9"}
    assert reached("printed") == {"Print@11"}  # fmt's `println("..")` reached `println(FILE* f, ..)` too
    # googletest's `TryAugment(.., seen)` of `::std::vector<char>* seen`, which was read as a string, reached nothing
    assert ("logger.h:Augment", "LOCAL") in calls_from(graph, "logger.h:Augment")
