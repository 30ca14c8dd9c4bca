"""The text an agent reads: a compact rendering of a tool's answer (the structured content keeps
every field). An agent pays for every character, and indented JSON of ten search hits is twice
the size of the same hits one line each.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .definition_text import MARKUP_TAG
from .models import (
    CodeRAGStatusResponse,
    CodeReadResponse,
    InitCodeRAGResponse,
    JobList,
    JobStatusResponse,
    ProjectList,
    ReferencesResponse,
    RepoMapResponse,
    SearchResponse,
    SymbolResponse,
)

SNIPPET_LINES = 3
LINE_CHARS = 160


def _short(line: str, limit: int = LINE_CHARS) -> str:
    line = line.rstrip()
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _note(note: str | None) -> list[str]:
    return [f"note: {note}"] if note else []


def search_text(result: SearchResponse) -> str:
    """One line per hit (file:lines, kind, qualified name, score), its signature, then a few snippet lines."""
    lines = [f"{len(result.hits)} hits for {result.query!r} in {result.project_id} "
             f"(index {result.index_status.value})", *_note(result.note)]
    for number, hit in enumerate(result.hits, 1):
        lines.append(f"{number}. {hit.file_path}:{hit.start_line}-{hit.end_line} {hit.kind.value} "
                     f"{hit.qualified_name} [{hit.score:.2f}]")
        if hit.signature:
            lines.append("   " + _short(" ".join(hit.signature.split())))
        flat = " ".join(hit.signature.split()) if hit.signature else ""
        # Lines the signature already shows (its first line, or the parameters of a long one) are left out.
        body = [line for line in hit.snippet.splitlines()
                if line.strip() and " ".join(line.split()).rstrip(":{ ") not in flat]
        while len(body) > 1 and not any(character.isalnum() for character in MARKUP_TAG.sub("", body[0])):
            # The snippet's context above the match, when it is only the `});` of the code before, or a doc
            # comment's `*` or `* </p>` line.
            del body[0]
        lines.extend("   | " + _short(line) for line in textwrap.dedent("\n".join(body[:SNIPPET_LINES])).splitlines())
    return "\n".join(lines)


def _counted(count: int, noun: str) -> str:
    """`1 definition`, `3 definitions`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def symbols_text(result: SymbolResponse) -> str:
    lines = [f"{_counted(len(result.definitions), 'definition')} of {result.name!r} in {result.project_id}",
             *_note(result.note)]
    for hit in result.definitions:
        lines.append(f"{hit.file_path}:{hit.line}-{hit.end_line or hit.line} {hit.kind} {hit.qualified_name} "
                     f"[{hit.match}]")
        if hit.signature:
            lines.append("   " + _short(" ".join(hit.signature.split())))
        if hit.doc:
            lines.append("   # " + _short(hit.doc))
    return "\n".join(lines)


def references_text(result: ReferencesResponse) -> str:
    """Grouped by file (each path once), then one line per enclosing definition: the lines of its uses,
    their kind, the definition, how sure, and which definition they reached (the targets are listed
    once, numbered, when there are several; when every use in a file is as sure and reaches the same
    target, that is said once, on the file's line). Every use's line is shown; the structured content
    has one record per use."""
    more = "; more exist, raise limit" if result.truncated else ""
    every_kind = list(dict.fromkeys(ref.kind for ref in result.references))
    one_kind = every_kind[0] if len(every_kind) == 1 else None  # then said once, here
    lines = [f"{_counted(len(result.references), 'reference')} to {result.symbol!r}"
             f"{', all ' + one_kind if one_kind else ''} ({_counted(result.definitions, 'definition')}) in "
             f"{result.project_id}{more}", *_note(result.note)]
    targets = list(dict.fromkeys(ref.target for ref in result.references if ref.target))
    if len(targets) == 1:
        lines.append(f"target: {targets[0]}")
    elif targets:
        lines.append("targets: " + ", ".join(f"#{number} {target}" for number, target in enumerate(targets, 1)))
    number_of = {target: f" #{number}" for number, target in enumerate(targets, 1)} if len(targets) > 1 else {}
    # file -> (where, resolution, target) -> line -> kinds; files in the order of their surest use.
    by_file: dict[str, dict[tuple[str, str, str], dict[int, list[str]]]] = {}
    for ref in result.references:
        group = (_enclosing(ref.enclosing_kind, ref.enclosing), ref.resolution, number_of.get(ref.target or "", ""))
        kinds = by_file.setdefault(ref.file_path, {}).setdefault(group, {}).setdefault(ref.line, [])
        if ref.kind not in kinds:
            kinds.append(ref.kind)
    for file_path, groups in by_file.items():
        tags = {f"[{resolution}{target}]" for _where, resolution, target in groups}
        shared = tags.pop() if len(tags) == 1 else None  # said once, on the file's line
        lines.append(f"{file_path}: {shared}" if shared else f"{file_path}:")
        for (where, resolution, target), uses in sorted(groups.items(), key=lambda group: min(group[1])):
            kinds = list(dict.fromkeys(kind for found in uses.values() for kind in found))
            numbers = ", ".join(str(line) for line in sorted(uses))
            tag = "" if shared else f" [{resolution}{target}]"
            what = f"{'' if one_kind else '+'.join(kinds) + ' '}{where}{tag}"
            if len(numbers) + len(what) < 400:
                lines.append(_short(f"  {numbers} {what}", 400))
            else:  # every line number shown, wrapped (trie-router's `Node.insert`: 116 uses in one test function)
                lines.append(_short(f"  {len(uses)} lines, {what}:", 400))
                lines.extend(textwrap.wrap(numbers, 120, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines)


def _enclosing(kind: str, name: str) -> str:
    """Where a use is: in a definition (its qualified name's dots tell a method from a function), or at
    module level."""
    if kind in ("file", "module"):
        return "at module level"
    return f"in {name}" if kind in ("function", "method") else f"in {kind} {name}"


def job_line(job: JobStatusResponse) -> str:
    parts = [f"{job.job_id} {job.project_id} {job.status.value} {job.progress_percent}%",
             f"{job.files_processed}/{job.files_total} files", f"{job.chunks_created} chunks"]
    if job.files_skipped:
        parts.append(f"{job.files_skipped} skipped")
    if job.duration_seconds is not None:
        parts.append(f"{job.duration_seconds:.1f}s")
    if job.eta_seconds is not None:
        parts.append(f"eta {job.eta_seconds:.0f}s")
    parts.append(f"created {job.created_at:%Y-%m-%d %H:%M:%S}Z")
    line = ", ".join(parts)
    return line + (f"\n   error: {job.error_message}" if job.error_message else "")


def job_started_text(result: InitCodeRAGResponse) -> str:
    """init_index's and update_index's answer: what happened and how to follow it (the message says), and the
    finished job in one line when the call waited for it (its JSON was about 1 KB, the job id and URI twice)."""
    return result.message + (f"\n{job_line(result.job)}" if result.job is not None else "")


def status_text(result: CodeRAGStatusResponse) -> str:
    parts = [f"{result.project_id}: {result.status.value}", f"{result.file_count} files",
             f"{result.chunk_count} chunks", f"{result.symbol_count} symbols"]
    if result.last_indexed_at is not None:
        parts.append(f"indexed {result.last_indexed_at:%Y-%m-%d %H:%M:%S}Z"
                     + (f" from {result.last_indexed_path}" if result.last_indexed_path else ""))
    lines = [", ".join(parts)]
    if result.files_by_language:
        lines.append("languages: " + ", ".join(f"{language} {count}" for language, count in
                                               sorted(result.files_by_language.items(), key=lambda item: -item[1]))
                     + (f" (text only: {', '.join(result.text_only_languages)})" if result.text_only_languages else ""))
    if note := parse_errors_note(result.files_with_parse_errors, result.parse_error_files):
        lines.append(note)
    if result.active_job is not None:
        job = result.active_job
        lines.append(f"active job: {job.job_id} {job.status.value} {job.progress_percent}%, "
                     f"{job.files_processed}/{job.files_total} files")
    if result.error_message:
        lines.append(f"error: {result.error_message}")
    lines.append(f"subscribe: {result.resource_uri}")
    return "\n".join(lines)


def parse_errors_note(count: int, examples: Sequence[str]) -> str | None:
    """One line naming the files with code the grammar could not read (`path:line`, the first few of `count`),
    where definitions may be missing (None when there are none): an agent that finds no definition looks there."""
    if not count:
        return None
    more = ", ..." if count > len(examples) else ""
    return f"parse errors in {_counted(count, 'file')}, definitions there may be missing: {', '.join(examples)}{more}"


def jobs_text(result: JobList) -> str:
    if not result.jobs:
        return "No jobs."
    return "\n".join([f"{len(result.jobs)} jobs, newest first:", *(job_line(job) for job in result.jobs)])


def projects_text(result: ProjectList) -> str:
    if not result.projects:
        return "No projects."
    return "\n".join(
        f"{project.project_id}: {project.index_status.value}, {project.file_count} files, "
        f"{project.chunk_count} chunks" + (f", from {project.last_indexed_path}" if project.last_indexed_path else "")
        for project in result.projects)


def repo_map_text(result: RepoMapResponse) -> str:
    return (f"{result.files_included} files, {result.symbols_included} of {result.symbols_total} symbols, "
            f"{result.token_count} of {result.max_tokens} tokens\n{result.map_text}")


def read_text(result: CodeReadResponse) -> str:
    head = f"{result.file_path}:{result.start_line}-{result.end_line} of {result.total_lines} lines"
    if result.symbol:
        head += f" ({result.symbol})"
    if result.truncated:
        head += f"; cut at the token budget, continue with start_line={result.next_start_line}"
    return "\n".join([head, *_note(result.note), result.text])
