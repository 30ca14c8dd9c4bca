"""coderag-mcp: an MCP server that builds, follows and searches a code index in vlt's vault.db."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
