"""Rust `use` declarations written inside an inline `mod x { }` block (pure).

A block is no graph node, so its `use` references belong to the file; what a `use` binds is seen
only inside its block, and its path counts from the block (`super::f` inside `mod inner` is the
file's `f`). The block is kept in the reference's qualifier, before a `>`: `tests>*` for `use
super::*;` in `mod tests`, `inner::deeper>alias` for `use x as alias;` in the nested block; the
path stays as written. rust_graph.py reads it back.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

BLOCK_MARK = ">"


def mark_block_imports(enclosed: Sequence[tuple[str, Any, str, str | None, Any]], definitions: Sequence[Any],
                       qualifiers: dict[int, str]) -> None:
    """Prefix the qualifier of each `use` inside an inline `mod` block with the block's path."""
    namespaces = sorted((d for d in definitions if d.kind == "namespace"), key=lambda d: d.span.start_byte)
    if not namespaces:
        return
    starts = [d.span.start_byte for d in namespaces]
    for position, (edge_type, node, _name, _module, _definition) in enumerate(enclosed):
        if edge_type != "IMPORTS":
            continue
        start = node.start_byte
        around = [d for d in namespaces[:bisect.bisect_right(starts, start)] if start < d.span.end_byte]
        if around:
            qualifiers[position] = around[-1].qualified_name + BLOCK_MARK + qualifiers.get(position, "")
