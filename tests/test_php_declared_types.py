"""A call on a PHP variable whose function says its class (a parameter declared with it, a local every assignment makes
with `new`) reaches that class's method, or the one it inherits: monolog's tests' `$handler->getFormatter()` on a
`new TestHandler()` reached nothing (ten classes define or inherit one), `$logger->isHandling(..)` on a `new Logger()`
was guessed to be HandlerInterface's."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import fast_settings, indexed_before_migration, query, update_after_reparse_migration
from tests.test_typed_resolution import calls_from, graph_of

pytestmark = pytest.mark.anyio

FILES = {
    "src/FormattableTrait.php": '''
        <?php
        namespace App;
        trait FormattableTrait {
            public function getFormatter(): string { return ""; }
        }
        ''',
    "src/StreamHandler.php": '''
        <?php
        namespace App;
        class StreamHandler {
            use FormattableTrait;
            public function close(): void {}
        }
        ''',
    "src/SocketHandler.php": '''
        <?php
        namespace App;
        class SocketHandler {
            public function close(): void {}
            public function getFormatter(): string { return ""; }
        }
        ''',
    "src/Runner.php": '''
        <?php
        namespace App;
        class Runner {
            public function __construct(private SocketHandler $socket) {}
            public function made() {
                $handler = new StreamHandler();
                $handler->close();
                return $handler->getFormatter();
            }
            public function given(SocketHandler $handler, ?StreamHandler $other, int $n) {
                $handler->close();
                $other->close();
            }
            public function either(bool $flag) {
                $handler = new StreamHandler();
                if ($flag) {
                    $handler = new SocketHandler();
                }
                $handler->close();
            }
            public function later() {
                $handler = new StreamHandler();
                $close = function () use ($handler) { $handler->close(); };
                $arrow = fn() => $handler->close();
            }
        }
        ''',
}


async def test_a_call_on_a_variable_its_function_types_reaches_that_class_method(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, FILES)
    assert calls_from(graph, "src/Runner.php:Runner.made") == {
        ("src/StreamHandler.php:StreamHandler", "NAME"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER"),
        ("src/FormattableTrait.php:FormattableTrait.getFormatter", "MEMBER")}  # the trait's, as the class uses it
    assert calls_from(graph, "src/Runner.php:Runner.given") == {
        ("src/SocketHandler.php:SocketHandler.close", "MEMBER"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER")}
    # Two classes assigned, and a closure's `use`: nothing says which class; two `close` methods, no edge.
    assert {target for target, _how in calls_from(graph, "src/Runner.php:Runner.either")} == {
        "src/StreamHandler.php:StreamHandler", "src/SocketHandler.php:SocketHandler"}
    assert calls_from(graph, "src/Runner.php:Runner.later") == {
        ("src/StreamHandler.php:StreamHandler", "NAME"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER")}


async def test_an_index_made_before_migration_83_parses_php_calls_on_variables_again(tmp_path: Path) -> None:
    files = {**FILES, "src/Plain.php": "<?php\nnamespace App;\nfunction plain() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 83)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Runner.php", "src/Plain.php", "PHP")
    assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]
