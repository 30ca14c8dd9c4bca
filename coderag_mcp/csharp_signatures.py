"""What a C# definition's signature says about the types around it, read by the link (csharp_typed_calls.py,
name_overloads.py): the type an extension method extends, the type a property or field holds, the type a method
returns, and whether a method is an explicit implementation of an interface's (callable only through it). Each
read is memoized: a link asks about the same few signatures for every call of their names (uncached, these reads
tripled the time Polly's link spends resolving).
"""

from __future__ import annotations

import functools
import re

from .csharp_generics import TASK_TYPES, TYPE_PARAMETER_NAME, type_argument_count, with_arity

_MEMO = 1 << 16
# `F<TResult>(this PolicyBuilder<TResult> policyBuilder, ..)`: the method's type parameters, the type it extends and
# that type's arguments
_EXTENDED = re.compile(r"(?:<([^()<>]*)>)?\s*\(\s*this\s+(?:[\w.]+\.)?(\w+)\s*(<[^()]*?>)?[?\s]")
# `where TBuilder : ResiliencePipelineBuilderBase`
_CONSTRAINT = r"\bwhere\s+{}\s*:\s*(?:[\w.]+\.)?(\w+)"
# Any value is an object: an extension method of `this object value` extends every type.
EVERY_TYPE = "object"


@functools.lru_cache(maxsize=_MEMO)
def extended_type(signature: str | None) -> str | None:
    """The type an extension method is written for, with its arity ("PolicyBuilder`1"); for one written for a type
    parameter of its own, that parameter's constraint (`where TBuilder : Base`: "Base"), or `object` when it has
    none; None for any other method."""
    found = _EXTENDED.search(signature or "")
    if found is None:
        return None
    type_parameters, name, arguments = found.groups()
    if name in _type_parameter_names(type_parameters):
        constraint = re.search(_CONSTRAINT.format(re.escape(name)), signature or "")
        return constraint.group(1) if constraint is not None else EVERY_TYPE
    return with_arity(name, type_argument_count(arguments[1:-1]) if arguments else 0)


# `public static ResilienceContextPool Shared { get; } = ..`, `public static readonly ResiliencePipeline<T> Empty = ..`:
# the type written before a property's or field's name
_HELD_TYPE = r"(?:^|[\s(])(?:[\w]+\.)*(\w+)\s*(<[^=;{{}}()]*>)?\??\s+{}\s*(?:[{{=;]|=>|$)"


@functools.lru_cache(maxsize=_MEMO)
def held_type(signature: str | None, name: str) -> str | None:
    """The type a C# property or field `name` is declared with, with its arity, from its signature; None when the
    signature does not say (or names a keyword such as `var`)."""
    found = re.search(_HELD_TYPE.format(re.escape(name)), signature or "")
    if found is None or found.group(1) in _NOT_TYPES:
        return None
    arguments = found.group(2)
    return with_arity(found.group(1), type_argument_count(arguments[1:-1]) if arguments else 0)


_NOT_TYPES = frozenset({"var", "dynamic", "const", "static", "readonly", "public", "private", "protected", "internal",
                        "new", "override", "virtual", "abstract", "sealed", "required", "volatile", "unsafe", "event"})


# `public static PolicyBuilder<TResult> Handle<TException>() where ..`: the type written before a method's name
_RETURNED_TYPE = r"(?:^|[\s(])(?:\w+\.)*(\w+)\s*(<[^=;{{}}()]*>)?\??\s+{}\s*(<[^()]*>)?\s*\("


@functools.lru_cache(maxsize=_MEMO)
def returned_type(signature: str | None, name: str) -> str | None:
    """The type a C# method `name` declares it returns, with its arity, from its signature; None for `void`, a type
    parameter, or a signature that does not say."""
    found = re.search(_RETURNED_TYPE.format(re.escape(name)), signature or "")
    if found is None:
        return None
    written, arguments, type_parameters = found.groups()
    return _named_type(written, arguments, type_parameters)


# What awaiting a Task<T> or ValueTask<T> gives: the type written inside, with its own arguments
_AWAITED_TYPE = re.compile(r"(?:\w+\.)*(\w+)\s*(<.*>)?\s*\??")


@functools.lru_cache(maxsize=_MEMO)
def awaited_type(signature: str | None, name: str) -> str | None:
    """The type awaiting what a C# method `name` returns gives (`Basket` of `Task<Basket> GetBasketAsync(..)`, or of
    a ValueTask<Basket>), with its arity; None for a plain Task, a type parameter, a signature that does not say."""
    found = re.search(_RETURNED_TYPE.format(re.escape(name)), signature or "")
    if found is None:
        return None
    written, arguments, type_parameters = found.groups()
    held = _AWAITED_TYPE.fullmatch(arguments[1:-1].strip()) if written in TASK_TYPES and arguments else None
    return _named_type(*held.groups(), type_parameters) if held is not None else None


def _named_type(written: str, arguments: str | None, type_parameters: str | None) -> str | None:
    """A type a signature writes (`PolicyBuilder<TResult>`), with its arity ("PolicyBuilder`1"); None for a keyword,
    `void`, or a type parameter (C#'s `T..` naming, or one of the method's own `<..>`)."""
    if written in _NOT_TYPES or written == "void" or TYPE_PARAMETER_NAME.fullmatch(written) or (
            written in _type_parameter_names(type_parameters)):
        return None
    return with_arity(written, type_argument_count(arguments[1:-1]) if arguments else 0)


@functools.lru_cache(maxsize=_MEMO)
def returns_receiver(signature: str | None, name: str) -> bool:
    """Whether a C# extension method returns the value it extends as the type it was called on: `TBuilder
    AddTimeout<TBuilder>(this TBuilder builder, ..)`, a fluent builder's step, returns the builder it is called on."""
    returned = re.search(_RETURNED_TYPE.format(re.escape(name)), signature or "")
    extended = _EXTENDED.search(signature or "")
    if returned is None or extended is None:
        return False
    written, arguments, type_parameters = returned.groups()
    return not arguments and written == extended.group(2) and written in _type_parameter_names(type_parameters)


# `IAsyncPolicy IAsyncPolicy.WithPolicyKey(string policyKey)`: a method named with its interface
_EXPLICIT = r"[\w>]\s+(?:[\w.]+\.)?I[A-Z]\w*(?:<[^()]*>)?\.{}\s*(?:<[^()]*>)?\s*\("


@functools.lru_cache(maxsize=_MEMO)
def explicit_implementation(signature: str | None, name: str) -> bool:
    """Whether a C# method is an explicit implementation of an interface's method (`IAsyncPolicy
    IAsyncPolicy.WithPolicyKey(..)`): a call reaches it only through a value of that interface's type."""
    return re.search(_EXPLICIT.format(re.escape(name)), signature or "") is not None


@functools.lru_cache(maxsize=_MEMO)
def method_type_parameters(signature: str | None, name: str) -> tuple[int, bool]:
    """How many type parameters a C# method declares (`GetPolicies<TPolicy>(..)`: 1; 0 when none), and whether a
    call that writes none can infer them all: each named in its parameters (`Retry<TResult>(this PolicyBuilder<TResult>
    b)`, not `GetPolicies<TPolicy>(this IPolicyWrap w)`)."""
    found = re.search(r"\b{}\s*<([^()]*)>\s*\(".format(re.escape(name)), signature or "")
    if found is None:
        return 0, True
    written = signature[found.end():] if signature else ""
    return type_argument_count(found.group(1)), all(re.search(rf"\b{re.escape(held)}\b", written)
                                                    for held in _type_parameter_names(found.group(1)))


def _type_parameter_names(written: str | None) -> list[str]:
    """The names a type parameter list declares, with its brackets or without (`<TResult, in T>`: TResult, T)."""
    return [part.split()[-1] for part in (written or "").strip("<>").split(",") if part.split()]
