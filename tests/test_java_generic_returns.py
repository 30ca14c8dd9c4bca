"""What a Java method declared to return a generic type returns (jvm_returns._java_return): `static <T> Response<T>
success(..)` was read as returning `<T>`, its type arguments, so nothing was known of what any of retrofit's 359
generic methods returns. Found by an agent's audit of retrofit: none of its 84 `...execute()` chains reached
`Call.execute`, `loadServiceMethod(..).invoke(..)` reached nothing, and `Calls.response(Response.success("Taco"))`
reached `response(T)` beside `response(Response<T>)`. The same audit found an array made in a call's argument (`new
Object[] {null}`) unknown, and a parameter of a nested class written with its outer class (`Retrofit.Builder`) taking
anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, update_after_relink_migration,
                       update_after_reparse_migration)
from .test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "src/p/Call.java": "package p;\n\npublic interface Call<T> {\n  Response<T> execute();\n}\n",
    "src/p/Response.java": """package p;

public final class Response<T> {
  public static <T> Response<T> success(T body) {
    return null;
  }

  public T body() {
    return null;
  }
}
""",
    "src/p/Client.java": """package p;

abstract class Client {
  abstract Call<String> load(String name);

  String run() {
    return load("a").execute().body();
  }

  int code() {
    return Response.success("Taco").body().length();
  }
}
""",
}


async def test_a_generic_return_type_types_a_chain(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    assert calls_from(graph, "src/p/Client.java:Client.run") == {
        ("src/p/Client.java:Client.load", "LOCAL"), ("src/p/Call.java:Call.execute", "MEMBER"),
        ("src/p/Response.java:Response.body", "MEMBER")}
    assert ("src/p/Response.java:Response.body", "MEMBER") in calls_from(graph, "src/p/Client.java:Client.code")


async def test_an_array_made_in_an_argument_is_an_array(tmp_path: Path) -> None:
    files = {"src/p/Util.java": """package p;

final class Util {
  static final class Config {}

  static String build(Class<?> cls, Config config, Object... args) { return ""; }

  static String build(Class<?> cls, Object... args) { return ""; }

  static String param(Class<?> raw, Config... configs) { return ""; }

  void go() {
    build(Util.class, new Object[] {null});
  }

  void array() {
    param(Util.class, new Config[0]);
  }
}
"""}
    graph = await graph_of(tmp_path, files)
    assert calls_from(graph, "src/p/Util.java:Util.go") == {("src/p/Util.java:Util.build@8", "LOCAL")}
    # (an array of a vararg's element type is the vararg itself: gson's `getParameterized(raw, new Type[0])`)
    assert calls_from(graph, "src/p/Util.java:Util.array") == {("src/p/Util.java:Util.param", "LOCAL")}


async def test_an_index_made_before_migration_130_parses_java_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 130)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/p/Client.java", "tools/build.py", "generic type")


NESTED = {
    "src/p/Outer.java": "package p;\n\npublic final class Outer {\n  public static final class Inner {}\n}\n",
    "src/p/Util.java": """package p;

import java.util.Map;

final class Util {
  static String build(Class<?> cls, Outer.Inner inner, Object... args) { return ""; }

  static String build(Class<?> cls, Object... args) { return ""; }

  void go(Map<String, String> map) {
    build(Util.class, map);
  }

  void inner(Outer.Inner inner) {
    build(Util.class, inner);
  }
}
""",
}


async def test_a_parameter_of_a_nested_class_written_with_its_outer_class_takes_only_one(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, NESTED)
    assert calls_from(graph, "src/p/Util.java:Util.go") == {("src/p/Util.java:Util.build@8", "LOCAL")}
    assert ("src/p/Util.java:Util.build", "LOCAL") in calls_from(graph, "src/p/Util.java:Util.inner")


async def test_an_index_made_before_migration_131_links_java_again(tmp_path: Path) -> None:
    files = {**NESTED, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 131)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "mixed", "src/p/Util.java", "tools/build.py", "nested class")
