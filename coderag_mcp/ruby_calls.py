"""Ruby: what a call without a receiver reaches (`settings`, `force_encoding(params)`, `options[:key]`, `super`).

Ruby sends such a call to `self`: the method of the name its class (or module) declares, or the nearest of its
ancestors (`class A < B`, `include M`), as the link reads them (class_hierarchy.py); `super` goes to the ancestors'
method of the caller's own name. Where a class and its singleton both define the name (`def self.settings` and `def
settings`), a method of the class (`def self.x`, one in `class << self`, the class's body) calls the first, an
instance method the second.

An agent's audit of sinatra found bare calls of methods a project superclass declares left without an edge when the
name was defined twice (rack-protection's `options`, `app`, `default_reaction`: about 150), and, with no definition in
the class chain, a sure LOCAL edge to another class's method of the name in the same file (routing_test.rb's 57
`params` to a test's `PatternLookAlike#params`, `respond_to?` to `Request::AcceptEntry#respond_to?`), instance calls of
`force_encoding` reaching `def self.force_encoding`, and no `super` at all.

Parsing (pure, per file): `named_super_calls` names each `super` for its method; `mixins_outside_bodies` makes a mixin
written in a block a use of its module, not a base; `singleton_methods` records the methods written in `class << self`
(BINDS rows, CLASS_LEVEL: the link cannot tell one from an instance method by its first line, and class_hierarchy.py
reads them with the class's bases). Linking (name_graph.py): `bare_call`, `reachable_in_file`, `rspec_call`,
`in_constant_scope`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .library_methods import RSPEC, RUBY_KERNEL
from .store import GraphNode, ReferenceRow, qualified_in_node_id

if TYPE_CHECKING:
    from .class_hierarchy import ClassHierarchy
    from .name_index import GraphIndex

# The value of the BINDS row that says a method is written in `class << self` (a method of the class).
CLASS_LEVEL = "class"
_SINGLETON = re.compile(r"def\s+self\.")
_METHOD_KINDS = ("function", "method")

Enclosed = list[tuple[str, Any, str, "str | None", Any]]


def named_super_calls(enclosed: Enclosed) -> Enclosed:
    """Each `super` named for the method it is in (a call of the ancestors' method of that name); one outside a
    method (none in valid Ruby) dropped."""
    named: Enclosed = []
    for entry in enclosed:
        edge_type, node, _name, module, definition = entry
        if edge_type == "CALLS" and node.type == "super":
            if definition is None or definition.kind not in _METHOD_KINDS:
                continue
            entry = (edge_type, node, definition.name, module, definition)
        named.append(entry)
    return named


def mixins_outside_bodies(enclosed: Enclosed) -> Enclosed:
    """The mixins (`include M`) written elsewhere than in a class's or module's own body as uses of their modules
    (USES), not bases."""
    return [("USES", *entry[1:]) if entry[0] == "INHERITS" and entry[1].type == "call" and not _in_a_body(entry[1])
            else entry for entry in enclosed]


def _in_a_body(call: Any) -> bool:
    parent = call.parent
    return parent is not None and parent.type == "body_statement" and parent.parent is not None and (
        parent.parent.type in ("class", "module", "singleton_class"))


def singleton_methods(definitions: Sequence[Any]) -> list[tuple[str, str | None, int, str]]:
    """A BINDS row (name, its class's qualified name, line, CLASS_LEVEL) for each method written in `class << self`."""
    return [(definition.name, definition.parent.qualified_name if definition.parent is not None else None,
             definition.node.start_point[0] + 1, CLASS_LEVEL) for definition in definitions
            if definition.kind in _METHOD_KINDS and _in_singleton_class(definition.node)]


def _in_singleton_class(method: Any) -> bool:
    parent = method.parent
    if parent is not None and parent.type == "body_statement":
        parent = parent.parent
    return parent is not None and parent.type == "singleton_class"


def created_class(receiver: Any) -> str | None:
    """The class a Ruby receiver makes an object of, as written (`MimeTypeEntry.new(t)`, `Rack::Request.new(env)`:
    `Rack::Request`, a class of that path, not sinatra's own `Sinatra::Request`), or None."""
    if receiver.type != "call":
        return None
    method, made = receiver.child_by_field_name("method"), receiver.child_by_field_name("receiver")
    if method is None or method.type != "identifier" or method.text != b"new" or made is None:
        return None
    path = made
    while path.type == "scope_resolution":  # (constants all along: not `config::Foo` nor `foo.bar::Baz`)
        name, scope = path.child_by_field_name("name"), path.child_by_field_name("scope")
        if name is None or name.type != "constant":
            return None
        path = scope if scope is not None else name
    if path.type != "constant":
        return None
    return made.text.decode("utf-8", "replace").removeprefix("::")


def within_path(scope: str, written: str) -> bool:
    """Whether a class's qualified name (`Sinatra.Request`, a compact `Rack::Auth::Basic.Request`) ends with the path
    a call wrote (`Rack::Request`)."""
    return f".{scope.replace('::', '.')}".endswith(f".{written.replace('::', '.')}")


def bare_call(ref: ReferenceRow, index: GraphIndex, hierarchy: ClassHierarchy,
              fitting: Callable[[Sequence[GraphNode]], list[GraphNode]]) -> tuple[str | None, str] | None:
    """The method a Ruby call without a receiver reaches through the caller's class or module and its ancestors (LOCAL
    in the caller's file, else MEMBER); (None, 'NONE') for the caller itself (recursion); None when neither the class
    nor an ancestor in the project declares the name, or the caller is in none."""
    source = qualified_in_node_id(index.project_id, ref.file_path, ref.source_id)
    owner = hierarchy.enclosing_class(ref.file_path, source)
    if owner is None:
        return None
    caller = next((node for node in hierarchy.definitions(ref.file_path, source) if node.id == ref.source_id), None)
    class_level = caller is not None and (caller.node_type == "CLASS" or _of_the_class(caller, hierarchy))
    for holder in [owner, *hierarchy.ancestors(owner)]:
        declared = [node for part in hierarchy.reopenings(holder)
                    for node in hierarchy.definitions(part.file_path, f"{hierarchy.qualified(part)}.{ref.name}")]
        if not declared:
            continue
        of_the_class = [node for node in declared if _of_the_class(node, hierarchy)]
        if class_level:
            chosen = (of_the_class or declared)[0]
        else:  # (an instance's method never calls its class's methods so: an ancestor may hold the instance one)
            instance = [node for node in declared if node not in of_the_class]
            if not instance:
                continue
            chosen = instance[0]
        if not fitting([chosen]):
            return None, "NONE"
        return chosen.id, "LOCAL" if chosen.file_path == ref.file_path else "MEMBER"
    return None


def _of_the_class(node: GraphNode, hierarchy: ClassHierarchy) -> bool:
    """Whether a method is one of its class's (`def self.x`, or written in `class << self`), not of its instances."""
    if _SINGLETON.match(node.signature or ""):
        return True
    qualified = hierarchy.qualified(node)
    lines = hierarchy.singleton_lines(node.file_path, qualified)
    if not lines:
        return False
    _head, at, line = node.id.rpartition("@")
    if at and line.isdigit():  # (a name's second definition in its file on: `Class.m@line`)
        return int(line) in lines
    # The first definition of the name: unless each such line is one of the others'
    others = {int(other.id.rpartition("@")[2]) for other in hierarchy.definitions(node.file_path, qualified)
              if other.id != node.id and other.id.rpartition("@")[2].isdigit()}
    return bool(lines - others)


def reachable_in_file(ref: ReferenceRow, index: GraphIndex, hierarchy: ClassHierarchy | None,
                      local: list[GraphNode]) -> list[GraphNode]:
    """Of the definitions of a bare call's name in its file that its class chain does not hold, those it may reach:
    from a class, or by a name of Ruby's Kernel (`puts`, `respond_to?`), only the file's top-level ones (a method
    of another class is no method of `self`); from a module (mixed into classes this file may not show) or the
    top level, any."""
    top_level = [node for node in local if qualified_in_node_id(index.project_id, node.file_path, node.id) == ref.name]
    if ref.name in RUBY_KERNEL:
        return top_level
    if hierarchy is not None:
        source = qualified_in_node_id(index.project_id, ref.file_path, ref.source_id)
        owner = hierarchy.enclosing_class(ref.file_path, source)
        if owner is not None and (owner.signature or "").lstrip().startswith("class"):
            return top_level
    return local


def rspec_call(ref: ReferenceRow) -> bool:
    """Whether a Ruby call, bare or on a value nobody typed, is of one of RSpec's words in a spec (a file under a
    `spec/` folder, or named `..._spec.rb`): `describe`, `it`, `expect(x).to eq(y)`."""
    return ref.name in RSPEC and ref.qualifier in (None, "?") and ref.edge_type == "CALLS" and (
        ref.file_path.endswith("_spec.rb") or ref.file_path.startswith("spec/") or "/spec/" in ref.file_path)


def in_constant_scope(source: str, written: str | None, candidates: Sequence[GraphNode],
                      qualified: Callable[[GraphNode], str]) -> list[GraphNode]:
    """The definitions a Ruby constant written in `source` (a qualified name) may be, as Ruby looks it up: written
    alone, one of the namespaces around it or a top-level one; written with a scope (`Protection::Base`, the
    qualifier `=Protection`), one in a namespace of that name. grape's `class Formatter < Base` in
    `Grape::Middleware` was `Grape::Middleware::Auth::Base`, the first of the two `base.rb`s by path."""
    if written:
        scope = written.lstrip("=").replace("::", ".")
        return [node for node in candidates if _namespace(qualified(node)) == scope
                or _namespace(qualified(node)).endswith("." + scope)]
    parts = source.replace("::", ".").split(".") if source else []
    around = {".".join(parts[:length]) for length in range(len(parts) + 1)}
    return [node for node in candidates if _namespace(qualified(node)) in around]


def _namespace(qualified: str) -> str:
    return qualified.replace("::", ".").rpartition(".")[0]
