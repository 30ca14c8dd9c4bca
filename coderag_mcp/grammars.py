"""Loading tree-sitter grammars: the one place that knows where they come from.

`tree-sitter-language-pack` 0.13 ships every grammar compiled inside its wheel, so nothing is
downloaded at run time (from 1.0 on the pack fetches grammars when first asked; pyproject keeps it
below 1). Grammar names are the pack's (`csharp`, not `c_sharp`).
"""

from __future__ import annotations

import functools
import warnings

from tree_sitter import Language, Node, Parser, Query, QueryCursor

# A grammar that loops on some input must cost one skipped file, not a stuck worker.
PARSE_TIMEOUT_MICROS = 10_000_000


@functools.cache
def get_language(grammar: str) -> Language:
    from tree_sitter_language_pack import get_language as pack_language

    return pack_language(grammar)  # type: ignore[arg-type]  # names are checked by the pack


def grammar_available(grammar: str) -> bool:
    try:
        get_language(grammar)
    except LookupError:
        return False
    return True


def bounded_parser(grammar: str) -> Parser:
    """A new parser of the grammar whose parse stops after PARSE_TIMEOUT_MICROS."""
    parser = Parser(get_language(grammar))
    # tree-sitter 0.25 marks timeout_micros deprecated in favour of parse()'s progress_callback,
    # which crashes before Python 3.14 (see pyproject); the timeout itself works as it always did.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parser.timeout_micros = PARSE_TIMEOUT_MICROS
    return parser


@functools.cache
def get_parser(grammar: str) -> Parser:
    return bounded_parser(grammar)


@functools.cache
def get_query(grammar: str, source: str) -> Query:
    # On a bad query, tree-sitter 0.25 writes a NUL into the text it was given to cut out the line
    # it reports: hand it a copy, so the caller's (cached) string stays intact.
    return Query(get_language(grammar), source.encode().decode())


def query_matches(query: Query, node: Node, max_start_depth: int | None = None
                  ) -> list[tuple[int, dict[str, list[Node]]]]:
    """Every match of `query` under `node`, of patterns that start at most `max_start_depth` levels below it
    when given: (pattern index, capture name -> nodes)."""
    cursor = QueryCursor(query)
    if max_start_depth is not None:
        cursor.set_max_start_depth(max_start_depth)
    return cursor.matches(node)


def node_text(source: bytes, node: Node) -> str:
    """The source text a node spans (undecodable bytes replaced)."""
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")
