"""TypeScript and JavaScript: imports find files as Node and TypeScript do (see typed_graph.py for
the rest of the resolution).

A relative specifier (`./x`, `../x`) is the file with one of the extensions, or the folder's
`index` file; TypeScript's ESM style `./x.js` also finds `x.ts`. A bare specifier (`react`,
`path`, `node:fs`) is a package, never a project file, even when the project has a `path.js`,
save where the nearest `tsconfig.json` (or `jsconfig.json`, following a relative `extends`) maps it:
`compilerOptions.paths` (`"@app/*": ["src/*"]`, relative to `baseUrl` or else to the config's
folder), then `baseUrl` itself (`import "lib/x"` is `<baseUrl>/lib/x` when the project has it); or where
it names a package of the project itself (a monorepo's folder whose package.json has that name).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Sequence

from .js_builtins import BUILTIN_METHODS, BUILTIN_RESULTS, BUILTINS
from .js_returns import OBJECT_LITERAL
from .name_index import without_line
from .paths import open_regular
from .python_returns import RETURNED
from .store import GraphNode, ReferenceRow
from .type_names import split_type_arguments, type_name
from .typed_graph import LONGEST_CALL_CHAIN, TypedResolver, closing_paren
from .variable_values import js_variable_value

EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# What a specifier without an extension may end with, in the order TypeScript then Node try them.
_SUFFIXES = (".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_COMPILED = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}

def export_targets(exports: object, subpath: str) -> list[str]:
    """The paths a package.json's `exports` gives a subpath (`.`, `./v4`), every condition's in the order written
    (`@zod/source`, `types`, `import`, ...), a `*` pattern's with what it matched put in (the longest prefix wins)."""
    if isinstance(exports, (str, list)) or isinstance(exports, dict) and not any(
            key.startswith(".") for key in exports):
        exports = {".": exports}  # a package's one entry, or its conditions
    if not isinstance(exports, dict):
        return []
    if subpath in exports:
        return _strings(exports[subpath])
    best: tuple[int, object, str] | None = None
    for key, value in exports.items():
        prefix, star, suffix = key.partition("*")
        if star and subpath.startswith(prefix) and subpath.endswith(suffix) and len(subpath) >= len(prefix + suffix) \
                and (best is None or len(prefix) > best[0]):
            best = (len(prefix), value, subpath[len(prefix):len(subpath) - len(suffix)])
    return [target.replace("*", best[2]) for target in _strings(best[1])] if best else []


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [found for each in value for found in _strings(each)]
    if isinstance(value, dict):
        return [found for each in value.values() for found in _strings(each)]
    return []


class JsResolver(TypedResolver):
    extensions = EXTENSIONS
    callable_fields = EXTENSIONS  # a property typed as a function: hono's `get!: HandlerInterface`
    called_variables = EXTENSIONS
    builtins = BUILTINS
    reexports = True
    default_exports = True
    bare_methods = False
    apart_roles = frozenset({"docs", "generated"})  # (and a minified bundle: mobx's docs hold a jQuery, `then` and all)
    reads_variable_values = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.file_set = set(self.files)
        self._configs: dict[str, tuple[str | None, list[tuple[str, list[str]]]] | None] = {}
        self._packages: dict[str, tuple[str, list[str], object]] | None = None
        self._returning: set[str] = set()  # the functions whose return is being read (returned_instances)

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        if not module.startswith(("./", "../")) and module not in (".", ".."):
            # A package (node_modules, the runtime), unless the tsconfig maps the specifier to project files, or the
            # package is one of the project's own.
            for base in self.mapped(module, from_file):
                found = self.file_or_index(base)
                if found:
                    return found
            return self.workspace_module(module)
        base = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), module))
        return self.file_or_index(base)

    def file_or_index(self, base: str) -> list[str] | None:
        """The file a path without (or with a compiled) extension names, or its folder's index file."""
        if base.startswith("../") or base == "..":
            return None
        candidates = [base] if base.endswith(EXTENSIONS) else []
        stem, extension = posixpath.splitext(base)
        candidates += [stem + compiled for compiled in _COMPILED.get(extension, ())]
        candidates += [base + suffix for suffix in _SUFFIXES]
        # (`require("..")` from a folder of the root: the root's index, `index.js`, not `./index.js`)
        candidates += [posixpath.normpath(posixpath.join(base, "index" + suffix)) for suffix in _SUFFIXES]
        for candidate in candidates:
            if candidate in self.file_set:
                return [candidate]
        return []

    def workspace_module(self, module: str) -> list[str] | None:
        """A bare specifier naming a package of the project itself (a monorepo's `packages/mobx`, whose package.json
        says `"name": "mobx"`: mobx-react's ~130 uses of mobx's names reached nothing): the file its `exports` give
        the specifier's subpath (zod's `"./v4": {"@zod/source": "./src/v4/index.ts", ..}`: 194 files importing
        `zod/v4` and its siblings reached nothing), else the file the subpath names in the package's folder or its
        `src` (`mobx/src/core`, `zod/v4`), else the file its entry names (`source`, `module`, `main`, `types`; a
        compiled `.js` is its `.ts`), its `src/index` or `index`; None for any other package."""
        parts = module.split("/")
        named = 2 if module.startswith("@") else 1
        package = self.workspace_packages().get("/".join(parts[:named]))
        if package is None:
            return None
        folder, entries, exports = package
        for target in export_targets(exports, "./" + "/".join(parts[named:]) if len(parts) > named else "."):
            found = self.file_or_index(posixpath.normpath(posixpath.join(folder, target)))
            if found:
                return found
        if len(parts) > named:
            return self.file_or_index(posixpath.normpath(posixpath.join(folder, *parts[named:]))) or \
                self.file_or_index(posixpath.normpath(posixpath.join(folder, "src", *parts[named:]))) or None
        for entry in entries:
            found = self.file_or_index(posixpath.normpath(posixpath.join(folder, entry)))
            if found:
                return found
        return None

    def workspace_packages(self) -> dict[str, tuple[str, list[str], object]]:
        """The project's own packages by name: (folder, entries to try, `exports`), read from the package.json of each
        folder holding a JavaScript or TypeScript file, and of the folders above it (the first of a name, by path)."""
        if self._packages is None:
            self._packages = {}
            folders: set[str] = set()
            for path in self.files:
                folder = posixpath.dirname(path)
                while folder not in folders:
                    folders.add(folder)
                    folder = posixpath.dirname(folder) if folder else folder
            for folder in sorted(folders) if self.root is not None else ():
                value = _read_jsonc(os.path.join(self.root, folder, "package.json")) or {}
                name = value.get("name")
                if isinstance(name, str) and name and name not in self._packages:
                    written = [entry for key in ("source", "module", "main", "types", "typings")
                               if isinstance(entry := value.get(key), str)]
                    self._packages[name] = (folder, [*written, "src/index", "index"], value.get("exports"))
        return self._packages

    def mapped(self, module: str, from_file: str) -> list[str]:
        """The project paths the nearest tsconfig maps a bare specifier to, in the order TypeScript tries them."""
        config = self.config_of(posixpath.dirname(from_file))
        if config is None:
            return []
        base_url, paths = config
        best: tuple[int, list[str]] | None = None
        for pattern, targets in paths:
            prefix, star, suffix = pattern.partition("*")
            if not (module == pattern if not star else (
                    module.startswith(prefix) and module.endswith(suffix) and len(module) >= len(prefix + suffix))):
                continue
            matched = module[len(prefix):len(module) - len(suffix)] if star else ""
            if best is None or len(prefix) > best[0]:  # the longest prefix wins
                best = (len(prefix), [target.replace("*", matched) for target in targets])
        found = [posixpath.normpath(target) for target in best[1]] if best else []
        if base_url is not None:  # then the specifier under baseUrl
            found.append(posixpath.normpath(posixpath.join(base_url, module)))
        return found

    def config_of(self, folder: str) -> tuple[str | None, list[tuple[str, list[str]]]] | None:
        """(baseUrl or None, paths with their targets as project paths) of the nearest tsconfig.json
        or jsconfig.json above a folder; None when there is none or it maps nothing."""
        if folder not in self._configs:
            found = None
            if self.root is not None:
                for name in ("tsconfig.json", "jsconfig.json"):
                    options = _compiler_options(self.root, posixpath.join(folder, name))
                    if options is not None:
                        found = _mapping(options)
                        break
                else:
                    if folder:
                        found = self.config_of(posixpath.dirname(folder))
            self._configs[folder] = found
        return self._configs[folder]

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        qualifier = ref.qualifier or ""
        if not ref.module and qualifier and qualifier.isidentifier():
            # `export { Hono as HonoBase }` (hono's hono-base.ts): the file's own `Hono`, under the name other files
            # import (`import { HonoBase } from "./hono-base"` reaches it as a re-export: `imported_fallback`).
            return qualifier, "./" + posixpath.basename(ref.file_path), ref.name
        if not ref.module or qualifier == "-":  # `import "m"`, `require("m")`: no name bound
            return None
        if qualifier == "*":  # `export * from "m"`
            return "*", ref.module, None
        if qualifier.startswith("="):  # `import * as ns from "m"`
            return qualifier[1:], ref.module, None
        if qualifier == "default":  # `import isNetErr from "./lib"`: the default export (else the definition so named)
            return ref.name, ref.module, "default"
        return qualifier or ref.name, ref.module, ref.name

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        """As any typed family's, save that a call of a name a module defines both as a type and as a value (zod's
        `export type OK<T> = ..` beside `export const OK = ..`) calls the value: a type (or a class, which needs
        `new`) is no call's target beside a value of its name (17 of zod's edges reached the type as well), nor an
        interface beside a class of its name; nor is a property's setter beside its getter (got's
        `options.followRedirect(response)` reads the property, calling what `get followRedirect()` returns: it
        reached `set followRedirect(value)` too)."""
        found = super().resolve(ref)
        if ref.edge_type == "CALLS" and len(found) > 1:
            values = [(i, how) for i, how in found if i not in self.nodes or self.nodes[i].node_type != "CLASS"]
            if values and len(values) < len(found):
                return values
            # nor is an interface beside the class it merges with (trpc's `interface CustomEventEmitter` above
            # `class CustomEventEmitter extends EventEmitter`: `new CustomEventEmitter()` reached both)
            classes = [(i, how) for i, how in found if not _interface(self.nodes.get(i))]
            if classes and len(classes) < len(found):
                return classes
            getters = {without_line(i) for i, _how in found if _accessor(self.nodes.get(i)) == "get"}
            if getters:
                return [(i, how) for i, how in found
                        if _accessor(self.nodes.get(i)) != "set" or without_line(i) not in getters]
        return found

    def guessed_kinds(self, qualifier: str | None, name: str) -> tuple[str, ...]:
        """A builtin's method name called on a value nobody types (not on a name: `utils.forEach(..)` of axios's
        `import utils`, an object of functions) is guessed to the project's methods alone, never its functions."""
        if qualifier is not None and not qualifier.startswith("=") and name in BUILTIN_METHODS:
            return ("METHOD",)
        return super().guessed_kinds(qualifier, name)

    def module_item(self, files: Sequence[str], name: str) -> list[str]:
        """A name of a module imported whole (`import * as all from "./index"`): defined there, or re-exported
        (`export * from "./lib"`)."""
        return self.top_level(files, name) or self.imported_fallback(list(files), name)

    def variable_value(self, signature: str) -> str | None:
        return js_variable_value(signature)

    def fits_receiver(self, node_id: str, qualifier: str | None, path: str) -> bool:
        # A definition inside an anonymous function (`test().customFetch.get`, a test's stub) is that function's own:
        # no guess from another file (ky's 350 `.get(..)` calls of Express, Headers and ky itself were guessed to it).
        return "()" not in self.qualified[node_id] or self.nodes[node_id].file_path == path

    def returned(self, function_id: str) -> str | None:
        signature = self.nodes[function_id].signature or ""
        close = closing_paren(signature)
        if close == len(signature):
            return None
        rest = signature[close + 1:].strip()
        if not rest.startswith(":"):
            return None
        # An arrow function's: what comes before its `=>` (`const createInstance = (..): KyInstance => {`)
        depth = 0
        for at, character in enumerate(rest):
            if character in "(<[{":
                depth += 1
            elif character in ")]}" or (character == ">" and rest[at - 1] != "="):
                depth -= 1
            elif character == "=" and rest.startswith("=>", at) and depth <= 0:
                return rest[1:at].strip()
        return rest[1:].strip()

    def returned_instances(self, function_id: str, depth: int) -> tuple[list[str], bool]:
        """As any typed family's, by the declared return type; else by what the function's `return` statements
        return (receivers.py: `return new Immer()`, `return immer` after `const immer = new Immer()`, `return
        this`, `return createStore()`), read inside the function (immer's `createPatchedImmer(..).produce` is
        Immer's)."""
        if function_id in self._returning or len(self._returning) >= _MOST_RETURNS_FOLLOWED:
            return [], False  # (`a()` returns `b()`, which returns `a()`: zod's parent trees had such a cycle)
        self._returning.add(function_id)
        try:
            return self._returned_instances(function_id, depth)
        finally:
            self._returning.discard(function_id)

    def _returned_instances(self, function_id: str, depth: int) -> tuple[list[str], bool]:
        written = self.field_types.get(function_id, {}).get(RETURNED) if self.returned(function_id) is None else None
        if written is None:
            return super().returned_instances(function_id, depth)
        node = self.nodes[function_id]
        if written == OBJECT_LITERAL:  # `return { route() {..} }`: its methods are the function's (`buildRouting.route`)
            return [function_id], True
        if written == "Self":
            return self.own_class(function_id), True
        if depth + 1 >= LONGEST_CALL_CHAIN:
            return [], False
        scope = self.qualified[function_id]
        found = self.instances(node.file_path, scope, written, depth + 1)
        # (`return app` after `var app = express()`, a module called: told nothing, as no `return` at all)
        return found, bool(found) or self.known(node.file_path, scope, written)

    def known(self, path: str, scope: str, value: str) -> bool:
        """As any typed family's, save that what a project function returns is unknown when it neither declares a
        return type nor returns what receivers.py can tell (JavaScript's `const app = createApp()`), and what a module
        called returns (`express()`, `express = require("../")`): a call on it is guessed, as on any value nobody
        can type."""
        if self.builtin_result(path, scope, value):
            return True
        if value.endswith("()") and "()." not in value and "~" not in value and "|" not in value:
            ids = self.resolve_dotted(path, scope, value[:-2])[0]
            if ids and all(i not in self.nodes or self.nodes[i].node_type in ("FUNCTION", "METHOD") and (
                    not self.returned_instances(i, 0)[1] or self.returns_type_parameter(i)) for i in ids):
                return False
        return super().known(path, scope, value)

    def builtin_result(self, path: str, scope: str, value: str) -> bool:
        """Whether `value` is what a method of the language's own value returns of its own (`s.trim()` of `s: string`,
        `items.map(f)` of `const items = []`, js_builtins.BUILTIN_RESULTS): a call on it is the language's, never a
        guess, unless a project class of the name is what the first value is."""
        receiver, chained, method = value.removesuffix("()").rpartition("().")
        if not value.endswith("()") or not chained or method not in BUILTIN_RESULTS:
            return False
        if "()" in receiver:
            return self.builtin_result(path, scope, receiver + "()")
        return receiver in BUILTINS and not self.instances(path, scope, receiver)

    def returns_type_parameter(self, function_id: str) -> bool:
        """Whether a function's declared return type is a type parameter of its own (zod's `compile<T extends
        SomeType>(schema: T): T`): what it returns is what it was passed, which nobody types here."""
        signature = self.nodes[function_id].signature or ""
        declared = type_name(self.returned(function_id) or "")
        opening = _TYPE_PARAMETERS.match(signature)
        return bool(declared and opening and declared in {
            part.split()[0] for part in split_type_arguments(opening.group(1)) if part.split()})


# The most functions whose returns are read at once (`a()` returns `b()`, which returns `c()` ..): what each reads of
# the next starts its own count of calls followed (typed_graph.LONGEST_CALL_CHAIN), so this bounds the whole.
_MOST_RETURNS_FOLLOWED = 8
# A signature's own type parameters: `function compile<T extends SomeType, U = T>(`.
_TYPE_PARAMETERS = re.compile(r"[^(<]*<(.*?)>\s*\(", re.S)


_COMMENT_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _read_jsonc(path: str) -> dict[str, object] | None:
    """A tsconfig: JSON with comments and trailing commas; None when it is missing or unreadable."""
    try:
        with open_regular(path) as handle:
            text = handle.read(1_000_000).decode("utf-8", "replace")
    except OSError:
        return None
    text = _COMMENT_OR_STRING.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)
    try:
        value = json.loads(_TRAILING_COMMA.sub(r"\1", text))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _compiler_options(root: str, config: str, depth: int = 0) -> dict[str, object] | None:
    """A config's compilerOptions with what a relative `extends` adds, and each option's folder
    (`baseUrl` and `paths` count from the config that writes them); None when the file is missing."""
    value = _read_jsonc(os.path.join(root, config))
    if value is None:
        return None
    options: dict[str, object] = {}
    parent = value.get("extends")
    if isinstance(parent, str) and parent.startswith(".") and depth < 5:
        inherited = posixpath.normpath(posixpath.join(posixpath.dirname(config), parent))
        options = _compiler_options(root, inherited if inherited.endswith(".json") else inherited + ".json",
                                    depth + 1) or {}
    own = value.get("compilerOptions")
    if isinstance(own, dict):
        folder = posixpath.dirname(config)
        for key in ("baseUrl", "paths"):
            if key in own:
                options[key] = (folder, own[key])
    return options


def _mapping(options: dict[str, object]) -> tuple[str | None, list[tuple[str, list[str]]]] | None:
    base, paths = options.get("baseUrl"), options.get("paths")
    base_url = None
    if isinstance(base, tuple) and isinstance(base[1], str):
        base_url = posixpath.normpath(posixpath.join(base[0], base[1]))
    mapped: list[tuple[str, list[str]]] = []
    if isinstance(paths, tuple) and isinstance(paths[1], dict):
        # Without a baseUrl, paths count from the folder of the config that writes them.
        relative_to = base_url if base_url is not None else paths[0]
        mapped = [(pattern, [posixpath.join(relative_to, t) for t in targets if isinstance(t, str)])
                  for pattern, targets in sorted(paths[1].items()) if isinstance(targets, list)]
    return (base_url, mapped) if base_url is not None or mapped else None


def _accessor(node: GraphNode | None) -> str | None:
    """`get` or `set` for a class's accessor (`get followRedirect()`), None for anything else."""
    word = (node.signature or "").split(" ", 1)[0] if node is not None else ""
    return word if word in ("get", "set") else None


def _interface(node: GraphNode | None) -> bool:
    return node is not None and node.node_type == "CLASS" and (node.signature or "").startswith("interface ")
