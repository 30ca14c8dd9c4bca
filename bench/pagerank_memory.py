"""Peak memory of PageRank (`pagerank.Links`) over a random graph the size of a large project's.

    .venv/bin/python bench/pagerank_memory.py [--nodes 2500000] [--links 6500000]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/pagerank_memory.py   # another version

Adds the links in batches of 5,000 (as the database gives them), then ranks them from earlier ranks
(as a link after an update does, 5 rounds) with glibc's malloc limited to two arenas (as the indexing
process runs). Prints the process's resident memory with the links added, its peak while ranking
(sampled every 5 ms) and the difference. The default size is sympy copied to 100,000 files (2.5
million nodes, 6.5 million links).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from array import array

if "MALLOC_ARENA_MAX" not in os.environ:  # read by glibc at the process's start: start again with it
    os.environ["MALLOC_ARENA_MAX"] = "2"
    os.execv(sys.executable, [sys.executable, *sys.argv])

from coderag_mcp.numeric import np  # noqa: E402
from coderag_mcp.pagerank import Links  # noqa: E402

BATCH = 5_000


def resident_mb() -> int:
    with open("/proc/self/status") as status:
        return next((int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:")), 0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=2_500_000)
    parser.add_argument("--links", type=int, default=6_500_000)
    args = parser.parse_args()
    generator = np.random.default_rng(1)
    links = Links(array("q", range(1, args.nodes + 1)))
    sources = generator.integers(1, args.nodes + 1, args.links)
    targets = generator.integers(1, args.nodes + 1, args.links)
    weights = generator.integers(1, 4, args.links)
    for start in range(0, args.links, BATCH):
        part = slice(start, start + BATCH)
        links.add_all(np.stack([sources[part], targets[part], weights[part]], 1).tolist())
    del sources, targets, weights
    time.sleep(0.1)
    held = resident_mb()
    peak = [held]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.005):
            peak[0] = max(peak[0], resident_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    links.pagerank(iterations=5, start=np.ones(args.nodes))
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    print(f"{args.nodes:,} nodes, {links.edge_count:,} links: {held} MB with the links added, peak {peak[0]} MB "
          f"while ranking (+{peak[0] - held} MB), 5 rounds in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
