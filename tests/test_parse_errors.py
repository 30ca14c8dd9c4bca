"""Files the grammar cannot read whole: what the grammar misreads is repaired before the definitions are read
(grammar_repairs.py), and what stays unread is told in get_status."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coderag_mcp.grammar_repairs import typescript_repairs
from coderag_mcp.render import status_text
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, update_after_reparse_migration,
                       write_tree)

pytestmark = pytest.mark.anyio

# hono's src/helper/factory/index.ts, cut down: generic call signatures of an interface, each after another member
# with no `;` between (one with its type parameters on lines of their own), then the definitions the ERROR swallowed.
FACTORY = '''
    type H<E, I> = (e: E, i: I) => void

    export interface CreateHandlersInterface<E> {
      <I = {}, E2 = E>(handler1: H<E2, I>): [H<E2, I>]

      // handler x2
      <
        I = {},
        I2 = I,
        E2 = E,
      >(
        handler1: H<E2, I>,
        handler2: H<E2, I2>
      ): [H<E2, I>, H<E2, I2>]
      <I extends object>(handler1: H<E, I>, handler2: H<E, I>, handler3: H<E, I>): void
    }

    export class Factory {
      createApp(): Factory {
        return this
      }
    }

    export const createMiddleware = <
      T,
    >(fn: () => T) => fn
    '''
USE = '''
    import { Factory, createMiddleware } from './factory'

    export function main(): void {
      createMiddleware(() => {})
      new Factory().createApp()
    }
    '''


async def test_definitions_after_an_interface_of_generic_call_signatures_are_found(tmp_path: Path) -> None:
    # hono's `interface HandlerInterface` (src/types.ts 127-1072) was read as 127-149, and the 34 declarations
    # after it, `Factory`, `createFactory` and `createMiddleware` were "no definition in the project".
    async with indexed_project(tmp_path, {"src/factory.ts": FACTORY, "src/use.ts": USE}, "p") as service:
        interface = await service.read_code("p", symbol="CreateHandlersInterface", max_tokens=50_000)
        assert (interface.start_line, interface.end_line) == (3, 16)
        found = await service.find_symbol("p", "Factory")
        assert [(hit.file_path, hit.line, hit.end_line) for hit in found.definitions] == [("src/factory.ts", 18, 22)]
        middleware = await service.find_symbol("p", "createMiddleware")
        assert [(hit.file_path, hit.line) for hit in middleware.definitions] == [("src/factory.ts", 24)]
        uses = await service.find_references("p", "Factory")
        assert {(ref.file_path, ref.line, ref.resolution) for ref in uses.references} >= {
            ("src/use.ts", 1, "IMPORT"), ("src/use.ts", 5, "IMPORT")}
        calls = await service.find_references("p", "Factory.createApp")
        assert [(ref.file_path, ref.line, ref.resolution) for ref in calls.references] == [("src/use.ts", 5, "MEMBER")]


async def test_a_tsx_component_after_such_an_interface_keeps_its_elements(tmp_path: Path) -> None:
    # In a TSX file a line that starts with `<` is mostly an element: those stay as written.
    component = '''
        interface Render {
          (name: string): string
          <P extends object>(props: P): string
        }

        export function Panel(props: { title: string }) {
          return (
            <div>
              <h1>{props.title}</h1>
              <Panel title="x" />
            </div>
          )
        }
        '''
    async with indexed_project(tmp_path, {"src/panel.tsx": component}, "p") as service:
        found = await service.find_symbol("p", "Panel")
        assert [(hit.line, hit.end_line) for hit in found.definitions] == [(6, 13)]
        read = await service.read_code("p", symbol="Render")
        assert (read.start_line, read.end_line) == (1, 4)


async def test_a_type_parameter_with_a_variance_is_no_use_of_a_class_of_its_name(tmp_path: Path) -> None:
    # zod's `interface $ZodTypeInternals<out O = unknown, out I = unknown>`: the grammar knows no `out`, read a
    # parameter named `out`, and each `O` in the interface was a use of a type `O` (here of the class imported).
    files = {
        "src/o.ts": "export class O {}\n",
        "src/schema.ts": '''
            import { O } from './o'

            export interface Schema<out O = unknown, in I = unknown> {
              value: O
              parse(data: I): O
            }
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        uses = await service.find_references("p", "O", include_guesses=True)
        assert [(ref.file_path, ref.line, ref.kind) for ref in uses.references] == [("src/schema.ts", 1, "IMPORTS")]
        found = await service.find_symbol("p", "Schema")
        assert found.definitions[0].signature == "interface Schema<out O = unknown, in I = unknown>"


async def test_an_index_made_before_the_typescript_repairs_parses_typescript_again(tmp_path: Path) -> None:
    files = {"src/factory.ts": FACTORY, "tool.py": "def run():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 36, "DROP TABLE coderag_parse_errors")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/factory.ts", "tool.py", "TypeScript")
        found = (await service.find_symbol("mixed", "Factory")).definitions
        assert [(hit.file_path, hit.line) for hit in found] == [("src/factory.ts", 18)]


def test_a_repair_takes_no_time_on_comments_full_of_slashes() -> None:
    # A pattern that split `// a // b` at each `//` took minutes on zod's src/v4/core/checks.ts.
    code = b"interface A<\n  // " + b"x // " * 40 + b"\n  T> {\n  x: T\n  <U>(u: U): U\n}\n"
    started = time.perf_counter()
    repaired = typescript_repairs(code)
    assert time.perf_counter() - started < 0.5
    assert len(repaired) == len(code) and repaired.count(b"\n") == code.count(b"\n")


BROKEN = {
    # A place at the file's level the grammar cannot read: what it swallowed may be definitions.
    "src/broken.py": '''
        def before():
            return 1

        class Broken(:
            pass

        def after():
            return 2
        ''',
    # Inside a function only: what is lost is local to it, not told.
    "src/local.py": '''
        def handler():
            x = (1 +
            return x

        def other():
            return 3
        ''',
    "src/fine.py": "def fine():\n    return 0\n",
}


async def test_get_status_names_the_files_the_grammar_could_not_read(tmp_path: Path) -> None:
    # hono's get_status said `ready, 386 files` while src/types.ts had lost 34 of its 53 declarations.
    async with indexed_project(tmp_path, BROKEN, "p") as service:
        status = await service.get_status("p")
        assert (status.files_with_parse_errors, status.parse_error_files) == (1, ["src/broken.py:4"])
        assert "parse errors in 1 file, definitions there may be missing: src/broken.py:4" in status_text(status)
        (tmp_path / "repo/src/broken.py").write_text("def before():\n    return 1\n")
        started = await service.update_index("p", background=False)
        assert "parse errors" not in started.message
        status = await service.get_status("p")
        assert (status.files_with_parse_errors, status.parse_error_files) == (0, [])
        assert "parse errors" not in status_text(status)


async def test_the_line_told_is_where_the_failure_begins_not_where_an_error_around_it_does(tmp_path: Path) -> None:
    # A header cut short inside its #if groups: one ERROR from line 2 holds the groups it could read and the stray
    # brace it could not, at line 5 (libuv's uv.h was told at its include guard, line 24, for enums at line 192).
    header = ("/* A header cut short. */\n#ifndef UV_EXTERN\n#ifdef _WIN32\n# if defined(BUILDING_UV_SHARED)\n"
              "};\nstruct uv_buf_s {\n  char* base;\n};\n")
    async with indexed_project(tmp_path, {"include/uv.h": header, "src/core.c": "int x;\n"}, "p") as service:
        status = await service.get_status("p")
        assert (status.files_with_parse_errors, status.parse_error_files) == (1, ["include/uv.h:5"])


async def test_the_index_job_says_which_files_the_grammar_could_not_read(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {**BROKEN, **{f"src/broken{n}.py": BROKEN["src/broken.py"] for n in range(4)}})
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        started = await service.init_index("p", str(repo), background=False)
    assert started.message.endswith("Note: parse errors in 5 files, definitions there may be missing: "
                                    "src/broken.py:4, src/broken0.py:4, src/broken1.py:4, ....")


@pytest.mark.parametrize("language, code, rewrite", [
    # A header's include guard blanked (fmt's format.h is read without it), its last line without a newline.
    ("cpp", b"#ifndef A_H\n#define A_H\nnamespace a {\nint f(int x) { return x; }\n}\n#endif", "guard"),
    # C#'s `#if` read as its first branch: runs of blanked lines in the middle (serilog's ForContext).
    ("csharp", b"class C {\n#if X\n  void F() { }\n#else\n  void G() { }\n#endif\n  void H() { }\n}\n", "branches"),
    # The first line blanked, and the last.
    ("cpp", b"MACRO(x)\nint f();\nint g();\nTRAILING", "ends"),
])
def test_a_file_parsed_again_from_its_first_tree_is_the_tree_of_a_parse_of_its_own(
        language: str, code: bytes, rewrite: str) -> None:
    # parse_trees.py hands tree-sitter the first tree with the changed rows marked edited (gtest.h: 12 ms against 44 ms
    # a parse of its own); what it gives must be what a parse of the rewritten code gives, or the index would differ.
    from coderag_mcp.c_directives import include_guard
    from coderag_mcp.languages import BY_NAME
    from coderag_mcp.parse_trees import _reparsed, parse_tree
    from coderag_mcp.source_rewrites import first_branches

    spec = BY_NAME[language]
    if rewrite == "guard":
        rewritten = include_guard(code)
    elif rewrite == "branches":
        rewritten = first_branches(code)
    else:
        lines = code.split(b"\n")
        rewritten = b"\n".join([b" " * len(lines[0]), *lines[1:-1], b" " * len(lines[-1])])
    assert rewritten != code and len(rewritten) == len(code)
    tree = parse_tree(spec, code)
    before = str(tree.root_node)
    again = _reparsed(spec, code, tree, rewritten)
    assert str(again.root_node) == str(parse_tree(spec, rewritten).root_node)
    assert str(tree.root_node) == before  # the first tree is left as it was (kept when the repair reads no better)
    assert str(again.root_node) != before
