"""Resolving TS/JS, Go, Java/Kotlin and Rust references from what the receiver is known to be.

The parser stores each reference's receiver (receivers.py); typed_names.py holds each file's names and
what its imports bind. A language family's resolver
(js_graph.py, go_graph.py, jvm_graph.py, rust_graph.py) says how its imports find files, which
names are its builtins, where a type's methods are written and what a function returns; this
module does the rest, the same way for all of them:

- a bare name is looked up in the enclosing definitions, the file, what the file imports by name,
  the package (Go, Java/Kotlin: the other files of the folder), then wildcard imports; a
  builtin or standard-library name not found so is never a project definition;
- `this.m()` / `self.m()` / `Self::m()` and a receiver of a known type look the method up in the
  class and then its project bases (`extends`, `implements`, Go's embedded structs, Rust's traits);
- a receiver written as a name (`ns.f()`, `pkg.F()`, `Type::new()`, `Foo.bar()`) is an import
  alias, a package, a module path or a class, or else unknown;
- an unknown receiver gives at most a GUESS (the project's definitions of the name, when at most
  three), never a sure edge.

Kinds: LOCAL (the same file; for Go and Java/Kotlin the same package), IMPORT (through an import),
MEMBER (a method or field of the class the receiver is known to be, or of its bases), GUESS.
"""

from __future__ import annotations

from collections.abc import Sequence

from .store import ReferenceRow, module_node_id, qualified_in_node_id
from .type_names import field_holder, type_name
from .typed_names import MAX_DEPTH, TypedNames


class TypedResolver(TypedNames):
    """A language family's resolver: the names of typed_names.py, and classes, their members and fields."""

    # Whether a call of a function's own name inside it may be another thing's (Rust's `debug_span!` macro in
    # tracing's test `fn debug_span`: macros are named apart, and their calls are recorded as calls of the name).
    own_name_shared = False
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
            if ids and self.uncalled:
                ids = [i for i in ids if i not in self.uncalled]
            if ids and not self.bare_methods:
                ids = [i for i in ids if self.nodes[i].node_type != "METHOD"]
            if ids and (length == 0 or self.implicit_this or any(
                    self.nodes[i].node_type in ("FUNCTION", "METHOD")
                    for i in in_file.get(block + ".".join(parts[:length]), ()))):
                # A function's nested definitions and the file's are bare names; a class's methods are
                # not (Rust, Go, JS: `helper()` in a method is never `self.helper()`), save in Java/Kotlin.
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
        for files in self._wildcards.get(origin, ()):
            ids = self.top_level(files, name)
            if ids:
                return sorted(set(ids)), "IMPORT", False
        return [], "GUESS", name in self.builtins

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
            if files and imported not in (None, "default"):
                found.extend(i for f in files for i in self.defs.get(f, {}).get(f"{imported}.{name}", ())
                             if self.nodes[i].node_type == "METHOD")
        return sorted(set(found))

    # --- classes ----------------------------------------------------------------------------------

    def bases(self, class_id: str) -> list[str]:
        if class_id not in self._bases:
            self._bases[class_id] = []  # an inheritance cycle stops here
            node = self.nodes[class_id]
            scope = self.qualified[class_id].rpartition(".")[0]
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

    def field_member(self, path: str, scope: str, owner: str, field: str, name: str
                     ) -> tuple[list[str], str, bool, list[str]]:
        """(ids, how, outside, the project classes the field holds) for `name` called on a field of a typed
        receiver (qualifier `~T.f`): the field's type read where its class declares it (`e.pool.Get()`, Engine's
        `pool sync.Pool` in another file: outside the project). A field nobody declared with a type leaves it
        a GUESS."""
        ids: list[str] = []
        held: list[str] = []
        outside = False
        typed = False
        for holder in self.instances(path, scope, owner):
            found = self.field_type(holder, field)
            if found is None:
                continue
            declaring, value = found
            typed = True
            class_path, class_scope = self.nodes[declaring].file_path, self.qualified[declaring]
            holders = self.instances(class_path, class_scope, value)
            held.extend(holders)
            ids.extend(i for holder_class in holders for i in self.member(holder_class, name)[0])
            outside = outside or bool(holders) or any(
                found_ids or out for each in value.split("|")
                for found_ids, _how, out in [self.resolve_dotted(class_path, class_scope, each.removesuffix("()"))])
        return sorted(set(ids)), ("MEMBER" if typed else "GUESS"), outside, sorted(set(held))

    def instances(self, path: str, scope: str, values: str, depth: int = 0) -> list[str]:
        """The project classes a receiver holding `T|U` or `f()` is an instance of."""
        found: list[str] = []
        for value in values.split("|"):
            if "~" in value:  # Rust: `Ignore().parents()~Item~inner`, a field of what the rest holds (receivers.py)
                found.extend(self.field_instances(path, scope, *value.rsplit("~", 1), depth))
                continue
            called = value.endswith("()")
            receiver, chained, method = value.removesuffix("()").rpartition("().")
            if called and chained:
                found.extend(self.called_on(path, scope, receiver + "()", method, depth)[0])
                continue
            ids = self.resolve_dotted(path, scope, value.removesuffix("()"))[0]
            for i in ids:
                node = self.nodes.get(i)
                if node is None:
                    continue
                if node.node_type == "CLASS":
                    found.append(i)
                elif called and depth < 3:
                    found.extend(self.returned_instances(i, depth)[0])
        return sorted(set(found))

    def field_instances(self, path: str, scope: str, holder: str, field: str, depth: int) -> list[str]:
        """The project classes the field `field` of what `holder` holds is an instance of, by the field's type read
        where its class declares it (a loop's items: an `impl Iterator`'s `type Item`, stored as a field)."""
        found: list[str] = []
        for owner in self.instances(path, scope, holder, depth):
            declared = self.field_type(owner, field)
            if declared is not None:
                class_id, value = declared
                found.extend(self.instances(self.nodes[class_id].file_path, self.qualified[class_id], value, depth))
        return found

    def returned_instances(self, function_id: str, depth: int) -> tuple[list[str], bool]:
        """The project classes what a function returns is an instance of, by its declared return type; and
        whether it declares one (a library's type: no project class, yet no unknown)."""
        node = self.nodes[function_id]
        returned = type_name(self.returned(function_id) or "")
        if returned == "Self":
            owner = self.enclosing_class(node.file_path, self.qualified[function_id])
            return ([owner] if owner else []), True
        if not returned:
            return [], False
        scope = self.qualified[function_id].rpartition(".")[0]
        return self.instances(node.file_path, scope, returned, depth + 1), True

    def called_on(self, path: str, scope: str, receiver: str, method: str, depth: int = 0) -> tuple[list[str], bool]:
        """`New().Group()`, what a variable holds after `router := New(); group := router.Group()` (receivers.py):
        the project classes what `method` of the classes `receiver` returns is an instance of, by the method's
        declared return type; and whether one was found that declares one. A receiver of no project class, a
        method none of them has, or one declaring no return type leave the value unknown (a guess)."""
        if depth >= 3:
            return [], False
        found: list[str] = []
        declared = False
        for holder in self.instances(path, scope, receiver, depth + 1):
            for i in self.member(holder, method)[0]:
                classes, told = self.returned_instances(i, depth + 1)
                found.extend(classes)
                declared = declared or told
        return sorted(set(found)), declared

    def known(self, path: str, scope: str, value: str) -> bool:
        """Whether a receiver's value names something, in the project or not (`http.Server`; `f()`, f a project
        function; `New().Server()`, a method that declares its return type): then a method that is no project
        class's is a library's, never guessed."""
        if "~" in value:  # a field of what `holder` holds: told when a project class declares it, else unknown
            holder, _, field = value.rpartition("~")
            return any(self.field_type(i, field) is not None for i in self.instances(path, scope, holder))
        receiver, chained, method = value.removesuffix("()").rpartition("().")
        if value.endswith("()") and chained:
            return self.called_on(path, scope, receiver + "()", method)[1]
        found, _how, outside = self.resolve_dotted(path, scope, value.removesuffix("()"))
        return bool(found) or outside

    # --- references -------------------------------------------------------------------------------

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        """(target id, how) for one reference; empty when nothing in the project is sure or guessed."""
        path = ref.file_path
        scope = qualified_in_node_id(self.project_id, path, ref.source_id)
        if ref.edge_type == "BINDS":
            return []
        if ref.edge_type == "IMPORTS":
            return self.resolve_import(ref)
        qualifier, name = ref.qualifier, ref.name
        outside = False
        holders: list[str] = []  # the project classes a receiver is known to be an instance of
        if qualifier == "local":
            return []
        if qualifier is None:
            ids, how, outside = self.resolve_name(path, scope, name)
        elif qualifier in ("self", "super()"):
            owner = self.enclosing_class(path, scope)
            if owner is None:
                return []
            how = "MEMBER"
            if qualifier == "self":
                ids, outside = self.member(owner, name)
                holders = [owner]
            else:
                ids = next((found for base in self.bases(owner) if (found := self.member(base, name)[0])), [])
                outside = not ids
                holders = self.bases(owner)[:1] if not ids else []
        elif qualifier.startswith(":"):
            holders = self.instances(path, scope, qualifier[1:])
            ids = sorted({i for holder in holders for i in self.member(holder, name)[0]})
            # A receiver of a known type: its method, or no project code. A type (or function) that
            # is nowhere, neither in the project nor imported, leaves the receiver unknown.
            how, outside = "MEMBER", bool(holders) or any(self.known(path, scope, value)
                                                          for value in qualifier[1:].split("|"))
        elif qualifier.startswith("#"):  # a definition declared in an anonymous function around the call
            ids, how = self.defined_at(path, *qualifier[1:].rsplit("@", 1)), "LOCAL"
        elif qualifier.startswith("~"):
            ids, how, outside, holders = self.field_member(path, scope, *field_holder(qualifier), name)
        elif qualifier.startswith("=") or qualifier.startswith("@"):
            if qualifier.startswith("@"):  # a variable holding require("./m")
                files = self.module_files(qualifier[1:], path)
                found, how, outside = [module_node_id(self.project_id, f) for f in files or ()], "IMPORT", files is None
            else:
                found, how, outside = self.resolve_dotted(path, scope, qualifier[1:])
            ids = []
            for holder in found:
                if holder in self.nodes and self.nodes[holder].node_type == "CLASS":
                    ids.extend(self.member(holder, name)[0])
                    holders.append(holder)
                    how = "MEMBER"
            modules = [holder[len(self.project_id) + 1:] for holder in found if holder not in self.nodes]
            if modules:  # module nodes: a file, or the files of a Go package
                ids.extend(self.module_item(modules, name))
                how = "IMPORT" if {self.real_file(m) for m in modules} != {path} else "LOCAL"
            if not found and qualifier[1:].isidentifier():
                ids = self.object_member(path, scope, qualifier[1:], name)
                how = "MEMBER" if ids else how
            outside = outside or bool(found)
        else:  # `?`: an expression nobody can type here
            ids, how = [], "GUESS"
        if not ids and holders and ref.edge_type == "CALLS":
            # No method of the name: a field holding a function (a property from Java), of a known class alone.
            ids = sorted({i for holder in holders for i in self.called_field(holder, name)})
            how = "MEMBER" if ids else how
        itself = ref.source_id in ids  # a definition calling itself: no edge (the graph keeps none to itself)
        ids = [i for i in sorted(set(ids)) if i != ref.source_id and (i in self.nodes or i in self.field_nodes)]
        if ref.edge_type in ("INHERITS", "USES"):
            ids = [i for i in ids if self.nodes[i].node_type == "CLASS"]
        if ids:
            return [(i, how) for i in ids]
        if outside or name in self.builtins or (itself and ref.edge_type == "CALLS" and not self.own_name_shared):
            # (gson's `return peek();` in JsonTreeReader.peek found itself: JsonReader.peek is no guess of it)
            return []
        kinds = ("CLASS",) if ref.edge_type in ("INHERITS", "USES") else ("CLASS", "FUNCTION", "METHOD")
        if qualifier in ("self", "super()") or (qualifier or "").startswith("@"):
            return []
        return [(i, "GUESS") for i in self.guesses.of(name, kinds, ref.source_id) if i not in self.uncalled]


def resolve_typed(resolvers: Sequence[TypedResolver], refs: Sequence[ReferenceRow]
                  ) -> tuple[list[tuple[ReferenceRow, str, str]], list[ReferenceRow]]:
    """The edges of the references a resolver handles, and the references none handles."""
    resolved: list[tuple[ReferenceRow, str, str]] = []
    rest: list[ReferenceRow] = []
    by_file: dict[str, TypedResolver | None] = {}
    for ref in refs:
        resolver = by_file.get(ref.file_path, False)
        if resolver is False:
            resolver = by_file[ref.file_path] = next((r for r in resolvers if r.handles(ref.file_path)), None)
        if resolver is None:
            rest.append(ref)
            continue
        resolved.extend((ref, target, how) for target, how in resolver.resolve(ref))
    return resolved, rest



def closing_paren(text: str) -> int:
    """Where the first parenthesised list of `text` closes (len(text) when it does not): a signature's
    parameters, before its return type."""
    depth = 0
    for position, character in enumerate(text):
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return position
    return len(text)
