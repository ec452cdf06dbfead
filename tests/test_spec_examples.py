"""Checks on the hand-written spec/openapi.yaml for PATCH /v2/campaigns/{campaignId}.

Field names and status values below are hard-coded from the published
reference page (seed/patch-campaign.txt) so the test does not depend on the
seed directory being present.

The project's own spec, not the generator's code: so at the top of tests/.
"""

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from .page import PAGE_REQUEST_FIELDS, PAGE_STATUS_VALUES

SPEC_PATH = Path(__file__).parent.parent / "spec" / "openapi.yaml"
SPEC_URI = "urn:carecycle-spec"
PATH = "/v2/campaigns/{campaignId}"

VALID_UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.fixture(scope="module")
def spec():
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def registry(spec):
    return Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))


def validator_for(registry, schema_name):
    """A Draft 2020-12 validator for components/schemas/<schema_name>.

    Internal refs such as '#/components/schemas/Uuid' resolve against the
    whole OpenAPI document, registered under SPEC_URI.
    """
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def operation(spec):
    return spec["paths"][PATH]["patch"]


def request_example(spec):
    content = operation(spec)["requestBody"]["content"]["application/json"]
    return content["examples"]["page"]["value"]


def response_example(spec):
    content = operation(spec)["responses"]["200"]["content"]["application/json"]
    return content["examples"]["page"]["value"]


def deref(spec, schema):
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        node = spec
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


# 1. The document is a valid OpenAPI 3.1 document.


def test_spec_is_valid_openapi(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)


# 2. The examples validate against their schemas.


def test_request_example_validates(spec, registry):
    validator_for(registry, "UpdateCampaignRequest").validate(request_example(spec))


def test_response_example_validates(spec, registry):
    validator_for(registry, "UpdateCampaignResponse").validate(response_example(spec))


def test_error_examples_validate(spec, registry):
    for status, response in operation(spec)["responses"].items():
        if status == "200":
            continue
        response = deref(spec, response)
        media = response["content"]["application/json"]
        schema_name = media["schema"]["$ref"].rsplit("/", 1)[-1]
        validator_for(registry, schema_name).validate(media["example"])


# 3. Negative checks: the validator really checks.


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x" * 256},
        {"name": None},
        {"status": "bogus"},
        {"unknownField": 1},
        {"pulseWorkflowId": "not-a-uuid"},
        {"transferConfigIds": ["not-a-uuid"]},
        {"redial": "yes"},
    ],
    ids=[
        "name-too-long",
        "name-null",
        "status-bogus",
        "unknown-field",
        "pulseWorkflowId-not-uuid",
        "transferConfigIds-not-uuid",
        "redial-not-boolean",
    ],
)
def test_invalid_request_bodies_fail(registry, body):
    assert not validator_for(registry, "UpdateCampaignRequest").is_valid(body)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "x" * 255},
        {"description": None},
        {"pulseWorkflowId": None},
        {"pulseWorkflowId": VALID_UUID},
        {"transferConfigId": None, "appointmentConfigId": None},
        {"transferConfigIds": None},
        {"transferConfigIds": []},
        {"pulseWorkflowId": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_valid_request_bodies_pass(registry, body):
    validator_for(registry, "UpdateCampaignRequest").validate(body)


# 4. The request schema matches the page's request body section.


def test_request_fields_match_page(spec):
    schema = spec["components"]["schemas"]["UpdateCampaignRequest"]
    assert set(schema["properties"]) == PAGE_REQUEST_FIELDS
    assert schema["additionalProperties"] is False
    assert "required" not in schema


def test_status_enum_matches_page(spec):
    assert spec["components"]["schemas"]["CampaignStatus"]["enum"] == PAGE_STATUS_VALUES


def test_path_parameter_pattern_matches_uuid(spec):
    (param,) = operation(spec)["parameters"]
    assert param["name"] == "campaignId" and param["in"] == "path" and param["required"]
    uuid = spec["components"]["schemas"]["Uuid"]
    assert param["schema"]["pattern"] == uuid["pattern"]


# 5. Every key of the response example is declared in the schema.


def test_response_example_keys_are_declared(spec):
    checked = []

    def walk(value, schema, where):
        schema = deref(spec, schema)
        if "anyOf" in schema and isinstance(value, dict | list):
            # a nullable object or array: follow the branch of the value's type
            kind = "object" if isinstance(value, dict) else "array"
            (schema,) = [
                branch
                for branch in (deref(spec, b) for b in schema["anyOf"])
                if branch.get("type") == kind
            ]
        if isinstance(value, dict):
            if not value:
                return
            props = schema.get("properties", {})
            for key, child in value.items():
                assert key in props, f"{where}.{key} not declared in schema"
                checked.append(f"{where}.{key}")
                walk(child, props[key], f"{where}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, schema.get("items", {}), f"{where}[]")

    walk(response_example(spec), spec["components"]["schemas"]["UpdateCampaignResponse"], "$")
    assert "$.campaign.transferConfig.routingConfig.groups[].agents[].member.user.email" in checked


# 6. What a request can set to null comes back null.


def test_response_accepts_null_wherever_the_request_can_set_null(spec, registry):
    """A request field that takes null (``description``, ``pulseWorkflowId``, ...) comes back
    null in the campaign: as the field of the same name, or, for an id, as the object it
    points to (``transferConfigId`` -> ``transferConfig``)."""
    request = validator_for(registry, "UpdateCampaignRequest")
    response = validator_for(registry, "UpdateCampaignResponse")
    campaign_fields = spec["components"]["schemas"]["Campaign"]["properties"]
    nullable = [
        name
        for name in spec["components"]["schemas"]["UpdateCampaignRequest"]["properties"]
        if request.is_valid({name: None})
    ]
    assert {"description", "pulseWorkflowId", "transferConfigId"} <= set(nullable)
    for name in nullable:
        counterparts = [
            field for field in (name, name.removesuffix("Id")) if field in campaign_fields
        ]
        assert counterparts, f"{name} can be nulled, but the campaign shows nothing of it"
        for field in counterparts:
            body = response_example(spec)
            body["campaign"][field] = None
            errors = [e.message for e in response.iter_errors(body)]
            assert not errors, f"campaign.{field}: null is refused: {errors}"
