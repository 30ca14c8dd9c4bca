"""The type a C# value is declared with, for a call made on it (pure, per file, while parsing).

C# says the type of nearly every value where it is declared: a parameter (`IAsyncPolicy<TResult> outerPolicy`), a
field or property of the class (`private readonly PolicyRegistry _registry;`, `ISyncPolicy SyncPolicy { get; }`), a
local (`Widget w = ..`, `var b = new PolicyBuilder<int>(..)`, `var s = (Shape)o`, `o as Shape`), a `foreach`, `catch`,
`using` or `for` variable, a pattern (`o is Circle c`) and an `out` variable (`out Thing q`). name_receivers.py writes
a call on such a value `:Type`, with the type's arity ("`:IAsyncPolicy`1`", csharp_generics.py), and one on what a
chain of calls returns as the chain ("^=Policy|Handle`1" for `Policy.Handle<E>().Retry()`, each call with the
number of type arguments it writes); csharp_typed_calls.py types the chain and reaches the type's member of the name.
call_shapes.py reads the same declarations for the types of what a call passes.

Before, every such call was one on a receiver nobody typed: Polly's `outerPolicy.ExecuteAsync(..)` reached nothing
(`ExecuteAsync` has 71 definitions), `_registry.TryGet(..)` any `TryGet` by name.

A local `var` takes from a call (`var b = Policy.Handle<E>();`) is written as that call's chain would be
("^=Policy|Handle`1"), so a call on it is typed as one on the call itself; one that awaits a call (`var basket = await
_service.GetBasketAsync(id);`, `.ConfigureAwait(false)` or not) the same, its last step marked awaited
("^:IBasketService|~GetBasketAsync"): the type a `Task<Basket>` gives, at link. So is `(await MakeAsync()).Go()`.

Not typed (None, as before): a local awaiting anything but a call (`var x = await task`), a lambda's parameter without a
type, a type parameter (`T item`), an array, a tuple, `dynamic`, and a field the class inherits or declares in another
file of a partial class.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .csharp_generics import with_arity, written_arity
from .grammars import get_query, helper_query, query_matches

# A type's members (where a pattern's variable stops being in sight, the least)
_MEMBERS = frozenset({"method_declaration", "constructor_declaration", "destructor_declaration",
                      "operator_declaration", "conversion_operator_declaration", "property_declaration",
                      "indexer_declaration", "event_declaration", "field_declaration", "accessor_declaration"})
_TYPES = frozenset({"class_declaration", "struct_declaration", "record_declaration", "interface_declaration"})
# Where a pattern's or an `out` variable is in sight (generously: C# lets `if (!(o is T t)) return;` leak `t`).
_PATTERN_SCOPES = frozenset({"block", "switch_section", "switch_expression_arm", "lambda_expression",
                             "arrow_expression_clause", *_MEMBERS})
# A name bound without a type: it hides a field of the name, and types nothing.
_UNTYPED = object()
# A qualifier's marks for a call made on what calls return: "^=Policy|Handle`1" for `Policy.Handle<E>().Retry()`, typed
# at link by the methods' declared return types (csharp_typed_calls.typed_qualifier)
RETURNED, CHAIN_STEP = "^", "|"
# A chain's step whose call is awaited: "~GetBasketAsync" of `await _service.GetBasketAsync(id)`, what the Task it
# returns gives
AWAITED = "~"
# How many calls a chain may hold before the one stored (`a.B().C().D()`: 2 before `D`)
MAX_CHAIN = 4
# How many calls a chain through locals may hold (`var b = A.B().C(); var d = b.D(); d.E()`: 3 before `E`)
MAX_FOLLOWED = 2 * MAX_CHAIN
_CALLED_NAMES = ("identifier", "generic_name")


# Every name a C# file declares in a function: parameters (a lambda's without a type too), locals, `catch`, `foreach`
# and pattern variables, `out` variables; names bound without a type (`var (a, b)`, a query's `from x in`); type
# parameters.
_DECLARATIONS = helper_query("csharp", """
(variable_declaration type: (_) @type (variable_declarator name: (identifier) @name) @declarator) @variable
(parameter type: (_) @type name: (identifier) @name) @parameter
(parameter !type name: (identifier) @name) @parameter
(parameter_list type: (_) @type name: (identifier) @name) @params
(implicit_parameter) @implicit
(catch_declaration type: (_) @type name: (identifier) @name) @catch
(declaration_pattern type: (_) @type name: (identifier) @name) @pattern
(declaration_expression type: (_) @type name: (identifier) @name) @pattern
(foreach_statement type: (_) @type left: (identifier) @name) @foreach
(parenthesized_variable_designation (identifier) @name) @untyped
(var_pattern (identifier) @name) @untyped
(from_clause (identifier) @name) @untyped
(let_clause (identifier) @name) @untyped
(join_clause (identifier) @name) @untyped
(type_parameter (identifier) @type_parameter)
""")


class _Declared(NamedTuple):
    """A name a C# file declares: where it is in sight, where it is declared, the type it is written with (with its
    arity, `_UNTYPED` when none or unreadable), and the nodes of that type and of the value `var` takes it from."""
    start: int
    end: int
    at: int
    written: object
    type_node: Any | None
    value: Any | None


class CsharpReceivers:
    """The declared types of one C# file's values: its functions' names read by one query when a call first asks,
    each type's fields and properties as calls in it ask. Calls' receivers ask (`qualifier`), and what a call passes
    (`declaration`, call_shapes.py)."""

    def __init__(self) -> None:
        # name -> its declarations in functions
        self._locals: dict[str, list[_Declared]] | None = None
        # type parameter -> [(start, end of the declaration that declares it)]
        self._type_parameters: dict[str, list[tuple[int, int]]] = {}
        # (start, end) of a type declaration -> name -> its field, property or primary constructor's parameter
        self._fields: dict[tuple[int, int], dict[str, _Declared]] = {}
        # The locals whose value (a call) is being written as a chain (`_returned`)
        self._following: set[int] = set()

    def declaration(self, node: Any, name: str) -> _Declared | None:
        """The declaration of `name` in sight where `node` is: a function's innermost, else a field's or property's
        of the type around it; None when none is."""
        return self._local(node, name) or self._field(node, name)

    def type_parameter(self, name: str, node: Any) -> bool:
        """Whether `name` is a type parameter of a definition around `node` (`T item`)."""
        return any(start <= node.start_byte < end for start, end in self._type_parameters.get(name, ()))

    def qualifier(self, receiver: Any) -> str | None:
        """`:Type` for a call on a value whose declaration says its type (or made by `new`, or cast), `^..` for one
        on what a chain of calls returns (`Policy.Handle<E>().Retry()`: "^=Policy|Handle`1"), else None."""
        if receiver.type == "invocation_expression":
            chain = self._chain(receiver, 1)
            return RETURNED + chain if chain is not None else None
        if receiver.type == "object_creation_expression":  # `new PolicyBuilder().Retry()`
            written = _type_name(receiver.child_by_field_name("type"), None)
            return ":" + written if written else None
        own_field = False
        if receiver.type == "parenthesized_expression" and receiver.named_child_count == 1 and (
                inner := receiver.named_children[0]).type in ("cast_expression", "as_expression"):
            cast = inner.child_by_field_name("type" if inner.type == "cast_expression" else "right")
            written = _type_name(cast, None)
            return ":" + written if written else None  # `((IAsyncPolicy<string>)obj).ExecuteAsync(..)`
        if receiver.type == "parenthesized_expression" and receiver.named_child_count == 1 and (
                inner := receiver.named_children[0]).type == "await_expression":
            chain = self._awaited_chain(inner, 1)  # `(await MakeAsync()).Go()`
            return RETURNED + chain if chain is not None else None
        if receiver.type == "postfix_unary_expression" and receiver.named_child_count == 1:
            receiver = receiver.named_children[0]  # `_pipe!.ExecuteAsync()`
        if receiver.type == "member_access_expression" and receiver.child_by_field_name(
                "expression") is not None and receiver.child_by_field_name("expression").type == "this":
            receiver, own_field = receiver.child_by_field_name("name"), True  # `this._registry.TryGet()`
        if receiver is None or receiver.type != "identifier":
            return None
        name = _text(receiver)
        found = (None if own_field else self._local(receiver, name)) or self._field(receiver, name)
        written = found.written if found is not None else None
        if found is not None and written is _UNTYPED and _takes_a_call(found):
            return self._returned(found)  # `var builder = Policy.Handle<E>();`: what the call returns
        if not isinstance(written, str) or self.type_parameter(written.split("`")[0], receiver):
            return None
        return ":" + written

    def _returned(self, local: _Declared) -> str | None:
        """A local `var` takes from a call (`var b = Policy.Handle<E>();`) written as the call itself would be
        ("^=Policy|Handle`1"); None past the longest chain followed, or for a value read while it is being read."""
        if local.at in self._following:
            return None  # (`var x = x.Next();`, no C#: the `x` inside is the one declared)
        self._following.add(local.at)
        try:
            value = local.value
            chain = self._awaited_chain(value, 1) if value.type == "await_expression" else self._chain(value, 1)
        finally:
            self._following.discard(local.at)
        return RETURNED + chain if chain is not None and chain.count(CHAIN_STEP) <= MAX_FOLLOWED else None

    def _chain(self, call: Any, length: int) -> str | None:
        """The chain of a call: "=Policy|Handle`1" for `Policy.Handle<E>()`, `:Builder|Build` for `builder.Build()` (a
        typed value), `self|Create` for a bare `Create()`, `^..` chains within: what the call is made on, then the
        methods called (each with the number of type arguments it writes)."""
        function = call.child_by_field_name("function")
        if function is None:
            return None
        if function.type in _CALLED_NAMES:
            return f"self{CHAIN_STEP}{_called_name(function)}"
        if function.type != "member_access_expression" or length > MAX_CHAIN:
            return None
        named, holder = function.child_by_field_name("name"), function.child_by_field_name("expression")
        if named is None or named.type not in _CALLED_NAMES or holder is None:
            return None
        if holder.type == "this":
            base: str | None = "self"
        elif holder.type == "invocation_expression":
            base = self._chain(holder, length + 1)
        else:
            base = self.qualifier(holder) or class_path(holder)
            if base is not None and base.startswith(RETURNED):  # a local holding a chain's value: its chain goes on
                base = base[len(RETURNED):]
        return f"{base}{CHAIN_STEP}{_called_name(named)}" if base is not None else None

    def _awaited_chain(self, awaited: Any, length: int) -> str | None:
        """The chain of an awaited call, its last step marked awaited: "=Repo|~GetAsync" for `await
        Repo.GetAsync(id)` (with `.ConfigureAwait(false)` or without); None when what is awaited is no call."""
        call = _awaited_call(awaited)
        chain = self._chain(call, length) if call is not None else None
        if chain is None:
            return None
        head, _step, last = chain.rpartition(CHAIN_STEP)
        return f"{head}{CHAIN_STEP}{AWAITED}{last}"

    def _local(self, receiver: Any, name: str) -> _Declared | None:
        """The innermost declaration of `name` in sight of `receiver` in a function; None when no function around it
        declares the name."""
        if self._locals is None:
            self._locals = self._declarations(receiver)
        at = receiver.start_byte
        within = [entry for entry in self._locals.get(name, ()) if entry.start <= at < entry.end and entry.at <= at]
        if not within:
            return None
        return min(within, key=lambda entry: (entry.end - entry.start, -entry.at))  # the innermost, the latest

    def _declarations(self, node: Any) -> dict[str, list[_Declared]]:
        root = node
        while root.parent is not None:
            root = root.parent
        found: dict[str, list[_Declared]] = {}
        for _pattern, captures in query_matches(get_query("csharp", _DECLARATIONS), root):
            if "type_parameter" in captures:
                held = captures["type_parameter"][0]
                owner = held.parent.parent if held.parent is not None and held.parent.parent is not None else None
                if owner is not None and owner.parent is not None:
                    self._type_parameters.setdefault(_text(held), []).append((owner.parent.start_byte,
                                                                               owner.parent.end_byte))
                continue
            name = captures.get("name", captures.get("implicit", [None]))[0]
            declaration = next(iter(captures.get(kind, [None])[0] for kind in _SCOPED if kind in captures), None)
            if name is None or declaration is None:
                continue
            scope = _scope(declaration)
            if scope is None:
                continue
            type_node = captures.get("type", [None])[0]
            value = _initializer(captures["declarator"][0]) if "declarator" in captures else None
            written = _type_name(type_node, value) if "untyped" not in captures else None
            found.setdefault(_text(name), []).append(_Declared(
                scope.start_byte, scope.end_byte, name.start_byte, written or _UNTYPED, type_node, value))
        return found

    def _field(self, receiver: Any, name: str) -> _Declared | None:
        """The field, property or primary constructor's parameter `name` of the innermost type declaration around
        `receiver` that declares one (a nested class's, else its outer class's); None when none does (an inherited
        one, another partial file's)."""
        declaration = receiver.parent
        while declaration is not None:
            if declaration.type in _TYPES:
                key = (declaration.start_byte, declaration.end_byte)
                fields = self._fields.get(key)
                if fields is None:
                    fields = self._fields[key] = _fields(declaration)
                if name in fields:
                    return fields[name]
            declaration = declaration.parent
        return None


# The captures of _DECLARATIONS that hold the declaration itself, whose kind says where its name is in sight
_SCOPED = ("variable", "parameter", "params", "implicit", "catch", "pattern", "foreach", "untyped")


def _scope(declaration: Any) -> Any | None:
    """Where a name a declaration binds is in sight: a local's block (or its `using`, `for` statement; a field's
    own declaration), a parameter's function, a `catch`'s clause, a `foreach`'s loop, a pattern's block."""
    kind, parent = declaration.type, declaration.parent
    if kind == "variable_declaration":
        return parent.parent if parent is not None and parent.type in (
            "local_declaration_statement", "using_variable_declaration") else parent
    if kind == "parameter":
        return parent.parent if parent is not None and parent.type == "parameter_list" else None
    if kind in ("parameter_list", "implicit_parameter", "catch_declaration"):  # (a `params` array is written in the
        # list itself, `params object[] values`; a lambda's `y => y.Go()`)
        return parent
    if kind == "foreach_statement":
        return declaration
    return _pattern_scope(declaration)


def _fields(declaration: Any) -> dict[str, _Declared]:
    """A type's fields, properties and primary constructor's parameters, by name."""
    fields: dict[str, _Declared] = {}
    for parameters in (child for child in declaration.children if child.type == "parameter_list"):
        for parameter in (child for child in parameters.named_children if child.type == "parameter"):
            _bind(fields, parameter.child_by_field_name("name"), parameter.child_by_field_name("type"))
    body = next((child for child in declaration.children if child.type == "declaration_list"), None)
    members = list(body.named_children) if body is not None else []
    for member in members:
        if member.type.startswith("preproc_"):  # (`#if DEBUG` .. `#else` .. `#endif` around fields)
            members.extend(member.named_children)
        if member.type == "field_declaration":
            for declaration_node in (child for child in member.named_children if child.type == "variable_declaration"):
                for declarator in (child for child in declaration_node.named_children
                                   if child.type == "variable_declarator"):
                    _bind(fields, declarator.child_by_field_name("name"), declaration_node.child_by_field_name("type"),
                          _initializer(declarator))
        elif member.type == "property_declaration":
            _bind(fields, member.child_by_field_name("name"), member.child_by_field_name("type"))
    return fields


def _initializer(declarator: Any) -> Any | None:
    """The value a variable declarator gives its name (`= Policy.Handle<E>()`), None when it gives none."""
    return declarator.named_children[-1] if declarator.named_child_count > 1 else None


def _bind(fields: dict[str, _Declared], name_node: Any | None, type_node: Any | None, value: Any | None = None) -> None:
    if name_node is not None and name_node.type == "identifier":
        fields[_text(name_node)] = _Declared(0, 0, 0, _type_name(type_node, None) or _UNTYPED, type_node, value)


def _type_name(node: Any | None, value: Any | None) -> str | None:
    """The type a declaration writes (`Request`, `ResiliencePipeline?`, `Polly.Retry.RetryPolicy`, with the arity of
    `IAsyncPolicy<TResult>`), or that `var` takes from its value (`new Foo<int>(..)`, `(Shape)o`, `o as Shape`); None
    when it cannot tell (an array, a tuple, a call's result, `dynamic`)."""
    if node is None:
        return None
    kind = node.type
    if kind == "identifier":
        return _text(node)
    if kind == "generic_name":
        return with_arity(_text(node.named_children[0]), written_arity(node))
    if kind in ("qualified_name", "alias_qualified_name"):
        return _type_name(node.child_by_field_name("name"), None)
    if kind in ("nullable_type", "ref_type", "scoped_type"):
        inner = node.child_by_field_name("type") or (node.named_children[0] if node.named_child_count else None)
        return _type_name(inner, None)
    if kind == "predefined_type":
        text = _text(node)
        return None if text == "dynamic" else text
    if kind == "implicit_type" and value is not None:  # `var`
        if value.type in ("object_creation_expression", "cast_expression"):
            return _type_name(value.child_by_field_name("type"), None)
        if value.type == "as_expression":
            return _type_name(value.child_by_field_name("right"), None)
    return None


def _takes_a_call(local: _Declared) -> bool:
    """Whether a local is declared `var` with a call's value (`var b = Policy.Handle<E>();`), or an awaited call's."""
    return local.type_node is not None and local.type_node.type == "implicit_type" and local.value is not None and (
        local.value.type == "invocation_expression" or _awaited_call(local.value) is not None)


def _awaited_call(node: Any) -> Any | None:
    """The call an `await` awaits (`await GetAsync()`; of `await GetAsync().ConfigureAwait(false)`, `GetAsync()`,
    since ConfigureAwait changes where the rest runs, not what it gives); None for anything else."""
    if node.type != "await_expression" or node.named_child_count != 1:
        return None
    call = node.named_children[0]
    if call.type != "invocation_expression":
        return None
    function = call.child_by_field_name("function")
    if function is not None and function.type == "member_access_expression":
        named, holder = function.child_by_field_name("name"), function.child_by_field_name("expression")
        if named is not None and _text(named) == "ConfigureAwait" and holder is not None and (
                holder.type == "invocation_expression"):
            return holder
    return call


def _called_name(node: Any) -> str:
    """A called method's name, with the number of type arguments written: "Handle`1" of `Handle<TException>`."""
    if node.type != "generic_name":
        return _text(node)
    return with_arity(_text(node.named_children[0]), written_arity(node))


def class_path(node: Any) -> str | None:
    """`=Polly.Policy` for a class (or a class's property) written by name, `=Policy`1` for `Policy<int>`; None for
    anything else."""
    if node.type == "identifier":
        text = _text(node)
        return "=" + text if text[:1].isupper() else None
    if node.type == "generic_name":
        return f"={_type_name(node, None)}"
    if node.type == "member_access_expression":
        holder, named = node.child_by_field_name("expression"), node.child_by_field_name("name")
        head = class_path(holder) if holder is not None else None
        if head is None or named is None or named.type != "identifier" or not _text(named)[:1].isupper():
            return None
        return f"{head}.{_text(named)}"
    return None


def _pattern_scope(node: Any) -> Any | None:
    scope = node.parent
    while scope is not None and scope.type not in _PATTERN_SCOPES:
        scope = scope.parent
    return scope


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")
