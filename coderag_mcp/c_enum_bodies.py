"""C and C++ enums whose enumerators an X-macro writes, which tree-sitter-c and tree-sitter-cpp cannot read: libuv's
uv.h

    typedef enum {
    #define XX(code, _) UV_ ## code = UV__ ## code,
      UV_ERRNO_MAP(XX)
    #undef XX
      UV_ERRNO_MAX = UV__EOF - 1
    } uv_errno_t;

(and `UV_REQ_TYPE_PRIVATE`, a macro name alone on its line between two enumerators; jemalloc's
`MUTEX_PROF_GLOBAL_MUTEXES`; jq's `#include "opcode_list.h"` between a `#define OP` and an `#undef OP`). The grammars
read an enumerator list as enumerators separated by commas: a `#define`, `#undef` or `#include` there, or a macro
call or name with no comma after it, is an ERROR, and uv.h was one ERROR from its include guard on (get_status told
line 192; its 300-odd `UV_EXTERN` prototypes were no definitions). Such lines are blanked before parsing, byte for
byte (c_rewrites.py), and the calls and includes they held are read apart (c_blanked_lines.py, which parse.py reads as
c_macro_bodies' macro bodies): `uv_errno_t` still calls `UV_ERRNO_MAP`, bytecode.h still includes opcode_list.h.
Pure, like parse.py.
"""

from __future__ import annotations

import re

from .source_rewrites import blanked

# (`enum` is found first, at C speed, then what follows it; `enum class X : int {` in C++)
_ENUM = re.compile(rb"enum(?:[ \t]+(?:class|struct))?(?:\s+[A-Za-z_]\w*)?(?:[ \t]*:[^{};()]*)?\s*\{")
_COMMENT = rb"(?:/\*(?:[^*\n]|\*(?!/))*\*/[ \t]*|//[^\n]*)?"
_ARGUMENTS = rb"\((?:[^()\n]|\([^()\n]*\))*\)"
# A line of the body: a directive the grammar cannot place there (with the lines a `\` continues it on), a macro
# call, or a name with nothing after it.
_DIRECTIVE = re.compile(rb"[ \t]*#[ \t]*(?:define|undef|include)\b(?:[^\n]*\\\r?\n)*[^\n]*")
_CALL = re.compile(rb"[ \t]*[A-Za-z_]\w*[ \t]*" + _ARGUMENTS + rb"[ \t]*" + _COMMENT + rb"\r?$", re.MULTILINE)
_NAME = re.compile(rb"[ \t]*[A-Za-z_]\w*[ \t]*" + _COMMENT + rb"\r?$", re.MULTILINE)
# What the last code before a line ends with when that line begins a new enumerator (`{`, or the `,` after one);
# after an operator the line goes on with an expression (jq's `NUM_OPCODES =` / `#define OP(..) +1` / `#include`).
_CONTINUES = frozenset(b"=(<>|&+-*/%^!~?:")
_LINE_COMMENTS = re.compile(rb"/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*")

DIRECTIVE, CALL, NAME = "directive", "call", "name"


def enum_macro_lines(code: bytes) -> list[tuple[int, int, str]]:
    """The lines of enum bodies the grammars cannot read: (start, end, what it is), in the file's order."""
    found: list[tuple[int, int, str]] = []
    position = 0
    while (start := code.find(b"enum", position)) >= 0:
        position = start + 4
        if start and (code[start - 1:start].isalnum() or code[start - 1] == 95):  # `my_enum {`: 95 is "_"
            continue
        opening = _ENUM.match(code, start)
        if opening is None:
            continue
        closing = code.find(b"}", opening.end())  # (an enum's body holds no brace)
        if closing < 0:
            break
        found.extend(_body_lines(code, opening.end(), closing))
        position = closing
    return found


def enum_macro_lines_blanked(code: bytes) -> bytes:
    """The code with each such line blanked (byte for byte, its newlines kept)."""
    if b"enum" not in code:
        return code
    lines = enum_macro_lines(code)
    if not lines:
        return code
    edited = bytearray(code)
    for start, end, _kind in lines:
        edited[start:end] = blanked(code[start:end])
    return bytes(edited)


def _body_lines(code: bytes, start: int, end: int) -> list[tuple[int, int, str]]:
    """Such lines of the body between `start` (after its `{`) and `end` (its `}`)."""
    lines: list[tuple[int, int, str]] = []  # each line of code: (start, end, kind or None)
    at = code.find(b"\n", start, end) + 1
    if at == 0:
        return []
    while at < end:
        line_end = code.find(b"\n", at, end)
        line_end = end if line_end < 0 else line_end
        if (directive := _DIRECTIVE.match(code, at, end)) is not None:
            line_end = directive.end()
            lines.append((at, line_end, DIRECTIVE))
        elif code[at:line_end].strip():
            kind = CALL if _CALL.match(code, at, line_end) else NAME if _NAME.match(code, at, line_end) else None
            lines.append((at, line_end, kind))
        at = line_end + 1
    # Which of them go: walked with the last code character kept (the `{`, or what the last line kept ends with; an
    # int, as bytes' items are).
    found: list[tuple[int, int, str]] = []
    last = (_LINE_COMMENTS.sub(b"", code[start:lines[0][0]]).strip() or b"{")[-1] if lines else ord("{")
    for index, (line_start, line_end, kind) in enumerate(lines):
        text = _LINE_COMMENTS.sub(b"", code[line_start:line_end]).strip()
        if kind == DIRECTIVE:
            if last not in _CONTINUES:
                found.append((line_start, line_end, kind))
            continue
        if not text:  # a comment's line
            continue
        if kind is not None and last in b",{":
            if kind == CALL or _enumerator_follows(code, lines[index + 1:], end):
                found.append((line_start, line_end, kind))
                continue
        last = text[-1]
    return found


def _enumerator_follows(code: bytes, after: list[tuple[int, int, str | None]], end: int) -> bool:
    """Whether the next line of code (directives passed over) begins an enumerator: a name alone on its line between
    two enumerators is a macro that writes some (`UV_REQ_TYPE_PRIVATE` before `UV_REQ_TYPE_MAX`); before the `}`, or
    an `#else`, it may be the last enumerator, written without its comma."""
    for line_start, line_end, kind in after:
        if kind == DIRECTIVE:
            continue
        text = _LINE_COMMENTS.sub(b"", code[line_start:line_end]).strip()
        if text:
            return text[:1].isalpha() or text[:1] == b"_"
    return False
