"""Rust `use` declarations: the names of a `use` tree, and those written inside an inline `mod x { }` block (pure).

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

from tree_sitter import Node

from .grammars import get_query, helper_query, node_text as _text, query_matches

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


# A `use` whose argument is a list, at any depth: `use a::{B, c::D}`, `use crate::{a::{B, c::D}, e::F as G}`.
_USE_LISTS = helper_query("rust", "(use_declaration argument: [(scoped_use_list) (use_list)] @list) @use")


def use_list_imports(code: bytes, root: Node, name_nodes: dict[tuple[str, int, str], tuple[Node | None, Node]] | None
                     ) -> list[tuple[str, Node, str, str | None]]:
    """The imports of each `use` tree under `root`, as raw references (IMPORTS, the `use` node, the name, its whole
    path): `use crate::{a::{B, c::D}, e::F as G}` imports `crate::a::B`, `crate::a::c::D` and `crate::e::F` (as G),
    `pub(crate) use crate::flags::{x, y::Z}` `crate::flags::x` and `crate::flags::y::Z`, each name at any depth
    with the path it is written under (ripgrep writes nearly all its imports so: hiargs.rs's `use crate::{flags::
    lowargs::{..}, search::{.., SearchWorkerBuilder}}`; a group inside a group recorded nothing, and `a::{b::C}`
    lost its `b`). `self` in a list imports the path itself (`gitignore::{self, ..}`: `gitignore`), `x::*` all of
    `x`; receivers.py reads the alias of `F as G` and the `*` off the name node."""
    found: list[tuple[str, Node, str, str | None]] = []

    def add(declaration: Node, module: str, name: str, name_node: Node | None) -> None:
        found.append(("IMPORTS", declaration, name, module))
        if name_nodes is not None and name_node is not None:
            name_nodes[("IMPORTS", declaration.start_byte, name)] = (None, name_node)

    def read(declaration: Node, node: Node, prefix: list[str]) -> None:
        if node.type == "scoped_use_list":
            path, items = node.child_by_field_name("path"), node.child_by_field_name("list")
            if items is not None:
                read(declaration, items, [*prefix, _path_text(code, path)] if path is not None else prefix)
        elif node.type == "use_list":
            for item in node.named_children:
                read(declaration, item, prefix)
        elif node.type == "self":
            if prefix:  # (`crate::read::{self, ..}` imports `read`)
                module = "::".join(prefix)
                add(declaration, module, module.rsplit("::", 1)[-1], None)
        elif node.type in ("identifier", "scoped_identifier"):
            name_node = node.child_by_field_name("name") if node.type == "scoped_identifier" else node
            if name_node is not None:
                add(declaration, "::".join([*prefix, _path_text(code, node)]), _text(code, name_node), name_node)
        elif node.type in ("use_as_clause", "use_wildcard"):
            path = node.child_by_field_name("path") if node.type == "use_as_clause" else (
                node.named_children[0] if node.named_children else None)
            if path is None or path.type not in ("identifier", "scoped_identifier"):
                return
            name_node = path.child_by_field_name("name") if path.type == "scoped_identifier" else path
            if name_node is not None:
                add(declaration, "::".join([*prefix, _path_text(code, path)]), _text(code, name_node), name_node)

    for _pattern, captures in query_matches(get_query("rust", _USE_LISTS), root):
        read(captures["use"][0], captures["list"][0], [])
    return found


def _path_text(code: bytes, node: Node) -> str:
    return "".join(_text(code, node).split())  # (`crate::{\n    a::b` may break a path over lines)
