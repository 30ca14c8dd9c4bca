"""The type a C# value is declared with, for a call made on it (pure, per file, while parsing).

C# says the type of nearly every value where it is declared: a parameter (`IAsyncPolicy<TResult> outerPolicy`), a
field or property of the class (`private readonly PolicyRegistry _registry;`, `ISyncPolicy SyncPolicy { get; }`), a
local (`Widget w = ..`, `var b = new PolicyBuilder<int>(..)`, `var s = (Shape)o`, `o as Shape`), a `foreach`, `catch`,
`using` or `for` variable, a pattern (`o is Circle c`) and an `out` variable (`out Thing q`). name_receivers.py writes
a call on such a value `:Type`, with the type's arity ("`:IAsyncPolicy`1`", csharp_generics.py); name_graph.py
(csharp_typed.py) reaches that type's member of the name.

Before, every such call was one on a receiver nobody typed: Polly's `outerPolicy.ExecuteAsync(..)` reached nothing
(`ExecuteAsync` has 71 definitions), `_registry.TryGet(..)` any `TryGet` by name.

Not typed (None, as before): a value a call returns (`var x = Make()`), a lambda's parameter without a type, a type
parameter (`T item`), an array, a tuple, `dynamic`, and a field the class inherits or declares in another file of a
partial class.
"""

from __future__ import annotations

from typing import Any

from .csharp_generics import with_arity

# A member of a type, whose body's declarations are collected at once.
_MEMBERS = frozenset({"method_declaration", "constructor_declaration", "destructor_declaration",
                      "operator_declaration", "conversion_operator_declaration", "property_declaration",
                      "indexer_declaration", "event_declaration", "field_declaration", "accessor_declaration"})
_TYPES = frozenset({"class_declaration", "struct_declaration", "record_declaration", "interface_declaration"})
# Where a parameter is in sight: the function it belongs to.
_FUNCTIONS = frozenset({"method_declaration", "constructor_declaration", "local_function_statement",
                        "lambda_expression", "anonymous_method_expression", "operator_declaration",
                        "conversion_operator_declaration", "indexer_declaration", "delegate_declaration"})
# Where a pattern's or an `out` variable is in sight (generously: C# lets `if (!(o is T t)) return;` leak `t`).
_PATTERN_SCOPES = frozenset({"block", "switch_section", "switch_expression_arm", "lambda_expression",
                             "arrow_expression_clause", *_MEMBERS})
# A name bound without a type: it hides a field of the name, and types nothing.
_UNTYPED = object()
# A qualifier's marks for a call made on what calls return: `^=Policy|Handle` for `Policy.Handle<E>().Retry()`, typed
# at link by the methods' declared return types (csharp_typed_calls.typed_qualifier)
RETURNED, CHAIN_STEP = "^", "|"
# How many calls a chain may hold before the one stored (`a.B().C().D()`: 2 before `D`)
MAX_CHAIN = 4
_CALLED_NAMES = ("identifier", "generic_name")


class CsharpReceivers:
    """The declared types of one C# file's values, collected once per member and per type as calls ask."""

    def __init__(self) -> None:
        # (start, end) of a member -> name -> [(scope start, scope end, declared at, type or _UNTYPED)]
        self._locals: dict[tuple[int, int], dict[str, list[tuple[int, int, int, object]]]] = {}
        # (start, end) of a type declaration -> name -> its field's, property's or primary parameter's type
        self._fields: dict[tuple[int, int], dict[str, object]] = {}

    def qualifier(self, receiver: Any) -> str | None:
        """`:Type` for a call on a value whose declaration says its type (or made by `new`, or cast), `^..` for one
        on what a chain of calls returns (`Policy.Handle<E>().Retry()`: "^=Policy|Handle"), else None."""
        if receiver.type == "invocation_expression":
            chain = self._chain(receiver, 1)
            return RETURNED + chain if chain is not None else None
        if receiver.type == "object_creation_expression":  # `new PolicyBuilder().Retry()`
            written = _type_name(receiver.child_by_field_name("type"), None)
            return ":" + written if written else None
        own_field = False
        if receiver.type == "parenthesized_expression" and receiver.named_child_count == 1 and (
                inner := receiver.named_children[0]).type in ("cast_expression", "as_expression"):
            written = _type_name(inner.child_by_field_name("type" if inner.type == "cast_expression" else "right"), None)
            return ":" + written if written else None  # `((IAsyncPolicy<string>)obj).ExecuteAsync(..)`
        if receiver.type == "postfix_unary_expression" and receiver.named_child_count == 1:
            receiver = receiver.named_children[0]  # `_pipe!.ExecuteAsync()`
        if receiver.type == "member_access_expression" and receiver.child_by_field_name(
                "expression") is not None and receiver.child_by_field_name("expression").type == "this":
            receiver, own_field = receiver.child_by_field_name("name"), True  # `this._registry.TryGet()`
        if receiver is None or receiver.type != "identifier":
            return None
        name = _text(receiver)
        found = self._declared(receiver, name, own_field)
        if not isinstance(found, str) or found.split("`", 1)[0] in _type_parameters(receiver):
            return None
        return ":" + found

    def _chain(self, call: Any, length: int) -> str | None:
        """`=Policy|Handle` for `Policy.Handle<E>()`, `:Builder|Build` for `builder.Build()` (a typed value),
        `self|Create` for a bare `Create()`, `^..` chains within: what the call is made on, then the methods called."""
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
            base = self.qualifier(holder) or _class_path(holder)
        return f"{base}{CHAIN_STEP}{_called_name(named)}" if base is not None else None

    def _declared(self, receiver: Any, name: str, own_field: bool) -> object:
        node = receiver.parent
        while node is not None:
            if not own_field and node.type in _MEMBERS and node.parent is not None and (
                    node.parent.type == "declaration_list" or node.type == "accessor_declaration"):
                found = self._local(node, receiver.start_byte, name)
                if found is not None:
                    return found
            if node.type in _TYPES:
                return self._field(node, name)
            node = node.parent
        return None

    def _local(self, member: Any, at: int, name: str) -> object:
        key = (member.start_byte, member.end_byte)
        declared = self._locals.get(key)
        if declared is None:
            declared = self._locals[key] = _declarations(member)
        within = [entry for entry in declared.get(name, ()) if entry[0] <= at < entry[1] and entry[2] <= at]
        if not within:
            return None
        return min(within, key=lambda entry: (entry[1] - entry[0], -entry[2]))[3]  # the innermost, the latest

    def _field(self, declaration: Any, name: str) -> object:
        key = (declaration.start_byte, declaration.end_byte)
        fields = self._fields.get(key)
        if fields is None:
            fields = self._fields[key] = _fields(declaration)
        return fields.get(name)


def _declarations(member: Any) -> dict[str, list[tuple[int, int, int, object]]]:
    """Every local, parameter and pattern variable a member declares, with where it is in sight and its type."""
    found: dict[str, list[tuple[int, int, int, object]]] = {}

    def add(name_node: Any, scope: Any, type_node: Any | None, value: Any | None = None) -> None:
        if name_node is None or name_node.type != "identifier" or scope is None:
            return
        written = _type_name(type_node, value)
        found.setdefault(_text(name_node), []).append(
            (scope.start_byte, scope.end_byte, name_node.start_byte, written or _UNTYPED))

    stack = [member]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "variable_declaration":
            scope = node.parent.parent if node.parent is not None and node.parent.type in (
                "local_declaration_statement", "using_variable_declaration") else node.parent
            for declarator in (child for child in node.named_children if child.type == "variable_declarator"):
                value = declarator.named_children[-1] if declarator.named_child_count > 1 else None
                add(declarator.child_by_field_name("name"), scope, node.child_by_field_name("type"), value)
        elif kind == "parameter" and node.parent is not None and node.parent.type == "parameter_list":
            add(node.child_by_field_name("name"), node.parent.parent, node.child_by_field_name("type"))
        elif kind == "implicit_parameter" and node.parent is not None:  # `y => y.Go()`
            add(node, node.parent, None)
        elif kind == "foreach_statement":
            add(node.child_by_field_name("left"), node, node.child_by_field_name("type"))
        elif kind == "catch_declaration":
            add(node.child_by_field_name("name"), node.parent, node.child_by_field_name("type"))
        elif kind in ("declaration_pattern", "declaration_expression"):  # `o is Circle c`, `out Thing q`
            add(node.child_by_field_name("name"), _pattern_scope(node), node.child_by_field_name("type"))
        elif kind in ("parenthesized_variable_designation", "var_pattern", "from_clause", "let_clause",
                      "join_clause"):  # `var (a, b) = ..`, `from x in xs`: names with no type of their own
            for child in node.named_children:
                if child.type == "identifier":
                    add(child, _pattern_scope(node), None)
        stack.extend(reversed(node.children))
    return found


def _fields(declaration: Any) -> dict[str, object]:
    """A type's fields, properties and primary constructor's parameters, by name."""
    fields: dict[str, object] = {}
    for parameters in (child for child in declaration.children if child.type == "parameter_list"):
        for parameter in (child for child in parameters.named_children if child.type == "parameter"):
            _bind(fields, parameter.child_by_field_name("name"), parameter.child_by_field_name("type"))
    body = next((child for child in declaration.children if child.type == "declaration_list"), None)
    for member in body.named_children if body is not None else ():
        if member.type == "field_declaration":
            for declaration_node in (child for child in member.named_children if child.type == "variable_declaration"):
                for declarator in (child for child in declaration_node.named_children
                                   if child.type == "variable_declarator"):
                    _bind(fields, declarator.child_by_field_name("name"), declaration_node.child_by_field_name("type"))
        elif member.type == "property_declaration":
            _bind(fields, member.child_by_field_name("name"), member.child_by_field_name("type"))
    return fields


def _bind(fields: dict[str, object], name_node: Any | None, type_node: Any | None) -> None:
    if name_node is not None and name_node.type == "identifier":
        fields[_text(name_node)] = _type_name(type_node, None) or _UNTYPED


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
        arguments = next((child for child in node.named_children if child.type == "type_argument_list"), None)
        return with_arity(_text(node.named_children[0]), arguments.named_child_count if arguments is not None else 0)
    if kind in ("qualified_name", "alias_qualified_name"):
        return _type_name(node.child_by_field_name("name"), None)
    if kind in ("nullable_type", "ref_type", "scoped_type"):
        return _type_name(node.child_by_field_name("type") or (node.named_children[0] if node.named_child_count else None),
                          None)
    if kind == "predefined_type":
        text = _text(node)
        return None if text == "dynamic" else text
    if kind == "implicit_type" and value is not None:  # `var`
        if value.type in ("object_creation_expression", "cast_expression"):
            return _type_name(value.child_by_field_name("type"), None)
        if value.type == "as_expression":
            return _type_name(value.child_by_field_name("right"), None)
    return None


def _called_name(node: Any) -> str:
    """A called method's name: `Handle` of `Handle<TException>`."""
    return _text(node.named_children[0] if node.type == "generic_name" else node)


def _class_path(node: Any) -> str | None:
    """`=Polly.Policy` for a class (or a class's property) written by name, `=Policy`1` for `Policy<int>`; None for
    anything else."""
    if node.type == "identifier":
        text = _text(node)
        return "=" + text if text[:1].isupper() else None
    if node.type == "generic_name":
        return f"={_type_name(node, None)}"
    if node.type == "member_access_expression":
        holder, named = node.child_by_field_name("expression"), node.child_by_field_name("name")
        head = _class_path(holder) if holder is not None else None
        if head is None or named is None or named.type != "identifier" or not _text(named)[:1].isupper():
            return None
        return f"{head}.{_text(named)}"
    return None


def _pattern_scope(node: Any) -> Any | None:
    scope = node.parent
    while scope is not None and scope.type not in _PATTERN_SCOPES:
        scope = scope.parent
    return scope


def _type_parameters(node: Any) -> set[str]:
    """The type parameters of the generic definitions around a node (`class Box<T>`, `void F<TResult>()`)."""
    names: set[str] = set()
    while node is not None:
        for held in (child for child in node.children if child.type == "type_parameter_list"):
            names.update(_text(parameter.named_children[-1]) for parameter in held.named_children
                         if parameter.type == "type_parameter" and parameter.named_child_count)
        node = node.parent
    return names


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")
