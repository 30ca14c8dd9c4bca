"""The indexing pipeline: discover → detect changes → parse → write.

Discovery and change detection are plain functions; parsing runs in worker processes (both
cores busy, the event loop free); one writer task commits whole files, a batch per transaction.
Everything a job has committed stays committed if it is cancelled or fails: each file's rows are
replaced as a unit, so the index is never left with half a file.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import anyio
import anyio.abc
import anyio.to_process
import anyio.to_thread

from .collector import collector_paused
from .config import Settings
from .discover import Discovery, discover
from .errors import CoderagError, InvalidArgument
from .faults import kill_point, stall_phase
from .graph import link
from .history import git_head, read_history
from .languages import supported_languages_text
from .malloc_arenas import release_free_memory
from .paths import check_allowed
from .parse import ParseResult, Skipped, SourceFile, Unchanged
from .parse_workers import (WORKER_RECYCLE_FILES, Parsers, job_parsers, parse_files, start_workers, stop_idle_workers,
                            workers_advanced, workers_cpu_seconds)
from .store import FileRecord, FileState, Store

if sys.version_info < (3, 11):  # pragma: no cover - the backport anyio installs on 3.10
    from exceptiongroup import BaseExceptionGroup

BATCH_MAX_FILES = 24
BATCH_MAX_BYTES = 384_000
# The files one write transaction waits for (fewer when parsing ends first), and the most it takes.
WRITE_MAX_FILES = 120
# Or as many files as hold this much source: the rows of 120 large files (generated headers of up to
# a MB) were all held at once. drivers/gpu of the Linux kernel: the process's peak 148 -> 117 MB.
WRITE_MAX_BYTES = 4_000_000
# Below this many files to parse, starting worker processes costs more than it saves.
IN_PROCESS_MAX_FILES = 40
# A batch whose parser processes keep using CPU is waited for this many of its bounds at most
# (`_parsed_while_advancing`): a grammar that loops stops at its own bound (grammars.PARSE_CPU_SECONDS).
BATCH_MOST_BOUNDS = 10


class NothingToIndex(CoderagError):
    pass


@dataclass
class Progress:
    """Live counters of a running job, read by the runner's heartbeat."""

    files_total: int = 0
    files_processed: int = 0
    chunks_created: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # False for a first or forced index, which links every file anyway.
    incremental: bool = True
    excluded: dict[str, int] = field(default_factory=dict)
    # What the job is doing, and a count of the steps it finished: the runner's watchdog (jobs.py)
    # gives up on a job whose steps stop advancing.
    phase: str = "starting"
    steps: int = 0

    def advance(self, phase: str | None = None) -> None:
        if phase is not None:
            self.phase = phase
        self.steps += 1


@dataclass(frozen=True)
class Plan:
    to_parse: list[tuple[SourceFile, str | None]]
    unchanged: int
    deleted: list[str]
    # Files an earlier job could not index that have not changed since (path, why): not read again.
    still_skipped: list[tuple[str, str]] = field(default_factory=list)


def check_target(target_path: str, *, root_folders: Sequence[str] = (), granted: str | None = None) -> str:
    """The absolute, real path of a folder we can read, or an error that says what to pass instead.

    `root_folders` and `granted`: what may allow a sensitive folder (paths.check_allowed)."""
    if "\0" in target_path:
        raise InvalidArgument("target_path contains a null byte, which no path can hold. Pass the absolute path "
                              "of the folder to index, such as the repository root.")
    path = os.path.realpath(os.path.expanduser(target_path))
    if not os.path.exists(path):
        raise InvalidArgument(f"target_path '{target_path}' does not exist. Pass the absolute path of the folder "
                              "to index, such as the repository root.")
    if not os.path.isdir(path):
        raise InvalidArgument(f"target_path '{target_path}' is a file, not a folder. Pass the folder that "
                              "contains the code, such as the repository root.")
    check_allowed(path, root_folders=root_folders, granted=granted)
    if not os.access(path, os.R_OK | os.X_OK):
        raise InvalidArgument(f"target_path '{target_path}' cannot be read by this server (permission denied). "
                              "Fix its permissions or index another folder.")
    return path


def plan_changes(files: Sequence[SourceFile], states: dict[str, FileState], *, job_id: str, force: bool) -> Plan:
    """Stat first: a file whose size and mtime match its recorded state is not read at all.

    A file this same job already wrote (the job was interrupted and resumed) is never redone.
    Files that changed go to the parser with their known hash, so a touched-but-equal file
    costs a read and a hash, not a rewrite. `force` rewrites everything not yet done by this job.
    """
    to_parse: list[tuple[SourceFile, str | None]] = []
    unchanged = 0
    still_skipped: list[tuple[str, str]] = []
    for source_file in files:
        state = states.get(source_file.rel_path)
        if state is None:
            to_parse.append((source_file, None))
        elif state.job_id == job_id or (not force and state.size == source_file.size
                                        and state.mtime_ns == source_file.mtime_ns):
            unchanged += 1
            if state.skipped is not None:
                still_skipped.append((source_file.rel_path, state.skipped))
        elif force:
            to_parse.append((source_file, None))
        else:
            to_parse.append((source_file, state.file_hash))
    present = {source_file.rel_path for source_file in files}
    deleted = sorted(path for path in states if path not in present)
    return Plan(to_parse=to_parse, unchanged=unchanged, deleted=deleted, still_skipped=still_skipped)


def batches(items: Sequence[tuple[SourceFile, str | None]]) -> Iterator[list[tuple[SourceFile, str | None]]]:
    batch: list[tuple[SourceFile, str | None]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += item[0].size
        if len(batch) >= BATCH_MAX_FILES or size >= BATCH_MAX_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


async def run_index(
    store: Store,
    *,
    project_id: str,
    job_id: str,
    target_path: str,
    force: bool,
    settings: Settings,
    progress: Progress,
) -> None:
    """Bring the project's index up to date with `target_path`. Raises CoderagError on failure.

    Every wait on the file system runs in a thread a cancel abandons (a hung network mount must not
    hold the job, or its cancel, for ever). The cyclic collector is paused meanwhile (collector.py).
    """
    with collector_paused():
        await _run_index(store, project_id=project_id, job_id=job_id, target_path=target_path, force=force,
                         settings=settings, progress=progress)


async def _run_index(store: Store, *, project_id: str, job_id: str, target_path: str, force: bool,
                     settings: Settings, progress: Progress) -> None:
    progress.advance("checking the folder and discovering its files")
    await stall_phase("discovering")
    granted = await store.granted_folder(project_id)  # a client's root allowed it at init_index
    root, found = await anyio.to_thread.run_sync(_check_and_discover, target_path, granted, settings.max_file_bytes,
                                                 abandon_on_cancel=True)
    kill_point("discovered")
    progress.advance("detecting changed files")
    progress.excluded = dict(found.excluded)
    if not found.files:
        raise NothingToIndex(
            f"No supported files found under {root}. Supported languages: {supported_languages_text()}. "
            "Point target_path at a folder with source code in one of them."
        )
    try:
        # An index another program built or changed is cleared here, and rebuilt whole below.
        await store.begin_writing(project_id)
        await store.remove_untracked_rows(project_id)
        states = await store.file_states(project_id)
        progress.incremental = bool(states) and not force
        plan = plan_changes(found.files, states, job_id=job_id, force=force)
        progress.files_total = len(found.files)
        progress.files_processed = plan.unchanged
        progress.skipped.extend(plan.still_skipped)
        await stall_phase("planning")
        if plan.deleted:
            await store.delete_files(project_id, plan.deleted)
    except sqlite3.OperationalError as error:
        raise DatabaseWriteFailed(str(error)) from error
    kill_point("planned")
    progress.advance("parsing and writing files")
    await _parse_and_write(store, project_id, job_id, plan.to_parse, settings, progress)
    progress.advance("linking the code graph (resolving references, ranking)")
    await stall_phase("linking")
    kill_point("linking")
    try:
        # Every file left unlinked, by this job or by an interrupted one before it.
        await link(store, project_id, root=str(root), step=progress.advance)
    except sqlite3.OperationalError as error:
        raise DatabaseWriteFailed(str(error)) from error
    kill_point("linked")
    progress.advance("reading the commit history")
    await refresh_history(store, project_id, root, settings.history_commits)
    progress.advance("recording the job's end")


async def refresh_history(store: Store, project_id: str, root: str, limit: int) -> None:
    """Keep the titles of the folder's newest `limit` commits (history.py), read again only when its
    repository's HEAD moved: a no-change update costs one `git rev-parse`."""
    head = (await anyio.to_thread.run_sync(git_head, root, abandon_on_cancel=True) if limit else None) or ""
    if await store.history_head(project_id) == head:
        return
    commits = await anyio.to_thread.run_sync(read_history, root, limit, abandon_on_cancel=True) if head else []
    try:
        await store.save_history(project_id, head, commits)
    except sqlite3.OperationalError as error:
        raise DatabaseWriteFailed(str(error)) from error


def _check_and_discover(target_path: str, granted: str | None, max_file_bytes: int) -> tuple[str, Discovery]:
    root = check_target(target_path, granted=granted)
    return root, discover(root, max_file_bytes)


async def _parse_and_write(
    store: Store,
    project_id: str,
    job_id: str,
    to_parse: list[tuple[SourceFile, str | None]],
    settings: Settings,
    progress: Progress,
) -> None:
    if not to_parse:
        return
    # Each file as discovery saw it, by path (a skipped file's row records its size and mtime).
    found = {source_file.rel_path: source_file for source_file, _hash in to_parse}
    in_processes = settings.parse_workers > 0 and len(to_parse) > IN_PROCESS_MAX_FILES
    workers = settings.parse_workers if in_processes else 1
    with job_parsers(workers, in_processes, settings.parser_niceness) as parsers:
        await _parse_and_write_with(store, project_id, job_id, batches(to_parse), found, workers, parsers, settings,
                                    progress)


async def _parse_and_write_with(
    store: Store, project_id: str, job_id: str, pending: Iterator[list[tuple[SourceFile, str | None]]],
    found: Mapping[str, SourceFile], workers: int, parsers: Parsers, settings: Settings, progress: Progress,
) -> None:
    send, receive = anyio.create_memory_object_stream[list[ParseResult]](workers * 2)

    parsed = 0

    async def parse_worker(results: anyio.abc.ObjectSendStream[list[ParseResult]]) -> None:
        nonlocal parsed
        async with results:
            for batch in pending:  # a shared iterator: each worker takes the next batch
                parsed_batch = await _parse_bounded(batch, settings, parsers, progress)
                if parsers.in_processes and (parsed // WORKER_RECYCLE_FILES
                                             < (parsed + len(batch)) // WORKER_RECYCLE_FILES):
                    await stop_idle_workers()  # the one that parsed this batch at least: fresh ones take the next
                parsed += len(batch)
                await results.send(parsed_batch)

    if parsers.in_processes:
        await start_workers(workers, parsers)
    async with anyio.create_task_group() as tg:
        async with send:
            for _ in range(workers):
                tg.start_soon(parse_worker, send.clone())
        async with receive:
            async for results in receive:
                progress.advance()
                kill_point("parsed")
                # Fewer, larger transactions: each commit writes again the pages of every B-tree it touched,
                # and each leaves the full-text tables one more segment to merge. So a write waits for
                # WRITE_MAX_FILES files (or WRITE_MAX_BYTES of source), or the end of parsing (sympy's full
                # index 32.9-33.8 -> 30.3-30.9 s).
                while len(results) < WRITE_MAX_FILES and _source_bytes(results) < WRITE_MAX_BYTES:
                    try:
                        results = results + await receive.receive()
                    except anyio.EndOfStream:
                        break
                    progress.advance()
                    kill_point("parsed")  # each batch: the count does not hang on which batch arrives first
                await _write(store, project_id, job_id, results, found, progress)
                await anyio.to_thread.run_sync(release_free_memory)  # what the batch's rows left free
    if parsers.in_processes:
        await stop_idle_workers()


def _source_bytes(results: list[ParseResult]) -> int:
    return sum(result.size for result in results if isinstance(result, FileRecord))


async def _parse_bounded(
    batch: list[tuple[SourceFile, str | None]], settings: Settings, parsers: Parsers, progress: Progress,
) -> list[ParseResult]:
    """Parse a batch within its bound (`parse_batch_timeout_seconds`, longer while its parser processes use CPU:
    `_parsed_while_advancing`); past it, each file gets the bound on its own and a file that still does not finish
    is skipped. A worker process past the bound is killed; a thread (small trees) is abandoned, so neither cancel
    nor the job waits for it."""
    bound = settings.parse_batch_timeout_seconds
    parsed = await _parsed_while_advancing(batch, settings, parsers, progress)
    if parsed is not None:
        return parsed
    if len(batch) == 1:
        return [Skipped(batch[0][0].rel_path, f"reading and parsing took longer than {bound:g} s (a read that "
                        "blocks, e.g. on a network mount, or a file the grammar is stuck on)", retry=True)]
    results: list[ParseResult] = []
    for item in batch:
        results.extend(await _parse_bounded([item], settings, parsers, progress))
        progress.advance()  # a file that took its own bound is a step: the job is not stuck
    return results


async def _parsed_while_advancing(
    batch: list[tuple[SourceFile, str | None]], settings: Settings, parsers: Parsers, progress: Progress,
) -> list[ParseResult] | None:
    """The batch's results, or None once a bound passed in which no parser process used CPU (a read stuck on a
    hung mount uses none), or BATCH_MOST_BOUNDS bounds in all. A parser process at nice 19 beside busy programs
    gets a sliver of a core and may take many bounds over a batch: while it uses CPU the wait goes on (each such
    bound a step, for the job's watchdog). Parsing in a thread (a few files), or where the processes' CPU cannot
    be read, one bound."""
    bound = settings.parse_batch_timeout_seconds
    results: list[ParseResult] | None = None

    async def give_up_unless_advancing(scope: anyio.CancelScope) -> None:
        before = workers_cpu_seconds() if parsers.in_processes else None
        for _ in range(BATCH_MOST_BOUNDS):
            await anyio.sleep(bound)
            after = workers_cpu_seconds() if before is not None else None
            if before is None or after is None or not workers_advanced(before, after):
                break
            progress.advance()
            before = after
        scope.cancel()

    try:
        with anyio.CancelScope() as parsing:
            async with anyio.create_task_group() as watching:
                watching.start_soon(give_up_unless_advancing, parsing)
                results = await parse_files(batch, settings.max_file_bytes, parsers)
                watching.cancel_scope.cancel()
    except BaseExceptionGroup as group:  # the parse's own error, alone in the group (the watcher raises none)
        if len(group.exceptions) == 1:
            raise group.exceptions[0]  # noqa: B904 - the error itself, its own cause kept
        raise
    return results


async def _write(store: Store, project_id: str, job_id: str, results: list[ParseResult],
                 found: Mapping[str, SourceFile], progress: Progress) -> None:
    """Write a batch's results; `found` holds each file as discovery saw it, by path."""
    records = [result for result in results if isinstance(result, FileRecord)]
    unchanged = [(r.rel_path, r.size, r.mtime_ns) for r in results if isinstance(r, Unchanged)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    await stall_phase("writing")
    kill_point("writing")
    try:
        if records:
            await store.replace_file_rows(project_id, job_id, records, flag_referrers=progress.incremental)
        if unchanged:
            await store.touch_files(project_id, job_id, unchanged)
        if skipped:
            kept = [(r.rel_path, (seen := found[r.rel_path]).size, seen.mtime_ns, r.reason) for r in skipped
                    if not r.retry]
            await store.skip_files(project_id, job_id, kept, [r.rel_path for r in skipped if r.retry])
    except sqlite3.OperationalError as error:
        raise DatabaseWriteFailed(str(error)) from error
    kill_point("written")
    progress.advance()
    progress.skipped.extend((r.rel_path, r.reason) for r in skipped)
    progress.chunks_created += sum(len(record.chunks) for record in records)
    progress.files_processed += len(results)


class DatabaseWriteFailed(CoderagError):
    def __init__(self, detail: str) -> None:
        lowered = detail.lower()
        if "locked" in lowered or "busy" in lowered:
            advice = ("Another program held the database locked for too long. Close long-running vlt "
                      "commands or other writers, then run update_index to finish; what was written is kept.")
        elif "full" in lowered or "disk" in lowered:
            advice = ("The disk holding the database is full. Free some space, then run update_index to "
                      "finish; what was written is kept.")
        else:
            advice = "Check the database file and its folder, then run update_index to finish."
        super().__init__(f"Writing to the database failed ({detail}). {advice}")
