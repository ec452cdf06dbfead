"""Property-based checks of ``diff`` (issue 13): a random small spec against itself is no
change, a random breaking edit of it is reported as breaking, and a description-only
edit of it is nothing breaking."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.diff import DIFF_RULES

from .conftest import Spec, diff

EXAMPLES = settings(
    max_examples=int(os.environ.get("CLIENTGEN_HYPOTHESIS_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

SCALARS = ("string", "integer", "number", "boolean")
PROPERTY_NAMES = ("alpha", "beta", "gamma", "delta", "omega")
QUERY_NAMES = ("limit", "page", "query", "verbose")
ENUM_VALUES = ("red", "green", "blue", "black")
JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# ------------------------------------------------------------------ random specs


@st.composite
def object_schema(draw: st.DrawFn, enum: str | None) -> Spec:
    """An object of a few scalar properties, some required; ``enum`` (a component's
    name) is the type of one more property when given."""
    names = draw(st.lists(st.sampled_from(PROPERTY_NAMES), min_size=1, max_size=3, unique=True))
    properties: Spec = {name: {"type": draw(st.sampled_from(SCALARS))} for name in names}
    if enum is not None:
        properties["kind"] = _ref(enum)
    required = [name for name in properties if draw(st.booleans())]
    found: Spec = {"type": "object", "properties": properties}
    if required:
        found["required"] = required
    return found


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    """A small valid OpenAPI 3.1 spec: one to three operations, each with path and
    query parameters, maybe a JSON body, and a 200 JSON response of a component."""
    paths: Spec = {}
    schemas: Spec = {}
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        parameters: list[Spec] = []
        path = f"/things{i}"
        if draw(st.booleans()):
            path += "/{itemId}"
            parameters.append(
                {
                    "name": "itemId",
                    "in": "path",
                    "required": True,
                    "schema": {"type": draw(st.sampled_from(("string", "integer")))},
                }
            )
        for name in draw(st.lists(st.sampled_from(QUERY_NAMES), max_size=2, unique=True)):
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": draw(st.booleans()),
                    "schema": {"type": draw(st.sampled_from(SCALARS))},
                }
            )
        operation: Spec = {"operationId": f"doThing{i}", "tags": ["things"]}
        if parameters:
            operation["parameters"] = parameters
        method = "get"
        if draw(st.booleans()):
            method = "post"
            enum = None
            if draw(st.booleans()):
                enum = f"Kind{i}"
                schemas[enum] = {
                    "type": "string",
                    "enum": draw(
                        st.lists(st.sampled_from(ENUM_VALUES), min_size=2, max_size=3, unique=True)
                    ),
                }
            schemas[f"Input{i}"] = draw(object_schema(enum))
            operation["requestBody"] = {
                "required": draw(st.booleans()),
                "content": {JSON: {"schema": _ref(f"Input{i}")}},
            }
        schemas[f"Output{i}"] = draw(object_schema(None))
        operation["responses"] = {
            "200": {"description": "OK.", "content": {JSON: {"schema": _ref(f"Output{i}")}}}
        }
        paths[path] = {method: operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Generated", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def text(data: Spec) -> str:
    return yaml.safe_dump(data, sort_keys=False, width=1000)


def operations(data: Spec) -> list[Spec]:
    return [op for item in data["paths"].values() for op in item.values()]


def sent(data: Spec) -> list[Spec]:
    return [s for name, s in data["components"]["schemas"].items() if name.startswith("Input")]


def received(data: Spec) -> list[Spec]:
    return [s for name, s in data["components"]["schemas"].items() if name.startswith("Output")]


# --------------------------------------------------------------- breaking edits

# An edit changes a spec in place, drawing where with the function it is given.
Edit = Callable[[Spec, Callable[[Any], Any]], None]


def _other_type(kind: str) -> str:
    """A type that neither widens nor narrows ``kind``."""
    return "boolean" if kind == "string" else "string"


def remove_operation(data: Spec, pick: Callable[[Any], Any]) -> None:
    del data["paths"][pick(st.sampled_from(sorted(data["paths"])))]


def remove_request_property(data: Spec, pick: Callable[[Any], Any]) -> None:
    model = pick(st.sampled_from(sent(data)))
    name = pick(st.sampled_from(sorted(model["properties"])))
    del model["properties"][name]
    if name in model.get("required", []):
        model["required"].remove(name)
        if not model["required"]:
            del model["required"]


def _optional(model: Spec) -> list[str]:
    return [name for name in model["properties"] if name not in model.get("required", [])]


def require_request_property(data: Spec, pick: Callable[[Any], Any]) -> None:
    model = pick(st.sampled_from([m for m in sent(data) if _optional(m)]))
    model.setdefault("required", []).append(pick(st.sampled_from(_optional(model))))


def add_required_query_parameter(data: Spec, pick: Callable[[Any], Any]) -> None:
    operation = pick(st.sampled_from(operations(data)))
    operation.setdefault("parameters", []).append(
        {"name": "mustHave", "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _enums(data: Spec) -> list[Spec]:
    return [s for s in data["components"]["schemas"].values() if "enum" in s]


def remove_enum_value(data: Spec, pick: Callable[[Any], Any]) -> None:
    enum = pick(st.sampled_from(_enums(data)))
    enum["enum"].remove(pick(st.sampled_from(enum["enum"])))


def remove_response_property(data: Spec, pick: Callable[[Any], Any]) -> None:
    model = pick(st.sampled_from(received(data)))
    name = pick(st.sampled_from(sorted(model["properties"])))
    del model["properties"][name]
    if name in model.get("required", []):
        model["required"].remove(name)
        if not model["required"]:
            del model["required"]


def _typed(model: Spec) -> list[str]:
    return [name for name, value in model["properties"].items() if "type" in value]


def change_property_type(models: Callable[[Spec], list[Spec]]) -> Edit:
    def edit(data: Spec, pick: Callable[[Any], Any]) -> None:
        model = pick(st.sampled_from([m for m in models(data) if _typed(m)]))
        field = model["properties"][pick(st.sampled_from(_typed(model)))]
        field["type"] = _other_type(field["type"])

    return edit


# Each breaking edit: what it does, the rules any one of which reports it, whether it
# applies to a spec, and the edit.
Breaking = tuple[str, frozenset[str], Callable[[Spec], bool], Edit]
BREAKING_EDITS: list[Breaking] = [
    ("remove an operation", frozenset({"operation-removed"}), lambda d: True, remove_operation),
    (
        "remove a request property",
        frozenset({"request-property-removed"}),
        lambda d: bool(sent(d)),
        remove_request_property,
    ),
    (
        "make an optional request property required",
        frozenset({"request-property-made-required"}),
        lambda d: any(_optional(m) for m in sent(d)),
        require_request_property,
    ),
    (
        "add a required query parameter",
        frozenset({"parameter-added-required"}),
        lambda d: True,
        add_required_query_parameter,
    ),
    (
        "remove an enum value from a request property",
        frozenset({"request-enum-value-removed"}),
        lambda d: bool(_enums(d)),
        remove_enum_value,
    ),
    (
        "remove a response property",
        frozenset({"response-property-removed"}),
        lambda d: True,
        remove_response_property,
    ),
    (
        "change a request property's type",
        frozenset({"request-property-type-changed"}),
        lambda d: any(_typed(m) for m in sent(d)),
        change_property_type(sent),
    ),
    (
        "change a response property's type",
        frozenset({"response-property-type-changed"}),
        lambda d: True,
        change_property_type(received),
    ),
]


def test_each_expected_rule_is_a_breaking_one() -> None:
    for _, rules, _, _ in BREAKING_EDITS:
        assert all(DIFF_RULES[rule].verdict == "breaking" for rule in rules)


# ------------------------------------------------------------ the properties


@EXAMPLES
@given(specs())
def test_a_random_spec_against_itself_is_no_change(data: Spec) -> None:
    spec = text(data)
    assert diff(spec, spec) == []


def edited_by(breaking: Breaking, data: Spec, drawn: st.DataObject) -> Spec:
    """A copy of ``data`` with ``breaking``'s edit made (the example is not used where
    the edit does not apply)."""
    _, _, applies, edit = breaking
    assume(applies(data))
    edited = copy.deepcopy(data)
    edit(edited, drawn.draw)
    return edited


@pytest.mark.parametrize("breaking", BREAKING_EDITS, ids=[edit[0] for edit in BREAKING_EDITS])
@EXAMPLES
@given(data=specs(), drawn=st.data())
def test_a_random_breaking_edit_is_reported_as_breaking(
    breaking: Breaking, data: Spec, drawn: st.DataObject
) -> None:
    name, rules, _, _ = breaking
    edited = edited_by(breaking, data, drawn)
    assert edited != data
    reported = [(change.rule, change.verdict) for change in diff(text(data), text(edited))]
    assert any(verdict == "breaking" for _, verdict in reported), (name, reported)
    assert any(rule in rules for rule, _ in reported), (name, sorted(rules), reported)


def _described(data: Spec) -> None:
    data["info"]["description"] = "The API, described."
    for operation in operations(data):
        operation["summary"] = "Does a thing."
        operation["description"] = "Does a thing, at length."
        operation["responses"]["200"]["description"] = "It went well."
        for parameter in operation.get("parameters", []):
            parameter["description"] = f"The {parameter['name']}."
    for name, schema in data["components"]["schemas"].items():
        schema["description"] = f"A {name}, described."
        for field, value in schema.get("properties", {}).items():
            if "$ref" not in value:  # a sibling of $ref is another matter
                value["description"] = f"The {field}."


@EXAMPLES
@given(specs())
def test_a_description_only_edit_is_nothing_breaking(data: Spec) -> None:
    edited = copy.deepcopy(data)
    _described(edited)
    changes = diff(text(data), text(edited))
    assert [(c.rule, c.verdict) for c in changes if c.verdict != "safe"] == []
    assert changes == []
