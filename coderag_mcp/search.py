"""Ranking: from what an agent typed to the code it means, first.

1. Terms (terms.py): identifiers whole and split, words stemmed, stop words dropped; in a large
   index, a term found in more than a fifth of the chunks is dropped when rarer ones remain (it
   says little, and scoring every chunk it matches is what makes a search slow).
2. Retrieval: BM25 over the code-aware index with fields weighted: name above qualified name above
   path, signature and doc comment, above body. Terms are OR-ed, so a description need not match
   every word; kind and language are tokens inside the same match. Each project has its own FTS
   table, so its BM25 statistics (document counts, average length) never depend on other projects.
   Past the budgets of a large index (fts_query.py: ROW_BUDGET, NARROW_ABOVE), only the rows most likely
   to rank are scored, each with the score the whole query gives it.
3. Re-ranking of the candidates: a few points per query term found in the name, signature, doc or
   path (BM25 gives common terms no weight, which in a small project is most of them), graph
   centrality as a prior, tests below the code they test (whatever the query says), examples,
   docs, benchmarks and generated code below the rest (told by their paths), vendored copies of other libraries below the project's own code (unless the query
   names the library), a file the query names (`utils.go`) twice as high, definitions slightly
   above module code, and for a query that is one identifier or qualified name (`Config.parse`), the
   chunks defining it far above.
   From the project's git history (history.py): the files of the earlier commits whose titles match
   the query best, up to HISTORY_WEIGHT higher.
   (FILE_SUPPORT, off, would back each file's best hit by its next best candidates.)
4. Diversity: past MAX_PER_FILE hits of one file, each further one weighs half the one before; a
   helper nested in a function shown above it weighs half and takes none of its file's turns; another piece
   of a long definition shown above is left out.
Every step is a weight on the score, so the score shown is the one that put a hit where it is.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping

from .languages import BY_EXTENSION
from .models import ChunkType
from .chunking import PIECE_LINES
from .file_roles import is_test_path, path_role, vendored_package
from .store import ChunkHit

# 0.03 ranked better on every tuning project (a core function called from everywhere, click's
# `echo`, matches many descriptions in passing), but worse on held-out lark, dateutil, zod and immer
# (issue 11): it stays 0.15.
CENTRALITY_WEIGHT = 0.15
# Tests weigh 0.3 (was 0.5: better on every tuning project, and on no held-out project worse),
# whatever the query says: a query's words cannot tell a question about the
# product from one about its tests (in pytest, every query says "test"); an agent after tests can
# ask for them with path=.
TEST_PENALTY = 0.3
# Rust keeps a file's unit tests in the file, in `#[cfg(test)] mod tests { ... }`: their definitions are
# tests by their qualified name (`tests::matches_empty`), whatever the path says. False only to measure.
INLINE_TEST_MODULES = True
_RUST_TEST_MODULES = frozenset({"tests", "test"})
# What a file is for, told by its path alone (never by the query's words): examples, docs and
# benchmarks show or measure the code rather than being it; generated code is nobody's to edit.
EXAMPLE_WEIGHT = 0.6
DOCS_WEIGHT = 0.6
BENCH_WEIGHT = 0.6
GENERATED_WEIGHT = 0.5
VENDORED_PENALTY = 0.5
NAMED_FILE_BOOST = 2.0
# A file changed by the earlier commits whose titles match the query best weighs up to 1 + HISTORY_WEIGHT
# times as much (in proportion to its share of the best file's votes, history.history_weights). Only
# when the index read the history (Settings.history_commits, 1,000 by default: see config.py). On the
# retrieval bench's tuning projects (two samples of 50 commits), 0.5 raised mean file MRR 0.673 -> 0.718
# and 0.696 -> 0.718, lowering no project's MRR or Hit@5; 0.4 gained less and lowered httpx.
HISTORY_WEIGHT = 0.5
DEFINITION_BOOST = 1.1
# A file's best hit backed by its other candidates: FILE_SUPPORT times the scores of its next
# FILE_SUPPORT_HITS (chunk scores alone rank a file by its single best chunk). Off: at 0.2 it raised
# mean file MRR on the tuning and both held-out sets, but lowered held-out cobra, trio and jsoup
# (issue 11), and a rule that hurts a held-out project does not ship. Kept to measure (--variant).
FILE_SUPPORT = 0.0
FILE_SUPPORT_HITS = 4
# How many BM25 candidates the re-ranking reorders for a search of `limit` hits (candidate_count): it can
# only lift what is among them. The retrieval bench asks for 50 hits (150 candidates); an agent's 10 had 30,
# which on the tuning set (50 commits each, seed 11) gave file Hit@5 86.3 against 88.7% and MRR@10 0.710
# against 0.718 (lower on five of six projects); 60 gave 88.0 / 0.714, 90 88.7 / 0.716, and on four Rust
# projects 90 gave what 150 gave, to the item. The 60 more: sympy's natural-language searches p50 13.3-14.1
# -> 21.3-22.1 ms on a slow evening (bench/search_latency.py).
# A query of one word or identifier keeps 30: its definitions come first by their name (DEFINES_NAME_BOOST),
# and 90 did not put them first more often (200 names each of sympy and Django: 196 and 200 first with 30,
# 195 and 198 with 90).
CANDIDATES_PER_HIT = 3.0
MIN_CANDIDATES = 90
MIN_IDENTIFIER_CANDIDATES = 30
MAX_PER_FILE = 2
DIVERSITY_DECAY = 0.5
# A hit inside a better hit of its file (see diversify); False only to measure the rule's effect.
NESTED_REDUNDANT = True
# For a one-identifier query: a chunk named exactly so, or whose qualified name ends in it.
DEFINES_NAME_BOOST = 4.0
DEFINES_SUFFIX_BOOST = 2.0
# Points per query term found in a field, added to BM25 (which is near 0 for common terms).
FIELD_COVERAGE = {"name": 1.0, "signature": 0.5, "docstring": 0.5, "path": 0.6, "body": 0.1}
# A stem whose final y became an i (`copi`) is looked for as `copy` too (bare_terms). False only to measure:
# on the tuning set (50 commits, seed 11) file MRR the same on five projects, httpx 0.665 -> 0.667; on the
# sixth held-out set the same on five, tracing 0.548 -> 0.550 (Hit@5 76 -> 78%), commons-io 0.578 -> 0.580
# (Hit@5 57.4 -> 59.6%); none lower (2026-12-04, the twenty-eighth session).
Y_STEMS = True
_WORD = re.compile(r"[A-Za-z0-9_]+")
# A qualified name as languages write one: `Config.parse`, `walk::Walker`, Java's `List#add`, PHP's `Cache->get`.
_QUALIFIED = re.compile(r"[A-Za-z_]\w*(?:(?:\.|::|#|->)[A-Za-z_]\w*)+")
_NAME_SEPARATOR = re.compile(r"::|#|->")
_SOURCE_EXTENSIONS = frozenset(extension.lstrip(".").lower() for extension in BY_EXTENSION)


def one_identifier(query: str) -> str | None:
    """The query's one word or identifier, lower-cased, when it is nothing more (`parse_config`, `Router`);
    a qualified name (`FilenameUtils.normalize`, `Buf::advance`, `Context#reset()`) with its parts joined by
    dots, as chunks' qualified names are compared in `_defining`. A file name (`utils.go`) is none."""
    words = _WORD.findall(query)
    if len(words) == 1:
        return words[0].lower()
    text = query.strip().removesuffix("()")
    if _QUALIFIED.fullmatch(text) and not named_paths(text):
        return _qualified_key(text)
    return None


def _qualified_key(name: str) -> str:
    return _NAME_SEPARATOR.sub(".", name).lower()


def candidate_count(limit: int, query: str) -> int:
    """The BM25 candidates to fetch for a search of `limit` hits: the re-ranking can only lift what is among them."""
    least = MIN_IDENTIFIER_CANDIDATES if one_identifier(query) is not None else MIN_CANDIDATES
    return max(int(limit * CANDIDATES_PER_HIT), least)


def rerank(hits: list[ChunkHit], query: str, terms: list[str], *,
           history: Mapping[str, float] | None = None) -> list[ChunkHit]:
    """The candidates re-scored and re-ordered (steps 3 and 4 of the module's docstring); `history`
    holds a weight from 0 to 1 per file the matching earlier commits changed."""
    history = history or {}
    words = {word.lower() for word in _WORD.findall(query)}
    named_files = named_paths(query)
    identifier = one_identifier(query)

    wanted = bare_terms(terms)

    def score(hit: ChunkHit) -> float:
        # BM25 says little in a small index (a term in half the chunks has no weight); how many of
        # the query's terms a chunk has, and where, still does.
        coverage = sum(FIELD_COVERAGE[field] * len(found) for field, found in _field_matches(hit, wanted).items())
        value = (hit.score + coverage) * (1.0 + CENTRALITY_WEIGHT * math.log1p(hit.centrality))
        is_test, role, vendored = _path_priors(hit.file_path)
        if is_test or (INLINE_TEST_MODULES and in_test_module(hit)):
            value *= TEST_PENALTY
        if named_files and any(hit.file_path == name or hit.file_path.endswith("/" + name) for name in named_files):
            value *= NAMED_FILE_BOOST
        value *= role
        if vendored and vendored.lower() not in words:
            value *= VENDORED_PENALTY
        if hit.chunk_type is not ChunkType.MODULE:
            value *= DEFINITION_BOOST
        return value * (1.0 + HISTORY_WEIGHT * history.get(hit.file_path, 0.0))

    scored = with_file_support([_rescored(hit, score(hit) * _defining(hit, identifier)) for hit in hits])
    return diversify(sorted(scored, key=lambda hit: hit.score, reverse=True))


def with_file_support(scored: list[ChunkHit]) -> list[ChunkHit]:
    """Each file's best hit plus FILE_SUPPORT times the scores of its next FILE_SUPPORT_HITS hits."""
    if not FILE_SUPPORT or not FILE_SUPPORT_HITS:
        return scored
    by_file: dict[str, list[int]] = {}  # per file, its hits' positions in `scored`, best first
    for position in sorted(range(len(scored)), key=lambda position: -scored[position].score):
        by_file.setdefault(scored[position].file_path, []).append(position)
    supported = list(scored)
    for positions in by_file.values():
        best, others = positions[0], positions[1:FILE_SUPPORT_HITS + 1]
        if others:
            support = sum(scored[position].score for position in others)
            supported[best] = _rescored(scored[best], scored[best].score + FILE_SUPPORT * max(0.0, support))
    return supported


@functools.lru_cache(maxsize=50_000)
def _path_priors(path: str) -> tuple[bool, float, str | None]:
    """What a file's path says, for every candidate of every search: a test, its role's weight, the
    library it is a vendored copy of. (Paths recur from search to search: each is read once.)"""
    return is_test_path(path), role_weight(path), vendored_package(path)


def in_test_module(hit: ChunkHit) -> bool:
    """A definition inside a Rust test module (`tests::parses`, `walk::tests::Fixture.new`)."""
    return hit.language == "rust" and "::" in hit.qualified_name and any(
        module in _RUST_TEST_MODULES for module in hit.qualified_name.split("::")[:-1])


def _rescored(hit: ChunkHit, score: float) -> ChunkHit:
    """`dataclasses.replace(hit, score=score)` for an eighth of its cost (it runs twice on every
    candidate): the frozen dataclass's fields copied as they are, the score changed."""
    rescored = object.__new__(ChunkHit)
    fields = rescored.__dict__
    fields.update(hit.__dict__)
    fields["score"] = score
    return rescored


_ROLE_WEIGHTS = {"generated": GENERATED_WEIGHT, "example": EXAMPLE_WEIGHT, "docs": DOCS_WEIGHT, "bench": BENCH_WEIGHT}


def role_weight(path: str) -> float:
    """The weight of a file for what its path says it is: example, docs, benchmark, generated, or
    (1.0) anything else. Tests and vendored copies have their own rules."""
    role = path_role(path)
    return _ROLE_WEIGHTS[role] if role else 1.0


_PATH_LIKE = re.compile(r"[\w./-]*\w\.[A-Za-z]{1,5}\b")


def named_paths(query: str) -> list[str]:
    """File names and paths the query mentions (`utils.go`, `src/app.ts`), without a leading `./`."""
    return [match.removeprefix("./") for match in _PATH_LIKE.findall(query)
            if match.rsplit(".", 1)[-1].lower() in _SOURCE_EXTENSIONS]


def definition_weight(hit: ChunkHit, query: str) -> float:
    """For a query that is one identifier, the chunks defining it weigh most (its name exactly, then a
    qualified name ending in it); any other query leaves the score as it is."""
    return _defining(hit, one_identifier(query))


def _defining(hit: ChunkHit, wanted: str | None) -> float:
    if wanted is None:
        return 1.0
    if "." in wanted:  # a qualified name: the definition it names, then those of its last part's name
        qualified = _qualified_key(hit.qualified_name)
        if qualified == wanted or qualified.endswith("." + wanted):
            return DEFINES_NAME_BOOST
        return DEFINES_SUFFIX_BOOST if hit.name.lower() == wanted.rsplit(".", 1)[1] else 1.0
    if hit.name.lower() == wanted:
        return DEFINES_NAME_BOOST
    if hit.qualified_name.lower().endswith("." + wanted):
        return DEFINES_SUFFIX_BOOST
    return 1.0


def diversify(ranked: list[ChunkHit]) -> list[ChunkHit]:
    """Hits best first; past MAX_PER_FILE hits of one file, each further one weighs DIVERSITY_DECAY times
    the one before, so other files get their turn. A hit whose lines lie inside a better function or
    method hit of its file (a helper nested in the function shown above it) repeats what that hit
    shows: it weighs DIVERSITY_DECAY and takes none of its file's turns, so it cannot push the file's
    other definitions down. (A method inside a class shown above it is not a repeat: the class is
    too large to read whole.) Another piece of a long definition shown above is left out. The score shown is the
    one that ranked it."""
    seen: dict[str, int] = {}
    shown: dict[str, list[tuple[int, int]]] = {}
    definitions: dict[tuple[str, str, ChunkType, str | None], list[tuple[int, int]]] = {}  # the pieces shown of each
    weighed = []
    for hit in ranked:
        spans = shown.setdefault(hit.file_path, [])
        if NESTED_REDUNDANT and any(start <= hit.lineno and hit.end_lineno <= end and (start, end) != (
                hit.lineno, hit.end_lineno) for start, end in spans):
            weighed.append(_rescored(hit, hit.score * DIVERSITY_DECAY))
            continue
        seen[hit.file_path] = seen.get(hit.file_path, 0) + 1
        if hit.chunk_type is not ChunkType.MODULE:
            key = (hit.file_path, hit.qualified_name, hit.chunk_type, hit.signature)
            pieces = definitions.setdefault(key, [])
            if any(start <= hit.end_lineno and hit.lineno <= end or max(end - start, hit.end_lineno - hit.lineno) + 1
                   >= PIECE_LINES for start, end in pieces):
                # Another piece of a long definition shown above (chunking.pieces_of: two pieces overlap, or one of
                # them is a whole piece long, which no namesake of one signature is) is the same answer: left out
                # (Django's `Query.build_filter` was 1st and 2nd, lines 1528-1590 and 1428-1547; sympy's `Float`
                # 4th and 9th; its `simplify` 1st and 4th, lines 631-750 and 420-539). It still takes its file's
                # turn, as it did when shown, so every other hit stays where it was or moves up.
                continue
            pieces.append((hit.lineno, hit.end_lineno))
        if hit.chunk_type in (ChunkType.FUNCTION, ChunkType.METHOD):
            spans.append((hit.lineno, hit.end_lineno))
        beyond = seen[hit.file_path] - MAX_PER_FILE
        weighed.append(_rescored(hit, hit.score * DIVERSITY_DECAY ** beyond) if beyond > 0 else hit)
    return sorted(weighed, key=lambda hit: hit.score, reverse=True)  # stable: a file's hits keep their order


def squash(text: str | None) -> str:
    """Lower-case with underscores gone, so `parse_config` and `parseConfig` contain `parseconfig`.
    (Plain string methods: this runs on every candidate's body, and a regex costs ten times more.)"""
    return text.lower().replace("_", "") if text else ""


def field_matches(hit: ChunkHit, terms: list[str]) -> dict[str, list[str]]:
    """The query terms found in each field of a hit."""
    return _field_matches(hit, bare_terms(terms))


def bare_terms(terms: list[str]) -> list[tuple[str, str, str]]:
    """Each term, as it is looked for in a squashed text, and another form of it ("" if none): the stemmer
    makes a final y after a consonant an i (`copy`, `directory`, `query` -> `copi`, `directori`, `queri`),
    which is in `copies` but not in `copyDirectory`. Of the parts of the qualified names of three Go, Java
    and Kotlin projects, 2.7% had a stem that is not in them, nearly all of them so."""
    # A term of underscores alone (`[1]_` in a doc comment pasted as a query) is in every text once
    # squashed, even an empty one: it would give every candidate the same points and match every field.
    return [(term, bare, _y_form(bare)) for term in terms if (bare := term.replace("_", ""))]


def _y_form(stem: str) -> str:
    if Y_STEMS and len(stem) >= 3 and stem[-1] == "i" and stem[-2] not in "aeiouy" and stem.isalpha():
        return stem[:-1] + "y"
    return ""


def _field_matches(hit: ChunkHit, wanted: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for field, text in (("name", hit.qualified_name), ("signature", hit.signature), ("docstring", hit.docstring),
                        ("path", hit.file_path), ("body", hit.body)):
        squashed = squash(text)
        present = [term for term, bare, other in wanted if bare in squashed or (other and other in squashed)]
        if present:
            found[field] = present
    return found
