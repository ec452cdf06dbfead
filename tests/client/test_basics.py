"""Issue 2 basics and PATCH semantics: what goes on the wire, and what comes back."""

from __future__ import annotations

import json

import pydantic
import pytest
from carecycle import MISSING
from carecycle.models import (
    CampaignStatus,
    SmsTypes,
    UpdateCampaignRequest,
    UpdateCampaignResponse,
)

from .conftest import API_KEY, CAMPAIGN_ID, CAMPAIGN_PATH, OTHER_UUID, raises


def dump(model: pydantic.BaseModel) -> object:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --------------------------------------------------------------- the spec's examples


def test_spec_200_example_parses_and_dumps_back_exactly(response_example):
    parsed = UpdateCampaignResponse.model_validate_json(json.dumps(response_example))
    assert isinstance(parsed, UpdateCampaignResponse)
    assert parsed.campaign.status is CampaignStatus.DRAFT
    assert parsed.campaign.id == CAMPAIGN_ID  # the spec's Uuid is a pattern-checked str
    assert dump(parsed) == response_example


async def test_update_campaign_returns_the_parsed_200_example(api, response_example):
    client = api.client()
    result = await api.update(client, CAMPAIGN_ID, {"name": "Spring outreach"})
    assert isinstance(result, UpdateCampaignResponse)
    assert result.campaign.name == "<string>"
    assert dump(result) == response_example


async def test_update_campaign_sends_a_real_patch(api):
    client = api.client()
    body = UpdateCampaignRequest(
        name="Spring outreach", description=None, status=CampaignStatus.ACTIVE, redial=False
    )
    await api.update(client, CAMPAIGN_ID, body)

    assert api.server.count == 1
    sent = api.server.last
    assert sent.method == "PATCH"
    assert sent.path == CAMPAIGN_PATH
    assert sent.header("x-api-key") == API_KEY
    assert sent.header_values("x-api-key") == [API_KEY]
    assert sent.header("content-type").split(";")[0].strip() == "application/json"
    assert sent.body == (
        b'{"name":"Spring outreach","description":null,"status":"active","redial":false}'
    )


async def test_non_ascii_is_sent_as_utf8_json(api):
    client = api.client()
    await api.update(client, CAMPAIGN_ID, {"name": "Café — 診療所", "smsCompanyName": "Zoë"})
    assert json.loads(api.server.last.body.decode("utf-8")) == {
        "name": "Café — 診療所",
        "smsCompanyName": "Zoë",
    }


async def test_spec_request_example_goes_out_unchanged(api, request_example):
    """The spec's full request example, given as a camelCase mapping, reaches the wire as is."""
    client = api.client()
    await api.update(client, CAMPAIGN_ID, request_example)
    assert api.server.last.json() == request_example


# ------------------------------------------------------- PATCH: unset / null / value


async def test_unset_fields_are_not_sent(api):
    client = api.client()
    await api.update(client, CAMPAIGN_ID, UpdateCampaignRequest(redial=True))
    assert api.server.last.json() == {"redial": True}


async def test_explicit_missing_is_not_sent(api):
    client = api.client()
    body = UpdateCampaignRequest(name=MISSING, description=MISSING, pulse_workflow_id=MISSING)
    await api.update(client, CAMPAIGN_ID, body)
    assert api.server.last.json() == {}


async def test_empty_body_sends_an_empty_object(api):
    client = api.client()
    await api.update(client, CAMPAIGN_ID, {})
    assert api.server.last.body.strip() == b"{}"


async def test_none_is_sent_as_null_where_the_spec_allows_it(api):
    client = api.client()
    body = UpdateCampaignRequest(
        description=None,
        pulse_workflow_id=None,
        transfer_config_id=None,
        appointment_config_id=None,
        transfer_config_ids=None,
    )
    await api.update(client, CAMPAIGN_ID, body)
    assert api.server.last.json() == {
        "description": None,
        "pulseWorkflowId": None,
        "transferConfigId": None,
        "appointmentConfigId": None,
        "transferConfigIds": None,
    }


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"name": None, "description": "fine"},
    ],
)
async def test_name_none_is_refused_before_sending(api, body):
    client = api.client()
    with raises(pydantic.ValidationError, match="name"):
        await api.update(client, CAMPAIGN_ID, body)
    assert api.server.count == 0


def test_name_none_is_refused_by_the_model():
    with raises(pydantic.ValidationError, match="name"):
        UpdateCampaignRequest(name=None)


async def test_null_is_refused_where_the_spec_does_not_allow_it(api):
    client = api.client()
    for field in ["redial", "enablePulse", "status", "smsCompanyName", "smsTypes", "features"]:
        with raises(pydantic.ValidationError, match=field):
            await api.update(client, CAMPAIGN_ID, {field: None})
    assert api.server.count == 0


async def test_values_are_sent(api):
    client = api.client()
    body = UpdateCampaignRequest(
        name="New name",
        description="New description",
        pulse_workflow_id=OTHER_UUID,
        transfer_config_ids=[CAMPAIGN_ID, OTHER_UUID],
    )
    await api.update(client, CAMPAIGN_ID, body)
    assert api.server.last.json() == {
        "name": "New name",
        "description": "New description",
        "pulseWorkflowId": OTHER_UUID,
        "transferConfigIds": [CAMPAIGN_ID, OTHER_UUID],
    }


async def test_mapping_body_with_camel_case_keys(api):
    client = api.client()
    body = {
        "name": "n",
        "description": None,
        "pulseWorkflowId": OTHER_UUID,
        "enablePulse": True,
        "smsCompanyName": "Acme",
        "smsTypes": {"newInquiry": True},
        "redialPatterns": [{"days": [1, 2], "attempts": 3, "intervalMinutes": 30}],
    }
    await api.update(client, CAMPAIGN_ID, body)
    assert api.server.last.json() == body


async def test_mapping_body_with_snake_case_keys_is_sent_camel_case(api):
    client = api.client()
    await api.update(client, CAMPAIGN_ID, {"pulse_workflow_id": None, "sms_company_name": "Acme"})
    assert api.server.last.json() == {"pulseWorkflowId": None, "smsCompanyName": "Acme"}


async def test_unset_fields_of_nested_objects_are_not_sent(api):
    client = api.client()
    body = UpdateCampaignRequest(sms_types=SmsTypes(missed_inquiry=False))
    await api.update(client, CAMPAIGN_ID, body)
    assert api.server.last.json() == {"smsTypes": {"missedInquiry": False}}
