"""Which Rust type a receiver is and whose methods it reaches (the rest of the Rust link is rust_graph.py).

An `impl Name` block's methods are those of the `Name` its file sees (defined or imported there), as rustc
decides, not of every same-named type of the crate; a trait named like the type keeps its methods. A path
into another crate of the workspace not followed to its item stays a guess, and a module called as a
function is a path not followed. A receiver whose type is a bounded type parameter is typed by its bounds
while parsing (rust_bounds.py).
"""

from __future__ import annotations

import re

from .file_roles import is_test_path
from .receivers import MACRO_CALL
from .rust_arguments import takes_kinds
from .rust_crates import CrateNames
from .store import ReferenceRow
from .type_names import type_name
from .typed_graph import TypedResolver


# What a function's declared return type says its items are, for a `for` loop over its result: `impl Iterator<Item =
# &Command>` (clap's `Command::get_subcommands`), `Box<dyn Iterator<Item = T> + '_>`, `Vec<T>`, `&[T]`.
_ITEMS = (re.compile(r"Iterator\s*<\s*Item\s*=\s*(.+?)\s*>\s*(?:\+.*)?>?$", re.S),
          re.compile(r"^&?\s*(?:'\w+\s+)?(?:mut\s+)?(?:Vec\s*<\s*(.+)\s*>|\[\s*([^;\]]+?)\s*\])$", re.S))


# The parameter list's start of a method taking `self` (`&self`, `&'a mut self`, `mut self`, `self: Box<Self>`).
_SELF_FIRST = re.compile(r"\(\s*(?:&\s*(?:'\w+\s+)?)?(?:mut\s+)?self\b")
# What a call's receiver is written as when it is a value (a call's result, a field, an expression nobody types), not
# a path (`Type::f`, `module::f`, `=` before it).
_VALUE_RECEIVERS = ("?", ":", "~")


def takes_self(signature: str) -> bool:
    """Whether a function's signature takes `self` first: a method a value's `x.name()` can call."""
    depth = 0
    start = signature.find("fn ")  # (after `pub(crate)`)
    for at, character in enumerate(signature[start:], start) if start >= 0 else ():
        if character in "<[":
            depth += 1
        elif character in ">]":
            depth -= 1
        elif character == "(" and depth <= 0:
            return _SELF_FIRST.match(signature, at) is not None
    return False


def declared_items(returned: str) -> str | None:
    """The items' type text of a declared return type that says them (see _ITEMS), else None."""
    for pattern in _ITEMS:
        match = pattern.search(returned.strip())
        if match is not None:
            return next(group for group in match.groups() if group is not None)
    return None


class RustTypes(TypedResolver):
    """The Rust resolver's reading of types (rust_graph.RustResolver sets up `crates` and `_impl_owners`)."""

    crates: CrateNames
    _impl_owners: dict[str, str | None]

    def declared_in(self, class_id: str, name: str) -> list[str]:
        # An `impl Config` is of the Config its file sees, as rustc decides: ripgrep's printer has a private
        # `struct Config` in json.rs, standard.rs and summary.rs, each with its own `impl Default for Config`.
        # A trait named like the type is, most often, one it implements, though the impl's path to it may not be
        # followed (tracing's fmt `struct Layer` has `impl<S, N, E, W> layer::Layer<S> for Layer<S, N, E, W>`):
        # its methods stay the type's, as before.
        return [i for i in super().declared_in(class_id, name)
                if (owner := self.impl_owner(i)) in (None, class_id) or self.is_trait(owner)]

    def resolve(self, ref: ReferenceRow) -> list[tuple[str, str]]:
        if ref.qualifier == MACRO_CALL:
            # `debug!(..)` is a macro, `debug(x)` a function: tracing's tests import both as `debug` (`use
            # tracing::{debug, field::{debug}}`), and each call went to both.
            found = [(i, how) for i, how in super().resolve(ref._replace(qualifier=None)) if self.is_macro(i)]
            if not found:  # a function's `use tracing::field::debug;` hides no macro: the file's `debug!` is seen
                ids, how, _outside = self.resolve_name(ref.file_path, "", ref.name)
                found = [(i, how) for i in ids if self.is_macro(i)]
            return found
        found = super().resolve(ref)
        if ref.qualifier is None and ref.edge_type == "CALLS":
            found = [(i, how) for i, how in found if not self.is_macro(i)]
        if len(found) > 1 and (ref.module or "").startswith("(") and ref.edge_type == "CALLS":
            # Of a type's impls of one trait, those whose method can take what the call passes (bytes'
            # `Bytes::from(vec![..])` reached all six `From` impls' `from`)
            inner = ref.module[1:-1]  # type: ignore[index]
            kinds, on_value = inner.split(",") if inner else [], not (ref.qualifier or "").startswith("=")
            taking = [(i, how) for i, how in found if i not in self.nodes or takes_kinds(
                self.nodes[i].signature or "", self.nodes[i].name, kinds, on_value)]
            found = taking or found
        qualifier = ref.qualifier or ""
        if found or ref.edge_type == "IMPORTS" or not qualifier.startswith("=") or ref.name in self.builtins \
                or self.crates.library(qualifier[1:].split(".", 1)[0], ref.file_path) is None:
            return found
        # A path into another crate of the workspace not followed to its item (ripgrep's `grep::cli::resolve_binary`,
        # re-exported by a nested `pub use crate::{decompress::{.., resolve_binary}}`): guessed, as before.
        kinds = ("CLASS",) if ref.edge_type in ("INHERITS", "USES") else ("CLASS", "FUNCTION", "METHOD")
        return [(i, "GUESS") for i in self.guesses.of(ref.name, kinds, ref.source_id, (), is_test_path(ref.file_path))
                if i not in self.uncalled]

    def guessed_kinds(self, qualifier: str | None, name: str) -> tuple[str, ...]:
        # `x.name()` on a value: no type (a function only for a macro: fits_receiver)
        return ("METHOD", "FUNCTION") if qualifier and qualifier.startswith(_VALUE_RECEIVERS) else \
            super().guessed_kinds(qualifier, name)

    def fits_receiver(self, node_id: str, qualifier: str | None, path: str) -> bool:
        # A value's method takes `self`: bat's 248 assert_cmd `.stdout(..)` calls were guessed to be `OutputType::
        # stdout()`, which takes none, and 57 `path.join(..)` its function `vscreen::join`. A `?` may be a path
        # nobody types, as `$crate::__anyhow!(..)` in a macro's body is: a macro stays a guess.
        return not (qualifier and qualifier.startswith(_VALUE_RECEIVERS)) or takes_self(
            self.nodes[node_id].signature or "") or self.is_macro(node_id)

    def field_instances(self, path: str, scope: str, holder: str, field: str, depth: int) -> list[str]:
        found = super().field_instances(path, scope, holder, field, depth)
        if found or field != "Item" or not holder.endswith("()") or depth > 3:
            return found
        # A loop over what a function returns, typed by its declared items: clap's `for sc in cmd.get_subcommands()`,
        # `fn get_subcommands(&self) -> impl Iterator<Item = &Command>`.
        receiver, chained, method = holder.removesuffix("()").rpartition("().")
        functions = [i for owner in self.instances(path, scope, receiver + "()", depth + 1)
                     for i in self.member(owner, method)[0]] if chained else [
            i for i in self.resolve_dotted(path, scope, holder[:-2])[0]
            if i in self.nodes and self.nodes[i].node_type in ("FUNCTION", "METHOD")]
        for function in functions:
            items = type_name(declared_items(self.returned(function) or "") or "")
            if items:  # (a tuple's, `(&str, &Arg)`, names no one type)
                node = self.nodes[function]
                found.extend(self.instances(node.file_path, self.qualified[function].rpartition(".")[0], items,
                                            depth + 1))
        return sorted(set(found))

    def known(self, path: str, scope: str, value: str) -> bool:
        if value.endswith("()") and "()." not in value:
            found, _how, outside = self.resolve_dotted(path, scope, value[:-2])
            if found and not outside and all(i not in self.nodes for i in found):
                # A module called as a function is a path not followed to its function: tracing's
                # `tracing_subscriber::fmt()`, re-exported inside a `feature! { }` macro. Unknown, so guessed.
                return False
        return super().known(path, scope, value)

    def is_macro(self, node_id: str) -> bool:
        node = self.nodes.get(node_id)
        return node is not None and node.node_type == "FUNCTION" and (node.signature or "").startswith("macro_rules!")

    def is_trait(self, class_id: str) -> bool:
        return " ".join((self.nodes[class_id].signature or "").split()[:3]).startswith(("trait ", "pub trait ",
                                                                                        "pub(crate) trait "))

    def impl_owner(self, method_id: str) -> str | None:
        """The type an impl block's method belongs to: the one its name means where the impl is written
        (defined or imported there); None when that cannot be told (then any same-named type's, as before)."""
        if method_id not in self._impl_owners:
            self._impl_owners[method_id] = None  # (while it is looked up)
            node = self.nodes[method_id]
            owner_name = self.qualified[method_id].rpartition(".")[0]
            owner = None
            if node.node_type == "METHOD" and owner_name:
                owner = self.class_named(node.file_path, owner_name)
            self._impl_owners[method_id] = owner
        return self._impl_owners[method_id]
