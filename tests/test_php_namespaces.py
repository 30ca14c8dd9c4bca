"""PHP names read by their namespace: a `use` finds the class's file where a Composer prefix left the namespace's first
part out of the path (guzzle's `use GuzzleHttp\\Exception\\InvalidArgumentException;` is
src/Exception/InvalidArgumentException.php: its 12 uses were unresolved), and a class written fully qualified is of
that namespace only (guzzle's 21 `new \\InvalidArgumentException(..)`, PHP's own, were its own exception; monolog's 47
`new \\DateTimeImmutable(..)` its DateTimeImmutable, and `extends \\PHPUnit\\Framework\\TestCase` its Test\\TestCase)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.declared_namespaces import DeclaredNamespaces, written_namespace
from coderag_mcp.service import CodeIndexService
from tests.conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                            update_after_relink_migration, update_after_reparse_migration)
from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

# composer.json maps `Acme\Http\` to src/: no folder is named Acme or Http.
FILES = {
    "src/Exception/InvalidArgumentException.php": '''
        <?php
        namespace Acme\\Http\\Exception;

        class InvalidArgumentException extends \\InvalidArgumentException {}
        ''',
    "src/DateTimeImmutable.php": '''
        <?php
        declare(strict_types=1);

        namespace Acme\\Http;

        class DateTimeImmutable extends \\DateTimeImmutable {}
        ''',
    "src/Client.php": '''
        <?php
        namespace Acme\\Http;

        use Acme\\Http\\Exception\\InvalidArgumentException;

        class Client {
            public function send($request) {
                throw new InvalidArgumentException('no handler');
            }
            public function stamp() {
                return new DateTimeImmutable();
            }
        }
        ''',
    "src/Pool.php": '''
        <?php
        namespace Acme\\Http;

        class Pool extends \\Acme\\Http\\Client {
            public function add($request) {
                throw new \\InvalidArgumentException('not a request');
            }
            public function now() {
                return new \\DateTimeImmutable();
            }
        }
        ''',
    "src/Stamp.php": '''
        <?php
        namespace Acme\\Http;

        final class Stamp extends \\DateTimeImmutable implements \\JsonSerializable {
            public function jsonSerialize(): string { return ''; }
        }
        ''',
    # A project without namespaces: its classes are the global ones, written `\\Helper` or not.
    "legacy/Helper.php": '''
        <?php
        class Helper {
            public function help() {}
        }
        ''',
    "legacy/Page.php": '''
        <?php
        class Page {
            public function render() {
                return new \\Helper();
            }
        }
        ''',
}


async def test_a_use_finds_its_class_by_namespace_and_a_fully_qualified_name_only_that_namespace(
        tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    assert calls_from(graph, "src/Client.php:Client.send") == {
        ("src/Exception/InvalidArgumentException.php:InvalidArgumentException", "IMPORT")}
    assert ("src/Client.php", "IMPORTS", "src/Exception/InvalidArgumentException.php", "IMPORT") in graph
    # PHP's own classes, written from the global namespace: nothing of the project.
    assert calls_from(graph, "src/Pool.php:Pool.add") == set()
    assert calls_from(graph, "src/Pool.php:Pool.now") == set()
    # Unqualified, the class of the file's own namespace: sure.
    assert calls_from(graph, "src/Client.php:Client.stamp") == {("src/DateTimeImmutable.php:DateTimeImmutable", "LOCAL")}
    bases = {(source, target) for source, kind, target, _how in graph if kind == "INHERITS"}
    assert bases == {("src/Pool.php:Pool", "src/Client.php:Client")}  # `\\Acme\\Http\\Client`: the project's
    assert calls_from(graph, "legacy/Page.php:Page.render") == {("legacy/Helper.php:Helper", "MEMBER")}


async def test_find_references_lists_the_imported_uses_and_not_the_global_class(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        answer = await service.find_references("p", "Acme\\Http\\Exception\\InvalidArgumentException")
        helper = await service.find_references("p", "Helper")
    # The `use` line is the import of the class (it was listed as an unresolved use of the name); `extends
    # \\InvalidArgumentException` and `new \\InvalidArgumentException(..)` are PHP's class, not listed at all.
    assert [(hit.file_path, hit.line, hit.kind, hit.resolution) for hit in answer.references] == [
        ("src/Client.php", 4, "IMPORTS", "IMPORT"), ("src/Client.php", 8, "CALLS", "IMPORT")]
    # Without namespaces, `new \\Helper()` is the project's global class.
    assert [(hit.file_path, hit.enclosing, hit.resolution) for hit in helper.references] == [
        ("legacy/Page.php", "Page.render", "MEMBER")]


# Two classes named TestHandler in two namespaces; the tests' folder holds the fake one, nearer to them by path.
OWN_NAMESPACE = {
    "src/Handler/TestHandler.php": "<?php\nnamespace Acme\\Handler;\n\nclass TestHandler {}\n",
    "src/Handler/AbstractHandler.php": "<?php\nnamespace Acme\\Handler;\n\nabstract class AbstractHandler {\n"
                                       "    public function handle() {}\n}\n",
    "tests/Handler/Fakes/TestHandler.php": "<?php\nnamespace Acme\\Fakes;\n\nclass TestHandler {}\n",
    "tests/Handler/Fakes/AbstractHandler.php": "<?php\nnamespace Acme\\Fakes;\n\nclass AbstractHandler {\n"
                                               "    public function handle() {}\n}\n",
    "tests/Handler/BufferHandlerTest.php": '''
        <?php
        namespace Acme\\Handler;

        class BufferHandlerTest extends AbstractHandler {
            public function testHandle() { return new TestHandler(); }
            public function testInherited() { return $this->handle(); }
        }
        ''',
    # No namespace: `TestHandler` is a global class, none of the project's.
    "bin/run.php": "<?php\nfunction run() { return new TestHandler(); }\n",
    # Functions: guzzle's deprecated `GuzzleHttp\\json_decode` and a global helper.
    "src/functions.php": "<?php\nnamespace Acme;\n\nfunction json_decode($json) {}\nfunction describe($value) {}\n",
    "src/helpers.php": "<?php\nfunction format_bytes($n) {}\n",
    "src/Utils.php": '''
        <?php
        namespace Acme;

        class Utils {
            public static function decode($json) { return \\json_decode($json); }
            public static function guess($json) { return json_decode($json); }
            public static function size($n) { return format_bytes($n); }
        }
        ''',
    "src/Handler/Decoder.php": '''
        <?php
        namespace Acme\\Handler;

        class Decoder {
            public function decode($json) { return json_decode($json); }
            public function describe($value) { return \\Acme\\describe($value); }
        }
        ''',
    # Two namespaces in one file: which one a line is in is not read, so the name is looked up as before.
    "tests/Handler/MixedTest.php": '''
        <?php
        namespace Fixtures;
        function helper() {}

        namespace Acme\\Handler;
        class MixedTest {
            public function testMixed() { return new TestHandler(); }
        }
        ''',
}


async def test_a_class_written_alone_is_the_one_of_the_files_own_namespace(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, OWN_NAMESPACE)
    # (monolog's tests' `new TestHandler()` in `namespace Monolog\\Handler;` were guesses by name)
    assert calls_from(graph, "tests/Handler/BufferHandlerTest.php:BufferHandlerTest.testHandle") == {
        ("src/Handler/TestHandler.php:TestHandler", "LOCAL")}
    # (the class hierarchy picks the same base: the inherited method is its, not the nearer fake's)
    assert calls_from(graph, "tests/Handler/BufferHandlerTest.php:BufferHandlerTest.testInherited") == {
        ("src/Handler/AbstractHandler.php:AbstractHandler.handle", "MEMBER")}
    bases = {(source, target, how) for source, kind, target, how in graph if kind == "INHERITS"}
    assert bases == {("tests/Handler/BufferHandlerTest.php:BufferHandlerTest",
                      "src/Handler/AbstractHandler.php:AbstractHandler", "LOCAL")}
    assert calls_from(graph, "bin/run.php:run") == set()
    # A function: written `\\json_decode` or not found in the file's namespace (falling back to the global one), PHP's
    assert calls_from(graph, "src/Utils.php:Utils.decode") == set()
    assert calls_from(graph, "src/Handler/Decoder.php:Decoder.decode") == set()
    assert calls_from(graph, "src/Utils.php:Utils.guess") == {("src/functions.php:json_decode", "LOCAL")}
    assert calls_from(graph, "src/Handler/Decoder.php:Decoder.describe") == {("src/functions.php:describe", "MEMBER")}
    assert calls_from(graph, "src/Utils.php:Utils.size") == {("src/helpers.php:format_bytes", "NAME")}
    assert calls_from(graph, "tests/Handler/MixedTest.php:MixedTest.testMixed") == {
        ("tests/Handler/Fakes/TestHandler.php:TestHandler", "NAME")}


async def test_an_index_made_before_migration_86_parses_php_again(tmp_path: Path) -> None:
    files = {**OWN_NAMESPACE, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 86)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Utils.php", "tools/build.py", "namespace of their file")


def test_a_files_namespace_is_read_from_its_head(tmp_path: Path) -> None:
    (tmp_path / "a.php").write_text("<?php\n/* licence */\ndeclare(strict_types=1);\n\nnamespace Foo\\Bar;\n")
    (tmp_path / "b.php").write_text("<?php\nnamespace Foo {\n}\n")
    (tmp_path / "c.php").write_text("<?php\n// namespace Not\\This;\nclass C {}\n")
    namespaces = DeclaredNamespaces(str(tmp_path))
    assert [namespaces.of(name) for name in ("a.php", "b.php", "c.php", "gone.php")] == ["Foo\\Bar", "Foo", "", None]
    assert namespaces.declares("a.php", "foo\\bar") and not namespaces.declares("a.php", "Foo")
    assert namespaces.declares("gone.php", "Anything")  # unreadable: it tells nothing
    assert DeclaredNamespaces(None).of("a.php") is None
    (tmp_path / "d.php").write_text("<?php\nnamespace Acme;\nfunction f() {}\nnamespace Foo\\Bar;\nclass D {}\n")
    assert namespaces.of("d.php") == "Acme" and namespaces.sole("d.php") is None
    assert namespaces.sole("a.php") == "Foo\\Bar" and namespaces.sole("c.php") == ""
    assert [written_namespace(name) for name in ("\\DateTime", "\\Foo\\Bar", "Foo\\Bar", "Bar", None)] == [
        "", "Foo", None, None, None]


async def test_an_index_made_before_migration_83_parses_and_links_php_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, FILES, "mixed", 83)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Pool.php", "src/Client.php", "PHP")
    assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]


# flysystem's adapters: PhpseclibV2 and PhpseclibV3 each hold a `ConnectionProvider`, an `SftpAdapter`...
SAME_NAMES = {
    "src/V2/Provider.php": "<?php\nnamespace App\\V2;\n\nclass Provider\n{\n"
                           "    public function connect(): int { return 2; }\n}\n",
    "src/V3/Provider.php": "<?php\nnamespace App\\V3;\n\nclass Provider extends Base\n{\n}\n",
    "src/V3/Base.php": "<?php\nnamespace App\\V3;\n\nclass Base\n{\n"
                       "    public function connect(): int { return 3; }\n}\n",
    "src/V3/Converter.php": "<?php\nnamespace App\\V3;\n\nclass Converter\n{\n"
                            "    public function level(): int { return 3; }\n}\n",
    "src/V2/Converter.php": "<?php\nnamespace App\\V2;\n\nclass Converter\n{\n"
                            "    public function level(): int { return 2; }\n}\n",
    "src/V3/Adapter.php": "<?php\nnamespace App\\V3;\n\nclass Adapter\n{\n"
                          "    public function __construct(private Provider $provider,\n"
                          "                                private Converter $converter) {}\n"
                          "    public function open(): int { return $this->provider->connect(); }\n"
                          "    public function level(Converter $converter): int { return $converter->level(); }\n}\n",
}


async def test_a_typed_receiver_is_the_class_of_its_name_the_file_means(tmp_path: Path) -> None:
    # flysystem: a receiver typed by a class of the file's own namespace reached the class of that name in the first
    # folder (PhpseclibV3's `$this->connectionProvider->provideConnection()` was PhpseclibV2's: 36 sure edges wrong).
    graph = await graph_of(tmp_path, SAME_NAMES)
    assert calls_from(graph, "src/V3/Adapter.php:Adapter.level") == {("src/V3/Converter.php:Converter.level", "MEMBER")}
    # (the class meant inherits the method: its base's, not the other namespace's class that declares it)
    assert calls_from(graph, "src/V3/Adapter.php:Adapter.open") == {("src/V3/Base.php:Base.connect", "MEMBER")}


async def test_an_index_made_before_migration_128_links_php_again(tmp_path: Path) -> None:
    files = {**SAME_NAMES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 128)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "mixed", "src/V3/Adapter.php", "tools/build.py",
                                            "the class of that name")
    assert ("src/V3/Base.php:Base.connect", "MEMBER") in calls_from(
        {(s.split(":", 1)[1], kind, t.split(":", 1)[1], how) for s, t, kind, how in query(db, """
            SELECT e.source_id, e.target_id, e.edge_type, r.resolution FROM code_edges e
              JOIN coderag_edge_resolutions r ON r.edge_id = e.id""")}, "src/V3/Adapter.php:Adapter.open")


@pytest.mark.parametrize(("test_file", "relinked"), [
    ("src/Ftp/FtpAdapterTest.php", True), ("src/Shop/ShopTestCase.java", True),  # tests since migration 128
    ("tests/Ftp/FtpAdapterTest.php", False), ("src/test/java/ShopTestCase.java", False)])  # tests before it
async def test_migration_128_links_again_the_projects_with_tests_told_by_phpunits_names(
        tmp_path: Path, test_file: str, relinked: bool) -> None:
    files = {test_file: "// a test\n", "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "tested", 128)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False):
        linked = dict(query(db, "SELECT file_path, linked FROM coderag_files"))
    assert linked["tools/build.py"] == (0 if relinked else 1)
