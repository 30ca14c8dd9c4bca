"""A variable assigned an awaited call holds what the coroutine function is declared to return: starlette's `response =
await self.get_response(path, scope)` (declared `-> Response`), then `await response(scope, receive, send)`, its
`__call__` (an agent's audit: the same code without `await` was typed, with it the variable held nothing known; httpx's
sure call pairs 1,724 -> 1,754 once read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

CLIENT = {
    "client.py": '''
class Response:
    def json(self) -> dict:
        return {}


class Other:
    def json(self) -> dict:
        return {}


class Client:
    async def fetch(self) -> Response:
        return Response()

    async def get(self) -> None:
        response = await self.fetch()
        response.json()
''',
}


async def test_a_variable_assigned_an_awaited_call_holds_what_it_returns(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, CLIENT, "p") as service:
        db = service.store.path
    calls = query(db, """SELECT e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.source_id = 'p:client.py:Client.get' AND e.edge_type = 'CALLS' ORDER BY 1""")
    assert calls == [("p:client.py:Client.fetch", "MEMBER"), ("p:client.py:Response.json", "MEMBER")]
