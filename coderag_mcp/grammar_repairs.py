"""Rewrites of what a grammar cannot read into what it reads, applied only to a file that does not parse as written
(parse.read_definitions keeps the rewrite when fewer places fail). Each keeps every byte offset and every line, so
the spans read from the rewritten code are the file's.
"""

from __future__ import annotations

import re

from .source_rewrites import blanked

# tree-sitter-typescript reads a generic call signature (`<I>(handler: H<I>): R`) that follows another member of an
# interface or object type on a new line, with no `;` between, as the continuation of that member (`): R\n  <I>` as
# type arguments of `R`): the interface ends there, and the ERROR that follows swallows the rest of the file.
# TypeScript reads the line break as the separator. hono writes its handler overloads so (`interface
# HandlerInterface` in src/types.ts, 127-1072: 34 of the file's 53 declarations were lost, and `Factory`,
# `createFactory` and `createMiddleware` of src/helper/factory/index.ts). With a `;` in the blank before the `<`
# the grammar reads it.
# The `<` starts its line and opens a type parameter list followed by a parameter list: `<I = {}>(`, `<\n  I extends
# Input = {},\n  ...\n>(` (a JSX element, `<div className=...>`, does not match).
_CALL_SIGNATURE = re.compile(
    rb"(?m)^[ \t]*[ \t](<)(?=\s*(?:(?:const|in|out)\s+)*[A-Za-z_$][\w$]*\s*(?:extends\b|=|,|>\s*\())")
# The line before ends a member (a type, a name, a closing bracket or quote); after `=`, `(`, `,`, `=>`, `|` ... the
# `<` starts a generic arrow function or a type argument, where a `;` would break what parses now.
_MEMBER_END = re.compile(rb"(?:[\w$)\]}'\"`]|[^=]>)\Z")
_LINE_COMMENT = re.compile(rb"[ \t]//[^\n]*\Z")


def call_signature_separators(code: bytes) -> bytes:
    """The code with a `;` in the blank before each such `<` (byte for byte as long)."""
    if b"<" not in code:
        return code
    edited = bytearray(code)
    for match in _CALL_SIGNATURE.finditer(code):
        if _ends_member(code, match.start(1)):
            edited[match.start(1) - 1] = 59  # ";"
    return bytes(edited)


def _ends_member(code: bytes, position: int) -> bool:
    """Whether the code line above `position` (blank lines and comment lines passed over) ends a member."""
    end = code.rfind(b"\n", 0, position)
    while end > 0:
        start = code.rfind(b"\n", 0, end) + 1
        line = code[start:end].rstrip()
        stripped = line.lstrip()
        if not stripped or stripped.startswith((b"//", b"*", b"/*")):
            end = start - 1
            continue
        return _MEMBER_END.search(_LINE_COMMENT.sub(b"", line).rstrip()) is not None
    return False


# tree-sitter-typescript does not know a type parameter's variance (`in`, `out`; TypeScript 4.7): zod's `interface
# $ZodTypeInternals<out O = unknown, out I = unknown>` read a type parameter named `out` and then an ERROR, and its
# `O` was a use of a type named `O`. Without the words the parameters mean the same to the index.
# (zod's `export interface ZodObject<\n  /** @ts-ignore Cast variance */\n  out Shape extends ...`: comments before)
_VARIANCE = re.compile(rb"(?<=[<,])((?:[ \t\r\n]|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*\n)*)((?:in|out)[ \t]+(?:out[ \t]+)?)"
                       rb"(?=[A-Za-z_$])")


def without_variance(code: bytes) -> bytes:
    """The code with each type parameter's `in` or `out` blanked (byte for byte)."""
    if b"out " not in code and b"in " not in code:
        return code
    return _VARIANCE.sub(lambda match: match.group(1) + b" " * len(match.group(2)), code)


# Nor `export type * from './types'` (TypeScript 5.0; date-fns's src/index.ts, hono's src/jsx/index.ts): an ERROR
# at the file's top level. It re-exports what `export * from` does, to the index.
_EXPORT_TYPE_STAR = re.compile(rb"(?m)^([ \t]*export[ \t]+)(type)(?=[ \t]+\*)")


def typescript_repairs(code: bytes) -> bytes:
    """The code with each repair above made."""
    if b"export type" in code:
        code = _EXPORT_TYPE_STAR.sub(lambda match: match.group(1) + b"    ", code)
    return without_variance(call_signature_separators(code))


# A C header's `extern "C" {` for C++ readers, opened under `#ifdef __cplusplus` and closed under a second one (jq's
# jv.h and jq.h, hiredis's headers): tree-sitter-c reads neither branch's lone brace, and the whole header became one
# ERROR node whose enum constants and macros (jq's `JV_KIND_NUMBER`) were no definitions. Unlike the repairs above,
# this one is applied to every C and C++ file (LanguageSpec.rewritten): each such three-line block is blanked, and the
# declarations between are read as the file's own, as a C compiler reads them.
_EXTERN_C_GUARD = re.compile(
    rb"^[ \t]*#[ \t]*if(?:def[ \t]+__cplusplus|[ \t]+defined[ \t]*\(?[ \t]*__cplusplus[ \t]*\)?)[ \t]*(?://[^\n]*)?\r?\n"
    rb"[ \t]*(?:extern[ \t]+\"C\"\s*\{|\})[ \t]*(?://[^\n]*|/\*[^\n]*?\*/)?[ \t]*\r?\n"
    rb"[ \t]*#[ \t]*endif\b[^\n]*", re.MULTILINE)


def extern_c_guards(code: bytes) -> bytes:
    """The code with each `#ifdef __cplusplus` / `extern "C" {` or `}` / `#endif` block blanked (lines kept)."""
    if b"__cplusplus" not in code:
        return code
    return _EXTERN_C_GUARD.sub(lambda match: blanked(match.group()), code)


# tree-sitter-kotlin reads no binary literal of more than one digit (`0b0100_0000`, `0b11000000`): an ERROR where it
# stands, which swallows what follows in its class (okhttp's DerHeader lost its four tag-class constants; two of
# kotlinpoet's test files their last definitions). As hexadecimal (`0x0100_0000`, the same length) the grammar reads
# a literal, and the index reads no literal's value.
_KOTLIN_BINARY_LITERAL = re.compile(rb"(?<![\w.])0[bB](?=[01])")


def kotlin_binary_literals(code: bytes) -> bytes:
    """The code with each binary literal's `0b` written `0x` (byte for byte)."""
    if b"0b" not in code and b"0B" not in code:
        return code
    return _KOTLIN_BINARY_LITERAL.sub(b"0x", code)


# tree-sitter-swift reads a freestanding macro without arguments only for the literals it knows (`#line`, `#file`..):
# swift-argument-parser's `sourceLocation: SourceLocation = #_sourceLocation` and Swift 6's `isolation: isolated (any
# Actor)? = #isolation` are ERRORs that swallowed the rest of their file (TestHelpers.swift lost `AssertParse`,
# called 255 times, and 13 other helpers). Written `#line` and spaces (the same length) the grammar reads an
# expression; the index reads no literal's value. (One with arguments, `#expect(..)`, and a directive are kept.)
_SWIFT_MACRO_EXPRESSION = re.compile(
    rb"#(?!(?:if|elseif|else|endif|file|fileID|filePath|line|column|function|dsohandle|selector|keyPath|available"
    rb"|unavailable|colorLiteral|imageLiteral|fileLiteral|warning|error|sourceLocation)\b)[A-Za-z_]\w{3,}\b"
    rb"(?![ \t]*[({])")


# And Swift 5.10's `nonisolated(unsafe)` (Alamofire's `private nonisolated(unsafe) var value: Value` in Protected.swift:
# its methods were read as top-level functions), read as `nonisolated` and spaces.
_SWIFT_UNSAFE_NONISOLATED = re.compile(rb"\bnonisolated\(unsafe\)")


def swift_macro_expressions(code: bytes) -> bytes:
    """The code with each freestanding macro without arguments written `#line` and spaces, and each
    `nonisolated(unsafe)` `nonisolated` and spaces (byte for byte)."""
    if b"nonisolated(unsafe)" in code:
        code = _SWIFT_UNSAFE_NONISOLATED.sub(b"nonisolated        ", code)
    if b"#" not in code:
        return code
    return _SWIFT_MACRO_EXPRESSION.sub(lambda match: b"#line" + b" " * (len(match.group()) - 5), code)
