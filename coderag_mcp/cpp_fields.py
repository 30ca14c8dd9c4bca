"""A C++ call on a field of the class whose member function makes it (`q_.enqueue(..)`, `helper_->reopen(..)`,
`this->sink_->log(..)`, qualified `~C.x` by c_receivers.py): the field's declaration in the class (a header, most
often) says its type, which the link then reads as a typed receiver's (`:T`). spdlog's audit: of 206 calls on
members of a project type, 4 were sure.

Read from the field's signature, the line that declares it: `queue q_;`, `file_helper *helper_;`, `const T &t_;`,
a smart pointer's element (`std::unique_ptr<file_helper> owned_;`). A container, a library type (`std::mutex`) or a
typedef of a template says nothing here: the call stays one on a receiver nobody typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .store import GraphNode, qualified_in_node_id
from .type_names import field_holder

# What a declaration's type may have around its name: storage and qualifiers, pointers and references.
_QUALIFIERS = re.compile(r"\b(?:static|mutable|const|volatile|inline|constexpr|thread_local|struct|class)\b|[*&]")
_SMART_POINTER = re.compile(r"^(?:std::)?(?:unique_ptr|shared_ptr|weak_ptr)\s*<\s*([\w:]+)\s*(?:,[^<>]*)?>$")
_NAME = re.compile(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*")


def field_type(signature: str, field: str) -> str | None:
    """The class a field's declaration says it holds (its last name, `details::file_helper` -> `file_helper`); None
    when it says none this reads: a container, a template, a library's (`std::`) type, a function pointer."""
    written = signature.split(";", 1)[0].split("=", 1)[0].split("{", 1)[0]
    at = written.rfind(field)
    if at <= 0 or "(" in written:
        return None
    written = " ".join(_QUALIFIERS.sub(" ", written[:at]).split())
    pointed = _SMART_POINTER.match(written)
    if pointed:
        written = pointed.group(1)
    if not _NAME.fullmatch(written) or written.startswith("std::"):
        return None
    return written.rpartition("::")[2]


def typed_field(qualifier: str, fields: Iterable[GraphNode], project_id: str) -> str:
    """`:T` for a `~C.x` qualifier whose field C declares with a class type T; `?` otherwise."""
    holder, field = field_holder(qualifier)
    owner = holder.rpartition(".")[2]
    types = {field_type(node.signature or "", field) for node in fields
             if qualified_in_node_id(project_id, node.file_path, node.id).rpartition(".")[0].rpartition(".")[2] == owner}
    typed = types.pop() if len(types) == 1 else None
    return ":" + typed if typed else "?"
