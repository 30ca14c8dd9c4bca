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
platform's definition (`same_platform`); a call's argument count picks among overloads (`takes`).
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from .store import ReferenceRow
from .typed_graph import TypedResolver

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
takeIf takeUnless to until downTo
""".split())


_OPENS, _CLOSES = "([{<", ")]}>"


def parameter_range(signature: str, name: str, defaults: bool = False) -> tuple[int, float] | None:
    """(fewest, most) arguments a Java/Kotlin method takes, from its signature: a Kotlin parameter
    with a default value (`defaults`) may be left out, a vararg (`String... a`, `vararg a: Int`) takes any number;
    None when the signature has no parameter list after the name (cut short, or not a method)."""
    match = re.search(r"(?<![\w$])" + re.escape(name) + r"\s*\(", signature)
    if match is None:
        return None
    parts: list[str] = []
    depth, start = 0, match.end()
    for position in range(match.end(), len(signature)):
        character = signature[position]
        if character in _OPENS and not (character == "<" and signature[position + 1:position + 2] == "="):
            depth += 1
        elif character in _CLOSES and not (character == ">" and signature[position - 1] == "-"):
            if depth == 0:
                parts.append(signature[start:position])
                break
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(signature[start:position])
            start = position + 1
    else:
        return None  # the list never closes: a signature cut short
    parts = [part.strip() for part in parts if part.strip()]
    fewest, most = 0, float(len(parts))
    for part in parts:
        if "..." in part or re.match(r"(@\S+\s+)*vararg\b", part):
            most = float("inf")
        elif not defaults or not re.search(r"(?<![=!<>])=(?!=)", part):
            fewest += 1
    return fewest, most


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


class JvmResolver(TypedResolver):
    extensions = (".java", ".kt", ".kts")
    builtins = BUILTINS
    package_scope = True
    implicit_this = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.by_package_path: dict[str, list[str]] = {}
        self._arity: int | None = None  # the argument count of the call being resolved
        self._parameters: dict[str, tuple[int, float] | None] = {}
        self._package_files: dict[str, list[str]] = {}
        self._by_package_key: dict[object, list[str]] | None = None

    def takes(self, node_id: str, arity: int) -> bool:
        """Whether a method can be called with `arity` arguments (anything else: yes)."""
        node = self.nodes.get(node_id)
        if node is None or node.node_type not in ("METHOD", "FUNCTION"):
            return True
        if node_id not in self._parameters:
            self._parameters[node_id] = parameter_range(
                node.signature or "", node.name, defaults=node.file_path.endswith((".kt", ".kts")))
        accepted = self._parameters[node_id]
        return accepted is None or accepted[0] <= arity <= accepted[1]

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        module = ref.module or ""
        self._arity = int(module[1:-1]) if ref.edge_type == "CALLS" and module[1:-1].isdigit() else None
        try:
            found = super().resolve(ref)
        finally:
            arity, self._arity = self._arity, None
        # An overload that takes another number of arguments is not what the call calls.
        found = found if arity is None else [(i, how) for i, how in found if self.takes(i, arity)]
        return self.same_platform(ref.file_path, found) if len(found) > 1 else found

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

    def fits(self, node_id: str) -> bool:
        return self._arity is None or self.takes(node_id, self._arity)

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
        return None

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

    def resolve_name(self, path: str, scope: str, name: str) -> tuple[list[str], str, bool]:
        ids, how, outside = super().resolve_name(path, scope, name)
        if ids:
            # `import com.x.Y` found the file of Y; a static import's member lives in its class.
            return ids, how, outside
        for files, imported in self.bindings(path).get(name, ()):
            if files and imported:  # import static a.b.C.m
                for class_id in (i for f in files for ids_ in self.defs.get(f, {}).values() for i in ids_
                                 if self.nodes[i].node_type == "CLASS"):
                    found = self.member(class_id, imported)[0]
                    if found:
                        return found, "IMPORT", False
        return ids, how, outside

    def returned(self, function_id: str) -> str | None:
        """Kotlin's `fun make(): Widget`; a Java method's return type before its name."""
        node = self.nodes[function_id]
        signature = node.signature or ""
        head, _, rest = signature.partition("(")
        if node.file_path.endswith(".java"):
            words = head.replace("<", " <").split()
            return words[-2] if len(words) >= 2 else None
        depth, end = 1, -1
        for position, character in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth == 0:
                end = position
                break
        tail = rest[end + 1:].strip() if end >= 0 else ""
        return tail[1:].strip() if tail.startswith(":") else None
