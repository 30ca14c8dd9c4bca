"""Other ways of fusing keyword and vector rankings, tried on a retrieval_bench run made with --embeddings.

    .venv/bin/python bench/retrieval_bench.py --set tuning --commits 50 --seed 11 --embeddings --out /tmp/tuning.json
    .venv/bin/python bench/fusion_offline.py /tmp/tuning.json

The run keeps, per item, the top 50 chunks of "ours" (the keyword ranking as search_code gives it) and the
vectors' 150 nearest chunks. Each form below fuses those two lists into a chunk ranking, and a file
ranking by first occurrence in its top 50, as the bench judges. Printed per project: file MRR and Hit@5
of strong BM25, of ours, of the run's own "ours with vectors" (search_code's fusion, which also sees
keyword candidates past the 50th) and of each form; then the mean, and how many projects each form
lowers against ours. Use it on the tuning set: a replay on a held-out set is a reading of that set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

Chunk = tuple[str, str]
TOP = 50


def rrf(keyword: list[Chunk], nearest: list[Chunk], k: float, weight: float, within: bool = False) -> list[Chunk]:
    """Reciprocal rank fusion, the vectors' votes weighted; `within`: only chunks the keywords found move."""
    scores: dict[Chunk, float] = {}
    for rank, chunk in enumerate(keyword, 1):
        scores[chunk] = scores.get(chunk, 0.0) + 1.0 / (k + rank)
    for rank, chunk in enumerate(nearest, 1):
        if within and chunk not in scores:
            continue
        scores[chunk] = scores.get(chunk, 0.0) + weight / (k + rank)
    return sorted(scores, key=lambda chunk: -scores[chunk])


def file_rrf(keyword: list[Chunk], nearest: list[Chunk], k: float, weight: float) -> list[Chunk]:
    """Files fused instead of chunks: each file's first place in either ranking."""
    scores: dict[str, float] = {}
    for ranking, share in ((keyword, 1.0), (nearest, weight)):
        for rank, path in enumerate(dict.fromkeys(path for path, _name in ranking), 1):
            scores[path] = scores.get(path, 0.0) + share / (k + rank)
    return [(path, "") for path in sorted(scores, key=lambda path: -scores[path])]


def file_votes(keyword: list[Chunk], nearest: list[Chunk], k: float, weight: float, new: str = "chunks") -> list[Chunk]:
    """Chunks stay chunks: each keyword hit gains its file's place among the vectors' files, and a chunk
    only the vectors found enters at its own place, both weighted."""
    file_place = {path: rank for rank, path in enumerate(dict.fromkeys(path for path, _name in nearest), 1)}
    scores: dict[Chunk, float] = {}
    for rank, chunk in enumerate(keyword, 1):
        scores[chunk] = 1.0 / (k + rank) + (weight / (k + file_place[chunk[0]]) if chunk[0] in file_place else 0.0)
    keyword_files = {path for path, _name in keyword}
    for rank, chunk in enumerate(nearest, 1):
        if chunk in scores or new == "none" or (new == "files" and chunk[0] in keyword_files):
            continue
        # "files": a file the keywords missed enters once, with its nearest chunk, at the file's place
        scores[chunk] = weight / (k + (file_place[chunk[0]] if new == "files" else rank))
        if new == "files":
            keyword_files.add(chunk[0])
    return sorted(scores, key=lambda chunk: -scores[chunk])


def file_scored(keyword: list[Chunk], nearest: list[Chunk], k: float, weight: float, decay: float) -> list[Chunk]:
    """Files fused (as file_rrf), then each chunk scored by its file's fused score times decay to the power of
    the chunks of its file before it: the files' first chunks come in the fused order, and a file's later
    chunks fall behind the next files' first ones as the decay says (embeddings.fuse_by_file's form)."""
    fused_score: dict[str, float] = {}
    for ranking, share in ((keyword, 1.0), (nearest, weight)):
        for rank, path in enumerate(dict.fromkeys(path for path, _name in ranking), 1):
            fused_score[path] = fused_score.get(path, 0.0) + share / (k + rank)
    seen: dict[str, int] = {}
    scored: dict[Chunk, float] = {}
    keyword_files = {path for path, _name in keyword}
    candidates = keyword + [chunk for chunk in nearest if chunk[0] not in keyword_files]
    for chunk in candidates:
        if chunk in scored:
            continue
        before = seen[chunk[0]] = seen.get(chunk[0], -1) + 1
        scored[chunk] = fused_score[chunk[0]] * decay ** before
    return sorted(scored, key=lambda chunk: -scored[chunk])


FORMS: dict[str, Callable[[list[Chunk], list[Chunk]], list[Chunk]]] = {
    "keywords alone (replayed)": lambda keyword, nearest: keyword,
    "vectors alone": lambda keyword, nearest: nearest,
    "rrf k=60 w=1 (search_code's)": lambda keyword, nearest: rrf(keyword, nearest, 60, 1.0),
    "rrf k=60 w=0.5": lambda keyword, nearest: rrf(keyword, nearest, 60, 0.5),
    "rrf k=60 w=0.25": lambda keyword, nearest: rrf(keyword, nearest, 60, 0.25),
    "rrf k=10 w=0.5": lambda keyword, nearest: rrf(keyword, nearest, 10, 0.5),
    "rrf k=10 w=0.25": lambda keyword, nearest: rrf(keyword, nearest, 10, 0.25),
    "rrf k=60 w=1 within keywords": lambda keyword, nearest: rrf(keyword, nearest, 60, 1.0, within=True),
    "rrf k=60 w=0.5 within keywords": lambda keyword, nearest: rrf(keyword, nearest, 60, 0.5, within=True),
    "files rrf k=60 w=1": lambda keyword, nearest: file_rrf(keyword, nearest, 60, 1.0),
    "files rrf k=60 w=0.5": lambda keyword, nearest: file_rrf(keyword, nearest, 60, 0.5),
    "files rrf k=10 w=0.5": lambda keyword, nearest: file_rrf(keyword, nearest, 10, 0.5),
    "files rrf k=10 w=0.25": lambda keyword, nearest: file_rrf(keyword, nearest, 10, 0.25),
    "file votes k=10 w=0.5": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.5),
    "file votes k=10 w=0.25": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.25),
    "file votes k=60 w=0.5": lambda keyword, nearest: file_votes(keyword, nearest, 60, 0.5),
    "file votes k=5 w=0.5": lambda keyword, nearest: file_votes(keyword, nearest, 5, 0.5),
    "file votes k=5 w=1": lambda keyword, nearest: file_votes(keyword, nearest, 5, 1.0),
    "file votes k=10 w=0.25, no new": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.25, "none"),
    "file votes k=10 w=0.5, no new": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.5, "none"),
    "file votes k=10 w=0.25, new files": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.25, "files"),
    "file votes k=10 w=0.5, new files": lambda keyword, nearest: file_votes(keyword, nearest, 10, 0.5, "files"),
    "file scored k=10 w=0.25 decay 0.9": lambda keyword, nearest: file_scored(keyword, nearest, 10, 0.25, 0.9),
    "file scored k=10 w=0.25 decay 0.8": lambda keyword, nearest: file_scored(keyword, nearest, 10, 0.25, 0.8),
    "file scored k=10 w=0.25 decay 0.95": lambda keyword, nearest: file_scored(keyword, nearest, 10, 0.25, 0.95),
    "file scored k=10 w=0.5 decay 0.9": lambda keyword, nearest: file_scored(keyword, nearest, 10, 0.5, 0.9),
}


def function_hit5(chunks: list[Chunk], definitions: set[Chunk]) -> bool | None:
    if not definitions:
        return None
    return any(chunk in definitions for chunk in chunks[:5])


def file_rank(chunks: list[Chunk], answers: set[str]) -> int | None:
    for rank, path in enumerate(dict.fromkeys(path for path, _name in chunks[:TOP]), 1):
        if path in answers:
            return rank
    return None


def figures(ranks: list[int | None]) -> tuple[float, float]:
    """File MRR and Hit@5 (in %)."""
    if not ranks:
        return 0.0, 0.0
    return (sum(1.0 / rank for rank in ranks if rank) / len(ranks),
            100.0 * sum(1 for rank in ranks if rank and rank <= 5) / len(ranks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", type=Path, help="retrieval_bench --embeddings --out files")
    args = parser.parse_args()
    projects = [project for run in args.runs for project in json.loads(run.read_text())["projects"]
                if project["items"]]
    columns = ["strong BM25", "ours", "ours with vectors", *FORMS]
    table: dict[str, dict[str, tuple[float, float]]] = {}
    function_hits: dict[str, list[float]] = {}
    for project in projects:
        ranks: dict[str, list[int | None]] = {column: [] for column in columns}
        hits: dict[str, list[bool]] = {column: [] for column in columns}
        for item in project["items"]:
            lists = {name: [tuple(chunk) for chunk in chunks] for name, chunks in item["lists"].items()}
            answers = set(item["answer_files"])
            definitions = {tuple(pair) for pair in item["changed_definitions"]}
            for column in ("strong BM25", "ours", "ours with vectors"):
                ranks[column].append(item["ranks"][column]["file_rank"])
                if definitions:
                    hits[column].append(bool(item["ranks"][column]["function_hit5"]))
            for name, form in FORMS.items():
                fused = form(lists["ours"], lists.get("nearest", []))
                ranks[name].append(file_rank(fused, answers))
                if definitions:
                    hits[name].append(bool(function_hit5(fused, definitions)))
        table[project["project"]] = {column: figures(ranks[column]) for column in columns}
        for column in columns:
            function_hits.setdefault(column, []).append(100.0 * sum(hits[column]) / max(1, len(hits[column])))
    names = list(table)
    print("| form | " + " | ".join(names) + " | mean MRR | mean Hit@5 | mean function Hit@5 | lower than ours (MRR; Hit@5) |")
    print("|---|" + "---:|" * (len(names) + 4))
    for column in columns:
        cells = [f"{table[name][column][0]:.3f} / {table[name][column][1]:.0f}" for name in names]
        mean_mrr = sum(table[name][column][0] for name in names) / len(names)
        mean_hit5 = sum(table[name][column][1] for name in names) / len(names)
        lower = (sum(1 for name in names if table[name][column][0] < table[name]["ours"][0] - 1e-9),
                 sum(1 for name in names if table[name][column][1] < table[name]["ours"][1] - 1e-9))
        print(f"| {column} | " + " | ".join(cells) + f" | {mean_mrr:.3f} | {mean_hit5:.1f} | {sum(function_hits[column]) / len(names):.1f} | {lower[0]}; {lower[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
