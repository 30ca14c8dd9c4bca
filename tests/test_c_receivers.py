"""C and C++ calls made on something (`f.close()`, `file_->close()`, `ops->write(x)`), resolved by name
(name_receivers.py, name_graph.py): what a call is made on is kept, so that a name alone never makes such a
call sure. Found by an agent's audit of fmt and jq (c-audit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query, update_after_relink_migration,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

# fmt's os.h and os.cc, cut down: two classes with a `close`, a third holding a `file`.
FMT_LIKE = {
    "include/os.h": """
        #pragma once
        class buffered_file {
         public:
          void close();
        };

        class file {
          int fd_;
         public:
          void close();
          file& operator=(file&& other) {
            close();
            return *this;
          }
          void reset() { this->close(); }
        };

        class ostream {
          file file_;
         public:
          void close() {
            file_.close();
          }
        };
        """,
    "src/os.cc": """
        #include "os.h"
        void buffered_file::close() {}
        void file::close() {}
        """,
    "test/os-test.cc": """
        #include "os.h"
        void use(file& f, ostream* out) {
          f.close();
          out->close();
        }
        """,
}

# jq's `jq->err_cb(...)`: a call through a field holding a function pointer.
JQ_LIKE = {
    "src/execute.c": """
        struct state { void (*err_cb)(void *, int); void *data; };
        static void err_cb(void *data, int value) {}
        void report(struct state *jq, int value) {
          jq->err_cb(jq->data, value);
          err_cb(0, value);
        }
        """,
}


async def test_a_cpp_call_on_an_object_is_never_a_sure_edge_to_a_method_found_by_its_name(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FMT_LIKE)
    # `file_.close()` in ostream::close is file::close, `f.close()` file's, `out->close()` ostream's: the name
    # alone does not tell (before: each was buffered_file.close, the first `close` of os.h, as sure LOCAL/IMPORT);
    # the class's field declares its type (`file file_;`: c_family_calls.py).
    # (file::close is declared in its class and defined in src/os.cc: reached there, c_family_calls.at_definitions)
    assert calls_from(graph, "include/os.h:ostream.close") == {("src/os.cc:file.close", "MEMBER")}
    # And a variable the function declares (c_receivers.py): `file& f`, `ostream* out`.
    assert calls_from(graph, "test/os-test.cc:use") == {("src/os.cc:file.close", "MEMBER"),
                                                        ("include/os.h:ostream.close", "MEMBER")}
    # A call on `this` is the caller's own class's, as a call without a receiver is.
    assert calls_from(graph, "include/os.h:file.reset") == {("src/os.cc:file.close", "MEMBER")}
    assert calls_from(graph, "include/os.h:file.operator=") == {("src/os.cc:file.close", "MEMBER")}


async def test_a_c_call_through_a_field_is_not_the_function_of_the_same_name(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, JQ_LIKE, "p") as service:
        answer = await service.find_references("p", "err_cb")
        sure = {(hit.line, hit.resolution) for hit in answer.references if hit.resolution in ("LOCAL", "IMPORT", "MEMBER")}
        # The direct call is the function's; `jq->err_cb(...)` calls what the field holds: the field's, never the
        # function's (`struct state *jq` tells whose field).
        assert sure == {(4, "MEMBER"), (5, "LOCAL")}
        field = (await service.find_references("p", "state.err_cb")).references
        assert [(hit.line, hit.resolution) for hit in field] == [(4, "MEMBER")]


async def test_an_index_made_before_c_receivers_were_kept_parses_its_c_and_cpp_files_again(tmp_path: Path) -> None:
    """Migration 38: the next update parses an existing index's C and C++ files again, and the index says why."""
    files = {"os.h": FMT_LIKE["include/os.h"], "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 38, "DELETE FROM code_edges WHERE edge_type = 'CALLS'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "os.h", "tool.sh", "C and C++")
        uses = (await service.find_references("mixed", "file.close")).references
        assert [(use.line, use.resolution) for use in uses if use.resolution != "UNRESOLVED"] == [
            (12, "LOCAL"), (15, "LOCAL"), (22, "MEMBER")]  # (22: `file_.close()`, a field `file file_;`)


# fmt's os.cc and tests: POSIX `close(fd)` and `dup(fd)` called bare from free functions and tests, beside the
# classes' `close` and `dup`; inside a member function a bare call is the class's own.
POSIX_CALLS = {
    "include/os.h": FMT_LIKE["include/os.h"] + """
        class file2 {
         public:
          static file2 dup(int fd);
          void close();
          ~file2() { close(); }
        };
        """,
    "src/os.cc": """
        #include "os.h"
        #include <unistd.h>
        file2 file2::dup(int fd) {
          int new_fd = dup(fd);
          return file2();
        }
        void file2::close() {}
        static void helper(int fd) {
          close(fd);
        }
        """,
    "test/posix-test.cc": """
        #include "os.h"
        void test_dup(int fd) {
          int copy = dup(fd);
          close(copy);
          file2 f = file2::dup(1);
        }
        """,
}


async def test_a_bare_call_outside_a_class_is_no_call_of_its_method(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, POSIX_CALLS, "p") as service:
        closes = (await service.find_references("p", "file2.close")).references
        sure = {(hit.file_path, hit.line, hit.enclosing) for hit in closes if hit.resolution in ("LOCAL", "IMPORT", "MEMBER")}
        # The destructor's `close()` is the class's own; helper's and the test's `close(...)` are POSIX's.
        # (`dup(fd)` inside `file2::dup` is the class's, as C++ looks the name up; `file2::dup(1)` names it.)
        assert sure == {("include/os.h", 30, "file2.~file2")}
        buffered = (await service.find_references("p", "buffered_file.close")).references
        assert not [hit for hit in buffered if hit.resolution in ("LOCAL", "IMPORT", "MEMBER")]
        dups = (await service.find_references("p", "file2.dup")).references
        assert {(hit.file_path, hit.line) for hit in dups if hit.resolution in ("LOCAL", "IMPORT", "MEMBER")} == {
            ("src/os.cc", 4), ("test/posix-test.cc", 5)}


# jq's `jq->err_cb(jq->err_cb_data, value)` in `jq_report_error(jq_state *jq, jv value)` (src/execute.c:329): a call
# of what the struct's field holds; find_references jq_state.err_cb said 0 references.
JQ_STATE = {
    "src/jq.h": """
        typedef struct jq_state jq_state;
        typedef void (*jq_msg_cb)(void *, int);
        """,
    "src/execute.c": """
        #include "jq.h"
        struct jq_state {
          jq_msg_cb err_cb;
          void *err_cb_data;
        };

        struct other {
          jq_msg_cb err_cb;
        };

        void jq_report_error(jq_state *jq, int value) {
          jq->err_cb(jq->err_cb_data, value);
        }

        void by_value(struct jq_state state, struct other *o, void *unknown) {
          state.err_cb(0, 1);
          o->err_cb(0, 2);
        }
        """,
    "src/main.cc": """
        #include "jq.h"
        struct jq_state;
        void report(jq_state &jq) {
          jq.err_cb(0, 3);
        }
        """,
}


async def test_a_call_of_a_struct_field_through_a_typed_variable_reaches_the_field(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, JQ_STATE)
    assert calls_from(graph, "src/execute.c:jq_report_error") == {("src/execute.c:jq_state.err_cb", "MEMBER")}
    assert calls_from(graph, "src/execute.c:by_value") == {("src/execute.c:jq_state.err_cb", "MEMBER"),
                                                          ("src/execute.c:other.err_cb", "MEMBER")}
    assert calls_from(graph, "src/main.cc:report") == {("src/execute.c:jq_state.err_cb", "MEMBER")}
    async with indexed_project(tmp_path / "again", JQ_STATE, "p") as service:
        answer = await service.find_references("p", "jq_state.err_cb")
        assert sorted((hit.file_path, hit.line, hit.enclosing) for hit in answer.references if hit.kind == "CALLS") == [
            ("src/execute.c", 12, "jq_report_error"), ("src/execute.c", 16, "by_value"), ("src/main.cc", 4, "report")]


# spdlog's os-inl.h and logger-inl.h: calls of the standard library's `remove` and `swap` beside the project's own.
STD_CALLS = {
    "src/os.h": """
        namespace spdlog {
        namespace os {
        int remove(const char *name);
        }
        void swap(int &a, int &b);
        class logger {
         public:
          void swap(logger &other);
          void run();
         private:
          int tracer_;
        };
        }
        """,
    "src/os.cpp": """
        #include "os.h"
        #include <cstdio>
        #include <utility>
        namespace spdlog {
        namespace os {
        int remove(const char *name) { return std::remove(name); }
        }
        void logger::swap(logger &other) { std::swap(tracer_, other.tracer_); }
        void logger::run() { os::remove("x"); std::this_thread::swap(1, 2); }
        }
        """,
}


async def test_a_cpp_call_written_in_std_is_the_standard_librarys(tmp_path: Path) -> None:
    """spdlog's audit: `std::swap(tracer_, other.tracer_)`, `std::remove(name)` and fmt's `std::gmtime(&time_)` were
    sure calls of the project's own `swap`, `os::remove` and `gmtime` (20 call sites); `std::fprintf` a guess."""
    graph = await graph_of(tmp_path, STD_CALLS)
    assert calls_from(graph, "src/os.cpp:remove") == set()
    assert calls_from(graph, "src/os.cpp:logger.swap") == set()
    assert calls_from(graph, "src/os.cpp:logger.run") == {("src/os.cpp:remove", "LOCAL")}


async def test_an_index_made_before_migration_106_links_c_and_cpp_again(tmp_path: Path) -> None:
    files = {**STD_CALLS, "src/plain.h": "int plain(void);\n", "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 106)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        hashes = dict(query(db, "SELECT file_path, file_hash FROM coderag_files"))
        assert hashes["src/os.cpp"] == "" and hashes["src/plain.h"] != ""  # (`std::this_thread::swap`: parsed again)
        await update_after_relink_migration(service, db, "p", "src/plain.h", "tools/build.py", "C++ calls")



# spdlog's registry and logger: calls on the class's own fields, declared in its header with a project type (a
# value, a pointer, a smart pointer) or a library's (`std::unordered_map`, whose `find` is no project function's).
MEMBER_FIELDS = {
    "include/lib/queue.h": """
        #pragma once
        #include <memory>
        namespace lib {
        class queue {
         public:
          void enqueue(int item);
        };
        class file_helper {
         public:
          void reopen(bool truncate);
        };
        template <typename T> bool find(T first, T last, int value, T &out);
        }
        """,
    "include/lib/pool.h": """
        #pragma once
        #include "lib/queue.h"
        #include <unordered_map>
        namespace lib {
        class pool {
         public:
          void post(int item);
         private:
          queue q_;
          file_helper *helper_;
          std::unique_ptr<file_helper> owned_;
          std::unordered_map<int, int> levels_;
        };
        }
        """,
    "src/pool.cpp": """
        #include "lib/pool.h"
        namespace lib {
        void queue::enqueue(int item) {}
        void file_helper::reopen(bool truncate) {}
        void pool::post(int item) {
          q_.enqueue(item);
          helper_->reopen(true);
          this->owned_->reopen(false);
          auto it = levels_.find(item);
          queue q_;
        }
        void use(std::shared_ptr<file_helper> made, const std::unique_ptr<queue> &q, lib::file_helper other,
                 std::string text) {
          made->reopen(true);
          q->enqueue(1);
          other.reopen(false);
          text.find("x");
        }
        }
        """,
}


async def test_a_cpp_call_on_a_field_of_the_class_is_on_the_type_it_declares(tmp_path: Path) -> None:
    """spdlog's audit: of 206 calls on members of a project type (`q_.enqueue(..)`, `file_helper_.reopen(..)`), 4
    were sure edges; of 386 calls through `->` on a project class's method, 3 (`new_logger->set_level(..)` on a
    `std::shared_ptr<logger>`)."""
    graph = await graph_of(tmp_path, MEMBER_FIELDS)
    assert calls_from(graph, "src/pool.cpp:pool.post") == {
        ("src/pool.cpp:queue.enqueue", "MEMBER"), ("src/pool.cpp:file_helper.reopen", "MEMBER")}
    # A parameter's smart pointer or namespace tells its type too; `std::string`'s `find` is no project function's.
    assert calls_from(graph, "src/pool.cpp:use") == {
        ("src/pool.cpp:queue.enqueue", "MEMBER"), ("src/pool.cpp:file_helper.reopen", "MEMBER")}
