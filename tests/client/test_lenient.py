"""A body that breaks its schema never hides what the API answered.

A success body that does not match is returned anyway, built field by field (what matches
is typed, the rest kept as received), with a warning logged and the validation errors on
the result; ``strict_responses=True`` raises ``APIResponseValidationError`` instead.  An
error body that does not match its model is parsed the same way onto the
``APIStatusError``.
"""

from __future__ import annotations

import copy
import datetime
import logging

import httpx
import pydantic
import pytest
from carecycle import (
    APIError,
    ApiResponse,
    APIResponseValidationError,
    NotFoundError,
    UnprocessableEntityError,
    validation_errors,
)
from carecycle.models import (
    Campaign,
    CampaignStatus,
    Error,
    RoutingAgent,
    RoutingMember,
    TransferConfig,
    UpdateCampaignResponse,
    ValidationIssue,
)

from .conftest import API_KEY, CAMPAIGN_ID, raises


def dump(model: pydantic.BaseModel) -> object:
    """The model as JSON data; pydantic's warnings about values kept as received (not of
    their field's type) are expected here."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)


def locations(errors) -> list[tuple[object, ...]]:
    return [tuple(error["loc"]) for error in errors]


@pytest.fixture
def warnings_logged(caplog):
    """The WARNING records of the package's logger, as a list filled during the test."""
    caplog.set_level(logging.WARNING, logger="carecycle")

    def records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "carecycle" and r.levelno >= logging.WARNING]

    return records


async def test_one_broken_field_deep_down_leaves_everything_else_typed(
    api, response_example, warnings_logged
):
    body = copy.deepcopy(response_example)
    body["campaign"]["transferConfig"]["routingConfig"]["agents"][0]["priority"] = "high"
    api.server.reply(200, json=body)

    response = await api.update_with_response(api.client(), CAMPAIGN_ID, {"name": "x"})

    assert isinstance(response, ApiResponse)
    assert locations(response.validation_errors) == [
        ("campaign", "transferConfig", "routingConfig", "agents", 0, "priority")
    ]
    assert response.validation_errors[0]["input"] == "high"
    campaign = response.parsed.campaign
    assert isinstance(campaign, Campaign)
    assert isinstance(campaign.created_at, datetime.datetime)
    assert campaign.created_at.isoformat() == "2023-11-07T05:31:56+00:00"
    assert campaign.status is CampaignStatus.DRAFT
    assert isinstance(campaign.transfer_config, TransferConfig)
    agent = campaign.transfer_config.routing_config.agents[0]
    assert isinstance(agent, RoutingAgent)
    assert agent.priority == "high"  # as received
    assert agent.weight == -1
    assert isinstance(agent.member, RoutingMember)
    group_agent = campaign.transfer_config.routing_config.groups[0].agents[0]
    assert isinstance(group_agent, RoutingAgent) and group_agent.priority == -1
    assert dump(response.parsed) == body
    assert response.http_response.json() == body

    (record,) = warnings_logged()
    message = record.getMessage()
    assert "UpdateCampaignResponse" in message
    assert "campaign.transferConfig.routingConfig.agents.0.priority" in message
    assert API_KEY not in message


BROKEN_200_BODIES = {
    "campaign-str": (b'{"campaign": "not an object"}', [("campaign",)]),
    "status-int": (b'{"campaign": {"status": 3}}', [("campaign", "status")]),
    "bad-datetime": (b'{"campaign": {"createdAt": "yesterday"}}', [("campaign", "createdAt")]),
    "campaign-missing": (b"{}", [("campaign",)]),
    "array": (b"[]", [()]),
    "not-json": (b"not json at all", [()]),
    "empty": (b"", [()]),
}


@pytest.mark.parametrize(("body", "where"), BROKEN_200_BODIES.values(), ids=list(BROKEN_200_BODIES))
async def test_200_that_breaks_the_schema_is_returned_with_its_errors(
    api, warnings_logged, body, where
):
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"})

    response = await api.update_with_response(api.client(), CAMPAIGN_ID, {})

    assert isinstance(response.parsed, UpdateCampaignResponse)
    assert response.http_response.status_code == 200
    assert response.http_response.content == body
    assert locations(response.validation_errors) == where
    assert validation_errors(response.parsed) == response.validation_errors
    assert len(warnings_logged()) == 1
    assert api.server.count == 1


async def test_fields_that_break_their_type_are_kept_as_received(api):
    client = api.client()
    cases = {
        b'{"campaign": "not an object"}': "not an object",
        b'{"campaign": {"status": 3, "name": "kept"}}': {"status": 3, "name": "kept"},
        b'{"campaign": {"createdAt": "yesterday"}}': {"createdAt": "yesterday"},
    }
    for body, dumped_campaign in cases.items():
        api.server.reply(200, body=body, headers={"Content-Type": "application/json"})
        result = await api.update(client, CAMPAIGN_ID, {})
        assert dump(result) == {"campaign": dumped_campaign}
    assert result.campaign.created_at == "yesterday"


async def test_a_body_with_nothing_usable_gives_a_model_with_nothing_set(api):
    api.server.reply(200, body=b"<html>Maintenance</html>", headers={"Content-Type": "text/html"})
    result = await api.update(api.client(), CAMPAIGN_ID, {})
    assert isinstance(result, UpdateCampaignResponse)
    assert result.model_fields_set == set()
    assert not hasattr(result, "campaign")  # the required field the body does not have
    assert [error["type"] for error in validation_errors(result)] == ["json_invalid"]


async def test_the_plain_function_result_carries_its_errors(api):
    api.server.reply(200, json={"campaign": {"redial": "sometimes"}})
    client = api.client()
    result = await api.update(client, CAMPAIGN_ID, {})
    (error,) = validation_errors(result)
    assert error["loc"] == ("campaign", "redial")
    assert error["input"] == "sometimes"
    assert result.campaign.redial == "sometimes"

    matching = await api.update(client, CAMPAIGN_ID, {})  # the spec's example
    assert validation_errors(matching) == ()
    assert validation_errors(matching.campaign) == ()


async def test_a_matching_body_has_no_errors_and_logs_no_warning(
    api, response_example, warnings_logged
):
    body = copy.deepcopy(response_example)
    body["campaign"]["status"] = "paused_by_admin"  # an unknown enum value is no error
    body["campaign"]["futureField"] = 1  # nor is an unknown field
    api.server.reply(200, json=body)
    response = await api.update_with_response(api.client(), CAMPAIGN_ID, {})
    assert response.validation_errors == ()
    assert validation_errors(response.parsed) == ()
    assert warnings_logged() == []


def test_validation_errors_of_a_model_not_parsed_from_a_response_are_empty():
    assert validation_errors(UpdateCampaignResponse.model_construct()) == ()


# ----------------------------------------------------------------- strict_responses=True


@pytest.mark.parametrize(("body", "where"), BROKEN_200_BODIES.values(), ids=list(BROKEN_200_BODIES))
async def test_strict_responses_raise_response_validation_error(api, body, where):
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"})
    with raises(APIResponseValidationError) as info:
        await api.update(api.client(strict_responses=True), CAMPAIGN_ID, {})
    exc = info.value
    assert isinstance(exc, APIError)
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == 200
    assert exc.response.content == body
    assert locations(exc.errors) == where
    assert "UpdateCampaignResponse" in str(exc)
    assert api.server.count == 1


async def test_strict_responses_accept_a_matching_body(api, response_example):
    result = await api.update(api.client(strict_responses=True), CAMPAIGN_ID, {})
    assert dump(result) == response_example


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
async def test_error_body_that_breaks_its_schema_is_parsed_onto_the_error(
    api, warnings_logged, strict
):
    body = {"message": "Campaign not found", "retryable": False}  # "code" is required
    api.server.reply(404, json=body)
    with raises(NotFoundError) as info:
        await api.update(api.client(strict_responses=strict), CAMPAIGN_ID, {})
    exc = info.value
    assert isinstance(exc.body, Error)
    assert exc.body.message == "Campaign not found"
    assert exc.body.model_extra == {"retryable": False}
    assert dump(exc.body) == body
    assert locations(exc.validation_errors) == [("code",)]
    assert validation_errors(exc.body) == exc.validation_errors
    assert exc.code is None
    assert exc.message == "Campaign not found"
    assert len(warnings_logged()) == 1


async def test_422_issue_that_breaks_its_schema_is_kept_next_to_the_typed_ones(api):
    body = {
        "message": "Request validation failed",
        "code": "VALIDATION_ERROR",
        "errors": [{"path": ["name"], "message": "Too long"}, {"path": "name"}],
    }
    api.server.reply(422, json=body)
    with raises(UnprocessableEntityError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    exc = info.value
    first, second = exc.errors
    assert isinstance(first, ValidationIssue) and first.path == ["name"]
    assert isinstance(second, ValidationIssue) and second.path == "name"
    assert sorted(locations(exc.validation_errors)) == [
        ("errors", 1, "message"),
        ("errors", 1, "path"),
    ]
    assert exc.code == "VALIDATION_ERROR"


async def test_error_body_that_is_not_an_object_is_kept_as_decoded(api):
    api.server.reply(404, json=["not", "an", "object"])
    with raises(NotFoundError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.body == ["not", "an", "object"]
    assert locations(info.value.validation_errors) == [()]


async def test_error_code_that_is_not_a_string_is_no_code(api):
    api.server.reply(404, json={"message": "Campaign not found", "code": 404})
    with raises(NotFoundError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.body.code == 404  # kept as received on the body
    assert info.value.code is None
