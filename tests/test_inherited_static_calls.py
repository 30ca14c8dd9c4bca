"""A call on a class written by name reaches the method the class inherits: swift-argument-parser's tests call
`Bar.parse([..])` on structs conforming to ParsableArguments, whose `static func parse` a protocol extension in another
file declares (301 such calls had no edge: `refs ParsableArguments.parse` listed 3 callers); Slim's
`MockPsr17Factory::getStreamFactory()` is the static method of the Psr17Factory it extends."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import fast_settings, indexed_before_migration, indexed_project, update_after_relink_migration
from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "Sources/Parser/ParsableArguments.swift": '''
        public protocol ParsableArguments {
            init()
        }
        ''',
    "Sources/Parser/ParsableCommand.swift": '''
        public protocol ParsableCommand: ParsableArguments {
            func run() throws
        }
        ''',
    # The protocol's extension, in a file of its own: its members are the protocol's.
    "Sources/Parser/Parsing.swift": '''
        extension ParsableArguments {
            public static func parse(_ arguments: [String]) throws -> Self {
                return Self()
            }
            public func describe() -> String {
                return ""
            }
        }
        ''',
    "Tests/ParserTests/RepeatTests.swift": '''
        struct Repeat: ParsableCommand {
            func run() throws {}
        }

        struct Plain {
            static func make() -> Plain { return Plain() }
        }

        final class RepeatTests {
            func testParse() throws {
                let command = try Repeat.parse(["--count", "2"])
                let value: Repeat = Repeat()
                _ = value.describe()
                _ = try Plain.parse(["x"])
            }
        }
        ''',
    "src/Factory/Psr17Factory.php": '''
        <?php
        namespace App\\Factory;

        abstract class Psr17Factory {
            public static function getStreamFactory() { return null; }
        }
        ''',
    "src/Factory/SlimPsr17Factory.php": '''
        <?php
        namespace App\\Factory;

        class SlimPsr17Factory extends Psr17Factory {}
        ''',
    "src/Factory/AppFactory.php": '''
        <?php
        namespace App\\Factory;

        class AppFactory {
            public static function create() {
                return SlimPsr17Factory::getStreamFactory();
            }
        }
        ''',
}


async def test_a_call_on_a_class_by_name_reaches_the_method_it_inherits(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    calls = calls_from(graph, "Tests/ParserTests/RepeatTests.swift:RepeatTests.testParse")
    # Repeat: ParsableCommand: ParsableArguments, whose extension declares parse and describe; Plain conforms to
    # nothing of the project, so its `parse` is nobody's here.
    assert ("Sources/Parser/Parsing.swift:ParsableArguments.parse", "MEMBER") in calls
    assert ("Sources/Parser/Parsing.swift:ParsableArguments.describe", "MEMBER") in calls
    async with indexed_project(tmp_path / "refs", FILES, "p") as service:
        answer = await service.find_references("p", "ParsableArguments.parse", include_guesses=True)
    assert [(hit.file_path, hit.line, hit.resolution) for hit in answer.references] == [
        ("Tests/ParserTests/RepeatTests.swift", 11, "MEMBER")]  # (not Plain.parse, line 14)
    assert calls_from(graph, "src/Factory/AppFactory.php:AppFactory.create") >= {
        ("src/Factory/Psr17Factory.php:Psr17Factory.getStreamFactory", "MEMBER")}


async def test_an_index_made_before_migration_87_links_swift_and_php_again(tmp_path: Path) -> None:
    files = {**FILES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 87)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "Tests/ParserTests/RepeatTests.swift", "tools/build.py",
                                            "methods it inherits")
