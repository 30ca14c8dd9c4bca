r"""The namespaces PHP and C# files declare, for the names a file writes with one.

PHP: `new \DateTimeImmutable()` is PHP's own class, `extends \Foo\Base` the Base that a file declaring `namespace
Foo;` defines, and `use GuzzleHttp\Exception\X;` the file defining X in `GuzzleHttp\Exception`, wherever a Composer
autoload prefix put it (`src/Exception/X.php`). C#: a `using` names a namespace, which a project's folders often write
without its root (src/ApplicationCore/Entities/), and the types of a file's own namespace, and of those around it,
need no `using` (name_index.GraphIndex.csharp_namespace_files, csharp_namespaces.py).

The stored definitions hold no namespace (a class's qualified name is its own): the parser reads each file's
declarations from its head (`namespaces_in_head`) and keeps them as the signature of the file's module node
(`namespace Monolog\Handler`, one line each); the link reads them back with the nodes. A file indexed before they
were kept is read from its head when a name written with one is looked up, once per file per link. A file that
cannot be read, or a link without the project's folder, tells nothing: its classes stay candidates, as they were
before namespaces were read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from .paths import open_regular
from .store import GraphNode

# A namespace declaration (`namespace Monolog\Handler;`, `namespace Foo {`) at the start of a line; PHP allows one
# only before any other code but `declare`, so it is near the top of a file.
_DECLARATION = re.compile(rb"^[ \t]*namespace[ \t]+([A-Za-z_\x80-\xff][\w\x80-\xff\\]*)[ \t]*[;{]", re.MULTILINE)
# C#'s: a file-scoped one (`namespace A.B;`) or a block, whose brace may open on the next line.
_CSHARP_DECLARATION = re.compile(
    rb"^[ \t]*namespace[ \t]+(?:global::)?([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)\s*[;{]", re.MULTILINE)
# How much of a file's head is read for it (a licence header and `declare(strict_types=1);` come first).
HEAD_BYTES = 16_384
# Files whose namespaces are held before the memo is emptied.
MEMO_MAX = 20_000
# The files whose namespaces the parser keeps.
NAMESPACE_ENDINGS = (".cs", ".php")
# The longest signature code_nodes holds (vlt's VARCHAR(1024)); a file declaring more is read from its head.
_SIGNATURE_MAX = 1024


def namespaces_in_head(path: str, head: bytes) -> tuple[str, ...]:
    """Every namespace a C# or PHP file's first HEAD_BYTES declare, in their order (none: the global one)."""
    if path.endswith(".cs"):
        return tuple(re.sub(r"\s", "", name.decode("utf-8", "replace")) for name in _CSHARP_DECLARATION.findall(head))
    return tuple(name.decode("utf-8", "replace").strip("\\") for name in _DECLARATION.findall(head))


def module_signature(namespaces: tuple[str, ...]) -> str | None:
    """The signature of a file's module node that keeps its namespaces ('' for none); None when too long."""
    signature = "\n".join(f"namespace {name}" for name in namespaces)
    return signature if len(signature) <= _SIGNATURE_MAX else None


def signature_namespaces(signature: str) -> tuple[str, ...]:
    """The namespaces a module node's signature keeps (module_signature)."""
    return tuple(line.removeprefix("namespace ") for line in signature.split("\n")) if signature else ()


def written_namespace(module: str | None) -> str | None:
    """The namespace a class name written fully qualified names (`\\Foo\\Bar` -> `Foo`; `\\DateTime` -> '': the
    global one); None for a name written otherwise (`Bar`, `Foo\\Bar`: relative to the file's namespace and
    imports)."""
    if not module or not module.startswith("\\"):
        return None
    return module.strip("\\").rpartition("\\")[0]


class DeclaredNamespaces:
    """Each PHP or C# file's namespace as it declares it ('' for none: the global one), as the parser kept it
    (`recorded`: a file's namespaces, by its path) or else read from the project's folder."""

    def __init__(self, root: str | None, recorded: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.root = root
        self.recorded = recorded or {}  # (as the parser kept them: a file's module node's signature)
        self._known: dict[str, str | None] = {}
        self._several: set[str] = set()  # files declaring more than one namespace (a test's `namespace Acme;` first)
        self._every: dict[str, tuple[str, ...]] = {}  # (those files' namespaces)

    def of(self, path: str) -> str | None:
        """The namespace `path` (relative to the project's folder) declares; None when it cannot be read."""
        if path in self._known:
            return self._known[path]
        if len(self._known) > MEMO_MAX:
            self._known.clear()
            self._several.clear()
            self._every.clear()
        declared = None
        found = self.recorded.get(path)
        if found is None and self.root is not None:
            try:
                with open_regular(os.path.join(self.root, path)) as handle:
                    found = namespaces_in_head(path, handle.read(HEAD_BYTES))
            except OSError:
                found = None
        if found is not None:
            declared = found[0] if found else ""
            if len({name.lower() for name in found}) > 1:
                self._several.add(path)
                self._every[path] = found
        self._known[path] = declared
        return declared

    def every(self, path: str) -> tuple[str, ...]:
        """Every namespace the file declares (none when it cannot be read; '' for the global one)."""
        declared = self.of(path)
        return () if declared is None else self._every.get(path, (declared,))

    def sole(self, path: str) -> str | None:
        """The one namespace the whole file is in; None when it cannot be read or declares several."""
        declared = self.of(path)
        return None if path in self._several else declared

    def declares(self, path: str, namespace: str) -> bool:
        """Whether the file may define a class of `namespace` (a file that cannot be read may)."""
        declared = self.of(path)
        return declared is None or declared.lower() == namespace.lower()

    def may_define(self, path: str, written: str | None) -> bool:
        """Whether the file may define a class a PHP file wrote as `written` (a reference's module: `\\Foo\\Bar` only
        in a file of namespace Foo, `\\Bar` in one of none; a name written otherwise, or None, anywhere)."""
        namespace = written_namespace(written)
        return namespace is None or self.declares(path, namespace)


def by_namespace(namespaces: DeclaredNamespaces, path: str, module: str | None, nodes: list[GraphNode],
                 function: bool = False) -> tuple[list[GraphNode], str] | None:
    """Of the project's classes (or, with `function`, functions) of the name a PHP file writes, not imported by a
    `use`, those PHP means, and how they are found. Written alone (`new TestHandler()`, `extends AbstractHandler`),
    those of the file's own namespace (LOCAL): PHP looks a class up there and nowhere else; a function not found there
    is the global namespace's (NAME: PHP's own functions come first). Written fully qualified (`extends
    \\Monolog\\Test\\MonologTestCase`, `\\json_decode(..)`), those of the namespace written (MEMBER). None when that
    cannot be told: a name written relative to an import (`Handler\\TestHandler`), a file that cannot be read, a file
    declaring several namespaces."""
    if module is None:
        wanted, how = namespaces.sole(path), "LOCAL"
    else:
        wanted, how = written_namespace(module), "MEMBER"
    if wanted is None:
        return None
    theirs = [(node, namespaces.of(node.file_path)) for node in nodes]
    if any(namespace is None for _node, namespace in theirs):
        return None
    found = [node for node, namespace in theirs if namespace is not None and namespace.lower() == wanted.lower()]
    if not found and function and module is None:
        return [node for node, namespace in theirs if namespace == ""], "NAME"
    return found, how
