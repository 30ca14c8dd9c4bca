"""TypeScript and JavaScript: imports find files as Node and TypeScript do (see typed_graph.py for
the rest of the resolution).

A relative specifier (`./x`, `../x`) is the file with one of the extensions, or the folder's
`index` file; TypeScript's ESM style `./x.js` also finds `x.ts`. A bare specifier (`react`,
`path`, `node:fs`) is a package, never a project file, even when the project has a `path.js`.
"""

from __future__ import annotations

import posixpath

from .store import ReferenceRow
from .typed_graph import TypedResolver, closing_paren

EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# What a specifier without an extension may end with, in the order TypeScript then Node try them.
_SUFFIXES = (".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_COMPILED = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}

# Globals of the language, the browser and Node: a project class named `Map` or `Request` is not
# what `new Map()` means in a file that does not import it.
BUILTINS = frozenset("""
Array ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError
FinalizationRegistry Float32Array Float64Array Function Int8Array Int16Array Int32Array Intl JSON Map Math
NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer String
Symbol SyntaxError TypeError URIError Uint8Array Uint8ClampedArray Uint16Array Uint32Array WeakMap
WeakRef WeakSet Infinity undefined globalThis eval isFinite isNaN parseFloat parseInt decodeURI
decodeURIComponent encodeURI encodeURIComponent escape unescape console process Buffer global module
exports require setTimeout setInterval setImmediate clearTimeout clearInterval clearImmediate
queueMicrotask structuredClone fetch Request Response Headers URL URLSearchParams AbortController
AbortSignal Event EventTarget TextEncoder TextDecoder Blob File FormData ReadableStream WritableStream
TransformStream WebSocket Worker window document navigator location history localStorage
sessionStorage performance crypto atob btoa alert confirm prompt HTMLElement Element Node NodeList
CustomEvent MutationObserver IntersectionObserver ResizeObserver requestAnimationFrame
cancelAnimationFrame Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType
Parameters InstanceType Awaited PromiseLike Iterable Iterator AsyncIterable IterableIterator
ReadonlyArray ArrayLike PropertyKey string number boolean any unknown never void object symbol bigint null
""".split())


class JsResolver(TypedResolver):
    extensions = EXTENSIONS
    builtins = BUILTINS
    reexports = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.file_set = set(self.files)

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        if not module.startswith(("./", "../")) and module not in (".", ".."):
            return None  # a package (node_modules, the runtime): not the project's
        base = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), module))
        if base.startswith("../"):
            return None
        candidates = [base] if base.endswith(EXTENSIONS) else []
        stem, extension = posixpath.splitext(base)
        candidates += [stem + compiled for compiled in _COMPILED.get(extension, ())]
        candidates += [base + suffix for suffix in _SUFFIXES]
        candidates += [posixpath.join(base, "index" + suffix) for suffix in _SUFFIXES]
        for candidate in candidates:
            if candidate in self.file_set:
                return [candidate]
        return []

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        qualifier = ref.qualifier or ""
        if not ref.module or qualifier == "-":  # `import "m"`, `require("m")`: no name bound
            return None
        if qualifier == "*":  # `export * from "m"`
            return "*", ref.module, None
        if qualifier.startswith("="):  # `import * as ns from "m"`
            return qualifier[1:], ref.module, None
        if qualifier == "default":  # `import Router from "./router"`: the default export, by its name
            return ref.name, ref.module, ref.name
        return qualifier or ref.name, ref.module, ref.name

    def returned(self, function_id: str) -> str | None:
        signature = self.nodes[function_id].signature or ""
        close = closing_paren(signature)
        if close == len(signature):
            return None
        rest = signature[close + 1:].strip()
        return rest[1:].strip() if rest.startswith(":") else None

