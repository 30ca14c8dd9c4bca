"""A query split into rare and common terms gives the whole query's answer, skipping what cannot rank."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp import fts_query
from coderag_mcp.store import search as store_search
from coderag_mcp.store import term_counts
from coderag_mcp.models import ChunkType
from coderag_mcp.fts_query import FIELD_WEIGHTS, build_match, split_terms
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import TermStatistics
from coderag_mcp.terms import query_terms

from .conftest import indexed_project

pytestmark = pytest.mark.anyio


def corpus() -> dict[str, str]:
    """320 functions: `gamma` in 40 names, `delta` in 5, `omega` in 80; `alpha` in every third body and doc,
    `beta` in every fifth; `zeta` once in every ninth body."""
    files = {}
    for module in range(40):
        functions = []
        for number in range(8):
            index = module * 8 + number
            name = "".join(part for part, every, at in (("gamma_", 8, 3), ("delta_", 64, 5), ("omega_", 4, 1))
                           if index % every == at) + f"handle_{index}"
            words = " ".join(word for word, every in (("alpha", 3), ("beta", 5)) if index % every == 0)
            functions.append(f"def {name}(value):\n    \"\"\"Work on {words or 'nothing'}.\"\"\"\n"
                             f"    return value + {index}  # {words} {'alpha ' * (index % 4)}"
                             f"{' zeta' if index % 9 == 0 else ''}\n")
        files[f"pkg/module_{module}.py"] = "\n\n".join(functions)
    return files


@pytest.fixture(params=["rare terms with the common", "rare terms alone"])
async def service(tmp_path: Path, request: pytest.FixtureRequest,
                  monkeypatch: pytest.MonkeyPatch) -> CodeIndexService:  # type: ignore[misc]
    # Both ways of asking for the rows that hold rare terms only (see store.search.RARE_ONLY_ABOVE).
    monkeypatch.setattr(store_search, "RARE_ONLY_ABOVE", 10**12 if request.param == "rare terms with the common" else 0)
    async with indexed_project(tmp_path, corpus(), "split") as indexed:
        yield indexed


async def answers(service: CodeIndexService, query: str, kind: ChunkType | None = None, limit: int = 30
                  ) -> tuple[list[tuple[str, int, float]], list[tuple[str, int, float]], list[str]]:
    """The whole query's answer, the split one's, and the searches the split one scored."""
    terms = query_terms(query)
    statistics = await service.store.term_statistics("split", terms)
    split = split_terms(terms, statistics, kind=kind, language=None)
    assert split is not None
    whole = await service.store.search_chunks("split", build_match(terms, kind=kind, language=None), limit=limit,
                                              weights=FIELD_WEIGHTS)
    ran: list[str] = []
    await service.store._reader.set_trace_callback(ran.append)  # noqa: SLF001 - which queries ran
    try:
        parts = await service.store.search_chunks("split", build_match(terms, kind=kind, language=None), limit=30,
                                                  weights=FIELD_WEIGHTS, split=split)
    finally:
        await service.store._reader.set_trace_callback(None)  # noqa: SLF001
    as_rows = [[(hit.file_path, hit.lineno, round(hit.score, 9)) for hit in hits] for hits in (whole, parts)]
    return as_rows[0], as_rows[1], [statement for statement in ran if "bm25(" in statement]


async def test_rows_with_common_terms_only_are_skipped_when_they_cannot_rank(service: CodeIndexService) -> None:
    whole, parts, ran = await answers(service, "gamma alpha")
    assert len(whole) == 30 and parts == whole
    assert all(path.startswith("pkg/") for path, _line, _score in whole)
    assert len(ran) == 2  # rare only, then rare and common: the common-only rows were never scored
    assert ("rowid NOT IN" in ran[0]) == (store_search.RARE_ONLY_ABOVE == 0)  # the form the fixture chose


async def test_the_common_only_rows_are_scored_when_the_rare_ones_are_too_few(service: CodeIndexService) -> None:
    whole, parts, ran = await answers(service, "delta alpha")
    assert len(whole) == 30 and parts == whole
    assert len(ran) == 3


async def test_common_terms_that_outscore_the_rare_ones_are_scored(service: CodeIndexService) -> None:
    """`zeta` (36 bodies, once each) is rarer than `omega` (80 names), but a name weighs far more."""
    whole, parts, ran = await answers(service, "zeta omega")
    assert len(whole) == 30 and parts == whole and len(ran) == 3


async def test_past_the_row_budget_only_rows_with_the_rarest_terms_are_searched(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`delta` (5 names) and `gamma` (40) hold more rows than a budget of 20: `gamma` joins the common
    terms, and the rows that hold `delta` come first; being fewer than the 30 asked for, they are followed
    by the best of 20 rows holding common terms only (the first by rowid of those with one in a field
    weighing more than the body). Every row keeps the whole query's score."""
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 20)
    whole, parts, ran = await answers(service, "delta gamma alpha")
    assert len(ran) == 3 and not any("rowid <" in statement for statement in ran[:2])
    assert "rowid <" in ran[2] and "{name qualified signature doc path}" in ran[2]
    assert len(parts) == 25 and parts[:5] == whole[:5]
    every = {(path, line): score for path, line, score in (await answers(service, "delta gamma alpha", limit=1000))[0]}
    assert all(every[path, line] == score for path, line, score in parts[5:])
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 0)  # no budget: the whole answer
    whole, parts, ran = await answers(service, "delta gamma alpha")
    assert len(parts) == 30 and parts == whole


async def test_past_the_row_budget_the_common_only_rows_are_narrowed_too(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`delta` (5 names) is within a budget of 20, `alpha` (every third function) is not: the 5 rows
    holding `delta` are followed by the best of about 20 rows holding `alpha` alone, not by all of them
    (`test_issue_21047`: its own chunks, then every chunk of a large tree saying "issue")."""
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 20)
    whole, parts, ran = await answers(service, "delta alpha")
    assert len(ran) == 3 and "rowid <" in ran[2] and "rowid <" not in ran[0] + ran[1]
    assert parts[:5] == whole[:5] and 5 < len(parts) <= 25
    every = {(path, line): score for path, line, score in (await answers(service, "delta alpha", limit=1000))[0]}
    assert all(every[path, line] == score for path, line, score in parts[5:])


async def test_filters_hold_in_every_part(service: CodeIndexService) -> None:
    whole, parts, _ran = await answers(service, "gamma alpha beta", kind=ChunkType.MODULE)
    assert parts == whole
    whole, parts, _ran = await answers(service, "gamma alpha beta", kind=ChunkType.FUNCTION)
    assert parts == whole and whole


def test_a_stopped_count_is_estimated_from_where_it_stopped() -> None:
    # 500 chunks counted by rowid 1,000 of rows 1 to 10,000: a tenth of the table, so about 5,000 in all
    assert term_counts._estimated(500, 500, 1_000, 1, 10_000, 10_000) == 5_000  # noqa: SLF001
    assert term_counts._estimated(500, 500, 5_000, 4_001, 14_000, 10_000) == 5_000  # noqa: SLF001 - rows from 4,001
    assert term_counts._estimated(499, 500, 1_000, 1, 10_000, 10_000) == 499  # noqa: SLF001 - not stopped: counted
    assert term_counts._estimated(500, 500, 10, 1, 10_000, 900) == 900  # noqa: SLF001 - never above the rows


def test_no_split_for_one_term_or_an_absent_one() -> None:
    assert split_terms(["alpha"], TermStatistics(200, {"alpha": 3}), kind=None, language=None) is None
    assert split_terms(["alpha", "zeta"], TermStatistics(200, {"alpha": 3, "zeta": 0}), kind=None, language=None) is None
    split = split_terms(["alpha", "gamma", "beta"], TermStatistics(200, {"alpha": 100, "gamma": 5, "beta": 60}),
                        kind=None, language=None)
    # common: the most frequent terms up to half of the occurrences (alpha: 100 of 165)
    assert split is not None and split.rare == '("gamma" OR "beta")' and split.common == '("alpha")'
    assert split.common_frequencies == (100,) and split.rows == 200


async def test_term_counts_are_kept_until_the_database_changes(tmp_path: Path) -> None:
    files = {"a.py": "def alpha_one():\n    return 1\n", "b.py": "def alpha_two():\n    return 2\n"}
    async with indexed_project(tmp_path, files, "counts") as service:
        store = service.store
        assert (await store.term_statistics("counts", ["alpha", "two"])).frequencies == {"alpha": 2, "two": 1}
        ran: list[str] = []
        await store._reader.set_trace_callback(ran.append)  # noqa: SLF001 - which statements ran
        try:
            assert (await store.term_statistics("counts", ["alpha", "two"])).frequencies == {"alpha": 2, "two": 1}
        finally:
            await store._reader.set_trace_callback(None)  # noqa: SLF001
        assert not any("_vocab" in statement for statement in ran)  # kept: the database did not change
        (tmp_path / "repo" / "c.py").write_text("def alpha_three():\n    return 3\n")
        await service.update_index("counts", background=False)
        assert (await store.term_statistics("counts", ["alpha", "two", "three"])).frequencies == {
            "alpha": 3, "two": 1, "three": 1}
        (tmp_path / "repo" / "b.py").unlink()
        await service.update_index("counts", background=False)
        statistics = await store.term_statistics("counts", ["alpha", "two"])
        assert statistics.frequencies == {"alpha": 2, "two": 0}
        # the rows bm25 counts: FTS5's own total, which follows chunks written and deleted
        assert statistics.rows == await store.chunk_count("counts") > 0


async def test_counts_stop_past_a_share_of_the_chunks_and_answers_stay_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"m{number}.py": f"def alpha_{number}():\n    return {number}\n" for number in range(6)}
    files["two.py"] = "def beta_two():\n    return 2\n"
    async with indexed_project(tmp_path, files, "counts") as service:
        store = service.store
        before = [(hit.file_path, hit.score) for hit in (await service.search_code("counts", "alpha beta")).hits]
        monkeypatch.setattr(term_counts, "TERM_COUNT_STOP", 2)
        stopped = await store.term_statistics("counts", ["alpha", "beta"], stop_counts=True)
        assert stopped.counted_up_to == 2 and stopped.frequencies == {"alpha": 2, "beta": 1}
        # alpha's first two chunks lie in the first third or so of the rows: about six in all
        assert stopped.stopped == {"alpha"} and 4 <= stopped.likely["alpha"] <= 7 and stopped.likely["beta"] == 1
        whole = await store.term_statistics("counts", ["alpha", "beta"])
        assert whole.counted_up_to is None and whole.frequencies == {"alpha": 6, "beta": 1}
        # A search that would keep a stopped count counts it whole: the same hits, the same scores.
        ran: list[str] = []
        await store._reader.set_trace_callback(ran.append)  # noqa: SLF001 - which statements ran
        try:
            hits = (await service.search_code("counts", "alpha beta")).hits
        finally:
            await store._reader.set_trace_callback(None)  # noqa: SLF001
        assert [(hit.file_path, hit.score) for hit in hits] == before
        assert any("_vocab" in statement for statement in ran)  # the whole count


async def narrowed(service: CodeIndexService, query: str) -> tuple[dict[tuple[str, int], float],
                                                                    list[tuple[str, int, float]], list[str]]:
    """Every row's score under the whole query, the split (narrowed) answer, and the searches it scored."""
    terms = query_terms(query)
    split = split_terms(terms, await service.store.term_statistics("split", terms), kind=None, language=None)
    assert split is not None and split.narrow and split.row_budget == fts_query.ROW_BUDGET and not split.exact
    every, parts, ran = await answers(service, query, limit=1000)
    return {(path, line): score for path, line, score in every}, parts, ran


def with_doc(word: str) -> set[tuple[str, int]]:
    """The functions of `corpus()` whose doc comment has the word (`alpha`: every third, `beta`: every fifth)."""
    every = {"alpha": 3, "beta": 5}[word]
    return {(f"pkg/module_{index // 8}.py", 1 + (index % 8) * 5) for index in range(320) if index % every == 0}


@pytest.mark.parametrize("query", ["alpha", "alpha value"])
async def test_past_narrow_above_only_rows_with_the_rare_term_in_a_weighty_field_are_scored(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """`alpha` is in 107 doc comments and in the bodies of 160 more functions (`value`, more common, in
    all 320). Past NARROW_ABOVE, with a budget of 120 rows, only the rows with the rare term in a doc
    comment (or another field weighing more than the body) are scored, each with its whole score."""
    monkeypatch.setattr(fts_query, "NARROW_ABOVE", 50)
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 120)
    scores, parts, ran = await narrowed(service, query)
    rare = query.split()[0]
    assert len(parts) == 30 and {(path, line) for path, line, _score in parts} <= with_doc(rare)
    assert all(scores[path, line] == score for path, line, score in parts)  # the whole query's scores
    assert all(" NOT " in statement for statement in ran) and not any("rowid <" in s for s in ran)
    best_with_doc = sorted((score for place, score in scores.items() if place in with_doc(rare)), reverse=True)
    assert [score for _path, _line, score in parts] == best_with_doc[:30]


async def test_past_the_narrowing_the_first_rows_are_scored(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a budget of 50, `alpha`'s 107 doc comments are too many: the first 50 of their rows are scored."""
    monkeypatch.setattr(fts_query, "NARROW_ABOVE", 50)
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 50)
    scores, parts, ran = await narrowed(service, "alpha")
    assert len(parts) == 30 and {(path, line) for path, line, _score in parts} <= with_doc("alpha")
    assert all(scores[path, line] == score for path, line, score in parts)
    assert all("rowid <" in statement for statement in ran)
    monkeypatch.setattr(fts_query, "NARROW_ABOVE", 10**9)  # not narrowed: every row of the term is scored
    terms = query_terms("alpha")
    assert split_terms(terms, await service.store.term_statistics("split", terms), kind=None, language=None) is None


async def test_a_narrowing_that_leaves_too_few_rows_is_not_used(
    service: CodeIndexService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`zeta` is only ever in a body (36 of them): no row passes the narrowing, so the first 20 of its rows
    (the budget) are scored as they are."""
    monkeypatch.setattr(fts_query, "NARROW_ABOVE", 10)
    monkeypatch.setattr(fts_query, "ROW_BUDGET", 20)
    scores, parts, ran = await narrowed(service, "zeta")
    assert len(parts) == 20 and all(scores[path, line] == score for path, line, score in parts)
    assert all("rowid <" in statement and " NOT " not in statement for statement in ran)
