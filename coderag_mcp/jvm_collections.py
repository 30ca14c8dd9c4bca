"""The elements of a Java class that is a library collection of them: jsoup's `class Elements extends Nodes<Element>`,
`class Nodes<T extends Node> extends ArrayList<T>`: what `elements.get(0)` returns is an Element, and a call on it is
Element's method (188 of jsoup's calls on `select(..).get(i)` were guesses or nothing). Read from the class
signatures along the project bases, each type parameter bound to the argument the subclass passes, or else to its
bound (what Java's erasure gives).
"""

from __future__ import annotations

import re

from .type_names import split_type_arguments, type_name

# The library collections whose methods below return an element (the type argument they take).
LIBRARY_COLLECTIONS = frozenset({"List", "ArrayList", "LinkedList", "AbstractList", "Vector", "Stack", "Deque",
                                 "ArrayDeque", "Queue", "PriorityQueue", "SortedSet", "NavigableSet", "TreeSet",
                                 "CopyOnWriteArrayList"})
# What they return an element from (`remove` is left out: `remove(Object)` returns a boolean).
ELEMENT_METHODS = frozenset({"get", "getFirst", "getLast", "removeFirst", "removeLast", "peek", "peekFirst",
                             "peekLast", "poll", "pollFirst", "pollLast", "pop", "element", "first", "last", "set"})
_DECLARED = re.compile(r"\b(?:class|interface)\s+\w+\s*(?P<parameters><(?:[^<>]|<[^<>]*>)*>)?"
                       r"(?P<rest>.*)$", re.S)


def type_parameters(signature: str) -> list[tuple[str, str | None]]:
    """A class's type parameters and their bounds: `Nodes<T extends Node>` -> [(`T`, `Node`)]."""
    match = _DECLARED.search(signature)
    if match is None or not match.group("parameters"):
        return []
    found = []
    for part in _arguments(match.group("parameters")[1:-1]):
        name, _, bound = part.partition(" extends ")
        found.append((name.strip(), type_name(bound.split("&")[0]) if bound else None))
    return found


def written_bases(signature: str) -> list[tuple[str, list[str]]]:
    """The types a class extends and implements, each with its type arguments: `extends Nodes<Element>` ->
    [(`Nodes`, [`Element`])]."""
    match = _DECLARED.search(signature)
    if match is None:
        return []
    rest = re.sub(r"\b(?:extends|implements)\b", ",", match.group("rest").split("{", 1)[0])
    found = []
    for part in _arguments(rest):
        name, _, arguments = part.partition("<")
        found.append((name.strip().rsplit(".", 1)[-1], _arguments(arguments.rstrip().removesuffix(">"))
                      if arguments else []))
    return found


def _arguments(text: str) -> list[str]:
    """`A, Map<K, V>` -> [`A`, `Map<K, V>`]: the top level of a type argument list, each part stripped."""
    return [part.strip() for part in split_type_arguments(text) if part.strip()]
