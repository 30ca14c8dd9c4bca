"""The project's Python files as the Python resolver reads them: each file's definitions and structure
(imports, base classes, what variables and class attributes hold), read from vault.db as lookups reach
them, the files of at most PYTHON_DEFINITIONS_HELD definitions held at once.

So a link's memory does not grow with the project's Python definitions (sympy copied to 10,000 files
has 238,544 of them: its link peaked at 435 to 446 MB holding them all, 264 to 285 MB holding a part).
The budget counts definitions, not files: 2,000 of sympy's files hold from 48,000 to 87,000 of them.
The first file read is let go first: a file every slice needs is read again after the others have
filled the budget, which costs less than keeping the order of use on every lookup. A project whose
Python definitions all fit is read whole, in one go (graph.Resolvers.build).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from .python_fixtures import FIXTURE
from .python_modules import PythonModules
from .store import GraphNode, ReferenceRow, module_node_id, qualified_in_node_id

# Definitions whose files (their definitions and structure) are held at once: sympy has 37,374.
PYTHON_DEFINITIONS_HELD = 50_000
# Files read in one query, reading ahead.
_READ_FILES = 500


@dataclass(slots=True)
class PythonFile:
    """What the resolver knows of one Python file: its definitions and its structure (imports, bases, what
    variables and class attributes hold)."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)  # by id; modules are not among them
    defs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # qualified name -> ids
    # The modules the file's names come from: name -> [(module, imported name or None for a module)].
    imports: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    stars: list[str] = field(default_factory=list)
    # Imports inside a function, which bind the name in that function only: by the function's qualified name.
    local_imports: dict[str, dict[str, list[tuple[str, str | None]]]] = \
        field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    # What module variables and class attributes hold (BINDS rows, see python_qualifiers.py).
    variables: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    attributes: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    base_refs: dict[str, list[ReferenceRow]] = field(default_factory=lambda: defaultdict(list))
    # The class variables and attributes (VARIABLE nodes), qualified name -> id: kept apart from the definitions,
    # so that no name lookup or guess finds one; only a call on a known class's instance (`called_field`).
    fields: dict[str, str] = field(default_factory=dict)
    # The pytest fixtures it defines, by the name a test asks for (`Class.name` for a class's): their functions'
    # qualified names (python_fixtures.py).
    fixtures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, project_id: str, path: str, nodes: Iterable[GraphNode], refs: Iterable[ReferenceRow]) -> PythonFile:
        """The file's record from its definitions and its structure references (in line order)."""
        record = cls()
        for node in sorted(nodes, key=attrgetter("id")):
            if node.node_type == "VARIABLE":
                record.fields.setdefault(qualified_in_node_id(project_id, path, node.id), node.id)
                continue
            record.nodes[node.id] = node
            record.defs[qualified_in_node_id(project_id, path, node.id)].append(node.id)
        module_id = module_node_id(project_id, path)
        for ref in refs:
            if ref.edge_type == "BINDS" and ref.qualifier:
                if ref.qualifier.startswith(FIXTURE):
                    scope = "" if ref.source_id == module_id else qualified_in_node_id(project_id, path, ref.source_id) + "."
                    record.fixtures[scope + ref.name].append(ref.qualifier[len(FIXTURE):])
                elif ref.source_id == module_id:
                    record.variables[ref.name].append(ref.qualifier)
                elif ref.source_id in record.nodes:
                    record.attributes[ref.source_id][ref.name].append(ref.qualifier)
            elif ref.edge_type == "INHERITS":
                record.base_refs[ref.source_id].append(ref)
            elif ref.edge_type == "IMPORTS" and ref.module:
                # An import inside a function binds the name in that function only (in any definition of its
                # name: the lookup goes by qualified name, python_lookups.resolve_name).
                table = record.imports if ref.source_id == module_id else \
                    record.local_imports[qualified_in_node_id(project_id, path, ref.source_id)]
                if ref.qualifier and ref.qualifier.startswith("="):  # import a.b [as y]
                    bound = ref.qualifier[1:]
                    module = ref.module if bound != ref.module.split(".", 1)[0] else bound
                    table[bound].append((module, None))
                elif ref.name == "*":
                    if ref.source_id == module_id:
                        record.stars.append(ref.module)
                else:
                    table[ref.qualifier or ref.name].append((ref.module, ref.name))
        return record


# Reads the definitions (with signatures) and structure references of these Python files.
LoadFiles = Callable[[Sequence[str]], tuple[Sequence[GraphNode], Sequence[ReferenceRow]]]
_NO_FILE = PythonFile()


class PythonFiles(PythonModules):
    """The project's Python files as modules, and what each defines and imports, read as asked for."""

    def __init__(self, project_id: str, files: Iterable[str], load: LoadFiles, root: str | None = None) -> None:
        super().__init__(files, root)
        self.project_id = project_id
        self._load = load
        self._files_held: dict[str, PythonFile] = {}  # in the order they were read
        self._nodes_held: dict[str, GraphNode] = {}  # the nodes of the files held, by id
        self._node_prefix = f"{project_id}:"

    def read_ahead(self, paths: Iterable[str]) -> None:
        """Read the records of these files that are not held, in one load (a slice's own files)."""
        missing = sorted({path for path in paths if path in self.files and path not in self._files_held})
        for start in range(0, len(missing), _READ_FILES):
            self._add(missing[start:start + _READ_FILES])

    def _add(self, paths: Sequence[str]) -> None:
        nodes, refs = self._load(paths)
        by_file: dict[str, tuple[list[GraphNode], list[ReferenceRow]]] = {path: ([], []) for path in paths}
        for node in nodes:
            if node.node_type != "MODULE" and node.file_path in by_file:
                by_file[node.file_path][0].append(node)
        for ref in refs:  # in file and line order
            if ref.file_path in by_file:
                by_file[ref.file_path][1].append(ref)
        for path, (file_nodes, file_refs) in by_file.items():
            record = self._files_held[path] = PythonFile.of(self.project_id, path, file_nodes, file_refs)
            self._nodes_held.update(record.nodes)
        while len(self._nodes_held) > PYTHON_DEFINITIONS_HELD and len(self._files_held) > len(paths):
            record = self._files_held.pop(next(iter(self._files_held)))
            for node_id in record.nodes:
                del self._nodes_held[node_id]

    def file(self, path: str) -> PythonFile:
        """What the resolver knows of a Python file of the project (nothing, for any other path)."""
        record = self._files_held.get(path)
        if record is not None:
            return record
        if path not in self.files:
            return _NO_FILE
        self._add([path])
        return self._files_held[path]

    def node(self, node_id: str) -> GraphNode | None:
        """The Python definition with this id; None for a module, a module variable or anything else."""
        node = self._nodes_held.get(node_id)
        if node is not None:
            return node
        if not node_id.startswith(self._node_prefix):
            return None
        # `project:path:qualified name`, and a Python qualified name holds no colon.
        path, colon, _qualified = node_id[len(self._node_prefix):].rpartition(":")
        return self.file(path).nodes.get(node_id) if colon else None

    def qualified(self, node: GraphNode) -> str:
        return qualified_in_node_id(self.project_id, node.file_path, node.id)

    def known(self, node_id: str) -> GraphNode:
        """The definition with this id, known to be one (a class or function a lookup found)."""
        node = self.node(node_id)
        assert node is not None, node_id
        return node

    def defined_in(self, node_id: str, path: str) -> bool:
        node = self.node(node_id)
        return node is not None and node.file_path == path

    def is_class(self, node_id: str) -> bool:
        node = self.node(node_id)
        return node is not None and node.node_type == "CLASS"
