"""Compare answers of bench/search_answers.py with a reference (such as the exact answer: `--row-budget 0`),
and say how often each found what its query came from.

For each JSON file after the first: how many of the searches are answered identically, how often the
first hit is the reference's, and the mean share of the top 10 both hold. Then, for every file: of the
200 identifier queries, how often the first hit (or one of the top 10) defines that name; of the 200
natural-language queries (doc comments' first lines), how often it is the chunk of that doc comment.
With --strip-copy, a path's leading `copyN/` is dropped, so the copies of one chunk in
bench/scale_curve.py's trees count as one.

    .venv/bin/python bench/compare_answers.py /tmp/scale/vault100000.db scale /tmp/exact.json /tmp/after.json --strip-copy
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

_COPY = re.compile(r"^copy[0-9]+/")


def hit_keys(answer: Any, strip_copy: bool) -> list[tuple[str, int]]:
    if not isinstance(answer, dict):  # an error is an answer with no hits
        return []
    return [(_COPY.sub("", hit["file_path"]) if strip_copy else hit["file_path"], hit["start_line"])
            for hit in answer["hits"]]


def agreement(reference: list[Any], other: list[Any], strip_copy: bool) -> str:
    same = first = 0
    overlaps = []
    for (query, options, expected), (query_b, options_b, answer) in zip(reference, other):
        if (query, options) != (query_b, options_b):
            raise SystemExit("the files hold different searches: make both with bench/search_answers.py")
        same += expected == answer
        wanted, found = hit_keys(expected, strip_copy), hit_keys(answer, strip_copy)
        if wanted or found:
            overlaps.append(len(set(wanted[:10]) & set(found[:10])) / max(len(set(wanted[:10])), len(set(found[:10]))))
            first += wanted[:1] == found[:1]
    return (f"identical {same} of {len(reference)}; same first hit {first} of {len(overlaps)}; "
            f"mean top-10 overlap {sum(overlaps) / max(len(overlaps), 1):.3f}")


def found_their_source(answers: list[Any], sources: dict[str, set[tuple[str, int]]], strip_copy: bool) -> str:
    defined_first = defined_top = doc_first = doc_top = doc_asked = 0
    for query, _options, answer in answers[:200]:  # identifiers: symbol names of the index
        symbols = [hit["symbol"] for hit in answer["hits"]] if isinstance(answer, dict) else []
        defined_first += symbols[:1] == [query]
        defined_top += query in symbols[:10]
    for query, _options, answer in answers[200:400]:  # doc comments' first lines
        if query in sources:
            doc_asked += 1
            found = hit_keys(answer, strip_copy)
            doc_first += bool(found) and found[0] in sources[query]
            doc_top += any(key in sources[query] for key in found[:10])
    return (f"identifiers: the definition first {defined_first}, in the top 10 {defined_top} (of 200); "
            f"doc lines: their chunk first {doc_first}, in the top 10 {doc_top} (of {doc_asked})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("project")
    parser.add_argument("reference", type=Path)
    parser.add_argument("others", type=Path, nargs="*")
    parser.add_argument("--strip-copy", action="store_true")
    arguments = parser.parse_args()
    sources: dict[str, set[tuple[str, int]]] = {}
    with sqlite3.connect(arguments.db) as db:
        for path, line, doc in db.execute(
                "SELECT file_path, lineno, docstring FROM code_chunks WHERE project_id = ? AND docstring IS NOT NULL "
                "AND length(docstring) > 30", (arguments.project,)):
            sources.setdefault(doc.splitlines()[0], set()).add(
                (_COPY.sub("", path) if arguments.strip_copy else path, line))
    reference = json.loads(arguments.reference.read_text())
    print(f"{arguments.reference}: {found_their_source(reference, sources, arguments.strip_copy)}")
    for name in arguments.others:
        answers = json.loads(name.read_text())
        print(f"{name}: against {arguments.reference.name}: {agreement(reference, answers, arguments.strip_copy)}")
        print(f"  {found_their_source(answers, sources, arguments.strip_copy)}")


if __name__ == "__main__":
    main()
