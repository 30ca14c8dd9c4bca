"""Which of a project's files an import's module means, written in a given file, as the link finds them
(name_index.GraphIndex.files_for_module): for find_references and module_names.py, which ask it of files they read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .name_index import GraphIndex
from .declared_namespaces import DeclaredNamespaces
from .rust_paths import relative_module_files

_COMPILED_JS = re.compile(r"\.(js|mjs|cjs|jsx)$")


def module_refers_to(module: str, from_file: str, file_path: str,
                     namespaces: DeclaredNamespaces | None = None) -> bool:
    """Whether an import of `module` written in `from_file` can mean the file `file_path` (TypeScript imports
    `./merge.js` to mean `merge.ts`; Rust's `super::LIMIT` the parent module's file; given the PHP files'
    `namespaces`, a PHP `use` the file that declares the class's namespace where a Composer prefix left it out of
    the path)."""
    if from_file.endswith(".rs") and (rust_files := relative_module_files(module, from_file)):
        return file_path in rust_files
    index = GraphIndex.build("", (), [file_path])
    index.namespaces = namespaces
    return bool(index.files_for_module(module, from_file)) or bool(
        _COMPILED_JS.search(module) and index.files_for_module(_COMPILED_JS.sub("", module), from_file))


def files_module_means(module: str, from_file: str, files: Sequence[str]) -> list[str]:
    """Of these files, those an import of `module` written in `from_file` means, found as a link finds modules
    (`module_refers_to`) but among them all at once: the module's own file before a package named by all but its
    last part (`requests.compat` is compat.py, not what requests/__init__.py imports as JSONDecodeError), a
    package's entry before the other files of its folder."""
    if from_file.endswith(".rs") and (rust_files := relative_module_files(module, from_file)):
        return [path for path in files if path in rust_files]
    index = GraphIndex.build("", (), files)
    return index.files_for_module(module, from_file) or (
        index.files_for_module(_COMPILED_JS.sub("", module), from_file) if _COMPILED_JS.search(module) else [])
