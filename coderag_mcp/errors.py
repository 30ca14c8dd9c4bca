"""The errors this package raises on purpose, each with a message an agent or a person can act on.

    CoderagError                 base; `str(error)` says what was wrong and what to do next
    ├── InvalidArgument          a bad argument: a missing path, a file where a directory belongs
    ├── NotFound                 an unknown job id or project
    ├── Conflict                 the request clashes with the index's state (existing index, finished job)
    └── IndexingFailed           a job ended in `failed`; the message is the job's error_message

The server turns every one of them into a tool error (`isError: true`); anything else is a bug.
"""

from __future__ import annotations


class CoderagError(Exception):
    """Base of the errors whose text is meant for the caller."""


class InvalidArgument(CoderagError):
    pass


class NotFound(CoderagError):
    pass


class Conflict(CoderagError):
    pass


class IndexingFailed(CoderagError):
    pass
