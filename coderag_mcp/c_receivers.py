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
# C++: a type written in a namespace but `std` (`details::file_helper`), and a smart pointer's element
# (`std::shared_ptr<logger> new_logger`: spdlog's `new_logger->set_level(..)`).
_ELEMENT = """(template_argument_list . (type_descriptor type: [(type_identifier) @type
                                                          (qualified_identifier name: (type_identifier) @type)]) .)"""
_SMART_POINTER = f"""(template_type name: (type_identifier) @_pointer arguments: {_ELEMENT}
                                     (#match? @_pointer "^(shared_ptr|unique_ptr|weak_ptr)$"))"""
_CPP_TYPE = f"""[(type_identifier) @type (struct_specifier name: (type_identifier) @type)
  (qualified_identifier scope: (namespace_identifier) @_space name: (type_identifier) @type (#not-eq? @_space "std"))
  {_SMART_POINTER} (qualified_identifier name: {_SMART_POINTER})]"""
_DECLARATIONS = {
    "c": helper_query("c", f"""(parameter_declaration type: {_TYPE} declarator: {_NAMED})
(declaration type: {_TYPE} declarator: {_NAMED})"""),
    "cpp": helper_query("cpp", f"""(parameter_declaration type: {_CPP_TYPE} declarator: [{_NAMED[1:-1]}
  (reference_declarator (identifier) @name)])
(declaration type: {_CPP_TYPE} declarator: [{_NAMED[1:-1]}
  (reference_declarator (identifier) @name)
  (init_declarator declarator: (reference_declarator (identifier) @name))])"""),
}
_FUNCTION = "function_definition"
# Every name a C++ function declares, whatever its type: what is not one of them is a member of its class.
_DECLARED = helper_query("cpp", """(parameter_declaration declarator: (_) @declarator)
(optional_parameter_declaration declarator: (_) @declarator)
(variadic_parameter_declaration declarator: (_) @declarator)
(declaration declarator: (_) @declarator)
(for_range_loop declarator: (_) @declarator)
(lambda_capture_specifier (identifier) @declarator)
(structured_binding_declarator (identifier) @declarator)""")


def typed_field_calls(language: str, source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]],
                      name_nodes: dict[tuple[str, int, str], tuple[Any, Any]], qualifiers: dict[int, str]) -> None:
    """Give each call made through a field of a variable whose type the function declares (`p->cb(x)`,
    `s.cb(x)`) the qualifier `:T`, in place."""
    declared: dict[int, dict[str, str | None]] = {}  # (id of) a function -> its variables' types
    names: dict[int, set[str]] = {}  # (id of) a C++ function -> every name it declares
    for position, (edge_type, node, name, _module, definition) in enumerate(enclosed):
        if edge_type != "CALLS" or qualifiers.get(position) != "?" or definition is None:
            continue
        receiver = name_nodes.get((edge_type, node.start_byte, name), (None, None))[0]
        if receiver is None or receiver.type not in ("identifier", "field_expression") or \
                node.type != "call_expression":
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
        elif language == "cpp" and (field := _member_field(source, receiver, function, definition, names)):
            qualifiers[position] = field


def _member_field(source: bytes, receiver: Any, function: Any, definition: Any, names: dict[int, set[str]]
                  ) -> str | None:
    """`~C.x` for a call made on a field of the class C whose member function makes it (spdlog's `q_.enqueue(..)`,
    `helper_->reopen(..)`, `this->sink_->log(..)`: the link types the field by its declaration), a name the
    function does not declare; None otherwise."""
    if definition.kind != "method" or "." not in definition.qualified_name:
        return None
    if receiver.type == "field_expression":  # `this->x`
        argument, field = receiver.child_by_field_name("argument"), receiver.child_by_field_name("field")
        if argument is None or argument.type != "this" or field is None:
            return None
        written = node_text(source, field)
    else:
        written = node_text(source, receiver)
        known = names.get(id(function))
        if known is None:
            known = names[id(function)] = _declared_names(source, function)
        if written in known:
            return None
    return f"~{definition.qualified_name.rpartition('.')[0]}.{written}"


def _declared_names(source: bytes, function: Any) -> set[str]:
    """The names a C++ function declares: its parameters, locals, loop variables, captures and bindings."""
    found = set()
    for _pattern, captures in query_matches(get_query("cpp", _DECLARED), function):
        node = captures["declarator"][0]
        while node is not None and node.type not in ("identifier", "field_identifier"):
            node = node.child_by_field_name("declarator") or (node.named_children[-1] if node.named_children else None)
        if node is not None:
            found.add(node_text(source, node))
    return found


def _variable_types(language: str, source: bytes, function: Any) -> dict[str, str | None]:
    """A function's parameters and local variables -> their type's name (None for a name declared twice with two
    types: which one a use means is not read here)."""
    types: dict[str, str | None] = {}
    for _pattern, captures in query_matches(get_query(language, _DECLARATIONS[language]), function):
        name, held = node_text(source, captures["name"][0]), node_text(source, captures["type"][0])
        types[name] = held if types.get(name, held) == held else None
    return types
