"""Rust: `use` paths find modules as the compiler does (see typed_graph.py for the rest).

A crate's root is the folder of its `lib.rs` or `main.rs` (or `src/`); module `a::b` is `a/b.rs`
or `a/b/mod.rs` under it. `crate::` starts at the root, `self::` at the current module, `super::`
at its parent; a path starting with anything else is a module of the current one when it exists
(`mod fmt;` beside the file), another crate of the workspace or the package's own name in its tests
(rust_crates.py: its lib.rs), or else a library's: `std::fmt` is never the project's `fmt` module.
`pub use` re-exports are followed, `crate::X` through the crate root's. A type's methods are the `impl`
blocks of the crate written for it (rust_types.py); `impl Trait for Type` makes Trait a base of Type
(INHERITS), so its default methods are found. A `use` in a function's body binds names in that body only.
An inline `mod inner { }` is a module inside its file: its items are named `inner::f`
(definitions.py), found as the module `<file>::inner` (`inner::f()`, `self::inner::f()`,
`crate::a::inner::f()`), and a bare name inside it is its own, else what the block imports (a `use`
inside a block is seen there only, and its path counts from there: rust_paths.py), never the
file's other items: `fn new` in `mod tests` is never the file's `new`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from .rust_attributes import TEST_MARK
from .rust_crates import CrateNames
from .rust_paths import BLOCK_MARK
from .rust_types import RustTypes
from .store import ReferenceRow, module_node_id, qualified_in_node_id

# The prelude and the primitive types: never a project definition unless imported.
BUILTINS = frozenset("""
Option Some None Result Ok Err Vec String Box Rc Arc Cell RefCell Copy Clone Send Sync Sized Drop Fn
FnMut FnOnce Default Debug Display Iterator IntoIterator Extend PartialEq Eq PartialOrd Ord Hash ToString
ToOwned AsRef AsMut Into From TryInto TryFrom Self self drop std core alloc i8 i16 i32 i64 i128 isize u8
u16 u32 u64 u128 usize f32 f64 bool char str println print eprintln eprint format write writeln vec
panic assert assert_eq assert_ne debug_assert debug_assert_eq unreachable unimplemented todo matches
dbg include_str concat stringify env cfg line file
""".split())
_EXTERNAL_ROOTS = frozenset({"std", "core", "alloc"})
_RESULT = re.compile(r"^(?:[\w:]*::)?(?:Result|Option)<(.*)>$", re.S)
_ENTRY = ("lib.rs", "main.rs", "mod.rs")
# Cargo's folders whose every file directly in them is a crate of its own (an integration test, an example, a
# benchmark): `mod utils;` in tests/integration_tests.rs is tests/utils/mod.rs, as it would be beside a main.rs.
_TARGET_FOLDERS = frozenset({"tests", "examples", "benches"})
_IN_FUNCTION = "#"  # `src/a.rs#update`: the imports written in a function's body (its paths count from src/a.rs)


class RustResolver(RustTypes):
    extensions = (".rs",)
    builtins = BUILTINS
    reexports = True
    own_name_shared = True  # (a macro `debug_span!` called inside `fn debug_span`)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.file_set = set(self.files)
        self.roots = sorted({posixpath.dirname(f) for f in self.files
                             if posixpath.basename(f) in ("lib.rs", "main.rs")}, key=lambda r: (-len(r), r))
        # Inline `mod` blocks, per file (`inner`, `inner::deeper`); `<file>::inner` holds their items.
        self.blocks: dict[str, set[str]] = {}
        for node_id, qualified in self.qualified.items():
            head = qualified.split(".", 1)[0]
            if "::" in head:
                path = self.nodes[node_id].file_path
                block = head.rpartition("::")[0]
                self.defs[f"{path}::{block}"][qualified[len(block) + 2:]].append(node_id)
                parts = block.split("::")
                self.blocks.setdefault(path, set()).update("::".join(parts[:n]) for n in range(1, len(parts) + 1))
        self._files_from: dict[tuple[str, str], list[str] | None] = {}
        self._impl_owners: dict[str, str | None] = {}
        self.crates = CrateNames(self.root, self.files)
        self.uncalled = frozenset(i for i, facts in self.field_types.items() if TEST_MARK in facts)
        self._binding_now: set[str] = set()
        self.macros: dict[str, list[str]] = {}
        for node_id, node in self.nodes.items():
            if node.node_type == "FUNCTION" and (node.signature or "").startswith("macro_rules!"):
                self.macros.setdefault(node.name, []).append(node_id)
        # A `use` inside a block binds names in that block only (rust_paths.py marks its qualifier).
        for path in [p for p in self.imports if p.endswith(".rs")]:
            for ref in list(self.imports[path]):
                block, marked, _rest = (ref.qualifier or "").partition(BLOCK_MARK)
                if marked:
                    self.imports[path].remove(ref)
                    self.imports[f"{path}::{block}"].append(ref)
        # A `use` inside a function body binds names in that body only, its path counting from the module: ripgrep's
        # flags/defs.rs has three `update` functions, each with its own `use ...::XSeparator as Separator;`.
        self.function_uses: set[str] = set()
        for origin in [o for o in self.imports if o.endswith(".rs") or "::" in o]:
            for ref in list(self.imports[origin]):
                scope = qualified_in_node_id(self.project_id, ref.file_path, ref.source_id)
                if scope and ref.source_id in self.nodes:
                    self.imports[origin].remove(ref)
                    self.imports[f"{origin}{_IN_FUNCTION}{scope}"].append(ref)
                    self.function_uses.add(f"{origin}{_IN_FUNCTION}{scope}")
        # `mod std_support { impl From<String> for Value { .. } }`: methods of the Value the block sees.
        for node_id, qualified in list(self.qualified.items()):
            owner_name, _, method = qualified.rpartition(".")
            node = self.nodes[node_id]
            if node.node_type != "METHOD" or "::" not in owner_name or "." in owner_name \
                    or self.defs[node.file_path].get(owner_name):
                continue
            owner = self.class_named(node.file_path, owner_name)
            if owner is not None:
                self.by_qualified[f"{self.qualified[owner]}.{method}"].append(node_id)

    def bindings(self, path: str) -> dict[str, list[tuple[list[str] | None, str | None]]]:
        self._binding_now.add(path)
        try:
            return super().bindings(path)
        finally:
            self._binding_now.discard(path)

    def split_scope(self, scope: str) -> tuple[str, list[str]]:
        head = scope.split(".", 1)[0]
        if "::" not in head:
            return super().split_scope(scope)
        block = head.rpartition("::")[0]
        return block + "::", scope[len(block) + 2:].split(".")

    def signature_scope(self, qualified: str) -> str:
        # A function right inside an inline module (`tests::builder`) names its types by the module's own `use`s
        # (ripgrep's `mod tests { use crate::{WalkBuilder}; fn builder() -> WalkBuilder }`): read from the file's
        # scope, `let b = builder(..); b.hidden(false)` reached nothing. Its own scope keeps the block.
        return qualified if "::" in qualified.rpartition(".")[2] else super().signature_scope(qualified)

    def real_file(self, module: str) -> str:
        return module.split("::", 1)[0]

    def class_named(self, path: str, qualified: str) -> str | None:
        if "::" in qualified and "." not in qualified:  # an impl block's type inside a block: `tests::Foo`
            ids = self.resolve_name(path, qualified, qualified.rpartition("::")[2])[0]
            return next((i for i in ids if i in self.nodes and self.nodes[i].node_type == "CLASS"), None)
        return super().class_named(path, qualified)

    def origin(self, path: str, scope: str) -> str:
        block = self.split_scope(scope)[0]
        return f"{path}::{block[:-2]}" if block else path

    def import_origin(self, ref: ReferenceRow) -> str:
        block, marked, _rest = (ref.qualifier or "").partition(BLOCK_MARK)
        return f"{ref.file_path}::{block}" if marked else ref.file_path

    def module_files(self, module: str, from_file: str) -> list[str] | None:
        # `self::x` means another module in each file of a folder: cached per file, not per folder.
        from_file = from_file.partition(_IN_FUNCTION)[0]
        key = (module, from_file)
        if key not in self._files_from:
            found = self.find_module(module, from_file)
            self._files_from[key] = sorted(set(found)) if found else (None if found is None else [])
        return self._files_from[key]

    def crate_root(self, path: str) -> str:
        path = self.real_file(path)
        target = _target_folder(path)
        for root in self.roots:
            if not root or path.startswith(root + "/"):
                return target if target is not None and len(target) > len(root) else root
        if target is not None:
            return target
        folder = posixpath.dirname(path)
        parts = folder.split("/")
        return "/".join(parts[:parts.index("src") + 1]) if "src" in parts else folder

    def holds_methods_of(self, class_path: str, method_path: str) -> bool:
        return self.crate_root(class_path) == self.crate_root(method_path)

    def module_item(self, files: Sequence[str], name: str) -> list[str]:
        # `crate::Deserializer::from_str(..)`, `crate::from_str(..)`: serde_json's lib.rs re-exports them (`pub use`).
        found = self.top_level(files, name) or self.imported_fallback(list(files), name)
        if not found and files and self.crates.is_library(self.real_file(files[0])):
            # A crate's `#[macro_export] macro_rules!` is at its root wherever it is written: `tracing::trace_span!`;
            # and at the root of a crate re-exporting that root whole: clap's `pub use clap_builder::*` makes
            # clap_builder's `crate_version!` `clap::crate_version!`.
            if files[0] not in self._binding_now:
                self.bindings(files[0])
            roots = {self.crate_root(files[0])} | {
                self.crate_root(glob[0]) for glob in self._wildcards.get(files[0], ())
                if glob and self.crates.is_library(self.real_file(glob[0]))}
            found = [i for i in self.macros.get(name, ()) if self.crate_root(self.nodes[i].file_path) in roots]
        return found

    def module_path(self, path: str) -> tuple[str, list[str]]:
        """(crate root, the module's path in the crate): `src/a/b.rs` and `src/a/b/mod.rs` are a::b."""
        path, _, block = path.partition("::")
        root = self.crate_root(path)
        segments = (path[len(root) + 1:] if root else path)[:-3].split("/")
        crate_file = len(segments) == 1 and root.rpartition("/")[2] in _TARGET_FOLDERS  # (tests/it.rs)
        if segments[-1] in ("lib", "main", "mod") or crate_file:
            segments = segments[:-1]
        return root, [*segments, *block.split("::")] if block else segments

    def file_of(self, root: str, segments: list[str]) -> list[str]:
        """The module `segments` of a crate: a file, or an inline block of the nearest file (`<file>::inner`)."""
        found = self.source_file(root, segments)
        if found or not self.blocks:
            return found
        for length in range(len(segments) - 1, -1, -1):
            files = self.source_file(root, segments[:length])
            if files:
                block = "::".join(segments[length:])
                return [f"{files[0]}::{block}"] if block in self.blocks.get(files[0], ()) else []
        return []

    def module_beside(self, root: str, current: list[str], name: str, from_file: str) -> list[str]:
        """The file of a module `name` declared in module `current` (`mod fmt;`, then `fmt::..`); none in a test's,
        an example's or a benchmark's crate where `name` is a library of the package: benches/bytes.rs is a crate of
        its own beside benches/bytes_mut.rs, whose `use bytes::BytesMut` is the library's."""
        files = self.file_of(root, [*current, name])
        if files and root.rpartition("/")[2] in _TARGET_FOLDERS and self.crates.library(
                name, self.real_file(from_file)) is not None:
            return []
        return files

    def source_file(self, root: str, segments: list[str]) -> list[str]:
        base = "/".join([root, *segments]).strip("/")
        names = (f"{base}/lib.rs", f"{base}/main.rs") if not segments else (f"{base}.rs", f"{base}/mod.rs")
        return [f.lstrip("/") for f in names if f.lstrip("/") in self.file_set][:1]

    def find_module(self, module: str, from_file: str) -> list[str] | None:
        """The file of the module a path names (its last segments may be items in it)."""
        parts = [p for p in module.replace(".", "::").split("::") if p]
        if not parts or parts[0] in _EXTERNAL_ROOTS:
            return None
        root, current = self.module_path(from_file)
        if parts[0] == "crate":
            segments, parts = [], parts[1:]
        elif parts[0] in ("self", "super"):
            segments = list(current)
            while parts and parts[0] in ("self", "super"):
                segments = segments[:-1] if parts[0] == "super" else segments
                parts = parts[1:]
        elif self.module_beside(root, current, parts[0], from_file):  # `mod fmt;` beside the file
            segments = list(current)
        elif (library := self.crates.library(parts[0], self.real_file(from_file))) is not None:
            # A crate of the workspace, or the package's own in its tests/ (`serde_json::from_str`).
            root, segments, parts, current = self.crate_root(library), [], parts[1:], None
        else:
            return None  # another crate
        files = self.file_of(root, segments) if segments != current else [from_file]
        for part in parts:
            inner = self.file_of(root, [*segments, part])
            if not inner:
                # A module the file re-exports: grep's `pub extern crate grep_searcher as searcher;`.
                inner = self.reexported_module(files, part)
                if not inner:
                    break  # an item of the module found so far
                files = inner
                root, segments = self.module_path(inner[0])
                continue
            segments.append(part)
            files = inner
        return files

    def reexported_module(self, files: list[str], name: str) -> list[str]:
        """The module a file binds `name` to by `extern crate x as name` or `use path::to::module as name`."""
        if not files or files[0] in self._binding_now:
            return []  # (a path in the very imports being read)
        for found, imported in self.bindings(files[0]).get(name, ()):
            if found and imported is not None and self.names_module(found, imported, files[0]):
                return found
        return []

    def names_module(self, files: list[str], imported: str, written_in: str | None = None) -> bool:
        """Whether an import's name is the module it found (`use crate::net;`, `use tracing::{self}`, `extern crate
        grep_searcher as searcher;`), not an item in it."""
        return self.module_path(files[0])[1][-1:] == [imported] or (
            self.crates.library(imported, self.real_file(written_in or files[0])) == files[0]
            or self.crates.libraries.get(imported) == files[0])

    def binding(self, ref: ReferenceRow) -> tuple[str, str, str | None] | None:
        module = (ref.module or "").replace(" ", "")
        if not module:
            return None
        qualifier = (ref.qualifier or "").rpartition(BLOCK_MARK)[2]  # `tests>*`: the block is the importer
        if qualifier == "*":
            return "*", module, None
        last = module.rsplit("::", 1)[-1]
        if ref.name != last and not module.endswith("::" + ref.name):  # `use a::b::{C, D}`: module a::b
            module = f"{module}::{ref.name}"
        local = qualifier or ref.name
        if module.rsplit("::", 1)[-1] in ("self",):
            module = module.rsplit("::", 1)[0]
        return local, module, module.rsplit("::", 1)[-1]

    def resolve_name(self, path: str, scope: str, name: str) -> tuple[list[str], str, bool]:
        if self.function_uses and scope:
            found = self.used_in_function(path, scope, name)
            if found is not None:
                return found
        ids, how, outside = super().resolve_name(path, scope, name)
        if not ids and not outside and self.function_uses and scope:
            # `use crate::seps::*;` in a function body: what the path names, when nothing nearer has the name
            # (`use self::DirEntryInner::*;` in ripgrep's DirEntry methods names an enum's variants, not the file).
            origin = self.origin(path, scope)
            parts = scope.split(".")
            keys = [f"{origin}{_IN_FUNCTION}{'.'.join(parts[:length])}" for length in range(len(parts), 0, -1)]
            for key in (k for k in keys if k in self.function_uses):
                self.bindings(key)
                found = [i for files in self._wildcards.get(key, ()) for i in self.top_level(files, name)]
                if found:
                    return sorted(set(found)), "IMPORT", False
        if not ids and not outside:
            origin = self.origin(path, scope)
            if any(files and imported and self.crates.is_library(files[0]) and not self.names_module(files, imported)
                   and self.crate_root(files[0]) != self.crate_root(path)
                   for files, imported in self.bindings(origin).get(name, ())):
                # Imported from another crate of the workspace, but not found there (tracing's
                # `use tracing::{subscriber::with_default}`, a nested path the parser drops; a `#[macro_export]`
                # macro): that crate's, as when it counted as a library, never a guess.
                return [], "IMPORT", True
            # A `use` of a module: `use crate::net;` then `net::connect()`.
            for files, imported in self.bindings(origin).get(name, ()):
                if files and imported and not self.top_level(files, imported):
                    return [module_node_id(self.project_id, f) for f in files], "IMPORT", False
            # `use super::*` brings in what the module holds and what it imports.
            for files in self._wildcards.get(origin, ()):
                found = self.imported_fallback(files, name)
                if found:
                    return sorted(set(found)), "IMPORT", False
                if any(inner is None for f in files for inner, _name in self.bindings(f).get(name, ())):
                    return [], "IMPORT", True  # the module imports it from another crate
        return ids, how, outside

    def used_in_function(self, path: str, scope: str, name: str) -> tuple[list[str], str, bool] | None:
        """What a `use` in the body of the function `scope` (or of one around it) binds `name` to; None: none."""
        origin = self.origin(path, scope)
        parts = scope.split(".")
        for length in range(len(parts), 0, -1):
            key = f"{origin}{_IN_FUNCTION}{'.'.join(parts[:length])}"
            if key not in self.function_uses:
                continue
            if name not in self.bindings(key):
                continue
            found: list[str] = []
            for files, imported in self.bindings(key)[name]:
                if not files:
                    continue
                if imported is None:
                    found.extend(module_node_id(self.project_id, f) for f in files)
                else:  # an item, or a module (`use crate::net;`)
                    found.extend(self.top_level(files, imported) or self.imported_fallback(files, imported)
                                 or [module_node_id(self.project_id, f) for f in files])
            return sorted(set(found)), "IMPORT", not found
        return None

    def resolve_head(self, path: str, scope: str, head: str) -> tuple[list[str], str, bool]:
        origin = self.origin(path, scope)
        if head in ("crate", "self", "super"):
            files = self.find_module(head, origin) or []
            return [module_node_id(self.project_id, f) for f in files], "IMPORT", False
        ids, how, outside = self.resolve_name(path, scope, head)
        if not ids and not outside:
            root, current = self.module_path(origin)
            files = self.module_beside(root, current, head, path)  # `mod net;` then `net::connect()`
            library = self.crates.library(head, path)  # `grep_searcher::Sink`, `serde_json::from_str` in tests/
            if files or library:
                return [module_node_id(self.project_id, f) for f in files or [library]], "IMPORT", False
        return ids, how, outside or head in _EXTERNAL_ROOTS

    def submodule(self, holder: str, part: str) -> list[str]:
        root, segments = self.module_path(holder[len(self.project_id) + 1:])
        inner = segments[:-1] if part == "super" else [*segments, part]  # `super::super::f`
        files = self.file_of(root, inner) if inner or segments else []
        if not files and part != "super":  # `grep::searcher::Searcher`: grep's `pub extern crate grep_searcher as searcher;`
            files = self.reexported_module([holder[len(self.project_id) + 1:]], part)
        return [module_node_id(self.project_id, f) for f in files]

    def returned(self, function_id: str) -> str | None:
        """`fn new(addr: &str) -> Self` returns Self (the impl block's type); `-> anyhow::Result<SearchWorker<W>>`
        and `-> Option<T>` what they hold, as `let w = args.search_worker(..)?` (ripgrep's main.rs) holds it."""
        signature = self.nodes[function_id].signature or ""
        _, arrow, rest = signature.partition("->")
        if not arrow:
            return None
        return held_by_result(rest.split(" where ", 1)[0].strip()) or None


def held_by_result(type_text: str) -> str:
    """What a `Result<T, E>` or an `Option<T>` holds (`io::Result<T>`, `anyhow::Result<T>` too), else the type as
    it is: the value `?` takes out, and that nothing else of the project is a method of."""
    match = _RESULT.match(type_text)
    if match is None:
        return type_text
    depth = 0
    for position, character in enumerate(match.group(1)):
        depth += {"<": 1, "(": 1, "[": 1, ">": -1, ")": -1, "]": -1}.get(character, 0)
        if character == "," and depth == 0:
            return match.group(1)[:position].strip()
    return match.group(1).strip()


def _target_folder(path: str) -> str | None:
    """The Cargo target folder (tests/, examples/, benches/: _TARGET_FOLDERS) a file is in, outside any src/
    folder: its crate's root folder (`tests` for tests/utils/command.rs); None for a file in no such folder."""
    parts = path.split("/")[:-1]
    for at in range(len(parts) - 1, -1, -1):
        if parts[at] in _TARGET_FOLDERS and "src" not in parts[:at]:
            return "/".join(parts[:at + 1])
    return None
