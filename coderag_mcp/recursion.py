"""Whether a call in a language resolved by name (name_graph.py) may be of its caller itself: recursion, an edge from
a definition to itself like any other (PageRank leaves such loops out: pagerank.Links). Python's and the typed
families' resolvers tell it by their own lookups (a lookup that finds the caller)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .languages import language_family
from .name_index import GraphIndex, without_line
from .name_overloads import CALLABLE, call_shape
from .store import GraphNode, ReferenceRow

# Whether a definition takes a call's arguments (name_overloads.py), for a call whose arguments pick among overloads.
Takes = Callable[[GraphNode], bool]


def calls_itself(ref: ReferenceRow, index: GraphIndex, language: str | None
                 ) -> Callable[[GraphNode, Takes | None], bool]:
    """Whether a reference's caller, found among its candidates, is one (given how definitions take the call, when
    its arguments pick among overloads): for a call on nothing, on the object itself or on a value typed as a class.
    Never for other references: on a receiver nobody typed, a call of the caller's name is another's
    (`$this->dispatcher->add(..)` in `add`)."""
    if ref.edge_type != "CALLS" or not (ref.qualifier in (None, "self") or ref.qualifier.startswith(":")):
        return _never

    def candidate(caller: GraphNode, takes: Takes | None) -> bool:
        # (asked only where the caller is among a call's candidates: what follows is read then, not for every call)
        if caller.node_type not in CALLABLE:
            return False
        named = index.named(ref.name)
        if language in ("c", "cpp") and any((node.signature or "").startswith("#define") for node in named):
            # (the preprocessor's: a macro's body calling what it wraps, jemalloc's `COL_HDR_DECLARE(size);` read as a
            # function calling itself)
            return False
        # Of overloads, the caller only when no other definition of the name takes the call: fmt's `get(
        # basic_string_view<Char> name)` calls `get(id)`, gtest's `FullMatch(const ::std::string& str, ..)` the
        # `FullMatch(const char* str, ..)` its class defines in another file (a class whose head a macro hides).
        if call_shape(ref) is None:
            return True
        family = language_family(ref.file_path)
        return takes is not None and takes(caller) and not any(
            node.id != caller.id and language_family(node.file_path) == family and takes(node) for node in named)

    return candidate


def _never(_caller: GraphNode, _takes: Takes | None) -> bool:
    return False


def beside_a_namesake(caller_id: str, found: Iterable[str]) -> bool:
    """Whether a lookup that found the caller found another definition of its name beside it, which the call is then:
    a property's getter beside its setter that calls it, another overload."""
    name = without_line(caller_id)
    return any(i != caller_id and without_line(i) == name for i in found)
