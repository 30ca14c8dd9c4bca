"""Elixir, Erlang, Haskell, OCaml, F#, Elm: every definition of a realistic file, with its facts, and its references."""

from __future__ import annotations

from coderag_mcp.models import ChunkType

from .conftest import parse_text, facts, parse_definitions as parse, refs


ELIXIR = '''
    defmodule Shapes.Circle do
      @moduledoc """
      Circles and their areas.
      """
      alias Shapes.Geometry
      import Enum, only: [map: 2]
      require Logger
      use GenServer
      @behaviour Shapes.Shape

      @doc "Area of the circle."
      @spec area(map()) :: float()
      def area(%{radius: r}) do
        Geometry.square(r) * :math.pi()
      end

      defp describe(circle) when is_map(circle), do: inspect(circle)

      # Double at compile time.
      defmacro twice(x) do
        quote do: unquote(x) * 2
      end

      def log_all(circles) do
        map(circles, fn c -> Logger.info(describe(c)) end)
      end
    end

    defprotocol Sized do
      @doc "The size of the data."
      def size(data)
    end
    '''


def test_elixir() -> None:
    chunks, found, references = parse("elixir", "lib/shapes/circle.ex", ELIXIR)
    assert sorted(found) == ["Shapes.Circle", "Shapes.Circle.area", "Shapes.Circle.describe",
                             "Shapes.Circle.log_all", "Shapes.Circle.twice", "Sized", "Sized.size"]
    assert facts(found["Shapes.Circle"]) == ("class", 1, 27, "defmodule Shapes.Circle", "Circles and their areas.")
    # `@doc` and `@spec` above a def belong to it; the doc is the `@doc` string.
    assert facts(found["Shapes.Circle.area"]) == (
        "method", 13, 15, "def area(%{radius: r})", "Area of the circle.")
    assert facts(found["Shapes.Circle.describe"]) == (
        "method", 17, 17, "defp describe(circle) when is_map(circle)", None)
    assert facts(found["Shapes.Circle.twice"]) == ("method", 20, 22, "defmacro twice(x)", "Double at compile time.")
    assert facts(found["Sized"]) == ("class", 29, 32, "defprotocol Sized", None)
    assert facts(found["Sized.size"]) == ("method", 31, 31, "def size(data)", "The size of the data.")
    assert found["Sized.size"].class_context == "Sized"

    assert refs(references, "IMPORTS") == [("Geometry", 5, "Shapes.Circle", "Shapes.Geometry"),
                                           ("Enum", 6, "Shapes.Circle", "Enum"),
                                           ("Logger", 7, "Shapes.Circle", "Logger")]
    assert refs(references, "INHERITS") == [("GenServer", 8, "Shapes.Circle", None),
                                            ("Shapes.Shape", 9, "Shapes.Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 14, "Shapes.Circle.area", None) in calls
    assert ("pi", 14, "Shapes.Circle.area", None) in calls
    assert ("inspect", 17, "Shapes.Circle.describe", None) in calls
    assert {("map", 25), ("info", 25), ("describe", 25)} <= {
        (name, lineno) for name, lineno, source, _ in calls if source == "Shapes.Circle.log_all"}
    # A definition's head is not a call of itself; `def`, `alias`, `quote` are not calls.
    assert not {"def", "defp", "alias", "use", "quote", "unquote"} & {name for name, *_ in calls}
    assert ("area", 13) not in {(name, lineno) for name, lineno, *_ in calls}


ERLANG = '''
    -module(shapes).
    -export([area/1, total/1]).
    -include("geometry.hrl").
    -include_lib("kernel/include/logger.hrl").
    -behaviour(gen_server).

    -record(circle, {radius = 1.0}).

    %% @doc Area of a shape.
    -spec area(tuple()) -> float().
    area(#circle{radius = R}) ->
        geometry:square(R) * math:pi().

    %% Sum the areas of the shapes.
    total(Shapes) ->
        lists:sum(lists:map(fun area/1, Shapes)).
    '''


def test_erlang() -> None:
    chunks, found, references = parse("erlang", "src/shapes.erl", ERLANG)
    assert sorted(found) == ["area", "circle", "total"]
    assert facts(found["circle"]) == ("class", 7, 7, "-record(circle, {radius = 1.0}).", None)
    # The `-spec` and the comment above it belong to the function.
    assert facts(found["area"]) == ("function", 11, 12, "area(#circle{radius = R})", "@doc Area of a shape.")
    assert facts(found["total"]) == ("function", 15, 16, "total(Shapes)", "Sum the areas of the shapes.")
    assert refs(references, "IMPORTS") == [("geometry", 3, None, "geometry.hrl"),
                                           ("logger", 4, None, "kernel/include/logger.hrl")]
    assert refs(references, "INHERITS") == [("gen_server", 5, None, None)]
    assert refs(references, "USES") == [("circle", 11, "area", None)]
    calls = refs(references, "CALLS")
    assert {("square", 12), ("pi", 12)} <= {(name, lineno) for name, lineno, source, _ in calls if source == "area"}
    assert {("sum", 16), ("map", 16), ("area", 16)} <= {
        (name, lineno) for name, lineno, source, _ in calls if source == "total"}


def test_erlang_clauses_of_one_function_are_one_definition_each() -> None:
    chunks, _symbols, _references = parse_text("erlang", "src/fact.erl", '''
        -module(fact).
        fact(0) -> 1;
        fact(N) -> N * fact(N - 1).
        ''')
    assert [(c.name, c.lineno, c.signature) for c in chunks if c.chunk_type is ChunkType.FUNCTION] == [
        ("fact", 2, "fact(0)"), ("fact", 3, "fact(N)")]


HASKELL = '''
    module Shapes.Circle (Circle(..), area, totalArea) where

    import qualified Data.Map as M
    import Shapes.Geometry (square)

    -- | A circle in the plane.
    data Circle = Circle { radius :: Double } deriving (Show, Eq)

    -- | Things with an area.
    class Shape a where
      area :: a -> Double

    instance Shape Circle where
      area c = square (radius c) * pi

    -- | Sum the areas.
    totalArea :: Shape a => [a] -> Double
    totalArea xs = sum (map area xs)

    index :: [Circle] -> M.Map Int Circle
    index cs = M.fromList (zip [0 ..] cs)

    newtype Name = Name String
    '''


def test_haskell() -> None:
    chunks, found, references = parse("haskell", "src/Shapes/Circle.hs", HASKELL)
    assert sorted(found) == ["Circle", "Circle.area", "Name", "Shape", "Shape.area", "index", "totalArea"]
    assert facts(found["Circle"]) == ("class", 7, 7, "data Circle = Circle", "A circle in the plane.")
    assert facts(found["Shape"]) == ("class", 10, 11, "class Shape a where", "Things with an area.")
    assert facts(found["Shape.area"]) == ("method", 11, 11, "area :: a -> Double", None)
    # An instance's equations are methods of the instance's type.
    assert facts(found["Circle.area"]) == ("method", 14, 14, "area c", None)
    # The type signature and the haddock above the equation belong to it.
    assert facts(found["totalArea"]) == ("function", 18, 18, "totalArea xs", "Sum the areas.")
    assert facts(found["index"]) == ("function", 21, 21, "index cs", None)
    assert facts(found["Name"]) == ("class", 23, 23, "newtype Name = Name String", None)

    assert refs(references, "IMPORTS") == [("Map", 3, None, "Data.Map"), ("square", 4, None, "Shapes.Geometry")]
    assert refs(references, "INHERITS") == [("Show", 7, "Circle", None), ("Eq", 7, "Circle", None),
                                            ("Shape", 13, "Circle", None)]
    calls = refs(references, "CALLS")
    assert {("square", 14), ("radius", 14)} <= {(n, line) for n, line, source, _ in calls if source == "Circle.area"}
    assert {("sum", 18), ("map", 18)} <= {(n, line) for n, line, source, _ in calls if source == "totalArea"}
    assert ("fromList", 21, "index", None) in calls


def test_the_first_haskell_declaration_keeps_its_haddock() -> None:
    # Without imports, the haddock above the first declaration lies outside the list of declarations:
    # it went to the module's chunk, and the function had no doc.
    _, found, _ = parse("haskell", "src/Header.hs", '''
        module Header where

        -- | Parse a header.
        -- Stops at the first blank line.
        parse :: String -> Int
        parse s = length s
        ''')
    assert facts(found["parse"]) == ("function", 6, 6, "parse s", "Parse a header.\nStops at the first blank line.")
    assert found["parse"].body.splitlines()[0] == "-- | Parse a header."


OCAML = '''
    open Printf
    module G = Geometry

    (** A circle in the plane. *)
    type circle = { radius : float }

    (** Area of a circle. *)
    let area c = G.square c.radius *. Float.pi

    let rec total = function
      | [] -> 0.
      | c :: rest -> area c +. total rest

    module Report = struct
      let describe c = sprintf "%f" (area c)
    end

    class counter start = object
      inherit Base.counter
      method next = start + 1
    end
    '''


def test_ocaml() -> None:
    chunks, found, references = parse("ocaml", "lib/shapes.ml", OCAML)
    assert sorted(found) == ["Report", "Report.describe", "area", "circle", "counter", "counter.next", "total"]
    assert facts(found["circle"]) == ("class", 5, 5, "type circle", "A circle in the plane.")
    assert facts(found["area"]) == ("function", 8, 8, "let area c", "Area of a circle.")
    assert facts(found["total"]) == ("function", 10, 12, "let rec total", None)
    assert facts(found["Report"]) == ("class", 14, 16, "module Report = struct", None)
    assert facts(found["Report.describe"]) == ("method", 15, 15, "let describe c", None)
    assert facts(found["counter.next"])[:3] == ("method", 20, 20)
    assert refs(references, "IMPORTS") == [("Printf", 1, None, "Printf"), ("G", 2, None, "Geometry")]
    assert refs(references, "INHERITS") == [("counter", 19, "counter", None)]
    calls = refs(references, "CALLS")
    assert ("square", 8, "area", None) in calls
    assert {("area", 12), ("total", 12)} <= {(n, line) for n, line, source, _ in calls if source == "total"}
    assert {("sprintf", 15), ("area", 15)} <= {(n, line) for n, line, source, _ in calls if source == "Report.describe"}


def test_ocaml_interface() -> None:
    _, found, _ = parse("ocaml_interface", "lib/shapes.mli", '''
        type circle

        (** Area of a circle. *)
        val area : circle -> float
        ''')
    assert facts(found["area"]) == ("function", 4, 4, "val area : circle -> float", "Area of a circle.")
    assert facts(found["circle"]) == ("class", 1, 1, "type circle", None)


FSHARP = '''
    module Shapes.Circle

    open System
    open Shapes.Geometry

    /// A circle of a given radius.
    type Circle(radius: float) =
        inherit Shape()
        interface IComparable with
            member this.CompareTo(other) = 0
        member this.Radius = radius
        member this.Area() = square radius * Math.PI

    /// Sum the areas of the circles.
    let totalArea (circles: Circle list) =
        circles |> List.sumBy (fun c -> c.Area())

    type Kind = Round | Boxed
    '''


def test_fsharp() -> None:
    chunks, found, references = parse("fsharp", "src/Circle.fs", FSHARP)
    assert sorted(found) == ["Shapes.Circle", "Shapes.Circle.Circle", "Shapes.Circle.Circle.Area",
                             "Shapes.Circle.Circle.CompareTo", "Shapes.Circle.Circle.Radius",
                             "Shapes.Circle.Kind", "Shapes.Circle.totalArea"]
    assert facts(found["Shapes.Circle"]) == ("class", 1, 18, "module Shapes.Circle", None)
    # The grammar puts a doc comment that follows a type's last member inside that member: it still
    # belongs to the function below, not to the type.
    assert facts(found["Shapes.Circle.Circle"]) == (
        "class", 7, 12, "type Circle(radius: float)", "A circle of a given radius.")
    assert facts(found["Shapes.Circle.Circle.Area"]) == ("method", 12, 12, "member this.Area()", None)
    assert facts(found["Shapes.Circle.Circle.Radius"]) == ("method", 11, 11, "member this.Radius", None)
    assert facts(found["Shapes.Circle.totalArea"]) == (
        "method", 15, 16, "let totalArea (circles: Circle list)", "Sum the areas of the circles.")
    assert facts(found["Shapes.Circle.Kind"]) == ("class", 18, 18, "type Kind = Round | Boxed", None)
    assert refs(references, "IMPORTS") == [("System", 3, "Shapes.Circle", "System"),
                                           ("Geometry", 4, "Shapes.Circle", "Shapes.Geometry")]
    assert refs(references, "INHERITS") == [("Shape", 8, "Shapes.Circle.Circle", None),
                                            ("IComparable", 9, "Shapes.Circle.Circle", None)]
    calls = refs(references, "CALLS")
    assert ("square", 12, "Shapes.Circle.Circle.Area", None) in calls
    assert {("sumBy", 16), ("Area", 16)} <= {
        (n, line) for n, line, source, _ in calls if source == "Shapes.Circle.totalArea"}


ELM = '''
    module Shapes.Circle exposing (Circle, area, view)

    import Html exposing (Html, text)
    import Shapes.Geometry as G

    {-| A circle in the plane. -}
    type alias Circle =
        { radius : Float }

    type Shape
        = Round Circle
        | Box Float

    {-| Area of a circle. -}
    area : Circle -> Float
    area c =
        G.square c.radius * pi

    view : Circle -> Html msg
    view c =
        text (String.fromFloat (area c))
    '''


def test_elm() -> None:
    chunks, found, references = parse("elm", "src/Shapes/Circle.elm", ELM)
    assert sorted(found) == ["Circle", "Shape", "area", "view"]
    assert facts(found["Circle"]) == ("class", 7, 8, "type alias Circle", "A circle in the plane.")
    assert facts(found["Shape"])[:3] == ("class", 10, 12)
    # The type annotation and the doc comment above it belong to the function.
    assert facts(found["area"]) == ("function", 16, 17, "area c", "Area of a circle.")
    assert facts(found["view"]) == ("function", 20, 21, "view c", None)
    assert refs(references, "IMPORTS") == [("Html", 3, None, "Html"), ("text", 3, None, "Html"),
                                           ("Geometry", 4, None, "Shapes.Geometry")]
    assert ("Circle", 15, "area", None) in refs(references, "USES")  # the annotation is the function's
    calls = refs(references, "CALLS")
    assert ("square", 17, "area", None) in calls
    assert {("text", 21), ("fromFloat", 21), ("area", 21)} <= {
        (n, line) for n, line, source, _ in calls if source == "view"}
