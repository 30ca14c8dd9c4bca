"""A call on a PHP variable whose function says its class (a parameter declared with it, a local every assignment makes
with `new`) reaches that class's method, or the one it inherits: monolog's tests' `$handler->getFormatter()` on a
`new TestHandler()` reached nothing (ten classes define or inherit one), `$logger->isHandling(..)` on a `new Logger()`
was guessed to be HandlerInterface's. So does a call on a property of `$this` whose class says its class (monolog's
HandlerWrapper's `$this->handler->handle(..)` of `protected HandlerInterface $handler` went by name)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coderag_mcp.service import CodeIndexService
from tests.conftest import (fast_settings, indexed_before_migration, indexed_project, query,
                            update_after_reparse_migration)
from tests.test_typed_resolution import calls_from, edges, graph_of

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
        ("src/StreamHandler.php:StreamHandler", "LOCAL"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER"),
        ("src/FormattableTrait.php:FormattableTrait.getFormatter", "MEMBER")}  # the trait's, as the class uses it
    assert calls_from(graph, "src/Runner.php:Runner.given") == {
        ("src/SocketHandler.php:SocketHandler.close", "MEMBER"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER")}
    # Two classes assigned, and a closure's `use`: nothing says which class; two `close` methods, no edge.
    assert {target for target, _how in calls_from(graph, "src/Runner.php:Runner.either")} == {
        "src/StreamHandler.php:StreamHandler", "src/SocketHandler.php:SocketHandler"}
    assert calls_from(graph, "src/Runner.php:Runner.later") == {
        ("src/StreamHandler.php:StreamHandler", "LOCAL"), ("src/StreamHandler.php:StreamHandler.close", "MEMBER")}


PROPERTIES = {
    "src/SocketHandler.php": FILES["src/SocketHandler.php"],
    "src/StreamHandler.php": FILES["src/StreamHandler.php"],
    "src/FormattableTrait.php": FILES["src/FormattableTrait.php"],
    "src/Wrapper.php": '''
        <?php
        namespace App;
        class Wrapper {
            private ?SocketHandler $typed = null;
            private $made;
            private $either;
            private $given;
            private Closure|SocketHandler $union;
            private StreamHandler&MockObject $mock;
            private SocketHandler|StreamHandler $two;
            public function __construct(private StreamHandler $promoted, $given) {
                $this->made = new StreamHandler();
                $this->either = new StreamHandler();
                $this->given = $given;
            }
            public function reset() { $this->either = new SocketHandler(); }
            public function typed() { $this->typed->close(); $this->typed?->getFormatter(); }
            public function promoted() { return $this->promoted->getFormatter(); }
            public function made() { $this->made->close(); }
            public function unknown() { $this->either->close(); $this->given->close(); $this->two->close(); }
            public function union() { $this->union->close(); }
            public function mock() { $this->mock->close(); }
            public function inner() {
                return new class {
                    private $made;
                    public function __construct() { $this->made = new SocketHandler(); }
                    public function run() { $this->made->close(); }
                };
            }
        }
        ''',
}


async def test_a_call_on_a_property_its_class_types_reaches_that_class_method(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, PROPERTIES)
    socket_close, stream_close = "src/SocketHandler.php:SocketHandler.close", "src/StreamHandler.php:StreamHandler.close"
    # Declared with a class (`?SocketHandler`), a promoted parameter's, and the one class every assignment makes.
    assert calls_from(graph, "src/Wrapper.php:Wrapper.typed") == {
        (socket_close, "MEMBER"), ("src/SocketHandler.php:SocketHandler.getFormatter", "MEMBER")}
    assert calls_from(graph, "src/Wrapper.php:Wrapper.promoted") == {
        ("src/FormattableTrait.php:FormattableTrait.getFormatter", "MEMBER")}  # the trait's, as the class uses it
    assert calls_from(graph, "src/Wrapper.php:Wrapper.made") == {(stream_close, "MEMBER")}
    # A union's one class beside PHP's own types; an intersection's first class (a test's mock of it).
    assert calls_from(graph, "src/Wrapper.php:Wrapper.union") == {(socket_close, "MEMBER")}
    assert calls_from(graph, "src/Wrapper.php:Wrapper.mock") == {(stream_close, "MEMBER")}
    # Two classes assigned or declared, or a value no `new` says: two `close` methods, no edge.
    assert calls_from(graph, "src/Wrapper.php:Wrapper.unknown") == set()
    # An anonymous class's `$this` is its own: its `made` is a SocketHandler, the outer one's a StreamHandler.
    assert calls_from(graph, "src/Wrapper.php:Wrapper.inner.run") == {(socket_close, "MEMBER")}


LIBRARY_TYPES = {
    "src/Logger.php": '''
        <?php
        namespace App;
        use Psr\\Log\\LoggerInterface;
        class Logger implements LoggerInterface {
            public function log($level, $message) {}
        }
        ''',
    "src/Results.php": '''
        <?php
        namespace App;
        class Results {
            public function getMethod() {}
            public function log($level, $message) {}
        }
        ''',
    "src/HeaderStack.php": '''
        <?php
        namespace App;
        class HeaderStack {
            public static function has($name) {}
        }
        ''',
    "src/Router.php": '''
        <?php
        namespace App;
        use Psr\\Log\\LoggerInterface;
        use Psr\\Http\\Message\\ServerRequestInterface;
        class Router {
            public function __construct(private LoggerInterface $logger) {}
            public function route(ServerRequestInterface $request) {
                $this->logger->log(1, 'routing');
                return $request->getMethod();
            }
            public function reflect() {
                $class = new \\ReflectionClass($this);
                return $class->getMethod('route');
            }
            public function results(Results $results) {
                return $results->has('x');
            }
            public function fail(\\Throwable $error, $other) {
                if ($error instanceof HttpException && $other) {
                    $error->getRequest();
                } elseif ($other instanceof HttpException) {
                    $error->getTitle();
                }
                $title = $other instanceof HttpException ? $other->getTitle() : '';
                if (!$error instanceof HttpException) {
                    throw $error;
                }
                return $error->getTitle();
            }
        }
        ''',
    "src/HttpException.php": '''
        <?php
        namespace App;
        class HttpException extends \\RuntimeException {
            public function getRequest() {}
            public function getTitle() {}
        }
        ''',
}


async def test_a_call_on_a_library_type_reaches_only_the_project_classes_deriving_from_it(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, LIBRARY_TYPES)
    # PSR's LoggerInterface: of the two `log` methods, the one of the class that implements it (Results' is not).
    # ServerRequestInterface and PHP's ReflectionClass: no project class derives from them, so no `getMethod` of
    # the project's is theirs.
    assert calls_from(graph, "src/Router.php:Router.route") == {("src/Logger.php:Logger.log", "NAME")}
    assert calls_from(graph, "src/Router.php:Router.reflect") == set()
    # A class of the project without the method: by name, but never a `static function` called with `->`.
    assert calls_from(graph, "src/Router.php:Router.results") == set()
    # A Throwable (PHP's) tested to be an HttpException: the project's class's methods, as the test says.
    assert calls_from(graph, "src/Router.php:Router.fail") == {
        ("src/HttpException.php:HttpException.getRequest", "MEMBER"),
        ("src/HttpException.php:HttpException.getTitle", "MEMBER")}


async def test_find_references_lists_the_calls_an_instanceof_test_types(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, LIBRARY_TYPES, "p") as service:
        answer = await service.find_references("p", "HttpException.getTitle")
    router = textwrap.dedent(LIBRARY_TYPES["src/Router.php"]).lstrip("\n").splitlines()
    # The ternary's `?` branch and the line after `if (!$error instanceof HttpException) { throw ..; }`; not the
    # `elseif`, whose test is of another variable.
    assert [hit.line for hit in answer.references] == [
        number for number, line in enumerate(router, 1) if "? $other->getTitle()" in line or "return $error" in line]


RETURNS = {
    "src/FastDispatcher.php": '''
        <?php
        namespace App;
        class FastDispatcher {
            public function dispatch($method) {}
            public function withBase(string $base): static { return $this; }
        }
        ''',
    "src/OtherDispatcher.php": '''
        <?php
        namespace App;
        class OtherDispatcher {
            public function dispatch($method) {}
            public function report() {}
        }
        ''',
    "src/Factory.php": '''
        <?php
        namespace App;
        class Factory {
            public static function create(): ?FastDispatcher { return new FastDispatcher(); }
        }
        ''',
    "src/RouteException.php": '''
        <?php
        namespace App;
        class RouteException extends \\RuntimeException {
            public function report() {}
        }
        ''',
    "src/Router.php": '''
        <?php
        namespace App;
        class Router {
            protected function createDispatcher(): FastDispatcher { return new FastDispatcher(); }
            public function assigned() {
                $dispatcher = $this->createDispatcher();
                return $dispatcher->dispatch('GET');
            }
            public function chained() { return $this->createDispatcher()->dispatch('GET'); }
            public function made() { return Factory::create()->dispatch('GET'); }
            public function fluent(FastDispatcher $dispatcher) { return $dispatcher->withBase('/')->dispatch('GET'); }
            public function caught() {
                try {
                    $this->assigned();
                } catch (RouteException $error) {
                    $error->report();
                }
            }
        }
        ''',
}


async def test_a_call_on_what_a_method_returns_reaches_the_declared_return_types_method(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, RETURNS)
    dispatch = ("src/FastDispatcher.php:FastDispatcher.dispatch", "MEMBER")
    create_dispatcher = ("src/Router.php:Router.createDispatcher", "LOCAL")
    # Two `dispatch` methods: by name none; by `createDispatcher(): FastDispatcher`, `create(): ?FastDispatcher` and
    # `withBase(..): static`, FastDispatcher's.
    assert calls_from(graph, "src/Router.php:Router.assigned") == {create_dispatcher, dispatch}
    assert calls_from(graph, "src/Router.php:Router.chained") == {create_dispatcher, dispatch}
    assert calls_from(graph, "src/Router.php:Router.made") == {("src/Factory.php:Factory.create", "MEMBER"), dispatch}
    assert calls_from(graph, "src/Router.php:Router.fluent") == {
        ("src/FastDispatcher.php:FastDispatcher.withBase", "MEMBER"), dispatch}
    # A `catch` of one class types its variable.
    assert calls_from(graph, "src/Router.php:Router.caught") == {
        ("src/Router.php:Router.assigned", "LOCAL"), ("src/RouteException.php:RouteException.report", "MEMBER")}


async def test_an_index_made_before_migration_83_parses_php_calls_on_variables_again(tmp_path: Path) -> None:
    files = {**FILES, "src/Plain.php": "<?php\nnamespace App;\nfunction plain() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 83)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Runner.php", "src/Plain.php", "PHP")
    assert query(db, "SELECT count(*) FROM coderag_files WHERE linked = 0") == [(0,)]


async def test_an_index_made_before_migration_84_parses_php_calls_on_properties_again(tmp_path: Path) -> None:
    files = {**PROPERTIES, "src/Plain.php": "<?php\nnamespace App;\nfunction plain() { return 1; }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 84)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Wrapper.php", "src/Plain.php", "PHP")
    assert ("mixed:src/Wrapper.php:Wrapper.made", "CALLS", "mixed:src/StreamHandler.php:StreamHandler.close",
            "MEMBER") in edges(db)
