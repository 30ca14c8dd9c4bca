"""A member named through a class that inherits it (`Client.build_request`, where httpx's `Client(BaseClient)` does
not define `build_request` and `BaseClient` does): the definition the class gets from its nearest base. An agent
names a method by the class it works with; find_references and read_code answered that nothing defines or calls it
(find_symbol listed the base's as one more definition of the name)."""

from __future__ import annotations

from typing import Any

from .queries import definitions_as_written, qualified_from_id
from .store import GraphNode, Store

# How far up its bases a class is followed (reference_queries.MAX_BASE_LEVELS).
MAX_BASE_LEVELS = 8


async def inherited_member(store: Store, project_id: str, symbol: str) -> tuple[list[GraphNode], str | None]:
    """The definitions `Class.member` reaches along the class's bases (nearest first, a level's bases in their
    order), and a note saying so; ([], None) when it names no class, or none of its bases holds the member."""
    owner, _, member = symbol.rpartition(".")
    if not owner or not member:
        return [], None
    classes = [node for node in await store.nodes_named(project_id, owner)
               if node.node_type == "CLASS" and qualified_from_id(project_id, node.file_path, node.id) == owner]
    level, seen = classes, {node.id for node in classes}
    for _level in range(MAX_BASE_LEVELS):
        above: list[GraphNode] = []
        for node in level:
            above.extend(base for base in await store.base_nodes(node.id) if base.id not in seen)
            seen.update(base.id for base in above)
        found = []
        for base in above:
            qualified = f"{qualified_from_id(project_id, base.file_path, base.id)}.{member}"
            found.extend(node for node in await store.nodes_named(project_id, qualified)
                         if node.file_path == base.file_path
                         and qualified_from_id(project_id, node.file_path, node.id) == qualified)
        if found:
            names = ", ".join(f"{node.file_path}:{qualified_from_id(project_id, node.file_path, node.id)}"
                              for node in found)
            return found, f"{owner} does not define {member}: it inherits {names}; these are the uses of that."
        if not above:
            break
        level = above
    return [], None


async def inherited_definitions(store: Store, project_id: str, symbol: str) -> tuple[list[dict[str, Any]], str | None]:
    """`inherited_member`'s definitions as `definitions_as_written` rows (each an exact match), and its note."""
    nodes, note = await inherited_member(store, project_id, symbol)
    rows = [{**dict(row), "tier": 0} for node in nodes
            for row in await definitions_as_written(store, project_id, node.name, None, 50, node.file_path)
            if row["qualified"] == qualified_from_id(project_id, node.file_path, node.id)]
    return rows, note if rows else None
