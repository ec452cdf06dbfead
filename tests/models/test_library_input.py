"""What datamodel-code-generator is given: the spec's schemas, spelled the way it models
them right (generator/library_input.py).  Each case gives the models' source too."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_settings
from generator.library_input import library_input
from generator.models_fill import tokenized
from generator.pipeline import build
from generator.speed import models_key

STATUS = {"type": "string", "enum": ["in_progress", "completed"]}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Output": {
                "type": "object",
                "required": ["call_id"],
                "properties": {"call_id": {"type": "string"}, "status": {"type": "string"}},
            },
            "OutputResource": {  # redefines status: merged, not a subclass
                "description": "An output, as stored.",
                "allOf": [
                    {"$ref": "#/components/schemas/Output"},
                    {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "string"}, "status": STATUS},
                    },
                ],
            },
            "Labelled": {  # only adds, or redescribes: stays a subclass
                "allOf": [
                    {"$ref": "#/components/schemas/Output"},
                    {
                        "properties": {
                            "label": {"type": "string"},
                            "status": {"type": "string", "description": "Same."},
                        }
                    },
                ],
            },
            "Session": {
                "type": "object",
                "properties": {"level": {"type": "integer", "default": None}},
            },
        }
    },
}


def test_an_extension_that_redefines_a_property_is_one_merged_object() -> None:
    schemas = library_input(DOCUMENT)["components"]["schemas"]
    assert schemas["OutputResource"] == {
        "description": "An output, as stored.",
        "type": "object",
        "properties": {"call_id": {"type": "string"}, "status": STATUS, "id": {"type": "string"}},
        "required": ["call_id", "id"],
    }
    assert schemas["Labelled"] == DOCUMENT["components"]["schemas"]["Labelled"]


def test_a_null_default_makes_its_schema_nullable() -> None:
    schemas = library_input(DOCUMENT)["components"]["schemas"]
    assert schemas["Session"]["properties"]["level"] == {
        "type": "integer",
        "default": None,
        "nullable": True,
    }
    assert (
        DOCUMENT["components"]["schemas"]["Session"]["properties"]["level"].get("nullable") is None
    )  # the document itself is left as it is


def test_the_models_say_the_same(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(DOCUMENT), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen.lint.severities]\ninvalid-default = "warn"\n', encoding="utf-8"
    )
    settings = load_settings(cwd=tmp_path, spec="spec.yaml", out="out", package="p")
    models = build(settings, regenerate_command="generate").files["models.py"]
    assert "class OutputResource(ApiModel):" in models
    assert "class Labelled(Output):" in models
    assert "    level: int | None = None\n" in models


def _given(document: dict[str, Any]) -> str:
    """The hash the kept models are known by, for what the library is given."""
    return models_key(tokenized(library_input(document)).data, {})


def test_the_library_is_given_the_schemas_not_the_operations_or_the_info() -> None:
    document = {
        **DOCUMENT,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {"get": {"operationId": "getX", "responses": {"204": {"description": "."}}}}
        },
        "components": {
            **DOCUMENT["components"],
            "parameters": {"Q": {"name": "q", "in": "query", "schema": {"type": "string"}}},
        },
    }
    given = library_input(document)
    assert given["paths"] == {} and "parameters" not in given["components"]
    assert given["info"] == {"title": "models", "version": "0"}
    edited = {
        **document,
        "info": {"title": "t", "version": "2"},
        "paths": {"/y": {}},
        "components": {**document["components"], "parameters": {}},
    }
    assert _given(edited) == _given(document)
    described = copy.deepcopy(document)
    described["components"]["schemas"]["OutputResource"]["description"] = "Edited."
    assert _given(described) == _given(document)  # descriptions are put in afterwards
    retyped = copy.deepcopy(document)
    retyped["components"]["schemas"]["Output"]["properties"]["status"]["type"] = "integer"
    assert _given(retyped) != _given(document)


def test_what_a_schema_refers_to_outside_the_schemas_is_given_too() -> None:
    header = {"schema": {"type": "integer", "minimum": 3}}
    document = {
        **DOCUMENT,
        "components": {
            "schemas": {"Count": {"$ref": "#/components/headers/Count/schema"}},
            "headers": {"Count": header},
        },
    }
    assert library_input(document)["components"]["headers"] == {"Count": header}
