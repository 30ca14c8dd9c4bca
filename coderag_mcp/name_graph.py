"""Resolving references by name: the languages without a resolver of their own (C/C++, C#, Ruby, PHP,
Swift, Scala, Lua, shell and the rest; Python is python_graph.py, TS/JS, Go, Java/Kotlin and Rust
typed_graph.py). A reference (a call, an import, a base class, a decorator, a type) names something;
resolving it finds the definition it means, in this order, and records how:

- LOCAL: a definition of that name in the same file (a method of the caller's own class first); a PHP class or
  function written alone and not imported, the one of the file's own namespace (written fully qualified: MEMBER);
- IMPORT: a definition in a file the caller's file imports (by name first, then any imported file);
- MEMBER: for a call on a class written by name (`Rack::Mime.mime_type`, `AppFactory::create()`: Ruby,
  PHP and Swift, name_receivers.py), the definition of that name inside it; for a call on the object itself or
  its base (`$this->m()`, `parent::m()`, `base.M()`), the method its class or the nearest of its bases declares
  (class_hierarchy.py; LOCAL when that is in the caller's file);
- NAME: the only definition of that name in the project, or the nearest of a few (a call on any other
  receiver, `$dispatcher->add()`, only the only one, and only a guess when the language's core library has a
  method of that name: library_methods.py); never a test's from the product's code;
- NONE: nothing in the project (a library or builtin), or too many candidates to choose from.

A reference reaches only the definitions of its own language's family (languages.language_family): a C++ call is
no Python method, a Swift import no Ruby podspec.

Imports resolve to files, and the definitions are looked up, in name_index.py's tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from .class_hierarchy import file_stem, nearest
from .cpp_arguments import CLASS, CppClasses, classes_unknown
from .c_family_calls import at_definitions, c_qualifier, free_in_class, seen_through, typed_receiver
from .csharp_generics import split_arity
from .csharp_argument_kinds import csharp_relation, typed_arguments
from .csharp_namespaces import in_namespaces_around, written_in
from .csharp_typed_calls import csharp_call, typed_qualifier
from .languages import language_family, language_for
from .library_methods import DOTNET_TYPES, RUBY_KERNEL, library_method
from .name_index import SEGMENT_SPLIT, FileImports, GraphIndex, owner_name, resolve_common_name, without_line
from .name_receivers import NEW
from .name_overloads import CALLABLE, Overloads, call_shape, receiver_syntax, shaped_language, unknowable
from .declared_namespaces import by_namespace
from .php_receivers import RETURNED, returned_qualifier
from .file_roles import is_test_path
from .recursion import calls_itself
from .declared_receivers import declared_type_call
from .ruby_calls import bare_call, in_constant_scope, reachable_in_file, rspec_call
from .store import GraphNode, ReferenceRow, module_node_id, qualified_in_node_id
from .store.references import C_FAMILY_ENDINGS

# A name with more definitions than this across the project is not resolved by name alone.
MAX_NAME_CANDIDATES = 3
# A name with more definitions than this is looked up in the files a reference's file imports, one by one
# (name_index.resolve_common_name), not read whole for each reference.
LONG_NAME_LIST = 32


def _qualified(node: GraphNode, project_id: str) -> str:
    return qualified_in_node_id(project_id, node.file_path, node.id)


def resolve(ref: ReferenceRow, index: GraphIndex, imports: dict[str, FileImports]) -> list[tuple[str, str]]:
    """(target node id, how) for each definition a reference reaches: one, or none when nothing in the project fits;
    a C++, C# or Swift call, the overloads of the one it finds that can take what it passes (name_overloads.py),
    or as any reference when no definition of the name can."""
    if ref.edge_type == "BINDS":
        return []  # (a fact a resolver reads: Ruby's methods written in `class << self`, ruby_calls.py)
    if (ref.qualifier or "")[:1] in ("~", ":") and _language_of(ref.file_path) in ("c", "cpp"):
        ref = typed_receiver(ref, index)  # (`q_.enqueue(..)` on the field's type; a variable's declared type)
    shaped = call_shape(ref)
    if shaped is not None:
        language, _shape = shaped
        if unknowable(language, ref):
            return []
        overloads = index.overloads or Overloads(index.project_id)
        module, named = ref.module or "", index.named(ref.name)
        on_receiver = receiver_syntax(ref) if language == "csharp" else None
        if language == "csharp" and index.hierarchy is not None:
            module = typed_arguments(module, index.hierarchy, ref.file_path)  # (`HandleResult(ResultPrimitive.Fault)`)
            if overloads.csharp_related is None:
                overloads.csharp_related = csharp_relation(index.hierarchy, ref.file_path)
        if language == "cpp" and index.hierarchy is not None and overloads.cpp_classes is None:
            overloads.cpp_classes = CppClasses(index.hierarchy, ref.file_path)  # (`Write(a)` of `const Alias& a`)

        def rank(node: GraphNode) -> int | None:
            return overloads.rank(node, language, module, index.named, on_receiver)

        if language == "cpp" and CLASS in module and not overloads.any_takes(ref.name, named, language, module, rank):
            # A value of a class no overload takes is passed as before classes were told (fmt's `uint128(lhs)`, a
            # copy its class declares none of, reached the 2-argument constructor by the name alone)
            module = classes_unknown(module)
        # When one can take it: among those that can (none found: too many to choose from, or the caller itself,
        # `set(&child, to: value, at: rest)` in that `set`); else as any reference, but on an untyped receiver
        if overloads.any_takes(ref.name, named, language, module, rank, on_receiver):
            target, how = _resolve(ref, index, imports, rank,
                                   lambda node: not overloads.hidden(node, ref))
            found = [(reached, how) for reached in overloads.reached(target, ref, named, rank, how)] if target else []
            return at_definitions(found, ref, index) if language == "cpp" else found  # (C++: at its body)
        untyped = ref.qualifier == "?" or (ref.qualifier or "")[:1] in _NAMED_OR_TYPED.get(language, ())
        # (A Swift function's labels are part of its name: a call no Swift definition of the name takes is of one the
        # project does not define, such as a memberwise `init(base:)`, whatever it is called on; an Objective-C
        # function is looked up as before.)
        if any(node.node_type in CALLABLE and (untyped or language == shaped_language(node.file_path) == "swift")
               for node in named):
            # On a receiver nobody typed, a call no function of the name can take is a library's: Kingfisher's
            # `continuation.resume(returning: data)` was `SessionDataTask.resume()`, serilog's `str.AsSpan()`
            # `PropertiesInlineArray.AsSpan(int count)`, fmt's gtest `f.reset(nullptr)` its release script's
            # `Git.reset`. (A C# name in capitals is a class or a value: `Encoding.UTF8.GetString(data, 0, n)`.)
            return []
    target, how = _resolve(ref, index, imports, None)
    found = [(target, how)] if target is not None else []
    return at_definitions(found, ref, index) if found and _language_of(ref.file_path) in ("c", "cpp") else found


# A receiver whose type is written (C#'s class by name, `=X`, a value its declaration types, `:X`, or what a chain of
# calls returns, `^..`; Swift's `:X`): a call of it that no function of the name can take is a library's.
_NAMED_OR_TYPED = {"csharp": ("=", ":", RETURNED), "swift": (":",)}


# A PHP method declared `static` (guzzle's test `Server::wait()`): called with `->` on a value nobody typed, it is no
# call of that method (119 of guzzle's `$promise->wait()` were `Server.wait`).
_PHP_STATIC = re.compile(r"\bstatic\s+function\b")


# The roots of .NET's own namespaces: a C# receiver written from one of them is the framework's.
_DOTNET_NAMESPACES = frozenset({"System", "Microsoft", "global::System"})


def _php_call_on_a_value(ref: ReferenceRow) -> bool:
    # (`:T`, a value its declaration types, and `^C.m`, what a method returns, may come to be looked up by name)
    return (ref.qualifier == "?" or (ref.qualifier or "")[:1] in (":", RETURNED)) and ref.file_path.endswith(".php")


def reads_signatures(ref: ReferenceRow) -> bool:
    """Whether resolving this reference reads its candidates' signatures: a C++, C# or Swift call picks among overloads
    by what they take (name_overloads.py); a PHP call on a value reaches no `static function`; a C or C++ call reaches
    a header's function at its body by its parameters (c_family_calls.at_definitions), a C++ field's call its type's."""
    return call_shape(ref) is not None or _php_call_on_a_value(ref) or (
        ref.edge_type == "CALLS" and ref.file_path.endswith(C_FAMILY_ENDINGS))


def _resolve(ref: ReferenceRow, index: GraphIndex, imports: dict[str, FileImports],
             rank: Callable[[GraphNode], int | None] | None = None,
             visible: Callable[[GraphNode], bool] | None = None) -> tuple[str | None, str]:
    """(target node id, how) for one reference; (None, 'NONE') when nothing in the project fits. With `rank` (how
    well a definition takes the call, None when it cannot: name_overloads.py), only the definitions it takes are
    candidates (those a call can reach, `visible` from its file), and the overloads of one function count as one
    candidate."""
    takes = None if rank is None else (lambda node: rank(node) is not None)
    family = language_family(ref.file_path)
    if ref.edge_type == "IMPORTS":
        files = index.files_for_module(ref.module or ref.name, ref.file_path)
        files = [f for f in files if f != ref.file_path and language_family(f) == family]
        return (module_node_id(index.project_id, files[0]), "IMPORT") if files else (None, "NONE")
    wanted_class = ref.edge_type in ("INHERITS", "USES")
    plain_qualifier, arity = split_arity(ref.qualifier or "")  # (C#'s `new`1`, "`2": csharp_generics.py)
    created_in, _, written_space = plain_qualifier.partition(" ")  # (C#'s `new A.B.X(..)`: "new A.B")
    created = created_in == NEW  # (C#'s and PHP's `new X(..)`: name_receivers.py)
    language = _language_of(ref.file_path)
    # A C# class made or derived from is the one of the arity written: `new PolicyBuilder<TResult>(..)` no
    # `PolicyBuilder`, `: ResilienceStrategy<T>` no `ResilienceStrategy` (csharp_generics.py).
    of_arity = language == "csharp" and (created or ref.edge_type == "INHERITS")
    # (Ruby's constants, and a Swift attribute's type, are those of the namespaces around the reference or top-level:
    # SwiftUI's `@State var index` is no `CacheCallbackCoordinator.State` of Kingfisher's)
    lexical = ref.qualifier is None and ref.name[:1].isupper() and language == "ruby" or (
        ref.edge_type == "DECORATES" and language == "swift")
    qualifier = ref.qualifier or ""
    c_family = ref.edge_type == "CALLS" and language in ("c", "cpp")
    if c_family and (qualifier := c_qualifier(ref, qualifier, index)) is None:  # (`std::swap(..)`: the library's)
        return None, "NONE"
    source = qualified_in_node_id(index.project_id, ref.file_path, ref.source_id) if c_family else ""
    free_c_call = c_family and (qualifier == "namespace" or not qualifier and "." not in source)
    # A bare PHP call is of a function, never a method (a method is called on `$this`, `self::`, a value or a class):
    # monolog's `substr(..)` and `fwrite(..)`, PHP's own, were its `Utils::substr` and `SocketHandler::fwrite`.
    free_php_call = ref.edge_type == "CALLS" and not qualifier and language == "php"
    itself = calls_itself(ref, index, language)  # (whether the caller is a candidate of its call: recursion)
    # A PHP class written fully qualified (`new \DateTimeImmutable`, `extends \Foo\Base`) is one of that namespace
    # only: guzzle's 21 `new \InvalidArgumentException(..)` were its own GuzzleHttp\Exception\InvalidArgumentException.
    written = ref.module if index.namespaces is not None and ref.edge_type != "IMPORTS" and (
        ref.module or "").startswith("\\") and language == "php" else None

    def fitting(candidates: Iterable[GraphNode], shaped: bool = True) -> list[GraphNode]:
        nodes = [node for node in candidates if (node.id != ref.source_id or itself(node, takes if shaped else None))
                 and (visible is None or visible(node))
                 and (takes is None or not shaped or takes(node)) and language_family(node.file_path) == family]
        if wanted_class:
            nodes = [node for node in nodes if node.node_type == "CLASS"] or nodes
        if created:  # the class, else its constructor (C#'s `Logger.Logger`)
            nodes = [node for node in nodes if node.node_type == "CLASS"] or [
                node for node in nodes
                if node.node_type == "METHOD" and owner_name(node, index.project_id) == node.name]
        if of_arity:
            nodes = [node for node in nodes if index.arities.arity(node.id) == arity]
        if lexical:
            nodes = _in_lexical_scope(ref, index.project_id, nodes)
        if free_c_call:
            # A bare C/C++ call outside every member function (or in a namespace) calls no method but a constructor
            # or, in a class's body, its own: fmt's POSIX `close(fd)`, `dup(fd)` were `buffered_file::close`,
            # `file::dup`. (Left: a friend defined in a class, fmt's `compare(bigint, bigint)`, reads as a method.)
            nodes = [node for node in nodes
                     if node.node_type != "METHOD" or free_in_class(node, source, index.project_id)]
        if free_php_call:
            nodes = [node for node in nodes if node.node_type != "METHOD"]
        if written is not None and index.namespaces is not None:
            nodes = [node for node in nodes if index.namespaces.may_define(node.file_path, written)]
        return nodes

    if language == "csharp" and ref.edge_type == "CALLS":  # `outerPolicy.ExecuteAsync(..)`, `Pool.Shared.Get()`,
        # `Policy.Handle<E>().Retry()`: by the type declared (csharp_typed_calls.py); else on a library type by name,
        # only a method of a project class deriving from it
        qualifier = typed_qualifier(qualifier, index, ref)
        found = csharp_call(ref, index, qualifier, fitting, rank, lambda deriving: _resolve_on_receiver(
            ref, index, deriving, "?", imports.get(ref.file_path), takes is not None))
        if found is not None:
            return found
    if qualifier.startswith(RETURNED) and index.hierarchy is not None:
        qualifier = returned_qualifier(qualifier[1:], index.hierarchy, ref.file_path, ref.source_id)
    if qualifier.startswith(":") and (c_family or ref.edge_type == "CALLS" and language in (
            "swift", "php", "ruby")):
        # (the type's field or member of the name, or the one it inherits: declared_receivers.py)
        found = declared_type_call(ref, language, index, imports.get(ref.file_path), qualifier[1:], fitting,
                                   lambda implementing: _resolve_on_receiver(
                                       ref, index, implementing, "?", imports.get(ref.file_path), takes is not None))
        if found is not None:
            return found
        qualifier = "?"
    if language == "ruby" and rspec_call(ref):  # (`expect(x).to eq(y)` in a spec is RSpec's, not the project's `to`)
        local = fitting(index.in_file(ref.file_path, ref.name)) if not qualifier else []
        return (local[0].id, "LOCAL") if local else (None, "NONE")
    if qualifier == "?" or qualifier.startswith("="):
        return _resolve_on_receiver(ref, index, fitting, qualifier, imports.get(ref.file_path), takes is not None)
    ruby_bare = language == "ruby" and ref.edge_type == "CALLS" and qualifier in ("", "self") and (
        not ref.name[:1].isupper())
    if ruby_bare and index.hierarchy is not None:  # (`settings`, `self.settings`: the class's or its ancestors')
        found = bare_call(ref, index, index.hierarchy, fitting)
        if found is not None:
            return found
    if qualifier in ("self", "super()") and ref.edge_type == "CALLS" and index.hierarchy is not None:
        inherited = index.hierarchy.inherited_call(ref, index.named(ref.name), fitting,
                                                   after_own=qualifier == "super()")
        if inherited is not None:
            return inherited
        if qualifier == "super()":
            return None, "NONE"  # (its class's bases are outside the project, or none of them has the name)
    if written_space and (found := written_in(written_space, fitting(index.named(ref.name)), index)) is not None:
        return (_main_declaration(ref, found).id, "MEMBER") if found else (None, "NONE")
    local = fitting(index.in_file(ref.file_path, ref.name))
    if ruby_bare:
        local = reachable_in_file(ref, index, index.hierarchy, local)
        if not local and ref.name in RUBY_KERNEL:
            return None, "NONE"  # (`puts` in a Rakefile is Ruby's, not `Streaming::Stream#puts`)
    if local:
        source_qualified = qualified_in_node_id(index.project_id, ref.file_path, ref.source_id)
        owner = source_qualified.rsplit(".", 1)[0] if "." in source_qualified else ""
        # The caller's own definition of the name first (a call in a class's body, Ruby's `error NotFound do`,
        # is the class's `error`), then its class's.
        preferred = [n for n in local if _qualified(n, index.project_id) == f"{source_qualified}.{ref.name}"] or (
            [n for n in local if _qualified(n, index.project_id) == f"{owner}.{ref.name}"] if owner else [])
        top_level = [n for n in local if _qualified(n, index.project_id) == ref.name]
        return (preferred or top_level or local)[0].id, "LOCAL"
    named_anywhere = index.named(ref.name)
    if len(named_anywhere) > LONG_NAME_LIST and index.file_order is not None and not (
            wanted_class and any(node.id != ref.source_id for node in index.classes_by_name.get(ref.name, ()))):
        return resolve_common_name(ref, index, imports, fitting)
    candidates = fitting(named_anywhere)
    if not candidates:
        return None, "NONE"
    if language == "csharp" and (around := in_namespaces_around(ref, candidates, index)):
        return _main_declaration(ref, around).id, "IMPORT"
    file_imports = imports.get(ref.file_path)
    if file_imports is not None:
        named = file_imports.names.get(ref.name, ())
        if not named and ref.name in file_imports.external:
            return None, "NONE"
        for files in (named, file_imports.files):
            found = [node for node in candidates if node.file_path in files]
            if found:
                # (a Ruby method that the caller's class chain does not hold is only a guess: reached if something
                # mixes it in at run time, or a block runs on its class's objects; a top-level method is required)
                return found[0].id, "NAME" if ruby_bare and _qualified(found[0], index.project_id) != ref.name \
                    else "IMPORT"
        if c_family and (found := seen_through(ref, index, candidates)):  # (in what the includes include, at last)
            return found[0].id, "IMPORT"
    if language == "php" and (created or wanted_class or free_php_call) and index.namespaces is not None:
        found = by_namespace(index.namespaces, ref.file_path, ref.module, candidates, free_php_call)
        if found is not None:  # (monolog's `new TestHandler()`; guzzle's `\json_decode(..)` is PHP's)
            return _unless_a_test(ref, _nearest(ref, found[0]), found[1]) if found[0] else (None, "NONE")
    count = _count(candidates, index.project_id, takes is not None)
    if of_arity and all(node.node_type == "CLASS" for node in candidates):  # (a partial class's declarations: one)
        count = len({_qualified(node, index.project_id).partition("@")[0] for node in candidates})
        if count == 1:
            return _unless_a_test(ref, _main_declaration(ref, candidates), "NAME")
    if count > MAX_NAME_CANDIDATES:
        return None, "NONE"
    if count > 1 and all(node.node_type == "METHOD" for node in candidates):
        return None, "NONE"  # `x.close()` says nothing about which class's close, without types
    return _unless_a_test(ref, _nearest(ref, candidates), "NAME")


def _main_declaration(ref: ReferenceRow, declarations: list[GraphNode]) -> GraphNode:
    """Of a C# partial class's declarations, the one in the file named for it with the shortest name (Polly's
    Policy.cs, Policy.TResult.cs for `Policy<TResult>`, not Policy.ContextAndKeys.cs nor a Syntax file beside the
    reference), else the nearest."""
    named = [node for node in declarations if file_stem(node.file_path).startswith(node.name)]
    if named:
        shortest = min(len(file_stem(node.file_path)) for node in named)
        declarations = [node for node in named if len(file_stem(node.file_path)) == shortest]
    return _nearest(ref, declarations)


def _nearest(ref: ReferenceRow, candidates: list[GraphNode]) -> GraphNode:
    """Of several candidates, the nearest to the reference's file (class_hierarchy.nearest)."""
    return nearest(ref.file_path, candidates)


def _count(nodes: Sequence[GraphNode], project_id: str, overloads_as_one: bool) -> int:
    """How many candidates these are: with `overloads_as_one`, a file's definitions of one qualified name
    (`Logger.Write`, `Logger.Write@204`) count once."""
    if not overloads_as_one or len(nodes) < 2:
        return len(nodes)
    return len({without_line(node.id) for node in nodes})


def _resolve_on_receiver(ref: ReferenceRow, index: GraphIndex, fitting: Callable[..., list[GraphNode]], qualifier: str,
                         file_imports: FileImports | None, overloads_as_one: bool = False) -> tuple[str | None, str]:
    """A reference on a receiver (name_receivers.py). A class written by name (`=Rack.Mime`): a definition of
    the name inside it (MEMBER when there is one), else nothing of the project (C#: else as `?`): Sinatra's own
    `mime_type` is not `Rack::Mime.mime_type`. Anything else (`?`, `$dispatcher->add()`): the project's only
    definition of the name, by name; never the caller's file's or class's own just because the name matches. Of
    several, the one in a file the caller's file imports is a GUESS (a PHP test that `use`s Route calls
    `$route->add()`; a Ruby file that requires another calls `app.call` on anything)."""
    named = index.named(ref.name)
    if len(named) > LONG_NAME_LIST:
        if not qualifier.startswith("="):
            return None, "NONE"
        named = index.owned(ref.name, qualifier[1:].rsplit(".", 1)[-1])  # (Polly's `Policy.Cache(..)`: 59 overloads)
    candidates = fitting(named)
    if _php_call_on_a_value(ref):  # (its candidates' signatures read: reads_signatures)
        candidates = [node for node in candidates if not _PHP_STATIC.search(node.signature or "")]
    if qualifier.startswith("="):
        if qualifier[1:].split(".", 1)[0] in _DOTNET_NAMESPACES and _language_of(ref.file_path) == "csharp":
            return None, "NONE"  # `System.IO.File.ReadAllText(..)`: the framework's, whatever the project names File
        owner = qualifier[1:].rsplit(".", 1)[-1]  # (C#: with its arity, "Policy`1": not `Policy`'s members)
        members = [node for node in candidates if index.owner_of(node) == owner] or [
            # (C#: a property named as its generic type, `ResultPredicates.AnyMatch(..)` of `ResultPredicates<TResult>`)
            node for node in candidates if owner_name(node, index.project_id) == owner]
        if not members and index.hierarchy is not None and _language_of(ref.file_path) in ("swift", "php"):
            members = index.hierarchy.inherited_members(owner, ref.file_path, candidates,
                                                        partial(owner_name, project_id=index.project_id))
        if _count(members, index.project_id, overloads_as_one) == 1:
            return members[0].id, "MEMBER"
        if members and _language_of(ref.file_path) in ("c", "cpp") and len(
                {_qualified(node, index.project_id) for node in members}) == 1:
            # A C++ method declared in its header and defined in a source file (fmt's `file::dup`): one method.
            included = [node for node in members if file_imports is not None and node.file_path in file_imports.files]
            return (included or sorted(members, key=lambda node: node.id))[0].id, "MEMBER"
        if members or _language_of(ref.file_path) != "csharp" or (
                split_arity(SEGMENT_SPLIT.split(qualifier[1:], 1)[0])[0] in DOTNET_TYPES):
            # (serilog's two test projects' `Some.InformationEvent()`: each its own project's; Polly's 163
            # `Task.FromResult(..)` are .NET's, not its `Outcome.FromResult`: library_methods.DOTNET_TYPES)
            return (_nearest(ref, members).id, "NAME") if members else (None, "NONE")
        # A C# name in capitals that names no project class holding the name: a library's class (`Console`), or a
        # property named otherwise than its type (`Settings.Converters.Add(..)`): as a receiver nobody typed.
    # (What a call passes picks among one function's overloads, never among several functions the receiver may be
    # of: a library's `items.append(x)` is no project `append(_ event:)` beside another class's `append(_:withName:)`.)
    if _count(candidates, index.project_id, overloads_as_one) == 1 and (
            not overloads_as_one or _count(fitting(named, shaped=False), index.project_id, True) == 1):
        # (`params.map` is Ruby's Enumerable#map more often than the project's one `map`: library_methods.py)
        how = "GUESS" if library_method(_language_of(ref.file_path), ref.name, ref.module) else "NAME"
        return _unless_a_test(ref, candidates[0], how)
    imported = [node for node in candidates if file_imports is not None and node.file_path in file_imports.files]
    return _unless_a_test(ref, imported[0], "GUESS") if _count(imported, index.project_id, overloads_as_one) == 1 \
        else (None, "NONE")


def _language_of(path: str) -> str | None:
    spec = language_for(path)
    return spec.name if spec is not None else None


def _in_lexical_scope(ref: ReferenceRow, project_id: str, candidates: list[GraphNode]) -> list[GraphNode]:
    """Ruby: a constant written alone (`Request.new(env)`, `class A < Base`) is one of the namespaces around the
    reference or a top-level one (ruby_calls.in_constant_scope): inside `Rack::Protection` it is no
    `Sinatra::Request`, and `Logger.new` in a spec is the standard library's, not `Sinatra::Middleware::Logger`."""
    source = qualified_in_node_id(project_id, ref.file_path, ref.source_id)
    return in_constant_scope(source, None, candidates, lambda node: _qualified(node, project_id))


def _unless_a_test(ref: ReferenceRow, node: GraphNode, how: str) -> tuple[str | None, str]:
    """A definition found by name alone, unless it is a test's and the reference is in the product's code
    (sinatra's `environment == :development` is no call of a test server's `environment`)."""
    if is_test_path(node.file_path) and not is_test_path(ref.file_path):
        return None, "NONE"
    return node.id, how
