"""What a PHP call's receiver holds, as far as the file says (php_declared_types.py reads the declarations): the
qualifier name_receivers.py stores, `:T` for a class, `^C.m` for what method `m` of class `C` returns (`^self.m` of
the caller's own class). Pure, per file, while parsing; and, at link (name_graph.py), `returned_qualifier`: the `:T`
that the method's declared return type says.

- `:T`: an `instanceof` test the call is under, a parameter declared with a class, a local every assignment makes
  with `new` of one class or a `catch` of one class, a property of `$this` its class types;
- `^C.m`: a receiver that is a call (`$this->createDispatcher()->dispatch(..)`, `AppFactory::create()->run()`), or a
  local every assignment gives what one method returns (`$dispatcher = $this->createDispatcher();`), the method's
  class known: `$this`, `self::`/`static::`, a class by name, a receiver typed `:T`. One step only: what a method
  returns on a value typed `^..` is not followed.

Slim's `$dispatcher = $this->createDispatcher(); $dispatcher->dispatch(..)` was a guess of its own interface's
`dispatch` (`createDispatcher(): FastRouteDispatcher`), and a test's `$app = AppFactory::create(); $app->run()`
went by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .php_declared_types import (NO_CLASS, assigned_values, class_name, class_of, created, function_of,
                                 narrowed_type, parameter_class, property_type, text_of)
from .store import qualified_in_node_id

if TYPE_CHECKING:
    from .class_hierarchy import ClassHierarchy

_CALLS = frozenset({"member_call_expression", "nullsafe_member_call_expression", "scoped_call_expression"})
RETURNED = "^"  # a qualifier's mark: what the method it names returns (`^self.createDispatcher`)


class PhpReceivers:
    """The receivers of one PHP file: each function's assignments and each class's properties read once."""

    def __init__(self, source: bytes) -> None:
        self._tests_instances = b"instanceof" in source  # (narrowing looked for only in a file that tests)
        self._values: dict[tuple[int, int], dict[str, list[Any]]] = {}  # a function's assignments
        self._variables: dict[tuple[int, int, str], str | None] = {}  # what a function's variable holds
        self._properties: dict[tuple[int, int], Any] = {}

    def qualifier(self, receiver: Any, text: str) -> str | None:
        """`:T`, `^C.m`, or None when the file says nothing of what `receiver` (as written: `text`) holds."""
        held = self._held(receiver, text)
        return None if held is None else held if held.startswith(RETURNED) else ":" + held

    def _held(self, receiver: Any, text: str) -> str | None:
        """A class's name, `^C.m`, or None."""
        if self._tests_instances and receiver.type in ("variable_name", "member_access_expression") and (
                narrowed := narrowed_type(receiver, text)) is not None:
            return narrowed  # `if ($e instanceof HttpException) { $e->getRequest(); }`
        if receiver.type == "variable_name":
            return self._variable(receiver, text)  # `function f(Handler $h)`, `$h = new Handler()`
        if receiver.type == "member_access_expression":
            return property_type(receiver, self._properties)  # `$this->formatter` of `private Formatter $formatter`
        if receiver.type in _CALLS:
            return self._returned(receiver)  # `$this->createDispatcher()->dispatch(..)`
        return None

    def _variable(self, receiver: Any, name: str) -> str | None:
        function = function_of(receiver)
        if function is None:
            return None
        is_parameter, declared = parameter_class(function, name)
        if is_parameter:  # (a parameter assigned again keeps its class: its assignments are not read)
            return declared
        key = (function.start_byte, function.end_byte, name)
        if key in self._variables:
            return self._variables[key]
        self._variables[key] = None  # (while its values are read: `$a = $a->next()` says nothing)
        span = key[:2]
        if span not in self._values:
            self._values[span] = assigned_values(function)
        held = {self._value(value) or "" for value in self._values[span].get(name, ())}
        self._variables[key] = found = (next(iter(held)) or None) if len(held) == 1 else None
        return found

    def _value(self, value: Any) -> str | None:
        """What an assigned value holds: the class `new` makes or a `catch` names, or what a method returns."""
        if value is None:
            return None
        if value.type == "type_list":  # `catch (HttpException $e)`: one class
            return class_of(value.named_children[0]) if len(value.named_children) == 1 else None
        if value.type in _CALLS:
            return self._returned(value)
        return created(value)

    def _returned(self, call: Any) -> str | None:
        """`^C.m` for a call of method `m` whose class `C` the file says (`self` for the caller's own)."""
        method = call.child_by_field_name("name")
        if method is None or method.type != "name":
            return None
        if call.type == "scoped_call_expression":
            scope = call.child_by_field_name("scope")
            written = text_of(scope) if scope is not None else ""
            if written.lower() in ("self", "static"):
                owner = "self"
            elif scope is not None and scope.type in ("name", "qualified_name"):
                owner = class_name(scope)  # (`parent::m()` and PHP's own classes: None)
            else:
                return None
        else:
            holder = call.child_by_field_name("object")
            if holder is None:
                return None
            written = text_of(holder)
            owner = "self" if written == "$this" else self._held(holder, written)
        if owner is None or owner.startswith(RETURNED):
            return None  # (one step only)
        return f"{RETURNED}{owner}.{text_of(method)}"


def returned_type(signature: str | None) -> str | None:
    """The class a PHP method's signature declares it returns (`): FastRouteDispatcher`, `: ?Route`, `: static`,
    `: Foo&Bar` its first); None for PHP's own types, unions of two classes, or no declared type."""
    if not signature or ")" not in signature:
        return None
    after = signature.rpartition(")")[2].strip()
    if not after.startswith(":"):
        return None
    written = after[1:].split("{", 1)[0].strip().lstrip("?")
    parts = [part.strip("() ") for part in written.split("|")]
    classes = [part.split("&", 1)[0].strip().rpartition("\\")[2] for part in parts
               if part and part.lower() not in ("null", "false")]
    if len(classes) != 1 or not classes[0].replace("_", "a").isalnum():
        return None
    returned = classes[0]
    return returned if returned.lower() in ("self", "static") or returned.lower() not in NO_CLASS else None


def returned_qualifier(called: str, hierarchy: ClassHierarchy, file_path: str, source_id: str) -> str:
    """`:T` for what the method `called` (`self.createDispatcher`, `AppFactory.create`), called in the definition
    `source_id` of `file_path`, returns, by the return type its signature declares (`static`: the receiver's class,
    `self`: the method's); `?` when the project does not say (no such method in it, no declared type, PHP's own)."""
    owner_name, _, method = called.rpartition(".")
    if owner_name == "self":
        owner = hierarchy.enclosing_class(file_path, qualified_in_node_id(hierarchy.project_id, file_path, source_id))
        found = hierarchy.member_of_class(owner, method) if owner is not None else None
        owner_name = owner.name if owner is not None else ""
    else:
        found = hierarchy.member_of(owner_name, method, file_path)
    returned = returned_type(found.signature) if found is not None else None
    if returned is None:
        return "?"
    if returned.lower() == "self":
        defining = hierarchy.class_of_member(found)
        return ":" + defining.name if defining is not None else "?"
    return ":" + (owner_name if returned.lower() == "static" else returned)
