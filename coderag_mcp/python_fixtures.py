"""pytest fixtures as the parser sees them (pure, per file): which functions are fixtures, and which parameters of
tests and fixtures ask for one.

A test's parameter named like a fixture is a use of it (pytest calls the fixture and passes what it returns), but no
call, import or name in the code says so: find_references of flask's `app` fixture (tests/conftest.py) said 0
references, though hundreds of tests take `app`. The parser stores:
- each fixture (a function decorated `@pytest.fixture`, `@pytest.fixture(...)`, `@fixture`, `@pytest_asyncio.fixture`)
  as a binding of its fixture name (its function's, or `name="..."`'s) to the function, marked FIXTURE (`@fixture=`
  then the function's qualified name): a structure row, which the link reads of every file, conftest.py's too;
- each parameter of a test (a function or method whose name starts with `test`) or of a fixture that may be a
  fixture (no default value, no `*args`, not a method's `self`) as a USES reference marked FIXTURE_MODULE, which
  python_graph.py ties to the fixture pytest would pass: the test's class's, its module's, then the nearest
  conftest.py's up the folders (a fixture asking for its own name gets the one further up, as pytest overrides).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tree_sitter import Node

if TYPE_CHECKING:  # (definitions.py reads python_qualifiers.py, which asks this module which functions are tests)
    from .definitions import Definition

# The module a stored fixture use carries (a USES reference has no other module): python_graph.py and
# find_references tell it from an annotation's by it.
FIXTURE_MODULE = "@fixture"
# What a fixture's binding holds: this, then the qualified name of its function.
FIXTURE = "@fixture="

_FIXTURE_DECORATORS = frozenset({"fixture", "pytest.fixture", "pytest_asyncio.fixture"})
_PLAIN_PARAMETERS = ("identifier", "typed_parameter")


def _text(source: bytes, node: Node) -> str:
    return source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def fixture_name(source: bytes, definition: Definition) -> str | None:
    """The name a fixture is asked for by (its function's, or the decorator's `name="..."`), None if the definition is
    no fixture."""
    if definition.span.type != "decorated_definition":
        return None
    for decorator in definition.span.children:
        if decorator.type != "decorator" or not decorator.named_children:
            continue
        expression = decorator.named_children[0]
        arguments = None
        if expression.type == "call":
            expression, arguments = expression.child_by_field_name("function"), expression.child_by_field_name("arguments")
        if expression is None or _text(source, expression) not in _FIXTURE_DECORATORS:
            continue
        for argument in arguments.named_children if arguments is not None else ():
            if argument.type == "keyword_argument" and _text(source, argument.child_by_field_name("name")) == "name":
                value = argument.child_by_field_name("value")
                if value is not None and value.type == "string":
                    return _text(source, value).strip("\"'") or definition.name
        return definition.name
    return None


def fixture_parameters(source: bytes, definition: Definition) -> frozenset[str]:
    """The names of the parameters pytest passes fixtures to, when this is a test (a function or method whose name
    starts with `test`) or a fixture; none otherwise."""
    if definition.kind not in ("function", "method") or not (
            definition.name.startswith("test") or fixture_name(source, definition) is not None):
        return frozenset()
    return frozenset(_text(source, parameter) for parameter in _parameters(source, definition))


def _parametrized(source: bytes, definition: Definition) -> set[str]:
    """The names `@pytest.mark.parametrize("a, b", ...)` gives values to, on the test or its class: pytest passes those,
    not a fixture of the name (unless `indirect=True`, or a list of them with `indirect=[...]`)."""
    names: set[str] = set()
    for owner in (definition, definition.parent):
        if owner is None or owner.span.type != "decorated_definition":
            continue
        for decorator in owner.span.children:
            call = decorator.named_children[0] if decorator.type == "decorator" and decorator.named_children else None
            function = call.child_by_field_name("function") if call is not None and call.type == "call" else None
            if function is None or not _text(source, function).endswith("mark.parametrize"):
                continue
            arguments = call.child_by_field_name("arguments")
            given = arguments.named_children if arguments is not None else []
            first = given[0] if given else None
            strings = [first] if first is not None and first.type == "string" else (
                [child for child in first.named_children if child.type == "string"]
                if first is not None and first.type in ("list", "tuple") else [])
            written = {part.strip() for string in strings for part in _text(source, string).strip("\"'").split(",")}
            indirect = next((argument.child_by_field_name("value") for argument in given
                             if argument.type == "keyword_argument"
                             and _text(source, argument.child_by_field_name("name")) == "indirect"), None)
            if indirect is not None and indirect.type == "true":
                continue
            if indirect is not None and indirect.type in ("list", "tuple"):
                written -= {_text(source, child).strip("\"'") for child in indirect.named_children}
            names |= written
    return names


def _parameters(source: bytes, definition: Definition) -> list[Node]:
    """The parameters that may ask for a fixture: plain names (typed or not), not a method's first (`self`), nor one a
    `parametrize` mark gives values to."""
    parameters = definition.node.child_by_field_name("parameters")
    parametrized = _parametrized(source, definition) if b"parametrize" in source else set()
    found = []
    for position, parameter in enumerate(parameters.named_children if parameters is not None else ()):
        if parameter.type not in _PLAIN_PARAMETERS or (position == 0 and definition.kind == "method"):
            continue
        if parameter.type == "typed_parameter":
            parameter = next((child for child in parameter.named_children if child.type == "identifier"), None)
        if parameter is not None and _text(source, parameter) not in parametrized:
            found.append(parameter)
    return found


def pytest_fixtures(source: bytes, definitions: Sequence[Definition]
                    ) -> tuple[list[tuple[str, int, str]], list[tuple[str, str | None, int, str]]]:
    """The fixture uses, (parameter name, line, qualified name of the test or fixture), and the fixtures, as bindings
    (fixture name, qualified name of the class or None for the module, line, FIXTURE + function qualified name)."""
    if b"fixture" not in source and b"def test" not in source:
        return [], []
    uses: list[tuple[str, int, str]] = []
    fixtures: list[tuple[str, str | None, int, str]] = []
    for definition in definitions:
        if definition.kind not in ("function", "method"):
            continue
        name = fixture_name(source, definition)
        if name is not None:
            parent = definition.parent
            if parent is None or parent.kind == "class":  # (a fixture inside a function is no one's)
                scope = parent.qualified_name if parent is not None else None
                fixtures.append((name, scope, definition.node.start_point[0] + 1, FIXTURE + definition.qualified_name))
        elif not definition.name.startswith("test"):
            continue
        for parameter in _parameters(source, definition):
            uses.append((_text(source, parameter), parameter.start_point[0] + 1, definition.qualified_name))
    return uses, fixtures
