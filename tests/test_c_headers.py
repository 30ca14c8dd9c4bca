"""C headers the grammar could not read as written (grammar_repairs.extern_c_guards). Found by an agent's audit of jq
(c-audit): `find_symbol JV_KIND_NUMBER` said nothing defined it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

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
