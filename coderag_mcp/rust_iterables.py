"""Rust: what a `for` loop's variable or a `Some(x)` pattern's name holds, and where a closure's parameters are bound
(pure, while parsing).

ripgrep's ignore crate walks its matchers as `for ig in self.parents().take_while(|ig| ..) { ig.inner
.custom_ignore_matcher.matched(..) }`: `parents()` returns `Parents<'_>`, whose `impl Iterator` says `type Item =
IgnoreRef<'a>`. The loop variable holds the iterated value's `Item` (receivers.py writes it `<value>~Item`, a field
read the link follows: the impl's `type Item = ..` is stored as a field `Item` of the type), through the adapters
that keep the items as they are (`take_while`, `filter`, `rev`, ..). A closure's parameter is bound inside the
closure only: the `|ig|` of `take_while(|ig| ..)` is not the loop's `ig` after it.

A loop over a collection the file declares holds its element type: `for gi in self.inner.explicit_ignores.iter()
.rev()` (ripgrep's `explicit_ignores: Arc<Vec<Gitignore>>`), `for m in &list`, `for m in items` (`items:
&[Matcher]`). The element type is bound beside the collection's own as `<name>~Item` (receiver_bindings.py).
So is what an `Option<T>` or `Result<T, E>` holds (`<name>~Some`, `<name>~Ok`), for the name a pattern binds
where it is matched: `if let Some(m) = self.matcher { m.find(..) }`, `match result { Ok(args) => .. }`,
`let Some(x) = opt else { .. }`, `Some(ref mut s)` of `self.stats.as_mut()`.
"""

from __future__ import annotations

import re
from typing import Any

from .grammars import node_text
from .rust_bounds import pointee
from .type_names import type_name

# Iterator adapters whose items are the iterated ones (a `map` or `enumerate` makes others).
_SAME_ITEMS = frozenset({
    "take_while", "skip_while", "filter", "take", "skip", "rev", "peekable", "fuse", "step_by", "cycle", "by_ref",
    "inspect", "chain",
})
# Calls that iterate the collection they are called on (`list.iter()` is `&list` to a `for` loop).
_ITERATING = frozenset({"iter", "iter_mut", "into_iter"})
# A collection of one element type, its text as the parser keeps it (a last `>` may be cut): `Vec<T>`, `&[T]`,
# `[T; 4]`, `VecDeque<T>`, `BTreeSet<T>`, .. (maps iterate pairs: none).
_COLLECTION = re.compile(
    r"^&?\s*(?:'\w+\s+)?(?:mut\s+)?(?:(?:(?:std|alloc)::(?:vec|collections)::)?"
    r"(?:Vec|VecDeque|HashSet|BTreeSet|BinaryHeap|LinkedList|SmallVec)\s*<\s*(.+?)\s*>?"
    r"|\[\s*([^;\]]+?)\s*(?:;[^\]]*)?\])$",
    re.S)
# What `iterated_value` reads: the iterated expression, with its adapters and `&`/`&mut` taken off.
ELEMENT = "~Item"


def iterated_value(source: bytes, for_node: Any) -> Any:
    """The expression a `for` loop iterates, without the item-keeping adapters called on it and a leading `&`:
    `self.parents()` of `for ig in self.parents().take_while(..)`, `list` of `for x in &list`; None when none."""
    value = for_node.child_by_field_name("value")
    while value is not None:
        if value.type == "reference_expression":
            value = value.child_by_field_name("value")
            continue
        function = value.child_by_field_name("function") if value.type == "call_expression" else None
        field = function.child_by_field_name("field") if function is not None and function.type == "field_expression" \
            else None
        if field is None or node_text(source, field) not in _SAME_ITEMS:
            return value
        value = function.child_by_field_name("value")
    return None


def self_method_call(source: bytes, node: Any) -> str | None:
    """The method's name of a call `self.m()` (the receiver typed as the impl's type by the caller), else None."""
    function = node.child_by_field_name("function") if node.type == "call_expression" else None
    if function is None or function.type != "field_expression":
        return None
    value, field = function.child_by_field_name("value"), function.child_by_field_name("field")
    return node_text(source, field) if value is not None and value.type == "self" and field is not None else None


def closure_range(parameters: Any) -> tuple[int, int] | None:
    """The bytes of the closure whose `closure_parameters` these are (where its parameters are bound)."""
    closure = parameters.parent
    return (closure.start_byte, closure.end_byte) if closure is not None else None


def impl_type(source: bytes, item: Any) -> str | None:
    """The type an item of an impl block is of (`Parents` for the `type Item` of `impl Iterator for Parents<'a>`):
    the parser encloses such an item in no definition (an impl block is none)."""
    body = item.parent
    block = body.parent if body is not None else None
    written = block.child_by_field_name("type") if block is not None and block.type == "impl_item" else None
    if written is not None and written.type == "generic_type":
        written = written.child_by_field_name("type")
    return node_text(source, written) if written is not None and written.type == "type_identifier" else None


def element_type(type_text: str) -> str | None:
    """The element type a collection's declared type text holds (`Matcher` of `Arc<Vec<Matcher>>`, `&[Matcher]`,
    `Vec<Box<dyn Sink>>`), None for any other type."""
    match = _COLLECTION.match(pointee(type_text.strip()))
    if match is None:
        return None
    element = next(group for group in match.groups() if group is not None)
    return type_name(pointee(element))


def iterated_collection(source: bytes, value: Any) -> Any:
    """The collection an iterated value walks: `list` of `list.iter()` (and of `list`), else None."""
    if value.type == "call_expression":
        function = value.child_by_field_name("function")
        arguments = value.child_by_field_name("arguments")
        if function is None or function.type != "field_expression" or (arguments is not None and
                                                                       arguments.named_child_count):
            return None
        field = function.child_by_field_name("field")
        if field is None or node_text(source, field) not in _ITERATING:
            return None
        value = function.child_by_field_name("value")
        while value is not None and value.type == "reference_expression":
            value = value.child_by_field_name("value")
    return value if value is not None and value.type in ("identifier", "field_expression") else None


# The variants whose one field is what an `Option<T>` / `Result<T, E>` holds, by the std type.
_PAYLOAD_VARIANTS = {"Option": "Some", "Result": "Ok"}
_OPTION_OR_RESULT = re.compile(
    r"^(?:(?:std|core)::(?:option|result)::|(?:std::)?io::)?(Option|Result)\s*<\s*(.+?)\s*>?$", re.S)


def payload_type(type_text: str) -> tuple[str, str] | None:
    """(variant, the type it holds) of an `Option<T>` or `Result<T, E>` type text (`("Some", "Matcher")` of
    `Option<Arc<Matcher>>`), None for any other type."""
    match = _OPTION_OR_RESULT.match(pointee(type_text.strip()))
    if match is None:
        return None
    held = type_name(pointee(_first_argument(match.group(2))))
    return (_PAYLOAD_VARIANTS[match.group(1)], held) if held else None


def _first_argument(arguments: str) -> str:
    """The first of a generic's type arguments (`Vec<u8>` of `Vec<u8>, io::Error`)."""
    depth = 0
    for at, char in enumerate(arguments):
        if char in "<([":
            depth += 1
        elif char in ">)]":
            depth -= 1
        elif char == "," and depth == 0:
            return arguments[:at]
    return arguments


# Calls on an Option or Result whose `Some(x)` / `Ok(x)` binds what the original holds (a reference to it).
_SAME_PAYLOAD = frozenset({"as_ref", "as_mut", "as_deref", "as_deref_mut", "clone", "take", "cloned", "copied"})


def matched_value(source: bytes, pattern: Any) -> tuple[str, Any] | None:
    """(the variant, the value matched) of a `Some(x)` / `Ok(x)` pattern, or a project enum's variant of one field
    (`ParseResult::Ok(args)`, rust_variants.py), in an `if let`, `while let`, `let .. else` or a `match` arm:
    `("Some", self.matcher)` of `if let Some(m) = self.matcher`; None for any other."""
    variant = pattern.child_by_field_name("type")
    name = node_text(source, variant).rsplit("::", 1)[-1] if variant is not None else ""
    if name not in _PAYLOAD_VARIANTS.values() and (not name[:1].isupper() or pattern.named_child_count != 2):
        return None
    holder = pattern.parent
    if holder is not None and holder.type == "match_pattern":
        arm = holder.parent
        block = arm.parent if arm is not None else None
        holder = block.parent if block is not None else None
    if holder is None or holder.type not in ("let_condition", "let_declaration", "match_expression"):
        return None
    value = viewed_option(source, holder.child_by_field_name("value"))
    return (name, value) if value is not None else None


def viewed_option(source: bytes, value: Any) -> Any:
    """The variable or field an Option or Result expression views: `self.stats` of `self.stats.as_mut()`, `&opt`
    (ripgrep's `Stats`); None for any other expression."""
    while value is not None and value.type in ("reference_expression", "call_expression"):
        if value.type == "call_expression":
            function, arguments = value.child_by_field_name("function"), value.child_by_field_name("arguments")
            if function is None or function.type != "field_expression" or arguments is None \
                    or arguments.named_child_count or node_text(source, function.child_by_field_name("field")) \
                    not in _SAME_PAYLOAD:
                return None
            value = function
        value = value.child_by_field_name("value")
    return value if value is not None and value.type in ("identifier", "field_expression") else None


# Calls that take an Option's or a Result's value out (and `?`): `self.path.as_ref().unwrap()` is a PrinterPath.
_UNWRAPPING = frozenset({"unwrap", "expect", "unwrap_or_default", "unwrap_unchecked", "unwrap_or", "unwrap_or_else"})


def unwrapped(source: bytes, node: Any) -> Any:
    """The variable or field whose Option's or Result's value an expression takes out: `self.path` of ripgrep's
    `self.path.as_ref().unwrap()` (summary.rs, `path: Option<PrinterPath>`) and of `self.path.as_ref()?`; None for
    any other expression."""
    if node.type == "try_expression":
        return viewed_option(source, node.named_children[0]) if node.named_children else None
    function = node.child_by_field_name("function") if node.type == "call_expression" else None
    field = function.child_by_field_name("field") if function is not None and function.type == "field_expression" \
        else None
    if field is None or node_text(source, field) not in _UNWRAPPING:
        return None
    return viewed_option(source, function.child_by_field_name("value"))


def pattern_scope(pattern: Any) -> tuple[int, int] | None:
    """The bytes where a `Some(x)` pattern binds x: an `if let`'s or `while let`'s block, a `match` arm; None for a
    `let .. else` (the rest of its block: taken as the function's). ripgrep's `SummarySink.finish` binds `stats` by
    `if let Some(ref mut stats) = self.stats { .. }`, then again by `let stats = self.stats.as_ref()..` below."""
    holder = pattern.parent
    if holder is not None and holder.type == "match_pattern":
        arm = holder.parent
        return (arm.start_byte, arm.end_byte) if arm is not None and arm.type == "match_arm" else None
    while holder is not None and holder.type in ("let_condition", "let_chain"):
        holder = holder.parent
    block = holder.child_by_field_name("consequence" if holder.type == "if_expression" else "body") \
        if holder is not None and holder.type in ("if_expression", "while_expression") else None
    return (block.start_byte, block.end_byte) if block is not None else None


def let_scope(let: Any) -> tuple[int, int]:
    """The bytes where a `let` binds its name: from the statement's end to its block's."""
    block = let.parent if let.parent is not None else let
    return let.end_byte, block.end_byte
