"""What a Python loop variable iterates (pure, beside python_qualifiers.py, which types it): the value a `for` (or a
comprehension's `for`) takes its variable's values from. `for leaf in self.leaves:` of `leaves: List[Leaf]` gives
Leafs, so `leaf.render()` is Leaf's; black's and rich's loops over annotated lists and their comprehensions (black: 67
of them) left every call in them a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .grammars import node_text
from .python_chains import CALL, chain_text, is_chain

LOOPS = frozenset({"for_statement", "for_in_clause"})
# What iterating an attribute gives, as the attribute's name with this mark (`leaves[]`): a class's declared elements
# are stored under it, and a loop variable over another class's attribute holds `Line::leaves[]` (python_lookups.py).
ELEMENTS = "[]"

# Calls that give the values of the one iterable they are passed, in turn (`for leaf in reversed(line.leaves)`).
_PASSING_ON = frozenset({"reversed", "sorted", "list", "tuple", "set", "frozenset", "iter"})


def type_loop_variables(source: bytes, loops: list[tuple[tuple[str, str], Any, str, Any]],
                        bindings: defaultdict[tuple[str, str], set[str]], element_of: Callable[[str, Any], str],
                        called_chain: Callable[[str, Any], str]) -> None:
    """Add each loop's variable's value to `bindings`, by (scope, name): what its iterable's declared elements are
    (`element_of` a variable or an attribute, `called_chain` a call's chain), outer loops first (`for leaf in
    line.leaves` of `for line in self.lines`). A comprehension's variable is its own, and one a `for` unpacks was never
    bound: typed only where the function binds the name nowhere else (sympy's test binds `G = PermutationGroup(..)`,
    then `[G.order() for G in ..]`)."""
    assigned = set(bindings) | {key for key, node, _name, _definition in loops if bound_whole(node)}
    for key, node, name, definition in sorted(loops, key=lambda loop: loop[1].start_byte):
        iterable = iterated(source, node, name)
        text = chain_text(source, iterable) if iterable is not None else None
        if text is None:
            value = "?"
        elif iterable.type == "call":  # `for c in list_comments(..)`, `for n in line.nodes()`: the call's result's
            value = call_elements(called_chain(text, definition).removeprefix(":"))
        else:
            value = element_of(text, definition)
        if bound_whole(node) or value != "?" and key not in assigned:
            bindings[key].add(value)


def bound_whole(loop: Any) -> bool:
    """Whether a loop's variable is the function's, unknown when its collection says nothing: a `for` statement's one
    name. A comprehension's names are its own, and names a `for` unpacks (`for text, style, _ in line:`) were never
    bound: a name the function assigns too keeps what that says (rich's `style = style or Style()` right after)."""
    left = loop.child_by_field_name("left")
    return loop.type == "for_statement" and left is not None and left.type == "identifier"


def iterated(source: bytes, loop: Any, name: str) -> Any:
    """The expression whose values the variable `name` of this loop takes, or None when they are not its values alone:
    `xs` of `for x in xs`, `for x in reversed(xs)` and `for i, x in enumerate(xs)`."""
    left, right = loop.child_by_field_name("left"), loop.child_by_field_name("right")
    if left is None or right is None:
        return None
    if left.type == "identifier":
        return _passed_on(source, right, _PASSING_ON) or right
    if left.type in ("pattern_list", "tuple_pattern") and len(left.named_children) == 2:
        second = left.named_children[1]
        if second.type == "identifier" and node_text(source, second) == name:
            return _passed_on(source, right, frozenset({"enumerate"}))
    return None


def _passed_on(source: bytes, expression: Any, functions: frozenset[str]) -> Any:
    """The iterable a call of one of `functions` is passed first (`xs` of `reversed(xs)`, `sorted(xs, key=f)`,
    `enumerate(xs, 1)`), or None."""
    if expression.type != "call":
        return None
    function, arguments = expression.child_by_field_name("function"), expression.child_by_field_name("arguments")
    if function is None or function.type != "identifier" or node_text(source, function) not in functions:
        return None
    passed = arguments.named_children if arguments is not None else []
    if not passed or passed[0].type in ("keyword_argument", "list_splat", "dictionary_splat") or (
            len(passed) > 1 and node_text(source, function) == "iter"):  # (`iter(read, b"")` calls `read`)
        return None
    return passed[0]


def call_elements(value: str) -> str:
    """A value a call made (`list_comments()`, `Line.nodes()`) as what iterating it gives (`list_comments()[]`), which
    the graph reads from the function's declared return (python_lookups.called_elements); `?` for anything else."""
    return value + ELEMENTS if value.endswith(CALL) and "|" not in value and not is_chain(value) else "?"
