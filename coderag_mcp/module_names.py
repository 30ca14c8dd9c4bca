"""Names written with the module they are in (`helpers.url_for`, `flask.helpers.url_for`, `de::from_str`,
`crate::de::from_str`): the definitions they mean, when no definition is qualified so. A qualified name is a
definition's own (its classes', `Config.parse`); an agent writes a function by its module as its code imports it,
and was told that nothing in the project defines or calls it (flask's `helpers.url_for`, serde_json's
`de::from_str`, the only way to tell the free function from `Deserializer::from_str`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from .import_targets import files_module_means, module_refers_to
from .paths import open_regular
from .rust_crates import CrateNames, crate_name
from .store import GraphNode, ReferenceRow, Store, module_node_id
from .symbol_names import definitions_as_written, qualified_from_id

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


_FOLDER_PACKAGES = (".go", ".java", ".kt", ".kts")  # languages whose package is the folder of its files


def in_module(file_path: str, module: list[str]) -> bool:
    """Whether the file is the module the path names, or a module whose path ends so (`flask.helpers` is
    src/flask/helpers.py; `helpers` too; `de` is src/de.rs or src/de/mod.rs)."""
    segments = file_path.rsplit(".", 1)[0].split("/")
    if len(segments) > 1 and segments[-1] in _ROOT_FILES:
        segments.pop()
    if file_path.endswith(_FOLDER_PACKAGES) and segments[-len(module) - 1:-1] == module:
        return True  # a package is its folder: gin's `render.JSON.Render` is in render/json.go, okio's `okio.Buffer`
    return len(segments) >= len(module) and segments[-len(module):] == module


async def crate_libraries(store: Store, project_id: str) -> dict[str, str]:
    """The project's Rust crates by the name code writes them (its Cargo.toml's `[lib]` name, else its package's),
    each to its root file (lib.rs), read from the indexed folder's manifests; none without them."""
    index = await store.get_index(project_id)
    root = index.last_indexed_path if index is not None else None
    key = (project_id, root, index.last_indexed_at if index is not None else None)
    if key not in _CRATES:
        files = [path for path in await store.indexed_files(project_id) if path.endswith(".rs")] if root else []
        crates = CrateNames(root, files) if files else None
        _CRATES.clear()  # (one project's at a time: a query asks of one)
        _CRATES[key] = {} if crates is None else {
            crate_name(manifest.lib_name or manifest.package): crates.by_folder[folder]
            for folder, manifest in crates.manifests.items() if manifest.package and folder in crates.by_folder}
    return _CRATES[key]


_CRATES: dict[tuple[str, str | None, Any], dict[str, str]] = {}


async def crate_path_nodes(store: Store, project_id: str, symbol: str) -> list[GraphNode]:
    """The definitions a Rust path from a crate's own name means (`serde_json::from_str`, as its tests and its users
    write it): an item of the crate's root file or one it re-exports (lib.rs's `pub use crate::de::{from_str, ..}`),
    an item of such a type (`serde_json::Deserializer::from_str`), else a module path in the crate
    (`serde_json::de::from_str`). None when the path starts with no crate's name."""
    parts = [part for part in symbol.replace("::", ".").split(".") if part]
    library = (await crate_libraries(store, project_id)).get(parts[0]) if len(parts) > 1 else None
    if library is None:
        return []
    qualified = ".".join(parts[1:])
    imported = set((await store.import_edges_from([module_node_id(project_id, library)])).get(
        module_node_id(project_id, library), {}))
    uses = await store.imports_of(project_id, [library])

    async def at_root(name: str) -> list[GraphNode]:
        """The root's own item `name`, else the item its `use` binds to `name` in a module the use resolved to."""
        own = [node for node in await store.nodes_named(project_id, name) if node.file_path == library
               and qualified_from_id(project_id, node.file_path, node.id) == name]
        if own:
            return own
        found: list[GraphNode] = []
        for use in uses:
            if (use.qualifier or use.name) != name or not use.module:
                continue
            module = [part for part in use.module.split("::")[:-1] if part not in _PATH_STARTS]
            found.extend(node for node in await store.nodes_named(project_id, use.name)
                         if module_node_id(project_id, node.file_path) in imported and in_module(node.file_path, module)
                         and qualified_from_id(project_id, node.file_path, node.id) == use.name)
        return found

    if len(parts) == 2:
        return await at_root(qualified)
    holders = {node.file_path for node in await at_root(parts[1])}
    found = [node for node in await store.nodes_named(project_id, qualified) if node.file_path in holders
             and qualified_from_id(project_id, node.file_path, node.id) == qualified]
    folder = library.rpartition("/")[0]
    return found or [node for node in await module_qualified_nodes(store, project_id, qualified, crates=False)
                     if node.file_path.startswith(folder + "/" if folder else "")]


async def module_qualified_definitions(store: Store, project_id: str, symbol: str, kind: str | None,
                                       limit: int) -> list[dict[str, Any]]:
    """The definitions `symbol` names as a module path and a qualified name (as `definitions_as_written` rows,
    each an exact match), in the crate (`serde_json::from_str`), in the module or, re-exported, in a package
    (`httpx.get`), or none."""
    in_crate = await crate_path_nodes(store, project_id, symbol)
    if in_crate:
        return await _definition_rows(store, project_id, in_crate, kind, limit)
    for module, qualified in module_splits(symbol):
        rows = [row for row in await definitions_as_written(store, project_id, qualified, kind, limit)
                if row["qualified"].replace("::", ".") == qualified]
        found = [row for row in rows if in_module(row["file_path"], module)]
        if not found and rows:
            files = await _files_of_package(store, project_id, module, qualified, {row["file_path"] for row in rows})
            found = [row for row in rows if row["file_path"] in files]
        if found:
            return [{**dict(row), "tier": 0} for row in found]
    return []


async def module_qualified_nodes(store: Store, project_id: str, symbol: str, crates: bool = True) -> list[GraphNode]:
    """The graph nodes `symbol` names as a module path and a qualified name, in the crate, in the module or,
    re-exported, in a package (`jinja2.Environment`), or none."""
    in_crate = await crate_path_nodes(store, project_id, symbol) if crates else []
    if in_crate:
        return in_crate
    for module, qualified in module_splits(symbol):
        nodes = [node for node in await store.nodes_named(project_id, qualified)
                 if qualified_from_id(project_id, node.file_path, node.id).replace("::", ".") == qualified]
        found = [node for node in nodes if in_module(node.file_path, module)]
        if not found and nodes:
            files = await _files_of_package(store, project_id, module, qualified, {node.file_path for node in nodes})
            found = [node for node in nodes if node.file_path in files]
        if found:
            return found
    return []


async def _files_of_package(store: Store, project_id: str, module: list[str], qualified: str,
                            defining: set[str]) -> set[str]:
    """Of the files `defining` the qualified name, those of the package the module path names by a name its folder
    does not have: a Go package clause (zap's `package zap` at the repository's root: `zap.String`, as its users
    write it, was said to be defined nowhere), else the module a Python package re-exports it from."""
    if len(module) == 1 and any(path.endswith(".go") for path in defining):
        index = await store.get_index(project_id)
        root = index.last_indexed_path if index is not None else None
        found = {path for path in defining if path.endswith(".go") and root and go_package(root, path) == module[0]}
        if found:
            return found
    return await _reexported_files(store, project_id, module, qualified, defining)


_PACKAGE_CLAUSE = re.compile(rb"^package[ \t]+(\w+)", re.M)


def go_package(root: str, path: str) -> str | None:
    """The package a Go file's package clause names (read from its first 16 KB), None when unreadable."""
    try:
        with open_regular(os.path.join(root, path)) as handle:
            match = _PACKAGE_CLAUSE.search(handle.read(16384))
    except OSError:
        return None
    return match.group(1).decode("ascii", "replace") if match else None


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
    and a note saying so. ([], None) when it is no such name. A member written after the name is the member of the
    definition it names (`HonoBase.route` is hono-base.ts's `Hono.route`)."""
    name, dot, member = name.partition(".")
    uses, _after = await store.references_named_page(project_id, name, files=20)
    imported = await store.import_edges_from([use["source_id"] for use in uses if use["edge_type"] == "IMPORTS"])
    modules = sorted({module.split(":", 1)[1] for found in imported.values() for module in found
                      if module.startswith(project_id + ":")})
    if not modules:
        return [], None
    for row in await store.imports_of(project_id, modules):
        if row.qualifier == name and row.module is None:  # `export { Hono as HonoBase }`: no `from`
            meant = row.name + dot + member
            found = [node for node in await store.nodes_named(project_id, meant)
                     if node.file_path == row.file_path and qualified_from_id(project_id, node.file_path,
                                                                              node.id) == meant]
            if found:
                return found, (f"'{name}' is the name {row.file_path} exports {row.name} under (line {row.lineno}, "
                               f"`export {{ {row.name} as {name} }}`): these are {meant}'s.")
    return [], None


async def exported_alias_definitions(store: Store, project_id: str, name: str, kind: str | None, limit: int,
                                     ) -> tuple[list[dict[str, Any]], str | None]:
    """`exported_alias`'s definitions as `definitions_as_written` rows (each an exact match), and its note."""
    nodes, note = await exported_alias(store, project_id, name)
    rows = await _definition_rows(store, project_id, nodes, kind, limit)
    return rows, note if rows else None


async def _definition_rows(store: Store, project_id: str, nodes: list[GraphNode], kind: str | None, limit: int,
                           ) -> list[dict[str, Any]]:
    """These nodes' definitions as `definitions_as_written` rows, each an exact match."""
    return [{**dict(row), "tier": 0} for node in nodes
            for row in await definitions_as_written(store, project_id, node.name, kind, limit, node.file_path)
            if row["qualified"] == qualified_from_id(project_id, node.file_path, node.id)]


async def default_imports(store: Store, project_id: str, files: Sequence[str], targets: Sequence[GraphNode]
                          ) -> list[tuple[ReferenceRow, GraphNode, str]]:
    """The imports in these files of a target under another name, as its module's default export (`import isNetErr
    from './lib'`, lib.ts's `export default function isRawNetworkError`: the call `isNetErr(err)` was listed by
    find_references isRawNetworkError, the import line not): (the import, the target, how it resolved)."""
    defaults = {(row.file_path, row.name) for row in await store.imports_of(
        project_id, sorted({node.file_path for node in targets}))
        if row.qualifier == "default" and row.module is None}  # `export default function f`, `export default f`
    exported = [node for node in targets if (node.file_path, node.name) in defaults]
    if not exported:
        return []
    rows = [row for row in await store.imports_of(project_id, files) if row.qualifier == "default" and row.module]
    modules = await store.import_edges_from(sorted({row.source_id for row in rows}))
    found = []
    for row in rows:
        imported = modules.get(row.source_id, {})
        for node in exported:
            how = imported.get(module_node_id(project_id, node.file_path))
            if how is not None and module_refers_to(row.module or "", row.file_path, node.file_path):
                found.append((row, node, how))
    return found
