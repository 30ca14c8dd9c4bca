"""A call on a receiver whose type the file says (`:T`, name_receivers.py), for the languages resolved by name: C's and
C++'s `jq->err_cb(..)` of `jq_state *jq` (c_receivers.py), Swift's `parser.parse(..)` of `let parser =
CommandParser(..)` (swift_declared_types.py), PHP's `$handler->close()` of `Handler $handler` (php_declared_types.py),
Ruby's `@poller.terminate` of `@poller = Poller.new` (ruby_variables.py): the type's field or member of the name, or
the one it inherits; None when the type has none the project knows, and the call is then as on any receiver nobody
typed (name_graph.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from .name_index import FileImports, GraphIndex, owner_name
from .ruby_calls import within_path
from .store import GraphNode, ReferenceRow, qualified_in_node_id

Fitting = Callable[..., list[GraphNode]]
Found = tuple[str | None, str]


def declared_type_call(ref: ReferenceRow, language: str | None, index: GraphIndex, included: FileImports | None,
                       owner: str, fitting: Fitting, by_name: Callable[[Fitting], Found]) -> Found | None:
    """The definition a call on a receiver of the type `owner` reaches, in a file of `language` (`fitting`: of the
    candidates, those the call may reach; `by_name`: the call resolved as on a receiver nobody typed, among the
    candidates a filter keeps)."""
    class_path = None
    if language == "ruby" and "::" in owner:  # `Rack::Request.new(env)`: a class of that path (ruby_calls.py)
        class_path, owner = owner, owner.rpartition("::")[2]
    members = [node for node in [*index.fields_by_name.get(ref.name, ()), *fitting(index.named(ref.name))]
               if owner_name(node, index.project_id) == owner and (class_path is None or within_path(
                   _qualified(node, index.project_id).rpartition(".")[0], class_path))]
    hierarchy = index.hierarchy
    if language == "php" and hierarchy is not None and members:
        # Classes of one name in several namespaces: the one the file means (flysystem's PhpseclibV3 adapter's
        # `ConnectionProvider $connectionProvider`, of its own namespace, was PhpseclibV2's), else its base's
        members = hierarchy.of_class_meant(owner, ref.file_path, members)
    if not members and hierarchy is not None and language == "swift":  # (a protocol extension's method)
        members = hierarchy.inherited_members(owner, ref.file_path, fitting(index.named(ref.name)),
                                              partial(owner_name, project_id=index.project_id))
    if len({_qualified(node, index.project_id) for node in members}) == 1:
        members.sort(key=lambda node: (node.file_path != ref.file_path and (
            included is None or node.file_path not in included.files), node.id))
        return members[0].id, "MEMBER"
    if not members and hierarchy is not None and language in ("php", "ruby"):
        # The method the class inherits (monolog's tests' `$handler->getFormatter()` on a TestHandler: a trait's)
        inherited = hierarchy.member_of(owner, ref.name, ref.file_path, class_path)
        if inherited is not None and fitting([inherited]):
            return inherited.id, "LOCAL" if inherited.file_path == ref.file_path else "MEMBER"
        if language == "php" and not hierarchy.has_class(owner, ref.file_path):
            # A library's class or interface (PSR's `ServerRequestInterface $request`, `new ReflectionClass(..)`):
            # by name, only a method of a project class that extends or implements it (monolog's Logger's `log`
            # for a `LoggerInterface $logger`), not any the project names alike (Slim's `$request->getMethod()` was
            # `RoutingResults.getMethod`).
            def implementing(candidates: Iterable[GraphNode], shaped: bool = True) -> list[GraphNode]:
                return [node for node in fitting(candidates, shaped) if hierarchy.derives_from(node, owner)]
            return by_name(implementing)
    return None


def _qualified(node: GraphNode, project_id: str) -> str:
    return qualified_in_node_id(project_id, node.file_path, node.id)
