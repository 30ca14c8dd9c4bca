"""Preprocessor lines that tree-sitter-c and tree-sitter-cpp cannot place, blanked byte for byte so that offsets and
lines stay: before parsing (c_rewrites.py applies it), an `#if` group whose branches do not balance their braces or
that stands inside a declaration, and an `#include` or `#define` inside an initializer list, read as a compiler
given each such group's first branch reads them, and a comment inside a `#define`'s body before the backslash that
continues it; and, when a header does not parse whole, its include guard (tried by parse_trees.repaired, kept when
the header reads better without it).
"""

from __future__ import annotations

import re

from .source_rewrites import blanked

# A header's include guard (`#ifndef FMT_FORMAT_H_` / `#define FMT_FORMAT_H_` ... `#endif`): tree-sitter reads the
# header as one `#ifndef` node, and one place it cannot read inside (fmt's `template <typename T,
# FMT_ENABLE_IF(...)>`) turns the whole of it into one ERROR node (format.h: 33-4431, base.h: 8-2959), where a
# file read at the top level loses only that place. The `#ifndef` and its `#endif` are blanked; the `#define` stays.
_GUARD_START = re.compile(rb"(#[ \t]*ifndef[ \t]+(\w+)[^\n]*)\n[ \t]*#[ \t]*define[ \t]+\2\b")
_ENDIF = re.compile(rb"(?m)^[ \t]*#[ \t]*endif\b[^\n]*")
_COMMENT = re.compile(rb"/\*.*?\*/|//[^\n]*", re.DOTALL)
# What may come before the guard: blanks and comments. (Passed over as such, not by looking for the first `#`: a
# licence comment may hold one, uv.h's `https://github.com/libuv/libuv#documentation`, and was read as the first
# directive, so the header's guard was never tried.)
_LEADING_COMMENTS = re.compile(rb"(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*)*")


def include_guard(code: bytes) -> bytes:
    """The code with its include guard's `#ifndef` and `#endif` lines blanked (byte for byte)."""
    start = _LEADING_COMMENTS.match(code).end()
    if code[start:start + 1] != b"#":
        return code
    guard = _GUARD_START.match(code, start)
    endifs = list(_ENDIF.finditer(code))
    if guard is None or not endifs or _COMMENT.sub(b"", code[endifs[-1].end():]).strip():
        return code
    end = endifs[-1]
    edited = bytearray(code)
    edited[guard.start(1):guard.end(1)] = b" " * (guard.end(1) - guard.start(1))
    edited[end.start():end.end()] = b" " * (end.end() - end.start())
    return bytes(edited)


# A block comment followed by the `\` that continues a `#define` onto the next line: libuv's uv.h writes its struct
# fields' macros so (`#define UV_REQ_FIELDS \` / `  /* public */ \` / `  void* data; \` / `  /* read-only */ \` /
# `  uv_req_type type; \`). tree-sitter-c ends the `#define` at the comment (it reads one as a token between others,
# and the `\` after it as nothing), and the body's lines after it are read as the file's own declarations: variables
# `type` and `reserved` of uv.h, and `UV_REQ_PRIVATE_FIELDS` before `struct uv_req_s {` the type of a function
# named `uv_req_s`. The comment is blanked (the preprocessor takes comments out before it reads a directive).
# (Found by its end, `*/` before the backslash: a pattern that starts with a literal is searched for at C speed, and
# there are fewer such ends than comments; its start read back on its line.)
_CONTINUED_COMMENT_END = re.compile(rb"\*/[ \t]*\\\r?\n")


def continued_comments(code: bytes) -> bytes:
    """The code with each such comment blanked (byte for byte)."""
    if b"*/" not in code or b"\\\n" not in code and b"\\\r\n" not in code:
        return code
    edited = None
    for end in _CONTINUED_COMMENT_END.finditer(code):
        start = code.rfind(b"/*", code.rfind(b"\n", 0, end.start()) + 1, end.start())
        if start >= 0:  # (a comment of one line)
            edited = edited or bytearray(code)
            edited[start:end.start() + 2] = blanked(code[start:end.start() + 2])
    return code if edited is None else bytes(edited)


# A preprocessor conditional whose branches each open or close a brace that a later group closes or opens: jq's
# jv_print.c opens `} else {` under `#ifdef USE_DECNUM` (line 258) and closes it under a second `#ifdef USE_DECNUM`
# (275). tree-sitter reads each group as a unit, so `jv_dump_term` ran to the end of the file (219-443, ends at 387)
# and `jv_dumpf` and `jv_dump` after it were not read. The same for a group inside a declaration, after a line that
# ends none (fmt's `template <typename OutputIt, ...>` / `#if FMT_CLANG_VERSION ...` / `__attribute__(...)` /
# `#endif` / `FMT_CONSTEXPR20 inline auto reserve(...)`, format.h:467). Such a group is read as a compiler given
# its first branch reads it: the directive lines and the later branches blanked. A group whose branches all open
# as many braces (none, or one each) stays: tree-sitter reads it, and an `#else` branch may define what the first
# does not.
_DIRECTIVE_LINE = re.compile(rb"(?m)^[ \t]*#[ \t]*(\w+)")
_CONDITIONALS = {b"if", b"ifdef", b"ifndef", b"elif", b"elifdef", b"elifndef", b"else", b"endif"}
_LITERAL_OR_BRACE = re.compile(rb'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*|\*/|[{}]')
# What a line ends with inside a declaration or an expression. (Not `)`: fmt's base.h writes
# `FMT_PRAGMA_MSVC(warning(push))` without a `;` before the `#if` groups that define its macros.)
_CONTINUES = b",(<>=|&+-*?"
# C++: a constructor's `:` before its initializers (leveldb's `Limiter(int max_acquires)` / `:` / `#if
# !defined(NDEBUG)` / `max_acquires_(max_acquires),` / `#endif`: the class never closed, and the 138 classes and
# functions after it in env_posix.cc and env_windows.cc were read as Limiter's).
_INITIALIZER_COLON = re.compile(rb"\)[ \t]*(?:(?:noexcept|override|const)[ \t]*)*\r?\n?[ \t]*:[ \t]*\r?\n?\Z")


class _Group:
    """An `#if` ... `#endif` group: its directive lines, the line each branch starts on and the braces each
    opens less those it closes, and whether it stands inside a declaration."""

    def __init__(self, line: int, inside: bool) -> None:
        self.directives = [line]
        self.balances = [0]
        self.inside = inside


def unbalanced_branches(code: bytes, *, cpp: bool = False) -> bytes:
    """The code with each group above read as its first branch, and each `#include`, `#define` or `#undef`
    inside an initializer list blanked (byte for byte, lines kept). `cpp`: a group after a constructor's `:` stands
    inside a declaration too.

    The code between two directives is read as one text (`_read_line` over all its lines), not line by line: a
    line's tokens, the braces they open and the last character of code before each are the same either way, and a
    Python loop over every line was most of the time (jq's files: 40% of their parse)."""
    if b"#" not in code:
        return code
    lines = code.split(b"\n")
    groups: list[_Group] = []
    blanked: set[int] = set()
    braces: list[bool] = []  # per open brace: whether it opens an initializer list
    in_comment = False
    last = b";"  # the last character of code read before the line
    position = 0  # where the code not yet read begins (a line's start)
    counted, counted_to = 0, 0  # a line's number and its start, counted on from there
    for directive in _DIRECTIVE_LINE.finditer(code):
        if directive.start() < position:
            continue  # a line of a directive continued by a `\`
        segment = code[position:directive.start()]
        in_comment, balance, ends = _read_line(segment, in_comment, braces, last)
        last = ends or last
        if groups:
            groups[-1].balances[-1] += balance
        position = directive.start()
        if in_comment:
            continue  # a `#` line inside a block comment: text, read with what follows
        number = counted + code.count(b"\n", counted_to, directive.start())
        counted, counted_to = number, directive.start()
        end = number
        while lines[end].rstrip(b"\r").endswith(b"\\") and end + 1 < len(lines):
            end += 1
        # (a comment opened on a directive line goes on: hiredis.h's `#define REDIS_OPT_NO_PUSH_AUTOFREE 0x08
        # /* Don't ...` / `* free RESP3 PUSH replies. */`)
        for line in lines[number:end + 1]:
            in_comment = _read_line(line, in_comment, [], last)[0]
        position = directive.start() + sum(len(line) + 1 for line in lines[number:end + 1])
        word = directive.group(1)
        if word not in _CONDITIONALS:
            # jq's builtin.c: `function_list[] = {` / `#include "libm.h"` / `#define BINOP(name) CFUNC(...),`:
            # tree-sitter-c ended the list there, and `gen_last_1` after it was not read.
            if braces and braces[-1] and word in (b"include", b"define", b"undef"):
                blanked.update(range(number, end + 1))
        elif word.startswith(b"if"):
            groups.append(_Group(number, last in _CONTINUES or (
                cpp and last == b":" and _INITIALIZER_COLON.search(segment) is not None)))
        elif groups and word == b"endif":
            group = groups.pop()
            group.directives.append(number)
            # (jq's main.c: `#ifdef WIN32` ... `int umain(...) {` `#else` `int main(...) {` `#endif`: each branch
            # opens one, and tree-sitter reads that as written; a group without `#else` has an empty one)
            has_else = any(lines[line].lstrip().lstrip(b"#").lstrip().startswith(b"else")
                           for line in group.directives[1:-1])
            balances = group.balances if has_else else group.balances + [0]
            if len(set(balances)) > 1 or group.inside:
                blanked.update(group.directives)
                for start, stop in zip(group.directives[1:], group.directives[2:]):
                    blanked.update(range(start, stop))
            if groups:
                groups[-1].balances[-1] += group.balances[0]
        elif groups:
            groups[-1].directives.append(number)
            groups[-1].balances.append(0)
    if not blanked:
        return code
    for number in blanked:
        lines[number] = b" " * len(lines[number].rstrip(b"\r")) + (b"\r" if lines[number].endswith(b"\r") else b"")
    return b"\n".join(lines)


def _read_line(line: bytes, in_comment: bool, braces: list[bool], last: bytes) -> tuple[bool, int, bytes]:
    """Whether a block comment is open after the line, the braces it opens less those it closes (in literals
    and comments not counted; `braces` follows them), and its last character of code (b"" if it has none)."""
    balance = 0
    position = 0
    ends = b""
    for token in _LITERAL_OR_BRACE.finditer(line):
        text = token.group()
        if in_comment:
            in_comment = text != b"*/"
            position = token.end()
            continue
        code = line[position:token.start()].rstrip()
        if code:
            ends = code[-1:]
        position = token.end()
        if text == b"/*":
            in_comment = True
        elif text.startswith(b"//"):
            pass
        elif text == b"{":
            before = ends or last  # `= {`, or `{` / `,` then `{` inside an initializer list
            braces.append(before == b"=" or (before in (b",", b"{") and bool(braces) and braces[-1]))
            balance += 1
            ends = b"{"
        elif text == b"}":
            if braces:
                braces.pop()
            balance -= 1
            ends = b"}"
        else:
            ends = text[-1:]
    if not in_comment:
        rest = line[position:].rstrip()
        if rest:
            ends = rest[-1:]
    return in_comment, balance, ends
