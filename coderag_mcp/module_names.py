"""Names written with the module they are in (`helpers.url_for`, `flask.helpers.url_for`, `de::from_str`,
`crate::de::from_str`): the definitions they mean, when no definition is qualified so. A qualified name is a
definition's own (its classes', `Config.parse`); an agent writes a function by its module as its code imports it,
and was told that nothing in the project defines or calls it (flask's `helpers.url_for`, serde_json's
`de::from_str`, the only way to tell the free function from `Deserializer::from_str`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .name_graph import files_module_means
from .queries import definitions_as_written, qualified_from_id
from .store import GraphNode, ReferenceRow, Store, module_node_id

# How many imports away a name a module re-exports is followed to its definition (typed_names.py's MAX_DEPTH).
MAX_REEXPORTS = 6
_Found = TypeVar("_Found")

# Path segments that name no module of their own: a package's or a crate's root file, a Rust path's start.
_ROOT_FILES = frozenset({"__init__", "mod", "index", "lib", "main"})
_PATH_STARTS = frozenset({"crate", "self", "super"})


def module_splits(symbol: str) -> list[tuple[list[str], str]]:
    """Each way to read `symbol` as a module path and a qualified name in it, the longest module first:
    `flask.helpers.url_for` is (flask.helpers, url_for), then (flask, helpers.url_for)."""
    parts = [part for part in symbol.replace("::", ".").split(".") if part]
    splits = []
    for cut in range(len(parts) - 1, 0, -1):
        module = [part for part in parts[:cut] if part not in _PATH_STARTS]
        if module:
            splits.append((module, ".".join(parts[cut:])))
    return splits


def in_module(file_path: str, module: list[str]) -> bool:
    """Whether the file is the module the path names, or a module whose path ends so (`flask.helpers` is
    src/flask/helpers.py; `helpers` too; `de` is src/de.rs or src/de/mod.rs)."""
    segments = file_path.rsplit(".", 1)[0].split("/")
    if len(segments) > 1 and segments[-1] in _ROOT_FILES:
        segments.pop()
    return len(segments) >= len(module) and segments[-len(module):] == module


async def module_qualified_definitions(store: Store, project_id: str, symbol: str, kind: str | None,
                                       limit: int) -> list[dict[str, Any]]:
    """The definitions `symbol` names as a module path and a qualified name (as `definitions_as_written` rows,
    each an exact match), in the module or, re-exported, in a package (`httpx.get`), or none."""
    for module, qualified in module_splits(symbol):
        rows = [row for row in await definitions_as_written(store, project_id, qualified, kind, limit)
                if row["qualified"].replace("::", ".") == qualified]
        found = [row for row in rows if in_module(row["file_path"], module)]
        if not found and rows:
            files = await _reexported_files(store, project_id, module, qualified, {row["file_path"] for row in rows})
            found = [row for row in rows if row["file_path"] in files]
        if found:
            return [{**dict(row), "tier": 0} for row in found]
    return []


async def module_qualified_nodes(store: Store, project_id: str, symbol: str) -> list[GraphNode]:
    """The graph nodes `symbol` names as a module path and a qualified name, in the module or, re-exported, in a
    package (`jinja2.Environment`), or none."""
    for module, qualified in module_splits(symbol):
        nodes = [node for node in await store.nodes_named(project_id, qualified)
                 if qualified_from_id(project_id, node.file_path, node.id).replace("::", ".") == qualified]
        found = [node for node in nodes if in_module(node.file_path, module)]
        if not found and nodes:
            files = await _reexported_files(store, project_id, module, qualified, {node.file_path for node in nodes})
            found = [node for node in nodes if node.file_path in files]
        if found:
            return found
    return []


async def _reexported_files(store: Store, project_id: str, module: list[str], qualified: str,
                            defining: set[str]) -> set[str]:
    """Of the files `defining` the qualified name, the one the module path's package re-exports its first part
    from, nearest first: `httpx.get` is the `get` of httpx/_api.py (httpx/__init__.py's `from ._api import *`),
    `jinja2.Environment` src/jinja2/environment.py's (`from .environment import Environment as Environment`);
    agents write the names a package's users write, and were told nothing defines them."""
    if not any(path.endswith(".py") for path in defining):  # (a package's re-exports, as Python writes them)
        return set()
    packages = [path for path in await store.indexed_files(project_id)
                if path.endswith("/__init__.py") and in_module(path, module)]
    head = qualified.split(".", 1)[0]
    found = await follow_reexports(store, project_id, head, packages,
                                   lambda reached: next((path for path in reached if path in defining), None))
    return {found} if found else set()


def reexports(ref: ReferenceRow, name: str) -> bool:
    """Whether an import binds `name` in its module under its own name, for other modules to import from it:
    `from .a import name` (or `name as name`), `from .a import *`, `export { name } from "./a"`,
    `export * from "./a"`; not a module (`import a as name`), another name (`x as name`) or nothing (`import "./a"`)."""
    qualifier = ref.qualifier
    if ref.name == "*" or qualifier == "*":
        return True
    return ref.name == name and qualifier in (None, "default", name)


def module_files(project_id: str, module_ids: Iterable[str]) -> list[str]:
    """The files of these module nodes."""
    prefix = module_node_id(project_id, "")
    return sorted(module_id[len(prefix):] for module_id in module_ids)


async def follow_reexports(store: Store, project_id: str, name: str, files: list[str],
                           found_in: Callable[[list[str]], _Found | None]) -> _Found | None:
    """What `found_in` finds first among the modules these files' imports that bind `name` for others to import
    from (`reexports`) resolved to, followed up to MAX_REEXPORTS imports away, nearest first."""
    seen: set[str] = set()
    frontier = files
    for _hop in range(MAX_REEXPORTS):
        frontier = sorted(set(frontier) - seen)
        if not frontier:
            break
        seen.update(frontier)
        # Only a module's own imports: one inside a function binds nothing others can import.
        imports = [ref for ref in await store.imports_of(project_id, frontier)
                   if ref.source_id == module_node_id(project_id, ref.file_path) and reexports(ref, name)]
        edges = await store.import_edges_from(sorted({ref.source_id for ref in imports})) if imports else {}
        following: list[str] = []
        for ref in imports:
            inner = files_module_means(ref.module or ref.name, ref.file_path,
                                       module_files(project_id, edges.get(ref.source_id, {})))
            found = found_in(inner)
            if found is not None:
                return found
            following.extend(inner)
        frontier = following
    return None


async def exported_alias(store: Store, project_id: str, name: str) -> tuple[list[GraphNode], str | None]:
    """The definitions a name no definition has is another name of, by a module's local export under it
    (`export { Hono as HonoBase }`: hono's `class Hono extends HonoBase` in three files, and find_symbol and
    find_references of `HonoBase` said nothing defines it), found in the modules the name's imports resolved to;
    and a note saying so. ([], None) when it is no such name."""
    uses, _after = await store.references_named_page(project_id, name, files=20)
    imported = await store.import_edges_from([use["source_id"] for use in uses if use["edge_type"] == "IMPORTS"])
    modules = sorted({module.split(":", 1)[1] for found in imported.values() for module in found
                      if module.startswith(project_id + ":")})
    if not modules:
        return [], None
    for row in await store.imports_of(project_id, modules):
        if row.qualifier == name and row.module is None:  # `export { Hono as HonoBase }`: no `from`
            found = [node for node in await store.nodes_named(project_id, row.name)
                     if node.file_path == row.file_path and qualified_from_id(project_id, node.file_path,
                                                                              node.id) == row.name]
            if found:
                return found, (f"'{name}' is the name {row.file_path} exports {row.name} under (line {row.lineno}, "
                               f"`export {{ {row.name} as {name} }}`): these are {row.name}'s.")
    return [], None


async def exported_alias_definitions(store: Store, project_id: str, name: str, kind: str | None, limit: int,
                                     ) -> tuple[list[dict[str, Any]], str | None]:
    """`exported_alias`'s definitions as `definitions_as_written` rows (each an exact match), and its note."""
    nodes, note = await exported_alias(store, project_id, name)
    rows = [{**dict(row), "tier": 0} for node in nodes
            for row in await definitions_as_written(store, project_id, node.name, kind, limit, node.file_path)
            if row["qualified"] == qualified_from_id(project_id, node.file_path, node.id)]
    return rows, note if rows else None
