"""The published output schemas: written out plainly, and valid for exactly what pydantic's were."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any, Literal

import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from pydantic import BaseModel, Field

from coderag_mcp.config import Settings
from coderag_mcp.models import CodeRAGStatusResponse, JobList, ReferencesResponse, SearchResponse, SymbolResponse
from coderag_mcp.output_schemas import compact_schema
from coderag_mcp.server import create_server

from .conftest import call

pytestmark = pytest.mark.anyio


class Colour(str, enum.Enum):
    RED = "red"
    BLUE = "blue"


class Leaf(BaseModel):
    name: str
    size: int | None = None


class Tree(BaseModel):
    title: str | None
    colour: Colour | None
    favourite: Colour
    shape: Literal["round"] | None = None
    leaves: list[Leaf]
    best: Leaf | None = None
    weight: float | None = Field(default=None, description="kilograms")
    tags: list[str] | None = None


VALID: list[dict[str, Any]] = [
    {"title": "oak", "colour": "red", "favourite": "blue", "leaves": []},
    {"title": None, "colour": None, "favourite": "red", "shape": None, "leaves": [{"name": "a", "size": None}],
     "best": None, "weight": None, "tags": None},
    {"title": "x", "colour": "blue", "favourite": "red", "shape": "round", "leaves": [{"name": "a", "size": 3}],
     "best": {"name": "b"}, "weight": 2.5, "tags": ["t"]},
]
INVALID: list[dict[str, Any]] = [
    {"title": 5, "colour": None, "favourite": "red", "leaves": []},
    {"title": None, "colour": "green", "favourite": "red", "leaves": []},
    {"title": None, "colour": None, "favourite": None, "leaves": []},
    {"title": None, "colour": None, "favourite": "red", "shape": "square", "leaves": []},
    {"title": None, "colour": None, "favourite": "red", "leaves": [{"name": 1}]},
    {"title": None, "colour": None, "favourite": "red", "leaves": [], "best": {"size": 1}},
    {"title": None, "colour": None, "favourite": "red", "leaves": [], "best": "leaf"},
    {"title": None, "colour": None, "favourite": "red", "leaves": [], "weight": "heavy"},
    {"title": None, "colour": None, "favourite": "red", "leaves": [], "tags": [1]},
    {"colour": None, "favourite": "red", "leaves": []},
]


def _valid(schema: dict[str, Any], instance: Any) -> bool:
    return not list(Draft202012Validator(schema).iter_errors(instance))


def test_compacted_schema_has_no_references_or_nullable_alternatives() -> None:
    compacted = compact_schema(Tree.model_json_schema())
    Draft202012Validator.check_schema(compacted)
    text = json.dumps(compacted)
    assert "$ref" not in text and "$defs" not in text and '{"type": "null"}' not in text
    assert compacted["properties"]["weight"] == {"type": ["number", "null"], "default": None, "title": "Weight",
                                                 "description": "kilograms"}
    assert compacted["properties"]["colour"]["enum"] == ["red", "blue", None]


@pytest.mark.parametrize("instance", VALID + INVALID)
def test_compacted_schema_accepts_what_the_original_accepts(instance: dict[str, Any]) -> None:
    original = Tree.model_json_schema()
    assert _valid(compact_schema(original), instance) == _valid(original, instance)
    assert _valid(original, instance) == (instance in VALID)


def test_a_definition_that_contains_itself_is_left_as_it_was() -> None:
    class Node(BaseModel):
        children: list[Node]

    schema = Node.model_json_schema()
    assert compact_schema(schema) == schema


def _mutations(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer with one field at a time (of the answer, and of its first item of each list) set to null,
    and to a value no field allows."""
    changed = []
    for key, value in answer.items():
        changed += [{**answer, key: None}, {**answer, key: {"unexpected": True}}]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for field in value[0]:
                for wrong in (None, {"unexpected": True}):
                    changed.append({**answer, key: [{**value[0], field: wrong}, *value[1:]]})
    return changed


async def test_real_answers_and_their_mutations_agree_under_both_schemas(settings: Settings, sample_repo: Path) -> None:
    async with Client(create_server(settings)) as client:
        await call(client, "init_index", project_id="demo", target_path=str(sample_repo), background=False)
        answers = {
            "search_code": await call(client, "search_code", project_id="demo", query="load config"),
            "find_symbol": await call(client, "find_symbol", project_id="demo", name="parse_config"),
            "find_references": await call(client, "find_references", project_id="demo", symbol="parse_config"),
            "get_status": await call(client, "get_status", project_id="demo"),
            "list_jobs": await call(client, "list_jobs", project_id="demo"),
        }
    assert answers["search_code"]["hits"] and answers["find_symbol"]["definitions"]
    assert answers["find_references"]["references"] and answers["list_jobs"]["jobs"]
    models: dict[str, type[BaseModel]] = {"search_code": SearchResponse, "find_symbol": SymbolResponse,
                                          "find_references": ReferencesResponse, "get_status": CodeRAGStatusResponse,
                                          "list_jobs": JobList}
    disagreements, rejected = [], 0
    for tool, answer in answers.items():
        original = models[tool].model_json_schema()
        compacted = compact_schema(original)
        assert _valid(original, answer) and _valid(compacted, answer), tool
        for instance in _mutations(answer):
            verdict = _valid(original, instance)
            rejected += not verdict
            if _valid(compacted, instance) != verdict:
                disagreements.append((tool, instance))
    assert not disagreements
    assert rejected > 50  # the mutations do reach fields both schemas constrain


async def test_the_server_publishes_compact_output_schemas(settings: Settings) -> None:
    async with Client(create_server(settings)) as client:
        tools = (await client.list_tools()).tools
    for tool in tools:
        assert tool.output_schema is not None
        Draft202012Validator.check_schema(tool.output_schema)
        text = json.dumps(tool.output_schema)
        assert "$ref" not in text and '{"type": "null"}' not in text, tool.name
