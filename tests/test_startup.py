"""Start-up with a vault.db that cannot be used: one clear line, a non-zero exit, nothing changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coderag_mcp import vaultcheck
from coderag_mcp.vaultcheck import DatabaseUnusable, check_database

from .conftest import SAMPLE_FILES, cli_command, subprocess_env, write_tree


def run(db: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    command = cli_command("--db", str(db), *args)
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user if user != 'nobody' else 'nogroup'}",
                   "--clear-groups", *command]
    # stdin closed: a server that started would wait for a client; one that refuses exits at once.
    return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          env=subprocess_env())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def indexed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("startup")
    repo = write_tree(root / "repo", SAMPLE_FILES)
    db = root / "vault.db"
    assert subprocess.run(cli_command("--db", str(db), "index", str(repo)), capture_output=True,
                          env=subprocess_env(), timeout=120).returncode == 0
    return db


def damaged_copy(db: Path, target: Path, page: int) -> Path:
    shutil.copy(db, target)
    with open(target, "r+b") as handle:  # random bytes over a few pages, the header left intact
        handle.seek(4096 * page)
        handle.write(os.urandom(4096 * 4))
    return target


@pytest.mark.parametrize("command", [["serve"], ["index", "."], ["status"]])
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "vault.db"
    db.write_text("my notes, not a database\n" * 100)
    before = digest(db)
    assert_one_clear_line(run(db, *command), "not a SQLite database", "--db")
    assert digest(db) == before
    assert not Path(f"{db}-wal").exists()


@pytest.mark.parametrize("page", [3, 20])
@pytest.mark.parametrize("command", [["serve"], ["index", "."]])
def test_a_damaged_database_is_refused_never_repaired(tmp_path: Path, indexed_db: Path, page: int,
                                                      command: list[str]) -> None:
    db = damaged_copy(indexed_db, tmp_path / "vault.db", page)
    before = digest(db)
    assert_one_clear_line(run(db, *command), "is damaged", ".recover")
    assert digest(db) == before


def test_a_vault_over_the_limit_is_not_read_whole_at_start(tmp_path: Path, indexed_db: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading every page at start is what made a server on the Linux kernel's 6.7 GB vault.db answer its
    client a minute late: past QUICK_CHECK_MAX_BYTES the start reads the schema only (damage then shows
    when a job reads it); below it, damage is refused at start as before."""
    db = tmp_path / "vault.db"
    shutil.copy(indexed_db, db)
    with contextlib.closing(sqlite3.connect(db)) as connection:  # a page of rows, not of the schema
        root, page_size = connection.execute(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'code_chunks'"
        ).fetchone()
    with open(db, "r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(os.urandom(page_size))
    with pytest.raises(DatabaseUnusable, match="is damaged"):
        check_database(db, thorough=True)
    monkeypatch.setattr(vaultcheck, "QUICK_CHECK_MAX_BYTES", db.stat().st_size - 1)
    check_database(db, thorough=True)  # the schema is readable: the start goes on


def test_a_folder_or_an_impossible_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "vault.db"
    folder.mkdir()
    assert_one_clear_line(run(folder, "serve"), "is a folder")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    assert_one_clear_line(run(a_file / "sub" / "vault.db", "serve"), "Cannot create the database folder", "is a file")
    assert a_file.read_text() == "x"


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="coderag-ro-"))
    path.chmod(0o755)
    yield path
    path.chmod(0o755)
    shutil.rmtree(path)


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0,
                    reason="needs setpriv and root to run the server as nobody (root ignores permissions)")
@pytest.mark.parametrize("what", ["file", "folder", "unreachable"])
def test_a_read_only_database_is_refused_as_a_normal_user(world_dir: Path, indexed_db: Path, what: str) -> None:
    probe = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c",
                            "import coderag_mcp"], capture_output=True, text=True, timeout=60, env=subprocess_env())
    if probe.returncode != 0:  # e.g. a Python whose shared library sits in root's home
        pytest.skip(f"this Python cannot run as nobody: {probe.stderr.strip()[:200]}")
    if what == "unreachable":  # in a folder this user may not enter (stat itself fails: it was a traceback)
        (world_dir / "private").mkdir(mode=0o700)
        db = world_dir / "private" / "vault.db"
        shutil.copy(indexed_db, db)
        before = digest(db)
        assert_one_clear_line(run(db, "serve", user="nobody"), "Cannot reach", "permissions")
        assert digest(db) == before
        return
    db = world_dir / "vault.db"
    shutil.copy(indexed_db, db)
    db.chmod(0o444 if what == "file" else 0o666)
    world_dir.chmod(0o555)
    before = digest(db)
    assert_one_clear_line(run(db, "serve", user="nobody"), "read-only", "writable")
    assert digest(db) == before


@pytest.mark.parametrize("command", [["serve"], ["index", "."]])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path, command: list[str]) -> None:
    """A SQLite file of another program with a table named as one of vlt's: refused before anything is
    written (opening it for writing alone turned its journal mode to WAL)."""
    import sqlite3

    db = tmp_path / "vault.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE code_chunks (id INTEGER PRIMARY KEY, whatever TEXT)")
    connection.execute("INSERT INTO code_chunks (whatever) VALUES ('someone else''s data')")
    connection.commit()
    connection.close()
    before = digest(db)
    assert_one_clear_line(run(db, *command), "another program", "code_chunks", "untouched")
    assert digest(db) == before and not (tmp_path / "vault.db-wal").exists()
