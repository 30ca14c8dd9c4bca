"""Rust: the functions an attribute makes tests, which no code calls (pure, while parsing).

`#[test] fn debug() { debug!(..) }` in tracing's tests/macros.rs: the macro's calls are recorded as calls of its
name, and a bare name is the file's function first, so `debug!`, `span!` and `info!` in the other tests were LOCAL
calls of the tests named so (the file imports the macros: `use tracing::{debug, span, ..}`). The test harness runs
such a function; code never calls it. Each is stored as a fact of the function, a BINDS row named `#[test]` (no
use of any name): the link makes it no target of any reference (rust_graph.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grammars import node_text

TEST_MARK = "#[test]"
# `#[test]`, `#[bench]`, `#[tokio::test]`, `#[async_std::test]`, `#[test_log::test]`: the path's last segment.
_TEST_ATTRIBUTES = frozenset({"test", "bench"})
_BETWEEN = frozenset({"attribute_item", "line_comment", "block_comment"})


def test_functions(source: bytes, definitions: Sequence[Any]) -> list[tuple[str, str, int, str]]:
    """A BINDS row (name, the function's qualified name, line, value) for each function with a test attribute."""
    found = []
    for definition in definitions:
        if definition.kind != "function" or definition.node.type != "function_item":
            continue
        sibling = definition.node.prev_named_sibling
        while sibling is not None and sibling.type in _BETWEEN:
            if sibling.type == "attribute_item" and _is_test(source, sibling):
                found.append((TEST_MARK, definition.qualified_name, definition.node.start_point[0] + 1, "test"))
                break
            sibling = sibling.prev_named_sibling
    return found


def _is_test(source: bytes, item: Any) -> bool:
    attribute = next((child for child in item.named_children if child.type == "attribute"), None)
    path = attribute.named_children[0] if attribute is not None and attribute.named_children else None
    return path is not None and path.type in ("identifier", "scoped_identifier") and \
        node_text(source, path).rpartition("::")[2] in _TEST_ATTRIBUTES
