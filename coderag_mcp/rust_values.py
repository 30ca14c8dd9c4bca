"""Rust: what a value no `let` types holds, read while parsing for receivers.py (pure): a `for` loop's items, the
payload a `Some(x)` / `Ok(x)` pattern binds, an Option's or a Result's value taken out (`.unwrap()`, `?`), and a
chain of calls the link follows by each method's declared return type.

ripgrep's printer writes `let ppath = PrinterPath::new(path).with_separator(sep)` (path.rs), a method returning
the type it is called on, and `self.path.as_ref().unwrap().as_bytes()` (summary.rs, `path: Option<PrinterPath>`):
both were untold receivers, `PrinterPath.as_bytes` had neither caller. A field declared in another file (ripgrep's
`if let Some(ref sort) = low.sort` in hiargs.rs, `LowArgs` in lowargs.rs) is left to the link: `LowArgs~sort~Some`,
what the field's declared type holds, stored beside it where LowArgs is declared (receiver_bindings.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .grammars import node_text
from .receiver_scopes import called_on, class_of
from .rust_iterables import ELEMENT, iterated_collection, iterated_value, matched_value, self_method_call, unwrapped
from .rust_variants import ARGUMENTS, yielding_arms
from .type_names import DOTTED_NAME

# The calls a receiver's chain may hold (`SearcherBuilder::new().line_number(false).multi_line(true).build()`, a
# builder's methods each returning Self), fewer than the link follows (typed_graph.LONGEST_CALL_CHAIN).
LONGEST_RUST_CHAIN = 4


class RustValues:
    """What Rust values hold in one file: `bindings` are read_bindings' values, `lookup` a name's values where the
    reference being read is, `receiver` a node's qualifier, `reading_at` ([the start of that reference])."""

    def __init__(self, source: bytes, bindings: dict[tuple[str, str], set[str]],
                 lookup: Callable[[str, Any], set[str] | None], receiver: Callable[[Any, Any], str],
                 reading_at: list[int]) -> None:
        self.source, self.bindings, self.lookup, self.receiver, self.reading_at = (
            source, bindings, lookup, receiver, reading_at)
        # A chain's calls are read once where it is read (each call of `a.b().c().d()` is a reference starting there)
        self.chains: dict[tuple[int, int, int], str | None] = {}

    def element_of(self, loop: Any, definition: Any) -> str:
        """What a `for` loop's items are: `Ignore().parents()~Item` (the link reads the `Item` of what
        `Ignore.parents` returns), `?` when what it iterates is not told; what a `Some(x)` / `Ok(x)` pattern binds
        (`loop` is the pattern then), what a `let` of a chain of calls holds (`loop` is the `let`)."""
        source, receiver = self.source, self.receiver
        if loop.type == "let_declaration":  # `let ppath = PrinterPath::new(..).with_separator(..)`: the chain's
            value = loop.child_by_field_name("value")
            # (ripgrep's `let args = match result { ParseResult::Ok(args) => args, .. }`: what the arms yield, each
            # read where it is, the names their patterns bind; `let x = x.m()`: the x of a `let` before)
            values = yielding_arms(source, value) if value.type == "match_expression" else [value]
            reading, told = self.reading_at[0], set()
            for each in values:
                self.reading_at[0] = each.start_byte if value.type == "match_expression" else loop.start_byte
                told.add(receiver(each, definition))
            self.reading_at[0] = reading
            one = next(iter(told)) if len(told) == 1 else ""
            return one[1:] if one.startswith(":") and "|" not in one else "?"
        if loop.type == "tuple_struct_pattern":
            variant, matched = matched_value(source, loop) or ("", None)
            if matched is None:
                return "?"
            return self.held_by(matched, "~" + variant, definition) or self.variant_payload(matched, variant,
                                                                                            definition) or "?"
        iterated = iterated_value(source, loop)
        collection = iterated_collection(source, iterated) if iterated is not None else None
        element = self.held_by(collection, ELEMENT, definition) if collection is not None else None
        if element is not None:
            return element
        method = self_method_call(source, iterated) if iterated is not None else None
        owner = class_of(definition) if method else None
        told = f":{called_on(owner, method + '()')}" if owner and method else \
            receiver(iterated, definition) if iterated is not None else "?"
        told_type = told.startswith(":") and "|" not in told and not told.startswith(":self.")
        return told[1:] + ELEMENT if told_type else "?"  # (`:self.a.iter()`: no value the link reads)

    def held_by(self, value: Any, part: str, definition: Any) -> str | None:
        """The type a variable or field holds as `part` (`~Item`: a collection's elements, `~Some`: an Option's
        value): `list` a variable, `self.a.list` a field (one of a type declared in another file: as the link reads
        it, `LowArgs~sort~Some`); else None."""
        if value.type == "identifier":
            values = self.lookup(node_text(self.source, value) + part, definition)
        else:
            holder, field = value.child_by_field_name("value"), value.child_by_field_name("field")
            if holder is None or field is None:
                return None
            told = "self" if holder.type == "self" else self.receiver(holder, definition)
            owner = class_of(definition) if told == "self" else told[1:] if told.startswith(":") else None
            name = node_text(self.source, field)
            if told.startswith("~"):  # `self.a.sort`, a's type declared in another file: its field's, by the link
                typed, _, read = told[1:].rpartition(".")
                return f"{typed}~{read}~{name}{part}" if typed and "|" not in typed else None
            if owner and owner.isidentifier() and (owner, name) not in self.bindings:
                # ripgrep's `if let Some(ref sort) = low.sort` in hiargs.rs, `LowArgs` declared in lowargs.rs: what
                # the field holds is stored beside it there (`sort~Some`), read by the link (typed_graph.instances)
                return f"{owner}~{name}{part}"
            values = self.bindings.get((owner, name + part)) if owner and owner.isidentifier() else None
        return next(iter(values)) if values is not None and len(values) == 1 else None

    def variant_payload(self, matched: Any, variant: str, definition: Any) -> str | None:
        """What a project enum's variant holds, as the link reads it (`crate.flags.ParseResult~Ok(HiArgs)`), for a
        variable declared with the enum's type arguments; else None."""
        if matched.type != "identifier":
            return None
        name = node_text(self.source, matched)
        values, arguments = self.lookup(name, definition), self.lookup(name + ARGUMENTS, definition)
        if not values or not arguments or len(values) != 1 or len(arguments) != 1:
            return None
        held, told = next(iter(values)), next(iter(arguments))
        return f"{held}~{variant}({told})" if DOTTED_NAME.fullmatch(held) else None

    def unwrapped_or_chained(self, node: Any, definition: Any) -> str | None:
        """What an Option's or a Result's value taken out holds (`self.path.as_ref().unwrap()`, `opt?`), or what a
        method called on a call's value returns (`PrinterPath::new(..).with_separator(..)`: a chain the link follows
        by each method's declared return type); None for any other call (a path's: `X::new()`)."""
        key = (node.start_byte, node.end_byte, self.reading_at[0])
        if key not in self.chains:
            self.chains[key] = self._unwrapped_or_chained(node, definition)
        return self.chains[key]

    def _unwrapped_or_chained(self, node: Any, definition: Any) -> str | None:
        source, receiver = self.source, self.receiver
        opened = unwrapped(source, node)
        if opened is not None:  # (a field declared in another file: either an Option's or a Result's value)
            held = [value for part in ("~Some", "~Ok")
                    if (value := self.held_by(opened, part, definition)) not in (None, "?")]
            return ":" + "|".join(held if all("~" in value for value in held) else held[:1]) if held else "?"
        value = node.named_children[0] if node.type == "try_expression" and node.named_children else None
        if value is not None:  # `args.search_worker(..)?`: what the call returns holds (rust_graph.held_by_result)
            return receiver(value, definition) if value.type == "call_expression" else "?"
        function = node.child_by_field_name("function")
        value = function.child_by_field_name("value") if function is not None and function.type == "field_expression" \
            else None
        method = node_text(source, function.child_by_field_name("field")) if value is not None else ""
        if method == "clone":
            return receiver(value, definition)  # (ripgrep's `let searcher = searcher.clone()`: what it clones)
        if value is not None and value.type == "self" and (owner := class_of(definition)):  # `self.b(..)`
            return ":" + called_on(owner, method + "()")
        if value is None or value.type not in ("call_expression", "try_expression"):
            return None
        told = receiver(value, definition)
        if told.startswith(":") and not any(c in told for c in "|~") and told.count("()") < LONGEST_RUST_CHAIN:
            return ":" + called_on(told[1:], method + "()")
        return "?"
