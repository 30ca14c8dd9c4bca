"""Reading chunks for search: BM25 over the project's own table of code-aware terms, and chunks by id
(for hits found another way). The term statistics the ranking uses are term_counts.py."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..enums import ChunkType
from .connection import MAX_PARAMS, from_db_enum
from .term_counts import TermCountsStore, count_and_rowid, stopped_count
from .terms_schema import terms_table


@dataclass(frozen=True)
class ChunkHit:
    file_path: str
    lineno: int
    end_lineno: int
    name: str
    qualified_name: str
    chunk_type: ChunkType
    language: str
    signature: str | None
    docstring: str | None
    body: str
    score: float
    centrality: float = 0.0
    chunk_id: str = ""


@dataclass(frozen=True)
class TermSplit:
    """An OR query's terms in two groups for `search_chunks`: `rare` and `common`, each an FTS5 OR of
    its terms in the query's order; `filters` (" AND scope : ...", or "") every row must match too;
    how many of the project's chunks hold each common term, and how many chunks there are; `exact`:
    False when the rows holding common terms only must not be searched (fts_query.ROW_BUDGET)."""

    rare: str
    common: str
    filters: str
    common_frequencies: tuple[int, ...]
    # How many rows the common terms likely hold between them (`common_frequencies` may be stopped counts).
    common_rows: int
    rows: int
    exact: bool = True
    # The rows holding the rare terms are so many that only some are scored (`_narrowing`).
    narrow: bool = False
    # When not `exact`: a search scores about this many rows of each part at most (0: no bound). It scores
    # the rows holding common terms only when the others are fewer than asked for.
    row_budget: int = 0


# The common terms of a split query hold this many rows between them, or more: the rows holding rare terms
# only are searched without them (`_search_split`). Reading 615,000 rows for six common terms' weights took
# 16 ms of each query that names them (Linux, 1.4 million chunks); below about 100,000, the subquery that
# leaves out the rows holding both costs as much as it saves (Django 5.1, 42,000 chunks).
RARE_ONLY_ABOVE = 100_000
# The rows holding a query's rare terms, narrowed when TermSplit.narrow (past fts_query.NARROW_ABOVE): to those
# with a rare term in one of these fields (an FTS5 column filter: all but the body, which weighs least, and
# the scope). Narrowed to names as well, a doc comment's words no longer found it (148 of 200 doc comments'
# first lines found their own chunk first on sympy copied to 100,000 files, against 163 and 164 exact).
NARROWER_FIELDS = "{name qualified signature doc path}"
# bm25()'s k1 in FTS5: one term adds at most idf * (k1 + 1) to a row's score, however often it occurs.
_BM25_K1 = 1.2


def _most_from_term(rows: int, frequency: int) -> float:
    """More than FTS5's bm25() can credit one term with, in a table of `rows` rows (its idf, computed
    as FTS5 does, times k1 + 1; a hair above, against rounding)."""
    share = (rows - frequency + 0.5) / (frequency + 0.5)
    if share <= 0:  # the counts moved under a running job: no bound, nothing skipped
        return math.inf
    return max(math.log(share), 1e-6) * (_BM25_K1 + 1.0) * 1.0001


def _chunk_hit(row: sqlite3.Row, score: float) -> ChunkHit:
    return ChunkHit(
        file_path=row["file_path"], lineno=row["lineno"], end_lineno=row["end_lineno"], name=row["name"],
        qualified_name=row["qualified_name"], chunk_type=from_db_enum(ChunkType, row["chunk_type"]),
        language=row["language"], signature=row["signature"], docstring=row["docstring"], body=row["body"],
        score=score, centrality=float(row["centrality"]), chunk_id=row["id"],
    )


class SearchStore(TermCountsStore):
    """Full-text search over a project's chunks."""

    async def search_chunks(
        self,
        project_id: str,
        match: str,
        *,
        limit: int,
        weights: Sequence[float],
        path_glob: str | None = None,
        split: TermSplit | None = None,
    ) -> list[ChunkHit]:
        """Chunks matching an FTS5 query over the project's code-aware terms, best BM25 first (fields
        weighted; document counts and lengths are the project's own); ties in rowid order.

        `split`: the same query's terms as two groups, for the same answer at less cost (`_search_split`)."""
        if not await self._has_terms_table(project_id):
            return []
        table = terms_table(project_id)
        if split is not None and path_glob is None:
            return await self._search_split(project_id, table, split, limit=limit, weights=weights)
        rows = await self._fetchall(
            f"""SELECT c.id, c.file_path, c.lineno, c.end_lineno, c.name, c.qualified_name, c.chunk_type, c.language,
                       c.signature, c.docstring, c.body, t.rank,
                       coalesce(n.prior, 0) AS centrality
                  FROM (SELECT rowid, bm25({table}, {", ".join(str(float(w)) for w in weights)}) AS rank
                          FROM {table} WHERE {table} MATCH :match
                         ORDER BY rank LIMIT :candidates) AS t
                  -- CROSS JOIN fixes the order: from the few ranked rows to their chunks, never the reverse.
                  -- Through the rowid map: a deleted chunk's terms, until our next write deletes them
                  -- (terms_rows.py), have no row in it.
                  CROSS JOIN coderag_chunk_fts_rows AS m ON m.fts_rowid = t.rowid
                  CROSS JOIN code_chunks AS c ON c.id = m.chunk_id
                  LEFT JOIN coderag_node_ranks AS n ON n.node_id = c.project_id || ':' || c.file_path || ':' || c.qualified_name
                 WHERE c.project_id = :project_id
                   AND (:glob IS NULL OR c.file_path GLOB :glob)
                 ORDER BY t.rank LIMIT :limit""",
            {"match": match, "project_id": project_id, "glob": path_glob, "limit": limit,
             # Kind and language are tokens inside the match; a path glob filters after it,
             # so FTS is asked for more candidates then.
             "candidates": limit * (10 if path_glob else 1)},
        )
        return [_chunk_hit(row, -float(row["rank"])) for row in rows]

    async def _search_split(
        self, project_id: str, table: str, split: TermSplit, *, limit: int, weights: Sequence[float]
    ) -> list[ChunkHit]:
        """The answer of the whole OR query, without scoring the rows that hold common terms only when
        they cannot be among the best `limit`.

        bm25() scores every row that matches (most of a search's time) and a row's score is a sum over
        the terms it holds. The rows fall into three parts, each one FTS5 query whose terms are the
        whole query's (so each row's score is the one the whole query gives it): rare terms only
        (`rare NOT common`, asked as `rare` less the rows of the next part), both (`rare AND common`),
        common terms only (`common NOT rare`). A row of
        the last part scores less than the most its terms can add up to; when the best `limit` of the
        first two parts all score more, or the split is not `exact`, that part is skipped. (Within the
        middle part FTS5 adds a row's term scores in another order: equal to the last bit or two.)

        When the split is not exact and the first two parts found fewer rows than `limit`, the last part
        is searched too, narrowed to `split.row_budget` rows (`_narrowing`); the first two are narrowed
        the same way when `split.narrow`. Each row found keeps its whole score."""
        score = f"bm25({table}, {', '.join(str(float(w)) for w in weights)})"

        def below_sql(below: int | None) -> str:
            return f" AND rowid < {int(below)}" if below else ""

        def ranked_sql(below: int | None) -> str:
            return (f"SELECT rowid, {score} AS rank FROM {table} WHERE {table} MATCH ?{below_sql(below)} "
                    "ORDER BY rank, rowid LIMIT ?")

        narrowing, below = ("", None)
        if split.narrow:
            narrowing, below = await self._narrowing(table, split.rare, f"({split.rare}){split.filters}",
                                                     split.row_budget, limit)
        ranked: list[tuple[int, float]] = []
        both = f"(({split.rare}) AND ({split.common})){split.filters}"
        rare_only: tuple[str, tuple[str | int, ...]]
        if not split.common:  # one term
            rare_only = (ranked_sql(below), (f"(({split.rare}){split.filters}){narrowing}", limit))
        elif split.common_rows >= RARE_ONLY_ABOVE:
            # bm25() first reads every row of each term of its query, for the term's weight: the rows that
            # hold the rare terms only are then asked for by the rare terms alone, less the rows of the next
            # part (the common terms weigh nothing in a row without them: the same scores, to the bit).
            rare_only = ((f"SELECT rowid, {score} AS rank FROM {table} WHERE {table} MATCH ?{below_sql(below)} "
                          f"AND rowid NOT IN (SELECT rowid FROM {table} WHERE {table} MATCH ?) "
                          "ORDER BY rank, rowid LIMIT ?"),
                         (f"(({split.rare}){split.filters}){narrowing}", both, limit))
        else:
            rare_only = (ranked_sql(below),
                         (f"((({split.rare}) NOT ({split.common})){split.filters}){narrowing}", limit))
        common_only = f"(({split.common}) NOT ({split.rare})){split.filters}"
        parts = [rare_only, (ranked_sql(below), (f"({both}){narrowing}", limit)),
                 (ranked_sql(None), (common_only, limit))]
        for number, (sql, parameters) in enumerate(parts):
            if number >= 1 and not split.common:
                break
            if number == 2 and not split.exact:
                if len(ranked) >= limit or not split.row_budget:
                    break
                # Fewer rows than asked for hold the rare terms: the common terms' rows are searched too, as
                # many as the budget lets, narrowed as the rare terms' are.
                clause, common_below = await self._narrowing(table, split.common, common_only, split.row_budget,
                                                             limit - len(ranked))
                sql, parameters = ranked_sql(common_below), (f"({common_only}){clause}", limit)
            elif number == 2 and len(ranked) >= limit:
                most_common_only = sum(_most_from_term(split.rows, frequency)
                                       for frequency in split.common_frequencies)
                if -ranked[limit - 1][1] > most_common_only:
                    break
            ranked.extend((row[0], row[1]) for row in await self._fetchall(sql, parameters))
            ranked.sort(key=lambda item: (item[1], item[0]))
            del ranked[limit:]
        if not ranked:
            return []
        rows = await self._fetchall(
            f"""SELECT c.id, c.file_path, c.lineno, c.end_lineno, c.name, c.qualified_name, c.chunk_type, c.language,
                       c.signature, c.docstring, c.body, m.fts_rowid AS fts_rowid,
                       coalesce(n.prior, 0) AS centrality
                  FROM coderag_chunk_fts_rows AS m
                  CROSS JOIN code_chunks AS c ON c.id = m.chunk_id
                  LEFT JOIN coderag_node_ranks AS n ON n.node_id = c.project_id || ':' || c.file_path || ':' || c.qualified_name
                 WHERE m.fts_rowid IN ({', '.join('?' * len(ranked))}) AND c.project_id = ?""",
            (*(rowid for rowid, _rank in ranked), project_id))
        by_rowid = {row["fts_rowid"]: row for row in rows}
        return [_chunk_hit(by_rowid[rowid], -float(rank)) for rowid, rank in ranked if rowid in by_rowid]

    async def _narrowing(self, table: str, terms: str, match: str, budget: int, wanted: int
                         ) -> tuple[str, int | None]:
        """Which of the rows of an FTS5 `match` to score, when only about `budget` of them are to be: a
        clause that leaves out those whose `terms` (an FTS5 OR of some of the query's terms) are in no
        field of NARROWER_FIELDS (so only in the body), and a rowid the rows scored lie below (None: no
        bound).

        The clause is left out when fewer than `wanted` rows pass it. When more than `budget` rows are
        left, the first `budget` of them by rowid are scored. The clause is a NOT, whose terms bm25()
        weighs at nothing in a row that passes it: each row scored has the score the whole query gives it."""
        clause = f" NOT (({terms}) NOT ({NARROWER_FIELDS} : ({terms})))"

        async def count(narrowed: str) -> tuple[int, int]:
            """The rows, counted one past the budget at most, and the rowid where the count stopped. (It
            reads the terms' rows until it stops: up to 16 ms for 200,000 of them.)"""
            row = await self._fetchone(f"SELECT {stopped_count(table, budget + 1)}", (narrowed,))
            return count_and_rowid(row[0]) if row else (0, 0)

        rows, stopped_at = await count(f"({match}){clause}")
        if rows < wanted and rows <= budget:  # (a count that stopped past the budget leaves enough)
            clause = ""
            rows, stopped_at = await count(match)
        return clause, (stopped_at if rows > budget else None)  # past it, the first `budget` rows

    async def chunks_by_id(self, project_id: str, chunk_ids: Sequence[str]) -> list[ChunkHit]:
        """The chunks by their ids, looked up by primary key: the project's own index (the plain
        `project_id = ?` SQLite chose) read every chunk of the project, 70 ms for 150 of sympy's 40,000."""
        hits = []
        for start in range(0, len(chunk_ids), MAX_PARAMS):
            part = list(chunk_ids[start:start + MAX_PARAMS])
            rows = await self._fetchall(
                f"""SELECT c.id, c.file_path, c.lineno, c.end_lineno, c.name, c.qualified_name, c.chunk_type,
                           c.language, c.signature, c.docstring, c.body, coalesce(n.prior, 0) AS centrality
                      FROM code_chunks AS c
                      LEFT JOIN coderag_node_ranks AS n ON n.node_id = c.project_id || ':' || c.file_path || ':' || c.qualified_name
                     WHERE +c.project_id = ? AND c.id IN ({', '.join('?' * len(part))})""", (project_id, *part))
            hits.extend(_chunk_hit(row, 0.0) for row in rows)
        return hits
