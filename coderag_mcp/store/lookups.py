"""What a resolver reads of the files its lookups reach, from its own worker thread: their definitions
and structure references, on a read-only connection of its own.

Read through the store's reader, each file a lookup reaches was a round trip through the event loop
and the reader's thread, about 1 ms while the link writes its edges beside it (a 10,000-file link made
4,000 of them); on this connection a read is the query alone. Each read is its own transaction: a
link's long snapshot would keep the edges it writes in the WAL until it ends.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence

from .connection import FETCH_BATCH_ROWS, Database, files_ending_clause, read_only_connection
from .file_rows import module_node_id
from .graph import GraphNode
from .references import STRUCTURE_KINDS, ReferenceRow, column_for, reference_rows

_STRUCTURE = frozenset(STRUCTURE_KINDS)


class FileLookups:
    """Reads of one project's files, for one thread at a time."""

    def __init__(self, connection: sqlite3.Connection, project_id: str) -> None:
        self._connection = connection
        self._project_id = project_id

    def definitions_and_structure(self, file_paths: Sequence[str]) -> tuple[list[GraphNode], list[ReferenceRow]]:
        """The definitions of these files (no modules) with their signatures and without ranks, in
        graph_nodes' order, and their imports, base classes and bindings in file and line order. The variables
        among them, a class's or a module's, are only what a call of one reaches (flask's `self.response_class()`,
        python_lookups.PythonLookups.called_field; dateutil's `gettz(..)`, called_variables)."""
        paths = json.dumps(list(file_paths))
        nodes = [GraphNode(row[0], sys.intern(row[1]), sys.intern(row[2]), sys.intern(row[3]), None, row[4])
                 for row in self._connection.execute(
                     """SELECT id, file_path, node_type, name, signature FROM code_nodes
                         WHERE file_path IN (SELECT value FROM json_each(?2)) AND +project_id = ?1
                           AND node_type != 'MODULE'
                         ORDER BY file_path, lineno, id""",
                     (self._project_id, paths))]
        files = self._connection.execute(
            f"""SELECT file_path, {column_for(_STRUCTURE)} FROM coderag_file_references
                 WHERE project_id = ? AND file_path IN (SELECT value FROM json_each(?))""",
            (self._project_id, paths)).fetchall()
        return nodes, reference_rows(self._project_id, files, _STRUCTURE)

    def classes_named(self, name: str) -> list[GraphNode]:
        """The project's classes (interfaces, traits) named `name`, with their signatures, without ranks
        (class_hierarchy.py: a base class written by its name)."""
        return [GraphNode(row[0], sys.intern(row[1]), sys.intern(row[2]), sys.intern(row[3]), None, row[4])
                for row in self._connection.execute(
                    """SELECT id, file_path, node_type, name, signature FROM code_nodes
                        WHERE name = ?2 AND +project_id = ?1 AND node_type = 'CLASS' ORDER BY file_path, lineno, id""",
                    (self._project_id, name))]

    def module_signatures(self, file_paths: Sequence[str]) -> dict[str, str]:
        """The signatures of these files' module nodes, where the parser kept one (a PHP or C# file's namespaces:
        declared_namespaces.module_signature)."""
        ids = json.dumps([module_node_id(self._project_id, path) for path in file_paths])
        return dict(self._connection.execute(
            """SELECT file_path, signature FROM code_nodes
                WHERE id IN (SELECT value FROM json_each(?)) AND signature IS NOT NULL""", (ids,)).fetchall())

    def definitions_to_guess(self, kinds: Sequence[str], files_ending: tuple[str, ...]
                             ) -> Iterator[tuple[str, str, str, str]]:
        """(id, kind, name, file) of every definition of these kinds in files with these endings, in no order."""
        endings, ending_params = files_ending_clause("file_path", files_ending)
        rows = self._connection.execute(
            f"""SELECT id, node_type, name, file_path FROM code_nodes
                 WHERE project_id = ? AND node_type IN (SELECT value FROM json_each(?)){endings}""",
            (self._project_id, json.dumps(list(kinds)), *ending_params))
        while batch := rows.fetchmany(FETCH_BATCH_ROWS):
            yield from batch


class LookupsStore(Database):
    """The resolvers' own reads."""

    @contextlib.contextmanager
    def file_lookups(self, project_id: str) -> Iterator[FileLookups]:
        with read_only_connection(self.path) as connection:
            yield FileLookups(connection, project_id)
