"""Kotlin extension functions, for jvm_graph.py: which one a call reaches, by the type it is called on.

An extension is written at a file's top level (`internal fun Buffer.commonReadUtf8(): String`, qualified
`Buffer.commonReadUtf8`) or inside a class or its companion object (okio's `companion object { fun
String.encodeUtf8(): ByteString }`, qualified `ByteString.encodeUtf8`: the parser qualifies a companion's members
with the class). Its receiver type is read off its signature. A call reaches it:
- on a receiver of that type (or a subtype): `"abc".encodeUtf8()`, `source.commonReadUtf8()`;
- on the implicit `this` of the receiver's class, or of an extension of that receiver: okio's `RealBufferedSource`
  writes `override fun readUtf8() = commonReadUtf8()`, the `common*` layer that holds its implementation;
and is visible where a file imports it by name (`import okio.ByteString.Companion.encodeUtf8`,
`import okio.internal.commonReadUtf8`), in its package (top-level ones) and inside its class (member ones).
A member extension is no member of its class: `path.toPath()` never calls Path's companion `String.toPath()`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .jvm_members import JvmMembers
from .store import ReferenceRow, qualified_in_node_id
from .type_names import split_type_arguments, type_name

_KOTLIN = (".kt", ".kts")
# `fun <T> Recv<T>?.name(`: the receiver after `fun` and its type parameters, up to `.name(`.
# What follows a function's type parameters: the type it extends, then its name.
_RECEIVER = r"\s*([^()=]+?)\s*\.\s*`?{name}`?\s*\("


def _type_parameters(signature: str) -> tuple[dict[str, str], str]:
    """A Kotlin function's type parameters with their bounds (`fun <T : Base<T>, reified R> ..`: {"T": "Base<T>"}),
    and the signature after them (from `fun` on, without them; "" when there is no `fun`). The `<..>` is read whole:
    a bound's own type arguments end no list (`<T : BaseCliktCommand<T>>` ended at its first `>`)."""
    start = re.search(r"\bfun\s+", signature)
    if start is None:
        return {}, ""
    position = start.end()
    if not signature.startswith("<", position):
        return {}, signature[position:]
    depth, end = 0, position
    for end in range(position, len(signature)):
        depth += {"<": 1, ">": -1}.get(signature[end], 0)
        if depth == 0:
            break
    bounds: dict[str, str] = {}
    for part in split_type_arguments(signature[position + 1:end]):
        name, colon, bound = part.partition(":")
        words = name.split()
        if colon and words:
            bounds[words[-1]] = bound.strip()
    return bounds, signature[end + 1:]


class KotlinExtensions(JvmMembers):
    """The extension functions of a Kotlin project and the calls that reach them (JvmResolver's base)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._extensions: dict[str, dict[str, list[str]]] | None = None
        self._member_extensions: dict[str, dict[str, list[str]]] | None = None
        self._receivers: dict[str, str | None] = {}
        self._receivers_by_name: dict[str, set[str | None]] = defaultdict(set)  # what each name's definitions extend

    def extension_receiver(self, node_id: str) -> str | None:
        """The simple name of the type a Kotlin function extends (`fun <T> List<T>?.f()` -> `List`); None for a
        function that extends none, or one of a function type."""
        if node_id not in self._receivers:
            node = self.nodes[node_id]
            found = None
            if node.node_type in ("METHOD", "FUNCTION") and node.file_path.endswith(_KOTLIN):
                bounds, rest = _type_parameters(node.signature or "")
                match = re.match(_RECEIVER.format(name=re.escape(node.name)), rest)
                written = type_name(match.group(1)) if match else None
                # (a type parameter's bound: clikt's tests' `fun <T : TestCommand> T.parse(argv: String)` extends
                # TestCommand; `T` matched no class, and `C().parse(argv)` reached the base's `parse` overloads)
                written = type_name(bounds[written]) if written in bounds else written
                found = written.rpartition(".")[2] if written else None
            self._receivers[node_id] = found
        return self._receivers[node_id]

    def member_extension(self, node_id: str) -> bool:
        """Whether a function written in a class extends another type (okio's `ByteString.encodeUtf8`, String's)."""
        receiver = self.extension_receiver(node_id)
        return receiver is not None and receiver != self.qualified[node_id].rpartition(".")[0].rpartition(".")[2]

    def declared_in(self, class_id: str, name: str) -> list[str]:
        return [i for i in super().declared_in(class_id, name) if not self.member_extension(i)]

    def _index_extensions(self) -> None:
        self._extensions = defaultdict(lambda: defaultdict(list))
        self._member_extensions = defaultdict(lambda: defaultdict(list))
        for node_id, node in self.nodes.items():
            if node.node_type not in ("METHOD", "FUNCTION"):
                continue
            self._receivers_by_name[node.name].add(self.extension_receiver(node_id))
            if not node.file_path.endswith(_KOTLIN):
                continue
            owner, _, own_name = self.qualified[node_id].rpartition(".")
            in_class = any(self.nodes[i].node_type == "CLASS" for i in self.defs[node.file_path].get(owner, ()))
            if owner and "." not in owner and not in_class:
                self._extensions[node.file_path][own_name].append(node_id)
            elif in_class and self.member_extension(node_id):
                self._member_extensions[node.file_path][own_name].append(node_id)

    def extensions_in(self, files: Sequence[str], name: str) -> list[str]:
        """Kotlin extension functions named `name` at the top of these files: `fun AnnotatedElement.jsonName()`
        is qualified `AnnotatedElement.jsonName`, its receiver no class of the file (often none of the project)."""
        if self._extensions is None:
            self._index_extensions()
        return [i for f in files for i in self._extensions.get(f, {}).get(name, ())]  # type: ignore[union-attr]

    def member_extensions_in(self, files: Sequence[str], name: str) -> list[str]:
        """The extension functions named `name` written in the classes of these files (a companion's)."""
        if self._member_extensions is None:
            self._index_extensions()
        return [i for f in files for i in self._member_extensions.get(f, {}).get(name, ())]  # type: ignore[union-attr]

    def visible_extensions(self, ref: ReferenceRow, scope: str) -> tuple[set[str], set[str], set[str]]:
        """The extensions named like the call that its file sees: (imported by name, top-level ones of its package,
        written in a class around the call or in one of that class's bases)."""
        imported: set[str] = set()
        for files, name in self.bindings(ref.file_path).get(ref.name, ()):
            if files and name == ref.name:
                imported.update(self.extensions_in(files, name))
                imported.update(self.member_extensions_in(files, name))  # `import okio.Path.Companion.toPath`
        package = set(self.extensions_in(self.package_files(ref.file_path), ref.name))
        around: set[str] = set()
        parts = scope.split(".") if scope else []
        for length in range(len(parts), 0, -1):
            for class_id in self.defs.get(ref.file_path, {}).get(".".join(parts[:length]), ()):
                if self.nodes[class_id].node_type == "CLASS":
                    around.update(i for holder in self.ancestors(class_id)
                                  for i in JvmMembers.declared_in(self, holder, ref.name) if self.member_extension(i))
        return imported, package - imported, around - imported

    def receiver_ranks(self, holders: Sequence[str], first: int = 0) -> dict[str, int]:
        """The type names an instance of these classes is, nearest first: a class's own name before its bases'."""
        ranks: dict[str, int] = {}
        for holder in holders:
            for rank, class_id in enumerate(self.lineage(holder), first):
                name = self.qualified[class_id].rpartition(".")[2]
                ranks[name] = min(rank, ranks.get(name, rank))
        return ranks

    def implicit_receivers(self, ref: ReferenceRow, scope: str) -> dict[str, int]:
        """The type names a bare call's implicit `this` may be, innermost first: the type (and its bases) a Kotlin
        extension around it extends (`fun Box.more() = size()`), then the class around it and its bases."""
        ranks: dict[str, int] = {}
        extended = self.extension_receiver(ref.source_id) if ref.source_id in self.nodes else None
        if extended is not None:
            ranks = self.receiver_ranks(self.instances(ref.file_path, self.signature_scope(scope), extended))
            ranks.setdefault(extended, 0)
        owner = self.enclosing_class(ref.file_path, scope)
        if owner is not None:
            for name, rank in self.receiver_ranks([owner], 100).items():
                ranks.setdefault(name, rank)
        return ranks

    @staticmethod
    def nearest(found: Sequence[str], receivers: dict[str, str | None], ranks: dict[str, int]) -> list[str]:
        """Of the extensions on these receivers, those on the nearest (okio's SegmentedByteString calls its own
        `SegmentedByteString.commonSubstring`, not its base ByteString's, both imported)."""
        on_it = [i for i in found if receivers[i] in ranks]
        best = min((ranks[receivers[i]] for i in on_it), default=None)  # type: ignore[index]
        return [i for i in on_it if ranks[receivers[i]] == best]  # type: ignore[index]

    def extension_called(self, ref: ReferenceRow, arguments: list[str] | None = None) -> list[tuple[str, str]]:
        """`x.canonicalize()` in a Kotlin file that imports `com.x.internal.canonicalize` by name, or in its
        package: the extension on x's type (a project class or one of its bases, or a type known by name only,
        such as `String`). A receiver of another type or of none told may hold a member of that name, which would
        win: a guess; save a receiver nobody typed calling a name the file imports, every definition of which in the
        project extends one type (okio's `ByteString.encodeUtf8`, in each platform). A bare call: the extension
        on its implicit `this`, else nothing (what the name alone finds stands). Of those on the nearest receiver,
        the ones that take the call's `arguments` (in Buffer, `commonSelect(options)` with `options: TypedOptions<T>`
        calls BufferedSource's `commonSelect(options: TypedOptions<T>)`, not Buffer's `commonSelect(options: Options)`)."""
        qualifier = ref.qualifier
        if ref.edge_type != "CALLS" or not ref.file_path.endswith(_KOTLIN) or qualifier in ("self", "super()", "local"):
            return []
        scope = qualified_in_node_id(self.project_id, ref.file_path, ref.source_id)
        imported, package, around = self.visible_extensions(ref, scope)
        found = sorted((imported | package | around) - {ref.source_id})  # (itself: the typed lookup's, typed_graph.py)
        if not found:
            return []
        # A receiver nobody typed: the extensions the file names are guesses; not those of the class around the
        # call (okio's AbstractFileSystemTest has `fun Path.writeUtf8(..)`, and its `sink.writeUtf8(..)` are
        # BufferedSink's: 96 wrong guesses).
        guessed = [(i, "GUESS") for i in sorted(imported | package)]
        if qualifier is None:
            ranks = self.implicit_receivers(ref, scope)
            holders: list[str] = []
        elif qualifier.startswith(":"):
            holders = self.instances(ref.file_path, scope, qualifier[1:])
            ranks = (self.receiver_ranks(holders) if holders
                     else {(type_name(each) or each).rpartition(".")[2]: 0 for each in qualifier[1:].split("|")})
        else:
            return self.imported_alone(ref.name, imported) or guessed
        receivers = {i: self.extension_receiver(i) for i in found}
        taking = [i for i in found if arguments is None or self.takes(i, arguments, (ref.file_path, scope))]
        on_it = [(i, "IMPORT" if i in imported else "MEMBER" if i in around else "LOCAL")
                 for i in self.nearest(taking, receivers, ranks)]
        if on_it or qualifier is None:
            return on_it
        return [] if holders else guessed

    def imported_alone(self, name: str, imported: set[str]) -> list[tuple[str, str]]:
        """An imported extension called on a receiver nobody typed (`source.readByteString().encodeUtf8()`...): sure
        when every definition of the name in the project is an extension of one type, the imported ones among them
        (no member of another class could be what the call reaches)."""
        if not imported:
            return []
        receivers = self._receivers_by_name[name] | {self.extension_receiver(i) for i in imported}
        if len(receivers) != 1 or None in receivers:
            return []
        return [(i, "IMPORT") for i in sorted(imported)]

    def extension_in_lambda(self, ref: ReferenceRow, value: str) -> list[tuple[str, str]]:
        """A bare call in `with(x) { }` / `x.apply { }` of an extension written in x's class, on the implicit `this`
        of the function around it: okio's `fun NSData.toByteString() = with(ByteString) { toByteString() }` calls
        the companion's `fun NSData.toByteString()`."""
        scope = qualified_in_node_id(self.project_id, ref.file_path, ref.source_id)
        if value.startswith(":"):
            holders = self.instances(ref.file_path, scope, value[1:])
        else:
            holders = [i for i in self.resolve_dotted(ref.file_path, scope, value[1:])[0]
                       if i in self.nodes and self.nodes[i].node_type == "CLASS"]
        written = {i for holder in holders for base in self.ancestors(holder)
                   for i in JvmMembers.declared_in(self, base, ref.name) if self.member_extension(i)} - {ref.source_id}
        if not written:
            return []
        receivers = {i: self.extension_receiver(i) for i in written}
        return [(i, "MEMBER") for i in self.nearest(sorted(written), receivers, self.implicit_receivers(ref, scope))]
