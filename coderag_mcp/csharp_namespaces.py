"""C#'s namespaces at link (name_graph.py), read from the files' declarations (declared_namespaces.DeclaredNamespaces): a
type written with its namespace (`new eShopWeb.ApplicationCore.Specifications.CatalogFilterSpecification(..)`) is
that namespace's, not the caller's file's class of the name (a test class named for the class it tests); a type
written alone is first one of the caller's own namespace or of a namespace around it, as C# looks it up, before the
namespaces its `using`s bring.
"""

from __future__ import annotations

from collections.abc import Sequence

from .name_index import GraphIndex, owner_name
from .store import GraphNode, ReferenceRow


def written_in(written: str, candidates: Sequence[GraphNode], index: GraphIndex) -> list[GraphNode] | None:
    """Of the project's types of a name, those `new A.B.C(..)` means by its `A.B`: a namespace, written whole or
    relative to one around the caller (`eShopWeb.ApplicationCore` in `Microsoft.eShopWeb.Web`), else a class holding
    the type (`new CatalogItem.CatalogItemDetails(..)`); None when a candidate's namespace cannot be read."""
    if index.namespaces is None:
        return None
    wanted = written.lower()
    found = []
    for node in candidates:
        declared = index.namespaces.every(node.file_path)
        if not declared:
            return None
        if any(space.lower() == wanted or space.lower().endswith("." + wanted) for space in declared):
            found.append(node)
    last = written.rpartition(".")[2]
    return found or [node for node in candidates if owner_name(node, index.project_id) == last]


def in_namespaces_around(ref: ReferenceRow, candidates: Sequence[GraphNode], index: GraphIndex) -> list[GraphNode]:
    """Of the project's types of a name written alone, those of the caller's namespace or of one around it (not one
    nested in a class: MediatR's tests' `PipelineTests.Logger` is no `Logger` of their namespace)."""
    visible = index.csharp_visible_files(ref.file_path)
    return [node for node in candidates if node.node_type == "CLASS" and node.file_path in visible
            and not owner_name(node, index.project_id)]
