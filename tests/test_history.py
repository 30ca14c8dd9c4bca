"""The project's commit titles as a ranking input: read from a real git repository, kept per project,
followed when HEAD moves, and never a way for a repository to run a program."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from coderag_mcp.config import Settings
from coderag_mcp.history import HISTORY_COMMITS, Commit, HistoryIndex, history_weights, read_history, title_terms
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, query, write_tree


pytestmark = pytest.mark.anyio

# Two files alike in every word the query has: only the history tells them apart.
TWIN = '''
    def compute_total(lines):
        """Sum the lines."""
        return sum(lines)
    '''
FILES = {"billing/invoice.py": TWIN, "billing/refund.py": TWIN, "README.md": "# Billing\n"}
QUERY = "compute total for vouchers"


def git(repo: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=environment).stdout


def commit(repo: Path, title: str, files: dict[str, str]) -> None:
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", title)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, "Add invoices", {"billing/invoice.py": TWIN, "README.md": "# Billing\n"})
    commit(root, "Count vouchers in the refund total (#42)", {"billing/refund.py": TWIN})
    return root


async def search(settings: Settings, root: Path, project: str = "shop") -> list[tuple[str, float, list[str]]]:
    async with CodeIndexService.open(settings, run_jobs=False) as service:
        await service.init_index(project, str(root), background=False)
        response = await service.search_code(project, QUERY, limit=5)
    return [(hit.file_path, hit.score, hit.matched) for hit in response.hits]


async def test_the_file_an_earlier_commit_title_describes_ranks_first(tmp_path: Path, repo: Path) -> None:
    hits = await search(fast_settings(tmp_path / "vault.db"), repo)  # the default settings read the history
    assert [path for path, _score, _matched in hits] == ["billing/refund.py", "billing/invoice.py"]
    (refund, refund_score, refund_matched), (_invoice, invoice_score, invoice_matched) = hits
    assert refund_score == pytest.approx(1.5 * invoice_score, rel=1e-3)  # 1 + HISTORY_WEIGHT: the best file's vote
    assert any(signal.startswith("history:") for signal in refund_matched)
    assert not any(signal.startswith("history:") for signal in invoice_matched)

    # Without the history (CODERAG_HISTORY_COMMITS=0), the twins score alike.
    alone = await search(fast_settings(tmp_path / "plain.db", history_commits=0), repo)
    assert alone[0][1] == pytest.approx(alone[1][1])
    assert not any(signal.startswith("history:") for _path, _score, matched in alone for signal in matched)


def test_the_history_is_read_by_default_and_not_with_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CODERAG_HISTORY_COMMITS", raising=False)
    assert Settings.from_env(tmp_path / "vault.db").history_commits == HISTORY_COMMITS == 1000
    monkeypatch.setenv("CODERAG_HISTORY_COMMITS", "0")
    assert Settings.from_env(tmp_path / "vault.db").history_commits == 0
    monkeypatch.setenv("CODERAG_HISTORY_COMMITS", "200")
    assert Settings.from_env(tmp_path / "vault.db").history_commits == 200
    monkeypatch.setenv("CODERAG_HISTORY_COMMITS", "many")
    with pytest.raises(ValueError, match="CODERAG_HISTORY_COMMITS='many' is not a whole number"):
        Settings.from_env(tmp_path / "vault.db")



def test_files_that_hold_credentials_are_not_kept_by_name(repo: Path) -> None:
    commit(repo, "Rotate the deploy key", {"deploy/id_rsa": "-----BEGIN KEY-----\n", ".env": "TOKEN=1\n"})
    commit(repo, "Read the token in the refund total", {".env": "TOKEN=2\n", "billing/refund.py": TWIN + "\n"})
    commits = read_history(str(repo))
    assert [(each.title, each.files) for each in commits] == [  # the key's own commit has nothing left
        ("Read the token in the refund total", ("billing/refund.py",)),
        ("Count vouchers in the refund total (#42)", ("billing/refund.py",)),
        ("Add invoices", ("README.md", "billing/invoice.py"))]
    assert not any(name.endswith((".env", "id_rsa")) for each in commits for name in each.files)

async def test_the_history_follows_head_and_is_read_again_only_when_it_moves(tmp_path: Path, repo: Path) -> None:
    db = tmp_path / "vault.db"
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("shop", str(repo), background=False)
        first = query(db, "SELECT head, commit_count, read_at FROM coderag_history WHERE project_id = 'shop'")[0]
        assert first[:2] == (git(repo, "rev-parse", "HEAD").strip(), 2)

        await service.update_index("shop", background=False)  # HEAD did not move: nothing read or written
        assert query(db, "SELECT head, commit_count, read_at FROM coderag_history")[0] == first

        # Commits that change no code the query sees, one of them whose title matches the query best.
        commit(repo, "Vouchers now apply to invoices too", {"README.md": "# Billing, with vouchers\n"})
        git(repo, "commit", "-q", "--allow-empty", "-m", "Compute nothing")
        (repo / "billing/invoice.py").write_text((repo / "billing/invoice.py").read_text() + "\n")
        git(repo, "commit", "-q", "-am", "Compute invoice totals with vouchers")
        await service.update_index("shop", background=False)
        head, count, _read_at = query(db, "SELECT head, commit_count, read_at FROM coderag_history")[0]
        assert head == git(repo, "rev-parse", "HEAD").strip()
        assert count == 4  # the empty commit changed no file: it says nothing about any
        hits = (await service.search_code("shop", QUERY, limit=5)).hits
        assert hits[0].file_path == "billing/invoice.py"
        assert any(signal.startswith("history:") for signal in hits[0].matched)


async def test_nothing_above_the_indexed_folder_is_read(tmp_path: Path, repo: Path) -> None:
    # A folder inside a repository: its history is in the repository's .git, above the folder.
    db = tmp_path / "vault.db"
    hits = await search(fast_settings(db), repo / "billing", project="billing")
    assert {path for path, _score, _matched in hits} == {"refund.py", "invoice.py"}
    assert not any(signal.startswith("history:") for _path, _score, matched in hits for signal in matched)
    assert query(db, "SELECT head, commit_count FROM coderag_history") == [("", 0)]
    assert read_history(str(repo / "billing")) == []


async def test_the_servers_environment_cannot_point_git_elsewhere(tmp_path: Path, repo: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    commit(other, "Compute totals with vouchers for invoices", {"billing/invoice.py": TWIN})
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    hits = await search(fast_settings(tmp_path / "vault.db"), repo)
    assert hits[0][0] == "billing/refund.py"  # the indexed repository's own history, not GIT_DIR's


async def test_a_folder_without_history_is_indexed_and_searched_as_before(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "plain", FILES)
    db = tmp_path / "vault.db"
    hits = await search(fast_settings(db), root)
    assert {path for path, _score, _matched in hits} == {"billing/refund.py", "billing/invoice.py"}
    assert query(db, "SELECT head, commit_count FROM coderag_history") == [("", 0)]


async def test_a_repository_configuration_runs_no_program(tmp_path: Path, repo: Path) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "hook.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    for key in ("core.fsmonitor", "core.pager", "diff.external", "gpg.program", "core.sshCommand"):
        git(repo, "config", key, str(script))
    git(repo, "config", "log.showSignature", "true")
    hits = await search(fast_settings(tmp_path / "vault.db"), repo)
    assert hits[0][0] == "billing/refund.py"  # the history was read
    assert not marker.exists()


def test_read_history_skips_merges_and_keeps_titles_and_paths(tmp_path: Path, repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "Side change", {"billing/side.py": "x = 1\n"})
    git(repo, "checkout", "-q", "-")
    commit(repo, "Main change", {"billing/main.py": "y = 2\n"})
    git(repo, "merge", "-q", "--no-edit", "-m", "Merge branch side", "side")
    titles = [commit.title for commit in read_history(str(repo))]
    assert "Merge branch side" not in titles
    assert set(titles) == {"Main change", "Side change", "Count vouchers in the refund total (#42)", "Add invoices"}
    assert read_history(str(repo), limit=1) in ([Commit("Main change", ("billing/main.py",), ("main", "chang"))],
                                                [Commit("Side change", ("billing/side.py",), ("side", "chang"))])
    assert read_history(str(tmp_path / "nowhere")) == []
    assert read_history(str(repo), limit=0) == []


def test_votes_go_to_the_files_of_the_best_matching_commits() -> None:
    index = HistoryIndex(Commit(title, files, title_terms(title)) for title, files in [
        ("Fix redirect loop with expired session cookies (#1234)", ("src/sessions.py",)),
        ("Speed up header parsing", ("src/headers.py", "src/utils.py")),
        ("Session cookies: keep the domain", ("src/cookies.py",)),
    ])
    votes = index.file_scores(["session", "cooki", "1234"])  # an issue number names no code
    assert set(votes) == {"src/sessions.py", "src/cookies.py"}
    assert votes["src/cookies.py"] > votes["src/sessions.py"]  # the shorter title matching both words
    assert index.file_scores(["session"], neighbours=1).keys() == {"src/cookies.py"}
    assert history_weights(votes, ["src/sessions.py", "src/headers.py"]) == {"src/sessions.py": 1.0}
    assert HistoryIndex([]).file_scores(["session"]) == {}


def test_a_file_most_commits_change_says_less_per_vote() -> None:
    # A core file is among any query's best commits; its votes are divided by the square root of its commits.
    commits = [("Voucher totals fixed", ("src/core.py",)), ("Voucher totals changed", ("src/rare.py",))]
    commits += [(f"Tidy module {number}", ("src/core.py",)) for number in range(8)]
    index = HistoryIndex(Commit(title, files, title_terms(title)) for title, files in commits)
    votes = index.file_scores(title_terms("voucher totals"))
    assert votes["src/rare.py"] / votes["src/core.py"] == pytest.approx(9 ** 0.5)
