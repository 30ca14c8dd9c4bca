"""A Python class's attributes assigned in its methods, and the reads and writes of attributes (pure, per file).

`self.timeout = timeout` in httpx's `Client.__init__` defines `Client.timeout` as much as `timeout = 5` in the class
body would: the first assignment to `self.NAME` (`self.NAME: T = ...`, `self.a, self.b = ...`) in a method of a class
is a variable of the class at that line (`instance_attributes`), unless the class defines NAME itself (a method, a
property, a nested class or a class-level variable: that definition stands). The method's own first parameter is the
instance (`self`, `cls` in a classmethod, whatever it is called); a staticmethod has none, and a function nested in a
method is no method (its `self` may be anything).

Every `x.NAME`, `x.y.NAME` and `f().NAME` that is not the function of a call or a decorator is an attribute read
(`@reference.read`, python.scm), a write when it is assigned. Only those whose receiver the graph can type are kept
(`typed_read`: `self`, `super()`, a variable of a known type, `self.transport`, `Client(...)`, a class by its name,
`Color.RED`: python_qualifiers.py), stored as USES references marked READ_MODULE (WRITE_MODULE), which
python_graph.py ties to what the nearest class along the receiver's MRO declares by the name (the attribute, a
property, a method read without a call), never to anything else: `os.path`, `request.args` on an untyped receiver
would be a reference that resolves to nothing, and there are many (Django: 97,000 attributes read, 31,000 on
`self`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tree_sitter import Node

from .definitions import Definition
from .enums import VARIABLE_KIND
from .python_bindings import ATTRIBUTE_READ, BINDS_UNKNOWN
# The module a stored attribute read carries (a USES reference has no other module): the resolver and
# find_references tell it from an annotation's USES by it. An assignment carries WRITE_MODULE: of a property's getter
# and setter (httpx's `Headers.encoding`), a read is the getter's use, an assignment the setter's.
READ_MODULE = "."
WRITE_MODULE = "="
ACCESS_MODULES = (READ_MODULE, WRITE_MODULE)

_TARGETS = ("pattern_list", "tuple_pattern")  # `self.a, self.b = 1, 2`
# What follows a called attribute, and an assigned one (read by one match each: every attribute is asked, 80,000 in a
# third of Django's files).
_CALL_AFTER = re.compile(rb"[ \t]*\(")
_ASSIGNMENT_AFTER = re.compile(rb"[ \t]*(?::|=(?!=))")


def _called(source: bytes, node: Node) -> bool:
    """Whether the attribute is what a call calls (`self.f()`: a CALLS reference of its own) or a decorator
    (`@bp.context_processor`: a DECORATES one): in Python, an expression followed by `(` is called. Told by the
    text, not the tree: a node's parent is a walk down from the root (a read of the parent per attribute cost 4% of
    a parse)."""
    if _CALL_AFTER.match(source, node.end_byte):
        return True
    start = node.start_byte - 1
    while start >= 0 and source[start:start + 1] in (b" ", b"\t"):
        start -= 1
    if source[start:start + 1] != b"@":
        return False
    line_start = source.rfind(b"\n", 0, start) + 1
    return not source[line_start:start].strip()  # (`a @ b.c` multiplies matrices)


def _written(source: bytes, node: Node) -> bool:
    """Whether the attribute is assigned (`self.x = 1`, not `self.x == 1`; `self.x: T = 1`), by the text after it. A
    colon after it annotates an assignment only where the attribute starts its line and the tree says so: `if
    new_text != self.plain:` (rich's, in `plain`'s setter), `a[self.start:]` and `{self.key: 1}` read it (the
    reads were the property's setter's uses). (A node's parent is a walk from the root: asked for those alone.)"""
    after = _ASSIGNMENT_AFTER.match(source, node.end_byte)
    if after is None or not after.group().endswith(b":"):
        return after is not None
    line_start = source.rfind(b"\n", 0, node.start_byte) + 1
    if source[line_start:node.start_byte].strip():
        return False
    parent = node.parent
    return parent is not None and parent.type == "assignment"


def attribute_reads(source: bytes, references: list[tuple[str, Node, str, str | None]]
                    ) -> list[tuple[str, Node, str, str | None]]:
    """The references without the attribute reads that are a call's function."""
    return [ref for ref in references if ref[0] != ATTRIBUTE_READ or not _called(source, ref[1])]


def _instance_name(source: bytes, method: Definition) -> str | None:
    """The name of the method's first parameter, the instance (the class in a classmethod); None for a
    staticmethod or a method without one."""
    if method.span.type == "decorated_definition" and any(
            child.type == "decorator" and source[child.start_byte:child.end_byte].strip() in (b"@staticmethod",)
            for child in method.span.children):
        return None
    parameters = method.node.child_by_field_name("parameters")
    first = next(iter(parameters.named_children), None) if parameters is not None else None
    if first is not None and first.type == "typed_parameter":  # `self: T`
        first = next((child for child in first.named_children if child.type == "identifier"), None)
    if first is None or first.type != "identifier":
        return None
    return source[first.start_byte:first.end_byte].decode("utf-8", "replace")


def _assigned(node: Node) -> bool:
    """Whether the attribute is a target of an assignment (`self.x = 1`, `self.x: T = 1`, `self.a, self.b = ...`)."""
    target, parent = node, node.parent
    if parent is not None and parent.type in _TARGETS:
        target, parent = parent, parent.parent
    if parent is None or parent.type != "assignment":
        return False
    left = parent.child_by_field_name("left")
    return left is not None and left.start_byte == target.start_byte and left.end_byte == target.end_byte


def _method_around(node: Node, methods: dict[int, Definition]) -> Definition | None:
    """The method whose body holds the node, None when a nested function, lambda or class is nearer."""
    around = node.parent
    while around is not None:
        if around.type == "function_definition":
            return methods.get(around.start_byte)
        if around.type in ("lambda", "class_definition"):
            return None
        around = around.parent
    return None


def instance_attributes(source: bytes, definitions: Sequence[Definition],
                        references: Sequence[tuple[str, Node, str, str | None]]) -> list[Definition]:
    """The variables that methods' first assignments to `self.NAME` define, one per class and name, in file order."""
    methods = {d.node.start_byte: d for d in definitions if d.kind == "method" and d.parent is not None
               and d.parent.kind == "class"}
    if not methods:
        return []
    defined = {d.qualified_name for d in definitions}
    instances: dict[int, str | None] = {}
    found: list[Definition] = []
    # (by the text first: `_assigned` reads parents, a walk down from the root each)
    assigned = [ref for ref in references if ref[0] == ATTRIBUTE_READ and (
        _written(source, ref[1]) or source[ref[1].end_byte:ref[1].end_byte + 1] == b",")]
    for edge_type, node, name, _module in sorted(assigned, key=lambda ref: ref[1].start_byte):
        receiver = node.child_by_field_name("object")
        if receiver is None or receiver.type != "identifier" or not _assigned(node):
            continue
        method = _method_around(node, methods)
        if method is None:
            continue
        if id(method) not in instances:
            instances[id(method)] = _instance_name(source, method)
        instance = instances[id(method)]
        if instance is None or source[receiver.start_byte:receiver.end_byte].decode("utf-8", "replace") != instance:
            continue
        owner: Any = method.parent
        qualified = f"{owner.qualified_name}.{name}"
        if qualified in defined:  # the class defines it (or an earlier method assigned it)
            continue
        defined.add(qualified)
        attribute = node.child_by_field_name("attribute")
        found.append(Definition(kind=VARIABLE_KIND, node=node, span=node, name=name,
                                name_row=(attribute or node).start_point[0], context=None, parent=owner,
                                qualified_name=qualified))
    return found


def typed_read(qualifier: str | None) -> bool:
    """Whether a read's receiver is one the graph can type: `self`/`cls`, `super()`, a variable of a known type
    (`:Client`, `:Client()`), an attribute of `self` (`self::transport`), a class by its name (`:=Color`); not
    another name as written (a module, a module variable: `os.path`), nor `?`."""
    return qualifier is not None and (qualifier in ("self", "super()") or qualifier.startswith((":", "self::")))


def stored_reads(source: bytes, enclosed: list[tuple[str, Node, str, str | None, Any]], qualifiers: dict[int, str],
                 variables: Sequence[Definition]) -> list[tuple[str, Node, str, str | None, Any]]:
    """The references with each attribute read as it is stored: a USES reference marked READ_MODULE (WRITE_MODULE when
    assigned) when its receiver is typed (`typed_read`) and it is not the assignment that defines the attribute; else
    as a binding (BINDS_UNKNOWN), which no record is made of. Positions are kept: `qualifiers` is by position."""
    defining = {variable.node.start_byte for variable in variables if variable.node.type == "attribute"}
    stored = list(enclosed)
    for position, (edge_type, node, name, _module, definition) in enumerate(enclosed):
        if edge_type != ATTRIBUTE_READ:
            continue
        if not typed_read(qualifiers.get(position)) or node.start_byte in defining:
            stored[position] = (BINDS_UNKNOWN, node, name, None, definition)
        else:
            module = WRITE_MODULE if _written(source, node) else READ_MODULE
            stored[position] = ("USES", node, name, module, definition)
    return stored
