"""What a C# argument written as a class's member passes, at link: `ResultPrimitive.Fault` an enum's value (a
`ResultPrimitive`), `Settings.Timeout` the type its field or property is declared with, `Checks.IsFault` a method
group (a delegate, as a lambda is). A call's shape holds such an argument as its path ("=ResultPrimitive.Fault",
call_shapes.py), since only the project's definitions tell which it is.

Before, each was an argument of unknown type, which any overload takes: Polly's 458 `Policy.HandleResult(
ResultPrimitive.Fault)` reached `HandleResult<TResult>(Func<TResult, bool> predicate)` beside `HandleResult<TResult>(
TResult result)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .class_hierarchy import ClassHierarchy
from .csharp_generics import split_arity
from .csharp_signatures import held_type
from .name_overloads import CALLABLE
from .overload_parameters import TRAILING

# An argument written as a class's member in a shape: after `(`, `,`, a named argument's `:` or the trailing mark
_CLASS_MEMBER = re.compile(rf"(?<=[(,:{re.escape(TRAILING)}])=(?!>)([^,(){re.escape(TRAILING)}]+)")
# An enum's value as its signature holds it: `Fault,`, `Fault = 2,` (one of a one-line enum: the enum's line)
_ENUM_VALUE = r"\s*{}\s*(?:=[^;{{}}]*)?,?\s*"


def typed_arguments(module: str, hierarchy: ClassHierarchy, path: str) -> str:
    """A C# call's shape with each argument written as a class's member typed: the enum's or the declared type's
    name, `=>` for a method group, `?` when the project does not say (a library's class: `TimeSpan.Zero`)."""
    if "=" not in module:
        return module
    return _CLASS_MEMBER.sub(lambda found: _kind(found.group(1), hierarchy, path), module)


def _kind(written: str, hierarchy: ClassHierarchy, path: str) -> str:
    holder, _dot, member = written.rpartition(".")
    found = hierarchy.member_definition(holder.rpartition(".")[2], member, path) if holder else None
    if found is None or found.node_type == "CLASS":
        return "?"
    held = held_type(found.signature, member)  # (a property, `public static CancellationToken Token => ..`, or field)
    if held is not None:
        name = split_arity(held)[0]
        return held if name in ("Action", "Func") else name  # (a delegate's kind keeps its arity: "Action`2")
    if found.node_type in CALLABLE:
        return "=>"  # (a method group converts to a delegate of its parameters, whichever overload)
    enum = split_arity(holder.rpartition(".")[2])[0]
    if found.node_type == "VARIABLE" and (re.fullmatch(_ENUM_VALUE.format(re.escape(member)), found.signature or "") or
                                          re.search(rf"\benum\s+{re.escape(enum)}\b", found.signature or "")):
        return enum  # (a one-line enum's values hold its line: `public enum Outcome { Fault, Good = 2 }`)
    return "?"


def csharp_relation(hierarchy: ClassHierarchy, path: str) -> Callable[[str, str], bool | None]:
    """Whether a value of the project's type `kind` is one of its type `written` (a class, a base or an interface it
    implements, through the project's classes; any class of the name: the answer holds for every call, wherever it is
    written): None when either is no type of the project (no library type derives from one of the project's: a
    project class none of whose bases is `written` is none). `path`: a file of the language."""
    known: dict[tuple[str, str], bool | None] = {}

    def related(kind: str, written: str) -> bool | None:
        key = (kind, written)
        if key not in known:
            plain, wanted = split_arity(kind)[0], split_arity(written)[0]
            if plain == wanted:
                known[key] = True
            elif not hierarchy.has_class(plain, path) or not hierarchy.has_class(wanted, path):
                known[key] = None
            else:
                known[key] = wanted in {split_arity(base)[0] for base in hierarchy.any_base_names(plain, path)}
        return known[key]
    return related
