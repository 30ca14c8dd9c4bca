"""What a Rust receiver holds when no `let` declares it: a `for` loop's items (an `impl Iterator`'s `type Item`),
a field of a field, a closure's parameter inside its closure only. Each project is indexed for real (tree-sitter,
SQLite) and holds the trap beside the cases that must resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.enums import IndexStatus
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio


PARENTS = {
    "src/lib.rs": "mod dir;\nmod gitignore;\n",
    "src/gitignore.rs": '''
        pub struct Gitignore;
        impl Gitignore {
            pub fn matched(&self, path: &str) -> bool { true }
        }
        pub struct Override;
        impl Override {
            pub fn matched(&self, path: &str) -> bool { false }
        }
        ''',
    "src/dir.rs": '''
        use std::sync::Arc;
        use crate::gitignore::{Gitignore, Override};

        pub struct Ignore(Arc<IgnoreInner>);

        struct IgnoreInner {
            ignore_matcher: Gitignore,
            overrides: Override,
            is_absolute_parent: bool,
        }

        pub struct IgnoreRef<'a> {
            inner: &'a IgnoreInner,
        }

        pub struct Parents<'a>(Option<IgnoreRef<'a>>);

        impl<'a> Iterator for Parents<'a> {
            type Item = IgnoreRef<'a>;
            fn next(&mut self) -> Option<IgnoreRef<'a>> { self.0.take() }
        }

        impl Ignore {
            pub fn parents(&self) -> Parents<'_> { Parents(None) }

            pub fn matched_ignore(&self, path: &str) -> bool {
                let mut m = false;
                for ig in self.parents().take_while(|ig| !ig.inner.is_absolute_parent) {
                    m = ig
                        .inner
                        .ignore_matcher
                        .matched(path);
                }
                m
            }

            pub fn in_a_closure(&self, path: &str) -> bool {
                self.parents().any(|ig| ig.inner.overrides.matched(path))
            }

            pub fn mapped(&self, path: &str) -> bool {
                let mut m = false;
                for ig in self.parents().map(|p| p.other()) {
                    m = ig.inner.ignore_matcher.matched(path);
                }
                m
            }
        }
        ''',
}


async def test_a_for_loops_variable_holds_the_items_of_what_it_iterates(tmp_path: Path) -> None:
    # ripgrep's dir.rs: `for ig in self.parents().take_while(|ig| ..) { ig.inner.custom_ignore_matcher.matched(..) }`,
    # `fn parents(&self) -> Parents<'_>` and `impl Iterator for Parents<'a> { type Item = IgnoreRef<'a>; .. }`.
    graph = await graph_of(tmp_path, PARENTS)
    assert calls_from(graph, "src/dir.rs:Ignore.matched_ignore") == {
        ("src/dir.rs:Ignore.parents", "MEMBER"), ("src/gitignore.rs:Gitignore.matched", "MEMBER")}
    # A closure's `|ig|` is unknown (what `any` passes is not read), and `map` makes other items: guesses only.
    assert not {target for target, how in calls_from(graph, "src/dir.rs:Ignore.in_a_closure")
                if how != "GUESS" and target.endswith(".matched")}
    assert not {target for target, how in calls_from(graph, "src/dir.rs:Ignore.mapped")
                if how != "GUESS" and target.endswith(".matched")}


async def test_a_qualified_symbol_tells_its_untyped_uses_with_guesses_too(tmp_path: Path) -> None:
    # ripgrep's `Gitignore.matched` said "113 other uses of 'matched' are tied to no definition", and with guesses
    # "No call, import or base class of 'Gitignore.matched' is recorded".
    files = {"src/lib.rs": '''
        pub struct Gitignore;
        impl Gitignore {
            pub fn matched(&self) -> bool { true }
        }
        pub struct Other;
        impl Other {
            pub fn matched(&self) -> bool { true }
        }
        pub struct Third;
        impl Third {
            pub fn matched(&self) -> bool { true }
        }
        pub struct Fourth;
        impl Fourth {
            pub fn matched(&self) -> bool { true }
        }
        pub fn untyped(x: Vec<u8>) -> bool { x.matched() }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        plain = await service.find_references("p", "Gitignore.matched")
        guessed = await service.find_references("p", "Gitignore.matched", include_guesses=True)
    assert not plain.references and not guessed.references
    assert plain.note is not None and "1 other use of 'matched' is tied to no definition" in plain.note
    assert guessed.note == plain.note


async def test_a_call_on_a_field_written_over_several_lines_is_typed(tmp_path: Path) -> None:
    # serde_json's ser.rs:159 and 173, as rustfmt writes them in a match arm: `FpCategory::Nan | .. => self\n
    # .formatter\n.write_null(..)` was unresolved, while `self.formatter.write_null()` on one line resolved.
    files = {"src/lib.rs": '''
        pub trait Formatter {
            fn write_null(&mut self) -> u32 { 0 }
            fn write_f32(&mut self, value: f32) -> u32 { 1 }
        }

        pub struct Compact;
        impl Formatter for Compact {
            fn write_null(&mut self) -> u32 { 2 }
        }

        pub struct Serializer<F> {
            formatter: F,
        }

        impl<F: Formatter> Serializer<F> {
            pub fn serialize_f32(&mut self, value: f32) -> u32 {
                match value.classify() {
                    FpCategory::Nan | FpCategory::Infinite => self
                        .formatter
                        .write_null(),
                    _ => self
                        .formatter
                        .write_f32(value),
                }
            }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "Formatter.write_null")
    assert {(hit.line, hit.enclosing, hit.resolution) for hit in answer.references} == {
        (20, "Serializer.serialize_f32", "MEMBER")}


async def test_a_path_call_through_a_bounded_type_parameter_is_the_bounds_method(tmp_path: Path) -> None:
    # serde_json's read.rs:771, `impl<'de, R> Read<'de> for &mut R where R: Read<'de> { fn peek(&mut self) ..
    # { R::peek(self) } }`: the call was no reference of Read.peek. An unbounded parameter's stays a guess.
    graph = await graph_of(tmp_path, {"src/lib.rs": '''
        pub trait Read<'de> {
            fn peek(&mut self) -> u8;
        }

        pub struct SliceRead;
        impl<'de> Read<'de> for SliceRead {
            fn peek(&mut self) -> u8 { 0 }
        }

        impl<'de, R> Read<'de> for &mut R
        where
            R: Read<'de>,
        {
            fn peek(&mut self) -> u8 {
                R::peek(self)
            }
        }

        pub fn bounded<'de, T: Read<'de>>(t: &mut T) -> u8 { T::peek(t) }

        pub fn unbounded<T>(t: &mut T) -> u8 { T::peek(t) }
        '''})
    read_peek = {("src/lib.rs:Read.peek", "MEMBER")}
    assert calls_from(graph, "src/lib.rs:R.peek") == read_peek
    assert calls_from(graph, "src/lib.rs:bounded") == read_peek
    assert not {target for target, how in calls_from(graph, "src/lib.rs:unbounded") if how != "GUESS"}


CRATE_ROOT = {
    "Cargo.toml": '[package]\nname = "serde-json"\nversion = "1.0.0"\n\n[lib]\nname = "serde_json"\n',
    "src/lib.rs": "mod de;\n\npub use crate::de::{from_str, Deserializer};\n",
    "src/de.rs": '''
        pub struct Deserializer;

        impl Deserializer {
            pub fn from_str(s: &str) -> Deserializer { Deserializer }
        }

        pub fn from_str(s: &str) -> u32 { 1 }
        ''',
    "tests/test.rs": '''
        #[test]
        fn parses() {
            serde_json::from_str("1");
            serde_json::Deserializer::from_str("1");
        }
        ''',
}


async def test_a_path_from_the_crates_own_name_starts_at_its_root(tmp_path: Path) -> None:
    # serde_json's `serde_json::from_str`, the path its tests and users write: "Nothing named 'serde_json.from_str'
    # is defined or called". lib.rs re-exports it (`pub use crate::de::{from_str, ..}`); the crate's name is its
    # Cargo.toml's (`[lib] name`, else the package's).
    async with indexed_project(tmp_path, CRATE_ROOT, "p") as service:
        symbol = await service.find_symbol("p", "serde_json::from_str")
        references = await service.find_references("p", "serde_json::from_str")
        method = await service.find_references("p", "serde_json::Deserializer::from_str")
        code = await service.read_code("p", symbol="serde_json::from_str")
        module = await service.find_symbol("p", "serde_json::de::from_str")
    assert [(hit.file_path, hit.line, hit.kind) for hit in symbol.definitions] == [("src/de.rs", 7, "function")]
    assert [(hit.file_path, hit.line, hit.target) for hit in references.references if hit.kind == "CALLS"] == [
        ("tests/test.rs", 3, "src/de.rs:from_str")]
    assert [(hit.file_path, hit.line, hit.target) for hit in method.references] == [
        ("tests/test.rs", 4, "src/de.rs:Deserializer.from_str")]
    assert code.file_path == "src/de.rs" and "pub fn from_str(s: &str) -> u32" in code.text
    assert [(hit.file_path, hit.line) for hit in module.definitions] == [("src/de.rs", 7)]


async def test_a_dereferenced_self_in_an_impl_for_a_pointer_is_the_bounded_parameter(tmp_path: Path) -> None:
    # ripgrep's sink.rs:260 and 313: `impl<'a, S: Sink> Sink for &'a mut S` and `impl<S: Sink + ?Sized> Sink for
    # Box<S>` forward each method as `(**self).binary_data(..)`: they were no references of Sink.binary_data.
    graph = await graph_of(tmp_path, {"src/lib.rs": '''
        pub trait Sink {
            fn binary_data(&mut self, offset: u64) -> bool { true }
        }

        pub struct Printer;
        impl Sink for Printer {
            fn binary_data(&mut self, offset: u64) -> bool { false }
        }

        impl<'a, S: Sink> Sink for &'a mut S {
            fn binary_data(&mut self, offset: u64) -> bool {
                (**self).binary_data(offset)
            }
        }

        impl<S: Sink + ?Sized> Sink for Box<S> {
            fn binary_data(&mut self, offset: u64) -> bool {
                (**self).binary_data(offset)
            }
        }

        impl Printer {
            pub fn again(&mut self) -> bool { (*self).binary_data(0) }
        }
        '''})
    trait_method = {("src/lib.rs:Sink.binary_data", "MEMBER")}
    assert calls_from(graph, "src/lib.rs:S.binary_data") == trait_method
    assert calls_from(graph, "src/lib.rs:Box.binary_data") == trait_method
    # In an impl for the type itself, `*self` is the type: its own method.
    assert calls_from(graph, "src/lib.rs:Printer.again") == {("src/lib.rs:Printer.binary_data", "MEMBER")}


async def test_a_name_a_struct_pattern_binds_is_a_value_not_a_path(tmp_path: Path) -> None:
    # serde_json's ser.rs:654, `Compound::Map { ser, .. } => { ser\n.formatter\n.begin_object_value(..) }`: read
    # whole, `ser.formatter` was taken for a path `ser::formatter` and the call lost its guesses.
    # (serde's `ser` module is imported there too: `use serde::ser::{self, ..}`)
    graph = await graph_of(tmp_path, {"src/lib.rs": '''
        use serde::ser::{self, Impossible};

        pub struct Pretty;
        impl Pretty {
            pub fn begin_object_value(&mut self) {}
        }

        pub enum Compound<'a> {
            Map { ser: &'a mut Pretty, state: u8 },
            Named { inner: &'a mut Pretty },
        }

        impl<'a> Compound<'a> {
            pub fn serialize_value(&mut self) {
                match self {
                    Compound::Map { ser, .. } => {
                        ser
                            .formatter
                            .begin_object_value();
                    }
                    Compound::Named { .. } => {}
                }
            }

            pub fn serialize_named(&mut self) {
                if let Compound::Named { inner: ser } = self {
                    ser.formatter.begin_object_value();
                }
            }
        }
        '''})
    for method in ("serialize_value", "serialize_named"):
        assert calls_from(graph, f"src/lib.rs:Compound.{method}") == {("src/lib.rs:Pretty.begin_object_value", "GUESS")}


# ripgrep's crates/ignore/src/incremental.rs: a test helper inside `mod tests` returns the type the module's own `use`
# names (the crate root re-exports it), and a test calls a method on what it returns.
BLOCK_HELPER = {
    "Cargo.toml": '[package]\nname = "walkx"\nversion = "0.1.0"\n',
    "src/lib.rs": "mod walk;\nmod incremental;\n\npub use crate::walk::WalkBuilder;\n",
    "src/walk.rs": '''
        pub struct WalkBuilder {
            hidden: bool,
        }

        impl WalkBuilder {
            pub fn new(path: &str) -> WalkBuilder {
                WalkBuilder { hidden: true }
            }

            pub fn hidden(&mut self, yes: bool) -> &mut WalkBuilder {
                self.hidden = yes;
                self
            }
        }
        ''',
    "src/incremental.rs": '''
        #[cfg(test)]
        mod tests {
            use crate::{WalkBuilder};

            fn builder(path: &str) -> WalkBuilder {
                WalkBuilder::new(path)
            }

            #[test]
            fn hidden_files() {
                let mut b = builder("x");
                b.hidden(false);
            }
        }
        ''',
}


async def test_a_function_in_an_inline_module_returns_the_type_its_modules_use_names(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, BLOCK_HELPER, "p") as service:
        answer = await service.find_references("p", "WalkBuilder.hidden")
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/incremental.rs", 12, "MEMBER")]


async def test_an_index_made_before_links_its_rust_files_again(tmp_path: Path) -> None:
    """Migration 43: the next update links the Rust files again (none parsed again)."""
    files = {**BLOCK_HELPER, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 43,
                                        "DELETE FROM code_edges WHERE source_id LIKE '%tests::hidden_files'")
    hashes = query(db, "SELECT file_path, file_hash FROM coderag_files")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("p")
        assert status.status is IndexStatus.STALE and "inline module" in (status.error_message or "")
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
        assert linked["tool.sh"] == 1 and linked["src/incremental.rs"] == 0
        await service.update_index("p", background=False)
        answer = await service.find_references("p", "WalkBuilder.hidden")
    assert [(hit.file_path, hit.line) for hit in answer.references] == [("src/incremental.rs", 12)]
    assert query(db, "SELECT file_path, file_hash FROM coderag_files") == hashes


COLLECTIONS = {
    "src/lib.rs": "mod gitignore;\nmod dir;\n",
    "src/gitignore.rs": '''
        pub struct Gitignore;
        impl Gitignore {
            pub fn matched(&self, path: &str) -> bool { true }
            pub fn path(&self) -> &str { "" }
        }
        ''',
    "src/dir.rs": '''
        use std::sync::Arc;
        use crate::gitignore::Gitignore;

        pub struct Override(Gitignore);

        impl Override {
            pub fn matched(&self, path: &str) -> bool {
                self.0.matched(path)
            }
        }

        struct IgnoreInner {
            explicit_ignores: Arc<Vec<Gitignore>>,
            names: Vec<String>,
        }

        pub struct Ignore {
            inner: Arc<IgnoreInner>,
        }

        impl Ignore {
            pub fn matched_ignore(&self, path: &str) -> bool {
                for gi in self.inner.explicit_ignores.iter().rev() {
                    if gi.matched(path) { return true; }
                }
                for name in &self.inner.names {
                    if name.matched(path) { return true; }
                }
                false
            }
        }

        pub fn first(globs: &[Gitignore], all: Vec<Gitignore>) -> &str {
            for g in all.into_iter() { g.matched("a"); }
            for g in globs { return g.path(); }
            ""
        }
        ''',
}


async def test_a_loop_over_a_collection_holds_its_elements_and_self_0_is_the_tuple_field(tmp_path: Path) -> None:
    # ripgrep's dir.rs `for gi in self.inner.explicit_ignores.iter().rev() { gi.matched(..) }` (a field
    # `Arc<Vec<Gitignore>>`) and overrides.rs `self.0.matched(..)` (`struct Override(Gitignore)`) were untold.
    async with indexed_project(tmp_path, COLLECTIONS, "p") as service:
        answer = await service.find_references("p", "Gitignore.matched")
        paths = await service.find_references("p", "Gitignore.path")
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/dir.rs", 8, "MEMBER"), ("src/dir.rs", 24, "MEMBER"), ("src/dir.rs", 34, "MEMBER")]
    # (a `Vec<String>`'s elements are a library's: line 27's `name.matched` is no call of Gitignore's)
    assert [(hit.line, hit.resolution) for hit in paths.references] == [(35, "MEMBER")]


async def test_an_index_made_before_reads_rust_collections_again(tmp_path: Path) -> None:
    """Migration 44: the Rust files are parsed again (the loop's and the tuple field's calls typed), others kept."""
    files = {**COLLECTIONS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 44)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/dir.rs", "tool.sh", "Rust loops over collections")
        answer = await service.find_references("mixed", "Gitignore.matched")
    assert [hit.line for hit in answer.references] == [8, 24, 34]


OPTIONS = {
    "src/lib.rs": '''
        use std::sync::Arc;

        pub struct Matcher;
        impl Matcher {
            pub fn find(&self) -> bool { true }
        }

        pub struct Searcher {
            matcher: Option<Arc<Matcher>>,
            name: Option<String>,
        }

        impl Searcher {
            pub fn run(&self, parsed: std::io::Result<Matcher>) -> bool {
                if let Some(m) = &self.matcher {
                    m.find();
                }
                if let Some(n) = &self.name {
                    n.find();
                }
                let found = match parsed {
                    Ok(args) => args.find(),
                    Err(_) => false,
                };
                let Some(last) = &self.matcher else { return found };
                last.find()
            }
        }
        ''',
}


async def test_a_name_some_or_ok_binds_holds_what_the_option_or_result_holds(tmp_path: Path) -> None:
    # serde_json's `match self.value { Some(other) => .. other.unexpected() }` (`value: Option<Value>`) and
    # ripgrep's `match result { ParseResult::Ok(args) => args }` were untold receivers: guesses by name.
    async with indexed_project(tmp_path, OPTIONS, "p") as service:
        answer = await service.find_references("p", "Matcher.find")
    # (`n` holds a String, a library's: line 19 is no call of Matcher's)
    assert [(hit.line, hit.resolution) for hit in answer.references] == [(16, "MEMBER"), (22, "MEMBER"),
                                                                          (26, "MEMBER")]


async def test_ref_bindings_and_views_of_an_option_hold_what_it_holds(tmp_path: Path) -> None:
    # ripgrep's `if let Some(ref mut stats) = self.stats { stats.add_matches(..) }` and `if let Some(s) =
    # self.stats.as_mut()`: guesses only (a re-audit's questions); and a variable named like a macro hides no macro
    # (tracing's `Err(ref error) => error!(..)`).
    files = {
        "Cargo.toml": '[package]\nname = "rg"\n',
        "src/lib.rs": '''
            #[macro_export]
            macro_rules! error {
                ($($t:tt)*) => {};
            }

            pub struct Stats;
            impl Stats {
                pub fn add_matches(&mut self, n: u64) {}
            }

            pub struct Searcher {
                stats: Option<Stats>,
            }

            impl Searcher {
                pub fn search(&mut self, result: Result<u64, String>) {
                    if let Some(ref mut stats) = self.stats {
                        stats.add_matches(1);
                    }
                    if let Some(s) = self.stats.as_mut() {
                        s.add_matches(2);
                    }
                    match result {
                        Err(ref error) => error!("failed: {}", error),
                        Ok(_) => {}
                    }
                }

                pub fn finish(&mut self) {
                    if let Some(ref mut stats) = self.stats {
                        stats.add_matches(3);
                    }
                    let stats = self.stats.take().unwrap();
                }
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        stats = await service.find_references("p", "Stats.add_matches")
        macro = await service.find_references("p", "error")
    # (ripgrep's SummarySink.finish binds `stats` again by a `let` after its `if let`: the `if let`'s block is its own)
    assert [(hit.line, hit.resolution) for hit in stats.references] == [(18, "MEMBER"), (21, "MEMBER"),
                                                                         (31, "MEMBER")]
    assert [(hit.line, hit.resolution) for hit in macro.references if hit.kind == "CALLS"] == [(24, "LOCAL")]


VALUE_CALLS = {
    "src/output.rs": '''
        pub enum OutputType { Stdout }

        impl OutputType {
            pub(crate) fn stdout() -> Self { OutputType::Stdout }
            pub(crate) fn is_pager(&self) -> bool { false }
        }
        ''',
    "src/vscreen.rs": "pub fn join(parts: &[&str]) -> String { String::new() }\n",
    "tests/integration_tests.rs": '''
        use assert_cmd::Command;

        #[test]
        fn basic() {
            Command::cargo_bin("bat").unwrap().arg("a").assert().success().stdout("x");
            let file = tempfile().path().join("name");
            make_output().is_pager();
        }
        ''',
}


async def test_a_call_on_a_value_nobody_types_guesses_only_methods_taking_self(tmp_path: Path) -> None:
    """bat's audit: 248 assert_cmd `.stdout(..)` calls were guessed to be `OutputType::stdout()`, which takes no
    `self`, and 57 `path.join(..)` its free function `vscreen::join`: a value's method takes `self`."""
    graph = await graph_of(tmp_path, VALUE_CALLS)
    assert calls_from(graph, "tests/integration_tests.rs:basic") == {("src/output.rs:OutputType.is_pager", "GUESS")}
