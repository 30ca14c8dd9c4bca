"""Code-aware terms: what the search index stores for a chunk, and what a query looks for.

An identifier is kept whole and also split at case changes, digits and underscores, so
`parseConfig`, `parse_config`, `ParseConfig` and `parse config` meet. Paths become words
(`django/http/request.py` -> `django http request py`). Query terms are always quoted, so no
input can be read as FTS5 syntax.
"""

from __future__ import annotations

import hashlib
import re

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
MAX_QUERY_TERMS = 24

# English words that say nothing about code; dropped from a query unless nothing else matches.
# Words that mean something in code (file, class, get, use, ...) stay: in a large index the common
# ones are dropped by frequency instead (search.informative).
STOP_WORDS = frozenset("""
a an and are as at be by can do does for from how i in into is it its me my of on or our should
so that the their them then there these this those to was we what when where which who why will with you
your
""".split())


def split_identifier(word: str) -> list[str]:
    """`parseHTTPConfig2` -> [`parse`, `http`, `config`, `2`]; `parse_config` -> [`parse`, `config`]."""
    return [part.lower() for piece in word.split("_") for part in _PARTS.findall(piece)]


def expand(text: str | None) -> str:
    """Text as index terms: each identifier lower-cased and whole, followed by its parts when it has several."""
    if not text:
        return ""
    out: list[str] = []
    for word in _IDENTIFIER.findall(text):
        lowered = word.lower()
        out.append(lowered)
        if "_" in word or (lowered != word and word[1:] != lowered[1:]) or not word.isalpha():
            parts = split_identifier(word)  # only compound identifiers have parts worth adding
            if parts != [lowered]:  # `__init__` adds `init`; `parseConfig` adds `parse`, `config`
                out.extend(parts)
    return " ".join(out)


def path_terms(path: str) -> str:
    return expand(path.replace("/", " ").replace(".", " ").replace("-", " "))


def scope_token(project_id: str) -> str:
    """One token per project, so a query can be confined to a project inside the shared FTS index."""
    return "p" + hashlib.blake2b(project_id.encode(), digest_size=8).hexdigest()


def kind_token(kind: str) -> str:
    return f"k_{kind}"


def language_token(language: str) -> str:
    return f"l_{language.lower()}"


def filter_tokens(project_id: str, kind: str, language: str) -> str:
    """The `scope` field of a chunk: its project, kind and language, each one token to filter on."""
    return f"{scope_token(project_id)} {kind_token(kind)} {language_token(language)}"


def query_terms(query: str, *, keep_stop_words: bool = False) -> list[str]:
    """Lower-case search terms: each word whole (as the index keeps it), and its parts when it is a
    compound identifier. A stop word is dropped only as a plain word, never as a part of a name."""
    terms: list[str] = []
    stop: set[str] = set()
    for word in _IDENTIFIER.findall(query):
        lowered = word.lower()
        parts = split_identifier(word)
        if parts == [lowered] and lowered in STOP_WORDS:
            stop.add(lowered)
        for term in [lowered] + ([] if parts == [lowered] else parts):
            if term and term not in terms:
                terms.append(term)
    meaningful = terms if keep_stop_words else [term for term in terms if term not in stop]
    return (meaningful or terms)[:MAX_QUERY_TERMS]


def quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
