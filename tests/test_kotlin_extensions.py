"""Kotlin extension functions, from okio (the kotlin-ext fixes of the gokt audit): an extension written in a
companion object, and one called on the implicit `this` of its receiver's class."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

# okio's `companion object { fun String.toPath(): Path }` (and `fun String.encodeUtf8(): ByteString`): 690 calls of
# `"/a/b".toPath()` had no edge; a class's own `fun toPath()` is another function.
COMPANION_EXTENSION = {
    "src/main/kotlin/p/Path.kt":
        "package p\n\nclass Path {\n  fun toPath(): Path = this\n\n  companion object {\n"
        "    fun String.toPath(): Path = Path()\n    fun String.toPath(normalize: Boolean): Path = Path()\n"
        "  }\n}\n",
    "src/main/kotlin/q/Use.kt":
        "package q\n\nimport p.Path\nimport p.Path.Companion.toPath\n\nfun use(name: String) = name.toPath()\n\n"
        "fun literal() = \"/a/b\".toPath(true)\n\nfun again(path: Path) = path.toPath()\n",
}


async def test_an_extension_in_a_companion_object_is_what_its_import_calls(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, COMPANION_EXTENSION)
    assert calls_from(graph, "src/main/kotlin/q/Use.kt:use") == {("src/main/kotlin/p/Path.kt:Path.toPath@7", "IMPORT")}
    assert calls_from(graph, "src/main/kotlin/q/Use.kt:literal") == {
        ("src/main/kotlin/p/Path.kt:Path.toPath@8", "IMPORT")}
    # A Path's own `toPath()`, never the companion's extension on String.
    assert calls_from(graph, "src/main/kotlin/q/Use.kt:again") == {("src/main/kotlin/p/Path.kt:Path.toPath", "MEMBER")}


# okio's `common*` layer: `internal inline fun RealBufferedSource.commonReadUtf8()` and `Buffer.commonReadUtf8()`
# in okio.internal, imported by name and called bare in each class (`override fun readUtf8() = commonReadUtf8()`):
# both were guesses of every call.
IMPLICIT_THIS = {
    "src/main/kotlin/p/internal/Buffer.kt":
        "package p.internal\n\nimport p.Buffer\n\ninternal fun Buffer.commonReadUtf8(): String = \"\"\n"
        "internal fun Buffer.commonSkip(): String = commonReadUtf8()\n"
        "internal fun Buffer.commonWrite(source: ByteArray) {}\ninternal fun Buffer.commonWrite(source: Buffer) {}\n"
        "internal fun Source.commonSelect(options: TypedOptions) {}\ninternal fun Buffer.commonSelect(options: Options) {}\n",
    # A base's extension of the name: the subclass's own is the nearer (okio's SegmentedByteString and ByteString
    # both have `commonSubstring`).
    "src/main/kotlin/p/internal/Source.kt":
        "package p.internal\n\nimport p.Source\n\ninternal fun Source.commonReadUtf8(): String = \"\"\n",
    "src/main/kotlin/p/internal/RealBufferedSource.kt":
        "package p.internal\n\nimport p.RealBufferedSource\n\n"
        "internal fun RealBufferedSource.commonReadUtf8(): String = \"\"\n",
    "src/main/kotlin/p/Buffer.kt":
        "package p\n\nimport java.io.Serializable\nimport p.internal.commonReadUtf8\nimport p.internal.commonSelect\n"
        "import p.internal.commonWrite\n\nopen class Source\nclass Options\nclass TypedOptions\n\n"
        "class Buffer : Source(), Serializable {\n  fun readUtf8(): String = commonReadUtf8()\n"
        "  fun write(source: Buffer) = commonWrite(source)\n  fun pick(options: TypedOptions) = commonSelect(options)\n}\n\n"
        "class RealBufferedSource : Source() {\n  fun readUtf8(): String = commonReadUtf8()\n}\n",
}


async def test_an_extension_called_on_the_implicit_this_is_its_receivers(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, IMPLICIT_THIS)
    assert calls_from(graph, "src/main/kotlin/p/Buffer.kt:Buffer.readUtf8") == {
        ("src/main/kotlin/p/internal/Buffer.kt:Buffer.commonReadUtf8", "IMPORT")}
    # A Buffer is no ByteArray (a class with a library base was taken to be any library type).
    assert calls_from(graph, "src/main/kotlin/p/Buffer.kt:Buffer.write") == {
        ("src/main/kotlin/p/internal/Buffer.kt:Buffer.commonWrite@8", "IMPORT")}
    # The nearest receiver's extension that takes the arguments: Source's (okio's `select(options: TypedOptions<T>)`
    # calls BufferedSource's `commonSelect`).
    assert calls_from(graph, "src/main/kotlin/p/Buffer.kt:Buffer.pick") == {
        ("src/main/kotlin/p/internal/Buffer.kt:Source.commonSelect", "IMPORT")}
    assert calls_from(graph, "src/main/kotlin/p/Buffer.kt:RealBufferedSource.readUtf8") == {
        ("src/main/kotlin/p/internal/RealBufferedSource.kt:RealBufferedSource.commonReadUtf8", "IMPORT")}
    async with indexed_project(tmp_path / "again", IMPLICIT_THIS, "p") as service:
        answer = await service.find_references("p", "RealBufferedSource.commonReadUtf8")
        assert [(hit.file_path, hit.enclosing) for hit in answer.references if hit.kind == "CALLS"] == [
            ("src/main/kotlin/p/Buffer.kt", "RealBufferedSource.readUtf8")]


async def test_an_index_made_before_migration_47_parses_kotlin_again(tmp_path: Path) -> None:
    """Migration 47: the Kotlin files are parsed again (a call on a string literal is made on a String), the other
    files not; the update links `"/a/b".toPath(true)` to the companion's extension."""
    files = {**COMPANION_EXTENSION, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 47)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/main/kotlin/q/Use.kt", "tool.sh", "Kotlin extension")
        answer = await service.find_references("mixed", "Path.toPath")
        assert sorted(hit.enclosing for hit in answer.references if hit.kind == "CALLS") == ["again", "literal", "use"]


# okio's `bytes.toByteString(2, 9)` (ByteStringTest.kt:626) after `val bytes = "...".encodeToByteArray()`, importing
# `okio.ByteString.Companion.toByteString`: 23 of its 26 calls were guesses, the receiver a standard-library call's
# ByteArray or ByteBuffer (`byteArrayOf(..)`, `ByteBuffer.wrap(..)`, `Random.nextBytes(n)`).
LIBRARY_RECEIVERS = {
    "src/main/kotlin/p/ByteString.kt":
        "package p\n\nimport java.nio.ByteBuffer\n\nclass ByteString {\n  fun toByteString(): ByteString = this\n\n"
        "  companion object {\n    fun ByteArray.toByteString(offset: Int = 0, byteCount: Int = size): ByteString = ByteString()\n"
        "    fun ByteBuffer.toByteString(): ByteString = ByteString()\n  }\n}\n",
    "src/test/kotlin/q/UseTest.kt":
        "package q\n\nimport java.nio.ByteBuffer\nimport kotlin.random.Random\nimport p.ByteString.Companion.toByteString\n\n"
        "fun copyRange() {\n  val bytes = \"Hello, World!\".encodeToByteArray()\n  bytes.toByteString(2, 9)\n}\n\n"
        "fun literal() = byteArrayOf(1, 2, 3).toByteString()\n\n"
        "fun buffer() = ByteBuffer.wrap(byteArrayOf(1, 2)).toByteString()\n\n"
        "fun random(length: Int) = Random.nextBytes(length).toByteString(0, length)\n\n"
        "fun made(n: Int) {\n  val data = ByteArray(n) { 0 }\n  data.toByteString()\n}\n",
}


async def test_an_extension_on_a_library_type_is_what_a_call_on_a_library_result_calls(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, LIBRARY_RECEIVERS)
    array, buffer = "src/main/kotlin/p/ByteString.kt:ByteString.toByteString@9", \
        "src/main/kotlin/p/ByteString.kt:ByteString.toByteString@10"
    assert calls_from(graph, "src/test/kotlin/q/UseTest.kt:copyRange") == {(array, "IMPORT")}
    assert calls_from(graph, "src/test/kotlin/q/UseTest.kt:literal") == {(array, "IMPORT")}
    assert calls_from(graph, "src/test/kotlin/q/UseTest.kt:buffer") == {(buffer, "IMPORT")}
    assert calls_from(graph, "src/test/kotlin/q/UseTest.kt:random") == {(array, "IMPORT")}
    assert calls_from(graph, "src/test/kotlin/q/UseTest.kt:made") == {(array, "IMPORT")}
