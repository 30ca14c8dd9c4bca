"""The type a Swift value is declared with, where its declaration says it or a library function hands it, for a call
made on it (pure, per file, while parsing).

A closure's parameter that a standard library function hands it (`withCheckedContinuation { continuation in .. }`:
library_methods.SWIFT_CLOSURE_VALUES) is written `=Type` by name_receivers.py, a type by name (the library's, or the
project's extension of it). Else the type a parameter's declaration (`func f(for request: Request)`), a local's or a
property's annotation (`let parser: CommandParser`, `var delegate: SessionDelegate?`) or the initializer that made a
local (`let parser = CommandParser(self)`) says is written `:Type`, which name_graph.py resolves as C's typed
variables: that type's member of the name, else as a receiver nobody typed.

Swift is resolved by name: swift-argument-parser's `parser.parse(arguments:)` on a `CommandParser` was tied to none
of its several `parse` methods, and a call on a typed value reached the one of its name in another class.
"""

from __future__ import annotations

from typing import Any

from .library_methods import SWIFT_CLOSURE_VALUES

_FUNCTIONS = frozenset({"function_declaration", "init_declaration"})
_TYPES = frozenset({"class_declaration", "protocol_declaration"})
# Where a Swift closure's parameters stop being in sight: the definition around it.
_CLOSURE_SCOPES = frozenset({"function_declaration", "class_declaration", "protocol_declaration", "init_declaration",
                             "computed_property", "source_file"})


def closure_value_type(receiver: Any, name: str) -> str | None:
    """The library type of a Swift closure's parameter `name` (or `$0`) that `receiver` reads, when the nearest
    closure binding it is handed to a function of library_methods.SWIFT_CLOSURE_VALUES; else None."""
    node = receiver.parent
    while node is not None and node.type not in _CLOSURE_SCOPES:
        if node.type == "lambda_literal":
            parameters = _closure_parameters(node)
            names = _parameter_names(parameters)
            if name in names[:1] or name == "$0" and not parameters:
                return _library_call(node)
            if name in names or name == "$0":
                return None
        node = node.parent
    return None


def _library_call(closure: Any) -> str | None:
    """The library type a Swift closure's first parameter has when the closure is handed to a function of
    SWIFT_CLOSURE_VALUES (`withCheckedContinuation { c in }`, `data.withUnsafeBytes { buffer in }`)."""
    suffix = closure.parent
    if suffix is None or suffix.type != "call_suffix" or suffix.parent is None:
        return None
    function = suffix.parent.children[0]
    if function.type == "navigation_expression":  # `data.withUnsafeBytes { .. }`: the name after the dot
        function = function.children[-1].children[-1] if function.children[-1].children else function
    return SWIFT_CLOSURE_VALUES.get(_text(function))


def declared_type(receiver: Any, name: str) -> str | None:
    """The type the local, parameter or property `name` that `receiver` reads is declared with; None when no
    declaration in sight says it (a closure's parameter, a call's result, a global) or it is a type parameter of a
    definition around it (`x: T`)."""
    written = _declared(receiver, name)
    return None if written is None or written.split(".", 1)[0] in _type_parameters(receiver) else written


def _declared(receiver: Any, name: str) -> str | None:
    node = receiver.parent
    while node is not None:
        if node.type == "statements":
            found = _last_declaration(node.children, receiver.start_byte, name)
            if found is not None:
                return _annotated(found) or _initialized(found)
        elif node.type == "lambda_literal" and name in _parameter_names(_closure_parameters(node)):
            return None
        elif node.type in _FUNCTIONS:
            for parameter in (child for child in node.children if child.type == "parameter"):
                names = [child for child in parameter.children if child.type == "simple_identifier"]
                if names and _text(names[-1]) == name:
                    return _type_name(parameter)
        elif node.type in _TYPES:
            body = next((child for child in node.children if child.type in ("class_body", "protocol_body")), None)
            found = _last_declaration(body.children, body.end_byte, name) if body is not None else None
            return (_annotated(found) or _initialized(found)) if found is not None else None
        node = node.parent
    return None


def _last_declaration(children: Any, before: int, name: str) -> Any | None:
    """The last `let`/`var` among these nodes, starting before `before`, that binds `name`."""
    found = None
    for child in children:
        if child.start_byte >= before:
            break
        if child.type == "property_declaration" and any(
                pattern.type == "pattern" and _text(pattern) == name for pattern in child.children):
            found = child
    return found


def _annotated(declaration: Any) -> str | None:
    annotation = next((child for child in declaration.children if child.type == "type_annotation"), None)
    return _type_name(annotation) if annotation is not None else None


def _initialized(declaration: Any) -> str | None:
    """`let parser = CommandParser(self)`: the type whose initializer made the value (a name in capitals, called)."""
    value = next((child for child in declaration.children if child.type == "call_expression"), None)
    callee = value.children[0] if value is not None and value.children else None
    if callee is None or callee.type != "simple_identifier":
        return None
    text = _text(callee)
    return text if text[:1].isupper() else None


def _type_name(holder: Any) -> str | None:
    """The type a parameter or an annotation names (`Request`, `SessionDelegate?`, `Outer.Inner`); None for an array,
    a function, a tuple or anything else it cannot tell."""
    written = next((child for child in holder.children if child.type in ("user_type", "optional_type")), None)
    if written is not None and written.type == "optional_type":
        written = next((child for child in written.children if child.type == "user_type"), None)
    if written is None:
        return None
    parts = [_text(child) for child in written.children if child.type == "type_identifier"]
    return ".".join(parts) if parts and all(part[:1].isupper() for part in parts) else None


def _type_parameters(node: Any) -> set[str]:
    """The type parameters of the generic definitions around a node (`class Box<Value>`, `func f<T: Foo>`)."""
    names: set[str] = set()
    while node is not None:
        for held in (child for child in node.children if child.type == "type_parameters"):
            names.update(_text(identifier) for parameter in held.children if parameter.type == "type_parameter"
                         for identifier in parameter.children[:1] if identifier.type == "type_identifier")
        node = node.parent
    return names


def _closure_parameters(closure: Any) -> list[Any]:
    """A closure's declared parameters (`{ continuation in .. }`), none when it reads `$0`."""
    return [parameter for kind in closure.children if kind.type == "lambda_function_type"
            for held in kind.children if held.type == "lambda_function_type_parameters"
            for parameter in held.children if parameter.type == "lambda_parameter"]


def _parameter_names(parameters: list[Any]) -> list[str]:
    return [_text(child) for parameter in parameters for child in parameter.children
            if child.type == "simple_identifier"]


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")
