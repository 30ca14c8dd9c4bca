"""Tool arguments: a name the tool does not take is an error, not silently dropped.

The SDK builds each tool's argument model from its signature with pydantic's default
`extra="ignore"`, so `limt=5` (a typo) would run the search with the default limit and the agent
would never know. Every model is rebuilt with `extra="forbid"`, and the published input schema
says `additionalProperties: false`.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer


def forbid_unknown_arguments(server: MCPServer[Any]) -> None:
    # The SDK keeps its tools in a private manager; no public hook sets the argument model's config.
    for tool in server._tool_manager.list_tools():  # noqa: SLF001
        model = tool.fn_metadata.arg_model
        model.model_config = {**model.model_config, "extra": "forbid"}
        model.model_rebuild(force=True)
        tool.parameters = model.model_json_schema(by_alias=True)
