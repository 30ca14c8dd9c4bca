"""TS/JS variables holding an object literal (`const actions = { add, filter: helper, update() {..} }`), and what a
CommonJS module is (`module.exports = createApplication`), read while the file is parsed (pure; receiver_bindings.py).

A call on such a variable (`actions.add(1)`) is a call of one of the literal's members: its methods are definitions
named after the variable already (`actions.update`, javascript.scm), and a property naming a function (`add`,
`filter: helper`, `parse: utils.parse`) is stored as a BINDS row of the module, named the holder's property
(`actions.filter`), holding the name (`=helper`, `=utils.parse`) the link resolves where the literal is written
(typed_lookups.TypedLookups.literal_member).
Receivers holding one are qualified `{}<holder>`, the holder being the qualified name the literal's methods are
named under (`actions`, `run.options` in a function `run`)."""

from __future__ import annotations

from typing import Any

from .grammars import node_text
from .type_names import DOTTED_NAME

# What a variable holding an object literal holds, before the holder's qualified name (`{}actions`).
OBJECT_HELD = "{}"
# A CommonJS module's own value, `module.exports = createApplication` (or `= require("./lib/express")`): a BINDS row of
# the module so named, holding `=createApplication` (or `@./lib/express`), read when a variable holding the module is
# called whole (`const express = require(".."); express()`), whose qualifier ends with CALLED_WHOLE (`@..()`).
MODULE_EXPORTS = "module.exports"
CALLED_WHOLE = "()"
# Wrappers a literal may be written in (`{..} as const`, `{..} satisfies Actions`, `({..})`).
_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "parenthesized_expression"})


def object_literal(value: Any) -> Any:
    """The object literal a variable's value is, else None."""
    while value is not None and value.type in _WRAPPERS and value.named_children:
        value = value.named_children[0]
    return value if value is not None and value.type == "object" else None


def literal_holder(definition: Any, name: str) -> str | None:
    """The qualified name the literal's methods are named under: the variable's, in the module or a named function
    (None in a class body or a namespace, where a name is a field)."""
    if definition is None:
        return name
    return f"{definition.qualified_name}.{name}" if definition.kind in ("function", "method") else None


def literal_properties(source: bytes, literal: Any) -> list[tuple[str, int, str]]:
    """(property, line, `=name`) for each property whose value is a name or a dotted path: `{ add }`, `{ filter:
    helper }`, `{ parse: utils.parse }` (what a call of the property calls, when it is a function)."""
    found = []
    for child in literal.named_children:
        if child.type == "shorthand_property_identifier":
            key, value = child, child
        elif child.type == "pair" and (key := child.child_by_field_name("key")) is not None \
                and key.type == "property_identifier" and (value := child.child_by_field_name("value")) is not None \
                and value.type in ("identifier", "member_expression"):
            pass
        else:
            continue
        written = node_text(source, value)
        if DOTTED_NAME.fullmatch(written):
            found.append((node_text(source, key), child.start_point[0] + 1, "=" + written))
    return found
