"""What a Java or Kotlin call passes, as the module of its reference (pure, while parsing).

`(String,?,int)`: one entry per argument, its static type where the call's text says it. The link keeps
only the overloads that take those arguments (jvm_overloads.py).
"""

from __future__ import annotations

from typing import Any

from .grammars import node_text as _text
from .jvm_overloads import kotlin_as_java
from .kotlin_operators import OPERATOR_NODES, operator_arguments
from .type_names import type_name

_ARGUMENT_NOISE = frozenset({"line_comment", "block_comment", "comment", "multiline_comment"})
# The static type of a Java argument written as a literal (anything else but a variable or `new X()`: `?`).
_LITERALS = {"string_literal": "String", "text_block": "String", "character_literal": "char",
             "true": "boolean", "false": "boolean", "null_literal": "null", "class_literal": "Class",
             "decimal_floating_point_literal": "double", "hex_floating_point_literal": "double"}
_INTEGERS = frozenset({"decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                       "binary_integer_literal"})


# A Kotlin literal's type, in Java's words (jvm_overloads.py compares both languages' overloads so).
_KOTLIN_LITERALS = {"string_literal": "String", "integer_literal": "int", "hex_literal": "int", "bin_literal": "int",
                    "long_literal": "long", "boolean_literal": "boolean", "character_literal": "char",
                    "null_literal": "null"}


def _kotlin_argument(source: bytes, node: Any, variable_type: Any) -> str:
    kind = node.type
    if kind == "real_literal":
        return "float" if source[node.end_byte - 1:node.end_byte] in (b"f", b"F") else "double"
    if kind in _KOTLIN_LITERALS:
        return _KOTLIN_LITERALS[kind]
    if kind == "simple_identifier":
        return kotlin_as_java(variable_type(_text(source, node)))
    if kind == "call_expression" and node.named_children and node.named_children[0].type == "simple_identifier":
        called = _text(source, node.named_children[0])
        # `Buffer()`, `ByteArray(8)`; `make()`, a function's result (typed at link, as `Holder.make()`'s)
        return kotlin_as_java(called) if called[:1].isupper() else STATIC_RESULT + called
    if kind == "call_expression" and node.named_children and node.named_children[0].type == "navigation_expression":
        target = node.named_children[0]  # `CodeBlock.of(..)`: what the class's (or object's) function returns
        suffix = target.named_children[-1] if len(target.named_children) == 2 else None
        if target.named_children[0].type == "simple_identifier" and suffix is not None and \
                suffix.type == "navigation_suffix" and suffix.named_children:
            return static_result(_text(source, target.named_children[0]), _text(source, suffix.named_children[-1]))
    if kind == "callable_reference" and node.children and node.children[-1].type == "class":
        # `Throws::class` (kotlinpoet's `AnnotationSpec.builder(Throws::class)` reached its ClassName, Class and
        # ParameterizedTypeName overloads beside the KClass one); `Foo::class.java` is a Class
        return "KClass"
    if kind == "navigation_expression" and len(node.children) == 2 and node.children[0].type == "callable_reference" \
            and node.children[0].children[-1].type == "class" and _text(source, node.children[1]) == ".java":
        return "Class"
    return "?"


# An argument that is what a class's method returns (`CodeBlock.of(format, args)`), or a function or method called by
# its name alone (`make()`): its class and name, or its name, typed at link (jvm_graph.JvmResolver.static_result) by
# the declared return type.
STATIC_RESULT = "="


def static_result(holder: str, method: str) -> str:
    """The argument `Holder.method(..)` as the link types it, when `Holder` is written as a class is (CapWords);
    else unknown (a variable's method: its type is not read here)."""
    return f"{STATIC_RESULT}{holder}.{method}" if holder[:1].isupper() and not holder.isupper() else "?"


def called_result(value: str) -> str:
    """An argument that is a local assigned a call (`val file = make()`, `var b = Block.of(x)`), as the call itself
    would be (`=make`, `=Block.of`); `?` for any other value (clikt's `val file = testFolder.newFile()`, then
    `from(file)`, reached all four `from` overloads)."""
    callee = value[:-2] if value.endswith("()") else ""
    holder, dot, method = callee.rpartition(".")
    if not dot:
        return STATIC_RESULT + callee if callee.isidentifier() else "?"
    return static_result(holder, method) if holder.isidentifier() and method.isidentifier() else "?"


# What some methods every Java object has return, called with no argument (`buf.toString()`: commons-lang's
# `append(buf.toString())` reached all 14 one-argument `append` overloads).
_OBJECT_METHODS = {"toString": "String", "hashCode": "int", "getClass": "Class"}


def _java_argument(source: bytes, node: Any, variable_type: Any) -> str:
    kind = node.type
    if kind == "unary_expression" and node.named_children and (operator := node.child_by_field_name("operator")) \
            is not None and _text(source, operator) in ("-", "+"):
        operand = node.named_children[-1]  # `-1`: the literal's type (commons-lang's `append("bar", -1, 1)`)
        return _java_argument(source, operand, variable_type) if operand.type in _INTEGERS or operand.type.endswith(
            "floating_point_literal") else "?"
    if kind == "array_access":
        array = node.child_by_field_name("array")
        # A Java variable's type names its array's elements (`boolean[] lhs` is typed `boolean`): `lhs[i]` is one
        return variable_type(_text(source, array)) if array is not None and array.type == "identifier" else "?"
    if kind == "method_invocation" and (name := node.child_by_field_name("name")) is not None:
        arguments = node.child_by_field_name("arguments")
        called = _text(source, name)
        if arguments is not None and not arguments.named_children and called in _OBJECT_METHODS:
            return _OBJECT_METHODS[called]
        holder = node.child_by_field_name("object")
        if holder is None:  # `helper(x)`: the class's own method, or one it imports statically
            return STATIC_RESULT + called
        return static_result(_text(source, holder), called) if holder.type == "identifier" else "?"
    if kind in _INTEGERS:
        return "long" if source[node.end_byte - 1:node.end_byte] in (b"l", b"L") else "int"
    if kind == "decimal_floating_point_literal" and source[node.end_byte - 1:node.end_byte] in (b"f", b"F"):
        return "float"
    if kind in _LITERALS:
        return _LITERALS[kind]
    if kind == "array_creation_expression" and (written := node.child_by_field_name("type")) is not None:
        # `new Object[] {null}`: an array (retrofit's `buildRequest(Example.class, new Object[] {..})` reached its
        # `buildRequest(Class, Retrofit.Builder, Object...)` beside `buildRequest(Class, Object...)`)
        dimensions = sum(_text(source, child).count("[") if child.type == "dimensions" else 1
                         for index, child in enumerate(node.children)
                         if node.field_name_for_child(index) == "dimensions")
        return type_name(_text(source, written)).rsplit(".", 1)[-1] + "[]" * dimensions if dimensions else "?"
    if kind in ("object_creation_expression", "cast_expression"):
        written = node.child_by_field_name("type")
        value = type_name(_text(source, written)) if written is not None else None
        return value.rsplit(".", 1)[-1] if value else "?"
    if kind == "identifier":
        return variable_type(_text(source, node))
    if kind == "this":
        return _this_type(source, node)
    if kind == "binary_expression" and _is_string_concatenation(node):
        return "String"
    return "?"


# What declares the type `this` is in (an enum constant's body is of its enum; an anonymous class's body of the type
# it extends).
_THIS_TYPES = frozenset({"class_declaration", "enum_declaration", "record_declaration", "interface_declaration"})


def _this_type(source: bytes, node: Any) -> str:
    """The class `this` is of, by the declaration around it: jsoup's TokeniserState passes itself, `t.error(this)`,
    which reached `Tokeniser.error(String)` beside `error(TokeniserState)` (187 calls)."""
    parent = node.parent
    while parent is not None:
        if parent.type == "class_body" and parent.parent is not None and \
                parent.parent.type == "object_creation_expression":
            written = parent.parent.child_by_field_name("type")
            value = type_name(_text(source, written)) if written is not None else None
            return value.rsplit(".", 1)[-1] if value else "?"
        if parent.type in _THIS_TYPES:
            name = parent.child_by_field_name("name")
            return _text(source, name) if name is not None else "?"
        parent = parent.parent
    return "?"


def _is_string_concatenation(node: Any) -> bool:
    """`"a" + x`, `x + "b" + y`: a String whatever the other operands are."""
    operator = node.child_by_field_name("operator")
    if operator is None or operator.type != "+":
        return False
    return any(side is not None and (side.type in ("string_literal", "text_block") or (
        side.type == "binary_expression" and _is_string_concatenation(side)))
        for side in (node.child_by_field_name("left"), node.child_by_field_name("right")))


def call_arguments(language: str, source: bytes, node: Any, variable_type: Any) -> str | None:
    """What a Java or Kotlin call passes, as the module of its reference: `(String,?,int)`, one entry
    per argument, its static type where a literal, (Java) `new X()` or a cast, or a variable of a
    declared type says it (`?` otherwise, and a trailing lambda; Kotlin's types in Java's words:
    `Int` is `int`; every argument `?` when some are named; a Kotlin spread `*xs`, which passes any number,
    `*`); None when unknown."""
    if language == "java":
        if node.type != "method_invocation":
            return None
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return None
        return "(" + ",".join(_java_argument(source, child, variable_type) for child in arguments.named_children
                              if child.type not in _ARGUMENT_NOISE) + ")"
    if language == "kotlin" and node.type in OPERATOR_NODES:  # `path / "child"` (kotlin_operators.py)
        return operator_arguments(source, node, lambda argument: _kotlin_argument(source, argument, variable_type))
    if language != "kotlin" or node.type != "call_expression":
        return None
    suffix = next((child for child in node.named_children if child.type == "call_suffix"), None)
    if suffix is None:
        return None
    passed: list[str] = []
    named = False
    for child in suffix.named_children:
        if child.type == "value_arguments":
            for argument in child.named_children:
                if argument.type != "value_argument":
                    continue
                if any(part.type == "spread_expression" for part in argument.named_children):
                    # `of(*data)`: any number of arguments, taken by a vararg parameter alone (`*`)
                    passed.append("*")
                    continue
                named = named or any(part.type == "=" for part in argument.children)
                passed.append(_kotlin_argument(source, argument.named_children[-1], variable_type)
                              if argument.named_children else "?")
        elif child.type == "annotated_lambda":
            passed.append("?")
    if named:  # `f(a, depth = 2)`: which parameter each is depends on the names; only the count stays
        passed = ["?"] * len(passed)
    return "(" + ",".join(passed) + ")"
