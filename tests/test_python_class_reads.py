"""An attribute read on a class written by its name (`Symbol.debug_indent`, `Color.RED`, `models.Color.RED`,
`Book.objects`) is a read of what the class (or a base) declares by that name. Before, only reads on a receiver the
parser could type were kept (`self.x`, a typed variable's), and a name as written was not one: an enum member, a class
variable or a Django manager read through its class had no reference at all (black's sure read pairs 1,574 -> 1,753,
Django's 28,538 -> 30,077, mypy's 39,142 -> 39,920; 30 added pairs of ten projects read at their lines, all right).
A name that is no class by the convention (`S.One`, `MAX.x`) is not kept, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project, query

pytestmark = pytest.mark.anyio

CLASSES = {
    "models.py": '''
import enum


class Color(enum.Enum):
    RED = 1


class Base:
    objects = None


class Book(Base):
    debug_indent = 0

    def shelve(self) -> None:
        Book.debug_indent += 1
''',
    "use.py": '''
import models
from models import Book, Color


def paint() -> int:
    if Book.debug_indent > 2:
        return Color.RED.value
    Book.objects
    return models.Color.RED
''',
}


async def test_an_attribute_read_on_a_class_by_its_name_is_a_reference(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, CLASSES, "p") as service:
        db = service.store.path
    reads = query(db, """SELECT e.source_id, e.target_id, e.count, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'USES' AND e.target_id GLOB 'p:models.py:*.*' ORDER BY 1, 2""")
    assert reads == [("p:models.py:Book.shelve", "p:models.py:Book.debug_indent", 1, "MEMBER"),
                     ("p:use.py:paint", "p:models.py:Base.objects", 1, "MEMBER"),  # a base class's
                     ("p:use.py:paint", "p:models.py:Book.debug_indent", 1, "MEMBER"),
                     ("p:use.py:paint", "p:models.py:Color.RED", 2, "MEMBER")]  # by its name, through its module


LOCAL_CLASSES = {
    "styles.py": '''
class Style:
    color = 1
    size = 2


def test_override():
    class TestStyle(Style):
        color = 5

        def own(self) -> int:
            inner = 3
            return self.color + inner
    return TestStyle.color, TestStyle.size
''',
}


async def test_a_class_defined_in_a_function_holds_its_own_class_variables(tmp_path: Path) -> None:
    """A class defined in a function (pygments' tests: `class TestStyle(Style): highlight_color = ...`) declares its
    variables as a module's class does: `TestStyle.color` and `self.color` are its own. Before, no variable of such a
    class was read (the walk for variables never entered a function), so both reached the base class's `color`:
    wrong. A function's own locals (`inner`) are still no variables."""
    async with indexed_project(tmp_path, LOCAL_CLASSES, "p") as service:
        db = service.store.path
    reads = query(db, """SELECT e.source_id, e.target_id FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'USES' AND r.resolution = 'MEMBER' ORDER BY 1, 2""")
    assert reads == [("p:styles.py:test_override", "p:styles.py:Style.size"),
                     ("p:styles.py:test_override", "p:styles.py:test_override.TestStyle.color"),
                     ("p:styles.py:test_override.TestStyle.own", "p:styles.py:test_override.TestStyle.color")]
    assert query(db, "SELECT id FROM code_nodes WHERE node_type = 'VARIABLE' ORDER BY 1") == [
        ("p:styles.py:Style.color",), ("p:styles.py:Style.size",), ("p:styles.py:test_override.TestStyle.color",)]
