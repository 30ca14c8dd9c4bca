"""C and C++: the type of a variable a call through a field is made on (pure, while parsing). jq's
`jq->err_cb(jq->err_cb_data, value)` in a function taking `jq_state *jq` calls what jq_state's field `err_cb`
holds: its qualifier becomes `:jq_state` (name_graph.py makes that an edge to the field `jq_state.err_cb`, or to a
member of that name, MEMBER). Only a parameter or local variable declared in the function with a plain type name
(`T *x`, `struct T x`, `T &x`) is typed; anything else keeps the `?` of name_receivers.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .grammars import get_query, helper_query, node_text, query_matches

# A declared name (the variable, through `*`, `&` and `= value`) and its type's name.
_NAMED = """[(identifier) @name
  (pointer_declarator declarator: (identifier) @name)
  (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name)])]"""
_TYPE = "[(type_identifier) @type (struct_specifier name: (type_identifier) @type)]"
_DECLARATIONS = {
    "c": helper_query("c", f"""(parameter_declaration type: {_TYPE} declarator: {_NAMED})
(declaration type: {_TYPE} declarator: {_NAMED})"""),
    "cpp": helper_query("cpp", f"""(parameter_declaration type: {_TYPE} declarator: [{_NAMED[1:-1]}
  (reference_declarator (identifier) @name)])
(declaration type: {_TYPE} declarator: [{_NAMED[1:-1]}
  (reference_declarator (identifier) @name)
  (init_declarator declarator: (reference_declarator (identifier) @name))])"""),
}
_FUNCTION = "function_definition"


def typed_field_calls(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                      name_nodes: dict[tuple[str, int, str], tuple[Any, Any]], qualifiers: dict[int, str]) -> None:
    """Give each call made through a field of a variable whose type the function declares (`p->cb(x)`,
    `s.cb(x)`) the qualifier `:T`, in place."""
    declared: dict[int, dict[str, str | None]] = {}  # (id of) a function -> its variables' types
    for position, (edge_type, node, name, _module, definition) in enumerate(enclosed):
        if edge_type != "CALLS" or qualifiers.get(position) != "?" or definition is None:
            continue
        receiver = name_nodes.get((edge_type, node.start_byte, name), (None, None))[0]
        if receiver is None or receiver.type != "identifier" or node.type != "call_expression":
            continue
        function = definition.node
        if function.type != _FUNCTION:
            continue
        types = declared.get(id(function))
        if types is None:
            types = declared[id(function)] = _variable_types(language, source, function)
        held = types.get(node_text(source, receiver))
        if held:
            qualifiers[position] = ":" + held


def _variable_types(language: str, source: bytes, function: Any) -> dict[str, str | None]:
    """A function's parameters and local variables -> their type's name (None for a name declared twice with two
    types: which one a use means is not read here)."""
    types: dict[str, str | None] = {}
    for _pattern, captures in query_matches(get_query(language, _DECLARATIONS[language]), function):
        name, held = node_text(source, captures["name"][0]), node_text(source, captures["type"][0])
        types[name] = held if types.get(name, held) == held else None
    return types
