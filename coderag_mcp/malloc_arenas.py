"""glibc's malloc: how many arenas the server's threads share, and handing their free memory back.

glibc gives a thread that allocates an arena of its own, up to eight per core, and memory freed in one
arena serves only the threads allocating there. The link resolves each slice of files in whichever
worker thread anyio hands it, and each SQLite connection allocates in its own thread: the arenas each
grew toward the link's peak. A 30,000-file link (sympy copied) peaked at 414 to 422 MB with glibc's
default, 356 MB with one arena and 366 MB with two, as fast (116 to 128 s either way).

Memory freed inside an arena stays the process's until malloc_trim hands it back: the rows of a batch
of large files (chunk texts, SQLite's pages) leave holes no later batch fills. Indexing the 5,587 files
of the Linux kernel's drivers/gpu, the indexing process grew from 95 to 169-178 MB; trimmed after each
write, 100 to 116 MB, for 4 ms a trim (0.2 s in all). (Its parser workers gained nothing from it:
what they hold is in use.)
"""

from __future__ import annotations

import ctypes
import functools
import os
import platform
from collections.abc import Callable

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


@functools.cache
def _glibc_function(name: str) -> Callable[..., int] | None:
    """One of glibc's malloc functions, from the process's own symbols (None without glibc)."""
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        return getattr(ctypes.CDLL(None), name)  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc use at most `arenas` arenas, as MALLOC_ARENA_MAX does, unless the environment
    already says how many. Called first thing in a process, before its threads allocate. Returns
    whether the limit was set (never without glibc)."""
    mallopt = _glibc_function("mallopt")
    if "MALLOC_ARENA_MAX" in os.environ or mallopt is None:
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))


def release_free_memory() -> bool:
    """Hand the free memory of every arena back to the system (glibc's malloc_trim; nothing elsewhere).
    Milliseconds: call it from a worker thread, between batches. Returns whether any was handed back."""
    trim = _glibc_function("malloc_trim")
    return bool(trim(0)) if trim is not None else False
