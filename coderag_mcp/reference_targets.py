"""What a use of a name resolved to, for find_references (reference_queries.py): the definitions asked about,
the edges of each use's source and how the uses of each qualifier resolved, and, for edges written before
they kept that, the target told from the receiver as written (its type, or its nearest base's).

Apart from reference_queries.py, which reads the uses and pages of them from the store and makes the hits:
this holds what those reads found and answers, per use, which target is its own, without reading anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .graph import SHAPE_SEPARATOR, UNSURE, use_key
from .store import GraphNode
from .type_names import field_holder


# How far up its bases a typed use's receiver is followed to tell which target it is.
MAX_BASE_LEVELS = 8


@dataclass(frozen=True)
class UseTargets:
    """What a use of a name may resolve to: the definitions asked about (`nodes`, shown as `names`), the
    uses that resolved to one of them (by source and edge type: each (target, how)), and those that resolved
    elsewhere (with the classes whose members they resolved to); `bases` holds the bases of the classes a typed
    use's receiver was (filled by `_reference_hits` as pages of uses are read, for the types `untold_types` names)."""

    nodes: list[GraphNode]
    names: dict[str, str]
    resolved: dict[tuple[str, str], list[tuple[str, str]]]
    elsewhere: dict[tuple[str, str], set[str]]
    # How each edge's uses resolved, by qualifier (`{"super()": "MEMBER", "self::inner": "GUESS"}`): by source, edge
    # type and target for the edges into the targets; by source and edge type, the qualifiers of the uses that
    # surely resolved to another definition. None: the edge was written before edges kept it (migration 26).
    uses: dict[tuple[str, str, str], dict[str, str] | None] = field(default_factory=dict)
    uses_elsewhere: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    include_guesses: bool = False
    bases: dict[str, set[str]] = field(default_factory=dict)
    # What the modules an import names bind its name to through their own imports (`_reexported`), by name and
    # modules: a package's re-export is imported by many files.
    reexported: dict[tuple[str, tuple[str, ...]], GraphNode | None] = field(default_factory=dict)
    # The first line of each target that is an overload (store.overload_lines): answers name it with it.
    overload_lines: dict[str, int] = field(default_factory=dict)

    def untold_types(self, key: tuple[str, str], qualifier: str | None) -> set[str]:
        """The receiver's types of a typed use that owns none of its source's targets, when the bases of a type
        may tell which it is: the classes whose bases `bases` lacks."""
        edges = self.resolved.get(key, [])
        if not edges or not qualifier or not qualifier.startswith(":"):
            return set()
        types = _receiver_types(qualifier)
        if any(owner_of(self.names[edge[0]]) in types for edge in edges):
            return set()
        return {name for level in self._lineage(types) for name in level if name not in self.bases}

    def _lineage(self, types: set[str]) -> list[set[str]]:
        """The types, then their bases, then theirs, as far as `bases` knows (each class once)."""
        levels, seen = [types], set(types)
        while len(levels) < MAX_BASE_LEVELS:
            above = {base for name in levels[-1] for base in self.bases.get(name, ())} - seen
            if not above:
                break
            levels.append(above)
            seen |= above
        return levels

    def target_of(self, key: tuple[str, str], qualifier: str | None, module: str | None = None
                  ) -> tuple[str | None, str]:
        """What a use resolved to, and how: as its source's edges say the uses of its qualifier (and, for a call,
        of what it passes: `use_key`) did (a sure target first; a guess only when guesses are asked for)."""
        edges = self.resolved.get(key, [])
        told = [(target, self.uses.get((*key, target))) for target, _resolution in edges]
        if told and all(uses is not None for _target, uses in told):
            use = use_key(qualifier, module, key[1])
            reached = [(target, how) for target, uses in told
                       if uses is not None and (how := _how(uses, use, qualifier)) is not None]
            sure = [edge for edge in reached if edge[1] not in UNSURE]
            if sure or (self.include_guesses and reached):
                return (sure or reached)[0]
            return None, "UNRESOLVED"
        return self._target_as_written(key, qualifier, edges)

    def shown_as(self, key: tuple[str, str], qualifier: str | None, module: str | None, target_id: str) -> str:
        """How an answer names what a use reached: the target, or, when the use reached several overloads of it (a
        call that each of them can take: fmt's `write(out, value)`), all of them by their lines
        (`CSVFormat.java:CSVFormat.print@2220|2250|2328`)."""
        if target_id not in self.overload_lines:
            return self.names[target_id]
        use = use_key(qualifier, module, key[1])
        lines = []
        for target, _resolution in self.resolved.get(key, []):
            told = self.uses.get((*key, target))
            how = _how(told, use, qualifier) if told is not None else None
            if self.names.get(target) == self.names[target_id] and how is not None and (
                    how not in UNSURE or self.include_guesses):
                lines.append(self.overload_lines[target])
        if len(lines) < 2:
            return self.shown_name(target_id)
        return f"{self.names[target_id]}@{'|'.join(map(str, sorted(lines)))}"

    def shown_name(self, target_id: str) -> str:
        """How an answer names a target: its name, an overload's with its first line
        (`CSVFormat.java:CSVFormat.print@2216`)."""
        line = self.overload_lines.get(target_id)
        return self.names[target_id] if line is None else f"{self.names[target_id]}@{line}"

    def resolved_nowhere(self, key: tuple[str, str], qualifier: str | None, module: str | None = None) -> bool:
        """Whether no use of this qualifier (and what it passes) in the source surely reached any definition of the
        name (only a guess, or nothing: a receiver whose type could not be told, or a library's)."""
        edges = self.resolved.get(key, [])
        uses = [self.uses.get((*key, target)) for target, _resolution in edges]
        if any(told is None for told in uses) or (key in self.elsewhere and key not in self.uses_elsewhere):
            return qualifier == "?"  # (edges from before migration 26: only a use nobody could type is sure to be)
        use = use_key(qualifier, module, key[1])
        elsewhere = dict.fromkeys(self.uses_elsewhere.get(key, ()), "")
        return not any(told is not None and (_how(told, use, qualifier) or "GUESS") not in UNSURE for told in uses) \
            and _how(elsewhere, use, qualifier) is None

    def _target_as_written(self, key: tuple[str, str], qualifier: str | None,
                           edges: list[tuple[str, str]]) -> tuple[str | None, str]:
        """What a use resolved to, told from its receiver as written, for edges that do not say (written before
        migration 26). A source's edges hold all its uses of the name at once; a use whose receiver nobody could
        type (`c.writermem.reset()`, qualifier `?`) can only have been guessed, so the sure edge beside it is
        another use's (`c.reset()` in the same function), not its own."""
        if qualifier == "?":  # (a language resolved by name may take the one definition of the name: NAME)
            edges = [edge for edge in edges if edge[1] in UNSURE or edge[1] == "NAME"]
        else:
            edges = [edge for edge in edges if edge[1] not in UNSURE] or edges
        if edges and qualifier and qualifier.startswith(":"):
            # Sure edges to several targets (`c.reset()` and `c.writermem.reset()` in one function): a use whose
            # receiver's type is known goes with the target of that type, or of its nearest base that has one
            # (zod's `stringSchema.min()` is `_ZodString.min`, a base of ZodString; `numberSchema.min()` in the
            # same function is `_ZodNumber.min`), or with none of these when another definition took it first.
            # (Neither: a method of a base the graph does not hold, kept.)
            for level in self._lineage(_receiver_types(qualifier)):
                matching = [edge for edge in edges if owner_of(self.names[edge[0]]) in level]
                if matching:
                    edges = matching
                    break
                if level & self.elsewhere.get(key, set()):
                    return None, "UNRESOLVED"
        elif edges and qualifier and qualifier.startswith("~"):
            # A call on a field (`c.writermem.reset()`, qualifier `~Context.writermem`) beside a call on the
            # receiver itself (`c.reset()`): the field's type is seldom the receiver's, so the receiver's own
            # method is the other use's target.
            holder = field_holder(qualifier)[0].rpartition(".")[2]
            others = [edge for edge in edges if owner_of(self.names[edge[0]]) != holder]
            if not others and key in self.elsewhere:
                return None, "UNRESOLVED"
            edges = others or edges
        return edges[0] if edges else (None, "UNRESOLVED")


def _how(told: dict[str, str], use: str, qualifier: str | None) -> str | None:
    """How an edge says a use resolved (`told`: its uses by `use_key`), if it reached the edge's target. An edge
    written before calls kept what they pass in these keys (no key holds it) tells by the qualifier alone."""
    if use in told:
        return told[use]
    if use != (qualifier or "") and not any(SHAPE_SEPARATOR in key for key in told):
        return told.get(qualifier or "")
    return None


def _receiver_types(qualifier: str) -> set[str]:
    """The classes a typed use's qualifier names (`:A|B`, `:f()`)."""
    return {type_name.removesuffix("()") for type_name in qualifier[1:].split("|")}


def owner_of(target: str) -> str:
    """The simple name of the class a target is a member of (`web/types.go:Writer.reset` -> `Writer`)."""
    return re.split(r"[.:]", target.rpartition(".")[0])[-1]
