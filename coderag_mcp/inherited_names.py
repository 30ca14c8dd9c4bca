"""A member named through a class that inherits it (`Client.build_request`, where httpx's `Client(BaseClient)` does
not define `build_request` and `BaseClient` does): the definition the class gets from its nearest base. An agent
names a method by the class it works with; find_references and read_code answered that nothing defines or calls it
(find_symbol listed the base's as one more definition of the name)."""

from __future__ import annotations

import json
from typing import Any

from .graph import SHAPE_SEPARATOR
from .jvm_overloads import kotlin_parameter_types, parameter_types
from .name_index import without_line
from .store import GraphNode, Store
from .symbol_names import definitions_as_written, qualified_from_id

# How far up its bases a class is followed (reference_queries.MAX_BASE_LEVELS).
MAX_BASE_LEVELS = 8
# The most methods an answer looks for the base methods of: an agent asks for one override by its class
# (`HTTPTransport.handle_request`); a name many classes define is answered without the note.
MAX_OVERRIDES_NOTED = 5


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
            return found, f"{owner} does not define {member}: it inherits {names}."
        if not above:
            break
        level = above
    return [], None


def named_exactly(project_id: str, symbol: str, nodes: list[GraphNode]) -> bool:
    """Whether one of `nodes` is `symbol` itself, not a namesake nested in something else (`ModelAdmin.get_queryset`
    of Django's tests' `class ModelAdmin` inside a test function is
    `ChangeListTests.test_x.ModelAdmin.get_queryset`)."""
    return any(without_line(qualified_from_id(project_id, node.file_path, node.id)) == symbol for node in nodes)


async def inherited_definitions(store: Store, project_id: str, symbol: str,
                                kind: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """`inherited_member`'s definitions (of `kind`, if given) as `definitions_as_written` rows (each an exact match),
    and its note."""
    nodes, note = await inherited_member(store, project_id, symbol)
    rows = [{**dict(row), "tier": 0} for node in nodes
            for row in await definitions_as_written(store, project_id, node.name, kind, 50, node.file_path)
            if row["qualified"] == qualified_from_id(project_id, node.file_path, node.id)]
    return rows, note if rows else None


async def overridden_note(store: Store, project_id: str, nodes: list[GraphNode]) -> str | None:
    """For methods that override a base's method which the graph has sure calls of, a note naming it: a call on
    the base (`transport.handle_request(request)` on httpx's `BaseTransport`, jinja's `self.get_source(...)` in
    `BaseLoader.load`) is how an override runs, and is listed under the base's method only (find_references of
    `HTTPTransport.handle_request` and `FileSystemLoader.get_source` said 0, with nothing guessed)."""
    found: dict[str, tuple[str, int]] = {}
    methods = [node for node in nodes if node.node_type == "METHOD"]
    if len(methods) > MAX_OVERRIDES_NOTED:
        return None  # (a name many classes define: each walked its bases, Django's `__init__` 45 ms -> 1.2 s)
    for node in methods:
        owner, _, member = node.id.rpartition(".")
        level, seen = [owner], {owner}
        for _level in range(MAX_BASE_LEVELS):
            above = [base for class_id in level for base in await store.base_nodes(class_id) if base.id not in seen]
            seen.update(base.id for base in above)
            bases = [found_node for base in above for found_node in await store.nodes_named(
                project_id, f"{qualified_from_id(project_id, base.file_path, base.id)}.{member}")
                     if found_node.id == f"{base.id}.{member}" and not _overloads_instead(node, found_node)]
            if bases:
                for base in bases:
                    calls = sum(edge["edge_type"] == "CALLS" and edge["resolution"] != "GUESS" and _dispatched(edge)
                                for edge in await store.edges_into([base.id]))
                    if calls:
                        qualified = qualified_from_id(project_id, base.file_path, base.id)
                        found.setdefault(base.id, (f"{base.file_path}:{qualified}", calls))
                break
            if not above:
                break
            level = [base.id for base in above]
    if not found:
        return None
    named = "; ".join(f"{name} ({calls} caller{'s' if calls > 1 else ''})" for name, calls in found.values())
    first = next(iter(found.values()))[0].split(":", 1)[1]
    return (f"It overrides {named}: a call on the base (or on self in it) runs this one for an instance of this class, "
            f"and is listed under the base's method: find_references '{first}' lists them.")


def _overloads_instead(method: GraphNode, base: GraphNode) -> bool:
    """Whether a Java or Kotlin method takes other parameters than its base's method of the name: an overload beside
    it, no override (jsoup's `HtmlTreeBuilder.error(HtmlTreeBuilderState)` beside `TreeBuilder.error(String)`)."""
    if not (method.file_path.endswith((".java", ".kt", ".kts")) and base.file_path.endswith((".java", ".kt", ".kts"))):
        return False
    read = [(parameter_types if node.file_path.endswith(".java") else kotlin_parameter_types)(
        node.signature or "", node.name) for node in (method, base)]
    return read[0] is not None and read[1] is not None and read[0] != read[1]


def _dispatched(edge: Any) -> bool:
    """Whether an edge's calls may run an override: not only `super().f()` (a subclass's `super().__init__()` runs
    the base's own, whatever the instance)."""
    uses = json.loads(edge["uses"]) if edge["uses"] else {}
    return not uses or any(use.partition(SHAPE_SEPARATOR)[0] != "super()" and how != "GUESS"
                           for use, how in uses.items())
