"""Try ranking constants on a retrieval_bench run in seconds instead of re-indexing every parent tree.

    # once: the bench as usual, and each query's candidates (what search_code hands to `rerank`) kept
    .venv/bin/python bench/rerank_offline.py capture /tmp/tuning.pkl --set tuning --commits 50 --seed 11 --out /tmp/tuning.json
    # then, as often as needed: re-rank those candidates with other values of coderag_mcp.search's constants
    .venv/bin/python bench/rerank_offline.py replay /tmp/tuning.json /tmp/tuning.pkl --variant CENTRALITY_WEIGHT=0.03

`capture` takes retrieval_bench.py's own arguments after the pickle's path. `replay` first re-ranks with
the constants as they are and counts the items whose file rank differs from the run's "ours" (0 when
the code that ranked the run is the code that replays it: the candidates are the same, only `rerank`
runs again), then prints, per project and per variant, file MRR and Hit@5 against the strong BM25
baseline of the run, and which projects a variant lowers. Use it on the tuning set only: a replay on
a held-out set is a reading of that set.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import retrieval_bench as bench  # noqa: E402

from coderag_mcp import queries, search  # noqa: E402


def capture(out: Path, bench_args: list[str]) -> int:
    """Run retrieval_bench with `bench_args`, keeping {project: {query: [(terms, candidates, history), ...]}}
    in `out` (one per item with that query, in the run's order; the variants' searches are not kept)."""
    kept: dict[str, dict[str, list[tuple[list[str], list[object], dict[str, float]]]]] = {}
    project: dict[str, object] = {"id": "", "keep": False}
    rerank, rank = queries.rerank, bench.rank

    def keeping_rerank(candidates, query, terms, *, history=None):  # type: ignore[no-untyped-def]
        if project["keep"]:
            kept.setdefault(str(project["id"]), {}).setdefault(query, []).append(
                (list(terms), list(candidates), dict(history or {})))
        return rerank(candidates, query, terms, history=history)

    async def keeping_rank(ranker, *args):  # type: ignore[no-untyped-def]
        project["keep"] = ranker == "ours"
        try:
            return await rank(ranker, *args)
        finally:
            project["keep"] = False

    run_project = bench.run_project

    def keeping_run_project(path, args):  # type: ignore[no-untyped-def]
        project["id"] = bench.project_name(path)
        result = run_project(path, args)
        out.write_bytes(pickle.dumps(kept))  # after each project: a long run keeps what it did
        return result

    queries.rerank = keeping_rerank
    bench.rank = keeping_rank
    bench.run_project = keeping_run_project
    sys.argv = [sys.argv[0], *bench_args]
    return bench.main()


def ranks(run: dict, kept: dict, settings: dict[str, object]) -> dict[str, list[tuple[int | None, int | None]]]:
    """Per project, each item's (our file rank, strong BM25's file rank) with these constants."""
    saved = {name: getattr(search, name) for name in settings}
    try:
        for name, value in settings.items():
            setattr(search, name, value)
        search._path_priors.cache_clear()
        result: dict[str, list[tuple[int | None, int | None]]] = {}
        for project in run["projects"]:
            rows = result.setdefault(project["project"], [])
            seen: dict[str, int] = {}
            for record in project["items"]:
                searches = kept[project["project"]][record["query"]]
                if isinstance(searches, tuple):  # an older capture: one (terms, 300 candidates) per query
                    searches = [(searches[0], searches[1][:3 * bench.SEARCH_LIMIT])]
                occurrence = seen[record["query"]] = seen.get(record["query"], -1) + 1
                terms, candidates, *history = searches[min(occurrence, len(searches) - 1)]  # older: no history
                hits = search.rerank(candidates, record["query"], terms,
                                     history=history[0] if history else None)[:bench.SEARCH_LIMIT]
                item = bench.Item(**{key: value for key, value in record.items() if key != "ranks"})
                judged = bench.judge([(hit.file_path, hit.qualified_name) for hit in hits], item)
                rows.append((judged.file_rank, record["ranks"]["strong BM25"]["file_rank"]))
        return result
    finally:
        for name, value in saved.items():
            setattr(search, name, value)
        search._path_priors.cache_clear()


def figures(rows: list[tuple[int | None, int | None]], which: int) -> tuple[float, float]:
    """(file MRR, file Hit@5 in points) of column `which` (0 ours, 1 strong)."""
    found = [row[which] for row in rows if row[which] is not None]
    return sum(1 / rank for rank in found) / len(rows), 100 * sum(rank <= 5 for rank in found) / len(rows)


def parse_variant(text: str) -> dict[str, object]:
    settings: dict[str, object] = {}
    for assignment in text.split(","):
        name, _, value = assignment.strip().partition("=")
        if not hasattr(search, name):
            raise SystemExit(f"coderag_mcp.search has no constant {name}")
        settings[name] = type(getattr(search, name))(float(value))
    return settings


def replay(run_path: Path, kept_path: Path, variants: list[str]) -> int:
    import json

    run = json.loads(run_path.read_text())
    kept = pickle.loads(kept_path.read_bytes())
    base = ranks(run, kept, {})
    differing = sum(1 for project in run["projects"] for record, (rank, _strong) in
                    zip(project["items"], base[project["project"]]) if rank != record["ranks"]["ours"]["file_rank"])
    print(f"items whose file rank differs from the run's 'ours': {differing}")
    lines = {"as is": base} | {text: ranks(run, kept, parse_variant(text)) for text in variants}
    for label, result in lines.items():
        cells, lowered = [], []
        for project, rows in result.items():
            mrr, hit5 = figures(rows, 0)
            strong_mrr, strong_hit5 = figures(rows, 1)
            base_mrr, base_hit5 = figures(base[project], 0)
            if mrr < base_mrr - 1e-9 or hit5 < base_hit5 - 1e-9:
                lowered.append(project)
            cells.append(f"{project}: {mrr:.3f} ({mrr / strong_mrr if strong_mrr else 0:.2f}x) "
                         f"H@5 {hit5:.0f} ({hit5 - strong_hit5:+.0f})")
        mean = sum(figures(rows, 0)[0] for rows in result.values()) / max(1, len(result))
        print(f"\n{label}: mean MRR {mean:.3f}; lowers: {', '.join(lowered) or 'none'}\n  " + "\n  ".join(cells))
    return 0


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "capture":
        return capture(Path(sys.argv[2]), sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["replay"], help="(or: capture OUT.pkl <retrieval_bench arguments>)")
    parser.add_argument("run", type=Path, help="the --out JSON of the captured run")
    parser.add_argument("candidates", type=Path, help="the pickle `capture` wrote")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=VALUE[,NAME=VALUE]")
    args = parser.parse_args()
    return replay(args.run, args.candidates, args.variant)


if __name__ == "__main__":
    sys.exit(main())
