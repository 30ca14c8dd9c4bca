"""numpy, imported once with one BLAS thread: PageRank (pagerank.py) and the optional vectors
(embeddings.py) both use it.

One BLAS thread: ranking the vectors is one matrix-vector product (5 ms for 40,000 of them), and
OpenBLAS's extra threads spun on the other cores after it, where a local embeddings endpoint runs:
embedding a query took 80 to 120 ms beside them instead of 20 to 30 ms. (It only counts before numpy
is first imported, which is why every module of ours imports numpy from here; a value the user set
stands.)
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402 - after the variable above, which numpy reads when it loads

__all__ = ["np"]
