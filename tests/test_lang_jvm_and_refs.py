"""Tree-sitter parsing of Kotlin and Scala (every definition with its facts, and the references), and
the references (calls, inheritance, imports) of JavaScript, TypeScript, Go, Rust and Java."""

from __future__ import annotations

from coderag_mcp.models import ChunkType
from coderag_mcp.store import ChunkRecord, ReferenceRecord

from .conftest import parse_text, refs


def parse(language: str, path: str, text: str) -> tuple[list[ChunkRecord], list[ReferenceRecord]]:
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=True)
    return chunks, references


def facts(chunks: list[ChunkRecord]) -> list[tuple[object, ...]]:
    """The definitions in file order as (qualified name, kind, first line, last line, signature, doc)."""
    return [(c.qualified_name, c.chunk_type.value, c.lineno, c.end_lineno, c.signature, c.docstring)
            for c in chunks if c.chunk_type is not ChunkType.MODULE]


def test_kotlin() -> None:
    chunks, references = parse("kotlin", "src/main/kotlin/demo/Shapes.kt", '''
        package demo.geometry

        import kotlin.math.PI
        import kotlin.math.sqrt
        import java.io.Serializable as JSerializable

        private const val DEFAULT_RADIUS = 1.0

        /**
         * Something with an area.
         */
        interface Shape {
            /** The area of the shape. */
            fun area(): Double

            fun describe(): String = "shape with area ${area()}"
        }

        // A circle around the origin.
        @Immutable
        data class Circle(val radius: Double = DEFAULT_RADIUS) : Shape, JSerializable {
            override fun area(): Double = PI * radius * radius

            /** Scale by a factor. */
            fun scale(factor: Double): Circle {
                return copy(radius = radius * factor)
            }

            companion object Factory {
                fun unit(): Circle = Circle(1.0)
            }
        }

        object Registry : Base(), Comparable<Registry> {
            private val shapes = mutableListOf<Shape>()

            fun register(shape: Shape) {
                shapes.add(shape)
            }
        }

        enum class Color { RED, GREEN }

        /** Distance of a point to the origin. */
        fun distance(x: Double, y: Double): Double = sqrt(x * x + y * y)

        // Shout the string.
        fun String.shout(): String = uppercase() + "!"

        fun main() {
            val circle = Circle.unit().scale(2.0)
            Registry.register(circle)
            println(distance(3.0, 4.0).toString().shout())
        }
        ''')
    assert facts(chunks) == [
        ("Shape", "class", 12, 17, "interface Shape", "Something with an area."),
        ("Shape.area", "method", 14, 14, "fun area(): Double", "The area of the shape."),
        ("Shape.describe", "method", 16, 16, "fun describe(): String", None),
        ("Circle", "class", 20, 32,
         "@Immutable data class Circle(val radius: Double = DEFAULT_RADIUS) : Shape, JSerializable",
         "A circle around the origin."),
        ("Circle.area", "method", 22, 22, "override fun area(): Double", None),
        ("Circle.scale", "method", 25, 27, "fun scale(factor: Double): Circle", "Scale by a factor."),
        ("Circle.Factory", "class", 29, 31, "companion object Factory", None),
        ("Circle.Factory.unit", "method", 30, 30, "fun unit(): Circle", None),
        ("Registry", "class", 34, 40, "object Registry : Base(), Comparable<Registry>", None),
        ("Registry.register", "method", 37, 39, "fun register(shape: Shape)", None),
        ("Color", "class", 42, 42, "enum class Color", None),
        ("distance", "function", 45, 45, "fun distance(x: Double, y: Double): Double",
         "Distance of a point to the origin."),
        ("String.shout", "method", 48, 48, "fun String.shout(): String", "Shout the string."),
        ("main", "function", 50, 54, "fun main()", None),
    ]
    by_name = {c.qualified_name: c for c in chunks}
    assert by_name["String.shout"].class_context == "String"  # an extension function's receiver
    assert by_name["Circle.Factory.unit"].class_context == "Circle.Factory"
    module = [c for c in chunks if c.chunk_type is ChunkType.MODULE]
    # Kotlin's import list ends with the newlines after the last import.
    assert (module[0].imports or "").rstrip() == (
        "import kotlin.math.PI\nimport kotlin.math.sqrt\nimport java.io.Serializable as JSerializable")
    assert refs(references, "IMPORTS") == [
        ("PI", 3, None, "kotlin.math.PI"), ("sqrt", 4, None, "kotlin.math.sqrt"),
        ("Serializable", 5, None, "java.io.Serializable")]
    assert refs(references, "INHERITS") == [
        ("Shape", 21, "Circle", None), ("JSerializable", 21, "Circle", None),
        ("Base", 34, "Registry", None), ("Comparable", 34, "Registry", None)]
    assert refs(references, "DECORATES") == [("Immutable", 20, "Circle", None)]
    # A call's module is what it passes (receivers.call_arguments): each argument's type where a
    # literal or a declared variable says it, in Java's words (`1.0` is a double); a named one: `?`.
    assert refs(references, "CALLS") == [
        ("area", 16, "Shape.describe", "()"),
        ("copy", 26, "Circle.scale", "(?)"),
        # `radius * factor`: an operator call on a typed operand (kotlin_operators.py; a Double's finds no project
        # function at the link, and an operator call is never guessed)
        ("times", 26, "Circle.scale", "operator(double)"),
        ("Circle", 30, "Circle.Factory.unit", "(double)"),
        ("mutableListOf", 35, "Registry", "()"),
        ("add", 38, "Registry.register", "(Shape)"),
        ("sqrt", 45, "distance", "(?)"),
        ("times", 45, "distance", "operator(double)"), ("times", 45, "distance", "operator(double)"),
        ("uppercase", 48, "String.shout", "()"), ("plus", 48, "String.shout", "operator(String)"),
        ("unit", 51, "main", "()"), ("scale", 51, "main", "(double)"),
        ("register", 52, "main", "(?)"),
        ("println", 53, "main", "(?)"), ("distance", 53, "main", "(double,double)"), ("toString", 53, "main", "()"),
        ("shout", 53, "main", "()"),
    ]


def test_scala() -> None:
    chunks, references = parse("scala", "src/main/scala/demo/Shapes.scala", '''
        package demo.geometry

        import scala.math.sqrt
        import scala.collection.mutable.{ListBuffer, Map => MutableMap}

        /** Something with an area. */
        trait Shape extends Serializable {
          /** The area of the shape. */
          def area: Double

          def describe(): String = s"shape with area $area"
        }

        // A circle around the origin.
        case class Circle(radius: Double) extends Shape with Ordered[Circle] {
          override def area: Double = math.Pi * radius * radius

          /** Scale by a factor. */
          def scale(factor: Double): Circle = {
            copy(radius = radius * factor)
          }

          def compare(that: Circle): Int = radius.compare(that.radius)
        }

        /** Keeps every shape. */
        object Registry {
          private val shapes = ListBuffer.empty[Shape]

          def register(shape: Shape): Unit = {
            shapes.append(shape)
          }
        }

        enum Color { case Red, Green }

        /** Distance of a point to the origin. */
        def distance(x: Double, y: Double): Double = sqrt(x * x + y * y)

        extension (s: String)
          // Shout the string.
          def shout: String = s.toUpperCase + "!"

        @main def run(): Unit = {
          val circle = new Circle(1.0).scale(2.0)
          Registry.register(circle)
          println(distance(3.0, 4.0))
        }
        ''')
    assert facts(chunks) == [
        ("Shape", "class", 7, 12, "trait Shape extends Serializable", "Something with an area."),
        ("Shape.area", "method", 9, 9, "def area: Double", "The area of the shape."),
        ("Shape.describe", "method", 11, 11, "def describe(): String", None),
        ("Circle", "class", 15, 24, "case class Circle(radius: Double) extends Shape with Ordered[Circle]",
         "A circle around the origin."),
        ("Circle.area", "method", 16, 16, "override def area: Double", None),
        ("Circle.scale", "method", 19, 21, "def scale(factor: Double): Circle", "Scale by a factor."),
        ("Circle.compare", "method", 23, 23, "def compare(that: Circle): Int", None),
        ("Registry", "class", 27, 33, "object Registry", "Keeps every shape."),
        ("Registry.register", "method", 30, 32, "def register(shape: Shape): Unit", None),
        ("Color", "class", 35, 35, "enum Color", None),
        ("distance", "function", 38, 38, "def distance(x: Double, y: Double): Double",
         "Distance of a point to the origin."),
        # A method of an `extension (s: String)` block is qualified by the receiver type.
        ("String.shout", "method", 42, 42, "def shout: String", "Shout the string."),
        ("run", "function", 44, 48, "@main def run(): Unit", None),
    ]
    by_name = {c.qualified_name: c for c in chunks}
    assert by_name["String.shout"].class_context == "String"
    assert by_name["Registry.register"].class_context == "Registry"
    module = [c for c in chunks if c.chunk_type is ChunkType.MODULE]
    assert module[0].imports == (
        "import scala.math.sqrt\nimport scala.collection.mutable.{ListBuffer, Map => MutableMap}")
    # Scala's import path is several sibling `path` nodes, joined into the module.
    assert refs(references, "IMPORTS") == [("sqrt", 3, None, "scala.math.sqrt"),
                                           ("ListBuffer", 4, None, "scala.collection.mutable"),
                                           ("Map", 4, None, "scala.collection.mutable")]
    assert refs(references, "INHERITS") == [
        ("Serializable", 7, "Shape", None), ("Shape", 15, "Circle", None), ("Ordered", 15, "Circle", None)]
    assert refs(references, "DECORATES") == [("main", 44, "run", None)]
    assert refs(references, "CALLS") == [
        ("copy", 20, "Circle.scale", None),
        ("compare", 23, "Circle.compare", None),
        ("append", 31, "Registry.register", None),
        ("sqrt", 38, "distance", None),
        ("Circle", 45, "run", None), ("scale", 45, "run", None),  # `new Circle(...)` calls Circle
        ("register", 46, "run", None),
        ("println", 47, "run", None), ("distance", 47, "run", None),
    ]


def test_javascript_references() -> None:
    _, references = parse("javascript", "web/queue.js", '''
        import Default, { a, b as c } from "./mod";
        import * as ns from "ns";
        import "./polyfill";
        const fs = require("fs");
        export { helper } from "./helpers";

        /** Queue of tasks. */
        export class Queue extends Base {
          push(task) {
            this.items.push(task);
            validate(task);
          }
        }

        class Deque extends ns.Queue {}

        function make() {
          const lazy = import("./lazy");
          return new Queue(fs.readFileSync("x"));
        }
        ''')
    assert refs(references, "IMPORTS") == [
        ("Default", 1, None, "./mod"), ("a", 1, None, "./mod"), ("b", 1, None, "./mod"),
        ("ns", 2, None, "ns"), ("polyfill", 3, None, "./polyfill"), ("fs", 4, None, "fs"),
        ("helper", 5, None, "./helpers"), ("lazy", 18, "make", "./lazy")]
    assert refs(references, "INHERITS") == [("Base", 8, "Queue", None), ("Queue", 15, "Deque", None)]
    # `require` is an import, not a call; `new Queue()` calls Queue.
    assert refs(references, "CALLS") == [
        ("push", 10, "Queue.push", None), ("validate", 11, "Queue.push", None),
        ("Queue", 19, "make", None), ("readFileSync", 19, "make", None)]


def test_typescript_references() -> None:
    for language, path in (("typescript", "src/client.ts"), ("tsx", "src/client.tsx")):
        _, references = parse(language, path, '''
            import type { Options } from "./types";
            import Api, { request as send } from "./api";
            import fs = require("fs");

            export interface Client extends Closeable, events.Emitter<string> {}

            export class HttpClient<T> extends Base<T> implements Client, ns.Retry<T> {
              get(path: string): T {
                return send<T>(this.url(path), new Map<string, T>());
              }
            }

            abstract class Cached extends ns.Cache {}
            ''')
        assert refs(references, "IMPORTS") == [
            ("Options", 1, None, "./types"), ("Api", 2, None, "./api"), ("request", 2, None, "./api"),
            ("fs", 3, None, "fs")], language
        assert refs(references, "INHERITS") == [
            ("Closeable", 5, "Client", None), ("Emitter", 5, "Client", None),
            ("Base", 7, "HttpClient", None), ("Client", 7, "HttpClient", None), ("Retry", 7, "HttpClient", None),
            ("Cache", 13, "Cached", None)], language
        assert refs(references, "CALLS") == [
            ("send", 9, "HttpClient.get", None), ("url", 9, "HttpClient.get", None),
            ("Map", 9, "HttpClient.get", None)], language


def test_go_references() -> None:
    _, references = parse("go", "app/server.go", '''
        package app

        import "fmt"
        import (
            "net/http"
            str "strings"
        )

        // Server answers requests.
        type Server struct {
            http.Handler
            *Base
            name string
        }

        // Named has a name.
        type Named interface {
            fmt.Stringer
            Name() string
        }

        func (s *Server) Run() error {
            fmt.Println(str.ToUpper(s.name))
            return s.listen()
        }

        func NewServer() *Server {
            defer cleanup()
            return &Server{name: "x"}
        }
        ''')
    # `str "strings"` binds str: the name of an import is the name the file uses.
    assert refs(references, "IMPORTS") == [
        ("fmt", 3, None, "fmt"), ("http", 5, None, "net/http"), ("str", 6, None, "strings")]
    # Embedding is Go's inheritance.
    assert refs(references, "INHERITS") == [
        ("Handler", 11, "Server", None), ("Base", 12, "Server", None), ("Stringer", 18, "Named", None)]
    assert refs(references, "CALLS") == [
        ("Println", 23, "Server.Run", None), ("ToUpper", 23, "Server.Run", None),
        ("listen", 24, "Server.Run", None), ("cleanup", 28, "NewServer", None),
        ("Server", 29, "NewServer", None)]


def test_rust_references() -> None:
    _, references = parse("rust", "src/shapes.rs", '''
        use std::collections::HashMap;
        use std::io::{self, Read as R, Write};
        use crate::geo::*;
        extern crate serde;

        pub struct Point { x: f64 }

        impl fmt::Display for Point {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "{}", self.x)
            }
        }

        fn build() -> Point {
            let mut cache = HashMap::new();
            cache.insert(1, helper::<u8>());
            Point { x: 1.0 }
        }
        ''')
    assert refs(references, "IMPORTS") == [
        ("HashMap", 1, None, "std::collections::HashMap"),
        # (a use tree's names with their whole path: rust_paths.use_list_imports)
        ("io", 2, None, "std::io"), ("Read", 2, None, "std::io::Read"), ("Write", 2, None, "std::io::Write"),
        ("geo", 3, None, "crate::geo"), ("serde", 4, None, "serde")]
    # `impl Trait for Type` lies in a scope, to which no reference is attributed: no INHERITS.
    assert refs(references, "INHERITS") == [("Display", 8, "Point", None)]  # impl fmt::Display for Point
    assert refs(references, "CALLS") == [
        # (a call's module: what its arguments are, where their text says: rust_arguments.py)
        ("write", 10, "Point.fmt", None), ("new", 15, "build", "()"), ("insert", 16, "build", "(int,?)"),
        ("helper", 16, "build", "()"), ("Point", 17, "build", None)]


def test_java_references() -> None:
    _, references = parse("java", "src/demo/Cache.java", '''
        package demo;

        import java.util.List;
        import java.util.*;
        import static java.lang.Math.max;

        /** An LRU cache. */
        public class Cache<K, V> extends java.util.AbstractMap<K, V> implements Serializable, Comparable<Cache<K, V>> {
            public Cache(int size) {
                this.items = new java.util.ArrayList<>(size);
            }

            void evictOldest() {
                items.removeFirst();
                log(max(1, 2));
            }
        }

        interface Store extends Closeable, java.io.Flushable {}
        ''')
    assert refs(references, "IMPORTS") == [
        ("List", 3, None, "java.util.List"), ("util", 4, None, "java.util"), ("max", 5, None, "java.lang.Math.max")]
    assert refs(references, "INHERITS") == [
        ("AbstractMap", 8, "Cache", None), ("Serializable", 8, "Cache", None), ("Comparable", 8, "Cache", None),
        ("Closeable", 19, "Store", None), ("Flushable", 19, "Store", None)]
    assert refs(references, "CALLS") == [
        ("ArrayList", 10, "Cache.Cache", None), ("removeFirst", 14, "Cache.evictOldest", "()"),
        ("log", 15, "Cache.evictOldest", "(=max)"), ("max", 15, "Cache.evictOldest", "(int,int)")]


def test_a_class_read_as_a_value_is_a_use_in_java_and_csharp() -> None:
    # gson's tests pass `JsonSyntaxException.class` to `assertThrows`: find_references listed none of them.
    _, java = parse("java", "src/demo/CacheTest.java", '''
        package demo;

        class CacheTest {
            void rejects() {
                assertThrows(JsonSyntaxException.class, () -> parse());
                Class<?> type = demo.model.Cache.class;
            }
        }
        ''')
    assert [(name, line) for name, line, _source, _qualifier in refs(java, "USES")] == [
        ("JsonSyntaxException", 5), ("Cache", 6)]
    _, csharp = parse("csharp", "src/CacheTests.cs", '''
        class CacheTests {
            void Rejects() {
                var type = typeof(Cache);
                Assert.Throws(typeof(Model.ParseError), () => Parse());
            }
        }
        ''')
    assert [(name, line) for name, line, _source, _qualifier in refs(csharp, "USES")] == [
        ("Cache", 3), ("ParseError", 4)]
