"""What the Rust parser reads, as an agent sees it through the tools: the items of an inline `mod` block (their
span and both spellings of their names), calls inside macro invocations (`tri!(self.peek())`), nested `use`
trees, and enum variant paths (`ErrorCode::Eof`) as uses of the enum. Each project is indexed for real
(tree-sitter, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.models import ReferencesResponse
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration

pytestmark = pytest.mark.anyio

# serde_json's `mod large` in src/lexical/math.rs and every `#[cfg(test)] mod tests`, in small.
INLINE_MOD = {
    "Cargo.toml": '[package]\nname = "m"\n',
    "src/lib.rs": '''
        mod large {
            pub fn add(x: u32, y: u32) -> u32 {
                let z = x + y;
                z
            }

            pub fn double(x: u32) -> u32 {
                add(x, x)
            }
        }

        #[cfg(test)]
        mod tests {
            pub struct Fixture;

            impl Fixture {
                pub fn new() -> Fixture {
                    Fixture
                }
            }

            #[test]
            fn walk_collect() {
                let f = Fixture::new();
            }
        }
        ''',
}


async def test_an_inline_module_item_has_its_whole_span_and_is_found_by_either_spelling(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, INLINE_MOD, "p") as service:
        found = (await service.find_symbol("p", "add")).definitions
        assert [(hit.qualified_name, hit.line, hit.end_line) for hit in found] == [("large::add", 2, 5)]
        read = await service.read_code("p", symbol="add")
        assert (read.start_line, read.end_line) == (2, 5) and "let z = x + y;" in read.text
        # find_symbol's name and find_references' (`large::add`, `tests.walk_collect`) are both found.
        for spelling in ("large::add", "large.add"):
            assert [hit.qualified_name for hit in (await service.find_symbol("p", spelling)).definitions
                    if hit.match == "exact"] == ["large::add"], spelling
            answer = await service.find_references("p", spelling)
            assert answer.definitions == 1 and [(hit.line, hit.enclosing, hit.resolution) for hit in answer.references
                                                ] == [(8, "large::double", "LOCAL")], spelling
            assert (await service.read_code("p", symbol=spelling)).end_line == 5
        for spelling in ("tests.walk_collect", "tests::walk_collect"):
            read = await service.read_code("p", symbol=spelling)
            assert (read.start_line, read.end_line) == (22, 25) and "let f" in read.text, spelling
        # A method of a type inside the block keeps its dot: `tests::Fixture.new`, also as `tests.Fixture.new`.
        for spelling in ("tests::Fixture.new", "tests.Fixture.new", "Fixture.new"):
            answer = await service.find_references("p", spelling)
            assert [(hit.line, hit.enclosing) for hit in answer.references] == [(24, "tests::walk_collect")], spelling
        assert [(hit.qualified_name, hit.end_line) for hit in (await service.find_symbol("p", "Fixture.new")).definitions
                ] == [("tests::Fixture.new", 19)]


# serde_json's `tri!` around nearly every fallible call, and the calls of tests inside `assert!`/`assert_eq!`.
MACRO_ARGUMENTS = {
    "Cargo.toml": '[package]\nname = "m"\n',
    "src/lib.rs": '''
        mod read;

        use crate::read::Reader;

        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => return Err(e),
                }
            };
        }

        // A template: `helper(1)` is written here, called wherever the macro is used.
        macro_rules! helped {
            () => { helper(1) };
        }

        pub struct Parser {
            read: Reader,
        }

        impl Parser {
            fn peek(&mut self) -> Result<u8, ()> { Ok(0) }

            pub fn wrapped(&mut self, other: &Reader) -> Result<u8, ()> {
                let c = tri!(self.peek());
                assert_eq!(helper(c), 1);
                let all = vec![Reader::open(), Reader::open()];
                let text = format!("{} {}", self.read.next_byte(), other.position());
                assert!(matches!(tri!(self.read.next_byte()), 1), "{}", format!("{}", helper(2)));
                Ok(c)
            }
        }

        pub fn helper(x: u8) -> u8 { x }
        ''',
    "src/read.rs": '''
        pub struct Reader;

        impl Reader {
            pub fn open() -> Reader { Reader }
            pub fn next_byte(&mut self) -> Result<u8, ()> { Ok(1) }
            pub fn position(&self) -> usize { 0 }
        }
        ''',
}


async def test_calls_inside_macro_invocations_are_calls(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, MACRO_ARGUMENTS, "p") as service:
        def hits(answer: ReferencesResponse) -> list[tuple[int, str, str]]:
            return [(hit.line, hit.enclosing, hit.resolution) for hit in answer.references if hit.kind == "CALLS"]

        # `tri!(self.peek())`: a method of self; `assert_eq!(helper(c), 1)` and, nested two deep, `helper(2)`.
        assert hits(await service.find_references("p", "Parser.peek")) == [(27, "Parser.wrapped", "MEMBER")]
        assert hits(await service.find_references("p", "helper")) == [
            (28, "Parser.wrapped", "LOCAL"), (31, "Parser.wrapped", "LOCAL")]
        # `vec![Reader::open(), ..]` (a path), `self.read.next_byte()` (a field of self, in `format!` and in
        # `tri!` inside `matches!` inside `assert!`), `other.position()` (a parameter).
        assert hits(await service.find_references("p", "Reader.open")) == [(29, "Parser.wrapped", "MEMBER")]
        assert hits(await service.find_references("p", "Reader.next_byte")) == [
            (30, "Parser.wrapped", "MEMBER"), (31, "Parser.wrapped", "MEMBER")]
        assert hits(await service.find_references("p", "Reader.position")) == [(30, "Parser.wrapped", "MEMBER")]
        # The macro itself is called where it is used; its body, a template, calls nothing.
        assert {hit.enclosing for hit in (await service.find_references("p", "tri")).references} == {"Parser.wrapped"}
        assert not [hit for hit in (await service.find_references("p", "helper")).references if hit.line == 16]


# ripgrep's imports: `use crate::{flags::lowargs::{..}, search::{.., SearchWorkerBuilder}}` (hiargs.rs),
# `pub(crate) use crate::flags::{.., hiargs::HiArgs}` (flags/mod.rs), `gitignore::{self, Gitignore}` (dir.rs).
NESTED_USE = {
    "Cargo.toml": '[package]\nname = "m"\n',
    "src/lib.rs": '''
        mod engine;
        mod flags;
        mod app;
        mod again;
        ''',
    "src/again.rs": '''
        // serde_json's de.rs: `use crate::read::{self, Fused, Reference};`, then `read::StrRead::new(s)`.
        use crate::engine::{self, worker::Worker};

        pub fn again() {
            engine::start();
        }
        ''',
    "src/engine/mod.rs": '''
        pub mod worker;
        pub mod pool;

        pub fn start() {}
        ''',
    "src/engine/worker.rs": '''
        pub struct Worker;

        impl Worker {
            pub fn new() -> Worker { Worker }
            pub fn run(&self) -> u32 { 1 }
        }
        ''',
    "src/engine/pool.rs": '''
        pub struct Pool;

        impl Pool {
            pub fn size(&self) -> u32 { 1 }
        }
        ''',
    "src/flags/mod.rs": '''
        pub(crate) mod args;

        pub(crate) use crate::flags::{args::Args};
        ''',
    "src/flags/args.rs": '''
        pub struct Args;

        impl Args {
            pub fn threads(&self) -> u32 { 1 }
        }
        ''',
    "src/app.rs": '''
        use crate::{
            engine::{self, worker::Worker, pool::Pool as Threads},
            flags::Args,
        };

        pub fn go(args: &Args, threads: &Threads) -> u32 {
            engine::start();
            let w = Worker::new();
            w.run() + args.threads() + threads.size()
        }
        ''',
}


async def test_a_use_tree_imports_each_name_by_its_whole_path_at_any_depth(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, NESTED_USE, "p") as service:
        async def calls(symbol: str) -> list[tuple[str, int, str]]:
            return [(hit.file_path, hit.line, hit.resolution)
                    for hit in (await service.find_references("p", symbol)).references if hit.kind == "CALLS"]

        # A group in a group (`engine::{worker::Worker}`), its alias (`pool::Pool as Threads`) and `self`.
        assert await calls("Worker.run") == [("src/app.rs", 9, "MEMBER")]
        assert await calls("Pool.size") == [("src/app.rs", 9, "MEMBER")]
        assert await calls("start") == [("src/again.rs", 5, "IMPORT"), ("src/app.rs", 7, "IMPORT")]
        # `pub(crate) use crate::flags::{args::Args}` re-exports Args, which app.rs imports from `flags`.
        assert await calls("Args.threads") == [("src/app.rs", 9, "MEMBER")]
        imports = {(hit.file_path, hit.target, hit.resolution) for hit in (await service.find_references(
            "p", "Worker")).references if hit.kind == "IMPORTS"}
        assert imports == {("src/app.rs", "src/engine/worker.rs:Worker", "IMPORT"),
                           ("src/again.rs", "src/engine/worker.rs:Worker", "IMPORT")}


# serde_json's ErrorCode: 179 `ErrorCode::Variant` uses in de.rs, read.rs, ser.rs, and none was a use of ErrorCode.
ENUM_VARIANTS = {
    "Cargo.toml": '[package]\nname = "m"\n',
    "src/lib.rs": '''
        mod error;
        mod parse;
        ''',
    "src/error.rs": '''
        pub enum ErrorCode {
            Eof,
            Message(String),
            Position { line: usize },
        }

        pub fn describe(code: ErrorCode) -> &'static str {
            match code {
                ErrorCode::Eof => "eof",
                ErrorCode::Message(_) => "message",
                ErrorCode::Position { .. } => "position",
            }
        }
        ''',
    "src/parse.rs": '''
        use crate::error::{self, describe, ErrorCode};

        pub fn fail() -> &'static str {
            describe(ErrorCode::Message(String::new()))
        }

        pub fn codes() -> Vec<error::ErrorCode> {
            vec![ErrorCode::Eof, error::ErrorCode::Position { line: 1 }, error::ErrorCode::Eof]
        }

        pub fn io() -> std::io::ErrorKind {
            std::io::ErrorKind::NotFound
        }
        ''',
}


async def test_a_path_to_an_enum_variant_is_a_use_of_the_enum(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, ENUM_VARIANTS, "p") as service:
        answer = await service.find_references("p", "ErrorCode")
        uses = [(hit.file_path, hit.line, hit.enclosing, hit.resolution) for hit in answer.references
                if hit.kind == "USES"]
        # In patterns (unit, tuple and struct variants), in expressions, inside `vec![..]`, through a module path.
        assert uses == [
            ("src/error.rs", 7, "describe", "LOCAL"), ("src/error.rs", 9, "describe", "LOCAL"),
            ("src/error.rs", 10, "describe", "LOCAL"), ("src/error.rs", 11, "describe", "LOCAL"),
            ("src/parse.rs", 4, "fail", "IMPORT"),
            # `ErrorCode::Eof` as imported, and `error::ErrorCode::..` through the module `error`
            ("src/parse.rs", 8, "codes", "IMPORT"), ("src/parse.rs", 8, "codes", "IMPORT")]


async def test_an_index_made_before_macro_arguments_were_read_parses_rust_again(tmp_path: Path) -> None:
    """Migration 33: the next update parses an existing index's Rust files again, and finds the call in `tri!`."""
    files = {**MACRO_ARGUMENTS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 33)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/lib.rs", "tool.sh", "Rust macro arguments")
        answer = await service.find_references("mixed", "Parser.peek")
        assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
            ("src/lib.rs", 27, "MEMBER")]
