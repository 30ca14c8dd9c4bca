"""vault.db's two connections, and the conventions of its rows.

One connection writes (serialised by a lock, every write in a `BEGIN IMMEDIATE` transaction, so
two processes on one file queue on SQLite's lock instead of failing); a second connection reads
beside it, which WAL allows while a write is under way. Every part of the store (projects.py,
jobs.py, files.py, ...) is a class over these two; `Store` is all of them in one.

vlt's conventions, applied here and nowhere else:
- enum columns hold the upper-case member name (`'RUNNING'`), the API the lower-case value;
- datetimes are TEXT `'YYYY-MM-DD HH:MM:SS.ffffff'` in UTC without a zone suffix;
- booleans are 0/1, and no column has a default: every NOT NULL value is given on insert;
- `PRAGMA foreign_keys=ON`, so deletes go children first;
- chunk and symbol ids are uuid4 strings; ours are made in the order they are written
  (`ordered_uuid4`).
"""

from __future__ import annotations

import contextlib
import enum
import os
import random
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
import anyio

from ..file_roles import listing_order
from .migrations import apply_migrations

E = TypeVar("E", bound=enum.Enum)
D = TypeVar("D", bound="Database")

_DB_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
BUSY_TIMEOUT_MS = 30_000
# Host parameters per statement: well under SQLite's limit (32766, or 999 before 3.32).
MAX_PARAMS = 400
# Rows a large read hands over at a time (`Database._fetch_batches`).
FETCH_BATCH_ROWS = 5_000


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


_ordered_lock = threading.Lock()
_ordered_last = [0, 0]  # the millisecond and the counter within it of the last id made
# The ids' random bits: a generator seeded from the system's randomness, again in a forked child (which would
# otherwise draw its parent's bits). Ids need to differ, not to be unguessable; the system's own randomness per
# id (`secrets`) was half an id's time (3.6 us), a syscall each.
_ordered_random = random.Random(os.urandom(32))
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _ordered_random.seed(os.urandom(32)))


def ordered_uuid4() -> str:
    """A new id in vlt's uuid4 form (version 4, the RFC 4122 variant) whose leading bits follow the
    order of writing: 48 bits of Unix milliseconds, 12 bits counting the ids made in that millisecond,
    then 62 random bits (so ids made at the same moment by two processes still differ).

    vlt reads chunk and symbol ids as opaque strings. Made in order, each row's key lands next to the
    previous one in its table's primary-key B-tree instead of on a random page of it: with random ids a
    large index touched, and wrote back, a page of that B-tree per row (a 10,000-file full index 116 ->
    93 s)."""
    with _ordered_lock:
        millisecond = time.time_ns() // 1_000_000
        last_millisecond, last_count = _ordered_last
        if millisecond <= last_millisecond:  # the same millisecond, or the clock went back: count on
            millisecond, count = last_millisecond, last_count + 1
            if count >= 1 << 12:
                millisecond, count = millisecond + 1, 0
        else:
            count = 0
        _ordered_last[:] = [millisecond, count]
    value = (millisecond & (1 << 48) - 1) << 80 | 4 << 76 | count << 64 | 0b10 << 62 | _ordered_random.getrandbits(62)
    digits = f"{value:032x}"  # (as str(uuid.UUID(int=value)) writes it, in a third of its time)
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def after_prefix(prefix: str) -> str:
    """The least string above every string that starts with `prefix` (not empty): `[prefix, this)` is an
    index range."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def files_ending_clause(column: str, endings: tuple[str, ...] | None) -> tuple[str, tuple[str, ...]]:
    """` AND (column GLOB ? OR ...)` and its parameters: the rows whose path ends with one of `endings`, as
    str.endswith tells it (GLOB minds case, where LIKE does not); nothing when `endings` is None."""
    if endings is None:
        return "", ()
    if not endings:
        return " AND 0", ()
    return (" AND (" + " OR ".join(f"{column} GLOB ?" for _ in endings) + ")",
            tuple("*" + "".join(f"[{c}]" if c in "*?[" else c for c in ending) for ending in endings))


def to_db_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime(_DB_TIME_FORMAT)


def from_db_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:  # the format we write (and vlt's without a zone): fromisoformat is C, strptime 80 times slower
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        pass
    text = str(value).replace("T", " ").removesuffix("Z")
    if "+" in text[10:]:
        text = text[: 10 + text[10:].index("+")]
    fmt = _DB_TIME_FORMAT if "." in text else "%Y-%m-%d %H:%M:%S"
    return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)


def to_db_enum(value: enum.Enum) -> str:
    return value.name


def from_db_enum(enum_type: type[E], value: str) -> E:
    return enum_type[value.upper()]


def later_than(earlier: datetime | None, now: datetime) -> datetime:
    """`now`, nudged past `earlier`: the rules say created < started < completed, strictly."""
    if earlier is not None and now <= earlier:
        return earlier + timedelta(microseconds=1)
    return now


@contextlib.contextmanager
def read_only_connection(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A connection of its own that only reads, each statement its own transaction, for reads that should
    not queue behind the reader's queries, or hold them up: in a thread (any one thread at a time), or a
    worker process that has no Store."""
    uri = Path(path).expanduser().resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                            check_same_thread=False)) as connection:
        yield connection


@contextlib.contextmanager
def read_only_snapshot(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A read-only connection of its own (read_only_connection) whose reads are one transaction: one snapshot."""
    with read_only_connection(path) as connection:
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")


async def _connect(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    try:
        connection = await aiosqlite.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise OSError(f"Cannot open the database {path}: {error}. Check the path and its permissions, "
                      "or pass another one with --db or CODERAG_DB.") from error
    connection.row_factory = sqlite3.Row
    try:
        await connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA foreign_keys = ON")
        # (for this connection's statements only: vault.db holds no reference to it, and vlt never sees it)
        await connection.create_function("listing_order", 1, listing_order, deterministic=True)
    except BaseException:
        await connection.close()  # else its thread keeps the process alive after the error
        raise
    return connection


class Database:
    """The writer and the reader of one vault.db file, and the write transaction."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = anyio.Lock()
        self._busy_timeout_ms = busy_timeout_ms  # for the connections opened later (`_fetch_batches`)

    @classmethod
    async def open(cls: type[D], path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> D:
        path = Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(f"Cannot create the database folder {path.parent}: {error.strerror}. "
                          "Pass another location with --db or CODERAG_DB.") from error
        writer = await _connect(path, busy_timeout_ms)
        try:
            reader = await _connect(path, busy_timeout_ms)
        except BaseException:
            await writer.close()
            raise
        store = cls(path, writer, reader, busy_timeout_ms)
        try:
            await store.migrate()
        except BaseException:
            await store.close()
            raise
        return store

    async def close(self) -> None:
        with anyio.CancelScope(shield=True):
            for connection in (self._reader, self._writer):
                with contextlib.suppress(Exception):
                    await connection.close()

    @contextlib.asynccontextmanager
    async def transaction(self, *, check_foreign_keys: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction, taken with `BEGIN IMMEDIATE` so it never fails half-way on a lock.

        `check_foreign_keys=False` is for a bulk insert whose references the caller guarantees (SQLite
        looks each one up for every row otherwise); the pragma only changes between transactions.
        """
        async with self._write_lock:
            try:
                if not check_foreign_keys:
                    await self._writer.execute("PRAGMA foreign_keys = OFF")
                async with self._begin_immediate() as db:
                    yield db
            finally:
                if not check_foreign_keys:  # also when cancelled while the OFF was queued: it still ran
                    with anyio.CancelScope(shield=True):
                        await self._writer.execute("PRAGMA foreign_keys = ON")

    @contextlib.asynccontextmanager
    async def _begin_immediate(self) -> AsyncIterator[aiosqlite.Connection]:
        try:
            await self._writer.execute("BEGIN IMMEDIATE")
        except BaseException:
            # Cancelled while BEGIN was queued: it still runs in aiosqlite's thread. The next
            # statement queues behind it, so after it we know whether a transaction is open.
            with anyio.CancelScope(shield=True):
                await self._writer.execute("SELECT 1")
                if self._writer.in_transaction:
                    await self._writer.rollback()
            raise
        try:
            yield self._writer
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._writer.rollback()
            raise
        else:
            with anyio.CancelScope(shield=True):
                await self._writer.commit()

    async def migrate(self) -> list[int]:
        """Apply the migrations this file lacks, in order; return the versions applied."""
        async with self.transaction() as db:
            return await apply_migrations(db, to_db_time(utcnow()))

    async def schema_version(self) -> int:
        rows = await self._reader.execute_fetchall("SELECT max(version) FROM coderag_schema_migrations")
        return rows[0][0] or 0

    async def _fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return list(await self._reader.execute_fetchall(sql, params))

    async def _fetch_batches(self, sql: str, params: Sequence[Any] = ()) -> AsyncIterator[list[sqlite3.Row]]:
        """The rows of a large read, FETCH_BATCH_ROWS at a time. The caller turns each batch into what it keeps
        before the next arrives: a read of 100,000s of rows neither holds them all twice (the rows, then
        their objects; pymalloc keeps the freed rows' memory) nor runs for long on the event loop. Read it
        inside `contextlib.aclosing`: a reader cancelled midway then closes the statement at once (an open
        one holds its snapshot, and the WAL cannot be checkpointed past it).

        It reads on a connection of its own: between its batches the statement stays open, and with it
        the snapshot it started from, which every other read on the same connection would share (a
        ranking reads a project's edges for seconds; a job queued meanwhile was not found by its id)."""
        connection = await _connect(self.path, self._busy_timeout_ms)
        try:
            async with connection.execute(sql, params) as cursor:
                while batch := await cursor.fetchmany(FETCH_BATCH_ROWS):
                    yield batch
        finally:
            with anyio.CancelScope(shield=True):
                await connection.close()

    async def _fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        rows = await self._fetchall(sql, params)
        return rows[0] if rows else None
