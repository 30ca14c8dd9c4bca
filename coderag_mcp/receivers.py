"""What a TS/JS, Go, Java/Kotlin or Rust reference is reached through, worked out per file while
parsing (pure; python_qualifiers.py does this for Python).

`x.close()` says nothing about which `close` it calls unless `x` is known. The query files mark
what variables hold (`@reference.bind_type`: a parameter, field or variable declared with a type,
or assigned `new X()` / `X{}` / `X { .. }`; `@reference.bind_call`: assigned what a call returns,
`NewX()`, `X::new()`, Kotlin's `X()`; `@reference.bind_unknown`: anything else). The qualifier
stored with each call, type and base class is then:

- `self` for `this.m()` / `self.m()` / `Self::m()`, `super()` for `super.m()`;
- `:Type` for a receiver of a known type (`:A|B` when several), `:f()` for what calling `f`
  returns (the graph reads `f`'s signature: a class is an instance of itself); a variable holding a
  method's result on another variable (Go's `group := router.Group()`) has that one's value in place
  of its name, `:New().Group()` after `router := New()`, `:Echo().Group()` for `router *Echo`;
- `=a.b` for a receiver written as a name that is no variable of the function (an import alias,
  a package, a class for a static call, a Rust path `a::b`); `@./m` for a variable holding
  `require("./m")`;
- `~T.f` for a field `f` of a receiver of type `T` (`s.db.m()`, `this.db.m()`) when this file does not
  declare the field: the link reads the field's type where T declares it (another file of a Go
  package, a Java base class), from the fields each file stores (BINDS rows: `fields` below);
- `?` for anything else (a call's result, an untyped parameter): never resolved for sure;
- `!` for a Rust macro invoked by its bare name (`debug!(..)`: a macro, never the function `debug`);
- `local` for a plain call of a variable of the function: never resolved (but a variable holding
  `require("./m")` called as a function is `@./m`: the module's function of that name).

Imports get `=alias` for a namespace or module binding (`import * as ns`), `alias` for a renamed
name (`import { a as b }`, `use a::B as C`, Kotlin's `as`), `*` for a wildcard (`import a.b.*`,
`use a::*`), `static` for Java's static import.

A Java or Kotlin call's module is what it passes, `(String,?)` (jvm_arguments.py): only the
overloads that take that many arguments, of those types where known, are its targets (jvm_graph.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from .grammars import node_text as _text
from .js_literals import OBJECT_HELD
from .js_returns import FunctionReturns
from .js_scopes import this_is_the_class
from .jvm_arguments import call_arguments, called_result
from .kotlin_lambdas import in_lambdas, labelled_this
from .kotlin_library import library_result
from .python_returns import BINDS_RETURN
from .receiver_bindings import BIND_EDGES, IN_RANGE, MEMBER_OF, in_range, inner_scopes, read_bindings
from .receiver_fields import destructured_field, field_of, field_path, typed_as
from .receiver_scopes import called_on, class_of, classes_of, scope_key, scopes_of
from .receiver_specs import PATH_KINDS, RECEIVER_SPECS
from .rust_bounds import dereferenced_self
from .rust_values import LONGEST_RUST_CHAIN, RustValues
from .type_names import CALLS, DOTTED_NAME, type_name
from .written_qualifiers import go_field_read, import_qualifier, written_qualifier

# A Rust macro invoked by its bare name (`debug!(..)`): the macro, never a function (rust_types.py).
MACRO_CALL = "!"
# Rust's tuple fields in a path (`self.0.matched`): names of their own to the reading below.
_TUPLE_FIELD = re.compile(r"\.(\d+)(?=\.|$)")
_LONGEST_RECEIVER = 200  # bytes: a receiver longer than this is no name or path
# Variables followed back: `a := New(); b := a.Group(); c := b.Group()` makes c `New().Group().Group()`, as many
# calls as the link follows (typed_graph.called_on); `d := c.Group()` is left `c.Group()`, a guess.
_LONGEST_CHAIN = 2


def receiver_qualifiers(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                        name_nodes: dict[tuple[str, int, str], tuple[Any, Any]],
                        arguments: dict[int, str] | None = None,
                        fields: list[tuple[str, str, int, str]] | None = None,
                        anonymous: Callable[[int, Any], tuple[int, ...]] | None = None,
                        patched: set[tuple[str, str]] | None = None) -> dict[int, str]:
    """Position in `enclosed` -> qualifier, for the references that have one; `arguments` (when
    given) receives what each Java/Kotlin call passes (`call_arguments`), `fields` (when given) the
    fields of the file's classes whose type is known: (class, field, line, type as a qualifier holds it).
    `anonymous` (TS/JS, js_scopes.py): the anonymous functions around a position inside a definition, innermost
    first, each a scope of its own (`const router = new TrieRouter()` in one `it(...)` body is not another's);
    `patched` (TS/JS): (function, local) for each local a function assigns a function to a property of (`immer.produce
    = function`), whose value a `return` of it no longer tells (js_returns.py)."""
    spec = RECEIVER_SPECS[language]
    longest_chain = LONGEST_RUST_CHAIN if language in ("rust", "java") else _LONGEST_CHAIN
    # TS/JS: the scopes around the reference being read (set as each is), innermost first: the anonymous functions
    # around it in its definition, the definition, the anonymous functions around that in its parent, and so on.
    # (Worked out when a lookup first asks: most references never do.)
    here: list[Any] = [(), -1, None, True]  # the keys, then the reference's position and definition, and whether told

    outside: dict[int, tuple[str, ...]] = {}  # (id of) a definition -> its own scope key and those around it

    def scopes_around(position: int, definition: Any) -> tuple[str, ...]:
        assert anonymous is not None
        inner = tuple(inner_scopes(definition, anonymous(position, definition)))
        if definition is None:
            return inner
        known = outside.get(id(definition))
        if known is None:
            own = ("." + scope_key(definition),) if definition.kind not in ("class", "scope") else ()
            known = outside[id(definition)] = own + scopes_around(definition.node.start_byte, definition.parent)
        return inner + known

    (bindings, lambda_ranges, plain_unknown, unknown_statements, declared, loops,
     closure_names, destructured) = read_bindings(language, source, enclosed, anonymous, fields)
    # The start of the reference being read; what each Rust `for@` holds, once read; whether the name just looked up
    # holds what it does in a range alone (then typed at each use, never once for the function).
    reading_at, elements, read_in_range = [-1], {}, [False]

    scope_chains: dict[int, list[str]] = {}
    # (name, id of the definition using it, the anonymous functions around the use) -> its qualifier
    variables: dict[tuple[str, int, tuple[str, ...]], str] = {}

    def around_here() -> tuple[str, ...]:
        if not here[3]:
            here[0], here[3] = scopes_around(here[1], here[2]), True
        return here[0]

    def lookup(name: str, definition: Any, in_functions: bool = False) -> set[str] | None:
        """What `name` holds where the reference is read: a variable of the functions around it, else (unless
        `in_functions`) one of the file's."""
        if anonymous is not None:
            chain = around_here()
        else:
            chain = scope_chains.get(id(definition))
            if chain is None:
                chain = scope_chains[id(definition)] = ["." + key for key in scopes_of(definition)]
        for scope in chain:
            if (scope, name) in bindings:
                return bound(bindings[(scope, name)], (scope, name))
        if spec.get("implicit_this"):  # (a secondary constructor's parameter; a field of a class around this one)
            owner = next((owner for owner in classes_of(definition) if (owner, name) in bindings), None)
            if owner is not None:
                return bound(bindings[(owner, name)], (owner, name))
        if in_functions:
            return None
        return bindings.get((".", name))  # (Go: a package-level `var`, this file's; another file's is not told here)

    def bound(values: set[str], key: tuple[str, str]) -> set[str]:
        """A variable's values where the reference is: one bound in a range there (a Kotlin secondary constructor's
        parameter, Rust's `if let Some(x)`); Rust: a `for` loop's (or pattern's) typed when first read (what it
        iterates may be another variable), a closure's parameter only inside the closure."""
        read_in_range[0] = any(value.startswith(IN_RANGE) for value in values)
        values = in_range(values, reading_at[0])
        for value in [v for v in values if v.startswith("for@")]:
            if value not in elements:
                if (loop := loops.pop(value, None)) is None:
                    return {"?"}  # (being read: `for x in x.children()`)
                elements[value] = rust.element_of(*loop)
            values = values - {value} | {elements[value]}
        if "?" in values and key in lambda_ranges and key not in plain_unknown and not any(
                start <= reading_at[0] < end for start, end in lambda_ranges[key]):
            return values - {"?"}
        return values

    # Rust: what a loop's items, a pattern's payload, an unwrapped Option and a chain of calls hold (rust_values.py)
    rust = RustValues(source, bindings, lookup, lambda node, definition: receiver(node, definition), reading_at) \
        if language == "rust" else None

    def followed(values: set[str], definition: Any, depth: int = 0) -> set[str]:
        """What a variable holds, with a call on another variable of the function written on what that one holds:
        `group := router.Group()` after `router := New()` holds `New().Group()`, `c := e.NewContext()` with a
        parameter `e *Echo` holds `Echo().NewContext()`, so the link can follow each method's declared return type
        (typed_graph.called_on). When the other variable's value is not told (unknown, a library's module, a longer
        chain), the value is left as written: the link knows no `router`, so its calls are guesses."""
        result = None
        for value in values:
            if "." not in value or value.startswith(OBJECT_HELD):
                continue  # a type, `f()`, `?`, an object literal: as it is (most values; nothing is copied)
            head, _, rest = value.partition(".")
            # (`s := v.Sub().Sub()`: a chain of calls too; a Go field's type, then calls, `d := v.reg.Decoder()`)
            field, _, calls = rest.partition(".") if language == "go" and not rest.partition(".")[0].endswith("()") \
                else ("", "", rest)
            inner = lookup(head, definition) if value.endswith("()") and CALLS.fullmatch(calls) else None
            held = followed(inner, definition, depth + 1) if inner and depth < _LONGEST_CHAIN else ()
            if field and held:  # (the field's one type, `:Reg`)
                one = field_of(bindings, language, held, field)
                held = {one[1:]} if one[0] == ":" and "|" not in one else set()
            # (`x := x.Next()`: x's own value is never followed through, nor a variable not followed to its end; a
            # call on an object literal's variable, zod's `z.string()` of `const z = {..}`, stays as written.)
            if not held or any(one.startswith(("?", "@", OBJECT_HELD))
                               or lookup(one.partition(".")[0], definition) is not None for one in held):
                continue
            written = {called_on(one, calls) for one in held}
            result = (result or set(values)) - {value} | written
        return values if result is None else result

    def java_call_result(node: Any, definition: Any) -> str:
        """What a Java method call used as a receiver returns, for the link to follow by declared return types:
        `:EqualsBuilder().append()` (commons-lang's fluent builders: EqualsBuilder.isEquals was reached from 12 of
        its 257 calls), `:CalendarUtils.getInstance()` (a class's static method), `:secure()` (the class's own)."""
        name, holder = node.child_by_field_name("name"), node.child_by_field_name("object")
        if name is None:
            return "?"
        method = _text(source, name)
        if holder is None:
            return f":{method}()"
        inner = receiver(holder, definition)
        if inner == "self" and (owner := class_of(definition)):
            inner = ":" + owner
        if inner.startswith("=") and DOTTED_NAME.fullmatch(inner[1:]):
            return f":{inner[1:]}.{method}()"
        return chained(inner, method)

    def chained(told: str, method: str) -> str:
        """`method` called on a receiver told as `told`: what it returns, for the link to follow by declared return
        types; `?` for a receiver of several types, not told, or past the longest chain followed."""
        if told.startswith(":") and "|" not in told and told.count("()") < longest_chain:
            return ":" + called_on(told[1:], method + "()")
        return "?"

    def receiver(node: Any, definition: Any) -> str:
        if node is None:
            return "?"
        kind = node.type
        if kind in spec["this"]:  # (Kotlin's `this@Outer`: kotlin_lambdas.labelled_this)
            return (language == "kotlin" and labelled_this(source, node, classes_of(definition))) or (
                "self" if not spec.get("this_bound") or this_is_the_class(node) else "?")
        if kind in spec["super"]:
            return "super()"
        if kind in spec.get("literals", ()):
            return ":" + spec["literals"][kind]
        if kind in spec["construct"]:
            inner = node.child_by_field_name(spec["construct"][kind])
            value = type_name(_text(source, inner)) if inner is not None else None
            return ":" + value if value else "?"
        if kind in ("unary_expression", "reference_expression", "parenthesized_expression") and node.named_children:
            inner = receiver(node.named_children[-1], definition)
            if inner == "self" and language == "rust" and kind == "unary_expression" and _text(source, node)[:1] == "*":
                held = dereferenced_self(source, definition)  # `(**self).binary_data(..)` in `impl Sink for &mut S`
                return f":{held}" if held else inner
            return inner
        if node.end_byte - node.start_byte > _LONGEST_RECEIVER and kind not in ("call_expression", "call",
                                                                                "method_invocation"):
            return "?"  # a long expression (an object literal, a chain of calls): nothing to type
        if kind == "method_invocation":  # Java: `new EqualsBuilder().append(a, b).isEquals()`, what the call returns
            return java_call_result(node, definition)
        if kind == "index_expression" and language == "go" and (operand := node.child_by_field_name("operand")):
            return receiver(operand, definition)  # `cmds[i].Name()`: a slice is typed by its elements
        if rust is not None and kind in ("call_expression", "try_expression") and (
                told := rust.unwrapped_or_chained(node, definition)) is not None:
            return told
        if kind in ("call_expression", "call"):  # `X::new().m()`, `NewServer().Run()`: what the call returns
            function = node.child_by_field_name("function") or (node.named_children[0] if node.named_children else None)
            if function is None or function.end_byte - function.start_byte > _LONGEST_RECEIVER:
                return "?"
            called = "".join(_text(source, function).split()).replace("::", ".")  # (`b\n    .route`)
            if language == "kotlin" and (result := library_result(called)):
                return ":" + result  # `byteArrayOf(1, 2)`, `"abc".encodeToByteArray()` (kotlin_library.py)
            if not DOTTED_NAME.fullmatch(called):
                if spec.get("this_bound") and function.type == "member_expression":
                    # TS/JS: `arrow().self().produce()`, what the method of what the call returns returns
                    return chained(receiver(function.child_by_field_name("object"), definition),
                                   _text(source, function.child_by_field_name("property")))
                return "?"
            head, _, rest = called.partition(".")
            values = lookup(head, definition)
            if values is None:
                return f":{called}()"
            # `b.route("/a").get("/b")`, b a variable of one told value: what its method returns, as a variable
            # holding `b.route("/a")` would (typed_graph.called_on follows each method's declared return type).
            return chained(typed_as(followed(values, definition)) if rest and "." not in rest else "?", rest)
        if kind not in PATH_KINDS:
            return "?"  # a subscript, a literal, an await: nothing to type
        text = _text(source, node)
        if text == "Self":
            return "self"
        if kind in ("identifier", "simple_identifier", "type_identifier", "package_identifier", "field_identifier"):
            # (a variable's uses in a function are typed once; a name a Rust closure binds, where it is)
            told = variables.get((text, id(definition), around_here())) if text not in closure_names else None
            if told is not None:
                return told
            values = lookup(text, definition)
            if values is not None:
                placed = read_in_range[0]  # (what a name holds here alone: typed at each use)
                statements = unknown_statements.get(id(values)) if "?" in values and len(values) == 1 else None
                # (viper's `flag, exists := v.pflags[key]`, twice in one function: the same field read by both)
                reads = {go_field_read(source, *statement) for statement in statements or ()}
                read = next(iter(reads)) if len(reads) == 1 else None
                if read is not None and not read[1]:  # `for _, c := range cmds`: what cmds holds (its elements)
                    told = typed_as(followed(lookup(read[0], definition) or {"?"}, definition))
                elif read is not None:  # `currentNode := r.tree`: r's field `tree`
                    told = field_of(bindings, language, lookup(read[0], definition), read[1])
                elif len(values) == 1 and (only := next(iter(values))).startswith(MEMBER_OF) and only in destructured:
                    told = destructured_field(bindings, language, receiver(destructured[only], definition), text,
                                              class_of(definition))
                else:
                    told = typed_as(followed(values, definition))
                if not placed:
                    variables[(text, id(definition), around_here())] = told
                return told
            owner = class_of(definition) if spec.get("implicit_this") and not text[:1].isupper() else None
            # Java/Kotlin: `_parsingContext.expectComma()`, a field no variable of this file declares (a base
            # class's, jackson's ParserBase): the link types it where it is declared
            return f"~{owner}.{text}" if owner else "=" + text
        dotted = text.replace("::", ".").replace("?.", ".")
        if language == "java" and dotted.endswith(".this") and DOTTED_NAME.fullmatch(dotted[:-5]):
            return ":" + dotted[:-5]  # `StrBuilder.this.append(..)` in an inner class: the outer class's instance
        if language == "rust" and not DOTTED_NAME.fullmatch(dotted):
            dotted = "".join(dotted.split())  # (`ig\n    .inner\n    .git_ignore_matcher`, as rustfmt breaks it)
        if not DOTTED_NAME.fullmatch(_TUPLE_FIELD.sub(r"._\1", dotted.replace(".#", "."))):
            return "?"  # (JS: `this.#node`, a private field; Rust: `self.0`, a tuple struct's field)
        head, _, rest = dotted.partition(".")
        if "::" in text and (head in ("crate", "super", "self") or lookup(head, definition) is None):
            return "=" + dotted  # a Rust path (`self::inner::f`, `a::b::c::f`): modules, never values
        if "." in rest:
            if language != "rust":
                return "?"
            # ripgrep's `self.inner.types.matched(..)`, `ig.inner.custom_ignore_matcher.matched(..)`: a field's field
            owner = class_of(definition) if head == "self" else None
            held = {owner} if owner else lookup(head, definition) if head != "self" else None
            return field_path(bindings, language, held, rest.split("."))
        if head in ("this", "self"):
            if spec.get("this_bound") and node.named_children and not this_is_the_class(node.named_children[0]):
                return "?"
            owner = class_of(definition)
            if owner and (owner, rest) not in bindings:
                return f"~{owner}.{rest}"  # a field declared elsewhere (a base class's): the link types it
            return typed_as(bindings.get((owner, rest))) if owner else "?"
        if head in ("crate", "super"):
            return "=" + dotted
        values = lookup(head, definition)
        if values is None:
            return "=" + dotted
        return field_of(bindings, language, values, rest)

    def variable_type(name: str, definition: Any, position: int) -> str:
        chain = scope_chains.get(id(definition))
        if chain is None:
            chain = scope_chains[id(definition)] = ["." + key for key in scopes_of(definition)]
        key = next((k for k in [*((scope, name) for scope in chain),
                                *((owner, name) for owner in classes_of(definition)), (".", name)] if k in bindings),
                   None)
        if key is None:
            return "?"
        values = in_range(bindings[key], position)
        if "?" in values and key in lambda_ranges and key not in plain_unknown and not any(
                start <= position < end for start, end in lambda_ranges[key]):
            values = values - {"?"}
        if "?" not in values and len(declared.get(key, ())) == 1:
            values = declared[key]
        if len(values) != 1:
            return "?"
        value = next(iter(values))
        if language == "kotlin" and value.endswith("()") and value[:-2].rsplit(".", 1)[-1][:1].isupper():
            value = value[:-2]  # `val data = ByteArray(n)`: Kotlin names constructors (and factories) after the type
        return value.rsplit(".", 1)[-1] if value.replace(".", "").isidentifier() else called_result(value)

    def member_of(value: str, definition: Any) -> str | None:
        """The qualifier of a call of a name destructured from a value (`of@<byte>`: `const { produce } = immer`): the
        value's as a receiver, as `immer.produce()` has; None when nothing types it."""
        held = destructured.get(value)
        told = receiver(held, definition) if held is not None else "?"
        return None if told == "?" else told

    returns = FunctionReturns(source, receiver, patched or set()) if fields is not None else None

    qualifiers: dict[int, str] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for position, (edge_type, node, name, module, definition) in enumerate(enclosed):
        if edge_type in BIND_EDGES:
            continue
        reading_at[0] = node.start_byte
        if anonymous is not None:
            here[1:] = node.start_byte, definition, False
        if edge_type == BINDS_RETURN:  # (a callback's `return` inside the function is the callback's)
            if returns is not None and definition is not None and not (
                    anonymous is not None and anonymous(node.start_byte, definition)):
                returns.read(node, definition)
            continue
        if arguments is not None and edge_type == "CALLS":
            passed = call_arguments(language, source, node,
                                    lambda variable: variable_type(variable, definition, node.start_byte))
            if passed is not None:
                arguments[position] = passed
        nodes_key: tuple[str, int, str] | tuple[str, int, str, int] = (edge_type, node.start_byte, name)
        if nodes_key + (0,) in name_nodes:  # (a name the node holds again: each its own nodes, definitions.py)
            repeat = seen.get(nodes_key, 0)
            seen[nodes_key] = repeat + 1
            nodes_key = (*nodes_key, repeat)
        receiver_node, name_node = name_nodes.get(nodes_key, (None, None))
        if receiver_node is not None:  # the query captured the receiver (`@receiver`)
            if receiver_node.type == "self" and source[receiver_node.end_byte:receiver_node.end_byte + 2] == b"::":
                qualifiers[position] = "=self"  # Rust's `self::f()`: this module, not this value
            else:
                qualifiers[position] = receiver(receiver_node, definition)
            continue
        if edge_type == "IMPORTS":
            qualifier = import_qualifier(source, node, name_node)
        elif name_node is None:
            qualifier = None
        else:
            qualifier = written_qualifier(spec, source, node, name_node, name, definition, receiver, lookup, edge_type,
                                          member_of if destructured else None)
        if qualifier in (None, "local") and language == "rust" and node.type == "macro_invocation":
            qualifier = MACRO_CALL  # (a variable is no macro: `error!(..)` beside `Err(ref error)`, tracing's)
        if qualifier is not None:
            qualifiers[position] = qualifier
    if language == "kotlin":
        in_lambdas(source, enclosed, name_nodes, lambda node, definition: receiver(node, definition), qualifiers)
    if fields is not None and returns is not None:
        fields.extend(returns.rows())
    return qualifiers

