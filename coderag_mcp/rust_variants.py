"""Rust: the payload a pattern takes out of a project enum's variant, by the enum's type parameter the variant holds
and the type arguments the matched value is declared with (pure, while parsing; the link joins the two).

ripgrep's main.rs: `fn run(result: crate::flags::ParseResult<HiArgs>)` then `let args = match result {
ParseResult::Ok(args) => args, ParseResult::Err(err) => return Err(err), .. }`, where flags/parse.rs declares `enum
ParseResult<T> { Special(SpecialMode), Ok(T), Err(anyhow::Error) }`: `args.threads()` is `HiArgs.threads`. The
enum's file stores its variant `Ok` as a field holding `<0>` (its first type parameter), the variable `result` is
bound beside its type to its type arguments (`result~<>`: `HiArgs`), and the pattern's name holds
`crate.flags.ParseResult~Ok(HiArgs)`: the link reads the field `Ok` of ParseResult and takes that argument.
"""

from __future__ import annotations

import re
from typing import Any

from .grammars import node_text
from .rust_bounds import pointee
from .type_names import type_name

# What a variable declared with a generic type is bound beside its type to: the type arguments (`result~<>`).
ARGUMENTS = "~<>"
# A payload read by the link: `ParseResult~Ok(HiArgs)` -> the variant `Ok`, the arguments `HiArgs`.
_VARIANT_PAYLOAD = re.compile(r"^(\w+)\(([\w.,]+)\)$")
# Calls that leave a diverging arm: its value is none (`ParseResult::Err(err) => return Err(err)`).
_DIVERGING = frozenset({"return_expression", "break_expression", "continue_expression"})
_DIVERGING_MACROS = frozenset({"panic", "unreachable", "todo", "unimplemented"})


def variant_parameter(source: bytes, variant: Any, held: str) -> str | None:
    """`<i>` when an enum's tuple variant holds its i-th type parameter (`Ok(T)` of `enum ParseResult<T>`), else
    None."""
    enum = variant.parent.parent if variant.parent is not None else None
    parameters = enum.child_by_field_name("type_parameters") if enum is not None else None
    names = [node_text(source, child.child_by_field_name("name") or child) for child in parameters.named_children
             if child.type in ("type_parameter", "type_identifier")] if parameters is not None else []
    return f"<{names.index(held)}>" if held in names else None


def type_arguments(type_text: str) -> str | None:
    """The named types a generic type's arguments are (`HiArgs` of `crate::flags::ParseResult<HiArgs>`, `A,B`),
    None when it has none or one names no single type (a lifetime, a tuple)."""
    text = pointee(type_text.strip()).lstrip("&").strip()
    opened = text.find("<")
    if opened < 0:
        return None
    inner, depth, start, found = text[opened + 1:].rstrip().removesuffix(">"), 0, 0, []
    for at, char in enumerate(inner + ","):
        depth += {"<": 1, "(": 1, "[": 1, ">": -1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            found.append(type_name(inner[start:at]))
            start = at + 1
    return ",".join(found) if found and all(found) else None  # type: ignore[arg-type]


def variant_payload(field: str) -> tuple[str, list[str]] | None:
    """(the variant, the type arguments) of a field read as a variant's payload (`Ok(HiArgs)`), else None."""
    match = _VARIANT_PAYLOAD.match(field)
    return (match.group(1), match.group(2).split(",")) if match else None


def parameter_index(declared: str) -> int | None:
    """i of a variant's field declared as the enum's i-th type parameter (`<0>`), else None."""
    return int(declared[1:-1]) if declared.startswith("<") and declared.endswith(">") and declared[1:-1].isdigit() \
        else None


def yielding_arms(source: bytes, match: Any) -> list[Any]:
    """The values of a `match`'s arms that yield one (not `return ..`, `continue`, `panic!(..)`)."""
    body = match.child_by_field_name("body")
    values = []
    for arm in body.named_children if body is not None else ():
        value = arm.child_by_field_name("value") if arm.type == "match_arm" else None
        if value is None or value.type in _DIVERGING:
            continue
        if value.type == "macro_invocation" and node_text(source, value.child_by_field_name("macro")) in \
                _DIVERGING_MACROS:
            continue
        values.append(value)
    return values
