"""What receivers.py keys a variable by: the scopes around a definition, the type whose method holds it, and a
call made on what a variable holds (pure)."""

from __future__ import annotations

from typing import Any


def called_on(held: str, call: str) -> str:
    """`call` made on what a variable holds: `New().Group()` on `New()`, `Echo().Group()` on a type `Echo`. A type T
    is written `T()`, an instance of T (as the link reads a class called), so that the link follows the chain, and a
    method declaring no return type leaves a guess: `T.m()` would be a static call's, which the link leaves to the
    library when m declares none."""
    return f"{held if held.endswith('()') else held + '()'}.{call}"


def class_of(definition: Any) -> str | None:
    """The qualified name of the type whose method holds this definition (a Go method's receiver
    type, a Rust impl block's type)."""
    while definition is not None:
        if definition.kind in ("class", "scope"):
            return definition.qualified_name
        if definition.kind == "method" and definition.parent is None and definition.context:
            return definition.context
        definition = definition.parent
    return None


def classes_of(definition: Any) -> list[str]:
    """The qualified names of the types around a definition, innermost first (the first is `class_of`'s): Java's
    nested classes, an enum constant's body among them, read the fields of the classes around them by bare name."""
    names = []
    while definition is not None:
        if definition.kind in ("class", "scope"):
            names.append(definition.qualified_name)
        elif definition.kind == "method" and definition.parent is None and definition.context:
            names.append(definition.context)
        definition = definition.parent
    return names


def scope_key(definition: Any) -> str:
    """A function's own key: overloads share a qualified name (Java's two copyTo's each have an `out`)."""
    return f"{definition.qualified_name}@{definition.node.start_byte}"


def scopes_of(definition: Any) -> list[str]:
    """The keys of a definition and of the functions around it, innermost first."""
    chain = []
    while definition is not None:
        if definition.kind not in ("class", "scope"):
            chain.append(scope_key(definition))
        definition = definition.parent
    return chain
