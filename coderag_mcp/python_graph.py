"""Resolving Python references the way Python finds names, and saying how sure each answer is.

A name is looked up in the scopes Python would use: the enclosing functions, the module, then
what the module imports (following re-exports through `__init__.py` and `from m import *`);
modules are found as an import statement finds them (python_modules.py). The lookups are
python_names.py's and python_lookups.py's; this module resolves a reference with them, or guesses.

An attribute call resolves only when its receiver is known (see python_qualifiers.py): `self`
and `cls` (the method is looked up along the class's MRO), `super()` (the MRO after the class),
a variable of a known project class, a module or import alias, a class. What comes out:

- LOCAL: a definition in the same file, found by Python's scoping;
- IMPORT: a definition in another file, reached through the file's imports;
- MEMBER: a method or attribute of the class the receiver is known to be (or of its bases);
- GUESS: not an answer: the receiver (or the name) is unknown and the project has at most three
  definitions of the name; each is offered as a guess.

A name of the standard library or the builtins, or one imported from outside the project, is never
taken for a project definition. Every definition of a conditionally defined or overloaded name is
a target.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence

from .file_roles import is_test_path
from .guesses import Guesses
from .name_index import without_line
from .python_files import LoadFiles
from .python_attributes import ACCESS_MODULES, WRITE_MODULE
from .python_annotations import UNION
from .python_builtin_values import builtin_value
from .python_chains import is_chain
from .python_fixtures import FIXTURE_MODULE
from .python_qualifiers import ALIAS_CALL, OWN_CLASS
from .python_returns import YIELDED
from .python_lookups import PythonLookups
from .python_names import MAX_DEPTH, VARIABLE_ID
from .recursion import beside_a_namesake
from .store import GraphNode, ReferenceRow, module_node_id, qualified_in_node_id

BUILTIN_NAMES = frozenset(dir(builtins))
# The kinds of definition a reference may be guessed to mean (a base class only a CLASS).
GUESSED_KINDS = ("CLASS", "FUNCTION", "METHOD")
_CLASS = GraphNode("", "", "CLASS", "")  # what a node the lookups do not hold is taken for: no read's target


class PythonResolver(PythonLookups):
    """A Python reference resolved with the lookups of python_lookups.py, or guessed."""

    def __init__(self, project_id: str, files: Iterable[str], load: LoadFiles, root: str | None = None) -> None:
        super().__init__(project_id, files, load, root)
        self.guesses = Guesses()

    def use_guesses(self, definitions: Iterable[tuple[str, str, str, str]]) -> int:
        """Guess among these definitions, (id, kind, name, file) in any order: the project's Python classes,
        functions and methods. Guesses holds a few of each name, none of a name with more. Returns how
        many definitions there were."""
        self.guesses = Guesses()
        count = 0
        for count, (node_id, kind, name, path) in enumerate(definitions, 1):
            self.guesses.add(name, kind, node_id, is_test_path(path))
        return count

    # --- references ------------------------------------------------------------------------------

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        """(target id, how) for one Python reference; empty when nothing in the project is sure or guessed."""
        path = ref.file_path
        source_qualified = qualified_in_node_id(self.project_id, path, ref.source_id)
        if ref.edge_type == "BINDS":
            return []
        if ref.edge_type == "IMPORTS":
            return [(module_node_id(self.project_id, f), "IMPORT") for f in self.imported_files(ref) if f != path]
        if ref.module == FIXTURE_MODULE:  # a test's parameter: the fixture pytest passes, or nothing (never a guess)
            return self.fixture(path, source_qualified, ref.name, ref.source_id)
        if ref.module in ACCESS_MODULES:  # an attribute read or written: the attribute, or nothing (never a guess)
            return [(i, "MEMBER") for i in self.read_attribute(path, source_qualified, ref.qualifier or "?", ref.name,
                                                               written=ref.module == WRITE_MODULE)]
        qualifier = ref.qualifier
        name = ref.name
        guess_kinds = ("CLASS",) if ref.edge_type in ("INHERITS", "USES") else GUESSED_KINDS
        if qualifier == "local":
            return []
        if qualifier == OWN_CLASS:  # `cls(..)` in a classmethod
            owner = self.enclosing_class(path, source_qualified)
            return [(owner, "LOCAL")] if owner is not None else []
        classes: list[str] = []  # the project classes the receiver is an instance of, or is (`called_field`)
        if ref.edge_type == "INHERITS":
            ids, how, outside = self.resolve_base(path, source_qualified.rpartition(".")[0], ref)
        elif qualifier is None:
            ids, how, outside = self.resolve_name(path, source_qualified, name)
        elif qualifier in ("self", "super()"):
            owner = self.enclosing_class(path, source_qualified)
            if owner is None:
                return []
            ids, known = self.member(owner, name, after_self=qualifier == "super()")
            how, outside = "MEMBER", not ids and known
            classes = [owner]
        elif qualifier.startswith(ALIAS_CALL):  # a local alias called (`_Segment = Segment; _Segment(..)`)
            ids, how, _outside = self.resolve_name(path, source_qualified, qualifier[len(ALIAS_CALL):])
            outside = True  # (nothing of the alias's own name is a guess of what it names: `CustomError = SystemExit`)
        elif name == "__call__" and qualifier.startswith(":") and (
                closures := self.returned_closures(path, source_qualified, qualifier[1:])):
            return closures
        elif name == "__call__" and qualifier.startswith(":") and not self.constructed(
                path, source_qualified, qualifier[1:]):
            return []  # (what a function returned, called: click's `command(name)(f)` is a decorator's, no Command's)
        elif qualifier.startswith(":") or qualifier.startswith("self::"):
            values, *attributes = qualifier.removeprefix(":").split("::")
            if values == "self":
                owner = self.enclosing_class(path, source_qualified)
                holders = [owner] if owner else []
            else:
                holders = self.held(path, source_qualified, values)
            for attribute in attributes:
                holders = sorted({h for c in holders if self.node(c) is not None for h in self.attribute(c, attribute)})
            # (a value of the language's own, `self._spans: List[Span]`, `"|".join(..)`: no project method's)
            ids, how, outside = [], "MEMBER", not holders and not attributes and all(
                map(builtin_value, values.replace(UNION, "|").split("|")))
            for holder in holders:
                if holder in self.module_ids:
                    ids.extend(self.members(self.module_ids[holder], name)[0])
                    how = "IMPORT"
                else:
                    ids.extend(self.member(holder, name)[0])
                    classes.append(holder)
        elif qualifier == "?":
            ids, how, outside = [], "GUESS", False
        else:
            found, how, outside = self.resolve_dotted(path, source_qualified, qualifier)
            holders = self.holders(found)
            ids = []
            for holder in holders:
                if holder in self.module_ids:
                    ids.extend(self.members(self.module_ids[holder], name)[0])
                    how = "IMPORT" if self.module_ids[holder] != path else "LOCAL"
                elif self.is_class(holder):
                    ids.extend(self.member(holder, name)[0])
                    classes.append(holder)
                    how = "MEMBER"
            if holders:
                outside = True  # a known holder without the name: not a guess either
        itself = ref.source_id in ids  # a definition calling itself (recursion)
        looked_up = ids  # (module variables among them: `called_variables`)
        ids = [i for i in sorted(set(ids)) if i != ref.source_id and self.node(i) is not None]
        if ref.edge_type == "USES":  # an annotation names a type: not a function or variable of that name
            ids = [i for i in ids if self.is_class(i)]
        if ref.edge_type == "CALLS" and classes:
            fields = {i for c in classes for i in self.called_field(c, name, after_self=qualifier == "super()")}
            ids, how = sorted(set(ids) | fields), ("MEMBER" if fields else how)
        if ref.edge_type in ("CALLS", "DECORATES") and not ids and (variables := self.called_variables(looked_up)):
            ids = [i for i in variables if i != ref.source_id]
            if qualifier is None:
                how = "LOCAL" if all(i.startswith(f"{self.project_id}:{path}:") for i in ids) else "IMPORT"
        if itself and ref.edge_type == "CALLS" and how != "GUESS" and not beside_a_namesake(ref.source_id, ids) and (
                without_line(ref.source_id) == ref.source_id):
            # Recursion: a call of the definition itself, an edge like any (PageRank leaves such loops out). Not from
            # a later definition of its name (a property's setter calling its getter).
            return [(i, how) for i in sorted({*ids, ref.source_id})]
        if ids:
            return [(i, how) for i in ids]
        if itself or outside or (qualifier is None and name in BUILTIN_NAMES) or name.startswith("__"):
            return []  # (a recursive call found its own definition: none of the name's others is a guess of it)
        # A method of a value, never a function (marshmallow's 14 `t.isoformat()` on datetime values were its module
        # function `utils.isoformat`); as many candidates as before are too many to guess from.
        kinds = ("METHOD",) if (qualifier or "").startswith(":") else guess_kinds
        return [(i, "GUESS") for i in self.guesses.of(name, kinds, ref.source_id, guess_kinds, is_test_path(path))]

    def called_variables(self, ids: Iterable[str]) -> list[str]:
        """The module variables among a lookup's answers, as their definitions, for a call of one: dateutil's
        `gettz = __get_gettz()`, called `gettz("UTC")` and `tz.gettz(..)` (76 calls that reached nothing); with what
        an alias holds (`isoparse = DEFAULT_ISOPARSER.isoparse`: the method too, as a class attribute's call reaches
        the class it holds)."""
        found: list[str] = []
        for i in ids:
            if not i.startswith(VARIABLE_ID):
                continue
            path, _, name = i[len(VARIABLE_ID):].rpartition(":")
            record = self.file(path)
            node_id = record.fields.get(name)
            if node_id is None:
                continue
            found.append(node_id)
            for value in record.variables.get(name, ()):
                if value.startswith("="):
                    found.extend(self._aliased(path, value[1:]))
        return sorted(set(found))

    def _aliased(self, path: str, dotted: str) -> list[str]:
        """The classes, functions or methods a module variable written `= dotted` names: a class or a function of a
        module, or the method of what a variable holds (`DEFAULT_ISOPARSER.isoparse`)."""
        named = [i for i in self.resolve_dotted(path, "", dotted)[0]
                 if (node := self.node(i)) is not None and node.node_type in ("CLASS", "FUNCTION")]
        holder, _, method = dotted.rpartition(".")
        if named or not holder:
            return named
        return [i for owner in self.holders(self.resolve_dotted(path, "", holder)[0]) if self.is_class(owner)
                for i in self.member(owner, method)[0]]

    def read_attribute(self, path: str, source_qualified: str, qualifier: str, name: str, *, written: bool = False
                       ) -> list[str]:
        """The attribute `name` that a read on this receiver reads (python_attributes.typed_read says which are
        kept): what the nearest class along each of the receiver's classes' MRO declares by the name, a variable
        (a class-level one, or one assigned in a method) or a method (a property, read without a call: its getter,
        the first of its definitions, or when `written` its setter, the last)."""
        if qualifier in ("self", "super()"):
            owner = self.enclosing_class(path, source_qualified)
            classes = [owner] if owner is not None else []
        else:
            values, *attributes = qualifier.removeprefix(":").split("::")
            if values == "self":
                owner = self.enclosing_class(path, source_qualified)
                classes = [owner] if owner else []
            else:
                classes = self.held(path, source_qualified, values)
            for attribute in attributes:
                classes = sorted({h for c in classes if self.node(c) is not None for h in self.attribute(c, attribute)})
        found = set()
        for holder in classes:
            if self.is_class(holder):
                ids, is_field = self.declared(holder, name, after_self=qualifier == "super()")
                # A method read, not called: a property (`response.text`), or a bound method passed on
                # (`callback=self.handle`); a nested class is none.
                methods = [] if is_field else sorted((i for i in ids if (self.node(i) or _CLASS).node_type != "CLASS"),
                                                     key=_definition_line)
                found.update(ids if is_field else methods[-1:] if written else methods[:1])
        return sorted(found)

    def fixture(self, path: str, source_qualified: str, name: str, source_id: str) -> list[tuple[str, str]]:
        """The fixture `name` that pytest passes to this test or fixture: its class's or a base class's
        (`TestChild(TestBase)`), its module's (defined there or imported: flask's tests import none, others `from
        .fixtures import app`), then the nearest conftest.py's up the folders to the project's root; LOCAL in its own
        file, IMPORT from another (pytest brings a conftest's fixtures in as an import would). A fixture asking for
        its own name (`def app(app)`) is given the one above."""
        folders = path.split("/")[:-1]
        chain = [path] + [f"{'/'.join(folders[:depth])}/conftest.py".lstrip("/") for depth in range(len(folders), -1, -1)]
        owner = self.enclosing_class(path, source_qualified) if "." in source_qualified else None
        places = [(self.known(c).file_path, f"{self.qualified(self.known(c))}.{name}") for c in self.mro(owner)[0]] \
            if owner else []
        for file_path, key in [*places, *((candidate, name) for candidate in dict.fromkeys(chain))]:
            if file_path not in self.files:
                continue
            record = self.file(file_path)
            ids = sorted({i for qualified in record.fixtures.get(key, ()) for i in record.defs.get(qualified, ())
                          if i != source_id})
            if ids:
                return [(i, "LOCAL" if file_path == path else "IMPORT") for i in ids]
            if key == name and name in record.imports:  # `from .fixtures import app`: another file's, in its names
                ids = sorted(i for i in self.imported(file_path, record.imports[name])[0] if self.is_fixture(i))
                if ids:
                    return [(i, "IMPORT") for i in ids]
        return []

    def fixture_classes(self, path: str, source_qualified: str, name: str, depth: int) -> list[str]:
        """The classes of what the fixture `name` gives this test or fixture: what its function yields, or returns."""
        source_id = f"{self.project_id}:{path}:{source_qualified}"
        found: list[str] = []
        for fixture_id, _how in self.fixture(path, source_qualified, name, source_id) if depth < MAX_DEPTH else ():
            node = self.known(fixture_id)
            yielded = self.written_returns(fixture_id, YIELDED)
            found.extend(self.held(node.file_path, self.qualified(node), "|".join(yielded), depth + 1) if yielded
                         else self.returned(fixture_id, depth + 1))
        return sorted(set(found))

    def returned_closures(self, path: str, source_qualified: str, value: str) -> list[tuple[str, str]]:
        """What a call of a function's result calls when the function returns a function it defines, as its one
        `return` says (and its annotation, if any, a `Callable`): black's `is_valid_index =
        is_valid_index_factory(LL)`, then `is_valid_index(idx)`, 44 calls that reached nothing; that nested function,
        LOCAL in the caller's file, else IMPORT."""
        if not value.endswith("()") or is_chain(value) or "|" in value:
            return []
        found = []
        for i in self.resolve_dotted(path, source_qualified, value[:-2])[0]:
            node = self.node(i)
            signature = node.signature or "" if node is not None else ""
            if node is None or node.node_type != "FUNCTION" or "->" in signature and "Callable" not in (
                    signature.rpartition("->")[2]):
                continue
            returned = self.written_returns(i)
            # (of a name defined twice in it, the last definition: Django's `lazy` defines a `__wrapper__` in a loop
            # of its class's methods, then the one it returns)
            defined = self.file(node.file_path).defs.get(f"{self.qualified(node)}.{returned[0]}", ()) \
                if len(returned) == 1 else ()
            nested = [n for n in defined if (each := self.node(n)) is not None and each.node_type == "FUNCTION"]
            found.extend(sorted(nested, key=_definition_line)[-1:])
        return [(i, "LOCAL" if i.startswith(f"{self.project_id}:{path}:") else "IMPORT") for i in found]

    def constructed(self, path: str, source_qualified: str, values: str) -> bool:
        """Whether every value a receiver may hold is an instance a class made (`validate.URL()`, `cls()`) or a
        function returned (attrs' `instance_of(int)`), unless the function says it may return a callable (click's
        `command(name)`, a decorator's: no Command's): what the link calls `__call__` on (python_called_instances.py).
        """
        for value in values.split("|"):
            if not value.endswith("()") or is_chain(value):
                return False
            ids, _how, _outside = self.resolve_dotted(path, source_qualified, value[:-2])
            if not ids or any((node := self.node(i)) is None or node.node_type != "CLASS" and "Callable" in (
                    node.signature or "").rpartition("->")[2] for i in ids):
                return False
        return True

    def is_fixture(self, node_id: str) -> bool:
        node = self.node(node_id)
        return node is not None and self.qualified(node) in {
            qualified for names in self.file(node.file_path).fixtures.values() for qualified in names}

    def imported_files(self, ref: ReferenceRow) -> list[str]:
        if not ref.module:
            return []
        files = self.module_files(ref.module, ref.file_path)
        if files is None:
            return []
        if (ref.qualifier or "").startswith("=") or ref.name == "*":
            return files
        # `from . import x` reads the package's `x` first (a name its __init__ defines or imports), then
        # the submodule x.
        found = []
        for f in files:
            bound = self.members(f, ref.name)[0]
            modules = [self.module_ids[i] for i in bound if i in self.module_ids]
            found.extend(modules or ([f] if bound else self.submodule(f, ref.name) or [f]))
        return sorted(set(found))


def _definition_line(node_id: str) -> int:
    """Where a definition of a name defined more than once is, in its file's order: its id's `@line` (the first has
    none)."""
    _, at, line = node_id.rpartition("@")
    return int(line) if at and line.isdigit() else 0


def resolve_python(resolver: PythonResolver, refs: Sequence[ReferenceRow]) -> list[tuple[ReferenceRow, str, str]]:
    return [(ref, target, how) for ref in refs for target, how in resolver.resolve(ref)]
