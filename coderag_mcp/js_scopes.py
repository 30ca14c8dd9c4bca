"""TypeScript and JavaScript scopes the definitions do not show, worked out per file while parsing (pure).

A function written where a value goes (a callback passed to `it(...)`, `describe(...)`, `new Promise(...)`, an
arrow returned from a function) is no definition, yet it is a scope: what it declares is seen from inside it
only. Without it, hono's `const request = () => ...` in each of nine sibling `it(...)` bodies were nine file-level
`request`s, and each `await request()` a LOCAL call of all nine. So:

- a definition inside such a function is named after it (`it().request`: the callback passed to `it()`;
  `<function>.helper` for one passed nowhere), so that no name looked up from outside it finds it;
- a bare call (or type) is looked up in the functions around it, innermost first, as the language does: of a
  definition declared in an anonymous function, the call's qualifier is `#it().request@12`, that definition (its
  name and line: typed_graph.py); of a parameter or variable of a function (destructured too: hono's `const
  [isPending, startTransition] = useTransition()`, `function f({ cleanup })`), `local`, no definition; of what the
  file declares at its top, or nothing around it, left to the link (the file's definitions, its imports);
- what a variable holds is keyed by the anonymous function declaring it too (receivers.py): `const router = new
  RegExpRouter()` in one `it(...)` and `new TrieRouter()` in another are two variables.

An immediately called function (`(function () { ... })()`, a UMD wrapper) is no scope here: its names are what the
file's code sees.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from .grammars import get_query, helper_query, query_matches

JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
FUNCTIONS = frozenset({"arrow_function", "function_expression", "generator_function",
                       "function_declaration", "generator_function_declaration", "method_definition"})
_ANONYMOUS = frozenset({"arrow_function", "function_expression", "generator_function", "method_definition"})
_JS_DECLARATIONS = """
[(arrow_function) (function_expression) (generator_function) (method_definition) (function_declaration)
 (generator_function_declaration)] @function
(formal_parameters) @parameters
(arrow_function parameter: (identifier) @parameter)
(catch_clause parameter: (_) @pattern)
(for_in_statement left: (_) @pattern)
(variable_declarator) @declarator
[(function_declaration) (generator_function_declaration)] @declaration
(class_declaration) @class
"""
# (a type is named apart from values: hono's and zod's `const schema = ...` then `type schema = z.infer<typeof schema>`)
_SCOPES_QUERY = {
    "javascript": helper_query("javascript", _JS_DECLARATIONS),
    "typescript": helper_query("typescript", _JS_DECLARATIONS
                               + "[(abstract_class_declaration) (enum_declaration)] @class\n"
                               "[(interface_declaration) (type_alias_declaration)] @type\n"),
}
_SCOPES_QUERY["tsx"] = helper_query("tsx", _SCOPES_QUERY["typescript"])
# What a definition's own function may be wrapped in (`const f = (() => ...) as F`, `key: function () {}`).
_HOLDERS = frozenset({"lexical_declaration", "variable_declaration", "variable_declarator", "pair",
                      "assignment_expression", "expression_statement", "as_expression", "satisfies_expression",
                      "parenthesized_expression", "public_field_definition", "field_definition", "export_statement"})
_CALLS = frozenset({"call_expression", "new_expression"})
_LOCAL = "local"
# A scope's declarations: name -> the line of the definition it declares, None (a variable or parameter), or
# _IMPORTED (`const { createPinoLogger } = require("./logger-pino.js")` in fastify's createLogger: the link binds it).
Declared = dict[str, "int | None"]
_IMPORTED = -1


def _bound_names(node: Any, source: bytes) -> list[str]:
    """The names a parameter list or a (destructuring) pattern binds: `{ a, b: [c], ...d }` -> a, c, d."""
    kind = node.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        return [source[node.start_byte:node.end_byte].decode("utf-8", "replace")]
    if kind == "pair_pattern":
        value = node.child_by_field_name("value")
        return _bound_names(value, source) if value is not None else []
    if kind in ("assignment_pattern", "object_assignment_pattern"):
        left = node.child_by_field_name("left")
        return _bound_names(left, source) if left is not None else []
    if kind in ("required_parameter", "optional_parameter"):
        pattern = node.child_by_field_name("pattern")
        return _bound_names(pattern, source) if pattern is not None else []
    if kind in ("formal_parameters", "object_pattern", "array_pattern", "rest_pattern"):
        return [name for child in node.named_children for name in _bound_names(child, source)]
    return []


class JsScopes:
    """A file's anonymous functions and what each function declares."""

    def __init__(self, grammar: str, root: Any, source: bytes, definitions: Sequence[Any]) -> None:
        self.source = source
        self.root = root
        self.definitions = definitions
        own = {(node.start_byte, node.end_byte) for node in map(own_function, definitions) if node is not None}
        # One pass over the tree: its functions, and what they declare (read by `declared` when a call asks).
        self._matches = query_matches(get_query(grammar, _SCOPES_QUERY[grammar]), root)
        # Every function but those called at once (sorted, outer first), with the nearest around each, as for
        # `anonymous` below.
        functions = sorted((node for _pattern, captures in self._matches for node in captures.get("function", ())
                            if not _called_at_once(node)), key=lambda node: (node.start_byte, -node.end_byte))
        self.functions = functions
        self.function_starts = [node.start_byte for node in functions]
        self.function_outer = _nesting(functions)
        anonymous = [node for node in functions
                     if (node.start_byte, node.end_byte) not in own and node.type in _ANONYMOUS]
        self.anonymous = anonymous
        self.starts = [node.start_byte for node in anonymous]
        # Each one's nearest anonymous function around it (-1: none): functions nest, so those around a position
        # are the one starting last before it, or one around that, and all around that one.
        self.outer = _nesting(anonymous)
        self._declared: tuple[list[Declared], list[Declared]] | None = None
        # (name, line) -> qualified name of each definition named after an anonymous function
        self.hidden: dict[tuple[str, int], str] = {}
        self.dropped: set[int] = set()  # (ids of) the definitions that are none (`name_hidden`)
        self._lines = {(d.node.start_byte, d.node.end_byte): d.node.start_point[0] + 1 for d in definitions}

    def around(self, position: int, outer: int = -1) -> list[Any]:
        """The anonymous functions around a position, innermost first, those starting after `outer` only (those
        inside the definition the position is in)."""
        found = []
        index = bisect.bisect_right(self.starts, position) - 1
        while index >= 0:
            node = self.anonymous[index]
            if node.start_byte <= outer:
                break
            if position < node.end_byte:
                found.append(node)
            index = self.outer[index]
        return found

    def functions_around(self, position: int, definition: Any) -> tuple[int, ...]:
        """Where each anonymous function around a position inside `definition` (None: the file) starts, innermost
        first: the scopes receivers.py keys a variable by."""
        outer = definition.node.start_byte if definition is not None else -1
        return tuple(node.start_byte for node in self.around(position, outer))

    # --- definitions --------------------------------------------------------------------------------

    def name_hidden(self) -> None:
        """Name each definition inside an anonymous function (of its parent definition) after it, and what is
        inside such a definition after that (zod's `parseStr` in `generateFastpass`, itself in a callback)."""
        for definition in self.definitions:  # outer before inner: a parent's name is final before its children's
            parent = definition.parent
            parts = [parent.qualified_name] if parent is not None else []
            if definition.kind != "variable":
                between = self.around(definition.node.start_byte, parent.node.start_byte if parent is not None else -1)
                parts += [_label(node, self.source) for node in reversed(between)]
            else:
                between = []
            if definition.context and (parent is None or between or parent.kind in ("function", "method")):
                parts.append(definition.context)  # `it().ws.onmessage`: the object it is written on, in there
            definition.qualified_name = ".".join([*parts, definition.name])
            if between and definition.node.type == "expression_statement":
                # A function assigned to a property in a callback is a test's mock (hono's `console.log = ...`,
                # `global.requestAnimationFrame = ...` in `beforeAll(() => ...)`, ky's `Date.now = () => ...`):
                # no definition (ky's `ky.extend = ...` in the named createInstance is one).
                self.dropped.add(id(definition))
            elif between:
                self.hidden[(definition.name, definition.node.start_point[0] + 1)] = definition.qualified_name

    # --- calls --------------------------------------------------------------------------------------

    def call_qualifier(self, node: Any, name: str, type_only: bool = False) -> str | None:
        """`#<qualified name>@<line>` for a bare call (or type: `type_only`) of a definition declared in an anonymous
        function around it, `local` for a call of a parameter or variable of a function around it, None when the
        file's top (or nothing) declares the name, or a function around it that the link finds by its name."""
        values, types = self.declared()
        declared = types if type_only else values
        index = bisect.bisect_left(self.function_starts, node.start_byte) - 1  # (those starting before it)
        while index >= 0:
            if node.start_byte < self.functions[index].end_byte:
                line = declared[index].get(name, 0)
                if line is None and not type_only:
                    return _LOCAL
                if line == _IMPORTED:
                    return None
                if line:
                    qualified = self.hidden.get((name, line))
                    return f"#{qualified}@{line}" if qualified is not None else None
            index = self.function_outer[index]
        return None

    def declared(self) -> tuple[list[Declared], list[Declared]]:
        """What each function declares, as values and as types: its parameters, and the variables, functions, classes
        and types of its body (and of its blocks: a `let` in a block is taken as the function's), not those of the
        functions inside it."""
        if self._declared is not None:
            return self._declared
        declared: list[Declared] = [{} for _function in self.functions]
        types: list[Declared] = [{} for _function in self.functions]

        def owner(position: int) -> int:  # the innermost function that starts before a position and holds it
            index = bisect.bisect_left(self.function_starts, position) - 1
            while index >= 0 and self.functions[index].end_byte <= position:
                index = self.function_outer[index]
            return index

        def add(index: int, names: list[str], held: int | None, table: list[Declared] = declared) -> None:
            if index >= 0:
                for name in names:
                    table[index].setdefault(name, held)

        for _pattern, captures in self._matches:
            for key, nodes in captures.items():
                for node in nodes:
                    if key == "function":
                        continue
                    if key == "parameters":  # (the function they are of starts before them)
                        add(owner(node.start_byte), _bound_names(node, self.source), None)
                    elif key == "parameter":  # `x => ...`: the arrow starts at it
                        function = node.parent
                        index = bisect.bisect_left(self.function_starts, function.start_byte)
                        if index < len(self.functions) and self.functions[index] == function:
                            add(index, [self._text(node)], None)
                    elif key == "pattern":  # a catch clause's, a for loop's
                        add(owner(node.start_byte), _bound_names(node, self.source), None)
                    elif key in ("declaration", "class", "type"):  # a function, class or type declared in a body
                        name_node = node.child_by_field_name("name")
                        if name_node is not None:
                            where, line = owner(node.start_byte), self._lines.get((node.start_byte, node.end_byte))
                            if key != "type":
                                add(where, [self._text(name_node)], line)
                            if key != "declaration":
                                add(where, [self._text(name_node)], line, types)
                    elif key == "declarator":
                        name_node = node.child_by_field_name("name")
                        if name_node is None:
                            continue
                        if name_node.type == "identifier":
                            add(owner(node.start_byte), [self._text(name_node)], self._declarator_line(node))
                        else:
                            held = _IMPORTED if required_call(node.child_by_field_name("value"), self.source) else None
                            add(owner(node.start_byte), _bound_names(name_node, self.source), held)
        self._declared = (declared, types)
        return self._declared

    def _declarator_line(self, declarator: Any) -> int | None:
        """The line of the definition a `const f = () => ...` is (its statement's), None for a variable."""
        statement = declarator.parent
        if statement is None:
            return None
        return self._lines.get((statement.start_byte, statement.end_byte))

    def _text(self, node: Any) -> str:
        return self.source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _nesting(nodes: list[Any]) -> list[int]:
    """For nodes sorted by start (outer first), the index of the nearest one around each (-1: none)."""
    outer: list[int] = []
    open_ones: list[int] = []
    for index, node in enumerate(nodes):
        while open_ones and nodes[open_ones[-1]].end_byte <= node.start_byte:
            open_ones.pop()
        outer.append(open_ones[-1] if open_ones else -1)
        open_ones.append(index)
    return outer


def own_function(definition: Any) -> Any:
    """The function a definition is (a method, a function declaration) or holds (`const f = () => ...`)."""
    node = definition.node
    if node.type in FUNCTIONS:
        return node
    pending = [(node, 0)]
    while pending:
        current, depth = pending.pop(0)
        for child in current.named_children:
            if child.type in _ANONYMOUS:
                return child
            if child.type in _HOLDERS and depth < 4:
                pending.append((child, depth + 1))
    return None


def required_call(value: Any, source: bytes) -> bool:
    """Whether a value is `require("...")` (what javascript.scm reads as an import of the names it destructures)."""
    if value is None or value.type != "call_expression":
        return False
    function = value.child_by_field_name("function")
    return function is not None and source[function.start_byte:function.end_byte] == b"require"


def _called_at_once(function: Any) -> bool:
    """`(function () { ... })()`, `(() => { ... })()`: a wrapper, no scope of its own here."""
    parent = function.parent
    while parent is not None and parent.type == "parenthesized_expression":
        function, parent = parent, parent.parent
    return parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function") == function


def _label(function: Any, source: bytes) -> str:
    """An anonymous function's part of a name: `it()` for one passed to `it(...)` (or `app.get(...)`: `get()`),
    `<function>` for one passed to nothing."""
    arguments = function.parent
    call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
    if call is not None and call.type in _CALLS:
        callee = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        if callee is not None and callee.type == "member_expression":
            callee = callee.child_by_field_name("property")
        if callee is not None and callee.type in ("identifier", "property_identifier"):
            return source[callee.start_byte:callee.end_byte].decode("utf-8", "replace") + "()"
        return "()"
    return "<function>"


def local_type(file_path: str, qualified: str, kind: str) -> bool:
    """Whether a definition is a type declared inside an anonymous function (`name_hidden`'s `describe().it().verify`,
    hono's `type verify = Expect<...>` in a test's body, 111 of them): local to that body, as a variable there is,
    and no project-level definition for find_symbol and find_references while the name has one (jwt.ts's
    `verify`)."""
    if kind.upper() != "CLASS" or not file_path.endswith(_JS_ENDINGS):
        return False
    scope = qualified.rpartition(".")[0]
    return scope.endswith(("()", "<function>")) or "()." in scope or "<function>." in scope


_JS_ENDINGS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".svelte", ".vue")


def patched_locals(definitions: Sequence[Any]) -> set[tuple[str, str]]:
    """(function, local) for each function assigned to a property of a local of a function (immer's `immer.produce =
    function (..args) {..}` in `createPatchedImmer`, a definition `createPatchedImmer.immer.produce`)."""
    return {(definition.parent.qualified_name, definition.context) for definition in definitions
            if definition.context and definition.parent is not None and definition.parent.kind in ("function", "method")
            and definition.node.type == "expression_statement"}


def root_of(node: Any) -> Any:
    while node.parent is not None:
        node = node.parent
    return node


def pin_calls(scopes: JsScopes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
              name_nodes: dict[tuple[str, int, str], tuple[Any, Any]], qualifiers: dict[int, str]) -> None:
    """The qualifier of each bare call (`f()`, `new F()`, `f.call(...)`) and each type, base class named alone (`type
    verify = Expect<Equal<Expected, Actual>>` of hono's type tests, each `it(...)` declaring its own `Expected`) by the
    scopes around it (see the module). A type is never a variable: a local named like it hides nothing."""
    for position, (edge_type, node, name, _module, _definition) in enumerate(enclosed):
        if edge_type not in ("CALLS", "USES", "INHERITS"):
            continue
        receiver, name_node = name_nodes.get((edge_type, node.start_byte, name), (None, None))
        if receiver is not None or name_node is None or name_node.type not in ("identifier", "type_identifier"):
            continue
        if qualifiers.get(position, _LOCAL) != _LOCAL:
            continue  # `wrapThenable(fn)` of a variable holding `require("./wrap-thenable")`: receivers.py's
        qualifier = scopes.call_qualifier(name_node, name, type_only=edge_type != "CALLS")
        if qualifier is not None:
            qualifiers[position] = qualifier


# JS/TS: what a `function` whose `this` is still the instance is held by (`onPress = function () {}`, a class field;
# `Reply.prototype.send = function () {}`).
_THIS_HOLDERS = frozenset({"field_definition", "public_field_definition", "assignment_expression"})


def this_is_the_class(this: Any) -> bool:
    """Whether a JS `this` is the instance of the class around it: not inside an object literal's method
    (`return { go() { this.drive() } }`: the object's drive) nor a `function` passed as a value (`function (this:
    any) { ... }`, a callback). An arrow function has the `this` of where it is written."""
    node = this.parent
    while node is not None:
        kind = node.type
        if kind == "method_definition":
            return node.parent is not None and node.parent.type == "class_body"
        if kind in ("function_expression", "generator_function"):
            holder = node.parent
            while holder is not None and holder.type == "parenthesized_expression":
                holder = holder.parent
            return holder is not None and holder.type in _THIS_HOLDERS
        if kind in ("class_body", "program", "function_declaration", "generator_function_declaration"):
            return True
        node = node.parent
    return True
