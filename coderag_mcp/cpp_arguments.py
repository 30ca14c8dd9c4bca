"""Whether a C++ function can take what a call passes (pure): the number of its arguments, and each argument's kind
against the parameter's type (call_shapes.py writes the kinds: a literal's, or what a variable the function declares
holds). A kind rules a parameter out only where no conversion could pass it: a narrow string literal (or `const char*`
variable) is no wide string and no number, a wide one no narrow string, a number, character or boolean no pointer and
no string, a string object (`std::string`, `string_view_t`, `format_string_t<..>`) no pointer, no number and no string
of the other width, any other pointer no number and no string; a template's parameter (`T`, `const T&`) or any type
not read here takes anything. spdlog's `logger->info("msg")` reached its Windows-only `info(wstring_view_t msg)` too,
and `log(level::info, fmt, args...)` in `info(format_string_t<Args...> fmt, ..)` every `log` taking a wide string.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from .grammars import get_query, helper_query, node_text, query_matches
from .overload_parameters import Argument, Parameter, cpp_type_written

_WORD = re.compile(r"[A-Za-z_]\w*")
_WIDE = re.compile(r"(?:wchar_t|char16_t|char32_t|w(?:string|format|memory_buf|str|char)\w*)$")
_WIDE_CHARACTERS = frozenset({"wchar_t", "char16_t", "char32_t"})
_NARROW_STRINGS = frozenset({"string", "string_view", "string_view_t", "memory_buf_t"})
_ARITHMETIC = frozenset({"int", "long", "short", "unsigned", "signed", "double", "float", "char", "size_t", "ssize_t",
                         "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "const", "volatile"})
_NAMESPACE = re.compile(r"\b\w+\s*::\s*")  # (`std::size_t`, `fmt::string_view`: the type's own name)
_SIZED_INTEGER = re.compile(r"u?int(?:_least|_fast)?\d+_t$")


def cpp_takes(declared: list[Parameter], arguments: tuple[Argument, ...]) -> bool:
    """Whether a function declaring these parameters can take these arguments."""
    packs = sum(1 for argument in arguments if argument.kind == "*")  # `f(args...)`: any number
    count = len(arguments) - packs
    most = math.inf if any(parameter.variadic for parameter in declared) else len(declared)
    fewest = sum(1 for parameter in declared if not parameter.default and not parameter.variadic)
    if count > most or (packs == 0 and count < fewest):
        return False
    for parameter, argument in zip(declared, arguments):
        if argument.kind == "*" or parameter.variadic:
            break  # (what follows a pack may be any parameter)
        if argument.kind != "?" and not cpp_passes(argument.kind, parameter.type):
            return False
    return True


def cpp_passes(kind: str, written: str) -> bool:
    """Whether an argument of this kind (a literal's `s`, `ws`, `i`, `f`, `c`, `b`; a variable's `S`, `WS`, `p`) may be
    passed as a parameter written so (its type and name); unsure: yes."""
    typed = _NAMESPACE.sub("", cpp_type_written(written))
    words = _WORD.findall(typed)
    stars = typed.count("*") + typed.count("[")
    pointer = stars > 0
    # (a string is one `*` away from its characters: `char** argv` is none, nor is a pointer to a `std::string`)
    # (and a wide character is no string, but `basic_string_view<wchar_t>` is)
    wide = stars == 1 and any(word in _WIDE_CHARACTERS for word in words) or stars == 0 and any(
        _WIDE.match(word) and (word not in _WIDE_CHARACTERS or "<" in typed) for word in words)
    narrow = not wide and (stars == 1 and "char" in words or stars == 0 and any(
        word in _NARROW_STRINGS or word.startswith("format_string") for word in words))
    arithmetic = not pointer and _arithmetic(words)
    if kind == "s":
        return not (wide or arithmetic)
    if kind == "ws":
        return not (narrow or arithmetic)
    if kind == "S":
        return not (wide or arithmetic or pointer)
    if kind == "WS":
        return not (narrow or arithmetic or pointer)
    if kind == "p":
        return not (arithmetic or wide or narrow)
    return not (pointer or wide or narrow)  # a number, character or boolean


def _arithmetic(words: list[str]) -> bool:
    """Whether a type's words name a number or a character (`unsigned long`, `uint32_t`, `const size_t`)."""
    return bool(words) and all(word in _ARITHMETIC or _SIZED_INTEGER.match(word) for word in words)


@functools.lru_cache(maxsize=4096)  # (a file declares a few types many times: `int`, `size_t`, `const Char*`)
def declared_kind(written: str, pointers: int) -> str:
    """The kind of what a variable declared with this type (and this many `*` or `[]` in its declarator) holds, as
    cpp_passes reads kinds; `?` when it is none of them (a class, a template's parameter, `auto`)."""
    words = [word for word in _WORD.findall(_NAMESPACE.sub("", written)) if word not in ("const", "volatile")]
    if not words:
        return "?"
    if pointers:
        if pointers == 1 and words[-1] in ("char", "wchar_t"):
            return "ws" if words[-1] == "wchar_t" else "s"
        # (`const Char* s` may be a string: a template's parameter; `int*`, `void*`, `char**` are none)
        pointed = [word for word in words if word not in ("void", "bool")]
        return "p" if pointers > 1 or not pointed or _arithmetic(pointed) else "?"
    if words == ["bool"]:
        return "b"
    if _arithmetic(words):
        return "i"
    head, argument = words[0], words[1:2]  # (`basic_string_view<char>`: its type argument)
    if head in _NARROW_STRINGS and len(words) == 1 or head.startswith("format_string") or (
            head in ("basic_string", "basic_string_view") and argument == ["char"]):
        return "S"
    if head.startswith(("wstring", "wformat_string")) or (
            head in ("basic_string", "basic_string_view") and argument == ["wchar_t"]):
        return "WS"
    return "?"


# What a C++ function declares in its body: its local variables, each with its type (its parameters are read from its
# declarator, which costs no query: most names a call passes are parameters).
_DECLARED_TYPES = helper_query("cpp", "(declaration type: (_) @type declarator: (_) @declarator)")
_PARAMETERS = frozenset({"parameter_declaration", "optional_parameter_declaration"})


class CppVariables:
    """What the variables a C++ function declares hold (declared_kind): its parameters, read once per function a call
    is in, and its locals, read once per function a call passes a name of no parameter in."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self._parameters: dict[int, dict[str, str]] = {}
        self._locals: dict[int, dict[str, str]] = {}

    def kind(self, function: Any, name: str) -> str:
        parameters = self._parameters.get(id(function))
        if parameters is None:
            parameters = self._parameters[id(function)] = self._read_parameters(function)
        found = parameters.get(name)
        if found is None:
            local = self._locals.get(id(function))
            if local is None:
                local = self._locals[id(function)] = self._read_locals(function)
            found = local.get(name, "?")
        return found

    def _read_parameters(self, function: Any) -> dict[str, str]:
        kinds: dict[str, str] = {}
        declarator = function.child_by_field_name("declarator")
        while declarator is not None and declarator.type != "function_declarator":  # (`T* f(..)`, `T& f(..)`)
            declarator = declarator.child_by_field_name("declarator")
        listed = declarator.child_by_field_name("parameters") if declarator is not None else None
        for parameter in listed.named_children if listed is not None else ():
            if parameter.type in _PARAMETERS:
                self._note(kinds, parameter.child_by_field_name("type"), parameter.child_by_field_name("declarator"))
        return kinds

    def _read_locals(self, function: Any) -> dict[str, str]:
        kinds: dict[str, str] = {}
        body = function.child_by_field_name("body")
        for _pattern, captures in query_matches(get_query("cpp", _DECLARED_TYPES), body) if body is not None else ():
            self._note(kinds, captures["type"][0], captures["declarator"][0])
        return kinds

    def _note(self, kinds: dict[str, str], type_node: Any, node: Any) -> None:
        pointers = 0
        while node is not None and node.type != "identifier":
            if node.type in ("pointer_declarator", "array_declarator"):
                pointers += 1
            elif node.type not in ("reference_declarator", "init_declarator"):
                return  # (a function's pointer, a structured binding: not read)
            node = node.child_by_field_name("declarator") or (
                node.named_children[0] if node.type == "reference_declarator" and node.named_children else None)
        if node is None or type_node is None:
            return
        name = node_text(self.source, node)
        kind = declared_kind(node_text(self.source, type_node), pointers)
        kinds[name] = kind if kinds.get(name, kind) == kind else "?"  # (declared twice, two ways: unknown)
