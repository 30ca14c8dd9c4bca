"""find_references: each use of a name, under the definition its own receiver reached, and how surely.

`GraphQueries` (graph_queries.py) is these queries and those of symbols and the repo map; which target a use
is its own is reference_targets.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .graph import UNSURE
from .inherited_names import inherited_member, named_exactly, overridden_note
from .js_scopes import local_type
from .languages import language_for
from .models import ReferenceHit, ReferencesResponse
from .overload_names import asked_overload, enclosing_name, pick_overload
from .import_targets import files_module_means, module_refers_to
from .module_names import (crate_libraries, default_imports, exported_alias, follow_reexports, module_files,
                           module_qualified_nodes)
from .declared_namespaces import DeclaredNamespaces
from .python_attributes import ACCESS_MODULES
from .python_fixtures import FIXTURE_MODULE
from .rust_attributes import TEST_MARK
from .queries import require_index
from .reference_notes import in_languages, unlisted_note
from .reference_targets import MAX_BASE_LEVELS, UseTargets, owner_of
from .store import GraphNode, Store, module_node_id
from .symbol_names import dotted_symbol, in_namespace, qualified_from_id, split_namespace
from .validation import check_range, required_name

# find_references reads the uses of a name in this many files first, then in pages twice as large.
REFERENCE_PAGE_FILES = 100
# The languages whose imports of a name may find it in a module that only imports it in turn: a package's
# `__init__.py` (`from .decorators import validates_schema`), a barrel file (`export { f } from "./f"`), as
# their resolvers follow them, and Rust's crate root (`use crate::parse;` of lib.rs's `pub use crate::de::parse;`).
REEXPORTING = frozenset({"python", "javascript", "typescript", "tsx", "rust"})


def _stem(file_path: str) -> str:
    return file_path.rsplit("/", 1)[-1].split(".", 1)[0]


def _last_part(module: str) -> str:
    """The last name of a module as an import writes it: `black.linegen` -> `linegen`, `./lib/route.js` ->
    `route`, `.` -> ``."""
    return re.split(r"[./:\\]+", re.sub(r"\.[cm]?[jt]sx?$", "", module).rstrip("./"))[-1]


def _imports_the_module(module: str, name: str, node: GraphNode) -> bool:
    """Whether an import of `name` from `module` brings in the file of `node` as a module, rather than `node`:
    `from . import cli` is flask's cli.py, not the variable `cli` in it (the module's last part is not it)."""
    return node.node_type != "MODULE" and _stem(node.file_path) == name and _last_part(module) != name


# The languages whose imports name a module's top-level items only (no `import static`).
_ITEM_IMPORTING = frozenset({"python", "rust", "javascript", "typescript", "tsx"})


def _sees_itself(row: dict[str, Any]) -> bool:
    """Whether a bare name written in a definition may be the definition itself: in a function, yes; in a method,
    only in a language whose methods see their class's methods by name (see LanguageSpec.methods_in_scope)."""
    spec = language_for(row["file_path"])
    return row["source_type"] != "METHOD" or spec is None or spec.methods_in_scope


class ReferenceQueries:
    """Who uses a definition, from a project's code graph. Expects `store` (see CodeIndexService)."""

    store: Store

    async def find_references(self, project_id: str, symbol: str, *, limit: int = 50,
                              include_guesses: bool = False) -> ReferencesResponse:
        await require_index(self.store, project_id)
        symbol = required_name("symbol", symbol, "a name such as parse_config or Config.parse")
        check_range("limit", limit, 1, 500)
        symbol, overload_line = asked_overload(symbol)  # `CSVFormat.print@2216`: one overload, as answers name it
        symbol, namespace = split_namespace(symbol)  # PHP's `Monolog\\Logger`
        targets = await self.store.nodes_named(project_id, symbol)
        if dotted := dotted_symbol(symbol):  # `AppFactory::create`, `Context#reset`: stored with dots
            known = {node.id for node in targets}
            targets += [node for node in await self.store.nodes_named(project_id, dotted) if node.id not in known]
            symbol = dotted
        alias_note, inherited, by_module = None, False, False
        if not targets and "." in symbol:  # `helpers.url_for`, `de::from_str`: a function by its module
            targets = await module_qualified_nodes(self.store, project_id, symbol)
            by_module = bool(targets)
        if "." in symbol and not by_module and not named_exactly(project_id, symbol, targets):
            # None, or only namesakes nested in something else (Django's tests' `class ModelAdmin` in a test function,
            # for `ModelAdmin.get_queryset`): the class named so, when it inherits the member, is the one meant
            # (`Client.build_request`, BaseClient's).
            found, note = await inherited_member(self.store, project_id, symbol)
            if found:
                targets, alias_note, inherited = found, note, True
        if not targets:  # `HonoBase`, `HonoBase.route`: hono's `export { Hono as HonoBase }`
            targets, alias_note = await exported_alias(self.store, project_id, symbol)
        if namespace:
            targets = in_namespace(targets, namespace, lambda node: node.file_path)
        # A type declared in a test's body (hono's 111 `type verify = Expect<...>`) is local to it: no definition
        # while the name has a project-level one (jwt.ts's `verify`), whose uses it crowded out.
        local = [node for node in targets if local_type(node.file_path, qualified_from_id(
            project_id, node.file_path, node.id), node.node_type)]
        if local and len(local) < len(targets):
            targets = [node for node in targets if node not in local]
        else:
            local = []
        overload_lines = await self.store.overload_lines([node.id for node in targets])
        targets, overload_note = pick_overload(targets, overload_lines, symbol, overload_line)
        name = symbol.rsplit(".", 1)[-1]
        target_names = {node.id: f"{node.file_path}:{qualified_from_id(project_id, node.file_path, node.id)}"
                        for node in targets}
        # Every place the name is used, with the edge (if any) its use resolved to.
        resolved: dict[tuple[str, str], list[tuple[str, str]]] = {}
        first_lines: dict[tuple[str, str, str], tuple[int, str, str]] = {}  # an edge's first line, source file and kind
        uses: dict[tuple[str, str, str], dict[str, str] | None] = {}
        guessed = False  # whether any use is guessed to be one of these (include_guesses would list it)
        for edge in sorted(await self.store.edges_into(list(target_names)), key=lambda edge: edge["target_id"]):
            told = json.loads(edge["uses"]) if edge["uses"] else None
            guessed = guessed or edge["resolution"] in UNSURE or any(how in UNSURE for how in (told or {}).values())
            if include_guesses or edge["resolution"] not in UNSURE:
                resolved.setdefault((edge["source_id"], edge["edge_type"]), []).append(
                    (edge["target_id"], edge["resolution"] or "NAME"))
                first_lines[(edge["source_id"], edge["edge_type"], edge["target_id"])] = (
                    edge["lineno"], edge["source_file"], edge["source_type"])
                uses[(edge["source_id"], edge["edge_type"], edge["target_id"])] = told
        elsewhere: dict[tuple[str, str], set[str]] = {}
        uses_elsewhere: dict[tuple[str, str], set[str]] = {}
        for source_id, edge_type, target_id, told in await self.store.edges_from_named(project_id, name,
                                                                                      exclude=UNSURE):
            if target_id not in target_names:
                elsewhere.setdefault((source_id, edge_type), set()).add(owner_of(target_id))
                if told:
                    uses_elsewhere.setdefault((source_id, edge_type), set()).update(
                        qualifier for qualifier, how in json.loads(told).items() if how not in UNSURE)
        uses_of = UseTargets(targets, target_names, resolved, elsewhere, uses, uses_elsewhere, include_guesses,
                             overload_lines=overload_lines)
        hits: list[ReferenceHit] = []
        # The uses are read a page of files at a time, in path order: the answer lists the uses that resolved
        # first, by file and line, so once more than `limit` have, no file further on can change it (a
        # popular name is used in thousands of files).
        after: str | None = ""
        files = REFERENCE_PAGE_FILES
        untyped = 0  # uses of the name tied to no definition for sure, left out of a qualified symbol's answer
        read: set[tuple[str, str]] = set()  # (source, edge type) of the uses of the name read
        while after is not None and sum(hit.resolution != "UNRESOLVED" for hit in hits) <= limit:
            page, after = await self.store.references_named_page(project_id, name, after=after, files=files)
            read.update((row["source_id"], row["edge_type"]) for row in page)
            found, left_out = await self._reference_hits(project_id, symbol, name, page, uses_of)
            hits.extend(found)
            untyped += left_out
            files *= 2
        if after is None and alias_note is None:  # (asked by the other name: only the uses written so)
            # A use under another name: `import isNetErr from "./lib"` then `isNetErr(err)` (a default export), hono's
            # `class Hono extends HonoBase` (`export { Hono as HonoBase }`): the edge's first line.
            unread = [key for key in first_lines if (key[0], key[1]) not in read]
            sources = await self.store.overload_lines([source for source, _kind, _target in unread])
            hits.extend(ReferenceHit(
                file_path=file_path, line=line, kind=edge_type,
                enclosing=enclosing_name(project_id, file_path, source, sources), enclosing_kind=source_type.lower(),
                target=uses_of.shown_name(target), resolution=resolved_how)
                for (source, edge_type, target), (line, file_path, source_type) in first_lines.items()
                if (source, edge_type) not in read and edge_type != "IMPORTS"
                for target_id, resolved_how in resolved[(source, edge_type)] if target_id == target)
            aliased = sorted({file_path for (source, _kind, _target), (_line, file_path, _type) in first_lines.items()
                              if (source, _kind) not in read})
            if aliased:  # and the import that names it so: `import isNetErr from "./lib"`
                hits.extend(ReferenceHit(
                    file_path=row.file_path, line=row.lineno, kind="IMPORTS",
                    enclosing=qualified_from_id(project_id, row.file_path, row.source_id),
                    enclosing_kind="module" if row.source_id == module_node_id(project_id, row.file_path) else
                    "function", target=uses_of.shown_name(node.id), resolution=how)
                    for row, node, how in await default_imports(self.store, project_id, aliased, targets))
        hits.sort(key=lambda hit: (hit.resolution == "UNRESOLVED", hit.file_path, hit.line))
        note = unlisted_note(project_id, symbol, name, targets, hits, untyped=untyped, complete=after is None,
                             include_guesses=include_guesses, guessed=guessed)
        if local:
            left = f"{len(local)} types declared inside functions are local to them and left out."
            note = left if note is None else f"{note} {left}"
        if alias_note:
            if inherited and any(hit.resolution != "UNRESOLVED" for hit in hits):  # (else it names none)
                alias_note = f"{alias_note.removesuffix('.')}; these are the uses of that."
            note = alias_note if note is None else f"{alias_note} {note}"
        if overload_note:
            note = overload_note if note is None else f"{overload_note} {note}"
        if overrides := await overridden_note(self.store, project_id, targets):
            note = overrides if note is None else f"{note} {overrides}"
        return ReferencesResponse(project_id=project_id, symbol=symbol, definitions=len(targets),
                                  references=hits[:limit], truncated=len(hits) > limit, note=note)

    async def _reference_hits(self, project_id: str, symbol: str, name: str, uses: list[dict[str, Any]],
                              targets: UseTargets) -> tuple[list[ReferenceHit], int]:
        """The hits of these uses of `name`: each with the target it resolved to, if one of the targets; and how
        many lines of uses on an untyped receiver a qualified symbol leaves out."""
        # BINDS rows say what a variable holds: a fact the resolver reads, not a use of the name.
        uses = [row for row in uses if row["edge_type"] != "BINDS"]
        # The bases of the receivers' types that may tell which of a function's targets a typed use is.
        untold = {name for row in uses for name in targets.untold_types((row["source_id"], row["edge_type"]),
                                                                       row["qualifier"])}
        for _level in range(MAX_BASE_LEVELS):
            if not untold:
                break
            found = await self.store.bases_of(project_id, sorted(untold))
            for name in untold:
                targets.bases[name] = found.get(name, set())
            untold = {base for bases in found.values() for base in bases if base not in targets.bases}
        # An import of the name resolves to a file: it refers to a target when its module is that file.
        imported = await self.store.import_edges_from([row["source_id"] for row in uses if row["edge_type"] == "IMPORTS"])
        sources = await self.store.overload_lines([row["source_id"] for row in uses])
        hits: list[ReferenceHit] = []
        untyped = 0
        crates: dict[str, str] | None = None  # the project's Rust crates' roots, read at the first Rust import
        namespaces: DeclaredNamespaces | None = None  # PHP files' namespaces, read from the first PHP name that asks
        rust_tests: dict[str, set[str]] = {}  # a Rust file's test functions (node ids), read when first asked
        for row in uses:
            key = (row["source_id"], row["edge_type"])
            target_id, how = targets.target_of(key, row["qualifier"], row["module"])
            if target_id is None and row["module"] in (*ACCESS_MODULES, FIXTURE_MODULE) and row["edge_type"] == "USES":
                # A Python attribute read tied to no attribute here (a library base's), a test's parameter tied to no
                # fixture (pytest's `tmp_path`): no use to list.
                continue
            if target_id is None and (row["module"] or "").startswith("\\") and row["file_path"].endswith(".php"):
                namespaces = namespaces or await self._php_namespaces(project_id)
                if not any(namespaces.may_define(node.file_path, row["module"]) for node in targets.nodes):
                    continue  # `new \InvalidArgumentException(..)`: PHP's class of the name, by its namespace
            if row["edge_type"] == "IMPORTS" and row["module"] is None and row["qualifier"] == "default":
                continue  # `export default function f`: f's own line, what `import x from` binds (js_graph.py)
            if row["edge_type"] == "IMPORTS" and row["module"] is None and (row["qualifier"] or "").isidentifier():
                # `export { Hono as HonoBase }` (hono's hono-base.ts): the file's own definition, exported under
                # another name
                node = next((node for node in targets.nodes if node.file_path == row["file_path"]
                             and targets.names[node.id] == f"{node.file_path}:{name}"), None)
                target_id, how = (node.id, "LOCAL") if node is not None else (None, "UNRESOLVED")
            elif row["edge_type"] == "IMPORTS":
                modules = imported.get(row["source_id"], {})
                # `require("./lib/route")`, `import os`: the module itself, named like it; no definition in it
                # that has the module's name (fastify's `route` was "imported" by every require of lib/route.js).
                whole = row["qualifier"] in ("-", "*") or (row["qualifier"] or "").startswith("=")
                module = row["module"] or name
                # A Rust path from another crate's name (`use globset::{GlobSetBuilder}` in ripgrep's ignore crate):
                # that crate's root file, which no path of the importing file names.
                rust_path = row["file_path"].endswith(".rs") and "::" in module
                if rust_path and crates is None:
                    crates = await crate_libraries(self.store, project_id)  # (once an answer)
                crate_root = crates.get(module.split("::", 1)[0]) if rust_path and crates else None
                if namespaces is None and row["file_path"].endswith(".php") and "\\" in module:
                    namespaces = await self._php_namespaces(project_id)
                fitting = [node for node in targets.nodes if module_node_id(project_id, node.file_path) in modules
                           and (not whole or node.node_type == "MODULE")
                           and not _imports_the_module(module, name, node)
                           and (module_refers_to(module, row["file_path"], node.file_path, namespaces)
                                or node.file_path == crate_root)
                           # A Rust `use` or a TS/JS import names a module's item, never a method: serde_json's
                           # `pub use crate::de::{from_str, ..}` is de.rs's fn from_str, not Deserializer::from_str;
                           # hono's `import { createMiddleware } from './index'` is the function, not Factory's
                           # method (`find_references Factory.createMiddleware` listed the import).
                           and not (in_languages(row["file_path"], _ITEM_IMPORTING) and node.node_type != "MODULE"
                                    and "." in targets.names[node.id][len(node.file_path) + 1:])]
                # Elsewhere an import may name a member (Java's `import static org.junit.Assert.assertEquals`): of a
                # top-level definition and a member named alike, the first.
                fitting = [node for node in fitting if node.node_type == "MODULE"
                           or "." not in targets.names[node.id][len(node.file_path) + 1:]] or fitting
                # Of several, the one in the file the module names: `from black.linegen import LN` is linegen.py's
                # LN, not comments.py's (an import may name a symbol after its package: both "fit").
                node = next((node for node in fitting if _stem(node.file_path) == _last_part(module)),
                            fitting[0] if fitting else None)
                target_id, how = (node.id, modules[module_node_id(project_id, node.file_path)]) if node else (
                    None, "UNRESOLVED")
                if node is None and not whole and targets.nodes and in_languages(row["file_path"], REEXPORTING):
                    # The module it names may import the name itself: `from marshmallow import validates_schema`
                    # names marshmallow/__init__.py (the edge goes there), which imports it from decorators.py.
                    # (Else only a file that also imported decorators.py itself found it, by the module's folder.)
                    named = files_module_means(module, row["file_path"], module_files(project_id, modules)) or (
                        [crate_root] if crate_root and module_node_id(project_id, crate_root) in modules else [])
                    node = await self._reexported(project_id, name, named, targets)
                    if node is not None:
                        target_id, how = node.id, modules[module_node_id(project_id, named[0])]
                if whole and target_id is None and targets.nodes:
                    continue  # the import of a module named like the definitions asked about, not of them
            elif target_id is None and key in targets.elsewhere and not targets.resolved_nowhere(
                    key, row["qualifier"], row["module"]):
                continue  # it resolved to another definition of the same name
            elif (target_id is None and row["edge_type"] == "CALLS" and row["source_id"] in targets.names
                  and (row["qualifier"] == "self" or row["qualifier"] is None and _sees_itself(row))
                  and not await self._rust_test(project_id, row, rust_tests)):
                # A definition calling its own name (`fact(n - 1)` in `fact`) that its resolver left without an edge to
                # itself: no unresolved use.
                target_id, how = row["source_id"], "LOCAL"
            if target_id is None and "." in symbol:
                if targets.resolved_nowhere(key, row["qualifier"], row["module"]) and not (
                        row["edge_type"] == "IMPORTS" and in_languages(row["file_path"], _ITEM_IMPORTING)):  # (of an item, above)
                    untyped += row["lines"].count(",") + 1
                continue  # a qualified symbol: only uses that resolved to it
            target = None if target_id is None else targets.shown_as(key, row["qualifier"], row["module"], target_id)
            enclosing = enclosing_name(project_id, row["file_path"], row["source_id"], sources)
            for line in row["lines"].split(","):
                hits.append(ReferenceHit(
                    file_path=row["file_path"], line=int(line), kind=row["edge_type"], enclosing=enclosing,
                    enclosing_kind=row["source_type"].lower(), target=target, resolution=how,
                ))
        return hits, untyped

    async def _php_namespaces(self, project_id: str) -> DeclaredNamespaces:
        """The project's PHP files' namespaces, read from its folder as names ask."""
        return DeclaredNamespaces(getattr(await self.store.get_index(project_id), "last_indexed_path", None))

    async def _rust_test(self, project_id: str, row: dict[str, Any], tests: dict[str, set[str]]) -> bool:
        """Whether the use is in a Rust test function (`#[test]`: rust_attributes.py), which the test harness calls and
        no code does: tracing's `#[test] fn debug()` holds `quux = debug(foo)`, the `field::debug` its macros bring
        in, not a call of itself."""
        path = row["file_path"]
        if not path.endswith(".rs"):
            return False
        if path not in tests:
            tests[path] = {ref.source_id for ref in await self.store.bindings_of(project_id, [path])
                           if ref.name == TEST_MARK}
        return row["source_id"] in tests[path]

    async def _reexported(self, project_id: str, name: str, files: list[str], targets: UseTargets) -> GraphNode | None:
        """The target (at the top of its file) that these modules bind `name` to by importing it: a package's
        `from .decorators import name`, `from .a import *`, a barrel's `export { name } from "./a"`, followed
        up to MAX_REEXPORTS imports away, nearest first."""
        key = (name, tuple(files))
        if key not in targets.reexported:
            targets.reexported[key] = await follow_reexports(
                self.store, project_id, name, files,
                lambda inner: next((node for node in targets.nodes if node.file_path in inner
                                    and targets.names[node.id] == f"{node.file_path}:{name}"), None))
        return targets.reexported[key]
