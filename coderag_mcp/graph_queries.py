"""The graph's side of the read queries: symbols, references (reference_queries.py) and the repo map.

`CodeIndexService` (service.py) is these queries, those of queries.py and the jobs that build the index.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread

from .definition_text import MARKUP_TAG
from .errors import NotFound
from .faults import kill_point
from .js_scopes import local_type
from .inherited_names import inherited_definitions
from .languages import languages_with_variables
from .models import RepoMapResponse, SymbolHit, SymbolResponse
from .module_names import exported_alias_definitions, module_qualified_definitions
from .queries import as_glob, require_index
from .reference_queries import ReferenceQueries
from .reference_targets import MAX_BASE_LEVELS
from .repomap import MapSymbol, build_map, estimate_tokens, fitting_count, map_order, map_weight
from .store import Store
from .symbol_names import definitions_as_written, dotted_symbol, qualified_from_id
from .validation import MAX_PATH_FILTER_CHARS, check_length, check_range, required_name

# The repo map reads nodes best ranked first, this many, then pages twice as large as the one before.
MAP_PAGE = 1000


def doc_summary(docstring: str | None) -> str | None:
    """A doc comment's first line of words: its `@summary` if it has one, else its first line that is neither a
    tag (`@name add`, `@category Day Helpers`, Java's `@formatter:off`) nor markup alone (`<p>`). date-fns's
    doc comments start with tags: 242 of its 500 said `@name addDays` and nothing more."""
    lines = [line.strip() for line in (docstring or "").splitlines()]
    summary = next((line.removeprefix("@summary").strip() for line in lines if line.startswith("@summary ")), None)
    return summary or next((line for line in lines if line and not line.startswith("@")
                            and MARKUP_TAG.sub("", line).strip()), None)


class GraphQueries(ReferenceQueries):
    """Answers from a project's code graph: symbols, references (reference_queries.py) and the repo map. Expects
    `store` (see CodeIndexService)."""

    store: Store

    async def find_symbol(self, project_id: str, name: str, *, kind: str | None = None,
                          limit: int = 20) -> SymbolResponse:
        await require_index(self.store, project_id)
        name = required_name("name", name, "a symbol name such as parse_config or Config.parse")
        check_range("limit", limit, 1, 200)
        rows = await definitions_as_written(self.store, project_id, name, kind, limit + 1)
        qualified = "." in name or dotted_symbol(name) is not None
        alias_note = None
        if qualified and not any(row["tier"] <= 1 for row in rows):
            # `helpers.url_for`, `de::from_str`: a function by its module, first
            rows = _first(await module_qualified_definitions(self.store, project_id, name, kind, limit + 1), rows)
        if "." in name and not any(row["tier"] == 0 for row in rows):
            # `MutableDenseMatrix.rref`: sympy's MatrixBase's, which the class inherits, first (the names of other
            # classes' `rref` came first, and the one meant was none of them); before namesakes nested elsewhere too
            # (Django's tests' `class ModelAdmin` in two test functions, for `ModelAdmin.get_queryset`)
            inherited, alias_note = await inherited_definitions(self.store, project_id, name, kind)
            rows = _first(inherited, rows)
        if "::" in name and not any(row["tier"] <= 1 for row in rows):
            # C++'s `fmt::format`, `detail::write`: a namespace is no part of a qualified name here, so the
            # definitions named by the rest outside any class (fmt's `format` at format.h:4383 was missing among
            # 20 `formatter.format` methods, and `detail::write` listed only `size_padding.write`).
            rows, alias_note = await self._outside_namespaces(project_id, name, kind, limit, rows)
        if not any(row["tier"] == 0 for row in rows):
            # `HonoBase`, `HonoBase.route`: hono's `export { Hono as HonoBase }`, the definition it names, first
            aliased, alias_note = await exported_alias_definitions(self.store, project_id, name, kind, limit)
            rows = aliased + rows
        more = len(rows) > limit
        others = 0  # definitions of the last part of a qualified name that is defined, left out
        if qualified and any(row["tier"] <= 1 for row in rows):
            # A qualified name that is defined: names that only begin like its last part are other things (echo's
            # `RateLimiterMemoryStore.Allow` came with 19 such as `CORSConfig.AllowOrigins`), and so are the
            # definitions of its last part in classes that are neither its class's bases nor its subclasses
            # (ripgrep's `RegexMatcher.new` came with 16 other types' `new`; `TreeReader.peek`, an override of
            # `Reader.peek`, stays). (Rows come by tier: any not read are of the last ones too.)
            related = await self._kin(project_id, _owner_name(name.replace("::", ".").replace("#", ".")),
                                      {_owner_name(row["qualified"]) for row in rows if row["tier"] == 2})
            kept = [row for row in rows if row["tier"] < 2 or (row["tier"] == 2 and _owner_name(row["qualified"])
                                                                in related)]
            others = sum(row["tier"] == 2 for row in rows) - sum(row["tier"] == 2 for row in kept)
            rows = kept
            more = more and len(rows) > limit
        last = name.replace("::", ".").replace("#", ".").rsplit(".", 1)[-1]
        other_case = 0  # variables named like it but for case, left out
        if any(row["tier"] == 0 for row in rows):
            # `Environment` is the class: jinja's ten `environment` attributes, listed after it since Python
            # attributes became definitions, only crowded the classes named like it out (`EnvironmentAttribute`).
            # A name in other case stays when no variable (`environment` still lists the class `Environment`), and
            # so do names that begin like it (`environment_class`, as `PEEKED_NONE` for `peek`).
            kept = [row for row in rows if row["tier"] != 2 or row["kind"] != "variable" or row["name"] == last]
            other_case, rows = len(rows) - len(kept), kept
            more = more and len(rows) > limit
        local = [row for row in rows if local_type(row["file_path"], row["qualified"], row["kind"])]
        if local and len(local) < len(rows):  # (the store lists them last in their tier)
            rows = [row for row in rows if not local_type(row["file_path"], row["qualified"], row["kind"])]
            more = len(rows) > limit
        rows = rows[:limit]
        # The third tier is the name, case aside: another class's `parse` for `Config.parse`, or `stateCreator`
        # for `StateCreator` (both were called exact matches).
        tiers = ("exact", "suffix", "name", "prefix")
        hits = [SymbolHit(
            name=row["name"], qualified_name=row["qualified"], kind=row["kind"], file_path=row["file_path"],
            line=row["lineno"], end_line=row["end_lineno"], scope=row["scope"], signature=row["signature"],
            doc=doc_summary(row["docstring"]), language=row["language"],
            match=tiers[row["tier"]], centrality=row["centrality_score"],
        ) for row in rows]
        note = None if hits else (f"No definition of '{name}'. Definitions are classes, functions and methods, and "
                                  f"in {languages_with_variables()} a module's or class's variables, constants and "
                                  "fields (a struct's too), and C's macros: a local variable is none, and search_code "
                                  "finds it by its name. Else check the spelling, or the index may not cover the file "
                                  "(get_status).")
        if others and not more:
            note = (f"{others}{' or more' if len(rows) + others > limit else ''} other definition"
                    f"{'s' if others > 1 else ''} named '{last}' (in other classes) left out: find_symbol '{last}' "
                    "lists them.")
        if other_case and not more:
            told = f"{other_case}{' or more' if len(rows) + other_case > limit else ''}"
            note = (f"{note} " if note else "") + (
                f"{told} variable{'s' if other_case > 1 else ''} named '{last}' in another case left out: "
                f"find_symbol '{last.lower() if last != last.lower() else last.upper()}' lists "
                f"{'them' if other_case > 1 else 'it'}.")
        if more:  # (marshmallow's `Schema` has 29: an answer of 20 looked whole)
            note = (f"More than {limit} definitions match '{name}': these are the first {limit} (exact, then the best "
                    "ranked). Raise limit (at most 200), qualify the name (Class.method) or give kind.")
        if local and len(local) < len(rows) + len(local):
            left = (f"Types declared inside functions (a test's `type {name} = ...`) are local to them and left out"
                    f"{' (' + str(len(local)) + ' or more)' if len(local) > limit else ''}.")
            note = left if note is None else f"{note} {left}"
        if alias_note:
            note = alias_note if note is None else f"{alias_note} {note}"
        return SymbolResponse(project_id=project_id, name=name, definitions=hits, note=note)

    async def _outside_namespaces(self, project_id: str, name: str, kind: str | None, limit: int,
                                  rows: list[Any]) -> tuple[list[Any], str | None]:
        """The C and C++ definitions `name` means without its leading namespaces (exact matches of what follows
        them, first), and a note saying so; `rows` unchanged when there are none."""
        parts = [part for part in name.split("::") if part]
        for start in range(1, len(parts)):
            rest = "::".join(parts[start:])
            found = [row for row in await definitions_as_written(self.store, project_id, rest, kind, limit + 1)
                     if row["qualified"] == rest.replace("::", ".") and row["language"] in ("c", "cpp")]
            if found:
                seen = {(row["file_path"], row["lineno"]) for row in found}
                note = (f"C++ namespaces are not part of qualified names here: these are the definitions of '{rest}' "
                        f"(namespace {'::'.join(parts[:start])} not checked).")
                return found + [row for row in rows if (row["file_path"], row["lineno"]) not in seen], note
        return rows, None

    async def _kin(self, project_id: str, asked: str, owners: set[str]) -> set[str]:
        """Of `owners` (simple class names), those that are a base of the class `asked` or have it as a base,
        as far as MAX_BASE_LEVELS up."""
        ancestors: dict[str, set[str]] = {name: set() for name in owners | {asked}}
        frontier = {name: {name} for name in ancestors}  # per class, the classes reached at the last level
        for _level in range(MAX_BASE_LEVELS):
            wanted = sorted({name for reached in frontier.values() for name in reached})
            if not wanted:
                break
            bases = await self.store.bases_of(project_id, wanted)
            frontier = {start: {base for name in reached for base in bases.get(name, ())} - ancestors[start]
                        for start, reached in frontier.items()}
            for start, reached in frontier.items():
                ancestors[start] |= reached
        return {owner for owner in owners if asked in ancestors[owner] or owner in ancestors[asked]}

    async def get_repo_map(self, project_id: str, *, path: str | None = None, max_tokens: int = 2000) -> RepoMapResponse:
        await require_index(self.store, project_id)
        check_length("path", path, MAX_PATH_FILTER_CHARS)
        check_range("max_tokens", max_tokens, 50, 50_000)
        glob = as_glob(path)
        candidates = sorted(await self._map_candidates(project_id, glob, max_tokens), key=map_order)
        if not candidates:
            raise NotFound(f"Nothing indexed under '{path}' in project '{project_id}'. Pass a folder or glob that "
                           "exists in the index, or no path for the whole project.")
        # The files the map can show, read whole: a method sits under its class, and a file ranks by all it holds.
        candidates = candidates[:fitting_count(candidates, max_tokens)]
        ranks: dict[str, list[float]] = {}
        everything: dict[tuple[str, str], MapSymbol] = {}
        for row in await self.store.nodes_in_files(project_id, sorted({symbol.file_path for symbol in candidates})):
            ranks.setdefault(row["file_path"], []).append(row["score"])
            if row["node_type"] != "MODULE":
                symbol = _map_symbol(project_id, row)
                everything[(symbol.file_path, symbol.qualified_name)] = symbol
        # fsum: the same sum in whatever order the rows come (files of equal rank stay in path order).
        file_scores = {path: math.fsum(scores) for path, scores in ranks.items()}
        total = await self.store.count_symbols(project_id, glob)
        text, count = await anyio.to_thread.run_sync(build_map, candidates, file_scores, max_tokens, everything)
        files = len({line for line in text.splitlines() if not line.startswith(" ")})
        tokens = estimate_tokens(text)
        kill_point("map")
        await self.store.save_repo_map(project_id, path, text, token_count=tokens, max_tokens=max_tokens,
                                       files=files, symbols=count, symbols_total=total)
        return RepoMapResponse(project_id=project_id, path=path, map_text=text, token_count=tokens,
                               max_tokens=max_tokens, files_included=files, symbols_included=count,
                               symbols_total=total)

    async def _map_candidates(self, project_id: str, glob: str | None, max_tokens: int) -> list[MapSymbol]:
        """Symbols (no modules) among which are all those the map can show, read a page at a time, best rank
        first (`_enough_for_map`)."""
        if glob is None:  # the ranks sorted alone, before any node is read; unranked nodes come after all
            found, read_all = await self._ranked_pages(
                lambda limit, offset: self.store.best_ranked_nodes(project_id, limit=limit, offset=offset),
                project_id, max_tokens)
            if not read_all:
                return found
        found, _read_all = await self._ranked_pages(
            lambda limit, offset: self.store.ranked_nodes(project_id, glob, limit=limit, offset=offset),
            project_id, max_tokens)
        return found

    @staticmethod
    async def _ranked_pages(read: Callable[[int, int], Awaitable[list[sqlite3.Row]]], project_id: str,
                            max_tokens: int) -> tuple[list[MapSymbol], bool]:
        """The symbols of the pages `read` gives (each twice the one before), until the map is sure to
        be among them, and whether every page was read."""
        symbols: list[MapSymbol] = []
        offset, page = 0, MAP_PAGE
        while True:
            rows = await read(page, offset)
            symbols.extend(_map_symbol(project_id, row) for row in rows if row["node_type"] != "MODULE")
            if len(rows) < page:
                return symbols, True
            if await anyio.to_thread.run_sync(_enough_for_map, symbols, rows[-1]["score"], max_tokens):
                return symbols, False
            offset, page = offset + page, page * 2


def _enough_for_map(symbols: list[MapSymbol], floor: float, max_tokens: int) -> bool:
    """Whether the map of `max_tokens` is among `symbols`, read best rank first down to a rank of `floor`.
    A node not read weighs `floor` at most, so those that weigh more are the best of all, in order; when
    the map would end before them even without the classes above its methods, it is among them."""
    ahead = sorted((symbol for symbol in symbols if map_weight(symbol) > floor), key=map_order)
    return fitting_count(ahead, max_tokens) < len(ahead)


def _map_symbol(project_id: str, row: sqlite3.Row) -> MapSymbol:
    return MapSymbol(file_path=row["file_path"], qualified_name=qualified_from_id(project_id, row["file_path"], row["id"]),
                     kind=row["node_type"], signature=row["signature"], lineno=row["lineno"] or 0, score=row["score"])


def _first(found: list[Any], rows: list[Any]) -> list[Any]:
    """`found`, then the rows of other definitions."""
    seen = {(row["file_path"], row["lineno"]) for row in found}
    return found + [row for row in rows if (row["file_path"], row["lineno"]) not in seen]


def _owner_name(qualified: str) -> str:
    """The simple name of the class a qualified name's last part is in: `RegexMatcher` of `regex.RegexMatcher.new`."""
    return qualified.rpartition(".")[0].rpartition(".")[2]
