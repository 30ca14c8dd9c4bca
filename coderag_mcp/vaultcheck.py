"""Before anything opens vault.db: is it a database we can use? One clear sentence when it is not.

Nothing here writes, deletes or "repairs": a file that is not SQLite, or a damaged database, is
left exactly as it was (its data may be someone's only copy), and the person is told what to do.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from pathlib import Path

from .errors import CoderagError
from .paths import open_regular

SQLITE_HEADER = b"SQLite format 3\x00"
_ELSEWHERE = "or pass another path with --db or CODERAG_DB"


class DatabaseUnusable(CoderagError):
    """vault.db cannot be used as it is; the message says why and what to do."""


# The largest vault.db read whole at start (a few seconds at most).
QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024


def check_database(path: Path, *, thorough: bool = False) -> None:
    """Raise DatabaseUnusable unless `path` is (or can become) a SQLite database this user can write.

    `thorough` (the server and `index`, which run for long) also reads every page once (SQLite's
    quick_check: about a second per few hundred MB), so damage shows at start, not mid-job; but not
    past QUICK_CHECK_MAX_BYTES, where that read is what delays the start (the Linux kernel's 6.7 GB
    vault.db: 9 s from the page cache, 80 s from disk, while an MCP client waits for the server to
    answer). Damage there shows when a job or a query reads the damaged pages."""
    path = Path(path)
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass  # created on first use; a file on the way is reported below
    except OSError as error:  # e.g. a folder on the way that this user may not enter
        raise DatabaseUnusable(f"Cannot reach the database {path} ({error.strerror}): a folder on its path is not "
                               f"open to this user. Fix the permissions, {_ELSEWHERE}.") from error
    if path.is_dir():
        raise DatabaseUnusable(f"The database path {path} is a folder, not a file. Pass a file path such as "
                               f"{path / 'vault.db'} with --db or CODERAG_DB.")
    folder = path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:  # the folder is created on first use
        existing = existing.parent
    if not existing.is_dir():
        raise DatabaseUnusable(f"Cannot create the database folder {folder}: {existing} is a file, not a folder. "
                               "Pass a path in a folder with --db or CODERAG_DB.")
    if existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise DatabaseUnusable(f"Cannot create the database folder {folder}: {existing} is not writable by "
                                   f"this user. Create it, {_ELSEWHERE}.")
        return
    if path.exists():
        _check_existing(path, thorough)
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(f"Cannot create the database {path}: the folder {folder} is not writable by this "
                               f"user. Make it writable, {_ELSEWHERE}.")


def _check_existing(path: Path, thorough: bool) -> None:
    try:
        with open_regular(path) as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnusable(f"Cannot read the database {path} ({error.strerror}). Fix its permissions, "
                               f"{_ELSEWHERE}.") from error
    if header and header != SQLITE_HEADER:
        raise DatabaseUnusable(f"{path} is not a SQLite database (it holds something else); it was left "
                               f"untouched. Point coderag-mcp at vlt's vault.db, {_ELSEWHERE}.")
    if not os.access(path, os.W_OK):
        raise DatabaseUnusable(f"The database {path} is read-only for this user; coderag-mcp writes its index "
                               f"there. Make it writable (chmod u+w), {_ELSEWHERE}.")
    if not os.access(path.parent, os.W_OK | os.X_OK) and not all(
            os.access(f"{path}{suffix}", os.W_OK) for suffix in ("-wal", "-shm")):
        raise DatabaseUnusable(f"The folder {path.parent} is read-only for this user, and SQLite must create "
                               f"{path.name}-wal and {path.name}-shm next to the database. Make the folder "
                               f"writable, {_ELSEWHERE}.")
    if header:
        try:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                if clashing := _clashing_tables(connection):
                    raise DatabaseUnusable(
                        f"{path} is a SQLite database of another program: its table(s) {', '.join(clashing)} have "
                        "the names of vlt's but not their columns. It was left untouched. Point coderag-mcp at "
                        f"vlt's vault.db, {_ELSEWHERE}.")
                if thorough and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
                    verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
                    if verdict != "ok":
                        raise sqlite3.DatabaseError("database disk image is malformed: " + " ".join(verdict.split()))
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            raise damaged(path, error) from error


def _clashing_tables(connection: sqlite3.Connection) -> list[str]:
    """Tables named as vlt names its own that lack the key columns vlt's have (`id`, `project_id`):
    another program's. Writing into such a file would at least change its journal mode; so nothing is."""
    expected = _key_columns()
    clashing = []
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        keys = expected.get(name)
        if keys and not keys <= {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}:
            clashing.append(name)
    return clashing


@functools.cache
def _key_columns() -> dict[str, frozenset[str]]:
    from .store.schema import vlt_schema

    memory = sqlite3.connect(":memory:")
    try:
        keys = {}
        for kind, name, statement in vlt_schema():
            if kind == "table":
                memory.execute(statement)
                columns = {row[1] for row in memory.execute(f'PRAGMA table_info("{name}")')}
                keys[name] = frozenset(columns & {"id", "project_id"})
        return keys
    finally:
        memory.close()


def damaged(path: Path, error: sqlite3.DatabaseError) -> DatabaseUnusable:
    """The message for a database SQLite reports damaged: keep it, never delete or rebuild it."""
    return DatabaseUnusable(
        f"The database {path} is damaged ({error}); nothing was changed. Keep a copy, then restore it from a "
        f"backup or salvage it with `sqlite3 {path} .recover | sqlite3 recovered.db`, {_ELSEWHERE}.")


def explain_failure(error: BaseException, path: Path) -> str:
    """One line for an error that stopped the server or a command (found inside exception groups)."""
    cause = _innermost(error)
    if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.OperationalError):
        return str(damaged(path, cause))
    if isinstance(cause, sqlite3.OperationalError):
        return (f"The database {path} could not be used ({cause}). If another program holds it locked, close "
                f"it and try again; if it is read-only, make it writable, {_ELSEWHERE}.")
    if isinstance(cause, (CoderagError, OSError)):
        return str(cause)
    return (f"{type(cause).__name__}: {cause}. This is a bug in coderag-mcp; please report it with the "
            "command that caused it.")


def _innermost(error: BaseException) -> BaseException:
    if sys.version_info < (3, 11):  # pragma: no cover - the backport anyio installs on 3.10
        from exceptiongroup import BaseExceptionGroup
    else:
        from builtins import BaseExceptionGroup
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        ours = [e for e in error.exceptions if isinstance(e, (CoderagError, sqlite3.Error, OSError))]
        error = (ours or list(error.exceptions))[0]
    return error
