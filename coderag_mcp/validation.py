"""What a caller passes, checked before anything runs: project ids, lengths, paths, and a "did you
mean" for a mistyped name. Each error says what to pass instead."""

from __future__ import annotations

import difflib
import os
import re

from .errors import InvalidArgument

_PROJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")  # fullmatch: `$` would let "abc\n" through
# Bounds on what a caller passes: past them a name or query is not a mistake worth running.
MAX_NAME_CHARS = 512
MAX_QUERY_CHARS = 2000
MAX_PATH_FILTER_CHARS = 1024
MAX_PRIORITY = 1_000_000

def project_id_for(path: str) -> str:
    """A project id from a folder's name: what `coderag-mcp index PATH` uses when none is given."""
    name = os.path.basename(os.path.realpath(os.path.expanduser(path))) or "root"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._") or "project"
    return slug[:128]


def similar_names(name: str, known: list[str], limit: int = 3) -> list[str]:
    """The known names nearest to a mistyped one (case aside), for a "did you mean"."""
    by_lower = {item.lower(): item for item in known}
    if name.lower() in by_lower:
        return [by_lower[name.lower()]]
    return [by_lower[item] for item in difflib.get_close_matches(name.lower(), list(by_lower), n=limit, cutoff=0.6)]


def check_absolute(target_path: str) -> str:
    """Relative paths are refused: the server's working folder is not the caller's."""
    if not os.path.isabs(os.path.expanduser(target_path)):
        raise InvalidArgument(
            f"target_path '{target_path}' is relative, and this server's working folder is not yours. Pass the "
            "absolute path of the folder to index, such as /home/me/src/project.")
    return target_path


def check_project_id(project_id: str) -> str:
    if not isinstance(project_id, str) or not _PROJECT_ID.fullmatch(project_id):
        raise InvalidArgument(
            f"project_id '{project_id}' is not valid: use 1 to 128 letters, digits, '.', '_' or '-', starting "
            "with a letter or digit (for example the repository's folder name)."
        )
    return project_id


def check_length(what: str, value: str | None, most: int) -> None:
    if value is not None and len(value) > most:
        raise InvalidArgument(f"{what} is {len(value)} characters long; at most {most} are accepted. Pass a "
                              "shorter one.")


def check_range(what: str, value: int, least: int, most: int) -> None:
    if not least <= value <= most:
        raise InvalidArgument(f"{what} must be between {least} and {most}, not {value}.")


def required_name(what: str, value: str, example: str) -> str:
    """A symbol name as asked: at most MAX_NAME_CHARS, blanks around it dropped, never empty."""
    check_length(what, value, MAX_NAME_CHARS)
    value = value.strip()
    if not value:
        raise InvalidArgument(f"{what} is empty: give {example}.")
    return value
