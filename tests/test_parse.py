"""Tree-sitter parsing of real source, one test per language: every definition, with its facts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coderag_mcp import grammars
from coderag_mcp.languages import BY_NAME, language_for
from coderag_mcp.models import ChunkType, IndexStatus
from coderag_mcp.file_reading import SkipFile
from coderag_mcp.parse import parse_source, parse_tree
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import ChunkRecord

from .conftest import (SAMPLE_FILES, fast_settings, indexed_before_migration, indexed_project, parse_text, query,
                       update_after_reparse_migration)


def parse(language: str, path: str, text: str) -> tuple[list[ChunkRecord], dict[str, ChunkRecord]]:
    chunks, _symbols, _references = parse_text(language, path, text)
    definitions = {chunk.qualified_name: chunk for chunk in chunks if chunk.chunk_type is not ChunkType.MODULE}
    return chunks, definitions


def facts(chunk: ChunkRecord) -> tuple[object, ...]:
    return (chunk.chunk_type.value, chunk.lineno, chunk.end_lineno, chunk.signature, chunk.docstring)


def test_python() -> None:
    chunks, found = parse("python", "pkg/shapes.py", '''
        """Shapes."""
        import math

        @dataclass
        class Circle(Shape):
            """A circle."""
            radius: float

            @property
            def area(self) -> float:
                """Area of the circle."""
                return math.pi * self.radius ** 2

        def largest(shapes):
            def key(s):
                return s.area
            return max(shapes, key=key)
        ''')
    assert facts(found["Circle"]) == ("class", 5, 12, "class Circle(Shape)", "A circle.")
    assert found["Circle"].decorators == "@dataclass"
    assert facts(found["Circle.area"]) == ("method", 10, 12, "def area(self) -> float", "Area of the circle.")
    assert found["Circle.area"].class_context == "Circle" and found["Circle.area"].decorators == "@property"
    assert facts(found["largest"]) == ("function", 14, 17, "def largest(shapes)", None)
    assert facts(found["largest.key"]) == ("function", 15, 16, "def key(s)", None)
    module = [chunk for chunk in chunks if chunk.chunk_type is ChunkType.MODULE]
    assert [(m.qualified_name, m.lineno, m.end_lineno) for m in module] == [("pkg.shapes", 1, 2)]
    assert module[0].imports == "import math"
    # Each line is in one chunk: the class chunk holds its header and fields, not its method.
    assert "radius: float" in found["Circle"].body and "math.pi" not in found["Circle"].body


def test_javascript() -> None:
    _, found = parse("javascript", "web/util.js", '''
        import { x } from "y";

        /** Queue of tasks. */
        export class Queue {
          // Add a task.
          push(task) { this.items.push(task); }
        }

        // Debounce a call.
        function debounce(fn, wait) { return fn; }

        const throttle = (fn, limit) => fn;
        ''')
    assert facts(found["Queue"]) == ("class", 4, 7, "class Queue", "Queue of tasks.")
    assert facts(found["Queue.push"]) == ("method", 6, 6, "push(task)", "Add a task.")
    assert facts(found["debounce"]) == ("function", 10, 10, "function debounce(fn, wait)", "Debounce a call.")
    assert found["throttle"].chunk_type is ChunkType.FUNCTION and found["throttle"].lineno == 12


def test_typescript() -> None:
    _, found = parse("typescript", "src/api.ts", '''
        /** Talks to the API. */
        export interface Client {
          get(path: string): Promise<string>;
        }

        export abstract class Base {
          /** Send a request. */
          async send(body: string): Promise<void> {}
        }

        export function makeClient(url: string): Client {
          return null as any;
        }
        ''')
    assert facts(found["Client"]) == ("class", 2, 4, "interface Client", "Talks to the API.")
    assert facts(found["Base.send"]) == ("method", 8, 8, "async send(body: string): Promise<void>",
                                         "Send a request.")
    assert facts(found["makeClient"]) == ("function", 11, 13, "function makeClient(url: string): Client", None)


def test_typescript_type_aliases_private_methods_and_typed_consts() -> None:
    # zustand's `create`, `createStore` and `persist`, ky's 35 `#private` methods and every `type` alias were
    # no definitions; ky's `mergeHeaders` signature stopped at its first `{` (a default `= {}`).
    _, found = parse("typescript", "src/store.ts", '''
        /** A store's creator. */
        export type StateCreator<T> = (set: (t: T) => void) => T

        export const createStore = ((createState) =>
          createState ? createStoreImpl(createState) : createStoreImpl) as CreateStore

        export const persist = persistImpl as unknown as Persist

        export const mergeHeaders = (source1: HeadersInit = {}, source2: HeadersInit = {}) => {
          return source1
        }

        export class Ky {
          /** Retries. */
          async #retry<T>(fn: () => Promise<T>): Promise<T> {
            return this.#delay(1)
          }

          #delay(n: number) { return n }
        }
        ''')
    assert facts(found["StateCreator"]) == ("class", 2, 2, "type StateCreator<T> = (set: (t: T) => void) => T",
                                            "A store's creator.")
    assert facts(found["createStore"])[:3] == ("function", 4, 5)
    assert facts(found["persist"]) == ("function", 7, 7, "const persist = persistImpl as unknown as Persist", None)
    assert facts(found["mergeHeaders"])[3] == "const mergeHeaders = (source1: HeadersInit = {}, source2: HeadersInit = {}) =>"
    assert facts(found["Ky.#retry"]) == ("method", 15, 17, "async #retry<T>(fn: () => Promise<T>): Promise<T>", "Retries.")
    assert facts(found["Ky.#delay"])[:3] == ("method", 19, 19)


def test_a_comment_to_a_tool_is_no_doc_comment() -> None:
    # zustand's `StoreMutators` had "eslint-disable-next-line @typescript-eslint/no-unused-vars" for its doc.
    _, found = parse("typescript", "src/vanilla.ts", '''
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        export interface StoreMutators<S, A> {}

        /** Creates a store. */
        // @ts-ignore
        export function create() {}
        ''')
    assert found["StoreMutators"].docstring is None and found["create"].docstring == "Creates a store."
    _, found = parse("go", "add.go", "package x\n\n// Add adds.\n//\n//go:noinline\nfunc Add() {}\n\n//nolint:gocyclo\nfunc Sub() {}\n")
    assert found["Add"].docstring == "Add adds." and found["Sub"].docstring is None
    # swift-argument-parser's helpers: find_symbol gave `AssertParse` the doc "swift-format-ignore: AlwaysUse...".
    _, found = parse("swift", "TestHelpers.swift", "// swift-format-ignore: AlwaysUseLowerCamelCase\n"
                                                   "public func AssertParse() {}\n")
    assert found["AssertParse"].docstring is None


def test_go() -> None:
    _, found = parse("go", "server.go", SAMPLE_FILES["app/server.go"])
    assert facts(found["HTTPServer"]) == ("class", 4, 6, "type HTTPServer struct", "HTTPServer answers requests.")
    assert facts(found["HTTPServer.ListenAndServe"]) == (
        "method", 9, 11, "func (s *HTTPServer) ListenAndServe() error",
        "ListenAndServe starts accepting connections on the port.")
    assert found["HTTPServer.ListenAndServe"].class_context == "HTTPServer"


def test_rust() -> None:
    _, found = parse("rust", "src/lib.rs", '''
        /// A point in the plane.
        ///
        /// Both coordinates are finite.
        #[derive(Debug)]
        pub struct Point { x: f64, y: f64 }

        impl Point {
            /// Distance to the origin.
            pub fn norm(&self) -> f64 {
                (self.x * self.x + self.y * self.y).sqrt()
            }
        }

        pub trait Shape { fn area(&self) -> f64; }

        fn helper() {}
        ''')
    # Its lines as written: Rust's line comments hold their line breaks, which once doubled every line.
    assert facts(found["Point"])[:3] == ("class", 5, 5)
    assert found["Point"].docstring == "A point in the plane.\n\nBoth coordinates are finite."
    assert facts(found["Point.norm"]) == ("method", 9, 11, "pub fn norm(&self) -> f64", "Distance to the origin.")
    assert found["Point.norm"].class_context == "Point"
    assert found["Shape"].chunk_type is ChunkType.CLASS
    assert found["Shape.area"].chunk_type is ChunkType.METHOD
    assert facts(found["helper"]) == ("function", 16, 16, "fn helper()", None)


@pytest.mark.anyio
@pytest.mark.parametrize(("version", "reparsed", "source", "stored_before", "read_now", "why"), [
    # Migration 18: Rust doc comments were stored with a blank line after each line.
    (18, "src/lib.rs", "/// Parse a header.\n/// Stops at the first blank line.\npub fn parse() {}\n",
     "docstring = 'Parse a header.\n\nStops at the first blank line.' WHERE name = 'parse'",
     ("SELECT docstring FROM code_chunks WHERE name = 'parse'", "Parse a header.\nStops at the first blank line."),
     "Rust"),
    # Migration 19: Go, Haskell, Java and Kotlin (here: a comment ending a Java header's line, kept in its signature).
    (19, "Dump.java", 'class Dump {\n    @SuppressWarnings("resource") // closed by the caller\n    void dump() {}\n}\n',
     "signature = '@SuppressWarnings(\"resource\") // closed by the caller void dump()' WHERE name = 'dump'",
     ("SELECT signature FROM code_chunks WHERE name = 'dump'", '@SuppressWarnings("resource") void dump()'), "Java"),
    # Migration 20: Go, Java, Kotlin, Rust, JavaScript and TypeScript (here: a Go map type, no definition before).
    (20, "utils.go", "package demo\n\n// H is a map.\ntype H map[string]any\n",
     "name = 'utils', chunk_type = 'MODULE' WHERE name = 'H'",
     ("SELECT chunk_type || ' ' || name FROM code_chunks WHERE name = 'H'", "CLASS H"), "Go"),
    # Migration 58: a Kotlin class whose constructor stands below its annotations ended on its first line.
    (58, "Logging.kt", "class H\n  @JvmOverloads\n  constructor(val level: Int) {\n  fun intercept(): Int = level\n}\n",
     "chunk_type = 'FUNCTION', qualified_name = 'intercept' WHERE name = 'intercept'",
     ("SELECT chunk_type || ' ' || qualified_name FROM code_chunks WHERE name = 'intercept'", "METHOD H.intercept"),
     "Kotlin"),
    # Migration 60: Ruby's `attr_writer :x` was named `x`, and the reader `def x`'s calls went to it.
    (60, "request.rb", "class Request\n  attr_writer :parser\n\n  def parser\n    @parser\n  end\nend\n",
     "name = 'parser', qualified_name = 'Request.parser' WHERE name = 'parser='",
     ("SELECT qualified_name FROM code_chunks WHERE signature = 'attr_writer :parser'", "Request.parser="),
     "Ruby attr_writer"),
])
async def test_an_index_made_before_a_parser_fix_parses_those_files_again(
        tmp_path: Path, version: int, reparsed: str, source: str, stored_before: str, read_now: tuple[str, str],
        why: str) -> None:
    """The next update parses the files of the languages the fix is for again, and not the others; the index
    says why it is stale."""
    files = {reparsed: source, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", version, "UPDATE code_chunks SET " + stored_before)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("mixed")
        assert status.status is IndexStatus.STALE and why in (status.error_message or "")
        update = await service.update_index("mixed", background=False)
        assert update.job is not None
        written_by = dict(query(db, "SELECT file_path, job_id FROM coderag_files"))
        assert written_by[reparsed] == update.job.job_id != written_by["tool.sh"]
        assert query(db, read_now[0]) == [(read_now[1],)]
        assert (await service.get_status("mixed")).status is IndexStatus.READY


def test_java() -> None:
    _, found = parse("java", "Cache.java", '''
        package demo;

        /** An LRU cache. */
        @Deprecated
        public class Cache<K, V> {
            /** Evict the least recently used entry. */
            public void evictOldest() {
                items.removeFirst();
            }

            public Cache(int size) {}
        }

        @interface Cached {
            /** How long an entry lives. */
            int seconds() default 60;
        }
        ''')
    assert facts(found["Cache"])[:3] == ("class", 4, 12) and found["Cache"].docstring == "An LRU cache."
    # An annotation type's elements are its methods (`cached.seconds()`).
    assert facts(found["Cached.seconds"]) == ("method", 16, 16, "int seconds() default 60", "How long an entry lives.")
    assert facts(found["Cache.evictOldest"]) == ("method", 7, 9, "public void evictOldest()",
                                                 "Evict the least recently used entry.")
    assert found["Cache.Cache"].chunk_type is ChunkType.METHOD


@pytest.mark.parametrize(("language", "path", "text", "name", "signature"), [
    ("java", "IOUtils.java", '''
        class IOUtils {
            @SuppressWarnings("resource") // Caller closes stream
            public static void dump(final byte[] data,
                                    final long offset, // where the dump starts
                                    final OutputStream stream) throws IOException {
                write(data);
            }
        }
        ''', "IOUtils.dump",
     '@SuppressWarnings("resource") public static void dump(final byte[] data, final long offset, '
     'final OutputStream stream) throws IOException'),
    ("kotlin", "JsonClass.kt", '''
        public annotation class JsonClass(
          /**
           * True to trigger the annotation processor to generate an adapter for this type.
           */
          val generateAdapter: Boolean,
          val generator: String = "", // a custom generator's tag
        )
        ''', "JsonClass", 'public annotation class JsonClass(val generateAdapter: Boolean, val generator: String = "",)'),
    ("python", "merge.py", '''
        def merge(first,  # wins on a conflict
                  second):
            return {**second, **first}
        ''', "merge", "def merge(first, second)"),
    # A comment inside a line of the header is part of it.
    ("javascript", "merge.js", "function merge(/* obj1, obj2, ... */) {\n  return {};\n}\n", "merge",
     "function merge(/* obj1, obj2, ... */)"),
])
def test_a_signature_leaves_out_the_comments_that_end_its_lines(language: str, path: str, text: str, name: str,
                                                                 signature: str) -> None:
    # Joined on one line, a line comment made the rest of the header read as the comment's, and a doc comment
    # of each parameter filled a Kotlin class's signature (moshi's JsonClass: 1,024 characters of them).
    _, found = parse(language, path, text)
    assert found[name].signature == signature


def test_a_kotlin_primary_constructor_on_the_line_after_its_class_keeps_the_class_whole() -> None:
    # tree-sitter-kotlin ended such a class on its first line and read its methods as top-level functions
    # (moshi's EnumJsonAdapter, CollectionJsonAdapter, JsonReader.Options).
    _, found = parse("kotlin", "Adapters.kt", '''
        public class EnumJsonAdapter<T : Enum<T>>
        internal constructor(
          private val enumType: Class<T>,
        ) : JsonAdapter<T?>() {
          public fun withUnknownFallback(value: T?): EnumJsonAdapter<T> = this
        }

        class Options
          private constructor(val strings: Array<String>) {
          fun size(): Int = strings.size
        }

        class Plain
          constructor(val size: Int) {
          fun double(): Int = size * 2
        }

        class Reader {
          // one class for all
          constructor(size: Int) {}
          fun read(): Int = 0
        }
        ''')
    assert facts(found["EnumJsonAdapter"])[:3] == ("class", 1, 6)
    assert found["EnumJsonAdapter"].signature == ("public class EnumJsonAdapter<T : Enum<T>> internal constructor("
                                                  "private val enumType: Class<T>,) : JsonAdapter<T?>()")
    assert found["EnumJsonAdapter.withUnknownFallback"].chunk_type is ChunkType.METHOD
    assert facts(found["Options"])[:3] == ("class", 8, 11) and "Options.size" in found
    assert facts(found["Plain"])[:3] == ("class", 13, 16) and "Plain.double" in found
    assert facts(found["Reader"])[:3] == ("class", 18, 22) and "Reader.read" in found  # its own constructor as it was


def test_a_kotlin_primary_constructor_below_comments_keeps_the_class_whole() -> None:
    # okio's common ByteString (a line comment between) and zlib DeflaterSink (a KDoc block between) ended on
    # their first line, their members read as top-level functions (`symbol hex`: "function hex").
    _, found = parse("kotlin", "ByteString.kt", '''
        expect open class ByteString
        // Trusted internal constructor doesn't clone data.
        internal constructor(data: ByteArray) : Comparable<ByteString> {
          fun hex(): String
        }

        expect class DeflaterSink
        /**
         * This internal constructor shares a buffer with its trusted caller.
         */
        internal constructor(sink: BufferedSink, deflater: Deflater) : Sink {
          override fun flush()
        }
        ''')
    assert facts(found["ByteString"])[:3] == ("class", 1, 5) and found["ByteString.hex"].chunk_type is ChunkType.METHOD
    assert facts(found["DeflaterSink"])[:3] == ("class", 7, 13) and "DeflaterSink.flush" in found


def test_a_kotlin_primary_constructor_below_its_annotations_keeps_the_class_whole() -> None:
    # okhttp's HttpLoggingInterceptor, MultipartReader, LoggingEventListener.Factory and Android17SocketAdapter,
    # kotlinpoet's TypeName and moshi's JsonValueSource ended on their first line (the constructor's annotations on
    # lines of their own, or `constructor(` at the line's start), their members read as top-level functions:
    # `intercept` was no method of HttpLoggingInterceptor.
    _, found = parse("kotlin", "Logging.kt", '''
        class HttpLoggingInterceptor
          @JvmOverloads
          constructor(
            private val logger: Logger = Logger.DEFAULT,
          ) : Interceptor {
          override fun intercept(chain: Interceptor.Chain): Response = chain.proceed(chain.request())
        }

        class MultipartReader
          @Throws(IOException::class)
          constructor(
            private val source: BufferedSource,
            @get:JvmName("boundary") val boundary: String,
          ) : Closeable {
          fun nextPart(): Part? = null
        }

        class Android17SocketAdapter
          @RequiresApi(37)
          // shared with the platform
          internal constructor() : SocketAdapter {
          override fun isSupported(): Boolean = true
        }

        public sealed class TypeName
        constructor(
          public val isNullable: Boolean,
        ) {
          public fun copy(): TypeName = this
        }

        internal class JsonValueSource
        @JvmOverloads
        constructor(
          private val source: BufferedSource,
        ) : Source {
          override fun close() {}
        }
        ''')
    assert facts(found["HttpLoggingInterceptor"])[:3] == ("class", 1, 7)
    assert found["HttpLoggingInterceptor.intercept"].chunk_type is ChunkType.METHOD
    assert facts(found["MultipartReader"])[:3] == ("class", 9, 16) and "MultipartReader.nextPart" in found
    assert facts(found["Android17SocketAdapter"])[:3] == ("class", 18, 23) and "Android17SocketAdapter.isSupported" in found
    # At the line's start, with no room left above: the next line's indentation makes it (kotlinpoet, moshi).
    assert facts(found["TypeName"])[:3] == ("class", 25, 30) and found["TypeName.copy"].chunk_type is ChunkType.METHOD
    assert facts(found["JsonValueSource"])[:3] == ("class", 32, 38) and "JsonValueSource.close" in found


DER_HEADER = """\
class DerHeader(var tagClass: Int) {
  fun isEndOfData(): Boolean = tagClass == TAG_CLASS_UNIVERSAL

  companion object {
    const val TAG_CLASS_UNIVERSAL = 0b0000_0000
    const val TAG_CLASS_APPLICATION = 0b0100_0000
    const val MASK = 0B11L
  }
}

fun tagOf(header: DerHeader): Int = header.tagClass and 0b1100_0000
"""


def test_kotlin_binary_literals_are_read_and_shown_as_written() -> None:
    # okhttp's DerHeader: tree-sitter-kotlin reads no binary literal of more than one digit, and the ERROR took the
    # four TAG_CLASS constants with it.
    chunks, symbols, _ = parse_text("kotlin", "DerHeader.kt", DER_HEADER)
    variables = {symbol.name: symbol.signature for symbol in symbols if symbol.kind == "variable"}
    assert variables["TAG_CLASS_APPLICATION"] == "const val TAG_CLASS_APPLICATION = 0b0100_0000"
    assert variables["MASK"] == "const val MASK = 0B11L" and "TAG_CLASS_UNIVERSAL" in variables
    assert {chunk.qualified_name: chunk.chunk_type for chunk in chunks if chunk.name == "tagOf"} == {
        "tagOf": ChunkType.FUNCTION}
    assert "0b1100_0000" in next(chunk.body for chunk in chunks if chunk.name == "tagOf")


@pytest.mark.anyio
async def test_an_index_made_before_migration_59_parses_the_kotlin_files_that_failed_again(tmp_path: Path) -> None:
    files = {"DerHeader.kt": DER_HEADER, "Other.kt": "class Other {\n  fun run() {}\n}\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(
        tmp_path, files, "mixed", 59,
        # (as the version before left it: the file's parse failed at its first binary literal)
        "INSERT INTO coderag_parse_errors (project_id, file_path, lineno) VALUES ('mixed', 'DerHeader.kt', 6)")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        status = await service.get_status("mixed")
        assert status.status is IndexStatus.STALE and "Kotlin binary literals" in (status.error_message or "")
        update = await service.update_index("mixed", background=False)
        assert update.job is not None
        written_by = dict(query(db, "SELECT file_path, job_id FROM coderag_files"))
        assert written_by["DerHeader.kt"] == update.job.job_id != written_by["Other.kt"] == written_by["tool.sh"]
        assert query(db, "SELECT count(*) FROM symbol_definitions WHERE name = 'TAG_CLASS_APPLICATION'") == [(1,)]
        assert query(db, "SELECT count(*) FROM coderag_parse_errors") == [(0,)]
        assert (await service.get_status("mixed")).status is IndexStatus.READY


# swift-argument-parser's TestHelpers.swift: a freestanding macro without arguments as a default value, which the
# grammar reads only for the literals it knows (`#line`, `#filePath`).
TEST_HELPERS_SWIFT = """\
import XCTest

public func AssertParse<A>(_ type: A.Type, file: StaticString = #filePath, line: UInt = #line,
                           sourceLocation: SourceLocation = #_sourceLocation) where A: ParsableArguments {
  #expect(type != nil)
}

func AssertActor(isolation: isolated (any Actor)? = #isolation) {
  AssertParse(Int.self)
}

extension XCTest {
  public func AssertExecuteCommand(command: String) {}
}

@propertyWrapper
public struct Option<Value> {
  public var wrappedValue: Value
}

struct Repeat {
  @Option(help: "How many times.") var count: Int
  @State private var index = 1
}

enum Coordinator {
  enum State {}
}

final class Protected<Value> {
  private nonisolated(unsafe) var value: Value

  func read() -> Value { value }
}
"""


def test_swift_macros_without_arguments_leave_the_rest_of_the_file_readable() -> None:
    # `= #_sourceLocation` was an ERROR that swallowed TestHelpers.swift from line 86 on: `AssertParse` (255 calls)
    # and 13 more helpers were no definitions; Swift 6's `= #isolation` did the same.
    chunks, symbols, _ = parse_text("swift", "TestHelpers.swift", TEST_HELPERS_SWIFT)
    assert {(symbol.name, symbol.lineno) for symbol in symbols if symbol.kind in ("function", "method")} == {
        ("AssertParse", 3), ("AssertActor", 8), ("AssertExecuteCommand", 13), ("read", 33)}
    assert "= #_sourceLocation) where" in next(chunk.body for chunk in chunks if chunk.name == "AssertParse")
    # Swift 5.10's `nonisolated(unsafe)` made Alamofire's Protected.read a top-level function.
    assert {chunk.qualified_name for chunk in chunks if chunk.name == "read"} == {"Protected.read"}


# Alamofire's Protected.swift and Kingfisher's ImageCache.swift: an `#if` in a type's body, which tree-sitter-swift
# reads in a function's body or at a file's top alone.
PROTECTED_SWIFT = """\
final class Protected<Value> {
    #if canImport(Darwin)
    private let lock = UnfairLock()
    #else
    #error("This platform needs a Lock-conforming type without Foundation.")
    #endif

    private nonisolated(unsafe) var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func read() -> Value { value }
}
"""

IMAGE_CACHE_SWIFT = """\
open class ImageCache: @unchecked Sendable {
    func store() {
        callbackQueue.execute { handler(CacheStoreResult(memory: .success(()), disk: .success(()))) }
    }

    func storeToDisk() {
        callbackQueue.execute { handler(CacheStoreResult(memory: .success(()), disk: .success(()))) }
    }

    func removeImage(forKey key: String) {
        memoryStorage.remove(forKey: key)
        diskStorage.remove(forKey: key)
    }

    func clearMemoryCache() {
        memoryStorage.removeAll()
    }

#if !os(macOS) && !os(watchOS)
    func backgroundClean() {}
#endif

    func retrieve() {}
}
"""


def test_a_swift_type_with_an_if_in_its_body_keeps_its_methods() -> None:
    # Protected.swift reads only with its `#if` as its first branch and `nonisolated(unsafe)` repaired, each alone
    # failing as often as the file as written: its methods were top-level functions. ImageCache.swift as written
    # failed in 2 places over its class's 768 lines, with its first branches at 6 empty tuples' missing tokens.
    for path, text, methods in (("Protected.swift", PROTECTED_SWIFT, {"Protected.init", "Protected.read"}),
                                ("ImageCache.swift", IMAGE_CACHE_SWIFT,
                                 {"ImageCache.store", "ImageCache.storeToDisk", "ImageCache.removeImage",
                                  "ImageCache.clearMemoryCache", "ImageCache.backgroundClean", "ImageCache.retrieve"})):
        chunks, symbols, _ = parse_text("swift", path, text)
        assert {chunk.qualified_name for chunk in chunks if chunk.chunk_type == "method"} == methods
        assert not [chunk.qualified_name for chunk in chunks if chunk.chunk_type == "function"]


@pytest.mark.anyio
async def test_an_index_made_before_migration_74_parses_its_swift_files_that_failed_again(tmp_path: Path) -> None:
    files = {"Protected.swift": PROTECTED_SWIFT, "Other.swift": "func other() {}\n"}
    db = await indexed_before_migration(
        tmp_path, files, "mixed", 74, "UPDATE symbol_definitions SET kind = 'function' WHERE name = 'read'",
        "INSERT INTO coderag_parse_errors (project_id, file_path, lineno) VALUES ('mixed', 'Protected.swift', 16)")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "Protected.swift", "Other.swift", "Swift files with an #if")
        assert query(db, "SELECT kind FROM symbol_definitions WHERE name = 'read'") == [("method",)]
        assert query(db, "SELECT count(*) FROM coderag_parse_errors") == [(0,)]


@pytest.mark.anyio
async def test_a_swift_attribute_naming_a_type_of_the_project_is_a_use_of_it(tmp_path: Path) -> None:
    # swift-argument-parser's 463 `@Option(..) var` and 247 `@Flag var` were no uses of its property wrappers (`refs
    # Option` listed none); SwiftUI's `@State` is no nested `Coordinator.State` of the project (Kingfisher's demo).
    async with indexed_project(tmp_path, {"Sources/TestHelpers.swift": TEST_HELPERS_SWIFT}, "p") as service:
        option = await service.find_references("p", "Option", include_guesses=True)
        assert [(hit.line, str(hit.kind)) for hit in option.references] == [(22, "DECORATES")]
        # (what the answer leaves out is said as Swift writes it: its note named Python's `pytest.raises(C)`)
        assert "`C.self`" in (option.note or "") and "pytest" not in (option.note or "")
        assert not (await service.find_references("p", "Coordinator.State", include_guesses=True)).references


@pytest.mark.anyio
async def test_an_index_made_before_migration_71_parses_its_swift_files_again(tmp_path: Path) -> None:
    files = {"TestHelpers.swift": TEST_HELPERS_SWIFT, "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 71,
                                        "DELETE FROM symbol_definitions WHERE name = 'AssertActor'")
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        await update_after_reparse_migration(service, db, "TestHelpers.swift", "tool.sh", "Swift macros")
        assert query(db, "SELECT count(*) FROM symbol_definitions WHERE name = 'AssertActor'") == [(1,)]


@pytest.mark.parametrize("rel_path", sorted(SAMPLE_FILES))
def test_every_nonblank_line_belongs_to_one_chunk(rel_path: str) -> None:
    spec = language_for(rel_path)
    assert spec is not None
    source = textwrap.dedent(SAMPLE_FILES[rel_path]).lstrip("\n")
    chunks, _, _ = parse_source(rel_path, spec, source.encode())
    bodies = "\n".join(chunk.body for chunk in chunks).splitlines()
    expected = [line for line in source.splitlines() if line.strip() and any(ch.isalnum() for ch in line)]
    kept = [line for line in bodies if line.strip() and any(ch.isalnum() for ch in line)]
    assert sorted(kept) == sorted(expected)


def test_languages_are_found_by_extension() -> None:
    assert [language_for(name).name for name in ("a.py", "b.tsx", "c.mjs", "d.RS", "E.java", "f.go")] == [
        "python", "tsx", "javascript", "rust", "java", "go"]
    assert language_for("README.md") is None and language_for(".py") is None


def test_tsx_components() -> None:
    _, found = parse("tsx", "ui/Button.tsx", '''
        /** A button. */
        export function Button(props: { label: string }) {
          return <button>{props.label}</button>;
        }
        ''')
    assert facts(found["Button"]) == ("function", 2, 4, "function Button(props: { label: string })", "A button.")


def test_long_definitions_are_split_into_overlapping_pieces() -> None:
    steps = "\n".join(f"    total += step_{n}(value)" for n in range(300))
    source = f'def huge(value):\n    """Many steps."""\n    total = 0\n{steps}\n    return total\n'
    chunks, symbols, _ = parse_source("big.py", BY_NAME["python"], source.encode())
    pieces = [chunk for chunk in chunks if chunk.qualified_name == "huge"]
    assert [(p.part, p.lineno, p.end_lineno) for p in pieces] == [(0, 1, 120), (1, 101, 220), (2, 201, 304)]
    assert all(p.signature == "def huge(value)" and p.chunk_type is ChunkType.FUNCTION for p in pieces)
    assert pieces[0].docstring == "Many steps." and pieces[1].docstring is None
    assert pieces[1].body.splitlines()[0] == "    total += step_97(value)"
    assert len(symbols) == 1  # one definition, however many pieces
    covered = sorted({line for p in pieces for line in range(p.lineno, p.end_lineno + 1)})
    assert covered == list(range(1, 305))


# A definition long enough to be split (`length` lines of body), below a doc comment (or decorator) longer than a
# piece's step: gson's Gson (107 lines of doc comment, then the class), sympy's test_print_code (a 178-line
# parametrize).
LONG_DOCUMENTED = ("java", "python", "typescript")


def long_documented(language: str, length: int = 200) -> tuple[str, str, str]:
    """(path, name, source) of that definition in that language."""
    doc = "/**\n" + "".join(f" * The main class, note {n}.\n" for n in range(105)) + " */\n"
    return {
        "java": ("demo/Gson.java", "Gson", "package demo;\n\nimport java.util.List;\n\n" + doc
                 + "public final class Gson {\n" + "".join(f"    private int field{n};\n" for n in range(length))
                 + "}\n"),
        "python": ("test_curve.py", "test_print_code", "import pytest\n\n\n@pytest.mark.parametrize(\n    'value',\n"
                   "    [\n" + "".join(f"        {n},\n" for n in range(102)) + "    ],\n)\n"
                   "def test_print_code(value):\n" + "".join(f"    assert value != {n}\n" for n in range(length))),
        "typescript": ("src/gson.ts", "Gson", "import { List } from './list';\n\n" + doc + "export class Gson {\n"
                       + "".join(f"  field{n} = {n};\n" for n in range(length)) + "}\n"),
    }[language]


def long_documented_lines(source: str) -> tuple[int, int, int]:
    """The first line of the doc comment (or decorator), the definition's own line and its last line."""
    lines = source.splitlines()
    first = next(number for number, line in enumerate(lines, 1) if line.startswith(("/**", "@")))
    own = next(number for number, line in enumerate(lines, 1) if line.startswith(("public", "def", "export")))
    return first, own, len(lines)


@pytest.mark.parametrize("language", LONG_DOCUMENTED)
def test_a_long_doc_comment_goes_whole_with_a_split_definitions_first_piece(language: str) -> None:
    # Cut with the rest, its doc comment put the second piece's start inside the comment: gson's Gson was a
    # piece 149-1288 beside the first, 156-168; find_symbol read 156-168, read_code began at line 149.
    path, name, source = long_documented(language)
    first, own, last = long_documented_lines(source)
    chunks, _, _ = parse_text(language, path, source)
    pieces = sorted((chunk for chunk in chunks if chunk.qualified_name == name), key=lambda chunk: chunk.part)
    assert [(p.part, p.lineno, p.end_lineno) for p in pieces] == [(0, own, own + 119), (1, own + 100, last)]
    lines = source.splitlines()
    # The first piece holds the lines above its line, as an unsplit chunk does; every later one its own lines.
    assert pieces[0].body == "\n".join(lines[first - 1:pieces[0].end_lineno])
    assert all(p.body == "\n".join(lines[p.lineno - 1:p.end_lineno]) for p in pieces[1:])


def test_a_doc_comment_longer_than_a_piece_is_no_piece_of_its_own() -> None:
    # moshi's JsonReader: 147 lines of doc comment, then the class. Its first piece held doc lines only (1-120,
    # then 101-204): gson's JsonReader's graph node was at its doc comment's first line, not the class's.
    doc = "\n".join(f" * Reading JSON, note {n}." for n in range(140))
    fields = "\n".join(f"    private int field{n};" for n in range(60))
    source = f"/**\n{doc}\n */\npublic class Reader {{\n{fields}\n}}\n"
    chunks, _, _ = parse_source("Reader.java", BY_NAME["java"], source.encode())
    pieces = [chunk for chunk in chunks if chunk.qualified_name == "Reader"]
    assert [(chunk.part, chunk.lineno, chunk.end_lineno) for chunk in pieces] == [(0, 143, 204)]
    assert pieces[0].body == source.rstrip("\n")


@pytest.mark.parametrize(("language", "path", "text", "uses"), [
    ("java", "A.java", "class A { Foo f; void m(Bar b) { Baz z = null; } }", [("Foo", "A"), ("Bar", "A.m"), ("Baz", "A.m")]),
    ("typescript", "a.ts", "function f(a: Foo): Bar { let x: Baz; }", [("Foo", "f"), ("Bar", "f"), ("Baz", "f")]),
    ("go", "a.go", "package m\nfunc f(a Foo, b *Bar) { var x Baz }\n", [("Foo", "f"), ("Bar", "f"), ("Baz", "f")]),
    ("rust", "a.rs", "fn f(a: Foo, b: &Bar) { let x: Baz = g(); }", [("Foo", "f"), ("Bar", "f"), ("Baz", "f")]),
    ("csharp", "a.cs", "class A { Foo f; void M(Bar b) { Baz z = null; } }", [("Foo", "A"), ("Bar", "A.M"), ("Baz", "A.M")]),
])
def test_types_named_in_declarations_are_uses(language: str, path: str, text: str,
                                              uses: list[tuple[str, str]]) -> None:
    _chunks, _symbols, references = parse_text(language, path, text)
    assert sorted((r.name, r.source) for r in references if r.edge_type == "USES") == sorted(uses)


def test_a_parse_over_the_time_bound_skips_the_file_and_the_parser_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound is what stops a grammar that loops; a bound of no CPU at all stands in for one here.
    monkeypatch.setattr(grammars, "PARSE_CPU_SECONDS", 0.0)
    monkeypatch.setattr(grammars, "PARSE_SLICE_MICROS", 1)
    grammars.get_parser.cache_clear()
    try:
        large = "".join(f"def f{n}(a, b):\n    return [a, b, {n}]\n" for n in range(20_000)).encode()
        with pytest.raises(SkipFile, match="parsing took too long"):
            parse_tree(BY_NAME["python"], large)
        # The same parser, given its usual bound again, parses the next file from its start (it was
        # reset: a parser stopped by the bound would otherwise resume the stopped parse).
        monkeypatch.setattr(grammars, "PARSE_CPU_SECONDS", 10.0)
        tree = parse_tree(BY_NAME["python"], b"x = 1\n")
        assert str(tree.root_node) == "(module (assignment left: (identifier) right: (integer)))"
    finally:
        grammars.get_parser.cache_clear()


def test_a_parse_the_clock_stops_goes_on_while_it_has_cpu_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser process at nice 19 beside busy ones gets a sliver of a core: its parse must not be given up for the
    time it waited (a 1 MB file beside three busy processes on two cores was skipped as a grammar that loops, after
    10 s of the clock and 0.47 s of CPU). Here the clock stops the parse every microsecond, and it goes on."""
    large = "".join(f"def f{n}(a, b):\n    return [a, b, {n}]\n" for n in range(20_000)).encode()
    whole = parse_tree(BY_NAME["python"], large)
    monkeypatch.setattr(grammars, "PARSE_SLICE_MICROS", 1)
    grammars.get_parser.cache_clear()
    try:
        assert str(parse_tree(BY_NAME["python"], large).root_node) == str(whole.root_node)
    finally:
        grammars.get_parser.cache_clear()


def test_a_paused_collector_frees_the_bursts_cycles_and_runs_again() -> None:
    import gc
    import weakref

    from coderag_mcp.collector import collector_paused

    class Definition:  # a parent and its child point at each other, as parse's definitions do
        pass

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        parent, child = Definition(), Definition()
        parent.child, child.parent = child, parent
        gone = weakref.ref(parent)
        del parent, child
        with collector_paused():  # nested: the outer one decides
            pass
        assert not gc.isenabled() and gone() is not None  # only a collection frees a cycle
    assert gc.isenabled() and gone() is None



def test_pauses_that_overlap_across_threads_keep_the_collector_paused_until_the_last_ends() -> None:
    """Two jobs of one server each pause the collector; the first to end must not start it again
    under the second (an earlier pause remembered only whether it was running when it began)."""
    import gc
    import threading

    from coderag_mcp.collector import collector_paused

    entered, second_may_end = threading.Event(), threading.Event()
    seen = {}

    def second_job() -> None:
        with collector_paused():
            entered.set()
            second_may_end.wait(10)
            seen["while the second runs alone"] = gc.isenabled()

    assert gc.isenabled()
    thread = threading.Thread(target=second_job)
    with collector_paused():
        thread.start()
        assert entered.wait(10)
    seen["after the first ended"] = gc.isenabled()
    second_may_end.set()
    thread.join(10)
    assert seen == {"after the first ended": False, "while the second runs alone": False}
    assert gc.isenabled()

    gc.disable()  # whoever stopped the collector before decides: a pause never starts it
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

@given(st.binary(max_size=80) | st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\r\n", b"\xc3", b"\xa9", b"\xff",
                                                           b"\xe2\x82", b"\xac", b" "]), max_size=30).map(b"".join))
def test_a_files_lines_are_those_of_decoding_each_line(source: bytes) -> None:
    from coderag_mcp.chunking import source_lines

    assert source_lines(source) == [line.decode("utf-8", "replace").rstrip("\r") for line in source.split(b"\n")]
