"""Where the server may read: the folder it is asked to index must not be the whole machine.

`/`, a home folder itself, and system folders (pseudo-filesystems, configuration, binaries,
libraries, boot files, variable data) are sensitive: refused unless someone named them.

- `CODERAG_ALLOWED_ROOTS` (folders separated by `os.pathsep`), set by whoever configured the
  server, is the outer bound: when set, every target must be one of its folders or lie under one,
  whatever the client says. A sensitive folder it names, or one under a sensitive folder it names
  (`/` allows everything), is allowed.
- The client's MCP roots, at `init_index`, allow a sensitive folder only when one of them names it
  exactly: a root `/home` does not allow `/home/me`, nor a root `/` allow `/etc`. Roots never
  narrow the policy (a client may index a plain folder outside its roots). The folder a root
  allowed is stored with the project's index (its `granted_folder`), so its later jobs (update_index,
  the watcher, a job resumed after a restart) run without the client, still inside the outer bound.

Inside an indexed folder, discovery never follows a symlink out of it (discover.py).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import urllib.parse
from collections.abc import Sequence
from stat import S_ISREG
from typing import BinaryIO

from .errors import InvalidArgument

# Names of files that usually hold credentials: never read, whatever their extension, nor kept by name
# from the project's history (history.py).
SECRET_PATTERNS = (
    ".env", ".env.*", "*.env", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.asc", "*.gpg",
    "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", ".netrc", ".pgpass", ".npmrc", ".pypirc", "*.kdbx",
)


# The patterns as one regex: every file name of a walk is tried (19 fnmatch calls a name were a seventh
# of the walk of the Linux kernel).
_SECRET_NAME = re.compile("|".join(fnmatch.translate(pattern) for pattern in SECRET_PATTERNS))


def is_secret_file(name: str) -> bool:
    return _SECRET_NAME.match(name.lower()) is not None


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


def folders_of_roots(root_uris: Sequence[str]) -> list[str]:
    """The folders of a client's MCP roots (`file://` URIs; others name no folder here)."""
    return [urllib.parse.unquote(urllib.parse.urlsplit(uri).path) for uri in root_uris if uri.startswith("file://")]


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _real(folder: str) -> str | None:
    try:
        return os.path.realpath(os.path.expanduser(folder))
    except (ValueError, OSError):  # a NUL byte, a path the OS refuses
        return None


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


def is_sensitive(target_path: str) -> bool:
    """Would `target_path` (as a caller wrote it) need permission? False for what is no path at all."""
    real = _real(target_path)
    return real is not None and why_sensitive(real) is not None


def named_by_roots(path: str, root_folders: Sequence[str]) -> str | None:
    """`path` (real) when one of the client's root folders names it exactly, else None."""
    return path if any(_real(folder) == path for folder in root_folders) else None


def check_allowed(path: str, *, root_folders: Sequence[str] = (), granted: str | None = None) -> str:
    """`path` (real, absolute) if the server may index it, else InvalidArgument saying how to allow it.

    `root_folders`: the folders of the client's MCP roots; `granted`: the folder a client's root
    allowed when the project was indexed (stored with its index).
    """
    bound = allowed_roots_from_env()
    if bound:
        if not any(_under(path, root) for root in bound):
            raise InvalidArgument(
                f"target_path '{path}' is outside the folders this server may index ({', '.join(bound)}). Index a "
                f"folder inside one of them, or add it to {ALLOWED_ROOTS_ENV} (separated by '{os.pathsep}') in the "
                "server's configuration.")
        if any(_under(path, root) and (why_sensitive(root) is not None or root == path) for root in bound):
            return path
    reason = why_sensitive(path)
    if reason is None or path == granted or named_by_roots(path, root_folders):
        return path
    raise InvalidArgument(
        f"target_path '{path}' is not indexed: {reason}. Pass the folder of one project (a repository root). "
        f"To index it anyway, name it in {ALLOWED_ROOTS_ENV}, or share exactly this folder as a root from "
        "your MCP client.")


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """A regular file, opened to read bytes; OSError for anything else. O_NONBLOCK: a named pipe or a device
    in a file's place (a `.gitignore`, a `go.mod`, a file read_code is asked for) is refused at once instead
    of blocking its reader for ever."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)", str(path))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
