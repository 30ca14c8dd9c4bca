"""Tree-sitter parsing of Swift, Dart, Zig, Objective-C, Fortran, Solidity, D, CUDA and GLSL: every definition with its facts, and the references."""

from __future__ import annotations

from coderag_mcp.models import ChunkType
from coderag_mcp.store import ReferenceRecord

from .conftest import parse_text, refs


def parse(language: str, path: str, text: str) -> tuple[list[tuple[object, ...]], list[ReferenceRecord]]:
    """The definitions in file order as (qualified name, kind, first line, last line, signature, doc)."""
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=True)
    facts = [(c.qualified_name, c.chunk_type.value, c.lineno, c.end_lineno, c.signature, c.docstring)
             for c in chunks if c.chunk_type is not ChunkType.MODULE]
    return facts, references


def test_swift_conditional_compilation_inside_a_class_keeps_the_class() -> None:
    # Alamofire's `open class Session` was read as a function `webSocketRequest` spanning the class, its
    # methods after the `#if` block as top-level functions.
    facts, _references = parse("swift", "Source/Core/Session.swift", '''
        open class Session {
            func request() {}

            #if canImport(Darwin)
            func webSocketRequest() {}
            #endif

            func download() {}
        }
        ''')
    assert [fact[:4] for fact in facts] == [
        ("Session", "class", 1, 9), ("Session.request", "method", 2, 2),
        ("Session.webSocketRequest", "method", 5, 5), ("Session.download", "method", 8, 8)]


def test_swift() -> None:
    facts, references = parse("swift", "Sources/Shapes/Circle.swift", r'''
        import Foundation

        /// A shape that can be drawn.
        protocol Drawable {
            func draw() -> String
        }

        // A circle.
        class Circle: Shape, Drawable {
            var radius: Double
            init(radius: Double) { self.radius = radius }
            func draw() -> String {
                return render(radius)
            }
        }

        struct Point {
            let x: Int
        }

        enum Color { case red, green }

        extension Point {
            func moved(by dx: Int) -> Point { return Point(x: x + dx) }
        }

        func area(of c: Circle) -> Double {
            return c.radius * compute(2)
        }
        ''')
    assert facts == [
        ('Drawable', 'class', 4, 6, 'protocol Drawable', 'A shape that can be drawn.'),
        ('Drawable.draw', 'method', 5, 5, 'func draw() -> String', None),
        ('Circle', 'class', 9, 15, 'class Circle: Shape, Drawable', 'A circle.'),
        ('Circle.init', 'method', 11, 11, 'init(radius: Double)', None),
        ('Circle.draw', 'method', 12, 14, 'func draw() -> String', None),
        ('Point', 'class', 17, 19, 'struct Point', None),
        ('Color', 'class', 21, 21, 'enum Color', None),
        ('Point.moved', 'method', 24, 24, 'func moved(by dx: Int) -> Point', None),
        ('area', 'function', 27, 29, 'func area(of c: Circle) -> Double', None),
    ]
    # (a call's module is what it passes, each argument's label: call_shapes.py)
    assert refs(references, "CALLS") == [
        ('render', 13, 'Circle.draw', '(_:?)'),
        ('Point', 24, 'Point.moved', '(x:?)'),
        ('compute', 28, 'area', '(_:Int)'),
    ]
    assert refs(references, "INHERITS") == [
        ('Shape', 9, 'Circle', None),
        ('Drawable', 9, 'Circle', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('Foundation', 1, None, 'Foundation'),
    ]
    assert refs(references, "USES") == [
        ('String', 5, 'Drawable.draw', None),
        ('Double', 10, 'Circle', None),
        ('Double', 11, 'Circle.init', None),
        ('String', 12, 'Circle.draw', None),
        ('Int', 18, 'Point', None),
        ('Point', 24, 'Point.moved', None),
        ('Int', 24, 'Point.moved', None),
        ('Double', 27, 'area', None),
        ('Circle', 27, 'area', None),
    ]


def test_dart() -> None:
    facts, references = parse("dart", "lib/shapes.dart", r'''
        import 'package:flutter/material.dart';
        import 'src/util.dart' show clamp;

        /// A shape with an area.
        abstract class Shape {
          double area();
        }

        /// A circle of a given radius.
        class Circle extends Shape with Printable implements Comparable<Circle> {
          final double radius;

          Circle(this.radius);

          @override
          double area() {
            return compute(radius) * math.pi;
          }
        }

        mixin Printable {
          void printMe() => print(toString());
        }

        enum Color { red, green }

        int add(int a, int b) {
          return a + b;
        }
        ''')
    assert facts == [
        ('Shape', 'class', 5, 7, 'abstract class Shape', 'A shape with an area.'),
        ('Shape.area', 'method', 6, 6, 'double area()', None),
        ('Circle', 'class', 10, 19, 'class Circle extends Shape with Printable implements Comparable<Circle>', 'A circle of a given radius.'),
        ('Circle.Circle', 'method', 13, 13, 'Circle(this.radius)', None),
        ('Circle.area', 'method', 16, 18, 'double area()', None),
        ('Printable', 'class', 21, 23, 'mixin Printable', None),
        ('Printable.printMe', 'method', 22, 22, 'void printMe()', None),
        ('Color', 'class', 25, 25, 'enum Color', None),
        ('add', 'function', 27, 29, 'int add(int a, int b)', None),
    ]
    assert refs(references, "CALLS") == [
        ('compute', 17, 'Circle.area', None),
        ('print', 22, 'Printable.printMe', None),
        ('toString', 22, 'Printable.printMe', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Shape', 10, 'Circle', None),
        ('Printable', 10, 'Circle', None),
        ('Comparable', 10, 'Circle', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('material', 1, None, 'package:flutter/material.dart'),
        ('clamp', 2, None, 'src/util.dart'),
    ]
    assert refs(references, "DECORATES") == [
        ('override', 15, 'Circle.area', None),
    ]


def test_zig() -> None:
    facts, references = parse("zig", "src/point.zig", r'''
        const std = @import("std");
        const Allocator = std.mem.Allocator;

        /// A point in the plane.
        pub const Point = struct {
            x: i32,
            y: i32,

            /// Adds two points.
            pub fn add(self: Point, other: Point) Point {
                return .{ .x = self.x + other.x, .y = self.y + other.y };
            }
        };

        const Color = enum { red, green };

        pub fn main() !void {
            const p = Point{ .x = 1, .y = 2 };
            std.debug.print("{}\n", .{p.add(p)});
            helper(3);
        }

        fn helper(n: u32) void {
            _ = n;
        }

        test "add" {
            try std.testing.expect(true);
        }
        ''')
    assert facts == [
        ('Point', 'class', 5, 13, 'const Point = struct', 'A point in the plane.'),
        ('Point.add', 'method', 10, 12, 'fn add(self: Point, other: Point) Point', 'Adds two points.'),
        ('Color', 'class', 15, 15, 'const Color = enum', None),
        ('main', 'function', 17, 21, 'fn main() !void', None),
        ('helper', 'function', 23, 25, 'fn helper(n: u32) void', None),
    ]
    assert refs(references, "CALLS") == [
        ('print', 19, 'main', None),
        ('add', 19, 'main', None),
        ('helper', 20, 'main', None),
        ('expect', 28, None, None),
    ]
    assert refs(references, "IMPORTS") == [
        ('std', 1, None, 'std'),
    ]
    assert refs(references, "USES") == [
        ('Point', 10, 'Point.add', None),
        ('Point', 10, 'Point.add', None),
        ('Point', 10, 'Point.add', None),
    ]


def test_objective_c() -> None:
    facts, references = parse("objc", "Shapes/Circle.m", r'''
        #import <Foundation/Foundation.h>
        #import "Shape.h"

        /// A circle shape.
        @interface Circle : Shape <Drawable>
        @property (nonatomic) double radius;
        - (double)area;
        + (instancetype)circleWithRadius:(double)radius;
        @end

        @implementation Circle

        // The area of the circle.
        - (double)area {
            return M_PI * [self square:self.radius];
        }

        + (instancetype)circleWithRadius:(double)radius {
            Circle *c = [[Circle alloc] init];
            c.radius = radius;
            return c;
        }

        @end

        static int helper(int x) {
            return abs(x);
        }
        ''')
    assert facts == [
        ('Circle', 'class', 5, 9, '@interface Circle : Shape <Drawable>', 'A circle shape.'),
        ('Circle.area', 'method', 7, 7, '- (double)area', None),
        ('Circle.circleWithRadius', 'method', 8, 8, '+ (instancetype)circleWithRadius:(double)radius', None),
        ('Circle.area', 'method', 14, 16, '- (double)area', 'The area of the circle.'),
        ('Circle.circleWithRadius', 'method', 18, 22, '+ (instancetype)circleWithRadius:(double)radius', None),
        ('helper', 'function', 26, 28, 'static int helper(int x)', None),
    ]
    assert refs(references, "CALLS") == [
        ('square', 15, 'Circle.area', None),
        ('init', 19, 'Circle.circleWithRadius', None),
        ('alloc', 19, 'Circle.circleWithRadius', None),
        ('abs', 27, 'helper', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Shape', 5, 'Circle', None),
        ('Drawable', 5, 'Circle', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('Foundation', 1, None, 'Foundation/Foundation.h'),
        ('Shape', 2, None, 'Shape.h'),
    ]
    assert refs(references, "USES") == [
        ('Circle', 19, 'Circle.circleWithRadius', None),
    ]


def test_fortran() -> None:
    facts, references = parse("fortran", "src/geometry.f90", r'''
        ! Geometry routines.
        module geometry
          use iso_fortran_env, only: real64
          implicit none

          type :: point
            real(real64) :: x, y
          end type point

          type, extends(point) :: point3
            real(real64) :: z
          end type point3

        contains

          !> Distance between two points.
          function distance(a, b) result(d)
            type(point), intent(in) :: a, b
            real(real64) :: d
            d = sqrt((a%x - b%x)**2 + (a%y - b%y)**2)
          end function distance

          subroutine shift(p, dx)
            type(point), intent(inout) :: p
            real(real64), intent(in) :: dx
            p%x = p%x + dx
            call log_move(p)
          end subroutine shift
        end module geometry

        program main
          use geometry
          call shift(origin, 1.0d0)
        end program main
        ''')
    assert facts == [
        ('geometry', 'class', 2, 29, 'module geometry', 'Geometry routines.'),
        ('geometry.point', 'class', 6, 8, 'type :: point', None),
        ('geometry.point3', 'class', 10, 12, 'type, extends(point) :: point3', None),
        ('geometry.distance', 'method', 17, 21, 'function distance(a, b) result(d)', 'Distance between two points.'),
        ('geometry.shift', 'method', 23, 28, 'subroutine shift(p, dx)', None),
        ('main', 'function', 31, 34, 'program main', None),
    ]
    assert refs(references, "CALLS") == [
        ('sqrt', 20, 'geometry.distance', None),
        ('log_move', 27, 'geometry.shift', None),
        ('shift', 33, 'main', None),
    ]
    assert refs(references, "INHERITS") == [
        ('point', 10, 'geometry.point3', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('real64', 3, 'geometry', 'iso_fortran_env'),
        ('geometry', 32, 'main', 'geometry'),
    ]
    assert refs(references, "USES") == [
        ('point', 18, 'geometry.distance', None),
        ('point', 24, 'geometry.shift', None),
    ]


def test_solidity() -> None:
    facts, references = parse("solidity", "contracts/Vault.sol", r'''
        // SPDX-License-Identifier: MIT
        pragma solidity ^0.8.20;

        import "./IERC20.sol";
        import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

        /// @title A simple token vault.
        contract Vault is Ownable, IVault {
            mapping(address => uint256) public balances;

            event Deposited(address indexed who, uint256 amount);

            struct Entry { uint256 amount; }

            /// @notice Deposit tokens.
            function deposit(IERC20 token, uint256 amount) external onlyOwner {
                token.transferFrom(msg.sender, address(this), amount);
                balances[msg.sender] += amount;
                emit Deposited(msg.sender, amount);
            }

            modifier nonZero(uint256 x) { require(x > 0); _; }
        }

        interface IVault {
            function deposit(IERC20 token, uint256 amount) external;
        }

        library MathLib {
            function max(uint a, uint b) internal pure returns (uint) { return a > b ? a : b; }
        }
        ''')
    assert facts == [
        ('Vault', 'class', 8, 23, 'contract Vault is Ownable, IVault', '@title A simple token vault.'),
        ('Vault.Deposited', 'class', 11, 11, 'event Deposited(address indexed who, uint256 amount)', None),
        ('Vault.Entry', 'class', 13, 13, 'struct Entry', None),
        ('Vault.deposit', 'method', 16, 20, 'function deposit(IERC20 token, uint256 amount) external onlyOwner', '@notice Deposit tokens.'),
        ('Vault.nonZero', 'method', 22, 22, 'modifier nonZero(uint256 x)', None),
        ('IVault', 'class', 25, 27, 'interface IVault', None),
        ('IVault.deposit', 'method', 26, 26, 'function deposit(IERC20 token, uint256 amount) external', None),
        ('MathLib', 'class', 29, 31, 'library MathLib', None),
        ('MathLib.max', 'method', 30, 30, 'function max(uint a, uint b) internal pure returns (uint)', None),
    ]
    assert refs(references, "CALLS") == [
        ('transferFrom', 17, 'Vault.deposit', None),
        ('Deposited', 19, 'Vault.deposit', None),
        ('require', 22, 'Vault.nonZero', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Ownable', 8, 'Vault', None),
        ('IVault', 8, 'Vault', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('IERC20', 4, None, './IERC20.sol'),
        ('Ownable', 5, None, '@openzeppelin/contracts/access/Ownable.sol'),
    ]
    assert refs(references, "USES") == [
        ('IERC20', 16, 'Vault.deposit', None),
        ('IERC20', 26, 'IVault.deposit', None),
    ]
    assert refs(references, "DECORATES") == [
        ('onlyOwner', 16, 'Vault.deposit', None),
    ]


def test_d() -> None:
    facts, references = parse("d", "source/shapes.d", r'''
        module geometry.shapes;

        import std.stdio;
        import std.math : sqrt, PI;

        /// A shape with an area.
        interface Shape {
            double area();
        }

        /++
         + A circle.
         +/
        class Circle : Base, Shape {
            private double radius;

            this(double r) { radius = r; }

            override double area() {
                return PI * square(radius);
            }
        }

        struct Point {
            int x, y;
            Point add(Point other) const { return Point(x + other.x, y + other.y); }
        }

        enum Color { red, green }

        double square(double v) {
            return v * v;
        }

        void main() {
            auto c = new Circle(2.0);
            writeln(c.area());
        }
        ''')
    assert facts == [
        ('Shape', 'class', 7, 9, 'interface Shape', 'A shape with an area.'),
        ('Shape.area', 'method', 8, 8, 'double area()', None),
        ('Circle', 'class', 14, 22, 'class Circle : Base, Shape', 'A circle.'),
        ('Circle.this', 'method', 17, 17, 'this(double r)', None),
        ('Circle.area', 'method', 19, 21, 'override double area()', None),
        ('Point', 'class', 24, 27, 'struct Point', None),
        ('Point.add', 'method', 26, 26, 'Point add(Point other) const', None),
        ('Color', 'class', 29, 29, 'enum Color', None),
        ('square', 'function', 31, 33, 'double square(double v)', None),
        ('main', 'function', 35, 38, 'void main()', None),
    ]
    assert refs(references, "CALLS") == [
        ('square', 20, 'Circle.area', None),
        ('Point', 26, 'Point.add', None),
        ('Circle', 36, 'main', None),
        ('writeln', 37, 'main', None),
        ('area', 37, 'main', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Base', 14, 'Circle', None),
        ('Shape', 14, 'Circle', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('stdio', 3, None, 'std.stdio'),
        ('sqrt', 4, None, 'std.math'),
        ('PI', 4, None, 'std.math'),
    ]
    assert refs(references, "USES") == [
        ('Point', 26, 'Point.add', None),
        ('Point', 26, 'Point.add', None),
    ]


def test_cuda() -> None:
    facts, references = parse("cuda", "kernels/add.cu", r'''
        #include <cuda_runtime.h>
        #include "kernels.cuh"

        namespace gpu {

        // Adds two vectors element by element.
        __global__ void vector_add(const float *a, const float *b, float *out, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) out[i] = clampf(a[i] + b[i]);
        }

        __device__ float clampf(float v) { return fminf(v, 1.0f); }

        class Launcher : public Base {
        public:
            void run(int n);
        };

        void Launcher::run(int n) {
            vector_add<<<(n + 255) / 256, 256>>>(a_, b_, out_, n);
            cudaDeviceSynchronize();
        }

        }  // namespace gpu
        ''')
    assert facts == [
        ('vector_add', 'function', 7, 10, '__global__ void vector_add(const float *a, const float *b, float *out, int n)', 'Adds two vectors element by element.'),
        ('clampf', 'function', 12, 12, '__device__ float clampf(float v)', None),
        ('Launcher', 'class', 14, 17, 'class Launcher : public Base', None),
        ('Launcher.run', 'method', 16, 16, 'void run(int n)', None),
        ('Launcher.run', 'method', 19, 22, 'void Launcher::run(int n)', None),
    ]
    assert refs(references, "CALLS") == [
        ('clampf', 9, 'vector_add', None),
        ('fminf', 12, 'clampf', None),
        ('vector_add', 20, 'Launcher.run', None),
        ('cudaDeviceSynchronize', 21, 'Launcher.run', None),
    ]
    assert refs(references, "INHERITS") == [
        ('Base', 14, 'Launcher', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('cuda_runtime', 1, None, 'cuda_runtime.h'),
        ('kernels.cuh', 2, None, 'kernels.cuh'),
    ]


def test_glsl() -> None:
    facts, references = parse("glsl", "shaders/lit.frag", r'''
        #version 450
        #include "common.glsl"

        // Material of a surface.
        struct Material {
            vec3 albedo;
            float roughness;
        };

        uniform Material material;
        in vec3 normal;
        out vec4 color;

        /* Lambert shading. */
        float lambert(vec3 n, vec3 l) {
            return max(dot(n, l), 0.0);
        }

        void main() {
            float d = lambert(normalize(normal), vec3(0.0, 1.0, 0.0));
            color = vec4(material.albedo * d, 1.0);
        }
        ''')
    assert facts == [
        ('Material', 'class', 5, 8, 'struct Material', 'Material of a surface.'),
        ('lambert', 'function', 15, 17, 'float lambert(vec3 n, vec3 l)', 'Lambert shading.'),
        ('main', 'function', 19, 22, 'void main()', None),
    ]
    assert refs(references, "CALLS") == [
        ('max', 16, 'lambert', None),
        ('dot', 16, 'lambert', None),
        ('lambert', 20, 'main', None),
        ('normalize', 20, 'main', None),
        ('vec3', 20, 'main', None),
        ('vec4', 21, 'main', None),
    ]
    assert refs(references, "IMPORTS") == [
        ('common.glsl', 2, None, 'common.glsl'),
    ]

