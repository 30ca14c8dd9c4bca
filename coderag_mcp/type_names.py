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


def field_holder(qualifier: str) -> tuple[str, str]:
    """(the type, the field) of a `~T.f` qualifier: `~Context.writermem` -> ("Context", "writermem"); a nested
    class's type keeps its dots (`~Outer.Inner.f`)."""
    holder, _, field = qualifier[1:].rpartition(".")
    return holder, field
