"""PageRank over the code graph: how central each definition is, for the repo map and search's prior.

The links are kept as numpy arrays of node positions and weights, and ranked in (source, target) order
whatever order they came in, so the same graph always gives the same ranks. Every sum runs in the
order a Python loop over the links would run it (see `pagerank`): the ranks are those of the loop,
to the bit, in a fraction of its time (the Linux kernel's 2.6 million links: 22.4 s of the loop,
3.2 s now).
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence

from .numeric import np


class Links:
    """The graph's weighted links as arrays of numbers (node positions and weights): a project's 100,000s
    of edges in a few MB, where tuples of node ids took 100s. `nodes` holds the nodes' rowids in the
    database, and a node is its position there: no id strings (the Linux kernel's 1.1 million took
    230 MB with the lookup of their positions)."""

    def __init__(self, nodes: array) -> None:
        self.nodes = nodes
        rowids = np.array(nodes, dtype=np.int64)
        # A node's position by its rowid: the rowids sorted, and where each sorted one stands in `nodes`.
        self._by_rowid: np.ndarray | None = np.argsort(rowids, kind="stable").astype(np.int32)
        self._sorted_rowids: np.ndarray | None = rowids[self._by_rowid]
        self._sources: list[np.ndarray] = []
        self._targets: list[np.ndarray] = []
        self._weights: list[np.ndarray] = []
        self.edge_count = 0

    def positions(self, rowids: np.ndarray) -> np.ndarray:
        """Each rowid's node position, or -1 where it is none of these nodes."""
        assert self._sorted_rowids is not None and self._by_rowid is not None, "positions are dropped by pagerank()"
        if not len(self._sorted_rowids):
            return np.full(len(rowids), -1, dtype=np.int32)
        at = np.minimum(np.searchsorted(self._sorted_rowids, rowids), len(self._sorted_rowids) - 1)
        return np.where(self._sorted_rowids[at] == rowids, self._by_rowid[at], -1).astype(np.int32)

    def add_all(self, edges: Sequence[Sequence[int]]) -> None:
        """Links (source rowid, target rowid, weight) between nodes given by their rowids; one to or from
        another node, or to itself, is left out."""
        if not edges:
            return
        # The rows' numbers straight into one array (C-level iteration, no tuple per row kept).
        table = np.fromiter(itertools.chain.from_iterable(edges), dtype=np.int64,
                            count=3 * len(edges)).reshape(len(edges), 3)
        sources, targets = self.positions(table[:, 0]), self.positions(table[:, 1])
        kept = (sources >= 0) & (targets >= 0) & (sources != targets)
        self._sources.append(sources[kept])
        self._targets.append(targets[kept])
        self._weights.append(table[kept, 2].astype(np.float64))
        self.edge_count += len(self._sources[-1])

    def pagerank(self, *, damping: float = 0.85, iterations: int = 40, tolerance: float = 1e-6,
                 start: np.ndarray | Sequence[float] | None = None) -> np.ndarray:
        """Each node's PageRank at its position in `nodes`, scaled so that the average node scores 1.0.
        `start` (the previous scores, at the same positions) lets a small change to a large graph
        converge in a few rounds.

        Ranking ends the adding of links: the positions by rowid and the links as they came are dropped
        (only their sorted copies are held while ranking)."""
        count = len(self.nodes)
        self._by_rowid = self._sorted_rowids = None
        parts = (self._sources, np.int32), (self._targets, np.int32), (self._weights, np.float64)
        sources, targets, weights = (np.concatenate(arrays) if arrays else np.zeros(0, dtype) for arrays, dtype in parts)
        self._sources, self._targets, self._weights = [], [], []
        del parts
        if count == 0:
            return np.zeros(0)
        # In (source, target) order, whatever order the edges came in (links alike in the order they came:
        # lexsort is stable): sums of floats depend on their order, and the same graph must give the same
        # ranks however its edges were written.
        order = np.lexsort((targets, sources))
        sources = sources[order]  # one at a time: each unsorted array goes as its sorted copy comes
        targets = targets[order]
        weights = weights[order]
        del order
        # bincount adds each weight in turn to 0.0, as `out_weight[s] += w` over the links did.
        out_weight = np.bincount(sources, weights=weights, minlength=count)
        shares = weights / out_weight[sources]
        del weights
        dangling_nodes = np.flatnonzero(out_weight == 0.0)
        del out_weight
        if start is not None:
            rank = np.asarray(start, dtype=np.float64)
            rank = rank / _python_sum(rank)
        else:
            rank = np.full(count, 1.0 / count)
        for _ in range(iterations):
            dangling = _python_sum(rank[dangling_nodes])
            base = (1.0 - damping) / count + damping * dangling / count
            new = np.full(count, base)
            contributions = rank[sources]
            contributions *= damping
            contributions *= shares
            # add.at adds in the links' order, each to `base`: `new[t] += damping * rank[s] * share`.
            np.add.at(new, targets, contributions)
            del contributions
            delta = _python_sum(np.abs(new - rank))
            rank = new
            if delta < tolerance:
                break
        return rank * count


def _python_sum(values: np.ndarray) -> float:
    """Python's own sum of the values (since 3.12 a compensated one): the sums the ranks were always
    made of. numpy's pairwise sum would move the last bits of every rank, and with its SIMD width."""
    return sum(values.tolist())
