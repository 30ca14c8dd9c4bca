"""What a search hit shows beside its place: a snippet around the match, and which of the query's words
each of its fields holds (search.py ranks; this only describes what it ranked)."""

from __future__ import annotations

from collections.abc import Mapping

from .search import bare_terms, field_matches, squash
from .store import ChunkHit


def matched_signals(hit: ChunkHit, terms: list[str], typed: dict[str, str], *, history: float = 0.0) -> list[str]:
    """Which of the query's words (as typed, not as stemmed) each field of a hit has; whether the hit is
    central, and whether earlier commits changing its file match the query (`history`, 0 to 1)."""
    signals = [f"{field}: {', '.join(dict.fromkeys(typed.get(term, term) for term in found[:6]))}"
               for field, found in field_matches(hit, terms).items()]
    if hit.centrality > 2.0:
        signals.append(f"central: {hit.centrality:.1f}x the average")
    if history >= 0.1:
        signals.append(f"history: earlier commits to this file match ({history:.0%} of the best file's)")
    return signals


# A snippet is a glance, not the file: lines are cut around the match, the whole is capped.
SNIPPET_MAX_LINE = 240
SNIPPET_MAX_CHARS = 1200


def snippet_for(body: str, terms: list[str], weights: Mapping[str, float] | None = None, context: int = 2,
                max_lines: int = 8) -> str:
    """A few lines of the chunk around the line that holds the most of the query's terms (each counted once,
    weighing `weights[term]`, 1 by default; the first such line on a tie), each at most SNIPPET_MAX_LINE
    characters (a window around the match on a very long line). The first line that held any term was
    shown before: in a long chunk, often one with a common word only ("request" in axios's HTTP adapter,
    where "// Handle request timeout" was what "how request timeout is handled" asked for)."""
    lines = body.splitlines()
    bare = bare_terms(terms)
    weights = weights or {}
    first, most = 0, 0.0
    # Squashed whole, then split: lower-casing and dropping underscores keep every line break in place.
    for number, line in enumerate(squash(body).splitlines()):
        weight = sum(weights.get(term, 1.0) for term, term_bare, other in bare
                     if term_bare in line or (other and other in line))
        if weight > most:
            first, most = number, weight
    start = max(0, first - context)
    matched = [form for _term, term_bare, other in bare for form in (term_bare, other) if form]
    shown = [_clip(line, matched if number == first else [])
             for number, line in enumerate(lines[start:start + max_lines], start)]
    return "\n".join(shown)[:SNIPPET_MAX_CHARS]


def _clip(line: str, bare: list[str]) -> str:
    if len(line) <= SNIPPET_MAX_LINE:
        return line
    lowered = line.lower()
    found = [position for term in bare if term and (position := lowered.find(term)) >= 0]
    at = min(found) if found else 0
    begin = max(0, min(at - SNIPPET_MAX_LINE // 3, len(line) - SNIPPET_MAX_LINE))
    window = line[begin:begin + SNIPPET_MAX_LINE]
    return ("…" if begin else "") + window + ("…" if begin + SNIPPET_MAX_LINE < len(line) else "")
