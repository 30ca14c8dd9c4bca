"""Kotlin calls written as operators, from okio (the kt-c re-audit): `path / "child"` calls Path's `operator fun
div`, `buffer[0]` its `get`; and `@JvmName("getByte") operator fun get` is what Java calls `getByte`."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

# okio's `Path.div` had 0 references: every use is `path / "child"`.
OPERATORS = {
    "src/main/kotlin/p/Path.kt":
        "package p\n\nclass Path(val name: String) {\n"
        "  operator fun div(child: String): Path = Path(name)\n"
        "  operator fun div(child: Path): Path = Path(name)\n"
        "  operator fun get(index: Int): Char = name[0]\n"
        "  operator fun contains(other: Path): Boolean = true\n"
        "  operator fun compareTo(other: Path): Int = 0\n"
        "  operator fun plus(other: Path): Path = this\n"
        "  fun parent(): Path = this / \"..\"\n"
        "}\n",
    "src/main/kotlin/p/Use.kt":
        "package p\n\n"
        "fun child(base: Path) = base / \"x\"\n\n"
        "fun both(base: Path, other: Path) = base / other\n\n"
        "fun first(base: Path) = base[0]\n\n"
        "fun has(base: Path, other: Path) = other in base\n\n"
        "fun less(base: Path, other: Path) = base < other\n\n"
        # the left operand's type unknown, or a library type: no edge, not even a guess
        "fun count(size: Int, any: dynamic) = size + 1 + any.plus(2) - size\n\n"
        "fun unknown(items: List<Path>) = items.first() + items.last()\n",
}


async def test_an_operator_calls_the_operator_function_of_its_operands_type(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, OPERATORS)
    path = "src/main/kotlin/p/Path.kt:Path"
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:child") == {(f"{path}.div", "MEMBER")}
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:both") == {(f"{path}.div@5", "MEMBER")}
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:first") == {(f"{path}.get", "MEMBER")}
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:has") == {(f"{path}.contains", "MEMBER")}
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:less") == {(f"{path}.compareTo", "MEMBER")}
    assert calls_from(graph, f"{path}.parent") == {(f"{path}.div", "MEMBER")}
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:count") == set()
    assert calls_from(graph, "src/main/kotlin/p/Use.kt:unknown") == set()
    async with indexed_project(tmp_path / "again", OPERATORS, "p") as service:
        answer = await service.find_references("p", "Path.div")
        assert sorted((hit.file_path, hit.enclosing) for hit in answer.references if hit.kind == "CALLS") == [
            ("src/main/kotlin/p/Path.kt", "Path.parent"), ("src/main/kotlin/p/Use.kt", "both"),
            ("src/main/kotlin/p/Use.kt", "child")]


async def test_an_index_made_before_migration_51_parses_kotlin_c_and_cpp_again(tmp_path: Path) -> None:
    """Migration 51: the Kotlin, C and C++ files are parsed again (operator calls, calls through struct fields), the
    other files not; the update links `base / "x"` to Path's `div`."""
    files = {**OPERATORS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 51,
                                        "DELETE FROM code_edges WHERE target_id LIKE '%Path.div%'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/main/kotlin/p/Use.kt", "tool.sh", "Kotlin operator")
        answer = await service.find_references("mixed", "Path.div")
        assert sorted(hit.enclosing for hit in answer.references if hit.kind == "CALLS") == ["Path.parent", "both",
                                                                                              "child"]


KOTLINPOET = {
    "src/main/kotlin/p/Spec.kt": '''
        package p

        import kotlin.reflect.KClass

        class ClassName(val name: String)

        enum class Modifier { INLINE, PRIVATE }

        class Builder {
            fun add(type: ClassName): Builder = this
            fun add(type: Class<*>): Builder = this
            fun add(type: KClass<*>): Builder = this
            fun mods(vararg modifiers: Modifier): Builder = this
            fun mods(modifiers: Iterable<Modifier>): Builder = this
        }

        fun use(b: Builder) {
            b.add(String::class)
        }

        fun java(b: Builder) {
            b.add(String::class.java)
        }

        fun modifiers(b: Builder) {
            b.mods(Modifier.INLINE)
        }
        ''',
}


async def test_a_kotlin_class_literal_picks_the_kclass_overload_and_an_unknown_argument_keeps_a_vararg(
        tmp_path: Path) -> None:
    # kotlinpoet: `AnnotationSpec.builder(Throws::class)` reached its ClassName, Class and ParameterizedTypeName
    # overloads beside the KClass one (304 calls), and `addModifiers(KModifier.INLINE)` only the Iterable overload,
    # never the vararg one that runs (193 calls).
    graph = await graph_of(tmp_path, KOTLINPOET)
    spec = "src/main/kotlin/p/Spec.kt"
    assert calls_from(graph, f"{spec}:use") == {(f"{spec}:Builder.add@12", "MEMBER")}  # (KClass<*>)
    assert calls_from(graph, f"{spec}:java") == {(f"{spec}:Builder.add@11", "MEMBER")}  # (Class<*>)
    assert calls_from(graph, f"{spec}:modifiers") == {(f"{spec}:Builder.mods", "MEMBER"),  # (vararg)
                                                      (f"{spec}:Builder.mods@14", "MEMBER")}


async def test_an_index_made_before_migration_81_parses_kotlin_files_with_class_literals_again(tmp_path: Path) -> None:
    files = {**KOTLINPOET, "src/main/kotlin/p/Other.kt": "package p\n\nfun other() = 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 81)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/main/kotlin/p/Spec.kt", "src/main/kotlin/p/Other.kt",
                                             "Kotlin class literals")
