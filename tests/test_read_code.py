"""read_code through the SDK's real Client: a file's lines or a symbol, only from the indexed folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mcp import Client

from coderag_mcp.config import Settings
from coderag_mcp.server import create_server
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration
from .test_parse import LONG_DOCUMENTED, long_documented, long_documented_lines
from .test_server import MODES, call, call_error

pytestmark = pytest.mark.anyio


@pytest.fixture
def guarded_repo(sample_repo: Path, tmp_path: Path) -> Path:
    """The sample project plus what must never be served: secrets, VCS data, links that lead out."""
    (tmp_path / "outside.py").write_text("SECRET_OUTSIDE = 1\n")
    (sample_repo / ".env").write_text("API_KEY=do-not-serve\n")
    (sample_repo / ".git").mkdir()
    (sample_repo / ".git" / "config").write_text("[remote]\n  url = https://token@example.com/x\n")
    os.symlink(tmp_path / "outside.py", sample_repo / "app" / "link_out.py")
    os.symlink(sample_repo / ".env", sample_repo / "app" / "settings.py")  # an innocent name, a secret behind it
    os.symlink(sample_repo / "app" / "config.py", sample_repo / "app" / "alias.py")  # a link that stays inside
    (sample_repo / "app" / "long.py").write_text("".join(f"def f{n}():\n    return {n}\n\n" for n in range(300)))
    return sample_repo


@pytest.mark.parametrize("mode", MODES)
async def test_read_code_reads_files_and_symbols_inside_the_folder_only(
        settings: Settings, guarded_repo: Path, tmp_path: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        await call(client, "init_index", project_id="demo", target_path=str(guarded_repo), background=False)

        lines = await call(client, "read_code", project_id="demo", path="app/config.py", start_line=8, end_line=10)
        assert (lines["start_line"], lines["end_line"], lines["total_lines"]) == (8, 10, 16)
        assert lines["text"].splitlines()[0] == "     8\t    def parse_config(self, text: str) -> dict:"
        assert not lines["truncated"] and lines["note"] is None

        method = await call(client, "read_code", project_id="demo", symbol="ConfigLoader.parse_config")
        assert (method["file_path"], method["start_line"], method["end_line"]) == ("app/config.py", 8, 10)
        assert method["symbol"] == "ConfigLoader.parse_config" and "json.loads(text)" in method["text"]
        go = await call(client, "read_code", project_id="demo", symbol="ListenAndServe")
        assert go["file_path"] == "app/server.go" and go["text"].splitlines()[0].endswith("// ListenAndServe starts "
                                                                                          "accepting connections on the port.")
        assert "find_symbol" in await call_error(client, "read_code", project_id="demo", symbol="no_such_thing")

        inside = await call(client, "read_code", project_id="demo", path=str(guarded_repo / "web" / "util.js"))
        assert inside["file_path"] == "web/util.js"  # an absolute path inside the folder is fine
        linked = await call(client, "read_code", project_id="demo", path="app/alias.py")
        assert linked["file_path"] == "app/config.py"  # a link inside the folder: read, under its real name

        for escape in ("../outside.py", str(tmp_path / "outside.py"), "app/link_out.py", "app/../../outside.py"):
            error = await call_error(client, "read_code", project_id="demo", path=escape)
            assert "outside the folder of project 'demo'" in error, escape
        for secret in (".env", "app/settings.py"):
            assert "secrets" in await call_error(client, "read_code", project_id="demo", path=secret), secret
        hidden = await call(client, "search_code", project_id="demo", query="API_KEY")
        assert hidden["hits"] == []  # nor is the secret behind the innocent link indexed
        assert "version-control" in await call_error(client, "read_code", project_id="demo", path=".git/config")
        assert "is a folder" in await call_error(client, "read_code", project_id="demo", path="app")
        missing = await call_error(client, "read_code", project_id="demo", path="app/missing.py")
        assert "No file" in missing and "as symbol" not in missing
        # A definition's name given as a path: the error says which argument reads it.
        assert "pass it as symbol" in await call_error(client, "read_code", project_id="demo", path="Config.parse")
        assert "has 16 lines" in await call_error(client, "read_code", project_id="demo", path="app/config.py",
                                                  start_line=40)


@pytest.mark.parametrize("mode", MODES)
async def test_read_code_keeps_to_the_token_budget_and_says_how_to_continue(
        settings: Settings, guarded_repo: Path, mode: str) -> None:
    async with Client(create_server(settings), mode=mode) as client:
        await call(client, "init_index", project_id="demo", target_path=str(guarded_repo), background=False)
        first = await call(client, "read_code", project_id="demo", path="app/long.py", max_tokens=100)
        assert first["truncated"] and len(first["text"]) <= 400
        assert first["start_line"] == 1 and first["total_lines"] == 900
        assert first["next_start_line"] == first["end_line"] + 1
        assert f"start_line={first['next_start_line']}, end_line=900" in first["note"]
        rest = await call(client, "read_code", project_id="demo", path="app/long.py",
                          start_line=first["next_start_line"], max_tokens=50000)
        assert not rest["truncated"] and rest["end_line"] == 900
        numbers = [int(line.split("\t")[0]) for line in (first["text"] + "\n" + rest["text"]).splitlines()]
        assert numbers == list(range(1, 901))  # nothing lost or repeated between the two reads


async def test_a_symbol_with_overloads_is_read_one_definition_at_a_time(tmp_path: Path) -> None:
    # Overloads share their qualified name: all of a name's chunks read commons-io's first IOUtils.copy as
    # 300 lines holding every copy after it.
    files = {"IOUtils.java": '''
        class IOUtils {
            /** Copies bytes. */
            static int copy(InputStream input, OutputStream output) {
                return copy(input, output, 4096);
            }

            /** Copies bytes with a buffer of this size. */
            static int copy(InputStream input, OutputStream output, int size) {
                return size;
            }
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        first = await service.read_code("p", symbol="IOUtils.copy")
        assert (first.start_line, first.end_line) == (2, 5)
        assert first.note is not None and "read with path and start_line (e.g. start_line=8)" in first.note
        assert "Pass path, or a qualified name" not in first.note  # neither tells overloads apart
        second = await service.read_code("p", path="IOUtils.java", start_line=7, end_line=10)
        assert "with a buffer of this size" in second.text


async def test_a_typescript_function_is_read_at_its_implementation_not_at_an_overload_signature(
        tmp_path: Path) -> None:
    # redux's `read --symbol compose` gave its first overload, two lines of types and no body. The signatures are
    # the implementation's lines (hono's HonoRequest.header: its doc comment stands above them): read from the first.
    files = {"src/compose.ts": '''
        export default function compose(): <R>(a: R) => R
        export default function compose<F extends Function>(
          f: F
        ): F
        export default function compose(...funcs: Function[]) {
          if (funcs.length === 0) {
            return <T>(arg: T) => arg
          }
          return funcs.reduce((a, b) => (...args: any) => a(b(...args)))
        }
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        read = await service.read_code("p", symbol="compose")
        assert (read.start_line, read.end_line) == (1, 10) and "funcs.reduce" in read.text
        assert read.note is None


async def test_a_c_function_is_read_at_its_body_not_at_its_prototype(tmp_path: Path) -> None:
    files = {
        "src/jv.h": "int jvp_equal(int a, int b);\n",
        "src/jv.c": '''
            static int jvp_equal(int a, int b);

            int compare(int a, int b) {
              return jvp_equal(a, b);
            }

            static int jvp_equal(int a, int b) {
              int same = a == b;
              return same;
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        # jq's `read --symbol jvp_equal` gave the one-line forward declaration, and `jv_parser_new` the header's
        # prototype.
        read = await service.read_code("p", symbol="jvp_equal")
        assert (read.file_path, read.start_line, read.end_line) == ("src/jv.c", 7, 10)
        assert read.note is not None and "start_line=1" in read.note


# 100 lines: split only with its doc comment counted, in two pieces as gson's Gson was.
@pytest.mark.parametrize(("language", "length"), [*((language, 200) for language in LONG_DOCUMENTED), ("java", 100)])
async def test_a_split_definition_below_a_long_doc_comment_is_found_and_read_whole(tmp_path: Path, language: str,
                                                                                   length: int) -> None:
    # gson's Gson (doc comment 49-155, class 156-1288): find_symbol said 156-168, read_code began at line 149.
    path, name, source = long_documented(language, length)
    first, own, last = long_documented_lines(source)
    async with indexed_project(tmp_path, {path: source}, "p") as service:
        found = (await service.find_symbol("p", name)).definitions[0]
        assert (found.file_path, found.line, found.end_line) == (path, own, last)
        read = await service.read_code("p", symbol=name, max_tokens=50_000)
        assert (read.start_line, read.end_line, read.truncated) == (first, last, False)  # from its doc comment on
        assert read.text.splitlines()[0] == f"{first:6}\t{source.splitlines()[first - 1]}"
        cut = await service.read_code("p", symbol=name, max_tokens=500)  # a long one cut to the budget: same start
        assert cut.truncated and cut.start_line == first


async def test_an_index_made_before_doc_comments_went_with_the_first_piece_parses_files_with_split_definitions_again(
        tmp_path: Path) -> None:
    path, name, source = long_documented("java")
    first, own, last = long_documented_lines(source)
    files = {path: source,
             "demo/Small.java": "package demo;\n\n/** Small. */\nclass Small {\n    int size() { return 1; }\n}\n"}
    # As that version stored it: the second piece from inside the doc comment, above the class's line.
    db = await indexed_before_migration(tmp_path, files, "mixed", 29,
                                        f"UPDATE code_chunks SET lineno = {own - 7} WHERE lineno = {own + 100}")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, path, "demo/Small.java", "Long definitions are cut")
        read = await service.read_code("mixed", symbol=name, max_tokens=50_000)
        assert (read.start_line, read.end_line) == (first, last)


async def test_the_note_of_a_name_defined_many_times_names_or_counts_every_other(tmp_path: Path) -> None:
    # ripgrep's eight `Config`s: "8 definitions match 'Config'; this is standard.rs:36. Others:" listed five.
    files = {f"pkg/mod{index}.py": "class Config:\n    pass\n" for index in range(8)}
    async with indexed_project(tmp_path, files, "p") as service:
        read = await service.read_code("p", symbol="Config")
    assert read.note is not None and read.note.startswith("8 definitions match 'Config'; this is pkg/mod0.py:1. ")
    assert "Others: " + ", ".join(f"pkg/mod{index}.py:1" for index in range(1, 6)) + " and 2 more (find_symbol lists " \
           "them)." in read.note
