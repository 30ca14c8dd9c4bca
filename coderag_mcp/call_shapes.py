"""What a C++, C# or Swift call passes, stored as the module of its reference (pure, while parsing): its shape,
which name_overloads.py holds against each overload's parameters.

- C++ `(?,s,*)`: an entry per argument, `*` for a pack expansion (`args...`: any number), a literal's kind where its
  text says it (`s` a narrow string, `ws` a wide one, `i` an integer but 0, `f` a floating number, `c` a character,
  `b` a boolean), or what a variable the function declares holds (`S` a string object, `p` a pointer to no string:
  cpp_arguments.py), else `?`.
- C# `(string,?,level:?,out)`: an argument's type where its text says it (a literal, `new X()`, a cast, a lambda
  `=>`, `nameof(..)`) or a declaration in the function does (a parameter, a local, a `catch`'s exception: `<>`
  for one of the function's type parameters), `name:` for a named argument, `out` and `ref` for how it is passed;
  a class's member written with it (`ResultPrimitive.Fault`, `Helpers.IsFault`) as its path, "=ResultPrimitive.Fault",
  typed at link (csharp_argument_kinds.py: an enum's value, a field's type, a method group).
- Swift `(_:?,method:?,_:String|{},onError:{})`: each argument's label (`_` for none) and kind (a literal's
  `String`, `Int`, `Double`, `Bool`, `nil`; a closure `{}`; `&` for `&x`), then `|` and the trailing closures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .cpp_arguments import CppVariables
from .csharp_declared_types import CsharpReceivers, class_path
from .csharp_generics import written_arity
from .grammars import node_text as _text
from .overload_parameters import TRAILING, TYPE_ARGUMENTS, delegate_kind, simple_type

_NOISE = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
_CSHARP_LITERALS = {"string_literal": "string", "verbatim_string_literal": "string", "raw_string_literal": "string",
                    "interpolated_string_expression": "string", "integer_literal": "int", "real_literal": "double",
                    "boolean_literal": "bool", "character_literal": "char", "null_literal": "null",
                    "lambda_expression": "=>", "anonymous_method_expression": "=>", "typeof_expression": "Type"}
_SWIFT_LITERALS = {"line_string_literal": "String", "multi_line_string_literal": "String",
                   "raw_string_literal": "String", "integer_literal": "Int", "hex_literal": "Int", "oct_literal": "Int",
                   "bin_literal": "Int", "real_literal": "Double", "boolean_literal": "Bool", "nil": "nil",
                   "lambda_literal": "{}"}

def with_call_shapes(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                     csharp: CsharpReceivers | None = None) -> list[tuple[str, Any, str, str | None, Any]]:
    """The references, each call's module its shape (the others as they are). `csharp`: the file's declarations,
    as its receivers read them (name_receivers.py), read here when a call first passes a name."""
    declarations = csharp or CsharpReceivers()

    def variable_type(name: str, node: Any) -> str:
        """What `name` holds where the call `node` passes it: its declared type's kind (`<>` for a type parameter of
        a definition around it), `?` when no declaration in sight says."""
        found = declarations.declaration(node, name)
        if found is None or found.type_node is None:
            return "?"
        if found.type_node.type == "implicit_type":  # `var x = new Foo()`
            return _csharp_kind(source, found.value, lambda _name: "?") if found.value is not None else "?"
        kind = _type_kind(source, found.type_node)
        return "<>" if declarations.type_parameter(kind, node) else kind

    variables = CppVariables(source) if language == "cpp" else None
    shaped = []
    for edge_type, node, name, module, definition in enclosed:
        if edge_type == "CALLS":
            if variables is not None:
                function = definition.node if definition is not None and definition.node.type == (
                    "function_definition") else None
                module = _cpp_shape(source, node, lambda variable: variables.kind(function, variable)
                                    if function is not None else "?") or module
            elif language == "csharp":
                module = _csharp_shape(source, node, lambda variable: variable_type(variable, node)) or module
            elif language == "swift":
                module = _swift_shape(source, node) or module
        shaped.append((edge_type, node, name, module, definition))
    return shaped


def _cpp_shape(source: bytes, node: Any, variable_kind: Callable[[str], str]) -> str | None:
    arguments = node.child_by_field_name("arguments") if node.type in ("call_expression", "new_expression") else None
    if arguments is None or arguments.type != "argument_list":  # (`new T{a, b}`: an initializer list)
        return None
    return "(" + ",".join(variable_kind(_text(source, child)) if child.type == "identifier" else
                          _cpp_kind(source, child) for child in arguments.named_children
                          if child.type not in _NOISE) + ")"


# A C++ string or character literal's kind by its prefix (`u"..."` and `U'x'`, char16_t and char32_t, stay unknown)
_CPP_PREFIXES = {"": "s", "u8": "s", "R": "s", "u8R": "s", "L": "ws", "LR": "ws"}


def _cpp_kind(source: bytes, node: Any) -> str:
    kind = node.type
    if kind == "parameter_pack_expansion":
        return "*"
    if kind == "concatenated_string" and node.named_children:
        return _cpp_kind(source, node.named_children[0])
    if kind in ("string_literal", "raw_string_literal", "char_literal") and node.children:
        prefix = _text(source, node.children[0]).rstrip("\"'")
        found = _CPP_PREFIXES.get(prefix, "?")
        return found if kind != "char_literal" else {"s": "c", "ws": "?"}.get(found, "?")
    if kind == "number_literal":
        text = _text(source, node).lower()
        if text.startswith("0x"):
            return "i"
        if "." in text or "e" in text.rstrip("ul"):
            return "f"
        return "?" if text.rstrip("ul") in ("0", "") else "i"  # (`0` is a null pointer too)
    if kind == "this":
        return "p"
    return "b" if kind in ("true", "false") else "?"


def _csharp_shape(source: bytes, node: Any, variable_type: Any) -> str | None:
    arguments = node.child_by_field_name("arguments") if node.type in (
        "invocation_expression", "object_creation_expression") else next(
        (child for child in node.named_children if child.type == "argument_list"), None) if node.type == (
        "implicit_object_creation_expression") else None
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
    # (`GetPolicies<TPolicy>(..)`: "`1(..)", overload_parameters.TYPE_ARGUMENTS)
    prefix = f"{TYPE_ARGUMENTS}{written_arity(called)}" if called is not None and called.type == "generic_name" else ""
    return prefix + "(" + ",".join(entries) + ")"


def _csharp_kind(source: bytes, node: Any, variable_type: Any) -> str:
    kind = node.type
    if kind == "lambda_expression":  # `(a, b) => ..`: "=>2", `x => ..` "=>1" (overload_parameters.csharp_passes);
        # "=>2v" for a block that returns no value (an `Action`'s, never a `Func`'s), "=>2a" for an `async` one (a
        # `Func<.., Task>`'s, never a `Func<.., Task<T>>`'s)
        parameters = node.child_by_field_name("parameters")
        count = "1" if parameters is None or parameters.type != "parameter_list" else str(
            sum(1 for child in parameters.named_children if child.type == "parameter"))
        return "=>" + count + _returns_nothing(node)
    if kind in _CSHARP_LITERALS:
        return _CSHARP_LITERALS[kind]
    if kind == "parenthesized_expression" and node.named_children:
        return _csharp_kind(source, node.named_children[0], variable_type)
    if kind == "identifier":
        return variable_type(_text(source, node))
    if kind in ("object_creation_expression", "cast_expression", "array_creation_expression"):
        written = node.child_by_field_name("type")
        return _type_kind(source, written) if written is not None else "?"
    if kind == "member_access_expression":  # `ResultPrimitive.Fault`: "=ResultPrimitive.Fault", unless its first name
        # is a value in sight (a capitalized property, `Options.Value`)
        path, head = class_path(node), node
        while head.type == "member_access_expression" and head.child_by_field_name("expression") is not None:
            head = head.child_by_field_name("expression")
        return path if path is not None and "." in path and variable_type(_text(source, head)) == "?" else "?"
    if kind == "invocation_expression":
        function = node.child_by_field_name("function")
        return "string" if function is not None and _text(source, function) == "nameof" else "?"
    if kind == "binary_expression" and _text(source, node.child_by_field_name("operator") or node)[:1] == "+" and any(
            _csharp_kind(source, side, lambda _name: "?") == "string"
            for side in (node.child_by_field_name("left"), node.child_by_field_name("right")) if side is not None):
        return "string"
    return "?"


# What a lambda's block may hold that would let it be a `Func` (a value returned; a `throw` with no return: either), and
# the nested functions whose returns are their own
_FUNC_EVIDENCE = frozenset({"return_statement", "throw_statement", "yield_statement"})
_NESTED_FUNCTIONS = frozenset({"lambda_expression", "anonymous_method_expression", "local_function_statement"})


def _returns_nothing(lambda_node: Any) -> str:
    """"v" when a C# lambda is a block that returns no value (`(e, n) => { count++; }`): it converts to an `Action`,
    never to a `Func` (`return x;` or a `throw` alone may make it one); "a" when such a block is `async` (`async ct =>
    { await Go(ct); }`): a `Func<.., Task>` or an `Action`, never a `Func<.., Task<T>>`; "" for any other lambda."""
    body = lambda_node.child_by_field_name("body")
    if body is None or body.type != "block":
        return ""
    is_async = any(child.type == "modifier" and child.text == b"async" for child in lambda_node.children)
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type in _FUNC_EVIDENCE and (node.type != "return_statement" or node.named_child_count):
            return ""
        if node.type not in _NESTED_FUNCTIONS:
            stack.extend(node.named_children)
    return "a" if is_async else "v"


def _type_kind(source: bytes, node: Any) -> str:
    if node.type == "implicit_type":
        return "?"
    written = _text(source, node)
    simple, _nullable = simple_type(written)
    if simple in ("Action", "Func"):  # (with its type arguments' count, "Action`2": overload_parameters.csharp_passes)
        return delegate_kind(written) or "?"
    return simple if simple.replace("[]", "").isidentifier() else "?"


def _swift_shape(source: bytes, node: Any) -> str | None:
    if node.type != "call_expression":
        return None
    suffix = next((child for child in node.named_children if child.type == "call_suffix"), None)
    if suffix is None:
        return None
    written, trailing = _swift_arguments(source, suffix)
    outer = node.parent
    if not trailing and outer is not None and outer.type == "call_expression" and outer.children[0] == node:
        # `self.f(\n a: x\n) { result in .. }`: the grammar reads the trailing closure as a call of the call
        # (Kingfisher's KingfisherManager.swift:345); the closures are this call's
        closures = next((child for child in outer.named_children if child.type == "call_suffix"), None)
        if closures is not None and not any(child.type == "value_arguments" for child in closures.children):
            trailing = _swift_arguments(source, closures)[1]
    return "(" + ",".join(written) + (TRAILING + ",".join(trailing) if trailing else "") + ")"


def _swift_arguments(source: bytes, suffix: Any) -> tuple[list[str], list[str]]:
    """A Swift call suffix's arguments (`label:kind`) and trailing closures (`label:{}`)."""
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
    return written, trailing


def _swift_kind(source: bytes, node: Any) -> str:
    kind = node.type
    if kind in _SWIFT_LITERALS:
        return _SWIFT_LITERALS[kind]
    if kind == "prefix_expression" and _text(source, node)[:1] == "&":
        return "&"
    return "?"
