"""Python's names, for python_lookups.py: a name in the scopes Python would use (the enclosing functions, the
module, what it imports, through `__init__.py` re-exports and `from m import *`), a dotted path, and a class's
bases, MRO and members, each kept in a memo bounded between slices of a link (python_lookups.bound_lookups).

What a variable, an attribute or a call holds is python_lookups.py's, which this layer asks through `holders` and
`attribute` to follow a dotted path through values (`config.loader.load`).
"""

from __future__ import annotations

from collections.abc import Iterable

from .python_files import LoadFiles, PythonFiles
from .store import ReferenceRow, module_node_id

# How deep a lookup follows names, values and returns through one another.
MAX_DEPTH = 8
VARIABLE_ID = "variable:"  # a module variable among a lookup's answers: what it holds counts, not itself
Found = tuple[list[str], bool]  # (node or module ids, whether the name is known to be outside the project)


class PythonNames(PythonFiles):
    """Names, dotted paths and classes over the project's Python definitions and imports, built once per link
    run. The files' definitions are read as lookups reach them (python_files.py)."""

    def __init__(self, project_id: str, files: Iterable[str], load: LoadFiles, root: str | None = None) -> None:
        super().__init__(project_id, files, load, root)
        self.module_ids = {module_node_id(project_id, f): f for f in self.files}
        self._members: dict[tuple[str, str], Found] = {}
        self._mro: dict[str, tuple[list[str], bool]] = {}
        self._scopes: dict[tuple[str, str], list[str]] = {}

    def holders(self, ids: Iterable[str], depth: int = 0) -> list[str]:
        """Modules and classes among `ids`, with module variables replaced by what they hold (python_lookups.py)."""
        raise NotImplementedError

    def attribute(self, class_id: str, name: str) -> list[str]:
        """What `instance.name` holds, as classes or modules (python_lookups.py)."""
        raise NotImplementedError

    # --- names -----------------------------------------------------------------------------------

    def members(self, path: str, name: str, depth: int = 0) -> Found:
        """What `name` is in module `path`: its definitions, or what the module imports as `name`."""
        key = (path, name)
        if key in self._members:
            return self._members[key]
        self._members[key] = ([], False)  # an import cycle finds nothing
        record = self.file(path)
        ids = list(record.defs.get(name, ()))
        external = False
        if not ids and depth < MAX_DEPTH:
            ids, external = self.imported(path, record.imports.get(name, ()), depth)
            if not ids:
                for module in record.stars:
                    for found in self.module_files(module, path) or ():
                        ids.extend(self.members(found, name, depth + 1)[0])
        if not ids and name in record.variables:
            ids.append(f"{VARIABLE_ID}{path}:{name}")
        result = (sorted(set(ids)), external and not ids)
        self._members[key] = result
        return result

    def imported(self, path: str, bindings: Iterable[tuple[str, str | None]], depth: int = 0) -> Found:
        """What import statements of `path` bind a name to: (module, imported name or None for the module)."""
        ids: list[str] = []
        external = False
        for module, imported in bindings:
            files = self.module_files(module, path)
            if files is None:
                external = True
                continue
            for found in files:
                if imported is None:
                    ids.append(module_node_id(self.project_id, found))
                    continue
                inner, _outside = self.members(found, imported, depth + 1)
                ids.extend(inner or [module_node_id(self.project_id, f) for f in self.submodule(found, imported)])
        return ids, external and not ids

    def scopes(self, path: str, source_qualified: str) -> list[str]:
        """The enclosing scopes of a definition, innermost first (a class body encloses only itself)."""
        key = (path, source_qualified)
        if key not in self._scopes:
            self._scopes[key] = self._scope_chain(path, source_qualified)
        return self._scopes[key]

    def _scope_chain(self, path: str, source_qualified: str) -> list[str]:
        chain = []
        parts = source_qualified.split(".") if source_qualified else []
        for length in range(len(parts), 0, -1):
            scope = ".".join(parts[:length])
            is_class = any(map(self.is_class, self.file(path).defs.get(scope, ())))
            if not is_class or length == len(parts):
                chain.append(scope)
        return chain

    def resolve_name(self, path: str, source_qualified: str, name: str) -> tuple[list[str], str, bool]:
        """(ids, how, outside) for a bare name used inside `source_qualified`."""
        record = self.file(path)
        for scope in self.scopes(path, source_qualified):
            ids = record.defs.get(f"{scope}.{name}")
            if ids:
                return list(ids), "LOCAL", False
            bindings = record.local_imports.get(scope, {}).get(name)
            if bindings:
                ids, outside = self.imported(path, bindings)
                return sorted(set(ids)), "IMPORT", outside
        ids, outside = self.members(path, name)
        local = all(self.defined_in(i, path) for i in ids)
        return ids, "LOCAL" if local else "IMPORT", outside

    def enclosing_class(self, path: str, source_qualified: str) -> str | None:
        parts = source_qualified.split(".") if source_qualified else []
        for length in range(len(parts), 0, -1):
            for i in self.file(path).defs.get(".".join(parts[:length]), ()):
                if self.is_class(i):
                    return i
        return None

    def resolve_dotted(self, path: str, source_qualified: str, dotted: str) -> tuple[list[str], str, bool]:
        """(ids, how, outside) for `a.b.c`: a module, a class, or what they hold."""
        head, *rest = dotted.split(".")
        if head in ("self", "cls"):
            owner = self.enclosing_class(path, source_qualified)
            ids, how, outside = ([owner] if owner else []), "MEMBER", False
        else:
            ids, how, outside = self.resolve_name(path, source_qualified, head)
        for part in rest:
            found: list[str] = []
            for i in self.holders(ids):
                if i in self.module_ids:
                    module_file = self.module_ids[i]
                    inner, out = self.members(module_file, part)
                    outside = outside or out
                    found.extend(inner or [module_node_id(self.project_id, f)
                                           for f in self.submodule(module_file, part)])
                elif self.is_class(i):
                    found.extend(self.attribute(i, part))
                    how = "MEMBER"
            ids = sorted(set(found))
            if how == "LOCAL" and not all(self.defined_in(i, path) for i in ids):
                how = "IMPORT"
        return ids, how, outside

    # --- classes ---------------------------------------------------------------------------------

    def bases(self, class_id: str) -> tuple[list[str], bool]:
        """The class's project bases in order, and whether all its bases are known: the project's, or known to be
        outside it (rich's `class _TrackThread(Thread)`: its `self.start()` is Thread's, no guess of the project's
        `Live.start`)."""
        node = self.known(class_id)
        scope = self.qualified(node).rpartition(".")[0]
        found: list[str] = []
        complete = True
        for ref in self.file(node.file_path).base_refs.get(class_id, ()):
            ids, _how, outside = self.resolve_base(node.file_path, scope, ref)
            ids = [i for i in ids if i != class_id and self.is_class(i)]
            if ids:
                found.extend(i for i in ids if i not in found)
            elif ref.name != "object" and not outside:
                complete = False
        return found, complete

    def resolve_base(self, path: str, scope: str, ref: ReferenceRow) -> tuple[list[str], str, bool]:
        dotted = f"{ref.qualifier}.{ref.name}" if ref.qualifier else ref.name
        ids, how, outside = self.resolve_dotted(path, scope, dotted)
        return [i for i in ids if i != ref.source_id], how, outside

    def mro(self, class_id: str) -> tuple[list[str], bool]:
        """The class and its project bases in method resolution order (C3), and whether it is complete."""
        if class_id in self._mro:
            return self._mro[class_id]
        self._mro[class_id] = ([class_id], False)  # an inheritance cycle stops here
        bases, complete = self.bases(class_id)
        sequences = []
        for base in bases:
            order, base_complete = self.mro(base)
            sequences.append(list(order))
            complete = complete and base_complete
        sequences.append(list(bases))
        order = [class_id]
        while any(sequences):
            head = next((seq[0] for seq in sequences if seq and not any(seq[0] in s[1:] for s in sequences)), None)
            if head is None:  # no consistent order: depth first is close enough
                order.extend(i for seq in sequences for i in seq if i not in order)
                break
            order.append(head)
            sequences = [[i for i in seq if i != head] for seq in sequences]
        result = (order, complete)
        self._mro[class_id] = result
        return result

    def member(self, class_id: str, name: str, *, after_self: bool = False) -> tuple[list[str], bool]:
        """The definitions of `name` the class (or, after_self, its bases) holds first along the MRO."""
        order, complete = self.mro(class_id)
        for owner in order[1:] if after_self else order:
            owner_node = self.known(owner)
            path, qualified = owner_node.file_path, self.qualified(owner_node)
            record = self.file(path)
            ids = record.defs.get(f"{qualified}.{name}")
            if ids:
                return list(ids), True
            values = record.attributes.get(owner, {}).get(name)
            if values:  # `session_class = SecureCookieSession`: calling it calls the class
                aliased = [i for value in values for part in value.split("|") if part.startswith("=")
                           for i in self.resolve_dotted(path, qualified, part[1:])[0] if self.node(i) is not None]
                return sorted(set(aliased)), True
        return [], complete

    def called_field(self, class_id: str, name: str, *, after_self: bool = False) -> list[str]:
        """The class variable or attribute `name` that a call of `name` on an instance calls, when the nearest
        class along the MRO that declares the name declares it so, not as a method: flask's
        `self.response_class()` (`response_class = Response`: the call is an edge to the class it holds and
        one to the attribute), django's `self.get_response(request)` (an attribute set in `__init__`)."""
        declared, is_field = self.declared(class_id, name, after_self=after_self)
        return declared if is_field else []

    def declared(self, class_id: str, name: str, *, after_self: bool = False) -> tuple[list[str], bool]:
        """What the nearest class along the MRO that declares `name` declares by it, and whether that is a variable
        (a class-level one or one assigned in a method: its id) rather than definitions (methods, properties,
        nested classes: theirs)."""
        order = self.mro(class_id)[0]
        for owner in order[1:] if after_self else order:
            owner_node = self.known(owner)
            qualified = f"{self.qualified(owner_node)}.{name}"
            record = self.file(owner_node.file_path)
            if ids := record.defs.get(qualified):
                return list(ids), False
            field = record.fields.get(qualified)
            if field is not None:
                return [field], True
        return [], False
