"""Rust `use` paths written inside an inline `mod x { }` block, made relative to the file (pure).

A `use` reference belongs to the file (a block is no graph node), so its path is rewritten to
mean the same from the file's module: inside `mod inner`, `super::helper` is `self::helper`,
`self::x` is `self::inner::x`, and a first segment naming a block nested in this one
(`deeper::g`) is `self::inner::deeper::g`. `crate::` paths and other crates' are left as written.
The resolver (rust_graph.py) knows the blocks from their items' qualified names (`inner::f`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

Enclosed = tuple[str, Any, str, "str | None", Any]  # (edge type, node, name, module, definition)


def relative_to_file(module: str, blocks: list[str], nested: set[tuple[str, ...]]) -> str:
    """`module` written inside the blocks `blocks` (outermost first), as written from the file."""
    parts = module.split("::")
    if parts[0] == "self":
        return "::".join(["self", *blocks, *parts[1:]])
    if parts[0] == "super":
        ups = 0
        while ups < len(parts) and parts[ups] == "super":
            ups += 1
        if ups > len(blocks):  # past the file's module: the file's parent, as the file would write it
            return "::".join(["super"] * (ups - len(blocks)) + parts[ups:])
        return "::".join(["self", *blocks[:len(blocks) - ups], *parts[ups:]])
    if (*blocks, parts[0]) in nested:
        return "::".join(["self", *blocks, *parts])
    return module


def inline_module_imports(enclosed: Sequence[Enclosed], definitions: Sequence[Any]) -> list[Enclosed]:
    """The references, with the module of each `use` inside an inline `mod` block rewritten."""
    namespaces = sorted((d for d in definitions if d.kind == "namespace"), key=lambda d: d.span.start_byte)
    if not namespaces:
        return list(enclosed)
    nested = {tuple(d.qualified_name.split("::")) for d in namespaces}
    starts = [d.span.start_byte for d in namespaces]
    result: list[Enclosed] = []
    for entry in enclosed:
        edge_type, node, _name, module, _definition = entry
        if edge_type == "IMPORTS" and module:
            position = node.start_byte
            around = [d for d in namespaces[:bisect.bisect_right(starts, position)]
                      if d.span.start_byte <= position < d.span.end_byte]
            if around:
                blocks = around[-1].qualified_name.split("::")
                entry = (edge_type, node, _name, relative_to_file(module, blocks, nested), _definition)
        result.append(entry)
    return result
