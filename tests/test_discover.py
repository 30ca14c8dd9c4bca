"""Discovery: what is read under a root, and what is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pathspec
import pytest
from watchfiles import Change

from coderag_mcp.discover import IgnoreRules, discover, is_secret_file
from coderag_mcp.watch import ChangeFilter

from .conftest import write_tree


def found(root: Path, max_bytes: int = 1_000_000) -> list[str]:
    return [source.rel_path for source in discover(str(root), max_bytes).files]


def test_gitignore_rules_apply_at_every_level(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {
        ".gitignore": "generated/\n*.gen.py\n!keep.gen.py\n/rootonly.py\n",
        "src/app.py": "x = 1\n",
        "src/rootonly.py": "x = 1\n",
        "rootonly.py": "x = 1\n",
        "src/model.gen.py": "x = 1\n",
        "src/keep.gen.py": "x = 1\n",
        "generated/out.py": "x = 1\n",
        "src/sub/.gitignore": "local_*.py\n",
        "src/sub/local_tmp.py": "x = 1\n",
        "src/sub/real.py": "x = 1\n",
        "src/other/local_tmp.py": "x = 1\n",
        ".git/info/exclude": "secret_dir/\n",
        "secret_dir/x.py": "x = 1\n",
    })
    assert found(root) == ["src/app.py", "src/keep.gen.py", "src/other/local_tmp.py", "src/rootonly.py",
                           "src/sub/real.py"]


def test_a_gitignore_line_git_cannot_read_is_skipped_not_fatal(tmp_path: Path) -> None:
    # black's test data holds a `.gitignore` of `!` alone: every index of black failed in discovery.
    root = write_tree(tmp_path / "repo", {
        ".gitignore": "*.log\n!\n\\\n",
        "app.py": "x = 1\n",
        "debug.log.py": "x = 1\n",
        "tests/data/broken/.gitignore": "!\n",
        "tests/data/broken/case.py": "x = 1\n",
        "tests/data/other/.gitignore": "!\nskip_*.py\n",
        "tests/data/other/skip_me.py": "x = 1\n",
        "tests/data/other/keep.py": "x = 1\n",
    })
    assert found(root) == ["app.py", "debug.log.py", "tests/data/broken/case.py", "tests/data/other/keep.py"]


def test_a_gitignore_negation_takes_back_an_exclude_in_the_walk_and_the_watcher(tmp_path: Path) -> None:
    """git reads .git/info/exclude and the root .gitignore as one list, the .gitignore's rules last: its
    `!name` takes back what the exclude file ignores. The walk and the watcher read the rules alike."""
    root = write_tree(tmp_path / "repo", {
        ".git/info/exclude": "*.gen.py\nscratch/\n",
        ".gitignore": "!keep.gen.py\n",
        "app.py": "x = 1\n",
        "model.gen.py": "x = 1\n",
        "keep.gen.py": "x = 1\n",
        "scratch/try.py": "x = 1\n",
    })
    assert found(root) == ["app.py", "keep.gen.py"]
    relevant = ChangeFilter(str(root)).relevant
    assert [path for path in ("app.py", "model.gen.py", "keep.gen.py", "scratch/try.py")
            if relevant(Change.modified, str(root / path))] == ["app.py", "keep.gen.py"]


def test_default_excludes_and_virtualenvs(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {
        "main.go": "package main\n",
        "node_modules/lib/index.js": "x\n",
        ".venv/lib/site.py": "x\n",
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/thing.py": "x\n",
        "build/lib/copy.py": "x\n",
        "target/debug/build.rs": "x\n",
        "__pycache__/m.py": "x\n",
        "pkg.egg-info/x.py": "x\n",
        "notes.txt": "not code\n",
    })
    result = discover(str(root), 1_000_000)
    assert [source.rel_path for source in result.files] == ["main.go"]
    assert result.excluded["excluded folder"] == 7


def test_secrets_large_files_and_links_out_of_the_root_are_never_read(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"stolen.py": "password = 'x'\n"})
    root = write_tree(tmp_path / "repo", {
        "ok.py": "x = 1\n",
        ".env": "API_KEY=secret\n",
        "deploy/server.key": "-----BEGIN PRIVATE KEY-----\n",
        "big.py": "x = 1\n" * 50,
        "inside/real.py": "y = 2\n",
    })
    os.symlink(outside / "stolen.py", root / "link_out.py")
    os.symlink(root / "inside" / "real.py", root / "link_in.py")
    os.symlink(outside, root / "linked_dir")
    result = discover(str(root), max_file_bytes=100)
    assert [source.rel_path for source in result.files] == ["inside/real.py", "link_in.py", "ok.py"]
    assert result.excluded["symlink out of root"] == 1
    assert result.excluded["symlinked folder"] == 1
    assert result.excluded["too large"] == 1
    assert result.excluded["secret"] == 2


def test_secret_names() -> None:
    for name in (".env", ".env.production", "id_rsa", "id_ed25519.pub", "tls.pem", "prod.key", ".npmrc"):
        assert is_secret_file(name), name
    for name in ("environment.py", "keys.py", "credentials.py", "monkey.go"):
        assert not is_secret_file(name), name


@pytest.mark.parametrize("rules", [
    "*.o\nbuild/\n/dist\n**/cache/**\ndocs/*.html\n",                     # no rule negates: one regex decides
    "*.gen.py\n!keep.gen.py\nout/\n!out/keep/\n*.log\n!/important.log\n",  # negations: pathspec decides
    "*\n!*/\n!*.py\n",                                                      # ignore all but Python files
    "# only a comment\n\n\\#not_a_comment\n[ab]?.c\nx/**/y\n",
])
def test_an_ignore_files_rules_tried_at_once_decide_as_git_does(rules: str) -> None:
    """The walk tries each ignore file's rules as one regex first; every path must be decided as
    pathspec (git's rules) decides it, folders (with their slash) and files alike."""
    spec = pathspec.GitIgnoreSpec.from_lines(rules.splitlines())
    paths = ["a.o", "src/a.o", "build/", "src/build/", "build/x.c", "dist", "dist/", "src/dist", "cache/x",
             "a/cache/b/c.py", "docs/i.html", "docs/sub/i.html", "m.gen.py", "src/keep.gen.py", "keep.gen.py",
             "out/", "out/a.py", "out/keep/", "out/keep/a.py", "x.log", "important.log", "src/important.log",
             "main.py", "src/", "src/main.c", "#not_a_comment", "ab.c", "b1.c", "x/y", "x/a/b/y", "x/y/z.py"]
    tried = IgnoreRules(spec)
    assert [bool(tried.matches(path)) for path in paths] == [spec.match_file(path) for path in paths]
