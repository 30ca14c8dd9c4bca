"""Code-aware terms: what the search index stores for a chunk, and what a query looks for.

An identifier is kept whole and also split at case changes, digits and underscores, so
`parseConfig`, `parse_config`, `ParseConfig` and `parse config` meet. Words are stemmed (Snowball
English), so `redirects`, `redirected` and `get_redirect_target` meet too. Paths become words
(`django/http/request.py` -> `django http request py`). Query terms are always quoted, so no
input can be read as FTS5 syntax.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator

import snowballstemmer

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
# An acronym's plural (`URLs`, `IDs`) is one part; otherwise a part is a capitalised or lower-case
# word, an acronym (`HTTP` in `HTTPServer`), or a number.
_PARTS = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
MAX_QUERY_TERMS = 24

# English words that say nothing about code; dropped from a query unless nothing else matches.
# Words that mean something in code (file, class, get, use, ...) stay: in a large index the common
# ones are dropped by frequency instead (fts_query.informative).
STOP_WORDS = frozenset("""
a an and are as at be by can do does for from how i in into is it its me my of on or our should
so that the their them then there these this those to was we what when where which who why will with you
your
don doesn didn isn aren wasn weren won wouldn shouldn couldn hasn haven t s
""".split())  # the last line: what is left of "don't", "isn't", "it's"


def split_identifier(word: str) -> list[str]:
    """`parseHTTPConfig2` -> [`parse`, `http`, `config`, `2`]; `parse_config` -> [`parse`, `config`]."""
    return [part.lower() for piece in word.split("_") for part in _PARTS.findall(piece)]


# PyStemmer's C build when installed (a dependency: 21x faster than snowballstemmer's own Python,
# which a parser worker spent 1.4 s of sympy's 30 s in), snowballstemmer's Python otherwise: both
# are Snowball's English algorithm and stem alike (tests/test_search.py compares them).
_ENGLISH = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A lower-case word's English stem (`adapters`, `adapter` -> `adapt`), so a description's
    plurals and tenses meet the code's names. Short words and words with digits stay as they are."""
    if len(word) < 4 or not word.isalpha():
        return word
    return _ENGLISH.stemWord(word)


def expand(text: str | None) -> str:
    """Text as index terms: a plain word stemmed; a compound identifier lower-cased and whole (for an
    exact search), followed by its parts, stemmed."""
    if not text:
        return ""
    if len(_EXPANDED) > _EXPANDED_MAX:
        _EXPANDED.clear()
    # Most words of a code base recur (self, return, the project's own names): each is expanded once,
    # then looked up in C (`map` over the dict's own lookup; a new word goes through `__missing__`).
    # The words are cut in C too: ASCII punctuation becomes a space and `split` cuts there (half the
    # time of `_IDENTIFIER.findall`); what that leaves joined (`9abc`, a word with a non-ASCII letter)
    # `__missing__` cuts as findall would, so the terms are the same.
    return " ".join(filter(None, map(_EXPANDED.__getitem__, text.translate(_PUNCTUATION_TO_SPACE).split())))


_PUNCTUATION_TO_SPACE = {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}


class _Expansions(dict[str, str]):
    def __missing__(self, word: str) -> str:
        if _IDENTIFIER.fullmatch(word):
            expanded = " ".join(term for term, _typed in _word_forms(word))
        else:
            expanded = " ".join(filter(None, map(self.__getitem__, _IDENTIFIER.findall(word))))
        self[word] = expanded
        return expanded


_EXPANDED = _Expansions()
_EXPANDED_MAX = 300_000  # words; a large code base has a few hundred thousand


def _word_forms(word: str) -> list[tuple[str, str]]:
    """(term, the word or part as typed, lower-cased) for one word of code or of a query: a plain word
    is its stem; a compound identifier is itself, whole and unstemmed (for an exact search), then
    each of its parts stemmed. The index and the query both take their terms from here, so they
    always agree."""
    lowered = word.lower()
    # Only a word with an underscore, inner capitals or digits can be compound (a cheap test first).
    if "_" in word or (lowered != word and word[1:] != lowered[1:]) or not word.isalpha():
        parts = split_identifier(word)
        if parts != [lowered]:  # `__init__` adds `init`; `parseConfig` adds `parse`, `config`
            return [(lowered, lowered)] + [(stem(part), part) for part in parts]
    return [(stem(lowered), lowered)]


def chunk_terms(name: str, qualified_name: str, signature: str | None, docstring: str | None,
                body: str) -> tuple[str, str, str, str, str]:
    """A chunk's searchable fields as index terms, in the column order of coderag_chunk_terms."""
    return expand(name), expand(qualified_name), expand(signature), expand(docstring), expand(body)


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
    """Search terms, as the index keeps them: each word stemmed, each compound identifier whole and
    its parts stemmed. A stop word is dropped only as a plain word, never as a part of a name."""
    terms: list[str] = []
    stop: set[str] = set()
    for term, _typed, is_stop_word in _query_words(query):
        if is_stop_word:
            stop.add(term)
        if term and term not in terms:
            terms.append(term)
    meaningful = terms if keep_stop_words else [term for term in terms if term not in stop]
    return (meaningful or terms)[:MAX_QUERY_TERMS]


def typed_words(query: str) -> dict[str, str]:
    """Each search term of the query, with the word it came from as typed (lower case): an agent
    reading why a hit matched should see `solving`, not the stem `solv`."""
    typed: dict[str, str] = {}
    for term, word, _is_stop_word in _query_words(query):
        typed.setdefault(term, word)
    return typed


def _query_words(query: str) -> Iterator[tuple[str, str, bool]]:
    """(term, the word as typed, whether it is a stop word) for each word and identifier part."""
    for word in _IDENTIFIER.findall(query):
        forms = _word_forms(word)
        plain = len(forms) == 1 and forms[0][1] == word.lower()
        for term, typed in forms:
            yield term, typed, plain and typed in STOP_WORDS


def quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
