"""Tool arguments: a name the tool does not take is an error, not silently dropped, and every
argument error says, in a few words, what to send instead.

The SDK builds each tool's argument model from its signature with pydantic's default
`extra="ignore"`, so `limt=5` (a typo) would run the search with the default limit and the agent
would never know. Every model is rebuilt with `extra="forbid"`, and the published input schema
says `additionalProperties: false`. The SDK reports a rejected call with pydantic's own text (the
model's class name, error codes, a link to pydantic's site: 7 lines for `find_symbol(symbol=...)`,
which takes `name`); `ArgumentCheckingServer` says instead which argument is wrong, the one meant
when it can tell, and what the tool takes. The published schemas leave out pydantic's titles.
"""

from __future__ import annotations

import difflib
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from pydantic import ValidationError

# A rejected value is quoted up to this many characters: enough to recognise, never a pasted file.
_VALUE_SHOWN = 40


def forbid_unknown_arguments(server: MCPServer[Any]) -> None:
    # The SDK keeps its tools in a private manager; no public hook sets the argument model's config.
    for tool in server._tool_manager.list_tools():  # noqa: SLF001
        model = tool.fn_metadata.arg_model
        model.model_config = {**model.model_config, "extra": "forbid"}
        model.model_rebuild(force=True)
        tool.parameters = untitled(model.model_json_schema(by_alias=True))


def untitled(schema: Any) -> Any:
    """The schema without pydantic's titles (`"title": "Project Id"` beside `project_id`, `"get_jobArguments"`):
    1,277 of tools/list's 27,385 characters that every agent read and no client needs (each argument has its
    description). A property *named* `title` would stay: only the keyword goes."""
    if isinstance(schema, list):
        return [untitled(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kept = {key: untitled(value) for key, value in schema.items()
            if not (key == "title" and isinstance(value, str)) and key not in ("properties", "$defs")}
    for mapping in ("properties", "$defs"):  # (names, then a schema each)
        if isinstance(schema.get(mapping), dict):
            kept[mapping] = {name: untitled(value) for name, value in schema[mapping].items()}
    return kept


class ArgumentCheckingServer(MCPServer[Any]):
    """The SDK's server, whose tools refuse bad arguments in words an agent can act on."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None) -> Any:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            cause = error.__cause__
            if isinstance(error, UnexpectedToolError) or not isinstance(cause, ValidationError):
                raise
            tool = self._tool_manager.get_tool(name)  # noqa: SLF001 - the schema the arguments failed
            explained = explain_invalid_arguments(name, tool.parameters if tool else {}, cause)
            raise ToolError(f"Error executing tool {name}: {explained}") from cause  # the prefix of the others


def explain_invalid_arguments(tool: str, schema: dict[str, Any], error: ValidationError) -> str:
    """What was wrong with a call's arguments, one sentence per argument, then what the tool takes when
    an argument was unknown or missing: `find_symbol has no argument 'symbol': did you mean 'name'?`."""
    properties: dict[str, Any] = schema.get("properties", {})
    problems = error.errors(include_url=False)
    unknown = [str(problem["loc"][0]) for problem in problems if problem["type"] == "extra_forbidden" and problem["loc"]]
    missing = [str(problem["loc"][0]) for problem in problems if problem["type"] == "missing" and problem["loc"]]
    sentences = []
    for name in unknown:
        meant = _meant(name, missing if len(unknown) == len(missing) == 1 else [], list(properties))
        sentences.append(f"{tool} has no argument '{name}'" + (f": did you mean '{meant}'?" if meant else "."))
    for name in missing:
        if not any(_meant(each, [name], []) for each in unknown):
            sentences.append(f"{tool} needs the argument '{name}'.")
    for problem in problems:
        if problem["type"] in ("extra_forbidden", "missing"):
            continue
        where = ".".join(str(part) for part in problem["loc"]) or "the arguments"
        sentences.append(f"{where}: {problem['msg']}, not {_shown(problem.get('input'))}.")
    if unknown or missing:
        required = set(schema.get("required", []))
        taken = ", ".join(name + (" (required)" if name in required else "") for name in properties)
        sentences.append(f"{tool} takes: {taken}." if taken else f"{tool} takes no arguments.")
    return " ".join(sentences) or str(error)


def _meant(name: str, likely: list[str], known: list[str]) -> str | None:
    """The argument an unknown `name` most likely stands for: the one required argument that is
    missing beside it (`symbol` for `name`), else a known one spelled alike (`limt`, `projectId`), else
    the one known argument that has it as a part (`path` for `target_path`)."""
    if likely:
        return likely[0]
    folded = {each.replace("_", "").lower(): each for each in known}
    close = difflib.get_close_matches(name.replace("_", "").lower(), list(folded), n=1, cutoff=0.75)
    if close:
        return folded[close[0]]
    having = [each for each in known if name.lower() in each.split("_")]
    return having[0] if len(having) == 1 else None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _VALUE_SHOWN else text[:_VALUE_SHOWN - 3] + "..."
