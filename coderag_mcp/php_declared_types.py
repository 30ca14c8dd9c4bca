"""What PHP declarations say a variable or property holds, read from a file's tree (php_receivers.py asks them per
receiver): a function's parameters (`function handle(LogRecord $record)`, `?Handler $h`, a constructor's promoted
`private Formatter $fmt`) and what its assignments give each variable (`$handler = new TestHandler();`); the class a
property of `$this` holds, where its class says so (`private FormatterInterface $formatter;`, a promoted constructor
parameter, or every assignment of `$this->client` in the class a `new Client(..)`); and the class an `instanceof` test
says, for the calls under it. Pure, per file, while parsing.

PHP is resolved by name: monolog's tests' `$handler->getFormatter()` on a `new TestHandler()` reached no method (ten
classes define or inherit one), and a call on a typed parameter any method of the name.
"""

from __future__ import annotations

from typing import Any

from .grammars import get_query, helper_query, query_matches

# Where a variable's scope ends: a function, a method, a closure (an arrow function shares its parent's).
_FUNCTIONS = frozenset({"method_declaration", "function_definition", "anonymous_function"})
_STOP = frozenset({"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration", "program"})
_PARAMETERS = frozenset({"simple_parameter", "property_promotion_parameter"})
# What assigns a variable in a function's body: an assignment (its value), and the forms whose value no `new` says.
_ASSIGNMENTS = helper_query("php", """
(assignment_expression left: (variable_name) @assigned right: (_) @value)
(reference_assignment_expression) @binding
(foreach_statement) @binding
(catch_clause) @binding
(list_literal) @binding
(global_declaration) @binding
""")
# What holds a `$this` of its own (an interface has no properties; an enum none that a class could type).
_CLASSES = frozenset({"class_declaration", "trait_declaration", "anonymous_class"})
_CLASS_SCOPES = _CLASSES | _STOP
# What assigns a property of `$this` in a class's body: an assignment (its value), and the forms no `new` says.
_PROPERTY = "(member_access_expression object: (variable_name) @object name: (name) @property)"
_PROPERTY_ASSIGNMENTS = helper_query("php", f"""
(assignment_expression left: {_PROPERTY} right: (_) @value)
(augmented_assignment_expression left: {_PROPERTY} right: (_) @value)
(reference_assignment_expression left: {_PROPERTY})
(list_literal {_PROPERTY})
""")
# Types that name no class of the project (PHP's own; `self` and `static` are the caller's class, left to `$this`).
NO_CLASS = frozenset({"array", "callable", "iterable", "bool", "float", "int", "string", "mixed", "object", "void",
                      "null", "false", "true", "never", "self", "static", "parent", "closure", "generator"})


def narrowed_type(receiver: Any, text: str) -> str | None:
    """The class an `instanceof` test the receiver is under says it holds: `if ($e instanceof HttpException) {
    $e->getRequest(); }` (or `&&` beside other tests, or a ternary's `?` branch), or after `if (!$e instanceof
    HttpException) { throw ..; }` in the same block. The innermost test wins; None when none is about `text` (the
    receiver as written: `$e`, `$this->handler`). (A variable assigned again after the test keeps the class.)"""
    node = receiver
    while node.parent is not None and node.type not in _FUNCTIONS and node.type != "arrow_function":
        parent = node.parent
        if parent.type in ("if_statement", "else_if_clause", "conditional_expression") and (
                parent.child_by_field_name("body") == node):
            found = _tested_class(parent.child_by_field_name("condition"), text, negated=False)
            if found is not None:
                return found
        elif parent.type == "compound_statement":
            for earlier in reversed(parent.named_children[:_index_in(parent, node)]):
                if earlier.type == "if_statement" and earlier.child_by_field_name("alternative") is None and (
                        _leaves(earlier.child_by_field_name("body"))):
                    found = _tested_class(earlier.child_by_field_name("condition"), text, negated=True)
                    if found is not None:
                        return found
        node = parent
    return None


def _tested_class(condition: Any, text: str, negated: bool) -> str | None:
    """The class a condition tests `text` to be an instance of (`$x instanceof Foo`, `.. && $x instanceof Foo`); with
    `negated`, the class a condition tests it not to be (`!$x instanceof Foo`)."""
    while condition is not None and condition.type == "parenthesized_expression":
        condition = condition.named_children[0] if condition.named_children else None
    if condition is None:
        return None
    if negated:
        if condition.type != "unary_op_expression" or condition.children[0].type != "!":
            return None
        return _tested_class(condition.named_children[-1], text, negated=False)
    if condition.type != "binary_expression":
        return None
    operator = condition.child_by_field_name("operator")
    operator_text = operator.type if operator is not None else ""
    if operator_text == "instanceof":
        left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
        if left is not None and right is not None and text_of(left) == text and (
                right.type in ("name", "qualified_name")):
            return class_name(right)
        return None
    if operator_text in ("&&", "and"):
        return (_tested_class(condition.child_by_field_name("left"), text, negated=False)
                or _tested_class(condition.child_by_field_name("right"), text, negated=False))
    return None


def _leaves(body: Any) -> bool:
    """Whether a block always leaves where it is (it ends in `return`, `throw`, `continue` or `break`)."""
    last = body.named_children[-1] if body is not None and body.type == "compound_statement" and (
        body.named_children) else body
    if last is not None and last.type == "expression_statement" and last.named_children:
        last = last.named_children[0]
    return last is not None and last.type in ("return_statement", "throw_expression", "continue_statement",
                                               "break_statement")


def _index_in(parent: Any, child: Any) -> int:
    for position, node in enumerate(parent.named_children):
        if node == child:
            return position
    return 0


def property_type(receiver: Any, memo: dict[tuple[int, int], _Properties] | None = None) -> str | None:
    """The class (its name, without namespace) that the property `receiver` reads (`$this->formatter`) holds, by its
    class's declaration of it (its type, or a promoted constructor parameter's) or, undeclared or untyped, by every
    assignment of it in the class making one class with `new`; None when the class says no one class (a property
    declared by a base or a trait is not looked for). `memo` keeps each class's properties (one read of the class)."""
    if receiver.type != "member_access_expression":
        return None
    holder, name = receiver.child_by_field_name("object"), receiver.child_by_field_name("name")
    if holder is None or name is None or holder.type != "variable_name" or text_of(holder) != "$this" or (
            name.type != "name"):
        return None
    owner = _class_around(receiver)
    if owner is None:
        return None
    key = (owner.start_byte, owner.end_byte)
    properties = memo.get(key) if memo is not None else None
    if properties is None:
        properties = _Properties(owner)
        if memo is not None:
            memo[key] = properties
    return properties.held(text_of(name))


class _Properties:
    """A class's properties: those declared with a type (their class, whatever is assigned) read at once; the classes
    its assignments make with `new` only when a property without a type is asked for (a query of the class's body,
    which most classes, typing their properties, never need)."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.declared: dict[str, str | None] = {}
        self.defaults: dict[str, str] = {}  # an untyped property's default value other than null: its class, or ''
        self.assigned: dict[str, set[str]] | None = None
        body = owner.child_by_field_name("body")
        for member in body.named_children if body is not None else ():
            if member.type == "property_declaration":
                written = member.child_by_field_name("type")
                for element in member.named_children:
                    variable = element.child_by_field_name("name") if element.type == "property_element" else None
                    if variable is None:
                        continue
                    default = element.child_by_field_name("default_value")
                    if written is not None:
                        self.declared[text_of(variable)[1:]] = class_of(written)
                    elif default is not None and default.type != "null":
                        self.defaults[text_of(variable)[1:]] = created(default) or ""
            elif member.type == "method_declaration" and text_of(member.child_by_field_name("name")) == "__construct":
                parameters = member.child_by_field_name("parameters")
                for parameter in parameters.named_children if parameters is not None else ():
                    variable = parameter.child_by_field_name("name")
                    if parameter.type == "property_promotion_parameter" and variable is not None:
                        self.declared[text_of(variable)[1:]] = class_of(parameter.child_by_field_name("type"))

    def held(self, name: str) -> str | None:
        """The class property `name` (without `$`) holds, or None where it may hold another."""
        if name in self.declared:
            return self.declared[name]
        if self.assigned is None:
            self.assigned = self._assignments()
        made = self.assigned.get(name, set()) | ({self.defaults[name]} if name in self.defaults else set())
        return (next(iter(made)) or None) if len(made) == 1 else None

    def _assignments(self) -> dict[str, set[str]]:
        assigned: dict[str, set[str]] = {}
        body = self.owner.child_by_field_name("body")
        if body is None:
            return assigned
        for _pattern, captures in query_matches(get_query("php", _PROPERTY_ASSIGNMENTS), body):
            holder = captures["object"][0]
            if text_of(holder) != "$this" or _class_around(holder) != self.owner:
                continue  # another object's property, or an inner class's own `$this`
            value = captures.get("value")
            assigned.setdefault(text_of(captures["property"][0]), set()).add(created(value[0] if value else None) or "")
        return assigned


def _class_around(node: Any) -> Any:
    """The class, trait or anonymous class whose `$this` a node reads (None outside any)."""
    node = node.parent
    while node is not None and node.type not in _CLASS_SCOPES:
        node = node.parent
    return node if node is not None and node.type in _CLASSES else None


def class_of(written: Any) -> str | None:
    """The class a declared type names (`Foo`, `?Foo`, `\\App\\Foo`, `Closure|Foo`: the one class beside PHP's own
    types; `Foo&MockObject`: the first, and a method it lacks is looked for by name, as on any receiver); None for
    PHP's own types and for unions of two classes."""
    if written is None:
        return None
    if written.type in ("optional_type", "union_type", "disjunctive_normal_form_type"):
        classes = [part for part in written.named_children if part.type == "intersection_type" or (
            part.type == "named_type" and class_name(part) is not None)]
        return class_of(classes[0]) if len(classes) == 1 else None
    if written.type == "intersection_type":
        return next(filter(None, map(class_of, written.named_children)), None)
    return class_name(written) if written.type == "named_type" else None


def assigned_values(function: Any) -> dict[str, list[Any]]:
    """Per variable, what each assignment to it in a function's body (not in the functions and classes inside it)
    gives it: the value's node (`new X(..)`, a call...), a `catch` clause's type list, or None for a binding no value
    says (`foreach ($items as $x)`, `[$a, $b] = ..`, `$a =& $b`). (One query of the body: a walk of it in Python cost
    more, and one query of the whole file for every function's too.)"""
    assigned: dict[str, list[Any]] = {}
    body = function.child_by_field_name("body")
    if body is None:
        return assigned
    for _pattern, captures in query_matches(get_query("php", _ASSIGNMENTS), body):
        node = next(iter(captures.values()))[0]
        if function_of(node) != function:
            continue  # another function's scope (an arrow function shares this one's)
        if "assigned" in captures:
            value = captures.get("value")
            assigned.setdefault(text_of(captures["assigned"][0]), []).append(value[0] if value else None)
        elif node.type == "catch_clause" and (variable := node.child_by_field_name("name")) is not None:
            assigned.setdefault(text_of(variable), []).append(node.child_by_field_name("type"))
        else:
            for variable in _variables(captures["binding"][0]):
                assigned.setdefault(text_of(variable), []).append(None)
    return assigned


def parameter_class(function: Any, name: str) -> tuple[bool, str | None]:
    """Whether `name` (`$handler`) is a parameter of the function, and the class it is declared with."""
    parameters = function.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else ():
        variable = parameter.child_by_field_name("name")
        if variable is not None and text_of(variable) == name:
            return True, class_of(parameter.child_by_field_name("type")) if parameter.type in _PARAMETERS else None
    return False, None


def function_of(node: Any) -> Any:
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


def created(value: Any) -> str | None:
    """The class a `new X(..)` makes (its name without namespace); None for any other value."""
    if value is None or value.type != "object_creation_expression":
        return None
    written = next((child for child in value.named_children if child.type in ("name", "qualified_name")), None)
    return class_name(written) if written is not None else None


def class_name(written: Any) -> str | None:
    """A class name as written (`Foo`, `\\App\\Foo`) without its namespace; None for PHP's own types."""
    name = text_of(written).rpartition("\\")[2]
    return None if name.lower() in NO_CLASS else name


def text_of(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""
