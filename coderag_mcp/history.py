"""What the project's own history says about its files: the titles of earlier commits.

A commit title is a person describing, in words, a change to a few files ("Fix redirect loop when
the session cookie expires" -> `sessions.py`). Those words are often the words an agent searches
with and not the words of the code, so they are a second input to the ranking beside the code:
the search finds the earlier commits whose titles best match the query, and the files those
commits changed rise (search.rerank, HISTORY_WEIGHT).

Read from `git log` when the indexed folder is a repository's top (its `.git` is in the folder
itself: the server reads nothing above the folder it was asked for, so a folder inside a larger
repository has no history), the newest HISTORY_COMMITS non-merge commits reachable from HEAD: their
titles and the paths they changed (but not the names of files that hold credentials, which the
indexer never reads), nothing else (no diffs, no file contents). No git, no
repository, or a git that fails: no history, and the ranking is the code's alone.
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from .paths import is_secret_file
from .terms import query_terms

# 500, 1,000 and 2,000 commits ranked alike on the retrieval bench's tuning projects; 10,000 lowered one.
HISTORY_COMMITS = 1000
# A query is matched against this many of the best-matching earlier commits; their files share the votes.
HISTORY_NEIGHBOURS = 30
GIT_TIMEOUT_SECONDS = 30.0
_BM25_K1, _BM25_B = 1.2, 0.75
# Issue and pull-request numbers name no code ("(#1234)", "gh-12", "Fixes #5").
_REFERENCE = re.compile(r"(?:\bgh-|#)\d+\b", re.IGNORECASE)


class Commit(NamedTuple):
    title: str
    files: tuple[str, ...]  # relative to the indexed folder, as the index keeps them
    terms: tuple[str, ...] = ()  # the title's search terms (title_terms), made once when read


def title_terms(title: str) -> tuple[str, ...]:
    """A title's search terms, as a query's (terms.query_terms), without issue and pull-request numbers."""
    return tuple(query_terms(_REFERENCE.sub(" ", title)))


def git_head(root: str) -> str | None:
    """The commit the folder's repository is at, or None (not a repository's top, no git, no commit yet)."""
    if not os.path.exists(os.path.join(root, ".git")):
        return None
    output = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return output.strip() or None if output is not None else None


def read_history(root: str, limit: int = HISTORY_COMMITS) -> list[Commit]:
    """The newest `limit` non-merge commits reachable from HEAD that changed something under `root`,
    newest first; [] when there is no history to read."""
    if limit <= 0 or not os.path.exists(os.path.join(root, ".git")):
        return []
    output = _git(root, "log", "--no-merges", "--no-renames", "--relative", "--name-only", "-z",
                  f"--max-count={limit}", "--format=%x01%s", "HEAD", "--", ".")
    if not output:
        return []
    commits = []
    for record in output.split("\x01")[1:]:
        # "\x01<title>\0\n<path>\0<path>\0": the title ends at the first NUL, each path at the next
        title, _, names = record.partition("\0")
        # A file that holds credentials is never indexed, nor kept here by name.
        files = tuple(name for name in names.lstrip("\n").split("\0")
                      if name and not is_secret_file(posixpath.basename(name)))
        if files:
            commits.append(Commit(title.strip(), files, title_terms(title)))
    return commits


def _git(root: str, *args: str) -> str | None:
    """git's output, or None when it cannot tell (no git on PATH, not a repository, an error, too slow).

    Only reading commands run, with the repository's hooks, pager, signature checks and external
    diff tools switched off: a repository's own configuration must not run a program. git looks for
    the repository in `root` and never above it, and no GIT_* variable of the server's environment
    (GIT_DIR, GIT_WORK_TREE, ...) can point it elsewhere."""
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "log.showSignature=false",
               "-c", "core.quotePath=false", "--no-pager", "-C", root, *args]
    environment = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    environment.update(GIT_CEILING_DIRECTORIES=os.path.dirname(os.path.abspath(root)), GIT_TERMINAL_PROMPT="0",
                       GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        completed = subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT_SECONDS, env=environment,
                                   stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", "replace")


class HistoryIndex:
    """The commits' titles as BM25 documents (the same terms as the code's search), and for a query the
    files of the best-matching commits, each commit's score shared among the files it changed."""

    def __init__(self, commits: Iterable[Commit]) -> None:
        self.files: list[tuple[str, ...]] = []
        self.changes: Counter[str] = Counter()  # per file, the commits that changed it
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = {}  # term -> (commit, occurrences)
        for number, commit in enumerate(commits):
            counts = Counter(commit.terms)
            self.files.append(commit.files)
            self.changes.update(commit.files)
            self.lengths.append(sum(counts.values()))
            for term, count in counts.items():
                self.postings.setdefault(term, []).append((number, count))
        self.average_length = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0

    def file_scores(self, terms: Sequence[str], neighbours: int = HISTORY_NEIGHBOURS) -> dict[str, float]:
        """Per file, the votes of the `neighbours` commits whose titles match `terms` best: each
        commit's BM25 score divided by the square root of the number of files it changed, and a file's
        votes divided by the square root of the number of commits that changed it (a file changed by
        most commits, a project's core or its changelog, is among any query's best commits and says
        little; without this, such files took the first place from the file a title named)."""
        count = len(self.files)
        if not count or not self.average_length:
            return {}
        scores: dict[int, float] = {}
        for term in dict.fromkeys(terms):
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            for number, occurrences in postings:
                norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * self.lengths[number] / self.average_length)
                scores[number] = scores.get(number, 0.0) + idf * occurrences * (_BM25_K1 + 1) / (occurrences + norm)
        votes: dict[str, float] = {}
        for number, score in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:neighbours]:
            files = self.files[number]
            share = score / math.sqrt(len(files))
            for path in files:
                votes[path] = votes.get(path, 0.0) + share
        return {path: vote / math.sqrt(self.changes[path]) for path, vote in votes.items()}


def history_weights(votes: Mapping[str, float], paths: Iterable[str]) -> dict[str, float]:
    """Each of `paths` with a vote, as its share of the best vote among them (0 to 1)."""
    present = {path: votes[path] for path in set(paths) if votes.get(path, 0.0) > 0}
    best = max(present.values(), default=0.0)
    return {path: vote / best for path, vote in present.items()} if best else {}
