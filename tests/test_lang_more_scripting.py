"""Julia, R, Perl, PowerShell, Nim, Groovy: every definition of a realistic file, with its facts, and its references."""

from __future__ import annotations

from coderag_mcp.models import ChunkType

from .conftest import parse_text, facts, parse_definitions as parse, refs


JULIA = '''
    module Shapes

    using LinearAlgebra
    import Base: show
    include("geometry.jl")

    export Circle, area

    "A shape in the plane."
    abstract type Shape end

    """
    A circle of a given radius.
    """
    struct Circle <: Shape
        radius::Float64
    end

    "Area of a circle."
    function area(c::Circle)::Float64
        return square(c.radius) * pi
    end

    perimeter(c::Circle) = 2 * pi * c.radius

    function Base.show(io::IO, c::Circle)
        print(io, "Circle(", c.radius, ")")
    end

    total(shapes) = sum(area.(shapes))

    end
    '''


def test_julia() -> None:
    chunks, found, references = parse("julia", "src/Shapes.jl", JULIA)
    assert sorted(found) == ["Shapes", "Shapes.Circle", "Shapes.Shape", "Shapes.area", "Shapes.perimeter",
                             "Shapes.show", "Shapes.total"]
    assert facts(found["Shapes"])[:4] == ("class", 1, 32, "module Shapes")
    # The string above a definition is its docstring, and part of its chunk.
    assert facts(found["Shapes.Shape"]) == ("class", 10, 10, "abstract type Shape end", "A shape in the plane.")
    assert facts(found["Shapes.Circle"]) == (
        "class", 15, 17, "struct Circle <: Shape", "A circle of a given radius.")
    assert facts(found["Shapes.area"]) == (
        "method", 20, 22, "function area(c::Circle)::Float64", "Area of a circle.")
    assert facts(found["Shapes.perimeter"]) == ("method", 24, 24, "perimeter(c::Circle)", None)
    assert facts(found["Shapes.show"])[:4] == ("method", 26, 28, "function Base.show(io::IO, c::Circle)")
    assert facts(found["Shapes.total"])[:4] == ("method", 30, 30, "total(shapes)")

    assert refs(references, "IMPORTS") == [("LinearAlgebra", 3, "Shapes", "LinearAlgebra"),
                                           ("show", 4, "Shapes", "Base"),
                                           ("geometry", 5, "Shapes", "geometry.jl")]
    assert refs(references, "INHERITS") == [("Shape", 15, "Shapes.Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 21, "Shapes.area", None) in calls
    assert ("print", 27, "Shapes.show", None) in calls
    assert {("sum", 30), ("area", 30)} <= {(n, line) for n, line, source, _ in calls if source == "Shapes.total"}
    assert "include" not in {name for name, *_ in calls}


R = '''
    library(R6)
    requireNamespace("jsonlite")
    source("R/helpers.R")

    #' Area of a circle.
    #'
    #' @param r The radius.
    area <- function(r) {
      square(r) * pi
    }

    total = function(shapes) sum(vapply(shapes, area, numeric(1)))

    setClass("Circle", representation(radius = "numeric"), contains = "Shape")

    Counter <- R6Class("Counter", inherit = Base,
      public = list(count = 0)
    )

    counter_env <- new.env()
    counter_env$bump <- function(by = 1) {
      jsonlite::toJSON(by)
    }
    '''


def test_r() -> None:
    chunks, found, references = parse("r", "R/shapes.R", R)
    assert sorted(found) == ["Circle", "Counter", "area", "counter_env.bump", "total"]
    assert facts(found["area"]) == ("function", 8, 10, "area <- function(r)", "Area of a circle.\n\n@param r The radius.")
    assert facts(found["total"]) == ("function", 12, 12, "total = function(shapes)", None)
    assert facts(found["Circle"])[:3] == ("class", 14, 14)
    assert facts(found["Counter"])[:3] == ("class", 16, 18)
    assert facts(found["counter_env.bump"]) == ("method", 21, 23, "counter_env$bump <- function(by = 1)", None)

    assert refs(references, "IMPORTS") == [("R6", 1, None, "R6"), ("jsonlite", 2, None, "jsonlite"),
                                           ("helpers", 3, None, "R/helpers.R")]
    assert refs(references, "INHERITS") == [("Shape", 14, "Circle", None), ("Base", 16, "Counter", None)]
    calls = refs(references, "CALLS")
    assert ("square", 9, "area", None) in calls
    assert {("sum", 12), ("vapply", 12)} <= {(n, line) for n, line, source, _ in calls if source == "total"}
    assert ("toJSON", 22, "counter_env.bump", None) in calls
    assert not {"library", "requireNamespace", "source", "setClass"} & {name for name, *_ in calls}


PERL = '''
    package Shapes::Circle;
    use strict;
    use warnings;
    use parent 'Shapes::Base';
    use List::Util qw(sum max);
    require Data::Dumper;

    # Build a circle.
    # Takes the radius.
    sub new {
        my ($class, %args) = @_;
        return bless { radius => $args{radius} }, $class;
    }

    # Area of the circle.
    sub area {
        my ($self) = @_;
        return Geometry::square($self->{radius}) * 3.14159;
    }

    sub total { sum(map { $_->area } @_) }

    1;
    '''


def test_perl() -> None:
    chunks, found, references = parse("perl", "lib/Shapes/Circle.pm", PERL)
    assert sorted(found) == ["area", "new", "total"]
    assert facts(found["new"]) == ("function", 10, 13, "sub new", "Build a circle.\nTakes the radius.")
    assert facts(found["area"]) == ("function", 16, 19, "sub area", "Area of the circle.")
    assert facts(found["total"]) == ("function", 21, 21, "sub total", None)
    # Pragmas (`strict`, `warnings`, `parent`) are not imports; `use parent` names the base class.
    assert refs(references, "IMPORTS") == [("Util", 5, None, "List::Util"), ("Dumper", 6, None, "Data::Dumper")]
    assert refs(references, "INHERITS") == [("Shapes::Base", 4, None, None)]
    calls = refs(references, "CALLS")
    assert ("Geometry::square", 18, "area", None) in calls
    assert {("sum", 21), ("area", 21)} <= {(n, line) for n, line, source, _ in calls if source == "total"}


def test_perl_package_block_qualifies_its_subs() -> None:
    _, found, _ = parse("perl", "lib/Counter.pm", '''
        package Counter {
            sub bump { $_[0]{n}++ }
        }
        ''')
    assert facts(found["Counter"])[:3] == ("class", 1, 3)
    assert facts(found["Counter.bump"])[:4] == ("method", 2, 2, "sub bump")


POWERSHELL = '''
    using module .\\Geometry.psm1
    Import-Module PSReadLine
    . .\\helpers.ps1

    <#
    .SYNOPSIS
    Area of a circle.
    #>
    function Get-Area {
        param([double]$Radius)
        return Get-Square $Radius
    }

    class Circle : Shape {
        [double]$Radius

        # The area of this circle.
        [double] Area() {
            return [Math]::PI * $this.Radius * $this.Radius
        }
    }

    function Write-Report($Shapes) {
        $Shapes | ForEach-Object { $total += $_.Area() }
        Write-Output $total
    }
    '''


def test_powershell() -> None:
    chunks, found, references = parse("powershell", "scripts/Shapes.ps1", POWERSHELL)
    assert sorted(found) == ["Circle", "Circle.Area", "Get-Area", "Write-Report"]
    assert facts(found["Get-Area"]) == ("function", 9, 12, "function Get-Area", ".SYNOPSIS\nArea of a circle.")
    assert facts(found["Circle"])[:3] == ("class", 14, 21)
    assert facts(found["Circle.Area"]) == ("method", 18, 20, "[double] Area()", "The area of this circle.")
    assert facts(found["Write-Report"]) == ("function", 23, 26, "function Write-Report($Shapes)", None)
    assert refs(references, "IMPORTS") == [("Geometry", 1, None, ".\\Geometry.psm1"), ("PSReadLine", 2, None, "PSReadLine"),
                                           ("helpers", 3, None, ".\\helpers.ps1")]
    assert refs(references, "INHERITS") == [("Shape", 14, "Circle", None)]
    calls = refs(references, "CALLS")
    assert ("Get-Square", 11, "Get-Area", None) in calls
    assert {("Area", 24), ("Write-Output", 25)} <= {
        (n, line) for n, line, source, _ in calls if source == "Write-Report"}
    assert "Import-Module" not in {name for name, *_ in calls}


GROOVY = '''
    package shapes

    import groovy.transform.CompileStatic
    import static java.lang.Math.PI

    /** A circle of a given radius. */
    class Circle extends Shape {
        double radius

        /** Area of the circle. */
        @CompileStatic
        double area() {
            return Geometry.square(radius) * PI
        }
    }

    def total(List shapes) {
        shapes.sum { it.area() }
    }

    println total([new Circle(radius: 1)])
    '''


def test_groovy() -> None:
    chunks, found, references = parse("groovy", "src/shapes/Circle.groovy", GROOVY)
    assert sorted(found) == ["Circle", "Circle.area", "total"]
    assert facts(found["Circle"]) == ("class", 7, 15, "class Circle extends Shape", "A circle of a given radius.")
    # The grammar makes an annotation a statement of its own: the doc comment above it is not found.
    assert facts(found["Circle.area"]) == ("method", 12, 14, "double area()", None)
    assert facts(found["total"]) == ("function", 17, 19, "def total(List shapes)", None)
    assert refs(references, "IMPORTS") == [("CompileStatic", 3, None, "groovy.transform.CompileStatic"),
                                           ("PI", 4, None, "java.lang.Math.PI")]
    assert refs(references, "INHERITS") == [("Shape", 7, "Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 13, "Circle.area", None) in calls
    assert ("area", 18, "total", None) in calls
    assert ("total", 21, None, None) in calls


def test_gradle_scripts_are_groovy() -> None:
    chunks, _symbols, references = parse_text("groovy", "build.gradle", '''
        plugins { id 'java' }
        dependencies {
            implementation project(':core')
        }
        ''')
    assert [c.chunk_type for c in chunks] == [ChunkType.MODULE]
    assert ("project", 3) in {(r.name, r.lineno) for r in references if r.edge_type == "CALLS"}


def test_shared_extensions_are_told_apart_by_content() -> None:
    from coderag_mcp.languages import BY_NAME, language_for, refine_language

    def language(path: str, text: str) -> str:
        spec = language_for(path)
        assert spec is not None
        return refine_language(spec, path, text.encode()).name

    assert language("src/Circle.fs", "module Shapes\nlet area r = r * r\n") == "fsharp"
    if "glsl" in BY_NAME:  # GLSL's row comes with the second group of languages
        assert language("shaders/blur.fs", "#version 330 core\nout vec4 color;\nvoid main() {}\n") == "glsl"
    assert language("src/shapes.cl", "(defun area (r) (* r r))\n") == "commonlisp"
    assert language("kernels/add.cl", "__kernel void add(__global float* a) {}\n") == "c"
    assert language("lib/Shapes.pl", "use strict;\nsub area { 1 }\n") == "perl"
    assert language("R/shapes.R", "area <- function(r) r * r\n") == "r"
    assert language_for("data/config.edn") is None  # Clojure data, not code


NIM = '''
    import std/[math, strutils]
    from geometry import square

    type
      Shape* = ref object of RootObj
      Circle* = ref object of Shape
        radius*: float

    # Area of the circle.
    proc area*(c: Circle): float =
      square(c.radius) * PI

    func total(shapes: seq[Circle]): float =
      for c in shapes: result += c.area()

    method describe(s: Shape): string {.base.} = "shape".toUpperAscii()

    template twice(x: untyped): untyped = x * 2
    '''


def test_nim() -> None:
    chunks, found, references = parse("nim", "src/shapes.nim", NIM)
    assert sorted(found) == ["Circle", "Shape", "area", "describe", "total", "twice"]
    # `name*` exports the name; the name is without the star.
    assert facts(found["Shape"])[:4] == ("class", 5, 5, "Shape* = ref object of RootObj")
    assert facts(found["Circle"])[:3] == ("class", 6, 7)
    assert facts(found["area"]) == ("function", 10, 11, "proc area*(c: Circle): float", "Area of the circle.")
    assert facts(found["total"]) == ("function", 13, 14, "func total(shapes: seq[Circle]): float", None)
    assert facts(found["describe"])[:4] == ("function", 16, 16, "method describe(s: Shape): string")
    assert facts(found["twice"])[:4] == ("function", 18, 18, "template twice(x: untyped): untyped")
    assert refs(references, "IMPORTS") == [("math", 1, None, "math"), ("strutils", 1, None, "strutils"),
                                           ("square", 2, None, "geometry")]
    assert refs(references, "INHERITS") == [("RootObj", 5, "Shape", None), ("Shape", 6, "Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 11, "area", None) in calls
    assert ("area", 14, "total", None) in calls
    assert ("toUpperAscii", 16, "describe", None) in calls
