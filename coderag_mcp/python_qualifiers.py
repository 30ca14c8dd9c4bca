"""What a Python reference is reached through, worked out per file while parsing (pure).

`x.close()` says nothing about which `close` it calls unless `x` is known. The parser records,
for each call, decorator and base class, its receiver as the graph can use it:

- `self` for `self.f()` and `cls.f()`, `super()` for `super().f()`;
- `:Type` when the receiver is a variable annotated with a type (`x: Type`, a parameter
  `x: Type`, an attribute `self.x: Type`), `:make()` when it was assigned from a call
  (`x = make(...)`, `self.x = Session()`): the graph decides whether `make` is a class (an
  instance of it) or a function (its return annotation); several assignments give `:A()|B()`;
- the dotted name as written (`os.path`, `helpers`) when it is no variable of the function:
  the graph resolves it as a module, an import alias or a class;
- `?` for anything else (a call's result, a subscript, a literal): never resolved.

For imports, the qualifier is the local name the statement binds when it is not the imported
name: `=a` for `import a.b` (`=` marks a whole module bound), `=y` for `import a.b as y`, and `y`
for `from m import x as y`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

BINDS_CALL = "BINDS_CALL"
BINDS_TYPE = "BINDS_TYPE"

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_WRAPPERS = re.compile(r"^(?:(?:typing|t|te|typing_extensions)\.)?(?:Optional|Final|ClassVar|Annotated)\[(.*)\]$", re.S)


def normalize_type(text: str) -> str | None:
    """The class a type annotation names, or None when it names no one class (`list[int]`, `A | B`)."""
    text = text.strip().strip("\"'").strip()
    while True:
        match = _WRAPPERS.match(text)
        if not match:
            break
        text = match.group(1).split(",")[0].strip().strip("\"'")
    parts = [part.strip() for part in text.split("|") if part.strip() not in ("None", "")]
    if len(parts) != 1:
        return None
    text = parts[0].split("[", 1)[0].strip()
    return text if _DOTTED.fullmatch(text) else None


def _class_of(definition: Any) -> Any:
    """The class whose method (or a function nested in one) holds this definition."""
    while definition is not None and definition.kind != "class":
        definition = definition.parent
    return definition


def _scope_chain(definition: Any) -> list[str]:
    """Qualified names of the scopes a name is looked up in, innermost first, the module last."""
    chain = []
    while definition is not None:
        if definition.kind != "class" or not chain:  # a class body is no scope for its methods
            chain.append(definition.qualified_name)
        definition = definition.parent
    chain.append("")
    return chain


def _text(source: bytes, node: Any) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def python_qualifiers(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]) -> dict[int, str]:
    """Position in `enclosed` -> qualifier, for the references that have one."""
    bindings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for edge_type, _node, name, module, definition in enclosed:
        if edge_type not in (BINDS_CALL, BINDS_TYPE) or not module:
            continue
        value = normalize_type(module) if edge_type == BINDS_TYPE else (
            module + "()" if _DOTTED.fullmatch(module) else None)
        head, _, attribute = name.partition(".")
        if attribute:  # self.x = ... belongs to the class, whichever method assigns it
            owner = _class_of(definition)
            if owner is None or head not in ("self", "cls"):
                continue
            key = (owner.qualified_name, "self." + attribute)
        elif definition is not None and definition.kind == "class":  # `x: Type` in a class body
            key = (definition.qualified_name, "self." + name)
        else:
            key = (definition.qualified_name if definition is not None else "", name)
        bindings[key].add(value or "?")

    def known(receiver: str, definition: Any) -> str:
        head, _, rest = receiver.partition(".")
        if head in ("self", "cls"):
            if not rest:
                return "self"
            owner = _class_of(definition)
            first, _, more = rest.partition(".")
            values = bindings.get((owner.qualified_name, "self." + first)) if owner is not None else None
            if not values:
                return "?"
            return _typed(values) if not more else "?"
        for scope in _scope_chain(definition):
            values = bindings.get((scope, head))
            if values:
                return _typed(values) if not rest else "?"
        return receiver

    qualifiers: dict[int, str] = {}
    for position, (edge_type, node, name, module, definition) in enumerate(enclosed):
        qualifier = None
        if edge_type in ("CALLS", "DECORATES"):
            expression = node.child_by_field_name("function") if edge_type == "CALLS" else (
                node.named_children[0] if node.named_children else None)
            if expression is not None and expression.type == "call" and edge_type == "DECORATES":
                expression = expression.child_by_field_name("function")
            if expression is not None and expression.type == "attribute":
                qualifier = _receiver(source, expression.child_by_field_name("object"), definition, known)
        elif edge_type == "INHERITS" and node.type == "attribute":  # `t.Generic`: the query marks the attribute
            qualifier = _text(source, node.child_by_field_name("object"))
        elif edge_type == "IMPORTS":
            qualifier = _import_binding(source, node, name, module)
        if qualifier is not None:
            qualifiers[position] = qualifier
    return qualifiers


def _typed(values: set[str]) -> str:
    return ":" + "|".join(sorted(values)) if "?" not in values else "?"


def _receiver(source: bytes, receiver: Any, definition: Any, known: Any) -> str:
    if receiver is None:
        return "?"
    if receiver.type == "call":
        function = receiver.child_by_field_name("function")
        if function is not None and _text(source, function) == "super":
            return "super()"
        return "?"
    text = _text(source, receiver)
    if receiver.type in ("identifier", "attribute") and _DOTTED.fullmatch(text):
        return known(text, definition)
    return "?"


def _import_binding(source: bytes, node: Any, name: str, module: str | None) -> str | None:
    if node.type == "import_statement":
        for child in node.named_children:
            if child.type == "aliased_import" and module is not None \
                    and _text(source, child.child_by_field_name("name")) == module:
                return "=" + _text(source, child.child_by_field_name("alias"))
        return "=" + (module or name).split(".", 1)[0]
    for child in node.named_children:
        if child.type == "aliased_import" and _text(source, child.child_by_field_name("name")) == name:
            return _text(source, child.child_by_field_name("alias"))
    return None
