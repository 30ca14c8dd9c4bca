"""Which Rust type a receiver is and whose methods it reaches (the rest of the Rust link is rust_graph.py).

An `impl Name` block's methods are those of the `Name` its file sees (defined or imported there), as rustc
decides, not of every same-named type of the crate; a trait named like the type keeps its methods. A path
into another crate of the workspace not followed to its item stays a guess, and a module called as a
function is a path not followed. A receiver whose type is a bounded type parameter is typed by its bounds
while parsing (rust_bounds.py).
"""

from __future__ import annotations

from .rust_crates import CrateNames
from .store import ReferenceRow
from .typed_graph import TypedResolver


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
        found = super().resolve(ref)
        qualifier = ref.qualifier or ""
        if found or ref.edge_type == "IMPORTS" or not qualifier.startswith("=") or ref.name in self.builtins \
                or self.crates.library(qualifier[1:].split(".", 1)[0], ref.file_path) is None:
            return found
        # A path into another crate of the workspace not followed to its item (ripgrep's `grep::cli::resolve_binary`,
        # re-exported by a nested `pub use crate::{decompress::{.., resolve_binary}}`): guessed, as before.
        kinds = ("CLASS",) if ref.edge_type in ("INHERITS", "USES") else ("CLASS", "FUNCTION", "METHOD")
        return [(i, "GUESS") for i in self.guesses.of(ref.name, kinds, ref.source_id) if i not in self.uncalled]

    def known(self, path: str, scope: str, value: str) -> bool:
        if value.endswith("()") and "()." not in value:
            found, _how, outside = self.resolve_dotted(path, scope, value[:-2])
            if found and not outside and all(i not in self.nodes for i in found):
                # A module called as a function is a path not followed to its function: tracing's
                # `tracing_subscriber::fmt()`, re-exported inside a `feature! { }` macro. Unknown, so guessed.
                return False
        return super().known(path, scope, value)

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
