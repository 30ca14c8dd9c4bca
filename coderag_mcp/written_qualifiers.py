"""What a reference's own nodes say about what it is made on, before any variable of its function is looked
up (pure; receivers.py looks them up): the receiver node written before a call's name, what an import binds
(an alias, a wildcard, a namespace, a default), and Go's read of a variable's field. The `spec` dicts are
receivers.py's per-language tables."""

from __future__ import annotations

from typing import Any

from .grammars import node_text as _text
from .js_literals import CALLED_WHOLE


def go_field_read(source: bytes, node: Any, name: str) -> tuple[str, str] | None:
    """(`r`, `tree`) of `currentNode := r.tree`, `var currentNode = r.tree` (the first name, the first value), `for
    _, currentNode := range r.tree` or `currentNode := r.tree[key]`: a field of a variable, whose type the variable's
    gives (a slice's or a map's: its elements', type_names.go_element). (Read off the
    bind_unknown capture, of the variables a call is made on, rather than by a query pattern of its own, which cost
    every Go file's parse 0.6%.)"""
    element = False  # (an element of what the value holds: a loop's item, a map's or slice's by index)
    if node.type == "short_var_declaration":
        value = node.child_by_field_name("right")
        value = value.named_child(0) if value is not None else None
        if value is not None and value.type == "index_expression":  # `flag, exists := v.pflags[key]`, `c := cmds[0]`
            value, element = value.child_by_field_name("operand"), True
        left = node.child_by_field_name("left")
        first = left.named_child(0) if left is not None else None
    elif node.type == "var_spec":
        value = node.child_by_field_name("value")
        value = value.named_child(0) if value is not None else None
        first = node.child_by_field_name("name")
    elif node.type == "range_clause":
        # `for _, c := range cmds` / `range c.commands`: the element, which a slice's type names (type_names.
        # go_element); `("cmds", "")`: the variable itself (cobra's 77 calls on such loops' items reached nothing)
        value, element = node.child_by_field_name("right"), True
        left = node.child_by_field_name("left")
        first = left.named_child(1) if left is not None and left.named_child_count == 2 else None
    else:
        return None
    if first is None or value is None or source[first.start_byte:first.end_byte] != name.encode():
        return None
    if element and value.type == "identifier":
        return _text(source, value), ""
    if value.type != "selector_expression":
        return None
    operand, field = value.child_by_field_name("operand"), value.child_by_field_name("field")
    if operand is None or operand.type != "identifier" or field is None:
        return None
    return _text(source, operand), _text(source, field)


def parent_of(top: Any, inner: Any) -> Any:
    """The parent of `inner`, found down from `top` (asking a node for its parent walks from the root)."""
    if top.start_byte == inner.start_byte and top.end_byte == inner.end_byte and top.type == inner.type:
        return None
    current = top
    while True:
        child = next((c for c in current.children
                      if c.start_byte <= inner.start_byte and inner.end_byte <= c.end_byte), None)
        if child is None:
            return None
        if child.start_byte == inner.start_byte and child.end_byte == inner.end_byte and child.type == inner.type:
            return current
        current = child


def written_qualifier(spec: dict[str, Any], source: bytes, node: Any, name_node: Any, name: str, definition: Any,
                      receiver: Any, lookup: Any, edge_type: str, member_of: Any = None) -> str | None:
    """The qualifier of a reference from its own nodes (see the module); `member_of` (TS/JS) gives a call of a name
    destructured from a value (`const { produce } = immer`) the value's qualifier, or None."""
    if name_node.start_byte == node.start_byte and edge_type != "CALLS":
        if edge_type == "USES" and name_node.type == "identifier" and spec.get("this_bound"):
            # TS/JS: a name read as a value (`isErrorType(error, Env)`) may be a variable of the function, a
            # parameter (hono's `request(input, requestInit?, Env?, ..)`): not the class `Env` it imports
            return "local" if _function_variable(name, definition, lookup) is not None else None
        return None  # `Foo` as a type or base: nothing written before it
    parent = parent_of(node, name_node) if name_node.start_byte != node.start_byte else node
    if parent is not None and parent.type in ("generic_type", "generic_function"):
        parent = parent_of(node, parent)
    if parent is not None and parent.type in spec["member"]:
        field = spec["member"][parent.type]
        if field == "..":  # Kotlin: the suffix's navigation_expression holds the receiver first
            holder = parent_of(node, parent)
            target = holder.named_children[0] if holder is not None and holder.named_children else None
        elif field is None:
            named = [child for child in parent.named_children if child.start_byte < name_node.start_byte]
            target = named[-1] if named else None
        else:
            target = parent.child_by_field_name(field)
        if target is not None and target.end_byte <= name_node.start_byte:
            if parent.type == "scoped_identifier" and target.type == "self":
                return "=self"  # Rust's `self::f()`: this module, not this value
            return receiver(target, definition)
        if parent.type in ("method_invocation", "scoped_identifier"):
            return None  # Java's `m()` without an object; Rust's `::f()`
    if edge_type == "CALLS" and name_node.type in ("identifier", "simple_identifier") \
            and parent is not None and parent.type not in spec["construct"] and parent.type != "new_expression":
        values = _function_variable(name, definition, lookup)
        if values is not None:
            if len(values) == 1 and next(iter(values)).startswith("@"):
                # `wrapThenable(fn)` after `const wrapThenable = require("./wrap-thenable")`: the module's
                # function of that name (its `module.exports = function wrapThenable`), else what the module's
                # `module.exports =` holds (express's `createApplication`: js_literals.py)
                return next(iter(values)) + CALLED_WHOLE
            if member_of is not None and len(values) == 1 and (told := member_of(next(iter(values)), definition)):
                return told  # `produce(..)` after `const { produce } = createImmer()`: as `createImmer().produce(..)`
            if spec.get("file_variables_called") and _function_variable(
                    name, definition, lambda name, at: lookup(name, at, in_functions=True)) is None:
                return None  # a variable of the file (mobx's `export const observable = ..`): the link finds it
            return "local"  # `callback()`: a variable of the function
    return None


def _function_variable(name: str, definition: Any, lookup: Any) -> set[str] | None:
    """What `name` holds where it is a variable of the function (not a name bound to itself, a class's or function's
    own), else None."""
    values = lookup(name, definition)
    return values if values is not None and name not in {v.rstrip("()") for v in values} else None


def import_qualifier(source: bytes, node: Any, name_node: Any) -> str | None:
    kinds = {child.type for child in node.children}
    if "asterisk" in kinds or node.type == "import_header" and "wildcard_import" in kinds:
        return "*"
    if node.type == "use_declaration":
        argument = node.child_by_field_name("argument")
        if argument is not None and argument.type == "use_wildcard":
            return "*"
        if argument is not None and argument.type == "use_as_clause":
            return _text(source, argument.child_by_field_name("alias"))
    if node.type == "extern_crate_declaration":  # grep's `pub extern crate grep_searcher as searcher;`
        alias = node.child_by_field_name("alias")
        return _text(source, alias) if alias is not None else None
    if "static" in kinds:
        return "static"
    if node.type == "import_header":
        alias = next((c for c in node.named_children if c.type == "import_alias"), None)
        return _text(source, alias.named_children[-1]) if alias is not None and alias.named_children else None
    if name_node is None:
        if node.type in ("import_statement", "export_statement", "call_expression"):
            return "*" if "*" in kinds else "-"  # JS: `export * from "m"`; `import "m"`, `require("m")` bind nothing
        return None
    if node.type == "export_statement" and "default" in kinds:
        return "default"  # JS: `export default function isRawNetworkError`, what `import x from` binds
    parent = parent_of(node, name_node)
    if parent is not None and parent.type == "scoped_identifier" and node.type == "use_declaration":
        parent = parent_of(node, parent)  # Rust's `use a::{b::C as D}`, `use a::{b::c::*}` (rust_paths.py)
    if parent is not None and parent.type == "use_wildcard":
        return "*"
    if parent is not None and parent.type in ("namespace_import", "namespace_export"):
        return "=" + _text(source, name_node)
    if parent is not None and parent.type in ("import_specifier", "use_as_clause", "export_specifier"):
        alias = parent.child_by_field_name("alias")
        return _text(source, alias) if alias is not None else None
    if parent is not None and parent.type == "import_clause":
        return "default"
    return None
