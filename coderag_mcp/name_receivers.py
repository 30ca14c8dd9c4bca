"""What a call is made on, for the languages resolved by name (name_graph.py): Ruby, PHP, C#, Swift, C and
C++, whose queries capture the receiver (`@receiver`). Pure, per file, while parsing.

Variables are typed here only where a Swift, PHP or C declaration says (c_receivers.py), so a receiver is
one of these, stored as the reference's qualifier (the forms of receivers.py):
- `self` for the object itself (`self.m`, `$this->m()`, `self::m()`, `static::m()`, `this.M()`),
  `super()` for `parent::m()`, `base.M()`, `super.m()` and Ruby's `super` (named for its method): the caller's own
  class first (for `super()`, its bases), as a call without a receiver;
- `=A.B` for a class or module written by name (`Rack::Mime.mime_type`, `AppFactory::create()`, Swift's
  `Request.serialize(...)`): a definition of that name inside it, or nothing in the project. (In C#, whose
  properties are often named as their classes are, `JsonConvert.SerializeObject(x)`: a definition inside the class
  of that name, else as `?`.) Also the library type of a Swift closure's parameter that a
  library function hands it (`withCheckedContinuation { continuation in ..}`: `=CheckedContinuation`,
  swift_declared_types.py);
- `?` for anything else (`$dispatcher->add()`, `obj.m`): never the same file's or class's definition just
  because the name matches; only the project's one definition of the name, by name;
- `:T` for a C# value its declaration types (`IAsyncPolicy<TResult> outerPolicy`, "`:IAsyncPolicy`1`":
  csharp_declared_types.py; `^..` for what a chain of calls returns), a Ruby object a call makes
  (`MimeTypeEntry.new(t).accepts?(..)`: ruby_calls.py), a Swift value its declaration types (`let parser =
  CommandParser(self)`, `func f(for request: Request)`: swift_declared_types.py), a PHP variable its function types
  (`function f(Handler $h)`, `$h = new Handler()`), a property of `$this` its class types (`private Formatter
  $formatter;`) or an `instanceof` test the call is under (php_receivers.py): T's member of the name (PHP, Ruby: or
  the one T inherits; T a library's: by name, a method of a project class deriving from T), else as `?`;
- `^C.m` for a PHP receiver that holds what method `m` of class `C` returns (`$this->createDispatcher()->..`,
  `$d = Factory::create();`; `^self.m` for the caller's own class, php_receivers.py): at link, `:T` of the method's
  declared return type, else as `?`;
- `new` for C#'s and PHP's `new X(..)`: a class named X or its constructor, never a method `X` (serilog's tests'
  `new Exception("..")` was their helper `Some.Exception()`).
C# keeps the number of type arguments written (csharp_generics.py): `new`1` for `new PolicyBuilder<TResult>(..)`,
"=Policy`1" for `Policy<int>.Handle<E>()`, and "`2" as the qualifier of a base `: IRequestHandler<TRequest, TResponse>`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .csharp_declared_types import CsharpReceivers
from .csharp_generics import with_arity, written_arity
from .python_bindings import BINDS_UNKNOWN
from .php_receivers import PhpReceivers
from .ruby_calls import created_class
from .ruby_variables import RubyReceivers
from .swift_declared_types import closure_value_type, declared_type

NAME_RECEIVER_LANGUAGES = frozenset({"ruby", "php", "csharp", "swift", "c", "cpp"})
NEW = "new"
# The object itself, and its base class, as each language writes them.
_SELF = {"ruby": {"self"}, "php": {"$this", "self", "static"}, "csharp": {"this"}, "swift": {"self", "Self"},
         "c": set(), "cpp": {"this", "(*this)"}}
_SUPER = {"ruby": set(), "php": {"parent"}, "csharp": {"base"}, "swift": {"super"}, "c": set(), "cpp": set()}
# A class or module written by name: Ruby's `A::B` (`::A` from the top), PHP's `A\B` (`\A\B`), Swift's `A.B`
# (types are UpperCamelCase, values lowerCamelCase).
_CLASS_PATH = {"ruby": re.compile(r"(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*"),
               "php": re.compile(r"\\?[A-Za-z_]\w*(?:\\[A-Za-z_]\w*)*"),
               "swift": re.compile(r"[A-Z]\w*(?:\.[A-Z]\w*)*"),
               "csharp": re.compile(r"[A-Z]\w*(?:\.[A-Z]\w*)*"),
               "cpp": re.compile(r"[A-Za-z_]\w*")}  # `file::dup(fd)`'s `file` (a namespace's name alike: name_graph.py)
_SEPARATOR = re.compile(r"::|\\|\.")


def plain_qualifiers(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                     name_nodes: dict[tuple[str, int, str], tuple[Any, Any]],
                     csharp: CsharpReceivers | None = None) -> dict[int, str]:
    """Position in `enclosed` -> qualifier, for the references whose receiver the query captured (`csharp`: a C#
    file's declarations, shared with call_shapes.py)."""
    qualifiers: dict[int, str] = {}
    php = PhpReceivers(source) if language == "php" else None
    ruby = RubyReceivers() if language == "ruby" else None
    if language == "csharp" and csharp is None:
        csharp = CsharpReceivers()
    for position, (edge_type, node, name, _module, _definition) in enumerate(enclosed):
        if node.type in ("object_creation_expression", "implicit_object_creation_expression"):
            # C#'s and PHP's `new X(..)`: a class, never a method `X` (C#: with the type arguments' count, `new`1` for
            # `new PolicyBuilder<TResult>(..)`: csharp_generics.py; a target-typed `new(..)`, its target type's)
            written = node.child_by_field_name("type") if node.type == "object_creation_expression" else target_type(
                node)
            qualifiers[position] = with_arity(created_in(source, written), written_arity(written)) \
                if language == "csharp" and written is not None else NEW
            continue
        if language == "csharp" and edge_type == "INHERITS":  # "`2" for `: IRequestHandler<TRequest, TResponse>`
            if arity := written_arity(node):
                qualifiers[position] = with_arity("", arity)
            continue
        if node.type == "super":  # Ruby's `super`, named for its method (ruby_calls.py): the ancestors'
            qualifiers[position] = "super()"
            continue
        receiver = name_nodes.get((edge_type, node.start_byte, name), (None, None))[0]
        if receiver is None:
            continue
        text = source[receiver.start_byte:receiver.end_byte].decode("utf-8", "replace").strip()
        if language == "cpp" and receiver.type == "template_type":  # `cache_accessor<double>::get_cached_power(k)`
            text = text.split("<", 1)[0].strip()
        if language == "csharp" and receiver.type == "generic_name":  # `Policy<int>.Handle<E>()`: "=Policy`1"
            name = receiver.named_children[0]
            written = source[name.start_byte:name.end_byte].decode("utf-8", "replace")
            qualifiers[position] = "=" + with_arity(written, written_arity(receiver))
            continue
        if text in _SELF[language]:
            qualifiers[position] = "self"
        elif csharp is not None and (typed := csharp.qualifier(receiver)) is not None:
            qualifiers[position] = typed  # `IAsyncPolicy<TResult> outerPolicy`: csharp_declared_types.py
        elif language == "swift" and (library_type := closure_value_type(receiver, text)) is not None:
            qualifiers[position] = "=" + library_type
        elif language == "swift" and receiver.type == "simple_identifier" and text[:1].islower() and (
                declared := declared_type(receiver, text)) is not None:
            qualifiers[position] = ":" + declared.rsplit(".", 1)[-1]  # `let parser = CommandParser(self)`
        elif php is not None and (held := php.qualifier(receiver, text)) is not None:
            qualifiers[position] = held  # `Handler $h`, `$h = new Handler()`, `$h = $this->handler()`: php_receivers.py
        elif text in _SUPER[language]:
            qualifiers[position] = "super()"
        elif language == "ruby" and (made := created_class(receiver)) is not None:
            qualifiers[position] = ":" + made  # `MimeTypeEntry.new(t).accepts?(..)`: ruby_calls.py
        elif ruby is not None and (held := ruby.qualifier(receiver)) is not None:
            qualifiers[position] = held  # `@poller = Poller.new(..)`, then `@poller.start`: ruby_variables.py
        elif language in _CLASS_PATH and _CLASS_PATH[language].fullmatch(text) and (
                language != "cpp" or receiver.parent is not None and receiver.parent.type == "qualified_identifier"):
            # (C++: only `file::dup(fd)`'s scope; `buffer.size()` is called on a variable, whatever its name)
            qualifiers[position] = "=std" if _in_std(receiver) else "=" + ".".join(
                part for part in _SEPARATOR.split(text) if part)
        else:
            qualifiers[position] = "?"
    return qualifiers


def _in_std(scope: Any) -> bool:
    """Whether a C++ call's scope is written in `std` (`std::this_thread::sleep_for(..)`: the standard library's,
    which name_graph.py resolves to nothing of the project's), though the call's own scope is `this_thread`."""
    written = scope.parent
    while written.parent is not None and written.parent.type == "qualified_identifier":
        written = written.parent
    outermost = written.child_by_field_name("scope")
    return outermost is not None and outermost.type == "namespace_identifier" and outermost.text == b"std"


def created_in(source: bytes, written: Any) -> str:
    """A C# `new`'s qualifier, given the type written: `new`, or with the namespace (or class) the type is written in,
    `new A.B` for `new A.B.C(..)` (name_graph.py looks C up there, not in the caller's file: a test class named for the
    class it tests)."""
    path = written.child_by_field_name("qualifier") if written.type == "qualified_name" else None
    if path is None:
        return NEW
    text = source[path.start_byte:path.end_byte].decode("utf-8", "replace")
    return f"{NEW} {''.join(text.split()).removeprefix('global::')}"


def target_type(creation: Any) -> Any:
    """The type a C# target-typed `new(..)` makes, as the query found it (queries/csharp.scm): its declaration's, its
    collection's one type argument, its array's element type; None elsewhere."""
    parent = creation.parent
    if parent is not None and parent.type == "variable_declarator" and parent.parent is not None:
        return parent.parent.child_by_field_name("type")
    holder = parent.parent if parent is not None and parent.type == "initializer_expression" else None
    written = holder.child_by_field_name("type") if holder is not None else None
    if written is not None and written.type == "array_type":
        return written.child_by_field_name("type")
    arguments = next((child for child in written.named_children if child.type == "type_argument_list"), None) if (
        written is not None and written.type == "generic_name") else None
    return arguments.named_children[0] if arguments is not None and arguments.named_child_count == 1 else None


def without_local_names(enclosed: Sequence[tuple[str, Any, str, str | None, Any]]
                        ) -> list[tuple[str, Any, str, str | None, Any]]:
    """Ruby: a bare name where a value goes is a call without parentheses (`settings`, `request.path_info`),
    unless the definition it is in binds it as a local variable (a parameter, an assignment, a block's or
    `rescue`'s variable; the query marks them `@reference.bind_unknown`): those uses are dropped."""
    bound = {(id(definition), name) for edge_type, _node, name, _module, definition in enclosed
             if edge_type == BINDS_UNKNOWN}
    return [entry for entry in enclosed
            if not (entry[0] == "CALLS" and entry[1].type == "identifier" and (id(entry[4]), entry[2]) in bound)]
