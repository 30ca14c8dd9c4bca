"""A call on the object itself or on its base, in the languages resolved by name (PHP's `$this->m()` and
`parent::m()`, C#'s `base.M()`), reaches the method its class or the nearest of its bases declares, a trait before
a base class and an interface last; a bare PHP call is a function's, never a method's (monolog: 56 of its 118
`parent::` calls reached a method of the name in an imported file, `LogRecord.__construct`, 34 none; its bare
`substr(..)` was `Utils::substr`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import fast_settings, indexed_before_migration, indexed_project, query
from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "src/App/AbstractHandler.php": '''
        <?php
        namespace App;
        abstract class AbstractHandler {
            public function __construct(int $level) {}
            public function isHandling(): bool { return true; }
            public function close(): void {}
        }
        ''',
    "src/App/FormattableInterface.php": '''
        <?php
        namespace App;
        interface FormattableInterface {
            public function getFormatter(): string;
        }
        ''',
    "src/App/FormattableTrait.php": '''
        <?php
        namespace App;
        trait FormattableTrait {
            public function getFormatter(): string { return ""; }
        }
        ''',
    "src/App/ProcessingHandler.php": '''
        <?php
        namespace App;
        abstract class ProcessingHandler extends AbstractHandler implements FormattableInterface {
            use FormattableTrait;
        }
        ''',
    "src/App/Model/Record.php": '''
        <?php
        namespace App\\Model;
        class Record {
            public function __construct(string $message) {}
            public function close(): void {}
        }
        ''',
    "src/App/StreamHandler.php": '''
        <?php
        namespace App;
        use App\\Model\\Record;
        class StreamHandler extends ProcessingHandler {
            public function __construct() { parent::__construct(1); }
            public function write(): string {
                if ($this->isHandling()) { $this->close(); }
                return substr($this->getFormatter(), 0, 1);
            }
            public function close(): void { parent::close(); }
        }
        ''',
    "src/App/Utils.php": '''
        <?php
        namespace App;
        class Utils {
            public static function substr(string $s, int $a, int $b): string { return self::clean($s); }
            private static function clean(string $s): string { return $s; }
        }
        ''',
    "src/Logging/Logger.cs": '''
        namespace Logging
        {
            public class Logger
            {
                public virtual void Write(string message) { }
            }

            public class FileLogger : Logger
            {
                public override void Write(string message) { base.Write(message); }
            }
        }
        ''',
}

HANDLER = "src/App/StreamHandler.php:StreamHandler"


async def test_a_call_on_the_object_or_its_base_reaches_what_its_class_inherits(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    assert calls_from(graph, f"{HANDLER}.__construct") == {("src/App/AbstractHandler.php:AbstractHandler.__construct",
                                                            "MEMBER")}  # two levels up, not Record's
    assert calls_from(graph, f"{HANDLER}.write") == {
        ("src/App/AbstractHandler.php:AbstractHandler.isHandling", "MEMBER"),
        (f"{HANDLER}.close", "LOCAL"),  # its own first
        ("src/App/FormattableTrait.php:FormattableTrait.getFormatter", "MEMBER")}  # the trait's, not the interface's
    assert calls_from(graph, f"{HANDLER}.close") == {("src/App/AbstractHandler.php:AbstractHandler.close", "MEMBER")}
    assert calls_from(graph, "src/App/Utils.php:Utils.substr") == {("src/App/Utils.php:Utils.clean", "LOCAL")}
    assert calls_from(graph, "src/Logging/Logger.cs:FileLogger.Write") == {
        ("src/Logging/Logger.cs:Logger.Write", "LOCAL")}


async def test_find_references_of_a_base_method_lists_the_calls_through_parent(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, FILES, "p") as service:
        base = await service.find_references("p", "AbstractHandler::__construct")
        record = await service.find_references("p", "Record::__construct")
        utils = await service.find_references("p", "Utils::substr")
    assert [(hit.file_path, hit.enclosing) for hit in base.references] == [
        ("src/App/StreamHandler.php", "StreamHandler.__construct")]
    assert record.references == []
    assert [hit.resolution for hit in utils.references if hit.kind == "CALLS"] == []  # PHP's own substr(..)


async def test_an_index_made_before_migration_80_links_php_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, FILES, "mixed", 80)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("mixed")
        assert "parent" in (status.error_message or "")
        assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0 AND language = 'php'") != [(0,)]
        await service.update_index("mixed", background=False)
    assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]


async def test_a_php_name_written_with_its_namespace_is_found(tmp_path: Path) -> None:
    # monolog: `refs 'Monolog\Logger'` said nothing in the project defines it, and `symbol
    # 'Monolog\Handler\StreamHandler::write'` listed 20 `write` methods without StreamHandler's.
    async with indexed_project(tmp_path, FILES, "p") as service:
        base = await service.find_references("p", "App\\AbstractHandler::__construct")
        record = await service.find_symbol("p", "\\App\\Model\\Record::close")
        closes = await service.find_symbol("p", "App\\StreamHandler::close")
    assert [(hit.file_path, hit.enclosing) for hit in base.references] == [
        ("src/App/StreamHandler.php", "StreamHandler.__construct")]
    assert [(d.file_path, d.qualified_name) for d in record.definitions] == [
        ("src/App/Model/Record.php", "Record.close")]
    assert [(d.file_path, d.qualified_name) for d in closes.definitions] == [
        ("src/App/StreamHandler.php", "StreamHandler.close")]
