"""The names of TS/JS, Go, Java/Kotlin and Rust files, for typed_graph.py: each file's definitions by
qualified name, what its imports bind (a module, a package's files, a name in them, a wildcard) and what
a file re-exports, looked up the same way for every language family; a family's resolver says how its
imports find files (`find_module`) and what each binds (`binding`)."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .file_roles import is_test_path
from .guesses import Guesses
from .store import GraphNode, ReferenceRow, module_node_id, qualified_in_node_id

MAX_DEPTH = 6
Binding = tuple[list[str] | None, str | None]  # (files, or None when outside the project; imported name or None)


class TypedNames:
    """Lookups over one language family's definitions and imports, built once per link run."""

    extensions: tuple[str, ...] = ()
    builtins: frozenset[str] = frozenset()
    package_scope = False  # Go, Java, Kotlin: a folder's files see each other's top-level names
    implicit_this = False  # Java, Kotlin: a bare `m()` may be the class's own method
    reexports = False  # JS/TS, Rust: a file's imports are names other files can import from it
    default_exports = False  # JS/TS: a module's `default` is its own, never what an `export *` passes on
    embeds = False  # Go: an embedded struct is a field named after its type (`w.ResponseRecorder`)
    # The files whose class fields a call can be of (`e.HTTPErrorHandler(c, err)`, a Go func field): none in
    # Rust (`s.f()` is always a method; a field holding a closure is called `(s.f)()`) or Java (a field is
    # never called), Kotlin's properties yes (okio's `val size` is `buffer.size()` from Java, @JvmName).
    callable_fields: tuple[str, ...] = ()
    # The files whose file-level variables a bare call can be of (mobx's `export const observable =
    # assign(..)`, called `observable(..)` 322 times; Go's `var now = time.Now`): a variable's value is no
    # definition, yet the call runs what the variable holds, and the variable is what an agent can look up.
    called_variables: tuple[str, ...] = ()

    def __init__(self, project_id: str, nodes: Iterable[GraphNode], files: Iterable[str],
                 project_refs: Iterable[ReferenceRow], root: str | None = None) -> None:
        self.project_id = project_id
        self.root = root
        self.files = sorted(f for f in files if self.handles(f))
        self.by_folder: dict[str, list[str]] = defaultdict(list)
        for path in self.files:
            self.by_folder[posixpath.dirname(path)].append(path)
        self.nodes: dict[str, GraphNode] = {}
        self.qualified: dict[str, str] = {}
        self.defs: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.guesses = Guesses()
        self.by_qualified: dict[str, list[str]] = defaultdict(list)
        # The fields and properties of classes a call may be made on (`callable_fields`), by (file, qualified
        # name): kept apart from the definitions, so that no bare name, guess or member lookup finds one
        # (typed_lookups.TypedLookups.called_field alone does).
        self.fields: dict[tuple[str, str], str] = {}
        self.variable_nodes: dict[str, GraphNode] = {}  # those fields' nodes and the file-level variables' below
        # The file-level variables a bare call may be of (`called_variables`), file -> name -> id: kept apart
        # like the fields, so that only a call's last lookup (typed_lookups.TypedLookups.called_variable) finds one.
        self.variables: dict[str, dict[str, str]] = defaultdict(dict)
        for node in sorted(nodes, key=lambda n: n.id):
            if node.node_type == "MODULE" or not self.handles(node.file_path):
                continue
            qualified = qualified_in_node_id(project_id, node.file_path, node.id)
            if node.node_type == "VARIABLE":
                if "." not in qualified:
                    if node.file_path.endswith(self.called_variables):
                        self.variables[node.file_path].setdefault(qualified, node.id)
                        self.variable_nodes[node.id] = node
                elif node.file_path.endswith(self.callable_fields):
                    self.fields[(node.file_path, qualified)] = node.id
                    self.variable_nodes[node.id] = node
                continue
            self.nodes[node.id] = node
            self.qualified[node.id] = qualified
            self.defs[node.file_path][qualified].append(node.id)
            self.guesses.add(node.name, node.node_type, node.id, is_test_path(node.file_path))
            self.by_qualified[qualified].append(node.id)
        self.imports: dict[str, list[ReferenceRow]] = defaultdict(list)
        self.base_refs: dict[str, list[ReferenceRow]] = defaultdict(list)
        # A class's fields of a known type: class id -> field -> the type, as a `:` qualifier holds it.
        self.field_types: dict[str, dict[str, str]] = defaultdict(dict)
        for ref in sorted(project_refs, key=lambda r: (r.file_path, r.lineno, r.name, r.module or "")):
            if not self.handles(ref.file_path):
                continue
            if ref.edge_type == "IMPORTS":
                self.imports[ref.file_path].append(ref)
            elif ref.edge_type == "INHERITS":
                self.base_refs[ref.source_id].append(ref)
            elif ref.edge_type == "BINDS" and ref.qualifier:
                self.field_types[ref.source_id].setdefault(ref.name, ref.qualifier)
        self._bindings: dict[str, dict[str, list[Binding]]] = {}
        self._wildcards: dict[str, list[list[str]]] = {}
        self._modules: dict[tuple[str, str], list[str] | None] = {}
        self._bases: dict[str, list[str]] = {}
        self._top_level: dict[tuple[tuple[str, ...], str], list[str]] = {}
        self._roles: dict[str, str | None] = {}  # (typed_graph.TypedResolver.role_of)
        self._reexported: dict[tuple[tuple[str, ...], str, bool], list[str]] = {}

    # --- what a language says (overridden) ---------------------------------------------------------

    def handles(self, path: str) -> bool:
        return path.endswith(self.extensions)

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        """The project files an import of `module` in `from_file` finds; None when it is outside."""
        raise NotImplementedError

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        """(local name, module, imported name or None for the whole module) an import binds; None: none."""
        raise NotImplementedError

    # --- modules and imports ----------------------------------------------------------------------

    def module_files(self, module: str, from_file: str) -> list[str] | None:
        key = (module, posixpath.dirname(from_file))
        if key not in self._modules:
            found = self.find_module(module, from_file)
            self._modules[key] = sorted(set(found)) if found else (None if found is None else [])
        return self._modules[key]

    def bindings(self, path: str) -> dict[str, list[Binding]]:
        """The names a file's imports bind: name -> [(files, imported name)]."""
        if path not in self._bindings:
            table: dict[str, list[Binding]] = defaultdict(list)
            wildcards: list[list[str]] = []
            for ref in self.imports.get(path, ()):
                bound = self.binding(ref)
                if bound is None:
                    continue
                local, module, imported = bound
                files = self.module_files(module, path)
                if local == "*":
                    if files:
                        wildcards.append(files)
                    continue
                table[local].append((files, imported))
            self._bindings[path] = table
            self._wildcards[path] = wildcards
        return self._bindings[path]

    def top_level(self, files: Sequence[str], name: str) -> list[str]:
        """The definitions of `name` at the top of these files (a Go package's are many files)."""
        if len(files) < 4:
            return [i for f in files for i in self.defs.get(f, {}).get(name, ())]
        key = (tuple(files), name)
        found = self._top_level.get(key)
        if found is None:
            found = self._top_level[key] = [i for f in files for i in self.defs.get(f, {}).get(name, ())]
        return found

    def origin(self, path: str, scope: str) -> str:
        """The module a scope is written in, as find_module and bindings take it: the file (Rust:
        `<file>::inner` inside an inline `mod inner { }` block)."""
        return path

    def signature_scope(self, qualified: str) -> str:
        """The scope a definition's signature names its types in: what encloses it (`Config.parse`: `Config`)."""
        return qualified.rpartition(".")[0]

    def split_scope(self, scope: str) -> tuple[str, list[str]]:
        """(the inline module a scope is in, as its names' prefix; the scope's parts inside it)."""
        return "", scope.split(".") if scope else []

    def import_origin(self, ref: ReferenceRow) -> str:
        """The module an import is written in (see `origin`)."""
        return ref.file_path

    def real_file(self, module: str) -> str:
        """The file a module found by find_module is (Rust: an inline `mod` block is its file's)."""
        return module

    def top_level_variables(self, files: Sequence[str], name: str) -> list[str]:
        """The variables named `name` at the top of these files (`called_variables`)."""
        return [i for f in files if (i := self.variables.get(f, {}).get(name)) is not None]

    def module_variables(self, files: Sequence[str], name: str) -> list[str]:
        """The variables named `name` at the top of these files, or that they re-export."""
        return self.top_level_variables(files, name) or self.imported_fallback(list(files), name, variables=True)

    def imported_fallback(self, files: list[str], imported: str, variables: bool = False) -> list[str]:
        """A name the imported file does not define but re-exports (`export { a } from "./a"`,
        `export * from`, Rust's `pub use`), followed at most MAX_DEPTH re-exports away; with `variables`, a
        variable's (`top_level_variables`) instead of a definition's. A module the file imports whole under the name
        (`import * as z from "./external"; export { z }`: zod's `import { z } from "zod"`) is the module's node.

        Breadth first, each (file, name) once: barrel files that `export *` from one another (mobx's do)
        made the depth-first walk try every path, b^MAX_DEPTH of them, and a link ran for minutes."""
        if not self.reexports:
            return []
        top_level = self.top_level_variables if variables else self.top_level
        key = (tuple(files), imported, variables)
        cached = self._reexported.get(key)
        if cached is not None:
            return cached
        found: list[str] = []
        seen: set[tuple[str, str]] = set()
        # (file, name, whether an `export *` led there: such a file's own imports are not what it exports, zod's
        # `import * as parse from "./parse.js"` in schemas.ts, which external.ts's `export * from` passes on, is no
        # `parse` of external.ts's)
        frontier = [(path, imported, False) for path in files]
        for _hop in range(MAX_DEPTH + 1):
            following: list[tuple[str, str, bool]] = []
            for path, name, by_wildcard in frontier:
                if (path, name) in seen:
                    continue
                seen.add((path, name))
                bound = self.bindings(path).get(name, ())
                targets = [(inner, each, False) for inner, each in bound if inner and each]
                if not variables and not by_wildcard:
                    found.extend(module_node_id(self.project_id, f) for inner, each in bound if inner and each is None
                                 for f in inner)
                # (an `export *` passes on no default: got's `import got from` reached its `export *`'s Options)
                if name != "default" or not self.default_exports:
                    targets += [(inner, name, True) for inner in self._wildcards.get(path, ())]
                for inner, each, wildcard in targets:
                    ids = top_level(inner, each)
                    if not ids and each == "default":  # JS: a default export nobody named (typed_lookups.resolve_name)
                        ids = top_level(inner, name)
                    if ids:
                        found.extend(ids)
                    else:
                        following.extend((further, each, wildcard) for further in inner)
            if not following:
                break
            frontier = following
        self._reexported[key] = found
        return found

    def package_files(self, path: str) -> list[str]:
        return self.by_folder.get(posixpath.dirname(path), [])

    def package_files_elsewhere(self, path: str) -> list[str]:
        """The files of the same package in the project's other modules (a JVM package split over a build's modules),
        looked in when the file's own package has no definition of a name."""
        return []

    def submodule(self, holder: str, part: str) -> list[str]:
        return []

    def resolve_import(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        bound = self.binding(ref)
        module = bound[1] if bound is not None else ref.module
        files = self.module_files(module, self.import_origin(ref)) or [] if module else []
        files = sorted({self.real_file(f) for f in files} - {ref.file_path})
        # A package (Go, a Java wildcard) is many files: the edge goes to one, the first by name of those that are no
        # test (cobra's `doc` package was its doc/cmd_test.go), the file named for the package before the others.
        package = posixpath.basename((module or "").replace(".", "/"))
        files.sort(key=lambda f: (is_test_path(f), posixpath.splitext(posixpath.basename(f))[0] != package))
        return [(module_node_id(self.project_id, files[0]), "IMPORT")] if files else []
