"""Discovery: which files under a root are worth indexing.

Rules, in order: never leave the root (symlinks pointing out are skipped, linked folders are not
followed); never open anything but a regular file (a FIFO, socket or device can block a reader for
ever); skip the folders nobody searches (VCS data, dependencies, virtual environments, caches,
build output); honour `.gitignore` files at every level and `.git/info/exclude`; never read a
file that usually holds a secret (by its name, and by its target's name for a symlink); keep only
languages we index (text-only ones included, see text_languages.py); skip files over the size cap.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from stat import S_ISREG

import pathspec

from .faults import stall_point

from .languages import language_for
from .parse import SourceFile
from .paths import is_secret_file, open_regular

EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "_darcs",
    "node_modules", "bower_components", "jspm_packages", "vendor", "_vendor", "vendored", "third_party",
    "third-party", "thirdparty",
    ".venv", "venv", ".tox", ".nox", ".conda", "site-packages", "__pypackages__",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".ipynb_checkpoints",
    ".cache", ".gradle", ".idea", ".vs", ".terraform", ".serverless",
    "build", "dist", "target", "out", ".next", ".nuxt", ".svelte-kit", ".parcel-cache", ".turbo",
    "coverage", "htmlcov", ".eggs",
})
EXCLUDED_DIR_SUFFIXES = (".egg-info", ".dist-info")


@dataclass
class Discovery:
    root: str
    files: list[SourceFile] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)


def _is_excluded_dir(name: str, path: str) -> bool:
    if name in EXCLUDED_DIRS or name.endswith(EXCLUDED_DIR_SUFFIXES):
        return True
    # A virtual environment under any name.
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


class IgnoreRules:
    """One ignore file's rules, tried at once: one regex, the alternation of every rule's, answers in C
    whether any rule matches a path (pathspec tries each rule's regex in Python: half of the walk of
    the Linux kernel's 60,000 files). When no rule negates, that is the answer; otherwise, when one
    matches, pathspec's matcher tells which rule decides."""

    __slots__ = ("matches",)

    def __init__(self, spec: pathspec.PathSpec) -> None:
        rules = [rule for rule in spec.patterns if rule.include is not None]
        regexes = [getattr(rule, "regex", None) for rule in rules]
        self.matches: Callable[[str], object] = spec.match_file
        if not rules or not all(isinstance(regex, re.Pattern) and regex.flags == regexes[0].flags
                                for regex in regexes):
            return
        # (Their group names, which tell pathspec whether a rule matched as a folder, would clash.)
        any_rule = re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', regex.pattern)})"  # type: ignore[union-attr]
                                       for regex in regexes), regexes[0].flags)  # type: ignore[union-attr]
        if all(rule.include for rule in rules):
            self.matches = any_rule.match
        else:
            self.matches = lambda path: any_rule.match(path) is not None and spec.match_file(path)


_IGNORE_FILE_BYTES = 8 << 20  # read of a .gitignore at most (git reads it whole; this bounds the memory)


def read_ignore_rules(root: str, rel_dir: str) -> IgnoreRules | None:
    """The rules a folder adds: its `.gitignore`, and at the root `.git/info/exclude` before it, read as
    git reads them, one list whose later rules decide (a `!name` in .gitignore takes back an exclude)."""
    files = [os.path.join(root, rel_dir, ".gitignore")]
    if not rel_dir:
        files.insert(0, os.path.join(root, ".git", "info", "exclude"))
    lines: list[str] = []
    for name in files:
        try:
            with open_regular(name) as handle:
                lines.extend(handle.read(_IGNORE_FILE_BYTES).decode("utf-8", "replace").splitlines())
        except OSError:
            continue
    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # a line git ignores as invalid (black's test data has a `.gitignore` of `!`)
        spec = pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid_ignore_line(line)])
    return IgnoreRules(spec) if len(spec) else None


def _valid_ignore_line(line: str) -> bool:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def discover(root: str, max_file_bytes: int) -> Discovery:
    """Walk `root` and return the files to index, sorted by path, with counts of what was left out.

    The walk is iterative (a tree 1,000 folders deep is walked, not a RecursionError); each folder
    carries the ignore rules of the folders above it.
    """
    root = os.path.realpath(root)
    found = Discovery(root=root)
    own = read_ignore_rules(root, "")
    root_rules = (("", own),) if own is not None else ()
    pending: list[tuple[str, tuple[tuple[str, IgnoreRules], ...]]] = [("", root_rules)]
    while pending:
        rel_dir, rules = pending.pop()
        for subdir in reversed(_scan_folder(root, rel_dir, rules, found, max_file_bytes)):
            pending.append(subdir)
    found.files.sort(key=lambda f: f.rel_path)
    return found


def _ignored(rules: Sequence[tuple[str, IgnoreRules]], rel_path: str, is_dir: bool) -> bool:
    """Whether a path is ignored by the rules of the folders above it (each matched relative to its folder)."""
    probe = rel_path + "/" if is_dir else rel_path
    for base, spec in rules:
        relative = probe[len(base) + 1:] if base else probe
        if spec.matches(relative):
            return True
    return False


def _scan_folder(
    root: str, rel_dir: str, rules: tuple[tuple[str, IgnoreRules], ...], found: Discovery, max_file_bytes: int,
) -> list[tuple[str, tuple[tuple[str, IgnoreRules], ...]]]:
    """Add one folder's files to `found`; return its subfolders to walk, each with its ignore rules."""
    abs_dir = os.path.join(root, rel_dir) if rel_dir else root
    stall_point(rel_dir)
    if rel_dir:
        own = read_ignore_rules(root, rel_dir)
        if own is not None:
            rules = (*rules, (rel_dir, own))
    try:
        with os.scandir(abs_dir) as scanned:
            entries = sorted(scanned, key=lambda e: e.name)
    except OSError:
        found.excluded["unreadable folder"] += 1
        entries = []
    subdirs = []
    for entry in entries:
        rel_path = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if _is_excluded_dir(entry.name, entry.path):
                found.excluded["excluded folder"] += 1
            elif _ignored(rules, rel_path, True):
                found.excluded["gitignored"] += 1
            else:
                subdirs.append((rel_path, rules))
            continue
        if is_link:
            # Linked folders are never followed; a linked file is read only if it stays inside the root.
            target = os.path.realpath(entry.path)
            if os.path.isdir(target):
                found.excluded["symlinked folder"] += 1
                continue
            if os.path.commonpath([target, root]) != root:
                found.excluded["symlink out of root"] += 1
                continue
            # A link's own name says nothing: `settings.py -> .env` holds what .env holds.
            if is_secret_file(os.path.basename(target)):
                found.excluded["secret"] += 1
                continue
        if is_secret_file(entry.name):
            found.excluded["secret"] += 1
            continue
        spec = language_for(entry.name)
        if spec is None:
            continue
        if _ignored(rules, rel_path, False):
            found.excluded["gitignored"] += 1
            continue
        try:
            stat = entry.stat(follow_symlinks=True)
        except OSError:
            found.excluded["unreadable"] += 1
            continue
        if not S_ISREG(stat.st_mode):
            # A FIFO, socket or device: opening it can block for ever, and it holds no source.
            found.excluded["special file"] += 1
            continue
        if stat.st_size > max_file_bytes:
            found.excluded["too large"] += 1
            continue
        found.files.append(SourceFile(entry.path, rel_path, spec.name, stat.st_size, stat.st_mtime_ns))
    return subdirs
