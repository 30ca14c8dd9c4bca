"""C#'s generic types beside their namesakes: `Policy` and `Policy<TResult>`, `IRequestHandler<TRequest>` and
`IRequestHandler<TRequest, TResponse>` are different types of one name, told apart by how many type arguments
are written (their arity, which .NET itself writes `Policy`1`). Both define `Policy.Handle`, in one file or two.

While parsing (name_receivers.py), a reference keeps the arity written in its qualifier: `new`1` for
`new PolicyBuilder<TResult>(..)`, "`2" for a base `: IRequestHandler<TRequest, TResponse>`, `=Policy`1` for a
call on `Policy<int>.Handle<E>()`; none written, none kept (`new`, `=Policy`).
At link (name_index.GraphIndex), each definition's arity: a type's from its signature, a member's that of the
type it is written in (its file's nearest declaration of that type above it); name_graph.py reaches only the
definitions of the arity written.
"""

from __future__ import annotations

import re
from typing import Any

ARITY_MARK = "`"


def with_arity(text: str, arity: int) -> str:
    """`Policy` with 1 -> "Policy`1"; 0 leaves it as it is."""
    return f"{text}{ARITY_MARK}{arity}" if arity else text


def split_arity(text: str) -> tuple[str, int]:
    """"Policy`1" -> ("Policy", 1); `Policy` -> ("Policy", 0)."""
    head, mark, count = text.rpartition(ARITY_MARK)
    return (head, int(count)) if mark and count.isdigit() else (text, 0)


def says_type(qualifier: str | None) -> bool:
    """Whether a C# reference names the type it reaches, and so its arity: a call on a class written by name
    (`=Policy`, "=Policy`1"), on a value its declaration types (":Policy`1") or on what a chain of calls returns
    ("^=Policy|Handle`1", typed at link by the methods' return types), `new X(..)` (`new`, "new`1")."""
    return qualifier is not None and (qualifier[:1] in ("=", ":", "^")
                                      or split_arity(qualifier)[0].partition(" ")[0] == "new")


def written_arity(node: Any) -> int:
    """How many type arguments a C# type as written takes: `Policy<int>` 1, `Polly.IY<int, string>` 2,
    `Base<T>(a)` (a record's base with its arguments) 1, `Foo` 0; of `new X<T>(..)`, X's."""
    if node.type == "object_creation_expression":
        node = node.child_by_field_name("type")
    elif node.type == "primary_constructor_base_type":
        node = node.child_by_field_name("type")
    if node is not None and node.type == "qualified_name":
        node = node.child_by_field_name("name")
    if node is None or node.type != "generic_name":
        return 0
    arguments = next((child for child in node.named_children if child.type == "type_argument_list"), None)
    return arguments.named_child_count if arguments is not None else 0


def type_argument_count(arguments: str) -> int:
    """How many comma-separated types a type argument list holds at its own level (`A, B<C, D>` is 2)."""
    depth, count = 0, 1
    for character in arguments:
        if character in "<(":
            depth += 1
        elif character in ">)":
            depth -= 1
        elif character == "," and depth == 0:
            count += 1
    return count


# C#'s naming of type parameters (`T`, `TResult`, `T1`): a value of one is what its caller chose, never a lambda
TYPE_PARAMETER_NAME = re.compile(r"T(?:[A-Z0-9]\w*)?")
# .NET's awaitable types: awaiting a `Task<T>` or `ValueTask<T>` gives a T, a plain one nothing
TASK_TYPES = frozenset({"Task", "ValueTask"})
# `class Policy<TResult>`, `record struct R<T>(..)`, `interface IHandler<in TRequest, out TResponse>`
_TYPE_PARAMETERS = re.compile(r"\b(?:class|struct|interface|record)\s+(?:(?:struct|class)\s+)?(\w+)\s*<([^<>]*)>")


def declared_arity(signature: str | None, name: str) -> int:
    """How many type parameters a C# type declares, read from its signature (0 when it says none)."""
    if not signature:
        return 0
    found = _TYPE_PARAMETERS.search(signature)
    return found.group(2).count(",") + 1 if found is not None and found.group(1) == name else 0


class Arities:
    """The arity of each C# definition of a link slice that has one: a generic type's own, its members' (its
    constructors' too) that of their type. Fed the slice's nodes in graph_nodes' order (a file's by line), its
    types among them (Store.nodes_named_in loads every type of a C# file it loads a definition of)."""

    def __init__(self) -> None:
        self.of: dict[str, int] = {}
        self._file: str | None = None
        self._types: dict[str, int] = {}  # the file's types seen so far, by qualified name: the arity of the nearest

    def see(self, node_id: str, file_path: str, node_type: str, name: str, signature: str | None,
            qualified: str) -> None:
        if file_path != self._file:
            self._file, self._types = file_path, {}
        if node_type == "CLASS":
            arity = self._types[qualified.partition("@")[0]] = declared_arity(signature, name)
        else:
            arity = self._types.get(qualified.rpartition(".")[0], 0)
        if arity:
            self.of[node_id] = arity

    def arity(self, node_id: str) -> int:
        return self.of.get(node_id, 0)
