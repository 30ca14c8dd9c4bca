"""Python answers agents got wrong on httpx and jinja (an audit of 110 answers over the two projects): each a
small project with the trap, asked as an agent asks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import indexed_project

pytestmark = pytest.mark.anyio


# jinja's `Environment.getattr` calls the builtin `getattr(obj, attribute)`; `fact` calls itself.
BARE_BUILTIN = {"env.py": '''
    class Environment:
        def getattr(self, obj, attribute):
            return getattr(obj, attribute)

        def walk(self, node):
            return self.walk(node)

    def fact(n):
        return n * fact(n - 1)
    '''}


async def test_a_bare_name_in_a_method_is_not_the_method(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, BARE_BUILTIN, "p") as service:
        getattr_ = await service.find_references("p", "Environment.getattr")
        walk = await service.find_references("p", "Environment.walk")
        fact = await service.find_references("p", "fact")
    assert getattr_.references == []
    assert [(h.line, h.enclosing, h.resolution) for h in walk.references] == [(6, "Environment.walk", "LOCAL")]
    assert [(h.line, h.enclosing, h.resolution) for h in fact.references] == [(9, "fact", "LOCAL")]
