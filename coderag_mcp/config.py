"""Where the database is, and the limits the indexer works within."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .embeddings import EmbeddingConfig
from .history import HISTORY_COMMITS
from .parse_workers import WORKER_NICENESS

# An update of an index of this many files or more runs in a child process while serving (see Settings).
UPDATE_PROCESS_MIN_FILES = 5000


def default_db_path() -> Path:
    """`$CODERAG_DB`, else the path in vlt's `VLT_DATABASE_URL` (`sqlite:///PATH`), else `~/.vlt/vault.db`."""
    if explicit := os.environ.get("CODERAG_DB"):
        return Path(explicit).expanduser()
    url = os.environ.get("VLT_DATABASE_URL", "")
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).expanduser()
    return Path.home() / ".vlt" / "vault.db"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    # Files larger than this are generated or data, not code a person reads.
    max_file_bytes: int = 1_000_000
    # Worker processes that parse; 0 parses in the calling process (used for tiny jobs).
    parse_workers: int = max(1, min(4, os.cpu_count() or 1))
    # The niceness they lower themselves to: the lowest while serving, so that the server answers at once
    # (WORKER_NICENESS); the command line's index keeps its own (0), since its user waits for it (beside three
    # busy processes on two cores, 61 files took 198.6 s at 19 against 10.9 s; sympy alone the same).
    parser_niceness: int = WORKER_NICENESS
    # Jobs this process runs at once; each one already keeps every core busy.
    max_concurrent_jobs: int = 1
    # A RUNNING job whose heartbeat is older than this is taken to have lost its process.
    lease_timeout_seconds: float = 15.0
    # How often a running job writes progress and its heartbeat, and looks for a cancel request.
    heartbeat_seconds: float = 0.5
    # How often the runner looks for work queued by other processes and for stale leases.
    poll_seconds: float = 1.0
    # How long a write waits for another process's lock before it fails.
    busy_timeout_ms: int = 30_000
    # Semantic retrieval: off unless an endpoint is configured (embeddings.EmbeddingConfig).
    embeddings: EmbeddingConfig | None = None
    # How many times a job is requeued after its process died before it is marked failed.
    max_attempts: int = 3
    # A batch of files whose reading and parsing takes longer than this (a read stuck on a hung
    # network mount) is given up: its files are retried one by one, and a file that still does not
    # finish is skipped with the reason. Normal batches take well under a second.
    parse_batch_timeout_seconds: float = 60.0
    # A running job whose steps (a folder walked, a batch parsed or written, a phase begun) stop
    # advancing for this long, while the server is free to notice, is stuck (a read on a hung mount,
    # a step that never answers): it is failed with the reason, and its slot goes to the next job.
    # Counted only while the event loop runs, so a long computation on it is never taken for a hang.
    job_stall_seconds: float = 600.0
    # Watch indexed folders while serving and update on change (watch.py). Off unless asked for: the
    # server's command line turns it on (CODERAG_WATCH=0 or `serve --no-watch` turn it off).
    watch: bool = False
    # At most this many projects are watched (the most recently indexed): each watch costs inotify slots.
    watch_max_projects: int = 20
    # An update starts once no relevant change came for this long (a branch switch is one job).
    watch_quiet_seconds: float = 0.5
    # Run a first or forced index in a child process (job_process.py), so that this process only
    # answers while it runs. The server's command line turns it on (CODERAG_JOB_PROCESS=0 turns it off).
    job_process: bool = False
    # With job_process, an update of an index of this many files or more runs in a child process too. Its
    # link reads the whole graph to resolve even one file's references, and in this process it shared the
    # reader connection and the GIL with every search (bench/while_updating.py, 10,000 files: a search
    # during a 2-file update p95 181-203 ms, max 488-774 ms; with the update in a child 15-18 and 22-24
    # ms). Django (2,834 files) stays here: its searches wait up to 170-180 ms, but a child adds its start
    # to each of the watcher's updates (0.03 to 0.25 s to updates of 1.1 to 1.6 s), and a small tree's
    # whole update takes less. CODERAG_UPDATE_PROCESS_MIN_FILES sets it (1: every update in a child).
    update_process_min_files: int = UPDATE_PROCESS_MIN_FILES
    # The newest commits of the folder's git history whose titles help rank its files (history.py); 0
    # (CODERAG_HISTORY_COMMITS=0) ranks by the code alone. On by default since the fifth held-out set of
    # the retrieval bench (issue 11, sixth round): it raised mean file MRR on every set, and lowered no
    # held-out project beyond the noise of its sample.
    history_commits: int = HISTORY_COMMITS

    @classmethod
    def from_env(cls, db_path: Path | str | None = None) -> Settings:
        return cls(db_path=Path(db_path).expanduser() if db_path else default_db_path(),
                   embeddings=EmbeddingConfig.from_env(),
                   parse_batch_timeout_seconds=_positive_float("CODERAG_PARSE_TIMEOUT_SECONDS", 60.0),
                   job_stall_seconds=_positive_float("CODERAG_JOB_STALL_SECONDS", 600.0),
                   watch=env_flag("CODERAG_WATCH", default=True),
                   watch_max_projects=_whole_number("CODERAG_WATCH_MAX", 20, minimum=1, example=20),
                   history_commits=_whole_number("CODERAG_HISTORY_COMMITS", HISTORY_COMMITS, minimum=0,
                                                   example=HISTORY_COMMITS),
                   update_process_min_files=_whole_number("CODERAG_UPDATE_PROCESS_MIN_FILES", UPDATE_PROCESS_MIN_FILES,
                                                          minimum=1, example=UPDATE_PROCESS_MIN_FILES))


def env_flag(name: str, *, default: bool) -> bool:
    """A switch in the environment: unset or blank is `default`; 0, false, no and off are off."""
    text = os.environ.get(name, "").strip().lower()
    return default if not text else text not in ("0", "false", "no", "off")


def _whole_number(name: str, default: int, *, minimum: int, example: int) -> int:
    """A whole number of at least `minimum` from the environment (unset or blank: `default`)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum:
        what, zero = ("a positive whole number", "") if minimum > 0 else ("a whole number", " 0 (none) or")
        raise ValueError(f"{name}={text!r} is not {what}; unset it or give{zero} one such as {example}.")
    return int(text)


def _positive_float(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 1e9:
        raise ValueError(f"{name}={text!r} is not a positive number of seconds; unset it or give one such as {default:g}.")
    return value
