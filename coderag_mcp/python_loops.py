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
from .python_chains import CALL, FIRST_NAME, chain_text, is_chain

LOOPS = frozenset({"for_statement", "for_in_clause"})
# What iterating an attribute gives, as the attribute's name with this mark (`leaves[]`): a class's declared elements
# are stored under it, and a loop variable over another class's attribute holds `Line::leaves[]` (python_lookups.py).
ELEMENTS = "[]"
# What an item of an attribute holds (`xs[i]`, `d[key]`, `d.values()`), marked so: a sequence's elements, a mapping's
# values (`by_name{}` of `by_name: Dict[str, Leaf]`), stored beside the elements.
ITEMS = "{}"

# Calls that give the values of the one iterable they are passed, in turn (`for leaf in reversed(line.leaves)`).
_PASSING_ON = frozenset({"reversed", "sorted", "list", "tuple", "set", "frozenset", "iter"})


def type_loop_variables(source: bytes, loops: list[tuple[tuple[str, str], Any, str, Any]],
                        bindings: defaultdict[tuple[str, str], set[str]], declared: set[tuple[str, str]],
                        element_of: Callable[..., str], called_chain: Callable[[str, Any], str]
                        ) -> ComprehensionNames:
    """Add each `for` statement's variable's value to `bindings`, by (scope, name): what its iterable's declared
    elements are (`element_of` a variable or an attribute, `called_chain` a call's chain), outer loops first (`for leaf
    in line.leaves` of `for line in self.lines`); and return the names comprehensions bind, which are theirs alone.
    A variable `declared` a type holds that type. A name a `for` unpacks was never bound: it is typed where the
    function binds it nowhere else or only as a loop's variable (another loop's `h` holds that loop's values too)."""
    assigned = set(bindings)
    loop_names = {key for key, node, _name, _definition in loops if bound_whole(node)}
    comprehensions = ComprehensionNames()
    for key, node, name, definition in sorted(loops, key=lambda loop: loop[1].start_byte):
        iterable, of_mapping = iterated(source, node, name)
        text = chain_text(source, iterable) if iterable is not None else None
        own = comprehensions.receiver(source, iterable) if text is not None and node.type == "for_in_clause" else None
        if text is None or of_mapping and (own is not None or iterable.type == "call"):
            value = "?"
        elif of_mapping:  # `for v in d.values()`, `for k, v in d.items()` of `d: Dict[str, Leaf]`
            value = element_of(text, definition, ITEMS)
        elif own is not None and iterable.type == "call":  # `for n in line.nodes()` of a comprehension's own `line`
            head, _, rest = text.partition(".")
            held = comprehensions.value_at(iterable.start_byte, head) or "?"
            value = call_elements(f"{held}.{rest}") if rest and "::" not in held and held != "?" else "?"
        elif own is not None:  # `for leaf in line.leaves` of a comprehension's own `line`
            value = own[1:] + ELEMENTS if own.startswith(":") and "::" in own else "?"
        elif iterable.type == "call":  # `for c in list_comments(..)`, `for n in line.nodes()`: the call's result's
            value = call_elements(called_chain(text, definition).removeprefix(":"))
        else:
            value = element_of(text, definition)
        if node.type == "for_in_clause":
            comprehensions.add(node, name, value)
        elif key in declared:
            continue
        elif bound_whole(node) or key in loop_names or value != "?" and key not in assigned:
            bindings[key].add(value)
    return comprehensions


class ComprehensionNames:
    """The names comprehensions bind, each seen inside its comprehension only (`k = Col()`, then `[k.width() for k in
    others]`: that `k` is an Other, the function's still a Col; merged, both were one of the two), and not by the
    iterable of its own clause or of the clauses before it, which the enclosing scope evaluates."""

    def __init__(self) -> None:
        # name (as the source's bytes) -> (comprehension's start, end, value, the byte ranges where it is not yet bound)
        self.bound: dict[bytes, list[tuple[int, int, str, list[tuple[int, int]]]]] = defaultdict(list)

    def add(self, clause: Any, name: str, value: str) -> None:
        scope = clause.parent
        if scope is None:
            return
        unbound = [(right.start_byte, right.end_byte) for each in scope.named_children
                   if each.type == "for_in_clause" and each.start_byte <= clause.start_byte
                   and (right := each.child_by_field_name("right")) is not None]
        self.bound[name.encode()].append((scope.start_byte, scope.end_byte, value, unbound))

    def value_at(self, position: int, name: str) -> str | None:
        """What `name` holds at this byte when a comprehension around it binds it (the innermost), else None."""
        found = [(start, value) for start, end, value, unbound in self.bound.get(name.encode(), ())
                 if start <= position < end and not any(low <= position < high for low, high in unbound)]
        return max(found)[1] if found else None

    def receiver(self, source: bytes, receiver: Any) -> str | None:
        """A receiver's qualifier (python_qualifiers' form) when it starts with a comprehension's own name: `:Leaf`,
        `:Leaf::parent` for `leaf.parent`, `?` when its value is unknown or a call follows; None for any other."""
        if not self.bound or receiver is None:
            return None
        found = FIRST_NAME.match(source, receiver.start_byte)  # (the name it starts with, read first: most are no such name)
        head = found.group() if found else b""
        value = self.value_at(receiver.start_byte, head.decode()) if head in self.bound else None
        if value is None:
            return None
        text = chain_text(source, receiver) if receiver.type != "identifier" else head.decode()
        rest = text.partition(".")[2] if text is not None else "("  # (`k[0].f()`, `k.f()()`: no chain of it)
        return "?" if value == "?" or "(" in rest else ":" + "::".join([value, *filter(None, rest.split("."))])


def bound_whole(loop: Any) -> bool:
    """Whether a loop's variable is the function's, unknown when its collection says nothing: a `for` statement's one
    name. A comprehension's names are its own, and names a `for` unpacks (`for text, style, _ in line:`) were never
    bound: a name the function assigns too keeps what that says (rich's `style = style or Style()` right after)."""
    left = loop.child_by_field_name("left")
    return loop.type == "for_statement" and left is not None and left.type == "identifier"


def iterated(source: bytes, loop: Any, name: str) -> tuple[Any, bool]:
    """The expression whose values the variable `name` of this loop takes, and whether they are its values as a
    mapping's (`d` of `for v in d.values()` and of `for k, v in d.items()`; its keys are its elements, `k`, `for k in
    d.keys()`); None when they are not its values alone: `xs` of `for x in xs`, `for x in reversed(xs)`, `for i, x in
    enumerate(xs)` and `for x in xs[1:]`."""
    left, right = loop.child_by_field_name("left"), loop.child_by_field_name("right")
    if left is None or right is None:
        return None, False
    right = either_or_empty(right)  # `for route in self.routes or []`
    if left.type == "identifier":
        return _values_of(source, _passed_on(source, right, _PASSING_ON) or right)
    if left.type in ("pattern_list", "tuple_pattern") and len(left.named_children) == 2:
        first, second = left.named_children
        mapping = _viewed(source, _passed_on(source, right, _PASSING_ON) or right, "items")
        if second.type == "identifier" and node_text(source, second) == name:
            return (mapping, True) if mapping is not None else (_passed_on(source, right, frozenset({"enumerate"})),
                                                                False)
        if mapping is not None and first.type == "identifier" and node_text(source, first) == name:
            return mapping, False  # `k` of `for k, v in d.items()`: its keys
    return None, False


def copied(source: bytes, expression: Any) -> tuple[Any, bool, bool] | None:
    """What a collection assigned a new one of another is made from: (the other, whether of a mapping's values,
    whether a copy of it whole, its items too): `xs` of `xs.copy()` and of `sorted(xs)`, `list(xs[1:])`, `[] if xs is
    None else list(xs)`; `d` of `list(d.values())`. None for any other value."""
    expression = either_or_empty(expression)
    if expression is None or expression.type != "call":
        return None
    if (whole := _viewed(source, expression, "copy")) is not None:
        return whole, False, True
    passed = _passed_on(source, expression, _PASSING_ON)
    return (*_values_of(source, passed), False) if passed is not None else None


def _values_of(source: bytes, iterable: Any) -> tuple[Any, bool]:
    """The collection iterating `iterable` takes its values from, and whether they are a mapping's values: `d` of
    `d.values()` (True) and of `d.keys()`, `xs` of `xs[1:]`, else the iterable itself (of a mapping, its keys)."""
    if (mapping := _viewed(source, iterable, "values")) is not None:
        return mapping, True
    return _viewed(source, iterable, "keys") or _sliced(iterable), False


# Values that hold no item: the other branch of `xs or []`, `[] if xs is None else list(xs)` says what the items are.
_EMPTY = frozenset({"none", "list", "tuple", "dictionary", "set"})


def either_or_empty(expression: Any) -> Any:
    """The value of `xs or []`, `list(xs) if xs else ()`, `[] if xs is None else list(xs)` that is not an empty
    literal (`xs`, `list(xs)`), or the expression itself."""
    if expression is None or expression.type not in ("boolean_operator", "conditional_expression"):
        return expression
    named = expression.named_children
    operator = expression.child_by_field_name("operator")
    if expression.type == "boolean_operator" and (len(named) != 2 or operator is None or operator.type != "or"):
        return expression
    first, last = named[0], named[-1]
    if last.type in _EMPTY and not last.named_children:
        return first
    return last if first.type in _EMPTY and not first.named_children else expression


def _viewed(source: bytes, expression: Any, view: str) -> Any:
    """The mapping a call of its `view` method is on (`d` of `d.values()`), or None."""
    if expression.type != "call" or not source.endswith(f".{view}()".encode(), 0, expression.end_byte):
        return None
    function, arguments = expression.child_by_field_name("function"), expression.child_by_field_name("arguments")
    if function is None or function.type != "attribute" or arguments is None or arguments.named_children:
        return None
    attribute = function.child_by_field_name("attribute")
    return function.child_by_field_name("object") if node_text(source, attribute) == view else None


def _sliced(expression: Any) -> Any:
    """The collection a slice is of (`xs` of `xs[1:]`: its elements), else the expression itself."""
    if expression.type == "subscript":
        indexes = expression.children_by_field_name("subscript")
        if len(indexes) == 1 and indexes[0].type == "slice":
            return expression.child_by_field_name("value")
    return expression


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


def call_elements(value: str, suffix: str = ELEMENTS) -> str:
    """A value a call made (`list_comments()`, `Line.nodes()`) as what iterating it gives (`list_comments()[]`), which
    the graph reads from the function's declared return (python_lookups.called_elements); with `suffix` ITEMS, what an
    item of it holds (`make_map(){}`: a mapping's values, not its keys); `?` for anything else."""
    return value + suffix if value.endswith(CALL) and "|" not in value and not is_chain(value) else "?"
