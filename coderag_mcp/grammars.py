"""Loading tree-sitter grammars: the one place that knows where they come from.

`tree-sitter-language-pack` 0.13 ships every grammar compiled inside its wheel, so nothing is
downloaded at run time (from 1.0 on the pack fetches grammars when first asked; pyproject keeps it
below 1). Grammar names are the pack's (`csharp`, not `c_sharp`).
"""

from __future__ import annotations

import functools
import time
import warnings

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

# A grammar that loops on some input must cost one skipped file, not a stuck worker: a parse that took this much of
# its thread's CPU is given up. CPU, not the clock: tree-sitter's own bound is the clock's, and a parser process at
# nice 19 beside busy ones gets a sliver of a core (a 1 MB Python file, 0.5 s of CPU, ran out of 10 s with 0.47 s
# of CPU used beside three busy processes on two cores, and was skipped as a grammar that loops).
PARSE_CPU_SECONDS = 10.0
# tree-sitter's clock bound, which stops a parse for a look at the CPU it used; the next call resumes it.
PARSE_SLICE_MICROS = 1_000_000


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
    """A new parser of the grammar whose parse stops every PARSE_SLICE_MICROS (see `parse_bounded`)."""
    parser = Parser(get_language(grammar))
    # tree-sitter 0.25 marks timeout_micros deprecated in favour of parse()'s progress_callback,
    # which crashes before Python 3.14 (see pyproject); the timeout itself works as it always did.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parser.timeout_micros = PARSE_SLICE_MICROS
    return parser


def parse_bounded(parser: Parser, source: bytes, old_tree: Tree | None = None) -> Tree:
    """The parse of `source` by a `bounded_parser`, resumed after each of its clock's stops until it used
    PARSE_CPU_SECONDS of this thread's CPU: then the parser is reset and ValueError raised, as tree-sitter does."""
    started = time.thread_time()
    while True:
        try:
            return parser.parse(source) if old_tree is None else parser.parse(source, old_tree)
        except ValueError:  # stopped by the clock: tree-sitter resumes a stopped parse given the same input
            if time.thread_time() - started >= PARSE_CPU_SECONDS:
                parser.reset()  # (or the parser's next file would resume this one)
                raise


@functools.cache
def get_parser(grammar: str) -> Parser:
    return bounded_parser(grammar)


# The queries that helper modules compile on their first use (a language's own queries are compiled with its first
# file): listed, so that bench/parse_instructions.py compiles them before it counts, as a worker has long done.
HELPER_QUERIES: set[tuple[str, str]] = set()


def helper_query(grammar: str, source: str) -> str:
    """`source`, listed in HELPER_QUERIES as a query of `grammar` that a helper compiles when it first needs it."""
    HELPER_QUERIES.add((grammar, source))
    return source


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
