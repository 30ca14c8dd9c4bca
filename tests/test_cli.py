"""The command line as a person uses it: a real subprocess on a real folder."""

from __future__ import annotations

import json
import os
import pty
import platform
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coderag_mcp.discover import Discovery, discover

from .conftest import cli_command, subprocess_env, write_large_tree, write_tree


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(*args), capture_output=True, text=True, env=subprocess_env(), timeout=120)


def test_index_status_search_and_update(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    first = run("--db", str(db), "index", str(sample_repo))
    assert first.returncode == 0, first.stderr
    assert "100% 6/6 files" in first.stderr  # the progress bar
    assert "completed: 6 of 6 files" in first.stdout
    assert "project 'sample': ready, 6 files" in first.stdout
    assert "languages: " in first.stdout and "rust 1" in first.stdout

    status = run("--db", str(db), "status", "--project", "sample", "--json")
    document = json.loads(status.stdout)
    assert document["status"]["status"] == "ready" and document["jobs"][0]["status"] == "completed"
    assert "sample" in run("--db", str(db), "status").stdout

    found = run("--db", str(db), "search", "evict oldest entry", "--project", "sample", "--json")
    hits = json.loads(found.stdout)["hits"]
    assert hits[0]["qualified_name"] == "Cache.evictOldest"
    plain = run("--db", str(db), "search", "ListenAndServe", "--project", "sample")
    assert plain.stdout.startswith("1. app/server.go:9-11  method HTTPServer.ListenAndServe")

    (sample_repo / "app" / "config.py").write_text("def replaced():\n    return 2\n")
    again = run("--db", str(db), "index", str(sample_repo))
    assert again.returncode == 0 and "Updating project 'sample'" in again.stderr
    assert "replaced" in run("--db", str(db), "search", "replaced", "--project", "sample").stdout
    assert "ConfigLoader" not in run("--db", str(db), "search", "ConfigLoader", "--project", "sample").stdout


def test_a_database_path_relative_to_the_current_folder_works_once_the_file_exists(
    tmp_path: Path, sample_repo: Path
) -> None:
    def run_here(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cli_command(*args), capture_output=True, text=True, env=subprocess_env(), timeout=120,
                              cwd=tmp_path)

    first = run_here("--db", "vault.db", "index", str(sample_repo))
    assert first.returncode == 0, first.stderr
    again = run_here("--db", "vault.db", "status", "--project", "sample")  # the file is there now
    assert again.returncode == 0, again.stderr
    assert "sample: ready, 6 files" in again.stdout


def test_errors_exit_non_zero_with_advice(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    missing = run("--db", str(db), "index", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("--db", str(db), "index", str(empty))
    assert nothing.returncode == 1 and "No supported files found" in nothing.stderr
    search = run("--db", str(db), "search", "x", "--project", "ghost")
    assert search.returncode == 2 and "no project 'ghost'" in search.stderr and "init_index" not in search.stderr
    # ripgrep's flag `-g/--glob` as a query: argparse takes it for an option and said only "required: query".
    dashed = run("--db", str(db), "search", "-g/--glob", "--project", "ghost")
    assert dashed.returncode == 2 and "A value that begins with '-' goes after '--', as in: coderag-mcp search " \
                                      "--project P -- '-g/--glob'" in dashed.stderr
    assert "goes after '--'" not in run("--db", str(db), "search", "glob").stderr  # (--project is missing there)


def test_the_database_defaults_to_the_environment(tmp_path: Path, sample_repo: Path) -> None:
    env = subprocess_env()
    env["VLT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'from-vlt.db'}"
    result = subprocess.run(cli_command("index", str(sample_repo), "--project", "envtest"), capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-vlt.db").exists()
    env["CODERAG_DB"] = str(tmp_path / "explicit.db")
    result = subprocess.run(cli_command("status"), capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2 and str(tmp_path / "explicit.db") in result.stderr
    assert not (tmp_path / "explicit.db").exists()  # a read never creates a database
    result = subprocess.run(cli_command("status", "--project", "envtest"), capture_output=True, text=True,
                            env={**env, "CODERAG_DB": str(tmp_path / "from-vlt.db")}, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("envtest: ready")


def test_symbol_refs_and_map_commands(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(sample_repo)).returncode == 0
    symbol = run("--db", str(db), "symbol", "evictOldest", "--project", "sample")
    assert symbol.stdout.splitlines()[0] == "java/Cache.java:6  method Cache.evictOldest  [exact]"
    refs = run("--db", str(db), "refs", "parse_config", "--project", "sample")
    assert refs.stdout.strip() == ("app/config.py:16  calls in load_settings  [member] -> "
                                   "app/config.py:ConfigLoader.parse_config")
    repo_map = run("--db", str(db), "map", "--project", "sample", "--max-tokens", "300")
    assert "app/config.py:" in repo_map.stdout and "symbols in" in repo_map.stderr


def test_global_options_go_before_or_after_the_command(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("index", str(sample_repo), "--db", str(db), "--json").returncode == 0
    before = json.loads(run("--db", str(db), "--json", "status", "--project", "sample").stdout)
    after = json.loads(run("status", "--project", "sample", "--json", "--db", str(db)).stdout)
    assert before["status"]["file_count"] == after["status"]["file_count"] == 6


def test_read_commands_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "vault.db"
    for command in (["status"], ["projects"], ["jobs"], ["search", "x", "--project", "p"],
                    ["symbol", "x", "--project", "p"], ["refs", "x", "--project", "p"], ["map", "--project", "p"],
                    ["delete", "--project", "p"], ["cancel", "some-job"]):
        result = run(*command, "--db", str(missing))
        assert result.returncode == 2, command
        assert f"no database at {missing}" in result.stderr and "coderag-mcp index" in result.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_a_mistyped_project_gets_the_nearest_names_in_command_line_words(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(sample_repo)).returncode == 0
    for command in (["search", "x"], ["symbol", "x"], ["refs", "x"], ["map"], ["status"], ["delete"]):
        result = run("--db", str(db), *command, "--project", "sampel")
        assert result.returncode == 2, command
        assert "no project 'sampel'" in result.stderr and "Did you mean 'sample'?" in result.stderr, result.stderr
        assert "init_index" not in result.stderr
    far = run("--db", str(db), "search", "x", "--project", "zzz")
    assert far.returncode == 2 and "Did you mean" not in far.stderr and "Projects: sample" in far.stderr


def test_projects_jobs_cancel_and_delete_commands(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(sample_repo)).returncode == 0
    projects = run("--db", str(db), "projects")
    assert projects.returncode == 0 and projects.stdout.split()[:4] == ["sample", "ready", "6", "files"]
    assert json.loads(run("--db", str(db), "projects", "--json").stdout)["projects"][0]["file_count"] == 6
    jobs = json.loads(run("--db", str(db), "jobs", "--json").stdout)["jobs"]
    assert [job["status"] for job in jobs] == ["completed"]
    assert run("--db", str(db), "jobs", "--status", "running").stdout.strip() == "No jobs in state running."
    cancel = run("--db", str(db), "cancel", jobs[0]["job_id"])
    assert cancel.returncode == 1 and "already ended" in cancel.stderr
    assert run("--db", str(db), "cancel", "no-such-job").returncode == 2
    deleted = run("--db", str(db), "delete", "--project", "sample")
    assert deleted.returncode == 0 and "Deleted" in deleted.stdout and "code_chunks:" in deleted.stdout
    search = run("--db", str(db), "search", "cache", "--project", "sample")
    assert search.returncode == 2 and "has no index yet" in search.stderr and "coderag-mcp index" in search.stderr
    assert json.loads(run("--db", str(db), "status", "--project", "sample", "--json").stdout)["status"][
        "status"] == "not_initialized"


def test_refs_says_when_its_uses_are_on_receivers_nobody_could_type(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {
        "src/Dispatcher.php": "<?php\nclass Dispatcher {\n    public function add($m) {}\n}\n",
        "src/Queue.php": "<?php\nclass Queue {\n    public function add($m) {}\n}\n",
        "src/Group.php": "<?php\nclass Group {\n    public function add($m) {\n        $this->d->add($m);\n    }\n}\n"})
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(repo)).returncode == 0
    # Not "nothing in the project uses it": the call's receiver could be a Dispatcher.
    answer = run("--db", str(db), "refs", "Dispatcher.add", "--project", "repo").stdout
    # Nothing guessed it to be Dispatcher's either (the file imports neither): the note says --guesses adds nothing
    # (okio's `refs Path.toPath` promised 633 guessed uses, and with --guesses said nothing used it).
    assert answer.startswith("No references to 'Dispatcher.add' in project 'repo': 1 other use of 'add' is tied to no "
                             "definition here (a receiver whose type could not be told, or a library's); none was "
                             "guessed to be this one, so --guesses adds nothing")  # (the command line's option, not the MCP argument's name)


def test_empty_answers_say_so_and_map_speaks_json(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(sample_repo)).returncode == 0
    unused = run("--db", str(db), "refs", "evictOldest", "--project", "sample")
    assert unused.returncode == 0
    # Not "nothing uses it": a use as a value (a callback, a property read) is no recorded reference.
    assert unused.stdout.strip() == (
        "No references to 'evictOldest' in project 'sample': No call, import or base class of 'evictOldest' is "
        "recorded. A use as a value (a property read, a function passed as a callback) is not recorded: "
        "coderag-mcp search finds those.")
    assert "nothing in the project defines or calls it" in run("--db", str(db), "refs", "nowhere_at_all",
                                                               "--project", "sample").stdout
    assert run("--db", str(db), "symbol", "nowhere_at_all", "--project", "sample").stdout.startswith(
        "No definition of 'nowhere_at_all'")
    repo_map = json.loads(run("--db", str(db), "map", "--project", "sample", "--json").stdout)
    assert "app/config.py:" in repo_map["map_text"] and repo_map["symbols_included"] > 0


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    repo = write_large_tree(tmp_path / "repo", 300)
    assert run("--db", str(db), "index", str(repo), "--project", "big").returncode == 0
    # Far more than a pipe holds (64 KB), so the writer is still writing when the reader goes away.
    process = subprocess.Popen(cli_command("--db", str(db), "map", "--project", "big", "--max-tokens", "50000"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())
    assert process.stdout is not None and process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0 and b"Broken pipe" not in stderr and b"Traceback" not in stderr, stderr


def test_serve_on_a_terminal_says_what_it_is_then_stops_on_ctrl_c(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(cli_command("--db", str(tmp_path / "vault.db")), stdin=terminal,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())
        assert process.stderr is not None
        line = process.stderr.readline().decode()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    finally:
        os.close(controller)
        os.close(terminal)
    assert line.startswith("coderag-mcp speaks MCP on stdio") and "claude mcp add coderag --" in line
    assert process.returncode == 130


def test_read_command_prints_numbered_lines_from_the_project_only(tmp_path: Path, sample_repo: Path) -> None:
    db = tmp_path / "vault.db"
    assert run("--db", str(db), "index", str(sample_repo)).returncode == 0
    method = run("--db", str(db), "read", "--symbol", "ConfigLoader.parse_config", "--project", "sample")
    assert method.returncode == 0 and method.stdout.splitlines()[0] == (
        "     8\t    def parse_config(self, text: str) -> dict:")
    assert method.stderr.startswith("app/config.py:8-10 of 16  ConfigLoader.parse_config")
    lines = json.loads(run("--db", str(db), "read", "app/config.py", "--start-line", "2", "--end-line", "3",
                           "--project", "sample", "--json").stdout)
    assert (lines["start_line"], lines["end_line"]) == (2, 3)
    escape = run("--db", str(db), "read", "../../etc/passwd", "--project", "sample")
    assert escape.returncode == 1 and "outside the folder of project 'sample'" in escape.stderr
    # At the command line, the commands to run next, not the MCP tools.
    missing = run("--db", str(db), "read", "--symbol", "nowhere_at_all", "--project", "sample")
    assert missing.returncode == 1 and "coderag-mcp symbol lists names" in missing.stderr
    assert "find_symbol" not in missing.stderr and "search_code" not in missing.stderr


def test_an_update_by_the_command_line_walks_the_tree_once(
        tmp_path: Path, sample_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The job finds what changed; the status printed before and after it is the one recorded (each
    checked the files again: three walks of the Linux kernel's tree, 10.3 s, for a no-change update)."""
    from coderag_mcp import cli, pipeline, staleness

    walks: list[str] = []

    def counted(root: str, max_file_bytes: int) -> Discovery:
        walks.append(root)
        return discover(root, max_file_bytes)

    db = str(tmp_path / "vault.db")
    assert cli.main(["--db", db, "index", str(sample_repo)]) == 0
    monkeypatch.setattr(pipeline, "discover", counted)
    monkeypatch.setattr(staleness, "discover", counted)
    (sample_repo / "app" / "config.py").write_text("def replaced():\n    return 2\n")
    assert cli.main(["--db", db, "index", str(sample_repo)]) == 0
    assert len(walks) == 1
    assert "completed: 6 of 6 files" in capsys.readouterr().out



@pytest.mark.parametrize("told", [None, "4"])
def test_malloc_arenas_are_limited_unless_the_environment_says(told: str | None) -> None:
    """glibc's arena per thread each grew toward a large link's peak (malloc_arenas.py); a
    MALLOC_ARENA_MAX of the user's own is left to glibc."""
    env = subprocess_env()
    env.pop("MALLOC_ARENA_MAX", None)
    if told is not None:
        env["MALLOC_ARENA_MAX"] = told
    result = subprocess.run(
        [sys.executable, "-c", "from coderag_mcp.malloc_arenas import limit_malloc_arenas; print(limit_malloc_arenas())"],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str(told is None and platform.libc_ver()[0] == "glibc")


_HOLES_THEN_RELEASE = """
import sys
from coderag_mcp.malloc_arenas import release_free_memory

def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6

blocks = [bytes(4000) + bytes([i % 256]) for i in range(50_000)]  # 200 MB from malloc (over pymalloc's 512 bytes)
kept = blocks[::50]  # a block of every 50 stays: the heap cannot shrink from its end
del blocks
before = rss_mb()
released = release_free_memory()
print(released, round(before), round(rss_mb()))
"""


def test_free_memory_inside_the_heap_is_handed_back() -> None:
    """What a write batch's rows free between blocks still in use stays the process's until trimmed
    (malloc_arenas.release_free_memory, after each write of an index; glibc's malloc_trim, nothing elsewhere)."""
    result = subprocess.run([sys.executable, "-c", _HOLES_THEN_RELEASE], env=subprocess_env(), capture_output=True,
                            text=True, timeout=60)
    released, before, after = result.stdout.split()
    assert released == str(platform.libc_ver()[0] == "glibc")
    if released == "False":
        return
    assert int(before) - int(after) > 100  # of the 196 MB freed between the kept blocks


def test_the_parser_workers_import_of_the_command_line_is_light() -> None:
    """The parser's worker processes re-run the `coderag-mcp` script, which imports coderag_mcp.cli: the
    service, the SDK, pydantic and numpy are imported only when a command runs (53 -> 29 MB a worker)."""
    heavy = ["coderag_mcp.service", "coderag_mcp.cli_commands", "coderag_mcp.models", "mcp", "pydantic", "numpy"]
    result = subprocess.run([sys.executable, "-c", "import sys, coderag_mcp.cli, coderag_mcp.parse_workers; "
                             f"print([name for name in {heavy!r} if name in sys.modules])"],
                            env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_command_line_limits_malloc_arenas_before_anything_else(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import coderag_mcp.cli

    calls: list[str] = []
    monkeypatch.setattr(coderag_mcp.cli, "limit_malloc_arenas", lambda: calls.append("limited"))
    monkeypatch.setattr(coderag_mcp.cli, "build_parser", lambda: calls.append("parsed") or pytest.fail("stop"))
    with pytest.raises(pytest.fail.Exception):
        coderag_mcp.cli.main(["--db", str(tmp_path / "vault.db"), "projects"])
    assert calls == ["limited", "parsed"]
