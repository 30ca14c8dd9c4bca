"""C++, C# and Swift calls of overloaded functions (name_overloads.py, call_shapes.py, overload_parameters.py): a
call reaches the overloads that take what it passes, by count (defaults, parameter packs, `params`), C#'s named
arguments, `out`, literal and declared types, Swift's labels, trailing closures and `&`; as before when none can.
Shaped on fmt's os.h / format-inl.h, serilog's Logger and Alamofire's Session."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from coderag_mcp.models import IndexStatus
from coderag_mcp.service import CodeIndexService

from .conftest import (fast_settings, indexed_before_migration, indexed_project, query, update_after_relink_migration,
                       update_after_reparse_migration, write_tree)
from .test_typed_resolution import calls_from, edges, graph_of

pytestmark = pytest.mark.anyio

CPP = {
    "include/fmt/base.h": """
        #pragma once
        namespace fmt {
        void vprint(string_view fmt, format_args args);
        void vprint(FILE* f, string_view fmt, format_args args);
        void report(int code, const char* message = nullptr);

        template <typename... T>
        void print(format_string<T...> fmt, T&&... args) {
          vprint(fmt.str, vargs<T...>{{args...}});
        }

        template <typename... T>
        void print(FILE* f, format_string<T...> fmt, T&&... args) {
          vprint(f, fmt.str, vargs<T...>{{args...}});
        }

        struct tm_writer {
          void write2(int value);
          void write2(int value, pad_type pad);
          void on_minute(pad_type pad) { write2(tm_min(), pad); }
          void on_second() { write2(tm_sec()); }
        };

        template <typename... T> void log(const char* fmt, const T&... args);
        template <typename... T> void log(FILE* f, const char* fmt, const T&... args);
        template <typename... T> void forward(const T&... args) { log(args...); }
        }  // namespace fmt
        """,
    "src/format.cc": """
        #include "fmt/base.h"
        namespace fmt {
        void vprint(FILE* f, string_view fmt, format_args args) {
          write_to(f, fmt, args);
        }

        void vprint(string_view fmt, format_args args) {
          vprint(stdout, fmt, args);
        }

        void report(int code, const char* message) {}

        void fail() { report(1); }
        void unknown() { print_all(1, 2, 3, 4, 5); vprint(1, 2, 3, 4, 5); }
        }  // namespace fmt
        """,
}


async def test_a_cpp_call_reaches_the_overloads_that_take_as_many_arguments(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, CPP)
    base = "include/fmt/base.h"
    # (before: each `vprint` call was the header's first, `vprint(string_view, format_args)`)
    assert calls_from(graph, f"{base}:print") == {(f"{base}:vprint", "LOCAL")}
    assert calls_from(graph, f"{base}:print@13") == {(f"{base}:vprint@4", "LOCAL")}
    assert calls_from(graph, f"{base}:tm_writer.on_minute") == {(f"{base}:tm_writer.write2@19", "LOCAL")}
    assert calls_from(graph, f"{base}:tm_writer.on_second") == {(f"{base}:tm_writer.write2", "LOCAL")}
    # `log(args...)` passes a pack: any number, both overloads
    assert calls_from(graph, f"{base}:forward") == {(f"{base}:log", "LOCAL"), (f"{base}:log@25", "LOCAL")}
    # The second `vprint` of format.cc is the caller (before: its call was the first's, an edge to itself reversed)
    source = "src/format.cc"
    assert calls_from(graph, f"{source}:vprint@7") == {(f"{source}:vprint", "LOCAL")}
    assert calls_from(graph, f"{source}:vprint") == set()
    # The definition repeats no default argument: the header's declaration of the same function has it
    assert calls_from(graph, f"{source}:fail") == {(f"{source}:report", "LOCAL")}
    # What no overload takes (a macro's expansion, a library's function) is looked up as before
    assert calls_from(graph, f"{source}:unknown") == {(f"{source}:vprint", "LOCAL")}


CSHARP = {
    "src/Core/Logger.cs": """
        namespace Serilog.Core;

        public sealed class Logger : ILogger
        {
            public void Write(LogEvent logEvent) { Dispatch(logEvent); }

            public void Write(LogEventLevel level, string messageTemplate)
            {
                Write(level, messageTemplate, NoPropertyValues);
            }

            public void Write<T>(LogEventLevel level, string messageTemplate, T propertyValue) { }

            public void Write(LogEventLevel level, string messageTemplate, params object?[]? propertyValues) { }

            public void Write(LogEventLevel level, Exception? exception, string messageTemplate) { }

            public void Information(string messageTemplate)
                => Write(LogEventLevel.Information, messageTemplate);

            public void Information<T>(string messageTemplate, T propertyValue)
                => Write(LogEventLevel.Information, messageTemplate, propertyValue);

            public void Information(Exception? exception, string messageTemplate)
                => Write(LogEventLevel.Information, exception, messageTemplate);

            public bool BindProperty(string? propertyName, object? value, bool destructureObjects, out LogEventProperty? property)
            {
                property = null;
                return false;
            }

            public bool BindProperty(string? propertyName, object? value, out LogEventProperty? property) => false;

            public Logger Configure(string name, bool enrich = false, int depth = 10) => this;

            public Logger Configure(string name, LogEventLevel level) => this;
        }
        """,
    "src/Program.cs": """
        namespace App;

        public static class Program
        {
            public static void Run(Logger log)
            {
                log.Information("Started");
                log.Information("Started {Name}", name);
                try { Work(); }
                catch (Exception ex)
                {
                    log.Information(ex, "Failed");
                }
                log.BindProperty("Name", value, out var property);
                log.Configure("x", depth: 3);
                log.Configure("x", LogEventLevel.Debug);
            }

            public static void Describe(object value) => value.ToString();
        }
        """,
    "src/Events/LogEventPropertyValue.cs": """
        namespace Serilog.Events;

        public abstract class LogEventPropertyValue
        {
            public override string ToString() => ToString(null, null);

            public string ToString(string? format, IFormatProvider? formatProvider) => "";
        }
        """,
}


async def test_a_csharp_call_reaches_the_overloads_its_arguments_can_be_passed_to(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, CSHARP)
    logger = "src/Core/Logger.cs:Logger"
    # `Write(level, template, NoPropertyValues)`, a field this file does not type: `Write<T>` or the `params` array
    # passed as one, not itself
    assert calls_from(graph, f"{logger}.Write@7") == {(f"{logger}.Write@12", "LOCAL"), (f"{logger}.Write@14", "LOCAL")}
    assert calls_from(graph, f"{logger}.Information") == {(f"{logger}.Write@7", "LOCAL")}
    # (a parameter's declared type: `exception` is no string, so not `Write<T>(level, string, T)`; a `T` is passed to
    # `Write<T>` as written, the `params` one would take it only in an array made for it)
    assert calls_from(graph, f"{logger}.Information@24") == {(f"{logger}.Write@16", "LOCAL")}
    assert calls_from(graph, f"{logger}.Information@21") == {(f"{logger}.Write@12", "LOCAL")}
    # On a parameter `Logger log`: the class's overloads that take the call (before: none, Information being
    # defined three times); a string literal is no Exception, a catch's `ex` no string; `out`; a named argument
    assert calls_from(graph, "src/Program.cs:Program.Run") == {
        (f"{logger}.Information", "MEMBER"), (f"{logger}.Information@21", "MEMBER"),
        (f"{logger}.Information@24", "MEMBER"), (f"{logger}.BindProperty@33", "MEMBER"),
        (f"{logger}.Configure", "MEMBER"), (f"{logger}.Configure@37", "MEMBER")}
    # What every object has is no project definition found by its name
    assert calls_from(graph, "src/Program.cs:Program.Describe") == set()
    value = "src/Events/LogEventPropertyValue.cs:LogEventPropertyValue"
    assert calls_from(graph, f"{value}.ToString") == {(f"{value}.ToString@7", "LOCAL")}
    async with indexed_project(tmp_path / "again", CSHARP, "p") as service:
        answer = await service.find_references("p", "Logger.Information")
        assert [(hit.file_path, hit.line) for hit in answer.references] == [
            ("src/Program.cs", 7), ("src/Program.cs", 8), ("src/Program.cs", 12)]


SWIFT = {
    "Source/Core/Session.swift": """
        open class Session {
            open func request(_ convertible: any URLConvertible,
                              method: HTTPMethod = .get,
                              headers: HTTPHeaders? = nil,
                              requestModifier: RequestModifier? = nil) -> DataRequest {
                request(convertible, method: method, headers: headers, modifier: requestModifier)
            }

            open func request(_ convertible: any URLRequestConvertible,
                              interceptor: (any RequestInterceptor)? = nil) -> DataRequest {
                DataRequest(convertible)
            }

            func request(_ convertible: any URLConvertible, method: HTTPMethod, headers: HTTPHeaders?,
                         modifier: RequestModifier?) -> DataRequest {
                DataRequest(convertible)
            }

            open func upload(_ data: Data, to convertible: any URLConvertible) -> UploadRequest {
                upload(.data(data), with: convertible)
            }

            func upload(_ uploadable: UploadRequest.Uploadable, with convertible: any URLRequestConvertible) -> UploadRequest {
                UploadRequest(uploadable)
            }
        }
        """,
    "Source/Core/Protected.swift": """
        final class Protected<Value> {
            func write<U>(_ closure: (inout Value) throws -> U) rethrows -> U { try closure(&value) }

            func write(_ value: Value) { write { $0 = value } }
        }
        """,
    "Source/Features/MultipartFormData.swift": """
        open class MultipartFormData {
            public func append(_ data: Data, withName name: String, fileName: String? = nil) {
                write(&buffer, to: stream)
            }

            public func append(_ fileURL: URL, withName name: String) { }

            private func write(_ data: Data, to outputStream: OutputStream) { }

            private func write(_ buffer: inout [UInt8], to outputStream: OutputStream) { }

            static func removeItem(at url: URL) -> Bool { true }
        }
        """,
    "Source/Core/Request.swift": """
        public class Request {
            func resume(session: Session, state: Protected<State>, parts: MultipartFormData, manager: FileManager) {
                session.request("https://httpbin.org/get", method: .post)
                session.request(urlRequest)
                state.write { $0.isResumed = true }
                parts.append(data, withName: "file")
                events.append(event)
                manager.removeItem(at: url)
            }
        }
        """,
}


async def test_a_swift_call_reaches_the_overloads_its_labels_name(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, SWIFT)
    session = "Source/Core/Session.swift:Session"
    assert calls_from(graph, f"{session}.request") == {(f"{session}.request@14", "LOCAL")}
    assert calls_from(graph, f"{session}.upload") == {(f"{session}.upload@23", "LOCAL")}
    protected = "Source/Core/Protected.swift:Protected.write"
    # A trailing closure goes to the parameter that takes a function, not to a generic `Value`
    assert calls_from(graph, protected + "@4") == {(protected, "LOCAL")}
    parts = "Source/Features/MultipartFormData.swift:MultipartFormData"
    assert calls_from(graph, parts + ".append") == {(parts + ".write@10", "LOCAL")}  # `&buffer`: the inout one
    # On receivers their parameters type (before the forty-fourth session: by name alone, NAME): by labels.
    # `events.append` takes no `withName:`: an array's; `write` is MultipartFormData's only in its own file; a value's
    # `removeItem(at:)` is no type's static func
    assert calls_from(graph, "Source/Core/Request.swift:Request.resume") == {
        (f"{session}.request", "MEMBER"), (f"{session}.request@9", "MEMBER"), (protected, "MEMBER"),
        (parts + ".append", "MEMBER"), (parts + ".append@6", "MEMBER")}


# swift-argument-parser's TestHelpers: AssertExecuteCommand(command: String) beside (command: [String]).
EXECUTE_COMMAND = {
    "Sources/ArgumentParserTestHelpers/TestHelpers.swift": """
        extension XCTest {
            public func AssertExecuteCommand(command: String, expected: String? = nil) {}
            public func AssertExecuteCommand(command: [String], expected: String? = nil) {}
        }
        """,
    "Tests/ExampleTests/RepeatExampleTests.swift": """
        final class RepeatExampleTests: XCTestCase {
            func testRepeat() throws {
                try AssertExecuteCommand(command: "repeat -h", expected: "")
                try AssertExecuteCommand(command: ["repeat", "-h"])
            }
        }
        """,
}


async def test_a_swift_literal_reaches_no_overload_taking_an_array(tmp_path: Path) -> None:
    # 24 of swift-argument-parser's `AssertExecuteCommand(command: "repeat -h", ..)` reached the overload taking
    # `command: [String]` beside the one taking a String.
    graph = await graph_of(tmp_path, EXECUTE_COMMAND)
    helper = "Sources/ArgumentParserTestHelpers/TestHelpers.swift:XCTest.AssertExecuteCommand"
    assert {target for target, _how in calls_from(graph, "Tests/ExampleTests/RepeatExampleTests.swift:"
                                                          "RepeatExampleTests.testRepeat")} == {helper, helper + "@3"}
    called = {(source_line, target) for source_line, target in query(
        tmp_path / "vault.db", "SELECT e.lineno, e.target_id FROM code_edges e WHERE e.edge_type = 'CALLS'")}
    assert (3, "p:" + helper) in called and (3, "p:" + helper + "@3") not in called


# swift-argument-parser: `var parser = CommandParser(self)` then `parser.parse(arguments:)`, beside another type's
# `parse(arguments:)`; Alamofire: `func handle(_ request: Request)` calling `request.resume()` beside a task's resume.
DECLARED_TYPES = {
    "Sources/ArgumentParser/Parsing/CommandParser.swift": """
        struct CommandParser {
            init(_ root: Any) {}
            func parse(arguments: [String]) -> Int { 0 }
        }
        """,
    "Sources/ArgumentParser/Parsing/SplitArguments.swift": """
        struct SplitArguments {
            func parse(arguments: [String]) -> Int { 1 }
        }
        """,
    "Sources/ArgumentParser/Parsable Types/ParsableCommand.swift": """
        extension ParsableCommand {
            static func parseAsRoot(_ arguments: [String]) -> Int {
                var parser = CommandParser(self)
                return parser.parse(arguments: arguments)
            }
        }
        """,
    "Source/Core/Request.swift": "public class Request {\n    func resume() {}\n}\n",
    "Source/Core/Task.swift": "final class DownloadTask {\n    func resume() {}\n}\n",
    "Source/Core/Session.swift": """
        final class Session {
            func handle<T>(_ request: Request, other: T, url: URL) {
                request.resume()
                url.resume()
            }
        }
        """,
}


async def test_a_swift_call_on_a_value_its_declaration_types_reaches_that_types_method(tmp_path: Path) -> None:
    # swift-argument-parser's `parser.parse(arguments:)` (`var parser = CommandParser(self)`) was tied to none of its
    # `parse` methods: Swift values were never typed. A parameter's, an annotation's or an initializer's type now picks
    # the member; a library type's value (`url: URL`) is looked up as before.
    graph = await graph_of(tmp_path, DECLARED_TYPES)
    parsing = "Sources/ArgumentParser/Parsing/"
    assert calls_from(graph, "Sources/ArgumentParser/Parsable Types/ParsableCommand.swift:ParsableCommand.parseAsRoot"
                      ) == {(parsing + "CommandParser.swift:CommandParser", "NAME"),
                            (parsing + "CommandParser.swift:CommandParser.parse", "MEMBER")}
    assert calls_from(graph, "Source/Core/Session.swift:Session.handle") == {
        ("Source/Core/Request.swift:Request.resume", "MEMBER")}


UNTYPED_RECEIVERS = {
    "Sources/Image/ImageFormat.swift": """
        struct KingfisherWrapper {
            public func contains(jpeg marker: JPEGMarker) -> Bool { true }
        }
        """,
    "Sources/Networking/SessionDataTask.swift": """
        public class SessionDataTask {
            func resume() {}
        }
        """,
    "Sources/Cache/DiskStorage.swift": """
        class DiskStorage {
            func check(source: Source) {
                let urls = source.urls()
                urls.contains("/")
                source.data.kf.contains(jpeg: .SOF2)
                withCheckedContinuation { continuation in
                    continuation.resume(returning: 1)
                }
                source.task.resume()
            }
        }
        """,
    "src/Serilog/Core/PropertiesInlineArray.cs": """
        struct PropertiesInlineArray {
            public Span<object?> AsSpan(int count) => default;
        }
        """,
    "src/Serilog/Core/Logger.cs": """
        class Logger {
            void Write(PropertiesInlineArray inlineArray) {
                var bytes = GetBytes();
                var text = bytes.AsSpan();
                var span = inlineArray.AsSpan(1);
            }
        }
        """,
}


async def test_a_call_on_an_untyped_receiver_that_no_function_of_its_name_can_take_reaches_nothing(
        tmp_path: Path) -> None:
    # Kingfisher's `urls.contains(x)` was its only `contains(jpeg:)`, `continuation.resume(returning: data)` its
    # `SessionDataTask.resume()`; serilog's `str.AsSpan()` its `PropertiesInlineArray.AsSpan(int count)`. What a call
    # can be taken by is still found by name (on C#'s parameter `PropertiesInlineArray inlineArray`, by its type).
    # (`source.task.resume()` takes no label, as the standard library's `resume()`: only a guess, library_methods.py)
    async with indexed_project(tmp_path, UNTYPED_RECEIVERS, "p") as service:
        for symbol, line, how in (("KingfisherWrapper.contains", 5, "NAME"), ("SessionDataTask.resume", 9, "GUESS"),
                                  ("PropertiesInlineArray.AsSpan", 5, "MEMBER")):
            found = await service.find_references("p", symbol, include_guesses=True)
            assert [(hit.line, hit.resolution) for hit in found.references] == [(line, how)], symbol


# swift-argument-parser: `self.init(base: .default)` in a type with no `init(base:)` of its own (the memberwise one has
# no node) reached the file's first `init`, the property wrapper's (25 call sites); `originalInput[..]`, a subscript of
# the stored `[String]`, the method `originalInput(at:)`. Labels are part of a Swift function's name.
LABELS_NOBODY_TAKES = {
    "Sources/ArgumentParser/Option.swift": """
        public struct Option<Value> {
            init(_parsedValue: Value) {}
        }
        public struct SingleValueParsingStrategy {
            var base: Int
            public static var next: SingleValueParsingStrategy {
                self.init(base: 1)
            }
        }
        """,
    "Sources/ArgumentParser/SplitArguments.swift": """
        struct SplitArguments {
            var originalInput: [String]
            func originalInput(at position: Int) -> String { "" }
            func first() -> String {
                originalInput[0]
            }
            func second() -> String {
                originalInput(at: 1)
            }
        }
        """,
}


async def test_a_swift_call_whose_labels_no_definition_takes_reaches_nothing(tmp_path: Path) -> None:
    async with indexed_project(tmp_path, LABELS_NOBODY_TAKES, "p") as service:
        init = await service.find_references("p", "Option.init", include_guesses=True)
        at = await service.find_references("p", "SplitArguments.originalInput", include_guesses=True)
    assert init.references == []
    assert [(hit.line, hit.enclosing) for hit in at.references if hit.kind == "CALLS"] == [
        (8, "SplitArguments.second")]


async def test_an_index_made_before_migration_90_links_swift_again(tmp_path: Path) -> None:
    files = {**LABELS_NOBODY_TAKES, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 90)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "Sources/ArgumentParser/Option.swift", "tools/build.py",
                                            "labels no definition takes")


# Kingfisher's `let task = manager.retrieveImage(\n with: url\n) { result in .. }`: tree-sitter-swift reads the trailing
# closure as a call of the call, so the call's shape lacked it, and it reached the `async` overloads taking no
# completion handler (or none, where the handler is required: KingfisherManager.swift:345).
TRAILING_AFTER_ARGUMENTS = {
    "Sources/General/KingfisherManager.swift": """
        public class KingfisherManager {
            public func retrieveImage(with url: URL, completionHandler: @escaping (Int) -> Void) -> Int { 1 }
            public func retrieveImage(with url: URL) async throws -> Int { 2 }
            func load(url: URL) {
                let task = self.retrieveImage(
                    with: url
                ) { result in
                    print(result)
                }
            }
        }
        """,
}


async def test_a_swift_trailing_closure_after_its_arguments_is_the_calls(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, TRAILING_AFTER_ARGUMENTS)
    manager = "Sources/General/KingfisherManager.swift:KingfisherManager"
    assert calls_from(graph, f"{manager}.load") == {(f"{manager}.retrieveImage", "LOCAL")}


async def test_an_index_made_before_migration_92_parses_swift_again(tmp_path: Path) -> None:
    files = {**TRAILING_AFTER_ARGUMENTS, "tools/build.py": "def build():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 92)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "Sources/General/KingfisherManager.swift", "tools/build.py",
                                             "trailing closure")


CLOSURE_VALUES = {
    "Sources/Networking/SessionDataTask.swift": UNTYPED_RECEIVERS["Sources/Networking/SessionDataTask.swift"],
    "Sources/Utility/Continuation.swift": """
        extension CheckedContinuation {
            func resumeAfterCleanup() {}
        }
        """,
    "Sources/Cache/ImageCache.swift": """
        class ImageCache {
            func clearCache(completion: (() -> Void)? = nil) {}
            func clearCache() async {
                await withCheckedContinuation { continuation in
                    clearCache { continuation.resume() }
                }
            }
            func clearDiskCache(task: SessionDataTask) async {
                await withCheckedContinuation {
                    $0.resume()
                    task.resume()
                }
                try await withCheckedThrowingContinuation { continuation in
                    continuation.resumeAfterCleanup()
                }
            }
        }
        """,
}


async def test_a_call_on_a_continuation_a_library_function_hands_its_closure_is_the_librarys(tmp_path: Path) -> None:
    # Kingfisher's `withCheckedContinuation { continuation in ... continuation.resume() }` reached its
    # `SessionDataTask.resume()` by name: the closure's parameter is a CheckedContinuation, whose methods are the
    # library's or an extension's in the project.
    async with indexed_project(tmp_path, CLOSURE_VALUES, "p") as service:
        resume = await service.find_references("p", "SessionDataTask.resume", include_guesses=True)
        # (`task: SessionDataTask`: its declaration types it)
        assert [(hit.line, hit.resolution) for hit in resume.references] == [(11, "MEMBER")]
        extension = await service.find_references("p", "CheckedContinuation.resumeAfterCleanup")
        assert [hit.line for hit in extension.references] == [14]


async def test_an_index_made_before_closure_values_were_typed_parses_those_swift_files_again(tmp_path: Path) -> None:
    """Migration 67: the next update parses again the Swift files holding a closure handed a continuation, no other."""
    db = await indexed_before_migration(tmp_path, CLOSURE_VALUES, "mixed", 67,
                                        "DELETE FROM symbol_definitions WHERE name = 'clearDiskCache'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "Sources/Cache/ImageCache.swift",
                                             "Sources/Networking/SessionDataTask.swift", "continuation")
        resume = await service.find_references("mixed", "SessionDataTask.resume", include_guesses=True)
        assert [hit.line for hit in resume.references] == [11]
        assert [d.line for d in (await service.find_symbol("mixed", "clearDiskCache")).definitions] == [8]


OBJECT_CREATIONS = {
    "src/Serilog/Events/LogEvent.cs": "namespace Serilog.Events;\n\npublic class LogEvent\n{\n"
                                      "    public LogEvent(string text) { }\n}\n",
    "test/Support/Some.cs": "static class Some\n{\n    public static Exception Exception() => null;\n"
                            "    public static LogEvent LogEvent() => null;\n}\n",
    "test/LoggerTests.cs": "class LoggerTests\n{\n    void Writes()\n    {\n        var e = new Exception(\"boom\");\n"
                           "        var x = new LogEvent(\"text\");\n    }\n}\n",
}


async def test_a_csharp_new_reaches_a_class_or_its_constructor_never_a_method_of_its_name(tmp_path: Path) -> None:
    # serilog's tests' `new Exception("..")` (the library's) was their helper `Some.Exception()`, and `new LogEvent(..)`
    # `Some.LogEvent()`, not the class.
    graph = await graph_of(tmp_path, OBJECT_CREATIONS)
    reached = {target for _source, kind, target, _how in graph if kind == "CALLS"}
    assert "test/Support/Some.cs:Some.Exception" not in reached
    assert reached & {"src/Serilog/Events/LogEvent.cs:LogEvent", "src/Serilog/Events/LogEvent.cs:LogEvent.LogEvent"}


# Newtonsoft.Json's partial classes: JsonTextWriter.cs declares the class and its constructor, JsonTextWriter.Async.cs
# the async half; MemoryTraceWriter has no constructor of its own.
PARTIAL_CLASSES = {
    "Src/Newtonsoft.Json/JsonTextWriter.Async.cs": "public partial class JsonTextWriter\n{\n"
                                                   "    public Task FlushAsync() => null;\n}\n",
    "Src/Newtonsoft.Json/JsonTextWriter.cs": "public partial class JsonTextWriter : JsonWriter\n{\n"
                                             "    public JsonTextWriter(TextWriter textWriter) { }\n}\n",
    "Src/Newtonsoft.Json/MemoryTraceWriter.cs": "public class MemoryTraceWriter\n{\n}\n",
    "Src/Newtonsoft.Json/Utilities/DictionaryWrapper.cs": "class DictionaryEnumerator\n{\n"
                                                          "    public bool MoveNext() => false;\n}\n",
    "Src/Newtonsoft.Json/Linq/JsonPath/QueryExpression.cs": "class QueryExpression\n{\n"
                                                            "    bool IsMatch(IEnumerator<JToken> leftResults)\n    {\n"
                                                            "        return leftResults.MoveNext();\n    }\n}\n",
    "Src/Newtonsoft.Json.Tests/WriterTests.cs": "class WriterTests\n{\n    void Writes(StringWriter sw)\n    {\n"
                                                "        JsonTextWriter writer = new JsonTextWriter(sw);\n"
                                                "        var trace = new MemoryTraceWriter();\n    }\n}\n",
}


async def test_a_csharp_partial_class_is_the_one_in_the_file_named_for_it(tmp_path: Path) -> None:
    # Newtonsoft.Json's 641 `new JsonTextReader(..)` (186 JsonTextWriter, 208 JObject) reached the class as declared
    # in its `.Async.cs` half; `JsonTextWriter writer` was a use of that half too.
    graph = await graph_of(tmp_path, PARTIAL_CLASSES)
    from_test = {(kind, target) for source, kind, target, _how in graph
                 if source.startswith("Src/Newtonsoft.Json.Tests")}
    assert from_test == {("CALLS", "Src/Newtonsoft.Json/JsonTextWriter.cs:JsonTextWriter"),
                         ("USES", "Src/Newtonsoft.Json/JsonTextWriter.cs:JsonTextWriter"),
                         ("CALLS", "Src/Newtonsoft.Json/MemoryTraceWriter.cs:MemoryTraceWriter")}
    # Newtonsoft's 22 `x.MoveNext()` on IEnumerators were its dictionary wrapper's enumerator's: .NET's, a guess; on a
    # parameter `IEnumerator<JToken> leftResults`, a library interface this enumerator does not implement, nothing
    assert {how for source, kind, target, how in graph if target.endswith("DictionaryEnumerator.MoveNext")} == set()


async def test_an_index_made_before_migration_70_links_the_files_resolved_by_name_again(tmp_path: Path) -> None:
    """Migration 70: the next update links again every file of a language resolved by name (C# here), no other."""
    files = {**PARTIAL_CLASSES, "src/app.py": "def run():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "p", 70)
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:  # the partial half, as before
        connection.execute("UPDATE code_edges SET target_id = 'p:Src/Newtonsoft.Json/JsonTextWriter.Async.cs:"
                           "JsonTextWriter' WHERE target_id = 'p:Src/Newtonsoft.Json/JsonTextWriter.cs:JsonTextWriter'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_relink_migration(service, db, "p", "Src/Newtonsoft.Json.Tests/WriterTests.cs", "src/app.py",
                                            "files named for them")
    assert ("Src/Newtonsoft.Json.Tests/WriterTests.cs:WriterTests.Writes", "USES",
            "Src/Newtonsoft.Json/JsonTextWriter.cs:JsonTextWriter") in {edge[:3] for edge in edges(db)}


MIXED_LANGUAGES = {
    "Alamofire.podspec": "Pod::Spec.new do |s|\n  s.name = 'Alamofire'\nend\n",
    "Source/Alamofire.swift": "public enum AF {}\n",
    "Tests/SessionTests.swift": "import Alamofire\n\nfinal class SessionTests {\n    func test() { resetAll() }\n}\n",
    "support/release.py": "def resetAll():\n    pass\n",
    "src/os.c": "void close_all(void) {\n  resetAll();\n}\n",
}


async def test_a_name_is_resolved_within_its_languages_family_only(tmp_path: Path) -> None:
    # Alamofire's `import Alamofire` was an import of its Ruby podspec (43 files did); fmt's C++ calls reached its
    # Python release script's `Git.reset`.
    graph = await graph_of(tmp_path, MIXED_LANGUAGES)
    assert not [edge for edge in graph if edge[2].startswith(("Alamofire.podspec", "support/release.py"))]


async def test_an_index_made_before_migration_63_links_a_project_of_several_families_again(tmp_path: Path) -> None:
    db = await indexed_before_migration(tmp_path, MIXED_LANGUAGES, "mixed", 63)
    one_family = write_tree(tmp_path / "one", {"Source/AF.swift": "enum AF {}\n",
                                               "Source/Box.swift": "struct Box {}\n"})
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await service.init_index("swift-only", str(one_family), background=False)
        await service.update_index("mixed", background=False)
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:  # (as the version before left it)
        connection.execute("DELETE FROM coderag_schema_migrations WHERE version = 63")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("mixed")
        assert status.status is IndexStatus.STALE and "language's family" in (status.error_message or "")
        assert (await service.get_status("swift-only")).status is IndexStatus.READY
        assert dict(query(db, "SELECT project_id, max(linked) FROM coderag_files GROUP BY project_id")) == {
            "mixed": 0, "swift-only": 1}
        await service.update_index("mixed", background=False)
        assert (await service.get_status("mixed")).status is IndexStatus.READY


async def test_an_index_made_before_migration_53_parses_cpp_csharp_and_swift_again(tmp_path: Path) -> None:
    """Migration 52: the C++, C# and Swift files are parsed again (a call's shape, a use inside an overload), the
    other files not; the update links `Write(level, template, values)` to `Write<T>`."""
    files = {**CSHARP, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 53,
                                        "DELETE FROM code_edges WHERE target_id LIKE '%Logger.Write@12'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Core/Logger.cs", "tool.sh", "C++, C# and Swift")
        answer = await service.find_references("mixed", "Logger.Write")
        assert ("src/Core/Logger.cs", 9) in {(hit.file_path, hit.line) for hit in answer.references}


# A second definition of a name in a file, in the languages resolved by their own resolvers: Java and Kotlin
# overloads, a Python property's setter, a TypeScript accessor pair, a Rust trait method implemented twice.
SECOND_DEFINITIONS = {
    "src/Runner.java": """
        package demo;

        public class Runner {
            void run(int count) {
                alpha();
            }

            void run(String name) {
                beta();
            }

            void alpha() {}
            void beta() {}
        }
        """,
    "src/Job.kt": """
        package demo

        class Job {
            fun run(count: Int) {
                gamma()
            }

            fun run(name: String) {
                delta()
            }

            fun gamma() {}
            fun delta() {}
        }
        """,
    "pkg/box.py": """
        def check(value):
            return value


        def store(value):
            return value


        class Box:
            @property
            def size(self):
                return check(self._size)

            @size.setter
            def size(self, value):
                self._size = store(value)
        """,
    "src/box.ts": """
        function measure(): number { return 1; }
        function record(value: number): void {}

        export class Box {
            private value = 0;

            get size(): number {
                return measure();
            }

            set size(value: number) {
                record(value);
            }
        }
        """,
    "src/lib.rs": """
        pub struct Celsius(f64);

        fn from_int(value: i32) -> f64 { value as f64 }
        fn from_float(value: f32) -> f64 { value as f64 }

        impl From<i32> for Celsius {
            fn from(value: i32) -> Self {
                Celsius(from_int(value))
            }
        }

        impl From<f32> for Celsius {
            fn from(value: f32) -> Self {
                Celsius(from_float(value))
            }
        }
        """,
}


async def test_a_use_inside_a_second_definition_of_a_name_is_its_own_in_every_language(tmp_path: Path) -> None:
    graph = await graph_of(tmp_path, SECOND_DEFINITIONS)
    assert calls_from(graph, "src/Runner.java:Runner.run") == {("src/Runner.java:Runner.alpha", "LOCAL")}
    assert calls_from(graph, "src/Runner.java:Runner.run@8") == {("src/Runner.java:Runner.beta", "LOCAL")}
    assert calls_from(graph, "src/Job.kt:Job.run") == {("src/Job.kt:Job.gamma", "LOCAL")}
    assert calls_from(graph, "src/Job.kt:Job.run@8") == {("src/Job.kt:Job.delta", "LOCAL")}
    assert calls_from(graph, "pkg/box.py:Box.size") == {("pkg/box.py:check", "LOCAL")}
    assert calls_from(graph, "pkg/box.py:Box.size@15") == {("pkg/box.py:store", "LOCAL")}
    assert calls_from(graph, "src/box.ts:Box.size") == {("src/box.ts:measure", "LOCAL")}
    assert calls_from(graph, "src/box.ts:Box.size@11") == {("src/box.ts:record", "LOCAL")}
    celsius = ("src/lib.rs:Celsius", "LOCAL")  # a tuple struct's constructor
    assert calls_from(graph, "src/lib.rs:Celsius.from") == {("src/lib.rs:from_int", "LOCAL"), celsius}
    assert calls_from(graph, "src/lib.rs:Celsius.from@13") == {("src/lib.rs:from_float", "LOCAL"), celsius}


async def test_an_index_made_before_migration_54_parses_files_with_a_second_definition_again(tmp_path: Path) -> None:
    """Migration 54: only the files holding a second definition of a name are parsed again; the update makes
    `Runner.run(String)`'s call its own."""
    files = {"src/Runner.java": SECOND_DEFINITIONS["src/Runner.java"],
             "src/Plain.java": "package demo;\n\nclass Plain {\n    void go() { new Runner().alpha(); }\n}\n"}
    runner = "mixed:src/Runner.java:Runner"
    db = await indexed_before_migration(
        tmp_path, files, "mixed", 54, f"UPDATE code_edges SET source_id = '{runner}.run' WHERE source_id = '{runner}.run@8'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/Runner.java", "src/Plain.java", "second definition")
    assert query(db, f"SELECT source_id FROM code_edges WHERE target_id = '{runner}.beta'") == [(f"{runner}.run@8",)]


LOGGER = {
    "src/Logger.java": """
        package demo;

        public class Logger {
            void log(String message) {
                write(message);
            }

            void log(Object value) {
                write(String.valueOf(value));
            }

            void log(String message, int level) {
                log(message);
            }

            void write(String text) {}
        }
        """,
    "src/App.java": """
        package demo;

        class App {
            void run(Logger logger) {
                logger.log("started", 1);
                logger.log(42);
            }
        }
        """,
}


async def test_find_references_names_overloads_by_their_first_line(tmp_path: Path) -> None:
    """An answer tells overloads apart: the one a use is in, the ones it reaches (all those it may be), and a
    symbol written with a line asks for that overload alone."""
    async with indexed_project(tmp_path, LOGGER, "p") as service:
        writes = await service.find_references("p", "Logger.write")
        assert {(hit.line, hit.enclosing) for hit in writes.references} == {(5, "Logger.log@4"), (9, "Logger.log@8")}
        assert {hit.target for hit in writes.references} == {"src/Logger.java:Logger.write"}  # one definition
        logs = {(hit.file_path, hit.line): hit for hit in (await service.find_references("p", "Logger.log")).references}
        # `log(message)` with a String parameter: `log(String)`, the one Java picks
        assert (logs["src/Logger.java", 13].enclosing, logs["src/Logger.java", 13].target) == (
            "Logger.log@12", "src/Logger.java:Logger.log@4")
        # each of App.run's calls its own: `log(Object)` (42 is no String), `log(String, int)`
        assert logs["src/App.java", 5].target == "src/Logger.java:Logger.log@12"
        assert logs["src/App.java", 6].target == "src/Logger.java:Logger.log@8"
        one = await service.find_references("p", "Logger.log@12")
        assert (one.definitions, [(hit.file_path, hit.line) for hit in one.references]) == (1, [("src/App.java", 5)])
        wrong = await service.find_references("p", "Logger.log@5")
        assert wrong.definitions == 3 and "No overload of 'Logger.log' starts at line 5" in (wrong.note or "")
        assert "lines: 4, 8, 12" in (wrong.note or "")


def _factory(calls: int) -> dict[str, str]:
    """Five overloads of `of`, one per arity (as koin's `fragmentOf`s), of which the first `calls` call `make`."""
    overloads = "\n".join(
        f"    static void of({', '.join(f'int a{n}' for n in range(arity))}) {{ {'make(); ' if arity < calls else ''}}}"
        for arity in range(5))
    return {"src/Api.java": f"package demo;\n\nclass Api {{\n{overloads}\n    static void make() {{}}\n}}\n",
            "src/Main.java": "package demo;\n\nclass Main {\n    void run() { Api.of(); Api.of(1, 2); }\n}\n"}


async def test_a_family_of_overloads_ranks_what_it_calls_as_one_definition_would(tmp_path: Path) -> None:
    """PageRank counts an overload family's calls once (store.ranks): `make` called by five overloads of `of` ranks
    as when one of them calls it, though each call is its own edge (find_references lists all five)."""
    priors = []
    for calls in (5, 1):
        async with indexed_project(tmp_path / str(calls), _factory(calls), "p") as service:
            assert len((await service.find_references("p", "Api.make")).references) == calls
            priors.append(query(service.store.path, "SELECT prior FROM coderag_node_ranks WHERE node_id LIKE '%Api.make'"))
    assert priors[0] == priors[1]


async def test_a_call_that_reached_several_overloads_counts_as_one_call(tmp_path: Path) -> None:
    """`Api.put(t.value())` passes a value of no known type: it reaches all three `put`s (one edge to each), and
    PageRank counts it as the one call it is, as it counts `Api.make()` beside it (fmt's `write(out, value)` reached
    17 overloads, and took 17 shares of its caller's rank where a call to anything else took one)."""
    puts = "\n".join(f"    static void put({kind} a) {{}}" for kind in ("int", "String", "long"))
    files = {"src/Api.java": f"package demo;\n\nclass Api {{\n{puts}\n    static void make() {{}}\n}}\n",
             "src/Main.java": "package demo;\n\nclass Main {\n    void run(Thing t) { Api.put(t.value()); Api.make(); }\n}\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        reached = query(service.store.path, "SELECT target_id FROM code_edges WHERE target_id LIKE '%Api.put%'")
        assert len(reached) == 3
        priors = dict(query(service.store.path, "SELECT node_id, prior FROM coderag_node_ranks"))
    alone = priors["p:src/Main.java:Main.run"]  # what a node no link reaches scores
    make = priors["p:src/Api.java:Api.make"] - alone
    put = sum(priors[target] - alone for (target,) in reached)
    assert make > 0 and abs(put - make) < 0.03 * make  # (shares are whole 64ths of a call: 21 of 64 for each)


def test_links_without_such_a_call_rank_as_links_without_overloads() -> None:
    """The rows that name each target's first overload and each caller rank as the plain rows do, to the bit,
    while no call reached several overloads (sympy's graph has a few: its ranks moved little, 202 of 38,937 by more
    than 0.01)."""
    from array import array

    from coderag_mcp.pagerank import Links

    nodes = array("q", range(10, 60))
    plain = [(nodes[i], nodes[(i * 7 + 3) % 50], 1 + i % 3) for i in range(50)]
    ranked = []
    for rows in (plain, [(source, target, weight, target, source) for source, target, weight in plain]):
        links = Links(nodes)
        links.add_all(rows)
        ranked.append(list(links.pagerank()))
    assert ranked[0] == ranked[1]


async def test_a_c_function_after_its_prototype_is_named_as_the_function(tmp_path: Path) -> None:
    """C has no overloads: libuv's `static void after_read(..);` above its body is one function, named without a
    line in answers (its body is the second definition of the name, `after_read@8` in the graph)."""
    files = {"src/server.c": "static void after_read(int n);\nstatic void close_it(void);\n\nvoid start(void) {\n"
                             "  after_read(1);\n}\n\nstatic void after_read(int n) {\n  close_it();\n}\n\n"
                             "static void close_it(void) {}\n"}
    async with indexed_project(tmp_path, files, "p") as service:
        hits = (await service.find_references("p", "close_it")).references
        assert [(hit.line, hit.enclosing) for hit in hits] == [(9, "after_read")]


def test_the_ranks_of_new_overloads_count_a_call_once_too() -> None:
    """While a large graph's ranking waits, a new definition gets a rank from its callers (graph._provisional_ranks),
    counted as rank_graph counts them: one call that reached three new overloads of `put` gives them together what
    the call beside it gives `make`."""
    from coderag_mcp.graph import _provisional_ranks
    from coderag_mcp.store.graph import GraphNode

    nodes = [GraphNode("run", "a.java", "METHOD", "run", centrality=2.0)] + [
        GraphNode(name, "b.java", "METHOD", name.split("@")[0]) for name in ("put", "put@5", "put@6", "make")]
    ranks = _provisional_ranks(nodes, [("run", "put", 1), ("run", "put@5", 1), ("run", "put@6", 1), ("run", "make", 1),
                                       ("put@5", "put", 1)])  # (a call between two overloads counts for neither)
    alone = 1.0 - 0.85
    assert ranks["put"] == ranks["put@5"] == ranks["put@6"]
    assert abs(3 * (ranks["put"] - alone) - (ranks["make"] - alone)) < 1e-9


# lark's Lark.open: two `@overload` stubs (typing's, as a type checker reads them) above the classmethod that
# implements them; jinja-style `@t.overload` stubs above a module function.
PYTHON_OVERLOADS = {
    "lark/lark.py": '''
        import typing as t
        from typing import overload


        class Lark:
            @overload
            @classmethod
            def open(cls, grammar_filename: str, *, transformer: int, **options) -> "Lark": ...

            # without a transformer
            @overload
            @classmethod
            def open(cls, grammar_filename: str, **options) -> "Lark": ...

            @classmethod
            def open(cls, grammar_filename, rel_to=None, **options):
                """Create an instance of Lark with the grammar given by its filename."""
                return cls()


        @t.overload
        def load(name: int) -> int: ...
        @t.overload
        def load(name: str) -> str: ...
        def load(name):
            return Lark.open(name)
        ''',
    "tests/test_lark.py": '''
        from lark.lark import Lark, load


        def test_open():
            assert Lark.open("grammar.lark")
            assert load("x")
        ''',
}


async def test_python_overload_stubs_are_their_implementations_lines(tmp_path: Path) -> None:
    # A call of lark's `Lark.open` reached its two `@overload` stubs and the implementation, three definitions that
    # find_symbol listed (the stubs without the doc); find_references named them `Lark.open@611|619`.
    async with indexed_project(tmp_path, PYTHON_OVERLOADS, "p") as service:
        opened = (await service.find_symbol("p", "Lark.open")).definitions
        assert [(d.line, d.doc) for d in opened] == [
            (16, "Create an instance of Lark with the grammar given by its filename.")]
        assert opened[0].signature.startswith("def open(cls, grammar_filename: str, *, transformer: int")
        code = await service.read_code("p", symbol="Lark.open")
        assert (code.start_line, code.end_line) == (6, 18) and "return cls()" in code.text
        calls = (await service.find_references("p", "Lark.open")).references
        assert sorted((hit.file_path, hit.line, hit.target) for hit in calls) == [
            ("lark/lark.py", 26, "lark/lark.py:Lark.open"), ("tests/test_lark.py", 5, "lark/lark.py:Lark.open")]
        loads = (await service.find_symbol("p", "load")).definitions
        assert [d.line for d in loads] == [25]


async def test_an_index_made_before_python_overloads_were_one_parses_those_files_again(tmp_path: Path) -> None:
    """Migration 68: the next update parses again the Python files holding an `@overload`, no other."""
    files = {**PYTHON_OVERLOADS, "lark/util.py": "def helper():\n    return 1\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 68,
                                        "DELETE FROM symbol_definitions WHERE name = 'load'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "lark/lark.py", "lark/util.py", "overload")
        assert [d.line for d in (await service.find_symbol("mixed", "load")).definitions] == [25]


# Newtonsoft.Json, cut down: `JsonConvert.SerializeObject(..)` called from other files, a test class with a method of
# the same name, a documentation stub of System.IO.File, and a method named as .NET's Encoding.GetString.
STATIC_CALLS = {
    "Src/Newtonsoft.Json/JsonConvert.cs": """
        public static class JsonConvert
        {
            public static string SerializeObject(object value) => null;
            public static string SerializeObject(object value, Formatting formatting) => null;
        }
        """,
    "Src/Newtonsoft.Json/Bson/BsonReader.cs": """
        public class BsonReader
        {
            private string GetString(int length) => null;
        }
        """,
    "Src/Newtonsoft.Json.Tests/Documentation/LinqToJsonTests.cs": """
        namespace Newtonsoft.Json.Tests.Documentation
        {
            public static class File
            {
                public static string ReadAllText(string path) => null;
            }
        }
        """,
    "Src/Newtonsoft.Json.Tests/JsonSerializerTest.cs": """
        public class JsonSerializerTest
        {
            public void SerializeObject() { }

            public void Writes()
            {
                string json = JsonConvert.SerializeObject(new object(), Formatting.Indented);
                string text = System.IO.File.ReadAllText("large.json");
                string decoded = Encoding.UTF8.GetString(data, 0, data.Length);
            }
        }
        """,
}


async def test_a_csharp_call_on_a_class_written_by_name_reaches_its_member(tmp_path: Path) -> None:
    # Newtonsoft.Json's 820 `JsonConvert.SerializeObject(..)` were tied to nothing outside JsonConvert.cs (a test's
    # `SerializeObject()` beside it made the name ambiguous): a C# receiver in capitals is its class (or a property
    # named as its class is), whose member it calls. One written from .NET's namespaces is the framework's, and a
    # library call no project method can take (`Encoding.UTF8.GetString(data, 0, n)`) reaches nothing.
    async with indexed_project(tmp_path, STATIC_CALLS, "p") as service:
        serialized = (await service.find_references("p", "JsonConvert.SerializeObject")).references
        assert [(hit.file_path, hit.line, hit.resolution) for hit in serialized] == [
            ("Src/Newtonsoft.Json.Tests/JsonSerializerTest.cs", 7, "MEMBER")]
        assert not (await service.find_references("p", "File.ReadAllText", include_guesses=True)).references
        assert not (await service.find_references("p", "BsonReader.GetString", include_guesses=True)).references


async def test_an_index_made_before_csharp_class_receivers_parses_its_csharp_files_again(tmp_path: Path) -> None:
    """Migration 69: the next update parses again the C# files, no other."""
    files = {**STATIC_CALLS, "build.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 69,
                                        "DELETE FROM symbol_definitions WHERE name = 'Writes'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "Src/Newtonsoft.Json.Tests/JsonSerializerTest.cs", "build.sh",
                                             "C#")
        assert [d.line for d in (await service.find_symbol("mixed", "JsonSerializerTest.Writes")).definitions] == [5]


JAVA_THIS = {
    "src/main/java/org/jsoup/parser/Tokeniser.java": '''
        package org.jsoup.parser;

        final class Tokeniser {
            void error(TokeniserState state) { }
            void error(String message) { }
            void error(String message, Object... args) { }
            void error(Runnable task) { }
        }
        ''',
    "src/main/java/org/jsoup/parser/TokeniserState.java": '''
        package org.jsoup.parser;

        enum TokeniserState {
            Data {
                void read(Tokeniser t) {
                    t.error(this);
                }
            };

            abstract void read(Tokeniser t);
        }
        ''',
    "src/main/java/org/jsoup/parser/Listener.java": '''
        package org.jsoup.parser;

        class Listener {
            void attach(Tokeniser t) {
                t.error(new Runnable() {
                    public void run() { t.error(this); }
                });
            }
        }
        ''',
}


async def test_a_java_call_passing_this_reaches_the_overload_taking_its_class(tmp_path: Path) -> None:
    """jsoup's audit: `t.error(this)` in an enum constant's body reached `error(String)` and `error(String,
    Object...)` beside `error(TokeniserState)` (184 calls): `this` is of the enum, and in an anonymous class's body of
    the type it extends."""
    graph = await graph_of(tmp_path, JAVA_THIS)
    tokeniser = "src/main/java/org/jsoup/parser/Tokeniser.java:Tokeniser.error"
    # (the constant's body is a class of its own: test_enum_bodies.py)
    assert calls_from(graph, "src/main/java/org/jsoup/parser/TokeniserState.java:TokeniserState.Data.read") == {
        (tokeniser, "MEMBER")}
    assert calls_from(graph, "src/main/java/org/jsoup/parser/Listener.java:Listener.attach.run") == {
        (f"{tokeniser}@7", "MEMBER")}  # (error(Runnable))


async def test_an_index_made_before_migration_103_parses_java_passing_this_again(tmp_path: Path) -> None:
    files = {**JAVA_THIS, "src/main/java/org/jsoup/Plain.java": "class Plain { void run() { } }\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 103)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "src/main/java/org/jsoup/parser/TokeniserState.java",
                                             "src/main/java/org/jsoup/Plain.java", "Java calls passing this")


NESTED_PARAMETER = {
    "src/main/java/m/JsonAdapter.kt": '''
        package m

        public abstract class JsonAdapter<T> {
          public fun interface Factory {
            public fun create(type: String): JsonAdapter<*>?
          }
        }
        ''',
    "src/main/java/m/Moshi.kt": '''
        package m

        public class Moshi {
          public fun <T> nextAdapter(skipPast: JsonAdapter.Factory, type: String): JsonAdapter<T> = TODO()
        }
        ''',
    "src/test/java/m/MoshiTest.java": '''
        package m;

        public final class MoshiTest {
          static final class AppendingAdapterFactory implements JsonAdapter.Factory {
            @Override
            public JsonAdapter<?> create(String type, Moshi moshi) {
              return moshi.nextAdapter(this, type);
            }
          }
        }
        ''',
}


async def test_a_parameter_of_a_nested_type_takes_a_project_class_implementing_it(tmp_path: Path) -> None:
    """moshi: `skipPast: JsonAdapter.Factory` is read as `Factory`, which Moshi.kt does not see by that name alone; a
    project class implementing JsonAdapter.Factory still fits it (its tests' `nextAdapter(this, ..)`, and
    `add(KotlinJsonAdapterFactory())`, which reached `add(adapter: Any)` instead)."""
    graph = await graph_of(tmp_path, NESTED_PARAMETER)
    assert calls_from(graph, "src/test/java/m/MoshiTest.java:MoshiTest.AppendingAdapterFactory.create") == {
        ("src/main/java/m/Moshi.kt:Moshi.nextAdapter", "MEMBER")}


COLLECTION_ELEMENTS = {
    "src/main/java/org/jsoup/nodes/Element.java": '''
        package org.jsoup.nodes;

        public class Element extends Node {
            public String text() { return ""; }
        }
        ''',
    "src/main/java/org/jsoup/nodes/Node.java": '''
        package org.jsoup.nodes;

        public abstract class Node {
            public String outerHtml() { return ""; }
        }
        ''',
    "src/main/java/org/jsoup/select/Nodes.java": '''
        package org.jsoup.select;

        import java.util.ArrayList;
        import org.jsoup.nodes.Node;

        public class Nodes<T extends Node> extends ArrayList<T> {
        }
        ''',
    "src/main/java/org/jsoup/select/Elements.java": '''
        package org.jsoup.select;

        import org.jsoup.nodes.Element;

        public class Elements extends Nodes<Element> {
            public static final String UTF_8 = "UTF-8";
        }
        ''',
    "src/test/java/org/jsoup/select/ElementsTest.java": '''
        package org.jsoup.select;

        import static org.jsoup.select.Elements.UTF_8;

        public class ElementsTest {
            public void select(Elements els, Nodes<Element> nodes) {
                els.get(0).text();
                nodes.get(1).outerHtml();
                UTF_8.length();
            }
        }
        ''',
}


async def test_a_java_list_class_holds_its_elements(tmp_path: Path) -> None:
    """jsoup's audit: `class Elements extends Nodes<Element>`, `class Nodes<T extends Node> extends ArrayList<T>`:
    what `els.get(0)` returns is an Element (188 calls were guesses or nothing), and what a `Nodes<..>` variable's
    `get` returns is at least a Node (its bound). A static import of a field (`UTF_8.length()`) is no class."""
    graph = await graph_of(tmp_path, COLLECTION_ELEMENTS)
    assert calls_from(graph, "src/test/java/org/jsoup/select/ElementsTest.java:ElementsTest.select") == {
        ("src/main/java/org/jsoup/nodes/Element.java:Element.text", "MEMBER"),
        ("src/main/java/org/jsoup/nodes/Node.java:Node.outerHtml", "MEMBER")}
