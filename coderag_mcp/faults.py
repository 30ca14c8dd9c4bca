"""Kill points for fault tests: a process that kills itself (SIGKILL) at a named moment of a job.

`CODERAG_TEST_KILL_AT=PHASE` or `PHASE:N` (the N-th time the phase is reached, default 1) makes
the process die there with no chance to clean up, as a power cut or the OOM killer would. Tests
and bench/fault_bench.py use it to check that every phase of a job is atomic or resumable. Unset
(always, outside tests), a kill point costs one dictionary lookup.

Phases, in a job's order: discovered, parsed (a batch came back from the parser), written (a
write transaction committed), edges (the graph's edges are written, centrality not yet), ranked
(centrality written, files not yet marked linked).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

KILL_AT_ENV = "CODERAG_TEST_KILL_AT"
_reached: Counter[str] = Counter()


def kill_point(phase: str) -> None:
    wanted = os.environ.get(KILL_AT_ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != phase:
        return
    _reached[phase] += 1
    if _reached[phase] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
