"""Rust receivers whose type is told by a declaration in another file or by a chain the file writes: a field's
`Option`/collection declared where its struct is, a builder returning `Self`, the payload a `match` arm takes out
of a project enum's variant (each case from ripgrep or tracing, indexed for real: tree-sitter, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

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
