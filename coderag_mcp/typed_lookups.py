"""Looking names up for typed_graph.py (TS/JS, Go, Java/Kotlin, Rust): a bare name in its scopes, a dotted path
through modules and classes, the class around a definition, and a class's bases, members and fields' types.
With the hooks a language family's resolver overrides to say what its classes are.

Apart from typed_graph.py, which says what a receiver's value is (instances: constructed, returned, held in a
field) and resolves a reference with these: the lookups call nothing of that, so they are a layer of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from .store import GraphNode, module_node_id, qualified_in_node_id
from .js_literals import MODULE_EXPORTS
from .typed_names import MAX_DEPTH, TypedNames


class TypedLookups(TypedNames):
    """The names of typed_names.py looked up in scopes, modules and classes: their members, bases and fields."""

    # Definitions no code calls, never a reference's target (Rust's `#[test]` functions: rust_attributes.py).
    uncalled: frozenset[str] = frozenset()
    # Whether a bare name may be a method written outside a class (JS: an object literal's `{ async test() {} }`,
    # which ky passes to withPerformance, is a property: ava's `test(...)` calls were its LOCAL calls).
    bare_methods = True

    # --- what a language says about classes (overridden) -------------------------------------------

    def holds_methods_of(self, class_path: str, method_path: str) -> bool:
        """Whether a method written in `method_path` can belong to a type defined in `class_path`
        (the same file; Go: the same package; Rust: anywhere in the crate)."""
        return class_path == method_path

    def returned(self, function_id: str) -> str | None:
        """The type text a function's signature says it returns (None when unknown)."""
        return None

    def module_item(self, files: Sequence[str], name: str) -> list[str]:
        """What `name` is in these modules, written after a path to them (`pkg.F()`, `crate::de::f()`): their
        top-level definition (Rust: or what they re-export)."""
        return self.top_level(files, name)

    def fits(self, node_id: str) -> bool:
        """Whether a member can be what the reference being resolved calls (Java/Kotlin: one of the
        overloads taking the call's number of arguments; a nearer class's other overloads do not hide it)."""
        return True

    # --- names ------------------------------------------------------------------------------------

    def resolve_name(self, path: str, scope: str, name: str) -> tuple[list[str], str, bool]:
        """(ids, how, outside) for a bare name used inside the definition `scope`."""
        block, parts = self.split_scope(scope)
        in_file = self.defs.get(path, {})
        for length in range(len(parts), -1, -1):
            if length and parts[length - 1] == name:
                continue  # `A` inside class A is the class, not its constructor `A.A` (Java's `A.s()`)
            ids = in_file.get(block + ".".join([*parts[:length], name]))
            if ids and not length and path.endswith((".kt", ".kts")) and any(
                    files for files, _imported in self.bindings(path).get(name, ())):
                break  # (Kotlin: a name imported by name before the file's own, moshi's deprecated
                # Rfc3339DateJsonAdapter delegating to the adapters package's it imports)
            if ids and self.uncalled:
                ids = [i for i in ids if i not in self.uncalled]
            if ids and not self.bare_methods:
                ids = [i for i in ids if self.nodes[i].node_type != "METHOD"]
            if ids and (length == 0 or self.implicit_this or any(
                    self.nodes[i].node_type in ("FUNCTION", "METHOD")
                    for i in in_file.get(block + ".".join(parts[:length]), ()))):
                # A function's nested definitions and the file's are bare names; a class's methods are
                # not (Rust, Go, JS: `helper()` in a method is never `self.helper()`), save in Java/Kotlin.
                if self.implicit_this and length and all(self.nodes[i].node_type == "METHOD" for i in ids):
                    # Java's and Kotlin's overloads of the name in the class and its bases alike (jsoup's
                    # Element.attr(String, String) beside Node's attr(String): `attr("x")` in Element reached none)
                    owner = self.enclosing_class(path, scope)
                    widened = [i for i in (self.member(owner, name)[0] if owner else [])
                               if not _private_elsewhere(self.nodes[i], self.qualified[i], self.qualified[owner])]
                    if widened and not set(widened) <= set(ids):
                        return widened, "LOCAL" if all(self.nodes[i].file_path == path for i in widened) \
                            else "MEMBER", False
                return list(ids), "LOCAL", False
        if self.implicit_this and parts:
            owner = self.enclosing_class(path, scope)
            if owner:
                ids, _known = self.member(owner, name)
                if ids:
                    return ids, "MEMBER", False
        found: list[str] = []
        outside = False
        origin = self.origin(path, scope) if block else path
        for files, imported in self.bindings(origin).get(name, ()):
            if files is None:
                outside = True
                continue
            if imported is None:
                found.extend(module_node_id(self.project_id, f) for f in files)
            else:
                ids = self.module_item(files, imported) or self.imported_fallback(files, imported)
                if not ids and imported == "default":  # JS: a default export nobody named, `import Router from`
                    ids = self.module_item(files, name) or self.imported_fallback(files, name)  # its file's Router
                found.extend(ids)
        if found:
            return sorted(set(found)), "IMPORT", False
        if outside:
            return [], "IMPORT", True
        if self.package_scope:
            ids = self.top_level(self.package_files(path), name)
            if ids:
                return sorted(set(ids)), "LOCAL", False
            ids = self.top_level(self.package_files_elsewhere(path), name)
            if ids:
                return sorted(set(ids)), "IMPORT", False
        for files in self._wildcards.get(origin, ()):
            ids = self.top_level(files, name)
            if ids:
                return sorted(set(ids)), "IMPORT", False
        return [], "GUESS", name in self.builtins

    def called_variable(self, path: str, scope: str, name: str) -> tuple[list[str], str]:
        """(ids, how) for a bare call of `name` that resolve_name found no definition of: a variable at the top of
        the file, of a file the name is imported from (through re-exports too), or of the package's files."""
        block, _parts = self.split_scope(scope)
        own = self.top_level_variables([path], block + name)
        if own:
            return own, "LOCAL"
        found: list[str] = []
        for files, imported in self.bindings(self.origin(path, scope) if block else path).get(name, ()):
            if files and imported is not None:  # (a default export: ky's `export default ky`, `ky(url)` in its tests)
                found.extend(self.module_variables(files, imported))
        if found:
            return sorted(set(found)), "IMPORT"
        if self.package_scope and (found := self.top_level_variables(self.package_files(path), name)):
            return found, "LOCAL"
        return [], "GUESS"

    def defined_at(self, path: str, qualified: str, line: str) -> list[str]:
        """The definition of a file named `qualified` at `line` (js_scopes.py's `#it().request@12`): of several so
        named, the first's node id is its name and the others' end with their line (file_rows.py)."""
        ids = self.defs.get(path, {}).get(qualified, [])
        if len(ids) < 2:
            return list(ids)
        own = [i for i in ids if qualified_in_node_id(self.project_id, path, i, keep_overload=True) == f"{qualified}@{line}"]
        return own or [i for i in ids if qualified_in_node_id(self.project_id, path, i, keep_overload=True) == qualified]

    def enclosing_class(self, path: str, scope: str) -> str | None:
        """The class a definition is in (or is): a Go method's receiver type, a Rust impl block's
        type and a Kotlin extension's receiver may be defined in another file."""
        parts = scope.split(".") if scope else []
        for length in range(len(parts), 0, -1):
            prefix = ".".join(parts[:length])
            defined = self.defs.get(path, {}).get(prefix, ())
            for i in defined:
                if self.nodes[i].node_type == "CLASS":
                    return i
            if not defined and length < len(parts):
                owner = self.class_named(path, prefix)
                if owner:
                    return owner
        return None

    def class_named(self, path: str, qualified: str) -> str | None:
        ids = [i for i in self.defs.get(path, {}).get(qualified, ()) if self.nodes[i].node_type == "CLASS"]
        if not ids:
            ids = [i for i in self.resolve_dotted(path, "", qualified)[0] if i in self.nodes
                   and self.nodes[i].node_type == "CLASS"]
        return ids[0] if ids else None

    def resolve_dotted(self, path: str, scope: str, dotted: str, depth: int = 0) -> tuple[list[str], str, bool]:
        """(ids, how, outside) for `a.b.c`: a module, a class, or what they hold."""
        head, *rest = dotted.split(".")
        ids, how, outside = self.resolve_head(path, scope, head)
        for part in rest:
            found: list[str] = []
            for i in ids:
                if i in self.nodes and self.nodes[i].node_type == "CLASS":
                    found.extend(self.member(i, part)[0])
                    how = "MEMBER"
                elif i not in self.nodes:  # a module node
                    module_file = i[len(self.project_id) + 1:]
                    found.extend(self.module_item([module_file], part) or self.submodule(i, part))
            ids = sorted(set(found))
        return ids, how, outside

    def resolve_head(self, path: str, scope: str, head: str) -> tuple[list[str], str, bool]:
        """The first segment of a path written as a receiver: a name (module, package, class)."""
        return self.resolve_name(path, scope, head)

    def object_member(self, path: str, scope: str, head: str, name: str) -> list[str]:
        """The method `name` written on the variable `head` (no class, function or module): an object literal's
        (hono's `export const websocket = { open(ws) {...} }`, `websocket.open(ws)` in a test that imports it) or
        assigned to it (`app.handle = function`), in the definitions around `scope`, the file, or the file `head`
        is imported from; as a class's static method would be."""
        block, parts = self.split_scope(scope)
        in_file = self.defs.get(path, {})
        for length in range(len(parts), -1, -1):
            ids = in_file.get(block + ".".join([*parts[:length], head, name]))
            if ids:
                return [i for i in ids if self.nodes[i].node_type == "METHOD"]
        found: list[str] = []
        for files, imported in self.bindings(self.origin(path, scope) if block else path).get(head, ()):
            if files and imported is not None:  # (a default export's object literal is "default": js_literals.py)
                found.extend(i for f in files for i in self.literal_member(f, imported, name))
        return sorted(set(found))

    def literal_member(self, path: str, holder: str, name: str) -> list[str]:
        """The member `name` of what `holder` (a qualified name of the file) holds: a method named under it (an object
        literal's, or one assigned to it), else the function or class a property of its object literal names (`const
        actions = { add, filter: helper }`: the module's BINDS row `actions.filter`, `=helper`: js_literals.py), looked
        up where the literal is written."""
        ids = [i for i in self.defs.get(path, {}).get(f"{holder}.{name}", ()) if self.nodes[i].node_type == "METHOD"]
        if ids:
            return ids
        value = self.field_types.get(module_node_id(self.project_id, path), {}).get(f"{holder}.{name}")
        if value is None or not value.startswith("="):
            return []
        found = self.resolve_dotted(path, holder.rpartition(".")[0], value[1:])[0]
        return [i for i in found if i in self.nodes and self.nodes[i].node_type in ("FUNCTION", "METHOD", "CLASS")]

    def module_value(self, files: Sequence[str], depth: int = 0) -> list[str]:
        """What CommonJS modules are when called whole: the function or class their `module.exports` holds (express's
        `exports = module.exports = createApplication`), through a module exporting another (`module.exports =
        require("./lib/express")`; js_literals.MODULE_EXPORTS)."""
        found: list[str] = []
        for path in files:
            value = self.field_types.get(module_node_id(self.project_id, path), {}).get(MODULE_EXPORTS, "")
            if value.startswith("="):
                found.extend(i for i in self.resolve_dotted(path, "", value[1:])[0]
                             if i in self.nodes and self.nodes[i].node_type in ("FUNCTION", "CLASS"))
            elif value.startswith("@") and depth < MAX_DEPTH:
                found.extend(self.module_value(self.module_files(value[1:], path) or [], depth + 1))
        return sorted(set(found))

    # --- classes ----------------------------------------------------------------------------------

    def bases(self, class_id: str) -> list[str]:
        if class_id not in self._bases:
            self._bases[class_id] = []  # an inheritance cycle stops here
            node = self.nodes[class_id]
            scope = self.signature_scope(self.qualified[class_id])
            found: list[str] = []
            for ref in self.base_refs.get(class_id, ()):
                dotted = ref.qualifier[1:] + "." + ref.name if (ref.qualifier or "").startswith("=") else ref.name
                ids = self.resolve_dotted(node.file_path, scope, dotted)[0]
                found.extend(i for i in ids if i != class_id and i in self.nodes
                             and self.nodes[i].node_type == "CLASS" and i not in found)
            self._bases[class_id] = found
        return self._bases[class_id]

    def declared_in(self, class_id: str, name: str) -> list[str]:
        """The members named `name` written in the class (Java leaves its constructors out)."""
        return self.by_qualified.get(f"{self.qualified[class_id]}.{name}", [])

    def member(self, class_id: str, name: str, depth: int = 0) -> tuple[list[str], bool]:
        """The definitions of `name` in the class, else in its nearest project base that has one."""
        if depth > MAX_DEPTH:
            return [], False
        class_path = self.nodes[class_id].file_path
        ids = [i for i in self.declared_in(class_id, name)
               if self.holds_methods_of(class_path, self.nodes[i].file_path) and self.fits(i)]
        if ids:
            return sorted(set(ids)), True
        for base in self.bases(class_id):
            found, _known = self.member(base, name, depth=depth + 1)
            if found:
                return found, True
        return [], True

    def called_field(self, class_id: str, name: str, depth: int = 0) -> list[str]:
        """The field or property `name` of the class, else of its nearest project base declaring one, that a call
        of `name` on an instance calls when no method of the name is there (hono's `app.get(...)`: HonoBase's
        `get!: HandlerInterface`; echo's `e.HTTPErrorHandler(c, err)`, a func field). A class declaring a
        method of the name (of any arity) ends the search: its call is that method's or a library's."""
        if depth > MAX_DEPTH or self.declared_in(class_id, name):
            return []
        field = self.fields.get((self.nodes[class_id].file_path, f"{self.qualified[class_id]}.{name}"))
        if field is not None:
            return [field]
        return next((found for base in self.bases(class_id) if (found := self.called_field(base, name, depth + 1))),
                    [])

    def field_type(self, class_id: str, field: str, depth: int = 0) -> tuple[str, str] | None:
        """(the class declaring `field`, the field's type) in the class or its nearest project base."""
        if depth > MAX_DEPTH:
            return None
        declared = self.field_types.get(class_id, {}).get(field)
        if declared is not None:
            return class_id, declared
        if self.embeds:
            for ref in self.base_refs.get(class_id, ()):
                if ref.name == field:
                    return class_id, (ref.qualifier[1:] + "." + ref.name if (ref.qualifier or "").startswith("=")
                                      else ref.name)
        return next((found for base in self.bases(class_id) if (found := self.field_type(base, field, depth + 1))),
                    None)


def _private_elsewhere(node: GraphNode, qualified: str, owner: str) -> bool:
    """Whether a method is a base's `private` one, which its subclasses do not inherit (gson's JsonTreeReader's
    `push(iterator)` is its own `push(Object)`, never its base JsonReader's `private void push(int)`)."""
    return qualified.rpartition(".")[0] != owner and "private" in (node.signature or "").split("(", 1)[0].split()
