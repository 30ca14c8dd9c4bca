"""Finding a Python module's file the way an import statement finds it.

Relative imports are resolved from the importing file's package. An absolute import is looked for
at the project root, under `src/`, then in the folder the importing file runs from (the first
folder up that is no package: a script's folder, a test folder pytest puts on the path). A name of
the standard library is the standard library unless one of those has it (`import typing as t` in
`src/flask/` is not `src/flask/typing.py`). Otherwise the module may be under any other folder
that is no package (an example application); the nearest to the importing file wins, and when
several are as near, none does (the import is left unresolved rather than tied to each of them).
When the project's folder is itself a package (`sphinx/` indexed alone), its modules are imported by
its name (`sphinx.application`), and the standard library comes before its own modules.
"""

from __future__ import annotations

import os
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

    def __init__(self, files: Iterable[str], root: str | None = None) -> None:
        """`root`: the project's folder, whose name is the package's when it is one (`sphinx/`, with its
        `__init__.py`)."""
        self.files = {f for f in files if is_python(f)}
        self.packages = {posixpath.dirname(f) for f in self.files if posixpath.basename(f) in _INIT_FILES}
        self.root_is_package = "" in self.packages
        name = os.path.basename(os.path.normpath(root)) if root else ""
        self.root_package = name if self.root_is_package and name.isidentifier() else None
        self.by_last_part: dict[str, list[str]] = defaultdict(list)
        for path in sorted(self.files):
            stem = _strip(path)
            last = stem.rsplit("/", 1)[-1]
            if last == "__init__":
                stem = posixpath.dirname(path)
                last = stem.rsplit("/", 1)[-1]
            self.by_last_part[last].append(path)
        self._modules: dict[tuple[str, str], list[str] | tuple[str, ...] | None] = {}
        self._script_roots: dict[str, str] = {}  # asked once per import a link resolves
        self._nearest: dict[tuple[str, str], list[str] | None] = {}

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
        # Where Python looks depends on the file's script root (an absolute import) or its package (a
        # relative one); a module found only outside the packages, on the file's own folder.
        key = (module, posixpath.dirname(from_file) if module.startswith(".") else self.script_root(from_file))
        if key not in self._modules:
            self._modules[key] = self._module_files(module, from_file)
        found = self._modules[key]
        if isinstance(found, tuple):
            folder = posixpath.dirname(from_file)
            if (module, folder) not in self._nearest:
                self._nearest[module, folder] = _nearest(found, folder) or None
            return self._nearest[module, folder]
        return found

    def _at(self, path: str) -> list[str]:
        if not path:
            return [f for f in _INIT_FILES if f in self.files][:1]
        for candidate in (path + ".py", path + "/__init__.py", path + ".pyi", path + "/__init__.pyi"):
            if candidate in self.files:
                return [candidate]
        return []

    def _module_files(self, module: str, from_file: str) -> list[str] | tuple[str, ...] | None:
        """The module's file where Python looks; else, as a tuple, its files under folders that are no
        packages (an example app, a fixture) when there are several: the nearest is taken (`_nearest`)."""
        if module.startswith("."):
            return self._at(relative_module_path(module, from_file)) or None
        path = module.replace(".", "/")
        if self.root_is_package:
            # The project's folder is a package (`sphinx/`): `sphinx.application` is its `application.py`, and a name
            # of the standard library is the library's (`import io` is not its `io.py`, which is `sphinx.io`)
            head, _, rest = module.partition(".")
            if head == self.root_package and (found := self._at(rest.replace(".", "/"))):
                return found
            if head in STANDARD_LIBRARY:
                return None
        for root in dict.fromkeys(("", "src", self.script_root(from_file))):
            found = self._at(posixpath.join(root, path) if root else path)
            if found:
                return found
        if module.split(".", 1)[0] in STANDARD_LIBRARY:
            return None
        elsewhere: dict[str, str] = {}  # the module's path -> its file, as `_at` picks it there
        for candidate in self.by_last_part.get(path.rsplit("/", 1)[-1], ()):
            stem = _strip(candidate)
            stem = posixpath.dirname(candidate) if stem.endswith("/__init__") or stem == "__init__" else stem
            if stem.endswith("/" + path) and stem[: -len(path) - 1] not in self.packages and stem not in elsewhere:
                elsewhere[stem] = self._at(stem)[0]
        if len(elsewhere) > 1:
            return tuple(elsewhere.values())
        return list(elsewhere.values()) or None

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


def _nearest(files: tuple[str, ...], folder: str) -> list[str]:
    """The one of a module's files (each under a folder that is no package) nearest to `folder`; none when
    several are as near: an import binds one module, and which one then depends on how the program is
    run (a copy of a package that lacks a module resolved it to that module in each of 63 other copies)."""
    nearness = {f: len(posixpath.commonpath([folder, posixpath.dirname(f)])) if folder else 0 for f in files}
    best = max(nearness.values())
    nearest = [f for f in files if nearness[f] == best]
    return nearest if len(nearest) == 1 else []
