"""Languages without a query: their files are indexed as module chunks, so no source file is invisible."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.grammars import grammar_available
from coderag_mcp.languages import BY_NAME, LANGUAGES, TEXT_LANGUAGES, language_for, refine_language
from coderag_mcp.models import ChunkType
from coderag_mcp.chunking import MODULE_CHUNK_MAX_LINES

from .conftest import indexed_project, parse_text


def test_the_text_only_table_is_clean() -> None:
    missing = [spec.grammar for spec in TEXT_LANGUAGES if not grammar_available(spec.grammar)]
    assert missing == [], "not in tree-sitter-language-pack"
    # A language with a query has no text-only row left behind (move the row, do not copy it).
    assert not {spec.name for spec in LANGUAGES} & {spec.name for spec in TEXT_LANGUAGES}
    claimed = [ext for spec in LANGUAGES + TEXT_LANGUAGES for ext in spec.extensions]
    # Only extensions whose language is decided by content are claimed twice (refine_language).
    assert sorted(ext for ext in set(claimed) if claimed.count(ext) > 1) == [".m", ".v"]
    assert len(TEXT_LANGUAGES) >= 60


@pytest.mark.parametrize("name", [
    "config.json", "docker-compose.yml", "values.yaml", "pyproject.toml", "README.md", "notes.txt", "poetry.lock",
    "pom.xml", "index.html", "site.css", "setup.cfg", "data.csv", "go.mod", "requirements.txt"])
def test_data_markup_and_config_files_stay_out(name: str) -> None:
    assert language_for(name) is None


@pytest.mark.parametrize(("name", "language"), [
    ("src/app.gleam", "gleam"), ("main.odin", "odin"), ("src/Main.purs", "purescript"),
    ("game/player.gd", "gdscript"), ("infra/main.tf", "terraform"), ("schema.thrift", "thrift"),
    ("migrations/001_init.sql", "sql"), ("Dockerfile", "dockerfile"), ("Makefile", "make"),
    ("CMakeLists.txt", "cmake"), ("lib/util.ADB", "ada"), ("init.vim", "vim")])
def test_programming_languages_without_a_query_are_found(name: str, language: str) -> None:
    spec = language_for(name.rsplit("/", 1)[-1])
    assert spec is not None and spec.name == language and spec.text_only


@pytest.mark.parametrize(("path", "language"), [
    ("Rakefile", "ruby"), ("Gemfile", "ruby"), ("config.ru", "ruby"), ("ios/Podfile", "ruby"),
    ("fastlane/Fastfile", "ruby"), ("Alamofire.podspec", "ruby"), ("SConstruct", "python"),
    ("docker/Dockerfile", "dockerfile")])
def test_code_known_by_its_whole_name_or_its_path(path: str, language: str) -> None:
    # A Ruby project's Rakefile, Gemfile and config.ru (its Rack entry point) were never indexed.
    spec = language_for(path)
    assert spec is not None and spec.name == language


def test_shared_extensions_are_decided_by_content() -> None:
    def language(filename: str, text: str) -> str:
        spec = language_for(filename)
        assert spec is not None
        return refine_language(spec, filename, text.encode()).name

    assert language("View.m", "#import <UIKit/UIKit.h>\n@interface View : UIView\n@end\n") == "objc"
    assert language("solve.m", "function x = solve(a, b)\n  % Solve a x = b.\n  x = a \\ b;\nend\n") == "matlab"
    assert language("counter.v", "module counter(input clk, output reg [3:0] q);\n"
                                  "  always @(posedge clk) q <= q + 1;\nendmodule\n") == "verilog"
    assert language("main.v", "module main\n\nfn main() {\n\tprintln('hi')\n}\n") == "v"
    assert language("shape.h", "namespace geo { class Shape {}; }\n") == "cpp"
    assert language("shape.h", "struct shape { int sides; };\n") == "c"


SWIFT = '''
    import Foundation

    /// Greets people by name.
    struct Greeter {
        let greeting: String

        func greet(_ name: String) -> String {
            return "\\(greeting), \\(name)!"
        }
    }
    '''


def test_a_text_only_file_is_module_chunks_with_true_lines() -> None:
    chunks, symbols, references = parse_text("gleam", "src/Greeter.gleam", SWIFT, every_line_once=True)
    assert symbols == [] and references == []
    assert [(c.chunk_type, c.name, c.lineno, c.end_lineno) for c in chunks] == [
        (ChunkType.MODULE, "Greeter", 1, 10)]
    assert chunks[0].body.splitlines()[6] == "    func greet(_ name: String) -> String {"

    long_file = "".join(f"let value{row} = {row}\n" for row in range(1, 201))
    pieces = parse_text("gleam", "Values.gleam", long_file, every_line_once=True)[0]
    assert [(c.lineno, c.end_lineno) for c in pieces] == [
        (1, MODULE_CHUNK_MAX_LINES), (MODULE_CHUNK_MAX_LINES + 1, 2 * MODULE_CHUNK_MAX_LINES),
        (2 * MODULE_CHUNK_MAX_LINES + 1, 200)]
    assert pieces[2].body.splitlines()[0] == f"let value{2 * MODULE_CHUNK_MAX_LINES + 1} = {2 * MODULE_CHUNK_MAX_LINES + 1}"


MIXED = {
    "app/main.py": "def handle_request(request):\n    return request\n",
    "ios/greeter.gleam": SWIFT,
    "core/Parser.purs": '''
        module Parser where

        -- | Split a line into its comma separated fields.
        splitFields :: String -> [String]
        splitFields line = words (map (\\c -> if c == ',' then ' ' else c) line)
        ''',
    "Dockerfile": "FROM python:3.12-slim\nRUN pip install --no-cache-dir uvicorn\n",
    "package.json": '{"name": "greeter"}\n',
    "README.md": "# Greeter\nGreets people by name.\n",
}


@pytest.mark.anyio
async def test_status_reports_text_only_languages_and_search_finds_their_lines(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, MIXED, "mixed") as service:
        status = await service.get_status("mixed")
        assert status.file_count == 4  # package.json and README.md are not indexed
        assert status.files_by_language == {"python": 1, "gleam": 1, "purescript": 1, "dockerfile": 1}
        assert sorted(status.text_only_languages) == ["dockerfile", "gleam", "purescript"]
        assert BY_NAME["python"].text_only is False

        hits = (await service.search_code("mixed", "splitFields comma separated")).hits
        assert (hits[0].file_path, hits[0].start_line, hits[0].end_line, hits[0].language, hits[0].kind) == (
            "core/Parser.purs", 1, 5, "purescript", ChunkType.MODULE)
        hits = (await service.search_code("mixed", "uvicorn")).hits
        assert [(hit.file_path, hit.start_line, hit.end_line) for hit in hits] == [("Dockerfile", 1, 2)]
        assert (await service.search_code("mixed", "greeter", language="gleam")).hits[0].file_path == \
            "ios/greeter.gleam"
