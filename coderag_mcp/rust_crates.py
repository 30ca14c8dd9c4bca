"""The crates of a Cargo project, by the names its code writes them (rust_graph.py).

A path may start with a crate's name: another member of the workspace (ripgrep's core writes `grep::searcher`,
`ignore::WalkBuilder`; printer `grep_matcher::Matcher`), or the package itself in its tests/, examples/ and
benches/ (`serde_json::from_str` in serde_json's tests). Each Cargo.toml says the package's name and its `[lib]`
(name and path, `src/lib.rs` unless told) and its dependencies; a name is a crate's as a file's nearest
Cargo.toml sees it: its own package's library, a dependency given by `path` (under its key, which may rename
it: `foo = { package = "bar", path = .. }`) or any dependency named like a package of the project. Dashes are
underscores in code. Read from the project's folder on disk; a project without one (or without manifests)
has no crate names, as before.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .paths import open_regular

_SECTION = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$')
_STRING = re.compile(r'^"([^"]*)"|^\'([^\']*)\'')
_INLINE = re.compile(r'\b(path|package|workspace)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(true))')
_DEPENDENCIES = ("dependencies", "dev-dependencies", "build-dependencies")


@dataclass
class Manifest:
    """What a Cargo.toml says that names crates: (package name, [lib] name and path, dependencies)."""

    folder: str
    package: str | None = None
    lib_name: str | None = None
    lib_path: str | None = None
    # dependency key as code writes it -> (package name, path relative to the manifest's folder or None)
    dependencies: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def crate_name(name: str) -> str:
    return name.replace("-", "_")


def read_manifest(folder: str, text: str) -> Manifest:
    """The names of a Cargo.toml's text: the few keys needed, read line by line (no TOML library on Python 3.10)."""
    manifest = Manifest(folder)
    section = ""
    for line in text.splitlines():
        line = line.split(" #", 1)[0]
        if (header := _SECTION.match(line)) is not None:
            section = header.group(1).replace('"', "")
            continue
        if (pair := _KEY.match(line)) is None:
            continue
        key, value = pair.group(1).strip('"'), pair.group(2).strip()
        text_value = _STRING.match(value)
        string = (text_value.group(1) if text_value.group(1) is not None else text_value.group(2)) if text_value else None
        table, _, dependency = section.rpartition(".")
        if section == "package" and key == "name":
            manifest.package = string
        elif section == "lib" and key in ("name", "path"):
            setattr(manifest, f"lib_{key}", string)
        elif section.split(".")[-1] in _DEPENDENCIES:  # `grep-matcher = { version = "0.1.7", path = "../matcher" }`
            options = {m.group(1): m.group(2) or m.group(3) or m.group(4) for m in _INLINE.finditer(value)}
            manifest.dependencies[crate_name(key)] = (options.get("package") or key, options.get("path"))
        elif table.split(".")[-1] in _DEPENDENCIES and string is not None and key in ("path", "package"):
            # `[dependencies.grep-searcher]` then `path = "../searcher"`
            package, path = manifest.dependencies.get(crate_name(dependency), (dependency, None))
            manifest.dependencies[crate_name(dependency)] = (string, path) if key == "package" else (package, string)
    return manifest


class CrateNames:
    """The crates a file's code can name, with the file each one's root is (its lib.rs)."""

    def __init__(self, root: str | None, files: Iterable[str]) -> None:
        self.files = set(files)
        folders = {posixpath.dirname(f) for f in self.files}
        for folder in list(folders):
            while folder:
                folder = posixpath.dirname(folder)
                folders.add(folder)
        self.manifests: dict[str, Manifest] = {}
        for folder in sorted(folders) if root is not None else ():
            try:
                with open_regular(os.path.join(root, folder, "Cargo.toml")) as handle:
                    text = handle.read(1_000_000).decode("utf-8", "replace")
            except OSError:
                continue
            self.manifests[folder] = read_manifest(folder, text)
        # Each package's library root, by its package name (dashes as written) and its folder.
        self.libraries: dict[str, str] = {}
        self.by_folder: dict[str, str] = {}
        for folder, manifest in self.manifests.items():
            lib = posixpath.normpath(posixpath.join(folder, manifest.lib_path or "src/lib.rs"))
            if manifest.package and lib in self.files:
                self.libraries[crate_name(manifest.package)] = lib
                self.by_folder[folder] = lib
        self._names: dict[str, dict[str, str]] = {}
        self._library_files = set(self.libraries.values())

    def manifest_of(self, path: str) -> Manifest | None:
        folder = posixpath.dirname(path)
        while True:
            if folder in self.manifests:
                return self.manifests[folder]
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    def names(self, path: str) -> dict[str, str]:
        """The crate names code in `path` may write, each to its library root file."""
        manifest = self.manifest_of(path)
        if manifest is None:
            return {}
        if manifest.folder not in self._names:
            names: dict[str, str] = {}
            own = self.by_folder.get(manifest.folder)
            if own is not None and manifest.package:
                names[crate_name(manifest.lib_name or manifest.package)] = own
            for key, (package, path) in manifest.dependencies.items():
                lib = self.by_folder.get(posixpath.normpath(posixpath.join(manifest.folder, path))) if path else None
                names[key] = lib or self.libraries.get(crate_name(package), "")  # (`{ workspace = true }`)
            self._names[manifest.folder] = {name: lib for name, lib in names.items() if lib}
        return self._names[manifest.folder]

    def is_library(self, path: str) -> bool:
        """Whether a file is the root of a library crate of the project."""
        return path in self._library_files

    def library(self, name: str, path: str) -> str | None:
        """The root file of the crate `name` as written in `path`; None when it is no crate of the project."""
        return self.names(path).get(name) if self.manifests else None
