"""Guesses: when nothing tells what a name is, the project's few definitions of that name.

A reference whose receiver (or name) is unknown gets each definition of its name as a GUESS, and
none when the project has more than MAX_GUESSES of them. So a name's definitions are kept only up
to one more than a guess can use: looking a common name up stays as quick in a large tree as in a
small one. (Reading every definition of the name for each reference grew with the square of the
tree where names repeat: a 30,000-file link spent 31 s of 141 on it against 3 s at 10,000 files.)
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_GUESSES = 3
# Kept per name and kind: a list this long holds more than MAX_GUESSES other definitions even when
# the referring definition is one of them, so longer lists are never needed.
KEPT_PER_NAME = MAX_GUESSES + 2
_TOO_MANY: list[str] = [""] * KEPT_PER_NAME


class Guesses:
    """A name's definitions by kind (CLASS, FUNCTION, METHOD...), at most KEPT_PER_NAME of each. They may come
    in any order: a name with KEPT_PER_NAME definitions of a kind or more is never guessed, and every
    definition of the others is held."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], list[str]] = {}
        self._in_tests: set[str] = set()

    def add(self, name: str, kind: str, node_id: str, in_tests: bool = False) -> None:
        ids = self._ids.setdefault((kind, name), [])
        if len(ids) < KEPT_PER_NAME:
            ids.append(node_id)
            if in_tests:
                self._in_tests.add(node_id)
            if len(ids) == KEPT_PER_NAME:  # too many to guess from: no need to hold which they are
                self._ids[(kind, name)] = _TOO_MANY

    def of(self, name: str, kinds: Iterable[str], source_id: str, counted: Iterable[str] = (),
           from_tests: bool = True) -> list[str]:
        """The definitions of `name` of these kinds other than the referring one, sorted; none when
        there are more than MAX_GUESSES of them and of the `counted` kinds (a name too common to guess stays so when
        only some kinds may be it). A reference outside the tests (not `from_tests`) is no guess of a test's
        definition, though it counts: black's 98 guesses from its code into tests/data's fixtures (`list.append` in
        src/ as a fixture class's `append`), Django's 1,666."""
        found: list[str] = []
        others = 0
        kinds = tuple(kinds)
        for kind in (*kinds, *(kind for kind in counted if kind not in kinds)):
            ids = self._ids.get((kind, name), ())
            if len(ids) == KEPT_PER_NAME:
                return []
            if kind in kinds:
                found.extend(i for i in ids if i != source_id)
            else:
                others += sum(1 for i in ids if i != source_id)
        if len(found) + others > MAX_GUESSES:
            return []
        return sorted(found if from_tests else (i for i in found if i not in self._in_tests))
