"""What a Python import binds, read while parsing (pure, beside python_qualifiers.py): the local name a statement binds
when it is not the imported one (`=a` for `import a.b`, `=y` for `import a.b as y`, `y` for `from m import x as y`),
and the row of each name a statement of several lines imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grammars import node_text as _text


def import_name_rows(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]) -> dict[int, int]:
    """Position in `enclosed` -> row, for each import whose statement takes several lines: the row of the name it
    imports (`is_collection,` two lines below `from marshmallow.utils import (`), where find_references lists it."""
    rows: dict[int, int] = {}
    for position, (edge_type, node, name, module, _definition) in enumerate(enclosed):
        if edge_type != "IMPORTS" or node.start_point[0] == node.end_point[0]:
            continue
        # (`import a.b` is told by its module, written whole; `from m import x` by the name)
        written = module if node.type == "import_statement" else name
        for child in node.children_by_field_name("name"):
            imported = child.child_by_field_name("name") if child.type == "aliased_import" else child
            if imported is not None and _text(source, imported) == written:
                rows[position] = child.start_point[0]
                break
    return rows


def import_binding(source: bytes, node: Any, name: str, module: str | None) -> str | None:
    if node.type == "import_statement":
        for child in node.named_children:
            if child.type == "aliased_import" and module is not None \
                    and _text(source, child.child_by_field_name("name")) == module:
                return "=" + _text(source, child.child_by_field_name("alias"))
        return "=" + (module or name).split(".", 1)[0]
    for child in node.named_children:
        if child.type == "aliased_import" and _text(source, child.child_by_field_name("name")) == name:
            return _text(source, child.child_by_field_name("alias"))
    return None
