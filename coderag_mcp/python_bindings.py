"""What the names of a Python file are bound to, read from its binding references before any receiver is worked out
(pure, per file; python_qualifiers.py reads receivers with it): a variable's, a class attribute's or a module
variable's values as written (`=y`, `make()`, a declared `T`), what iterating a declared collection gives and what a
mapping's items are, and the loop variables and items to type once every declaration is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .grammars import node_text
from .python_annotations import element_type, is_mapping, normalize_type, union_alias, value_type
from .python_chains import DOTTED, FIXTURE_VALUE, assigned_call, collection_item, entered_by
from .python_fixtures import fixture_parameters
from .python_loops import LOOPS, copied

BINDS_CALL = "BINDS_CALL"
BINDS_TYPE = "BINDS_TYPE"
BINDS_NAME = "BINDS_NAME"
BINDS_UNKNOWN = "BINDS_UNKNOWN"
# What a class attribute or a module variable holds, stored for the graph (not an edge).
BINDS = "BINDS"
# An attribute read or written (`self.timeout`), before its receiver is known (python_attributes.py).
ATTRIBUTE_READ = "READS"

# Types whose methods no project defines: a variable declared as one and assigned another value (arrow's
# `def humanize(self, locale: str = ...)`, then `locale = locales.get_locale(locale)`) may hold what is assigned.
_BUILTIN_TYPES = frozenset({"str", "int", "float", "complex", "bool", "bytes", "bytearray", "list", "dict", "set",
                            "frozenset", "tuple", "object", "Any", "typing.Any", "t.Any"})

# `typing.cast` as a module may be imported and called: its first argument is the type its value holds.
_CASTS = frozenset({"cast", "typing.cast", "t.cast"})


def _cast_type(source: bytes, assignment: Any) -> str | None:
    """The type `x = cast(Foo, y)` casts to, as written (`Foo`, `"Foo"`, `List[Foo]`), or None."""
    call = assignment.child_by_field_name("right") if assignment.type == "assignment" else None
    arguments = call.child_by_field_name("arguments") if call is not None and call.type == "call" else None
    passed = arguments.named_children if arguments is not None else []
    return node_text(source, passed[0]) if len(passed) == 2 and passed[0].type != "keyword_argument" else None


# (scope, name): a function's or the module's ("") variable, or a class's attribute, (class, "self.x")
Key = tuple[str, str]


def class_of(definition: Any) -> Any:
    """The class whose method (or a function nested in one) holds this definition."""
    while definition is not None and definition.kind != "class":
        definition = definition.parent
    return definition


def is_own(name: str, definition: Any) -> bool:
    """Whether `name` is a method's own instance or class, `self` or `cls` in a method (or a function nested in one);
    elsewhere they are names like any other (sphinx's `def visit_desc(self: HTML5Translator, node)`, mypy's
    `def compute_vtable(cls: ClassIR)`)."""
    return name in ("self", "cls") and class_of(definition) is not None


def enclosing_scopes(definition: Any) -> list[str]:
    """Qualified names of the scopes a name is looked up in, innermost first, the module last."""
    chain = []
    while definition is not None:
        if definition.kind != "class" or not chain:  # a class body is no scope for its methods
            chain.append(definition.qualified_name)
        definition = definition.parent
    chain.append("")
    return chain


@dataclass
class Bindings:
    """A file's names and what they are bound to (`read_bindings`)."""

    values: dict[Key, set[str]]  # what each holds, as written; a declared type alone when it is no builtin's
    lines: dict[Key, int]  # the line of its first binding
    visible: dict[Key, Any]  # class attributes and module variables (other files use them), by where they are bound
    elements: dict[Key, set[str]]  # what iterating a declared collection gives
    mapped: dict[Key, set[str]]  # what a declared mapping's values are
    mappings: set[Key]  # variables declared a mapping: an item of one is a value, never a key
    fixed: set[Key]  # variables whose declared type is what they hold, whatever is assigned
    loops: list[tuple[Key, Any, str, Any]]  # loop variables, typed once every declaration is read
    # Variables assigned an item (`first = xs[0]`, `found = table.get(key)`), the same, with what they hold otherwise
    items: list[tuple[Key, Any, Any, str]]
    # Variables assigned a new collection of another's items (`ys = sorted(xs)`, `d2 = d.copy()`): python_loops.copied
    copies: list[tuple[Key, tuple[Any, bool, bool], Any]]


def read_bindings(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]) -> Bindings:
    """What each name the references of `enclosed` bind holds (BINDS_* references; the rest are passed over)."""
    bindings: dict[Key, set[str]] = defaultdict(set)
    lines: dict[Key, int] = {}
    visible: dict[Key, Any] = {}  # class attributes and module variables: other files use them
    declared: dict[Key, set[str]] = {}
    elements: dict[Key, set[str]] = defaultdict(set)  # what iterating a declared collection gives
    mapped: dict[Key, set[str]] = defaultdict(set)  # what a declared mapping's values are
    mappings: set[Key] = set()  # variables declared a mapping: an item of one is a value, never a key
    loops: list[tuple[Key, Any, str, Any]] = []  # loop variables, typed once every declaration is read
    # Variables assigned an item (`first = xs[0]`, `found = table.get(key)`), the same, with what they hold otherwise
    items: list[tuple[Key, Any, Any, str]] = []
    passed_on: list[tuple[Key, str, Any]] = []  # `self.items = items`: an attribute given a variable
    copies: list[tuple[Key, tuple[Any, bool, bool], Any]] = []
    caught: set[Key] = set()  # names an `except E as err` binds
    asks: dict[int, frozenset[str]] = {}

    def takes_fixture(definition: Any, name: str) -> bool:
        found = asks.get(id(definition))
        if found is None:
            found = asks[id(definition)] = fixture_parameters(source, definition)
        return name in found

    # An assignment another pattern typed is not unknown; `x = None` says nothing either.
    typed_at = {node.start_byte for edge_type, node, _name, _module, _definition in enclosed
                if edge_type in (BINDS_CALL, BINDS_TYPE, BINDS_NAME)}
    for edge_type, node, name, module, definition in enclosed:
        # A module's type alias (`LN = Union[Leaf, Node]`) holds the classes it names, as `=Leaf&=Node`
        alias = union_alias(source, node) if definition is None and node.type == "assignment" and (
            edge_type == BINDS_TYPE or edge_type == BINDS_UNKNOWN and node.start_byte not in typed_at) else None
        if edge_type == BINDS_UNKNOWN and alias is None:
            if node.start_byte in typed_at or module == "None" or is_own(name, definition) \
                    or (definition is not None and definition.kind == "class"):
                continue
            scope = definition.qualified_name if definition is not None else ""
            if scope and node.type in LOOPS:
                loops.append(((scope, name), node, name, definition))
            elif scope and node.type == "assignment" and (right := node.child_by_field_name("right")) is not None \
                    and right.type == "subscript":
                items.append(((scope, name), right, definition, "?"))
            elif scope:  # a module's own variables stay visible to the graph through other patterns
                # A test's or a fixture's parameter holds what the fixture of its name gives (python_fixtures.py)
                fixture = node.type == "parameters" and takes_fixture(definition, name)
                bindings[(scope, name)].add(FIXTURE_VALUE + name if fixture else "?")
            continue
        if alias is None and (edge_type not in (BINDS_CALL, BINDS_TYPE, BINDS_NAME) or not module):
            continue
        if edge_type == BINDS_CALL and module in _CASTS and (cast_to := _cast_type(source, node)) is not None:
            edge_type, module = BINDS_TYPE, cast_to  # `x = cast(Foo, y)` says what x holds as `x: Foo = y` would
        if alias is not None:
            value = alias
        elif edge_type == BINDS_TYPE and node.type == "typed_parameter" and node.named_children[0].type != "identifier":
            value = "tuple" if node.named_children[0].type == "list_splat_pattern" else "dict"  # `*nodes: Widget`
        elif edge_type == BINDS_TYPE:
            value = normalize_type(module)
        elif node.type == "with_item":  # `with C() as x`: what C's `__enter__` returns, the graph sees
            called = module if DOTTED.fullmatch(module) else assigned_call(source, node, module)
            value = f"{called}.{entered_by(node)}()" if called else None
        elif edge_type == BINDS_CALL:
            value = assigned_call(source, node, module)
        else:
            value = "=" + module if DOTTED.fullmatch(module) else None
        head, _, attribute = name.partition(".")
        if attribute:  # self.x = ... belongs to the class, whichever method assigns it
            owner = class_of(definition)
            if owner is None or head not in ("self", "cls"):
                continue
            key = (owner.qualified_name, "self." + attribute)
            visible[key] = definition
            if edge_type == BINDS_NAME and value is not None and "." not in module:
                passed_on.append((key, module, definition))
        elif definition is not None and definition.kind == "class":  # `x: Type` or `x = Y` in a class body
            key = (definition.qualified_name, "self." + name)
            visible[key] = definition
        else:
            key = (definition.qualified_name if definition is not None else "", name)
            if definition is None:
                visible[key] = None
            elif edge_type == BINDS_CALL and node.type == "assignment" and (
                    taken := collection_item(source, node.child_by_field_name("right"))) is not None and taken[2]:
                # `found = table.get(key)`: a mapping's value, once its declaration is read (else the call's return)
                items.append((key, node.child_by_field_name("right"), definition, value or "?"))
                lines.setdefault(key, node.start_point[0] + 1)
                continue
        if edge_type == BINDS_CALL and node.type == "assignment" and definition is not None and \
                definition.kind != "class" and (made := copied(source, node.child_by_field_name("right"))) is not None:
            copies.append((key, made, definition))  # `ys = sorted(xs)`, `self.routes = list(routes)`
        if edge_type == BINDS_TYPE and node.type == "except_clause":
            caught.add(key)
        if edge_type == BINDS_TYPE:
            if key not in declared:  # a declared type is what the variable holds, whatever is assigned
                declared[key] = set()
            declared[key].add(value or "?")
            # (`*args: T` holds Ts, `**kwargs: T` T values; `xs: tuple[T, ...]` is no such parameter)
            splat = node.named_children[0].type if node.type == "typed_parameter" else ""
            elements[key].add((normalize_type(module) if splat == "list_splat_pattern" else element_type(module))
                              or "?")
            mapped[key].add((normalize_type(module) if splat == "dictionary_splat_pattern" else value_type(module))
                            or "?")
            if splat != "dictionary_splat_pattern" and is_mapping(module):
                mappings.add(key)
        bindings[key].add(value or "?")
        lines.setdefault(key, node.start_point[0] + 1)
    # A declared type is what the variable holds, whatever is assigned, unless it is a builtin's.
    fixed = {key for key, types in declared.items() if not types <= _BUILTIN_TYPES}
    bindings.update((key, declared[key]) for key in fixed)
    for key in caught:  # `except ErrA as e: .. except ErrB as e:`: each handler's `e` is its own, no union of both
        if len(bindings[key]) > 1:
            bindings[key] = {"?"}
    # What a variable's items are is what its declaration says (`self.validators: list[Validator] = [validators]`), if
    # it has one, whatever else it is assigned (`self.validators = list(validators)` of a parameter of a union)
    for key, name, definition in passed_on:  # `self.exprs = exprs` of `exprs: List[Expr]`: what its items are too
        given = next(((scope, name) for scope in enclosing_scopes(definition) if (scope, name) in bindings and scope),
                     None)
        if key not in declared and given is not None:
            elements[key].update(elements.get(given) or {"?"})
            mapped[key].update(mapped.get(given) or {"?"})
            if given in mappings:
                mappings.add(key)
    for values in bindings.values():  # a fixture's parameter assigned in the test: which value a call sees, unknown
        if len(values) > 1 and any(value.startswith(FIXTURE_VALUE) for value in values):
            values.add("?")
    copies = [copy for copy in copies if copy[0] not in declared]
    return Bindings(bindings, lines, visible, elements, mapped, mappings, fixed, loops, items, copies)
