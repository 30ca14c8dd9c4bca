"""What a C++, C# or Swift call passes, stored as the module of its reference (pure, while parsing): its shape,
which name_overloads.py holds against each overload's parameters.

- C++ `(?,?,*)`: an entry per argument, `*` for a pack expansion (`args...`: any number).
- C# `(string,?,level:?,out)`: an argument's type where its text says it (a literal, `new X()`, a cast, a lambda
  `=>`, `nameof(..)`) or a declaration in the function does (a parameter, a local, a `catch`'s exception: `<>`
  for one of the function's type parameters), `name:` for a named argument, `out` and `ref` for how it is passed.
- Swift `(_:?,method:?,_:String|{},onError:{})`: each argument's label (`_` for none) and kind (a literal's
  `String`, `Int`, `Double`, `Bool`, `nil`; a closure `{}`; `&` for `&x`), then `|` and the trailing closures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grammars import node_text as _text
from .overload_parameters import TRAILING, simple_type

_NOISE = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
_CSHARP_LITERALS = {"string_literal": "string", "verbatim_string_literal": "string", "raw_string_literal": "string",
                    "interpolated_string_expression": "string", "integer_literal": "int", "real_literal": "double",
                    "boolean_literal": "bool", "character_literal": "char", "null_literal": "null",
                    "lambda_expression": "=>", "anonymous_method_expression": "=>", "typeof_expression": "Type"}
_SWIFT_LITERALS = {"line_string_literal": "String", "multi_line_string_literal": "String",
                   "raw_string_literal": "String", "integer_literal": "Int", "hex_literal": "Int", "oct_literal": "Int",
                   "bin_literal": "Int", "real_literal": "Double", "boolean_literal": "Bool", "nil": "nil",
                   "lambda_literal": "{}"}
# The C# nodes that declare a name with a type (`type` and `name` fields), a parameter list holding a `params` one.
_CSHARP_DECLARING = frozenset({"parameter", "catch_declaration", "declaration_pattern", "declaration_expression",
                               "parameter_list", "foreach_statement"})
_CSHARP_DEFINITIONS = frozenset({"method_declaration", "constructor_declaration", "local_function_statement",
                                 "class_declaration", "struct_declaration", "interface_declaration",
                                 "record_declaration", "delegate_declaration"})


def with_call_shapes(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]
                     ) -> list[tuple[str, Any, str, str | None, Any]]:
    """The references, each call's module its shape (the others as they are)."""
    declared: dict[int, dict[str, str]] = {}  # C#: per definition, the types its names are declared with

    def variable_type(name: str, definition: Any) -> str:
        while definition is not None:
            known = declared.get(id(definition))
            if known is None:
                known = declared[id(definition)] = _csharp_declarations(source, definition.node)
            if name in known:
                return known[name]
            definition = definition.parent
        return "?"

    shaped = []
    for edge_type, node, name, module, definition in enclosed:
        if edge_type == "CALLS":
            if language == "cpp":
                module = _cpp_shape(node) or module
            elif language == "csharp":
                module = _csharp_shape(source, node, lambda variable: variable_type(variable, definition)) or module
            elif language == "swift":
                module = _swift_shape(source, node) or module
        shaped.append((edge_type, node, name, module, definition))
    return shaped


def _cpp_shape(node: Any) -> str | None:
    arguments = node.child_by_field_name("arguments") if node.type in ("call_expression", "new_expression") else None
    if arguments is None or arguments.type != "argument_list":  # (`new T{a, b}`: an initializer list)
        return None
    return "(" + ",".join("*" if child.type == "parameter_pack_expansion" else "?"
                          for child in arguments.named_children if child.type not in _NOISE) + ")"


def _csharp_shape(source: bytes, node: Any, variable_type: Any) -> str | None:
    arguments = node.child_by_field_name("arguments") if node.type in (
        "invocation_expression", "object_creation_expression") else None
    if arguments is None:
        return None
    entries = []
    for argument in arguments.named_children:
        if argument.type != "argument":
            continue
        label = argument.child_by_field_name("name")
        passed = next((child.type for child in argument.children if child.type in ("out", "ref")), None)
        value = argument.named_children[-1] if argument.named_children else None
        kind = passed or (_csharp_kind(source, value, variable_type) if value is not None and value != label else "?")
        entries.append(f"{_text(source, label)}:{kind}" if label is not None else kind)
    return "(" + ",".join(entries) + ")"


def _csharp_kind(source: bytes, node: Any, variable_type: Any) -> str:
    kind = node.type
    if kind in _CSHARP_LITERALS:
        return _CSHARP_LITERALS[kind]
    if kind == "parenthesized_expression" and node.named_children:
        return _csharp_kind(source, node.named_children[0], variable_type)
    if kind == "identifier":
        return variable_type(_text(source, node))
    if kind in ("object_creation_expression", "cast_expression", "array_creation_expression"):
        written = node.child_by_field_name("type")
        return _type_kind(source, written) if written is not None else "?"
    if kind == "invocation_expression":
        function = node.child_by_field_name("function")
        return "string" if function is not None and _text(source, function) == "nameof" else "?"
    if kind == "binary_expression" and _text(source, node.child_by_field_name("operator") or node)[:1] == "+" and any(
            _csharp_kind(source, side, lambda _name: "?") == "string"
            for side in (node.child_by_field_name("left"), node.child_by_field_name("right")) if side is not None):
        return "string"
    return "?"


def _type_kind(source: bytes, node: Any) -> str:
    if node.type == "implicit_type":
        return "?"
    simple, _nullable = simple_type(_text(source, node))
    return simple if simple.replace("[]", "").isidentifier() else "?"


def _csharp_declarations(source: bytes, definition: Any) -> dict[str, str]:
    """The names a C# definition declares with a type (parameters, locals, `catch (Exception ex)`, `is Foo f`,
    `out Foo f`, `foreach (Bar b in ..)`): name -> type as call shapes hold it (`<>`: a type parameter; `?` for a
    name declared twice with two types, or without one: `var`, a lambda's parameter)."""
    type_parameters = set()
    around = definition
    while around is not None:
        if around.type in _CSHARP_DEFINITIONS:
            for child in around.named_children:
                if child.type == "type_parameter_list":
                    type_parameters.update(_text(source, parameter.child_by_field_name("name") or parameter)
                                           for parameter in child.named_children if parameter.type == "type_parameter")
        around = around.parent
    found: dict[str, str] = {}

    def declare(name_node: Any, kind: str) -> None:
        if name_node is None or name_node.type != "identifier":
            return
        name = _text(source, name_node)
        if kind in type_parameters:
            kind = "<>"
        found[name] = kind if found.get(name, kind) == kind else "?"

    stack = [definition]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in _CSHARP_DECLARING:
            written = node.child_by_field_name("type")
            declare(node.child_by_field_name("name") or node.child_by_field_name("left"),
                    _type_kind(source, written) if written is not None else "?")
        elif kind == "variable_declaration":
            written = node.child_by_field_name("type")
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    value = declarator.named_children[-1] if len(declarator.named_children) > 1 else None
                    declare(declarator.child_by_field_name("name"), _type_kind(source, written) if written is not None
                            and written.type != "implicit_type" else _csharp_kind(source, value, lambda _n: "?")
                            if value is not None else "?")
        elif kind == "implicit_parameter":
            declare(node, "?")
        stack.extend(node.named_children)
    return found


def _swift_shape(source: bytes, node: Any) -> str | None:
    if node.type != "call_expression":
        return None
    suffix = next((child for child in node.named_children if child.type == "call_suffix"), None)
    if suffix is None:
        return None
    written: list[str] = []
    trailing: list[str] = []
    label = None
    for index, child in enumerate(suffix.children):
        if child.type == "value_arguments":
            for argument in child.named_children:
                if argument.type != "value_argument":
                    continue
                name = argument.child_by_field_name("name")
                value = argument.child_by_field_name("value")
                kind = _swift_kind(source, value) if value is not None else "?"
                written.append(f"{_text(source, name).strip() if name is not None else '_'}:{kind}")
        elif suffix.field_name_for_child(index) == "name":
            label = _text(source, child)
        elif child.type in ("lambda_literal", "annotated_lambda"):
            trailing.append(f"{label or '_'}:{{}}")
            label = None
    return "(" + ",".join(written) + (TRAILING + ",".join(trailing) if trailing else "") + ")"


def _swift_kind(source: bytes, node: Any) -> str:
    kind = node.type
    if kind in _SWIFT_LITERALS:
        return _SWIFT_LITERALS[kind]
    if kind == "prefix_expression" and _text(source, node)[:1] == "&":
        return "&"
    return "?"
