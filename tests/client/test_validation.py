"""Arguments that do not match the spec are refused before anything is sent."""

from __future__ import annotations

from uuid import UUID

import pydantic
import pytest
from carecycle.models import UpdateCampaignRequest

from tests.page import PAGE_STATUS_VALUES

from .conftest import CAMPAIGN_ID, CAMPAIGN_PATH, raises

# A well-formed UUID the spec's Uuid pattern refuses: version nibble 0 (the pattern wants
# 1-8) and variant nibble c (the pattern wants 8, 9, a or b).
UUID_OUTSIDE_SPEC_PATTERN = "3c90c3cc-0d44-0b50-c888-8dd25736052a"


# ---------------------------------------------------------------------- campaign_id


NOT_UUIDS = ["nope", "../x", "a/b", "?", "", "..", "%2F", " "]


async def test_campaign_id_that_is_not_a_uuid_is_refused(api, subtests):
    client = api.client()
    for campaign_id in NOT_UUIDS:
        with subtests.test(campaign_id=campaign_id), raises(ValueError, match="campaign_id"):
            await api.update(client, campaign_id, {"name": "x"})
    assert api.server.count == 0


async def test_campaign_id_none_is_refused_before_sending(api):
    """A required path parameter left None must not leave '{campaignId}' in the URL."""
    client = api.client()
    # If the client lets it through, the assertion below reports it; the spec check
    # of the scripted server would only repeat the same finding.
    api.server.expect_invalid()
    with raises((ValueError, TypeError), match="campaign_id"):
        await api.update(client, None, {"name": "x"})
    assert api.server.count == 0


async def test_campaign_id_outside_the_spec_uuid_pattern_is_refused(api):
    """The spec's campaignId schema has a pattern (UUID versions 1-8, RFC variant)."""
    client = api.client()
    # If the client lets it through, the assertion below reports it; the spec check
    # of the scripted server would only repeat the same finding.
    api.server.expect_invalid()
    with raises(ValueError, match="campaign_id"):
        await api.update(client, UUID_OUTSIDE_SPEC_PATTERN, {"name": "x"})
    assert api.server.count == 0


async def test_uuid_forms_give_the_same_path(api, subtests):
    client = api.client()
    forms = {"uuid-object": UUID(CAMPAIGN_ID), "str": CAMPAIGN_ID}
    for label, campaign_id in forms.items():
        with subtests.test(form=label):
            await api.update(client, campaign_id, {})
            assert api.server.last.path == CAMPAIGN_PATH


async def test_uuid_text_is_checked_against_the_spec_pattern_not_reformatted(api, subtests):
    """The spec's pattern takes upper-case hex as it is and no braced or dashless forms."""
    client = api.client()
    await api.update(client, CAMPAIGN_ID.upper(), {})
    assert api.server.last.path == f"/v2/campaigns/{CAMPAIGN_ID.upper()}"
    for label, campaign_id in {
        "braced-str": "{" + CAMPAIGN_ID + "}",
        "hex-str": CAMPAIGN_ID.replace("-", ""),
    }.items():
        with subtests.test(form=label), raises(ValueError, match="campaign_id"):
            await api.update(client, campaign_id, {})
    assert api.server.count == 1


async def test_nil_and_max_uuid_are_accepted(api):
    client = api.client()
    for campaign_id in (
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ):
        await api.update(client, campaign_id, {})
        assert api.server.last.path == f"/v2/campaigns/{campaign_id}"


# --------------------------------------------------------------------------- body

INVALID_BODIES = [
    ({"name": "x" * 256}, "name"),
    ({"status": "bogus"}, "status"),
    ({"redial": "yes-please"}, "redial"),
    ({"name": 123}, "name"),
    ({"bogus": 1}, "bogus"),
    ({"pulseWorkflowId": "not-a-uuid"}, "pulseWorkflowId|pulse_workflow_id"),
    ({"transferConfigIds": ["not-a-uuid"]}, "transferConfigIds|transfer_config_ids"),
    ({"smsTypes": {"redial": "sometimes"}}, "smsTypes|sms_types"),
    ({"redialPatterns": [{"attempts": "many"}]}, "redialPatterns|redial_patterns"),
]
INVALID_IDS = [
    "name-256-chars",
    "status-bogus",
    "redial-not-bool",
    "name-not-str",
    "unknown-field",
    "uuid-field-not-uuid",
    "uuid-list-item-not-uuid",
    "nested-wrong-type",
    "list-item-wrong-type",
]


async def test_invalid_mapping_body_is_refused_before_sending(api, subtests):
    client = api.client()
    for (body, field), label in zip(INVALID_BODIES, INVALID_IDS, strict=True):
        with subtests.test(case=label), raises(pydantic.ValidationError, match=field):
            await api.update(client, CAMPAIGN_ID, body)
    assert api.server.count == 0


@pytest.mark.parametrize(("body", "field"), INVALID_BODIES, ids=INVALID_IDS)
def test_invalid_model_is_refused_by_the_model(body, field):
    with raises(pydantic.ValidationError, match=field):
        UpdateCampaignRequest.model_validate(body)


def test_invalid_keyword_arguments_are_refused():
    with raises(pydantic.ValidationError, match="name"):
        UpdateCampaignRequest(name="x" * 256)
    with raises(pydantic.ValidationError, match="status"):
        UpdateCampaignRequest(status="bogus")
    with raises(pydantic.ValidationError, match="redial"):
        UpdateCampaignRequest(redial="yes-please")
    with raises(pydantic.ValidationError, match="bogus"):
        UpdateCampaignRequest(bogus=1)


async def test_uuid_outside_the_spec_pattern_in_the_body_is_refused(api):
    """pulseWorkflowId is a Uuid: the spec's pattern applies to it too."""
    client = api.client()
    # If the client lets it through, the assertion below reports it; the spec check
    # of the scripted server would only repeat the same finding.
    api.server.expect_invalid()
    with raises(pydantic.ValidationError, match="pulseWorkflowId|pulse_workflow_id"):
        await api.update(client, CAMPAIGN_ID, {"pulseWorkflowId": UUID_OUTSIDE_SPEC_PATTERN})
    assert api.server.count == 0


async def test_name_of_255_chars_is_accepted(api):
    client = api.client()
    await api.update(client, CAMPAIGN_ID, {"name": "x" * 255})
    assert api.server.last.json() == {"name": "x" * 255}


async def test_every_documented_status_is_accepted(api):
    client = api.client()
    statuses = PAGE_STATUS_VALUES
    for status in statuses:
        await api.update(client, CAMPAIGN_ID, {"status": status})
    assert [r.json() for r in api.server.requests] == [{"status": s} for s in statuses]


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("?", "%3F"),
        ("#frag", "%23frag"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a b", "a%20b"),
    ],
)
def test_a_path_value_stays_one_segment(value: str, segment: str) -> None:
    """The campaign id is a UUID, so this checks the shared path builder directly."""
    from carecycle._endpoint import segment as path_segment

    assert path_segment("campaignId", value) == segment
