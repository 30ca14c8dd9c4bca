"""The errors this package raises on purpose, each with a message an agent or a person can act on.

    CoderagError                 base; `str(error)` says what was wrong and what to do next
    ├── InvalidArgument          a bad argument: a missing path, a file where a directory belongs
    ├── NotFound                 an unknown job id or project
    ├── Conflict                 the request clashes with the index's state (existing index, finished job)
    └── IndexingFailed           a job ended in `failed`; the message is the job's error_message

The server turns every one of them into a tool error (`isError: true`); anything else is a bug.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # pragma: no cover - the backport anyio installs on 3.10
    from exceptiongroup import BaseExceptionGroup


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


def root_cause(error: Exception) -> Exception:
    """The error that explains a failure inside task-group exception groups.

    When one task fails, its siblings fail after it (a closed stream, say); the error written
    for the user is ours (a CoderagError) if there is one, else the only error, else the group.
    """
    if not isinstance(error, BaseExceptionGroup):
        return error
    ours, _rest = error.split(CoderagError)
    if ours is not None:
        return root_cause(ours.exceptions[0]) if isinstance(ours.exceptions[0], Exception) else error
    if len(error.exceptions) == 1 and isinstance(error.exceptions[0], Exception):
        return root_cause(error.exceptions[0])
    return error
