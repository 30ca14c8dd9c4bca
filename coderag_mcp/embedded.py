"""Code embedded in another file: the `<script>` blocks of Svelte and Vue components.

A component is parsed as its script: every byte outside the script blocks is blanked (newlines
kept), so the JavaScript or TypeScript grammar sees the script at its true byte offsets and every
definition and reference keeps its line in the `.svelte`/`.vue` file. The markup and styles are
not code to the script's grammar; they stay in the file's module chunks, searchable as text.
Pure, as parse.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `<script>`, `<script lang="ts">`, `<script setup lang='ts'>`, `<script context="module">`; the
# block ends at the first `</script>` (a script cannot contain that text unescaped).
_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPESCRIPT = re.compile(rb"""\blang\s*=\s*["']?(ts|typescript)\b""", re.IGNORECASE)
# Scripts that are data, not code (`<script type="application/ld+json">`) are left out.
_NOT_CODE = re.compile(rb"""\btype\s*=\s*["']?(?!(text/|application/)?(javascript|typescript|module)\b)""",
                       re.IGNORECASE)


_NOT_NEWLINE = re.compile(rb"[^\n]")


@dataclass(frozen=True)
class ScriptView:
    language: str  # "javascript" or "typescript"
    # The file with everything outside its script blocks replaced by spaces; same length.
    code: bytes


def script_view(source: bytes) -> ScriptView:
    """The component as its scripts see it: TypeScript when any block says `lang="ts"`."""
    kept = bytearray(_NOT_NEWLINE.sub(b" ", source))
    typescript = False
    for match in _SCRIPT.finditer(source):
        attributes = match.group(1)
        if _NOT_CODE.search(attributes):
            continue
        typescript = typescript or bool(_TYPESCRIPT.search(attributes))
        kept[match.start(2):match.end(2)] = match.group(2)
    return ScriptView("typescript" if typescript else "javascript", bytes(kept))
