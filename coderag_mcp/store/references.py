"""The references each file makes (calls, imports, base classes, ...), which the graph resolves into
edges, and the names they use.

A file's references are one row (`coderag_file_references`, its references as a JSON list), and each
name the file uses one small row (`coderag_reference_names`), the only thing looked up by name. A
file's references are only ever read whole (to link it), so per-reference rows with two indexes were
a cost for nothing: on sympy 185,000 rows and 37 MB, against 1,563 rows and a name table.

In a file's list a reference is [source, name, edge type, module, line, lines, count, qualifier], its
source the qualified name of the definition it sits in (null for the file's module node), not the
node id, which repeats the project and the path. The list is kept zlib-compressed (a BLOB): the same
names recur in every file's list, so it takes a fifth of the room (sympy: 13.4 -> 2.9 MB), for about
0.2 s of compression over a full index and 0.1 s to read every file back. Rows written before are JSON text, and
still read.

The references a name lookup reads across the whole project (imports, base classes, what variables
hold: `STRUCTURE_KINDS`) are also kept apart, in the row's `structure` column: each link reads every
file's, and they are a tenth of its references (a 10,000-file tree: 1.0 -> 0.4 s to read them). A row
written before that column has none (NULL), and its whole list is read instead.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import aiosqlite
import anyio.to_thread

from ..js_literals import CALLED_WHOLE, MODULE_EXPORTS
from ..languages import BY_NAME
from ..python_fixtures import FIXTURE
from ..type_names import field_holder
from .connection import MAX_PARAMS, Database, files_ending_clause


class ReferenceRow(NamedTuple):
    """A reference as the resolvers read it. A named tuple: a large tree's link makes millions, and a
    frozen dataclass's constructor (a `__setattr__` per field) cost 0.7 s of sympy's 12 s link."""

    file_path: str
    source_id: str
    name: str
    edge_type: str
    module: str | None
    lineno: int
    count: int
    qualifier: str | None = None


# C's and C++'s files (a C++ header may end as C's do).
C_FAMILY_ENDINGS = tuple(ending for language in ("c", "cpp") for ending in BY_NAME[language].extensions)

# What a name lookup reads across the project: imports, base classes, what variables hold.
STRUCTURE_KINDS = ("IMPORTS", "INHERITS", "BINDS")


# A reference row as the files' writer builds it (the order of the old per-reference table):
# (project, file, source node id, name, edge type, module, line, lines, count, qualifier).
ReferenceTuple = tuple[Any, ...]


def _module_id(project_id: str, file_path: str) -> str:
    return f"{project_id}:{file_path}"


def encode_file_references(project_id: str, file_path: str, rows: Sequence[ReferenceTuple]) -> bytes:
    """One file's references (or some of them) as its row keeps them: a JSON list, compressed."""
    module = _module_id(project_id, file_path)
    prefix = module + ":"
    return zlib.compress(json.dumps([
        [None if source == module else source[len(prefix):], name, edge_type, module_name, lineno, lines, count,
         qualifier]
        for _project, _file, source, name, edge_type, module_name, lineno, lines, count, qualifier in rows
    ], separators=(",", ":"), ensure_ascii=False).encode(), 1)


def decode_file_references(project_id: str, file_path: str, text: str | bytes,
                           edge_types: frozenset[str] | None = None, named: str | None = None) -> list[tuple[Any, ...]]:
    """A file's references (of `edge_types` only, and to the name `named` only, when given): (file, source
    node id, name, edge type, module, line, count, qualifier, lines)."""
    module = _module_id(project_id, file_path)
    prefix = module + ":"
    # One string per source node and per name, not one per reference: a large tree's link holds them all.
    sources: dict[str | None, str] = {None: module}
    found = []
    listed = json.loads(zlib.decompress(text) if isinstance(text, bytes) else text)
    for source, name, edge_type, module_name, lineno, lines, count, qualifier in listed:
        if edge_types is not None and edge_type not in edge_types:
            continue  # (the resolvers read a tree's imports and bases: a tenth of its references)
        if named is not None and name != named:
            continue  # (find_references reads the files that use a name: thousands, for kmalloc)
        source_id = sources.get(source)
        if source_id is None:
            source_id = sources[source] = prefix + source
        found.append((file_path, source_id, sys.intern(name), sys.intern(edge_type),
                      sys.intern(module_name) if module_name is not None else None, lineno, count,
                      sys.intern(qualifier) if qualifier is not None else None, lines))
    return found


def _uses_of(project_id: str, name: str, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
    """The uses of `name` in these files' rows of references (file path, refs)."""
    return [{"file_path": path, "source_id": source, "edge_type": edge_type, "lines": lines, "module": module,
             "qualifier": qualifier}
            for file_path, refs in rows
            for path, source, _name, edge_type, module, _line, _count, qualifier, lines
            in decode_file_references(project_id, file_path, refs, named=name)]


def _rows_by_file(project_id: str, rows: Sequence[ReferenceTuple]
                  ) -> tuple[list[tuple[str, str, bytes, bytes]], list[tuple[str, str, str]]]:
    """The file rows (all references, and the structure ones) and the name rows of a batch's references."""
    by_file: dict[str, list[ReferenceTuple]] = defaultdict(list)
    for row in rows:
        by_file[row[1]].append(row)
    files = [(project_id, path, encode_file_references(project_id, path, refs),
              encode_file_references(project_id, path, [ref for ref in refs if ref[4] in STRUCTURE_KINDS]))
             for path, refs in by_file.items()]
    names = {(project_id, row[3], row[1]) for row in rows}
    # A call on a field of a typed receiver (qualifier `~Context.writermem`) depends on the fields its class
    # declares: the file uses the class's name, so that a change to them links it again (`_shape_changed`).
    names.update((project_id, field_holder(row[9])[0].rpartition(".")[2], row[1]) for row in rows
                 if row[9] and row[9].startswith("~"))
    # (C++: and the field itself, whose declaration the link reads: c_family_calls.py)
    names.update((project_id, field_holder(row[9])[1], row[1]) for row in rows
                 if row[9] and row[9].startswith("~") and row[1].endswith(C_FAMILY_ENDINGS))
    # A CommonJS module called whole (`express()`, qualifier `@..()`) depends on what a module's `module.exports` holds:
    # a change to one links it again (js_literals.MODULE_EXPORTS).
    names.update((project_id, MODULE_EXPORTS, row[1]) for row in rows
                 if row[9] and row[9].startswith("@") and row[9].endswith(CALLED_WHOLE))
    return files, sorted(names)


def reference_rows(project_id: str, files: Sequence[tuple[str, str | bytes]], edge_types: frozenset[str] | None
                    ) -> list[ReferenceRow]:
    """The references of these files in file, line, source, kind and name order (the resolver's order).

    Sorted a file at a time: one sort of a whole project's list would hold the GIL, and so the event
    loop, for its whole length (a C sort runs no bytecode that could hand it over)."""
    found: list[ReferenceRow] = []
    for path, text in sorted(files):
        refs = [ReferenceRow(file_path, source, name, edge_type, module, lineno, count, qualifier)
                for file_path, source, name, edge_type, module, lineno, count, qualifier, _lines
                in decode_file_references(project_id, path, text, edge_types)]
        refs.sort(key=lambda ref: (ref.lineno, ref.source_id, ref.edge_type, ref.name))
        found.extend(refs)
    return found


def column_for(kinds: frozenset[str] | None) -> str:
    """What to read of a file's row for references of these kinds: the structure list when it holds them all
    (the whole list of a row written before there was one)."""
    return "coalesce(structure, refs)" if kinds is not None and kinds <= frozenset(STRUCTURE_KINDS) else "refs"


class ReferencesStore(Database):
    """Each file's references, written and deleted with the file's other rows."""

    async def _write_references(self, db: aiosqlite.Connection, project_id: str,
                                rows: Sequence[ReferenceTuple]) -> None:
        files, names = await anyio.to_thread.run_sync(_rows_by_file, project_id, rows)
        await db.executemany(
            "INSERT INTO coderag_file_references (project_id, file_path, refs, structure) VALUES (?, ?, ?, ?)", files)
        await db.executemany(
            "INSERT OR IGNORE INTO coderag_reference_names (project_id, name, file_path) VALUES (?, ?, ?)", names)

    async def _delete_references(self, db: aiosqlite.Connection, project_id: str, file_paths: Sequence[str]) -> None:
        for start in range(0, len(file_paths), MAX_PARAMS):
            part = list(file_paths[start:start + MAX_PARAMS])
            marks = ", ".join("?" * len(part))
            await db.execute(f"DELETE FROM coderag_file_references WHERE project_id = ? AND file_path IN ({marks})",
                             (project_id, *part))
            await db.execute(f"DELETE FROM coderag_reference_names WHERE project_id = ? AND file_path IN ({marks})",
                             (project_id, *part))

    async def _stored_references(self, db: aiosqlite.Connection, project_id: str, file_paths: Sequence[str],
                                 edge_types: Iterable[str] | None = None) -> list[ReferenceRow]:
        """These files' references (of these kinds), as the writer sees them inside its transaction."""
        files: list[tuple[str, str]] = []
        kinds = frozenset(edge_types) if edge_types is not None else None
        column = column_for(kinds)
        for start in range(0, len(file_paths), MAX_PARAMS):
            part = list(file_paths[start:start + MAX_PARAMS])
            files.extend((row[0], row[1]) for row in await db.execute_fetchall(
                f"""SELECT file_path, {column} FROM coderag_file_references
                     WHERE project_id = ? AND file_path IN ({', '.join('?' * len(part))})""", (project_id, *part)))
        return await anyio.to_thread.run_sync(reference_rows, project_id, files, kinds)

    async def _files_using(self, db: aiosqlite.Connection, project_id: str, names: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(names), MAX_PARAMS):
            part = list(names[start:start + MAX_PARAMS])
            found.update(row[0] for row in await db.execute_fetchall(
                f"""SELECT DISTINCT file_path FROM coderag_reference_names
                     WHERE project_id = ? AND name IN ({', '.join('?' * len(part))})""", (project_id, *part)))
        return found

    async def _reshaped_names(self, db: aiosqlite.Connection, project_id: str, file_paths: Sequence[str],
                              node_rows: Sequence[tuple[object, ...]], reference_rows: Sequence[tuple[object, ...]]
                              ) -> set[str]:
        """The names whose meaning may have changed in files whose shape changed: a definition added or
        removed, a signature (a declared return type), a base class, an import or what a variable holds.
        What other files' references mean can depend on those (a method found along the bases, a name
        re-exported, a receiver's type).

        A file that only gained or lost definitions, or imports, gives the names of those alone; one
        whose signatures, bases or variables changed gives every name it defines and imports (what
        depends on a receiver's type is not known by name)."""
        shape_kinds = ("IMPORTS", "INHERITS", "BINDS")
        new_shape: dict[str, set[tuple[object, ...]]] = defaultdict(set)
        node_names: dict[object, str] = {}
        for row in node_rows:  # (id, project, file, type, name, signature, ...)
            if row[3] == "VARIABLE":  # no resolver reads a variable's node (what it holds is its BINDS)
                continue
            new_shape[str(row[2])].add(("node", row[0], row[5]))
            node_names[row[0]] = str(row[4])
        for row in reference_rows:  # (project, file, source, name, edge type, module, line, lines, count, qualifier)
            if row[4] in shape_kinds:
                new_shape[str(row[1])].add(("ref", row[2], row[3], row[4], row[5], row[9]))
        old_shape: dict[str, set[tuple[object, ...]]] = defaultdict(set)
        for start in range(0, len(file_paths), MAX_PARAMS):
            paths = list(file_paths[start:start + MAX_PARAMS])
            marks = ", ".join("?" * len(paths))
            for path, node, signature, name in await db.execute_fetchall(
                    f"SELECT file_path, id, signature, name FROM code_nodes WHERE file_path IN ({marks}) "
                    "AND +project_id = ? AND node_type != 'VARIABLE'", (*paths, project_id)):
                old_shape[path].add(("node", node, signature))
                node_names[node] = name
            for ref in await self._stored_references(db, project_id, paths, shape_kinds):
                old_shape[ref.file_path].add(("ref", ref.source_id, ref.name, ref.edge_type, ref.module, ref.qualifier))
        names: set[str] = set()
        for path in file_paths:
            old, new = old_shape.get(path, set()), new_shape.get(path, set())
            if old == new:
                continue
            difference = old ^ new
            # What a changed BINDS row holds is called by its last name (an object literal's property `actions.filter`,
            # a field: js_literals.py): the files calling it are linked again.
            changed = [str(item[2]) for item in difference if item[0] == "ref" and item[3] == "BINDS"]
            names.update([*changed, *(name.rpartition(".")[2] for name in changed)])
            nodes = [item[1] for item in difference if item[0] == "node"]
            if len(set(nodes)) < len(nodes) or any(item[0] == "ref" and item[3] != "IMPORTS" for item in difference):
                difference = old | new  # a signature (the same node on both sides), a base or a variable changed
            names.update(node_names[item[1]] for item in difference if item[0] == "node")
            # What the file imports: a name it re-exports may now mean something else. And the pytest fixtures it
            # defines, by the name a test asks for (`@pytest.fixture(name="config")` on `config_fixture`).
            names.update(str(item[2]) for item in difference if item[0] == "ref" and (
                item[3] == "IMPORTS" or (item[3] == "BINDS" and str(item[5] or "").startswith(FIXTURE))))
        return names

    async def _flag_referrers(self, db: aiosqlite.Connection, project_id: str, names: set[str]) -> None:
        """Leave the files whose references use one of these names to be linked again."""
        files = sorted(await self._files_using(db, project_id, sorted(names)))
        for start in range(0, len(files), MAX_PARAMS):
            part = files[start:start + MAX_PARAMS]
            await db.execute(
                f"""UPDATE coderag_files SET linked = 0
                     WHERE project_id = ? AND linked = 1 AND file_path IN ({', '.join('?' * len(part))})""",
                (project_id, *part))

    async def references_of(self, project_id: str, file_paths: Sequence[str]) -> list[ReferenceRow]:
        """The references of these files, in file and line order."""
        return await self._stored_references(self._reader, project_id, file_paths)

    async def bindings_of(self, project_id: str, file_paths: Sequence[str]) -> list[ReferenceRow]:
        """The BINDS rows of these files (what variables hold; which Rust functions are tests), in file and line
        order."""
        return await self._stored_references(self._reader, project_id, file_paths, ("BINDS",))

    async def imports_of(self, project_id: str, file_paths: Sequence[str]) -> list[ReferenceRow]:
        """The imports of these files, in file and line order (find_references follows a package's re-exports)."""
        return await self._stored_references(self._reader, project_id, file_paths, ("IMPORTS",))

    async def references_of_type(self, project_id: str, edge_types: Sequence[str], *,
                                 files_ending: tuple[str, ...] | None = None) -> list[ReferenceRow]:
        """Every reference of these kinds in the project (the imports and base classes a resolver reads); with
        `files_ending`, only those of files with these endings."""
        kinds = frozenset(edge_types)
        endings, ending_params = files_ending_clause("file_path", files_ending)
        rows = await self._fetchall(
            f"SELECT file_path, {column_for(kinds)} FROM coderag_file_references WHERE project_id = ?{endings}",
            (project_id, *ending_params))
        return await anyio.to_thread.run_sync(reference_rows, project_id, [(row[0], row[1]) for row in rows], kinds)

    async def references_named_page(self, project_id: str, name: str, *, after: str = "", files: int = -1
                                    ) -> tuple[list[dict[str, Any]], str | None]:
        """The uses of `name` (file, source node and its kind, edge type, lines, module, qualifier) in the next `files`
        files that use it (all, when -1), in path order after the path `after`; and the last path read,
        or None when no file is left."""
        rows = await self._fetchall(
            """SELECT f.file_path, f.refs FROM coderag_reference_names AS n
                 JOIN coderag_file_references AS f ON f.project_id = n.project_id AND f.file_path = n.file_path
                WHERE n.project_id = ? AND n.name = ? AND n.file_path > ? ORDER BY n.file_path LIMIT ?""",
            (project_id, name, after, files))
        # A popular name's files hold megabytes of references (kmalloc's, in the Linux kernel, 2,600 files):
        # a worker thread decodes them, so the event loop goes on answering.
        uses = await anyio.to_thread.run_sync(_uses_of, project_id, name, rows)
        kinds: dict[str, str] = {}
        sources = sorted({use["source_id"] for use in uses})
        for start in range(0, len(sources), MAX_PARAMS):
            part = sources[start:start + MAX_PARAMS]
            kinds.update((row[0], row[1]) for row in await self._fetchall(
                f"SELECT id, node_type FROM code_nodes WHERE id IN ({', '.join('?' * len(part))})", part))
        for use in uses:
            use["source_type"] = kinds.get(use["source_id"], "MODULE")
        return uses, (rows[-1][0] if rows and len(rows) == files else None)
