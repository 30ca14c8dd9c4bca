"""Rust functions an attribute makes tests (rust_attributes.py): the harness runs them, no code calls them, so no
reference resolves to one. Indexed for real (tree-sitter, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio


MACROS = {
    "Cargo.toml": '[package]\nname = "logs"\n',
    "src/lib.rs": '''
        #[macro_export]
        macro_rules! debug {
            ($($arg:tt)*) => {};
        }

        pub fn level() -> u32 { 1 }
        ''',
    "tests/macros.rs": '''
        use logs::{debug, level};

        #[test]
        fn debug() {
            debug!("x");
        }

        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[tokio::test]
        async fn level() {
            level();
        }

        #[test]
        fn info() {
            debug!("{}", debug(helper()));
            helper();
        }

        fn helper() -> u32 { level() }
        ''',
}


async def test_a_test_function_is_no_target_of_any_call(tmp_path: Path) -> None:
    # tracing's tests/macros.rs: `#[test] fn debug()`, and `debug!(..)` (the macro, imported) in the other tests
    # was a LOCAL call of that test, as was `span!` of `fn span()`: 72 such edges.
    graph = await graph_of(tmp_path, MACROS)
    assert calls_from(graph, "tests/macros.rs:info") == {
        ("src/lib.rs:debug", "IMPORT"), ("tests/macros.rs:helper", "LOCAL")}
    assert calls_from(graph, "tests/macros.rs:level") == {("src/lib.rs:level", "IMPORT")}
    assert calls_from(graph, "tests/macros.rs:helper") == {("src/lib.rs:level", "IMPORT")}
    assert not {edge for edge in graph if edge[2] in ("tests/macros.rs:debug", "tests/macros.rs:level")}
    async with indexed_project(tmp_path / "answers", MACROS, "p") as service:
        answer = await service.find_references("p", "debug", include_guesses=True)
    # Every call of the name goes to the macro the file imports (or is unresolved), never to the test: line 16's
    # `debug(helper())` is a function's call, of no macro (and the test is no target).
    assert {(hit.line, hit.target) for hit in answer.references if hit.kind == "CALLS"} == {
        (5, "src/lib.rs:debug"), (16, "src/lib.rs:debug"), (16, None)}


async def test_a_call_of_its_own_name_inside_a_test_is_no_call_of_itself(tmp_path: Path) -> None:
    # tracing's tests/macros.rs:728, `debug!(foo = display("foo"), quux = debug(foo));` in `#[test] fn debug()`:
    # `debug(foo)` is the `field::debug` the macros bring in, and find_references showed it as the test calling
    # itself (its rule for a function calling its own name, which the graph keeps no edge of). A recursive function
    # still is one.
    files = {
        "Cargo.toml": '[package]\nname = "logs"\n',
        "src/lib.rs": "#[macro_export]\nmacro_rules! debug {\n    ($($arg:tt)*) => {};\n}\n",
        "tests/macros.rs": '''
            use logs::debug;

            #[test]
            fn debug() {
                debug!(quux = debug(1));
            }

            fn fact(n: u32) -> u32 {
                if n == 0 { 1 } else { n * fact(n - 1) }
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "debug")
        assert {(hit.line, hit.target, hit.resolution) for hit in answer.references if hit.kind == "CALLS"} == {
            (5, "src/lib.rs:debug", "IMPORT"), (5, None, "UNRESOLVED")}
        answer = await service.find_references("p", "fact")
        assert [(hit.line, hit.target, hit.resolution) for hit in answer.references] == [
            (9, "tests/macros.rs:fact", "LOCAL")]


async def test_an_index_made_before_rust_receivers_and_tests_parses_rust_again(tmp_path: Path) -> None:
    """Migration 39: the Rust files are parsed again (a test function is stored as one), the others kept."""
    files = {**MACROS, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 39)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "tests/macros.rs", "tool.sh", "Rust receivers")
        answer = await service.find_references("mixed", "debug")
    assert {hit.target for hit in answer.references if hit.kind == "CALLS"} == {"src/lib.rs:debug", None}


async def test_a_macro_reexported_by_a_glob_of_its_crate_is_the_importers(tmp_path: Path) -> None:
    # clap's tests/builder/cargo.rs: `use clap::{crate_version, ..}` then `#[test] fn crate_version() {
    # crate_version!() }`; clap's lib.rs has `pub use clap_builder::*`, and clap_builder's `#[macro_export]
    # macro_rules! crate_version` is in its macros.rs. The call went to the test (then, once tests were no targets,
    # nowhere); `arg!` and `value_parser!` of clap's examples and tests went nowhere.
    graph = await graph_of(tmp_path, {
        "Cargo.toml": '[package]\nname = "clap"\n\n[dependencies]\nclap_builder = { path = "clap_builder" }\n',
        "src/lib.rs": "pub use clap_builder::*;\n",
        "clap_builder/Cargo.toml": '[package]\nname = "clap_builder"\n',
        "clap_builder/src/lib.rs": "mod macros;\n",
        "clap_builder/src/macros.rs": '''
            #[macro_export]
            macro_rules! crate_version {
                () => { "1.0" };
            }
            ''',
        "tests/cargo.rs": '''
            use clap::crate_version;

            #[test]
            fn crate_version() {
                let v = crate_version!();
            }
            ''',
    })
    assert calls_from(graph, "tests/cargo.rs:crate_version") == {("clap_builder/src/macros.rs:crate_version", "IMPORT")}


async def test_a_macro_invocation_is_the_macro_and_a_call_the_function_of_one_name(tmp_path: Path) -> None:
    # tracing's tests import `debug` twice (`use tracing::{debug, field::{debug}}`, the macro and the function):
    # `debug!(answer = 42)` went to both, and `quux = debug(x)` to both; serde_json's tests.rs has a
    # `macro_rules! test_parse_err` beside a `fn test_parse_err`, and each call went to both.
    files = {
        "Cargo.toml": '[package]\nname = "tr"\n',
        "src/lib.rs": "pub mod field;\n\n#[macro_export]\nmacro_rules! debug {\n    ($($t:tt)*) => {{}};\n}\n",
        "src/field.rs": "pub fn debug(x: u32) -> u32 {\n    x\n}\n",
        "tests/event.rs": '''
            use tr::{debug, field::debug};

            fn shorthand() {
                debug!(answer = 42);
                let v = debug(7);
                debug!(x = debug(1));
            }

            fn local_use() {
                use tr::field::debug;
                debug!(y = debug(2));
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        macro = await service.find_references("p", "debug", include_guesses=True)
    calls = sorted((hit.line, hit.target) for hit in macro.references if hit.kind == "CALLS")
    # (a function's own `use` of the function hides the file's macro from no `debug!`)
    assert calls == [(4, "src/lib.rs:debug"), (5, "src/field.rs:debug"), (6, "src/field.rs:debug"),
                     (6, "src/lib.rs:debug"), (11, "src/field.rs:debug"), (11, "src/lib.rs:debug")]
