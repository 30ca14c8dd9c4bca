"""Which overloads of a name a C++, C# or Swift call reaches, for name_graph.py (pure, per link slice).

A call stores its shape (call_shapes.py); each definition of the name says what it takes (its signature,
overload_parameters.py). name_graph.py first looks the call up among the definitions that can take it; the
one it finds stands for its overloads (its file's definitions of the same qualified name, `Logger.Write` and
`Logger.Write@204`), and the call reaches each of those that can take it, of the kind its compiler prefers:
in C#, one taking the arguments as written over one that needs its `params` array expanded
(`Information("a", x)` is `Information<T>(string, T)`, not `Information(string, params object[])`); in
Swift, one whose parameter for the trailing closure is a function over one whose is another type. When no
definition of the name can take the call (a macro's expansion, a signature cut short), the call is looked
up as before, without its shape; unless it is made on a receiver nobody typed (`urls.contains(x)` beside the
project's only `contains(jpeg:)`), which then reaches nothing of the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .cpp_arguments import CppClasses, cpp_rank
from .csharp_generics import Arities, says_type
from .csharp_signatures import explicit_implementation, extended_type, method_type_parameters
from .languages import BY_NAME
from .overload_parameters import (
    OVERLOADED_LANGUAGES, TYPE_ARGUMENTS, Argument, Parameter, Related, Shape, cpp_type, csharp_passes, parameters,
    read_shape, swift_passes,
)
from .store import GraphNode, ReferenceRow, qualified_in_node_id
from .store.references import C_FAMILY_ENDINGS

# C's, C++'s and CUDA's files (CUDA's are read by C++'s queries).
_C_FAMILY_ENDINGS = C_FAMILY_ENDINGS + BY_NAME["cuda"].extensions
CALLABLE = frozenset({"FUNCTION", "METHOD"})


def shaped_language(path: str) -> str | None:
    """The language whose rules a call written in this file (or a definition in it) follows: `csharp`, `swift`
    or `cpp` (C's files too: a `.h` is C++'s as often as C's, and C counts arguments as C++ does)."""
    if path.endswith(".cs"):
        return "csharp"
    if path.endswith(".swift"):
        return "swift"
    return "cpp" if path.lower().endswith(_C_FAMILY_ENDINGS) else None


def call_shape(ref: ReferenceRow) -> tuple[str, Shape] | None:
    """A call's language and shape, when its reference stores one."""
    if ref.edge_type != "CALLS" or not ref.module or ref.module[0] not in ("(", TYPE_ARGUMENTS):
        return None
    language = shaped_language(ref.file_path)
    shape = read_shape(ref.module) if language in OVERLOADED_LANGUAGES else None
    return (language, shape) if language is not None and shape is not None else None


# What every C# object has: called on a receiver nobody typed, it is no project definition found by its name
# (serilog's `value.ToString(null, culture)` on a `short` is not LogEventPropertyValue's).
_CSHARP_OBJECT_MEMBERS = frozenset({"ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone",
                                    "ReferenceEquals"})


def receiver_syntax(ref: ReferenceRow) -> bool | None:
    """Whether a C# call is written on a receiver (`x.M()`, `this.M()`, `F().M()`): an extension method takes it as
    its `this`; False for a bare call (`M(x)`: in an extension's own class, a static call); None when it cannot be
    told (`A.M(x)`: a class's static method, or a call on a property named in capitals)."""
    if not ref.qualifier:
        return False
    return None if ref.qualifier[:1] == "=" or ref.qualifier.startswith("new") else True


def unknowable(language: str, ref: ReferenceRow) -> bool:
    """Whether a call's name alone can never tell which definition it reaches."""
    return language == "csharp" and ref.qualifier == "?" and is_object_member(ref.name)


def is_object_member(name: str) -> bool:
    """Whether every C# object has a method of this name (`ToString`, `GetHashCode`...)."""
    return name in _CSHARP_OBJECT_MEMBERS


_PRIVATE = re.compile(r"\b(?:private|fileprivate)\b(?!\s*\()")


_STATIC = re.compile(r"\b(?:static|class)\s+func\b")


def hidden(node: GraphNode, ref: ReferenceRow) -> bool:
    """Whether a Swift definition is out of a call's reach: private to another file (`private`, `fileprivate`), or a
    type's `static func` called on a value (`fileManager.removeItem(at:)` is Foundation's, not a project's `static func
    removeItem(at:)`). (C#'s `private` is left: a partial class spreads over files, serilog's PropertyValueConverter.)"""
    if not node.signature or not node.file_path.endswith(".swift"):
        return False
    head = node.signature.split("(", 1)[0]
    if node.file_path != ref.file_path and _PRIVATE.search(head) is not None:
        return True
    return on_a_value(ref) and _STATIC.search(head) is not None


def on_a_value(ref: ReferenceRow) -> bool:
    """Whether a call is made on a value (nobody typed it, or its Swift declaration did), not on a type."""
    return ref.qualifier == "?" or (ref.qualifier or "").startswith(":")


class Overloads:
    """What each definition of a link slice takes, read from its signature once; and the ranks of the
    definitions a call can reach (None: it cannot; lower: preferred, as its compiler would)."""

    def __init__(self, project_id: str, arities: Arities | None = None) -> None:
        self.project_id = project_id
        self.arities = arities or Arities()  # (a C# generic type's overloads are not its namesake's: `Policy<TResult>`)
        self._parameters: dict[str, list[Parameter] | None] = {}
        # (a link's calls repeat their shapes: `Write(?,string)` from every caller of one file)
        self._ranks: dict[tuple[str, str, str], int | None] = {}
        self._hidden: dict[tuple[str, str, bool], bool] = {}
        self._qualified: dict[str, str] = {}
        self._any: dict[tuple[str, str, str], bool] = {}
        self._merged: dict[str, list[Parameter]] = {}  # C++: with the defaults of the function's other declarations
        self._cpp_types: dict[str, tuple[str, ...] | None] = {}
        self._declarations: dict[str, list[GraphNode]] = {}
        # C#: whether a project type is another (csharp_relation); set by the link when it knows the classes
        self.csharp_related: Related | None = None
        # C++: the project's classes (cpp_arguments.CppClasses); set by the link when it knows them
        self.cpp_classes: CppClasses | None = None

    def parameters_of(self, node: GraphNode) -> list[Parameter] | None:
        if node.id not in self._parameters:
            language = shaped_language(node.file_path)
            self._parameters[node.id] = parameters(node.signature, node.name, language) if language else None
        return self._parameters[node.id]

    def cpp_parameter_types(self, node: GraphNode) -> tuple[str, ...] | None:
        """A C or C++ function's parameter types, spaces left out (None: its parameters are not read): what tells
        its other declarations from its overloads."""
        if node.id not in self._cpp_types:
            declared = self.parameters_of(node)
            self._cpp_types[node.id] = None if declared is None else tuple(cpp_type(p.type) for p in declared)
        return self._cpp_types[node.id]

    def declarations(self, node: GraphNode, named: Sequence[GraphNode]) -> list[GraphNode]:
        """C and C++: every declaration and definition of the function this node declares or defines (the same
        qualified name and parameter types, in any file; this node's too), among the definitions of its name (grouped
        for all of them at once); [] when its parameters are not read."""
        found = self._declarations.get(node.id)
        if found is None:
            groups: dict[tuple[str, tuple[str, ...]], list[GraphNode]] = {}
            for other in named:
                types = self.cpp_parameter_types(other) if other.node_type in CALLABLE else None
                if types is not None:
                    groups.setdefault((self.qualified(other), types), []).append(other)
            for group in groups.values():
                self._declarations.update(dict.fromkeys((other.id for other in group), group))
            found = self._declarations.setdefault(node.id, [])
        return found

    def rank(self, node: GraphNode, language: str, module: str, named: Callable[[str], Sequence[GraphNode]],
             on_receiver: bool | None = None) -> int | None:
        """How a definition takes the call (0 best, 1 a form its compiler ranks lower), None when it cannot;
        anything but a function (a class: a construction), or one whose signature says nothing, takes it.
        `named` gives the definitions of a name (C++: the other declarations of the function, which may hold
        the default arguments its definition does not repeat). `on_receiver` (C#: receiver_syntax): whether the
        call is written on a receiver, which a C# extension method takes as its `this` parameter."""
        key = (node.id, language, module, on_receiver)
        known = self._ranks.get(key, self)
        if known is self:
            shape = read_shape(module)
            known = self._ranks[key] = self._rank(node, language, shape, named, on_receiver) \
                if shape is not None else 0
        return known  # type: ignore[return-value]

    def any_takes(self, name: str, named: Sequence[GraphNode], language: str, module: str,
                  rank: Callable[[GraphNode], int | None], on_receiver: bool | None = None) -> bool:
        """Whether any function of this name and language can take a call of this shape (written on a receiver
        or not: `rank`'s)."""
        key = (name, language, module, on_receiver)
        known = self._any.get(key)
        if known is None:
            known = self._any[key] = any(rank(node) is not None for node in named if node.node_type in CALLABLE
                                         and shaped_language(node.file_path) == language)
        return known

    def hidden(self, node: GraphNode, ref: ReferenceRow) -> bool:
        key = (node.id, ref.file_path, on_a_value(ref))
        known = self._hidden.get(key)
        if known is None:
            known = self._hidden[key] = hidden(node, ref)
        return known

    def _rank(self, node: GraphNode, language: str, shape: Shape, named: Callable[[str], Sequence[GraphNode]],
              on_receiver: bool | None) -> int | None:
        if node.node_type not in CALLABLE or shaped_language(node.file_path) != language:
            return 0
        declared = self.parameters_of(node)
        if declared is None:
            return 0
        if language == "csharp":
            declares, inferable = method_type_parameters(node.signature, node.name)
            if shape.type_arguments != declares if shape.type_arguments is not None else not inferable:
                return None  # (`GetPolicies<TPolicy>()` is no `GetPolicies()`, and the other way round)
            return _csharp_rank(declared, shape.arguments, on_receiver, self.csharp_related)
        if language == "swift":
            return _swift_rank(declared, shape)
        taken = cpp_rank(declared, shape.arguments, self.cpp_classes)
        if taken is not None:
            return taken
        # `void f(int a, int b = 0);` in the header, `void f(int a, int b) {..}` in the source: `f(1)` calls it
        return cpp_rank(self._with_defaults(node, declared, named), shape.arguments, self.cpp_classes)

    def _with_defaults(self, node: GraphNode, declared: list[Parameter],
                       named: Callable[[str], Sequence[GraphNode]]) -> list[Parameter]:
        """A C++ function's parameters, each with a default where any declaration of it (the same qualified name and
        parameter types, in any file) gives one."""
        merged = self._merged.get(node.id)
        if merged is None:
            group = self.declarations(node, named(node.name))
            taken = [self.parameters_of(other) or [] for other in group]  # (each read: their types are)
            defaults = [any(its[i].default for its in taken) for i in range(len(declared))]
            for other, its in zip(group, taken):
                self._merged[other.id] = [parameter._replace(default=default)
                                          for parameter, default in zip(its, defaults)]
            merged = self._merged.setdefault(node.id, declared)
        return merged

    def qualified(self, node: GraphNode) -> str:
        known = self._qualified.get(node.id)
        if known is None:
            known = self._qualified[node.id] = qualified_in_node_id(self.project_id, node.file_path, node.id)
        return known

    def reached(self, chosen: str, ref: ReferenceRow, candidates: Sequence[GraphNode],
                rank: Callable[[GraphNode], int | None], how: str) -> list[str]:
        """The overloads a call reaches, given the definition a lookup among those that take it found (`how`: as the
        lookup found it): that one's overloads (its file's definitions of its qualified name; of a C# call that names
        the type, those of the type's arity) that take the call, of the best rank."""
        node = next((candidate for candidate in candidates if candidate.id == chosen), None)
        if node is None or node.node_type not in CALLABLE:
            return [chosen]
        qualified, arity = self.qualified(node), self.arities.arity(node.id)
        # (a C# call that says its type, `Policy.Handle<E>()`, `new X<T>(..)`, reaches no overload of its namesake's,
        # `Policy<TResult>.Handle<E>()`; one on a value nobody typed may be of either)
        # (but a chain of calls the link could not type says nothing: `Result.Fail(..).Should()`, whose `Fail` returns
        # `Result` or `Result<T>` by its overload, reaches `Should`'s overloads for either)
        twin_known = says_type(ref.qualifier) and (not (ref.qualifier or "").startswith("^") or how == "MEMBER")
        # (C#: an extension method's overloads written for the same type, `AddRetry(this ResiliencePipelineBuilder
        # ..)` not `AddRetry(this ResiliencePipelineBuilder<TResult> ..)`; an explicit implementation of an interface's
        # method only beside another, as a value of that interface reaches it)
        csharp = node.file_path.endswith(".cs")
        kind = (extended_type(node.signature), explicit_implementation(node.signature, node.name)) if csharp else None
        # (a C# call on a value reaches no static method but an extension: Polly's `policy.Wrap(other)` reached the
        # static `Policy.Wrap(params ISyncPolicy[])` overloads beside the instance's)
        on_value = csharp and (ref.qualifier or "")[:1] in (":", "^") and not _static(node.signature)
        ranked = [(other, taken) for other in candidates
                  if other.file_path == node.file_path and other.id != ref.source_id and other.name == node.name
                  and self.qualified(other) == qualified and (not twin_known or self.arities.arity(other.id) == arity)
                  and (not csharp or (extended_type(other.signature),
                                      explicit_implementation(other.signature, other.name)) == kind)
                  and not (on_value and _static(other.signature) and extended_type(other.signature) is None)
                  and (taken := rank(other)) is not None]
        if not ranked:
            return [chosen]
        # (A C++ overload whose parameters are not read, a signature cut short, ranks with the best: fmt's
        # `vformat_to` of base.h:2408 took every call from the one its compiler picks)
        unread = {other.id for other, _taken in ranked if self.parameters_of(other) is None} \
            if node.file_path.endswith(_C_FAMILY_ENDINGS) else set()
        best = min((taken for other, taken in ranked if other.id not in unread), default=0)
        return [other.id for other, taken in ranked if taken == best or other.id in unread]


def _static(signature: str | None) -> bool:
    """Whether a C# method is declared `static` (its modifiers, before its parameters)."""
    return re.search(r"\bstatic\b", (signature or "").partition("(")[0]) is not None


def _csharp_rank(declared: list[Parameter], arguments: tuple[Argument, ...], on_receiver: bool | None,
                 related: Related | None = None) -> int | None:
    """0: the arguments as written; 1: with the `params` array expanded. An extension method (`this` first)
    called on its receiver takes one argument fewer; called as a static method (`RetrySyntax.Retry(builder, 3)`),
    all of them; either when it is not known how the call is written."""
    extension = bool(declared) and declared[0].modifier == "this"
    ranks = [_csharp_match(declared, arguments, related)] if not (extension and on_receiver) else []
    if extension and on_receiver is not False:
        ranks.append(_csharp_match(declared[1:], arguments, related))
    found = [rank for rank in ranks if rank is not None]
    return min(found) if found else None


def _csharp_match(declared: Sequence[Parameter], arguments: tuple[Argument, ...],
                  related: Related | None = None) -> int | None:
    count = len(declared)
    spread = count - 1 if count and declared[-1].variadic else None  # the `params` parameter
    slots: dict[int, list[str]] = {}
    position = 0
    for argument in arguments:
        if argument.label is not None:  # `Logger(logger, attemptDispose: false, level)`
            index = next((i for i, parameter in enumerate(declared) if parameter.label == argument.label), None)
            if index is None or index in slots:
                return None
            slots[index] = [argument.kind]
            position = index + 1
            continue
        if spread is not None and position >= spread:
            slots.setdefault(spread, []).append(argument.kind)
            continue
        if position >= count:
            return None
        slots[position] = [argument.kind]
        position += 1
    if any(i not in slots and not parameter.default and not parameter.variadic for i, parameter in enumerate(declared)):
        return None
    expanded = spread is not None and spread not in slots
    for index, kinds in slots.items():
        parameter = declared[index]
        if index == spread and len(kinds) == 1 and csharp_passes(kinds[0], parameter._replace(variadic=False),
                                                                 related):
            continue  # the array itself (or what may be one)
        if not all(csharp_passes(kind, parameter, related) for kind in kinds):
            return None
        expanded = expanded or index == spread
    return 1 if expanded else 0


def _skipped(parameter: Parameter) -> bool:
    return parameter.default or parameter.variadic


def _swift_labels(declared: list[Parameter], arguments: Sequence[Argument], start: int) -> int | None:
    """Where the parameters taken by these arguments end, matched by label in order from `start` (a parameter
    with a default value, or a variadic one, may be left out); None when they do not match."""
    index, variadic = start, False
    for argument in arguments:
        if variadic and argument.label is None:  # (`_ values: Int...` takes each unlabelled argument after it)
            if not swift_passes(argument.kind, declared[index]):
                return None
            continue
        if variadic:
            index, variadic = index + 1, False
        while index < len(declared) and declared[index].label != argument.label:
            if not _skipped(declared[index]):
                return None
            index += 1
        if index == len(declared) or not swift_passes(argument.kind, declared[index]):
            return None
        if declared[index].variadic:
            variadic = True
        else:
            index += 1
    return index + 1 if variadic else index


def _swift_rank(declared: list[Parameter], shape: Shape) -> int | None:
    """0 when the call matches, its trailing closure (if any) given to a function-typed parameter; 1 when it
    goes to a parameter of another type (a generic `Value`, a type alias)."""
    index = _swift_labels(declared, shape.arguments, 0)
    if index is None:
        return None
    if not shape.trailing:
        return 0 if all(_skipped(parameter) for parameter in declared[index:]) else None
    ranks = []
    for at in range(index, len(declared)):  # the unlabelled trailing closure: a parameter from here on
        parameter = declared[at]
        if swift_passes("{}", parameter):
            end = _swift_labels(declared, shape.trailing[1:], at + 1)
            if end is not None and all(_skipped(rest) for rest in declared[end:]):
                ranks.append(0 if "->" in parameter.type else 1)
        if not _skipped(parameter):
            break
    return min(ranks) if ranks else None
