"""Tree-sitter parsing of Verilog, VHDL, Protobuf, GraphQL, Svelte and Vue, and the extensions two languages share: every definition with its facts, and the references."""

from __future__ import annotations

from coderag_mcp.embedded import script_view
from coderag_mcp.languages import BY_NAME, language_for, refine_language
from coderag_mcp.models import ChunkType
from coderag_mcp.store import ReferenceRecord

from .conftest import parse_text, refs


def parse(language: str, path: str, text: str) -> tuple[list[tuple[object, ...]], list[ReferenceRecord]]:
    """The definitions in file order as (qualified name, kind, first line, last line, signature, doc)."""
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=True)
    facts = [(c.qualified_name, c.chunk_type.value, c.lineno, c.end_lineno, c.signature, c.docstring)
             for c in chunks if c.chunk_type is not ChunkType.MODULE]
    return facts, references


def test_verilog() -> None:
    facts, references = parse("verilog", "rtl/counter.v", r'''
        `include "defs.vh"

        // A counter with synchronous reset.
        module counter #(parameter WIDTH = 8) (
            input wire clk,
            input wire rst,
            output reg [WIDTH-1:0] count
        );
            always @(posedge clk) begin
                if (rst) count <= 0;
                else count <= count + 1;
            end
        endmodule

        module top;
            wire clk;
            counter #(.WIDTH(4)) u_counter (.clk(clk), .rst(1'b0), .count());
            function automatic integer add(input integer a, input integer b);
                add = a + b;
            endfunction
            task reset_all;
                $display("reset");
            endtask
        endmodule
        ''')
    assert facts == [
        ('counter', 'class', 4, 13, 'module counter #(parameter WIDTH = 8) (input wire clk, input wire rst, output reg [WIDTH-1:0] count)', 'A counter with synchronous reset.'),
        ('top', 'class', 15, 24, 'module top', None),
        ('top.add', 'method', 18, 20, 'function automatic integer add(input integer a, input integer b)', None),
        ('top.reset_all', 'method', 21, 23, 'task reset_all', None),
    ]
    assert refs(references, "CALLS") == [
        ('counter', 17, 'top', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('defs', 1, None, 'defs.vh'),
    ]


def test_systemverilog() -> None:
    facts, references = parse("verilog", "tb/packet.sv", r'''
        package pkg;
          typedef struct packed { logic [7:0] a; } pair_t;
        endpackage

        interface bus_if;
          logic valid;
        endinterface

        class Packet extends BasePacket;
          rand bit [7:0] data;
          function void show();
            $display("%0d", data);
            helper(data);
          endfunction
        endclass
        ''')
    assert facts == [
        ('pkg', 'class', 1, 3, 'package pkg', None),
        ('bus_if', 'class', 5, 7, 'interface bus_if', None),
        ('Packet', 'class', 9, 15, 'class Packet extends BasePacket', None),
        ('Packet.show', 'method', 11, 14, 'function void show()', None),
    ]
    assert refs(references, "CALLS") == [
        ('helper', 13, 'Packet.show', None),
    ]
    assert refs(references, "INHERITS") == [
        ('BasePacket', 9, 'Packet', None),
    ]


def test_vhdl() -> None:
    facts, references = parse("vhdl", "rtl/counter.vhd", r'''
        library ieee;
        use ieee.std_logic_1164.all;

        -- A counter with synchronous reset.
        entity counter is
          port (
            clk   : in  std_logic;
            count : out unsigned(7 downto 0)
          );
        end entity counter;

        architecture rtl of counter is
          signal value : unsigned(7 downto 0);

          function next_value(v : unsigned) return unsigned is
          begin
            return v + 1;
          end function;
        begin
          process (clk)
          begin
            if rising_edge(clk) then
              value <= next_value(value);
            end if;
          end process;
          u_sub : entity work.adder port map (a => value);
        end architecture rtl;
        ''')
    assert facts == [
        ('counter', 'class', 5, 10, 'entity counter is', 'A counter with synchronous reset.'),
        ('rtl', 'class', 12, 27, 'architecture rtl of counter is', None),
        ('rtl.next_value', 'method', 15, 18, 'function next_value(v : unsigned) return unsigned is', None),
    ]
    assert refs(references, "CALLS") == [
        ('rising_edge', 22, 'rtl', None),
        ('next_value', 23, 'rtl', None),
        ('adder', 26, 'rtl', None),
    ]
    assert refs(references, "INHERITS") == [
        ('counter', 12, 'rtl', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('std_logic_1164', 2, None, 'ieee.std_logic_1164'),
    ]


def test_protobuf() -> None:
    facts, references = parse("proto", "proto/shop/v1/order.proto", r'''
        syntax = "proto3";

        package shop.v1;

        import "google/protobuf/timestamp.proto";

        // An order placed by a customer.
        message Order {
          string id = 1;
          google.protobuf.Timestamp created = 2;
          repeated Item items = 3;

          message Item {
            string sku = 1;
          }
        }

        enum Status {
          STATUS_UNSPECIFIED = 0;
        }

        // Places and lists orders.
        service OrderService {
          rpc PlaceOrder(PlaceOrderRequest) returns (Order);
        }
        ''')
    assert facts == [
        ('Order', 'class', 8, 16, 'message Order', 'An order placed by a customer.'),
        ('Order.Item', 'class', 13, 15, 'message Item', None),
        ('Status', 'class', 18, 20, 'enum Status', None),
        ('OrderService', 'class', 23, 25, 'service OrderService', 'Places and lists orders.'),
        ('OrderService.PlaceOrder', 'method', 24, 24, 'rpc PlaceOrder(PlaceOrderRequest) returns (Order)', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('timestamp', 5, None, 'google/protobuf/timestamp.proto'),
    ]
    assert refs(references, "USES") == [
        ('Timestamp', 10, 'Order', 'google.protobuf.Timestamp'),
        ('Item', 11, 'Order', 'Item'),
        ('PlaceOrderRequest', 24, 'OrderService.PlaceOrder', 'PlaceOrderRequest'),
        ('Order', 24, 'OrderService.PlaceOrder', 'Order'),
    ]


def test_graphql() -> None:
    facts, references = parse("graphql", "schema/shop.graphql", r'''
        # A user of the shop.
        type User implements Node & Entity {
          id: ID!
          name: String
          orders(first: Int): [Order!]!
        }

        """An order."""
        type Order {
          total: Float
          owner: User
        }

        interface Node { id: ID! }

        enum Status { OPEN CLOSED }

        input OrderInput { total: Float }

        union SearchResult = User | Order

        scalar Date

        extend type Query {
          user(id: ID!): User
        }

        query GetUser($id: ID!) {
          user(id: $id) { ...UserFields }
        }

        fragment UserFields on User { id name }
        ''')
    assert facts == [
        ('User', 'class', 2, 6, 'type User implements Node & Entity', 'A user of the shop.'),
        ('Order', 'class', 8, 12, 'type Order', 'An order.'),
        ('Node', 'class', 14, 14, 'interface Node', None),
        ('Status', 'class', 16, 16, 'enum Status', None),
        ('OrderInput', 'class', 18, 18, 'input OrderInput', None),
        ('SearchResult', 'class', 20, 20, 'union SearchResult = User | Order', None),
        ('Date', 'class', 22, 22, 'scalar Date', None),
        ('Query.user', 'method', 25, 25, 'user(id: ID!): User', None),
        ('GetUser', 'function', 28, 30, 'query GetUser($id: ID!)', None),
        ('UserFields', 'function', 32, 32, 'fragment UserFields on User', None),
    ]
    assert refs(references, "CALLS") == [
        ('user', 29, 'GetUser', None),
        ('UserFields', 29, 'GetUser', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Node', 2, 'User', None),
        ('Entity', 2, 'User', None),
        ('User', 20, 'SearchResult', None),
        ('Order', 20, 'SearchResult', None),
    ]
    assert refs(references, "USES") == [
        ('Order', 5, 'User', None),
        ('User', 11, 'Order', None),
        ('User', 25, 'Query.user', None),
        ('User', 32, 'UserFields', None),
    ]


def test_svelte() -> None:
    facts, references = parse("svelte", "src/lib/Counter.svelte", r'''
        <script context="module">
          export const prerender = true;
        </script>

        <script lang="ts">
          import { onMount } from 'svelte';
          import Button from './Button.svelte';

          export let count: number = 0;

          /** Adds one to the count. */
          function increment(): void {
            count = clamp(count + 1);
          }

          onMount(() => increment());
        </script>

        <h1>Count: {count}</h1>
        <Button on:click={increment}>Add</Button>

        <style>
          h1 { color: red; }
        </style>
        ''')
    assert facts == [
        ('increment', 'function', 12, 14, 'function increment(): void', 'Adds one to the count.'),
    ]
    assert refs(references, "CALLS") == [
        ('clamp', 13, 'increment', None),
        ('onMount', 16, None, None),
        ('increment', 16, None, None),
    ]
    assert refs(references, "IMPORTS") == [
        ('onMount', 6, None, 'svelte'),
        ('Button', 7, None, './Button.svelte'),
    ]


def test_vue() -> None:
    facts, references = parse("vue", "src/components/TodoList.vue", r'''
        <template>
          <div class="todo">
            <TodoItem v-for="item in items" :key="item.id" :item="item" />
          </div>
        </template>

        <script>
        import TodoItem from './TodoItem.vue';

        // The list of todos.
        export default {
          name: 'TodoList',
          components: { TodoItem },
          methods: {
            add(text) {
              this.items.push(makeItem(text));
            },
          },
        };

        class Store extends BaseStore {
          load() { return fetchAll(); }
        }
        </script>
        ''')
    assert facts == [
        ('add', 'method', 15, 17, 'add(text)', None),
        ('Store', 'class', 21, 23, 'class Store extends BaseStore', None),
        ('Store.load', 'method', 22, 22, 'load()', None),
    ]
    assert refs(references, "CALLS") == [
        ('push', 16, 'add', None),
        ('makeItem', 16, 'add', None),
        ('fetchAll', 22, 'Store.load', None),
    ]
    assert refs(references, "INHERITS") == [
        ('BaseStore', 21, 'Store', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('TodoItem', 8, None, './TodoItem.vue'),
    ]



def test_a_component_is_parsed_as_its_scripts_at_their_offsets() -> None:
    source = (b'<script type="application/ld+json">{"a": 1}</script>\n'
              b"<div>caf\xc3\xa9</div>\n"
              b"<script setup lang='ts'>\nconst x: number = 1;\n</script>\n")
    view = script_view(source)
    assert view.language == "typescript"
    assert len(view.code) == len(source)
    assert view.code.split(b"\n")[3] == b"const x: number = 1;"
    # The JSON data block and the markup are blanked, lines kept.
    assert view.code.count(b"\n") == source.count(b"\n")
    assert view.code.split(b"\n")[0].strip() == b"" and view.code.split(b"\n")[1].strip() == b""
    assert script_view(b"<script>\nlet a = 1;\n</script>\n").language == "javascript"


def refined(path: str, text: str) -> str | None:
    spec = language_for(path)
    return refine_language(spec, path, text.encode()).name if spec is not None else None


def test_extensions_two_languages_share_are_decided_by_content() -> None:
    # `.h`: Objective-C when it declares an @interface, C++ when it reads like C++, else C.
    assert refined("include/Circle.h", "#import <Foundation/Foundation.h>\n@interface Circle : NSObject\n@end\n") == "objc"
    assert refined("include/circle.h", "namespace geo {\nclass Circle {};\n}\n") == "cpp"
    assert refined("include/circle.h", "int area(int r);\n") == "c"
    # `.m`: Objective-C when it reads like it; MATLAB otherwise, once MATLAB has a row (until then
    # the file stays Objective-C and gets module chunks).
    assert refined("src/Circle.m", "#import \"Circle.h\"\n@implementation Circle\n@end\n") == "objc"
    matlab = refined("scripts/area.m", "function a = area(r)\n  a = pi * r^2;\nend\n")
    assert matlab == ("matlab" if "matlab" in BY_NAME else "objc")
    # `.v`: Verilog unless it reads like the V language, once V has a row.
    assert refined("rtl/top.v", "module top\n  (input clk);\nendmodule\n") == "verilog"
    v_code = refined("cmd/main.v", "module main\n\nimport os\n\nfn main() {\n\tprintln(os.args)\n}\n")
    assert v_code == ("v" if "v" in BY_NAME else "verilog")
    # The extensions with one language each.
    for path, language in [("k.cu", "cuda"), ("k.cuh", "cuda"), ("s.comp", "glsl"), ("s.vert", "glsl"),
                           ("s.frag", "glsl"), ("t.sv", "verilog"), ("t.svh", "verilog"), ("e.vhd", "vhdl"),
                           ("e.vhdl", "vhdl"), ("a.proto", "proto"), ("s.gql", "graphql"), ("s.graphql", "graphql"),
                           ("c.sol", "solidity"), ("m.d", "d"), ("m.f", "fortran"), ("m.f90", "fortran"),
                           ("m.F95", "fortran"), ("m.f03", "fortran"), ("m.for", "fortran"), ("m.zig", "zig"),
                           ("m.dart", "dart"), ("m.swift", "swift"), ("m.mm", "objc"), ("c.svelte", "svelte"),
                           ("c.vue", "vue")]:
        assert refined(path, "") == language, path
