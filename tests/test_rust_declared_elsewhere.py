"""Rust receivers whose type is told by a declaration in another file or by a chain the file writes: a field's
`Option`/collection declared where its struct is, a builder returning `Self`, the payload a `match` arm takes out
of a project enum's variant (each case from ripgrep or tracing, indexed for real: tree-sitter, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration

pytestmark = pytest.mark.anyio


# ripgrep's flags: `LowArgs.sort: Option<SortMode>` in lowargs.rs, read in hiargs.rs as `if let Some(ref sort) =
# low.sort { sort.supported()?; }`, and a struct's `Vec` field walked by an impl in another file.
FIELDS_ELSEWHERE = {
    "src/lib.rs": "mod lowargs;\nmod hiargs;\n",
    "src/lowargs.rs": '''
        pub struct SortMode;
        impl SortMode {
            pub fn supported(&self) -> Result<(), String> { Ok(()) }
        }

        pub struct LowArgs {
            pub sort: Option<SortMode>,
            pub modes: Vec<SortMode>,
            pub name: Option<String>,
        }
        ''',
    "src/hiargs.rs": '''
        use crate::lowargs::{LowArgs, SortMode};

        pub struct HiArgs;

        impl HiArgs {
            fn from_low_args(low: LowArgs) -> Result<HiArgs, String> {
                if let Some(ref sort) = low.sort {
                    sort.supported()?;
                }
                for mode in low.modes.iter() {
                    mode.supported()?;
                }
                if let Some(name) = low.name {
                    name.supported();
                }
                Ok(HiArgs)
            }
        }

        impl LowArgs {
            fn check(&self) {
                for mode in &self.modes {
                    mode.supported();
                }
            }
        }
        ''',
}


async def test_an_option_or_collection_field_declared_in_another_file_binds_its_payload(tmp_path: Path) -> None:
    # ripgrep's `SortMode.supported` missed hiargs.rs:123: the payload types were read in lowargs.rs alone.
    async with indexed_project(tmp_path, FIELDS_ELSEWHERE, "p") as service:
        answer = await service.find_references("p", "SortMode.supported", include_guesses=True)
    # (`name` holds a String, a library's: line 14 is no call of SortMode's, not even a guess)
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/hiargs.rs", 8, "MEMBER"), ("src/hiargs.rs", 11, "MEMBER"), ("src/hiargs.rs", 23, "MEMBER")]


# ripgrep's printer: `let ppath = PrinterPath::new(path).with_separator(sep)` (a method returning the type it is
# called on) and `self.path.as_ref().unwrap().as_bytes()` (`path: Option<PrinterPath>`, declared in summary.rs).
BUILT_AND_UNWRAPPED = {
    "src/lib.rs": "mod util;\nmod path;\nmod summary;\n",
    "src/util.rs": '''
        pub struct PrinterPath<'a> {
            bytes: &'a [u8],
        }

        impl<'a> PrinterPath<'a> {
            pub fn new(bytes: &'a [u8]) -> PrinterPath<'a> {
                PrinterPath { bytes }
            }

            pub fn with_separator(mut self, sep: Option<u8>) -> PrinterPath<'a> {
                self
            }

            pub fn as_bytes(&self) -> &[u8] {
                self.bytes
            }
        }
        ''',
    "src/path.rs": '''
        use crate::util::PrinterPath;

        pub fn write(path: &[u8], sep: Option<u8>) -> usize {
            let ppath = PrinterPath::new(path)
                .with_separator(sep);
            let direct = PrinterPath::new(path).with_separator(sep).as_bytes().len();
            ppath.as_bytes().len() + direct
        }
        ''',
    "src/summary.rs": '''
        use crate::util::PrinterPath;

        pub struct SummarySink<'p> {
            path: Option<PrinterPath<'p>>,
            count: Option<u64>,
        }

        impl<'p> SummarySink<'p> {
            fn write_path(&mut self) -> usize {
                let first = self.path.as_ref().unwrap().as_bytes().len();
                let second = self.path.as_ref().expect("a path").as_bytes().len();
                first + second + self.count.unwrap().as_bytes().len()
            }

            fn maybe(&self) -> Option<usize> {
                Some(self.path.as_ref()?.as_bytes().len())
            }
        }
        ''',
}


async def test_a_builder_chain_and_an_unwrapped_option_field_hold_their_type(tmp_path: Path) -> None:
    # ripgrep's `PrinterPath.as_bytes` missed path.rs:154, 158 (`ppath`) and summary.rs:584 (an unwrapped field).
    async with indexed_project(tmp_path, BUILT_AND_UNWRAPPED, "p") as service:
        answer = await service.find_references("p", "PrinterPath.as_bytes", include_guesses=True)
    # (`self.count.unwrap()` is a u64, a library's: line 12 holds no call of PrinterPath's, not even a guess)
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/path.rs", 6, "MEMBER"), ("src/path.rs", 7, "MEMBER"),
        ("src/summary.rs", 10, "MEMBER"), ("src/summary.rs", 11, "MEMBER"), ("src/summary.rs", 16, "MEMBER")]


async def test_a_name_several_lets_bind_holds_each_value_where_it_is_read(tmp_path: Path) -> None:
    # tracing-log's bench binds `builder` to a LogTracer builder, then to a FmtSubscriber builder: `builder.init()`
    # of the first is no call of the second's `init`, nor `builder.finish()` of the first's.
    files = {
        "src/lib.rs": '''
            pub struct TracerBuilder;
            impl TracerBuilder {
                pub fn new() -> TracerBuilder { TracerBuilder }
                pub fn with_max_level(self, level: u8) -> Self { self }
                pub fn init(self) {}
            }

            pub struct SubscriberBuilder;
            impl SubscriberBuilder {
                pub fn new() -> SubscriberBuilder { SubscriberBuilder }
                pub fn with_env_filter(self, filter: u8) -> Self { self }
                pub fn init(self) {}
                pub fn finish(self) {}
            }

            pub fn bench_logger(filter: u8) {
                let builder = TracerBuilder::new().with_max_level(3);
                builder.init();
                if filter > 0 {
                    let builder = SubscriberBuilder::new();
                    builder.finish();
                }
                let builder = SubscriberBuilder::new().with_env_filter(filter);
                builder.finish();
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        tracer = await service.find_references("p", "TracerBuilder.init", include_guesses=True)
        subscriber = await service.find_references("p", "SubscriberBuilder.init", include_guesses=True)
        finish = await service.find_references("p", "SubscriberBuilder.finish", include_guesses=True)
    assert [(hit.line, hit.resolution) for hit in tracer.references] == [(18, "MEMBER")]
    assert subscriber.references == []
    assert [(hit.line, hit.resolution) for hit in finish.references] == [(21, "MEMBER"), (24, "MEMBER")]


# ripgrep's main.rs: `let args = match result { ParseResult::Ok(args) => args, .. }`, `result:
# crate::flags::ParseResult<HiArgs>`, the enum generic over its `Ok`'s payload and declared in flags/parse.rs.
MATCHED_PAYLOAD = {
    "src/lib.rs": "mod flags;\nmod walk;\nmod main;\n",
    "src/flags.rs": '''
        pub enum ParseResult<T> {
            Special(u8),
            Ok(T),
            Err(String),
        }

        pub struct HiArgs {
            threads: usize,
        }

        impl HiArgs {
            pub fn threads(&self) -> usize { self.threads }

            pub fn walk_builder(&self) -> crate::walk::WalkBuilder {
                let mut builder = crate::walk::WalkBuilder::new();
                builder.max_depth(1).threads(self.threads);
                builder
            }
        }
        ''',
    "src/walk.rs": '''
        pub struct WalkBuilder;
        impl WalkBuilder {
            pub fn new() -> WalkBuilder { WalkBuilder }
            pub fn max_depth(&mut self, depth: usize) -> &mut WalkBuilder { self }
            pub fn threads(&mut self, n: usize) -> &mut WalkBuilder { self }
        }
        ''',
    "src/main.rs": '''
        use crate::flags::{HiArgs, ParseResult};

        fn run(result: crate::flags::ParseResult<HiArgs>) -> Result<usize, String> {
            let args = match result {
                ParseResult::Err(err) => return Err(err),
                ParseResult::Special(mode) => return Ok(mode as usize),
                ParseResult::Ok(args) => args,
            };
            if args.threads() == 1 {
                return Ok(1);
            }
            Ok(args.threads())
        }
        ''',
}


async def test_a_let_over_a_match_holds_the_payload_its_arms_take_out(tmp_path: Path) -> None:
    # ripgrep's `HiArgs.threads` callers main.rs:89 and 95 were guesses, and `WalkBuilder.threads` (hiargs.rs:901,
    # a builder of another crate) was guessed to be it.
    async with indexed_project(tmp_path, MATCHED_PAYLOAD, "p") as service:
        answer = await service.find_references("p", "HiArgs.threads", include_guesses=True)
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/main.rs", 9, "MEMBER"), ("src/main.rs", 12, "MEMBER")]


async def test_an_index_made_before_reads_rust_receivers_declared_elsewhere_again(tmp_path: Path) -> None:
    """Migration 50: the Rust files are parsed again (the payload of a field declared in another file), others kept."""
    files = {**FIELDS_ELSEWHERE, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 50)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/hiargs.rs", "tool.sh", "Rust receivers typed")
        answer = await service.find_references("mixed", "SortMode.supported")
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("src/hiargs.rs", 8, "MEMBER"), ("src/hiargs.rs", 11, "MEMBER"), ("src/hiargs.rs", 23, "MEMBER")]
