"""A Rust type's impls of one trait each define the trait's methods (bytes' six `impl From<..> for Bytes`), and a call
reached every one of them: `Bytes::from(vec![0; 1024])` was an edge to `from(&'static str)`, `from(Box<[u8]>)` and
the rest (an agent's audit, the sixty-eighth session: 16 of 50 sampled sure edges). What a call passes, where its text
says (a string or byte string literal, `vec![..]`, a `String` made, a number), now rules out a method whose parameter
is of a concrete type it cannot be; a type parameter, `impl Trait` or an argument nobody types takes any."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.rust_arguments import takes_kinds
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, update_after_reparse_migration
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

BUF = {
    "Cargo.toml": "[package]\nname = \"buf\"\nversion = \"0.1.0\"\n",
    "src/lib.rs": """
        mod caller;
        pub struct Buf { v: Vec<u8> }
        impl From<Vec<u8>> for Buf {
            fn from(v: Vec<u8>) -> Buf { Buf { v } }
        }
        impl From<&'static str> for Buf {
            fn from(s: &'static str) -> Buf { Buf { v: s.as_bytes().to_vec() } }
        }
        impl From<String> for Buf {
            fn from(s: String) -> Buf { Buf { v: s.into_bytes() } }
        }
        """,
    "src/caller.rs": """
        use crate::Buf;
        pub fn from_vec() -> Buf { Buf::from(vec![1u8, 2]) }
        pub fn from_str() -> Buf { Buf::from("x") }
        pub fn from_string() -> Buf { Buf::from(String::from("x")) }
        pub fn from_unknown(v: Vec<u8>) -> Buf { Buf::from(v) }
        """,
}


async def test_a_call_reaches_the_impls_whose_method_takes_what_it_passes(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, BUF)
    assert calls_from(graph, "src/caller.rs:from_vec") == {("src/lib.rs:Buf.from", "MEMBER")}
    assert calls_from(graph, "src/caller.rs:from_str") == {("src/lib.rs:Buf.from@7", "MEMBER")}
    assert {target for target, _how in calls_from(graph, "src/caller.rs:from_string")} == {"src/lib.rs:Buf.from@10"}
    assert len(calls_from(graph, "src/caller.rs:from_unknown")) == 3  # (a variable: not read here)


def test_what_a_parameter_of_each_kind_takes() -> None:
    assert takes_kinds("fn from(s: &'static str) -> Buf", "from", ["&str"], False)
    assert not takes_kinds("fn from(s: &'static str) -> Buf", "from", ["Vec"], False)
    assert takes_kinds("fn from<T: AsRef<[u8]>>(t: T) -> Buf", "from", ["Vec"], False)  # a type parameter
    assert takes_kinds("fn put(&mut self, src: impl Buf)", "put", ["&[u8]"], True)
    assert not takes_kinds("fn put(&mut self, src: &[u8])", "put", ["&[u8]", "int"], True)  # one argument too many
    assert takes_kinds("fn cmp(&self, other: &str) -> bool", "cmp", ["?"], True)


async def test_an_index_made_before_migration_126_parses_rust_again(tmp_path: Path) -> None:
    files = {**BUF, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 126)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/caller.rs", "tool.sh", "what they pass")
