"""glibc's malloc and the server's threads.

glibc gives a thread that allocates an arena of its own, up to eight per core, and memory freed in one
arena serves only the threads allocating there. The link resolves each slice of files in whichever
worker thread anyio hands it, and each SQLite connection allocates in its own thread: the arenas each
grew toward the link's peak. A 30,000-file link (sympy copied) peaked at 414 to 422 MB with glibc's
default, 356 MB with one arena and 366 MB with two, as fast (116 to 128 s either way).
"""

from __future__ import annotations

import ctypes
import os
import platform

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc use at most `arenas` arenas, as MALLOC_ARENA_MAX does, unless the environment
    already says how many. Called first thing in a process, before its threads allocate. Returns
    whether the limit was set (never without glibc)."""
    if "MALLOC_ARENA_MAX" in os.environ or platform.libc_ver()[0] != "glibc":
        return False
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_ARENA_MAX, arenas))  # the process's own symbols hold malloc's
    except (OSError, AttributeError):
        return False
