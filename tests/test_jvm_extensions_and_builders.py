"""What an agent's audit of javapoet and clikt (the sixty-eighth session) found the JVM graph telling wrong, each fixed:
a Java `StringBuilder` passed to `writeTo(..)` reached every one-argument overload (`writeTo(Filer)`, `(Path)`,
`(File)`) beside `writeTo(Appendable)`: the class was unknown, so any parameter of a library type took it; a Kotlin
extension of a type parameter (`fun <T : TestCommand> T.parse(argv: String)`) extended no class, and `C().parse("x")`
reached nothing; one whose bound has type arguments (`fun <T : Base<T>> Base<T>.exec(..)`) was read up to the bound's
first `>`, and a bare `exec(..)` in an extension of a subclass was a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, query, update_after_relink_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

JAVA = {
    "src/p/Writer.java": '''
        package p;
        import java.io.File;
        import java.nio.file.Path;
        import javax.annotation.processing.Filer;
        public class Writer {
          public void writeTo(Appendable out) {}
          public void writeTo(Filer filer) {}
          public void writeTo(Path path) {}
          public void writeTo(File dir) {}
          public String render() {
            StringBuilder result = new StringBuilder();
            writeTo(result);
            return result.toString();
          }
        }
        ''',
}

KOTLIN = {
    "src/p/Core.kt": '''
        package p

        open class Core
        fun Core.parse(argv: Array<String>) {}
        fun Core.parse(argv: List<String>) {}
        ''',
    "src/p/TestCmd.kt": '''
        package p

        open class TestCmd : Core()
        fun <T : TestCmd> T.parse(argv: String): T = this
        ''',
    "src/p/Use.kt": '''
        package p

        class C : TestCmd()
        fun literal() { C().parse("x") }
        ''',
    "src/q/Ext.kt": '''
        package q

        abstract class Base<T : Base<T>>
        class Sub : Base<Sub>()
        inline fun <T : Base<T>> Base<T>.exec(argv: String, block: (String) -> Unit) = block(argv)
        fun Sub.implicit(argv: String) = exec(argv) { }
        ''',
}


async def test_a_java_string_builder_is_passed_only_as_what_it_is(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, JAVA)
    assert {target for target, _how in calls_from(graph, "src/p/Writer.java:Writer.render")} == {
        "src/p/Writer.java:Writer.writeTo"}


async def test_a_kotlin_extension_of_a_type_parameter_extends_its_bound(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, KOTLIN)
    assert {target for target, _how in calls_from(graph, "src/p/Use.kt:literal")} == {
        "src/p/Use.kt:C", "src/p/TestCmd.kt:T.parse"}
    assert calls_from(graph, "src/q/Ext.kt:Sub.implicit") == {("src/q/Ext.kt:Base.exec", "MEMBER")}


async def test_an_index_made_before_migration_125_links_java_and_kotlin_again(tmp_path: Path) -> None:
    files = {**JAVA, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 125)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "mixed", "src/p/Writer.java", "tool.sh", "StringBuilder")
    assert query(db, """SELECT count(*) FROM code_edges WHERE source_id = 'mixed:src/p/Writer.java:Writer.render'
                          AND edge_type = 'CALLS' AND target_id LIKE '%writeTo%'""") == [(1,)]
