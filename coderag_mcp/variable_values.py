"""What a file-level variable's declaration says it holds, read from its node's signature (its first line), for a call
written on the variable's name where no binding types it: another file imports it, or (Go) declares it in another
file of the package (typed_graph.TypedResolver.variable_instances). A type written, a class made, a function's result;
None when the declaration says none of these.

    const api: KyInstance = ..       -> KyInstance      var echoCmd = &cobra.Command{   -> cobra.Command
    export const client = new Client() -> Client        var defaultClient = NewClient() -> NewClient()
    const ky = createInstance();     -> createInstance()
"""

from __future__ import annotations

import re

from .type_names import type_name

# JavaScript's and TypeScript's: `const|let|var name[: Type] = value`.
_JS_DECLARATION = re.compile(r"^(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::\s*(?P<type>[^=]+?))?\s*=\s*"
                             r"(?P<value>.*)$")
# Go's: `var name [Type] [= value]` (or a line of a `var (..)` block, without `var`).
_GO_DECLARATION = re.compile(r"^(?:var\s+)?\w+(?:\s+(?P<type>[^=\s][^=]*?))?\s*(?:=\s*(?P<value>.*))?$")
# A value made by `new X(..)` (JS), or a Go composite literal `&X{` / `X{`.
_MADE = re.compile(r"^new\s+([\w$.]+)\s*[(<]")
_COMPOSITE = re.compile(r"^&?\s*([\w.]+)\s*\{")
# A function's result, `f(..)` or `a.f(..)`, nothing after it (no chain).
_CALLED = re.compile(r"^&?([\w$]+(?:\.[\w$]+)?)\s*\((?:[^()]|\([^()]*\))*\)\s*;?\s*$")


def js_variable_value(signature: str) -> str | None:
    """What `instances` reads of a JavaScript or TypeScript variable's declaration (see the module's doc)."""
    match = _JS_DECLARATION.match(signature)
    if match is None:
        return None
    if match.group("type"):
        return type_name(match.group("type"))
    return _made(match.group("value"), _MADE)


def go_variable_value(signature: str) -> str | None:
    """What `instances` reads of a Go variable's declaration (see the module's doc); a slice's is its element's."""
    match = _GO_DECLARATION.match(signature.strip())
    if match is None:
        return None
    written = match.group("type")
    if written and not written.lstrip("*[").startswith(("func", "map", "chan", "struct", "interface")):
        held = written.strip().lstrip("*")
        return held if re.fullmatch(r"[\w.]+", held) else None
    return _made(match.group("value") or "", _COMPOSITE)


def _made(value: str, made: re.Pattern[str]) -> str | None:
    found = made.match(value)
    if found is not None:
        return found.group(1)
    called = _CALLED.match(value)
    return f"{called.group(1)}()" if called is not None else None
