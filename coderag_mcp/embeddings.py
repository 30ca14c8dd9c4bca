"""Optional semantic retrieval: chunk embeddings from an OpenAI-compatible HTTP endpoint.

Off unless `CODERAG_EMBEDDINGS_URL` is set (with `CODERAG_EMBEDDINGS_MODEL`, and
`CODERAG_EMBEDDINGS_KEY` if the endpoint wants one). Turning it on sends chunk text to that
endpoint: point it at a model served on this machine to keep code local.

Vectors fill `code_chunks.embedding` (raw float32) in the background after a job has made the
keyword index ready; a vector is cached by the hash of the text it embeds, so unchanged code is
never sent twice. Search fuses keyword and vector rankings (reciprocal rank fusion) when the
project has vectors; the keyword path never waits for them.
"""

from __future__ import annotations

import array
import hashlib
import json
import logging
import math
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from .numeric import np
from .store import Store

logger = logging.getLogger(__name__)
T = TypeVar("T")

BATCH = 32
TEXT_LIMIT = 2000
# How vectors join the keyword ranking (fuse_by_file). Measured with all-MiniLM-L6-v2 on the tuning
# projects of bench/retrieval_bench.py (bench/fusion_offline.py): chunk-level reciprocal rank fusion with
# equal weights (k 60) lowered file MRR on all six, 0.720 -> 0.630 (the vectors alone: 0.535, under the
# strong BM25 baseline's 0.566). Fused by file, with the vectors at a quarter of the keywords' weight,
# no project's MRR went down and the mean went up to 0.741.
VECTORS_RELOAD_SECONDS = 5.0  # while the database changes, a project's vectors are read again at most this often
# ... and no sooner than this many times as long as reading them took: at most a tenth of the server's
# time goes to reading them again (the first search of sympy's 40,361, which reads them, took 0.27-0.31 s).
VECTORS_RELOAD_FACTOR = 10
FILE_RRF_K = 10
VECTOR_WEIGHT = 0.25
LATER_CHUNK_DECAY = 0.9
VECTOR_PAGE = 1000  # vectors read at a time: pages of 20,000 (sympy) held 89 MB more after (freed, kept by malloc), peak +145 MB
SCORE_BLOCK = 4096  # rows of int8 turned into float32 at a time to score them (6 MB at 384 dimensions)
# The 8-bit scores in memory pick this many times the chunks wanted; their stored float32 vectors then
# order them (`exact_nearest`). On 12,000 chunks of five projects and 300 queries (all-MiniLM-L6-v2), the
# 8-bit top 90 held 89.6 of the exact top 90 on average and put the same 10 first in the same order for
# 215 queries; its top 180 ordered by the float32 vectors gave the exact top 90, in order, for 299 of 300
# (the other lost its 90th).
RERANK_FACTOR = 2


@dataclass(frozen=True)
class EmbeddingConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> EmbeddingConfig | None:
        url = os.environ.get("CODERAG_EMBEDDINGS_URL")
        if not url:
            return None
        return cls(base_url=url.rstrip("/"), model=os.environ.get("CODERAG_EMBEDDINGS_MODEL", "text-embedding-3-small"),
                   api_key=os.environ.get("CODERAG_EMBEDDINGS_KEY"))


class EmbeddingError(Exception):
    pass


class OpenAICompatibleEmbeddings:
    """POST {base_url}/embeddings with {"model", "input": [...]}; read data[i].embedding."""

    def __init__(self, config: EmbeddingConfig) -> None:
        self.config = config

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return await anyio.to_thread.run_sync(self._post, list(texts))

    def _post(self, texts: list[str]) -> list[list[float]]:
        body = json.dumps({"model": self.config.model, "input": texts}).encode()
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(f"{self.config.base_url}/embeddings", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310 - configured URL
                payload = json.load(response)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise EmbeddingError(f"the embeddings endpoint {self.config.base_url} failed: {error}") from error
        rows = sorted(payload.get("data", []), key=lambda item: item.get("index", 0))
        if len(rows) != len(texts):
            raise EmbeddingError(f"the embeddings endpoint returned {len(rows)} vectors for {len(texts)} texts")
        return [[float(x) for x in row["embedding"]] for row in rows]


def embedding_text(name: str, signature: str | None, docstring: str | None, body: str) -> str:
    return "\n".join(part for part in (name, signature, docstring, body) if part)[:TEXT_LIMIT]


def text_hash(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=16).hexdigest()


def to_blob(vector: Sequence[float]) -> bytes:
    return array.array("f", vector).tobytes()


def normalized(vector: Sequence[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


async def fill_embeddings(store: Store, project_id: str, provider: OpenAICompatibleEmbeddings) -> int:
    """Embed every chunk of the project that has no vector yet; returns how many were filled."""
    model = provider.config.model
    filled = after = 0
    while True:
        rows = await store.chunks_without_embedding(project_id, BATCH, after)
        if not rows:
            return filled
        after = rows[-1]["rowid"]
        texts = {row["id"]: embedding_text(row["qualified_name"], row["signature"], row["docstring"], row["body"])
                 for row in rows}
        hashes = {chunk_id: text_hash(model, text) for chunk_id, text in texts.items()}
        cached = await store.cached_embeddings(list(hashes.values()))
        missing = [chunk_id for chunk_id in texts if hashes[chunk_id] not in cached]
        if missing:
            vectors = await provider.embed([texts[chunk_id] for chunk_id in missing])
            for chunk_id, vector in zip(missing, vectors):
                cached[hashes[chunk_id]] = to_blob(normalized(vector))
            await store.cache_embeddings(model, [(hashes[c], cached[hashes[c]]) for c in missing])
        await store.set_embeddings([(cached[hashes[chunk_id]], texts[chunk_id], chunk_id) for chunk_id in texts])
        filled += len(texts)


class VectorIndex:
    """A project's chunk vectors in memory, grouped by length (a change of model leaves vectors of two
    lengths until every chunk is embedded again; a query uses its own).

    Each vector is held as 8-bit integers and one scale (its largest component / 127), its id
    as bytes: 424 bytes a chunk of 384 dimensions instead of about 1,580 as float32 rows and Python
    strings (so 1.4 million chunks would take 0.6 GB instead of 2.2). The 8-bit scores are
    within about 0.002 of the exact ones: `nearest` picks the candidates, which the stored float32
    vectors then order (`exact_nearest`, RERANK_FACTOR). Built page by page (`add`, then `finish`), so
    reading the vectors never holds them twice as Python objects."""

    def __init__(self, rows: Sequence[tuple[str, bytes]] = ()) -> None:
        self.size = 0
        # Per vector length: (ids, vectors, scales) as numpy arrays.
        self._pending: dict[int, list[tuple[Any, Any, Any]]] = {}
        self._groups: dict[int, tuple[Any, Any, Any]] = {}
        if rows:
            self.add(rows)
            self.finish()

    def add(self, rows: Sequence[tuple[str, bytes]]) -> None:
        """Take in a page of (chunk id, float32 vector) rows."""
        by_length: dict[int, list[tuple[str, bytes]]] = {}
        for chunk_id, blob in rows:
            by_length.setdefault(len(blob) // 4, []).append((chunk_id, blob))
        for length, group in by_length.items():
            matrix = np.frombuffer(b"".join(blob for _id, blob in group), dtype=np.float32).reshape(len(group), length)
            scales = np.abs(matrix).max(axis=1) / 127.0
            scales[scales == 0] = 1.0
            part = (np.array([chunk_id.encode() for chunk_id, _blob in group], dtype=bytes),
                    np.rint(matrix / scales[:, None]).astype(np.int8), scales.astype(np.float32))
            self._pending.setdefault(length, []).append(part)
        self.size += len(rows)

    def finish(self) -> None:
        """Join the pages taken in (once, after the last `add`)."""
        for length, parts in self._pending.items():
            if length in self._groups:
                parts.insert(0, self._groups[length])
            self._groups[length] = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                                    np.concatenate([p[2] for p in parts]))
        self._pending.clear()

    def nearest(self, query_vector: Sequence[float], limit: int) -> list[str]:
        """Chunk ids by cosine similarity to the query (vectors are stored normalised)."""
        query = normalized(query_vector)
        ids, matrix, scales = self._groups.get(len(query), ([], [], None))
        if not len(ids):
            return []
        scores = np.empty(len(ids), dtype=np.float32)
        wanted = np.asarray(query, dtype=np.float32)
        for start in range(0, len(scores), SCORE_BLOCK):  # as float32 a block at a time, never the whole matrix
            scores[start:start + SCORE_BLOCK] = matrix[start:start + SCORE_BLOCK].astype(np.float32) @ wanted
        scores *= scales
        top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
        return [ids[i].decode() for i in sorted(top, key=lambda i: (-scores[i], i))]


def exact_nearest(query_vector: Sequence[float], candidates: Sequence[str], vectors: dict[str, bytes],
                  limit: int) -> list[str]:
    """The candidates (nearest first by the 8-bit scores) ordered by their stored float32 vectors, the
    first `limit`; one without a vector of the query's length (deleted or embedded again since) is left out."""
    query = normalized(query_vector)
    kept = [chunk_id for chunk_id in candidates if len(vectors.get(chunk_id, b"")) == 4 * len(query)]
    if not kept:
        return []
    matrix = np.frombuffer(b"".join(vectors[chunk_id] for chunk_id in kept), dtype=np.float32)
    scores = [float(score) for score in matrix.reshape(len(kept), len(query)) @ np.asarray(query, dtype=np.float32)]
    order = sorted(range(len(kept)), key=lambda position: (-scores[position], position))
    return [kept[position] for position in order[:limit]]


def fuse_by_file(keyword: Sequence[T], nearest: Sequence[T], file_of: Callable[[T], str]) -> list[tuple[T, float]]:
    """The keyword hits and the vectors' nearest chunks as one ranking, fused by file, with the score
    that orders it.

    Each file scores 1 / (FILE_RRF_K + its place among the keyword hits' files) plus VECTOR_WEIGHT /
    (FILE_RRF_K + its place among the nearest chunks' files) (reciprocal rank fusion of files). A chunk
    scores its file's score times LATER_CHUNK_DECAY for each chunk of its file ranked before it, so the
    files' first chunks come in the fused order and a file's later chunks fall behind the next files'
    first ones. The keyword hits keep their order within a file; a file only the vectors found adds its
    nearest chunks in their order.
    """
    file_scores: dict[str, float] = {}
    for ranking, weight in ((keyword, 1.0), (nearest, VECTOR_WEIGHT)):
        for place, path in enumerate(dict.fromkeys(file_of(item) for item in ranking), 1):
            file_scores[path] = file_scores.get(path, 0.0) + weight / (FILE_RRF_K + place)
    keyword_files = {file_of(item) for item in keyword}
    before: dict[str, int] = {}
    scored: list[tuple[T, float]] = []
    for item in [*keyword, *(item for item in nearest if file_of(item) not in keyword_files)]:
        path = file_of(item)
        before[path] = before.get(path, -1) + 1
        scored.append((item, file_scores[path] * LATER_CHUNK_DECAY ** before[path]))
    return sorted(scored, key=lambda pair: -pair[1])  # stable: ties keep the keyword order
