"""Reading source through the server (`read_code`): only inside a project's folder, never a secret.

An agent without file access of its own (Claude Desktop) reads code here. What it may read is
decided on the real path: the file, symlinks resolved, must stay inside the indexed folder; a
file whose name (the link's or its target's) the indexer treats as a secret is refused, and so is
anything inside version-control data (`.git/config` can hold credentials). What it gets is cut to
a token budget, with the line to continue from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .discover import is_secret_file
from .errors import InvalidArgument, NotFound
from .languages import BY_EXTENSION
from .paths import open_regular
from .repomap import CHARS_PER_TOKEN

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs"})


@dataclass
class SourceLines:
    text: str  # `cat -n` style: the line number, a tab, the line
    start_line: int
    end_line: int  # the last line returned
    total_lines: int
    truncated: bool


_QUALIFIED_NAME = re.compile(r"[A-Za-z_]\w*((\.|::)[A-Za-z_]\w*)+")


def looks_like_a_name(text: str) -> bool:
    """`Config.parse`, `tests::parses`: identifiers joined by `.` or `::`, the last not a file extension (one a
    parser reads, or any of four lower-case letters at most, such as `md`: `Config.get` is not told apart)."""
    if not _QUALIFIED_NAME.fullmatch(text):
        return False
    last = re.split(r"\.|::", text)[-1]
    return "::" in text or not ("." + last.lower() in BY_EXTENSION or (len(last) <= 4 and last.islower()))


def resolve_inside(root: str, path: str, project_id: str) -> tuple[str, str]:
    """(real absolute path, path relative to the root) of a file inside `root`, or an error saying why not."""
    root = os.path.realpath(root)
    given = path.strip()
    if not given:
        raise InvalidArgument("path is empty: pass a file's path relative to the project's folder, as search_code "
                              "and find_symbol give them (e.g. src/app.py).")
    candidate = os.path.join(root, os.path.expanduser(given))  # an absolute path replaces the root
    real = os.path.realpath(candidate)
    if os.path.commonpath([real, root]) != root:
        raise InvalidArgument(
            f"path '{given}' is outside the folder of project '{project_id}' ({root}); only files in the indexed folder "
            "can be read. Pass a path relative to it, as search_code and find_symbol give them.")
    relative = os.path.relpath(real, root)
    named = os.path.relpath(os.path.normpath(candidate), root)
    if any(part in VCS_DIRS for part in relative.split(os.sep) + named.split(os.sep)):
        raise InvalidArgument(f"path '{given}' is inside version-control data, which is not served. Read the "
                              "project's source files instead.")
    if is_secret_file(os.path.basename(real)) or is_secret_file(os.path.basename(candidate)):
        raise InvalidArgument(f"path '{given}' names a file that usually holds secrets (keys, .env, credentials); "
                              "it is never indexed or served.")
    if not os.path.exists(real):
        # `Config.parse` or `tests::parses` given as a path: a definition's name, which `symbol` reads.
        hint = (f" To read the definition named {given}, pass it as symbol instead of path."
                if looks_like_a_name(given) else "")
        raise NotFound(f"No file '{given}' in the folder of project '{project_id}' ({root}). search_code or "
                       f"find_symbol give the paths that exist.{hint}")
    if not os.path.isfile(real):
        raise InvalidArgument(f"path '{given}' is a folder, not a file. get_repo_map or search_code (with "
                              f"path='{given}/') show the files in it.")
    return real, relative


def read_lines(real_path: str, display_path: str, start_line: int | None, end_line: int | None,
               max_tokens: int) -> SourceLines:
    """Lines start..end of a text file, numbered, cut to about `max_tokens` tokens."""
    if start_line is not None and start_line < 1:
        raise InvalidArgument(f"start_line must be 1 or more, not {start_line}.")
    if end_line is not None and end_line < (start_line or 1):
        raise InvalidArgument(f"end_line ({end_line}) comes before start_line ({start_line or 1}).")
    first = start_line or 1
    budget = max_tokens * CHARS_PER_TOKEN
    kept: list[str] = []
    used = 0
    last = first - 1
    truncated = False
    total = 0
    try:
        with open_regular(real_path) as handle:
            if b"\0" in handle.read(8192):
                raise InvalidArgument(f"'{display_path}' is a binary file, not source code.")
            handle.seek(0)
            for total, raw in enumerate(handle, 1):
                if total < first or truncated or (end_line is not None and total > end_line):
                    continue
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                numbered = f"{total:>6}\t{line}"
                if used + len(numbered) + 1 > budget:
                    if not kept:  # one line longer than the whole budget (minified code): its start
                        kept.append(numbered[:budget - 20] + " [line cut]")
                        last = total
                    truncated = True
                    continue
                kept.append(numbered)
                used += len(numbered) + 1
                last = total
    except OSError as error:
        raise InvalidArgument(f"'{display_path}' cannot be read: {error.strerror}.") from error
    if first > max(total, 1):
        raise InvalidArgument(f"start_line {first} is past the end of '{display_path}', which has {total} lines.")
    return SourceLines(text="\n".join(kept), start_line=first, end_line=last, total_lines=total,
                       truncated=truncated)


def lines_above(real_path: str, line: int, head: str) -> int:
    """How many lines above `line` a definition's chunk body `head` starts: its decorators and leading doc
    comment, which the body holds while its lineno is the definition's own line (0 when the file changed)."""
    above: list[str] = []
    try:
        with open_regular(real_path) as handle:
            for number, raw in enumerate(handle, 1):
                above.append(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
                if number >= line:
                    break
    except OSError:
        return 0
    head_lines = head.split("\n")
    if len(above) < line or above[-1] not in head_lines:
        return 0
    count = head_lines.index(above[-1])
    return count if count < line and above[line - 1 - count:] == head_lines[:count + 1] else 0


MAX_VARIABLE_FILE_BYTES = 4 * 1024 * 1024  # read_code parses at most this much to find where a variable ends


def variable_lines(real_path: str, display_path: str, line: int, name: str) -> tuple[int, int] | None:
    """The first and last lines of the statement defining variable `name` on `line` (the file parsed again),
    None when the file no longer defines it there or cannot be read: then the one line is read."""
    from .languages import language_for  # the parser only when a variable is read (tree-sitter's grammars)
    from .file_reading import SkipFile, read_source
    from .parse import variable_lines as statement_lines
    spec = language_for(display_path)
    if spec is None:
        return None
    try:
        return statement_lines(display_path, spec, read_source(real_path, MAX_VARIABLE_FILE_BYTES), line, name)
    except SkipFile:
        return None
