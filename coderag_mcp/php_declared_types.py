"""The class a PHP variable holds, where the function it is in says so: a parameter declared with a class
(`function handle(LogRecord $record)`, `?Handler $h`, a constructor's promoted `private Formatter $fmt`) or a local
that every assignment in the function makes with `new` of one class (`$handler = new TestHandler();`). Pure, per
file, while parsing (name_receivers.py writes it `:Class`, which name_graph.py resolves to that class's method of the
name, or the one it inherits).

PHP is resolved by name: monolog's tests' `$handler->getFormatter()` on a `new TestHandler()` reached no method (ten
classes define or inherit one), and a call on a typed parameter any method of the name. (A parameter assigned again in
its function keeps the class it is declared with: its assignments are not read, which would cost a query of every
such function's body.)
"""

from __future__ import annotations

from typing import Any

from .grammars import get_query, query_matches

# Where a variable's scope ends: a function, a method, a closure (an arrow function shares its parent's).
_FUNCTIONS = frozenset({"method_declaration", "function_definition", "anonymous_function"})
_STOP = frozenset({"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration", "program"})
_PARAMETERS = frozenset({"simple_parameter", "property_promotion_parameter"})
# What assigns a variable in a function's body: an assignment (its value), and the forms whose value no `new` says.
_ASSIGNMENTS = """
(assignment_expression left: (variable_name) @assigned right: (_) @value)
(reference_assignment_expression) @binding
(foreach_statement) @binding
(catch_clause) @binding
(list_literal) @binding
(global_declaration) @binding
"""
# Types that name no class of the project (PHP's own; `self` and `static` are the caller's class, left to `$this`).
_NO_CLASS = frozenset({"array", "callable", "iterable", "bool", "float", "int", "string", "mixed", "object", "void",
                       "null", "false", "true", "never", "self", "static", "parent", "closure", "generator"})


def declared_type(receiver: Any, name: str, memo: dict[tuple[int, int], dict[str, set[str]]] | None = None
                  ) -> str | None:
    """The class (its name, without namespace) the variable `name` (`$handler`) that `receiver` reads holds, by its
    function's parameters or its assignments there; None when nothing in the function says one class. `memo` keeps
    each function's assignments for the other calls in it (one query of its body, not one per call)."""
    function = _function_of(receiver)
    if function is None:
        return None
    parameters = function.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else ():
        variable = parameter.child_by_field_name("name")
        if variable is not None and _text(variable) == name:
            return _class_of(parameter.child_by_field_name("type")) if parameter.type in _PARAMETERS else None
    key = (function.start_byte, function.end_byte)
    assigned = memo.get(key) if memo is not None else None
    if assigned is None:
        assigned = _assignments(function, function.child_by_field_name("body"))
        if memo is not None:
            memo[key] = assigned
    made = assigned.get(name, set())
    return (next(iter(made)) or None) if len(made) == 1 else None


def _class_of(written: Any) -> str | None:
    """The class a parameter's type names (`Foo`, `?Foo`, `\\App\\Foo`); None for PHP's own types and unions."""
    if written is not None and written.type == "optional_type":
        written = next((child for child in written.named_children if child.type == "named_type"), None)
    return _class_name(written) if written is not None and written.type == "named_type" else None


def _assignments(function: Any, body: Any) -> dict[str, set[str]]:
    """Per variable, the classes that the values assigned to it in a function's body (not in the functions and
    classes inside it) make with `new` ('' for a value that is no `new`). (One query of the body: a walk of it in
    Python cost more, and one query of the whole file for every function's too.)"""
    assigned: dict[str, set[str]] = {}
    if body is None:
        return assigned
    for _pattern, captures in query_matches(get_query("php", _ASSIGNMENTS), body):
        node = next(iter(captures.values()))[0]
        if _function_of(node) != function:
            continue  # another function's scope (an arrow function shares this one's)
        if "assigned" in captures:
            value = captures.get("value")
            assigned.setdefault(_text(captures["assigned"][0]), set()).add(_created(value[0] if value else None) or "")
        else:  # (`foreach ($items as $x)`, `[$a, $b] = ..`, `catch (E $x)`, `$a =& $b`: a value no `new` says)
            for variable in _variables(captures["binding"][0]):
                assigned.setdefault(_text(variable), set()).add("")
    return assigned


def _function_of(node: Any) -> Any:
    """The function, method or closure whose scope a node is in (None outside any)."""
    node = node.parent
    while node is not None and node.type not in _FUNCTIONS:
        if node.type in _STOP:
            return None
        node = node.parent
    return node


def _variables(node: Any) -> list[Any]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == "variable_name":
            found.append(current)
        elif current.type not in ("compound_statement",):
            stack.extend(current.named_children)
    return found


def _created(value: Any) -> str | None:
    """The class a `new X(..)` makes (its name without namespace); None for any other value."""
    if value is None or value.type != "object_creation_expression":
        return None
    written = next((child for child in value.named_children if child.type in ("name", "qualified_name")), None)
    return _class_name(written) if written is not None else None


def _class_name(written: Any) -> str | None:
    """A class name as written (`Foo`, `\\App\\Foo`) without its namespace; None for PHP's own types."""
    class_name = _text(written).rpartition("\\")[2]
    return None if class_name.lower() in _NO_CLASS else class_name


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""
