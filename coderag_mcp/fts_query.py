"""The full-text query a search asks: which of its terms are worth searching, the FTS5 match with its kind and
language filters, the bm25() field weights, and the split of the terms into rare and common, with the row
budget that may make the answer approximate on a large index.

Apart from search.py, which re-ranks what the query found (coverage, centrality, paths, definitions,
diversity): this decides what SQLite is asked and how much it scores, that how the candidates are ordered.
"""

from __future__ import annotations

from .models import ChunkType
from .store import TermSplit, TermStatistics
from .terms import kind_token, language_token, quoted


# bm25() weights, in the column order of coderag_chunk_terms.
FIELD_WEIGHTS = (10.0, 6.0, 4.0, 3.0, 5.0, 1.0, 0.0)
COMMON_SHARE = 0.2
# How much of a query's term occurrences `split_terms` calls common. More leaves fewer rows to score up
# front but skips the rest less often: 0.6 to 0.65 cut natural-language p95 on sympy (20 -> 18 ms) and on
# sympy copied to 258k chunks (125 -> 104 ms), but raised it on Django (23 -> 27 ms); the answers are
# the same either way (2026-11-30, 200 + 200 queries of bench/search_latency.py per index).
COMMON_OCCURRENCES = 0.5
PRUNE_ABOVE_CHUNKS = 2000
# A search scores at most about this many rows (bm25() costs ~3 us a row, and the rows holding a query's
# terms grow with the index): past it, the most frequent of the rare terms count as common, and rows that
# hold common terms only are not searched, or, when the rare terms' rows are too few, about this many of
# them (so too when the common terms alone are past it). The answer is then approximate: the best rows
# holding one of the rarest terms, each with its exact score. It changed no answer on the retrieval
# bench's 20 projects (the largest 7,600 chunks; 9,800 commit titles asked; the common terms' budget,
# added later, was measured on search_latency.py's queries only: 1,545 of 1,546 top 10s the same);
# on sympy (40k chunks) 399 of 400 answers are the same as without it, on sympy copied to 258k chunks
# the top 10 share 97-99% of their hits and the first hit is the same in 400 of 400
# (bench/search_latency.py's queries). 0: no budget, every answer exact.
ROW_BUDGET = 5000
# When even the rarest term of a query (or its only term) is in more rows than this, only those with a rare
# term in the name, qualified name, signature, doc or path are scored (store.search.NARROWER_FIELDS), and
# of those, past ROW_BUDGET, the first by rowid. In an index of 2.6 million chunks (sympy copied to 100,000
# files) the rarest term of a query is often in 30,000 to 200,000 of them, and scoring them took 100 to
# 400 ms a query (and 2.4 s for "Returns"). Below it, the rows are all scored as before. 10,000 instead of
# 20,000 (three pairs of runs in turn on that index): natural-language p95 148/137/110 -> 109/90/90 ms,
# identifiers 57/58/47 -> 52/35/36 ms, the same top 10 for 384 of 385 queries (the other, "probability",
# now finds the method of that name first); on sympy and Django (40,000 chunks) every answer the same.
NARROW_ABOVE = 10_000


def informative(terms: list[str], frequencies: dict[str, int], total: int) -> list[str]:
    """The terms worth searching: present in the index, and not in most of it (unless nothing else is).

    Common terms are only dropped from a large index: that is where they cost time, and a small one
    says little about which words are common."""
    present = [term for term in terms if frequencies.get(term, 0) > 0]
    if total < PRUNE_ABOVE_CHUNKS:
        return present or terms[:2]
    rare = [term for term in present if frequencies[term] <= COMMON_SHARE * max(total, 1)]
    if rare:
        return rare
    return sorted(present, key=lambda term: frequencies[term])[:2] or terms[:2]


def build_match(terms: list[str], *, kind: ChunkType | None, language: str | None) -> str:
    """The FTS5 query: the terms OR-ed, and the kind and language filters as tokens of the `scope` field.
    (The project needs no filter: each project has its own terms table.)"""
    return " AND ".join([_any_of(terms), *_filters(kind, language)])


def split_terms(terms: list[str], statistics: TermStatistics, *, kind: ChunkType | None,
                language: str | None) -> TermSplit | None:
    """The query of `build_match` as rare and common terms, so that the store may skip scoring the
    rows that hold common terms only (see `SearchStore._search_split`); the answer is the same, unless
    the rare terms, or the common ones, hold more than ROW_BUDGET rows (then `exact` is False, see
    ROW_BUDGET and NARROW_ABOVE).
    Common: the most frequent terms, up to COMMON_OCCURRENCES of all the terms' occurrences in chunks
    (never the rarest). None with a term no chunk holds, or for a query of one term unless it is in more
    than NARROW_ABOVE rows (then its rows are narrowed)."""
    frequencies = statistics.likely  # a stopped count's estimate tells common terms apart
    if not terms or any(frequencies.get(term, 0) <= 0 for term in terms):
        return None
    filters = "".join(" AND " + each for each in _filters(kind, language))
    if len(terms) == 1:
        if not ROW_BUDGET or frequencies[terms[0]] <= max(NARROW_ABOVE, ROW_BUDGET):
            return None
        # One term in that many rows: the rows scored are narrowed (see NARROW_ABOVE).
        return TermSplit(rare=_any_of(terms), common="", filters=filters, common_frequencies=(), common_rows=0,
                         rows=statistics.rows, exact=False, narrow=True, row_budget=ROW_BUDGET)
    total = sum(frequencies[term] for term in terms)
    common: list[str] = []
    for term in sorted(terms, key=lambda term: frequencies[term])[:0:-1]:
        if sum(frequencies[each] for each in common) >= total * COMMON_OCCURRENCES:
            break
        common.append(term)
    rare = [term for term in terms if term not in common]
    exact = True
    if ROW_BUDGET:
        # Every row holding a rare term is scored: past the budget, the most frequent rare terms count as
        # common, and the rows that hold common terms only are not searched at all.
        while len(rare) > 1 and sum(frequencies[term] for term in rare) > ROW_BUDGET:
            moved = max(rare, key=lambda term: frequencies[term])
            rare.remove(moved)
            common.append(moved)
            exact = False
    common_rows = sum(frequencies[term] for term in common)
    # The rows holding common terms only are scored when the rare terms' rows are too few, or could be
    # outscored: past the budget, they too are narrowed to it, and skipped when the rare terms' fill
    # the answer (`test_issue_21047` on sympy copied to 30,000 files: its 19 chunks, then every chunk
    # saying "issue" was scored, 60 to 100 ms).
    if ROW_BUDGET and common_rows > ROW_BUDGET:
        exact = False
    # Even the rarest term is in that many rows: the rows scored are narrowed (see NARROW_ABOVE).
    narrow = bool(ROW_BUDGET) and sum(frequencies[term] for term in rare) > max(NARROW_ABOVE, ROW_BUDGET)
    exact = exact and not narrow
    ordered_common = [term for term in terms if term in common]  # the query's order
    return TermSplit(rare=_any_of(rare), common=_any_of(ordered_common), filters=filters,
                     # what was counted, not estimated: the bound they give `_search_split` must hold
                     common_frequencies=tuple(statistics.frequencies[term] for term in ordered_common),
                     rows=statistics.rows, exact=exact, narrow=narrow, row_budget=0 if exact else ROW_BUDGET,
                     common_rows=common_rows)


def _any_of(terms: list[str]) -> str:
    return f"({' OR '.join(quoted(term) for term in terms)})"


def _filters(kind: ChunkType | None, language: str | None) -> list[str]:
    filters = []
    if kind is not None:
        filters.append(f"scope : {quoted(kind_token(kind.value))}")
    if language:
        filters.append(f"scope : {quoted(language_token(language))}")
    return filters
