"""What the fortieth session left in C files (README: "C leftovers ..."): a macro call without its `;` at a file's level
before a declaration (c_rewrites.file_level_calls, read apart by c_blanked_lines), a union's X-macro call (read apart
as the struct's and the enum's are), a call of a macro's own parameter in its body (c_macro_bodies), and an include
guard under a first comment holding a `#` (c_directives.include_guard)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp.c_directives import include_guard
from coderag_mcp.c_rewrites import c_rewrites
from coderag_mcp.languages import BY_NAME
from coderag_mcp.parse import parse_source
from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration

pytestmark = pytest.mark.anyio

# jemalloc's ctl.c (redis's deps), cut down: a macro whose body declares a table, called without a `;` before another
# table; a generator called over two lines, one with a call in its arguments, before a function whose result type is
# on a line of its own; an attribute macro between a result type and its function's name (kept); a list of macro
# calls before a directive (kept, as before).
CTL_C = """\
#define MUTEX_PROF_DATA_NODE(prefix)                                  \\
static const ctl_named_node_t stats_##prefix##_node[] = {            \\
    {NAME("num_ops"), CTL(stats_##prefix##_num_ops)}                  \\
};

MUTEX_PROF_DATA_NODE(arenas_i_bins_j_mutex)

static const ctl_named_node_t stats_arenas_i_bins_j_node[] = {
    {NAME("nmalloc"), CTL(stats_arenas_i_bins_j_nmalloc)},
};

CTL_RO_NL_GEN(thread_allocated, tsd_thread_allocated_get(tsd), uint64_t)
CTL_RO_NL_CGEN(config_prof, opt_prof_recent_alloc_max,
    opt_prof_recent_alloc_max, ssize_t)

static int
epoch_ctl(tsd_t *tsd) {
    ctl_refresh(tsd);
    return 0;
}

JEMALLOC_EXPORT void *
JEMALLOC_ATTR(malloc)
je_memalign(size_t alignment, size_t size) {
    return imalloc(size);
}

CTL_PROTO(version)
CTL_PROTO(epoch)
#define OP(mtx) CTL_PROTO(mtx)
"""


async def test_a_macro_call_without_its_semicolon_before_a_declaration_is_read_apart(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"src/ctl.c": CTL_C}, "p") as service:
        # (the list before the directive, as before, is the one place read as an error)
        assert (await service.get_status("p")).parse_error_files == ["src/ctl.c:28"]
        found = {name: [(d.kind, d.line) for d in (await service.find_symbol("p", name)).definitions]
                 for name in ("stats_arenas_i_bins_j_node", "epoch_ctl")}
        # (the table was read as what the call declares, epoch_ctl as the call's arguments)
        assert found == {"stats_arenas_i_bins_j_node": [("variable", 8)], "epoch_ctl": [("function", 16)]}
    # Kept as written: the attribute inside a declaration, the list before a directive.
    rewritten = c_rewrites(CTL_C.encode())
    assert b"\nJEMALLOC_ATTR(malloc)\n" in rewritten and b"\nCTL_PROTO(version)\nCTL_PROTO(epoch)\n" in rewritten
    chunks, symbols, references = parse_source("src/ctl.c", BY_NAME["c"], CTL_C.encode())
    calls = [(reference.name, reference.lineno, reference.source) for reference in references
             if reference.edge_type == "CALLS"]
    # Each call is still a call of its macro, at its own line, and a call in its arguments a call.
    assert {("MUTEX_PROF_DATA_NODE", 6, None), ("CTL_RO_NL_GEN", 12, None), ("tsd_thread_allocated_get", 12, None),
            ("CTL_RO_NL_CGEN", 13, None), ("ctl_refresh", 18, "epoch_ctl")} <= set(calls)
    assert ("epoch_ctl", 16, None) not in calls


def test_an_attribute_the_grammar_knows_and_a_list_before_a_macro_line_stay() -> None:
    # libuv's benchmark-list.h: `TASK_LIST_START` / `  BENCHMARK_ENTRY  (sizes)` looks like a type and a function's name
    code = (b"int x;\n__attribute__((noinline))\nstatic void f(void) {\n}\n"
            b"TEST_DECLARE (a)\nTEST_DECLARE (b)\n\nTASK_LIST_START\n  TEST_ENTRY  (a)\nTASK_LIST_END\n")
    assert c_rewrites(code) == code
    chunks, symbols, references = parse_source("test/test-list.h", BY_NAME["c"], code)
    assert [(symbol.name, symbol.lineno) for symbol in symbols if symbol.kind == "function"] == [("f", 2)]


# libuv's uv.h, cut down: X-macro lists (`#define UV_REQ_TYPE_MAP(XX)` calling its parameter `XX` on each line), an
# enum, a struct and a union written by them, and the `#define XX` the union's fields take; and a macro calling a
# function with what its parameter returns.
UV_H = """\
#define UV_REQ_TYPE_MAP(XX)                                                   \\
  XX(REQ, req)                                                                \\
  XX(CONNECT, connect)                                                        \\

#define UV_REQ_NOTE(XX) uv__req_note(XX(1))

typedef enum {
#define XX(uc, lc) UV_##uc,
  UV_REQ_TYPE_MAP(XX)
#undef XX
  UV_REQ_TYPE_MAX
} uv_req_type;

#define XX(_, name) uv_ ## name ## _t name;
struct uv_reqs {
  int count;
  UV_REQ_TYPE_MAP(XX)
};

union uv_any_req {
  UV_REQ_TYPE_MAP(XX)
};
#undef XX

void uv__req_note(int x);
"""


async def test_a_unions_x_macro_call_is_a_use_of_the_macro(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"include/uv.h": UV_H}, "p") as service:
        answer = await service.find_references("p", "UV_REQ_TYPE_MAP")
        assert [(hit.line, hit.enclosing) for hit in answer.references] == [
            (9, "uv_req_type"), (17, "uv_reqs"), (21, "uv_any_req")]


async def test_a_call_of_a_macros_own_parameter_in_its_body_is_no_use_of_a_definition_of_that_name(
        tmp_path: Path) -> None:
    async with indexed_project(tmp_path, {"include/uv.h": UV_H}, "p") as service:
        # `XX(REQ, req)` calls what UV_REQ_TYPE_MAP's user passes: each was a sure link to the `#define XX` at line 14.
        assert (await service.find_references("p", "XX")).references == []
        # The body's other calls are still the macro's.
        answer = await service.find_references("p", "uv__req_note")
        assert [(hit.line, hit.enclosing) for hit in answer.references] == [(5, "UV_REQ_NOTE")]


# A header whose licence comment holds a `#` (uv.h's `https://github.com/libuv/libuv#documentation`), under an include
# guard, with a struct closed by a macro (as libuv's tree.h writes its heads): tree-sitter-c reads the guard's `#ifndef`
# as one ERROR from line 2, unless the guard is taken out.
TREE_H = """\
/* See https://github.com/libuv/libuv#documentation for documentation. */
#ifndef UV_TREE_H_
#define UV_TREE_H_

int uv__tree_before(int x);
#define RB_HEAD_END }
struct list {
  int a;
RB_HEAD_END;

#endif /* UV_TREE_H_ */
"""


def test_an_include_guard_under_a_comment_holding_a_hash_is_tried() -> None:
    rewritten = include_guard(TREE_H.encode())
    assert b"#ifndef" not in rewritten and b"#endif" not in rewritten and b"#define UV_TREE_H_" in rewritten
    assert len(rewritten) == len(TREE_H.encode())
    chunks, symbols, references = parse_source("include/uv/tree.h", BY_NAME["c"], TREE_H.encode())
    assert {(symbol.name, symbol.lineno) for symbol in symbols} >= {
        ("uv__tree_before", 5), ("UV_TREE_H_", 3), ("RB_HEAD_END", 6)}


async def test_an_index_made_before_the_leftovers_were_read_equals_a_fresh_one_after_migration_56(
        tmp_path: Path) -> None:
    """Migration 56: the next update parses an existing index's C and C++ files again."""
    files = {"ctl.c": CTL_C, "uv.h": UV_H, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path / "old", files, "mixed", 56,
                                        "DELETE FROM symbol_definitions WHERE name = 'epoch_ctl'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "ctl.c", "tool.sh", "C and C++")
    async with indexed_project(tmp_path / "fresh", files, "mixed") as service:
        fresh = service.store.path
    assert _graph(db) == _graph(fresh) and ("epoch_ctl", "ctl.c", 16, "function") in _graph(db)[0]


def _graph(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The index's definitions and its edges (by the names, files and lines of their ends)."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        definitions = connection.execute("SELECT name, file_path, lineno, kind FROM symbol_definitions "
                                         "ORDER BY 1, 2, 3, 4").fetchall()
        edges = connection.execute(
            "SELECT s.name, s.file_path, s.lineno, t.name, t.file_path, t.lineno, e.edge_type, e.lineno, e.count"
            " FROM code_edges e JOIN code_nodes s ON s.id = e.source_id JOIN code_nodes t ON t.id = e.target_id"
            " ORDER BY 1, 2, 3, 4, 5, 6, 7, 8").fetchall()
    return definitions, edges
