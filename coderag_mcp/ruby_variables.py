"""What a Ruby call's receiver holds, where the file says it: a local variable every assignment of its scope (a method,
a class's body, the file) makes with `C.new(..)`, or an instance variable (`@poller`) every assignment in its class
makes so. Pure, per file, while parsing: name_receivers.py stores `:C`, which name_graph.py resolves to C's method of
the name (or the one C inherits).

An agent's audit of sidekiq found `@poller = Sidekiq::Scheduled::Poller.new(@config)` in `Launcher#initialize`, then
`@poller.terminate` in `stop`, without an edge (`terminate` is also `Enq`'s, so no guess by name either).

An instance variable's methods see one object: `@x` in `def m` is the instance's, in `def self.m`, in `class << self`
or in the class's body the class object's (two variables). A variable bound any other way in its scope (a parameter,
`a, b = ..`, a block's parameter, `for x in`, `rescue => x`, an `attr_writer`/`attr_accessor` that lets others set
it) holds what the file cannot tell.
"""

from __future__ import annotations

import re
from typing import Any

from .grammars import get_query, helper_query, query_matches
from .ruby_calls import created_class

_BINDINGS = helper_query("ruby", """
(assignment left: (_) @assigned right: (_) @value)
(operator_assignment left: (_) @assigned right: (_) @value)
(left_assignment_list) @binding
(block_parameters) @binding
(lambda_parameters) @binding
(method_parameters) @binding
(for pattern: (_) @binding)
(exception_variable) @binding
""")
# An `attr_writer :x` or `attr_accessor :x` lets any caller set `@x` (read from the class's text: a query's text
# predicate on every call cost more than the rest).
_WRITERS = re.compile(rb"\battr_(?:writer|accessor)\b([^\n]*)")
_METHODS = frozenset({"method", "singleton_method"})
_CLASSES = frozenset({"class", "module", "singleton_class"})
_LOCAL_SCOPES = _METHODS | _CLASSES | frozenset({"program", "lambda"})
_VARIABLES = frozenset({"identifier", "instance_variable"})


def _local_scope(node: Any) -> Any:
    """The method (or class body, lambda, file) whose local variables a node's are."""
    node = node.parent
    while node is not None and node.type not in _LOCAL_SCOPES:
        node = node.parent
    return node


def _instance_scope(node: Any) -> tuple[Any, bool] | None:
    """The class an instance variable belongs to, and whether to its class object (`def self.m`, `class << self`,
    the class's body) rather than its instances (`def m`); None outside a class."""
    method = None
    node = node.parent
    while node is not None and node.type not in _CLASSES:
        if node.type in _METHODS and method is None:
            method = node
        node = node.parent
    if node is None:
        return None
    return node, node.type == "singleton_class" or method is None or method.type == "singleton_method"


# A variable's scope: (`@`, its class, whether the class object's) for an instance variable, (``, the method, class
# body, lambda or file, False) for a local.
Scope = tuple[str, Any, bool]


def _scope_of(node: Any, name: str) -> Scope | None:
    """The scope of the variable `name` that `node` binds or reads; None for an instance variable outside a class."""
    if name.startswith("@"):
        found = _instance_scope(node)
        return ("@", *found) if found is not None else None
    scope = _local_scope(node)
    return ("", scope, False) if scope is not None else None


def _bound_names(binding: Any) -> list[str]:
    """The variables a binding other than `x = ..` binds: `@x` or `x`, however nested."""
    found, pending = [], [binding]
    while pending:
        node = pending.pop()
        if node.type in _VARIABLES:
            found.append(node.text.decode("utf-8", "replace"))
        elif node.type not in ("block", "do_block", "lambda"):  # (a default value's block binds its own)
            pending.extend(node.named_children)
    return found


class RubyReceivers:
    """The variables of one Ruby file, its bindings read at once (one query of the file) when a receiver first asks."""

    def __init__(self) -> None:
        # a scope's key (its kind, its node's start, its level) -> name -> what it holds
        self._held: dict[tuple[str, int, bool], dict[str, str | None]] | None = None
        self._typed: set[str] = set()  # the names any scope's variable of which holds a known class

    def qualifier(self, receiver: Any) -> str | None:
        """`:C` for a receiver that holds an object of class C, by what the file assigns it; else None."""
        if receiver.type not in ("identifier", "instance_variable"):
            return None
        if self._held is None:
            root = receiver
            while root.parent is not None:
                root = root.parent
            self._held = _variables(root)
            self._typed = {name for names in self._held.values() for name, held in names.items() if held}
        name = receiver.text.decode("utf-8", "replace")
        if name not in self._typed:  # (most receivers: no scope looked for)
            return None
        scope = _scope_of(receiver, name)
        held = self._held.get(_key(scope), {}).get(name) if scope is not None else None
        return ":" + held if held else None


def _key(scope: Scope) -> tuple[str, int, bool]:
    kind, node, class_level = scope
    return kind, node.start_byte, class_level


def _variables(root: Any) -> dict[tuple[str, int, bool], dict[str, str | None]]:
    """What each variable of each scope of a file holds: a class's name when every binding of it makes one of that
    class, else None. (One query of the file, for a file that makes an object; a second cost a fifth of its parse.)"""
    made: dict[tuple[str, int, bool], dict[str, set[str | None]]] = {}
    classes: dict[tuple[str, int, bool], Any] = {}  # an instance variable's key -> its class
    if b".new" not in root.text:
        return {}
    found = query_matches(get_query("ruby", _BINDINGS), root)
    # The names an assignment makes an object for (`x = Foo.new(..)`): only their other bindings are read
    wanted = {captures["assigned"][0].text for _pattern, captures in found
              if "assigned" in captures and created_class(captures["value"][0]) is not None}
    bare = {name.lstrip(b"@") for name in wanted}
    for _pattern, captures in found if wanted else ():
        if "assigned" in captures:
            where = captures["assigned"][0]
            if where.text not in wanted:
                continue
            names = [where.text.decode("utf-8", "replace")] if where.type in _VARIABLES else []
            value = created_class(captures["value"][0])
        else:
            where = captures["binding"][0]
            text = where.text
            if not any(name in text for name in bare):
                continue
            names, value = _bound_names(where), None
        for name in names:
            if name.startswith("@@") or name.encode() not in wanted:
                continue
            scope = _scope_of(where, name)
            if scope is not None:
                key = _key(scope)
                made.setdefault(key, {}).setdefault(name, set()).add(value)
                if scope[0] == "@":
                    classes[key] = scope[1]
    held = {key: {name: next(iter(values)) if len(values) == 1 else None for name, values in names.items()}
            for key, names in made.items()}
    if classes and b"attr_" in root.text:
        for key, holder in classes.items():
            written = _written_attributes(holder)
            held[key].update((name, None) for name in held[key] if name[1:] in written)
    return held


def _written_attributes(holder: Any) -> set[str]:
    """The attributes an `attr_writer` or `attr_accessor` of a class declares."""
    return {symbol.decode() for line in _WRITERS.findall(holder.text) for symbol in re.findall(rb":(\w+)", line)}
