"""Kotlin multiplatform and Kotlin scopes, from okio (the gokt audit): which source set's definition a call
reaches, and what a name in a secondary constructor holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

# okio's `import okio.ByteString.Companion.of` in jvmTest: ByteString is an `expect class` in commonMain and an
# `actual class` in jvmMain, appleMain and nonAppleMain; appleMain sorted first, and the import bound its `of`.
COMPANION_IMPORT = {
    "lib/src/commonMain/kotlin/okio/ByteString.kt":
        "package okio\n\nexpect class ByteString {\n  companion object {\n    fun of(): ByteString\n  }\n}\n",
    "lib/src/appleMain/kotlin/okio/ByteString.kt":
        "package okio\n\nactual class ByteString {\n  actual companion object {\n"
        "    actual fun of(): ByteString = ByteString()\n  }\n}\n",
    "lib/src/jvmMain/kotlin/okio/ByteString.kt":
        "package okio\n\nactual class ByteString {\n  actual companion object {\n"
        "    actual fun of(vararg data: Byte): ByteString = ByteString()\n"
        "    fun of(buffer: ByteBuffer): ByteString = ByteString()\n  }\n}\n",
    "lib/src/jvmTest/kotlin/okio/BufferCursorTest.kt":
        "package okio\n\nimport okio.ByteString.Companion.of\n\nfun accessByteByByte(actual: ByteArray) {\n"
        "  of(*actual)\n}\n",
    "lib/src/commonTest/kotlin/okio/ByteStringTest.kt":
        "package okio\n\nimport okio.ByteString.Companion.of\n\nfun ofCopy() {\n  of()\n}\n",
}


async def test_an_imported_companion_member_is_the_callers_platforms(tmp_path: Path) -> None:
    # And of jvmMain's two `of`, the vararg one: a spread (`*actual`) is no ByteBuffer.
    graph = await graph_of(tmp_path, COMPANION_IMPORT)
    assert calls_from(graph, "lib/src/jvmTest/kotlin/okio/BufferCursorTest.kt:accessByteByByte") == {
        ("lib/src/jvmMain/kotlin/okio/ByteString.kt:ByteString.of", "IMPORT")}
    assert calls_from(graph, "lib/src/commonTest/kotlin/okio/ByteStringTest.kt:ofCopy") == {
        ("lib/src/commonMain/kotlin/okio/ByteString.kt:ByteString.of", "IMPORT")}


async def test_an_index_made_before_migration_46_parses_kotlin_and_java_again(tmp_path: Path) -> None:
    """Migration 46: the Java and Kotlin files are parsed again (their calls' spread arguments and imported companion
    members), the other files not; the update links jvmTest's `of(*actual)` to jvmMain's vararg `of` alone."""
    files = {**COMPANION_IMPORT, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 46)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "lib/src/jvmTest/kotlin/okio/BufferCursorTest.kt", "tool.sh",
                                             "Kotlin imports of companion members")
        answer = await service.find_references("mixed", "ByteString.of")
        assert {(hit.file_path, hit.target) for hit in answer.references if hit.kind == "CALLS"} == {
            # (the first of jvmMain's two `of`s, named by its line: the vararg one)
            ("lib/src/jvmTest/kotlin/okio/BufferCursorTest.kt",
             "lib/src/jvmMain/kotlin/okio/ByteString.kt:ByteString.of@5"),
            ("lib/src/commonTest/kotlin/okio/ByteStringTest.kt",
             "lib/src/commonMain/kotlin/okio/ByteString.kt:ByteString.of")}


# okio's DeflaterSink: `constructor(sink: Sink, ..) : this(sink.buffer(), ..)` calls the extension `Sink.buffer()`;
# the class's property `private val sink: BufferedSink` typed the parameter, and the call was BufferedSink's own
# (deprecated) `buffer()`, sure.
SECONDARY_CONSTRUCTOR = {
    "src/main/kotlin/okio/Okio.kt": "package okio\n\nfun Sink.buffer(): BufferedSink = BufferedSink()\n",
    "src/main/kotlin/okio/Sink.kt":
        "package okio\n\nopen class Sink\n\nclass BufferedSink : Sink() {\n  fun buffer(): BufferedSink = this\n"
        "  fun flush() {}\n}\n",
    "src/main/kotlin/okio/DeflaterSink.kt":
        "package okio\n\nclass DeflaterSink(private val sink: BufferedSink) {\n"
        "  constructor(sink: Sink) : this(sink.buffer())\n\n  fun flush() {\n    sink.flush()\n  }\n}\n",
}


async def test_a_secondary_constructors_parameter_is_not_the_classs_property(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, SECONDARY_CONSTRUCTOR)
    made = calls_from(graph, "src/main/kotlin/okio/DeflaterSink.kt:DeflaterSink")
    assert [target for target, _how in made if target.endswith(".buffer")] == ["src/main/kotlin/okio/Okio.kt:Sink.buffer"]
    # The property, in the class's methods.
    assert calls_from(graph, "src/main/kotlin/okio/DeflaterSink.kt:DeflaterSink.flush") == {
        ("src/main/kotlin/okio/Sink.kt:BufferedSink.flush", "MEMBER")}


async def test_a_class_made_is_the_callers_platforms_actual_whatever_its_constructor_says(tmp_path: Path) -> None:
    """okio's audit: jvmTest's and jvmMain's `Buffer()` reached commonMain's `expect class Buffer()`, the one whose
    parameter list is written (`actual class Buffer : BufferedSource` has none written): 280 edges; a method of it
    reached the jvm `actual` already."""
    graph = await graph_of(tmp_path, {
        "okio/src/commonMain/kotlin/okio/Buffer.kt": "package okio\n\nexpect class Buffer() {\n    fun size(): Long\n}\n",
        "okio/src/jvmMain/kotlin/okio/Buffer.kt":
            "package okio\n\nactual class Buffer : Cloneable {\n    actual fun size(): Long = 0L\n}\n",
        "okio/src/nonJvmMain/kotlin/okio/Buffer.kt":
            "package okio\n\nactual class Buffer {\n    actual fun size(): Long = 1L\n}\n",
        "okio/src/jvmTest/kotlin/okio/BufferTest.kt":
            "package okio\n\nclass BufferTest {\n    fun sizes(): Long = Buffer().size()\n}\n",
    })
    assert calls_from(graph, "okio/src/jvmTest/kotlin/okio/BufferTest.kt:BufferTest.sizes") == {
        ("okio/src/jvmMain/kotlin/okio/Buffer.kt:Buffer", "LOCAL"),
        ("okio/src/jvmMain/kotlin/okio/Buffer.kt:Buffer.size", "MEMBER")}
