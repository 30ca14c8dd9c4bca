"""Loading tree-sitter grammars: the one place that knows where they come from.

`tree-sitter-languages` 1.10.2 ships every grammar compiled inside the wheel, so nothing is
downloaded at run time. It needs `tree-sitter==0.21.3`, whose `Language(path, name)` call warns
that it is deprecated; the warning is about that library's internals, not ours, so it is
silenced here.
"""

from __future__ import annotations

import functools
import warnings

from tree_sitter import Language, Parser, Query


@functools.cache
def get_language(grammar: str) -> Language:
    import tree_sitter_languages

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return tree_sitter_languages.get_language(grammar)


# A grammar that loops on some input must cost one skipped file, not a stuck worker.
PARSE_TIMEOUT_MICROS = 10_000_000


@functools.cache
def get_parser(grammar: str) -> Parser:
    parser = Parser()
    parser.set_language(get_language(grammar))
    parser.set_timeout_micros(PARSE_TIMEOUT_MICROS)
    return parser


@functools.cache
def get_query(grammar: str, source: str) -> Query:
    return get_language(grammar).query(source)
