"""What a Rust call passes, where its text alone says (pure, while parsing), and which of a type's methods of one name
can take it (at link): the impls of one trait for a type each define the trait's methods (bytes' six `impl From<..> for
Bytes`), and a call reached all of them (`Bytes::from(vec![0; 1024])` was an edge to `from(&'static str)`,
`from(Box<[u8]>)` and the rest).

A call's module is its arguments' kinds, `(&str,Vec,?)`: a string literal `&str`, a byte string `&[u8]`, `vec![..]`
a `Vec`, `String::from(..)`, `format!(..)` and `x.to_string()` a `String`, a number `int` or `float`, `true` `bool`,
a character `char`, anything else `?`. Rust has no overloading: only a method of several impls is chosen among, by
its parameters' declared types, and a kind only rules out a parameter of a concrete type it cannot be (a type
parameter, `impl Trait` or `?` take anything).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .grammars import node_text as _text
from .jvm_overloads import parameter_parts

_NOISE = frozenset({"line_comment", "block_comment"})
_NUMBERS = {"integer_literal": "int", "float_literal": "float", "boolean_literal": "bool", "char_literal": "char"}
_INTEGERS = frozenset({"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize"})
_LIFETIME = re.compile(r"'\w+\s*")
_SELF = re.compile(r"^&?\s*(?:'\w+\s+)?(?:mut\s+)?self\b")


def with_argument_kinds(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]
                        ) -> list[tuple[str, Any, str, str | None, Any]]:
    """The references, each call's module the kinds of what it passes (the others as they are)."""
    shaped = []
    for edge_type, node, name, module, definition in enclosed:
        if edge_type == "CALLS" and module is None and node.type == "call_expression":
            arguments = node.child_by_field_name("arguments")
            if arguments is not None:
                module = "(" + ",".join(_kind(source, child) for child in arguments.named_children
                                        if child.type not in _NOISE) + ")"
        shaped.append((edge_type, node, name, module, definition))
    return shaped


def _kind(source: bytes, node: Any) -> str:
    kind = node.type
    if kind in ("string_literal", "raw_string_literal"):
        return "&[u8]" if _text(source, node).startswith(("b", "br")) else "&str"
    if kind in _NUMBERS:
        return _NUMBERS[kind]
    if kind == "macro_invocation":
        macro = node.child_by_field_name("macro")
        written = _text(source, macro) if macro is not None else ""
        return {"vec": "Vec", "format": "String"}.get(written.rpartition("::")[2], "?")
    if kind == "call_expression":
        function = node.child_by_field_name("function")
        written = _text(source, function) if function is not None else ""
        if written in ("String::from", "String::new", "String::with_capacity") or written.endswith(".to_string") \
                or written.endswith(".to_owned") and _argument_is_literal(function):
            return "String"
    return "?"


def _argument_is_literal(function: Any) -> bool:
    """`"x".to_owned()`: a String (of another value, `to_owned` is its own type's)."""
    value = function.child_by_field_name("value") if function.type == "field_expression" else None
    return value is not None and value.type in ("string_literal", "raw_string_literal")


def takes_kinds(signature: str, name: str, kinds: list[str], on_value: bool) -> bool:
    """Whether a function (its signature) can take arguments of these kinds; `on_value`: the call is `x.name(..)`,
    whose receiver is the function's `self` and no argument. Unsure: yes."""
    parts = parameter_parts(signature, name)
    if parts is None:
        return True
    parameters = [part.strip() for part in parts if part.strip()]
    if parameters and _SELF.match(parameters[0]) and on_value:
        parameters = parameters[1:]
    if len(parameters) != len(kinds):
        return False
    generic = _type_parameters(signature, name)
    return all(_passes(kind, parameter.partition(":")[2].strip(), generic) for kind, parameter in zip(kinds, parameters)
               if not _SELF.match(parameter))


def _type_parameters(signature: str, name: str) -> set[str]:
    """The names of a function's own type parameters (`fn from<T: AsRef<[u8]>>(..)`: {"T"})."""
    match = re.search(rf"\bfn\s+{re.escape(name)}\s*<", signature)
    if match is None:
        return set()
    depth, names, start = 1, set(), match.end()
    for at in range(match.end(), len(signature)):
        character = signature[at]
        if character == "<":
            depth += 1
        elif character == ">":
            depth -= 1
        if depth == 1 and character == "," or depth == 0:
            word = signature[start:at].strip().split(":")[0].split()
            if word and not word[-1].startswith("'"):
                names.add(word[-1])
            start = at + 1
        if depth == 0:
            break
    return names


def _passes(kind: str, written: str, generic: set[str]) -> bool:
    if kind == "?" or not written:
        return True
    declared = _LIFETIME.sub("", written).replace(" ", "")
    bare = declared.lstrip("&").removeprefix("mut")
    if bare in generic or declared.startswith(("impl", "&impl", "dyn", "&dyn")) or bare == "Self":
        return True
    if kind == "&str":
        return declared == "&str"
    if kind == "&[u8]":
        return declared.startswith("&[u8")
    if kind == "Vec":
        return bare.startswith("Vec<") or bare == "Vec"
    if kind == "String":
        return bare == "String"
    if kind == "int":
        return declared in _INTEGERS or declared in ("f32", "f64")
    if kind == "float":
        return declared in ("f32", "f64")
    return declared == kind
