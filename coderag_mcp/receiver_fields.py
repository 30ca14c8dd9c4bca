"""How receivers.py tells what a variable holds and a field read on it (pure): `:A|B` for a variable holding one of
these types, `~T.f` for the field `f` of a `T` declared in another file (the link reads its type there)."""

from __future__ import annotations

from .js_literals import OBJECT_HELD
from .receiver_bindings import MEMBER_OF

# (class, field) or (scope, variable) -> what it holds, as receiver_bindings.read_bindings reads them
Bindings = dict[tuple[str, str], set[str]]


def typed_as(values: set[str] | None) -> str:
    """The qualifier of a receiver holding `values`: `:A|B`, `@./m` for a required module, `{}holder` for an object
    literal (js_literals.py), `?` when not told."""
    if not values or "?" in values or any(value.startswith(MEMBER_OF) for value in values):
        return "?"
    if len(values) == 1 and next(iter(values)).startswith(("@", OBJECT_HELD)):
        return next(iter(values))
    if any(v.startswith(("@", OBJECT_HELD)) for v in values):
        return "?"
    return ":" + "|".join(sorted(values))


def field_of(bindings: Bindings, language: str, values: set[str] | None, field: str) -> str:
    """The qualifier of `s.db`, s a variable of the function holding `values`: its field's type when s holds
    one type."""
    if values is not None and len(values) == 1 and next(iter(values)).isidentifier():
        held = next(iter(values))
        if (held, field) not in bindings:  # Server declared in another file: the link reads its fields
            return f"~{held}.{field}"
        return typed_as(bindings.get((held, field)))  # s.db, s a *Server: Server's field db
    if language == "rust" and values is not None and len(values) == 1 \
            and not (held := next(iter(values))).startswith(("?", "@")) and "|" not in held:
        return f"~{held}.{field}"  # (`Ignore().parents()~Item`, a loop's item: the link reads it)
    return "?"


def destructured_field(bindings: Bindings, language: str, holder: str, name: str, owner: str | None) -> str:
    """TS/JS: what a name destructured from a value the receiver `holder` types holds, when a call is made on it: the
    field of its name of the value's class. got's `const {options} = this;` in a class declaring `options: Options`
    (`owner`; its `options.setInternalHeader(..)` and 4 more calls were guesses), `const {options} = request` of a
    parameter `request: Request`."""
    if holder == "self" and owner:
        holder = ":" + owner
    return field_of(bindings, language, {holder[1:]}, name) if holder.startswith(":") and "|" not in holder else "?"


def field_path(bindings: Bindings, language: str, values: set[str] | None, fields: list[str]) -> str:
    """Rust: the qualifier of `v.a.b`, v holding `values`: each field's type read in this file while it
    declares them, then left to the link (`~T~a.b`: the field b of T's field a)."""
    told = field_of(bindings, language, values, fields[0])
    for field in fields[1:]:
        if told.startswith(":") and "|" not in told:
            told = field_of(bindings, language, {told[1:]}, field)
        elif told.startswith("~"):
            holder, _, last = told[1:].rpartition(".")
            told = f"~{holder}~{last}.{field}"
        else:
            return "?"
    return told
