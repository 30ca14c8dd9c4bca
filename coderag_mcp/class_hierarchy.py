"""The bases of a class, for the languages resolved by name (name_graph.py): PHP's `parent::m()` and `$this->m()`,
C#'s `base.M()`, Swift's `super.m()` reach the method the class inherits, not a method of that name in a file the
caller imports (monolog's 56 `parent::__construct(..)` were `LogRecord.__construct`, 34 more reached nothing).

Read as the link asks, on the link's own connection (store/lookups.py): a class's base references (`extends`,
`implements`, a PHP trait's `use`) from its file's structure, each base found by its name among the classes of the
same language family (the same file's first, then the nearest by folder). Bounded memos: a link of a large tree asks
about a bounded set of classes per slice.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence

from .csharp_generics import declared_arity, split_arity, with_arity
from .languages import language_family, language_for
from .declared_namespaces import DeclaredNamespaces, by_namespace
from .ruby_calls import CLASS_LEVEL, in_constant_scope, within_path
from .store import GraphNode, ReferenceRow, qualified_in_node_id
from .store.references import C_FAMILY_ENDINGS

# How far up its bases a class is followed (inherited_names.MAX_BASE_LEVELS).
MAX_BASE_LEVELS = 8
# Files and names whose lookups the memos hold before they are emptied.
MEMO_MAX = 20_000
# How many files a C or C++ file's includes are followed to (the Linux kernel's headers include one another widely),
# and how many files' such sets are held at once.
MAX_INCLUDED = 500
MAX_INCLUDING = 2_000

ReadFiles = Callable[[Sequence[str]], tuple[Sequence[GraphNode], Sequence[ReferenceRow]]]
ReadClasses = Callable[[str], Sequence[GraphNode]]


class ClassHierarchy:
    """A project's classes and their bases, read as a link of references by name asks."""

    def __init__(self, project_id: str, read_files: ReadFiles, read_classes: ReadClasses,
                 namespaces: DeclaredNamespaces | None = None) -> None:
        self.project_id = project_id
        self._read_files = read_files
        self._read_classes = read_classes
        self._namespaces = namespaces
        # file -> (its definitions by qualified name, each class's bases (name, as written) by class id)
        self._files: dict[str, tuple[dict[str, GraphNode], dict[str, list[tuple[str, str | None]]]]] = {}
        # file -> the qualified names it defines more than once, and their definitions (a Ruby class's `def self.x`
        # and `def x`)
        self._twins: dict[str, dict[str, list[GraphNode]]] = {}
        # file -> the lines of its Ruby methods written in `class << self`, by qualified name (ruby_calls.py)
        self._singletons: dict[str, dict[str, set[int]]] = {}
        # file -> the classes a PHP file imports (`use Monolog\Handler\TestHandler;`), by lowercased name
        self._php_imports: dict[str, dict[str, str]] = {}
        # file -> what a C or C++ file includes, as written; and the files it sees through them, to any depth
        self._includes: dict[str, list[str]] = {}
        self._seen_through: dict[str, frozenset[str]] = {}
        self._classes: dict[str, Sequence[GraphNode]] = {}
        self._ancestors: dict[str, list[GraphNode]] = {}
        self._reopenings: dict[str, list[GraphNode]] = {}
        # (a class's name, the folder it is written in, its language family) -> the class it means
        self._named_classes: dict[tuple[str, str, str | None], GraphNode | None] = {}

    def qualified(self, node: GraphNode) -> str:
        return qualified_in_node_id(self.project_id, node.file_path, node.id)

    def _file(self, path: str) -> tuple[dict[str, GraphNode], dict[str, list[tuple[str, str | None]]]]:
        known = self._files.get(path)
        if known is None:
            if len(self._files) > MEMO_MAX:
                self._files.clear()
                self._twins.clear()
                self._singletons.clear()
                self._php_imports.clear()
                self._includes.clear()
                self._seen_through.clear()
            nodes, refs = self._read_files([path])
            bases: dict[str, list[tuple[str, str | None]]] = {}
            ruby, csharp = _is_ruby(path), path.endswith(".cs")
            for ref in refs:
                if ref.edge_type == "INHERITS":  # (a Ruby base's scope as written, `=Protection`, in its qualifier; a
                    # C# base's arity, "`1" for `: ResultBase<Result>`: csharp_generics.py)
                    bases.setdefault(ref.source_id, []).append(
                        (ref.name, ref.qualifier if ruby or csharp else ref.module))
                elif ref.edge_type == "IMPORTS" and ref.module and path.endswith(".php"):
                    self._php_imports.setdefault(path, {})[ref.name.lower()] = ref.module
                elif ref.edge_type == "IMPORTS" and path.endswith(C_FAMILY_ENDINGS):
                    self._includes.setdefault(path, []).append(ref.module or ref.name)
                elif ruby and ref.edge_type == "BINDS" and ref.qualifier == CLASS_LEVEL:
                    member = f"{qualified_in_node_id(self.project_id, path, ref.source_id)}.{ref.name}"
                    self._singletons.setdefault(path, {}).setdefault(member, set()).add(ref.lineno)
            definitions: dict[str, GraphNode] = {}
            for node in nodes:
                qualified = self.qualified(node)
                if qualified in definitions:
                    self._twins.setdefault(path, {}).setdefault(qualified, [definitions[qualified]]).append(node)
                definitions[qualified] = node
            known = self._files[path] = (definitions, bases)
        return known

    def included(self, path: str, files_for_module: Callable[[str, str], list[str]]) -> frozenset[str]:
        """The project files a C or C++ file includes, and those they include, to any depth: spdlog's tests include
        `includes.h`, which includes `spdlog/spdlog.h` (their 517 calls of spdlog's functions were found by name
        alone, NAME)."""
        known = self._seen_through.get(path)
        if known is None:
            seen: set[str] = set()
            waiting = [path]
            while waiting and len(seen) < MAX_INCLUDED:
                including = waiting.pop()
                self._file(including)
                for written in self._includes.get(including, ()):
                    for found in files_for_module(written, including):
                        if found not in seen and found != path:
                            seen.add(found)
                            waiting.append(found)
            if len(self._seen_through) >= MAX_INCLUDING:
                self._seen_through.clear()
            known = self._seen_through[path] = frozenset(seen)
        return known

    def singleton_lines(self, path: str, qualified: str) -> set[int]:
        """The lines where `path` defines a Ruby method of this qualified name in `class << self`."""
        self._file(path)
        return self._singletons.get(path, {}).get(qualified, set())

    def definitions(self, path: str, qualified: str) -> list[GraphNode]:
        """The definitions of `path` with this qualified name, in the file's order (more than one: a Ruby class's
        `def self.x` and `def x`, overloads)."""
        found = self._file(path)[0].get(qualified)
        return [] if found is None else self._twins.get(path, {}).get(qualified) or [found]

    def enclosing_class(self, path: str, source_qualified: str) -> GraphNode | None:
        """The innermost class a definition of the file is in (or is)."""
        definitions = self._file(path)[0]
        parts = source_qualified.split(".") if source_qualified else []
        for length in range(len(parts), 0, -1):
            node = definitions.get(".".join(parts[:length]))
            if node is not None and node.node_type == "CLASS":
                return node
        return None

    def ancestors(self, owner: GraphNode) -> list[GraphNode]:
        """The classes `owner` inherits from, nearest first (a level's traits, then classes, then interfaces:
        `_bases`), each once, up to MAX_BASE_LEVELS levels; a base outside the project ends its line."""
        known = self._ancestors.get(owner.id)
        if known is not None:
            return known
        if len(self._ancestors) > MEMO_MAX:
            self._ancestors.clear()
        found: list[GraphNode] = []
        seen = {owner.id}
        level = [owner]
        for _level in range(MAX_BASE_LEVELS):
            above = [base for node in level for base in self._bases(node) if base.id not in seen]
            above = list({base.id: base for base in above}.values())
            seen.update(base.id for base in above)
            found.extend(above)
            if not above:
                break
            level = above
        self._ancestors[owner.id] = found
        return found

    def inherited_call(self, ref: ReferenceRow, named: Sequence[GraphNode],
                       fitting: Callable[[Sequence[GraphNode]], list[GraphNode]],
                       after_own: bool) -> tuple[str | None, str] | None:
        """A call on the object itself (`$this->m()`, `this.M()`) or on its base (`parent::m()`, `base.M()`,
        `super.m()`), of the definitions `named` so: the method of the name its class (unless `after_own`) or the
        nearest of its bases declares, LOCAL in the caller's file, else MEMBER; (None, 'NONE') for the caller itself
        (recursion); None when no class of the line declares the name, or the caller is in no class."""
        owner = self.enclosing_class(ref.file_path, qualified_in_node_id(self.project_id, ref.file_path, ref.source_id))
        if owner is None:
            return None
        for holder in self.ancestors(owner) if after_own else [owner, *self.ancestors(owner)]:
            member = f"{self.qualified(holder)}.{ref.name}"
            # (a C# partial class's members are in any of its declarations' files)
            files = {part.file_path for part in self.reopenings(holder)} if holder.file_path.endswith(".cs") else {
                holder.file_path}
            declared = [node for node in named if node.file_path in files and self.qualified(node) == member]
            if declared:
                fits = fitting(declared)
                if not fits:
                    return None, "NONE"  # the caller itself, or no overload of the nearest declaration takes the call
                return fits[0].id, "LOCAL" if fits[0].file_path == ref.file_path else "MEMBER"
        return None

    def member_of(self, class_name: str, name: str, path: str, written: str | None = None) -> GraphNode | None:
        """The definition `name` that the class `class_name` (of `path`'s language family, the nearest to it of that
        name) declares, or the nearest of its bases does (`ancestors`); None when none of them in the project does,
        or the class is not of the path `written` (Ruby's `Rack::Request`, not `Sinatra::Request`)."""
        owner = self._class_named(class_name, path)
        if owner is None or written is not None and not within_path(self.qualified(owner), written):
            return None
        return self.member_of_class(owner, name)

    def member_definition(self, class_name: str, member: str, path: str) -> GraphNode | None:
        """The definition `member` (a C# property or field, a method...) that the class `class_name` declares in any
        of its declarations (a partial class's files), not one it inherits; None when it declares none."""
        owner = self._class_named(class_name, path)
        for part in self.reopenings(owner) if owner is not None else ():
            found = self._file(part.file_path)[0].get(f"{self.qualified(part).partition('@')[0]}.{member}")
            if found is not None:
                return found
        return None

    def _class_named(self, class_name: str, path: str) -> GraphNode | None:
        """The class a name written in `path` means: the nearest of that name in its language family (PHP: the one
        its `use` imports or of its namespace; C#: of the arity written, "Policy`1")."""
        # (the nearest is the same from each file of a folder, but for PHP's imports and namespaces)
        key = (class_name, path if path.endswith(".php") else posixpath.dirname(path), language_family(path))
        if key in self._named_classes:
            return self._named_classes[key]
        if len(self._named_classes) > MEMO_MAX:
            self._named_classes.clear()
        plain, arity = split_arity(class_name) if path.endswith(".cs") else (class_name, 0)
        classes = self._classes_of(plain, language_family(path))
        if arity or path.endswith(".cs"):
            classes = [node for node in classes if _arity(node) == arity] or classes
        classes = self._php_meant(path, class_name, None, classes) or classes
        self._named_classes[key] = nearest(path, classes) if classes else None
        return self._named_classes[key]

    def _php_meant(self, path: str, name: str, written: str | None, classes: list[GraphNode]) -> list[GraphNode]:
        """Of the classes of a name a PHP file writes (`extends AbstractHandler`), those PHP means: the class its `use`
        imports, else the one of the file's own namespace (a test's nearer fake of another namespace is not its base;
        declared_namespaces.by_namespace); all of them when that cannot be told or the file is no PHP file."""
        if self._namespaces is None or not path.endswith(".php"):
            return classes
        self._file(path)
        imported = self._php_imports.get(path, {}).get(name.lower()) if written is None else None
        found = by_namespace(self._namespaces, path, f"\\{imported}" if imported else written, classes)
        return classes if found is None else found[0]

    def inherited_members(self, class_name: str, path: str, candidates: Sequence[GraphNode],
                          owner_of: Callable[[GraphNode], str]) -> list[GraphNode]:
        """Of `candidates` (definitions of one name), those of the nearest ancestor of the class `class_name` (the
        nearest of that name to `path`) that holds any: a call on a class written by name (Swift's `Repeat.parse(..)`,
        a static method of a protocol extension the struct conforms to; PHP's `Sub::create()`, the base's). By the
        holder's name, as a Swift extension in another file holds its members (a C# one's with its arity,
        "AsyncPolicy`1", as `owner_of` gives it: name_index.GraphIndex.owner_of)."""
        owner = self._class_named(class_name, path)
        if owner is None:
            return []
        for holder in self.ancestors(owner):
            named = with_arity(holder.name, _arity(holder)) if holder.file_path.endswith(".cs") else holder.name
            found = [node for node in candidates if owner_of(node) == named]
            if found:
                return found
        return []

    def member_of_class(self, owner: GraphNode, name: str) -> GraphNode | None:
        """The definition `name` that the class `owner` declares, or the nearest of its bases does."""
        for holder in [owner, *self.ancestors(owner)]:
            found = self._file(holder.file_path)[0].get(f"{self.qualified(holder)}.{name}")
            if found is not None:
                return found
        return None

    def of_class_meant(self, class_name: str, path: str, members: list[GraphNode]) -> list[GraphNode]:
        """Of `members` (definitions in classes named `class_name`), those of the class the name means in `path`."""
        owner = self._class_named(class_name, path)
        return [node for node in members if owner is not None and (meant := self.class_of_member(node)) is not None
                and meant.id == owner.id]

    def has_class(self, class_name: str, path: str) -> bool:
        """Whether the project defines a class (an interface, a trait...) `class_name` in `path`'s language family."""
        return bool(self.classes_named(class_name, path))

    def classes_named(self, class_name: str, path: str) -> list[GraphNode]:
        """The project's classes (interfaces, enums...) `class_name` in `path`'s language family, with signatures."""
        return self._classes_of(split_arity(class_name)[0], language_family(path))

    def class_of_member(self, member: GraphNode) -> GraphNode | None:
        """The class that defines `member`."""
        return self.enclosing_class(member.file_path, self.qualified(member).rpartition(".")[0])

    def derives_from(self, member: GraphNode, base_name: str) -> bool:
        """Whether the class that defines `member` names `base_name` among its bases (a library's class or
        interface, as written), or one of its ancestors in the project does."""
        owner = self.class_of_member(member)
        wanted = base_name.lower()  # (PHP's class names are not case-sensitive)
        return owner is not None and any(
            name.rpartition("\\")[2].lower() == wanted for holder in [owner, *self.ancestors(owner)]
            for name, _written in self._file(holder.file_path)[1].get(holder.id, ()))

    def base_names(self, class_name: str, path: str) -> set[str]:
        """The names of the classes and interfaces the class `class_name` (the nearest of that name to `path`) derives
        from, as written, its project ancestors' bases too (a library's `IEnumerable` among them); a C# one's with the
        arity written ("ResilienceStrategy`1" for `: ResilienceStrategy<T>`)."""
        owner = self._class_named(class_name, path)
        if owner is None:
            return set()
        return {name.rpartition(".")[2] + (written or "" if part.file_path.endswith(".cs") else "")
                for holder in [owner, *self.ancestors(owner)] for part in self.reopenings(holder)
                for name, written in self._file(part.file_path)[1].get(part.id, ())}

    def any_base_names(self, class_name: str, path: str) -> set[str]:
        """`base_names` of every class of the name in `path`'s language family, not only the nearest (namesakes in
        other files: Polly's two test classes `TestOptions`, one a `ResilienceStrategyOptions`)."""
        return {name.rpartition(".")[2] + (written or "" if part.file_path.endswith(".cs") else "")
                for owner in self._classes_of(split_arity(class_name)[0], language_family(path))
                for holder in [owner, *self.ancestors(owner)] for part in self.reopenings(holder)
                for name, written in self._file(part.file_path)[1].get(part.id, ())}

    def _bases(self, node: GraphNode) -> list[GraphNode]:
        """A class's bases as written, the traits it uses first (their methods are the class's own), interfaces and
        protocols last (they declare what the others define: monolog's `parent::setFormatter(..)` is
        FormattableHandlerTrait's, not FormattableHandlerInterface's)."""
        family = language_family(node.file_path)
        bases = []
        ruby, csharp = _is_ruby(node.file_path), node.file_path.endswith(".cs")
        own = self.qualified(node)
        # (A Ruby class may be opened again in other files, each adding bases: test_helper.rb's `class Minitest::Test`
        # includes what contest.rb's does not; a C# partial class's declarations alike.)
        names = [base for part in (self.reopenings(node) if ruby or csharp else [node])
                 for base in self._file(part.file_path)[1].get(part.id, ())]
        for name, written in names:
            if ruby:  # (a constant of the namespaces around the class, or of the scope written with it:
                # `Minitest::Test` is the class named so, or a `Test` in a `module Minitest`)
                scoped = self._classes_of(f"{written[1:].replace('.', '::')}::{name}", family) if written else []
                classes = in_constant_scope(own, written, [
                    other for other in [*self._classes_of(name, family), *scoped] if self.qualified(other) != own],
                    self.qualified)
            elif csharp:  # (of the arity written: `: ResultBase<Result>` is no `ResultBase`)
                classes = [other for other in self._classes_of(name, family) if other.id != node.id
                           and _arity(other) == split_arity(written or "")[1]]
            else:
                classes = self._php_meant(node.file_path, name, written, [
                    other for other in self._classes_of(name, family, written) if other.id != node.id])
            if classes:
                same_file = [other for other in classes if other.file_path == node.file_path]
                bases.append(min(same_file, key=lambda other: other.id) if same_file else
                             nearest(node.file_path, classes))
        return sorted(bases, key=_kind_order)

    def reopenings(self, owner: GraphNode) -> list[GraphNode]:
        """A Ruby class and each other definition of it in the project (`class Minitest::Test` in test_helper.rb and
        in contest.rb), a C# partial class and its other declarations (of its arity), in the files' order: the methods
        and bases of all of them are the class's."""
        known = self._reopenings.get(owner.id)
        if known is None:
            if len(self._reopenings) > MEMO_MAX:
                self._reopenings.clear()
            qualified = self.qualified(owner)
            found = [other for other in self._classes_of(owner.name, language_family(owner.file_path))
                     if (self.qualified(other) == qualified if not owner.file_path.endswith(".cs") else
                         # (C#: of the arity, `AsyncRetryPolicy<TResult>` beside `AsyncRetryPolicy` in one file)
                         self.qualified(other).partition("@")[0] == qualified.partition("@")[0]
                         and _arity(other) == _arity(owner))]
            known = self._reopenings[owner.id] = found if owner in found else [owner, *found]
        return known

    def _classes_of(self, name: str, family: str | None, written: str | None = None) -> list[GraphNode]:
        """The classes of a name in a language family; of a PHP name written with its namespace (`written`, a
        reference's module), those of that namespace only (`extends \\DateTimeImmutable` is PHP's class, not monolog's
        of that name: declared_namespaces.py)."""
        namespaces = self._namespaces
        return [other for other in self._named(name) if language_family(other.file_path) == family
                and (namespaces is None or namespaces.may_define(other.file_path, written))]

    def _named(self, name: str) -> Sequence[GraphNode]:
        known = self._classes.get(name)
        if known is None:
            if len(self._classes) > MEMO_MAX:
                self._classes.clear()
            known = self._classes[name] = self._read_classes(name)
        return known


def _arity(node: GraphNode) -> int:
    """A C# class's number of type parameters (csharp_generics.py)."""
    return declared_arity(node.signature, node.name)


def _is_ruby(path: str) -> bool:
    spec = language_for(path)
    return spec is not None and spec.name == "ruby"


_TRAIT = re.compile(r"\btrait\s")
_INTERFACE = re.compile(r"\b(interface|protocol)\s")


def _kind_order(node: GraphNode) -> int:
    """0 for a trait, 2 for an interface or protocol, 1 for a class, by the declaration's first line."""
    signature = node.signature or ""
    return 0 if _TRAIT.search(signature) else 2 if _INTERFACE.search(signature) else 1


def nearest(path: str, candidates: Sequence[GraphNode]) -> GraphNode:
    """Of several definitions a name in `path` may mean, the one whose folder shares the longest path with the file's,
    then one in a file named for it (of a C# partial class, JsonTextWriter.cs before JsonTextWriter.Async.cs), then by
    id (name_graph.py's ties too)."""
    folder = posixpath.dirname(path)
    return min(candidates, key=lambda node: (-len(posixpath.commonpath([folder, posixpath.dirname(node.file_path)]))
                                             if folder and posixpath.dirname(node.file_path) else 0,
                                             file_stem(node.file_path) != node.name,
                                             node.id))


def file_stem(path: str) -> str:
    """A file's name without its folder and last extension: `src/Polly/Policy.TResult.cs` -> `Policy.TResult`."""
    return posixpath.splitext(posixpath.basename(path))[0]
