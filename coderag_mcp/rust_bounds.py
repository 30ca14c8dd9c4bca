"""Rust receivers typed as a type parameter, told by its bounds, or as a smart pointer, told by what it points
to (pure, while parsing).

serde_json's writer is generic over `F: Formatter` (`impl<W, F: Formatter> Serializer<W, F>`, a field
`formatter: F`): `self.formatter.write_null()` calls Formatter's `write_null`, as a `dyn Formatter` receiver
would. receivers.py types such a receiver `:F`; this rewrites it to the parameter's bounds (`:Formatter`,
`:Formatter|Clone`), and a path call through the parameter, `=R` of `R::peek(self)` (serde_json's `impl<'de, R>
Read<'de> for &mut R where R: Read<'de>`), to them too, read from the generics and `where` clauses of the function and of the impl, trait or
type around it. A parameter with no bound stays as it was.

`Box<T>`, `Rc<T>` and `Arc<T>` dereference to T, so a method called on one is T's: ripgrep's ignore crate keeps
its matchers in `inner: Arc<IgnoreInner>` (`self.inner.types.matched(..)`, `types: Arc<Types>`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .grammars import node_text
from .type_names import type_name

_BOUND_KINDS = ("type_identifier", "scoped_type_identifier", "generic_type")
# `Arc<T>`, `std::sync::Arc<T>`, `&mut Box<T>`: the pointer and its one type argument (a captured type's
# last `>` is cut: definitions.py strips the text).
_POINTER = re.compile(r"^[&\s]*(?:mut\s+)?(?:(?:std|alloc)::(?:boxed|rc|sync)::)?(?:Box|Rc|Arc)\s*<\s*(.+?)\s*>?\s*$", re.S)


def pointee(type_text: str) -> str:
    """The type a smart pointer's type text points to (`Arc<Types>` -> `Types`), nested ones too; any other
    type text as it is."""
    for _depth in range(3):
        pointer = _POINTER.match(type_text)
        if pointer is None or "," in pointer.group(1) and "<" not in pointer.group(1):
            break  # (`Box<T, A>`: an allocator's)
        type_text = pointer.group(1)
    if type_text.startswith(("dyn ", "impl ")):  # `Box<dyn ParallelVisitor + 'a>`: the trait
        type_text = type_text.split("+", 1)[0].strip()
    return type_text


def bounded_qualifiers(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                       qualifiers: dict[int, str]) -> None:
    """Rewrite each `:T` qualifier whose T is a bounded type parameter where the reference is to `:Bound|..`."""
    declared: dict[int, dict[str, list[str]]] = {}
    for position, (_edge_type, _node, _name, _module, definition) in enumerate(enclosed):
        qualifier = qualifiers.get(position)
        if not qualifier or not qualifier.startswith((":", "=")) or definition is None:
            continue
        if qualifier.startswith("=") and not qualifier[1:].isidentifier():
            continue  # (a path: `a::b::f()`)
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


def dereferenced_self(source: bytes, definition: Any) -> str | None:
    """The type parameter `*self` (or `**self`) is in a method of an impl for a reference or a smart pointer to one:
    `S` in ripgrep's `impl<'a, S: Sink> Sink for &'a mut S` and `impl<S: Sink + ?Sized> Sink for Box<S>`, whose
    methods forward as `(**self).binary_data(..)`; None anywhere else."""
    while definition is not None and definition.node.type != "impl_item":
        definition = definition.parent
    written = definition.node.child_by_field_name("type") if definition is not None else None
    if written is None or written.type not in ("reference_type", "generic_type"):
        return None
    held = type_name(pointee(node_text(source, written)))
    parameters = definition.node.child_by_field_name("type_parameters")
    names = {node_text(source, name) for parameter in (parameters.named_children if parameters is not None else ())
             if (name := parameter.child_by_field_name("name") or parameter.child_by_field_name("left")) is not None}
    return held if held in names else None
