"""Whether a C++ function can take what a call passes (pure): the number of its arguments, and each literal's kind
against the parameter's type (call_shapes.py writes the kinds). A kind rules a parameter out only where no conversion
could pass it: a narrow string literal is no wide string and no number, a wide one no narrow string, a number,
character or boolean no pointer and no string; a template's parameter (`T`, `const T&`) or any type not read here
takes anything. spdlog's `logger->info("msg")` reached its Windows-only `info(wstring_view_t msg)` too.
"""

from __future__ import annotations

import math
import re

from .overload_parameters import Argument, Parameter, cpp_type_written

_WORD = re.compile(r"[A-Za-z_]\w*")
_WIDE = re.compile(r"(?:wchar_t|char16_t|char32_t|w(?:string|format|memory_buf|str|char)\w*)$")
_NARROW_STRINGS = frozenset({"string", "string_view", "string_view_t", "memory_buf_t"})
_ARITHMETIC = frozenset({"int", "long", "short", "unsigned", "signed", "double", "float", "char", "size_t", "ssize_t",
                         "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "const", "volatile", "std"})
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
    """Whether a literal of this kind (`s`, `ws`, `i`, `f`, `c`, `b`) may be passed as a parameter written so (its type
    and name); unsure: yes."""
    typed = cpp_type_written(written)
    words = _WORD.findall(typed)
    wide = any(_WIDE.match(word) for word in words)
    pointer = "*" in typed or "[" in typed
    narrow = not wide and (any(word in _NARROW_STRINGS or word.startswith("format_string") for word in words)
                           or (pointer and "char" in words))
    arithmetic = not pointer and bool(words) and all(word in _ARITHMETIC or _SIZED_INTEGER.match(word)
                                                     for word in words)
    if kind == "s":
        return not (wide or arithmetic)
    if kind == "ws":
        return not (narrow or arithmetic)
    return not (pointer or wide or narrow)  # a number, character or boolean
