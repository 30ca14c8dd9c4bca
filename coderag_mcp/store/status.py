"""What get_status and a search read first: a project's index row, its active job and its files and
symbols per language, as of one moment."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from .connection import Database
from .jobs import _ACTIVE_JOB, JOB_COLUMNS, JobRow, _job
from .projects import INDEX_COLUMNS, IndexRow, _index


@dataclass(frozen=True)
class IndexState:
    """What get_status and a search read of a project, as of one moment: its index row, its active job,
    its symbol count, its indexed files per language, and its files with code the grammar could not read (how
    many, and the first few as `path:line`)."""

    index: IndexRow | None
    active_job: JobRow | None
    symbol_count: int
    files_by_language: dict[str, int]
    unread_files: int = 0
    unread_examples: tuple[str, ...] = ()


# The files get_status names of those with code the grammar could not read (it says how many there are).
UNREAD_EXAMPLES = 3


def _json_object(columns: Sequence[str]) -> str:
    return "json_object(" + ", ".join(f"'{column}', {column}" for column in columns) + ")"


class StatusStore(Database):
    """The index, its active job and its counts in one read."""

    async def index_state(self, project_id: str) -> IndexState:
        """The index row, the active job and the counts in one statement: one trip to the reader's thread
        instead of three (each trip waits for a core while a job indexes), and one snapshot, so a job that
        ends meanwhile is never half seen. Counts are those triggers keep as file rows are written (a
        file's symbol_count is the rows it wrote): counting symbol_definitions walks 100,000s of rows,
        which get_status cannot afford while a job writes. An index with no file rows of ours (vlt built
        it) counts vlt's symbol rows."""
        row = await self._fetchone(
            f"""SELECT (SELECT {_json_object(INDEX_COLUMNS)} FROM coderag_indexes WHERE project_id = :project_id),
                      (SELECT {_json_object(JOB_COLUMNS)} {_ACTIVE_JOB}),
                      (SELECT json_group_array(json_array(language, files, symbols)) FROM (
                          SELECT language, files, symbols FROM coderag_language_counts
                           WHERE project_id = :project_id AND files > 0 ORDER BY files DESC, language)),
                      (SELECT count(*) FROM coderag_parse_errors WHERE project_id = :project_id),
                      (SELECT json_group_array(file_path || ':' || lineno) FROM (
                          SELECT file_path, lineno FROM coderag_parse_errors WHERE project_id = :project_id
                           ORDER BY file_path LIMIT :examples))""",
            {"project_id": project_id, "examples": UNREAD_EXAMPLES})
        assert row is not None
        index = _index(json.loads(row[0])) if row[0] else None
        active = _job(json.loads(row[1])) if row[1] else None
        languages = json.loads(row[2])
        if languages:
            symbols = sum(count or 0 for _language, _files, count in languages)
        else:
            counted = await self._fetchone("SELECT count(*) FROM symbol_definitions WHERE project_id = ?", (project_id,))
            symbols = counted[0] if counted else 0
        return IndexState(index, active, symbols, {language: files for language, files, _count in languages},
                          row[3], tuple(json.loads(row[4])))
