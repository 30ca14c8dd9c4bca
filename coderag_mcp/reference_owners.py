"""Which definition each reference of a parsed file sits in (pure, like definitions.py, which finds both): the
innermost one around it, a namespace never, and the uses of a name a definition declares as a type parameter left out
(`S` in `createStore<S>(r: Reducer<S>)` is no project class `S`).
"""

from __future__ import annotations

from tree_sitter import Node

from .definitions import CONTAINERS, TYPE_PARAMETER, Definition


def _lead(definition: Definition) -> int:
    return definition.lead_byte if definition.lead_byte is not None else definition.span.start_byte


def with_enclosing(definitions: list[Definition], references: list[tuple[str, Node, str, str | None]]
               ) -> list[tuple[str, Node, str, str | None, Definition | None]]:
    """Each reference with the innermost definition around it, in one sweep over both (sorted) lists."""
    positions = [reference[1].start_byte for reference in references]
    order = sorted(range(len(references)), key=positions.__getitem__)
    leads = [_lead(definition) for definition in definitions]
    ends = [definition.end_byte for definition in definitions]
    result = []
    stack: list[Definition] = []
    stack_ends: list[int] = []
    next_definition = 0
    for index in order:
        reference, position = references[index], positions[index]
        while next_definition < len(definitions) and leads[next_definition] <= position:
            lead = leads[next_definition]
            while stack_ends and stack_ends[-1] <= lead:
                stack.pop()
                stack_ends.pop()
            stack.append(definitions[next_definition])
            stack_ends.append(ends[next_definition])
            next_definition += 1
        while stack_ends and stack_ends[-1] <= position:
            stack.pop()
            stack_ends.pop()
        # A scope owns what it inherits (Rust's `impl Trait for Type`), nothing else; a namespace nothing.
        owner = stack[-1] if stack and stack[-1].kind not in CONTAINERS else next(
            (d for d in reversed(stack) if d.kind not in CONTAINERS
             or (reference[0] == "INHERITS" and d.kind == "scope")), None)
        result.append((*reference, owner))
    return result


def without_type_parameters(enclosed: list[tuple[str, Node, str, str | None, Definition | None]]
                            ) -> list[tuple[str, Node, str, str | None, Definition | None]]:
    """The references but the type parameters (`@reference.type_parameter`) and the uses of a type named like a
    type parameter of the definition they are in or of one around it (`S` in `createStore<S>(r: Reducer<S>)`)."""
    declared: dict[int, set[str]] = {}
    for edge_type, _node, name, _module, definition in enclosed:
        if edge_type == TYPE_PARAMETER:
            declared.setdefault(id(definition), set()).add(name)
    if not declared:
        return enclosed

    def is_parameter(name: str, definition: Definition | None) -> bool:
        while definition is not None:
            if name in declared.get(id(definition), ()):
                return True
            definition = definition.parent
        return False

    return [entry for entry in enclosed if entry[0] != TYPE_PARAMETER
            and not (entry[0] == "USES" and is_parameter(entry[2], entry[4]))]
