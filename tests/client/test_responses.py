"""Responses are read tolerantly: the API may add fields and enum values at any time."""

from __future__ import annotations

import copy

import pydantic
from carecycle import MISSING
from carecycle.models import CampaignStatus, UpdateCampaignRequest, UpdateCampaignResponse

from .conftest import CAMPAIGN_ID, raises


def dump(model: pydantic.BaseModel) -> object:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


async def test_unknown_response_fields_are_kept(api, response_example):
    body = copy.deepcopy(response_example)
    body["requestId"] = "req_123"
    body["campaign"]["futureField"] = {"nested": [1, 2]}
    body["campaign"]["client"]["tier"] = "gold"
    body["campaign"]["transferConfig"]["routingConfig"]["agents"][0]["shiftId"] = "s-1"
    api.server.reply(200, json=body)

    result = await api.update(api.client(), CAMPAIGN_ID, {})

    assert result.model_extra == {"requestId": "req_123"}
    assert result.campaign.model_extra == {"futureField": {"nested": [1, 2]}}
    assert result.campaign.client.model_extra == {"tier": "gold"}
    agent = result.campaign.transfer_config.routing_config.agents[0]
    assert agent.model_extra == {"shiftId": "s-1"}
    assert dump(result) == body


async def test_unknown_enum_value_parses_as_an_unknown_member(api):
    api.server.reply(200, json={"campaign": {"id": CAMPAIGN_ID, "status": "paused_by_admin"}})

    result = await api.update(api.client(), CAMPAIGN_ID, {})

    status = result.campaign.status
    assert isinstance(status, CampaignStatus)
    assert status.is_known is False
    assert status.value == "paused_by_admin"
    assert dump(result) == {"campaign": {"id": CAMPAIGN_ID, "status": "paused_by_admin"}}


async def test_known_enum_values_are_the_known_members(api):
    client = api.client()
    for member in CampaignStatus:
        api.server.reply(200, json={"campaign": {"status": member.value}})
        result = await api.update(client, CAMPAIGN_ID, {})
        assert result.campaign.status is member
        assert result.campaign.status.is_known is True


async def test_missing_optional_fields_parse(api):
    api.server.reply(200, json={"campaign": {}})

    result = await api.update(api.client(), CAMPAIGN_ID, {})

    assert isinstance(result, UpdateCampaignResponse)
    assert result.campaign.model_fields_set == set()
    assert result.campaign.name is MISSING
    assert result.campaign.status is MISSING
    assert dump(result) == {"campaign": {}}


async def test_unknown_enum_value_in_a_request_is_refused(api):
    client = api.client()
    with raises(pydantic.ValidationError, match="status"):
        await api.update(client, CAMPAIGN_ID, {"status": "paused_by_admin"})
    assert api.server.count == 0


async def test_unknown_member_from_a_response_cannot_be_sent_back(api):
    api.server.reply(200, json={"campaign": {"status": "paused_by_admin"}})
    client = api.client()
    received = await api.update(client, CAMPAIGN_ID, {})

    with raises(pydantic.ValidationError, match="status"):
        UpdateCampaignRequest(status=received.campaign.status)
    with raises(pydantic.ValidationError, match="status"):
        await api.update(client, CAMPAIGN_ID, {"status": received.campaign.status})
    assert api.server.count == 1


def test_unknown_enum_value_in_a_request_model_is_refused():
    with raises(pydantic.ValidationError, match="status"):
        UpdateCampaignRequest(status="paused_by_admin")
    with raises(pydantic.ValidationError, match="status"):
        UpdateCampaignRequest.model_validate({"status": "paused_by_admin"})


NULLABLE_REQUEST = {
    "description": None,
    "pulseWorkflowId": None,
    "transferConfigId": None,
    "appointmentConfigId": None,
    "transferConfigIds": None,
}


async def test_fields_a_request_sets_to_null_come_back_null(api, response_example):
    """The PATCH that clears description, the Pulse workflow and the configs gets back a
    campaign showing exactly that; parsing it must not fail on the API's own answer."""
    body = copy.deepcopy(response_example)
    for field in ("description", "pulseWorkflowId", "transferConfig", "appointmentConfig"):
        body["campaign"][field] = None
    body["campaign"]["transferConfigIds"] = None
    api.server.reply(200, json=body)

    result = await api.update(api.client(), CAMPAIGN_ID, NULLABLE_REQUEST)

    assert api.server.last.json() == NULLABLE_REQUEST
    campaign = result.campaign
    assert campaign.description is None
    assert campaign.pulse_workflow_id is None
    assert campaign.transfer_config is None
    assert campaign.appointment_config is None
    assert campaign.transfer_config_ids is None
    assert dump(result) == body


async def test_dates_the_page_leaves_untyped_accept_null(api, response_example):
    body = copy.deepcopy(response_example)
    transfer = body["campaign"]["transferConfig"]
    transfer["createdAt"] = None
    transfer["routingConfig"]["agents"][0]["lastCallAt"] = None
    body["campaign"]["appointmentConfig"]["updatedAt"] = 1699335116
    api.server.reply(200, json=body)

    result = await api.update(api.client(), CAMPAIGN_ID, {})

    assert result.campaign.transfer_config.created_at is None
    assert result.campaign.transfer_config.routing_config.agents[0].last_call_at is None
    assert result.campaign.appointment_config.updated_at == 1699335116
    assert dump(result) == body
