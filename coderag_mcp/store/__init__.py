"""vault.db: every SQL statement of the server, in one module per thing stored.

- connection.py  the writer and reader connections, the write transaction, vlt's enum and
                 datetime conventions
- schema.py      the DDL (vlt's tables from vlt_schema.sql, our first coderag_* tables);
  schema_changes.py  the DDL of migrations 5 on;
  migrations.py  the numbered migrations and what applies them
- projects.py    projects and the index state (`coderag_indexes`)
- jobs.py        jobs and leases
- status.py      the index, its active job and its counts in one read (get_status, search)
- files.py       per-file state (indexed and skipped files) and writing a file's rows as one unit;
  file_rows.py   the parser's records and the rows they become (chunks, full-text rows, symbols, nodes)
- references.py  each file's references (one row per file), the names they use, and which files
                 to link again when a file's definitions or imports change
- graph.py       the graph's nodes as a link reads them, its edges and ranks as it writes them;
  symbol_queries.py  the lookups behind find_symbol and find_references;
  ranks.py       a whole graph's ranking: nodes as rowids, edges as pairs of them, scores by rowid;
  lookups.py     what a resolver reads of the files its lookups reach, from its own thread
- search.py      full-text search over chunks; term_counts.py: how many chunks hold each term (its
                 SearchStore's base); embeddings.py: embedding vectors and their cache
- terms_schema.py  each project's contentless terms table and its triggers;
  terms_rows.py  its rows: made from the chunk, deleted by making them again (also for chunks
                 another program deleted)
- history.py     the project's commit titles and the files each changed, as the last index read them
- sharing.py     rows another program (vlt) wrote: fingerprints, taking an index over

Each part is a class over the same two connections (connection.Database); `Store` is all of them,
the one entry point the rest of the server uses. Imports go one way: files uses jobs, status uses
jobs and projects, jobs uses projects and sharing, projects uses sharing, search uses term_counts; graph,
term_counts, ranks, embeddings and history use only the connection; lookups reads graph's nodes and references'
rows, symbol_queries graph's nodes.
"""

from __future__ import annotations

from .connection import BUSY_TIMEOUT_MS, from_db_enum, from_db_time, later_than, to_db_enum, to_db_time, utcnow
from .embeddings import EmbeddingsStore
from .file_rows import (ChunkRecord, FileRecord, FileState, ReferenceRecord, SymbolRecord, module_node_id, node_id,
                        qualified_in_node_id)
from .files import FilesStore, read_file_states
from .graph import Edges, GraphNode, GraphStore, edge_id
from .history import HistoryStore
from .jobs import JobNotRunning, JobRow, JobsStore, LeaseRow, progress_percent
from .lookups import FileLookups, LookupsStore
from .maps import MapsStore
from .projects import IndexRow, ProjectRow, ProjectsStore
from .ranks import RanksStore
from .references import STRUCTURE_KINDS, ReferenceRow, ReferencesStore
from .search import ChunkHit, SearchStore, TermSplit
from .sharing import IndexOrigin, SharingStore, fingerprint_counts
from .status import IndexState, StatusStore
from .symbol_queries import SymbolQueriesStore
from .term_counts import TERM_COUNT_STOP, TermStatistics


class Store(ProjectsStore, JobsStore, StatusStore, FilesStore, ReferencesStore, GraphStore, SymbolQueriesStore,
            LookupsStore, RanksStore, MapsStore,
            SearchStore, EmbeddingsStore, HistoryStore, SharingStore):
    """The vault database. Open with `await Store.open(path)`; close with `await store.close()`."""


__all__ = [
    "BUSY_TIMEOUT_MS",
    "ChunkHit",
    "TERM_COUNT_STOP",
    "TermSplit",
    "TermStatistics",
    "ChunkRecord",
    "Edges",
    "FileLookups",
    "FileRecord",
    "FileState",
    "GraphNode",
    "IndexOrigin",
    "IndexRow",
    "IndexState",
    "JobNotRunning",
    "JobRow",
    "LeaseRow",
    "ProjectRow",
    "ReferenceRecord",
    "ReferenceRow",
    "STRUCTURE_KINDS",
    "Store",
    "SymbolRecord",
    "edge_id",
    "fingerprint_counts",
    "from_db_enum",
    "from_db_time",
    "later_than",
    "module_node_id",
    "node_id",
    "qualified_in_node_id",
    "read_file_states",
    "progress_percent",
    "to_db_enum",
    "to_db_time",
    "utcnow",
]
