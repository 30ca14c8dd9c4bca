"""The code graph: its nodes as the graph builder reads them, the references it resolves into
edges (`code_edges`, with how each was resolved) and centrality.

(Resolving references is coderag_mcp/graph.py; this module is only its rows. The lookups behind
find_symbol and find_references are symbol_queries.py.)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosqlite
import anyio.to_thread

from .references import C_FAMILY_ENDINGS
from .connection import MAX_PARAMS, Database, files_ending_clause

# C#'s files: a slice that links some loads the types declared in them (csharp_generics.py).
_CSHARP = ".cs"


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    file_path: str
    node_type: str
    name: str
    centrality: float | None = None
    signature: str | None = None


# A link's edges: (source id, edge type, target id) -> (first line, count, how its surest use resolved, how the
# uses of each qualifier resolved: {qualifier or "": how}).
Edges = dict[tuple[str, str, str], tuple[int, int, str, dict[str, str]]]


def _compact_json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _edge_rows(edges: Edges, uses_as: Callable[[dict[str, str]], object] = _compact_json
               ) -> tuple[list[tuple[object, ...]], list[tuple[str, str, object]]]:
    """(id, source, target, type, line, count) and (id, resolution, uses) of each edge, built in a worker thread
    (100,000s of them). `uses` is stored as JSON: which of the source's uses of the name reached this target, and
    how (find_references lists each use under its own target: a function's `a.Foo.run(x)` and `a.Bar().run()`
    make two edges, and only these tell which line is whose); `uses_as` makes the row's value of it."""
    rows, resolutions = [], []
    for (source, edge_type, target), (lineno, count, how, uses) in edges.items():
        identifier = edge_id(source, edge_type, target)
        rows.append((identifier, source, target, edge_type, lineno, count))
        resolutions.append((identifier, how, uses_as(uses)))
    return rows, resolutions


def _edge_rows_json(edges: Edges) -> tuple[str, str]:
    """The same rows as two JSON lists, each bound as one parameter of one INSERT: SQLite then inserts
    them all without Python's GIL, where executemany takes it back for every row (and so waits behind
    the thread resolving the next slice of references). Each edge's `uses` is an object inside its row, whose
    JSON text `json_extract` gives: one `json.dumps` per edge (a new encoder each) was 0.6 s of sympy's link."""
    rows, resolutions = _edge_rows(edges, uses_as=lambda uses: uses)
    return _compact_json(rows), _compact_json(resolutions)


# Whether this SQLite has the JSON functions (built in from 3.38; an option before, which most builds
# enable); set to False by the first statement that finds them missing.
json_rows_available = True


def edge_id(source_id: str, edge_type: str, target_id: str) -> str:
    """Short and deterministic: the same edge gets the same id in every run.

    The first 8 of its 32 characters come from the source's file (the node id's project and path), so
    a file's edges sit side by side in the B-trees keyed by edge id (`code_edges`' primary key and
    `coderag_edge_resolutions`). A link writes 200 files' edges at a time: with ids in no order, each
    edge touched a page of each of those trees of its own, and the writes grew faster than the graph
    (a 30,000-file link: 92 s of writes against 22 s at 10,000; 46 s with the ids grouped)."""
    return _file_part(source_id) + hashlib.blake2b(
        f"{source_id}\0{edge_type}\0{target_id}".encode(), digest_size=12).hexdigest()


@functools.lru_cache(maxsize=1024)
def _file_part_of(project_and_path: str) -> str:
    return hashlib.blake2b(project_and_path.encode(), digest_size=4).hexdigest()


def _file_part(source_id: str) -> str:
    # A node id is `project:path` (a module) or `project:path:qualified name`; should a project or path hold
    # a colon, the split is still the same for every node of the file, which is all the grouping needs.
    project, _, rest = source_id.partition(":")
    return _file_part_of(f"{project}:{rest.partition(':')[0]}")


class GraphStore(Database):
    """Nodes, references, edges and ranks of each project's code graph."""

    async def graph_nodes(self, project_id: str, *, signatures_of: tuple[str, ...] | None = None,
                          files_ending: tuple[str, ...] | None = None,
                          fields_of: tuple[str, ...] = (), variables_of: tuple[str, ...] = ()) -> list[GraphNode]:
        """Every node of the project but its variables, a file's together; with `signatures_of`, only the nodes
        of files with those endings keep their signature (the others' are None); with `files_ending`, only the
        nodes of files with those endings (what a language's resolver reads). With `fields_of`, the variables
        of classes (`<file>:<Class>.<name>`) in files with those endings too, and with `variables_of` those at a
        file's top level: the only variables an edge leads to, a call of a field holding a function
        (typed_lookups.TypedLookups.called_field) or of a variable by its name (`called_variable`)."""
        nodes: list[GraphNode] = []
        endings, ending_params = files_ending_clause("n.file_path", files_ending)
        field_files, field_params = files_ending_clause("n.file_path", fields_of or None)
        variable_files, variable_params = files_ending_clause("n.file_path", variables_of or None)
        # A class's variable: its id's qualified name (after `project:path:`) holds a dot; a file's holds none.
        dotted = "instr(substr(n.id, length(n.project_id) + length(n.file_path) + 3), '.')"
        fields = f" OR (n.node_type = 'VARIABLE'{field_files} AND {dotted} > 0)" if fields_of else ""
        fields += f" OR (n.node_type = 'VARIABLE'{variable_files} AND {dotted} = 0)" if variables_of else ""
        async with contextlib.aclosing(self._fetch_batches(
                f"""SELECT n.id, n.file_path, n.node_type, n.name, r.prior, n.signature FROM code_nodes AS n
                      LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                     WHERE n.project_id = ? AND (n.node_type != 'VARIABLE'{fields}){endings}
                     ORDER BY n.file_path, n.lineno, n.id""",  # ties go to the first defined, whatever the write order
                (project_id, *field_params, *variable_params, *ending_params))) as batches:
            async for rows in batches:
                # A file's path, a kind and a name once each, not once per node.
                nodes.extend(GraphNode(row[0], sys.intern(row[1]), sys.intern(row[2]), sys.intern(row[3]), row[4],
                                       row[5] if signatures_of is None or row[1].endswith(signatures_of) else None)
                             for row in rows)
        return nodes

    async def nodes_named_in(self, project_id: str, file_paths: Sequence[str], *,
                             signatures: bool = False) -> list[GraphNode]:
        """The project's definitions (no modules) named as any reference of these files names something, in
        graph_nodes' order: all a link of files resolved by name alone can look up. Variables but C and C++ struct
        fields (jq's `jq_state.err_cb`, which `jq->err_cb(..)` calls) and pointers to functions (redis's `void
        *(*RedisModule_Alloc)(size_t bytes);`, which its modules call) are left out. Without signatures, unless
        `signatures` (a C++, C# or Swift call picks among overloads by what they take: name_overloads.py). When
        `file_paths` holds C# files, every type declared in the C# files of these definitions too, with its
        signature: a definition in a generic type is not one of its namesake's (csharp_generics.py)."""
        nodes: list[GraphNode] = []
        c_files, c_endings = files_ending_clause("n.file_path", C_FAMILY_ENDINGS)  # (its `?`s number on from ?2)
        signature = "n.signature" if signatures else \
            f"CASE WHEN n.node_type = 'CLASS' AND n.file_path LIKE '%{_CSHARP}' THEN n.signature END"
        csharp_types = f"""
            UNION ALL
            SELECT n.id, n.file_path, n.node_type, n.name, r.prior, n.signature, n.lineno FROM code_nodes AS n
              LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
             WHERE n.file_path IN (SELECT file_path FROM code_nodes WHERE name IN names AND +project_id = ?1
                                      AND file_path LIKE '%{_CSHARP}')
               AND +n.project_id = ?1 AND n.node_type = 'CLASS' AND n.name NOT IN names""" if any(
            path.endswith(_CSHARP) for path in file_paths) else ""
        async with contextlib.aclosing(self._fetch_batches(
                # `+n.project_id`: by the name index, not the project's (every node of the Linux kernel).
                f"""WITH names AS (SELECT name FROM coderag_reference_names WHERE project_id = ?1
                                      AND file_path IN (SELECT value FROM json_each(?2)))
                    SELECT n.id, n.file_path, n.node_type, n.name, r.prior, {signature}, n.lineno FROM code_nodes AS n
                      LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                     WHERE n.name IN names AND +n.project_id = ?1 AND n.node_type != 'MODULE'
                       AND (n.node_type != 'VARIABLE'
                            OR ((instr(substr(n.id, length(n.project_id) + length(n.file_path) + 3), '.') > 0
                                 OR instr(n.signature, '(*' || n.name || ')') > 0){c_files})){csharp_types}
                    ORDER BY 2, 7, 1""",
                (project_id, json.dumps(list(file_paths)), *c_endings))) as batches:
            async for rows in batches:
                nodes.extend(GraphNode(row[0], sys.intern(row[1]), sys.intern(row[2]), sys.intern(row[3]), row[4],
                                       row[5]) for row in rows)
        return nodes

    async def nodes_of_files(self, project_id: str, file_paths: Sequence[str]) -> list[GraphNode]:
        """The nodes of these files, modules too, variables not, with their ranks (without signatures)."""
        rows = await self._fetchall(
            """SELECT n.id, n.file_path, n.node_type, n.name, r.prior FROM code_nodes AS n
                 LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                WHERE n.file_path IN (SELECT value FROM json_each(?2)) AND +n.project_id = ?1
                  AND n.node_type != 'VARIABLE'""",
            (project_id, json.dumps(list(file_paths))))
        return [GraphNode(*row) for row in rows]

    async def count_nodes(self, project_id: str) -> int:
        row = await self._fetchone("SELECT count(*) FROM code_nodes WHERE project_id = ? AND node_type != 'VARIABLE'",
                                   (project_id,))
        return row[0] if row else 0

    async def indexed_files(self, project_id: str) -> list[str]:
        rows = await self._fetchall("SELECT file_path FROM coderag_files WHERE project_id = ?", (project_id,))
        return [row[0] for row in rows]

    async def files_to_link(self, project_id: str) -> list[str]:
        rows = await self._fetchall(
            "SELECT file_path FROM coderag_files WHERE project_id = ? AND linked = 0", (project_id,))
        return [row[0] for row in rows]

    async def replace_edges(
        self,
        project_id: str,
        file_paths: Sequence[str],
        edges: Edges,
        *,
        every_file: bool,
    ) -> None:
        """Replace the edges whose sources lie in these files (`mark_linked` marks them done, after ranking),
        and add how many edges changed (added, removed, or counted or resolved otherwise) to the project's
        rank debt in the same transaction.

        `edges`: see `Edges`. Every edge joins two nodes the resolver was given from this index, so SQLite need not look up
        each one's three foreign keys again (a fifth of the insert's time on sympy's 109,000 edges).
        """
        changed = len(edges)
        async with self.transaction(check_foreign_keys=False) as db:
            if every_file:
                # Their resolutions go with them (trigger coderag_edge_deleted).
                await db.execute("DELETE FROM code_edges WHERE project_id = ?", (project_id,))
            for start in range(0, 0 if every_file else len(file_paths), MAX_PARAMS):  # `+project_id`: see files.py
                part = list(file_paths[start:start + MAX_PARAMS])
                sources = f"SELECT id FROM code_nodes WHERE file_path IN ({', '.join('?' * len(part))}) AND +project_id = ?"
                before = await db.execute_fetchall(
                    f"""SELECT e.source_id, e.edge_type, e.target_id, e.count, coalesce(r.resolution, '')
                          FROM code_edges AS e LEFT JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                         WHERE e.source_id IN ({sources})""", (*part, project_id))
                for source, edge_type, target, count, how in before:
                    now = edges.get((source, edge_type, target))
                    changed += -1 if now is not None and (now[1], now[2]) == (count, how) else 1
                await db.execute(f"DELETE FROM code_edges WHERE source_id IN ({sources})", (*part, project_id))
            await self._insert_edges(db, project_id, edges)
            await db.execute("UPDATE coderag_rank_debt SET changed_edges = changed_edges + ? WHERE project_id = ?",
                             (changed, project_id))

    async def _insert_edges(self, db: aiosqlite.Connection, project_id: str,
                            edges: Edges) -> None:
        global json_rows_available
        if json_rows_available:
            rows_json, resolutions_json = await anyio.to_thread.run_sync(_edge_rows_json, edges)
            try:
                await db.execute(
                    """INSERT INTO code_edges (id, project_id, source_id, target_id, edge_type, lineno, count)
                       SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                              json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]')
                         FROM json_each(?)""", (project_id, rows_json))
                await db.execute(
                    """INSERT INTO coderag_edge_resolutions (edge_id, resolution, uses)
                       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
                         FROM json_each(?)""",
                    (resolutions_json,))
                return
            except sqlite3.OperationalError as error:
                if "json" not in str(error):
                    raise
                json_rows_available = False  # nothing was inserted: the first statement could not be prepared
        rows, resolutions = await anyio.to_thread.run_sync(_edge_rows, edges)
        await db.executemany(
            """INSERT INTO code_edges (id, project_id, source_id, target_id, edge_type, lineno, count)
               VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6)""", [(*row, project_id) for row in rows])
        await db.executemany("INSERT INTO coderag_edge_resolutions (edge_id, resolution, uses) VALUES (?, ?, ?)",
                             resolutions)

    async def rank_debt(self, project_id: str) -> tuple[int, int] | None:
        """(the edges the graph had when last ranked, the edges changed since), or None when it never was."""
        row = await self._fetchone(
            "SELECT ranked_edges, changed_edges FROM coderag_rank_debt WHERE project_id = ?", (project_id,))
        return (row[0], row[1]) if row else None

    async def mark_linked(self, project_id: str, file_paths: Sequence[str], *, every_file: bool) -> None:
        """The files' edges and the ranking over them are written: a job killed before this links them again."""
        async with self.transaction() as db:
            if every_file:
                await db.execute("UPDATE coderag_files SET linked = 1 WHERE project_id = ?", (project_id,))
                return
            for start in range(0, len(file_paths), MAX_PARAMS):
                part = list(file_paths[start:start + MAX_PARAMS])
                await db.execute(
                    f"UPDATE coderag_files SET linked = 1 WHERE project_id = ? AND file_path IN "
                    f"({', '.join('?' * len(part))})", (project_id, *part))

    async def set_centrality(self, project_id: str, scores: dict[str, float], node_count: int) -> None:
        """Write the scores of a few nodes, by id, given on our scale (the average node scores 1.0): the
        ranks of new definitions while the whole graph's ranking waits (a whole graph's scores are
        written by rowid, with its rank debt: RanksStore.set_ranks).

        Our ranking prior keeps that scale in coderag_node_ranks; code_nodes.centrality_score gets
        vlt's (the project's scores sum to 1), which vlt's repo map reads and may rewrite.
        """
        async with self.transaction() as db:
            await db.executemany(
                """INSERT INTO coderag_node_ranks (node_id, project_id, prior) VALUES (?, ?, ?)
                   ON CONFLICT (node_id) DO UPDATE SET prior = excluded.prior""",
                ((node, project_id, round(score, 6)) for node, score in scores.items()))
            await db.executemany("UPDATE code_nodes SET centrality_score = ? WHERE id = ?",
                                 ((score / node_count, node) for node, score in scores.items()))
