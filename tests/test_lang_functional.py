"""Elixir, Erlang, Haskell, OCaml, F#, Elm: every definition of a realistic file, with its facts, and its references."""

from __future__ import annotations

from coderag_mcp.models import ChunkType
from coderag_mcp.store import ChunkRecord, ReferenceRecord

from .conftest import parse_text


def parse(language: str, path: str, text: str
          ) -> tuple[list[ChunkRecord], dict[str, ChunkRecord], list[ReferenceRecord]]:
    chunks, _symbols, references = parse_text(language, path, text, every_line_once=True)
    definitions = {chunk.qualified_name: chunk for chunk in chunks if chunk.chunk_type is not ChunkType.MODULE}
    assert len(definitions) == len([c for c in chunks if c.chunk_type is not ChunkType.MODULE])
    return chunks, definitions, references


def facts(chunk: ChunkRecord) -> tuple[object, ...]:
    return (chunk.chunk_type.value, chunk.lineno, chunk.end_lineno, chunk.signature, chunk.docstring)


def refs(references: list[ReferenceRecord], edge_type: str) -> list[tuple[object, ...]]:
    return [(r.name, r.lineno, r.source, r.module) for r in references if r.edge_type == edge_type]


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
        "method", 11, 15, "def area(%{radius: r})", "Area of the circle.")
    assert facts(found["Shapes.Circle.describe"]) == (
        "method", 17, 17, "defp describe(circle) when is_map(circle)", None)
    assert facts(found["Shapes.Circle.twice"]) == ("method", 19, 22, "defmacro twice(x)", "Double at compile time.")
    assert facts(found["Sized"]) == ("class", 29, 32, "defprotocol Sized", None)
    assert facts(found["Sized.size"]) == ("method", 30, 31, "def size(data)", "The size of the data.")
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
