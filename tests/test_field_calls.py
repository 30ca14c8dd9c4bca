"""A call of a field that holds a function (a Go func field, a TypeScript property typed as a function, a Python
class attribute holding a class) is listed under the field by find_references, when the receiver's class is
written: no edge leads to a variable, so the answer tells these uses itself (reference_queries.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import indexed_project

pytestmark = pytest.mark.anyio

FILES = {
    "echo.go": '''
        package echo

        type Context struct{}

        type HTTPErrorHandler func(c *Context, err error)

        type Echo struct {
            HTTPErrorHandler HTTPErrorHandler
        }

        func (e *Echo) serve(c *Context) {
            e.HTTPErrorHandler(c, nil)
        }

        func handle(e *Echo, c *Context) {
            e.HTTPErrorHandler(c, nil)
        }
        ''',
    # Another package's Echo, without the field: its call is none of echo.go's.
    "other/other.go": '''
        package other

        type Echo struct{}

        func use(e *Echo) {
            e.HTTPErrorHandler(nil, nil)
        }
        ''',
    "views.py": '''
        class Response:
            pass


        class View:
            response_class = Response

            def render(self):
                return self.response_class()
        ''',
    "serve.ts": '''
        export interface ServeOptions {
          onFound?: (path: string) => void
        }

        export function serve(options: ServeOptions) {
          options.onFound?.("index.html")
        }
        ''',
}


def _places(response) -> list[tuple[str, int, str, str | None, str]]:
    return [(hit.file_path, hit.line, hit.kind, hit.target, hit.resolution) for hit in response.references]


async def test_a_call_of_a_field_holding_a_function_is_listed_under_the_field(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        assert _places(await service.find_references("p", "Echo.HTTPErrorHandler")) == [
            ("echo.go", 12, "CALLS", "echo.go:Echo.HTTPErrorHandler", "MEMBER"),
            ("echo.go", 16, "CALLS", "echo.go:Echo.HTTPErrorHandler", "MEMBER"),
        ]
        # By its name alone, other.go's call (its own Echo has no such field) stays tied to nothing.
        by_name = _places(await service.find_references("p", "HTTPErrorHandler"))
        assert ("other/other.go", 6, "CALLS", None, "UNRESOLVED") in by_name
        assert ("echo.go", 16, "CALLS", "echo.go:Echo.HTTPErrorHandler", "MEMBER") in by_name

        assert _places(await service.find_references("p", "View.response_class")) == [
            ("views.py", 9, "CALLS", "views.py:View.response_class", "MEMBER")]
        assert _places(await service.find_references("p", "ServeOptions.onFound")) == [
            ("serve.ts", 6, "CALLS", "serve.ts:ServeOptions.onFound", "MEMBER")]
