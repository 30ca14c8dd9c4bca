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
- `?` for anything else (a call's result, a subscript, a literal): never resolved;
- `local` for a plain call of a parameter or variable of the function (`callback()`): never resolved;
- `cls()` for a call of a classmethod's `cls` (`return cls(**out)`): the class.

For imports, the qualifier is the local name the statement binds when it is not the imported
name: `=a` for `import a.b` (`=` marks a whole module bound), `=y` for `import a.b as y`, and `y`
for `from m import x as y`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .grammars import node_text as _text
from .python_bindings import ATTRIBUTE_READ, class_of, enclosing_scopes, is_own, read_bindings
from .python_called_instances import ALIASED_METHOD, forwards_arguments, holds_instances, instance_call
from .python_chains import (CALL, DOTTED, ENTERED, chain_text, collection_item, is_chain, head_name,
                            receiver_qualifier)
from .python_imports import import_binding
from .python_narrowing import Narrowing, narrowed
from .python_returns import returned_values
from .python_loops import ELEMENTS, ITEMS, call_elements, type_loop_variables

# A call's qualifier for a local alias of a name the module knows (`_Segment = Segment`, then `_Segment(..)`).
ALIAS_CALL = "="

# A call's qualifier for `cls(..)` in a classmethod: the class the method is of (or a subclass of it).
OWN_CLASS = "cls()"

# Local aliases of attributes followed one through another at most (`a = p.x`, `b = a.y`, `c = b.z`, ..).
_MOST_ALIASES = 4

# A name as written that is a class's by Python's convention (CapWords, `Symbol`, `enums.Color`; not a constant, `S`,
# `MAX_SIZE`): an attribute read on it is kept as one on the class itself (python_attributes.typed_read), which the
# graph looks up (a module or a variable of that name is read as what it holds).
_CLASS_NAME = re.compile(r"(?:[A-Za-z_]\w*\.)*_*[A-Z]\w*[a-z]\w*$")


def python_qualifiers(source: bytes, enclosed: Sequence[tuple[str, Any, str, str | None, Any]]
                      ) -> tuple[dict[int, str], list[tuple[str, str | None, int, str]]]:
    """Position in `enclosed` -> qualifier, for the references that have one; and the bindings other
    files can see, as (name, qualified name of the class or None for the module, line, values)."""
    found = read_bindings(source, enclosed)
    bindings, lines, visible, elements, mapped = found.values, found.lines, found.visible, found.elements, found.mapped
    mappings, fixed, loops, items, copies = found.mappings, found.fixed, found.loops, found.items, found.copies
    chains: dict[int, list[str]] = {}

    def scope_chain(definition: Any) -> list[str]:
        chain = chains.get(id(definition))
        if chain is None:
            chain = chains[id(definition)] = enclosing_scopes(definition)
        return chain

    def variable(name: str, definition: Any) -> set[str] | None:
        """What a variable of the function (not the module's: the graph reads those) is known to hold."""
        return next((bindings[(scope, name)] for scope in scope_chain(definition) if (scope, name) in bindings and scope),
                    None)

    def expanded(values: set[str], definition: Any) -> set[str]:
        """`x = y` takes what `y` is known to hold, when `y` is a variable of the function; `x = y.f()` what `f` of
        the classes `y` is declared as returns (jinja's `self.stream = environment._tokenize(...)`, of a parameter
        `environment: Environment`, is a TokenStream: the graph sees no parameter of another function)."""
        result = set()
        for value in values:
            head, dot, rest = value.partition(".")
            if value.startswith("=") and not dot:
                inner = variable(value[1:], definition)
                result.update(v for v in inner if not v.startswith("=")) if inner else result.add(value)
            elif dot and value.endswith("()") and not is_own(head, definition) and not head.startswith("=") and (
                    called := chained(head, "." + rest, definition)) is not None:
                result.update(called)
            elif not dot and value.endswith("()") and value[:-2].isidentifier() and (
                    called := called_local(value[:-2], definition)) is not None:
                result.update(called)
            else:
                result.add(value)
        return result

    def called_local(name: str, definition: Any) -> set[str] | None:
        """What a call of a variable of the function gives: `factory(app)` of a parameter `factory: ClientFactory`
        what the class's `__call__` returns (starlette's tests: `client = test_client_factory(app)`, then
        `client.get(..)`, 59 calls reached nothing), of an alias (`factory = Client`) what calling the name makes;
        None when the variable holds anything else, or nothing known."""
        held = variable(name, definition) or set()
        if held and all(value.startswith("=") and DOTTED.fullmatch(value[1:]) for value in held):
            return {value[1:] + CALL for value in held}
        return None if any(value.startswith("=") for value in held) else chained(name, ".__call__()", definition)

    def chained(head: str, rest: str, definition: Any) -> set[str] | None:
        """A chain whose head is a variable of the function (`env` of `env.from_string()`), as the chains of what
        the variable holds (`Environment().from_string()`); None when the head is no such variable, or one whose
        value is unknown or no chain (python_chains.py)."""
        # (`url = url.copy_with(..)`: the value that reads the variable itself adds a longer chain of the others)
        inner = {v for v in variable(head, definition) or () if head_name(v.removeprefix("=")) != head}
        if not inner or not all(DOTTED.fullmatch(v.removeprefix("=")) or is_chain(v) or
                                v.endswith(CALL) and DOTTED.fullmatch(v[:-len(CALL)]) for v in inner):
            return None
        if rest.startswith("(") and any(v.endswith(")") for v in inner):
            return None  # an instance called (`__call__`): not read
        return {v.removeprefix("=") + rest for v in inner}

    known_values: dict[tuple[str, int], str] = {}

    def known(receiver: str, definition: Any) -> str:
        """What a receiver is known to hold where `definition` reads it (each asked once: Django's methods read
        `self.x` again and again, 82,000 receivers of which 36,500 differ)."""
        key = (receiver, id(definition))
        value = known_values.get(key)
        if value is None:
            value = known_values[key] = holds(receiver, definition)
        return value

    def holds(receiver: str, definition: Any, depth: int = 0) -> str:
        head, *rest = receiver.split(".")
        if is_own(head, definition):
            if not rest:
                return "self"
            owner = class_of(definition)
            values = bindings.get((owner.qualified_name, "self." + rest[0])) if owner is not None else None
            if not values:  # maybe set by a base class: the graph looks along the MRO
                return "::".join(["self", *rest])
            return _typed(expanded(values, visible.get((owner.qualified_name, "self." + rest[0]))), rest[1:])
        for scope in scope_chain(definition):
            values = bindings.get((scope, head))
            if values:
                # `line = rhs.body`, then `bt = line.tracker`: `bt` holds what `rhs.body.tracker` does, read through
                # the declared types of the variable it starts from (black's `bt.delimiter_count_with_priority()`)
                alias = next(iter(values))[1:] if len(values) == 1 and next(iter(values))[0] == "=" else ""
                through = head_name(alias)
                if "." in alias and through != head and depth < _MOST_ALIASES and DOTTED.fullmatch(alias) and (
                        variable(through, definition) is not None) and (
                        followed := holds(".".join([alias, *rest]), definition, depth + 1)) != "?":
                    return followed  # (of a variable nothing types, as before: Django's `opts = model._meta`)
                return _typed(expanded(values, definition), rest)
        return receiver

    # What `with` bound: a name called as a function (Django's `with self.source_checker(...) as check_sources:
    # check_sources(...)`, a @contextmanager's yield) is looked up by its name as before, not taken for a variable.
    entered = {value for values in bindings.values() for value in values if value.endswith(ENTERED)}

    def element_of(iterable: str, definition: Any, suffix: str = ELEMENTS) -> str:
        """What iterating `iterable` gives, as a variable's value: the element type a variable or an attribute of
        `self` is declared a collection of (`Leaf` of `leaves: List[Leaf]`); an attribute of a typed value, or one of
        `self` a base class declares, as that attribute's elements (`Line::leaves[]`), which the graph reads
        (python_lookups.attribute); `?` for anything else. With `suffix` ITEMS, what an item of it holds (`xs[i]`,
        `d.values()`): a sequence's elements or a mapping's values (`Leaf` of `Dict[str, Leaf]`, `Line::by_name{}`)."""
        head, _, attribute = iterable.partition(".")
        if is_own(head, definition) and attribute and "." not in attribute:
            owner = class_of(definition)
            key = (owner.qualified_name if owner is not None else "", "self." + attribute)
            if key not in bindings:
                return "?" if owner is None else f"self::{attribute}{suffix}"
        elif not attribute:
            key = next(((scope, head) for scope in scope_chain(definition) if (scope, head) in bindings), ("", ""))
        else:
            held = holds(iterable, definition)
            return held[1:] + suffix if held.startswith(":") and "::" in held else "?"
        found = mapped.get(key) if suffix == ITEMS else None  # (a mapping's items are its values, not its keys)
        if (not found or "?" in found) and (suffix != ITEMS or key not in mappings):
            found = elements.get(key) or {call_elements(value, suffix) for value in bindings.get(key, ())}
        return "|".join(sorted(found)) if found and "?" not in found else "?"

    def item_of(expression: Any, definition: Any) -> tuple[str, list[str]]:
        """What an item of a collection (`self.leaves[0]`, `nodes[name]`, `table.get(key)`, and an attribute path
        from one, `nodes[name].parent`) holds, as a variable's value: what the collection's elements are, or a mapping's
        values (`?` when neither is known); and the attributes after it."""
        found = collection_item(source, expression)
        if found is None:
            return "?", []
        collection, attributes, by_call = found
        if collection.endswith(CALL):  # `files.pages()[0]`: what the call's declared return holds (a list's elements)
            return call_elements(called_chain(collection, definition).removeprefix(":"), ITEMS), attributes
        held = element_of(collection, definition, ITEMS)
        # (A method's item only of a declared collection: `client.get(url)` of `client = Client()` is Client's `get`, as
        # `config.get(key)` of another object's attribute or one a base class declares may be, whose mapping's values
        # the graph reads from the call, `Tree.by_name.get()`, when it is one: python_lookups.py)
        return ("?" if by_call and ("::" in held or CALL in held) else held), attributes

    def called_chain(chain: str, definition: Any) -> str:
        """A receiver that is a call (`env.get_template(name)` of `env.get_template(name).render()`), as the chain of
        what it returns: `:Environment().get_template()`; `?` when the head is a variable of unknown value."""
        name = head_name(chain)
        if is_own(name, definition) or variable(name, definition) is None:
            return ":" + chain  # (a name of the module, a class, an import: the graph looks it up)
        called = chained(name, chain[len(name):], definition)
        return ":" + "|".join(sorted(called)) if called else "?"

    for key, (collection, of_mapping, whole), definition in copies:  # `ys = sorted(xs)`: what iterating xs gives
        text = chain_text(source, collection) if collection.type != "call" else None
        if key in fixed or text is None:
            continue
        values = element_of(text, definition, ITEMS) if of_mapping or whole else "?"
        if of_mapping:  # `list(d.values())`: the values are its elements
            elements[key].add(values)
        elif whole and values == "?":  # `d.copy()` of a mapping whose values are unknown: nothing of it is known
            elements[key].add("?")
        else:
            elements[key].add(element_of(text, definition))
        if whole:  # `d2 = d.copy()`: its items too (a mapping's values, whose keys are its elements)
            mapped[key].add(values)
    for key, item, definition, otherwise in items:  # (before the loops: `for leaf in first.leaves` may read one)
        if key not in fixed:
            held = item_of(item, definition)[0]
            bindings[key].add(otherwise if held == "?" else held)
    comprehensions = type_loop_variables(source, loops, bindings, fixed, element_of, called_chain)

    def aliased(name: str, definition: Any) -> str | None:
        """A call of a local alias, as the call it stands for (rich's speed idiom): `_Segment = Segment` as
        `=Segment` (ALIAS_CALL: the name the module knows, called), `get_style = console.get_style` as a call of
        `get_style` on what `console` holds (`:Console`), and so `_ = self.translate` (marked to be named `translate`:
        python_called_instances.ALIASED_METHOD); None for any other local."""
        values = variable(name, definition)
        value = next(iter(values)) if values and len(values) == 1 else ""
        if not value.startswith("=") or not DOTTED.fullmatch(value[1:]):
            return None
        head, _, last = value[1:].rpartition(".")
        if not head:
            return ALIAS_CALL + last if last != name and variable(last, definition) is None else None
        receiver = known(head, definition)
        if last == name or receiver in ("?", "local"):
            return receiver if last == name else None
        # `_ = self.translate`, then `_("May")` (tornado's locale.py): a call of `translate` on `self`
        return f"{ALIASED_METHOD}{last}{ALIASED_METHOD}{receiver}"

    narrowing = Narrowing(source, enclosed[0][1]) if enclosed else None

    def receiver_of(receiver: Any, definition: Any) -> str:
        """A call's or a read's receiver as its qualifier says: a comprehension's own name as that comprehension's, a
        value an `isinstance` test narrows as what it tested."""
        own = comprehensions.receiver(source, receiver)
        if own is not None:
            return own
        tested = narrowing.receiver(source, receiver) if narrowing is not None else None
        if tested is not None:
            node, classes, attributes = tested
            return narrowed(receiver_qualifier(source, node, definition, known, called_chain), classes, attributes)
        held, attributes = item_of(receiver, definition)  # (an item's receiver is read no other way: `xs[0]`)
        if held != "?":  # (nor one a call took, `table.get(key).render()`, whose mapping's values are known)
            return _typed(set(held.split("|")), attributes)
        return receiver_qualifier(source, receiver, definition, known, called_chain)

    qualifiers: dict[int, str] = {}
    for position, (edge_type, node, name, module, definition) in enumerate(enclosed):
        qualifier = None
        if edge_type in ("CALLS", "DECORATES"):
            expression = node.child_by_field_name("function") if edge_type == "CALLS" else (
                node.named_children[0] if node.named_children else None)
            if expression is not None and expression.type == "call" and edge_type == "DECORATES":
                expression = expression.child_by_field_name("function")
            if expression is not None and expression.type == "attribute":
                qualifier = receiver_of(expression.child_by_field_name("object"), definition)
            elif expression is not None and expression.type == "call":  # `validate.URL()(value)`: its `__call__`
                qualifier = None if forwards_arguments(expression) else instance_call(
                    receiver_of(expression, definition))
                qualifier = qualifier or "local"
            elif expression is not None and expression.type == "identifier" and name == "cls" and class_method(
                    source, definition):
                qualifier = OWN_CLASS  # `return cls(**out)` in a classmethod: the class (werkzeug's EnvironBuilder)
            elif expression is not None and expression.type == "identifier" and any(
                    (scope, name) in bindings and not bindings[(scope, name)] <= entered
                    for scope in scope_chain(definition) if scope):
                # `callback()`: a parameter or variable of the function, no definition; but an alias is what it names,
                # and an instance's call its `__call__`
                held = variable(name, definition)
                # (Django's `receiver = receiver()`, then `receiver(..)`: the local itself, no module function's result)
                qualifier = aliased(name, definition) or holds_instances(held) and not all(
                    head_name(value) == name for value in held or ()) and instance_call(known(name, definition)) \
                    or "local"
        elif edge_type == "USES" and node.type == "identifier" and any(
                (scope, name) in bindings for scope in scope_chain(definition) if scope):
            qualifier = "local"  # `isinstance(x, Model)`, Model a parameter or variable of the function
        elif edge_type == ATTRIBUTE_READ:  # `self.timeout`, `client.timeout`: its receiver, as a call's
            qualifier = receiver_of(node.child_by_field_name("object"), definition)
            if _CLASS_NAME.match(qualifier):  # `Symbol.debug_indent`, `Color.RED`: a class read by its name
                qualifier = ":=" + qualifier
        elif edge_type == "INHERITS" and node.type == "attribute":  # `t.Generic`: the query marks the attribute
            qualifier = _text(source, node.child_by_field_name("object"))
        elif edge_type == "USES" and node.type == "attribute":  # `except httpx.HTTPStatusError`'s `httpx`
            qualifier = _text(source, node.child_by_field_name("object"))
        elif edge_type == "USES" and node.named_children and node.named_children[0].type == "attribute":
            qualifier = _text(source, node.named_children[0].child_by_field_name("object"))  # `-> t.Optional`'s `t`
        elif edge_type == "IMPORTS":
            qualifier = import_binding(source, node, name, module)
        if qualifier is not None:
            qualifiers[position] = qualifier
    exported = []
    for (scope, name), definition in sorted(visible.items(), key=lambda item: item[0]):
        values = expanded(bindings[(scope, name)], definition)
        if values and "?" not in values:
            exported.append((name.removeprefix("self."), scope or None, lines[(scope, name)], "|".join(sorted(values))))
        found = elements.get((scope, name))
        if scope and found and "?" not in found:  # a class's attribute declared a collection: its elements' classes
            exported.append((name.removeprefix("self.") + ELEMENTS, scope, lines[(scope, name)],
                             "|".join(sorted(found))))
        values = mapped.get((scope, name))
        found = values if values and "?" not in values or (scope, name) in mappings else found
        if scope and found and "?" not in found:  # and its items' (a sequence's elements, a mapping's values)
            exported.append((name.removeprefix("self.") + ITEMS, scope, lines[(scope, name)], "|".join(sorted(found))))

    exported.extend(returned_values(source, enclosed, variable, expanded, chained))
    return qualifiers, exported


def _typed(values: set[str], attributes: Sequence[str] = ()) -> str:
    """`:A|B` for a receiver that holds one of these, `:A::x` for its attribute `x`."""
    if "?" in values or len(values) > 1 and any("::" in value for value in values):
        return "?"  # (an attribute's elements, `Line::leaves[]`, is one value of its own: no union of it is written)
    return ":" + "::".join(["|".join(sorted(values)), *attributes])


def class_method(source: bytes, definition: Any) -> bool:
    """Whether `definition` is a method decorated `@classmethod`, or a function nested in one: its `cls` is the class
    (a metaclass's `def __call__(cls, ..)` has a class of the metaclass as its `cls`, not the metaclass)."""
    while definition is not None and definition.parent is not None and definition.parent.kind != "class":
        definition = definition.parent
    if definition is None or definition.parent is None:
        return False
    decorated = definition.node.parent
    return decorated is not None and decorated.type == "decorated_definition" and any(
        child.type == "decorator" and _text(source, child).strip() == "@classmethod" for child in decorated.children)
