"""What the variables, parameters and fields of a TS/JS, Go, Java/Kotlin or Rust file hold, read once per file
from the query's bind captures (`@reference.bind_type`, `bind_call`, `bind_unknown`, `bind_name`) for
receivers.py: each value by (scope key, name), with what Go, Java and Rust need besides (a variable bound once
and never typed, a Java local's declared type, a lambda's or closure's parameters, a Rust `for` loop's items
still to be read), and the fields of the file's classes whose type is known, for the link.

Apart from receivers.py, which reads each reference's receiver with these: this is the one pass over the
bindings, before any reference is read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .grammars import node_text as _text
from .js_literals import MODULE_EXPORTS, OBJECT_HELD, literal_holder, literal_properties, object_literal
from .js_scopes import required_call
from .kotlin_library import library_result
from .python_bindings import BINDS_CALL, BINDS_NAME, BINDS_TYPE, BINDS_UNKNOWN
from .receiver_scopes import class_of, scope_key
from .receiver_specs import RECEIVER_SPECS
from .rust_bounds import pointee
from .rust_iterables import (ELEMENT, closure_range, element_type, impl_type, let_scope, matched_value,
                             pattern_scope, payload_type)
from .rust_variants import ARGUMENTS, type_arguments, variant_parameter
from .type_names import call_chain, go_element, type_name

BIND_EDGES = frozenset({BINDS_CALL, BINDS_TYPE, BINDS_NAME, BINDS_UNKNOWN})


def inner_scopes(definition: Any, functions: tuple[int, ...]) -> list[str]:
    """TS/JS: the scope keys of the anonymous functions (by their start) around a position in `definition`."""
    base = scope_key(definition) if definition is not None else ""
    return [f".{base}#{start}" for start in functions]


# A value a class's name holds inside a range of bytes alone (a Kotlin secondary constructor's parameter).
IN_RANGE = "in@"


def in_range(values: set[str], position: int) -> set[str]:
    """What a name holds at `position`: the innermost ranged value's there, the others elsewhere."""
    ranged = [value for value in values if value.startswith(IN_RANGE)]
    if not ranged:
        return values
    inside = []
    for value in ranged:
        span, _, held = value[len(IN_RANGE):].partition(":")
        start, _, end = span.partition("-")
        if int(start) <= position < int(end):
            inside.append((int(end) - int(start), held))
    return {min(inside)[1]} if inside else values - set(ranged)


class Bindings(NamedTuple):
    """What a file's variables hold: `values` by (scope key, name), and what reading them needs besides (each
    as read_bindings says where it fills it)."""

    values: dict[tuple[str, str], set[str]]
    lambda_ranges: dict[tuple[str, str], list[tuple[int, int]]]
    plain_unknown: set[tuple[str, str]]
    unknown_statements: dict[int, list[tuple[Any, str]] | None]
    declared: dict[tuple[str, str], set[str]]
    loops: dict[str, Any]
    closure_names: set[str]
    destructured: dict[str, Any]


# What a TS/JS name destructured from a value holds (`const { produce } = createImmer()`): the member of its name of
# what the value is, the value read where the name is called (receivers.py); `of@<byte>`, the value's first byte.
MEMBER_OF = "of@"
_JS_LANGUAGES = frozenset({"typescript", "tsx", "javascript"})
_LITERAL_HOLDERS = frozenset({"variable_declarator", "export_statement"})  # (`export default {..}`: "default"'s)
# The values a destructured name is a member of (a call's `require("./m")` binds an import instead: js_scopes.py).
_DESTRUCTURED_FROM = frozenset({"new_expression", "call_expression", "this", "member_expression", "identifier"})


def read_bindings(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                  anonymous: Callable[[int, Any], tuple[int, ...]] | None,
                  fields: list[tuple[str, str, int, str]] | None) -> Bindings:
    """The bindings of `enclosed` (receivers.receiver_qualifiers' references); `fields` (when given) receives the
    fields of the file's classes whose type is known: (class, field, line, type as a qualifier holds it)."""
    bindings: dict[tuple[str, str], set[str]] = defaultdict(set)
    # A bind_type or bind_call pattern without a value (`let x`, an untyped parameter) says x is unknown.
    binds = [entry if entry[3] or entry[0] in (BINDS_UNKNOWN, BINDS_NAME) else (BINDS_UNKNOWN, *entry[1:])
             for entry in enclosed if entry[0] in BIND_EDGES]
    typed = {(node.start_byte, name) for edge_type, node, name, _m, _d in binds if edge_type != BINDS_UNKNOWN}
    required = {(node.start_byte, name) for edge_type, node, name, module, _d in binds
                if edge_type == BINDS_UNKNOWN and module}  # `const m = require("./m")`
    # A Java lambda's parameter is unknown inside the lambda only (`json` of `(json, type) -> ..` is not
    # the method's `String json`): where, for the types of call arguments.
    lambda_ranges: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    plain_unknown: set[tuple[str, str]] = set()
    # Go: the statements binding a variable nobody typed (by id of its values), None when one binds it otherwise.
    unknown_statements: dict[int, list[tuple[Any, str]] | None] = {}
    declared: dict[tuple[str, str], set[str]] = defaultdict(set)  # Java: a local variable's declared type
    field_lines: dict[tuple[str, str], int] = {}  # a class's field -> the line declaring (or assigning) it
    loops: dict[str, Any] = {}  # Rust: a `for` variable's value before it is read (`for@<byte>`) -> the loop
    closure_names: set[str] = set()  # Rust: the names a closure's parameter binds (inside it only)
    destructured: dict[str, Any] = {}  # TS/JS: the value (`of@<byte>`) a name is destructured from -> its node
    shadowed = shadowed_lets(binds) if language == "rust" else set()
    go_typed = {(id(definition), name) for edge_type, _n, name, _m, definition in binds
                if edge_type != BINDS_UNKNOWN} if language == "go" else set()
    for edge_type, node, name, module, definition in binds:
        if name == "(" and language == "rust":
            name = "0"  # a tuple struct's first field (the query captures its `(`: the field has no name node)
        # (a name several `let`s bind: each value from its `let` to its block's end, the innermost where it is read)
        let_bytes = let_scope(node) if (id(definition), name) in shadowed and node.type == "let_declaration" else None
        shadowing = f"{IN_RANGE}{let_bytes[0]}-{let_bytes[1]}:" if let_bytes else ""
        if language == "go" and edge_type != BINDS_UNKNOWN and (around := go_closure_range(node, definition)):
            shadowing = f"{IN_RANGE}{around[0]}-{around[1]}:"
        elif language == "go" and node.type == "range_clause" and (id(definition), name) in go_typed:
            # viper's `func (v *Viper) ..`, then `for v := range keys {..}`: v is the loop's inside the loop alone
            shadowing = f"{IN_RANGE}{node.end_byte}-{node.parent.end_byte}:"
        head, _, attribute = name.partition(".")
        owner = class_of(definition)
        in_callback = False
        if attribute and head in ("this", "self") and owner:
            key = (owner, attribute)  # this.x = new X(): the class's field, whichever method assigns it
        elif attribute:
            continue
        elif node.type == "type_item" and language == "rust":
            if (owner := impl_type(source, node)) is None:
                continue
            key = (owner, name)  # `type Item = IgnoreRef<'a>` of an `impl Iterator for Parents<'a>`
        elif definition is not None and definition.kind == "class" or (
                definition is not None and definition.kind == "scope"):
            key = (definition.qualified_name, name)  # a field declared in the class body
        elif anonymous is not None and (functions := anonymous(node.start_byte, definition)):
            key, in_callback = (inner_scopes(definition, functions)[0], name), True
        else:
            key = ("." + scope_key(definition) if definition is not None else ".", name)
        if language == "kotlin" and (around := secondary_constructor_range(node)):
            # A secondary constructor's parameter is no field and shadows the class's property inside it alone:
            # okio's `constructor(sink: Sink, ..) : this(sink.buffer(), ..)` in DeflaterSink, whose property is
            # `private val sink: BufferedSink`, called the extension `Sink.buffer()`, not BufferedSink's `buffer()`.
            # Its declared type there (`in@start-end:Sink`: this table keys a class's names by the class), the
            # property elsewhere.
            value = type_name(module or "")
            bindings[key].add(f"{IN_RANGE}{around[0]}-{around[1]}:{value or '?'}")
            continue
        if not key[0].startswith("."):
            field_lines.setdefault(key, node.start_point[0] + 1)
        if node.type == "enum_variant":  # `Ok(T)` of `enum ParseResult<T>`: `<0>` (rust_variants.py)
            if held := variant_parameter(source, node, module or ""):
                bindings[key].add(held)
            continue
        if edge_type == BINDS_UNKNOWN and node.type == "assignment_expression":  # `module.exports = X` (js_literals)
            if definition is None and fields is not None and module:
                held = "=" if node.child_by_field_name("right").type == "identifier" else "@"
                fields.append(("", MODULE_EXPORTS, node.start_point[0] + 1, held + module))
            continue
        if edge_type == BINDS_UNKNOWN:
            value_node = node.child_by_field_name("value")
            if (node.start_byte, name) in typed or (value_node is not None and (
                    "function" in value_node.type or "closure" in value_node.type)):
                continue  # a function held in a variable is a definition of its own
            pattern = node.child_by_field_name("name") if node.type == "variable_declarator" else None
            if pattern is not None and pattern.type == "object_pattern" and value_node is not None:
                # `const { observable } = mobx` after `const mobx = require("../src/mobx")`: the module's name (mobx's
                # tests: 262 calls of `observable` reached nothing); else the member of what the value is (immer's
                # tests call `produce` of `const { produce } = createPatchedImmer(..)` 318 times)
                held = (bindings.get((key[0], module)) or bindings.get((".", module)) or set()) if module else set()
                if required_call(value_node, source):
                    continue  # an import's name (javascript.scm)
                if len(held) == 1 and next(iter(held)).startswith("@"):
                    bindings[key].add(next(iter(held)))
                elif value_node.type in _DESTRUCTURED_FROM:
                    bindings[key].add(f"{MEMBER_OF}{value_node.start_byte}")
                    destructured[f"{MEMBER_OF}{value_node.start_byte}"] = value_node
                else:
                    bindings[key].add("?")
            elif module:
                bindings[key].add("@" + module)
            elif language in _JS_LANGUAGES and node.type in _LITERAL_HOLDERS and not in_callback and (
                    literal := object_literal(value_node)) is not None and (
                    holder := literal_holder(definition, name)) is not None:
                # `const actions = { add, update() {..} }`: `actions.add()` calls the literal's member (js_literals.py)
                bindings[key].add(OBJECT_HELD + holder)
                if fields is not None:
                    fields.extend(("", f"{holder}.{held}", line, value)
                                  for held, line, value in literal_properties(source, literal))
            elif language in _JS_LANGUAGES and node.type == "variable_declarator" and value_node is not None and (
                    literal_type := RECEIVER_SPECS[language]["literals"].get(value_node.type)):
                bindings[key].add(literal_type)  # `const parts = []`: an Array
            elif language == "rust" and node.type == "for_expression":
                # `for ig in self.parents()..`: its iterated value's items, read when the variable first is
                bindings[key].add(f"for@{node.start_byte}")
                loops[f"for@{node.start_byte}"] = (node, definition)
            elif language == "rust" and node.type == "let_declaration" and value_node is not None \
                    and value_node.type == "match_expression":
                # ripgrep's `let args = match result { ParseResult::Ok(args) => args, .. }`: what its arms yield
                bindings[key].add(f"{shadowing}for@{node.start_byte}")
                loops[f"for@{node.start_byte}"] = (node, definition)
            elif language == "rust" and node.type == "tuple_struct_pattern" and matched_value(source, node):
                # `if let Some(m) = self.matcher`: what the matched value holds, read when m first is, inside the
                # `if let`'s block (or the match arm) alone
                loops[f"for@{node.start_byte}"] = (node, definition)
                around = pattern_scope(node)
                bindings[key].add(f"{IN_RANGE}{around[0]}-{around[1]}:for@{node.start_byte}" if around else
                                  f"for@{node.start_byte}")
            elif language == "rust" and node.type == "closure_parameters" and (around := closure_range(node)):
                bindings[key].add("?")  # unknown inside the closure only
                lambda_ranges[key].append(around)
                closure_names.add(name)
            elif (node.start_byte, name) not in required:
                bindings[key].add(shadowing + "?")
                if language == "go":  # `currentNode := r.tree` may hold r's field: read where a call is made on it
                    statements = unknown_statements.get(id(bindings[key]), [])
                    if statements is not None:
                        unknown_statements[id(bindings[key])] = [*statements, (node, name)]
                if node.type in ("lambda_expression", "inferred_parameters") and language == "java":
                    lambda_node = node if node.type == "lambda_expression" else node.parent
                    lambda_ranges[key].append((lambda_node.start_byte, lambda_node.end_byte))
                else:
                    plain_unknown.add(key)
            continue
        if language == "rust":
            held = [(key[1] + ELEMENT, element)] if (element := element_type(module or "")) else []  # a `for` loop's
            if payload := payload_type(module or ""):
                held.append((f"{key[1]}~{payload[0]}", payload[1]))  # what `Some(x)` of it binds
            if "<" in (module or "") and (arguments := type_arguments(module or "")):  # `ParseResult<HiArgs>`
                bindings[(key[0], key[1] + ARGUMENTS)].add(arguments)
            for part, value in held:
                bindings[(key[0], part)].add(value)
                if not key[0].startswith("."):  # a struct's field: stored for the files that read it (rust_iterables)
                    field_lines.setdefault((key[0], part), node.start_point[0] + 1)
        if language == "go" and edge_type == BINDS_CALL and module and "(" in module:
            chain = call_chain(module)  # `v.Sub("a").Sub`: `v.Sub().Sub()`, a chain the link follows
            bindings[key].add(shadowing + (chain + "()" if chain else "?"))
            continue
        # (go_element's own first test made here too: a call for each of a Go file's bindings cost 0.5% of its parse)
        value = type_name(pointee(module or "") if language == "rust" else go_element(module) if (
            language == "go" and module and module[0] in "[.m") else module or "")
        if language == "rust" and edge_type == BINDS_CALL and (value is None and "(" in (module or "") or shadowing):
            # ripgrep's `let ppath = PrinterPath::new(..).with_separator(..)`, `let p = self.path.as_ref().unwrap()`,
            # and any call a name several `let`s bind holds (`let builder = builder.with_max_level(..)`, tracing's):
            # what the call returns, read where the `let` is (as a loop's items are) when the variable first is
            bindings[key].add(f"{shadowing}for@{node.start_byte}")
            loops[f"for@{node.start_byte}"] = (node, definition)
            continue
        if language == "kotlin" and edge_type == BINDS_CALL and (result := library_result("".join(module.split()))):
            bindings[key].add(result)  # `val bytes = "abc".encodeToByteArray()`: a ByteArray (kotlin_library.py)
            continue
        if value is None:
            if (module or "").strip() not in ("var", "val"):
                bindings[key].add(shadowing + "?")
                unknown_statements[id(bindings[key])] = None  # (`var x func()`: no field read tells x)
            continue
        if language == "rust" and edge_type == BINDS_CALL and value.startswith("self.") and value.count(".") == 1 \
                and owner:
            value = f"{owner}().{value[5:]}"  # `let mut ana = self.b(..)` (ripgrep's literal.rs): what the method returns
        bindings[key].add(shadowing + (value + "()" if edge_type == BINDS_CALL else value))
        if node.type == "local_variable_declaration" and module == _text(source, node.child_by_field_name("type")):
            declared[key].add(value)  # `Number n = new LazilyParsedNumber()`: a Number to javac
        if node.type == "required_parameter" and node.named_children and \
                node.named_children[0].type == "accessibility_modifier" and owner:
            bindings[(owner, name)].add(value)  # constructor(private db: Db): a field too
            field_lines.setdefault((owner, name), node.start_point[0] + 1)
    if fields is not None:
        # What the link needs to type `s.db.f()` when s's type is declared in another file (a Go method's
        # file is often not its struct's; a Java field may be a base class's).
        for key, line in field_lines.items():
            values = {value for value in bindings.get(key, set()) if not value.startswith(IN_RANGE)}
            if len(values) == 1 and not next(iter(values)).startswith(("@", "?")):
                fields.append((key[0], key[1], line, next(iter(values))))
    return Bindings(bindings, lambda_ranges, plain_unknown, unknown_statements, declared, loops, closure_names,
                    destructured)


def shadowed_lets(binds: Sequence[tuple[str, Any, str, str | None, Any]]) -> set[tuple[int, str]]:
    """Rust: (id of the definition, name) of each name that several `let`s of one function bind (tracing's bench
    binds `let builder = LogTracer::builder()..` and then `let builder = FmtSubscriber::builder()..`: each
    `builder.init()` is its own builder's)."""
    lets = Counter((definition, name) for _byte, definition, name in {
        (node.start_byte, id(definition), name) for _e, node, name, _m, definition in binds
        if node.type == "let_declaration"})
    return {key for key, count in lets.items() if count > 1}


def go_closure_range(node: Any, definition: Any) -> tuple[int, int] | None:
    """Go: the bytes where a typed name bound inside a function literal holds its value (None outside one): a
    parameter's the literal's (a parameter of a function type's, `f func(log *Logger)`, names nothing), a
    variable's from its statement to the literal's end; and a `for .. range` loop's variable's, the loop's. zap's
    tests pass `func(log *Logger, ..)` to one helper and `func(log *SugaredLogger, ..)` to the next: one `log` of the
    test function, both types, each call on it both types' method. (Untyped names stay the function's: what `x :=
    v.f` holds is read at its one statement.)"""
    if node.type in ("parameter_declaration", "variadic_parameter_declaration"):
        literal = node.parent.parent if node.parent is not None else None
        if literal is not None and literal.type in ("func_literal", "function_type"):
            return literal.start_byte, literal.end_byte
        return None
    if node.type == "range_clause" and node.parent is not None:
        return node.end_byte, node.parent.end_byte  # `for _, sub := range ..`: the loop's (cobra reuses `sub`)
    stop = definition.node if definition is not None else None
    around = node.parent
    while around is not None and around != stop:
        if around.type == "func_literal":
            return node.end_byte, around.end_byte
        around = around.parent
    return None


def secondary_constructor_range(node: Any) -> tuple[int, int] | None:
    """The bytes of the Kotlin secondary constructor whose parameter `node` is (None for any other node)."""
    if node.type != "parameter" or node.parent is None or node.parent.type != "function_value_parameters":
        return None
    constructor = node.parent.parent
    if constructor is None or constructor.type != "secondary_constructor":
        return None
    return constructor.start_byte, constructor.end_byte
