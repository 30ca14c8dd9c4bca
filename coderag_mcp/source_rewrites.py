"""What a grammar misreads in a language's files, blanked or rewritten before parsing, byte for byte so that
offsets and lines stay: C's attributes written as calls, C#'s and Swift's conditional compilation read as
its first branches, Kotlin's primary constructor on the line after its class, Swift's empty attribute
arguments. The language table (languages.py) names each in a LanguageSpec (`blanked`, `directives`,
`rewritten`).

Apart from languages.py, which is the table of what each language is; grammar_repairs.py holds the rewrites
tried only on a file that fails to parse.
"""

from __future__ import annotations

import re

_SPACES_KEEPING_NEWLINES = bytes(10 if byte == 10 else 32 for byte in range(256))


def blanked(text: bytes) -> bytes:
    """The text as spaces, byte for byte, its newlines kept: what follows keeps its offset and its line."""
    return text.translate(_SPACES_KEEPING_NEWLINES)


# C#'s and Swift's conditional compilation (`#if canImport(Darwin)` ... `#else` ... `#endif`) where the grammar
# cannot place it (inside a class, between a method's header and its body): tree-sitter-swift and
# tree-sitter-c-sharp then end the class at the directive, and what follows is read as loose functions
# (Alamofire's `class Session` was a function `webSocketRequest`, serilog's `interface ILogger` nothing).
_DIRECTIVE = re.compile(rb"[ \t]*#[ \t]*(ifdef|ifndef|if|elseif|elifdef|elifndef|elif|else|endif|region|endregion)\b")


def first_branches(source: bytes) -> bytes:
    """The source as if each `#if` chose its first branch: the directive lines and every later branch
    (`#elseif`, `#else` up to `#endif`) blanked, byte for byte, so offsets and lines stay. Both branches
    kept would give a method two bodies (serilog's `ILogger ForContext(...) #if X { ... } #else ; #endif`)."""
    lines = source.split(b"\n")
    dropping: list[bool] = []  # per open `#if`: whether the lines now are in a branch after its first
    for number, line in enumerate(lines):
        directive = _DIRECTIVE.match(line)
        if directive is not None:
            word = directive.group(1)
            if word in (b"if", b"ifdef", b"ifndef"):
                dropping.append(False)
            elif word in (b"elseif", b"elif", b"elifdef", b"elifndef", b"else") and dropping:
                dropping[-1] = True
            elif word == b"endif" and dropping:
                dropping.pop()
        if directive is not None or any(dropping):
            lines[number] = b" " * len(line)
    return b"\n".join(lines)


# Attributes written as function-like macros (the Linux kernel's compiler_attributes.h and sparse
# annotations): before a declarator, tree-sitter-c reads `__alloc_size(1)` in `static __always_inline
# __alloc_size(1) void *kmalloc(...)` as a function named `__alloc_size`, which swallows kmalloc and
# the definition after it. Their arguments name no code (sizes, printf argument positions, sections,
# locks), so nothing is lost by blanking them. (The pattern starts with a literal, which re finds at
# 900 MB/s, 12 times as fast as after a `\b`: parse.py checks that a match starts a word.)
C_ANNOTATION_MACROS = re.compile(
    rb"__(?:printf|scanf|alloc_size|realloc_size|section|aligned|assume_aligned|acquires|releases|must_hold"
    rb"|cond_acquires)[ \t]*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")


# tree-sitter-kotlin reads a primary constructor written on the line after its class's name
# (`public class EnumJsonAdapter<T : Enum<T>>` / `internal constructor(...) : JsonAdapter<T?>() {`) as a
# call after a class without a body: the class ends on its first line and its methods are read as
# top-level functions (5 of moshi's 86 Kotlin files). It reads a line break after the constructor's
# modifiers, or after `constructor`: `kotlin_constructor_lines` moves the break there. The constructor's annotations
# may stand on lines of their own above it (okhttp's `class HttpLoggingInterceptor` / `@JvmOverloads` /
# `constructor(`, `class MultipartReader` / `@Throws(IOException::class)` / `constructor(`): they move up too.
_KOTLIN_CONSTRUCTOR = re.compile(rb"constructor[ \t]*\(")
_KOTLIN_ANNOTATION_LINE = re.compile(rb"[ \t]*((?:@[\w.:]+(?:\((?:[^()\n]|\([^()\n]*\))*\))?[ \t]*)+)")
_KOTLIN_CLASS_HEADER = re.compile(rb"[ \t]*(?:(?:@[\w.]+(?:\(.*?\))?|[a-z]+)[ \t]+)*(?:class|object)[ \t][^{}=]*")
_KOTLIN_MODIFIERS = re.compile(rb"[ \t]*((?:(?:@[\w.]+(?:\([^()]*\))?|[a-z]+)[ \t]+)*)")
_KOTLIN_LINE_COMMENT = re.compile(rb"[ \t]*//[^\n]*")
_INDENTED_LINE = re.compile(rb"\n([ \t]*)")


# tree-sitter-swift reads an attribute with empty parentheses (swift-argument-parser's `@Option() var name: String`,
# `@Flag()` on the line above a property) as missing a `!`: the declaration holds an error, and so declares no
# variable (definitions.variable_matches). Without its `()` the attribute means the same and is read whole.
_SWIFT_EMPTY_ATTRIBUTE_ARGUMENTS = re.compile(rb"(@[A-Za-z_][\w.]*)\([ \t]*\)")


def swift_empty_attribute_arguments(code: bytes) -> bytes:
    """The code with each attribute's empty `()` blanked, byte for byte (offsets and lines kept)."""
    if b"()" not in code or b"@" not in code:
        return code
    return _SWIFT_EMPTY_ATTRIBUTE_ARGUMENTS.sub(
        lambda match: match.group(1) + b" " * (len(match.group(0)) - len(match.group(1))), code)


def kotlin_constructor_lines(code: bytes) -> bytes:
    """The code with each such constructor's annotations and modifiers on its class's line and the line breaks
    between after them, byte for byte as long: the offsets and line numbers of all that follows stay. Where they
    leave too little room (`class TypeName` / `constructor(` at the line's start, or annotation lines without
    indentation), `constructor(` moves up too, the breaks after it, and the next line's indentation makes up the
    room. Comments between (okio's `class ByteString` / `// Trusted internal constructor ...` / `internal
    constructor(data: ByteArray)`, or a KDoc block there) are blanked."""
    if b"constructor" not in code:
        return code
    edited = bytearray(code)
    for match in _KOTLIN_CONSTRUCTOR.finditer(code):
        line_start = code.rfind(b"\n", 0, match.start())
        header_end = line_start  # the line end after the class header, above any comment and annotation lines
        annotations: list[bytes] = []
        while header_end > 0:
            above = code.rfind(b"\n", 0, header_end) + 1
            annotation = _KOTLIN_ANNOTATION_LINE.fullmatch(code, above, header_end)
            if annotation:
                annotations.insert(0, annotation.group(1).strip())
                header_end = above - 1
            elif _KOTLIN_LINE_COMMENT.fullmatch(code, above, header_end):
                header_end = above - 1
            elif code[above:header_end].rstrip().endswith(b"*/"):  # a block comment's last line: up to its first
                opening = code.rfind(b"/*", 0, header_end)
                first = code.rfind(b"\n", 0, opening) + 1
                if opening < 0 or code[first:opening].strip():
                    break
                header_end = first - 1
            else:
                break
        header_start = code.rfind(b"\n", 0, max(header_end, 0)) + 1
        before = _KOTLIN_MODIFIERS.fullmatch(code, line_start + 1, match.start()) if line_start > 0 else None
        if before is None or header_end <= 0 or not _KOTLIN_CLASS_HEADER.fullmatch(code, header_start, header_end):
            continue
        words = [*annotations, *before.group(1).split()]
        lines = code.count(b"\n", header_end, match.start())
        # `\n  @JvmOverloads\n  internal constructor` -> ` @JvmOverloads internal\n\n   constructor`
        moved, end = b" ".join(words), match.start()
        if not words or 1 + len(moved) + lines > end - header_end:
            # `constructor(` moves up too: `\n  constructor(` -> ` constructor(\n`;
            # `\n@JvmOverloads\nconstructor(\n  ` -> ` @JvmOverloads constructor(\n\n\n`
            moved, end = b" ".join([*words, match.group(0)]), match.end()
            shortfall = 1 + len(moved) + lines - (end - header_end)
            if shortfall > 0:  # the next line's indentation makes the room, its line break among those moved
                indentation = _INDENTED_LINE.match(code, end)
                if indentation is None or len(indentation.group(1)) < shortfall:
                    continue
                end, lines = end + 1 + shortfall, lines + 1
        edited[header_end:end] = b" " + moved + b"\n" * lines + b" " * (end - header_end - 1 - len(moved) - lines)
    return bytes(edited)
