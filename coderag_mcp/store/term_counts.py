"""What a search knows of its terms before it searches: how many of a project's chunks hold each term, counted
(or stopped and estimated) through its own terms table and kept while the database does not change, and how
many rows the table has.

Apart from search.py, which searches with these counts (BM25, the split of a query's terms): the counting is
what makes a search cheap or dear to plan, with caches and SQLite's FTS5 internals of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..terms import quoted
from .connection import MAX_PARAMS, Database
from .terms_schema import terms_table


@dataclass(frozen=True)
class TermStatistics:
    """What BM25 knows of a query's terms in a project: the rows of its terms table (`rows`, as bm25()
    counts them) and how many of them hold each term."""

    rows: int
    frequencies: dict[str, int]
    # Counts were stopped here (None: never): a term at this count holds at least as many chunks.
    counted_up_to: int | None = None
    # For each stopped term, how many chunks it likely holds (see `TermCountsStore.term_statistics`).
    estimates: dict[str, int] = field(default_factory=dict)

    @property
    def likely(self) -> dict[str, int]:
        """Each term's count, or for a stopped one its estimate: to tell terms apart by how common they
        are. (`frequencies` holds what was counted: the bounds BM25's weights may be derived from.)"""
        return {**self.frequencies, **self.estimates} if self.estimates else self.frequencies

    @property
    def stopped(self) -> set[str]:
        """The terms whose counts were stopped."""
        if self.counted_up_to is None:
            return set()
        return {term for term, count in self.frequencies.items() if count >= self.counted_up_to}


# Terms whose chunk counts are kept per project (a few MB at most); past it, the counts start over.
TERM_COUNTS_KEPT = 50_000
# A stopped count stops at this many chunks (a millisecond or so of reading). It stopped at a fifth of the
# chunks before, to tell which terms are that common: 516,000 rows a term at 2.6 million chunks, 140 to
# 365 ms of a query's cold counts. Past it, the count is estimated (`_estimated`).
TERM_COUNT_STOP = 10_000


def _leading_varint(block: bytes | None) -> int:
    """The SQLite varint a blob starts with (FTS5's totals record starts with the table's row count)."""
    value = 0
    for position, byte in enumerate((block or b"")[:9]):
        if position == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value
    return value


def _estimated(count: int, cap: int, stopped_at: int, first: int | None, last: int | None, rows: int) -> int:
    """A stopped count's likely whole: `count` chunks lay in the rows up to rowid `stopped_at`, of the
    table's rows from `first` to `last`. (A term spread evenly comes out close; one whose chunks come
    early in the table, such as a directory's own word, comes out higher than it is.)"""
    if count < cap or not first or not last or stopped_at < first:
        return count
    share = (stopped_at - first + 1) / max(last - first + 1, 1)
    return max(count, min(rows, round(count / share)))


def stopped_count(table: str, limit: int) -> str:
    """A subquery for one FTS5 match (its `?`): how many rows it holds, counted up to `limit`, and the rowid
    where the count stopped, as "count rowid" (one value, so that one statement can hold many of them)."""
    return (f"(SELECT count(*) || ' ' || coalesce(max(rowid), 0) FROM "
            f"(SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT {int(limit)}))")


def count_and_rowid(value: str) -> tuple[int, int]:
    """The two numbers of a `stopped_count`."""
    count, stopped_at = value.split()
    return int(count), int(stopped_at)


class TermCountsStore(Database):
    """How many of a project's chunks hold each term, and how many chunks there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_terms_tables: set[str] = set()
        # project -> (the data_version they were counted at, where counts stopped,
        #             term -> (chunks counted holding it, chunks likely holding it))
        self._term_counts: dict[str, tuple[int | None, int | None, dict[str, tuple[int, int]]]] = {}

    async def term_statistics(self, project_id: str, terms: Sequence[str], *, stop_counts: bool = False
                              ) -> TermStatistics:
        """How many chunks the project's terms table holds, and how many of them contain each term.

        Counting reads a term's list of chunks (milliseconds for a common word, tens of them in a large
        index), so counts are kept while the database does not change: SQLite's `data_version`, read in
        the same statement as the counts, moves with every commit of another connection (our writer,
        vlt, another server). With `stop_counts`, a count stops at TERM_COUNT_STOP chunks, and the
        term's whole count is estimated from how far into the table's rows it had got (`estimates`)."""
        found = dict.fromkeys(terms, 0)
        if not await self._has_terms_table(project_id):
            return TermStatistics(0, found)
        cap = TERM_COUNT_STOP if stop_counts else None
        version, counted_cap, known = self._term_counts.get(project_id, (None, None, {}))
        if counted_cap != cap:
            known = {}
        wanted = [term for term in found if term not in known]
        counted_version, rows, counted = await self._count_terms(project_id, wanted, cap)
        if counted_version is None or counted_version != version:  # changed since `known` was counted
            if len(wanted) < len(found):
                counted_version, rows, counted = await self._count_terms(project_id, list(found), cap)
            known = {}
        if len(known) > TERM_COUNTS_KEPT:
            known = {}
        known.update(counted)
        if counted_version is not None:
            self._term_counts[project_id] = (counted_version, cap, known)
        found.update((term, known[term][0]) for term in found)
        estimates = {term: known[term][1] for term in found if known[term][1] != known[term][0]}
        return TermStatistics(rows, found, cap, estimates)

    async def _count_terms(self, project_id: str, terms: list[str], cap: int | None
                           ) -> tuple[int | None, int, dict[str, tuple[int, int]]]:
        """(the database's data_version, the terms table's rows, each term's (chunk count stopped at `cap`,
        likely count)); the version is None when it moved between the statements of a long list."""
        table = terms_table(project_id)
        versions: set[int] = set()
        rows = 0
        counted: dict[str, tuple[int, int]] = {}
        # Each count an indexed lookup: `term IN (...)` would make fts5vocab read the whole vocabulary.
        # A stopped count goes through MATCH, which can stop (fts5vocab counts a term's whole list), and
        # says at which rowid it stopped.
        count = stopped_count(table, cap) if cap else f"(SELECT doc FROM {table}_vocab WHERE term = ?)"
        for start in range(0, max(len(terms), 1), MAX_PARAMS):
            part = terms[start:start + MAX_PARAMS]
            # One statement for all the terms (one trip to the database thread). The row count is FTS5's
            # own (the table's totals record, which bm25() reads): counting the rows would read them all.
            # The first and last rowids (of the table's row sizes: its primary key) place a stopped count.
            row = await self._fetchone("SELECT " + ", ".join(
                ["(SELECT data_version FROM pragma_data_version)", f"(SELECT block FROM {table}_data WHERE id = 1)",
                 f"(SELECT min(id) FROM {table}_docsize)", f"(SELECT max(id) FROM {table}_docsize)"]
                + [count for _ in part]), tuple(quoted(term) if cap else term for term in part))
            if row:
                versions.add(row[0])
                rows = _leading_varint(row[1])
                for term, value in zip(part, row[4:]):
                    if cap:
                        number, stopped_at = count_and_rowid(value)
                        counted[term] = (number, _estimated(number, cap, stopped_at, row[2], row[3], rows))
                    else:
                        counted[term] = (value or 0, value or 0)
        return (versions.pop() if len(versions) == 1 else None), rows, counted

    async def chunk_count(self, project_id: str) -> int:
        """The project's chunks in the search index (counted on the rowid map: counting an FTS table reads
        all of it)."""
        row = await self._fetchone("SELECT count(*) FROM coderag_chunk_fts_rows WHERE project_id = ?", (project_id,))
        return row[0] if row else 0

    async def _has_terms_table(self, project_id: str) -> bool:
        # A project's terms table, once made, is never dropped: remember it, and spare every search
        # two trips to the database thread.
        if project_id in self._known_terms_tables:
            return True
        if await self._fetchone("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (terms_table(project_id),)) is None:
            return False
        self._known_terms_tables.add(project_id)
        return True
