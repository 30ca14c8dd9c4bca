"""What a Ruby call's receiver holds, where the file says it: a local variable every assignment of its method makes
with `C.new(..)`, or an instance variable (`@poller`) every assignment in its class makes so. Pure, per file, while
parsing: name_receivers.py stores `:C`, which name_graph.py resolves to C's method of the name (or the one C inherits).

An agent's audit of sidekiq found `@poller = Sidekiq::Scheduled::Poller.new(@config)` in `Launcher#initialize`, then
`@poller.terminate` in `stop`, without an edge (`terminate` is also `Enq`'s, so no guess by name either).

An instance variable's methods see one object: `@x` in `def m` is the instance's, in `def self.m`, in `class << self`
or in the class's body the class object's (two variables). A variable bound any other way in its scope (a parameter,
`a, b = ..`, a block's parameter, `for x in`, `rescue => x`, an `attr_writer`/`attr_accessor` that lets others set
it) holds what the file cannot tell.
"""

from __future__ import annotations

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
(call method: (identifier) @writer arguments: (argument_list) @binding
  (#any-of? @writer "attr_writer" "attr_accessor"))
""")
_METHODS = frozenset({"method", "singleton_method"})
_CLASSES = frozenset({"class", "module", "singleton_class"})
_LOCAL_SCOPES = _METHODS | _CLASSES | frozenset({"program", "lambda"})
_VARIABLES = frozenset({"identifier", "instance_variable", "simple_symbol"})


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


def _bound_names(binding: Any) -> list[str]:
    """The variables a binding other than `x = ..` binds: `@x`, `x` or `:x` (an attr_writer's), however nested."""
    found, pending = [], [binding]
    while pending:
        node = pending.pop()
        if node.type in _VARIABLES:
            text = node.text.decode("utf-8", "replace")
            found.append("@" + text[1:] if node.type == "simple_symbol" else text)
        elif node.type not in ("block", "do_block", "lambda"):  # (a default value's block binds its own)
            pending.extend(node.named_children)
    return found


class RubyReceivers:
    """The variables of one Ruby file, each scope's bindings read once."""

    def __init__(self) -> None:
        self._held: dict[tuple[int, bool], dict[str, str | None]] = {}

    def qualifier(self, receiver: Any) -> str | None:
        """`:C` for a receiver that holds an object of class C, by what the file assigns it; else None."""
        if receiver.type == "identifier":
            scope = _local_scope(receiver)
            key = (scope, False) if scope is not None else None
        elif receiver.type == "instance_variable":
            key = _instance_scope(receiver)
        else:
            return None
        if key is None:
            return None
        held = self._variables(*key).get(receiver.text.decode("utf-8", "replace"))
        return ":" + held if held else None

    def _variables(self, scope: Any, class_level: bool) -> dict[str, str | None]:
        """What each variable of a scope holds: a class's name when every binding of it makes one of that class."""
        key = (scope.start_byte, class_level)
        if key in self._held:
            return self._held[key]
        instance = scope.type in _CLASSES
        made: dict[str, set[str | None]] = {}
        for _pattern, captures in query_matches(get_query("ruby", _BINDINGS), scope):
            if "assigned" in captures:
                assigned = captures["assigned"][0]
                names = [assigned.text.decode("utf-8", "replace")] if assigned.type in _VARIABLES else []
                value = created_class(captures["value"][0])
                where = assigned
            else:
                where = captures["binding"][0]
                names, value = _bound_names(where), None
            for name in names:
                if name.startswith("@") != instance or name.startswith("@@"):
                    continue
                own = _instance_scope(where) if instance else (_local_scope(where), False)
                if own is not None and own[0] == scope and own[1] == class_level:
                    made.setdefault(name, set()).add(value)
        held = self._held[key] = {name: next(iter(values)) if len(values) == 1 else None
                                  for name, values in made.items()}
        return held
