"""A Python class's attributes assigned in its methods (`self.timeout = timeout` in `__init__`) are definitions of
the class, like its class-level variables: the first assignment is `Client.timeout`, unless the class defines the
name itself (a method, a property, a class-level variable). Their reads and writes on `self` or on a receiver typed
as the class are uses (USES, MEMBER) that find_references lists; a call of one holding a function is an edge to it
(CALLS, MEMBER). No rank, chunk or guess comes of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query, update_after_reparse_migration,
                       write_tree)

pytestmark = pytest.mark.anyio

FILES = {
    # httpx's `Client.__init__` sets `self.timeout`, `self._transport`, ...; flask's `Flask.__init__` holds a
    # function in an attribute it calls later.
    "client/base.py": '''
        class Transport:
            def send(self, request):
                return request


        class Client:
            retries = 3

            def __init__(self, timeout, transport: Transport, on_close=None):
                self.timeout = timeout
                self._transport: Transport = transport
                self.on_close = on_close
                self.retries = 5
                self.first, self.second = 1, 2

            @property
            def base_url(self):
                return self._base_url

            def set_url(self, url):
                self._base_url = url
                self.base_url = url

            def send(self, request):
                if self.timeout is None:
                    self.timeout = 5
                self.on_close()
                return self._transport.send(request)

            @staticmethod
            def make(value):
                value.made = 1


        class Retrying(Client):
            def send(self, request):
                for _ in range(self.retries):
                    return super().send(request), self.timeout

            def close(self):
                return self.closed
        ''',
    "client/use.py": '''
        from client.base import Client


        def timeout_of(client: Client):
            return client.timeout


        def make():
            client = Client(1, None)
            return client.timeout + client.retries


        def unknown(thing):
            return thing.timeout


        def url_of(client: Client):
            return client.base_url, client.send
        ''',
}


def _variables(db: Path) -> list[tuple[object, ...]]:
    return query(db, """SELECT id, lineno FROM code_nodes WHERE node_type = 'VARIABLE' ORDER BY id""")


async def test_attributes_assigned_in_methods_are_definitions_of_the_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        db = service.store.path
        # The first assignment of each; not `retries` again (a class-level variable), not `base_url` (a property),
        # nor what a staticmethod assigns on its parameter.
        assert _variables(db) == [
            ("p:client/base.py:Client._base_url", 21),
            ("p:client/base.py:Client._transport", 11),
            ("p:client/base.py:Client.first", 14),
            ("p:client/base.py:Client.on_close", 12),
            ("p:client/base.py:Client.retries", 7),
            ("p:client/base.py:Client.second", 14),
            ("p:client/base.py:Client.timeout", 10),
        ]
        for symbol in ("timeout", "Client.timeout"):
            found = (await service.find_symbol("p", symbol)).definitions
            assert [(d.file_path, d.line, d.kind, d.qualified_name, d.signature) for d in found
                    if d.match == "exact"] == [
                ("client/base.py", 10, "variable", "Client.timeout", "self.timeout = timeout")], symbol
        read = await service.read_code("p", symbol="Client._transport")
        assert (read.start_line, read.end_line) == (11, 11)
        assert read.text.strip().endswith("self._transport: Transport = transport")

        # Reads and writes on `self` (in a subclass too) and on a receiver typed as Client; not on `thing`, whose
        # type is unknown, and not the defining assignment itself.
        answer = await service.find_references("p", "Client.timeout")
        assert [(hit.file_path, hit.line, hit.kind, hit.enclosing, hit.resolution) for hit in answer.references] == [
            ("client/base.py", 25, "USES", "Client.send", "MEMBER"),
            ("client/base.py", 26, "USES", "Client.send", "MEMBER"),
            ("client/base.py", 38, "USES", "Retrying.send", "MEMBER"),
            ("client/use.py", 5, "USES", "timeout_of", "MEMBER"),
            ("client/use.py", 10, "USES", "make", "MEMBER"),
        ]
        assert answer.note is not None and "its reads, assignments and calls on `self`" in answer.note
        answer = await service.find_references("p", "Client.retries")
        assert [(hit.file_path, hit.line) for hit in answer.references] == [
            ("client/base.py", 13), ("client/base.py", 37), ("client/use.py", 10)]
        # A read tied to no attribute of the project (`self.closed`, a library base's, say) is no use to list.
        answer = await service.find_references("p", "closed")
        assert answer.references == []

        edges = set(query(db, """SELECT e.source_id, e.edge_type, e.target_id, r.resolution FROM code_edges AS e
                                  JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id"""))
        # A call of the attribute holding a function is an edge to it, as a class-level one's is.
        assert ("p:client/base.py:Client.send", "CALLS", "p:client/base.py:Client.on_close", "MEMBER") in edges
        # The method call through the typed attribute still reaches the method.
        assert ("p:client/base.py:Client.send", "CALLS", "p:client/base.py:Transport.send", "MEMBER") in edges
        # No guess names an attribute; no rank and no chunk is given one.
        assert query(db, """SELECT count(*) FROM code_edges AS e JOIN coderag_edge_resolutions AS r
                             ON r.edge_id = e.id JOIN code_nodes AS t ON t.id = e.target_id
                             WHERE t.node_type = 'VARIABLE' AND r.resolution != 'MEMBER'""") == [(0,)]
        assert query(db, """SELECT count(*) FROM coderag_node_ranks AS r JOIN code_nodes AS n ON n.id = r.node_id
                             WHERE n.node_type = 'VARIABLE'""") == [(0,)]
        assert query(db, "SELECT count(*) FROM code_chunks WHERE name IN ('timeout', '_transport')") == [(0,)]


async def test_find_symbol_of_a_class_leaves_out_attributes_named_like_it_in_another_case(tmp_path: Path) -> None:
    """jinja's `Environment`: ten `environment` attributes came after the class and crowded out the classes
    named like it (`EnvironmentAttribute`); asked in lower case, they are what is asked, and the class comes too."""
    files = {"env.py": """
        class Environment:
            def __init__(self):
                self.environment_class = Environment


        class EnvironmentAttribute:
            pass
        """}
    for number in range(3):
        files[f"user{number}.py"] = f"""
            class User{number}:
                def __init__(self, environment):
                    self.environment = environment
            """
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_symbol("p", "Environment")
        assert [(d.qualified_name, d.match) for d in answer.definitions] == [
            ("Environment", "exact"), ("EnvironmentAttribute", "prefix"), ("Environment.environment_class", "prefix")]
        assert answer.note == ("3 variables named 'Environment' in another case left out: find_symbol 'environment' "
                               "lists them.")
        answer = await service.find_symbol("p", "environment")
        assert [(d.qualified_name, d.match) for d in answer.definitions] == [
            ("User0.environment", "exact"), ("User1.environment", "exact"), ("User2.environment", "exact"),
            ("Environment", "name"), ("EnvironmentAttribute", "prefix"), ("Environment.environment_class", "prefix")]
        assert answer.note is None


async def test_an_index_made_before_attributes_were_definitions_parses_its_python_files_again(tmp_path: Path) -> None:
    """Migration 48: the next update parses an existing index's Python files again (no other), and then has the
    attributes and their reads."""
    files = {**FILES, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(
        tmp_path, files, "mixed", 48,
        "DELETE FROM code_nodes WHERE node_type = 'VARIABLE' AND name != 'retries'",
        "DELETE FROM code_edges WHERE edge_type = 'USES'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "client/base.py", "tool.sh", "Python attributes")
        assert len(_variables(db)) == 7
        answer = await service.find_references("mixed", "Client.timeout")
        assert [(hit.file_path, hit.line) for hit in answer.references] == [
            ("client/base.py", 25), ("client/base.py", 26), ("client/base.py", 38), ("client/use.py", 5),
            ("client/use.py", 10)]


async def test_a_property_read_is_listed_under_the_property(tmp_path: Path) -> None:
    """A method read without a call on `self` or a typed receiver: a property (`client.base_url`), or a bound method
    passed on (`client.send`): a use of it (USES, MEMBER), as the attribute's read is."""
    async with indexed_project(tmp_path, FILES, "p") as service:
        answer = await service.find_references("p", "Client.base_url")
        assert [(hit.file_path, hit.line, hit.kind, hit.enclosing, hit.resolution) for hit in answer.references] == [
            ("client/base.py", 22, "USES", "Client.set_url", "MEMBER"),
            ("client/use.py", 18, "USES", "url_of", "MEMBER")]
        answer = await service.find_references("p", "Client.send")
        assert [(hit.file_path, hit.line, hit.kind, hit.resolution) for hit in answer.references] == [
            ("client/base.py", 38, "CALLS", "MEMBER"), ("client/use.py", 18, "USES", "MEMBER")]


async def test_a_property_read_is_its_getters_use_and_an_assignment_its_setters(tmp_path: Path) -> None:
    # httpx's `Headers.encoding`: a property with a setter, read and assigned.
    files = {"props.py": '''
        class Headers:
            @property
            def encoding(self):
                return "ascii"

            @encoding.setter
            def encoding(self, value):
                pass

            def decode(self, other: Headers):
                self.encoding = "utf-8"
                return other.encoding == "utf-8"
        '''}
    async with indexed_project(tmp_path, files, "p") as service:
        assert set(query(service.store.path, """SELECT source_id, target_id, lineno FROM code_edges
                                                 WHERE edge_type = 'USES'""")) == {
            ("p:props.py:Headers.decode", "p:props.py:Headers", 10),  # (the annotation)
            ("p:props.py:Headers.decode", "p:props.py:Headers.encoding", 12),
            ("p:props.py:Headers.decode", "p:props.py:Headers.encoding@7", 11)}


# rich's `Text.plain` setter reads the getter: `if new_text != self.plain:`. A colon after an attribute annotates an
# assignment only where the attribute starts its line (`self.start: int = 0`); there it read as a write, the setter's
# use (rich's `self.plain` in its setter was an edge to itself; httpx's `self.cookies` in `if self.cookies:`).
PLAIN = {"text.py": '''
    class Text:
        def __init__(self, text):
            self._text = [text]
            self.start: int = 0

        @property
        def plain(self):
            return self._text[0]

        @plain.setter
        def plain(self, new_text):
            if new_text != self.plain:
                self._text[:] = [new_text]

        def head(self):
            return {self.plain[self.start:]: 1}

        def reset(self):
            self.plain = ""
    ''', "tool.py": "def run():\n    return 1\n"}


async def test_an_attribute_read_before_a_colon_is_a_read(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, PLAIN, "p") as service:
        uses = set(query(service.store.path,
                         "SELECT source_id, target_id, lineno FROM code_edges WHERE edge_type = 'USES'"))
    assert ("p:text.py:Text.plain@11", "p:text.py:Text.plain", 12) in uses
    assert ("p:text.py:Text.head", "p:text.py:Text.plain", 16) in uses
    assert ("p:text.py:Text.reset", "p:text.py:Text.plain@11", 19) in uses
    assert not {use for use in uses if use[0] == use[1]}
    # The annotated assignment still defines the attribute.
    assert query(service.store.path, "SELECT lineno FROM code_nodes WHERE id = 'p:text.py:Text.start'") == [(4,)]


async def test_an_index_made_before_migration_118_parses_the_files_using_a_setter_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, PLAIN, "mixed", 118)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "text.py", "tool.py", "before a colon")


async def test_an_update_relinks_the_reads_of_an_attribute_whose_class_changed(tmp_path: Path) -> None:
    """Renaming the attribute in the class's file (use.py unchanged) drops use.py's edges into it, and naming it back
    brings them back: each update gives the edges a fresh index of the same files gives."""
    renamed = {**FILES, "client/base.py": FILES["client/base.py"].replace("self.timeout", "self.time_limit")}
    edges = """SELECT e.source_id, e.edge_type, e.target_id, e.count, r.resolution FROM code_edges AS e
                 JOIN coderag_edge_resolutions AS r ON r.edge_id = e.id ORDER BY 1, 2, 3"""
    async with indexed_project(tmp_path / "fresh", renamed, "p") as service:
        fresh = query(service.store.path, edges)
    async with indexed_project(tmp_path / "work", FILES, "p") as service:
        db = service.store.path
        original = query(db, edges)
        assert ("p:client/use.py:timeout_of", "USES", "p:client/base.py:Client.timeout", 1, "MEMBER") in original
        for files, expected in ((renamed, fresh), (FILES, original)):
            write_tree(tmp_path / "work" / "repo", {"client/base.py": files["client/base.py"]})
            await service.update_index("p", background=False)
            assert query(db, edges) == expected
