"""Whatever shape the document has, lint reports findings: it never crashes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from generator.lint import LINT_RULES, check_document

from .conftest import SPECS

GARBAGE: list[Any] = [
    None,
    7,
    "x",
    True,
    [],
    {},
    [None, {}],
    {"$ref": 1},
    {"$ref": "#/nowhere"},
    {"$ref": "#"},
    {"type": [{}], "enum": [{}], "required": [{}], "properties": []},
]
EVERY_RULE = frozenset(LINT_RULES)
WITHOUT_STRUCTURE = EVERY_RULE - {"structure"}


def base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SPECS / "twenty-mistakes.yaml").read_text("utf-8"))
    return data


def pointers(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from pointers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from pointers(value, (*path, index))


def replaced(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(data)
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = copy.deepcopy(value)
    return document


def test_every_node_replaced_by_garbage() -> None:
    data = base()
    runs = 0
    for path in list(pointers(data))[1:]:
        for value in GARBAGE:
            check_document(replaced(data, path, value), WITHOUT_STRUCTURE)
            runs += 1
    assert runs > 1500


def test_garbage_with_every_rule() -> None:
    data = base()
    paths = list(pointers(data))[1:]
    for number, path in enumerate(paths[::7]):
        check_document(replaced(data, path, GARBAGE[number % len(GARBAGE)]), EVERY_RULE)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"swagger": "2.0"}, "unsupported OpenAPI version '2.0'"),
        ({"openapi": "4.0.0"}, "unsupported OpenAPI version '4.0.0'"),
        ({"openapi": 3.1}, "unsupported OpenAPI version 3.1"),
        ({"info": {}}, "the 'openapi' field is missing"),
    ],
)
def test_not_openapi_3(document: dict[str, Any], message: str) -> None:
    (hit,) = check_document(document, EVERY_RULE)
    assert hit.rule == "structure"
    assert message in hit.message


def test_a_ref_cycle_ends() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "parameters": [{"$ref": "#/components/parameters/A"}],
                "get": {
                    "operationId": "a",
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                },
            }
        },
        "components": {
            "parameters": {
                "A": {"$ref": "#/components/parameters/B"},
                "B": {"$ref": "#/components/parameters/A"},
            },
            "responses": {"R": {"$ref": "#/components/responses/R"}},
            "schemas": {
                "S": {"allOf": [{"$ref": "#/components/schemas/S"}], "required": ["x"]},
            },
        },
    }
    hits = check_document(document, EVERY_RULE)
    assert any(hit.rule == "required-properties" for hit in hits)
