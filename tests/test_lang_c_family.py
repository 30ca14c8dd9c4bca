"""Tree-sitter parsing of C, C++ and C#: every definition with its facts, and the references."""

from __future__ import annotations

from pathlib import Path

import pytest

from coderag_mcp.models import ChunkType, IndexStatus
from coderag_mcp.service import CodeIndexService
from coderag_mcp.store import ReferenceRecord

from .conftest import fast_settings, indexed_before_migration, parse_text, query, refs


def parse(language: str, path: str, text: str) -> tuple[list[tuple[object, ...]], list[ReferenceRecord], str]:
    """The definitions in file order as (qualified name, kind, first line, last line, signature, doc)."""
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=True)
    facts = [(c.qualified_name, c.chunk_type.value, c.lineno, c.end_lineno, c.signature, c.docstring)
             for c in chunks if c.chunk_type is not ChunkType.MODULE]
    imports = next(c.imports for c in chunks if c.chunk_type is ChunkType.MODULE)
    return facts, references, imports or ""


def test_csharp_conditional_compilation_is_read_as_its_first_branch() -> None:
    # serilog's ILogger: a directive between a method's header and its body gave the method two bodies, the
    # interface ended at the first directive and its 130 members were read as loose junk (`if`, `FEATURE_...`).
    facts, _references, _imports = parse("csharp", "src/ILogger.cs", '''
        namespace Serilog;

        /// <summary>The core API: see <see cref="Log"/> and <see cref="T:Serilog.Core.Logger"/>.</summary>
        public interface ILogger
        {
        #if FEATURE_DEFAULT_INTERFACE
            private static readonly object[] NoValues = Array.Empty<object>();
        #endif

            /// <summary>Write a log event with the <see cref="LogEventLevel.Information"/> level.</summary>
            ILogger ForContext(string name)
        #if FEATURE_DEFAULT_INTERFACE
            {
                return this;
            }
        #else
                ;
        #endif

            /// <summary>Whether <paramref name="level"/> is on.</summary>
            bool IsEnabled(LogEventLevel level);
        }
        ''')
    assert facts == [
        ("ILogger", "class", 4, 22, "public interface ILogger", "The core API: see Log and Serilog.Core.Logger."),
        ("ILogger.ForContext", "method", 11, 15, "ILogger ForContext(string name)",
         "Write a log event with the LogEventLevel.Information level."),
        ("ILogger.IsEnabled", "method", 21, 21, "bool IsEnabled(LogEventLevel level)", "Whether level is on."),
    ]


def test_c() -> None:
    facts, references, imports = parse("c", "src/list.c", '''
        #include <stdlib.h>
        #include "util/list.h"

        #define LIST_EMPTY(l) ((l)->head == NULL)

        /* A node of a singly linked list. */
        struct node {
            int value;
            struct node *next;
        };

        /** The list: its head and length. */
        typedef struct {
            struct node *head;
            size_t length;
        } list_t;

        enum order { ASCENDING, DESCENDING };

        static void free_node(struct node *node);

        /**
         * Push a value at the front.
         * Returns the new node, or NULL when out of memory.
         */
        struct node *list_push(list_t *list, int value)
        {
            struct node *node = malloc(sizeof *node);
            if (node == NULL)
                return NULL;
            node->next = list->head;
            list->head = node;
            return node;
        }

        // Free every node.
        void list_clear(list_t *list)
        {
            while (!LIST_EMPTY(list)) {
                struct node *next = list->head->next;
                free_node(list->head);
                list->head = next;
            }
        }

        static void free_node(struct node *node) { free(node); }
        ''')
    assert facts == [
        ("LIST_EMPTY", "function", 4, 4, "#define LIST_EMPTY(l) ((l)->head == NULL)", None),
        ("node", "class", 7, 10, "struct node", "A node of a singly linked list."),
        # An anonymous struct is named by its typedef; the typedef is part of its chunk.
        ("list_t", "class", 13, 16, "struct", "The list: its head and length."),
        ("order", "class", 18, 18, "enum order", None),
        ("free_node", "function", 20, 20, "static void free_node(struct node *node)", None),
        ("list_push", "function", 26, 34, "struct node *list_push(list_t *list, int value)",
         "Push a value at the front.\nReturns the new node, or NULL when out of memory."),
        ("list_clear", "function", 37, 44, "void list_clear(list_t *list)", "Free every node."),
        ("free_node", "function", 46, 46, "static void free_node(struct node *node)", None),
    ]
    assert refs(references, "CALLS") == [
        ("malloc", 28, "list_push", None),
        ("LIST_EMPTY", 39, "list_clear", None),
        ("free_node", 41, "list_clear", None),
        ("free", 46, "free_node", None),
    ]
    imported = refs(references, "IMPORTS")
    assert imported[1] == ("util/list.h", 2, None, "util/list.h")
    assert imported[0][1:] == (1, None, "stdlib.h")
    assert imports.split() == ["#include", "<stdlib.h>", "#include", '"util/list.h"']


def test_cpp() -> None:
    facts, references, imports = parse("cpp", "geo/circle.cpp", '''
        #include <cmath>
        #include "geo/shape.hpp"

        namespace geo {

        /// A circle of a given radius.
        class Circle : public Shape, private detail::Named<Circle> {
        public:
            /// Build a circle.
            explicit Circle(double radius) : radius_(radius) {}

            /// The area.
            double area() const override { return kPi * square(radius_); }

            // Draw it on the canvas.
            void draw(Canvas& canvas) const;

        private:
            double radius_;
        };

        /** Square of a number. */
        template <typename T>
        T square(T x) {
            return x * x;
        }

        void Circle::draw(Canvas& canvas) const {
            canvas.circle(0, 0, radius_);
            log::info("drew a circle");
        }

        struct Square : Shape {
            const std::string& name() const;
        };

        Shape* make_unit() { return new Circle(1.0); }

        }  // namespace geo
        ''')
    assert facts == [
        ("Circle", "class", 7, 20, "class Circle : public Shape, private detail::Named<Circle>",
         "A circle of a given radius."),
        ("Circle.Circle", "method", 10, 10, "explicit Circle(double radius)", "Build a circle."),
        ("Circle.area", "method", 13, 13, "double area() const override", "The area."),
        ("Circle.draw", "method", 16, 16, "void draw(Canvas& canvas) const", "Draw it on the canvas."),
        # The template line belongs to the function, and the comment above it.
        ("square", "function", 24, 26, "T square(T x)", "Square of a number."),
        # Defined outside its class: still a method of Circle.
        ("Circle.draw", "method", 28, 31, "void Circle::draw(Canvas& canvas) const", None),
        ("Square", "class", 33, 35, "struct Square : Shape", None),
        ("Square.name", "method", 34, 34, "const std::string& name() const", None),
        ("make_unit", "function", 37, 37, "Shape* make_unit()", None),
    ]
    assert refs(references, "INHERITS") == [
        ("Shape", 7, "Circle", None), ("Named", 7, "Circle", None), ("Shape", 33, "Square", None)]
    # (a call's module is what it passes: one entry per argument, a literal's kind, call_shapes.py; 0 may be a null
    # pointer)
    assert refs(references, "CALLS") == [
        ("square", 13, "Circle.area", "(?)"),
        ("circle", 29, "Circle.draw", "(?,?,?)"),
        ("info", 30, "Circle.draw", "(s)"),
        ("Circle", 37, "make_unit", "(f)"),
    ]
    assert refs(references, "IMPORTS")[1] == ("geo/shape.hpp", 2, None, "geo/shape.hpp")
    assert refs(references, "IMPORTS")[0][1:] == (1, None, "cmath")
    assert imports.split() == ["#include", "<cmath>", "#include", '"geo/shape.hpp"']


def test_csharp() -> None:
    facts, references, imports = parse("csharp", "Shop/OrderBook.cs", '''
        using System;
        using System.Collections.Generic;

        namespace Shop.Orders
        {
            /// <summary>An order line.</summary>
            public record Line(string Sku, int Quantity);

            /// <summary>Orders placed by a customer.</summary>
            [Serializable]
            public class OrderBook : Repository<Order>, Shop.IDisposable
            {
                private readonly List<Line> lines = new List<Line>();

                /// <summary>Create an empty book.</summary>
                public OrderBook(string owner)
                {
                    Owner = owner;
                }

                public string Owner { get; }

                /// <summary>Total quantity.</summary>
                public int Total
                {
                    get { return Sum(lines); }
                }

                // Add a line.
                [Obsolete("use AddRange")]
                public void Add(Line line)
                {
                    lines.Add(line);
                    Console.WriteLine(line.Sku);
                }

                private static int Sum(IEnumerable<Line> items) => items.Count();
            }

            public interface IPriced
            {
                decimal Price();
            }
        }
        ''')
    assert facts == [
        ("Line", "class", 7, 7, "public record Line(string Sku, int Quantity)", "An order line."),
        # The attribute is inside the class's node, so it is in the signature.
        ("OrderBook", "class", 10, 38, "public class OrderBook : Repository<Order>, Shop.IDisposable",
         "Orders placed by a customer."),
        ("OrderBook.OrderBook", "method", 16, 19, "public OrderBook(string owner)",
         "Create an empty book."),
        # A property with code in its accessors is a method; the auto-property `Owner` is not.
        ("OrderBook.Total", "method", 24, 27, "public int Total", "Total quantity."),
        ("OrderBook.Add", "method", 30, 35, 'public void Add(Line line)', "Add a line."),
        ("OrderBook.Sum", "method", 37, 37, "private static int Sum(IEnumerable<Line> items)", None),
        ("IPriced", "class", 40, 43, "public interface IPriced", None),
        ("IPriced.Price", "method", 42, 42, "decimal Price()", None),
    ]
    assert refs(references, "INHERITS") == [
        ("Repository", 11, "OrderBook", None), ("IDisposable", 11, "OrderBook", None)]
    # (a call's module is what it passes, its arguments' types where told: call_shapes.py)
    assert refs(references, "CALLS") == [
        ("List", 13, "OrderBook", "()"),
        ("Sum", 26, "OrderBook.Total", "(List)"),
        ("Add", 33, "OrderBook.Add", "(Line)"),
        ("WriteLine", 34, "OrderBook.Add", "(?)"),
        ("Count", 37, "OrderBook.Sum", "()"),
    ]
    assert refs(references, "IMPORTS") == [
        ("System", 1, None, "System"), ("Generic", 2, None, "System.Collections.Generic")]
    assert imports == "using System;\nusing System.Collections.Generic;"


def test_prototypes_in_function_bodies_are_not_definitions() -> None:
    # `Widget w(a, b);` parses as a function declaration; inside a body it is a variable.
    facts, _, _ = parse("cpp", "main.cc", '''
        #include "widget.h"

        int main() {
            Widget w(a, b);
            return run(w);
        }
        ''')
    assert facts == [("main", "function", 3, 6, "int main()", None)]


def test_c_header_with_include_guard() -> None:
    facts, references, _ = parse("c", "include/list.h", '''
        #ifndef LIST_H
        #define LIST_H

        #include <stddef.h>

        /* Append a value; returns 0 on success. */
        int list_append(struct list *list,
                        int value);

        char **list_names(const struct list *list);

        #endif
        ''')
    # A multi-line prototype keeps only its first line as signature (see definition_text.signature_of).
    assert facts == [
        ("list_append", "function", 7, 8, "int list_append(struct list *list, int value)", "Append a value; returns 0 on success."),
        ("list_names", "function", 10, 10, "char **list_names(const struct list *list)", None),
    ]
    assert [r.module for r in references if r.edge_type == "IMPORTS"] == ["stddef.h"]


def test_attributes_written_as_macros_do_not_hide_the_definitions_after_them() -> None:
    """The Linux kernel writes attributes as function-like macros before the declarator: read as they
    are, `__alloc_size(1)` became a function of its own that swallowed kmalloc and kzalloc, and every
    call to kmalloc resolved to a test shim elsewhere. The chunks still show the code as written."""
    source = '''
        #include <linux/gfp.h>

        /* Allocate memory. */
        static __always_inline __alloc_size(1) void *kmalloc(size_t size, gfp_t flags)
        {
            return __kmalloc(size, flags);
        }

        static inline void *kzalloc(size_t size, gfp_t flags)
        {
            return kmalloc(size, flags | __GFP_ZERO);
        }

        __printf(2, 3) __cold
        int dev_err_probe(const struct device *dev, const char *fmt, ...)
        {
            return vsnprintf_helper(fmt) + my__printf(fmt);
        }
        '''
    facts, references, _ = parse("c", "include/linux/slab.h", source)
    assert [fact[:4] for fact in facts] == [("kmalloc", "function", 4, 7), ("kzalloc", "function", 9, 12),
                                            ("dev_err_probe", "function", 14, 18)]
    assert facts[0][4] == "static __always_inline void *kmalloc(size_t size, gfp_t flags)"
    assert facts[0][5] == "Allocate memory."
    calls = {(source, name) for name, _line, source, _module in refs(references, "CALLS")}
    assert calls == {("kmalloc", "__kmalloc"), ("kzalloc", "kmalloc"), ("dev_err_probe", "vsnprintf_helper"),
                     ("dev_err_probe", "my__printf")}  # a name that only ends like one of the macros stays
    chunks, _symbols, _references = parse_text("c", "include/linux/slab.h", source)
    assert "__alloc_size(1) void *kmalloc" in next(c.body for c in chunks if c.name == "kmalloc")


@pytest.mark.anyio
async def test_an_index_made_before_the_macros_were_blanked_parses_its_c_files_again(tmp_path: Path) -> None:
    """Migration 17: an existing index's C and C++ files are parsed again by the next update (their
    definitions may have been hidden), the others are not, and the index says why it is stale."""
    files = {"slab.h": "static __alloc_size(1) void *kmalloc(int size)\n{\n    return 0;\n}\n",
             "tool.sh": "run() {\n  echo 1\n}\n"}
    db = await indexed_before_migration(tmp_path, files, "mixed", 17)
    async with CodeIndexService.open(fast_settings(db), run_jobs=False) as service:
        hashes = dict(query(db, "SELECT file_path, file_hash FROM coderag_files"))
        assert hashes["slab.h"] == "" and hashes["tool.sh"] != ""
        status = await service.get_status("mixed")
        assert status.status is IndexStatus.STALE and "C and C++" in (status.error_message or "")
        update = await service.update_index("mixed", background=False)
        assert update.job is not None
        written_by = dict(query(db, "SELECT file_path, job_id FROM coderag_files"))
        assert written_by["slab.h"] == update.job.job_id != written_by["tool.sh"]  # only the C file parsed again
        assert (await service.get_status("mixed")).status is IndexStatus.READY
        assert [d.name for d in (await service.find_symbol("mixed", "kmalloc")).definitions] == ["kmalloc"]
