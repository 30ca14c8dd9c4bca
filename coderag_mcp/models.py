"""What the server says: the response models of data-model.md (its enums are enums.py).

The API speaks the lower-case enum values; vault.db holds the upper-case member names. The
conversion between the two lives in `store.py` alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .enums import ChunkType, IndexStatus, JobStatus

# ISO 8601 with an explicit offset (`+00:00`), as the API promises; vault.db keeps vlt's naive text.
UtcDatetime = Annotated[datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json")]


def _without_titles(schema: dict[str, Any]) -> None:
    """A field's title repeats its name: dropped from the schemas every client reads at tools/list."""
    schema.pop("title", None)
    for field in schema.get("properties", {}).values():
        field.pop("title", None)


class Answer(BaseModel):
    """A tool's answer."""

    model_config = ConfigDict(json_schema_extra=_without_titles)


class JobSummary(Answer):
    job_id: str
    progress_percent: int
    files_processed: int
    files_total: int
    started_at: UtcDatetime | None = Field(description="When the job started; null while it is still queued")
    status: JobStatus


class CodeRAGStatusResponse(Answer):
    project_id: str
    status: IndexStatus
    file_count: int
    chunk_count: int
    last_indexed_at: UtcDatetime | None
    error_message: str | None
    active_job: JobSummary | None
    last_indexed_path: str | None = None
    symbol_count: int = 0
    files_by_language: dict[str, int] = Field(default_factory=dict)
    text_only_languages: list[str] = Field(
        default_factory=list, description="Languages whose files are indexed as text only (module chunks, no "
        "definitions or references): no query for them yet")
    files_with_parse_errors: int = Field(
        default=0, description="Files with code outside functions the grammar could not read: definitions there "
        "may be missing from the index")
    parse_error_files: list[str] = Field(
        default_factory=list, description="The first few of them, as path:line (the first line not read)")
    resource_uri: str = Field(description="Subscribe to this URI to be told when the status changes")


class JobStatusResponse(Answer):
    job_id: str
    project_id: str
    status: JobStatus
    progress_percent: int
    files_total: int
    files_processed: int
    chunks_created: int
    started_at: UtcDatetime | None
    completed_at: UtcDatetime | None
    error_message: str | None
    duration_seconds: float | None
    created_at: UtcDatetime
    target_path: str
    force: bool
    priority: int
    eta_seconds: float | None = Field(
        default=None, description="Estimated seconds left, from the rate so far; null when unknown"
    )
    files_skipped: int = Field(default=0, description="Files that could not be read or parsed and were skipped")
    resource_uri: str = Field(description="Subscribe to this URI to be told of progress and state changes")


class InitCodeRAGResponse(Answer):
    job_id: str
    status: str = Field(description="'started' when the job began at once, 'queued' when it waits; with "
                                    "background=false, how the job ended: 'completed' or 'cancelled' (a failed "
                                    "job is an error)")
    message: str
    resource_uri: str
    job: JobStatusResponse | None = Field(
        default=None, description="The finished job, when the call ran with background=false"
    )


class JobList(Answer):
    jobs: list[JobStatusResponse]


class DeleteIndexResponse(Answer):
    project_id: str
    deleted: dict[str, int] = Field(description="Rows deleted, per table")
    cancelled_job_id: str | None = None
    message: str


class ProjectInfo(Answer):
    project_id: str
    name: str
    description: str
    created_at: UtcDatetime
    index_status: IndexStatus
    file_count: int
    chunk_count: int
    last_indexed_at: UtcDatetime | None
    last_indexed_path: str | None


class ProjectList(Answer):
    projects: list[ProjectInfo]


class SearchHit(Answer):
    file_path: str
    start_line: int
    end_line: int
    symbol: str
    qualified_name: str
    kind: ChunkType
    language: str
    signature: str | None
    snippet: str
    score: float
    matched: list[str] = Field(description="Why this hit matched: the query terms found, and where")


class SearchResponse(Answer):
    project_id: str
    query: str
    index_status: IndexStatus
    hits: list[SearchHit]
    note: str | None = Field(
        default=None, description="Said when the index is still being built, stale, or empty"
    )


class SymbolHit(Answer):
    name: str
    qualified_name: str
    kind: str
    file_path: str
    line: int
    end_line: int | None
    scope: str | None
    signature: str | None
    doc: str | None = Field(description="The first line of the doc comment")
    language: str
    match: str = Field(description="exact, suffix (qualified name ends with it), name (the same name in another "
                                   "scope, or in other case) or prefix")
    centrality: float | None = Field(description="PageRank over the code graph; 1.0 is average")


class SymbolResponse(Answer):
    project_id: str
    name: str
    definitions: list[SymbolHit]
    note: str | None = None


class ReferenceHit(Answer):
    file_path: str
    line: int
    kind: str = Field(description="CALLS, IMPORTS, INHERITS, USES or DECORATES")
    enclosing: str = Field(description="The definition the reference is in (or the file, at module level)")
    enclosing_kind: str
    target: str | None = Field(description="The definition it resolved to, as file:qualified name")
    resolution: str = Field(description="How sure the link is: LOCAL, IMPORT, MEMBER, NAME, GUESS or UNRESOLVED "
                                        "(find_references' description says what each means)")


class ReferencesResponse(Answer):
    project_id: str
    symbol: str
    definitions: int = Field(description="How many definitions matched the symbol")
    references: list[ReferenceHit]
    truncated: bool = False
    note: str | None = None


class RepoMapResponse(Answer):
    project_id: str
    path: str | None
    map_text: str
    token_count: int
    max_tokens: int
    files_included: int
    symbols_included: int
    symbols_total: int


class CodeReadResponse(Answer):
    project_id: str
    file_path: str = Field(description="Relative to the project's folder")
    start_line: int
    end_line: int = Field(description="The last line returned")
    total_lines: int = Field(description="Lines in the whole file")
    text: str = Field(description="The lines, each as its number, a tab, and the line")
    symbol: str | None = Field(default=None, description="The definition read, when read by symbol")
    truncated: bool = Field(default=False, description="True when the token budget cut the lines short")
    next_start_line: int | None = Field(default=None, description="Where to continue when truncated")
    note: str | None = None
