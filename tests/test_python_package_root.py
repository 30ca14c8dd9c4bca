"""A project whose folder is itself a Python package (`sphinx/` indexed alone, its `__init__.py` at the top) imports
its modules by the folder's name: `from shop.models import Order` is its `models.py`. Before, such imports found
nothing (the files are `models.py`, not `shop/models.py`), so every call through them was a guess or nothing (sphinx
8.1.3's package folder: 2,854 sure call pairs, 5,999 once its modules are found, as many as the same files under a
parent folder), and a name of the standard library was the project's own module of that name (`import io`, `import
locale`: all 11 of sphinx's IMPORT edges were such)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, query, write_tree

pytestmark = pytest.mark.anyio

SHOP = {
    "__init__.py": "",
    "io.py": '''
def read_order(path: str) -> str:
    return path


def StringIO() -> str:  # not the standard library's `io.StringIO`
    return ""
''',
    "models.py": '''
class Order:
    def total(self) -> int:
        return 0
''',
    "checkout.py": '''
import io
import shop.models
from shop.models import Order
from shop import io as shop_io


def pay(order: Order) -> int:
    buffer = io.StringIO()
    shop_io.read_order("x")
    shop.models.Order().total()
    return order.total()
''',
    "tests/test_checkout.py": '''
from shop.checkout import pay
from shop.models import Order


def test_pay():
    assert pay(Order()) == 0
''',
}


async def test_a_project_whose_folder_is_a_package_finds_its_modules_by_the_folders_name(tmp_path: Path) -> None:
    """`from shop.models import Order`, `import shop.models` and `from shop import io` in `shop/`'s own files and in its
    tests (a folder of no package) are the project's modules; `import io` is the standard library's, not `io.py`
(`io.StringIO()` no call of its namesake there)."""
    repo = write_tree(tmp_path / "shop", SHOP)
    async with CodeIndexService.open(fast_settings(tmp_path / "vault.db"), run_jobs=False) as service:
        await service.init_index("p", str(repo), background=False)
        db = service.store.path
    imports = query(db, "SELECT source_id, target_id FROM code_edges WHERE edge_type = 'IMPORTS' ORDER BY 1, 2")
    assert imports == [("p:checkout.py", "p:io.py"), ("p:checkout.py", "p:models.py"),  # (`from shop import io`)
                       ("p:tests/test_checkout.py", "p:checkout.py"), ("p:tests/test_checkout.py", "p:models.py")]
    calls = query(db, """SELECT e.source_id, e.target_id, r.resolution FROM code_edges AS e
                           JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id
                          WHERE e.edge_type = 'CALLS' ORDER BY 1, 2""")
    assert calls == [("p:checkout.py:pay", "p:io.py:read_order", "IMPORT"),
                     ("p:checkout.py:pay", "p:models.py:Order", "IMPORT"),
                     ("p:checkout.py:pay", "p:models.py:Order.total", "MEMBER"),
                     ("p:tests/test_checkout.py:test_pay", "p:checkout.py:pay", "IMPORT"),
                     ("p:tests/test_checkout.py:test_pay", "p:models.py:Order", "IMPORT")]
