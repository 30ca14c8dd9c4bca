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

from .grammars import get_query, helper_query, query_matches
from .grammars import node_text as _text
from .overload_parameters import TRAILING, TYPE_ARGUMENTS, simple_type

_NOISE = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
_CSHARP_LITERALS = {"string_literal": "string", "verbatim_string_literal": "string", "raw_string_literal": "string",
                    "interpolated_string_expression": "string", "integer_literal": "int", "real_literal": "double",
                    "boolean_literal": "bool", "character_literal": "char", "null_literal": "null",
                    "lambda_expression": "=>", "anonymous_method_expression": "=>", "typeof_expression": "Type"}
_SWIFT_LITERALS = {"line_string_literal": "String", "multi_line_string_literal": "String",
                   "raw_string_literal": "String", "integer_literal": "Int", "hex_literal": "Int", "oct_literal": "Int",
                   "bin_literal": "Int", "real_literal": "Double", "boolean_literal": "Bool", "nil": "nil",
                   "lambda_literal": "{}"}
_CSHARP_DEFINITIONS = frozenset({"method_declaration", "constructor_declaration", "local_function_statement",
                                 "property_declaration", "class_declaration", "struct_declaration",
                                 "interface_declaration", "record_declaration", "delegate_declaration"})


def with_call_shapes(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]
                     ) -> list[tuple[str, Any, str, str | None, Any]]:
    """The references, each call's module its shape (the others as they are)."""
    declared: list[CSharpDeclarations] = []  # C#: the file's declarations, read when a call first passes a name

    def variable_type(name: str, node: Any, definition: Any) -> str:
        if not declared:
            root = node
            while root.parent is not None:
                root = root.parent
            declared.append(CSharpDeclarations(source, root))
        return declared[0].type_of(name, definition)

    shaped = []
    for edge_type, node, name, module, definition in enclosed:
        if edge_type == "CALLS":
            if language == "cpp":
                module = _cpp_shape(node) or module
            elif language == "csharp":
                module = _csharp_shape(source, node, lambda variable: variable_type(variable, node, definition)) or module
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
    called = node.child_by_field_name("function") if node.type == "invocation_expression" else None
    if called is not None and called.type == "member_access_expression":
        called = called.child_by_field_name("name")
    written = next((child for child in called.named_children if child.type == "type_argument_list"), None) \
        if called is not None and called.type == "generic_name" else None
    # (`GetPolicies<TPolicy>(..)`: "`1(..)", overload_parameters.TYPE_ARGUMENTS)
    prefix = f"{TYPE_ARGUMENTS}{written.named_child_count}" if written is not None else ""
    return prefix + "(" + ",".join(entries) + ")"


def _csharp_kind(source: bytes, node: Any, variable_type: Any) -> str:
    kind = node.type
    if kind == "lambda_expression":  # `(a, b) => ..`: "=>2", `x => ..` "=>1" (overload_parameters.csharp_passes)
        parameters = node.child_by_field_name("parameters")
        return "=>" + ("1" if parameters is None or parameters.type != "parameter_list" else str(
            sum(1 for child in parameters.named_children if child.type == "parameter")))
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


# The C# declarations of a name with a type: parameters (a `params` one is written in its list), locals, `catch (Exception
# ex)`, `is Foo f`, `out Foo f`, `foreach (Bar b in ..)`; a name declared without one (a lambda's `x =>`).
_CSHARP_DECLARATIONS = helper_query("csharp", """
(parameter type: (_) @type name: (identifier) @name)
(parameter_list type: (_) @type name: (identifier) @name)
(catch_declaration type: (_) @type name: (identifier) @name)
(declaration_pattern type: (_) @type name: (identifier) @name)
(declaration_expression type: (_) @type name: (identifier) @name)
(foreach_statement type: (_) @type left: (identifier) @name)
(variable_declaration type: (_) @type (variable_declarator name: (identifier) @name) @declarator)
(property_declaration type: (_) @type name: (identifier) @name)
(implicit_parameter) @name
(type_parameter name: (identifier) @parameter)
""")


class CSharpDeclarations:
    """The names a C# file declares with a type, by the definition (method, class...) they are declared in: its
    parameters and locals, a class's fields and properties."""

    def __init__(self, source: bytes, root: Any) -> None:
        self.names: dict[tuple[int, int], dict[str, str]] = {}
        self.type_parameters: dict[tuple[int, int], set[str]] = {}
        for _pattern, captures in query_matches(get_query("csharp", _CSHARP_DECLARATIONS), root):
            if "parameter" in captures:  # a type parameter
                node = captures["parameter"][0]
                self.type_parameters.setdefault(_owner(node), set()).add(_text(source, node))
                continue
            written = captures.get("type", [None])[0]
            if written is None:
                kind = "?"
            elif written.type == "implicit_type":  # `var x = new Foo()`
                declarator = captures.get("declarator", [None])[0]
                value = declarator.named_children[-1] if declarator is not None and declarator.named_child_count > 1 \
                    else None
                kind = _csharp_kind(source, value, lambda _name: "?") if value is not None else "?"
            else:
                kind = _type_kind(source, written)
            name = captures["name"][0]
            names = self.names.setdefault(_owner(name), {})
            text = _text(source, name)
            names[text] = kind if names.get(text, kind) == kind else "?"

    def type_of(self, name: str, definition: Any) -> str:
        """What `name` holds where it is used in `definition`: `?` unless declared with a type there or around."""
        found, type_parameters = "?", set()
        while definition is not None:
            key = (definition.node.start_byte, definition.node.end_byte)
            type_parameters |= self.type_parameters.get(key, set())
            if found == "?" and name in self.names.get(key, {}):
                found = self.names[key][name]
                if found == "?":
                    return found
            definition = definition.parent
        return "<>" if found in type_parameters else found


def _owner(node: Any) -> tuple[int, int]:
    """The definition a declaration is in: the nearest method, local function, property or type around it (a
    property's own name is its type's)."""
    around = node.parent
    if around is not None and around.type == "property_declaration" and around.child_by_field_name("name") == node:
        around = around.parent
    while around is not None and around.type not in _CSHARP_DEFINITIONS:
        around = around.parent
    return (around.start_byte, around.end_byte) if around is not None else (0, 0)


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
