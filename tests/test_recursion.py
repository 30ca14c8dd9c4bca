"""A recursive call is an edge from its definition to itself, in every language (the graph kept none: find_references
listed such calls by a rule of its own, and Go's `v.realKey(..)` in `realKey` as unresolved, a C function calling its
own name was a static namesake of another file); a call of the caller's name that is not recursion stays another's."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.models import IndexStatus
from coderag_mcp.service import CodeIndexService
from tests.conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                            update_after_reparse_migration)
from tests.test_typed_resolution import calls_from, edges

pytestmark = pytest.mark.anyio

RECURSIVE = {
    "m.py": "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n\n\nclass Tree:\n"
            "    def walk(self, node):\n        for child in node.children:\n            self.walk(child)\n",
    "m.go": "package m\n\ntype V struct{}\n\nfunc (v *V) realKey(k string) string {\n\tif k == \"\" {\n"
            "\t\treturn v.realKey(\"x\")\n\t}\n\treturn k\n}\n",
    "Walker.java": "class Walker {\n    int depth(Node n) { return n == null ? 0 : 1 + depth(n.next); }\n}\n",
    "walk.kt": "fun top(n: Int): Int = if (n == 0) 0 else top(n - 1)\n",
    "walk.ts": "export class TWalker {\n  walk(n: number): number { return n ? this.walk(n - 1) : 0; }\n}\n",
    "lib.rs": "pub fn rfact(n: u64) -> u64 { if n < 2 { 1 } else { n * rfact(n - 1) } }\n",
    "c.c": "int cfact(int n) { return n < 2 ? 1 : n * cfact(n - 1); }\n",
    "other.c": "static int cfact(int n) { return n; }\n",
    "w.rb": "class RbWalker\n  def walk(n)\n    n.zero? ? 0 : walk(n - 1)\n  end\nend\n",
    "w.php": "<?php\nclass PWalker { function walk($n) { return $n ? $this->walk($n - 1) : 0; } }\n",
    "w.cs": "class CsWalker { int Walk(int n) { return n == 0 ? 0 : Walk(n - 1); } }\n",
    "w.swift": "func sfact(_ n: Int) -> Int { return n < 2 ? 1 : n * sfact(n - 1) }\n",
    "w.cpp": "struct CppWalker { int walk(int n) { return n ? walk(n - 1) : 0; } };\n",
}


async def test_a_recursive_call_is_an_edge_to_its_own_definition_in_every_language(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, RECURSIVE, "p") as service:
        graph = edges(tmp_path / "vault.db")
        realkey = await service.find_references("p", "V.realKey")
        walk = await service.find_references("p", "Tree.walk")
        cfact = await service.find_references("p", "cfact")
    expected = {"m.py:fact": "LOCAL", "m.py:Tree.walk": "MEMBER", "m.go:V.realKey": "MEMBER",
                "Walker.java:Walker.depth": "LOCAL", "walk.kt:top": "LOCAL", "walk.ts:TWalker.walk": "MEMBER",
                "lib.rs:rfact": "LOCAL", "c.c:cfact": "LOCAL", "w.rb:RbWalker.walk": "LOCAL",
                "w.php:PWalker.walk": "LOCAL", "w.cs:CsWalker.Walk": "LOCAL", "w.swift:sfact": "LOCAL",
                "w.cpp:CppWalker.walk": "LOCAL"}
    for caller, how in expected.items():
        assert calls_from(graph, caller) == {(caller, how)}, caller
    # find_references: Go's call on its typed receiver was unresolved; C's call was the other file's static cfact.
    assert [(hit.line, hit.target, hit.resolution) for hit in realkey.references] == [(7, "m.go:V.realKey", "MEMBER")]
    assert [(hit.file_path, hit.target) for hit in cfact.references] == [("c.c", "c.c:cfact")]
    # The other languages' `walk`s call themselves: none is "tied to no definition".
    assert [(hit.line, hit.target) for hit in walk.references] == [(8, "m.py:Tree.walk")] and walk.note is None


OVERLOADS = {
    "P.java": '''import java.util.List;
class P<T> {
    private void append(StringBuilder sb, Iterable<? extends T> iterable) { sb.append('x'); }
    private void append(StringBuilder sb, List<? extends T>[] arrayOfList) {
        for (List<? extends T> list : arrayOfList) {
            append(sb, list);
        }
    }
}
''',
    "args.h": '''struct args {
  int get(int id) const { return id; }
  template <typename Char> int get(basic_string_view<Char> name) const {
    int id = get_id(name);
    return get(id);
  }
};
''',
    "wrap.c": "#define log_line(x) log_line(x)\nint log_line(int x) { return x; }\n",
    "Route.php": "<?php\nclass RouteGroup { public function add($m) { $this->dispatcher->add($m); } }\n",
}


async def test_a_call_of_the_callers_name_that_another_definition_takes_is_not_recursion(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, OVERLOADS, "p"):
        graph = edges(tmp_path / "vault.db")
    # gson's `appendObjectsToBuilder(sb, list)` in its array overload: the Iterable one (a variable's array is not
    # told, so both take it); fmt's `get(id)` in `get(basic_string_view<Char> name)`: the int one.
    assert calls_from(graph, "P.java:P.append@4") == {("P.java:P.append", "LOCAL")}
    assert calls_from(graph, "args.h:args.get@3") == {("args.h:args.get", "LOCAL")}
    # A macro's body calls what it wraps; a call on a receiver nobody typed is not the caller's own.
    assert not {edge for edge in graph if edge[0] == edge[2]}
    assert not calls_from(graph, "Route.php:RouteGroup.add")


NOT_ITSELF = {
    "router.go": "package echo\n\ntype RouteInfo interface {\n\tReverse(params ...any) string\n}\n\ntype Routes []RouteInfo\n",
    "route.go": '''package echo

func (r Routes) Reverse(name string, params ...any) string {
	for _, rr := range r {
		return rr.Reverse(params...)
	}
	return ""
}
''',
    "Map.kt": '''class LinkedMap {
    fun clear() {}

    inner class KeySet {
        fun clear() {
            this@LinkedMap.clear()
        }
    }
}
''',
}


async def test_a_call_on_an_element_or_an_outer_instance_is_not_recursion(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, NOT_ITSELF, "p"):
        graph = edges(tmp_path / "vault.db")
    # echo's `rr.Reverse(..)` on each item of a `Routes` (a named slice: its loop's items are typed as it is) is a
    # RouteInfo's, which no edge reaches (an interface's method); moshi's `this@LinkedHashTreeMap.clear()` in its inner
    # KeySet's `clear` is the outer class's.
    assert calls_from(graph, "route.go:Routes.Reverse") == set()
    assert calls_from(graph, "Map.kt:LinkedMap.KeySet.clear") == {("Map.kt:LinkedMap.clear", "MEMBER")}


async def test_an_index_made_before_migration_116_links_the_files_calling_their_own_names_again(
        tmp_path: Path) -> None:
    files = {"c.c": RECURSIVE["c.c"], "other.c": RECURSIVE["other.c"], "m.go": RECURSIVE["m.go"],
             "use.py": "def use():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 116)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
        assert linked == {"c.c": 0, "m.go": 0, "other.c": 1, "use.py": 1}
        status = await service.get_status("p")
        assert status.status is IndexStatus.STALE and "A recursive call is an edge" in (status.error_message or "")
        await service.update_index("p", background=False)
        assert (await service.get_status("p")).status is IndexStatus.READY
    assert calls_from(edges(db), "c.c:cfact") == {("c.c:cfact", "LOCAL")}
    assert calls_from(edges(db), "m.go:V.realKey") == {("m.go:V.realKey", "MEMBER")}


async def test_an_index_made_before_migration_117_parses_kotlin_again(tmp_path: Path) -> None:
    files = {"Map.kt": NOT_ITSELF["Map.kt"], "tool.py": "def run():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 117)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "Map.kt", "tool.py", "this@Outer")
    assert query(db, "SELECT target_id FROM code_edges WHERE source_id = 'mixed:Map.kt:LinkedMap.KeySet.clear'") == [
        ("mixed:Map.kt:LinkedMap.clear",)]


async def test_a_kotlin_name_imported_by_name_is_the_imported_one_not_the_files_own(tmp_path: Path) -> None:
    # moshi's deprecated com.squareup.moshi.Rfc3339DateJsonAdapter delegates to the adapters package's, which it
    # imports; okio's `fun FileMetadata(..)` makes the imported class `okio.FileMetadata`. Both were the file's own.
    files = {
        "moshi/Adapter.kt": '''package moshi

import moshi.adapters.Adapter

class Adapter {
    private val delegate = Adapter()

    fun read(): Int = delegate.read()
}
''',
        "moshi/adapters/Adapter.kt": "package moshi.adapters\n\nclass Adapter {\n    fun read(): Int = 1\n}\n",
    }
    async with indexed_project(tmp_path, files, "p"):
        graph = edges(tmp_path / "vault.db")
    assert calls_from(graph, "moshi/Adapter.kt:Adapter.read") == {("moshi/adapters/Adapter.kt:Adapter.read", "MEMBER")}
