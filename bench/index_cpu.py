"""CPU time of one fresh full index, the process and its parser workers apart: the figure to compare
two versions of the code on a machine other jobs share, where wall-clock time says little.

    .venv/bin/python bench/index_cpu.py bench/corpora/Django-5.1.4
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/index_cpu.py bench/corpora/Django-5.1.4

Run the two versions in turns, a few pairs, and compare pairs taken at the same load.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import anyio

from coderag_mcp.config import Settings
from coderag_mcp.service import CodeIndexService


async def index_once(root: str, db: Path) -> float:
    started = time.perf_counter()
    async with CodeIndexService.open(Settings(db_path=db), run_jobs=False) as service:
        await service.init_index("bench", root, background=False)
    return time.perf_counter() - started


def main(root: str) -> int:
    with tempfile.TemporaryDirectory(prefix="index-cpu-") as scratch:
        wall = anyio.run(index_once, os.path.abspath(root), Path(scratch) / "vault.db")
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own_cpu, workers_cpu = own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime
    print(f"{Path(root).name}: CPU {own_cpu + workers_cpu:.2f} s (process {own_cpu:.2f} s, parser workers "
          f"{workers_cpu:.2f} s), wall {wall:.2f} s, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
