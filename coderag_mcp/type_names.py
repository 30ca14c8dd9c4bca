"""The one named type a declaration's type text names, and the type and field a `~T.f` qualifier holds (pure;
the parser, the link and the store read types so)."""

from __future__ import annotations

import functools
import re

_GENERIC = re.compile(r"[<\[].*$", re.S)  # type arguments (the parser may have cut the closing `>`)
DOTTED_NAME = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*")


@functools.lru_cache(maxsize=4096)
def type_name(text: str) -> str | None:
    """The named type a declaration's type text holds: `*pkg.T` -> `pkg.T`, `&mut T<U>` -> `T`,
    `a::b::T` -> `a.b.T`; None for what names no one type (`var`, a function type, a tuple)."""
    text = _GENERIC.sub("", text.strip().removeprefix(":").strip())
    text = re.sub(r"^(?:[*&]|mut\s+|dyn\s+|impl\s+|'\w+\s+)+", "", text.strip()).rstrip("?").strip()
    text = text.replace("::", ".")
    if text in ("var", "val", "let", "const", "auto") or not DOTTED_NAME.fullmatch(text):
        return None
    return text


# What a Rust field's declared type holds, stored as a field of its own beside it (`sort~Some` of `sort:
# Option<SortMode>`, `modes~Item` of `modes: Vec<SortMode>`: rust_iterables.py): the parts a value names it by.
HELD_PARTS = ("~Some", "~Ok", "~Item")


def held_field(value: str) -> tuple[str, str] | None:
    """(the holder, the field) of a value naming what a field of another type holds (`LowArgs~sort~Some` ->
    ("LowArgs", "sort~Some"): the `Some(x)` of ripgrep's `low.sort`, LowArgs declared in another file); None when
    the value names no such part."""
    if not value.endswith(HELD_PARTS):
        return None
    rest, _, part = value.rpartition("~")
    holder, _, field = rest.rpartition("~")
    return (holder, f"{field}~{part}") if holder and field else None


def field_holder(qualifier: str) -> tuple[str, str]:
    """(the type, the field) of a `~T.f` qualifier: `~Context.writermem` -> ("Context", "writermem"); a nested
    class's type keeps its dots (`~Outer.Inner.f`)."""
    holder, _, field = qualifier[1:].rpartition(".")
    return holder, field


def go_element(written: str) -> str:
    """A Go slice's, array's, map's or variadic parameter's type as its element's (`[]*Command`, `...*Command` ->
    `*Command`; `map[string]FlagValue` -> `FlagValue`, its values'): a slice or a map has no methods, so a variable or
    field holding one is typed by its elements, which its loops and index expressions hold (as a Java array variable
    is). viper's `flag, exists := v.pflags[key]` of a field `pflags map[string]FlagValue` (25 calls guessed)."""
    if not written or written[0] not in "[.m":
        return written  # (most types: a name)
    text = written.strip()
    if text.startswith("..."):
        text = text[3:].lstrip()
    while True:
        if text.startswith("[") and (close := text.find("]")) > 0:
            text = text[close + 1:].lstrip()
        elif text.startswith("map[") and (close := _closing_bracket(text, 3)) > 0:
            text = text[close + 1:].lstrip()
        else:
            return text


def _closing_bracket(text: str, start: int) -> int:
    """Where the `]` closing the `[` at `start` is (`map[Key[T]]V`), or -1."""
    depth = 0
    for position in range(start, len(text)):
        depth += text[position] == "["
        depth -= text[position] == "]"
        if depth == 0:
            return position
    return -1


_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*(?:\(\))?)*")
# Calls alone, as a variable's value writes them after its head (`Sub().Sub()`: receivers.followed).
CALLS = re.compile(r"[A-Za-z_]\w*\(\)(?:\.[A-Za-z_]\w*\(\))*")


def call_chain(text: str) -> str | None:
    """A chain of calls without their arguments (`v.Sub("a").Sub` -> `v.Sub().Sub`), as receivers.py writes a value
    for the link to follow; None for anything else (an index, a literal, a function literal)."""
    written, depth = [], 0
    for character in text:
        if character == "(":
            depth += 1
            if depth == 1:
                written.append("()")
        elif character == ")":
            depth -= 1
        elif depth == 0 and not character.isspace():
            written.append(character)
    chain = "".join(written)
    return chain if depth == 0 and _CHAIN.fullmatch(chain) else None


def split_type_arguments(text: str) -> list[str]:
    """A list of type parameters or arguments split at its commas outside `<..>` (`A, Map<K, V>` -> `A`, ` Map<K,
    V>`), each part as written."""
    parts, depth, start = [], 0, 0
    for position, character in enumerate(text):
        depth += character == "<"
        depth -= character == ">"
        if character == "," and depth == 0:
            parts.append(text[start:position])
            start = position + 1
    return [*parts, text[start:]]
