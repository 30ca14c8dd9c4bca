"""Resolving TS/JS, Go, Java/Kotlin and Rust references from what the receiver is known to be.

The parser stores each reference's receiver (receivers.py); typed_names.py holds each file's names and
what its imports bind, typed_lookups.py looks names up in scopes, modules and classes. A language family's
resolver (js_graph.py, go_graph.py, jvm_graph.py, rust_graph.py) says how its imports find files, which
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

from .file_roles import is_test_path, path_role
from .js_literals import CALLED_WHOLE, OBJECT_HELD
from .recursion import beside_a_namesake
from .store import ReferenceRow, module_node_id, qualified_in_node_id
from .rust_variants import parameter_index, variant_payload
from .type_names import field_holder, held_field, type_name
from .typed_lookups import TypedLookups


# The calls of a chain followed by their declared return types (Rust's builders: tracing's `let builder =
# Subscriber::builder(); let builder = builder.with_env_filter(..); let builder = builder.with_max_level(..);
# builder.finish()` is a chain of three before `finish`).
LONGEST_CALL_CHAIN = 5
# The kinds of definition a call may be guessed to.
_CALLED = ("CLASS", "FUNCTION", "METHOD")
# The references that apply what a name holds, a variable's value too: a call, and a decorator (mobx's `@observable`,
# a variable holding a function).
_APPLIED = ("CALLS", "DECORATES")


class TypedResolver(TypedLookups):
    """A language family's resolver: the lookups of typed_lookups.py, what a receiver's value is, and a
    reference resolved with them."""

    # Whether a call of a function's own name inside it may be another thing's (Rust's `debug_span!` macro in
    # tracing's test `fn debug_span`: macros are named apart, and their calls are recorded as calls of the name).
    own_name_shared = False
    # Whether a file-level variable's declaration is read for what it holds (variable_instances, variable_value).
    reads_variable_values = False
    # The kinds of file (file_roles.path_role) no guess from another kind of file reaches: docs' code (mobx's
    # `docs/assets/.../codemirror.js` was guessed for `push` and `indexOf` calls of its product and tests).
    apart_roles: frozenset[str] = frozenset({"docs"})

    # --- what a value is ----------------------------------------------------------------------------

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
                # (`LowArgs~sort~Some`: what the field `sort: Option<SortMode>` holds, stored beside it as `sort~Some`)
                held = held_field(value)
                found.extend(held and self.field_instances(path, scope, *held, depth)
                             or self.field_instances(path, scope, *value.rsplit("~", 1), depth))
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
                elif called and depth < LONGEST_CALL_CHAIN:
                    found.extend(self.returned_instances(i, depth)[0])
        return sorted(set(found))

    def field_instances(self, path: str, scope: str, holder: str, field: str, depth: int) -> list[str]:
        """The project classes the field `field` of what `holder` holds is an instance of, by the field's type read
        where its class declares it (a loop's items: an `impl Iterator`'s `type Item`, stored as a field)."""
        found: list[str] = []
        payload = variant_payload(field)  # `Ok(HiArgs)`: the variant's type parameter, given where the value is
        for owner in self.instances(path, scope, holder, depth):
            if payload is not None:
                declared = self.field_type(owner, payload[0])
                index = parameter_index(declared[1]) if declared is not None else None
                if index is not None and index < len(payload[1]):
                    found.extend(self.instances(path, scope, payload[1][index], depth))
                continue
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
            return self.own_class(function_id), True
        if not returned:
            return [], False
        scope = self.signature_scope(self.qualified[function_id])
        return self.instances(node.file_path, scope, returned, depth + 1), True

    def own_class(self, function_id: str) -> list[str]:
        """The class a method returning `Self` (Rust's `-> Self`, JavaScript's `return this`) is written in."""
        owner = self.enclosing_class(self.nodes[function_id].file_path, self.qualified[function_id])
        return [owner] if owner else []

    def called_on(self, path: str, scope: str, receiver: str, method: str, depth: int = 0) -> tuple[list[str], bool]:
        """`New().Group()`, what a variable holds after `router := New(); group := router.Group()` (receivers.py):
        the project classes what `method` of the classes `receiver` returns is an instance of, by the method's
        declared return type; and whether one was found that declares one. A receiver of no project class, a
        method none of them has, or one declaring no return type leave the value unknown (a guess)."""
        if depth >= LONGEST_CALL_CHAIN:
            return [], False
        found: list[str] = []
        declared = False
        for holder in self.instances(path, scope, receiver, depth + 1):
            members = self.member(holder, method)[0]
            for i in members:
                classes, told = self.returned_instances(i, depth + 1)
                found.extend(classes)
                declared = declared or told
            if not members and (held := self.library_result(holder, method, depth + 1)):
                found.extend(held)
                declared = True
        return sorted(set(found)), declared

    def library_result(self, class_id: str, method: str, depth: int) -> list[str]:
        """The project classes a library method inherited by a project class returns an instance of (a Java list's
        elements: jvm_collections.py); none where not known."""
        return []

    def known(self, path: str, scope: str, value: str) -> bool:
        """Whether a receiver's value names something, in the project or not (`http.Server`; `f()`, f a project
        function; `New().Server()`, a method that declares its return type): then a method that is no project
        class's is a library's, never guessed."""
        if "~" in value:  # a field of what `holder` holds: told when a project class declares it, else unknown
            holder, _, field = value.rpartition("~")
            if (payload := variant_payload(field)) is not None:  # (`ParseResult~Ok(HiArgs)`: the argument's)
                return any(self.known(path, scope, argument) for argument in payload[1])
            held = held_field(value)
            return any(self.field_type(i, field) is not None for i in self.instances(path, scope, holder)) or bool(
                held and any(self.field_type(i, held[1]) is not None for i in self.instances(path, scope, held[0])))
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
            if not ids and not outside and ref.edge_type in _APPLIED and self.variables:
                ids, how = self.called_variable(path, scope, name)
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
        elif qualifier.startswith(OBJECT_HELD):  # a variable holding an object literal (js_literals.py)
            ids, how = self.literal_member(path, qualifier[len(OBJECT_HELD):], name), "MEMBER"
        elif qualifier.startswith("=") or qualifier.startswith("@"):
            called = qualifier.startswith("@") and qualifier.endswith(CALLED_WHOLE)  # `express()`: the module itself
            if qualifier.startswith("@"):  # a variable holding require("./m")
                files = self.module_files(qualifier[1:].removesuffix(CALLED_WHOLE), path)
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
                items = self.module_item(modules, name) or (
                    self.module_variables(modules, name) if ref.edge_type in _APPLIED else [])
                if called and not any(i in self.nodes for i in items):  # (index.js's `require("./lib/express")`)
                    items = self.module_value(modules) or items
                ids.extend(items)
                how = "IMPORT" if {self.real_file(m) for m in modules} != {path} else "LOCAL"
            if not found and qualifier[1:].isidentifier():
                ids = self.object_member(path, scope, qualifier[1:], name)
                how = "MEMBER" if ids else how
                if not ids and (held := self.variable_instances(path, scope, qualifier[1:])):
                    # a file-level variable (imported) holding an instance: ky's `import ky from '..'`, `ky.get(..)`
                    holders = held
                    ids = sorted({i for holder in held for i in self.member(holder, name)[0]})
                    how, outside = "MEMBER", True
            elif not found and qualifier.startswith("=") and "." in qualifier:
                # `Strings.CS.contains(..)`: a class's static field, of the type it declares (commons-lang's 89 calls
                # through `Strings.CS` and `Strings.CI` were guesses)
                owner, _, field = qualifier[1:].rpartition(".")
                field_ids, field_how, field_outside, held = self.field_member(path, scope, owner, field, name)
                if field_how == "MEMBER":
                    ids, how, outside, holders = field_ids, field_how, outside or field_outside, held
            outside = outside or bool(found)
        else:  # `?`: an expression nobody can type here
            ids, how = [], "GUESS"
        if not ids and holders and ref.edge_type == "CALLS":
            # No method of the name: a field holding a function (a property from Java), of a known class alone.
            ids = sorted({i for holder in holders for i in self.called_field(holder, name)})
            how = "MEMBER" if ids else how
        itself = ref.source_id in ids  # a definition calling itself (recursion)
        ids = [i for i in sorted(set(ids)) if i != ref.source_id and (i in self.nodes or i in self.variable_nodes)]
        if ref.edge_type in ("INHERITS", "USES"):
            ids = [i for i in ids if self.nodes[i].node_type == "CLASS"]
        if itself and ref.edge_type == "CALLS" and how != "GUESS" and self.calls_itself(ref, ids):
            # Recursion: a call of the definition itself, an edge like any (PageRank leaves such loops out).
            return [(i, how) for i in sorted({*ids, ref.source_id})]
        if ids:
            return [(i, how) for i in ids]
        if outside or name in self.builtins or (itself and ref.edge_type == "CALLS" and not self.own_name_shared):
            # (gson's `return peek();` in JsonTreeReader.peek found itself: JsonReader.peek is no guess of it)
            return []
        if qualifier in ("self", "super()") or (qualifier or "").startswith("@"):
            return []
        kinds = ("CLASS",) if ref.edge_type in ("INHERITS", "USES") else self.guessed_kinds(qualifier, name)
        role = self.role_of(ref.file_path)
        counted = () if ref.edge_type in ("INHERITS", "USES") else _CALLED  # (the cap counts every kind a call reaches)
        return [(i, "GUESS") for i in self.guesses.of(name, kinds, ref.source_id, counted, is_test_path(path))
                if i not in self.uncalled and self.guessable(self.nodes[i].file_path, role)
                and self.fits_receiver(i, qualifier, path)]

    def calls_itself(self, ref: ReferenceRow, found: list[str]) -> bool:
        """Whether a call whose lookup found its caller, and the other definitions `found`, is the caller (recursion):
        not beside another definition of its name (a getter beside the setter that calls it)."""
        return not beside_a_namesake(ref.source_id, found)

    def variable_instances(self, path: str, scope: str, name: str) -> list[str]:
        """The project classes a file-level variable `name` holds an instance of, by its declaration: of this file,
        imported (a JavaScript default export too: ky's `const ky = createInstance(); export default ky`), or (Go)
        of another file of the package (cobra's doc tests' `echoCmd.Name()`); none where the language's
        declarations are not read (`variable_value`)."""
        if not self.reads_variable_values or not self.variables:
            return []
        ids, _how = self.called_variable(path, scope, name)
        found: list[str] = []
        for i in ids:
            node = self.variable_nodes.get(i)
            held = self.variable_value(node.signature or "") if node is not None else None
            if held and node is not None:
                found.extend(self.instances(node.file_path, "", held))
        return sorted(set(found))

    def variable_value(self, signature: str) -> str | None:
        """What a file-level variable's declaration says it holds (variable_values.py; `reads_variable_values`)."""
        return None

    def fits_receiver(self, node_id: str, qualifier: str | None, path: str) -> bool:
        """Whether a call in `path` on a receiver nobody types (`qualifier`) may be guessed to reach this
        definition."""
        return True

    def guessable(self, path: str, role: str | None) -> bool:
        """Whether a guess from a file of `role` may reach a definition in `path`: not in a kind of file kept apart
        (`apart_roles`) unless the guess is made from one of that kind."""
        found = self.role_of(path)
        return found not in self.apart_roles or found == role

    def role_of(self, path: str) -> str | None:
        """A file's role (file_roles.path_role), read once per file."""
        role = self._roles.get(path, "")
        if role == "":
            role = self._roles[path] = path_role(path)
        return role

    def guessed_kinds(self, qualifier: str | None, name: str) -> tuple[str, ...]:
        """The kinds of definition a call of `name` on a receiver nobody types (`qualifier`) may be guessed to."""
        return _CALLED


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
