"""The lookups a link by name reads (name_graph.py resolves with them): each name's definitions, per project and
per file, classes and C struct fields apart, and which project files a module an import names is (`a.b`, `a/b`,
`a::b`, `./b`, `..b` matched against the files without their extensions, then against folders: a Go package, a
Python package's `__init__`, a JS `index`); and per file, the files and names its imports bring.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Union

from .class_hierarchy import ClassHierarchy
from .csharp_generics import Arities, with_arity
from .name_overloads import Overloads
from .declared_namespaces import DeclaredNamespaces
from .python_modules import relative_module_path
from .store import GraphNode, ReferenceRow, qualified_in_node_id

SEGMENT_SPLIT = re.compile(r"::|[./\\]")
_SOURCE_EXTENSION = re.compile(r"\.(h|hh|hpp|hxx|c|cc|cpp|py|js|jsx|mjs|cjs|ts|tsx|rb|php|lua|sh|go|rs|java|kt|scala)$")
_IGNORED_SEGMENTS = frozenset({"crate", "self", "super", "std", "@"})
_ENTRY_STEMS = ("__init__", "index", "mod", "lib", "main")


# A name's definitions in a lookup: the node itself while it is the only one (most names, in most files), a
# list from the second on. A list per name costs ~70 bytes more: these lookups took 250 MB instead of 97 in
# the Linux kernel's link.
Defined = Union[GraphNode, list[GraphNode]]


def _add(table: dict[str, Defined], name: str, node: GraphNode) -> None:
    known = table.get(name)
    if known is None:
        table[name] = node
    elif isinstance(known, list):
        known.append(node)
    else:
        table[name] = [known, node]


def _listed(known: Defined | None) -> Sequence[GraphNode]:
    return () if known is None else known if isinstance(known, list) else (known,)


@dataclass
class GraphIndex:
    """Lookups over the project's nodes and files, built once per link run."""

    project_id: str
    by_name: dict[str, Defined] = field(default_factory=dict)
    by_file: dict[str, dict[str, Defined]] = field(default_factory=dict)
    by_stem: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_folder: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    classes_by_name: dict[str, list[GraphNode]] = field(default_factory=lambda: defaultdict(list))
    # C and C++ struct fields by name: reached only by a call through a receiver of their struct's type (`:T`)
    fields_by_name: dict[str, list[GraphNode]] = field(default_factory=lambda: defaultdict(list))
    # Where each file's definitions start in `by_name`'s order, while every file's come together (else None).
    file_order: dict[str, int] | None = None
    # Imports repeat (`from django.db import models` in hundreds of files): each is resolved once.
    _modules: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # What the C++, C# and Swift definitions take, read from their signatures as calls ask (name_overloads.py).
    overloads: Overloads | None = None
    # The classes' bases, read as `self` and `super()` calls ask (class_hierarchy.py; None: not known).
    hierarchy: ClassHierarchy | None = None
    # PHP and C# files' namespaces, as the parser kept them or read as names written with one ask
    # (declared_namespaces.py; None: not known).
    namespaces: DeclaredNamespaces | None = None
    # The arity of each C# definition in a generic type, and of each such type (csharp_generics.py).
    arities: Arities = field(default_factory=Arities)
    # name -> its definitions by the last name of what they are written in (`owned`)
    _owned: dict[str, dict[str, list[GraphNode]]] = field(default_factory=dict)
    # A C# namespace (lowercased) -> the files declaring it, read once all at once (`csharp_namespace_files`), and a
    # C# file -> the files it sees without a `using` (`csharp_visible_files`, asked by each of its references).
    _csharp_namespaces: dict[str, list[str]] = field(default_factory=dict)
    _csharp_visible: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, project_id: str, nodes: Iterable[GraphNode], files: Iterable[str]) -> GraphIndex:
        return cls.of_files(project_id, files).with_nodes(nodes)

    @classmethod
    def of_files(cls, project_id: str, files: Iterable[str]) -> GraphIndex:
        """The lookups of the project's files alone (what imports resolve to), with no definitions."""
        index = cls(project_id)
        for path in files:
            stem_path = _strip_extension(path)
            index.by_stem[stem_path.rsplit("/", 1)[-1]].append(path)
            folder = posixpath.dirname(path)
            if folder:
                index.by_folder[folder.rsplit("/", 1)[-1]].append(path)
        return index

    def with_nodes(self, nodes: Iterable[GraphNode]) -> GraphIndex:
        """These definitions' lookups over the same files, in graph_nodes' order; the files' lookups and the
        imports resolved so far are shared, not built again (a link builds one for each slice of files)."""
        arities = Arities()
        index = GraphIndex(self.project_id, by_stem=self.by_stem, by_folder=self.by_folder, _modules=self._modules,
                           overloads=Overloads(self.project_id, arities), hierarchy=self.hierarchy,
                           namespaces=self.namespaces, arities=arities, _csharp_namespaces=self._csharp_namespaces,
                           _csharp_visible=self._csharp_visible)
        order: dict[str, int] = {}
        last_path = None
        contiguous = True
        for node in nodes:
            if node.file_path.endswith(".cs"):
                index.arities.see(node.id, node.file_path, node.node_type, node.name, node.signature,
                                  qualified_in_node_id(self.project_id, node.file_path, node.id))
            if node.node_type == "VARIABLE" and "." in qualified_in_node_id(self.project_id, node.file_path, node.id):
                index.fields_by_name[node.name].append(node)
            elif node.node_type != "MODULE":  # (a variable at a file's level: a pointer to a function, nodes_named_in)
                _add(index.by_name, node.name, node)
                _add(index.by_file.setdefault(node.file_path, {}), node.name, node)
                if node.node_type == "CLASS":
                    index.classes_by_name[node.name].append(node)
            if node.file_path != last_path:
                contiguous = contiguous and node.file_path not in order  # else `_first_imported` cannot be used
                order.setdefault(node.file_path, len(order))
                last_path = node.file_path
        index.file_order = order if contiguous else None
        return index

    def named(self, name: str) -> Sequence[GraphNode]:
        """Every definition of `name` in the project, in the files' order."""
        return _listed(self.by_name.get(name))

    def owned(self, name: str, owner: str) -> Sequence[GraphNode]:
        """The definitions of `name` written in a class (a module...) whose last name is `owner` (`Policy.Cache`'s
        overloads, of a name defined 59 times), grouped once per name; of a C# generic type, `owner` with its arity."""
        by_owner = self._owned.get(name)
        if by_owner is None:
            by_owner = self._owned[name] = defaultdict(list)
            for node in self.named(name):
                by_owner[self.owner_of(node)].append(node)
        return by_owner.get(owner, ())

    def owner_of(self, node: GraphNode) -> str:
        """The last name of what a definition is written in, with its arity for a C# generic type ("Policy`1")."""
        owner = owner_name(node, self.project_id)
        return with_arity(owner, self.arities.arity(node.id)) if node.node_type != "CLASS" else owner

    def in_file(self, path: str, name: str) -> Sequence[GraphNode]:
        """The definitions of `name` in the file `path`."""
        return _listed(self.by_file.get(path, {}).get(name))

    def files_for_module(self, module: str, from_file: str) -> list[str]:
        """The project files an import of `module` written in `from_file` refers to (maybe none)."""
        text = module.strip()
        if not text:
            return []
        # Only a relative import depends on where it is written.
        key = (text, posixpath.dirname(from_file) if text.startswith(".") else "")
        found = self._modules.get(key)
        if found is None:
            found = self._files_for_module(text, from_file)
            extension = _SOURCE_EXTENSION.search(text)
            if extension and len(found) > 1:  # `#include "compile.h"` is the header, not compile.c beside it
                found = [path for path in found if path.endswith(extension.group())] or found
            self._modules[key] = found
        return found

    def _files_for_module(self, text: str, from_file: str) -> list[str]:
        if text.startswith("./") or text.startswith("../"):  # (`../vanilla/shallow.ts` too: extensions are not stems)
            return self._exact(_SOURCE_EXTENSION.sub("", posixpath.normpath(posixpath.join(posixpath.dirname(from_file),
                                                                                          text))))
        if text.startswith("."):  # Python's relative import: one dot is this package
            return self._exact(relative_module_path(text, from_file))
        # A path written with its file's extension names that file (fmt's `#include "fmt/std.h"`: neither `std` nor
        # `std.h` may be dropped, which made it an include of `fmt.cc`)
        extension = _SOURCE_EXTENSION.search(text)
        segments = [s for s in SEGMENT_SPLIT.split(_SOURCE_EXTENSION.sub("", text))
                    if s and (extension or s not in _IGNORED_SEGMENTS)]
        for length in (len(segments),) if extension else (len(segments), len(segments) - 1):
            # (the last segment may be a symbol, not a module)
            if length <= 0:
                break
            found = self._suffix("/".join(segments[:length]))
            if found:
                return found
        if "\\" in text and self.namespaces is not None and from_file.endswith(".php"):
            return self._php_class_file(text)
        if from_file.endswith(".cs"):  # `using Microsoft.eShopWeb.ApplicationCore.Entities;`, in src/ApplicationCore/
            return self.csharp_namespace_files(text.removeprefix("global::"))
        return []

    def csharp_namespace_files(self, namespace: str) -> list[str]:
        """The C# files that declare `namespace` (none when their namespaces are not known)."""
        if self.namespaces is None:
            return []
        if not self._csharp_namespaces:
            declaring: dict[str, list[str]] = defaultdict(list)
            for path in sorted(path for paths in self.by_stem.values() for path in paths if path.endswith(".cs")):
                for declared in self.namespaces.every(path):
                    declaring[declared.lower()].append(path)
            self._csharp_namespaces.update(declaring)
            self._csharp_namespaces.setdefault("\0read", [])  # (read, even when no file declares one)
        return self._csharp_namespaces.get(namespace.lower(), [])

    def csharp_visible_files(self, path: str) -> frozenset[str]:
        """The other C# files whose types a file sees without a `using`: those of its own namespace and of each
        namespace around it (`Microsoft.eShopWeb.Web.Services` sees `Microsoft.eShopWeb.Web`'s and `Microsoft`'s)."""
        if self.namespaces is None:
            return frozenset()
        visible = self._csharp_visible.get(path)
        if visible is None:
            found: set[str] = set()
            for declared in self.namespaces.every(path):
                parts = declared.split(".") if declared else []
                for length in range(len(parts), 0, -1):
                    found.update(self.csharp_namespace_files(".".join(parts[:length])))
            visible = self._csharp_visible[path] = frozenset(found - {path})
        return visible

    def _php_class_file(self, name: str) -> list[str]:
        """The files defining a PHP class by its name written with its namespace (`use GuzzleHttp\\Exception\\X;`),
        where a Composer prefix left the namespace's first parts out of the path (`src/Exception/X.php`): those named
        for the class that declare its namespace."""
        namespace, _, class_name = name.strip("\\").rpartition("\\")
        assert self.namespaces is not None
        return sorted(path for path in self.by_stem.get(class_name, ()) if path.endswith(".php")
                      and self.namespaces.of(path) is not None and self.namespaces.declares(path, namespace))

    def _exact(self, path: str) -> list[str]:
        path = path.strip("/")
        stem = path.rsplit("/", 1)[-1]
        files = [f for f in self.by_stem.get(stem, ()) if _strip_extension(f) == path]
        return files or self._folder(path, exact=True)

    def _suffix(self, path: str) -> list[str]:
        stem = path.rsplit("/", 1)[-1]
        files = [f for f in self.by_stem.get(stem, ()) if _ends_with(_strip_extension(f), path)]
        return files or self._folder(path, exact=False)

    def _folder(self, path: str, *, exact: bool) -> list[str]:
        name = path.rsplit("/", 1)[-1]
        inside = [f for f in self.by_folder.get(name, ())
                  if (posixpath.dirname(f) == path if exact else _ends_with(posixpath.dirname(f), path))]
        entries = [f for f in inside if _strip_extension(f).rsplit("/", 1)[-1] in _ENTRY_STEMS]
        return sorted(entries or inside)


def _strip_extension(path: str) -> str:
    base = path.rsplit("/", 1)[-1]
    return path[: len(path) - len(base)] + base.rsplit(".", 1)[0] if "." in base else path


def _ends_with(path: str, suffix: str) -> bool:
    return path == suffix or path.endswith("/" + suffix)


@dataclass
class FileImports:
    files: set[str] = field(default_factory=set)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Names imported from outside the project (`from urllib.parse import urlencode`): a use of one
    # means that, not a project definition that happens to share the name.
    external: set[str] = field(default_factory=set)


def import_context(index: GraphIndex, imports: Sequence[ReferenceRow]) -> dict[str, FileImports]:
    """Per file: the project files it imports, and which file each imported name comes from."""
    context: dict[str, FileImports] = defaultdict(FileImports)
    for ref in imports:
        files = index.files_for_module(ref.module or ref.name, ref.file_path)
        entry = context[ref.file_path]
        if not files:
            if ref.module:
                entry.external.add(ref.name)
            continue
        entry.files.update(files)
        entry.names[ref.name].update(files)
    return context


def owner_name(node: GraphNode, project_id: str) -> str:
    """The last name of what a definition is written in (`Sinatra.Helpers.mime_type` -> `Helpers`; a Ruby
    `class A::B` keeps `A::B` as one name: `B`)."""
    scope = qualified_in_node_id(project_id, node.file_path, node.id).rpartition(".")[0]
    return SEGMENT_SPLIT.split(scope)[-1] if scope else ""


def without_line(identifier: str) -> str:
    """A node id without its overload's `@line` (the id of its name's first definition in its file)."""
    head, at, line = identifier.rpartition("@")
    return head if at and line.isdigit() else identifier


def resolve_common_name(ref: ReferenceRow, index: GraphIndex, imports: dict[str, FileImports],
                         fitting: Callable[[Iterable[GraphNode]], list[GraphNode]]) -> tuple[str | None, str]:
    """name_graph's `resolve` for a name with more than LONG_NAME_LIST definitions (none of them a class the reference
    wants), with the same answer, without reading every definition for each reference (which grew with
    the square of a tree whose names repeat): such a name has too many candidates to resolve by name
    alone, so only the files the reference's file imports are looked in, each file's own list."""
    file_imports = imports.get(ref.file_path)
    if file_imports is None:
        return None, "NONE"
    named = file_imports.names.get(ref.name, ())
    if not named and ref.name in file_imports.external:
        return None, "NONE"
    for files in (named, file_imports.files):
        found = _first_imported(ref, index, files, fitting)
        if found is not None:
            return found.id, "IMPORT"
    return None, "NONE"


def _first_imported(ref: ReferenceRow, index: GraphIndex, files: Iterable[str],
                    fitting: Callable[[Iterable[GraphNode]], list[GraphNode]]) -> GraphNode | None:
    """The first definition of the reference's name in these files, in `by_name`'s order (the files' order,
    each file's definitions coming together), other than the referring one."""
    assert index.file_order is not None
    best: tuple[int, GraphNode] | None = None
    for path in files:
        position = index.file_order.get(path)
        if position is None or (best is not None and position >= best[0]):
            continue
        node = next(iter(fitting(index.in_file(path, ref.name))), None)
        if node is not None:
            best = (position, node)
    return best[1] if best else None
