"""The quick meta-schema pre-check never clears a schema openapi-spec-validator rejects.

``structure`` runs openapi-spec-validator's Schema Object meta-schema check only on the
top-level schemas the quick check can't clear; these tests hold the quick check to the
meta-schemas: every keyword they constrain is in its table, every schema-valued keyword is
walked, and over a broad set of keyword values "cleared" implies "valid".
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest
from openapi_schema_validator._specifications import REGISTRY

from generator.lint import check_document
from generator.lint.index import Index
from generator.lint.meta import KEYWORDS_30, KEYWORDS_31, MetaCheck
from generator.lint.walk import walk

VOCABULARIES_31 = [
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/meta/core",
    "https://json-schema.org/draft/2020-12/meta/applicator",
    "https://json-schema.org/draft/2020-12/meta/unevaluated",
    "https://json-schema.org/draft/2020-12/meta/validation",
    "https://json-schema.org/draft/2020-12/meta/meta-data",
    "https://json-schema.org/draft/2020-12/meta/format-annotation",
    "https://json-schema.org/draft/2020-12/meta/content",
    "https://spec.openapis.org/oas/3.1/meta/base",
]
DRAFT4 = "http://json-schema.org/draft-04/schema"
SCHEMA_KINDS = {
    "schema",
    "schema-or-bool",
    "schema-or-array",
    "schema-map",
    "pattern-map",
    "schema-array",
}
# Top-level keywords of a meta-schema that don't constrain a schema's own keywords.
HARMLESS_TOP_LEVEL = {
    "$schema",
    "$id",
    "id",
    "$vocabulary",
    "$dynamicAnchor",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "default",
    "properties",
    "allOf",  # only the vocabularies, each checked here
    "type",  # object or boolean: checked by the quick check itself
}


def meta_keywords(dialect: str) -> Mapping[str, str]:
    """The keyword table of the quick meta-schema check."""
    return KEYWORDS_30 if dialect == "3.0" else KEYWORDS_31


def meta_errors(schema: Any, dialect: str) -> list[str]:
    """openapi-spec-validator's meta-schema errors for one schema."""
    return [error.message for error in MetaCheck(dialect).real_errors(schema, {})]


def quick_meta_ok(schema: Any, dialect: str) -> bool:
    """The quick check over a whole schema tree: True = surely valid."""
    index = Index({"openapi": f"{dialect}.0", "components": {"schemas": {"x": schema}}}, dialect)
    walk(index, {})
    (root,) = index.schema_roots
    return MetaCheck(dialect).clears(root.nodes)


def walked_keywords(dialect: str) -> frozenset[str]:
    """The keywords of either table the walk descends into, seen from outside: lint finds
    an array schema without items under the keyword, in one of the shapes it can hold."""
    probe = {"type": "array"}
    walked = set()
    for keyword in set(KEYWORDS_30) | set(KEYWORDS_31):
        for value, below in (({"p": probe}, "/p"), (probe, ""), ([probe], "/0")):
            schemas = {"S": {keyword: value}}
            document = {"openapi": f"{dialect}.0", "components": {"schemas": schemas}}
            expected = f"/components/schemas/S/{keyword}{below}"
            if any(hit.pointer == expected for hit in check_document(document, {"array-items"})):
                walked.add(keyword)
    return frozenset(walked)


def constrained(uri: str) -> set[str]:
    contents = REGISTRY.contents(uri)
    top = set(contents) - HARMLESS_TOP_LEVEL
    if uri == DRAFT4:
        assert contents["dependencies"] == {
            "exclusiveMaximum": ["maximum"],
            "exclusiveMinimum": ["minimum"],
        }
        top -= {"dependencies"}
    assert top == set(), f"{uri} constrains schemas beyond its properties: {top}"
    return set(contents["properties"])


def test_every_constrained_keyword_is_in_the_table() -> None:
    keywords_31 = set().union(*(constrained(uri) for uri in VOCABULARIES_31))
    assert keywords_31 <= set(meta_keywords("3.1"))
    assert constrained(DRAFT4) <= set(meta_keywords("3.0"))


@pytest.mark.parametrize("dialect", ["3.0", "3.1"])
def test_every_schema_valued_keyword_is_walked(dialect: str) -> None:
    schema_valued = {k for k, kind in meta_keywords(dialect).items() if kind in SCHEMA_KINDS}
    assert schema_valued == walked_keywords(dialect)


VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.5,
    0.0,
    "",
    "x",
    "string",
    "(",
    "^[a-z]+$",
    "#/components/schemas/A",
    [],
    ["a"],
    ["a", "a"],
    ["string", "null"],
    ["string", "strin"],
    [1, 1.0],
    [{}],
    [{"type": "string"}, {"type": 1}],
    {},
    {"a": {}},
    {"a": 1},
    {"a": True},
    {"type": "string"},
    {"propertyName": "kind"},
    {"propertyName": "kind", "mapping": {"a": 1}},
    {"propertyName": "kind", "extra": 1},
    {"(": {}},
]


def cases(dialect: str) -> list[Any]:
    result: list[Any] = []
    for keyword, value in itertools.product(meta_keywords(dialect), VALUES):
        result.append({keyword: value})
        result.append({"type": "object", "properties": {"p": {keyword: value}}})
    if dialect == "3.0":
        result += [
            {"exclusiveMinimum": True},
            {"exclusiveMinimum": True, "minimum": 0},
            {"$ref": "#/a", "properties": {"p": {"type": 1}}},
            {"additionalProperties": False, "properties": {"p": {"items": [{"type": 1}]}}},
        ]
    else:
        result += [True, False, {"$schema": "https://json-schema.org/draft/2020-12/schema"}]
    return result


@pytest.mark.parametrize("dialect", ["3.0", "3.1"])
def test_cleared_schemas_are_valid(dialect: str) -> None:
    cleared = 0
    for schema in cases(dialect):
        if quick_meta_ok(schema, dialect):
            cleared += 1
            assert meta_errors(schema, dialect) == [], schema
    assert cleared > 100  # and it does clear the ordinary ones


@pytest.mark.parametrize(
    ("schema", "dialect"),
    [
        ({"type": "strin"}, "3.1"),
        ({"exclusiveMinimum": True}, "3.1"),
        ({"required": ["a", "a"]}, "3.1"),
        ({"$recursiveAnchor": True}, "3.1"),
        ({"properties": {"a": {"pattern": "("}}}, "3.1"),
        ({"exclusiveMinimum": 0}, "3.0"),
        ({"enum": ["a", "a"]}, "3.0"),
        ({"required": []}, "3.0"),
        ({"items": {"type": "strin"}}, "3.0"),
    ],
)
def test_invalid_schemas_are_not_cleared(schema: Any, dialect: str) -> None:
    assert not quick_meta_ok(schema, dialect)
    assert meta_errors(schema, dialect) != []
