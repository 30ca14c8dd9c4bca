"""Rust `use` declarations written inside an inline `mod x { }` block (pure).

A block is no graph node, so its `use` references belong to the file; what a `use` binds is seen
only inside its block, and its path counts from the block (`super::f` inside `mod inner` is the
file's `f`). The block is kept in the reference's qualifier, before a `>`: `tests>*` for `use
super::*;` in `mod tests`, `inner::deeper>alias` for `use x as alias;` in the nested block; the
path stays as written. rust_graph.py reads it back.
"""

from __future__ import annotations

import bisect
import posixpath
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


def relative_module_files(module: str, from_file: str) -> set[str]:
    """The files a Rust path from `self`, `super` or `crate` may name, written in `from_file` (the crate's root
    taken to be the nearest `src` folder above it): `super` in src/net/pool.rs is src/net/mod.rs or src/net.rs,
    `crate::config` src/config.rs or src/config/mod.rs. Its last segments may be items, so each module along
    the path is one. Empty for any other path (another crate's, or a module beside the file)."""
    parts = [part for part in module.split("::") if part]
    folders = from_file.split("/")[:-1]
    if not parts or parts[0] not in ("self", "super", "crate") or "src" not in folders:
        return set()
    root = len(folders) - 1 - folders[::-1].index("src")
    stem = posixpath.basename(from_file).removesuffix(".rs")
    current = folders[root + 1:] + ([] if stem in ("lib", "main", "mod") else [stem])
    leading = next((at for at, part in enumerate(parts) if part not in ("self", "super", "crate")), len(parts))
    segments = current
    for part in parts[:leading]:
        segments = [] if part == "crate" else segments[:-1] if part == "super" else segments
    rest = parts[leading:]
    base = "/".join(folders[:root + 1])
    found: set[str] = set()
    for length in range(len(rest) + 1):
        path = "/".join([base, *segments, *rest[:length]])
        found.update((f"{path}.rs", f"{path}/mod.rs") if segments or length else (f"{base}/lib.rs", f"{base}/main.rs"))
    return found
