"""Where a Python `isinstance` test narrows a value (pure, beside python_qualifiers.py): inside `if isinstance(x, T):`
and an `elif`'s, after `assert isinstance(x, T)`, and after `if not isinstance(x, T):` whose block leaves (`return`,
`raise`, `continue`, `break`), to the end of the enclosing block or where it is assigned again, `x` (a name or a dotted
path) holds what it was known to hold and is a T. libcst's values declared a union of its node classes read
`result.warning_messages` under `isinstance(result, TransformSuccess)` as each member's attribute.
"""

from __future__ import annotations

import re
from typing import Any

from .grammars import node_text
from .python_annotations import normalize_type
from .python_chains import FIRST_NAME, chain_text

_ISINSTANCE = re.compile(rb"(?<![\w.])isinstance\s*\(")
# A line a narrowing test may be on: its statement's first, or a line of a condition written over several
_TESTING_LINE = re.compile(rb"[ \t]*(?:(?:if|elif|assert|and|not)\b|isinstance\b|\()")
# Between a value and the class a test narrows it to (`Particle()^BodyBase`): a test of a base class leaves a value of a
# subclass what it was (sympy's tests `assert isinstance(p, BodyBase)` of a Particle), a union keeps the members the
# test names, a value nothing typed is the class tested.
NARROWED = "^"
_LEAVING = frozenset({"return_statement", "raise_statement", "continue_statement", "break_statement"})


class Narrowing:
    """The spans where an `isinstance` test tells what a name or a dotted path holds, read once per file."""

    def __init__(self, source: bytes, node: Any) -> None:
        """The tests of the file `node` is a node of."""
        root = node
        while root.parent is not None:
            root = root.parent
        # tested text -> (start, end, the classes it holds there, `A|B`)
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        self.heads: set[bytes] = set()  # the names the tested texts start with
        self.source = source
        self._assignments: dict[str, re.Pattern[bytes]] = {}
        # (each `isinstance` call found by its text, then its statement: matching every `if` read sympy's files at
        # 102.18 million instructions a file, this 99.50)
        for found in _ISINSTANCE.finditer(source):
            if not _TESTING_LINE.match(source, source.rfind(b"\n", 0, found.start()) + 1):
                continue  # (a test in a `return` or an expression narrows nothing: most of sympy's)
            call = root.descendant_for_byte_range(found.start(), found.start())
            while call is not None and call.type != "call":
                call = call.parent
            test = _test(source, call) if call is not None else None
            if test is None:
                continue
            condition, negated = call, False
            while condition.parent is not None and (condition.parent.type == "parenthesized_expression" or (
                    condition.parent.type == "boolean_operator" and not negated and node_text(
                        source, condition.parent.child_by_field_name("operator")) == "and")):
                condition = condition.parent
            if condition.parent is not None and condition.parent.type == "not_operator":
                condition, negated = condition.parent, True
            statement = condition.parent
            if statement is None or condition.start_byte != (
                    (statement.child_by_field_name("condition") or statement.named_children[0]).start_byte):
                continue
            body = statement.child_by_field_name("consequence")
            tested, classes = test
            if statement.type in ("if_statement", "elif_clause") and body is not None and not negated:
                self._add(tested, body.start_byte, body.end_byte, classes)  # `if isinstance(x, T):`, an `elif`'s
            elif statement.parent is not None and (statement.type == "assert_statement" and not negated or (
                    statement.type == "if_statement" and negated and body is not None and body.named_children
                    and body.named_children[-1].type in _LEAVING)):
                # `assert isinstance(x, T)`, `if not isinstance(x, T): return`: the rest of the enclosing block
                self._add(tested, statement.end_byte, statement.parent.end_byte, classes)

    def _add(self, tested: str, start: int, end: int, classes: str) -> None:
        # (up to where the span assigns the name again: sympy's `if not isinstance(rv, Expr): return ..`, then `rv =
        # TR1(rv)`, holds what TR1 returns)
        assigned = self._assignments.get(tested)
        if assigned is None:  # (each name's pattern compiled once in the file)
            name = re.escape(tested.encode())
            assigned = self._assignments[tested] = re.compile(
                rb"(?<![\w.])" + name + rb"\s*(?:[-+*/%@&|^]|//|\*\*|<<|>>)?=(?!=)|\b(?:for|as)\s+" + name + rb"\b")
        again = assigned.search(self.source, start, end)
        end = again.start() if again else end
        self.spans.setdefault(tested, []).append((start, end, classes))
        self.heads.add(tested.partition(".")[0].encode())

    def receiver(self, source: bytes, receiver: Any) -> tuple[Any, str, list[str]] | None:
        """Where a test narrows a receiver or the path it starts with: that path's node, the classes the test names
        (`A|B`) and the attributes after it (`isinstance(x, Param)` for `x.comma`: x's node, `Param`, `["comma"]`)."""
        if not self.spans or receiver is None or receiver.type not in ("identifier", "attribute"):
            return None
        head = FIRST_NAME.match(source, receiver.start_byte)  # (read first: most receivers start with no tested name)
        if head is None or head.group() not in self.heads:
            return None
        text = chain_text(source, receiver)
        if text is None:
            return None
        parts = text.split(".")
        for size in range(len(parts), 0, -1):  # (the longest tested path it starts with)
            spans = self.spans.get(".".join(parts[:size]))
            found = [(start, classes) for start, end, classes in spans or () if start <= receiver.start_byte < end]
            if found:
                tested = receiver
                for _ in parts[size:]:
                    tested = tested.child_by_field_name("object")
                return tested, max(found)[1], parts[size:]
        return None


def narrowed(known: str, classes: str, attributes: list[str]) -> str:
    """A receiver's qualifier where a test narrows it to `classes`: what it is `known` to hold (a qualifier), each value
    narrowed (`Particle()^BodyBase`: the graph keeps the classes that are both, python_lookups.held), or the classes
    alone where nothing typed it."""
    values = known[1:] if known.startswith(":") and "::" not in known else ""
    held = "|".join(f"{value}{NARROWED}{each}" for value in values.split("|") for each in classes.split("|")) \
        if values else classes
    return ":" + "::".join([held, *attributes])


def _test(source: bytes, call: Any) -> tuple[str, str] | None:
    """(tested text, its classes `A|B`) of an `isinstance(x, A)` or `isinstance(x, (A, B))` call, x a dotted path."""
    if node_text(source, call.child_by_field_name("function")) != "isinstance":
        return None
    arguments = call.child_by_field_name("arguments")
    passed = arguments.named_children if arguments is not None else []
    if len(passed) != 2 or passed[0].type not in ("identifier", "attribute"):
        return None
    written = passed[1].named_children if passed[1].type == "tuple" else [passed[1]]
    classes = [normalize_type(node_text(source, each)) if each.type in ("identifier", "attribute") else None
               for each in written]
    tested = chain_text(source, passed[0])
    if tested is None or not classes or None in classes:
        return None
    return tested, "|".join(dict.fromkeys(classes))  # type: ignore[arg-type]
