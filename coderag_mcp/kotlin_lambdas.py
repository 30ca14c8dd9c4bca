"""Kotlin lambdas whose `this` or `it` is another value: `x.apply { f() }`, `with(x) { f() }`,
`x.run { }`, `x.also { it.f() }`, `x.let { it.f() }`, `buildString { append(1) }` (pure).

Inside `x.apply { ... }` a bare `f()` is `x.f()` when x's type has an `f`, else the outer scope's
`f`: its qualifier becomes `^` + x's (`^:Buffer`, `^?` when x is unknown), which jvm_graph.py reads
that way; `this.f()` there is `x.f()`. Inside `x.also { }` and `x.let { }`, `it` is x (in that
lambda itself, not in a lambda nested in it, which has its own `it`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .grammars import node_text as _text

# How each scope function's lambda sees its value: as `this` (a receiver) or as `it`; where the
# value is written: before the call (`x.apply`), or as its first argument (`with(x)`).
SCOPE_FUNCTIONS = {"apply": "this", "run": "this", "with": "this", "also": "it", "let": "it",
                   "takeIf": "it", "takeUnless": "it"}
# Builders whose lambda's receiver is a standard-library type: what is called on it is no project code's.
BUILDERS = {"buildString": ":StringBuilder", "buildList": ":MutableList", "buildSet": ":MutableSet",
            "buildMap": ":MutableMap"}


class LambdaScope(NamedTuple):
    start: int
    end: int
    lambda_node: Any
    value: str  # the qualifier of what `this` or `it` is: `:Buffer`, `=Name`, `?`
    seen_as: str  # "this" or "it"


def _lambda_of(call: Any) -> Any:
    suffix = next((child for child in call.named_children if child.type == "call_suffix"), None)
    annotated = next((c for c in suffix.named_children if c.type == "annotated_lambda"), None) if suffix else None
    return next((c for c in annotated.named_children if c.type == "lambda_literal"), None) if annotated else None


def lambda_scopes(enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                  name_nodes: dict[tuple[str, int, str], tuple[Any, Any]],
                  receiver: Callable[[Any, Any], str]) -> list[LambdaScope]:
    """The lambdas of the file's scope-function calls, innermost last when nested."""
    scopes: list[LambdaScope] = []
    for edge_type, node, name, _module, definition in enclosed:
        if edge_type != "CALLS" or (name not in SCOPE_FUNCTIONS and name not in BUILDERS):
            continue
        body = _lambda_of(node)
        if body is None:
            continue
        if name in BUILDERS:
            scopes.append(LambdaScope(body.start_byte, body.end_byte, body, BUILDERS[name], "this"))
            continue
        value_node = name_nodes.get((edge_type, node.start_byte, name), (None, None))[0]
        if name == "with":
            suffix = next((child for child in node.named_children if child.type == "call_suffix"), None)
            arguments = next((c for c in suffix.named_children if c.type == "value_arguments"), None) if suffix else None
            first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
            value_node = first.named_children[-1] if first is not None and first.named_children else None
        if value_node is None:
            continue  # `run { }`, `apply { }` on the enclosing `this`: nothing changes
        scopes.append(LambdaScope(body.start_byte, body.end_byte, body, receiver(value_node, definition),
                                  SCOPE_FUNCTIONS[name]))
    scopes.sort(key=lambda scope: (scope.start, -scope.end))
    return scopes


def _innermost(scopes: Sequence[LambdaScope], position: int, seen_as: str) -> LambdaScope | None:
    found = None
    for scope in scopes:
        if scope.start > position:
            break
        if position < scope.end and scope.seen_as == seen_as:
            found = scope
    return found


def _innermost_lambda(node: Any) -> Any:
    current = node.parent
    while current is not None and current.type != "lambda_literal":
        current = current.parent
    return current


def in_lambda(scopes: Sequence[LambdaScope], position: int, qualifier: str | None, receiver_node: Any,
              receiver_text: str | None) -> str | None:
    """The qualifier of a call at `position` given the lambdas around it (`qualifier` when none applies)."""
    if receiver_node is None:
        if qualifier is not None:
            return qualifier  # a variable of the function (`local`)
        scope = _innermost(scopes, position, "this")
        return "^" + scope.value if scope is not None else None
    if receiver_node.type == "this_expression" and receiver_text == "this":
        scope = _innermost(scopes, position, "this")
        return scope.value if scope is not None else qualifier
    if receiver_node.type == "simple_identifier" and receiver_text == "it":
        scope = _innermost(scopes, position, "it")
        if scope is not None and _innermost_lambda(receiver_node) == scope.lambda_node \
                and not any(c.type == "lambda_parameters" for c in scope.lambda_node.named_children):
            return scope.value
    return qualifier


def in_lambdas(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
               name_nodes: dict[tuple[str, int, str], tuple[Any, Any]], receiver: Any,
               qualifiers: dict[int, str]) -> None:
    """Kotlin: a call in `x.apply { }`, `with(x) { }`, `x.also { it.f() }` is (maybe) on x."""
    scopes = lambda_scopes(enclosed, name_nodes, receiver)
    if not scopes:
        return
    for position, (edge_type, node, name, _module, _definition) in enumerate(enclosed):
        if edge_type != "CALLS" or node.start_byte < scopes[0].start:
            continue
        receiver_node = name_nodes.get((edge_type, node.start_byte, name), (None, None))[0]
        written = _text(source, receiver_node) if receiver_node is not None else None
        qualifier = in_lambda(scopes, node.start_byte, qualifiers.get(position), receiver_node, written)
        if qualifier is not None:
            qualifiers[position] = qualifier


def labelled_this(source: bytes, node: Any, classes: Sequence[str]) -> str | None:
    """What Kotlin's `this@Label` is: the innermost class's instance (`self`) where Label names it, an outer class's
    (`:Outer`: moshi's `this@LinkedHashTreeMap.clear()` in its inner KeySet's `clear`, which was KeySet's own) where it
    names one around, else a lambda's receiver nobody typed here (`?`); None for a `this` without a label. `classes`:
    the qualified names of the classes around, innermost first (receiver_scopes.classes_of)."""
    label = next((child for child in node.children if child.type == "type_identifier"), None)
    if label is None:
        return None
    name = _text(source, label)
    simple = [qualified.rpartition(".")[2] for qualified in classes]
    return "self" if simple[:1] == [name] else f":{name}" if name in simple else "?"
