"""A name a `with` binds to a `@contextmanager` function's value holds what the function is declared to yield (`->
Iterator[Session]`, `Generator[Session, None, None]`, an `@asynccontextmanager`'s `AsyncIterator[Session]`): the
generator's return, an iterator, has no `__enter__` of the project's, so `s.query()` in `with session() as s:` was a
guess (mypy has 39 such functions declared, sphinx 14, textual 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

SESSIONS = {
    "db.py": '''
from contextlib import asynccontextmanager, contextmanager
from typing import AsyncIterator, Generator, Iterator


class Session:
    def query(self) -> int:
        return 0


class Other:
    def query(self) -> int:
        return 1


@contextmanager
def session() -> Iterator[Session]:
    yield Session()


class Store:
    @contextmanager
    def opened(self) -> Generator[Session, None, None]:
        yield Session()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[Session]:
        yield Session()

    async def run(self) -> None:
        with session() as s:
            s.query()
        with self.opened() as o:
            o.query()
        async with self.connect() as c:
            c.query()
''',
}


async def test_a_with_of_a_context_manager_function_binds_what_it_yields(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, SESSIONS, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.source_id = 'p:db.py:Store.run' AND e.target_id GLOB '*.query'""")
    assert calls == [("p:db.py:Session.query", 3, "MEMBER")]
