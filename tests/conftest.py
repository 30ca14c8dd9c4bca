"""Shared fixtures: real vault files in tmp_path, real source trees written by the tests."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp_types import ListRootsResult, Root

from coderag_mcp.config import Settings
from coderag_mcp.languages import BY_NAME, language_for
from coderag_mcp.models import ChunkType, IndexStatus
from coderag_mcp.parse import parse_source
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import ChunkRecord, ReferenceRecord, SymbolRecord

# A small project in the six languages the index parses, with a known set of definitions.
SAMPLE_FILES = {
    "app/config.py": '''
        """Configuration loading."""
        import json


        class ConfigLoader:
            """Loads and validates configuration files."""

            def parse_config(self, text: str) -> dict:
                """Parse configuration text into a dict."""
                return json.loads(text)


        def load_settings(path):
            """Read the settings file at path."""
            with open(path) as handle:
                return ConfigLoader().parse_config(handle.read())
        ''',
    "app/server.go": '''
        package app

        // HTTPServer answers requests.
        type HTTPServer struct {
            port int
        }

        // ListenAndServe starts accepting connections on the port.
        func (s *HTTPServer) ListenAndServe() error {
            return nil
        }
        ''',
    "web/greeter.ts": '''
        /** Greets people by name. */
        export class Greeter {
          greet(name: string): string {
            return `Hello ${name}`;
          }
        }

        export function shout(text: string): string {
          return text.toUpperCase();
        }
        ''',
    "web/util.js": '''
        // Debounce a function call.
        function debounce(fn, wait) {
          let timer;
          return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), wait); };
        }
        ''',
    "core/src/lib.rs": '''
        /// A point in the plane.
        pub struct Point { x: f64, y: f64 }

        impl Point {
            /// Distance to the origin.
            pub fn norm(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
        }
        ''',
    "java/Cache.java": '''
        package demo;

        /** An LRU cache. */
        public class Cache {
            /** Evict the least recently used entry. */
            public void evictOldest() {}
        }
        ''',
}


def parse_text(
    language: str, path: str, text: str, *, every_line_once: bool = False
) -> tuple[list[ChunkRecord], list[SymbolRecord], list[ReferenceRecord]]:
    """Parse a test's (indented) source text, checking what holds for every file of every language."""
    source = textwrap.dedent(text).lstrip("\n")
    spec = language_for(path)
    assert spec is BY_NAME[language], f"{path} is not parsed as {language}"
    chunks, symbols, references = parse_source(path, spec, source.encode())
    definitions = [chunk for chunk in chunks if chunk.chunk_type is not ChunkType.MODULE and chunk.part == 0]
    # Each definition is a symbol and a chunk; a module's or class's variable only a symbol, one per name.
    assert sorted(s.name for s in symbols if s.kind != "variable") == sorted(c.name for c in definitions)
    variables = [(s.scope, s.name) for s in symbols if s.kind == "variable"]
    assert len(set(variables)) == len(variables)
    assert not {s.name for s in symbols if s.kind == "variable" and s.scope is None} & {c.qualified_name for c in definitions}
    if every_line_once:  # every line with code is in exactly one chunk
        kept = [line for chunk in chunks for line in chunk.body.splitlines() if any(ch.isalnum() for ch in line)]
        assert sorted(kept) == sorted(line for line in source.splitlines() if any(ch.isalnum() for ch in line))
    return chunks, symbols, references


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel_path, text in files.items():
        path = root / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def write_large_tree(root: Path, count: int, functions_per_file: int = 12) -> Path:
    """Many real Python files: enough work that a job runs for a few seconds."""
    for number in range(count):
        folder = root / f"pkg{number % 40}"
        folder.mkdir(parents=True, exist_ok=True)
        body = [f'"""Module {number}."""\n', "import os\n\n"]
        for index in range(functions_per_file):
            body.append(
                f"def compute_{number}_{index}(value, factor={index}):\n"
                f'    """Compute item {index} of module {number}."""\n'
                f"    total = 0\n"
                f"    for step in range(value):\n"
                f"        total += step * factor + len(os.sep)\n"
                f"    return total\n\n\n"
            )
        body.append(f"class Widget{number}:\n    def render(self):\n        return compute_{number}_0(3)\n")
        (folder / f"mod{number}.py").write_text("".join(body))
    return root


@contextlib.asynccontextmanager
async def indexed_project(tmp_path: Path, files: dict[str, str], project_id: str) -> AsyncIterator[CodeIndexService]:
    """A service over a fresh vault.db with `files` written under tmp_path and indexed as `project_id`."""
    repo = write_tree(tmp_path / "repo", files)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index(project_id, str(repo), background=False)
        yield service


async def indexed_before_migration(tmp_path: Path, files: dict[str, str], project_id: str, version: int,
                                   *statements: str) -> Path:
    """The vault.db of a project indexed, then as the version before migration `version` left it: the
    migration not recorded, and `statements` (what that version wrote differently) run."""
    async with indexed_project(tmp_path, files, project_id) as service:
        db = service.store.path
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("DELETE FROM coderag_schema_migrations WHERE version = ?", (version,))
        for statement in statements:
            connection.execute(statement)
    return db


async def update_after_reparse_migration(service: CodeIndexService, db: Path, parsed_again: str, kept: str,
                                        language_words: str) -> None:
    """A reparse migration's effect on project "mixed": `parsed_again`'s hash cleared, `kept`'s not, the index
    STALE saying why (`language_words` in its message); then an update makes it READY."""
    hashes = dict(query(db, "SELECT file_path, file_hash FROM coderag_files"))
    assert hashes[parsed_again] == "" and hashes[kept] != ""
    status = await service.get_status("mixed")
    assert status.status is IndexStatus.STALE and language_words in (status.error_message or "")
    await service.update_index("mixed", background=False)
    assert (await service.get_status("mixed")).status is IndexStatus.READY


async def update_after_relink_migration(service: CodeIndexService, db: Path, project_id: str, relinked: str, kept: str,
                                       words: str) -> None:
    """A relink migration's effect: `relinked` and every file but `kept` to be linked again, `kept` not, the index
    STALE saying why (`words` in its message); then an update makes it READY."""
    status = await service.get_status(project_id)
    assert status.status is IndexStatus.STALE and words in (status.error_message or "")
    linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
    assert linked.pop(kept) == 1 and linked[relinked] == 0 and set(linked.values()) == {0}
    await service.update_index(project_id, background=False)
    assert (await service.get_status(project_id)).status is IndexStatus.READY


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "sample", SAMPLE_FILES)


@pytest.fixture(scope="session")
def large_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_large_tree(tmp_path_factory.mktemp("large"), 1500)


def fast_settings(db_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = dict(heartbeat_seconds=0.1, poll_seconds=0.1, lease_timeout_seconds=3.0)
    values.update(overrides)
    return Settings(db_path=db_path, **values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "vault" / "vault.db")


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[CodeIndexService]:
    async with CodeIndexService.open(settings) as opened:
        yield opened


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def call_error(client: Client, tool: str, **arguments: Any) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    return result.content[0].text  # type: ignore[union-attr]


def roots_callback(*folders: Path) -> Any:
    """A client's roots handler sharing these folders (MCP roots)."""
    async def list_roots(_context: Any) -> ListRootsResult:
        return ListRootsResult(roots=[Root(uri=folder.resolve().as_uri(), name=folder.name) for folder in folders])

    return list_roots


def resolved_edges(db_path: Path) -> set[tuple[str, str, str, str]]:
    """Every edge as (its source's qualified name, kind, target as file:qualified name, how it resolved)."""
    return {(source.split(":", 2)[-1], kind, target.split(":", 1)[1], resolution) for source, kind, target, resolution
            in query(db_path, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges AS e
                                   JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id""")}


def query(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "coderag_mcp", *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CODERAG_DB", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


Query = Callable[..., list[tuple[object, ...]]]


def parse_definitions(language: str, path: str, text: str, *, every_line_once: bool = True
                      ) -> tuple[list[ChunkRecord], dict[str, ChunkRecord], list[ReferenceRecord]]:
    """The file's chunks, its definitions by qualified name (each name once), and its references."""
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=every_line_once)
    definitions = {chunk.qualified_name: chunk for chunk in chunks if chunk.chunk_type is not ChunkType.MODULE}
    assert len(definitions) == len([c for c in chunks if c.chunk_type is not ChunkType.MODULE])
    return chunks, definitions, references


def facts(chunk: ChunkRecord) -> tuple[object, ...]:
    return (chunk.chunk_type.value, chunk.lineno, chunk.end_lineno, chunk.signature, chunk.docstring)


def refs(references: list[ReferenceRecord], edge_type: str) -> list[tuple[object, ...]]:
    """(name, line, enclosing definition, module) of the references of one edge type."""
    return [(r.name, r.lineno, r.source, r.module) for r in references if r.edge_type == edge_type]
