"""A C++ constructor's signature is its header, without its member initializers. Found trying the map of yaml-cpp as a
user: googletest's `UnitTestImpl::UnitTestImpl(UnitTest* parent)` had its 19 member initializers and two macros in
its signature (834 characters), in the repo map and in every answer that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import fast_settings, indexed_before_migration, query, update_after_reparse_migration
from .test_parse import parse

pytestmark = pytest.mark.anyio

IMPL = '''
class Impl {
 public:
  explicit Impl(int size) : size_(size), items_() {}
 private:
  int size_;
};
Holder::Holder(Impl* parent)
    : parent_(parent),  // the owner
      count_(0) {
}
'''


def test_a_constructors_signature_ends_before_its_member_initializers() -> None:
    _, found = parse("cpp", "src/impl.cc", IMPL)
    assert found["Impl.Impl"].signature == "explicit Impl(int size)"
    assert found["Holder.Holder"].signature == "Holder::Holder(Impl* parent)"


async def test_an_index_made_before_migration_127_parses_cpp_again(tmp_path: Path) -> None:
    files = {"src/impl.cc": IMPL, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 127)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/impl.cc", "tool.sh", "C++ constructor signatures")
    assert query(db, "SELECT signature FROM code_nodes WHERE name = 'Holder'") == [("Holder::Holder(Impl* parent)",)]
