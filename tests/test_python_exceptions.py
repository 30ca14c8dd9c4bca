"""What an `except` clause names and binds. `except AppError as err:` binds `err` to the exception caught, an instance
of the class: `err.describe()` is AppError's (it was a guess among the project's `describe` methods). And a class
in a tuple of exceptions (`except (AppError, KeyError):`) is one use of it, not two (two patterns read it, the
class-as-a-value one and the except one: its edge counted each use twice). A name two handlers bind (`except AppError as
err: .. except Other as err:`) is each handler's own: no union of both classes, whose `code` either read would reach
(an agent's probe found the first version's two wrong edges)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

ERRORS = {
    "errors.py": '''
class AppError(Exception):
    code = 1

    def describe(self) -> str:
        return ""


class Other(Exception):
    code = 2

    def describe(self) -> str:
        return ""
''',
    "run.py": '''
import errors
from errors import AppError


def run() -> None:
    try:
        pass
    except AppError as err:
        err.describe()
        print(err.code)
    except (errors.Other, KeyError) as both:
        both.describe()


def again() -> None:
    try:
        pass
    except (AppError, KeyError):
        pass


def twice() -> int:
    try:
        return 0
    except AppError as err:
        return err.code
    except errors.Other as err:
        return err.code
''',
}


async def test_an_except_clause_binds_an_instance_of_the_class_it_catches(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, ERRORS, "p") as service:
        db = service.store.path
    edges = query(db, """SELECT e.source_id, e.edge_type, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type IN ('CALLS', 'USES') ORDER BY 1, 2, 3""")
    assert edges == [("p:run.py:again", "USES", "p:errors.py:AppError", 1, "IMPORT"),
                     ("p:run.py:run", "CALLS", "p:errors.py:AppError.describe", 1, "MEMBER"),
                     ("p:run.py:run", "CALLS", "p:errors.py:Other.describe", 1, "GUESS"),  # a tuple's: either
                     ("p:run.py:run", "USES", "p:errors.py:AppError", 1, "IMPORT"),
                     ("p:run.py:run", "USES", "p:errors.py:AppError.code", 1, "MEMBER"),
                     ("p:run.py:run", "USES", "p:errors.py:Other", 1, "IMPORT"),
                     ("p:run.py:twice", "USES", "p:errors.py:AppError", 1, "IMPORT"),
                     ("p:run.py:twice", "USES", "p:errors.py:Other", 1, "IMPORT")]
