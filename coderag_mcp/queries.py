"""The read side of the service: search and reading code (symbols, references and the repo map are in
graph_queries.py; how a symbol as written names definitions in symbol_names.py).

`CodeIndexService` (service.py) is these queries, the graph's and the jobs that build the index; all
share its store, settings and embeddings client.
"""

from __future__ import annotations

import fnmatch
import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import anyio.to_thread

from .config import Settings
from .enums import VARIABLE_KIND
from .errors import InvalidArgument, NotFound
from .file_roles import listing_order
from .models import (
    ChunkType,
    CodeReadResponse,
    IndexStatus,
    JobStatus,
    SearchHit,
    SearchResponse,
)
from .embeddings import (
    RERANK_FACTOR,
    VECTOR_PAGE,
    VECTORS_RELOAD_FACTOR,
    VECTORS_RELOAD_SECONDS,
    EmbeddingError,
    OpenAICompatibleEmbeddings,
    VectorIndex,
    exact_nearest,
    fuse_by_file,
)
from .history import HistoryIndex, history_weights
from .inherited_names import inherited_definitions
from .module_names import exported_alias_definitions, module_qualified_definitions
from .source import lines_above, read_lines, resolve_inside, variable_lines
from .hit_text import matched_signals, snippet_for
from .fts_query import COMMON_SHARE, FIELD_WEIGHTS, build_match, informative, split_terms
from .search import candidate_count, rerank
from .terms import query_terms, typed_words
from .store import TERM_COUNT_STOP, ChunkHit, Store
from .symbol_names import definitions_as_written, dotted_symbol, named_as_written
from .validation import (MAX_NAME_CHARS, MAX_PATH_FILTER_CHARS, MAX_QUERY_CHARS, check_length, check_project_id,
                         check_range, similar_names)


class CodeQueries:
    """Answers from a project's index. Expects `store`, `settings` and `embeddings` (see CodeIndexService)."""

    store: Store
    settings: Settings
    embeddings: OpenAICompatibleEmbeddings | None
    # Per project, the commit history last loaded and the HEAD it was read at (history.py).
    _histories: dict[str, tuple[str, HistoryIndex]]
    # Per project, its vectors in memory: (the data_version they were read at, when they may be read again
    # at the soonest, the index).
    _vector_indexes: dict[str, tuple[int, float, VectorIndex]]

    async def _history(self, project_id: str) -> HistoryIndex | None:
        """The project's commit titles as the last index stored them: loaded once per HEAD the index read."""
        head = await self.store.history_head(project_id)
        if not head:
            return None
        cached = self._histories.get(project_id)
        if cached is None or cached[0] != head:
            stored = await self.store.load_history(project_id)
            if stored is None:
                return None
            self._histories[project_id] = cached = (stored[0], HistoryIndex(stored[1]))
        return cached[1]

    async def _vectors(self, project_id: str) -> VectorIndex:
        """The project's vectors, read again once the database changed, at most every VECTORS_RELOAD_SECONDS
        and never sooner than VECTORS_RELOAD_FACTOR times as long as reading them took (a fill or an index
        job commits every moment, the watcher after each edit: in between, a vector filled since is not
        used yet, and a chunk deleted since is dropped when its row is looked up)."""
        cached = self._vector_indexes.get(project_id)
        if cached is not None and (time.monotonic() < cached[1] or cached[0] == await self.store.data_version()):
            return cached[2]
        version = await self.store.data_version()  # read before the vectors: a commit meanwhile reads them again
        started = time.monotonic()
        vectors, after = VectorIndex(), 0
        while rows := await self.store.embedded_vectors(project_id, after, VECTOR_PAGE):
            after = rows[-1][0]
            await anyio.to_thread.run_sync(vectors.add, [(chunk_id, blob) for _rowid, chunk_id, blob in rows])
        await anyio.to_thread.run_sync(vectors.finish)
        now = time.monotonic()
        # None is known too: not read again until the database changes.
        self._vector_indexes[project_id] = (
            version, now + max(VECTORS_RELOAD_SECONDS, VECTORS_RELOAD_FACTOR * (now - started)), vectors)
        return vectors

    async def _fuse_semantic(
        self, project_id: str, query: str, hits: list[ChunkHit], limit: int, wanted: Callable[[ChunkHit], bool]
    ) -> tuple[list[ChunkHit], set[str], str | None]:
        """Keyword hits fused with the nearest chunks by meaning, when the project has vectors."""
        assert self.embeddings is not None
        vectors = await self._vectors(project_id)
        if not vectors.size:
            return hits, set(), None
        try:
            query_vector = (await self.embeddings.embed([query]))[0]
        except EmbeddingError as error:
            return hits, set(), f"Keyword results only: {error}."
        wanted_nearest = max(limit * 3, 30)
        candidates = vectors.nearest(query_vector, wanted_nearest * RERANK_FACTOR)
        nearest = exact_nearest(query_vector, candidates, await self.store.vectors_by_id(project_id, candidates),
                                wanted_nearest)
        known = {hit.chunk_id: hit for hit in hits}
        known.update({hit.chunk_id: hit for hit in await self.store.chunks_by_id(
            project_id, [chunk_id for chunk_id in nearest if chunk_id not in known]) if wanted(hit)})
        nearest_hits = [known[chunk_id] for chunk_id in nearest if chunk_id in known]
        fused = fuse_by_file(hits, nearest_hits, lambda hit: hit.file_path)
        return [replace(hit, score=score) for hit, score in fused], set(nearest[:max(limit, 10)]), None

    async def search_code(
        self,
        project_id: str,
        query: str,
        *,
        limit: int = 10,
        language: str | None = None,
        path: str | None = None,
        kind: ChunkType | None = None,
    ) -> SearchResponse:
        check_project_id(project_id)
        check_range("limit", limit, 1, 100)
        check_length("query", query, MAX_QUERY_CHARS)
        check_length("path", path, MAX_PATH_FILTER_CHARS)
        check_length("language", language, MAX_NAME_CHARS)
        terms = query_terms(query)
        if not terms:
            raise InvalidArgument("query has no words or identifiers to search for. Describe the code in plain "
                                  "words, or give a name such as parse_config.")
        state = await self.store.index_state(project_id)
        index, active = state.index, state.active_job
        index_status = index.status if index else IndexStatus.NOT_INITIALIZED
        if (index is None or index.file_count == 0) and active is None:
            raise await no_index(self.store, project_id, to_search=True)
        candidates: list[ChunkHit] = []
        every_word = query_terms(query, keep_stop_words=True)
        # The stop words come back only when the other words find nothing at all.
        for wording in [terms] if every_word == terms else [terms, every_word]:
            # Counts stop at TERM_COUNT_STOP chunks; past it, a term's count is an estimate.
            statistics = await self.store.term_statistics(project_id, wording, stop_counts=True)
            searched = informative(wording, statistics.likely, statistics.rows)
            if statistics.stopped & set(searched) and statistics.rows * COMMON_SHARE <= TERM_COUNT_STOP:
                # Every term is in more than COMMON_SHARE of the chunks (a stopped count is past that
                # share here), and the index is small enough for whole counts to cost little: the rarest
                # terms are told apart by them, and the split stays exact.
                statistics = await self.store.term_statistics(project_id, wording)
                searched = informative(wording, statistics.frequencies, statistics.rows)
            # Candidates beyond `limit`, for the re-ranking to reorder.
            candidates = await self.store.search_chunks(
                project_id, build_match(searched, kind=kind, language=language),
                limit=candidate_count(limit, query), weights=FIELD_WEIGHTS, path_glob=as_glob(path),
                split=split_terms(searched, statistics, kind=kind, language=language),
            )
            if candidates:
                break
        note = None
        history = await self._history(project_id)
        weights = history_weights(history.file_scores(terms), (hit.file_path for hit in candidates)) if history else {}
        hits = rerank(candidates, query, terms, history=weights)
        typed = typed_words(query)
        # A snippet shows the line holding the most of the query's terms, a rare one weighing more (BM25's idf).
        rarity = ({term: math.log1p(statistics.rows / (1 + count)) for term, count in statistics.likely.items()}
                  if statistics.rows else None)  # (no terms table: every term weighs 1)
        semantic: set[str] = set()
        failure = None
        if self.embeddings is not None:
            def wanted(hit: ChunkHit) -> bool:  # the filters the keyword query applied inside FTS
                glob = as_glob(path)
                return ((language is None or hit.language == language) and (kind is None or hit.chunk_type is kind)
                        and (glob is None or fnmatch.fnmatchcase(hit.file_path, glob)))

            hits, semantic, failure = await self._fuse_semantic(project_id, query, hits, limit, wanted)
        hits = hits[:limit]
        if active is not None and active.status is JobStatus.RUNNING:
            note = (f"The index is still being built ({active.files_processed} of {active.files_total} files); "
                    "results come from the files indexed so far.")
        elif index_status is IndexStatus.STALE:
            note = "The index may be out of date; update_index refreshes what changed."
        elif index_status is IndexStatus.FAILED and index is not None:
            note = f"The last indexing run failed ({index.error_message}); results come from what was indexed."
        if failure:
            note = ((note + " ") if note else "") + failure
        if not hits:
            note = ((note + " ") if note else "") + ("Nothing matched. Try other words, an identifier, or fewer "
                                                     "filters.")
        return SearchResponse(
            project_id=project_id, query=query, index_status=index_status, note=note,
            hits=[SearchHit(
                file_path=hit.file_path, start_line=hit.lineno, end_line=hit.end_lineno, symbol=hit.name,
                qualified_name=hit.qualified_name, kind=hit.chunk_type, language=hit.language,
                signature=hit.signature, snippet=snippet_for(hit.body, terms, rarity), score=round(hit.score, 4),
                matched=matched_signals(hit, terms, typed, history=weights.get(hit.file_path, 0.0))
                + (["semantic: close in meaning"] if hit.chunk_id in semantic else []),
            ) for hit in hits],
        )

    async def read_code(
        self, project_id: str, *, path: str | None = None, symbol: str | None = None, start_line: int | None = None,
        end_line: int | None = None, max_tokens: int = 4000,
    ) -> CodeReadResponse:
        """A file's lines or a symbol's definition, from the project's folder only, within a token budget."""
        check_project_id(project_id)
        check_range("max_tokens", max_tokens, 50, 50_000)
        if not path and not symbol:
            raise InvalidArgument("Pass path (a file relative to the project's folder) or symbol (a name such as "
                                  "Config.parse), as search_code and find_symbol give them.")
        state = await self.store.index_state(project_id)
        index, active = state.index, state.active_job
        root = (index.last_indexed_path if index else None) or (active.target_path if active else None)
        if root is None:
            raise await no_index(self.store, project_id)
        found = None
        if symbol:
            if start_line is not None or end_line is not None:
                raise InvalidArgument("start_line and end_line go with path, not symbol: a symbol is read whole "
                                      "(a truncated read says which lines to ask for next).")
            found = await self._definition(project_id, symbol.strip(), path)
            path, start_line, end_line = found[0], found[1], found[2]
        assert path is not None
        real, relative = resolve_inside(root, path, project_id)
        if found and found[6] == VARIABLE_KIND and start_line is not None:  # no chunk says where it starts and ends
            start_line, end_line = await anyio.to_thread.run_sync(
                variable_lines, real, relative, start_line, found[4].rpartition(".")[2]) or (start_line, end_line)
        elif found and start_line is not None:  # from its decorators and doc comment on
            start_line -= lines_above(real, start_line, found[5])
        lines = read_lines(real, relative, start_line, end_line, max_tokens)
        notes = [found[3]] if found and found[3] else []
        next_start = None
        if lines.truncated:
            next_start = lines.end_line + 1
            last = min(end_line, lines.total_lines) if end_line else lines.total_lines
            notes.append(f"Cut at line {lines.end_line} of {last} to fit max_tokens={max_tokens}: call read_code with "
                         f"path='{relative}', start_line={next_start}, end_line={last} for the rest, or a larger "
                         "max_tokens.")
        return CodeReadResponse(
            project_id=project_id, file_path=relative, start_line=lines.start_line, end_line=lines.end_line,
            total_lines=lines.total_lines, text=lines.text, symbol=found[4] if found else None,
            truncated=lines.truncated, next_start_line=next_start, note=" ".join(notes) or None,
        )

    async def _definition(self, project_id: str, symbol: str,
                          path: str | None) -> tuple[str, int, int, str | None, str, str, str]:
        """(file, its own first line, last line, a note when several match, qualified name, the first chunk's
        body, kind) of a symbol's definition."""
        if not symbol:
            raise InvalidArgument("symbol is empty: give a name such as parse_config or Config.parse.")
        # (in the file asked for, when given: black has over 50 definitions of `f`, the file's were not among the
        # first 50)
        inherited_note = None
        rows = [row for row in await definitions_as_written(self.store, project_id, symbol, None, 50,
                                                            path.strip().removeprefix("./") if path else None)
                if row["tier"] in (0, 1)]
        if not rows and ("." in symbol or dotted_symbol(symbol)):  # `helpers.url_for`, `de::from_str`
            rows = [row for row in await module_qualified_definitions(self.store, project_id, symbol, None, 50)
                    if not path or row["file_path"] == path.strip().removeprefix("./")]
        if "." in symbol and not path and not any(row["tier"] == 0 for row in rows):
            # `Client.build_request`: BaseClient's, which Client inherits (before namesakes nested elsewhere: Django's
            # tests' `class ModelAdmin` in a test function, for `ModelAdmin.get_queryset`)
            inherited, inherited_note = await inherited_definitions(self.store, project_id, symbol)
            rows = inherited or rows
        if not rows and ("." in symbol or not dotted_symbol(symbol)):
            # `HonoBase`, `HonoBase.route`: hono's `export { Hono as HonoBase }`, the definition it names
            rows = (await exported_alias_definitions(self.store, project_id, symbol, None, 50))[0]
        # Of the best tier, a definition with a body before a C prototype (`jv.h:255 jv_parser_new(int);`) or
        # forward declaration (`jv.c:899`, one line where the same name has a longer definition): those come
        # after, as do header files (sorted is stable). A variable is neither (its one line is all it has:
        # express's `var resolve = path.resolve` was read as the method `View.prototype.resolve`).
        with_body = {row["qualified"] for row in rows if _lines_after_first(row)}
        # Within a tier, the product's code before examples and tests (requests' fixture `prepare_url` in
        # conftest.py is not the method), then the definition whose qualified name is the symbol as written: `resolve`
        # is the module's variable, `View.resolve` the method (both are named `resolve`).
        rows.sort(key=lambda row: (row["tier"], listing_order(row["file_path"]), not named_as_written(row, symbol),
                                   row["file_path"].endswith(_HEADER_ENDINGS),
                                   row["qualified"] in with_body and not _lines_after_first(row)
                                   and row["kind"] != VARIABLE_KIND))
        if not rows:
            raise NotFound(f"No definition of '{symbol}'" + (f" in '{path}'" if path else "") + f" in project "
                           f"'{project_id}'. find_symbol lists names that come close; search_code finds code by words.")
        # Of overloads in one file, the longest: TypeScript's implementation after its signatures (redux's
        # `compose` read as its first, bodiless overload).
        same = [other for other in rows if (other["file_path"], other["qualified"]) == (rows[0]["file_path"],
                                                                                    rows[0]["qualified"])]
        longest = max(same, key=_lines_after_first)
        if _lines_after_first(longest) > _lines_after_first(rows[0]):
            rows.remove(longest)
            rows.insert(0, longest)
        row = rows[0]
        # (A variable has no chunk: the chunks of its name are a method's, `fun size()` beside `val size`.)
        span = None if row["kind"] == VARIABLE_KIND else await self.store.definition_span(
            project_id, row["file_path"], row["qualified"], row["lineno"])
        first, last, head = span if span else (row["lineno"], row["end_lineno"] or row["lineno"], "")
        note = inherited_note
        if len(rows) > 1:
            others = ", ".join(f"{other['file_path']}:{other['lineno']}" for other in rows[1:6]) + (
                f" and {len(rows) - 6} more (find_symbol lists them)" if len(rows) > 6 else "")
            overloads = sorted((other for other in rows[1:]
                                if (other["file_path"], other["qualified"]) == (row["file_path"], row["qualified"])),
                               key=lambda other: other["lineno"])
            choose = [" Pass path, or a qualified name, to choose."] if len(overloads) < len(rows) - 1 else []
            if overloads:  # the same name in the same file: only their lines tell them apart
                choose.append(f" The other definitions in {row['file_path']} are read with path and start_line "
                              f"(e.g. start_line={overloads[0]['lineno']}).")
            note = (f"{len(rows)} definitions match '{symbol}'; this is {row['file_path']}:{row['lineno']}. Others: "
                    f"{others}." + "".join(choose))
        return row["file_path"], first, last, note, row["qualified"], head, row["kind"]


async def require_index(store: Store, project_id: str) -> None:
    check_project_id(project_id)
    index = await store.get_index(project_id)
    if index is None or index.file_count == 0:
        if await store.index_origin(project_id) == "foreign":
            raise NotFound(f"Project '{project_id}' was indexed by another program (vlt), not by coderag-mcp. Call "
                           "update_index (or init_index with the repository's path) to take it over; no force "
                           "needed.")
        raise await no_index(store, project_id)


async def no_index(store: Store, project_id: str, *, to_search: bool = False,
                   path_argument: str = "the repository's path") -> NotFound:
    """The error for a project without an index: a mistyped id gets the nearest indexed ones (an agent told to
    call init_index for `marshmalow` would index a second copy of `marshmallow`)."""
    indexed = [project.id for project, index in await store.list_projects()
               if index is not None and index.file_count and project.id != project_id]
    nearest = similar_names(project_id, indexed)
    if nearest:
        return NotFound(f"Project '{project_id}' has no index. Did you mean {' or '.join(map(repr, nearest))}? "
                        "list_projects names every project; init_index indexes a new one.")
    return NotFound(f"Project '{project_id}' has no index {'to search' if to_search else 'yet'}. Call init_index "
                    f"with project_id and {path_argument} first.")


_HEADER_ENDINGS = (".h", ".hh", ".hpp", ".hxx", ".h++")


def _lines_after_first(row: Any) -> int:
    """How many lines a definition found by find_definitions runs past its first (0: one line, a prototype)."""
    return (row["end_lineno"] or row["lineno"]) - row["lineno"]


def as_glob(path: str | None) -> str | None:
    """A path filter as a GLOB: a plain folder means everything under it."""
    if not path:
        return None
    path = path.strip().lstrip("./") if path.startswith("./") else path.strip()
    if not any(ch in path for ch in "*?["):
        return path.rstrip("/") + "*"
    return path
