"""Turning what an agent typed into a safe FTS5 query, and explaining each hit.

Every term is quoted, so no input (quotes, `*`, `:`, `-`, `NEAR`, `AND`, parentheses) can be
read as FTS5 syntax. Identifiers are split at case changes, digits and underscores and also kept
whole, so `parseConfig`, `parse_config`, `ParseConfig` and `parse config` find the same code.
Terms are OR-ed: a natural-language query does not need every word to match; BM25 ranks chunks
that match more (and rarer) terms first.
"""

from __future__ import annotations

import re

from .store import ChunkHit

_WORD = re.compile(r"[A-Za-z0-9_]+")
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
MAX_TERMS = 24
# Words that say nothing about code; dropped unless the query has nothing else. Each one matches
# most chunks, and every chunk a term matches has to be scored.
STOP_WORDS = frozenset("""
a an and are as at be by can do does for from get gets how i in into is it its me my of on or our should
so that the their them then there these this those to use used uses using was we what when where which who
why will with you your code function method class file files find show where
""".split())


def split_identifier(word: str) -> list[str]:
    return [part.lower() for part in _PARTS.findall(word)]


def query_terms(query: str) -> list[str]:
    """Lower-case search terms: each word whole, and its parts when it is a compound identifier."""
    terms: list[str] = []
    for word in _WORD.findall(query):
        candidates = [word.lower().strip("_")] + split_identifier(word)
        for term in candidates:
            if term and term not in terms:
                terms.append(term)
    meaningful = [term for term in terms if term not in STOP_WORDS]
    return (meaningful or terms)[:MAX_TERMS]


def build_match_query(terms: list[str]) -> str:
    # unicode61 splits indexed text at underscores, so "parse_config" becomes the phrase "parse config".
    return " OR ".join('"' + term.replace("_", " ") + '"' for term in terms)


def _contains(text: str | None, term: str) -> bool:
    return bool(text) and term.replace("_", "") in re.sub(r"[_\W]", "", text.lower())  # type: ignore[union-attr]


def matched_signals(hit: ChunkHit, terms: list[str]) -> list[str]:
    signals = []
    for field, text in (("name", hit.qualified_name), ("signature", hit.signature), ("docstring", hit.docstring),
                        ("path", hit.file_path), ("body", hit.body)):
        found = [term for term in terms if _contains(text, term)]
        if found:
            signals.append(f"{field}: {', '.join(found[:6])}")
    return signals


def snippet_for(body: str, terms: list[str], context: int = 2, max_lines: int = 8) -> str:
    """A few lines of the chunk around its first line that mentions a query term."""
    lines = body.splitlines()
    first = next((i for i, line in enumerate(lines) if any(_contains(line, t) for t in terms)), 0)
    start = max(0, first - context)
    return "\n".join(lines[start:start + max_lines])


def definitions_first(hits: list[ChunkHit], query: str) -> list[ChunkHit]:
    """For a query that is one identifier, the chunks defining it come first, in BM25 order otherwise."""
    words = _WORD.findall(query)
    if len(words) != 1:
        return hits
    wanted = words[0].lower()

    def defines(hit: ChunkHit) -> int:
        if hit.name.lower() == wanted:
            return 0
        if hit.qualified_name.lower().endswith("." + wanted):
            return 1
        return 2

    return sorted(hits, key=defines)  # stable: BM25 order within each group
