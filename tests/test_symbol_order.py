"""Definitions of equal match listed as an agent wants them: the product's code first, then examples and docs, then
tests. requests' `prepare_url` listed its fixture in `tests/conftest.py` before `PreparedRequest.prepare_url`, and
read_code of the name read the fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

pytestmark = pytest.mark.anyio

FILES = {
    "src/requests/models.py":
        "class PreparedRequest:\n    def prepare_url(self, url, params):\n        self.url = url\n",
    "tests/conftest.py":
        "import pytest\n\n\n@pytest.fixture\ndef prepare_url(value):\n    return value\n",
    "examples/quickstart.py": "def prepare_url(url):\n    return url\n",
    # okio's layout: a test source set whose name sorts before the product's
    "okio/src/commonTest/kotlin/okio/BufferTest.kt": "package okio\n\nclass Buffer {\n  fun readByte(): Byte = 0\n}\n",
    "okio/src/jvmMain/kotlin/okio/Buffer.kt": "package okio\n\nclass Buffer {\n  fun readByte(): Byte = 1\n}\n",
}


async def test_the_products_definition_comes_before_an_example_and_a_test_of_the_same_name(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        found = await service.find_symbol("p", "prepare_url")
        assert [(hit.file_path, hit.match) for hit in found.definitions] == [
            ("src/requests/models.py", "exact"), ("examples/quickstart.py", "exact"), ("tests/conftest.py", "exact")]
        read = await service.read_code("p", symbol="prepare_url")
        assert (read.file_path, read.start_line) == ("src/requests/models.py", 2)


async def test_a_kotlin_test_source_set_comes_after_the_product(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        found = await service.find_symbol("p", "Buffer.readByte")
        assert [hit.file_path for hit in found.definitions] == [
            "okio/src/jvmMain/kotlin/okio/Buffer.kt", "okio/src/commonTest/kotlin/okio/BufferTest.kt"]
