"""Ranking a whole project's graph from the database: its nodes as rowids and ranks in the graph's
order, its sure edges as pairs of rowids, and the scores written back by rowid. No node id (a string
of project, path and name) is held while a graph is ranked: the Linux kernel's 1.1 million took
230 MB with the lookup of their positions.

(PageRank itself is coderag_mcp/pagerank.py; the scores of a few new definitions, while the ranking
waits, are written by id: GraphStore.set_centrality.)
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from array import array
from collections.abc import AsyncIterator, Sequence

from .connection import Database


def _first_overload(node: str) -> str:
    """The rowid of the first overload of `node`'s name (`Logger.log` for `Logger.log@12`), or its own: looked up
    only for a later overload's id, in a subquery (as a LEFT JOIN the lookup ran for every edge: sympy's ranking
    read its edges in 1.00 s with one for each end, 0.68 s so)."""
    return (f"CASE WHEN {node}.id GLOB '*@[0-9]*' THEN coalesce((SELECT rowid FROM code_nodes WHERE id = "
            f"rtrim(rtrim({node}.id, '0123456789'), '@')), {node}.rowid) ELSE {node}.rowid END")


class RanksStore(Database):
    """The whole-graph ranking's reads and writes."""

    async def nodes_to_rank(self, project_id: str) -> tuple[array, array]:
        """Every node's rowid (variables' not: no edge leads to or from one) in graph_nodes' order (path, line,
        id: the order PageRank sums in, so that the same graph gets the same ranks whatever order it was written
        in), and its rank at the same position (NaN when it has none)."""
        rowids, ranks = array("q"), array("d")
        async with contextlib.aclosing(self._fetch_batches(
                """SELECT n.rowid, r.prior FROM code_nodes AS n LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                    WHERE n.project_id = ? AND n.node_type != 'VARIABLE'
                    ORDER BY n.file_path, n.lineno, n.id""", (project_id,))) as batches:
            async for rows in batches:
                rowids.extend(row[0] for row in rows)
                ranks.extend(math.nan if row[1] is None else row[1] for row in rows)
        return rowids, ranks

    def edge_rowid_batches(self, project_id: str, *, exclude: Sequence[str]) -> AsyncIterator[list[sqlite3.Row]]:
        """(source rowid, target rowid, count, target's first overload's rowid, caller's rowid) of the project's
        edges, without those resolved in one of the `exclude` ways, a batch at a time. Read them inside
        `contextlib.aclosing`, so that a cancelled reader closes the statement at once.

        An edge from a later overload of a name (`Logger.log@12`) is the first's (`Logger.log`): what a family of
        overloads calls counts once, as one definition's calls (koin's 23 `fragmentOf`s, one per arity, each
        calling `fragment`, took it from 1.2 to 11.0 times the average rank), and a call between two of them is
        one of itself, which ranking leaves out (pagerank.Links). The target's first overload (the target itself
        but for a later overload) and the caller (the edge's own source) let a call that reached several
        overloads count once too (pagerank.Links.share_fans).

        The excluded edges are few: looked up in a set of their ids, not joined row by row (10,000
        files: 0.95 -> 0.2 s of SQLite)."""
        return self._fetch_batches(
            f"""SELECT {_first_overload('s')}, t.rowid, e.count, {_first_overload('t')}, s.rowid
                  FROM code_edges AS e
                  JOIN code_nodes AS s ON s.id = e.source_id JOIN code_nodes AS t ON t.id = e.target_id
                 WHERE e.project_id = ? AND e.id NOT IN
                       (SELECT edge_id FROM coderag_edge_resolutions WHERE resolution IN ({', '.join('?' * len(exclude))}))
                   -- (nor a Python annotation: graph.ranked says why)
                   AND NOT (e.edge_type = 'USES' AND (s.file_path LIKE '%.py' OR s.file_path LIKE '%.pyi'))""",
            (project_id, *exclude))

    async def set_ranks(self, project_id: str, rowids: array, scores: array, changed: array, *, ranked_edges: int) -> None:
        """Write the scores at the positions `changed` (of nodes given by `rowids`, on our scale: the average
        node scores 1.0), and start the project's rank debt over (the whole graph was ranked, over
        `ranked_edges` edges). As set_centrality: our prior in coderag_node_ranks, vlt's scale (the
        project's scores sum to 1) in code_nodes.centrality_score."""
        node_count = len(rowids)
        # The rows as generators, which the database's thread reads: no list of a million rows is made on
        # the event loop (248,000 scores as lists: 96 and 23 ms).
        async with self.transaction() as db:
            await db.executemany(
                """INSERT INTO coderag_node_ranks (node_id, project_id, prior)
                   SELECT id, ?, ? FROM code_nodes WHERE rowid = ?
                   ON CONFLICT (node_id) DO UPDATE SET prior = excluded.prior""",
                ((project_id, round(scores[position], 6), rowids[position]) for position in changed))
            await db.executemany("UPDATE code_nodes SET centrality_score = ? WHERE rowid = ?",
                                 ((scores[position] / node_count, rowids[position]) for position in changed))
            await db.execute(
                """INSERT INTO coderag_rank_debt (project_id, ranked_edges, changed_edges) VALUES (?, ?, 0)
                   ON CONFLICT (project_id) DO UPDATE SET ranked_edges = excluded.ranked_edges,
                                                          changed_edges = 0""", (project_id, ranked_edges))
