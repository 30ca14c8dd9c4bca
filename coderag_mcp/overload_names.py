"""How answers name overloads, the definitions that share their file and qualified name (a Java method's overloads,
a Python property's getter and setter): by their first line, `CSVFormat.print@2216`, as the definition a use is in,
as what it reached, and as a symbol asked for (find_references `CSVFormat.print@2216`). Which lines they start at is
the store's (`overload_lines`); an id's own `@line` is not it for the first (store/file_rows.py)."""

from __future__ import annotations

import re

from .store import GraphNode
from .symbol_names import qualified_from_id

_ASKED = re.compile(r"(.+)@(\d+)")


def asked_overload(symbol: str) -> tuple[str, int | None]:
    """The symbol, and the line of the overload it names, if it names one (`CSVFormat.print@2250`)."""
    found = _ASKED.fullmatch(symbol)
    return (found[1], int(found[2])) if found else (symbol, None)


def pick_overload(targets: list[GraphNode], lines: dict[str, int], symbol: str, line: int | None
                  ) -> tuple[list[GraphNode], str | None]:
    """The definitions asked for: the overload that starts at `line`; or, when none does, all of them, with a note
    that says at which lines the overloads start."""
    if line is None:
        return targets, None
    if line in lines.values():
        return [node for node in targets if lines.get(node.id) == line], None
    starts = ", ".join(map(str, sorted(set(lines.values())))) or "none"
    return targets, (f"No overload of '{symbol}' starts at line {line} (overloads start at lines: {starts}); the "
                     f"uses of every definition of '{symbol}' are listed.")


def enclosing_name(project_id: str, file_path: str, source_id: str, lines: dict[str, int]) -> str:
    """The definition a use is in, as answers name it: its qualified name, and its first line if it is an overload
    (`CSVFormat.print@2216`)."""
    qualified = qualified_from_id(project_id, file_path, source_id)
    return f"{qualified}@{lines[source_id]}" if source_id in lines else qualified
