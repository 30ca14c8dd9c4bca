"""What a TypeScript or JavaScript function without a return annotation returns, read from its `return` statements
while the file is parsed (pure; receivers.py types each returned value as it types a receiver).

Each `return` of a value, and an arrow's expression body (the query's `@reference.bind_return`), is read as a
variable's value is written: `new Immer()` as `Immer`, a local holding one the same, `createImmer()` as what that call
returns, `this` as `Self`; `return null` and `undefined` say nothing against the others. A function whose every
`return` says, and that is neither async nor a generator (what they return is a promise, an iterator), gets a BINDS
row (`@return`, python_qualifiers.RETURNED) the link reads when no annotation declares its type (js_graph.py). An
object literal returned makes the function's own object-literal methods its members (`buildRouting().route`); a
local whose method the function replaced (immer's `immer.produce = function (..)` in `createPatchedImmer`) tells
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .grammars import node_text
from .js_scopes import own_function
from .python_returns import RETURNED

# What a function returning an object literal returns: its methods are the function's own definitions
# (`buildRouting.route`: js_graph.py).
OBJECT_LITERAL = "{}"


class FunctionReturns:
    """The values each function's `return` statements return, gathered as receivers.py reads a file."""

    def __init__(self, source: bytes, receiver: Callable[[Any, Any], str], patched: set[tuple[str, str]]) -> None:
        self.source = source
        self.receiver = receiver
        self.patched = patched  # (function, local) of each local a function assigns a function to a property of
        self.returns: dict[int, tuple[Any, list[str | None]]] = {}

    def read(self, node: Any, definition: Any) -> None:
        """One `return` (or an arrow's expression body) of `definition`'s own function."""
        if definition.kind in ("function", "method"):
            self.returns.setdefault(id(definition), (definition, []))[1].append(self.returned_value(node, definition))

    def returned_value(self, node: Any, definition: Any) -> str | None:
        """What a `return` returns as a variable's value is written (`Immer`, `createImmer()`, `Self` for `this`), ""
        for `null` or `undefined`, None when nothing types it."""
        value = node.child_by_field_name("body") if node.type == "arrow_function" else next(
            (child for child in node.named_children if child.type != "comment"), None)
        if value is None or value.type in ("null", "undefined"):
            return ""
        if value.type == "identifier" and (definition.qualified_name, node_text(self.source, value)) in self.patched:
            return None  # (immer's `createPatchedImmer` returns an Immer whose `produce` it replaced)
        if value.type == "object":
            return OBJECT_LITERAL
        told = self.receiver(value, definition)
        if told == "self":
            return "Self"
        return told[1:] if told.startswith(":") else None

    def rows(self) -> list[tuple[str, str, int, str]]:
        """(function, RETURNED, line, value) for each function whose every `return` says what it returns: `A|B` when
        they say several."""
        found = []
        for definition, values in self.returns.values():
            said = {value for value in values if value != ""}
            if not said or None in said or len(said) > 1 and ("Self" in said or OBJECT_LITERAL in said):
                continue
            function = own_function(definition)
            if function is None or function.type in ("generator_function", "generator_function_declaration") or any(
                    child.type in ("async", "*") for child in function.children):
                continue
            value = "|".join(sorted({part for value in said if value for part in value.split("|")}))
            found.append((definition.qualified_name, RETURNED, definition.node.start_point[0] + 1, value))
        return found
