"""The lookups behind find_symbol and find_references: definitions by name, a definition's span, the nodes of a
name, and the edges into, out of and between them (with how each was resolved).

Apart from graph.py, which writes the graph (its nodes as the builder reads them, edges, ranks): these only read
what a link wrote, for the answers of the tools.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .connection import MAX_PARAMS, Database, after_prefix
from .graph import GraphNode


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A symbol's qualified name, as its chunk and node have it: its scope, a dot and its name, but `::` after a Rust
# inline module (`large::add` in serde_json's src/lexical/math.rs, every `tests::f` of a `#[cfg(test)] mod tests`),
# which its scope alone does not tell from a function's nested item (`outer.inner`): its node is looked up by id.
_QUALIFIED = """CASE WHEN scope IS NOT NULL AND language = 'rust' AND EXISTS (
                    SELECT 1 FROM code_nodes WHERE id = :project_id || ':' || file_path || ':' || scope || '::' || name)
                THEN scope || '::' || name ELSE coalesce(scope || '.', '') || name END"""


def _symbols_named_like(last: str) -> tuple[str, dict[str, str]]:
    """A query (and its parameters) of the project's symbols that may match `last` as find_definitions
    matches it, exactly or by a prefix, ignoring ASCII case as SQLite's lower() and LIKE do: those that
    start with a case form of its first three characters, each form a range of the (project, name)
    index. (A LIKE that ignores case cannot use that index: it read every symbol of the project, a
    million in the Linux kernel, for one lookup.)"""
    forms = [""]
    for character in last[:3]:
        cases = {character.lower(), character.upper()} if character.isascii() and character.isalpha() else {character}
        forms = [form + case for form in forms for case in sorted(cases)]
    select = f"SELECT *, {_QUALIFIED} AS qualified FROM symbol_definitions WHERE project_id = :project_id"
    if forms == [""]:
        return select, {}
    bounds: dict[str, str] = {}
    for number, form in enumerate(forms):
        bounds[f"low{number}"], bounds[f"high{number}"] = form, after_prefix(form)
    return " UNION ALL ".join(f"{select} AND name >= :low{number} AND name < :high{number}"
                              for number in range(len(forms))), bounds


class SymbolQueriesStore(Database):
    """The lookups of each project's code graph behind find_symbol and find_references."""

    async def find_definitions(self, project_id: str, name: str, kind: str | None, limit: int,
                               file_path: str | None = None) -> list[sqlite3.Row]:
        """Definitions matching `name` (in `file_path`, when given): exact first (the one whose qualified name is
        `name` before others of that name: flask's variable `request` before the method `AppContext.request`), then
        qualified-name suffix, then name prefix; within each, the product's code before examples and docs, and those
        before tests (file_roles.listing_order)."""
        last = name.rsplit(".", 1)[-1]
        symbols, bounds = _symbols_named_like(last)
        return await self._fetchall(
            f"""WITH matched AS (
                 SELECT s.*, CASE WHEN s.name = :name OR replace(qualified, '::', '.') = :name THEN 0
                                  WHEN replace(qualified, '::', '.') LIKE '%.' || :name_like ESCAPE '\\'
                                       AND s.name = :last THEN 1
                                  WHEN lower(s.name) = lower(:last) THEN 2
                                  ELSE 3 END AS tier
                   FROM ({symbols}) AS s
                  WHERE (s.name = :last OR lower(s.name) = lower(:last) OR s.name LIKE :prefix ESCAPE '\\')
                    AND (:kind IS NULL OR s.kind = :kind) AND (:file_path IS NULL OR s.file_path = :file_path))
               SELECT m.name, m.qualified, m.kind, m.file_path, m.lineno, m.scope, m.signature, m.language, m.tier,
                      coalesce((SELECT coalesce(c.docstring, '') FROM code_chunks AS c WHERE c.qualified_name = m.qualified
                                   AND c.project_id = :project_id AND c.file_path = m.file_path AND c.lineno = m.lineno
                                 LIMIT 1), n.docstring) AS docstring,
                      r.prior AS centrality_score,
                      -- This definition's chunks only: those of the name from its line to the next definition of
                      -- the name in the file (a method defined twice, overloads: they share the qualified name,
                      -- and the node with its doc comment).
                      (SELECT max(c.end_lineno) FROM code_chunks AS c WHERE c.qualified_name = m.qualified
                          AND c.project_id = :project_id AND c.file_path = m.file_path AND c.lineno >= m.lineno
                          AND c.lineno < coalesce((SELECT min(d.lineno) FROM symbol_definitions AS d
                                                    WHERE d.project_id = :project_id AND d.name = m.name
                                                      AND d.file_path = m.file_path AND d.lineno > m.lineno
                                                      AND d.scope IS m.scope), 1 << 40)) AS end_lineno
                 FROM matched AS m
                 LEFT JOIN code_nodes AS n ON n.id = :project_id || ':' || m.file_path || ':' || m.qualified
                 LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                WHERE m.tier < 3 OR m.name LIKE :prefix ESCAPE '\\'
                -- (a type declared in a JS/TS callback, `describe().it().verify`, after the others of its tier:
                -- js_scopes.local_type)
                ORDER BY m.tier, m.kind = 'class' AND m.language IN ('typescript', 'tsx', 'javascript', 'svelte', 'vue')
                                 AND (m.scope LIKE '%()%' OR m.scope LIKE '%<function>%'),
                         listing_order(m.file_path), m.qualified != :name, r.prior DESC, m.file_path, m.lineno
                LIMIT :limit""",
            {"project_id": project_id, "name": name, "last": last, "kind": kind, "limit": limit, "file_path": file_path,
             "name_like": _like_escape(name), "prefix": _like_escape(last) + "%", **bounds},
        )

    async def definition_span(self, project_id: str, file_path: str, qualified_name: str,
                              line: int) -> tuple[int, int, str] | None:
        """First and last line of the definition of this name at `line`, and its first chunk's body: a chunk's
        lineno is the definition's own line, its body also holds the decorators and doc comment above it.
        A long definition is several chunks that overlap; overloads (Java's eight `IOUtils.copy`) share the
        name and are other definitions: taking all the name's chunks read commons-io's first `copy` as lines
        1356-1659."""
        rows = await self._fetchall(
            """SELECT lineno, end_lineno, body FROM code_chunks
                WHERE project_id = ? AND file_path = ? AND qualified_name = ? ORDER BY lineno, end_lineno DESC""",
            (project_id, file_path, qualified_name))
        definitions: list[tuple[int, int, str]] = []  # (first line, last line, first body): overlapping chunks
        for first, last, body in rows:
            if definitions and first <= definitions[-1][1]:
                definitions[-1] = (definitions[-1][0], max(definitions[-1][1], last), definitions[-1][2])
            else:
                definitions.append((first, last, body))
        return next((span for span in definitions if span[0] <= line <= span[1]),
                    definitions[0] if definitions else None)

    async def nodes_named(self, project_id: str, name: str) -> list[GraphNode]:
        """Definition nodes whose qualified name is `name` or ends with it (`Class.method`, `method`), with their
        signatures."""
        last = name.rsplit(".", 1)[-1]
        rows = await self._fetchall(
            # `+project_id`: SQLite would otherwise read every node of the project through its centrality index
            # (1.1 million on the Linux kernel: seconds) rather than the few of this name through the name index.
            """SELECT id, file_path, node_type, name, NULL, signature FROM code_nodes
                WHERE +project_id = ? AND name = ? AND node_type != 'MODULE'
                  AND (id LIKE '%:' || ?3 ESCAPE '\\' OR id LIKE '%.' || ?3 ESCAPE '\\'
                       OR id LIKE '%:' || ?3 || '@%' ESCAPE '\\' OR id LIKE '%.' || ?3 || '@%' ESCAPE '\\'
                       -- A Rust inline module's item: `large.add` (find_symbol's name) or `large::add` (dotted) is
                       -- the node `large::add`.
                       OR (id LIKE '%::%' AND (replace(id, '::', '.') LIKE '%:' || ?3 ESCAPE '\\'
                                               OR replace(id, '::', '.') LIKE '%.' || ?3 ESCAPE '\\')))""",
            # (the last: a method's other overloads, `IOUtils.copy@8`, which a bare `copy` lost)
            (project_id, last, _like_escape(name)))
        return [GraphNode(*row) for row in rows]

    async def overload_lines(self, ids: Sequence[str]) -> dict[str, int]:
        """The first line of each of these definitions that shares its file and qualified name with another (an
        overload, a property's setter: the later ones' ids end with their `@line`, file_rows.py), so that an answer
        can say which one it means. Not in a C source file, whose functions have no overloads: a second definition of a
        name there is the function after its prototype (libuv's `static void after_read(..);` above its body), and
        answers name it as the function."""
        found: dict[str, int] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), MAX_PARAMS):
            part = unique[start:start + MAX_PARAMS]
            # (ids that follow `id@` and come before `idA` are `id@<line>`: the primary key's index, no scan)
            rows = await self._fetchall(
                f"""SELECT n.id, n.lineno FROM code_nodes AS n
                     WHERE n.id IN ({', '.join('?' * len(part))}) AND n.node_type NOT IN ('MODULE', 'VARIABLE')
                       AND n.file_path NOT GLOB '*.c'
                       AND (n.id GLOB '*@[0-9]*' OR EXISTS (
                            SELECT 1 FROM code_nodes AS o WHERE o.id > n.id || '@' AND o.id < n.id || 'A'
                                                             AND o.node_type != 'VARIABLE'))""", part)
            found.update((row[0], row[1]) for row in rows)
        return found

    async def edges_into(self, targets: Sequence[str]) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for start in range(0, len(targets), MAX_PARAMS):
            part = list(targets[start:start + MAX_PARAMS])
            rows.extend(await self._fetchall(
                f"""SELECT e.source_id, e.edge_type, e.target_id, e.lineno, r.resolution, r.uses,
                           n.node_type AS source_type, n.file_path AS source_file
                      FROM code_edges AS e
                      JOIN code_nodes AS n ON n.id = e.source_id
                      LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                     WHERE e.target_id IN ({', '.join('?' * len(part))})""", part))
        return rows

    async def edges_from_named(self, project_id: str, name: str, *, exclude: Sequence[str] = ()
                               ) -> list[tuple[str, str, str, str | None]]:
        """(source, edge type, target, uses) of the edges from users of `name` to any definition called `name`,
        without those resolved in one of the `exclude` ways (`uses`: see graph.py's `_edge_rows`; None when the link that
        wrote the edge kept none)."""
        rows = await self._fetchall(
            f"""SELECT DISTINCT e.source_id, e.edge_type, e.target_id, r.uses FROM code_edges AS e
                 JOIN code_nodes AS t ON t.id = e.target_id
                 LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                WHERE +t.project_id = ? AND t.name = ?  -- the name index, not the project's (nodes_named)
                  AND coalesce(r.resolution, '') NOT IN ({', '.join('?' * len(exclude)) or "''"})""",
            (project_id, name, *exclude))
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    async def bases_of(self, project_id: str, names: Sequence[str]) -> dict[str, set[str]]:
        """The simple names of the bases (INHERITS edges) of each class named in `names`, by that name."""
        found: dict[str, set[str]] = {}
        for start in range(0, len(names), MAX_PARAMS):
            part = list(names[start:start + MAX_PARAMS])
            for row in await self._fetchall(
                    f"""SELECT n.name, t.name FROM code_nodes AS n
                          JOIN code_edges AS e ON e.source_id = n.id AND e.edge_type = 'INHERITS'
                          JOIN code_nodes AS t ON t.id = e.target_id
                         WHERE +n.project_id = ? AND n.name IN ({', '.join('?' * len(part))})
                           AND n.node_type = 'CLASS'""",
                    (project_id, *part)):
                found.setdefault(row[0], set()).add(row[1])
        return found

    async def base_nodes(self, class_id: str) -> list[GraphNode]:
        """The bases of a class as its sure INHERITS edges reached them, in its order of lines."""
        rows = await self._fetchall(
            """SELECT t.id, t.file_path, t.node_type, t.name FROM code_edges AS e
                 JOIN code_nodes AS t ON t.id = e.target_id
                 LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                WHERE e.source_id = ? AND e.edge_type = 'INHERITS' AND coalesce(r.resolution, '') != 'GUESS'
                ORDER BY e.lineno, t.id""", (class_id,))
        return [GraphNode(*row) for row in rows]

    async def import_edges_from(self, sources: Sequence[str]) -> dict[str, dict[str, str]]:
        """For each source, the modules its imports resolved to, with how."""
        found: dict[str, dict[str, str]] = {}
        ordered = sorted(set(sources))
        for start in range(0, len(ordered), MAX_PARAMS):
            part = ordered[start:start + MAX_PARAMS]
            for row in await self._fetchall(
                    f"""SELECT e.source_id, e.target_id, coalesce(r.resolution, 'IMPORT') FROM code_edges AS e
                          LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.edge_type = 'IMPORTS' AND e.source_id IN ({', '.join('?' * len(part))})""", part):
                found.setdefault(row[0], {})[row[1]] = row[2]
        return found
