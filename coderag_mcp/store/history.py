"""The project's commit history as the last index read it (history.py): one row per project, the
commit it was read at and the commits (title, search terms, files), compressed: 1,000 commits of
pytest take about 40 KB, and load in 2 ms."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

from ..history import Commit
from .connection import Database, to_db_time, utcnow


class HistoryStore(Database):
    """Each project's commit titles and the files each commit changed."""

    async def history_head(self, project_id: str) -> str | None:
        """The commit the stored history was read at ('' for a folder with no history), None if never read."""
        row = await self._fetchone("SELECT head FROM coderag_history WHERE project_id = ?", (project_id,))
        return row[0] if row else None

    async def load_history(self, project_id: str) -> tuple[str, list[Commit]] | None:
        row = await self._fetchone("SELECT head, commits FROM coderag_history WHERE project_id = ?", (project_id,))
        if row is None:
            return None
        return row[0], [Commit(title, tuple(files), tuple(terms.split()))
                        for title, terms, files in json.loads(zlib.decompress(row[1]))]

    async def save_history(self, project_id: str, head: str, commits: Sequence[Commit]) -> None:
        rows = [[commit.title, " ".join(commit.terms), list(commit.files)] for commit in commits]
        packed = zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO coderag_history (project_id, head, commit_count, commits, read_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (project_id) DO UPDATE SET head = excluded.head, commit_count = excluded.commit_count,
                       commits = excluded.commits, read_at = excluded.read_at""",
                (project_id, head, len(commits), packed, to_db_time(utcnow())))
