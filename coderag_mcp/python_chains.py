"""Python chains of calls as the graph reads them (pure): `env.from_string(src).render()` calls `render` on what
`from_string` returns, `tmpl = env.get_template(name)` holds what `get_template` returns.

A chain is stored as its names and calls without their arguments, `env.from_string().render()`: a dotted name
first (a variable, a module, a class, `self.x`), then steps, each an attribute or a call of one. The parser writes
a receiver's or an assigned value's chain in this form, with a variable of the function at its head replaced by
what the variable holds (`Environment().from_string()` when `env = Environment()`); the graph follows each step by
what the class of the step before declares: a method's return annotation, an attribute's value
(python_lookups.classes_of).
"""

from __future__ import annotations

import re
from typing import Any

from .grammars import node_text
from .python_builtin_values import LITERAL_TYPES

# A value's head that names a pytest fixture (`@env.from_string()`): what the fixture `env` gives the test.
FIXTURE_VALUE = "@"
# A chain's calls at most: a longer one is read as unknown (a fluent builder's tenth call says little more).
MOST_CALLS = 6
CALL = "()"
DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")  # a name or a dotted path (`env.get_template`)
FIRST_NAME = re.compile(rb"[A-Za-z_]\w*")  # the name a receiver starts with, read from the source's bytes
_WORD = re.compile(r"\w+")


def chain_text(source: bytes, node: Any, calls: int = 0) -> str | None:
    """`a.b(x).c(y, z)` as `a.b().c()`; None for anything but identifiers, attributes and calls of them (a
    subscript, a literal, a lambda, `super()`), or past MOST_CALLS calls."""
    if node is None:
        return None
    if node.type == "identifier":
        return node_text(source, node)
    if node.type == "attribute":
        inner = chain_text(source, node.child_by_field_name("object"), calls)
        attribute = node.child_by_field_name("attribute")
        return f"{inner}.{node_text(source, attribute)}" if inner is not None and attribute is not None else None
    if node.type == "call" and calls < MOST_CALLS:
        function = node.child_by_field_name("function")
        if function is None or function.type not in ("identifier", "attribute"):
            return None
        inner = chain_text(source, function, calls + 1)
        return None if inner is None or inner == "super" else inner + CALL
    return None


def is_chain(value: str) -> bool:
    """Whether a stored value is a chain with a call before its last step (`A().f()`, `make().x`) or a fixture's
    value (`@env`, `@env.f()`), not a dotted name alone (`a.b.C`) or a dotted name called (`a.b.C()`)."""
    return CALL + "." in value or value.startswith(FIXTURE_VALUE)


def split_chain(value: str) -> tuple[str, list[str]]:
    """A chain's first call (`A()`, `self.make()`), or fixture (`@env`), and the names of the steps after it
    (`["f", "g"]` for `A().f().g()`, `["x"]` for `A().x`): each step is followed the same way, called or read."""
    if value.startswith(FIXTURE_VALUE):
        first, _, rest = value.partition(".")
    else:
        first, _, rest = value.partition(CALL + ".")
        first += CALL
    return first, [step.removesuffix(CALL) for step in rest.replace(CALL + ".", ".").split(".")] if rest else []


def assigned_call(source: bytes, node: Any, module: str) -> str | None:
    """What an assignment's (or a `with` item's) call is stored as: `make()`, or a chain, `env.get_template()` for
    `tmpl = env.get_template(name)`; None when it is neither."""
    if DOTTED.fullmatch(module):
        return module + CALL
    value = node.child_by_field_name("right") if node.type == "assignment" else None
    if node.type == "with_item":
        pattern = node.child_by_field_name("value")
        value = pattern.named_children[0] if pattern is not None and pattern.named_children else None
    return chain_text(source, value) if value is not None and value.type == "call" else None


def receiver_qualifier(source: bytes, receiver: Any, definition: Any, known: Any, called_chain: Any) -> str:
    """A call's or a read's receiver as python_qualifiers.py writes it: `super()`, a call as the chain of what it
    returns (`called_chain`), a literal as the language's type, a dotted name as what it is `known` to hold; else
    `?`."""
    if receiver is None:
        return "?"
    if receiver.type == "call":
        function = receiver.child_by_field_name("function")
        if function is not None and node_text(source, function) == "super":
            return "super()"
        # `Loader().parse()`, `self.make_config().get()`, `env.get_template(name).render()`: what the call returns
        chain = chain_text(source, receiver)
        return called_chain(chain, definition) if chain is not None else "?"
    if receiver.type in LITERAL_TYPES:  # `"|".join(..)`, `[..].append(..)`: the language's (python_builtin_values.py)
        return ":" + LITERAL_TYPES[receiver.type]
    text = node_text(source, receiver)
    if receiver.type in ("identifier", "attribute") and DOTTED.fullmatch(text):
        return known(text, definition)
    return "?"


# The methods of a mapping or a sequence that give one of its items: a mapping's value (`d.get(k)`, `d.pop(k)`,
# `d.setdefault(k, v)`), a sequence's or a set's element (`xs.pop()`, `queue.popleft()`)
ITEM_CALLS = frozenset({"get", "pop", "popleft", "setdefault"})


def collection_item(source: bytes, receiver: Any) -> tuple[str, list[str], bool] | None:
    """A receiver that is an item of a collection, or an attribute path from one, as (the collection as written, a call
    as its chain, the attributes after the item, whether a method call took it): `("self.leaves", ["parent"], False)`
    of `self.leaves[0].parent`, `("files.pages()", [], False)` of `files.pages(..)[0]`, `("table", [], True)` of
    `table.get(key)` (ITEM_CALLS, on a name or an attribute path); None for any other (a slice, `xs[1:]`, is a
    collection itself; `grid[i, j]` is read by no rule of the language)."""
    attributes = []
    while receiver is not None and receiver.type == "attribute":
        attributes.append(node_text(source, receiver.child_by_field_name("attribute")))
        receiver = receiver.child_by_field_name("object")
    if receiver is not None and receiver.type == "call":  # `table.get(key)`: the collection as written
        method = receiver.child_by_field_name("function")
        if method is None or method.type != "attribute" or \
                node_text(source, method.child_by_field_name("attribute")) not in ITEM_CALLS:
            return None
        text = node_text(source, method.child_by_field_name("object"))
        return (text, attributes[::-1], True) if DOTTED.fullmatch(text) else None
    if receiver is None or receiver.type != "subscript":
        return None
    collection, indexes = receiver.child_by_field_name("value"), receiver.children_by_field_name("subscript")
    if collection is None or len(indexes) != 1 or indexes[0].type == "slice":
        return None
    if collection.type == "call":  # `files.pages()[0]`: the call as its chain (`files.pages()`)
        text = chain_text(source, collection)
        return (text, attributes[::-1], False) if text is not None else None
    text = node_text(source, collection) if collection.type in ("identifier", "attribute") else ""
    return (text, attributes[::-1], False) if DOTTED.fullmatch(text) else None


def entered_by(with_item: Any) -> str:
    """The method a `with` item's value is entered by: `__aenter__` in an `async with`, else `__enter__`."""
    statement = with_item.parent.parent if with_item.parent is not None else None
    is_async = statement is not None and statement.children and statement.children[0].type == "async"
    return "__aenter__" if is_async else "__enter__"


# What a `with` item binds, as its value ends (`Client().__enter__()`)
ENTERED = (".__enter__()", ".__aenter__()")


def head_name(text: str) -> str:
    """The name a value or a chain starts with (`env` of `env.from_string()`), or ""."""
    found = _WORD.match(text)
    return found.group() if found else ""
