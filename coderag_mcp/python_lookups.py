"""What a Python value holds, for python_graph.py: the classes (or modules) a variable, an attribute, a property, a
call or an item of a collection is an instance of, by annotations, assignments and what functions return, on top of
python_names.py's names, dotted paths and classes, each kept in a memo bounded between slices of a link.

Apart from python_graph.py, which resolves a reference with these (and guesses what it cannot): the lookups
call nothing of that, so they are a layer of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .python_annotations import UNION, element_type, is_mapping, normalize_type, returns_self, value_type
from .python_chains import CALL, ENTERED, FIXTURE_VALUE, ITEM_CALLS, is_chain, split_chain
from .python_files import LoadFiles
from .python_loops import ELEMENTS, ITEMS
from .python_names import MAX_DEPTH, VARIABLE_ID, PythonNames
from .python_narrowing import NARROWED
from .python_returns import RETURNED


_RETURNS = re.compile(r"\)\s*->\s*(.+)$", re.S)

# Entries the resolver's memos may hold between slices of a link: sympy's whole link makes ~85,000
# (~20 MB), and they grow with the tree.
LOOKUP_MEMOS_MAX = 150_000


class PythonLookups(PythonNames):
    """Lookups over the project's Python definitions and imports, built once per link run."""

    def __init__(self, project_id: str, files: Iterable[str], load: LoadFiles, root: str | None = None) -> None:
        super().__init__(project_id, files, load, root)
        self._expanding: set[str] = set()
        self._attributes: dict[tuple[str, str], list[str]] = {}
        self._classes: dict[tuple[str, str, str], list[str]] = {}

    def bound_lookups(self) -> None:
        """Empty the memos of names, scopes, bases and types once they hold more than LOOKUP_MEMOS_MAX. They
        fill with every file resolved, so over a large tree they would outgrow the definitions they are
        drawn from (bounded, a 10,000-file link peaks at 544 MB instead of 650 MB). Emptied between slices
        of files, each refills with what its own slice asks, at the price of computing again what
        earlier slices knew."""
        memos = (self._members, self._mro, self._scopes, self._attributes, self._classes)
        if sum(map(len, memos)) > LOOKUP_MEMOS_MAX:
            for memo in memos:
                memo.clear()

    # --- values -----------------------------------------------------------------------------------

    def attribute(self, class_id: str, name: str) -> list[str]:
        """What `instance.name` holds, as classes (or modules): a nested class, what a property
        returns, what an attribute was assigned or annotated with, along the MRO."""
        key = (class_id, name)
        if key not in self._attributes:
            self._attributes[key] = []  # an attribute defined through itself holds nothing
            self._attributes[key] = self._attribute(class_id, name)
        return self._attributes[key]

    def _attribute(self, class_id: str, name: str) -> list[str]:
        for owner in self.mro(class_id)[0]:
            owner_node = self.known(owner)
            path, qualified = owner_node.file_path, self.qualified(owner_node)
            record = self.file(path)
            ids = record.defs.get(f"{qualified}.{name}")
            if name[-2:] in (ELEMENTS, ITEMS) and (methods := record.defs.get(f"{qualified}.{name[:-2]}")):
                # What iterating a property's (or a method's) value gives, or an item of it: its declared return's
                return sorted({c for i in methods if not self.is_class(i)
                               for c in self.returned_elements(i, items=name.endswith(ITEMS))})
            if ids:
                found = []
                for i in ids:
                    if self.is_class(i):
                        found.append(i)
                    elif self.returns_self(i):  # `def __enter__(self: T) -> T`: this class, a base's method or not
                        found.append(class_id)
                    else:
                        found.extend(self.returned(i))
                return sorted(set(found))
            values = record.attributes.get(owner, {}).get(name)
            if values:
                return sorted({c for value in values for c in self.held(path, qualified, value)})
        return []

    def fixture_classes(self, path: str, source_qualified: str, name: str, depth: int) -> list[str]:
        """The classes of what the fixture `name` gives the test or fixture `source_qualified` (python_graph.py, which
        finds fixtures, says; the lookups find none)."""
        return []

    def returned(self, function_id: str, depth: int = 0) -> list[str]:
        """The classes what a function returns is an instance of: by its return annotation, or without one, by what
        its `return` statements return (python_qualifiers.RETURNED)."""
        node = self.known(function_id)
        match = _RETURNS.search(node.signature or "")
        returned = normalize_type(match.group(1)) if match else None
        if match is None:
            returned = "|".join(self.written_returns(function_id)) or None
        return self.held(node.file_path, self.qualified(node), returned, depth + 1) \
            if returned and depth < MAX_DEPTH else []

    def returned_elements(self, function_id: str, items: bool = False) -> list[str]:
        """The classes of what iterating a function's result gives, as its return annotation says (`-> List[Leaf]`);
        `items`: of an item of it, a mapping's values too (`-> Dict[str, Leaf]`)."""
        node = self.known(function_id)
        match = _RETURNS.search(node.signature or "")
        declared = match.group(1) if match else ""
        element = value_type(declared) if items and is_mapping(declared) else element_type(declared)
        return self.held(node.file_path, self.qualified(node), element) if element else []

    def called_elements(self, path: str, source_qualified: str, dotted: str, items: bool = False) -> list[str]:
        """The classes of what iterating the result of a call of `dotted` gives (`list_comments`, `self.nodes`,
        `Line.nodes` of a value typed Line): its function's, or its holder's method's, declared return's elements;
        `items`: what an item of it holds."""
        holder, _, name = dotted.rpartition(".")
        if not holder:
            ids = self.resolve_name(path, source_qualified, name)[0]
            return sorted({c for i in ids if (node := self.node(i)) is not None and node.node_type == "FUNCTION"
                           for c in self.returned_elements(i, items)})
        found: list[str] = []
        for i in self.holders(self.resolve_dotted(path, source_qualified, holder)[0]):
            if i in self.module_ids:
                found.extend(c for f in self.members(self.module_ids[i], name)[0]
                             if (node := self.node(f)) is not None and node.node_type == "FUNCTION"
                             for c in self.returned_elements(f, items))
            elif self.is_class(i):
                found.extend(self.attribute(i, name + (ITEMS if items else ELEMENTS)))
        return sorted(set(found))

    def returns_self(self, function_id: str) -> bool:
        """Whether a method returns an instance of the class it is called on: `-> Self`, or without an annotation,
        `return self` or a class method's `return cls(..)` alone (`Sub.create()` makes a Sub, not the base's class)."""
        node = self.known(function_id)
        signature = node.signature or ""
        match = _RETURNS.search(signature)
        if match is None:
            return self.written_returns(function_id) in (["self"], ["cls()"])
        return returns_self(signature, match.group(1))

    def written_returns(self, function_id: str, kind: str = RETURNED) -> list[str]:
        """What a function without a return annotation returns (or, `kind` YIELDED, yields) as its statements say,
        values as a variable's are written (python_qualifiers.RETURNED); empty when they do not all say."""
        return self.file(self.known(function_id).file_path).attributes.get(function_id, {}).get(kind, [])

    def held(self, path: str, scope: str, values: str, depth: int = 0) -> list[str]:
        """The classes (or modules) a variable holds: `T` an instance, `f()` what f returns, `=Y` Y itself."""
        found: list[str] = []
        for value in values.split("|"):
            if NARROWED in value:  # `Particle()^BodyBase`: the classes both are, else the one tested, else the known
                base, _, test = value.rpartition(NARROWED)
                known, tested = self.held(path, scope, base, depth + 1), self.held(path, scope, test, depth + 1)
                both = [c for c in known if self.is_class(c) and any(t in self.mro(c)[0] for t in tested)] + [
                    t for t in tested if self.is_class(t) and any(c in self.mro(t)[0] for c in known)]
                found.extend(both or tested or known)  # (a library's class tested: what it was known to hold)
            elif UNION in value:  # one annotation's union: each of its classes the project's, or none taken
                each = [self.held(path, scope, part, depth + 1) for part in value.split(UNION)]
                if all(each):
                    found.extend(c for classes in each for c in classes)
            elif value.startswith("="):
                found.extend(self.holders(self.resolve_dotted(path, scope, value[1:])[0], depth + 1))
            else:
                found.extend(self.classes_of(path, scope, value, depth + 1))
        return sorted(set(found))

    def holders(self, ids: Iterable[str], depth: int = 0) -> list[str]:
        """Modules and classes among `ids`, with module variables replaced by what they hold."""
        found = []
        for i in ids:
            if i.startswith(VARIABLE_ID):
                if i not in self._expanding:  # `x = y`, `y = x`: a variable defined through itself holds nothing
                    self._expanding.add(i)
                    path, _, name = i[len(VARIABLE_ID):].rpartition(":")
                    for value in self.file(path).variables.get(name, ()):
                        found.extend(self.held(path, "", value, depth + 1))
                    self._expanding.discard(i)
            elif i in self.module_ids or self.is_class(i):
                found.append(i)
        return found

    def classes_of(self, path: str, source_qualified: str, type_text: str, depth: int = 0) -> list[str]:
        """The project classes a receiver of type `type_text` (`:T`, `:make()`) is an instance of."""
        key = (path, source_qualified, type_text)
        if key not in self._classes:
            self._classes[key] = []  # a type defined through itself finds nothing
            self._classes[key] = self._classes_of(path, source_qualified, type_text, depth)
        return self._classes[key]

    def _classes_of(self, path: str, source_qualified: str, type_text: str, depth: int) -> list[str]:
        found: list[str] = []
        for alternative in type_text.split("|"):
            if is_chain(alternative):  # `Environment().from_string()`: each step's class, from the first call's
                first, steps = split_chain(alternative)
                classes = self.fixture_classes(path, source_qualified, first[1:], depth) \
                    if first.startswith(FIXTURE_VALUE) else self.classes_of(path, source_qualified, first, depth + 1)
                for step in steps:
                    classes = sorted({h for c in classes if self.is_class(c) for h in self.attribute(c, step)})
                found.extend(classes)
                continue
            if alternative.endswith((CALL + ELEMENTS, CALL + ITEMS)):  # `list_comments()[]`: what iterating a call's
                # result gives; `make_map(){}`: what an item of it holds
                found.extend(self.called_elements(path, source_qualified, alternative[:-len(CALL + ELEMENTS)],
                                                  alternative.endswith(ITEMS)))
                continue
            called = alternative.endswith("()")
            holder, _, method = alternative.removesuffix("()").rpartition(".")
            # `with session() as s` of a @contextmanager's `-> Iterator[Session]`: what it yields (an iterator has no
            # `__enter__` of the project's)
            if alternative.endswith(ENTERED) and (yielded := self.called_elements(path, source_qualified, holder)):
                found.extend(yielded)
                continue
            if called and method in ITEM_CALLS and "." in holder and (  # `self.by_name.get()`: a declared mapping's
                    items := self.called_elements(path, source_qualified, holder, items=True)):  # values (`by_name{}`)
                found.extend(items)
                continue
            ids, _how, _outside = self.resolve_dotted(path, source_qualified, alternative.removesuffix("()"))
            if not called:
                ids = self.holders(ids)
            for i in ids:
                node = self.node(i)
                if node is None:
                    continue
                if node.node_type == "CLASS":
                    found.append(i)
                elif called:  # a function: what it says it returns
                    found.extend(self.returned(i, depth))
        return sorted(set(found))
