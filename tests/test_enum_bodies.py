"""An enum constant with a body (Java) or an enum entry with one (Kotlin) is a class of its own, extending the enum:
its methods are its own, not every constant's, and a nested class reads the fields of the classes around it by their
bare names. jsoup's audit: `anythingElse(t, tb)` in one constant's `process` reached all eight constants'
`anythingElse` methods, each edge sure and seven wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

JAVA_STATES = {
    "src/main/java/p/State.java": '''
        package p;

        enum State {
            Initial {
                boolean process(Builder tb) {
                    if (isWhite(tb)) return true;
                    tb.emit(replacement);
                    return anythingElse(tb);
                }

                private boolean anythingElse(Builder tb) {
                    return tb.insert("html");
                }
            },
            BeforeHead {
                boolean process(Builder tb) {
                    Initial.process(tb);
                    Initial.helper();
                    return anythingElse(tb);
                }

                private boolean anythingElse(Builder tb) {
                    return helper();
                }
            },
            Plain;

            static final char replacement = '?';

            boolean process(Builder tb) { return false; }

            static boolean isWhite(Builder tb) { return tb != null; }

            boolean helper() { return true; }
        }
        ''',
    "src/main/java/p/Builder.java": '''
        package p;

        class Builder {
            State state = State.Initial;
            boolean insert(String name) { return true; }
            void emit(char c) { }
            void emit(String text) { }
            boolean run() { return State.BeforeHead.process(this) && state.process(this); }
        }
        ''',
}

STATE = "src/main/java/p/State.java:State"


async def test_a_java_enum_constants_body_holds_its_own_methods(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, JAVA_STATES)
    assert calls_from(graph, f"{STATE}.Initial.process") == {
        (f"{STATE}.isWhite", "LOCAL"),  # the enum's static method, by its bare name
        (f"{STATE}.Initial.anythingElse", "LOCAL"),  # its own, not BeforeHead's
        ("src/main/java/p/Builder.java:Builder.emit", "MEMBER"),  # emit(char): the enum's field `replacement`
    }
    assert calls_from(graph, f"{STATE}.BeforeHead.process") == {
        (f"{STATE}.Initial.process", "MEMBER"),  # `Initial.process(tb)`: that constant's own
        (f"{STATE}.helper", "MEMBER"),  # `Initial.helper()`: inherited from the enum
        (f"{STATE}.BeforeHead.anythingElse", "LOCAL"),
    }
    assert calls_from(graph, f"{STATE}.BeforeHead.anythingElse") == {(f"{STATE}.helper", "LOCAL")}
    # A call on a value of the enum's type is the enum's method, as a call on a class's is the class's.
    assert calls_from(graph, "src/main/java/p/Builder.java:Builder.run") == {
        (f"{STATE}.BeforeHead.process", "MEMBER"), (f"{STATE}.process", "MEMBER")}
    inherits = {(source, target) for source, kind, target, _how in graph if kind == "INHERITS"}
    assert inherits == {(f"{STATE}.Initial", STATE), (f"{STATE}.BeforeHead", STATE)}


async def test_a_java_inner_class_reads_the_fields_of_the_class_around_it(tmp_path: Path) -> None:
    """jsoup's Cleaner.CleaningVisitor called `safelist.isSafeTag(..)` on its outer class's field: a guess of every
    `isSafeTag`, a test's subclass's among them."""
    graph = await graph_of(tmp_path, {
        "src/Safelist.java": "class Safelist { boolean isSafeTag(String tag) { return true; } }\n",
        "src/OpenSafelist.java": "class OpenSafelist { boolean isSafeTag(String tag) { return false; } }\n",
        "src/Cleaner.java": '''
            class Cleaner {
                private final Safelist safelist;
                Cleaner(Safelist safelist) { this.safelist = safelist; }

                private final class CleaningVisitor {
                    boolean head(String name) { return safelist.isSafeTag(name); }
                }
            }
            ''',
    })
    assert calls_from(graph, "src/Cleaner.java:Cleaner.CleaningVisitor.head") == {
        ("src/Safelist.java:Safelist.isSafeTag", "MEMBER")}


async def test_a_kotlin_enum_entrys_body_holds_its_own_functions(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, {"src/Op.kt": '''
        package p

        enum class Op {
            PLUS {
                override fun apply(a: Int, b: Int): Int = helper(a) + b
                fun helper(x: Int): Int = x
            },
            TIMES {
                override fun apply(a: Int, b: Int): Int = helper(a) * b
                fun helper(x: Int): Int = shared(x)
            };

            abstract fun apply(a: Int, b: Int): Int
            fun shared(x: Int): Int = x
        }
        '''})
    assert calls_from(graph, "src/Op.kt:Op.PLUS.apply") == {("src/Op.kt:Op.PLUS.helper", "LOCAL")}
    assert calls_from(graph, "src/Op.kt:Op.TIMES.apply") == {("src/Op.kt:Op.TIMES.helper", "LOCAL")}
    assert calls_from(graph, "src/Op.kt:Op.TIMES.helper") == {("src/Op.kt:Op.shared", "LOCAL")}
    assert ("src/Op.kt:Op.PLUS", "INHERITS", "src/Op.kt:Op", "LOCAL") in graph


async def test_an_index_made_before_migration_105_parses_java_and_kotlin_again(tmp_path: Path) -> None:
    files = {**JAVA_STATES, "src/main/python/plain.py": "def run():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 105)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/main/java/p/State.java", "src/main/python/plain.py",
                                             "enum constants with a body")
