"""Hostile and unlucky input: every case ends as a result or a clear error, and nothing leaks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coderag_mcp.discover import discover
from coderag_mcp.service import CodeIndexService

from .conftest import SAMPLE_FILES, fast_settings, write_tree

pytestmark = pytest.mark.anyio


# --- 4. secrets through symlinks, and the root as the boundary ----------------------------------------

async def test_secrets_behind_symlinks_are_never_indexed(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", SAMPLE_FILES)
    (repo / ".env").write_text("DATABASE_PASSWORD = 'hunter2envsecret'\n")
    (repo / "certs").mkdir()
    (repo / "certs" / "server.pem").write_text("PRIVATE_KEY = 'pemsecretmaterial'\n")
    (repo / "keys").mkdir()
    (repo / "keys" / "id_rsa").write_text("RSA_KEY = 'rsasecretmaterial'\n")
    os.symlink(".env", repo / "settings_env.py")
    os.symlink("certs/server.pem", repo / "cert_loader.py")
    os.symlink("keys/id_rsa", repo / "deploy_key.sh")
    os.symlink("app/config.py", repo / "config_alias.py")  # a link inside the tree stays allowed
    outside = write_tree(tmp_path / "outside", {"elsewhere.py": "OUTSIDE_TOKEN = 'outsidesecretvalue'\n"})
    os.symlink(outside / "elsewhere.py", repo / "linked_out.py")

    found = discover(str(repo), 1_000_000)
    paths = {source.rel_path for source in found.files}
    assert not paths & {"settings_env.py", "cert_loader.py", "deploy_key.sh", "linked_out.py"}
    assert "config_alias.py" in paths
    # The three secret files themselves and the three links to them.
    assert found.excluded["secret"] == 6 and found.excluded["symlink out of root"] == 1

    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        for word in ("hunter2envsecret", "pemsecretmaterial", "rsasecretmaterial", "outsidesecretvalue"):
            assert (await service.search_code("demo", word)).hits == [], word
        assert (await service.search_code("demo", "parse_config")).hits


# --- 5. one giant line -----------------------------------------------------------------------------------

def one_line_js(size: int) -> str:
    """What a bundler writes: every statement of a big program on one line."""
    parts, number = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"function handler{number}(e){{return e.target.value+{number}}};var v{number}=handler{number};")
        number += 1
    return "".join(parts) + "\n"


async def test_a_minified_file_is_skipped_with_the_reason(tmp_path: Path) -> None:
    files = dict(SAMPLE_FILES)
    files["static/bundle.min.js"] = one_line_js(950_000)
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        done = await service.init_index("demo", str(repo), background=False)
        stats = await service.store.get_job_stats(done.job_id)
        assert stats is not None
        (path, reason), = stats[1]
        assert path == "static/bundle.min.js" and "minified" in reason
        assert (await service.get_status("demo")).file_count == len(SAMPLE_FILES)


async def test_snippets_stay_small_whatever_the_line_length(tmp_path: Path) -> None:
    """A short file can still hold one enormous line (a data table, an inlined asset)."""
    long_line = "const TABLE = [" + ", ".join(f"'entry{n}'" for n in range(6000)) + ", 'needleword'];\n"
    files = {"data/table.js": "// Lookup table.\n" + long_line + "function lookup(k) { return TABLE[k]; }\n" * 400}
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("demo", str(repo), background=False)
        hits = (await service.search_code("demo", "needleword")).hits
        assert hits and all(len(hit.snippet) <= 1200 for hit in hits)
        assert "needleword" in hits[0].snippet  # the window is around the match, not the line's start
