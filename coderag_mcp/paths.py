"""Where the server may read: the folder it is asked to index must not be the whole machine.

`/`, a home folder itself, and system folders (pseudo-filesystems, configuration, binaries,
libraries, boot files, variable data) are refused unless the configuration names them. The
configuration is an allow-list: `CODERAG_ALLOWED_ROOTS` (folders separated by `os.pathsep`), or a
list a caller passes (the client's MCP roots). With an allow-list, a target must be one of its
folders or lie under one, and a folder the list names is allowed even when it is sensitive.
Without one, anything but the sensitive folders may be indexed. Inside an indexed folder,
discovery never follows a symlink out of it (discover.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .errors import InvalidArgument

ALLOWED_ROOTS_ENV = "CODERAG_ALLOWED_ROOTS"
# Never code, or the whole system's: refused, and so is everything under them.
SYSTEM_TREES = ("/proc", "/sys", "/dev", "/boot", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                "/run", "/private/etc", "/System")
# Too broad to index whole (each holds a system's worth of files): refused themselves, with the
# folders right under them (/usr/lib, /var/log); deeper folders (/usr/src/linux, /var/www/site) are fine.
BROAD_FOLDERS = ("/usr", "/var", "/opt", "/srv", "/snap", "/home", "/Users", "/mnt", "/media", "/private/var",
                 "/Library", "/Applications")


def allowed_roots_from_env() -> list[str] | None:
    """The folders `CODERAG_ALLOWED_ROOTS` lists (real paths), or None when it is unset or empty."""
    text = os.environ.get(ALLOWED_ROOTS_ENV, "")
    roots = [os.path.realpath(os.path.expanduser(part)) for part in text.split(os.pathsep) if part.strip()]
    return roots or None


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def why_sensitive(path: str) -> str | None:
    """Why a (real, absolute) folder may not be indexed without explicit permission; None when it may."""
    if path == "/":
        return "it is the root of the file system"
    home = os.path.realpath(os.path.expanduser("~"))
    if path == home and home != "/":
        return "it is a home folder (index a project inside it instead)"
    for tree in SYSTEM_TREES:
        if _under(path, tree):
            return f"it is a system folder ({tree})"
    for folder in BROAD_FOLDERS:
        if path == folder or os.path.dirname(path) == folder:
            return "it is a system or home-folder area, too broad to be one project" if folder in (
                "/home", "/Users") else f"it is a system folder ({folder})"
    return None


def check_allowed(path: str, allowed: Sequence[str] | None = None) -> str:
    """`path` (real, absolute) if the server may index it, else InvalidArgument saying how to allow it.

    `allowed`: an allow-list to use instead of `CODERAG_ALLOWED_ROOTS` (e.g. the client's MCP roots).
    """
    roots = [os.path.realpath(os.path.expanduser(root)) for root in allowed] if allowed is not None else \
        allowed_roots_from_env()
    if roots:
        if not any(_under(path, root) for root in roots):
            raise InvalidArgument(
                f"target_path '{path}' is outside the folders this server may index ({', '.join(roots)}). Index a "
                f"folder inside one of them, or add it to {ALLOWED_ROOTS_ENV} (separated by '{os.pathsep}').")
        named = any(_under(path, root) and (why_sensitive(root) is not None or root == path) for root in roots)
        if named:
            return path
    reason = why_sensitive(path)
    if reason is not None:
        raise InvalidArgument(
            f"target_path '{path}' is not indexed: {reason}. Pass the folder of one project (a repository root). "
            f"To index it anyway, name it in {ALLOWED_ROOTS_ENV}.")
    return path
