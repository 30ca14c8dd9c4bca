"""C and C++ the grammar misread because of macros and preprocessor lines (c_rewrites.py, c_directives.py). Found
by an agent's audit of jq and fmt (c-audit, re-audited): fmt's format.h was one ERROR node from its `FMT_CONSTEXPR`
lines on (its free functions shown as methods of `size_padding`), and jq's `jv_dump_term` ran to the end of
jv_print.c across an `#ifdef` that opens a brace another `#ifdef` closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.c_rewrites import c_rewrites
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, \
    update_after_reparse_migration

pytestmark = pytest.mark.anyio

# fmt's base.h and format.h, cut down: attribute-like macros before declarations, a class's visibility macro, a
# macro-made template parameter, a namespace opened and closed by macros, and an include guard.
FMT_H = """\
#ifndef FMT_FORMAT_H_
#define FMT_FORMAT_H_

FMT_BEGIN_NAMESPACE
struct size_padding {
  unsigned size;
  FMT_CONSTEXPR size_padding(int num_digits) : size(num_digits) {}
};

template <typename T> class buffer {
 private:
  T* ptr_;
 protected:
  FMT_CONSTEXPR20 buffer(T* p = nullptr) noexcept : ptr_(p) {}
 public:
  FMT_CONSTEXPR auto size() const noexcept -> size_t { return 0; }
  FMT_CONSTEXPR void try_resize(size_t count) {
    if FMT_CONSTEXPR20 (count > 0) ptr_ = nullptr;
  }
  template <typename U, FMT_ENABLE_IF(std::is_same<U, T>::value)>
  FMT_CONSTEXPR20 void append(const U* begin) { try_resize(1); }
};

class FMT_SO_VISIBILITY("default") format_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename OutputIt, typename T, FMT_ENABLE_IF(is_integral<T>::value)>
FMT_CONSTEXPR FMT_INLINE auto write(OutputIt out, T value) -> OutputIt {
  return out;
}
FMT_END_NAMESPACE

#endif  // FMT_FORMAT_H_
"""

# jq's jv_print.c, cut down: `} else {` opened under one `#ifdef USE_DECNUM` and closed under another.
JV_PRINT_C = """\
static void jv_dump_term(int x) {
  switch (x) {
  case 1: {
    if (nan(x)) {
      put(0);
    } else {
#ifdef USE_DECNUM
      const char * literal_data = literal(x);
      if (literal_data) {
        put(2);
      } else {
#endif
        double d = value(x);
        if (d != d) {
          put(3);
        } else {
          put(4);
        }
      }
#ifdef USE_DECNUM
    }
#endif
    break;
  }
  case 2:
    put(5);
    break;
  }
}

void jv_dumpf(int x) {
  jv_dump_term(x);
}
"""

# jq's builtin.c, cut down: an `#include` and a `#define` inside an initializer list.
BUILTIN_C = """\
static const struct cfunction function_list[] = {
#include "libm.h"
  CFUNC(f_negate, "_negate", 1),
#define BINOP(name) CFUNC(f_ ## name, "_" #name, 3),
BINOPS
#undef BINOP
};

static block gen_last_1(void) {
  return gen_call("last");
}
"""


async def test_macros_before_cpp_declarations_leave_classes_and_functions_whole(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"include/fmt/format.h": FMT_H, "src/use.cc": "int x;\n"}, "p") as service:
        buffer = (await service.find_symbol("p", "buffer")).definitions
        assert [(d.qualified_name, d.line, d.end_line) for d in buffer if d.kind == "class"] == [("buffer", 10, 22)]
        resize = (await service.find_symbol("p", "buffer.try_resize")).definitions
        assert [(d.qualified_name, d.kind, d.line) for d in resize] == [("buffer.try_resize", "method", 17)]
        error = (await service.find_symbol("p", "format_error")).definitions
        assert [(d.qualified_name, d.kind, d.line) for d in error] == [("format_error", "class", 24)]
        write = (await service.find_symbol("p", "write")).definitions
        assert [(d.qualified_name, d.kind, d.line) for d in write] == [("write", "function", 30)]
        # `if FMT_CONSTEXPR20 (...)` is no function, and a constructor is its class's.
        assert not (await service.find_symbol("p", "FMT_CONSTEXPR20")).definitions
        padding = (await service.find_symbol("p", "size_padding.size_padding")).definitions
        assert [(d.kind, d.line) for d in padding] == [("method", 7)]
        callers = (await service.find_references("p", "buffer.try_resize")).references
        assert [(hit.line, hit.enclosing) for hit in callers] == [(21, "buffer.append")]


# fmt's base.h: a union's constructors behind a macro, whose member initializers name its fields; os.cc's category
# has a method named like one of them.
ARG_REF_H = """\
template <typename Char> union arg_ref {
  FMT_CONSTEXPR arg_ref(int idx = 0) : index(idx) {}
  FMT_CONSTEXPR arg_ref(const Char* n) : name(n) {}

  int index;
  const Char* name;
};
"""
CATEGORY_CC = """\
class utf8_category {
 public:
  const char* name() const noexcept { return "utf8"; }
};
"""


async def test_a_unions_member_initializer_behind_a_macro_is_no_call(tmp_path: Path) -> None:
    # The macro before a union's constructor was kept (only classes' and structs' names were known), and
    # `: name(n)` read as a call of the category's method `name`.
    files = {"include/fmt/base.h": ARG_REF_H, "src/os.cc": CATEGORY_CC}
    async with indexed_project(tmp_path, files, "p") as service:
        constructors = (await service.find_symbol("p", "arg_ref.arg_ref")).definitions
        assert [(d.kind, d.line) for d in constructors] == [("method", 2), ("method", 3)]
        assert not (await service.find_references("p", "utf8_category.name")).references


async def test_an_index_made_before_unions_were_read_parses_its_cpp_files_with_a_union_again(tmp_path: Path) -> None:
    """Migration 66: the next update parses again an existing index's C++ files that hold a union, no other."""
    files = {"include/fmt/base.h": ARG_REF_H, "src/os.cc": CATEGORY_CC}
    db = await indexed_before_migration(tmp_path, files, "mixed", 66,
                                        "DELETE FROM symbol_definitions WHERE name = 'arg_ref' AND lineno = 3")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "include/fmt/base.h", "src/os.cc", "C++ unions")
        constructors = (await service.find_symbol("mixed", "arg_ref.arg_ref")).definitions
        assert [d.line for d in constructors] == [2, 3]


async def test_an_ifdef_that_opens_a_brace_another_closes_ends_the_function_where_it_ends(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/jv_print.c": JV_PRINT_C, "src/builtin.c": BUILTIN_C}, "p") as service:
        term = (await service.find_symbol("p", "jv_dump_term")).definitions
        assert [(d.line, d.end_line) for d in term] == [(1, 29)]
        assert [(d.qualified_name, d.line) for d in (await service.find_symbol("p", "jv_dumpf")).definitions] == [
            ("jv_dumpf", 31)]
        # An `#include` inside an initializer list no longer hides the function after the list.
        assert [d.line for d in (await service.find_symbol("p", "gen_last_1")).definitions] == [9]
        calls = (await service.find_references("p", "jv_dump_term")).references
        assert [(hit.line, hit.enclosing) for hit in calls] == [(32, "jv_dumpf")]


async def test_an_index_made_before_c_macros_were_blanked_parses_its_c_and_cpp_files_again(tmp_path: Path) -> None:
    """Migration 49: the next update parses an existing index's C and C++ files again, and the index says why."""
    files = {"print.c": JV_PRINT_C, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 49,
                                        "UPDATE code_chunks SET end_lineno = 20 WHERE qualified_name = 'jv_dump_term'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "print.c", "tool.sh", "C and C++")
        term = (await service.find_symbol("mixed", "jv_dump_term")).definitions
        assert [(d.line, d.end_line) for d in term] == [(1, 29)]


# jq's jv_parse.c, cut down: `parse_token` is called only through the `token` macro.
JV_PARSE_C = """\
static int parse_token(int p, char ch) {
  return p + ch;
}

#define token(p, ch) \\
   (((p) > 0) ? stream_token((p), (ch)) : parse_token((p), (ch)))

static int scan(int p) {
  return token(p, 'a');
}
"""


async def test_a_function_called_only_through_a_macro_has_its_caller(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/jv_parse.c": JV_PARSE_C}, "p") as service:
        uses = (await service.find_references("p", "parse_token")).references
        assert [(hit.line, hit.enclosing, hit.resolution) for hit in uses] == [(6, "token", "LOCAL")]
        macro = (await service.find_references("p", "token")).references
        assert [(hit.line, hit.enclosing) for hit in macro] == [(9, "scan")]


async def test_a_cpp_name_written_with_its_namespace_finds_the_free_function(tmp_path: Path) -> None:
    files = {"include/fmt/format.h": FMT_H + """
template <typename T> struct formatter {
  auto format(const T& value) const -> int { return 0; }
};
template <typename... T> auto format(const char* fmt, T&&... args) -> int { return 1; }
""", "src/use.cc": "int x;\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_symbol("p", "fmt::format")
        assert [(d.qualified_name, d.kind, d.line) for d in answer.definitions] == [("format", "function", 40)]
        assert "namespace" in (answer.note or "")
        written = await service.find_symbol("p", "detail::write")
        assert [(d.qualified_name, d.line) for d in written.definitions] == [("write", 30)]


# libuv's uv.h, cut down: structs whose fields macros declare, one macro a line (the public types uv_loop_s, uv_tcp_s,
# ... were no definitions, and what followed them was nested in them), a struct and an enum nested in a struct, and
# an export macro before a pointer result.
UV_H = """\
#ifndef UV_H
#define UV_H
#define UV_HANDLE_FIELDS \\
  void* data;          \\
  uv_loop_t* loop;

typedef struct uv_loop_s uv_loop_t;

struct uv_handle_s {
  UV_HANDLE_FIELDS
};

struct uv_tcp_s {
  UV_HANDLE_FIELDS
  UV_STREAM_FIELDS  /* the stream's */
  UV_TCP_PRIVATE_FIELDS
};

UV_EXTERN uv_loop_t* uv_default_loop(void);
UV_INLINE uv_loop_t* uv_loop_of(struct uv_handle_s* handle) {
  return handle->loop;
}

struct uv_loop_s {
  void* data;
  struct {
    void* min;
    unsigned int nelts;
  } timer_heap;
  enum {
    UV_LOOP_IDLE,
    UV_LOOP_BUSY
  } state;
  UV_LOOP_PRIVATE_FIELDS
};

#endif
"""


async def test_structs_whose_fields_macros_declare_are_definitions(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"include/uv.h": UV_H, "src/core.c": "int x;\n"}, "p") as service:
        found = {name: [(d.qualified_name, d.kind, d.line, d.end_line) for d in
                        (await service.find_symbol("p", name)).definitions]
                 for name in ("uv_handle_s", "uv_tcp_s", "uv_loop_s", "uv_loop_of")}
        assert found == {"uv_handle_s": [("uv_handle_s", "class", 9, 11)], "uv_tcp_s": [("uv_tcp_s", "class", 13, 17)],
                         "uv_loop_s": [("uv_loop_s", "class", 24, 35)],
                         "uv_loop_of": [("uv_loop_of", "function", 20, 22)]}
        # The macro lines of the nested enum are its enumerators, not fields: kept.
        busy = (await service.find_symbol("p", "UV_LOOP_BUSY")).definitions
        assert [(d.line, d.kind) for d in busy] == [(32, "variable")]


async def test_an_index_made_before_field_macros_were_blanked_parses_its_c_files_again(tmp_path: Path) -> None:
    """Migration 52: the next update parses an existing index's C and C++ files again, and uv_loop_s is found."""
    files = {"uv.h": UV_H, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 52,
                                        "DELETE FROM symbol_definitions WHERE name = 'uv_loop_s'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "uv.h", "tool.sh", "C and C++")
        loop = (await service.find_symbol("mixed", "uv_loop_s")).definitions
        assert [(d.line, d.end_line) for d in loop] == [(24, 35)]


# redis's redismodule.h, cut down: an export macro before a declaration and attribute macros after its parameters,
# on each of its 360 function pointers (the header was unread from the first on), one returning a pointer.
REDISMODULE_H = """\
#ifndef REDISMODULE_H
#define REDISMODULE_H
#define REDISMODULE_API
#define REDISMODULE_ATTR __attribute__((__common__))
#define OOM_ABORT abort()
typedef struct RedisModuleCtx RedisModuleCtx;

REDISMODULE_API void * (*RedisModule_Alloc)(size_t bytes) REDISMODULE_ATTR;
REDISMODULE_API RedisModuleCommand *(*RedisModule_GetCommand)(RedisModuleCtx *ctx, const char *name) REDISMODULE_ATTR;
REDISMODULE_API int (*RedisModule_Log)(RedisModuleCtx *ctx, const char *fmt, ...) REDISMODULE_ATTR_PRINTF(2,3) REDISMODULE_ATTR;
REDISMODULE_API RedisModuleTimerID (*RedisModule_CreateTimer)(RedisModuleCtx *ctx) REDISMODULE_ATTR;

static int RedisModule_Init(RedisModuleCtx *ctx) {
    if (ctx == NULL) OOM_ABORT;
    return 0;
}
#endif
"""

# A module of redis's tests, cut down: it calls the API through the header's pointers.
MODULE_C = """\
#include "redismodule.h"

int HelloCommand(RedisModuleCtx *ctx) {
    void *buffer = RedisModule_Alloc(16);
    RedisModule_Log(ctx, "notice", "%p", buffer);
    return 0;
}
"""


async def test_attribute_macros_after_a_declaration_leave_the_header_readable(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/redismodule.h": REDISMODULE_H, "src/module.c": MODULE_C},
                               "p") as service:
        found = {name: [(d.kind, d.line) for d in (await service.find_symbol("p", name)).definitions]
                 for name in ("RedisModule_Alloc", "RedisModule_GetCommand", "RedisModule_Log", "RedisModuleTimerID",
                              "RedisModule_Init")}
        # (Line 11's `RedisModuleTimerID (*RedisModule_CreateTimer)(..)`, a type the file does not define before a
        # `(`, tree-sitter reads as a call, so it defines nothing; with its macro kept it was a function of the
        # type's name.)
        assert found == {"RedisModule_Alloc": [("variable", 8)], "RedisModule_GetCommand": [("variable", 9)],
                         "RedisModule_Log": [("variable", 10)], "RedisModuleTimerID": [],
                         "RedisModule_Init": [("function", 13)]}
        assert (await service.get_status("p")).files_with_parse_errors == 0
        # A call through a pointer to a function is a call of the pointer, in the header the caller includes.
        answer = await service.find_references("p", "RedisModule_Log")
        assert [(hit.file_path, hit.line, hit.enclosing, hit.resolution) for hit in answer.references] == [
            ("src/module.c", 5, "HelloCommand", "IMPORT")]
        assert "its calls (a pointer to a function, called by its name)" in (answer.note or "")



def test_a_statements_macro_after_its_condition_is_kept() -> None:
    # `if (ctx == NULL) OOM_ABORT;` ends with `) MACRO;` as a declaration with an attribute does: a statement's macro.
    rewritten = c_rewrites(REDISMODULE_H.encode())
    assert b"if (ctx == NULL) OOM_ABORT;" in rewritten and b"REDISMODULE_ATTR;" not in rewritten
