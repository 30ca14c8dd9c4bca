"""PageRank over the code graph: how central each definition is, for the repo map and search's prior.

The links are kept as numpy arrays of node positions and weights, and ranked in (source, target, weight)
order whatever order they came in, so the same graph always gives the same ranks. Every sum runs in the
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

# Links (or values) a step of `pagerank` takes at a time: 2 MB for an array of floats. A round's
# temporaries are a few of these (numpy's indices, the differences summed): 1 << 20 held about 30 MB more
# over 6.5 million links (the ranking of sympy copied to 100,000 files, alone: 262 -> 232 MB).
SLICE = 1 << 18
# Links packed between two returns of the links' batches to the system.
TRIM_EVERY = 1 << 20
# A link packed as one integer for the sort: its source, target and weight side by side, the sign bit
# left alone.
PACKED_BITS = 63
# Values a Python sum (`_python_sum`) holds as Python floats at a time: 2 MB (a float object and its
# place in a list are 32 bytes).
SUM_SLICE = 1 << 16
# What a link's weight is multiplied by once some call reached several overloads (`Links.share_fans`): the
# shares of such a call's links are whole numbers on this scale. A power of two, so that every other link's
# share of its source's weight (w / sum w) is the same float as unscaled.
FAN_SCALE = 64


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
        # The links into a later overload of a name (`write@2219`), apart: (calling node, source, target,
        # first overload, weight), and where a link's calling node is not its source (a later overload's
        # calls are the first's), the calling node by the link's place among those kept.
        self._fans: list[np.ndarray] = []
        self._callers: list[tuple[int, np.ndarray, np.ndarray]] = []
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
        another node, or to itself, is left out.

        A row may also give the first overload of its target's name and the node that calls (source rowid,
        target rowid, weight, first overload's rowid, caller's rowid): the links of one call that reached
        several overloads then count as one call (see `share_fans`), and a link between two overloads of one
        name is left out."""
        if not edges:
            return
        width = len(edges[0])
        # The rows' numbers straight into one array (C-level iteration, no tuple per row kept).
        table = np.fromiter(itertools.chain.from_iterable(edges), dtype=np.int64,
                            count=width * len(edges)).reshape(len(edges), width)
        sources, targets = self.positions(table[:, 0]), self.positions(table[:, 1])
        kept = (sources >= 0) & (targets >= 0) & (sources != targets)
        if width == 5:
            firsts, callers = self.positions(table[:, 3]), self.positions(table[:, 4])
            firsts = np.where(firsts >= 0, firsts, targets)
            kept &= firsts != sources
            fanned = kept & (firsts != targets)
            if fanned.any():
                self.edge_count += int(fanned.sum())
                self._fans.append(np.stack([callers[fanned], sources[fanned], targets[fanned], firsts[fanned],
                                            table[fanned, 2]], 1).astype(np.int64))
                kept &= ~fanned
            elsewhere = np.flatnonzero((callers != sources)[kept])
            if len(elsewhere):
                self._callers.append((len(self._sources), elsewhere.astype(np.int32),
                                      callers[kept][elsewhere].astype(np.int32)))
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
        self.share_fans(count)
        sources, targets, weights = self._sorted_links(count)
        if count == 0:
            return np.zeros(0)
        # The weights are whole numbers, so their sums are exact whatever order they are added in: the
        # out-weights the loop's `out_weight[s] += w` made. `add.at` adds into the one array, where a
        # bincount per slice made an array of every node's sum each time (2.5 million nodes: 20 MB).
        out_weight = np.zeros(count)
        for part in _slices(len(sources)):
            np.add.at(out_weight, sources[part], weights[part])
        shares = np.empty(len(sources))
        for part in _slices(len(sources)):
            np.divide(weights[part], out_weight[sources[part]], out=shares[part])
        del weights
        dangling_nodes = np.flatnonzero(out_weight == 0.0).astype(np.int32)
        del out_weight
        release_free_memory()  # and what the packed links and the weights held, before the rounds
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

    def share_fans(self, count: int) -> None:
        """A call that reached several overloads of a name (C++'s `write(out, value)`: 17 of them) counts as
        one call, as one that reached one does: each of its links gets weight * most / total of the links from
        its caller to that name's overloads (their most is what the caller's calls reached each, their total
        what they reached all together). Every other link's weight is scaled by FAN_SCALE, which leaves its
        share of its source's weight as it was. Without such a call (most projects), nothing changes."""
        if not self._fans:
            return
        fans = np.concatenate(self._fans)
        self._fans = []
        firsts = np.unique(fans[:, 3])
        # The links to a first overload of those names join them (taken out of their batch), with their caller.
        callers_by_batch = {batch: (places, callers) for batch, places, callers in self._callers}
        self._callers = []
        joined = [fans]
        for batch, targets in enumerate(self._targets):
            to_first = np.isin(targets, firsts)
            if to_first.any():
                callers = self._sources[batch].copy()
                if batch in callers_by_batch:
                    places, elsewhere = callers_by_batch[batch]
                    callers[places] = elsewhere
                joined.append(np.stack([callers[to_first], self._sources[batch][to_first], targets[to_first],
                                        targets[to_first], self._weights[batch][to_first]], 1).astype(np.int64))
                self._sources[batch] = self._sources[batch][~to_first]
                self._targets[batch] = targets[~to_first]
                self._weights[batch] = self._weights[batch][~to_first]
            self._weights[batch] = self._weights[batch] * FAN_SCALE
        links = np.concatenate(joined)
        # A caller's weight into each overload (its calls and its other uses of it together), then the most
        # and the total of those over the overloads of each name it reached.
        into, each = np.unique(links[:, 0] * count + links[:, 2], return_inverse=True)
        into_weight = np.zeros(len(into), np.int64)
        np.add.at(into_weight, each, links[:, 4])
        calls, group = np.unique(links[:, 0] * count + links[:, 3], return_inverse=True)
        most, total = np.zeros(len(calls), np.int64), np.zeros(len(calls), np.int64)
        np.maximum.at(most, group, into_weight[each])
        np.add.at(total, group, links[:, 4])
        # (The integer products are exact; the division rounds once.)
        shared = np.maximum(1, (FAN_SCALE * links[:, 4] * most[group] + total[group] // 2) // total[group])
        self._sources.append(links[:, 1].astype(np.int32))
        self._targets.append(links[:, 2].astype(np.int32))
        self._weights.append(shared.astype(np.int32))

    def _sorted_links(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The links' sources, targets and weights in (source, target, weight) order, whatever order they
        came in: sums of floats depend on their order, and the same graph must give the same ranks however
        its edges were written. The links as they came are dropped as they are read.

        A link's three numbers fit one 64-bit integer unless the graph or a weight is huge: then the links
        are packed and sorted in place (6.5 million links: 50 MB, where sorting the three arrays took an
        order of 50 MB beside them and a sorted copy of each in turn)."""
        weight_bits = max((int(part.max()) for part in self._weights if len(part)), default=0).bit_length()
        node_bits = max(count - 1, 1).bit_length()
        if 2 * node_bits + weight_bits > PACKED_BITS:
            sources, targets, weights = (_joined(parts, np.int32) for parts in
                                         (self._sources, self._targets, self._weights))
            order = np.lexsort((weights, targets, sources))
            return sources[order], targets[order], weights[order]
        packed = np.empty(self.edge_count, dtype=np.int64)
        filled = 0
        for parts in (self._sources, self._targets, self._weights):
            parts.reverse()  # popped from the end: in the order they came
        while self._sources:  # each batch's arrays go as they are packed
            source, target, weight = self._sources.pop(), self._targets.pop(), self._weights.pop()
            end = filled + len(source)
            packed[filled:end] = source
            packed[filled:end] <<= node_bits + weight_bits
            packed[filled:end] |= target.astype(np.int64) << weight_bits
            packed[filled:end] |= weight
            if end // TRIM_EVERY > filled // TRIM_EVERY:
                # What the links as they came held (thousands of small arrays) goes back to the system as
                # the packed copy fills, not after it: the two were both held (6.5 million links: 50 MB).
                release_free_memory()
            filled = end
        release_free_memory()
        packed.sort()
        sources, targets, weights = (np.empty(len(packed), dtype=np.int32) for _ in range(3))
        for part in _slices(len(packed)):
            sources[part] = packed[part] >> (node_bits + weight_bits)
            targets[part] = (packed[part] >> weight_bits) & ((1 << node_bits) - 1)
            weights[part] = packed[part] & ((1 << weight_bits) - 1)
        return sources, targets, weights


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
    return sum(itertools.chain.from_iterable(part[start:start + SUM_SLICE].tolist() for part in parts
                                             for start in range(0, len(part), SUM_SLICE)))
