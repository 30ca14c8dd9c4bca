"""What a Python function returns or yields when no annotation says (pure, beside python_qualifiers.py, which knows the
function's variables): `return Session()` makes a call of it a Session, `yield self.client` a fixture's value what the
attribute holds. Stored as a BINDS row of the function named RETURNED or YIELDED, which the graph reads
(python_lookups.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .python_chains import CALL, chain_text, head_name

# A `return` and a `yield` of a function: what it returns without an annotation that says, stored as a BINDS row of
# the function named RETURNED (what a generator yields: YIELDED, which a fixture passes on, python_fixtures.py).
BINDS_RETURN = "BINDS_RETURN"
BINDS_YIELD = "BINDS_YIELD"
RETURNED = "@return"
YIELDED = "@yield"


def returned_values(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                    variable: Callable[[str, Any], set[str] | None], expanded: Callable[[set[str], Any], set[str]],
                    chained: Callable[[str, str, Any], set[str] | None]) -> list[tuple[str, str, int, str]]:
    """What each function returns and yields when no annotation (or a `Callable` one) says, by (its id,
    RETURNED/YIELDED), as bindings (kind, the function's qualified name, its line, its values): read by what the
    function's variables are known to hold (`variable`; `expanded`, what an alias or a chain of one holds; `chained`, a
    chain that starts with a variable)."""
    found: list[tuple[str, str, int, str]] = []

    def value_of(expression: Any, definition: Any) -> set[str]:
        """What an expression a function returns holds, as a variable's values are written; {"?"}: unknown."""
        if expression.type == "await" and expression.named_children:
            expression = expression.named_children[0]
        if expression.type == "none":
            return set()
        text = chain_text(source, expression)
        head = head_name(text or "")
        if text is None or head in ("self", "cls") and expression.type != "identifier" and not text.endswith(CALL):
            return {"?"}  # (`self.x`: what the attribute holds is the class's, read by its own binding)
        if expression.type == "identifier" and (values := variable(text, definition)) is not None:
            return {"?"} if any("::" in value for value in values) else expanded(values, definition)
        if variable(head, definition) is None:
            return {text}  # a name of the module, an import, `self`, `make()`, `self.build()`
        return chained(head, text[len(head):], definition) or {"?"}

    returned: dict[tuple[int, str], tuple[Any, set[str]]] = {}
    annotated: dict[int, bool] = {}
    for edge_type, node, _name, _module, definition in enclosed:
        if edge_type not in (BINDS_RETURN, BINDS_YIELD) or definition is None or definition.kind == "class":
            continue
        declared = definition.node.child_by_field_name("return_type")
        if annotated.setdefault(id(definition), declared is not None and b"Callable" not in source[
                declared.start_byte:declared.end_byte]):
            continue  # (the annotation says: python_lookups.returned reads it; a `Callable`, not which function)
        kind = RETURNED if edge_type == BINDS_RETURN else YIELDED
        _definition, values = returned.setdefault((id(definition), kind), (definition, set()))
        if "?" not in values and node.named_children:
            values.update(value_of(node.named_children[0], definition))
    for (key, kind), (definition, values) in returned.items():
        if kind == RETURNED and (key, YIELDED) in returned:
            continue  # a generator: a call of it returns no value of its `return`
        if values and "?" not in values:
            found.append((kind, definition.qualified_name, definition.node.start_point[0] + 1,
                          "|".join(sorted(values))))
    return found
