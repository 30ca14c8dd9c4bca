"""Kotlin operator calls (pure, while parsing): okio's `path / "child"` calls Path's `operator fun div`, as
`buffer[0]` calls Buffer's `operator fun get`. The query (queries/kotlin.scm) records each such expression whose
operand is a name, `this`, a field or a call as a call named by its operator token, on that operand (`@receiver`);
receivers.py types the operand as for any call. Here the token becomes the function Kotlin calls (the Kotlin docs'
operator table), and an operator call whose operand's type is not known is dropped: `i + 1` on an untyped value
is no call of any project's `plus`, and guessing every `+` of a project would be noise.

The module of such a call is `operator(String)`: `OPERATOR_CALL` and the argument as jvm_arguments.py writes one,
so that jvm_graph.py picks the overload that takes it and never makes a GUESS of an operator (a receiver of a
library type, `size - 1` on an Int, finds no project function and must stay without an edge).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .python_bindings import BINDS_UNKNOWN

# An operator call dropped: a row of a kind parse_file stores no reference for (what names bind).
NO_REFERENCE = BINDS_UNKNOWN
# (expression node, operator token) -> the operator function called on the operand the query captured.
OPERATORS = {
    ("additive_expression", "+"): "plus", ("additive_expression", "-"): "minus",
    ("multiplicative_expression", "*"): "times", ("multiplicative_expression", "/"): "div",
    ("multiplicative_expression", "%"): "rem",
    ("range_expression", ".."): "rangeTo",
    ("comparison_expression", "<"): "compareTo", ("comparison_expression", ">"): "compareTo",
    ("comparison_expression", "<="): "compareTo", ("comparison_expression", ">="): "compareTo",
    # `x in p` is `p.contains(x)`: the query takes the right operand as the receiver
    ("check_expression", "in"): "contains", ("check_expression", "!in"): "contains",
    ("indexing_expression", "["): "get", ("directly_assignable_expression", "["): "set",
    ("prefix_expression", "-"): "unaryMinus", ("prefix_expression", "+"): "unaryPlus",
}
OPERATOR_NODES = frozenset(kind for kind, _token in OPERATORS)
_TOKENS = frozenset(token for _kind, token in OPERATORS)
OPERATOR_CALL = "operator"  # the prefix of an operator call's module


def operator_arguments(source: bytes, node: Any, argument: Callable[[Any], str]) -> str:
    """What an operator call passes, as jvm_arguments writes a call's (`(String)`): the other operand of a binary
    operator, the indices of `a[i, j]` (and the value of `a[i] = v`), nothing for a prefix one."""
    kind = node.type
    if kind in ("indexing_expression", "directly_assignable_expression"):
        suffix = next((child for child in node.named_children if child.type == "indexing_suffix"), None)
        passed = [argument(index) for index in suffix.named_children] if suffix is not None else []
        if kind == "directly_assignable_expression":
            passed.append("?")  # the value assigned (`set(index, value)`)
        return f"{OPERATOR_CALL}({','.join(passed)})"
    if kind == "prefix_expression":
        return f"{OPERATOR_CALL}()"
    operands = node.named_children
    if len(operands) != 2:
        return f"{OPERATOR_CALL}(?)"
    other = operands[0] if kind == "check_expression" else operands[1]
    return f"{OPERATOR_CALL}({argument(other)})"


def typed_operator_calls(enclosed: list[tuple[str, Any, str, str | None, Any]], qualifiers: dict[int, str]) -> None:
    """Name each operator call of `enclosed` (in place) by the function it calls; one whose operand's type is not
    known (a class, a field or `this`) becomes a `NO_REFERENCE` row, which parse_file stores nothing for (rows
    stay where they are: qualifiers and lines go by position)."""
    for position, (edge_type, node, name, module, definition) in enumerate(enclosed):
        if name not in _TOKENS or edge_type != "CALLS":
            continue
        function = OPERATORS.get((node.type, name))
        if function is None:
            continue
        qualifier = qualifiers.get(position)
        if qualifier is not None and (qualifier == "self" or qualifier.startswith((":", "~"))):
            enclosed[position] = (edge_type, node, function, module, definition)
        else:
            enclosed[position] = (NO_REFERENCE, node, name, module, definition)
