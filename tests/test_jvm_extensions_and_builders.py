"""What an agent's audit of javapoet and clikt (the sixty-eighth session) found the JVM graph telling wrong, each fixed:
an argument that is a call's result (`emit(CodeBlock.of(format, args))`, Kotlin's `register(opt())`) was of unknown
type, and the call reached every overload of its arity (`emit(String)` beside `emit(CodeBlock)`): it is what the
method called is declared to return, when the project declares it; a Java `StringBuilder` passed to `writeTo(..)`
reached every one-argument overload (`writeTo(Filer)`, `(Path)`, `(File)`) beside `writeTo(Appendable)`: the class was
unknown, so any parameter of a library type took it; a Kotlin extension of a type parameter (`fun <T : TestCommand>
T.parse(argv: String)`) extended no class, and `C().parse("x")` reached nothing; one whose bound has type arguments
(`fun <T : Base<T>> Base<T>.exec(..)`) was read up to the bound's first `>`, and a bare `exec(..)` in an extension of a
subclass was a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, query, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

JAVA = {
    "src/p/Writer.java": """
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
          public void emit(String s) {}
          public void emit(Block b) {}
          public void emitAll(String format) {
            emit(Block.of(format));
            emit(label());
          }
          private Block label() { return null; }
        }
        """,
    "src/p/Block.java": """
        package p;
        public class Block {
          public static Block of(String format) { return new Block(); }
        }
        """,
}

KOTLIN = {
    "src/p/Core.kt": """
        package p

        open class Core
        fun Core.parse(argv: Array<String>) {}
        fun Core.parse(argv: List<String>) {}
        """,
    "src/p/TestCmd.kt": """
        package p

        open class TestCmd : Core()
        fun <T : TestCmd> T.parse(argv: String): T = this
        """,
    "src/p/Use.kt": """
        package p

        class C : TestCmd()
        fun literal() { C().parse("x") }

        interface Option
        interface Groupable : Option
        class Opt : Groupable
        fun opt(): Opt = Opt()
        class Cmd {
            fun register(option: Option) {}
            fun register(option: Groupable) {}
        }
        fun registered(c: Cmd) { c.register(opt()) }
        """,
    "src/r/Files.kt": """
        package r

        import java.io.File
        import java.nio.file.Path

        object Source {
            fun from(file: Path): String = ""
            fun from(file: File): String = ""
        }
        fun makeFile(): File = File("x")
        fun localFromCall() {
            val file = makeFile()
            Source.from(file)
        }
        """,
    "src/q/Ext.kt": """
        package q

        abstract class Base<T : Base<T>>
        class Sub : Base<Sub>()
        inline fun <T : Base<T>> Base<T>.exec(argv: String, block: (String) -> Unit) = block(argv)
        fun Sub.implicit(argv: String) = exec(argv) { }
        """,
}


async def test_a_java_string_builder_or_call_result_takes_the_overloads_of_its_type(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, JAVA)
    assert {target for target, _how in calls_from(graph, "src/p/Writer.java:Writer.render")} == {
        "src/p/Writer.java:Writer.writeTo"}
    assert {target for target, _how in calls_from(graph, "src/p/Writer.java:Writer.emitAll")} == {
        "src/p/Writer.java:Writer.emit@16", "src/p/Block.java:Block.of", "src/p/Writer.java:Writer.label"}


async def test_a_kotlin_extension_of_a_type_parameter_extends_its_bound(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, KOTLIN)
    assert {target for target, _how in calls_from(graph, "src/p/Use.kt:literal")} == {
        "src/p/Use.kt:C", "src/p/TestCmd.kt:T.parse"}
    assert calls_from(graph, "src/q/Ext.kt:Sub.implicit") == {("src/q/Ext.kt:Base.exec", "MEMBER")}
    # (a local assigned a call holds what the call returns, a File: no `from(Path)`, which the clikt audit found)
    assert {target for target, _how in calls_from(graph, "src/r/Files.kt:localFromCall")} == {
        "src/r/Files.kt:makeFile", "src/r/Files.kt:Source.from@8"}
    # (`opt()` is an Opt, a Groupable: the more specific overload, as Kotlin picks)
    assert {target for target, _how in calls_from(graph, "src/p/Use.kt:registered")} == {
        "src/p/Use.kt:opt", "src/p/Use.kt:Cmd.register@12"}


async def test_an_index_made_before_migration_125_parses_java_and_kotlin_again(tmp_path: Path) -> None:
    files = {**JAVA, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 125)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/p/Writer.java", "tool.sh", "typed by what they return")
    assert query(db, """SELECT count(*) FROM code_edges WHERE source_id = 'mixed:src/p/Writer.java:Writer.render'
                          AND edge_type = 'CALLS' AND target_id LIKE '%writeTo%'""") == [(1,)]


async def test_a_call_result_is_typed_as_its_declaration_writes_it(tmp_path: Path) -> None:
    # An array is no element (`names()` is a String[]), a list of strings no string, a type parameter nothing known.
    files = {"src/p/Names.java": """
        package p;
        import java.util.List;
        public class Names {
          public void take(String one) {}
          public void take(String[] many) {}
          public void take(Names self) {}
          public String[] names() { return null; }
          public List<String> list() { return null; }
          public <T> T any() { return null; }
          public void useArray() { take(names()); }
          public void useList() { take(list()); }
          public void useAny() { take(any()); }
        }
        """}
    graph = await graph_of(tmp_path, files)
    every = {"src/p/Names.java:Names.take", "src/p/Names.java:Names.take@5", "src/p/Names.java:Names.take@6"}
    assert {target for target, _how in calls_from(graph, "src/p/Names.java:Names.useArray") if ".take" in target} == {
        "src/p/Names.java:Names.take@5"}
    for unknown in ("useList", "useAny"):
        assert {target for target, _how in calls_from(graph, f"src/p/Names.java:Names.{unknown}")
                if ".take" in target} == every
