"""Names that live in an inner scope of a file, and calls whose target depends on it: Rust's inline
`mod` blocks, Java overloads called with arguments of unknown type, Kotlin's overloads and lambdas
with a receiver (`apply { }`, `with(x) { }`), private declarations. Each project is indexed for real (tree-sitter,
SQLite) and holds the trap a by-name resolver falls into beside the cases that must resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, query, update_after_relink_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

RUST_INLINE_MODULES = {
    "src/lib.rs": '''
        pub mod parser;
        pub mod app;

        pub struct Foo;

        impl Foo {
            pub fn new() -> Self { Foo }
        }

        pub fn helper() {}

        fn parse() {}

        pub fn run() {
            outer_parse();
            let foo = Foo::new();
            foo.extra();
            inner::f();
            self::inner::f();
            inner::deeper::g();
            parse();
        }

        pub mod inner {
            use super::parse as outer_parse;

            pub fn f() {
                super::helper();
                local();
                outer_parse();
                deeper::g();
            }

            fn local() {}

            pub mod deeper {
                pub fn g() {
                    super::f();
                    super::super::helper();
                    crate::inner::local();
                }
            }
        }

        mod extra {
            use super::Foo;

            impl Foo {
                pub fn extra(&self) {}
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            struct Fixture;

            impl Fixture {
                fn new() -> Self { Fixture }
                fn check(&self) {}
            }

            fn new() -> u32 { 0 }

            fn parse() {}

            #[test]
            fn works() {
                helper();
                parse();
                new();
                Foo::new();
                let fixture = Fixture::new();
                fixture.check();
            }
        }
        ''',
    "src/parser.rs": '''
        pub fn parse() {}

        pub fn tokens() {
            parse();
            value::f();
            "text".tokens();
        }

        pub trait Tokens {
            fn tokens(&self);
        }

        impl Tokens for str {
            fn tokens(&self) {}
        }

        mod helpers {
            use crate::inner as value;

            pub fn direct() {
                value::f();
            }

            pub fn pairs(items: Vec<(u8, u8)>) {
                for (key, value) in items {
                    value.f();
                }
            }
        }

        mod tests {
            fn parse() {}

            fn tokens() {
                super::parse();
                parse();
            }
        }
        ''',
    "src/app.rs": '''
        use crate::inner::f;
        use crate::inner::deeper;

        pub fn go() {
            f();
            deeper::g();
            crate::inner::deeper::g();
            crate::parser::parse();
            crate::Foo::new();
        }
        ''',
}


async def test_rust_inline_modules_hold_their_own_names(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, RUST_INLINE_MODULES)
    lib = "src/lib.rs"
    # The file's own `parse` and `Foo::new`, never the ones of `mod tests`; `inner::f` by its path.
    # `impl Foo` inside `mod extra` adds to the file's Foo.
    assert calls_from(graph, f"{lib}:run") == {
        (f"{lib}:Foo.new", "MEMBER"), (f"{lib}:extra::Foo.extra", "MEMBER"), (f"{lib}:inner::f", "LOCAL"), (f"{lib}:inner::deeper::g", "LOCAL"),
        (f"{lib}:parse", "LOCAL")}
    # super:: is the file's module; a bare name is the block's own; `use super::parse as ..` inside the block.
    assert calls_from(graph, f"{lib}:inner::f") == {
        (f"{lib}:helper", "LOCAL"), (f"{lib}:inner::local", "LOCAL"), (f"{lib}:parse", "IMPORT"),
        (f"{lib}:inner::deeper::g", "LOCAL")}
    assert calls_from(graph, f"{lib}:inner::deeper::g") == {
        (f"{lib}:inner::f", "LOCAL"), (f"{lib}:helper", "LOCAL"), (f"{lib}:inner::local", "LOCAL")}
    # In `mod tests`: its own `parse`, `new` and `Fixture`; the file's `helper` and `Foo` through `use super::*`.
    assert calls_from(graph, f"{lib}:tests::works") == {
        (f"{lib}:helper", "IMPORT"), (f"{lib}:tests::parse", "LOCAL"), (f"{lib}:tests::new", "LOCAL"),
        (f"{lib}:Foo.new", "MEMBER"), (f"{lib}:tests::Fixture.new", "MEMBER"),
        (f"{lib}:tests::Fixture.check", "MEMBER")}
    parser = "src/parser.rs"
    # `value` is bound by a `use` inside `mod helpers` only, then a variable of a `for` pattern; the
    # `tokens` of `impl Tokens for str` is a method of str, not a function of the file.
    assert {(t, how) for t, how in calls_from(graph, f"{parser}:tokens") if how != "GUESS"} == {
        (f"{parser}:parse", "LOCAL")}
    assert calls_from(graph, f"{parser}:helpers::direct") == {(f"{lib}:inner::f", "IMPORT")}
    # (a value's `value.f()` is a method taking self: the function `inner::f` is not even a guess)
    assert calls_from(graph, f"{parser}:helpers::pairs") == set()
    assert calls_from(graph, f"{parser}:tests::tokens") == {(f"{parser}:parse", "LOCAL"),
                                                             (f"{parser}:tests::parse", "LOCAL")}
    assert calls_from(graph, "src/app.rs:go") == {
        (f"{lib}:inner::f", "IMPORT"), (f"{lib}:inner::deeper::g", "IMPORT"), (f"{parser}:parse", "IMPORT"),
        (f"{lib}:Foo.new", "MEMBER")}
    # `use crate::inner::f` imports lib.rs (the file holding the block), never a node that is no file.
    imports = {t for s, kind, t, how in graph if s == "src/app.rs" and kind == "IMPORTS"}
    assert imports == {lib}
    # No definition of a block is a method, and none is taken for the file's: `tests::new` is a function.
    assert not {t for s, kind, t, how in graph if t in (f"{lib}:new", f"{lib}:Fixture.new")}


def methods_by_signature(db: Path, file_like: str) -> dict[str, str]:
    """`name(params)` as written -> node id, for the methods of the files matching `file_like`."""
    rows = query(db, "SELECT id, name, signature FROM code_nodes WHERE file_path LIKE ? AND node_type = 'METHOD'",
                 (file_like,))
    return {f"{name}({signature.split('(', 1)[1].split(')', 1)[0]})": node.removeprefix("p:")
            for node, name, signature in rows}


JAVA_UNKNOWN_ARGUMENTS = {
    "src/main/java/com/acme/io/Base.java": '''
        package com.acme.io;

        public class Base {
            public void write(String text) {}
            public void print(String text) {}
        }
        ''',
    "src/main/java/com/acme/io/Writer.java": '''
        package com.acme.io;

        import java.lang.reflect.Type;

        public class Writer extends Base {
            public void write(long number) {}
            public void print(Object value) {}
            public void value(String text) {}
            public void value(long number) {}
            public void value(Boolean flag) {}
            public void name(String text) {}
            public void name(String text, int depth) {}
            public void emit(Object value, Type type) {}
            public void emit(Object value, Appendable out) {}
        }
        ''',
    "src/main/java/com/acme/io/Use.java": '''
        package com.acme.io;

        public class Use {
            void unknown(Writer out, Holder holder) { out.value(holder.label()); }
            void known(Writer out) { out.value("x"); }
            void single(Writer out, Holder holder) { out.name(holder.label()); }
            void inherited(Writer out, Holder holder) { out.write(holder.label()); }
            void inheritedKnown(Writer out) { out.write("s"); }
            void moreSpecificInBase(Writer out) { out.print("s"); }
            void concatenated(Writer out, Holder holder) { out.value("n=" + holder.label()); }
            void byType(Writer out, java.lang.reflect.Type type) { out.emit(this, type); }
            void declared(Writer out) { Object text = new String("s"); out.print(text); }
        }
        ''',
    "src/main/java/com/acme/io/Holder.java": '''
        package com.acme.io;

        public class Holder {
            public String label() { return ""; }
        }
        ''',
}


async def test_a_java_argument_of_unknown_type_never_picks_one_overload_of_several(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, JAVA_UNKNOWN_ARGUMENTS)
    method = methods_by_signature(tmp_path / "vault.db", "%/io/%")
    use = "src/main/java/com/acme/io/Use.java:Use"

    def reached(name: str) -> set[tuple[str, str]]:
        return {(t, how) for t, how in calls_from(graph, f"{use}.{name}") if "Holder" not in t}

    # A call's result as the argument: each one-argument `value` can be the one; not one of them alone.
    assert reached("unknown") == {(method["value(String text)"], "MEMBER"), (method["value(long number)"], "MEMBER"),
                                  (method["value(Boolean flag)"], "MEMBER")}
    assert reached("known") == {(method["value(String text)"], "MEMBER")}
    assert reached("single") == {(method["name(String text)"], "MEMBER")}  # the only one taking one argument
    # The base's overloads are overloads too: Writer.write(long) does not hide Base.write(String).
    assert reached("inherited") == {(method["write(long number)"], "MEMBER"), (method["write(String text)"], "MEMBER")}
    assert reached("inheritedKnown") == {(method["write(String text)"], "MEMBER")}
    # javac takes the most specific of all: the base's print(String) over Writer's print(Object).
    assert reached("moreSpecificInBase") == {(method["print(String text)"], "MEMBER")}
    assert reached("concatenated") == {(method["value(String text)"], "MEMBER")}  # "n=" + x is a String
    # A java.lang.reflect.Type is no Appendable (gson's toJson(Object, Type) and toJson(Object, Appendable)).
    # A variable's static type is the one it is declared with, not what it is assigned.
    assert reached("declared") == {(method["print(Object value)"], "MEMBER")}
    assert reached("byType") == {(method["emit(Object value, Type type)"], "MEMBER")}


KOTLIN = {
    "src/main/kotlin/com/acme/kt/Sink.kt": '''
        package com.acme.kt

        interface Flushable {
            @Throws(IllegalStateException::class)
            fun flush()
        }

        class Sink : Flushable {
            fun write(text: String): Sink = this
            fun write(number: Long): Sink = this
            fun write(bytes: ByteArray, offset: Int = 0): Sink = this
            override fun flush() {}
        }
        ''',
    "src/main/kotlin/com/acme/kt/Options.kt": '''
        package com.acme.kt

        class Options {
            companion object {
                fun of(vararg names: String): Options = Options()
            }
        }
        ''',
    "src/main/kotlin/com/acme/kt/Strings.kt": '''
        package com.acme.kt

        fun of(vararg bytes: Byte): String = ""
        ''',
    "src/main/kotlin/com/acme/kt/Page.kt": '''
        package com.acme.kt

        import com.acme.kt.Options.Companion.of

        class Page {
            fun render(sink: Sink, other: Other, unknown: Any) {
                sink.write("text")
                sink.write(42L)
                sink.write(ByteArray(1), offset = 2)
                sink.write(other.label())
            }

            fun imported() = of("a", "b")

            fun constructed(sink: Sink) {
                val bytes = ByteArray(8)
                sink.write(bytes)
            }

            fun scoped(sink: Sink, stranger: Stranger) {
                sink.apply {
                    write("a")
                    flush()
                    helper()
                    this.flush()
                }
                with(sink) { flush() }
                sink.also { it.flush() }
                stranger.apply { flush() }
                stranger.let { it.flush() }
                buildString { append("x"); Other() }
            }

            fun flush() {}
            fun helper() {}
            fun append(text: String) {}
        }

        class Other {
            fun label(): String = ""
        }
        ''',
}


async def test_kotlin_overloads_by_argument_types_and_lambdas_with_a_receiver(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, KOTLIN)
    sink = methods_by_signature(tmp_path / "vault.db", "%/Sink.kt")
    kt = "src/main/kotlin/com/acme/kt"
    page = f"{kt}/Page.kt:Page"
    assert calls_from(graph, f"{page}.render") == {
        (sink["write(text: String)"], "MEMBER"), (sink["write(number: Long)"], "MEMBER"),
        (sink["write(bytes: ByteArray, offset: Int = 0)"], "MEMBER"),  # named: the two-argument one
        ("src/main/kotlin/com/acme/kt/Page.kt:Other.label", "MEMBER")}
    # `sink.write(other.label())`: a call's result, either one-argument write (already counted above).
    # An import of a companion's member comes before the package's top-level `of`.
    assert calls_from(graph, f"{page}.imported") == {(f"{kt}/Options.kt:Options.of", "IMPORT")}
    # `val bytes = ByteArray(8)`: a ByteArray (Kotlin names a constructor after its class).
    assert calls_from(graph, f"{page}.constructed") == {(sink["write(bytes: ByteArray, offset: Int = 0)"], "MEMBER")}
    # Sink's flush overrides Flushable's (whose signature is under an annotation line): never both.
    # Inside sink.apply { }: Sink's write and flush, not Page's flush; Page's helper (Sink has none).
    # with(sink) and it in also: Sink's flush. A receiver of an unknown type: Page's flush is only a guess.
    # buildString's receiver is a StringBuilder: Page's append is a guess; Other() constructs Other.
    assert calls_from(graph, f"{page}.scoped") == {
        (sink["write(text: String)"], "MEMBER"), (f"{kt}/Sink.kt:Sink.flush", "MEMBER"), (f"{page}.helper", "LOCAL"),
        (f"{page}.flush", "GUESS"), (f"{kt}/Sink.kt:Flushable.flush", "GUESS"), (f"{page}.append", "GUESS"),
        (f"{kt}/Page.kt:Other", "LOCAL")}


async def test_a_private_jvm_declaration_is_reached_from_its_own_file_alone(tmp_path: Path) -> None:
    """okio's audit: 705 `x.toLong()` calls were guessed to be mingw's `private fun LARGE_INTEGER.toLong()`; jsoup's
    and commons-lang's calls of a public overload also reached a private one of another file (`remove(int)`)."""
    graph = await graph_of(tmp_path, {
        "src/main/kotlin/okio/WindowsFileHandle.kt": '''
            package okio

            class WindowsFileHandle {
                fun size(): Long = LARGE_INTEGER().toLong()
                private fun LARGE_INTEGER.toLong(): Long = 0L
            }
            class LARGE_INTEGER
            ''',
        "src/main/kotlin/okio/Buffer.kt": '''
            package okio

            class Buffer(private val stream: java.io.InputStream) {
                var offset = 0
                fun grow(count: Int) = stream.skip(1).toLong() + offset.toLong() + pad(1)
            }
            private fun pad(n: Int): Long = n.toLong()
            ''',
        "src/main/java/org/jsoup/Attributes.java": '''
            package org.jsoup;

            public class Attributes {
                public void remove(String key) { remove(0); }
                private void remove(int index) { }
            }
            ''',
        "src/test/java/org/jsoup/AttributesTest.java": '''
            package org.jsoup;

            class AttributesTest {
                void removes(Attributes attributes) { attributes.remove(Keys.any()); }
            }
            ''',
    })
    assert calls_from(graph, "src/main/kotlin/okio/WindowsFileHandle.kt:WindowsFileHandle.size") == {
        ("src/main/kotlin/okio/WindowsFileHandle.kt:LARGE_INTEGER", "LOCAL"),
        ("src/main/kotlin/okio/WindowsFileHandle.kt:WindowsFileHandle.toLong", "MEMBER")}  # (its own file's)
    assert calls_from(graph, "src/main/kotlin/okio/Buffer.kt:Buffer.grow") == {
        ("src/main/kotlin/okio/Buffer.kt:pad", "LOCAL")}
    assert calls_from(graph, "src/test/java/org/jsoup/AttributesTest.java:AttributesTest.removes") == {
        ("src/main/java/org/jsoup/Attributes.java:Attributes.remove", "MEMBER")}


async def test_a_kotlin_function_hidden_from_its_caller_is_no_target(tmp_path: Path) -> None:
    """okio's re-audit: Java's `buffer.size()` reached `@JvmName("-deprecated_size") fun size()`, which no Java code
    can name (7 calls), and moshi's `moshi.adapter<T>(type)` a `DeprecationLevel.HIDDEN` extension beside the member."""
    graph = await graph_of(tmp_path, {
        "okio/src/main/kotlin/okio/Buffer.kt": '''
            package okio

            class Buffer {
                @JvmName("-deprecated_size")
                @Deprecated(message = "moved to val", level = DeprecationLevel.ERROR)
                fun size(): Long = 0L

                fun adapter(type: String): String = type
            }

            @Deprecated("Use the member instead", level = DeprecationLevel.HIDDEN)
            fun Buffer.adapter(type: Int): String = ""

            fun use(buffer: Buffer) = buffer.size() + buffer.adapter("x").length
            ''',
        "samples/src/main/java/okio/samples/Marker.java": '''
            package okio.samples;

            import okio.Buffer;

            class Marker {
                long mark(Buffer buffer) { return buffer.size(); }
            }
            ''',
    })
    assert calls_from(graph, "samples/src/main/java/okio/samples/Marker.java:Marker.mark") == set()
    assert calls_from(graph, "okio/src/main/kotlin/okio/Buffer.kt:use") == {
        ("okio/src/main/kotlin/okio/Buffer.kt:Buffer.adapter", "MEMBER")}

async def test_a_jvm_package_split_over_modules_sees_its_other_modules_classes(tmp_path: Path) -> None:
    """okio's audit: okio-testing-support's files of package `okio` use okio's `Buffer` and `FileSystem` without an
    import (608 calls reached nothing); a class of the file's own module and package comes first."""
    graph = await graph_of(tmp_path, {
        "okio/src/commonMain/kotlin/okio/Buffer.kt": "package okio\n\nclass Buffer {\n    fun size(): Long = 0L\n}\n",
        "okio/src/commonMain/kotlin/okio/Helper.kt": "package okio\n\nclass Helper {\n    fun help() {}\n}\n",
        "okio-testing-support/src/commonMain/kotlin/okio/Helper.kt":
            "package okio\n\nclass Helper {\n    fun help() {}\n}\n",
        "okio-testing-support/src/commonMain/kotlin/okio/AbstractFileSystemTest.kt": '''
            package okio

            abstract class AbstractFileSystemTest {
                fun sizes(): Long {
                    Helper().help()
                    return Buffer().size()
                }
            }
            ''',
        "other/src/main/kotlin/elsewhere/Buffer.kt":
            "package elsewhere\n\nclass Buffer {\n    fun size(): Long = 1L\n}\n",
    })
    support = "okio-testing-support/src/commonMain/kotlin/okio"
    assert calls_from(graph, f"{support}/AbstractFileSystemTest.kt:AbstractFileSystemTest.sizes") == {
        ("okio/src/commonMain/kotlin/okio/Buffer.kt:Buffer", "IMPORT"),
        ("okio/src/commonMain/kotlin/okio/Buffer.kt:Buffer.size", "MEMBER"),
        (f"{support}/Helper.kt:Helper", "LOCAL"), (f"{support}/Helper.kt:Helper.help", "MEMBER")}

async def test_an_index_made_before_migration_107_links_java_and_kotlin_again(tmp_path: Path) -> None:
    files = {"src/A.java": "class A { private void f() { } }\n", "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 107)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "src/A.java", "tools/build.py", "no private declaration")
