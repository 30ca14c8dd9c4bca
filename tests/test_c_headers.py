"""C headers the grammar could not read as written (grammar_repairs.extern_c_guards). Found by an agent's audit of jq
(c-audit): `find_symbol JV_KIND_NUMBER` said nothing defined it. And (c_enum_bodies.py, c_rewrites.field_macros,
c_directives.continued_comments, queries/c.variables.scm) libuv's uv.h, read as one ERROR from its include guard on for
its X-macro enums, and redismodule.h's pointers to functions whose result type it does not define."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.c_rewrites import c_rewrites
from coderag_mcp.languages import BY_NAME
from coderag_mcp.parse import parse_source
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, update_after_relink_migration,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, edges, graph_of

pytestmark = pytest.mark.anyio

# jq's jv.h, cut down: `extern "C" {` for C++ readers, opened and closed under two `#ifdef __cplusplus`.
JV_H = """
    #ifndef JV_H
    #define JV_H

    #ifdef __cplusplus
    extern "C" {
    #endif

    typedef enum {
      JV_KIND_NULL,
      JV_KIND_NUMBER
    } jv_kind;

    #define JV_PRINT_PRETTY 1

    jv_kind jv_get_kind(int);

    #ifdef __cplusplus
    }
    #endif

    #endif
    """

# fast_float_strtod.h (redis's deps) writes the brace on its own line, and `#if defined(...)`.
STRTOD_H = """
    #if defined(__cplusplus)
    extern "C"
    {
    #endif
    #define FF_OK 0
    double fast_float_strtod(const char *in, char **out);
    #if defined(__cplusplus)
    }
    #endif
    """


async def test_a_header_with_extern_c_for_cpp_readers_keeps_its_constants(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/jv.h": JV_H, "src/strtod.h": STRTOD_H}, "p") as service:
        found = (await service.find_symbol("p", "JV_KIND_NUMBER")).definitions
        assert [(d.file_path, d.line, d.kind) for d in found] == [("src/jv.h", 10, "variable")]
        assert [d.line for d in (await service.find_symbol("p", "JV_PRINT_PRETTY")).definitions] == [13]
        assert [d.line for d in (await service.find_symbol("p", "FF_OK")).definitions] == [5]
        # The lines are the file's own: the blanked guard moved nothing.
        read = await service.read_code("p", symbol="jv_kind")
        assert "typedef enum {" in read.text and read.start_line == 8


# libuv's uv.h, cut down: enums whose enumerators an X-macro writes between `#define XX` and `#undef XX` (and a macro
# name, `UV_REQ_TYPE_PRIVATE`, between two enumerators; a `#define` after the last one), a `#define` whose body holds
# comments before its continuing backslashes, a union of X-macro fields, and a macro line (`UV_PRIVATE_REQ_TYPES`,
# empty on Unix) before a prototype, all under an include guard whose licence comment holds a `#`.
UV_H = """\
/* See https://github.com/libuv/libuv#documentation for documentation. */

#ifndef UV_H
#define UV_H

#define UV_ERRNO_MAP(XX)                                                      \\
  XX(E2BIG, "argument list too long")                                         \\
  XX(EACCES, "permission denied")                                             \\

#define UV_REQ_TYPE_MAP(XX)                                                   \\
  XX(REQ, req)                                                                \\
  XX(CONNECT, connect)                                                        \\

typedef enum {
#define XX(code, _) UV_ ## code = UV__ ## code,
  UV_ERRNO_MAP(XX)
#undef XX
  UV_ERRNO_MAX = UV__EOF - 1
} uv_errno_t;

typedef enum {
  UV_UNKNOWN_REQ = 0,
#define XX(uc, lc) UV_##uc,
  UV_REQ_TYPE_MAP(XX)
#undef XX
  UV_REQ_TYPE_PRIVATE
  UV_REQ_TYPE_MAX
} uv_req_type;

typedef enum {
  UV_LOOP_BLOCK_SIGNAL = 0,
  UV_LOOP_USE_IO_URING_SQPOLL
#define UV_LOOP_USE_IO_URING_SQPOLL UV_LOOP_USE_IO_URING_SQPOLL
} uv_loop_option;

#define UV_REQ_FIELDS                                                         \\
  /* public */                                                                \\
  void* data;                                                                 \\
  /* read-only */                                                             \\
  uv_req_type type;                                                           \\
  /* private */                                                               \\
  void* reserved[6];                                                          \\

struct uv_req_s {
  UV_REQ_FIELDS
};

/* Platform-specific request types. */
UV_PRIVATE_REQ_TYPES


UV_EXTERN int uv_shutdown(uv_shutdown_t* req,
                          uv_stream_t* handle,
                          uv_shutdown_cb cb);

#define XX(_, name) uv_ ## name ## _t name;
union uv_any_req {
  UV_REQ_TYPE_MAP(XX)
};
#undef XX

UV_EXTERN uv_loop_t* uv_default_loop(void);

#endif /* UV_H */
"""


async def test_enums_that_x_macros_write_leave_the_header_readable(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"include/uv.h": UV_H, "src/uv-common.c": "#include \"uv.h\"\n"},
                               "p") as service:
        assert (await service.get_status("p")).files_with_parse_errors == 0
        found = {name: [(d.qualified_name, d.kind, d.line) for d in (await service.find_symbol("p", name)).definitions]
                 for name in ("uv_errno_t", "UV_ERRNO_MAX", "UV_REQ_TYPE_MAX", "UV_LOOP_USE_IO_URING_SQPOLL",
                              "uv_req_s", "uv_shutdown", "uv_any_req", "uv_default_loop", "reserved", "UV_EXTERN")}
        assert found == {
            "uv_errno_t": [("uv_errno_t", "class", 14)], "UV_ERRNO_MAX": [("uv_errno_t.UV_ERRNO_MAX", "variable", 18)],
            "UV_REQ_TYPE_MAX": [("uv_req_type.UV_REQ_TYPE_MAX", "variable", 27)],
            "UV_LOOP_USE_IO_URING_SQPOLL": [("uv_loop_option.UV_LOOP_USE_IO_URING_SQPOLL", "variable", 32)],
            "uv_req_s": [("uv_req_s", "class", 44)], "uv_shutdown": [("uv_shutdown", "function", 52)],
            "uv_any_req": [("uv_any_req", "class", 57)], "uv_default_loop": [("uv_default_loop", "function", 62)],
            # the lines of UV_REQ_FIELDS's body after its first comment were the file's variables; the macro line
            # before uv_shutdown made `UV_EXTERN` one
            "reserved": [], "UV_EXTERN": []}
        # The enum's X-macro line, blanked for the grammar, is still a use of the macro.
        answer = await service.find_references("p", "UV_ERRNO_MAP")
        assert [(hit.line, hit.enclosing) for hit in answer.references] == [(16, "uv_errno_t")]


# jq's bytecode.h, cut down: the enum's enumerators come from an `#include` between `#define OP` and `#undef OP`; the
# second enum's `#include` continues an expression (`NUM_OPCODES =`), and stays.
BYTECODE_H = """\
typedef enum {
#define OP(name, imm, in, out) name,
#include "opcode_list.h"
#undef OP
} opcode;

enum {
  NUM_OPCODES =
#define OP(name, imm, in, out) +1
#include "opcode_list.h"
#undef OP
};
"""


def test_an_include_in_an_enum_body_is_still_an_import_of_the_enum() -> None:
    chunks, symbols, references = parse_source("src/bytecode.h", BY_NAME["c"], BYTECODE_H.encode())
    assert [(symbol.name, symbol.kind, symbol.lineno) for symbol in symbols if symbol.kind == "class"] == [
        ("opcode", "class", 1)]
    assert [(reference.name, reference.lineno, reference.source) for reference in references
            if reference.edge_type == "IMPORTS"] == [("opcode_list.h", 3, "opcode"), ("opcode_list.h", 10, None)]


# jemalloc's (redis's deps) lines of one macro at a file's level: an export macro before a pointer to a function, a
# diagnostics macro before a typedef and a struct, an attribute macro before a function's definition (kept: read
# right), and an X-macro list before `#undef` (kept, as jq's builtin.c's `BINOPS`).
JEMALLOC_C = """\
#include "jemalloc/internal/jemalloc_preamble.h"
JEMALLOC_EXPORT
void (*test_hooks_libc_hook)() = NULL;

JEMALLOC_DIAGNOSTIC_DISABLE_SPURIOUS

typedef struct arena_stats_large_s arena_stats_large_t;
struct arena_stats_large_s {
  uint64_t nmalloc;
};

JEMALLOC_COLD
size_t
malloc_vsnprintf(char *str, size_t size) {
  return 0;
}

#define BINOP(name) static int f_ ## name(int a) { return a; }
BINOPS
#undef BINOP
"""


def test_a_macro_line_before_a_declaration_is_no_part_of_it() -> None:
    chunks, symbols, references = parse_source("src/test_hooks.c", BY_NAME["c"], JEMALLOC_C.encode())
    assert [(symbol.name, symbol.kind, symbol.lineno) for symbol in symbols if symbol.kind != "variable"
            or symbol.scope is None] == [
        ("arena_stats_large_s", "class", 8), ("malloc_vsnprintf", "function", 12), ("BINOP", "function", 18),
        ("test_hooks_libc_hook", "variable", 3)]
    rewritten = c_rewrites(JEMALLOC_C.encode())
    assert b"\nBINOPS\n" in rewritten and b"\nJEMALLOC_COLD\n" in rewritten and b"JEMALLOC_EXPORT" not in rewritten


# redis's redismodule.h, cut down: pointers to functions whose result type is a name the file does not define,
# which tree-sitter-c reads as a call (`mstime_t (*f)(..)`) or as a product (`T * (*f)(..)`), and one returning a
# pointer to a pointer; and a module of redis's tests that calls them.
REDISMODULE_H = """\
#define REDISMODULE_API
#define REDISMODULE_ATTR __attribute__((__common__))
REDISMODULE_API mstime_t (*RedisModule_GetExpire)(RedisModuleKey *key) REDISMODULE_ATTR;
REDISMODULE_API ustime_t (*RedisModule_Microseconds)(void) REDISMODULE_ATTR;
REDISMODULE_API RedisModuleDict * (*RedisModule_CreateDict)(RedisModuleCtx *ctx) REDISMODULE_ATTR;
REDISMODULE_API RedisModuleString *(*RedisModule_DefragString)(RedisModuleDefragCtx *ctx, RedisModuleString *str) REDISMODULE_ATTR;
REDISMODULE_API char ** (*RedisModule_GetClusterNodesList)(RedisModuleCtx *ctx, size_t *numnodes) REDISMODULE_ATTR;
"""
MODULE_C = """\
#include "redismodule.h"

int ExpireCommand(RedisModuleCtx *ctx, RedisModuleKey *key) {
    RedisModuleDict *d = RedisModule_CreateDict(ctx);
    return RedisModule_GetExpire(key) > RedisModule_Microseconds();
}
"""


async def test_pointers_to_functions_of_types_the_header_does_not_define_are_definitions(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/redismodule.h": REDISMODULE_H, "src/module.c": MODULE_C},
                               "p") as service:
        names = ("RedisModule_GetExpire", "RedisModule_Microseconds", "RedisModule_CreateDict",
                 "RedisModule_DefragString", "RedisModule_GetClusterNodesList")
        found = {name: [(d.kind, d.line) for d in (await service.find_symbol("p", name)).definitions] for name in names}
        assert found == dict(zip(names, [[("variable", line)] for line in range(3, 8)]))
        # The module's calls reach them, through its include.
        for name, line in (("RedisModule_CreateDict", 4), ("RedisModule_GetExpire", 5),
                           ("RedisModule_Microseconds", 5)):
            answer = await service.find_references("p", name)
            assert [(hit.file_path, hit.line, hit.enclosing, hit.resolution) for hit in answer.references] == [
                ("src/module.c", line, "ExpireCommand", "IMPORT")]


async def test_an_index_made_before_x_macro_enums_were_read_parses_its_c_files_again(tmp_path: Path) -> None:
    """Migration 55: the next update parses an existing index's C and C++ files again, and uv.h's enums are read."""
    files = {"uv.h": UV_H, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 55,
                                        "DELETE FROM symbol_definitions WHERE name = 'UV_ERRNO_MAX'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "uv.h", "tool.sh", "C and C++")
        found = (await service.find_symbol("mixed", "UV_ERRNO_MAX")).definitions
        assert [(d.qualified_name, d.line) for d in found] == [("uv_errno_t.UV_ERRNO_MAX", 18)]


async def test_a_cpp_file_sees_what_its_includes_include(tmp_path: Path) -> None:
    """spdlog's audit: its tests include `includes.h`, which includes `spdlog/spdlog.h`: their 517 calls of spdlog's
    functions were found by name alone (NAME), as if nothing told where they come from. A method reached that way is
    no bare call's (`size()` in another class's member function)."""
    graph = await graph_of(tmp_path, {
        "include/spdlog/spdlog.h": """
            #pragma once
            namespace spdlog {
            void drop_all();
            class registry {
             public:
              int size() const;
            };
            }
            """,
        "src/spdlog.cpp": """
            #include "spdlog/spdlog.h"
            namespace spdlog {
            void drop_all() {}
            int registry::size() const { return 0; }
            }
            """,
        "tests/includes.h": '#pragma once\n#include <cstdio>\n#include "spdlog/spdlog.h"\n',
        "tests/test_registry.cpp": """
            #include "includes.h"
            class sink {
             public:
              int count() const { return size(); }
            };
            void test_drop() {
              spdlog::drop_all();
            }
            """,
        "other/drop.cpp": "void drop_all() {}\n",
    })
    # (at its body in src/spdlog.cpp, the header's stem: c_family_calls.at_definitions; not other/drop.cpp's)
    assert calls_from(graph, "tests/test_registry.cpp:test_drop") == {("src/spdlog.cpp:drop_all", "IMPORT")}
    assert calls_from(graph, "tests/test_registry.cpp:sink.count") == set()


# redis's sds.h declares `sdsnew`, sds.c defines it: 153 calls reached the header's prototype, 2 the body. A C++ header
# may hold a template's body (CLI11's TypeTools.hpp): its function is no prototype of a test file's namesake.
SDS_FILES = {
    "src/sds.h": "typedef char *sds;\nsds sdsnew(const char *init);\nvoid sdsfree(sds s);\n",
    "src/sds.c": '#include "sds.h"\nsds sdsnew(const char *init) { return 0; }\nvoid sdsfree(sds s) {}\n',
    "deps/hiredis/sds.c": "void sdsfree(char *s) {}\n",
    "src/server.c": '#include "sds.h"\n#include "util.h"\nvoid run(void) {\n    sds s = sdsnew("x");\n    sdsfree(s);\n'
                    "    clamp(1);\n}\n",
    "src/util.h": "static inline int clamp(int v) {\n    return v;\n}\n",
    "src/util.c": "static int clamp(int v) {\n    return 0;\n}\n",
    "include/TypeTools.hpp": "#include <string>\ntemplate <typename T>\nbool lexical_cast(const std::string &input, "
                             "T &output) {\n    return true;\n}\n",
    "tests/NewParseTest.cpp": '#include "TypeTools.hpp"\ntemplate <typename T>\nbool lexical_cast(const std::string '
                              '&input, T &output) {\n    return false;\n}\n',
    "src/main.cpp": '#include "TypeTools.hpp"\nint main() {\n    int x;\n    return lexical_cast("1", x);\n}\n',
}


async def test_a_function_declared_in_a_header_is_reached_at_its_body(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, SDS_FILES)
    # (sdsfree: two bodies; the one of the header's stem and folder)
    # (util.h's `static inline` clamp has its body: no prototype of util.c's)
    assert calls_from(graph, "src/server.c:run") == {("src/sds.c:sdsnew", "IMPORT"), ("src/sds.c:sdsfree", "IMPORT"),
                                                     ("src/util.h:clamp", "IMPORT")}
    assert calls_from(graph, "src/main.cpp:main") == {("include/TypeTools.hpp:lexical_cast", "IMPORT")}


async def test_an_index_made_before_migration_110_links_c_and_cpp_again(tmp_path: Path) -> None:
    files = {**SDS_FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path / "old", files, "p", 110)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "src/sds.h", "tools/build.py", "declared in a header")
    assert edges(db) == await graph_of(tmp_path / "fresh", files)
