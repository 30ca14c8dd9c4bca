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


# zap: the package `zap` is the repository's root folder (go.uber.org/zap), its `Field` constructors and `Logger`
# in files there; the buffer package has its own `String` method.
ZAP = {
    "go.mod": "module go.uber.org/zap\n",
    "field.go": "package zap\n\n// String constructs a field.\nfunc String(key string, val string) Field {\n"
                "\treturn Field{}\n}\n\ntype Field struct{}\n",
    "logger.go": "package zap\n\ntype Logger struct{}\n\nfunc (log *Logger) Info(msg string, fields ...Field) {}\n",
    "buffer/buffer.go": "package buffer\n\ntype Buffer struct{}\n\nfunc (b *Buffer) String() string {\n"
                        "\treturn \"\"\n}\n",
    "example_test.go": "package zap_test\n\nimport \"go.uber.org/zap\"\n\nfunc Example(logger *zap.Logger) {\n"
                       "\tlogger.Info(\"hi\", zap.String(\"k\", \"v\"))\n}\n",
}


async def test_a_go_package_whose_folder_is_named_otherwise_names_its_definitions(tmp_path: Path) -> None:
    # `refs zap.String` and `refs zap.Logger.Info`, as zap's users write them, said nothing in the project defines or
    # calls them: the package is the repository's root, whose folder has no name in the project's paths.
    async with indexed_project(tmp_path, ZAP, "p") as service:
        for symbol, target in (("zap.String", "field.go:String"), ("zap.Logger.Info", "logger.go:Logger.Info")):
            found = await service.find_symbol("p", symbol)
            assert [f"{hit.file_path}:{hit.qualified_name}" for hit in found.definitions] == [target]
            uses = (await service.find_references("p", symbol)).references
            assert [(hit.file_path, hit.line, hit.target) for hit in uses] == [("example_test.go", 6, target)]


async def test_a_kotlin_companion_object_is_its_class(tmp_path: Path) -> None:
    # okio's `ByteString.Companion` (Java's `ByteString.Companion.encodeUtf8(..)`, `import okio.ByteString.Companion.*`).
    async with indexed_project(tmp_path, FILES, "p") as service:
        found = await service.find_symbol("p", "ByteString.Companion")
        assert [(hit.qualified_name, hit.kind) for hit in found.definitions][:1] == [("ByteString", "class")]
        read = await service.read_code("p", symbol="ByteString.Companion.encodeUtf8")
        assert (read.file_path, read.start_line) == ("src/main/kotlin/okio/ByteString.kt", 5)
