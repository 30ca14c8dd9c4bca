"""Java and Kotlin: imports name classes by package (see typed_graph.py for the rest).

`import com.x.Y` is the class Y of the file of package `com.x`: the project's files are laid out
by package (`.../com/x/Y.java`, Kotlin's `.../com/x/Y.kt` or any file of the folder `com/x`
defining Y); a package the project does not have is a library's (`java.util.List` is never the
project's `List`). `import com.x.*` reads the folder's files; `import static com.x.Y.m` binds m.
A file sees the classes of its own package (its folder, and that package's folder in the module's
other source sets: src/test/java sees src/main/java) without importing them, and Java's
`java.lang` (`String`, `Object`) and Kotlin's default imports without any import at all: a project
class named `String` is what `String` means only in its own package or where it is imported.
A Kotlin multiplatform name defined in several source sets (expect/actual) is the caller's
platform's definition (`same_platform`); a call's argument count picks among overloads (`takes`, in
jvm_members.py).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator

from .jvm_arguments import STATIC_RESULT
from .jvm_collections import ELEMENT_METHODS, LIBRARY_COLLECTIONS, type_parameters, written_bases
from .store import ReferenceRow, qualified_in_node_id
from .jvm_returns import JvmReturns
from .kotlin_operators import OPERATOR_CALL

# java.lang and Kotlin's default imports (kotlin.*, kotlin.collections.*, ...), and the types
# nobody imports: never a project class unless imported or in the same package.
BUILTINS = frozenset("""
Object String Integer Long Short Byte Double Float Boolean Character Number Math StrictMath System
Thread Runnable Exception RuntimeException Error Throwable IllegalArgumentException
IllegalStateException NullPointerException UnsupportedOperationException IndexOutOfBoundsException
ClassCastException ArithmeticException AssertionError Iterable Comparable CharSequence StringBuilder
StringBuffer Class ClassLoader Enum Record Override Deprecated SuppressWarnings FunctionalInterface
SafeVarargs Void Process Runtime ThreadLocal AutoCloseable Cloneable InterruptedException
var int long short byte double float boolean char void
Any Unit Nothing Int Array List MutableList Map MutableMap Set MutableSet Collection Sequence Pair
Triple Lazy Result Regex IntArray LongArray ByteArray CharArray DoubleArray FloatArray BooleanArray
println print listOf mutableListOf mapOf mutableMapOf setOf mutableSetOf arrayOf emptyList emptyMap
emptySet lazy require requireNotNull check checkNotNull error TODO repeat run let apply also with
takeIf takeUnless to until downTo minOf maxOf coerceIn coerceAtLeast coerceAtMost
""".split())


def platform_of(path: str) -> str | None:
    """The platform of the source set a file is in: `okio/src/jvmTest/kotlin/...` -> `jvm`,
    `src/commonMain/...` -> `common`, `src/main/java/...` -> `` (one platform); None outside `src/`."""
    parts = path.split("/")
    if "src" not in parts[:-2]:
        return None
    source_set = parts[parts.index("src") + 1]
    return re.sub(r"(Main|Test)$", "", source_set) if source_set not in ("main", "test") else ""


_SOURCE_ROOT = re.compile(r"^(.*?)/?\bsrc/[^/]+/(?:java|kotlin)(/.*)?$")


def _package_key(folder: str) -> tuple[str, str] | None:
    """(module, package folder) of a folder under a source set's root (`m/src/jvmTest/kotlin/a/b`
    -> (`m`, `/a/b`)); None for a folder laid out otherwise."""
    match = _SOURCE_ROOT.match(folder)
    return (match.group(1), match.group(2) or "") if match else None


# A declaration's modifiers, after its annotations: `private fun LARGE_INTEGER.toLong()`, `@JvmStatic private void f()`.
_MODIFIERS = re.compile(r"\s*(?:@[\w.]+(?:\([^()]*\))?\s*)*((?:[a-z]+\s+)*)")


def is_private(signature: str) -> bool:
    """Whether a Java or Kotlin declaration is `private`: seen in its own file alone (a Kotlin top-level one; a Java
    member, in its top-level class)."""
    match = _MODIFIERS.match(signature)
    return match is not None and "private" in match.group(1).split()


# How many project bases a class's collection elements are looked for through.
MAX_COLLECTION_DEPTH = 6


class JvmResolver(JvmReturns):
    extensions = (".java", ".kt", ".kts")
    callable_fields = (".kt", ".kts")  # a property: okio's `val size`, `buffer.size()` from Java
    builtins = BUILTINS
    package_scope = True
    implicit_this = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.by_package_path: dict[str, list[str]] = {}
        self._package_files: dict[str, list[str]] = {}
        self._by_package_key: dict[object, list[str]] | None = None

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        if (ref.qualifier or "").startswith("^"):
            return self.resolve_in_lambda(ref)
        module = ref.module or ""
        # `path / "child"` (kotlin_operators.py): Path's `div`, or no edge; never a guess
        operator = module.startswith(OPERATOR_CALL)
        module = module.removeprefix(OPERATOR_CALL)
        arguments: list[str] | None = None
        if ref.edge_type == "CALLS" and module.startswith("(") and module.endswith(")"):
            inner = module[1:-1]
            arguments = ["?"] * int(inner) if inner.isdigit() else inner.split(",") if inner else []
        context = (ref.file_path, qualified_in_node_id(self.project_id, ref.file_path, ref.source_id))
        if arguments and any(argument.startswith(STATIC_RESULT) for argument in arguments):
            arguments = [self.static_result(argument[1:], *context) if argument.startswith(STATIC_RESULT) else argument
                         for argument in arguments]
        self._call = (*context, arguments) if arguments is not None else None
        try:
            found = super().resolve(ref)
        finally:
            self._call = None
        if len(found) > 1 and all(i in self.nodes and self.nodes[i].node_type == "CLASS" for i, _how in found):
            # One class in several source sets is one declaration, `expect` and `actual`s, not overloads: the caller's
            # platform's, before what its constructor takes (okio's jvmTest `Buffer()` was commonMain's `expect class
            # Buffer()`, whose parameters alone are written: 249 calls)
            found = self.same_platform(ref.file_path, found)
        if found and all(i in self.variable_nodes for i, _how in found):
            # A property called (okio's `buffer.size()` from Java, its getter): no overloads to choose among; from
            # Kotlin an extension function of the name is what a call of a property that holds no function calls.
            extension = self.extension_called(ref, arguments) if ref.file_path.endswith((".kt", ".kts")) else []
            return [(i, how) for i, how in extension if how != "GUESS"] or found
        if not any(how != "GUESS" for _i, how in found):
            found = self.extension_called(ref, arguments) or found
        if arguments is not None:
            taken = self.overloads_taking(found, arguments, context)
            if any(i == ref.source_id and how != "GUESS" for i, how in taken) and any(
                    i != ref.source_id and self.takes(i, arguments, context) for i, _how in found):
                # The caller itself (recursion) only when no other overload takes the arguments: gson's `append(sb,
                # list)` in `append(StringBuilder, List<? extends T>[])` is the Iterable one (a variable's array
                # is not told).
                taken = self.overloads_taking([(i, how) for i, how in found if i != ref.source_id], arguments, context)
            found = taken
        if found and ref.qualifier is None and ref.name in BUILTINS and ref.file_path.endswith((".kt", ".kts")):
            # okio's own `minOf(a: Int, b: Long)` is not what `minOf(x.size, y.size)` calls (two Ints:
            # the standard library's); which one fits needs argument types: a guess, not an answer.
            found = [(i, "GUESS") for i, _how in found]
        if operator:
            found = [(i, how) for i, how in found if how != "GUESS"]
        found = [(i, how) for i, how in found if not self.hidden_from(i, ref.file_path)]
        return self.same_platform(ref.file_path, found) if len(found) > 1 else found

    def calls_itself(self, ref: ReferenceRow, found: list[str]) -> bool:
        return True  # (of overloads, the caller is picked by what they take: `resolve`)

    def overloads_taking(self, found: list[tuple[str, str]], arguments: list[str], context: tuple[str, str]
                         ) -> list[tuple[str, str]]:
        # An overload that takes other arguments is not what the call calls; boxing only when none
        # takes them without (as javac's phases); then the most specific.
        found = [(i, how) for i, how in found if self.takes(i, arguments, context)]
        found = [(i, how) for i, how in found if self.takes(i, arguments, context, boxing=False)] or found
        if "?" not in arguments:
            # (An argument of unknown type may be what only the vararg overload takes: kotlinpoet's
            # `addModifiers(KModifier.INLINE)` is `addModifiers(vararg KModifier)`, not the Iterable one.)
            found = self.fixed_arity(found)
        if "?" not in arguments and (exact := [(i, how) for i, how in found if self.exactly(i, arguments)]):
            found = exact
        if "?" not in arguments and all(self.takes(i, arguments, context, lenient=False) for i, _how in found):
            found = self.most_specific(found)
        return found

    def hidden_from(self, node_id: str, path: str) -> bool:
        """Whether a call written in `path` cannot reach this declaration: a private one of another file (okio's 705
        `x.toLong()` were guessed to be mingw's `private fun LARGE_INTEGER.toLong()`), a Kotlin function named for
        the JVM as no Java code can write (`@JvmName("-deprecated_size")`: okio's Java `buffer.size()` calls the
        property's getter) from Java, or one deprecated at level ERROR or HIDDEN, which Kotlin does not compile a
        call of, from Kotlin."""
        node = self.nodes.get(node_id) or self.variable_nodes.get(node_id)
        if node is None:
            return False
        signature = node.signature or ""
        if node.file_path != path and is_private(signature):
            return True
        if path.endswith(".java"):
            return '@JvmName("-' in signature
        return "DeprecationLevel.ERROR" in signature or "DeprecationLevel.HIDDEN" in signature

    def resolve_in_lambda(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        """A bare call inside `x.apply { }` / `with(x) { }` (qualifier `^` + x's): x's method when x's
        type has it; else the enclosing scope's, for sure only when x is a project class whose every
        supertype is known (nothing else can hold the name); a guess when x is unknown (save a
        class: `Foo()` constructs Foo whatever the receiver)."""
        value = ref.qualifier[1:]  # type: ignore[index]
        if value.startswith((":", "=")) or value == "self":
            found = self.resolve(ref._replace(qualifier=value))
            if any(how != "GUESS" for _i, how in found):
                return found
            if value != "self" and (found := self.extension_in_lambda(ref, value)):
                return found
        holders: list[str] = []
        if value.startswith(":"):
            scope = qualified_in_node_id(self.project_id, ref.file_path, ref.source_id)
            holders = self.instances(ref.file_path, scope, value[1:])
        outer = self.resolve(ref._replace(qualifier=None))
        if holders and all(self.closed(holder) for holder in holders):
            return outer
        # A class's constructor is never reached through an implicit receiver: `Foo()` is Foo.
        return [(i, how if self.nodes[i].node_type == "CLASS" else "GUESS") for i, how in outer]

    @contextlib.contextmanager
    def _receiver_read(self) -> Iterator[None]:
        """What a receiver holds is read without the call's arguments: they are the call's, not those of the methods
        the receiver came from (`clone` in `clone.readUtf8(2)` after `val clone = original.clone()`: `clone()` takes
        no Int, and the receiver was unknown)."""
        call, self._call = self._call, None
        try:
            yield
        finally:
            self._call = call

    def known(self, path: str, scope: str, value: str) -> bool:
        with self._receiver_read():
            return super().known(path, scope, value)

    def instances(self, path: str, scope: str, values: str, depth: int = 0) -> list[str]:
        with self._receiver_read():
            found = super().instances(path, scope, values, depth)
        # `val b = Buffer()` in JVM code holds the JVM Buffer: its methods, not the other platforms' bases'.
        return [i for i, _how in self.same_platform(path, [(i, "") for i in found])] if len(found) > 1 else found

    def library_result(self, class_id: str, method: str, depth: int) -> list[str]:
        if method not in ELEMENT_METHODS or not self.nodes[class_id].file_path.endswith(".java"):
            return []
        element = self.collection_element(class_id, {}, 0)
        if element is None:
            return []
        written, where = element
        node = self.nodes[where]
        return self.instances(node.file_path, self.qualified[where], written, depth)

    def collection_element(self, class_id: str, bound: dict[str, tuple[str, str]], depth: int
                           ) -> tuple[str, str] | None:
        """The element type of a Java class that extends a library collection through its project bases, and the
        class whose file writes it (jvm_collections.py); `bound`: its type parameters' arguments, from a subclass."""
        if depth > MAX_COLLECTION_DEPTH:
            return None
        signature = self.nodes[class_id].signature or ""
        binding = {name: bound.get(name) or ((default, class_id) if default else None)
                   for name, default in type_parameters(signature)}
        for base, arguments in written_bases(signature):
            passed = [binding.get(argument) or (argument, class_id) for argument in arguments]
            if base in LIBRARY_COLLECTIONS:
                return passed[0] if len(passed) == 1 and passed[0] is not None else None
            for base_id in self.bases(class_id):
                if self.nodes[base_id].name == base and self.nodes[base_id].file_path.endswith(".java"):
                    names = [name for name, _bound in type_parameters(self.nodes[base_id].signature or "")]
                    found = self.collection_element(base_id, {name: value for name, value in zip(names, passed)
                                                              if value is not None}, depth + 1)
                    if found is not None:
                        return found
        return None

    def same_platform(self, path: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Of a name defined in several source sets of a Kotlin multiplatform module (`expect class
        Buffer` in src/commonMain, an `actual class Buffer` in src/jvmMain and in src/nonJvmMain),
        the caller's platform's, else common code's; JVM code never calls the native one."""
        caller = platform_of(path)
        if caller is None:
            return found
        platforms = {i: platform_of(self.nodes[i].file_path) for i, _how in found}
        if len(set(platforms.values())) < 2:
            return found
        for wanted in (caller, "common"):
            kept = [(i, how) for i, how in found if platforms[i] == wanted]
            if kept:
                return kept
        return found

    def package_files(self, path: str) -> list[str]:
        """The files of the folder, and of the same package's folders in the module's other source
        sets (src/test/java/com/x sees src/main/java/com/x; jvmTest sees commonMain)."""
        folder = posixpath.dirname(path)
        if folder not in self._package_files:
            if self._by_package_key is None:
                self._by_package_key = defaultdict(list)
                for other in sorted(self.by_folder):
                    self._by_package_key[_package_key(other) or other].extend(self.by_folder[other])
            self._package_files[folder] = self._by_package_key.get(_package_key(folder) or folder, [])
        return self._package_files[folder]

    def package_files_elsewhere(self, path: str) -> list[str]:
        # okio-testing-support's and okio-wasifilesystem's files of package `okio` use okio's `Buffer` without an
        # import (608 calls reached nothing): a module sees the package's classes in the modules it depends on.
        key = _package_key(posixpath.dirname(path))
        if key is None:
            return []
        if self._by_package_key is None:
            self.package_files(path)
        assert self._by_package_key is not None
        return [f for other, files in self._by_package_key.items()
                if isinstance(other, tuple) and other[1] == key[1] and other[0] != key[0] for f in files]

    def holds_methods_of(self, class_path: str, method_path: str) -> bool:
        # Kotlin's extension functions may be written in any file of the package.
        return class_path == method_path or posixpath.dirname(class_path) == posixpath.dirname(method_path)

    def _package_folders(self, package: str) -> list[str]:
        if package not in self.by_package_path:
            tail = package.replace(".", "/")
            self.by_package_path[package] = sorted(
                folder for folder in self.by_folder if folder == tail or folder.endswith("/" + tail))
        return self.by_package_path[package]

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        """The files of a package (`com.x`) or the file of a class (`com.x.Y`, `com.x.Y.Inner`)."""
        folders = self._package_folders(module)
        if folders:  # `import com.x.*`: the package
            return [f for folder in folders for f in self.by_folder[folder]]
        parts = module.split(".")
        for length in range(len(parts) - 1, 0, -1):  # the longest package that has the class
            package, first_class = ".".join(parts[:length]), parts[length]
            found = [f for folder in self._package_folders(package) for f in self.by_folder.get(folder, ())
                     if self.defs.get(f, {}).get(first_class)]
            if found:
                return found
        package, _, name = module.rpartition(".")  # `import com.x.internal.jsonName`: an extension function
        found = [f for folder in self._package_folders(package) for f in self.by_folder.get(folder, ())
                 if self.extensions_in([f], name)]
        return found or None

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        module = ref.module or ""
        if not module:
            return None
        qualifier = ref.qualifier or ""
        if qualifier == "*":
            return "*", module, None
        package, _, last = module.rpartition(".")
        if qualifier == "static":  # import static a.b.C.m: m, a member of the class C
            return last, package, last
        return qualifier or last, module, last

    def imported_fallback(self, files: list[str], imported: str, variables: bool = False) -> list[str]:
        """A name imported from a class, not a file's top level: Java's `import static a.b.C.m`,
        Kotlin's `import okio.Options.Companion.of` (before any top-level name of the package); no variable."""
        return [] if variables else self.class_member_imported(files, imported)

    def class_member_imported(self, files: list[str], imported: str) -> list[str]:
        """The member `imported` of the first class of these files that has one, in every source set that defines
        that class: okio's `import okio.ByteString.Companion.of` reads the files of ByteString in commonMain,
        jvmMain, appleMain and nonAppleMain, and the caller's platform picks among them (`same_platform`); the
        first file alone (appleMain's) was what jvmTest's `of(...)` called."""
        found: list[str] = []
        owner = None
        for class_id in (i for f in files for ids_ in self.defs.get(f, {}).values() for i in ids_
                         if self.nodes[i].node_type == "CLASS"):
            if owner is not None and self.qualified[class_id] != owner:
                continue
            members = self.member(class_id, imported)[0]
            if members:
                owner = self.qualified[class_id]
                found.extend(i for i in members if i not in found)
        return found

    def resolve_name(self, path: str, scope: str, name: str) -> tuple[list[str], str, bool]:
        ids, how, outside = super().resolve_name(path, scope, name)
        if ids:
            # `import com.x.Y` found the file of Y; a static import's member lives in its class.
            return ids, how, outside
        for files, imported in self.bindings(path).get(name, ()):
            if files and imported:  # import static a.b.C.m
                found = self.class_member_imported(files, imported)
                if found:
                    return found, "IMPORT", False
        return ids, how, outside
