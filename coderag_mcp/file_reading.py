"""What a file must be to be parsed: readable now as a regular file within the size cap, not binary, not
minified or generated; and the exceptions that skip it, for good (until it changes) or for now.

Apart from parse.py, which parses what is read: these are the file system's and the content's refusals, which
read_code (source.py) makes too.
"""

from __future__ import annotations

from .paths import open_regular


_BINARY_PROBE_BYTES = 8192


class SkipFile(Exception):
    """The file's content cannot be indexed (minified, binary, a grammar that loops): it stays skipped until it
    changes, or an index with force reads every file again."""


class SkipForNow(SkipFile):
    """The file cannot be read now (permissions, a pipe in its place, it grew past the size cap while being
    read): it may be readable later as it is."""


def read_source(path: str, max_bytes: int) -> bytes:
    """At most `max_bytes` of a regular file; a FIFO or device that took the file's place since discovery is
    refused at once (paths.open_regular)."""
    try:
        with open_regular(path) as handle:
            source = handle.read(max_bytes + 1)
    except OSError as error:
        raise SkipForNow(f"unreadable: {error.strerror or error}") from error
    if len(source) > max_bytes:
        raise SkipForNow(f"larger than {max_bytes} bytes")  # it grew since discovery, which left out larger ones
    if b"\0" in source[:_BINARY_PROBE_BYTES]:
        raise SkipFile("binary content")
    return source


# Hand-written code averages 30 to 40 characters a line; a bundler's output is one line per file.
MINIFIED_MIN_BYTES = 8192
MINIFIED_AVERAGE_LINE = 400


def minified(source: bytes) -> str | None:
    """Why a file is minified or generated output nobody reads (None when it is not)."""
    if len(source) < MINIFIED_MIN_BYTES:
        return None
    average = len(source) // (source.count(b"\n") + 1)
    if average <= MINIFIED_AVERAGE_LINE:
        return None
    return f"minified or generated (lines average {average} characters)"
