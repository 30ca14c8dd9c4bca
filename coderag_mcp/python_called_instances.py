"""A Python call of an instance is a call of its class's `__call__` (pure, beside python_qualifiers.py, which marks
them): `validator(value)` where `validator = validate.URL(relative=True)`, and `validate.URL()(value)`. marshmallow's
audit: 238 such calls reached nothing, and the graph held no edge to any `__call__`.

Each is marked by its qualifier (CALLED_INSTANCE and the receiver, as a call of `__call__` on it would have), then
named `__call__` here, so that the link looks the method up on what the receiver holds, the base classes' too, and a
change of a `__call__` links its callers again. A receiver nobody types reaches nothing: no guess among the project's
`__call__` methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .python_chains import CALL

# A qualifier's mark until the reference is named `__call__` (no Python qualifier starts with it).
CALLED_INSTANCE = "%"

# A qualifier's mark until the reference is named for the method a local alias holds: `!translate!self` for `_(..)` of
# `_ = self.translate` (no Python qualifier starts with it either).
ALIASED_METHOD = "!"

# What a receiver whose value is unknown is qualified as (no edge, as a variable of the function called).
_UNKNOWN = ("?", "local")


def holds_instances(values: set[str] | None) -> bool:
    """Whether a variable holds what a call made (`validate.URL()`, `make_validator()`) and nothing else: what is
    called on it may be an instance's `__call__` (a function's result is looked up as such, and is nothing when no
    class's)."""
    return bool(values) and all(value.endswith(CALL) for value in values)  # type: ignore[union-attr]


def instance_call(receiver: str) -> str | None:
    """The marked qualifier of a call of the instance `receiver` qualifies; None when nobody types it."""
    return None if receiver in _UNKNOWN or not receiver.startswith(":") and not receiver.endswith(CALL) \
        else CALLED_INSTANCE + receiver


def forwards_arguments(call: Any) -> bool:
    """Whether a call passes `*args` or `**kwargs` on: which of a function's overloads it calls is not told, so
    neither is what it returns (click's `command(*args, **kwargs)(f)`: a decorator's, though the first `@overload`
    of `command` says Command)."""
    arguments = call.child_by_field_name("arguments")
    return arguments is not None and any(
        child.type in ("list_splat", "dictionary_splat") for child in arguments.named_children)


def named_instance_calls(enclosed: Sequence[tuple[str, Any, str, str | None, Any]], qualifiers: dict[int, str]
                         ) -> list[tuple[str, Any, str, str | None, Any]]:
    """The references with each marked call named `__call__` (or, a local alias of a method called, that method) and
    its mark taken off (positions kept: `qualifiers` is by position)."""
    named = list(enclosed)
    for position, qualifier in qualifiers.items():
        if qualifier.startswith(CALLED_INSTANCE):
            edge_type, node, _name, module, definition = named[position]
            named[position] = (edge_type, node, "__call__", module, definition)
            qualifiers[position] = qualifier[len(CALLED_INSTANCE):]
        elif qualifier.startswith(ALIASED_METHOD):  # `_("May")` of `_ = self.translate`: `translate` on `self`
            edge_type, node, _name, module, definition = named[position]
            method, _, receiver = qualifier[len(ALIASED_METHOD):].partition(ALIASED_METHOD)
            named[position] = (edge_type, node, method, module, definition)
            qualifiers[position] = receiver
    return named
