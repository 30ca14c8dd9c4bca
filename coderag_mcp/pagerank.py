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
from collections.abc import Iterable, Iterator, Sequence

from .malloc_arenas import release_free_memory
from .numeric import np

# Links (or values) a step of `pagerank` takes at a time: 8 MB for an array of floats.
SLICE = 1 << 20


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
        # A weight is a count of references in one file, far below 2**31: exact in 4 bytes, where a float
        # took 8 (the sums below are of exact integers in any order).
        self._weights.append(table[kept, 2].astype(np.int32))
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
        # One array at a time, each batch's parts dropped as it is joined: all three joined at once held
        # every link twice (sympy copied to 100,000 files: 6.5 million links).
        sources, targets, weights = (_joined(parts, dtype) for parts, dtype in
                                     ((self._sources, np.int32), (self._targets, np.int32), (self._weights, np.int32)))
        # What the links as they came held (thousands of small arrays) goes back to the system before
        # the sort makes its copies.
        release_free_memory()
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
        # The weights are whole numbers, so their sums are exact whatever order they are added in: the
        # out-weights the loop's `out_weight[s] += w` made, without a float copy of every weight at once.
        out_weight = np.zeros(count)
        for part in _slices(len(sources)):
            out_weight += np.bincount(sources[part], weights=weights[part], minlength=count)
        shares = np.empty(len(sources))
        for part in _slices(len(sources)):
            np.divide(weights[part], out_weight[sources[part]], out=shares[part])
        del weights
        dangling_nodes = np.flatnonzero(out_weight == 0.0).astype(np.int32)
        del out_weight
        release_free_memory()  # and what the unsorted links and the weights held, before the rounds
        if start is not None:
            rank = np.array(start, dtype=np.float64)
            rank /= _python_sum(rank[part] for part in _slices(count))
        else:
            rank = np.full(count, 1.0 / count)
        # Each slice's contributions in one buffer: the same products as one pass over every link, without
        # an array of them all (6.5 million links: 52 MB), or an array per slice.
        buffer = np.empty(min(SLICE, len(sources)))
        for _ in range(iterations):
            dangling = _python_sum(rank[dangling_nodes[part]] for part in _slices(len(dangling_nodes)))
            base = (1.0 - damping) / count + damping * dangling / count
            new = np.full(count, base)
            for part in _slices(len(sources)):
                contributions = buffer[:len(sources[part])]
                np.take(rank, sources[part], out=contributions, mode="clip")  # ("raise" buffers a copy)
                contributions *= damping
                contributions *= shares[part]
                # add.at adds in the links' order, each to `base`: `new[t] += damping * rank[s] * share`.
                np.add.at(new, targets[part], contributions)
            delta = _python_sum(np.abs(new[part] - rank[part]) for part in _slices(count))
            rank = new
            if delta < tolerance:
                break
        rank *= count
        return rank


def _slices(length: int) -> Iterator[slice]:
    return (slice(start, start + SLICE) for start in range(0, length, SLICE))


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    """The arrays end to end; the list is emptied (the caller's own arrays go as the joined one comes)."""
    joined = np.concatenate(parts) if parts else np.zeros(0, dtype)
    parts.clear()
    return joined


def _python_sum(parts: Iterable[np.ndarray]) -> float:
    """Python's own sum of the values of these arrays, in turn (since 3.12 a compensated sum): the sums
    the ranks were always made of. numpy's pairwise sum would move the last bits of every rank, and with
    its SIMD width. One array's Python floats at a time: sum's float path takes any iterator of floats,
    and a list of 2.5 million of them took 80 MB."""
    return sum(itertools.chain.from_iterable(part.tolist() for part in parts))
