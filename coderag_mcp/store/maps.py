"""Reading the graph's nodes for the repo map, best ranked first and a page at a time, and keeping
the maps made (vlt's `repo_maps`).

A map shows a few hundred of a project's symbols; the Linux kernel has over a million. So the best
are read a page at a time (graph_queries.py stops once no later node could make the cut), the ranks
before the nodes when the map is of the whole project, and only the files shown are read whole.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence

from .connection import MAX_PARAMS, Database, after_prefix, to_db_time, utcnow
from .file_rows import module_node_id

_NODE_COLUMNS = "n.id, n.file_path, n.node_type, n.name, n.signature, n.lineno"


def _nodes_under(path_glob: str | None) -> tuple[str, tuple[str, ...]]:
    """The condition (and its parameters, the project's id first) on `n`, the project's nodes, for those
    under `path_glob` when given: by the file path index over the glob's literal start when it has one
    (`+n.project_id`: the project's index would read all its nodes), then by the glob itself."""
    if path_glob is None:
        return "n.project_id = ?", ()
    prefix = path_glob[:min((path_glob.find(ch) for ch in "*?[" if ch in path_glob), default=len(path_glob))]
    if not prefix:
        return "n.project_id = ? AND n.file_path GLOB ?", (path_glob,)
    return ("+n.project_id = ? AND n.file_path >= ? AND n.file_path < ? AND n.file_path GLOB ?",
            (prefix, after_prefix(prefix), path_glob))


class MapsStore(Database):
    """The nodes a repo map is made of, and the maps kept."""

    async def best_ranked_nodes(self, project_id: str, *, limit: int, offset: int = 0) -> list[sqlite3.Row]:
        """A page of the project's ranked nodes, best rank first (then by node id): the ranks are sorted
        before any node is read. Nodes no ranking has reached yet are not among them."""
        return await self._fetchall(
            f"""SELECT {_NODE_COLUMNS}, r.prior AS score
                  FROM (SELECT node_id, prior FROM coderag_node_ranks WHERE project_id = ?
                         ORDER BY prior DESC, node_id LIMIT ? OFFSET ?) AS r
                  CROSS JOIN code_nodes AS n ON n.id = r.node_id
                 ORDER BY r.prior DESC, r.node_id""", (project_id, limit, offset))

    async def ranked_nodes(self, project_id: str, path_glob: str | None, *, limit: int, offset: int = 0
                           ) -> list[sqlite3.Row]:
        """A page of the project's nodes but variables (the map outlines classes and functions; those under
        `path_glob`, when given), best rank first, unranked
        ones as 0; then by file, line and id."""
        under, parameters = _nodes_under(path_glob)
        return await self._fetchall(
            f"""SELECT {_NODE_COLUMNS}, coalesce(r.prior, 0) AS score
                  FROM code_nodes AS n LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                 WHERE {under} AND n.node_type != 'VARIABLE'
                 ORDER BY score DESC, n.file_path, n.lineno, n.id LIMIT ? OFFSET ?""",
            (project_id, *parameters, limit, offset))

    async def nodes_in_files(self, project_id: str, file_paths: Sequence[str]) -> list[sqlite3.Row]:
        """Every node of these files (modules too, variables not), with its rank (0 when it has none)."""
        rows: list[sqlite3.Row] = []
        for start in range(0, len(file_paths), MAX_PARAMS):
            part = list(file_paths[start:start + MAX_PARAMS])
            rows.extend(await self._fetchall(
                f"""SELECT {_NODE_COLUMNS}, coalesce(r.prior, 0) AS score
                      FROM code_nodes AS n LEFT JOIN coderag_node_ranks AS r ON r.node_id = n.id
                     WHERE n.file_path IN ({', '.join('?' * len(part))}) AND +n.project_id = ?
                       AND n.node_type != 'VARIABLE'""", (*part, project_id)))
        return rows

    async def count_symbols(self, project_id: str, path_glob: str | None) -> int:
        """The project's nodes other than modules and variables (under `path_glob`, when given)."""
        if path_glob is None:
            # Counting by node type reads every node; the project's nodes are counted on its index, and
            # its modules are found by id, one per file.
            row = await self._fetchone(
                """SELECT (SELECT count(*) FROM code_nodes WHERE project_id = :project AND node_type != 'VARIABLE')
                          - (SELECT count(*) FROM code_nodes WHERE node_type = 'MODULE' AND id IN (
                                SELECT :module_prefix || file_path FROM coderag_files WHERE project_id = :project))""",
                {"project": project_id, "module_prefix": module_node_id(project_id, "")})
            return row[0] if row else 0
        under, parameters = _nodes_under(path_glob)
        row = await self._fetchone(f"""SELECT count(*) FROM code_nodes AS n
                                         WHERE {under} AND n.node_type NOT IN ('MODULE', 'VARIABLE')""",
                                   (project_id, *parameters))
        return row[0] if row else 0

    async def save_repo_map(self, project_id: str, scope: str | None, text: str, *, token_count: int,
                            max_tokens: int, files: int, symbols: int, symbols_total: int) -> None:
        async with self.transaction() as db:
            await db.execute("DELETE FROM repo_maps WHERE project_id = ? AND scope IS ?", (project_id, scope))
            await db.execute(
                """INSERT INTO repo_maps (id, project_id, scope, map_text, token_count, max_tokens, files_included,
                                          symbols_included, symbols_total, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (str(uuid.uuid4()), project_id, scope, text, token_count, max_tokens, files, symbols, symbols_total,
                 to_db_time(utcnow())))
