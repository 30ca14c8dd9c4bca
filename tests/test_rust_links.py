"""How Rust references find their definitions across a crate (rust_graph.py): which type an `impl` block is of
when several share a name, what a `use` inside a function binds, re-exports through the crate root, the crate's
own name and a workspace's other crates, and receivers typed by a generic bound. Each project is indexed for real
(tree-sitter, SQLite) and holds the trap beside the cases that must resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, update_after_relink_migration,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio


def private_config(field: str, builder: str) -> str:
    return f'''
        use std::fmt;

        struct Config {{ {field}: bool }}

        impl Default for Config {{
            fn default() -> Config {{ Config {{ {field}: true }} }}
        }}

        impl Config {{
            fn make() -> Config {{ Config::default() }}
        }}

        pub struct {builder} {{ config: Config }}

        impl {builder} {{
            pub fn new() -> {builder} {{
                let config = Config::make();
                config.make();
                {builder} {{ config: Config::default() }}
            }}
        }}

        pub fn report(config: &Config) {{
            config.summarize();
        }}
        '''


SAME_NAME_TYPES = {
    "src/lib.rs": "mod json;\nmod standard;\nmod summary;\n",
    "src/json.rs": private_config("pretty", "JsonBuilder"),
    "src/standard.rs": private_config("color", "StandardBuilder"),
    # A third file adds to standard.rs's Config through an import.
    "src/summary.rs": '''
        use crate::standard::Config;

        impl Config {
            pub fn summarize(&self) {}
        }
        ''',
}


async def test_an_impl_block_is_of_the_type_its_file_sees(tmp_path: Path) -> None:
    # ripgrep's printer: a private `struct Config` with its own `impl Default` in json.rs, standard.rs, summary.rs.
    graph = await graph_of(tmp_path, SAME_NAME_TYPES)
    for path, builder in (("src/json.rs", "JsonBuilder"), ("src/standard.rs", "StandardBuilder")):
        assert calls_from(graph, f"{path}:{builder}.new") == {
            (f"{path}:Config.make", "MEMBER"), (f"{path}:Config.default", "MEMBER"), (f"{path}:{builder}", "LOCAL")}
        assert calls_from(graph, f"{path}:Config.make") == {(f"{path}:Config.default", "MEMBER")}
    # summary.rs's `impl Config` adds to the Config it imports: standard.rs's, never json.rs's.
    assert calls_from(graph, "src/standard.rs:report") == {("src/summary.rs:Config.summarize", "MEMBER")}
    assert calls_from(graph, "src/json.rs:report") == set()
    async with indexed_project(tmp_path / "answers", SAME_NAME_TYPES, "p") as service:
        answer = await service.find_references("p", "Config.make")
        # Each call shown under its own file's Config.make, none under the other file's.
        assert {(hit.file_path, hit.line, hit.target, hit.resolution) for hit in answer.references} == {
            (path, line, f"{path}:Config.make", "MEMBER")
            for path in ("src/json.rs", "src/standard.rs") for line in (17, 18)}


FUNCTION_LOCAL_USES = {
    "src/lib.rs": "mod seps;\nmod defs;\n",
    "src/seps.rs": '''
        pub struct ContextSeparator;
        impl ContextSeparator {
            pub fn new() -> ContextSeparator { ContextSeparator }
        }

        pub struct FieldSeparator;
        impl FieldSeparator {
            pub fn new() -> FieldSeparator { FieldSeparator }
        }
        ''',
    "src/defs.rs": '''
        pub fn context() {
            use crate::seps::ContextSeparator as Separator;
            let _s = Separator::new();
            fn nested() {
                Separator::new();
            }
        }

        pub fn field() {
            use crate::seps::FieldSeparator as Separator;
            let _s = Separator::new();
        }

        pub fn neither() {
            Separator::new();
        }

        pub fn glob() {
            use crate::seps::*;
            FieldSeparator::new();
        }
        ''',
}


async def test_a_use_in_a_function_body_is_seen_there_only(tmp_path: Path) -> None:
    # ripgrep's flags/defs.rs: three `update` functions, each with `use crate::flags::lowargs::XSeparator as Separator;`.
    graph = await graph_of(tmp_path, FUNCTION_LOCAL_USES)
    defs = "src/defs.rs"
    assert calls_from(graph, f"{defs}:context") == {("src/seps.rs:ContextSeparator.new", "MEMBER")}
    assert calls_from(graph, f"{defs}:context.nested") == {("src/seps.rs:ContextSeparator.new", "MEMBER")}
    assert calls_from(graph, f"{defs}:field") == {("src/seps.rs:FieldSeparator.new", "MEMBER")}
    assert not {how for _target, how in calls_from(graph, f"{defs}:neither")} - {"GUESS"}
    assert calls_from(graph, f"{defs}:glob") == {("src/seps.rs:FieldSeparator.new", "MEMBER")}
    async with indexed_project(tmp_path / "answers", FUNCTION_LOCAL_USES, "p") as service:
        answer = await service.find_references("p", "FieldSeparator.new")
        assert {(hit.file_path, hit.enclosing, hit.resolution) for hit in answer.references} == {
            (defs, "field", "MEMBER"), (defs, "glob", "MEMBER")}


CRATE_ROOT_REEXPORTS = {
    "src/lib.rs": '''
        mod de;
        mod user;

        pub use crate::de::{from_str, Deserializer};
        ''',
    "src/de.rs": '''
        pub struct Deserializer;

        impl Deserializer {
            pub fn from_str(s: &str) -> Deserializer { let _ = s; Deserializer }
        }

        pub fn from_str(s: &str) -> u32 {
            let _d = Deserializer::from_str(s);
            0
        }
        ''',
    "src/user.rs": '''
        use crate::from_str;

        pub fn run() -> u32 {
            crate::from_str("x")
        }

        pub fn make() -> crate::Deserializer {
            crate::Deserializer::from_str("x")
        }

        pub fn bare() -> u32 {
            from_str("y")
        }
        ''',
}


async def test_a_use_names_a_module_item_and_crate_paths_follow_the_roots_reexports(tmp_path: Path) -> None:
    # serde_json: lib.rs's `pub use crate::de::{from_str, ..}` is de.rs's fn from_str, never the method
    # Deserializer::from_str; raw.rs calls `crate::Deserializer::from_str(..)` 31 times.
    graph = await graph_of(tmp_path, CRATE_ROOT_REEXPORTS)
    assert calls_from(graph, "src/user.rs:run") == {("src/de.rs:from_str", "IMPORT")}
    assert calls_from(graph, "src/user.rs:make") == {("src/de.rs:Deserializer.from_str", "MEMBER")}
    assert calls_from(graph, "src/user.rs:bare") == {("src/de.rs:from_str", "IMPORT")}
    async with indexed_project(tmp_path / "answers", CRATE_ROOT_REEXPORTS, "p") as service:
        method = await service.find_references("p", "Deserializer.from_str")
        assert {(hit.file_path, hit.kind, hit.enclosing) for hit in method.references} == {
            ("src/de.rs", "CALLS", "from_str"), ("src/user.rs", "CALLS", "make")}
        assert method.note is None
        function = await service.find_references("p", "from_str")
        imports = {(hit.file_path, hit.target, hit.resolution) for hit in function.references if hit.kind == "IMPORTS"}
        assert imports == {("src/lib.rs", "src/de.rs:from_str", "IMPORT"), ("src/user.rs", "src/de.rs:from_str", "IMPORT")}


WORKSPACE = {
    "Cargo.toml": '''
        [package]
        name = "mylib"

        [dependencies]
        my-helper = { path = "crates/helper" }
        grep = { version = "0.4", path = "crates/grep" }

        [workspace]
        members = ["crates/helper", "crates/grep", "crates/searcher"]
        ''',
    "src/lib.rs": '''
        pub struct Parser;

        impl Parser {
            pub fn new() -> Parser { Parser }
            pub fn parse(&self) -> u32 { my_helper::assist() }
        }

        pub fn parse_str() -> u32 { Parser::new().parse() }

        pub fn search(searcher: &grep::searcher::Searcher) { searcher.search_path(); }
        ''',
    "tests/it.rs": '''
        use mylib::Parser;

        #[test]
        fn parses() {
            let p = Parser::new();
            p.parse();
            mylib::parse_str();
        }
        ''',
    "crates/helper/Cargo.toml": '[package]\nname = "my-helper"\n',
    "crates/helper/src/lib.rs": "pub fn assist() -> u32 { 1 }\n",
    "crates/grep/Cargo.toml": '''
        [package]
        name = "grep"

        [dependencies.grep-searcher]
        version = "0.1"
        path = "../searcher"
        ''',
    "crates/grep/src/lib.rs": "pub extern crate grep_searcher as searcher;\n",
    "crates/searcher/Cargo.toml": '[package]\nname = "grep-searcher"\n',
    "crates/searcher/src/lib.rs": "mod searcher;\n\npub use crate::searcher::Searcher;\n",
    "crates/searcher/src/searcher.rs": '''
        pub struct Searcher;

        impl Searcher {
            pub fn search_path(&self) {}
        }
        ''',
}


async def test_paths_through_the_workspaces_crates_and_the_packages_own_name(tmp_path: Path) -> None:
    # ripgrep's core calls `grep::searcher::Searcher` (grep's `pub extern crate grep_searcher as searcher;`);
    # serde_json's tests call `serde_json::from_str`.
    graph = await graph_of(tmp_path, WORKSPACE)
    assert calls_from(graph, "src/lib.rs:Parser.parse") == {("crates/helper/src/lib.rs:assist", "IMPORT")}
    assert calls_from(graph, "src/lib.rs:search") == {("crates/searcher/src/searcher.rs:Searcher.search_path", "MEMBER")}
    assert calls_from(graph, "tests/it.rs:parses") == {
        ("src/lib.rs:Parser.new", "MEMBER"), ("src/lib.rs:Parser.parse", "MEMBER"), ("src/lib.rs:parse_str", "IMPORT")}


async def test_an_index_made_before_workspace_crates_parses_rust_again(tmp_path: Path) -> None:
    """Migration 34: `extern crate grep_searcher as searcher;` is stored with its alias."""
    files = {**WORKSPACE, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 34)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "crates/grep/src/lib.rs", "tool.sh", "workspace")
        answer = await service.find_references("mixed", "Searcher.search_path")
        assert [(hit.file_path, hit.enclosing, hit.resolution) for hit in answer.references] == [
            ("src/lib.rs", "search", "MEMBER")]


CARGO_TARGETS = {
    "Cargo.toml": '[package]\nname = "bytes"\n',
    "src/lib.rs": '''
        pub struct BytesMut;

        impl BytesMut {
            pub fn with_capacity(n: usize) -> BytesMut { BytesMut }
        }
        ''',
    # bat's tests: each file directly in tests/ is a crate whose `mod utils;` is tests/utils/mod.rs.
    "tests/integration_tests.rs": '''
        mod utils;

        use utils::command::bat;

        #[test]
        fn basic() {
            bat();
            utils::command::bat_with_config();
        }
        ''',
    "tests/utils/mod.rs": "pub mod command;\n",
    "tests/utils/command.rs": '''
        pub fn bat() -> u32 { 1 }
        pub fn bat_with_config() -> u32 { 2 }
        ''',
    # bytes' benches: benches/bytes.rs is a crate of its own; `bytes::` beside it is still the package's library.
    "benches/bytes.rs": "fn bench_bytes() {}\n",
    "benches/bytes_mut.rs": '''
        use bytes::BytesMut;

        fn alloc_small() {
            BytesMut::with_capacity(12);
        }
        ''',
}


async def test_a_test_or_benchmark_file_is_a_crate_of_its_own(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, CARGO_TARGETS)
    assert calls_from(graph, "tests/integration_tests.rs:basic") == {
        ("tests/utils/command.rs:bat", "IMPORT"), ("tests/utils/command.rs:bat_with_config", "IMPORT")}
    assert calls_from(graph, "benches/bytes_mut.rs:alloc_small") == {("src/lib.rs:BytesMut.with_capacity", "MEMBER")}


GENERIC_BOUNDS = {
    "src/lib.rs": '''
        pub trait Formatter {
            fn write_null(&mut self) -> u32 { 0 }
        }

        pub struct Compact;
        impl Formatter for Compact {}

        pub struct Serializer<W, F> {
            writer: W,
            formatter: F,
        }

        impl<W: std::io::Write, F: Formatter> Serializer<W, F> {
            pub fn unit(&mut self) -> u32 {
                self.writer.flush();
                self.formatter.write_null()
            }
        }

        pub fn emit<F>(f: &mut F) -> u32
        where
            F: Formatter + Clone,
        {
            f.write_null()
        }

        pub fn unbounded<T>(t: T) { t.write_null(); }
        ''',
}


async def test_a_receiver_of_a_bounded_type_parameter_reaches_the_traits_method(tmp_path: Path) -> None:
    # serde_json's writer: `impl<W, F: Formatter> Serializer<W, F>`, `self.formatter.write_null()`.
    graph = await graph_of(tmp_path, GENERIC_BOUNDS)
    # W: io::Write is the standard library's: its flush is no guess.
    assert calls_from(graph, "src/lib.rs:Serializer.unit") == {("src/lib.rs:Formatter.write_null", "MEMBER")}
    assert calls_from(graph, "src/lib.rs:emit") == {("src/lib.rs:Formatter.write_null", "MEMBER")}
    assert calls_from(graph, "src/lib.rs:unbounded") == {("src/lib.rs:Formatter.write_null", "GUESS")}


SMART_POINTERS = {
    "src/lib.rs": '''
        use std::rc::Rc;
        use std::sync::Arc;

        pub trait Visitor {
            fn visit(&mut self) {}
        }

        pub struct Types;
        impl Types {
            pub fn matched(&self) -> u32 { 1 }
        }

        pub struct Inner { types: Arc<Types> }
        pub struct Ignore {
            inner: Arc<Inner>,
            boxed: Box<Types>,
            visitor: Box<dyn Visitor + Send + 'static>,
        }

        impl Ignore {
            pub fn through_arc(&self) -> u32 { self.inner.types.matched() }
            pub fn through_box(&self) -> u32 { self.boxed.matched() }
            pub fn through_dyn(&mut self) { self.visitor.visit(); }
        }

        pub fn parameter(t: Rc<Types>) -> u32 { t.matched() }
        ''',
}


async def test_a_receiver_through_a_smart_pointer_is_of_the_type_it_points_to(tmp_path: Path) -> None:
    # ripgrep's ignore crate: `inner: Arc<IgnoreInner>`, `types: Arc<Types>`, `self.inner.types.matched(..)`.
    graph = await graph_of(tmp_path, SMART_POINTERS)
    matched = {("src/lib.rs:Types.matched", "MEMBER")}
    assert calls_from(graph, "src/lib.rs:Ignore.through_arc") == matched
    assert calls_from(graph, "src/lib.rs:Ignore.through_box") == matched
    assert calls_from(graph, "src/lib.rs:parameter") == matched
    assert calls_from(graph, "src/lib.rs:Ignore.through_dyn") == {("src/lib.rs:Visitor.visit", "MEMBER")}


async def test_a_let_holding_a_methods_result_through_question_mark_has_what_the_result_holds(tmp_path: Path) -> None:
    # ripgrep's main.rs: `let mut searcher = args.search_worker(..)?;` then `searcher.search(&haystack)`, with
    # `fn search_worker(..) -> anyhow::Result<SearchWorker<W>>`: the call was tied to no definition.
    graph = await graph_of(tmp_path, {
        "src/lib.rs": '''
            pub struct Worker;
            pub struct Other;
            pub struct Args;

            impl Worker {
                pub fn search(&self) -> u32 { 1 }
            }

            impl Other {
                pub fn search(&self) -> u32 { 2 }
            }

            impl Args {
                pub fn worker(&self) -> anyhow::Result<Worker> { Ok(Worker) }
                pub fn maybe(&self) -> Option<Worker> { Some(Worker) }
                pub fn plain(&self) -> Worker { Worker }
            }

            pub fn run(args: &Args) -> anyhow::Result<u32> {
                let w = args.worker()?;
                let p = args.plain();
                let o: Other = make_other()?;
                Ok(w.search() + p.search() + o.search())
            }

            pub fn make_other() -> anyhow::Result<Other> { Ok(Other) }
            ''',
    })
    assert {("src/lib.rs:Worker.search", "MEMBER"), ("src/lib.rs:Other.search", "MEMBER")} <= calls_from(
        graph, "src/lib.rs:run")
    assert not {target for target, how in calls_from(graph, "src/lib.rs:run") if how == "GUESS"}


async def test_a_use_of_another_crates_item_is_listed_under_it(tmp_path: Path) -> None:
    # ripgrep's `use globset::{GlobSetBuilder}` in its ignore crate and serde_json's tests' `use serde_json::{from_str,
    # ..}`: the uses resolved, the `use` lines were listed as unresolved (no path of the importing file names the
    # other crate's root).
    files = {**WORKSPACE, "src/extra.rs": "use my_helper::{assist};\n\npub fn run() -> u32 { assist() }\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        parser = await service.find_references("p", "Parser")
        assist = await service.find_references("p", "assist")
    assert ("tests/it.rs", 1, "src/lib.rs:Parser", "IMPORT") in {
        (hit.file_path, hit.line, hit.target, hit.resolution) for hit in parser.references if hit.kind == "IMPORTS"}
    assert [(hit.file_path, hit.line, hit.target) for hit in assist.references if hit.kind == "IMPORTS"] == [
        ("src/extra.rs", 1, "crates/helper/src/lib.rs:assist")]


async def test_an_index_made_before_migration_102_links_rust_again(tmp_path: Path) -> None:
    files = {**CARGO_TARGETS, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 102)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "tests/integration_tests.rs", "tools/build.py",
                                            "tests, examples and benchmarks")
