"""Optional semantic retrieval against a real HTTP endpoint (a small OpenAI-compatible server the test runs)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import anyio
import pytest

from coderag_mcp.config import Settings
from coderag_mcp.embeddings import EmbeddingConfig, fuse_by_file
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, query, write_tree

pytestmark = pytest.mark.anyio

# The fake model knows that these words mean the same thing; keyword search does not.
SYNONYMS = {"automobile": "car", "vehicle": "car", "loaf": "bread"}
DIMENSIONS = 64


def fake_embedding(text: str) -> list[float]:
    vector = [0.0] * DIMENSIONS
    for word in re.findall(r"[a-z]+", text.lower()):
        word = SYNONYMS.get(word, word)
        vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return vector


class EmbeddingServer(ThreadingHTTPServer):
    texts: list[str]


class Handler(BaseHTTPRequestHandler):
    server: EmbeddingServer

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.path == "/v1/embeddings" and body["model"] == "fake-model"
        self.server.texts.extend(body["input"])
        payload = json.dumps({"data": [{"index": i, "embedding": fake_embedding(text)}
                                       for i, text in enumerate(body["input"])]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[EmbeddingServer]:
    server = EmbeddingServer(("127.0.0.1", 0), Handler)
    server.texts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


GARAGE = {
    "garage.py": '''
        def park_car(car):
            """Put the car in its place in the garage."""
            return car


        def wash(thing):
            return thing
        ''',
    "kitchen.py": '''
        def bake_bread(flour):
            """Bake bread from flour."""
            return flour
        ''',
}


def endpoint_settings(tmp_path: Path, endpoint: EmbeddingServer) -> Settings:
    """Settings for a vault.db in tmp_path whose vectors come from the test's endpoint."""
    config = EmbeddingConfig(base_url=f"http://127.0.0.1:{endpoint.server_address[1]}/v1", model="fake-model")
    return fast_settings(tmp_path / "vault.db", embeddings=config)


async def wait_for_vectors(db: Path) -> None:
    with anyio.fail_after(20):
        while query(db, "SELECT count(*) FROM code_chunks WHERE embedding IS NULL") != [(0,)]:
            await anyio.sleep(0.05)


async def test_vectors_fill_in_the_background_and_fuse_with_keywords(tmp_path: Path,
                                                                     endpoint: EmbeddingServer) -> None:
    repo = write_tree(tmp_path / "repo", GARAGE)
    settings = endpoint_settings(tmp_path, endpoint)
    async with CodeIndexService.open(settings) as service:
        await service.init_index("garage", str(repo), background=False)
        await wait_for_vectors(settings.db_path)
        embedded = len(endpoint.texts)
        assert embedded == query(settings.db_path, "SELECT count(*) FROM code_chunks")[0][0]
        (blob,) = query(settings.db_path, "SELECT embedding FROM code_chunks WHERE name = 'park_car'")[0]
        assert len(blob) == DIMENSIONS * 4  # raw float32

        # No keyword matches "automobile"; the vectors know it is a car.
        result = await service.search_code("garage", "automobile")
        assert result.hits[0].symbol == "park_car"
        assert "semantic: close in meaning" in result.hits[0].matched
        # A keyword query still ranks its keyword match first.
        assert (await service.search_code("garage", "bake_bread")).hits[0].symbol == "bake_bread"

        # Unchanged code is never sent twice: a forced rebuild embeds from the cache.
        endpoint.texts.clear()
        await service.init_index("garage", str(repo), force=True, background=False)
        await wait_for_vectors(settings.db_path)
        assert not [text for text in endpoint.texts if "park_car" in text]

        # The keyword path never depends on the endpoint.
        endpoint.shutdown()
        endpoint.server_close()
        fallback = await service.search_code("garage", "park car")
        assert fallback.hits[0].symbol == "park_car" and "Keyword results only" in (fallback.note or "")


async def test_without_an_endpoint_nothing_is_sent(tmp_path: Path, endpoint: EmbeddingServer) -> None:
    repo = write_tree(tmp_path / "repo", GARAGE)
    settings = fast_settings(tmp_path / "vault.db")
    assert settings.embeddings is None
    async with CodeIndexService.open(settings) as service:
        await service.init_index("garage", str(repo), background=False)
        await anyio.sleep(0.3)
        assert (await service.search_code("garage", "automobile")).hits == []
    assert endpoint.texts == []
    assert query(settings.db_path, "SELECT count(*) FROM code_chunks WHERE embedding IS NOT NULL") == [(0,)]


def test_vectors_join_by_file_and_the_scores_follow_the_order() -> None:
    # Keyword hits: a.py's three chunks first, then b.py, c.py; the vectors favour d.py, then c.py.
    keyword = [("a.py", "a1"), ("a.py", "a2"), ("b.py", "b1"), ("a.py", "a3"), ("c.py", "c1")]
    nearest = [("d.py", "d1"), ("c.py", "c2"), ("d.py", "d2")]
    fused = fuse_by_file(keyword, nearest, lambda chunk: chunk[0])
    order = [chunk for chunk, _score in fused]
    scores = [score for _chunk, score in fused]
    assert scores == sorted(scores, reverse=True)  # shown in the order their scores give
    # c.py, third for the keywords and second for the vectors, passes a.py (first for the keywords only);
    # d.py, found by the vectors alone, enters but stays behind every file the keywords found.
    assert list(dict.fromkeys(path for path, _name in order)) == ["c.py", "a.py", "b.py", "d.py"]
    # A file's chunks keep the keywords' order, and a vector-only chunk of a keyword file is not added.
    assert [name for path, name in order if path == "a.py"] == ["a1", "a2", "a3"]
    assert ("c.py", "c2") not in order and [name for path, name in order if path == "d.py"] == ["d1", "d2"]
    # a.py's second chunk falls behind b.py's first: later chunks of a file give way to the next file.
    assert order.index(("b.py", "b1")) < order.index(("a.py", "a2"))


def test_the_nearest_vectors_are_found_among_vectors_of_their_length() -> None:
    from coderag_mcp import embeddings

    words = ["park the car", "wash the car", "bake bread", "slice the loaf", "drive a vehicle", "boil water"]
    rows = [(f"chunk{i}", embeddings.to_blob(embeddings.normalized(fake_embedding(text))))
            for i, text in enumerate(words)]
    rows.append(("other-model", embeddings.to_blob([1.0] * (DIMENSIONS // 2))))  # a vector of another length
    index = embeddings.VectorIndex(rows)
    assert index.size == 7
    # "automobile" is a car to the fake model: the three car chunks first, the nearest first; the vector
    # of another length is never compared.
    nearest = index.nearest(fake_embedding("automobile"), 3)
    assert set(nearest) == {"chunk0", "chunk1", "chunk4"}
    assert index.nearest(fake_embedding("loaf of bread"), 2) == ["chunk2", "chunk3"]  # bake bread is closer
    assert "other-model" not in index.nearest(fake_embedding("car"), 10)
    assert len(index.nearest(fake_embedding("car"), 100)) == 6


def test_vectors_in_memory_take_about_a_quarter_of_their_float32_size() -> None:
    import array
    import random
    import tracemalloc

    from coderag_mcp import embeddings

    generator = random.Random(5)
    rows = [(f"{generator.getrandbits(128):032x}-{i}",
             embeddings.to_blob(embeddings.normalized([generator.gauss(0, 1) for _ in range(384)])))
            for i in range(3000)]
    tracemalloc.start()
    try:
        index = embeddings.VectorIndex()
        for start in range(0, len(rows), 1000):
            index.add(rows[start:start + 1000])
        index.finish()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # float32 rows and Python strings held about 1,650 bytes a chunk; 8 bits a component, a scale and the
    # id's bytes are about 430.
    assert held / len(rows) < 500
    # The 8-bit scores keep the order of the exact ones, except between scores closer than their error.
    query = embeddings.normalized([generator.gauss(0, 1) for _ in range(384)])
    exact = sorted(range(len(rows)), key=lambda i: -sum(a * b for a, b in zip(query, array.array("f", rows[i][1]))))
    nearest = index.nearest(query, 20)
    assert len(set(nearest) & {rows[i][0] for i in exact[:20]}) >= 18
    assert nearest[0] == rows[exact[0]][0]
    # Ordered by the stored float32 vectors, twice the candidates give the exact first 20, in order; a
    # candidate whose row is gone (deleted since the vectors were read) is left out.
    stored = dict(rows)
    candidates = index.nearest(query, 40)
    assert embeddings.exact_nearest(query, candidates, stored, 20) == [rows[i][0] for i in exact[:20]]
    del stored[rows[exact[0]][0]]
    assert embeddings.exact_nearest(query, candidates, stored, 20) == [rows[i][0] for i in exact[1:21]]


async def test_vectors_are_read_a_page_at_a_time_and_let_go_with_the_index(
        tmp_path: Path, endpoint: EmbeddingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from coderag_mcp import queries

    monkeypatch.setattr(queries, "VECTOR_PAGE", 2)  # the garage's chunks take several pages
    repo = write_tree(tmp_path / "repo", GARAGE)
    settings = endpoint_settings(tmp_path, endpoint)
    async with CodeIndexService.open(settings) as service:
        await service.init_index("garage", str(repo), background=False)
        await wait_for_vectors(settings.db_path)
        chunks = query(settings.db_path, "SELECT count(*) FROM code_chunks")[0][0]
        assert chunks > 2
        for words, expected in (("automobile", "park_car"), ("loaf", "bake_bread")):
            assert (await service.search_code("garage", words)).hits[0].symbol == expected
        assert service._vector_indexes["garage"][2].size == chunks  # every page, each row once
        await service.delete_index("garage")
        assert "garage" not in service._vector_indexes  # a deleted index's vectors are not kept


async def test_vectors_that_take_long_to_read_are_read_again_less_often(
        tmp_path: Path, endpoint: EmbeddingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3
    import time

    from coderag_mcp import embeddings, queries

    monkeypatch.setattr(queries, "VECTORS_RELOAD_SECONDS", 0.0)
    real_finish = embeddings.VectorIndex.finish

    def slow_finish(self: embeddings.VectorIndex) -> None:  # reading the vectors takes 0.2 s
        time.sleep(0.2)
        real_finish(self)

    monkeypatch.setattr(embeddings.VectorIndex, "finish", slow_finish)
    repo = write_tree(tmp_path / "repo", GARAGE)
    settings = endpoint_settings(tmp_path, endpoint)

    def another_program_writes() -> None:  # the database changes under the server (its data_version moves)
        connection = sqlite3.connect(settings.db_path)
        try:
            connection.execute("CREATE TABLE touched (x)")
            connection.execute("DROP TABLE touched")
            connection.commit()
        finally:
            connection.close()

    async with CodeIndexService.open(settings) as service:
        await service.init_index("garage", str(repo), background=False)
        await wait_for_vectors(settings.db_path)
        await service.search_code("garage", "automobile")
        first = service._vector_indexes["garage"][2]
        another_program_writes()
        assert (await service.search_code("garage", "automobile")).hits[0].symbol == "park_car"
        assert service._vector_indexes["garage"][2] is first  # read in 0.2 s: not again for 2 s
        await anyio.sleep(2.1)
        assert (await service.search_code("garage", "automobile")).hits[0].symbol == "park_car"
        assert service._vector_indexes["garage"][2] is not first  # read again, once that time had passed


async def test_a_fill_pages_through_more_chunks_than_a_batch(tmp_path: Path, endpoint: EmbeddingServer) -> None:
    from coderag_mcp.embeddings import BATCH

    functions = "\n\n".join(f"def step_{i}(x):\n    return x + {i}\n" for i in range(BATCH * 2 + 5))
    repo = write_tree(tmp_path / "repo", {"steps.py": functions})
    settings = endpoint_settings(tmp_path, endpoint)
    async with CodeIndexService.open(settings) as service:
        await service.init_index("steps", str(repo), background=False)
        await wait_for_vectors(settings.db_path)  # every chunk, over three pages and a bit
        chunks = query(settings.db_path, "SELECT count(*) FROM code_chunks")[0][0]
        assert chunks > 2 * BATCH and len(endpoint.texts) == chunks  # each sent once
