"""The command line as a person uses it: a real subprocess on a real folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import cli_command, subprocess_env


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
    assert plain.stdout.startswith("1. app/server.go:8-11  method HTTPServer.ListenAndServe")

    (sample_repo / "app" / "config.py").write_text("def replaced():\n    return 2\n")
    again = run("--db", str(db), "index", str(sample_repo))
    assert again.returncode == 0 and "Updating project 'sample'" in again.stderr
    assert "replaced" in run("--db", str(db), "search", "replaced", "--project", "sample").stdout
    assert "ConfigLoader" not in run("--db", str(db), "search", "ConfigLoader", "--project", "sample").stdout


def test_errors_exit_non_zero_with_advice(tmp_path: Path) -> None:
    db = tmp_path / "vault.db"
    missing = run("--db", str(db), "index", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("--db", str(db), "index", str(empty))
    assert nothing.returncode == 1 and "No supported files found" in nothing.stderr
    search = run("--db", str(db), "search", "x", "--project", "ghost")
    assert search.returncode == 1 and "init_index" in search.stderr


def test_the_database_defaults_to_the_environment(tmp_path: Path, sample_repo: Path) -> None:
    env = subprocess_env()
    env["VLT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'from-vlt.db'}"
    result = subprocess.run(cli_command("index", str(sample_repo), "--project", "envtest"), capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-vlt.db").exists()
    env["CODERAG_DB"] = str(tmp_path / "explicit.db")
    result = subprocess.run(cli_command("status"), capture_output=True, text=True, env=env, timeout=120)
    assert "No projects" in result.stdout and (tmp_path / "explicit.db").exists()


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
