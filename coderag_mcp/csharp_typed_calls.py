"""A C# call on a value of a type the link can tell, at link: one its declaration types (`:Type`,
csharp_declared_types.py), a class's property or field written with it (`ResilienceContextPool.Shared.Get()`, by the
property's declared type), what a chain of calls returns ("^=Policy|Handle`1" for `Policy.Handle<E>().Retry()`, by each
method's declared return type: typed_qualifier). It reaches the type's member of the name, else the member the type
inherits from a project class, else an extension method written for the type (`public static RetryPolicy
Retry(this PolicyBuilder policyBuilder, ..)`), for one of its bases (`this IPolicyWrap w` on a PolicyWrap) or for any
type its constraint allows (`this TBuilder builder` of `AddPipeline<TBuilder>`). A type the project does not define
(`string`, `List<T>`, `ILogger`) has no member in the project but such extensions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .class_hierarchy import ClassHierarchy, nearest
from .csharp_declared_types import AWAITED, CHAIN_STEP, RETURNED
from .csharp_generics import declared_arity, split_arity, with_arity
from .csharp_signatures import (EVERY_TYPE, awaited_type, explicit_implementation, extended_type, held_type,
                                method_type_parameters, returned_type, returns_receiver)
from .name_index import GraphIndex, without_line
from .name_overloads import is_object_member
from .store import GraphNode, ReferenceRow, qualified_in_node_id

Resolved = tuple[str | None, str]


def held_by_class(written: str, hierarchy: ClassHierarchy, path: str) -> str | None:
    """The type of the property or field a receiver written `A.B` names (Polly's 219 `ResilienceContextPool.Shared
    .Get(..)`: `public static ResilienceContextPool Shared { get; }`), when the project's class A declares one B;
    None for anything else (a nested class `Outer.Inner`, a namespace)."""
    holder, _dot, member = written.rpartition(".")
    if not holder:
        return None
    found = hierarchy.member_definition(holder.rpartition(".")[2], member, path)
    return held_type(found.signature, member) if found is not None and found.node_type != "CLASS" else None


def csharp_call(ref: ReferenceRow, index: GraphIndex, qualifier: str,
                fitting: Callable[..., list[GraphNode]], rank: Callable[[GraphNode], int | None] | None,
                by_name: Callable[[Callable[..., list[GraphNode]]], Resolved]) -> Resolved | None:
    """(target node id, how) for a C# call whose receiver the link typed (`qualifier` as typed_qualifier gives it:
    `:T`); None to look it up as before (a class by name, a receiver nobody typed). A type that
    holds no such member (a library's, `writer.WriteLineAsync(..)` on a TextWriter) is looked up `by_name` among
    the methods of project classes deriving from it (MediatR's WrappingWriter's), an object's own method
    (`formattable.ToString(..)`) nowhere."""
    if qualifier == "?" and is_object_member(ref.name):
        return None, "NONE"  # (`Guid.NewGuid().ToString()`: name_overloads.unknowable)
    if not qualifier.startswith(":"):
        return None
    found = typed_call(ref, index, qualifier[1:], fitting, rank)
    if found is not None or index.hierarchy is None or is_object_member(ref.name):
        return found or (None, "NONE")
    hierarchy, typed = index.hierarchy, split_arity(qualifier[1:])[0]

    def deriving(candidates: Iterable[GraphNode], shaped: bool = True) -> list[GraphNode]:
        return [node for node in fitting(candidates, shaped) if hierarchy.derives_from(node, typed)]
    return by_name(deriving)


def typed_call(ref: ReferenceRow, index: GraphIndex, owner: str,
               fitting: Callable[[Sequence[GraphNode]], list[GraphNode]],
               rank: Callable[[GraphNode], int | None] | None) -> Resolved | None:
    """(target node id, how) for a call on a value of type `owner` (with its arity, "IAsyncPolicy`1"); None when
    neither the type, its project bases nor an extension holds the name. `rank` (name_overloads.py) picks among
    extensions of one name in several classes, as C# does."""
    held, found = _holders(ref.name, owner, ref.file_path, index, fitting)
    if held == _OWN:  # (one class's overloads, or its partial declarations in several files: one member)
        return _one_or_nearest(ref, index, found)
    if held == _INHERITED:
        return nearest(ref.file_path, found).id, "MEMBER"
    if held == _EXTENSION:
        chosen = _best_taken(ref, index, found, rank)
        # (of two classes' extensions that take the call alike, which one is meant is not known: Polly's tests'
        # `policy.RaiseException(withInner)` may be `(TException instance)` or `(IDictionary contextData)`)
        return (chosen[0].id, "MEMBER") if chosen else (None, "NONE")
    if held == _LIBRARY_EXTENSION:
        return nearest(ref.file_path, found).id, "NAME"
    return None


# What holds a name for a type (`_holders`): the type itself, a project base, an extension method written for the type
# or a base, or (a library's type) an extension of another library type
_OWN, _INHERITED, _EXTENSION, _LIBRARY_EXTENSION = "own", "inherited", "extension", "library extension"


def _holders(name: str, owner: str, path: str, index: GraphIndex,
             fitting: Callable[[Sequence[GraphNode]], list[GraphNode]]) -> tuple[str | None, list[GraphNode]]:
    """What holds the definitions of `name` that a value of type `owner` reaches, and those definitions."""
    members = fitting(index.owned(name, owner))
    if members:
        return _OWN, _implicit_first(members, name)
    plain = split_arity(owner)[0]
    hierarchy = index.hierarchy
    bases: set[str] = set()
    project_type = hierarchy is not None and hierarchy.has_class(plain, path)
    candidates = fitting(index.named(name))
    if hierarchy is not None and project_type:
        inherited = hierarchy.inherited_members(owner, path, candidates, index.owner_of)
        if inherited:
            return _INHERITED, _implicit_first(inherited, name)
        bases |= hierarchy.base_names(owner, path)
    extensions = [(node, written) for node in candidates if (written := extended_type(node.signature)) is not None]
    # For the type itself, of its arity (not its generic namesake's), before one for a base or for any type its
    # constraint allows, as C# prefers the more specific (`AddStrategy(this ResiliencePipelineBuilder ..)` before
    # `AddStrategy<TBuilder>(this TBuilder ..) where TBuilder : ResiliencePipelineBuilderBase`)
    meant = [node for node, written in extensions if written == owner] or [
        node for node, written in extensions if written in bases or written == EVERY_TYPE]
    if meant:
        return _EXTENSION, meant
    if hierarchy is not None and not project_type:
        # A library's type: an extension of another library type, which it may implement (`services.AddMediatR()`
        # on a ServiceCollection, written for IServiceCollection), by name
        others = [node for node, written in extensions if not hierarchy.has_class(written, path)]
        if others:
            return _LIBRARY_EXTENSION, others
    return None, []


def _implicit_first(members: list[GraphNode], name: str) -> list[GraphNode]:
    """A type's (or a base's) members of a name but its explicit implementations of an interface's method (`IAsyncPolicy
    IAsyncPolicy.M()`), which a value of that interface alone reaches; those only when there is nothing else. (A base's
    too: FluentValidation's 407 calls of `validator.Validate(x)` on its validators reached AbstractValidator's
    `IValidator.Validate(IValidationContext)`, not `Validate(T)`.)"""
    return [node for node in members if not explicit_implementation(node.signature, name)] or members


def typed_qualifier(qualifier: str, index: GraphIndex, ref: ReferenceRow) -> str:
    """A C# call's qualifier with what the link can type of it typed (`:T`): the property or field a class path names
    (`=ResilienceContextPool.Shared`), what a chain of calls returns ("^=Policy|Handle`1"); else as it was, `?` for a
    chain whose type the project does not say."""
    if index.hierarchy is None:
        return "?" if qualifier.startswith(RETURNED) else qualifier
    if qualifier.startswith("="):
        held = held_by_class(qualifier[1:], index.hierarchy, ref.file_path)  # `ResilienceContextPool.Shared.Get()`
        return ":" + held if held else qualifier
    if not qualifier.startswith(RETURNED):
        return qualifier
    base, *steps = qualifier[1:].split(CHAIN_STEP)
    owner: str | None
    if base == "self":
        source = qualified_in_node_id(index.project_id, ref.file_path, ref.source_id)
        enclosing = index.hierarchy.enclosing_class(ref.file_path, source)
        owner = None if enclosing is None else with_arity(
            enclosing.name, declared_arity(enclosing.signature, enclosing.name))
    elif base.startswith(":"):
        owner = base[1:]
    else:  # (a class by name, `=Policy`: its static method; `=Pool.Shared`, a property's type)
        owner = held_by_class(base[1:], index.hierarchy, ref.file_path) or base[1:].rpartition(".")[2]
    for step in steps:
        owner = _returned_by(owner, step, ref.file_path, index) if owner is not None else None
    return ":" + owner if owner is not None else "?"


def _returned_by(owner: str, step: str, path: str, index: GraphIndex) -> str | None:
    """The type the method a chain's step calls on a value of type `owner` returns (its overloads alike), else None.
    The step holds the number of type arguments written ("CacheAsync`1"): of `Policy.CacheAsync(..)`, only the
    overloads that need none (`CacheAsync<TResult>(..)`, which cannot infer TResult, returns another type). An
    extension that returns what it extends (`TBuilder AddTimeout<TBuilder>(this TBuilder b)`) returns `owner`. An
    awaited step ("~GetBasketAsync") gives what its Task holds (`Task<Basket>`: Basket)."""
    awaited = step.startswith(AWAITED)
    name, written = split_arity(step[len(AWAITED):] if awaited else step)
    held, found = _holders(name, owner, path, index, _csharp_only)
    if held in (None, _LIBRARY_EXTENSION):
        return None
    found = [node for node in found if _takes_type_arguments(node.signature, name, written)] or found
    returned = {awaited_type(node.signature, name) if awaited else
                owner if returns_receiver(node.signature, name) else returned_type(node.signature, name)
                for node in found}
    return returned.pop() if len(returned) == 1 else None


def _takes_type_arguments(signature: str | None, name: str, written: int) -> bool:
    """Whether a method may be called with `written` type arguments: as many as it declares type parameters, or none
    when it can infer them all."""
    declared, inferable = method_type_parameters(signature, name)
    return declared == written or written == 0 and inferable


def _csharp_only(nodes: Sequence[GraphNode]) -> list[GraphNode]:
    return [node for node in nodes if node.file_path.endswith(".cs")]


def _best_taken(ref: ReferenceRow, index: GraphIndex, found: list[GraphNode],
                rank: Callable[[GraphNode], int | None] | None) -> list[GraphNode]:
    """Of extension methods of one name, the nearest of those that take the call best when they are one method's
    overloads (Polly's tests' `policy.RaiseResultSequence(results)`: PolicyTResultExtensions' `(IEnumerable<TResult>)`,
    not ContextualPolicyTResultExtensions' `(IDictionary, params TResult[])`); none when they are several methods'."""
    if rank is not None and len({_qualified(index, node) for node in found}) > 1:
        ranks = {node.id: rank(node) for node in found}
        best = min((taken for taken in ranks.values() if taken is not None), default=None)
        found = [node for node in found if ranks[node.id] == best] or found
    return [nearest(ref.file_path, found)] if len({_qualified(index, node) for node in found}) == 1 else []


def _qualified(index: GraphIndex, node: GraphNode) -> str:
    """A definition's qualified name without its overload's line."""
    return without_line(qualified_in_node_id(index.project_id, node.file_path, node.id))


def _one_or_nearest(ref: ReferenceRow, index: GraphIndex, found: list[GraphNode]) -> tuple[str, str]:
    """MEMBER when these are one definition (overloads of one method, a partial class's declarations), else the
    nearest by NAME (two classes of the name)."""
    one = len({_qualified(index, node) for node in found}) == 1
    return nearest(ref.file_path, found).id, "MEMBER" if one else "NAME"
