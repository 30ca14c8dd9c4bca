"""Indexing never touches the network: every grammar ships inside the installed wheels.

The index runs in a real subprocess (and its parser worker processes) whose sockets refuse to
connect; each attempt is written to a log the test reads back.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import cli_command, subprocess_env, write_large_tree, write_tree

# Imported by every Python process started with this folder on PYTHONPATH (site runs it).
NO_NETWORK = '''
import os
import socket

_LOG = os.environ["NETWORK_ATTEMPTS_LOG"]


def _note(line):
    with open(_LOG, "a") as log:
        log.write(line + "\\n")


def _refuse(what):
    def refuse(*args, **kwargs):
        _note(f"{what} {args[1:] if what.startswith('socket.') else args}")
        raise OSError(101, "network is unreachable (blocked by the offline test)")
    return refuse


socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
_note(f"loaded {os.getpid()}")
'''

# One small file in each language with a query, so every grammar is loaded.
ONE_PER_LANGUAGE = {
    "py/a.py": "def py_fn():\n    return 1\n",
    "js/a.js": "function jsFn() { return 1; }\n",
    "ts/a.ts": "export function tsFn(): number { return 1; }\n",
    "tsx/a.tsx": "export function TsxFn() { return <div/>; }\n",
    "go/a.go": "package a\n\nfunc GoFn() int { return 1 }\n",
    "rs/a.rs": "pub fn rs_fn() -> i32 { 1 }\n",
    "java/A.java": "class A { int javaFn() { return 1; } }\n",
    "c/a.c": "int c_fn(void) { return 1; }\n",
    "cpp/a.cpp": "int cpp_fn() { return 1; }\n",
    "cs/A.cs": "class A { int CsFn() { return 1; } }\n",
    "rb/a.rb": "def rb_fn\n  1\nend\n",
    "php/a.php": "<?php\nfunction php_fn() { return 1; }\n",
    "kt/a.kt": "fun ktFn(): Int = 1\n",
    "scala/a.scala": "object A { def scalaFn(): Int = 1 }\n",
    "lua/a.lua": "function lua_fn() return 1 end\n",
    "sh/a.sh": "sh_fn() {\n  echo 1\n}\n",
}


def test_indexing_works_with_the_network_unreachable(tmp_path: Path) -> None:
    blocker = tmp_path / "no_network"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(textwrap.dedent(NO_NETWORK))
    log = tmp_path / "network-attempts.log"
    env = subprocess_env()
    env["PYTHONPATH"] = str(blocker)
    env["NETWORK_ATTEMPTS_LOG"] = str(log)

    # The blocker works: a download attempt in such a process fails and is logged.
    probe = subprocess.run([sys.executable, "-c", "import urllib.request; urllib.request.urlopen('https://pypi.org')"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert probe.returncode != 0 and "('pypi.org', 443)" in log.read_text()
    log.unlink()

    # Enough files that parsing runs in worker processes, which must load the blocker too.
    repo = write_large_tree(tmp_path / "repo", 60, functions_per_file=2)
    write_tree(repo, ONE_PER_LANGUAGE)
    result = subprocess.run(cli_command("--db", str(tmp_path / "vault.db"), "index", str(repo)),
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    total = 60 + len(ONE_PER_LANGUAGE)
    assert f"completed: {total} of {total} files" in result.stdout
    for language in ("python", "javascript", "typescript", "tsx", "go", "rust", "java", "c", "cpp", "csharp",
                     "ruby", "php", "kotlin", "scala", "lua", "bash"):
        assert f"{language} " in result.stdout.split("languages: ", 1)[1].splitlines()[0], language

    lines = log.read_text().splitlines()
    attempts = [line for line in lines if not line.startswith("loaded ")]
    assert attempts == []
    assert len({line for line in lines if line.startswith("loaded ")}) >= 2  # the indexer and its parser workers

    found = subprocess.run(cli_command("--db", str(tmp_path / "vault.db"), "symbol", "lua_fn", "--project", "repo"),
                           capture_output=True, text=True, env=env, timeout=60)
    assert "lua/a.lua:1" in found.stdout
