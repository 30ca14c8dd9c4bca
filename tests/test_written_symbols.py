"""Symbols as Go and Kotlin code writes them (the gokt audit): a Go package before a type (`render.JSON.Render`),
Kotlin's companion object (`ByteString.Companion`); each was "No definition"."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

pytestmark = pytest.mark.anyio

FILES = {
    "render/json.go": "package render\n\ntype JSON struct{}\n\nfunc (r JSON) Render() error {\n\treturn nil\n}\n",
    "context.go": "package gin\n\nimport \"example.com/gin/render\"\n\nfunc run() {\n\trender.JSON{}.Render()\n}\n",
    "src/main/kotlin/okio/ByteString.kt":
        "package okio\n\nclass ByteString {\n  companion object {\n"
        "    fun String.encodeUtf8(): ByteString = ByteString()\n  }\n}\n",
}


async def test_a_go_package_before_a_type_names_the_type_in_that_package(tmp_path: Path) -> None:
    # gin's `render.JSON.Render`, as an agent copies it from `render.JSON{..}.Render()`.
    async with indexed_project(tmp_path, FILES, "p") as service:
        read = await service.read_code("p", symbol="render.JSON.Render")
        assert (read.file_path, read.start_line) == ("render/json.go", 5)
        found = await service.find_symbol("p", "render.JSON.Render")
        assert [(hit.file_path, hit.qualified_name) for hit in found.definitions] == [("render/json.go", "JSON.Render")]


async def test_a_kotlin_companion_object_is_its_class(tmp_path: Path) -> None:
    # okio's `ByteString.Companion` (Java's `ByteString.Companion.encodeUtf8(..)`, `import okio.ByteString.Companion.*`).
    async with indexed_project(tmp_path, FILES, "p") as service:
        found = await service.find_symbol("p", "ByteString.Companion")
        assert [(hit.qualified_name, hit.kind) for hit in found.definitions][:1] == [("ByteString", "class")]
        read = await service.read_code("p", symbol="ByteString.Companion.encodeUtf8")
        assert (read.file_path, read.start_line) == ("src/main/kotlin/okio/ByteString.kt", 5)
