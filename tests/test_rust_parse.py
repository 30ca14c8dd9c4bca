"""What the Rust parser reads, as an agent sees it through the tools: the items of an inline `mod` block (their
span and both spellings of their names), calls inside macro invocations (`tri!(self.peek())`), nested `use`
trees, and enum variant paths (`ErrorCode::Eof`) as uses of the enum. Each project is indexed for real
(tree-sitter, SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

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
