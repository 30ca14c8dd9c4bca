"""A second resolver for a link, in a process of its own.

Reading a slice's references and resolving them is Python, which holds the GIL: in the link's own
process they run on one core while the other idles (sympy's full index: the link's 5 s at about 1.1
cores, after the parsing had kept both busy). A helper process takes slices of files from the same
list as the link's own thread, and returns each slice's edges; the link's process writes every slice
(one writer). It reads vault.db on a read-only connection of its own, with the store's statements
(store/lookups.py), and builds its own resolvers once per link, from what the link's process built
its own from: each reference resolves alone, so the edges are the same whoever resolves which slice.

The helper costs a process start and a second copy of the resolvers (on sympy about 100 MB while the
link runs), so a link uses one only when it is large enough to gain and its tree small enough for
the copy to stay under what the parsing held (graph.py decides).
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from dataclasses import dataclass, field

import anyio
import anyio.to_process

from .collector import collector_paused
from .faults import kill_point
from .graph import SIGNATURE_EXTENSIONS, Resolved, Resolvers, resolve_for_writing
from .malloc_arenas import release_free_memory
from .parse_workers import lower_priority, stop_idle_workers
from .store import STRUCTURE_KINDS, FileLookups
from .store.connection import read_only_connection


@dataclass
class LinkHelper:
    """The link's side: a helper process for one link of one project. Stop it (`close`) when the link ends."""

    db_path: str
    project_id: str
    root: str | None
    # Tells the helper a new link from the one it built its resolvers for.
    link_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _limiter: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(1))
    _started: bool = False

    async def resolve(self, part: list[str]) -> Resolved:
        """The edges of these files' references, resolved in the helper process, and as the store writes
        them (anyio.BrokenWorkerProcess when it died; the caller resolves them itself then)."""
        self._started = True
        return await anyio.to_process.run_sync(resolve_part, self.db_path, self.project_id, self.root, self.link_id,
                                               part, cancellable=True, limiter=self._limiter)

    async def close(self) -> None:
        # The helper is idle once its last slice is back: stopped, its resolvers' memory goes with it.
        if self._started:
            await stop_idle_workers()


# --- the helper process's side ---------------------------------------------------------------------------

@dataclass
class _Built:
    link_id: str
    resolvers: Resolvers
    lookups: FileLookups
    connection: contextlib.ExitStack


_built: _Built | None = None


def resolve_part(db_path: str, project_id: str, root: str | None, link_id: str, part: list[str]) -> Resolved:
    """In the helper process: the edges of `part`'s references, as `graph.resolve_for_writing` makes them. The
    first slice of a link builds the resolvers (from the files left to link, which stay so until the link
    has ranked), and later ones reuse them."""
    global _built
    lower_priority()
    kill_point("helper")
    with collector_paused():
        if _built is None or _built.link_id != link_id:
            if _built is not None:
                _built.connection.close()
                _built = None
            _built = _build(db_path, project_id, root, link_id)
        lookups = _built.lookups
        refs = lookups.references_of(part)
        by_name = [path for path in part if not path.endswith(SIGNATURE_EXTENSIONS)]
        named = lookups.nodes_named_in(by_name) if by_name else []
        resolved = resolve_for_writing(_built.resolvers, refs, named)
        del refs, named
    release_free_memory()
    return resolved


def _build(db_path: str, project_id: str, root: str | None, link_id: str) -> _Built:
    stack = contextlib.ExitStack()
    connection: sqlite3.Connection = stack.enter_context(read_only_connection(db_path))
    try:
        lookups = FileLookups(connection, project_id)
        linking = lookups.files(to_link=True)
        indexed = lookups.files(to_link=False)
        endings = Resolvers.typed_endings(linking)
        nodes = lookups.graph_nodes(signatures_of=SIGNATURE_EXTENSIONS, files_ending=endings) if endings else []
        structure = lookups.references_of_type(STRUCTURE_KINDS, files_ending=endings) if endings else []
        resolvers = Resolvers.build(project_id, nodes, indexed, structure, root, linking, lookups)
    except BaseException:
        stack.close()
        raise
    return _Built(link_id, resolvers, lookups, stack)
