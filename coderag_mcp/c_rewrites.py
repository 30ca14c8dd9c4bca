"""What tree-sitter-c and tree-sitter-cpp misread in C and C++ files, blanked before parsing, byte for byte so that
offsets and lines stay (LanguageSpec.rewritten): macros written where a declaration's specifiers go, and the lines
of an `#if` group whose branches open or close a brace that another group closes or opens.

Parsing is per file, so which names a project `#define`s is not known here (fmt defines `FMT_CONSTEXPR` in base.h
and writes it in format.h): a macro is told by its spelling (ALL_CAPS, with an `_`) and by where it stands.
"""

from __future__ import annotations

import itertools
import re

from .c_directives import continued_comments, unbalanced_branches
from .c_enum_bodies import enum_macro_lines_blanked
from .grammar_repairs import extern_c_guards
from .source_rewrites import blanked

_CAPS = rb"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"  # FMT_CONSTEXPR, FMT_CONSTEXPR20, REDISMODULE_API (not FILE, not Foo_Bar)
_ARGUMENTS = rb"\((?:[^()\n]|\([^()\n]*\))*\)"
_KEYWORDS = (rb"(?:void|auto|bool|char|wchar_t|char8_t|char16_t|char32_t|int|long|short|unsigned|signed|float|double"
             rb"|const|constexpr|consteval|static|inline|extern|explicit|virtual|friend|template|typename|struct"
             rb"|class|enum|union|using|typedef|operator|decltype|size_t)\b")

# An attribute-like macro before a declaration: fmt's `FMT_CONSTEXPR void set_fill(char c) {` and
# `FMT_CONSTEXPR typed_node(const Arg& arg) : value(arg) {}` in a class, `template <typename T> FMT_CONSTEXPR20 auto
# f(...)`, `FMT_NORETURN FMT_API void report_error(...)`, `FMT_EXPORT template <...> class ...`. tree-sitter-cpp reads
# the macro as a type and what follows as an ERROR: format.h was one ERROR node from line 33 to its end (its
# functions became methods of `size_padding`), base.h's `class buffer` ended at 1777 of 1862. The macros are
# the ones before a keyword, a qualified or templated type, a type and a name, a destructor, or (C++) a
# constructor of a class of the file; a type in capitals before a variable (`LARGE_INTEGER li;`) is none of them.
# A type and a name: `FMT_API void f`, `UV_EXTERN uv_loop_t* uv_default_loop(void)` (libuv's pointer results, each
# an ERROR before), or a pointer to a function: redis's `REDISMODULE_API RedisModuleCommand *(*RedisModule_GetCommand)
# (..)` and `REDISMODULE_API RedisModuleTimerID (*RedisModule_CreateTimer)(..)` (kept, the type was read as a function).
_DECLARATION_MACROS = re.compile(
    rb"(?m)^(?P<before>[ \t]*(?:(?:template[ \t]*<[^\n]*>|static|inline|friend|constexpr|extern|virtual|explicit)"
    rb"[ \t]+)*)(?P<macros>(?:" + _CAPS + rb"(?:[ \t]*" + _ARGUMENTS + rb")?[ \t]+)+)"
    rb"(?=" + _KEYWORDS + rb"|~|[A-Za-z_]\w*(?:::|<)|[A-Za-z_]\w*(?:[ \t]+[*&]*|[*&]+)[ \t]*[A-Za-z_]"
    rb"|[A-Za-z_]\w*[ \t]*\*+[ \t]*\(|[A-Za-z_]\w*[ \t]*\([ \t]*\*|(?P<call>[A-Za-z_]\w*)[ \t]*\()")
# fmt's `class FMT_SO_VISIBILITY("default") format_error : public std::runtime_error {` (format.h:950, not defined
# at all), `struct FMT_API x {`: the macro between the keyword and the class's name.
_CLASS_MACRO = re.compile(
    rb"\b(?:class|struct|union)[ \t]+(?P<macros>(?:" + _CAPS + rb"(?:[ \t]*" + _ARGUMENTS + rb")?[ \t]+)+)"
    rb"(?=[A-Za-z_]\w*[ \t]*(?:[:{<]|final\b|\r?\n))")
# fmt's `if FMT_CONSTEXPR20 (need_copy<T>::value) {` (args.h:188, read as a function `push_back.FMT_CONSTEXPR20`).
_IF_MACRO = re.compile(rb"\bif[ \t]+(?P<macros>" + _CAPS + rb")[ \t]*(?=\()")
# C++ only: a line that is one macro name, fmt's `FMT_BEGIN_NAMESPACE` / `FMT_END_NAMESPACE` / `FMT_BEGIN_EXPORT`
# (a namespace opened and closed by macros: blanked together, the braces stay balanced). In C such a line is as
# often an X-macro list (jq's `BINOPS`) that a reference is read from.
# And (C++) a line that is one macro call without a `;` before a declaration: fmt's
# `FMT_PRAGMA_CLANG(diagnostic ignored "-Wweak-vtables")` above `class FMT_SO_VISIBILITY("default") format_error`.
_MACRO_LINE = re.compile(rb"(?m)^[ \t]*(?P<macros>" + _CAPS + rb"(?:[ \t]*" + _ARGUMENTS + rb"(?=[ \t]*(?://[^\n]*)?\r?\n"
                         rb"(?:[ \t]*(?://[^\n]*)?\r?\n)*[ \t]*(?:template|class|struct|namespace|using|#|"
                         + _CAPS + rb")))?)[ \t]*(?://[^\n]*)?\r?$")
# An attribute-like macro after a declaration's parameters, on a one-line declaration at a line's start: redis's 360
# `REDISMODULE_API void (*RedisModule_Free)(void *ptr) REDISMODULE_ATTR;` (redismodule.h was unread from the first on),
# jemalloc's `void test_skip(const char *format, ...) JEMALLOC_FORMAT_PRINTF(1, 2);`. (A statement is indented and
# begins with no keyword of its own: `if (p == NULL) OOM_ABORT;` keeps its macro.)
_TRAILING_MACROS = re.compile(rb"\)(?P<macros>(?:[ \t]+" + _CAPS + rb"(?:[ \t]*" + _ARGUMENTS + rb")?)+)[ \t]*;")
_STATEMENT_START = re.compile(rb"(?:if|while|for|switch|return|else|do|case|goto)\b|[^A-Za-z_]")
_DECLARATION_END = re.compile(rb"[;{}]")
_CLASS_NAMES = re.compile(rb"\b(?:class|struct|union)[ \t]+(?:" + _CAPS + rb"(?:[ \t]*" + _ARGUMENTS + rb")?[ \t]+)*"
                          rb"([A-Za-z_]\w*)")


def _blank(edited: bytearray, start: int, end: int) -> None:
    edited[start:end] = b" " * (end - start)


def declaration_macros(code: bytes, *, cpp: bool) -> bytes:
    """The code with each attribute-like macro above blanked (byte for byte)."""
    if re.search(_CAPS, code) is None:
        return code
    edited = bytearray(code)
    classes = set(_CLASS_NAMES.findall(code)) if cpp else set()
    for match in _DECLARATION_MACROS.finditer(code):
        call = match.group("call")
        if call is not None and call not in classes:  # `MY_TYPE func(int x)`: a C function's type, kept
            continue
        _blank(edited, match.start("macros"), match.end("macros"))
    for match in _TRAILING_MACROS.finditer(code):
        line_start = code.rfind(b"\n", 0, match.start()) + 1
        declaration = not _STATEMENT_START.match(code, line_start)
        if declaration and not _DECLARATION_END.search(code, line_start, match.start()):
            _blank(edited, match.start("macros"), match.end("macros"))
    patterns = (_CLASS_MACRO, _IF_MACRO, _MACRO_LINE) if cpp else (_CLASS_MACRO, _IF_MACRO)
    for pattern in patterns:
        for match in pattern.finditer(code):
            line_start = code.rfind(b"\n", 0, match.start()) + 1
            if code[line_start:match.start()].lstrip().startswith(b"#"):
                continue  # `#  if FMT_HAS_INCLUDE(<bit>)`: a directive's condition
            if pattern is _MACRO_LINE and _continues_define(code, line_start):
                continue  # a line of a `#define`'s body
            _blank(edited, match.start("macros"), match.end("macros"))
    return bytes(edited)


# A template parameter written as a macro call: fmt's `template <typename T, FMT_ENABLE_IF(is_integral<T>::value)>`
# (`enable_if_t<..., int> = 0`), on nearly every template of format.h and base.h. tree-sitter-cpp reads an ERROR
# there, and where one stands in a class the class ends early. The call is rewritten to an unnamed `int` parameter
# (what it declares; the rest spaces, newlines kept); the condition names no definition the index records.
_TEMPLATE_PARAMETER_MACRO = re.compile(
    rb"(?<=[<,])(?P<space>\s*)(?P<call>" + _CAPS + rb"[ \t]*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))(?=\s*[>,])")
_TEMPLATE = re.compile(rb"\btemplate[ \t]*<[^;{}]*\Z")


def template_parameter_macros(code: bytes) -> bytes:
    """The code with each such macro call rewritten to `int` (byte for byte)."""
    if b"template" not in code:
        return code
    edited = bytearray(code)
    for match in _TEMPLATE_PARAMETER_MACRO.finditer(code):
        opening = code.rfind(b"template", max(match.start() - 400, 0), match.start())
        if opening < 0 or _TEMPLATE.match(code, opening, match.start()) is None:
            continue
        call = match.group("call")
        edited[match.start("call"):match.end("call")] = b"int" + blanked(call[3:])
    return bytes(edited)


# C: a line of a struct's or union's body that is one macro name, the fields it declares: libuv's `struct uv_tcp_s {
# UV_HANDLE_FIELDS UV_STREAM_FIELDS UV_TCP_PRIVATE_FIELDS };`, one a line. tree-sitter-c reads an ERROR there, and 42
# of uv.h's types (uv_loop_s, uv_tcp_s, uv_fs_s, ...) were no definitions. Or one X-macro call with a macro's name as
# its argument, after the body's `{` or a field's `;` (uv.h's `union uv_any_handle { UV_HANDLE_TYPE_MAP(XX) };`).
# Blanked inside such a body, and at a file's level before a declaration (`_DECLARATION`) only: elsewhere in C a
# line that is one macro name is as often an X-macro list that a reference is read from (jq's `BINOPS` before
# `#undef BINOP`, jemalloc's `TSD_DATA_SLOW` before `TSD_DATA_FAST`). (C++ blanks every such line: _MACRO_LINE.)
# (Each line found after a line break: a pattern that starts with one is searched for at C speed, `(?m)^` is tried at
# every byte. The body a line is in is found by reading braces back from it with bytes.rfind, not by scanning the
# file's braces: 6 and 4 times less time on jq's files.)
_MACRO_LINE_TEXT = (rb"[ \t]*(?P<macros>" + _CAPS + rb"(?P<call>[ \t]*\([ \t]*[A-Za-z_]\w*[ \t]*\))?)"
                    rb"[ \t]*(?:/\*[^\n]*?\*/[ \t]*|//[^\n]*)?\r?(?=\n)")
_FIELDS_MACRO_LINE = re.compile(rb"\n" + _MACRO_LINE_TEXT)
_FIRST_MACRO_LINE = re.compile(_MACRO_LINE_TEXT)  # (the file's first line, which no line break comes before)
_OPENS_BODY = re.compile(rb"\b(?:struct|union)(?:[ \t]+[A-Za-z_]\w*)?\s*\Z")
_FIELD_BEFORE = re.compile(rb"[{;][ \t]*(?:/\*[^\n]*?\*/[ \t]*|//[^\n]*)?\r?\Z")
# A macro name alone on a line at a file's level, glued by tree-sitter-c to the declaration after it: libuv's
# `UV_PRIVATE_REQ_TYPES` (empty on Unix, request types on Windows) before `UV_EXTERN int uv_shutdown(..);` was a
# variable `UV_EXTERN` of type UV_PRIVATE_REQ_TYPES and an ERROR (uv.h read as one from line 24); jemalloc's
# `JEMALLOC_EXPORT` before `void (*test_hooks_libc_hook)() = NULL;` a function named `void`,
# `JEMALLOC_DIAGNOSTIC_DISABLE_SPURIOUS` before `typedef struct arena_stats_large_s arena_stats_large_t;` a variable
# `arena_stats_large_t`. The declaration begins with a keyword, a macro and a word (`UV_EXTERN int`), or a type and
# a name (`uv_loop_t* uv_default_loop(void);`, `my_t (*f)(void);`); not with a call (`TEST_BEGIN(test_x) {`), a
# directive, a `}` or a macro list's next line. A function's definition keeps its macro (`JEMALLOC_COLD` / `size_t`
# / `malloc_vsnprintf(..) {`): tree-sitter-c reads its name right, at the macro's line, as a decorator's.
_SKIPPED = re.compile(rb"(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*)*")
_DECLARATION = re.compile(
    rb"(?:typedef|struct|union|enum|static|extern|inline|const|volatile|void|char|short|int|long|float|double|signed"
    rb"|unsigned|_Bool|bool|size_t|ssize_t)\b|" + _CAPS + rb"[ \t]+[A-Za-z_]"
    rb"|[A-Za-z_]\w*(?:\s*\*+\s*|\s+)(?:\(\s*\*\s*)?[A-Za-z_]\w*\s*[(\[;=,)]")
_DEFINITION_HEADER = re.compile(rb"\)\s*\Z")
_MACRO_NAME_LINE = re.compile(_CAPS + rb"[ \t]*(?:/\*[^\n]*?\*/[ \t]*|//[^\n]*)?\r?\n")


def field_macros(code: bytes) -> bytes:
    """The code with each such line's macro name (or call) blanked (byte for byte)."""
    edited = None
    first = _FIRST_MACRO_LINE.match(code)
    for line in itertools.chain(() if first is None else (first,), _FIELDS_MACRO_LINE.finditer(code)):
        line_start = 0 if line is first else line.start() + 1
        if line.group("call") is not None and (line is first or not _FIELD_BEFORE.search(
                code, code.rfind(b"\n", 0, line.start()) + 1, line.start())):
            continue  # (a call after a statement or a call: the next of a list, or a statement's macro)
        opening = enclosing_brace(code, line.start("macros"))
        if opening >= 0:
            # Directly in a struct's or union's body: not in an enum nested there (jq's `enum { ...,
            # JV_PARSER_WAITING_FOR_RS }` inside a struct, an enumerator), nor a function's.
            blank = _OPENS_BODY.search(code, max(0, opening - 200), opening) is not None
        else:
            blank = line.group("call") is None and _declaration_after(code, line.end())
        if blank and not _continues_define(code, line_start):  # (nor a `#define`'s body)
            edited = edited or bytearray(code)
            _blank(edited, line.start("macros"), line.end("macros"))
    return code if edited is None else bytes(edited)


# C: a line at a file's level that is one macro call without a `;`, before a declaration or a definition: jemalloc's
# `MUTEX_PROF_DATA_NODE(arenas_i_bins_j_mutex)` (a `#define` whose body declares a table and ends with its own `;`)
# before `static const ctl_named_node_t stats_arenas_i_bins_j_node[] = {`, `CTL_RO_NL_GEN(version, ..)` before `static
# int` / `epoch_ctl(..) {`, `JEMALLOC_ALIGNED(CACHELINE)` before `size_t sz_pind2sz_tab[..];`. tree-sitter-c reads the
# call as the type of what follows: the table and `epoch_ctl` were no definitions, the call no call. The line (and the
# run of such lines it ends, ctl.c's `CTL_PROTO(..)` lists) is blanked; c_blanked_lines reads each call apart, a call
# of the macro. Only after the end of a declaration, a directive or the file's start: `JEMALLOC_ATTR(malloc)` between
# a result type and its function's name stays; and before a macro name alone on its line (libuv's benchmark-list.h:
# `BENCHMARK_DECLARE (sizes)` ... / `TASK_LIST_START` / `  BENCHMARK_ENTRY  (sizes)`, a list, not a type and a name).
# Not the attributes the grammar knows (`__attribute__((noinline))`), nor a statement's keyword (`if (e1 & 1)` in an
# `#if` branch blanked, which c_blanked_lines reads with this pattern). (A call's arguments may go on over more
# lines, and hold no `;` or brace.)
CALL_LINE = (rb"(?!(?:__attribute__|__attribute|__declspec|_Alignas|alignas|__asm__|__asm|asm|if|while|for|switch"
             rb"|return|sizeof|_Generic|typeof|__typeof__|defined)\b)"
             rb"(?P<name>[A-Za-z_]\w*)[ \t]*\((?:[^();{}]|\((?:[^();{}]|\([^();{}]*\))*\))*\)"
             rb"[ \t]*(?:/\*[^\n]*?\*/[ \t]*|//[^\n]*)?\r?(?=\n|\Z)")
_CALL_LINE = re.compile(rb"\n" + CALL_LINE)  # (at a line's start, as a file's level writes them)


def file_level_calls(code: bytes) -> bytes:
    """The code with each such line blanked (byte for byte)."""
    edited = None
    run: list[re.Match[bytes]] = []
    for line in _CALL_LINE.finditer(code):
        if run and _SKIPPED.fullmatch(code, run[-1].end(), line.start()) is None:
            edited = _blank_run(code, run, edited)
            run = []
        run.append(line)
    if run:
        edited = _blank_run(code, run, edited)
    return code if edited is None else bytes(edited)


def _blank_run(code: bytes, run: list[re.Match[bytes]], edited: bytearray | None) -> bytearray | None:
    """The run of call lines blanked in `edited` (made from `code` when None) when it stands at a file's level between
    the end of a declaration and the start of another."""
    first_start = run[0].start() + 1
    if not (_declaration_follows(code, run[-1].end()) and _declaration_ended(code, first_start)
            and enclosing_brace(code, first_start) < 0 and not _continues_define(code, first_start)):
        return edited
    edited = edited if edited is not None else bytearray(code)
    for line in run:
        edited[line.start() + 1:line.end()] = blanked(code[line.start() + 1:line.end()])  # (its newlines kept)
    return edited


def _declaration_ended(code: bytes, line_start: int) -> bool:
    """Whether the code before the line (blanks and comments passed over) ends a declaration or a directive, or is
    none (the file's start)."""
    before = _code_end_before(code, line_start)
    if before == 0:
        return True
    last_line = code.rfind(b"\n", 0, before) + 1
    if code[last_line:before].lstrip().startswith(b"#") or _continues_define(code, last_line):
        return True  # (a directive, or the last line of a `#define`'s body)
    return code[before - 1] in b";}"


def _declaration_follows(code: bytes, position: int) -> bool:
    """Whether what follows `position` (blanks and comments passed over) begins a declaration or a definition."""
    start = _SKIPPED.match(code, position).end()
    return _DECLARATION.match(code, start) is not None and _MACRO_NAME_LINE.match(code, start) is None


def _code_end_before(code: bytes, position: int) -> int:
    """Where the code before `position` ends, blanks, block comments and lines of a line comment passed over (read
    back from `position`, not searched for from the file's start)."""
    while True:
        end = position
        while end > 0 and code[end - 1] in b" \t\r\n\f\v":
            end -= 1
        if code[end - 2:end] == b"*/" and (opening := code.rfind(b"/*", 0, end - 2)) >= 0:
            position = opening
            continue
        line_start = code.rfind(b"\n", 0, end) + 1
        if code[line_start:end].lstrip().startswith(b"//"):
            position = line_start
            continue
        return end


def _declaration_after(code: bytes, position: int) -> bool:
    """Whether the code after `position` (blanks, comments and more lines of one macro name passed over: jemalloc's
    `JEMALLOC_DIAGNOSTIC_PUSH` / `JEMALLOC_DIAGNOSTIC_IGNORE_..` / `static ..`, each blanked) begins a declaration that
    is no function's definition."""
    start = _SKIPPED.match(code, position).end()
    while (macro := _MACRO_NAME_LINE.match(code, start)) is not None:
        start = _SKIPPED.match(code, macro.end()).end()
    if not _DECLARATION.match(code, start):
        return False
    semicolon, brace = code.find(b";", start), code.find(b"{", start)
    return not (0 <= brace < semicolon or semicolon < 0 <= brace) or not _DEFINITION_HEADER.search(code, start, brace)


def enclosing_brace(code: bytes, position: int) -> int:
    """Where the innermost `{` around `position` is, read back from it; -1 at a file's level (a `}` at a line's start
    ends a block of the file's level: nothing before it is looked at)."""
    depth, at = 0, position
    while True:
        opening, closing = code.rfind(b"{", 0, at), code.rfind(b"}", 0, at)
        if closing > opening:
            if closing == 0 or code[closing - 1:closing] == b"\n":
                return -1
            depth, at = depth + 1, closing
        elif opening < 0:
            return -1
        elif depth == 0:
            return opening
        else:
            depth, at = depth - 1, opening


def _continues_define(code: bytes, line_start: int) -> bool:
    """Whether the line starting here belongs to a `#define`'s body (the line above ends with a backslash)."""
    above = code.rfind(b"\n", 0, max(line_start - 1, 0)) + 1
    return code[above:max(line_start - 1, 0)].rstrip(b"\r").endswith(b"\\")


def c_rewrites(code: bytes) -> bytes:
    """A C file as tree-sitter-c reads it best: `#define` bodies' comments, extern "C" guards, unbalanced `#if`
    groups, declaration macros, struct bodies' field macros, macro calls at a file's level before a declaration and enum
    bodies' X-macro lines blanked."""
    code = unbalanced_branches(extern_c_guards(continued_comments(code)))
    return enum_macro_lines_blanked(file_level_calls(field_macros(declaration_macros(code, cpp=False))))


def cpp_rewrites(code: bytes) -> bytes:
    """A C++ file as tree-sitter-cpp reads it best (as c_rewrites, with C++'s macro positions)."""
    code = template_parameter_macros(unbalanced_branches(extern_c_guards(continued_comments(code)), cpp=True))
    return enum_macro_lines_blanked(declaration_macros(code, cpp=True))
