"""The texts of the MCP prompts: the tools, in the order that works, for two common tasks.

`server.py` registers them and fills in what the index says about the project now, so the
agent skips what is already done (an index that exists is refreshed, not rebuilt).
"""

from __future__ import annotations

from .models import CodeRAGStatusResponse, IndexStatus


def index_state(status: CodeRAGStatusResponse | None) -> str:
    if status is None or status.status is IndexStatus.NOT_INITIALIZED:
        return "not indexed yet"
    text = f"{status.status.value}, {status.file_count} files indexed"
    if status.last_indexed_path:
        text += f" from {status.last_indexed_path}"
    if status.active_job is not None:
        text += f"; job {status.active_job.job_id} is {status.active_job.status.value}"
    return text


def onboarding(project_id: str, path: str | None, status: CodeRAGStatusResponse | None) -> str:
    indexed = status is not None and (status.file_count > 0 or status.active_job is not None)
    if status is not None and status.active_job is not None:
        step_index = (f"A job is already running for it ({status.active_job.job_id}): do not start another, "
                      "follow that one.")
    elif indexed:
        step_index = f'It already has an index: call update_index(project_id="{project_id}") to refresh what changed.'
    elif path:
        step_index = f'Call init_index(project_id="{project_id}", target_path="{path}").'
    else:
        step_index = (f'Call init_index(project_id="{project_id}") without target_path: the server indexes the folder '
                      "this client shares (its root). If it answers that target_path is missing, ask me for the "
                      "repository's absolute path.")
    return f"""Get me started on the repository of project "{project_id}" (index: {index_state(status)}).

1. Index it. {step_index}
2. Follow the job until it ends: subscribe to the resource_uri it returns, or call get_job(job_id) every few
   seconds; tell me the progress (files processed of total) now and then. If it fails, show me its
   error_message and stop. Searching already works while it runs.
3. Call get_repo_map(project_id="{project_id}", max_tokens=2000): the most central files and symbols.
4. Find the main entry points: find_symbol(project_id="{project_id}", name="main"), then
   search_code(project_id="{project_id}", query="command line entry point main app server") and look for
   files such as __main__.py, cli.*, main.*, app.*, server.*, index.*. Read the two or three most
   important with read_code(project_id="{project_id}", symbol=...) or read_code(..., path=...).
5. Tell me, briefly: what the project does, how it is laid out (the main folders and modules), its entry
   points (file:line), the central classes and functions from the map, and where to look first for a change.
   Cite file:line for every claim, from what the tools returned."""


def find_implementation(project_id: str, what: str, status: CodeRAGStatusResponse | None) -> str:
    not_ready = ""
    if status is None or (status.file_count == 0 and status.active_job is None):
        not_ready = (f'\nThe project has no index yet: first call init_index(project_id="{project_id}", '
                     "target_path=<the repository's absolute path>) and wait for its job (get_job).\n")
    return f"""Find where this is implemented in project "{project_id}" (index: {index_state(status)}): {what}
{not_ready}
1. search_code(project_id="{project_id}", query=<the description in plain words>): note the top hits'
   symbols and files. If nothing fits, try other words or an identifier in any case style.
2. find_symbol(project_id="{project_id}", name=<the most likely name>) for each candidate: where it is
   defined, its signature and doc line.
3. find_references(project_id="{project_id}", symbol=<the qualified name>): who calls or uses it. Follow
   callers or callees one step when the candidate is only a wrapper, until you reach the code that
   does the work.
4. read_code(project_id="{project_id}", symbol=<the qualified name>) to read the definition itself (and
   read_code with path, start_line and end_line for the lines around it when needed).
5. Answer with the file:line of the implementation, a few sentences on how it works, and the call path
   that leads to it (caller file:line -> callee). Say so plainly if the index does not contain it."""
