"""How a symbol as an agent writes it names stored definitions: with its language's separators
(`Sinatra::Base`, `AppFactory::create`, `List#add()`), a PHP namespace (`Monolog\\Handler\\StreamHandler`), and a
node's qualified name read back from its id. Shared by the read side (queries.py, graph_queries.py) and the
lookups of names through modules, bases and overloads (module_names.py, inherited_names.py, overload_names.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from .file_roles import listing_order
from .store import Store, qualified_in_node_id


def qualified_from_id(project_id: str, file_path: str, node_id: str) -> str:
    return qualified_in_node_id(project_id, file_path, node_id) or file_path


# Between two parts of a name only: `#retry` is a JS private method's own name, `::Top` Ruby's top level.
_SYMBOL_SEPARATOR = re.compile(r"(?<=\w)(?:::|#|->|\\)(?=\w)")


def dotted_symbol(symbol: str) -> str | None:
    """A symbol written with its language's separators (`Sinatra::Base`, `AppFactory::create`, `List#add()`,
    `Slim\\App`) as qualified names are stored, parts joined by dots; None when it has none of them. Looked up
    beside the symbol as written (a Rust inline module keeps `tests::Fixture.new`, a reopened Ruby class
    `Sinatra::Base`)."""
    text = symbol.strip().removesuffix("()")
    if not _SYMBOL_SEPARATOR.search(text):
        return None
    return ".".join(part for part in _SYMBOL_SEPARATOR.sub(".", text).split(".") if part) or None


def named_as_written(row: Any, symbol: str) -> bool:
    """Whether a definition found by find_definitions has the symbol as written for its qualified name (with
    dots for its language's separators: `Sinatra::Base`), not only for its name: of the exact matches, it
    comes first (flask's variable `request`, then the method `AppContext.request`)."""
    return row["qualified"] in (symbol, dotted_symbol(symbol))


async def definitions_as_written(store: Store, project_id: str, name: str, kind: str | None, limit: int,
                                 file_path: str | None = None) -> list[Any]:
    """`Store.find_definitions` of the name as written and, when it has its language's separators, with dots
    (`Sinatra::Base` is the class `Sinatra.Base`, and also a `class Sinatra::Base` reopened in a test), best
    first: by tier, the product's code before tests (file_roles.listing_order), then centrality."""
    name, namespace = split_namespace(name)
    if namespace:
        return in_namespace(await definitions_as_written(store, project_id, name, kind, limit, file_path), namespace,
                            lambda row: row["file_path"])
    rows = await store.find_definitions(project_id, name, kind, limit, file_path)
    if ".Companion" in name and not any(row["tier"] <= 1 for row in rows):
        # Kotlin's `ByteString.Companion.encodeUtf8` (as Java and imports write it): the parser stores an unnamed
        # companion object's members under its class, `ByteString.encodeUtf8`, and the companion is the class.
        name = ".".join(part for part in name.split(".") if part != "Companion")
        rows = await store.find_definitions(project_id, name, kind, limit, file_path)
    dotted = dotted_symbol(name)
    if dotted is None:
        return rows
    seen = {(row["file_path"], row["lineno"], row["qualified"]) for row in rows}
    rows += [row for row in await store.find_definitions(project_id, dotted, kind, limit, file_path)
             if (row["file_path"], row["lineno"], row["qualified"]) not in seen]
    return sorted(rows, key=lambda row: (row["tier"], listing_order(row["file_path"]),
                                         not named_as_written(row, name), -(row["centrality_score"] or 0.0),
                                         row["file_path"], row["lineno"]))[:limit]


Found = TypeVar("Found")


def split_namespace(symbol: str) -> tuple[str, list[str]]:
    """A PHP name written with its namespace, as a `use` line has it (`Monolog\\Handler\\StreamHandler::write`): the
    name after it and the namespace's parts (a stored qualified name holds no namespace); (symbol, []) without one."""
    text = symbol.strip().strip("\\")
    if "\\" not in text:
        return symbol, []
    namespace, _, rest = text.rpartition("\\")
    return rest, [part for part in namespace.split("\\") if part]


def in_namespace(found: list[Found], namespace: list[str], path_of: Callable[[Found], str]) -> list[Found]:
    """Of definitions found for a name written with its namespace, those in a folder the namespace names
    (`src/Monolog/Handler/`, else `Handler/`), or all of them when none is (a PSR-4 prefix: `App\\` in `src/`)."""
    for start in range(len(namespace)):
        folder = "/" + "/".join(namespace[start:]) + "/"
        inside = [each for each in found if folder in "/" + path_of(each)]
        if inside:
            return inside
    return found
