"""The code graph: resolving references into edges, and ranking nodes by PageRank.

Python references resolve as Python finds names (python_graph.py: LOCAL, IMPORT, MEMBER, or GUESS
when the receiver is unknown); TS/JS, Go, Java/Kotlin and Rust from what each receiver is known to
be (typed_graph.py, the same kinds); other languages' references by name (name_graph.py: LOCAL,
IMPORT, NAME or NONE).

Every edge but a GUESS counts in PageRank (and so in the repo map and search's centrality prior).
The same tree gives the same edges: candidates are sorted, never taken in the order they arrived.

Only what a change can affect is resolved again: the files a job wrote, and the files that used a
name those files defined before or after (flagged `linked = 0` as the rows are written, so an
interrupted job leaves the flags for the next one). PageRank then runs over the whole graph.
"""

from __future__ import annotations

import contextlib
import functools
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import anyio.to_thread

from .class_hierarchy import ClassHierarchy
from .declared_namespaces import NAMESPACE_ENDINGS, DeclaredNamespaces, signature_namespaces
from .faults import kill_point
from .go_graph import GoResolver
from .js_graph import JsResolver
from .jvm_graph import JvmResolver
from .malloc_arenas import release_free_memory
from .name_graph import reads_signatures, resolve
from .name_index import GraphIndex, import_context, without_line
from .numeric import np
from .pagerank import Links
from .python_files import PYTHON_DEFINITIONS_HELD
from .python_graph import GUESSED_KINDS, PythonResolver, resolve_python
from .python_modules import PYTHON_EXTENSIONS, is_python
from .rust_graph import RustResolver
from .store import STRUCTURE_KINDS, Edges, FileLookups, GraphNode, ReferenceRow, Store
from .typed_graph import TypedResolver, resolve_typed

# Kinds of resolution that are no answer, only a candidate: left out of find_references, PageRank and
# search's centrality unless asked for.
UNSURE = ("GUESS",)
# The ranking may wait (`_ranking_can_wait`) in a graph of RANK_DEBT_MIN_EDGES sure edges or more while no
# more than RANK_DEBT_SHARE of them changed since it was last ranked (re-ranking a 10,000-file tree:
# ~8 s of an update's ~27). A link whose files hold RANK_DEBT_KEEP_EDGES sure edges or more ranks at once.
RANK_DEBT_MIN_EDGES = 20_000
RANK_DEBT_SHARE = 0.01
RANK_DEBT_KEEP_EDGES = 50_000

TYPED_FAMILIES = (JsResolver, GoResolver, JvmResolver, RustResolver)
# The files whose definitions' signatures a resolver reads (what a function returns, a method's
# parameters); the link loads no other signature (the Linux kernel's nodes: 474 -> 359 MB, names interned too).
SIGNATURE_EXTENSIONS = PYTHON_EXTENSIONS + tuple(
    extension for family in TYPED_FAMILIES for extension in family.extensions)


def _sureness(how: str) -> int:
    return 0 if how in UNSURE else 1

# References resolved between two progress steps (a slice takes well under a second).
RESOLVE_SLICE = 20_000
# Files whose references are read, resolved and written together. A slice's edges are written while the next
# one resolves: smaller slices overlap the two better and hold less, but each costs its reads and resets (100
# files: a 10,000-file link 5% slower). 200 instead of 500, the link alone: sympy 6.9-8.5 -> 6.7-7.9 s at
# 194-201 -> 154-157 MB; 10,000 files 49.8-56.3 -> 49.2-50.8 s at 251-266 -> 208-211 MB; 30,000 files
# 83.1-102.1 -> 88.2-88.6 s at 355 -> 277 MB.
LINK_SLICE_FILES = 200


@dataclass
class Resolvers:
    """The resolvers a link needs: Python's and each typed family's (TS/JS, Go, Java/Kotlin, Rust), built
    once per link, then given the references a slice of files at a time. A typed family holds the
    definitions and structure (imports, base classes, what variables hold) of its own languages' files;
    Python's reads its files' as its lookups reach them, holding the files of at most
    PYTHON_DEFINITIONS_HELD definitions at once (python_files.py). The other languages' references are
    looked up by name (name_graph.py) among the definitions their slice names, read for each slice. So
    a link never holds every definition of a project in Python or those languages (the Linux kernel's
    C: 1.1 million)."""

    python: PythonResolver | None  # None when no file to link is Python's
    typed: list[TypedResolver]
    project_id: str
    indexed: Sequence[str]
    hierarchy: ClassHierarchy | None = None  # the bases of classes of the languages resolved by name
    namespaces: DeclaredNamespaces | None = None  # PHP files' namespaces, for names written with one

    @functools.cached_property
    def files(self) -> GraphIndex:
        """The lookups of the project's files that imports resolve to, built when a reference is looked up
        by name (an update of Python files never needs them: 0.1 s at 10,000 files)."""
        index = GraphIndex.of_files(self.project_id, self.indexed)
        index.hierarchy = self.hierarchy
        index.namespaces = self.namespaces
        return index

    @staticmethod
    def families(linking: Sequence[str]) -> list[type[TypedResolver]]:
        """The typed families a link of these files builds: a family resolves only its own files'
        references, so one that none of the files to link is in is not built."""
        return [family for family in TYPED_FAMILIES if any(family.handles(family, f) for f in linking)]  # type: ignore[arg-type]

    @classmethod
    def typed_endings(cls, linking: Sequence[str]) -> tuple[str, ...]:
        """The file endings of the typed families a link of these files builds: only those files' definitions
        and structure are read for them."""
        return tuple(ending for family in cls.families(linking) for ending in family.extensions)

    @classmethod
    def field_endings(cls, linking: Sequence[str]) -> tuple[str, ...]:
        """The file endings whose class fields those typed families read (a call of one is an edge to it)."""
        return tuple(ending for family in cls.families(linking) for ending in family.callable_fields)

    @classmethod
    def variable_endings(cls, linking: Sequence[str]) -> tuple[str, ...]:
        """The file endings whose file-level variables those typed families read (a bare call of one is an edge
        to it)."""
        return tuple(ending for family in cls.families(linking) for ending in family.called_variables)

    @classmethod
    def build(cls, project_id: str, nodes: Sequence[GraphNode], indexed: Sequence[str],
              structure: Sequence[ReferenceRow], root: str | None, linking: Sequence[str],
              lookups: FileLookups) -> Resolvers:
        """`nodes` and `structure`: those of the typed families' files; Python's resolver reads its files'
        as its lookups reach them (`lookups`)."""
        python = None
        if any(map(is_python, linking)):
            python = PythonResolver(project_id, indexed, lookups.definitions_and_structure, root)
            # (A Python definition is a class, a function or a method: every one is counted.)
            definitions = python.use_guesses(lookups.definitions_to_guess(GUESSED_KINDS, PYTHON_EXTENSIONS))
            if definitions <= PYTHON_DEFINITIONS_HELD:
                python.read_ahead(python.files)  # all at once: one read costs less than a read per file
        recorded: dict[str, tuple[str, ...]] = {}
        if any(path.endswith(NAMESPACE_ENDINGS) for path in linking):
            namespace_files = [path for path in indexed if path.endswith(NAMESPACE_ENDINGS)]
            recorded = {path: signature_namespaces(signature)
                        for path, signature in lookups.module_signatures(namespace_files).items()}
        namespaces = DeclaredNamespaces(root, recorded)
        return cls(python, [family(project_id, nodes, indexed, structure, root) for family in cls.families(linking)],
                   project_id, indexed, ClassHierarchy(project_id, lookups.definitions_and_structure,
                                                       lookups.classes_named, namespaces), namespaces)


def resolve_edges(resolvers: Resolvers, refs: Sequence[ReferenceRow], named: Sequence[GraphNode] = (),
                  step: Callable[[], None] = lambda: None) -> Edges:
    """The edges the references make: (source, kind, target) -> (first line, count, how its surest use resolved,
    how the uses of each qualifier resolved).

    `named`: the project's definitions (no modules) of every name used by the references' files that no
    resolver of their own handles (`Store.nodes_named_in`), in graph_nodes' order: all a lookup by name finds.
    Each reference resolves alone, so any split of the references by file gives the same edges.
    `step` is called after each slice of references: the job's watchdog sees a long link advance.
    The Python resolver's memos are bounded first: over a large link they would grow with every slice."""
    python_refs = [ref for ref in refs if is_python(ref.file_path)]
    other_refs = [ref for ref in refs if not is_python(ref.file_path)]
    resolved = []
    if python_refs:
        assert resolvers.python is not None  # built: a file these references come from is linked
        resolvers.python.bound_lookups()
        resolvers.python.read_ahead(ref.file_path for ref in python_refs)
        for start in range(0, len(python_refs), RESOLVE_SLICE):
            resolved.extend(resolve_python(resolvers.python, python_refs[start:start + RESOLVE_SLICE]))
            step()
    unhandled: list[ReferenceRow] = []
    for start in range(0, len(other_refs), RESOLVE_SLICE):
        typed, rest = resolve_typed(resolvers.typed, other_refs[start:start + RESOLVE_SLICE])
        resolved.extend(typed)
        unhandled.extend(rest)
        step()
    if unhandled:
        index = resolvers.files.with_nodes(named)
        imports = import_context(index, [ref for ref in unhandled if ref.edge_type == "IMPORTS"])
        for ref in unhandled:
            resolved.extend((ref, target, how) for target, how in resolve(ref, index, imports))
    edges: Edges = {}
    for ref, target, how in resolved:
        if target == ref.source_id and how in UNSURE:
            continue  # (a call of its own name is the definition itself surely, or a guess of another: okio's `minOf`)
        key = (ref.source_id, ref.edge_type, target)
        known = edges.get(key)
        qualifier = use_key(ref.qualifier, ref.module, ref.edge_type)
        if known is None:
            edges[key] = (ref.lineno, ref.count, how, {qualifier: how})
            continue
        # One edge per (source, kind, target): the surest way any of its references reached it, and how the uses
        # of each receiver did (a use on a receiver nobody could type, `x.save()`, is only guessed to be it beside
        # `Foo().save()`; find_references lists each use under the target it reached, as it reached it); its line and
        # count the surest uses' (black's `Line.append` edge began at, and counted, a list's `append` guessed).
        uses, surer = known[3], _sureness(how) - _sureness(known[2])
        uses[qualifier] = max(uses.get(qualifier, how), how, key=_surer)
        line, count = (ref.lineno, ref.count) if surer > 0 else known[:2] if surer < 0 else (
            min(known[0], ref.lineno), known[1] + ref.count)
        edges[key] = (line, count, max(known[2], how, key=_surer), uses)
    return edges


# Between a use's qualifier and what a call passes, in the keys of an edge's uses (see `use_key`).
SHAPE_SEPARATOR = "\t"  # (a JSON string escapes it in two characters)


def use_key(qualifier: str | None, module: str | None, edge_type: str) -> str:
    """Under what an edge records how a use resolved: its qualifier (the receiver), and for a call that keeps what it
    passes as its module (Java's and Kotlin's arguments, C++'s, C#'s and Swift's call shapes) that too, so that an
    answer can tell which overloads each call of a definition reached (`log("a", 1)` beside `log(42)`)."""
    if edge_type != "CALLS" or not module:
        return qualifier or ""
    return f"{qualifier or ''}{SHAPE_SEPARATOR}{module}"


def _surer(kind: str) -> tuple[int, str]:
    return _sureness(kind), kind


def _sure_links(edges: Edges) -> Iterator[tuple[str, str, int]]:
    # Guesses are not part of the graph's shape: PageRank (and so the repo map and search's prior) leaves them out,
    # as it does Python's annotations (see `ranked`).
    for (source, edge_type, target), (_line, count, how, _uses) in edges.items():
        if how not in UNSURE and ranked(source, edge_type):
            yield source, target, count


def ranked(source_id: str, edge_type: str) -> bool:
    """Whether PageRank counts an edge of this kind from this source. Not a Python annotation (USES): in a
    typed codebase every function names its types, and their ranks rose over the code that uses them (black's
    `Mode`, in most signatures, took mode.py above the file a commit title named: file MRR 0.773 -> 0.753)."""
    return edge_type != "USES" or not any(f"{extension}:" in source_id or source_id.endswith(extension)
                                          for extension in PYTHON_EXTENSIONS)


async def rank_graph(store: Store, project_id: str, *, every_file: bool) -> None:
    """Rank the project's whole graph again (PageRank over its sure edges) and write the scores that moved.
    The nodes are their rowids and the edges pairs of them, read from the database: no node id is held."""
    rowids, before = await store.nodes_to_rank(project_id)
    if every_file and np.isnan(np.frombuffer(before, dtype=np.float64)).all():
        before = array("d")  # a first ranking, every node new: not held while ranking (2.5 million: 20 MB)
    links = await anyio.to_thread.run_sync(Links, rowids)
    async with contextlib.aclosing(store.edge_rowid_batches(project_id, exclude=UNSURE)) as batches:
        async for batch in batches:
            await anyio.to_thread.run_sync(links.add_all, batch)
    scores, changed = await anyio.to_thread.run_sync(_changed_ranks, links, before, every_file, abandon_on_cancel=True)
    await store.set_ranks(project_id, rowids, scores, changed, ranked_edges=links.edge_count)


def _changed_ranks(links: Links, before: array, every_file: bool) -> tuple[array, array]:
    """Every node's PageRank score, and the positions of those that moved (every one after linking every
    file); `before` holds each node's rank at its position (NaN: none yet; empty: every node is new). In a
    worker thread: on a large tree each of these steps is a pass over 100,000s of nodes or edges."""
    if not len(before):
        scores = links.pagerank()
        return array("d", scores.tobytes()), array("q", np.arange(len(scores), dtype=np.int64).tobytes())
    previous = np.frombuffer(before, dtype=np.float64)
    start = None if every_file else np.where(np.isnan(previous) | (previous == 0.0), 1.0, previous)
    scores = links.pagerank(start=start)
    moved = np.isnan(previous) | (np.abs(previous - scores) > 1e-3 * np.maximum(scores, 1.0))
    # As Python numbers for the writes: numpy's own rounding of a score is not Python's round().
    return array("d", scores.tobytes()), array("q", np.flatnonzero(moved).astype(np.int64).tobytes())


def _provisional_ranks(nodes: Sequence[GraphNode], relinked: Sequence[tuple[str, str, int]],
                       damping: float = 0.85) -> dict[str, float]:
    """A rank for each node that has none (a definition new in this update) while the graph is not ranked
    again: one step of PageRank from the ranks of the nodes that link to it. Every edge into a new
    definition comes from a file linked in this update (its users are linked again), and so does every
    edge out of such a file's nodes, so `relinked` (those files' edges) holds each one's whole share."""
    before = {node.id: node.centrality for node in nodes}
    ranks = {node: 1.0 - damping for node, score in before.items() if score is None}
    if not ranks:
        return {}
    # As rank_graph counts them: a later overload's calls are the first's, a call between two overloads of a name
    # is none, and a call that reached several overloads is one.
    shared = [(caller, target, weight) for source, target, weight in _calls_counted_once(relinked)
              if (caller := without_line(source)) != without_line(target)]
    out_weight: dict[str, float] = defaultdict(float)
    for source, _target, weight in shared:
        out_weight[source] += weight
    for source, target, weight in shared:
        if target in ranks:
            ranks[target] += damping * (before.get(source) or 1.0 - damping) * weight / out_weight[source]
    return ranks


def _calls_counted_once(links: Sequence[tuple[str, str, int]]) -> list[tuple[str, str, float]]:
    """The links with a call that reached several overloads of a name counted once, as rank_graph counts it
    (pagerank.Links.share_fans): each link to an overload weighs weight * most / total of its caller's links
    to that name's overloads."""
    into: dict[tuple[str, str], int] = defaultdict(int)
    for source, target, weight in links:
        into[source, target] += weight
    most: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[tuple[str, str], int] = defaultdict(int)
    for (source, target), weight in into.items():
        name = (source, without_line(target))
        most[name] = max(most[name], weight)
        total[name] += weight
    return [(source, target, weight * most[name] / total[name])
            for source, target, weight in links for name in [(source, without_line(target))]]


def _ranking_can_wait(debt: tuple[int, int] | None) -> bool:
    """Whether the ranks may stay as they are: the graph was ranked, is large, and few of its edges
    changed since (PageRank over 100,000s of edges costs seconds and moves little for a few)."""
    if debt is None:
        return False
    ranked_edges, changed_edges = debt
    return ranked_edges >= RANK_DEBT_MIN_EDGES and changed_edges <= RANK_DEBT_SHARE * ranked_edges


async def _resolve_and_write(store: Store, project_id: str, files: Sequence[str], resolvers: Resolvers, *,
                             every_file: bool, step: Callable[[], None]) -> list[tuple[str, str, int]]:
    """Resolve the references of these files a slice at a time and replace their edges. Returns the sure
    edges written while the ranking may wait (up to RANK_DEBT_KEEP_EDGES of them)."""
    relinked: list[tuple[str, str, int]] = []

    async def write_slice(part: list[str], edges: Edges, first: bool,
                          written: anyio.Event) -> None:
        # Linking every file, the first slice clears the project's edges (those of files gone included).
        await store.replace_edges(project_id, part, edges, every_file=every_file and first)
        if not every_file and len(relinked) < RANK_DEBT_KEEP_EDGES:
            relinked.extend(_sure_links(edges))
        written.set()

    # A slice's edges are written while the next slice resolves: SQLite's part of the insert runs without the GIL.
    async with anyio.create_task_group() as writing:
        written: anyio.Event | None = None
        for start in range(0, len(files), LINK_SLICE_FILES):
            part = list(files[start:start + LINK_SLICE_FILES])
            refs = await store.references_of(project_id, part)
            # Files no resolver of their own handles: their references are looked up by name.
            by_name = [path for path in part if not path.endswith(SIGNATURE_EXTENSIONS)]
            # (with the signatures that tell candidates apart, only when a reference reads them: name_graph)
            named = await store.nodes_named_in(project_id, by_name, signatures=any(
                reads_signatures(ref) for ref in refs)) if by_name else []
            edges = await anyio.to_thread.run_sync(resolve_edges, resolvers, refs, named, step, abandon_on_cancel=True)
            del refs, named
            step()
            # What the slice's references and lookups held goes back to the system: glibc kept it, in holes
            # no later slice filled (sympy copied to 100,000 files, the link alone: 411 -> 280 MB while
            # resolving, with half the arenas free before; a few ms a slice).
            await anyio.to_thread.run_sync(release_free_memory)
            if written is not None:
                await written.wait()  # one slice written at a time, in order
            written = anyio.Event()
            writing.start_soon(write_slice, part, edges, start == 0, written)
            del edges
    return relinked


async def link(store: Store, project_id: str, root: str | None = None,
               step: Callable[[], None] = lambda: None) -> int:
    """Resolve the references of every file left unlinked, replace their edges, and rank the graph.

    `root` is the project's folder (Go's `go.mod` files are read from it); `step` is called as the work
    advances (the job's progress). Returns the number of files linked.

    The references are read, resolved and their edges written a slice of files at a time, so the link
    holds the definitions and structure of the typed families' languages and a bounded part of Python's
    (Resolvers), one slice's references and the definitions they name, not every reference or definition
    of a large tree.
    A link of a few files in a large graph leaves the ranks as they are while the edges changed since the
    last ranking are few (see `_ranking_can_wait`); new definitions get a rank from the nodes linking to
    them meanwhile.
    """
    files = await store.files_to_link(project_id)
    if not files:
        return 0
    indexed = await store.indexed_files(project_id)
    every_file = len(files) == len(indexed)
    endings = Resolvers.typed_endings(files)
    # Names go through imports and base classes anywhere in the project, not only in these files.
    nodes = await store.graph_nodes(project_id, signatures_of=SIGNATURE_EXTENSIONS, files_ending=endings,
                                    fields_of=Resolvers.field_endings(files),
                                    variables_of=Resolvers.variable_endings(files)) if endings else []
    structure = await store.references_of_type(project_id, STRUCTURE_KINDS, files_ending=endings) if endings else []

    with store.file_lookups(project_id) as lookups:
        # Resolving and ranking are pure Python over the whole project (seconds on a large tree): a worker
        # thread runs them, so the event loop goes on answering get_status and search while a job links.
        resolvers = await anyio.to_thread.run_sync(Resolvers.build, project_id, nodes, indexed, structure, root,
                                                   files, lookups, abandon_on_cancel=True)
        del nodes, structure
        files = sorted(files)
        relinked = await _resolve_and_write(store, project_id, files, resolvers, every_file=every_file, step=step)
        del resolvers
    kill_point("edges")
    if not every_file and len(relinked) < RANK_DEBT_KEEP_EDGES and _ranking_can_wait(await store.rank_debt(project_id)):
        # A new definition and the source of an edge relinked both lie in these files.
        nodes_here, node_count = await store.nodes_of_files(project_id, files), await store.count_nodes(project_id)
        provisional = await anyio.to_thread.run_sync(_provisional_ranks, nodes_here, relinked)
        await store.set_centrality(project_id, provisional, node_count)
    else:
        del relinked
        await rank_graph(store, project_id, every_file=every_file)
        step()
    kill_point("ranked")
    # Only now are the files done: a job killed between the edges and here links and ranks them again.
    await store.mark_linked(project_id, files, every_file=every_file)
    return len(files)
