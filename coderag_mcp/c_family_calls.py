"""What the link by name (name_graph.py) does for C and C++ calls alone.

A call on a field of the class whose member function makes it (`q_.enqueue(..)`, `helper_->reopen(..)`,
`this->sink_->log(..)`, qualified `~C.x` by c_receivers.py): the field's declaration in the class (a header, most
often) says its type, which the link then reads as a typed receiver's (`:T`). spdlog's audit: of 206 calls on
members of a project type, 4 were sure. Read from the field's signature, the line that declares it: `queue q_;`,
`file_helper *helper_;`, `const T &t_;`, a smart pointer's element (`std::unique_ptr<file_helper> owned_;`). A
container, a library type (`std::mutex`) or a typedef of a template says nothing here: the call stays one on a
receiver nobody typed, as does one on a variable whose declared type has no such member (`std::string`'s `find`).

A call written in `std` is the standard library's; a name written in a namespace no class holds is a free function's
(`detail::write(..)`); a bare call outside every member function is no method's but a constructor's or its own
class's; and a file sees what its includes include, to any depth (class_hierarchy.included).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence

from .class_hierarchy import file_stem
from .name_index import GraphIndex, owner_name, without_line
from .name_overloads import Overloads
from .store import GraphNode, ReferenceRow, qualified_in_node_id
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
    types = {field_type(node.signature or "", field) for node in fields if owner_name(node, project_id) == owner}
    typed = types.pop() if len(types) == 1 else None
    return ":" + typed if typed else "?"


def typed_receiver(ref: ReferenceRow, index: GraphIndex) -> ReferenceRow:
    """A call on a field of the class (`~C.x`: on the field's type) or on a variable of a declared type (`:T`),
    when a project class of that name has the member; else as on a receiver nobody typed (`?`)."""
    qualifier = ref.qualifier or ""
    typed = typed_field(qualifier, index.fields_by_name.get(field_holder(qualifier)[1], ()),
                        index.project_id) if qualifier.startswith("~") else qualifier
    members = [*index.named(ref.name), *index.fields_by_name.get(ref.name, ())]
    return ref._replace(qualifier=typed if any(owner_name(node, index.project_id) == typed[1:]
                                               for node in members) else "?")


def c_qualifier(ref: ReferenceRow, qualifier: str, index: GraphIndex) -> str | None:
    """A C or C++ call's qualifier as the link reads it: None for one written in `std` (spdlog's `std::swap(tracer_,
    ..)`, `std::remove(name)`, `std::localtime(..)` were its own `swap`, `os::remove`, fmt's `localtime`: what a
    project may add to `std` is specializations); `namespace` for a scope no class of the name's definitions holds
    (`detail::write(..)`: a free function by its name)."""
    if qualifier == "=std" or qualifier.startswith("=std."):
        return None
    if qualifier.startswith("=") and not any(owner_name(node, index.project_id) == qualifier[1:]
                                             for node in index.named(ref.name)):
        return "namespace"
    return qualifier


def free_in_class(node: GraphNode, source: str, project_id: str) -> bool:
    """Whether a C++ method is callable bare from `source` (a top-level definition or a file): it is a
    constructor (`Message(...)` makes one), or `source` is its class."""
    owner = qualified_in_node_id(project_id, node.file_path, node.id).rpartition(".")[0]
    return owner.rpartition(".")[2] == node.name or owner == source != ""


def seen_through(ref: ReferenceRow, index: GraphIndex, candidates: list[GraphNode]) -> list[GraphNode]:
    """The one function, class or macro of the name (its overloads counting once) in the files the caller's includes
    include, to any depth (spdlog's tests include `includes.h`, which includes `spdlog/spdlog.h`); none when several.
    A method is no bare call's unless its class is the caller's or one it inherits, which this does not tell."""
    if index.hierarchy is None:
        return []
    files = index.hierarchy.included(ref.file_path, index.files_for_module)
    found = [node for node in candidates if node.file_path in files and node.node_type != "METHOD"]
    return found if len({without_line(node.id) for node in found}) == 1 else []


# Where a C or C++ function is declared for others (a header), and where its body is (a source file).
_HEADERS = (".h", ".hh", ".hpp", ".hxx", ".h++")
_SOURCES = (".c", ".cc", ".cpp", ".cxx", ".c++", ".cu")
_INLINE = re.compile(r"\b(?:static|inline)\b")


def at_definitions(found: list[tuple[str, str]], ref: ReferenceRow, index: GraphIndex) -> list[tuple[str, str]]:
    """C and C++: a function declared in one place and defined in another is reached at its definition, where its body
    is. A member declared in its class and defined outside it (CLI11's `App::get_subcommands` declared in App.hpp, its
    body in impl/App_inl.hpp; leveldb's `DBIter::FindNextUserEntry` below its class): the one definition of the same
    qualified name and parameter types whose signature writes `Owner::name` (8 of an audit's 60 CLI11 edges reached a
    declaration; leveldb's calls in the same file reached both). A function declared in a header and defined in a
    source file (redis's `sdsnew` in sds.h and sds.c: 153 calls reached the header's prototype, 2 the body): the one
    source file's definition of the same name and parameter types, of the header's stem when several."""
    overloads = index.overloads or Overloads(index.project_id)
    named = index.named(ref.name)
    reached: dict[str, str] = {}
    for target, how in found:
        node = next((candidate for candidate in named if candidate.id == target), None)
        defined: list[GraphNode] = []
        if node is not None and node.node_type == "METHOD" and f"::{node.name}" not in (node.signature or ""):
            defined = [other for other in _same_function(node, named, overloads)
                       if f"::{other.name}" in (other.signature or "")]
        elif node is not None and node.node_type == "FUNCTION" and node.file_path.lower().endswith(_HEADERS) and (
                not _INLINE.search(node.signature or "")):  # (a header's `static inline` function has its body)
            defined = _body_of_prototype(node, [other for other in _same_function(node, named, overloads)
                                                if other.file_path.lower().endswith(_SOURCES)])
        if len(defined) == 1:
            # (found in the caller's file, its declaration; its body in another: no local one)
            moved = how == "LOCAL" and defined[0].file_path != node.file_path
            target, how = defined[0].id, ("MEMBER" if node.node_type == "METHOD" else "IMPORT") if moved else how
        reached.setdefault(target, how)
    return list(reached.items())


def _same_function(node: GraphNode, named: Sequence[GraphNode], overloads: Overloads) -> list[GraphNode]:
    """The other definitions of the kind, qualified name and parameter types of this one (none when its parameters are
    not read)."""
    return [other for other in overloads.declarations(node, named)
            if other.node_type == node.node_type and other.id != node.id]


def _body_of_prototype(node: GraphNode, defined: list[GraphNode]) -> list[GraphNode]:
    """Which source file's definition a header's function is declared for: the one of the header's stem (sds.h, sds.c;
    redis's src/dict.h, src/dict.c, not deps/hiredis/dict.c), else a C file's alone. (A C++ header's function may be a
    template with its body: CLI11's `lexical_cast(const std::string&, T&)` is no declaration of a test's overload.)"""
    same_stem = [other for other in defined if file_stem(other.file_path) == file_stem(node.file_path)]
    if len(same_stem) > 1:
        same_stem = [other for other in same_stem
                     if posixpath.dirname(other.file_path) == posixpath.dirname(node.file_path)]
    if same_stem:
        return same_stem
    return defined if len(defined) == 1 and defined[0].file_path.endswith(".c") else []

