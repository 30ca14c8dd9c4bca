"""Rust receivers typed as a type parameter, told by its bounds (pure, while parsing).

serde_json's writer is generic over `F: Formatter` (`impl<W, F: Formatter> Serializer<W, F>`, a field
`formatter: F`): `self.formatter.write_null()` calls Formatter's `write_null`, as a `dyn Formatter` receiver
would. receivers.py types such a receiver `:F`; this rewrites it to the parameter's bounds (`:Formatter`,
`:Formatter|Clone`), read from the generics and `where` clauses of the function and of the impl, trait or
type around it. A parameter with no bound stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grammars import node_text
from .type_names import type_name

_BOUND_KINDS = ("type_identifier", "scoped_type_identifier", "generic_type")


def bounded_qualifiers(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                       qualifiers: dict[int, str]) -> None:
    """Rewrite each `:T` qualifier whose T is a bounded type parameter where the reference is to `:Bound|..`."""
    declared: dict[int, dict[str, list[str]]] = {}
    for position, (_edge_type, _node, _name, _module, definition) in enumerate(enclosed):
        qualifier = qualifiers.get(position)
        if not qualifier or not qualifier.startswith(":") or definition is None:
            continue
        values = qualifier[1:].split("|")
        if not any(value.isidentifier() for value in values):
            continue
        key = id(definition)
        if key not in declared:
            declared[key] = _parameters_around(source, definition)
        bounds = declared[key]
        if not any(value in bounds for value in values):
            continue
        written = sorted({bound for value in values for bound in (bounds.get(value) or [value])})
        qualifiers[position] = ":" + "|".join(written)


def _parameters_around(source: bytes, definition: Any) -> dict[str, list[str]]:
    """The type parameters in scope at a definition -> their bounds (empty when unbounded), from their
    declarations and any `where` clause around (a method's `where F: Formatter` may bound its impl's F)."""
    found: dict[str, list[str]] = {}
    predicates: list[Any] = []
    while definition is not None:
        node = definition.node
        parameters = node.child_by_field_name("type_parameters")
        for parameter in parameters.named_children if parameters is not None else ():
            name = parameter.child_by_field_name("name") or parameter.child_by_field_name("left")
            if parameter.type in ("type_parameter", "constrained_type_parameter") and name is not None:
                found.setdefault(node_text(source, name), []).extend(_bounds(source, parameter))
        clause = next((child for child in node.named_children if child.type == "where_clause"), None)
        predicates.extend(clause.named_children if clause is not None else ())
        definition = definition.parent
    for predicate in predicates:
        left = predicate.child_by_field_name("left")
        if left is not None and node_text(source, left) in found:
            found[node_text(source, left)].extend(_bounds(source, predicate))
    return found


def _bounds(source: bytes, node: Any) -> list[str]:
    bounds = node.child_by_field_name("bounds")
    return [name for child in (bounds.named_children if bounds is not None else ())
            if child.type in _BOUND_KINDS and (name := type_name(node_text(source, child)))]
