"""Go: an import path is a package (a folder), found from `go.mod` (see typed_graph.py for the rest).

`module github.com/x/y` in `go.mod` makes `github.com/x/y/pkg/foo` the folder `pkg/foo` next to
it. Any other path is the standard library or another module: `import "errors"` never means a
project folder named `errors`. Without a `go.mod` (a tree indexed without its root), a path whose
first element has no dot is the standard library (Go's own rule), and another path is the project
folder its longest tail names. A package's files see each other's names; a type's methods may be
written in any of them; an embedded struct's methods are its own (INHERITS).
"""

from __future__ import annotations

import os
import posixpath
import re

from .paths import open_regular
from .store import ReferenceRow, qualified_in_node_id
from .type_names import go_element
from .typed_graph import TypedResolver, closing_paren
from .variable_values import go_variable_value

# Predeclared identifiers: never a project definition, whatever the project defines.
BUILTINS = frozenset("""
append cap clear close complex copy delete imag len make max min new panic print println real recover
bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8
uint16 uint32 uint64 uintptr any comparable iota nil true false
""".split())
_MODULE_LINE = re.compile(r"^\s*module\s+(\S+)", re.M)
_VERSION = re.compile(r"^v\d+$")
_NAMED_COLLECTION = re.compile(r"type\s+\w+(?:\[[^\]]*\])?\s+(?:\[|map\[)")  # (`type Routes []RouteInfo`)


class GoResolver(TypedResolver):
    extensions = (".go",)
    callable_fields = (".go",)  # a func field: `e.HTTPErrorHandler(c, err)`
    called_variables = (".go",)  # a func variable: `var now = time.Now`, called `now()`
    builtins = BUILTINS
    package_scope = True
    embeds = True
    reads_variable_values = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.modules = self._read_go_mods()

    def variable_value(self, signature: str) -> str | None:
        return go_variable_value(signature)

    def known(self, path: str, scope: str, value: str) -> bool:
        # A method of a library's value returns the library's: gin's tests' 104 `w.Header().Get(..)` after `w :=
        # httptest.NewRecorder()` were guessed to `Context.Get` (a project function's result of a library type too).
        if super().known(path, scope, value):
            return True
        receiver, chained, _method = value.removesuffix("()").rpartition("().")
        inner = receiver + "()"
        return bool(chained) and value.endswith("()") and not self.instances(path, scope, inner) and \
            self.known(path, scope, inner)

    def calls_itself(self, ref: ReferenceRow, found: list[str]) -> bool:
        # A value of a named slice or map type (`type Routes []RouteInfo`) types a loop over it too (type_names.
        # go_element): echo's `rr.Reverse(..)` on each `rr` of `range r` in `Routes.Reverse` is a RouteInfo's.
        scope = qualified_in_node_id(self.project_id, ref.file_path, ref.source_id)
        owner = self.enclosing_class(ref.file_path, scope)
        declared = (self.nodes[owner].signature or "") if owner is not None else ""
        return super().calls_itself(ref, found) and not _NAMED_COLLECTION.match(declared)

    def fits_receiver(self, node_id: str, qualifier: str | None, path: str) -> bool:
        # A value nobody types whose `Error()` is called is an `error`: which of the project's error types it holds
        # is no guess (26 of cobra's `err.Error()` reached `flagCompError.Error`).
        return self.nodes[node_id].name != "Error"

    def _read_go_mods(self) -> list[tuple[str, str]]:
        """(folder, module path) of every go.mod above the project's Go files, deepest first."""
        if not self.root:
            return []
        folders = set()
        for folder in self.by_folder:
            while True:
                folders.add(folder)
                if not folder:
                    break
                folder = posixpath.dirname(folder)
        found = []
        for folder in sorted(folders):
            try:
                with open_regular(os.path.join(self.root, folder, "go.mod")) as handle:
                    match = _MODULE_LINE.search(handle.read(4096).decode("utf-8", "replace"))
            except OSError:
                continue
            if match:
                found.append((folder, match.group(1).strip('"')))
        return sorted(found, key=lambda item: (-len(item[1]), item[0]))

    def holds_methods_of(self, class_path: str, method_path: str) -> bool:
        return posixpath.dirname(class_path) == posixpath.dirname(method_path)

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        if self.modules:
            for folder, prefix in self.modules:
                if module == prefix or module.startswith(prefix + "/"):
                    return list(self.by_folder.get(posixpath.join(folder, module[len(prefix) + 1:]).strip("/"), []))
            return None
        first = module.split("/", 1)[0]
        if "." not in first:
            return None  # the standard library
        parts = module.split("/")
        for start in range(1, len(parts)):
            tail = "/".join(parts[start:])
            found = [f for folder, files in self.by_folder.items()
                     if folder == tail or folder.endswith("/" + tail) for f in files]
            if found:
                return found
        return None

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        if not ref.module or ref.name in ("_", "."):
            return ("*", ref.module, None) if ref.name == "." and ref.module else None
        name = ref.name
        if name == ref.module.rsplit("/", 1)[-1]:  # no alias: the package's name, as Go names it by convention
            parts = ref.module.split("/")
            if len(parts) > 1 and _VERSION.match(parts[-1]):
                name = parts[-2]
            name = name.removeprefix("go-").split(".", 1)[0].replace("-", "_")
        return name, ref.module, None

    def returned(self, function_id: str) -> str | None:
        """`func NewServer(addr string) (*Server, error)` returns a *Server."""
        signature = self.nodes[function_id].signature or ""
        rest = signature.removeprefix("func").strip()
        if rest.startswith("("):  # a method's receiver
            rest = rest[closing_paren(rest) + 1:].strip()
        open_at = rest.find("(")
        if open_at < 0:
            return None
        rest = rest[open_at:]
        rest = rest[closing_paren(rest) + 1:].strip()
        if rest.startswith("("):
            rest = rest[1:closing_paren(rest)].split(",", 1)[0].strip()
            rest = rest.split()[-1] if " " in rest else rest
        return go_element(rest) or None  # (`[]*Command`: its elements', as a variable holding it is typed)

