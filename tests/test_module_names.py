"""A definition named by its module, as code imports it (`helpers.url_for`, `flask.helpers.url_for`,
`de::from_str`): flask's `helpers.url_for` and serde_json's `de::from_str` were "nothing in the project defines or
calls it", the only spelling that tells a module's function from a class's method of the same name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.errors import NotFound

from .conftest import indexed_project

pytestmark = pytest.mark.anyio

FILES = {
    "src/shop/__init__.py": "",
    "src/shop/helpers.py": "def url_for(endpoint):\n    return endpoint\n",
    "src/shop/app.py": '''
        from shop import helpers


        class App:
            def url_for(self, endpoint):
                return helpers.url_for(endpoint)
        ''',
    "Cargo.toml": '[package]\nname = "shop"\n',
    "src/lib.rs": "pub mod de;\npub use crate::de::from_str;\n",
    "src/de.rs": '''
        pub struct Deserializer;

        impl Deserializer {
            pub fn from_str(s: &str) -> Deserializer {
                Deserializer
            }
        }

        pub fn from_str(s: &str) -> u32 {
            let _d = Deserializer::from_str(s);
            0
        }
        ''',
    "src/user.rs": "pub fn run() -> u32 {\n    crate::de::from_str(\"1\")\n}\n",
}


async def test_a_function_named_by_its_module_is_found_by_every_tool(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        for name in ("helpers.url_for", "shop.helpers.url_for"):
            found = await service.find_symbol("p", name)
            assert [(hit.file_path, hit.qualified_name, hit.match) for hit in found.definitions] == [
                ("src/shop/helpers.py", "url_for", "exact")], name
            references = await service.find_references("p", name)
            assert [(hit.file_path, hit.line, hit.target) for hit in references.references
                    if hit.kind == "CALLS"] == [("src/shop/app.py", 6, "src/shop/helpers.py:url_for")], name
            read = await service.read_code("p", symbol=name)
            assert (read.file_path, read.start_line) == ("src/shop/helpers.py", 1)
        for name in ("de::from_str", "crate::de::from_str"):
            found = await service.find_symbol("p", name)
            assert [(hit.qualified_name, hit.match) for hit in found.definitions] == [("from_str", "exact")], name
            references = await service.find_references("p", name)
            assert {(hit.file_path, hit.kind) for hit in references.references} >= {
                ("src/user.rs", "CALLS"), ("src/lib.rs", "IMPORTS")}, name
            assert all(hit.target == "src/de.rs:from_str" for hit in references.references)
        # A class's method is still its class's, and a module that holds no such name is none.
        assert [hit.file_path for hit in (await service.find_symbol("p", "App.url_for")).definitions][0] == \
            "src/shop/app.py"
        assert (await service.find_references("p", "app.from_str")).definitions == 0
        with pytest.raises(NotFound):
            await service.read_code("p", symbol="other.url_for")


async def test_an_import_of_a_name_is_of_the_modules_function_not_a_method_named_alike(tmp_path: Path) -> None:
    # hono's `import { createMiddleware } from '../factory'` was listed under Factory's method createMiddleware.
    files = {
        "src/factory.ts": '''
            export class Factory {
              createMiddleware(h: string): string { return h; }
            }
            export const createMiddleware = (h: string): string => h;
            ''',
        "src/app.ts": "import { createMiddleware } from './factory'\n\nexport const m = createMiddleware('x')\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        answer = await service.find_references("p", "createMiddleware")
    assert [(hit.line, hit.kind, hit.target) for hit in answer.references] == [
        (1, "IMPORTS", "src/factory.ts:createMiddleware"), (3, "CALLS", "src/factory.ts:createMiddleware")]


async def test_a_name_a_module_exports_a_definition_under_is_that_definition(tmp_path: Path) -> None:
    # hono's `export { Hono as HonoBase }`: `class Hono extends HonoBase` in three files, and find_symbol, find_references
    # and read_code of `HonoBase` said nothing defines it.
    files = {
        "src/hono-base.ts": "class Hono {\n  route(p: string): Hono { return this; }\n}\n\nexport { Hono as HonoBase }\n",
        "src/hono.ts": "import { HonoBase } from './hono-base'\n\nexport class Hono extends HonoBase {}\n",
    }
    async with indexed_project(tmp_path, files, "p") as service:
        found = await service.find_symbol("p", "HonoBase")
        assert [(hit.file_path, hit.qualified_name, hit.match) for hit in found.definitions] == [
            ("src/hono-base.ts", "Hono", "exact")]
        assert found.note == ("'HonoBase' is the name src/hono-base.ts exports Hono under (line 5, `export { Hono as "
                              "HonoBase }`): these are Hono's.")
        references = await service.find_references("p", "HonoBase")
        assert [(hit.file_path, hit.line, hit.kind, hit.target) for hit in references.references] == [
            ("src/hono.ts", 1, "IMPORTS", "src/hono-base.ts:Hono"), ("src/hono.ts", 3, "INHERITS", "src/hono-base.ts:Hono")]
        assert references.definitions == 1 and references.note is not None and "exports Hono under" in references.note
        read = await service.read_code("p", symbol="HonoBase")
        assert (read.file_path, read.start_line, read.end_line) == ("src/hono-base.ts", 1, 3)


async def test_an_import_is_never_a_methods_use(tmp_path: Path) -> None:
    # hono's `import { createMiddleware } from './index'` was listed by `find_references Factory.createMiddleware`
    # (the file defines both): an import names a module's top-level definition, never a class's member.
    files = {
        "src/factory.ts": '''
            export class Factory {
              createMiddleware(h: string): string { return h; }
            }
            export const createMiddleware = (h: string): string => h;
            ''',
        "src/app.ts": '''
            import { createMiddleware, Factory } from './factory'

            export const m = createMiddleware('x')
            export const n = new Factory().createMiddleware('y')
            ''',
    }
    async with indexed_project(tmp_path, files, "p") as service:
        method = await service.find_references("p", "Factory.createMiddleware")
    assert [(hit.line, hit.kind, hit.target) for hit in method.references] == [
        (4, "CALLS", "src/factory.ts:Factory.createMiddleware")]
    assert method.note is None or "tied to no definition" not in method.note
