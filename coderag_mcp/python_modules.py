"""Finding a Python module's file the way an import statement finds it.

Relative imports are resolved from the importing file's package. An absolute import is looked for
at the project root, under `src/`, then in the folder the importing file runs from (the first
folder up that is no package: a script's folder, a test folder pytest puts on the path). A name of
the standard library is the standard library unless one of those has it (`import typing as t` in
`src/flask/` is not `src/flask/typing.py`). Otherwise the module may be under any other folder
that is no package (an example application); the nearest to the importing file wins.
"""

from __future__ import annotations

import posixpath
import sys
from collections import defaultdict
from collections.abc import Iterable

PYTHON_EXTENSIONS = (".py", ".pyi")
STANDARD_LIBRARY = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__"}
_INIT_FILES = ("__init__.py", "__init__.pyi")


def is_python(path: str) -> bool:
    return path.endswith(PYTHON_EXTENSIONS)


def _strip(path: str) -> str:
    return path.rsplit(".", 1)[0]


class PythonModules:
    """The project's Python files as modules and packages."""

    def __init__(self, files: Iterable[str]) -> None:
        self.files = {f for f in files if is_python(f)}
        self.packages = {posixpath.dirname(f) for f in self.files if posixpath.basename(f) in _INIT_FILES}
        self.by_last_part: dict[str, list[str]] = defaultdict(list)
        for path in sorted(self.files):
            stem = _strip(path)
            last = stem.rsplit("/", 1)[-1]
            if last == "__init__":
                stem = posixpath.dirname(path)
                last = stem.rsplit("/", 1)[-1]
            self.by_last_part[last].append(path)
        self._modules: dict[tuple[str, str], list[str] | None] = {}
        self._script_roots: dict[str, str] = {}  # asked once per import a link resolves

    def script_root(self, path: str) -> str:
        """The folder Python runs this file from: the first one up that is no package."""
        root = self._script_roots.get(path)
        if root is None:
            folder = posixpath.dirname(path)
            while folder and folder in self.packages:
                folder = posixpath.dirname(folder)
            root = self._script_roots[path] = folder
        return root

    def module_files(self, module: str, from_file: str) -> list[str] | None:
        """The project file an import of `module` in `from_file` finds; None when it is outside."""
        key = (module, from_file if module.startswith(".") else self.script_root(from_file))
        if key not in self._modules:
            self._modules[key] = self._module_files(module, from_file) or None
        return self._modules[key]

    def _at(self, path: str) -> list[str]:
        if not path:
            return [f for f in _INIT_FILES if f in self.files][:1]
        for candidate in (path + ".py", path + "/__init__.py", path + ".pyi", path + "/__init__.pyi"):
            if candidate in self.files:
                return [candidate]
        return []

    def _module_files(self, module: str, from_file: str) -> list[str]:
        if module.startswith("."):
            return self._at(relative_module_path(module, from_file))
        path = module.replace(".", "/")
        for root in dict.fromkeys(("", "src", self.script_root(from_file))):
            found = self._at(posixpath.join(root, path) if root else path)
            if found:
                return found
        if module.split(".", 1)[0] in STANDARD_LIBRARY:
            return []
        # A module found only under another folder that is no package (an example app, a fixture):
        # the nearest one to the importing file. When several are as near, the import is no answer:
        # it binds one module, and which one depends on how the program is run (a copy of a package
        # that lacks the module resolved to it in every other copy: 63 sure edges for one import).
        found: dict[str, str] = {}  # the module's folder -> its file, as `_at` would pick it there
        for candidate in self.by_last_part.get(path.rsplit("/", 1)[-1], ()):
            stem = _strip(candidate)
            stem = posixpath.dirname(candidate) if stem.endswith("/__init__") or stem == "__init__" else stem
            if stem.endswith("/" + path) and stem[: -len(path) - 1] not in self.packages and stem not in found:
                found[stem] = self._at(stem)[0]
        if len(found) > 1:
            folder = posixpath.dirname(from_file)
            nearness = {f: len(posixpath.commonpath([folder, posixpath.dirname(f)])) if folder else 0
                        for f in found.values()}
            best = max(nearness.values())
            nearest = [f for f in found.values() if nearness[f] == best]
            return nearest if len(nearest) == 1 else []
        return list(found.values())

    def submodule(self, package_file: str, name: str) -> list[str]:
        if posixpath.basename(package_file) not in _INIT_FILES:
            return []
        return self._at(posixpath.join(posixpath.dirname(package_file), name))


def relative_module_path(module: str, from_file: str) -> str:
    """The path, without extension, a relative import (`.a.b`, `..c`) names from a file: one dot is the file's
    own package, each more dot one package up."""
    dots = len(module) - len(module.lstrip("."))
    base = posixpath.dirname(from_file)
    for _ in range(dots - 1):
        base = posixpath.dirname(base)
    rest = module.lstrip(".").replace(".", "/")
    return posixpath.join(base, rest) if rest else base
