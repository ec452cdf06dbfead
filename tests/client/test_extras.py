"""``extra_headers``, ``extra_query`` and ``extra_body``: what the spec doesn't describe yet.

The scripted server checks every request against the spec, so requests carrying a query
parameter or body field the spec does not declare are announced with ``expect_invalid``,
naming the one error each must cause; anything else wrong with them still fails the test.
"""

from __future__ import annotations

import inspect

import pytest
from carecycle.api import campaigns

from .conftest import API_KEY, CAMPAIGN_ID, CAMPAIGN_PATH, raises

UNDECLARED_QUERY = r"query parameter 'dryRun' is not declared by the spec"
UNDECLARED_FIELD = r"Additional properties are not allowed \('policyFilterConfig' was unexpected\)"


@pytest.mark.parametrize("with_response", [False, True], ids=["plain", "with_response"])
async def test_extra_headers_are_sent(api, with_response):
    call = api.update_with_response if with_response else api.update
    await call(api.client(), CAMPAIGN_ID, {"name": "x"}, extra_headers={"X-Trace-Id": "t-1"})
    sent = api.server.last
    assert sent.header("x-trace-id") == "t-1"
    assert sent.header("x-api-key") == API_KEY
    assert sent.json() == {"name": "x"}


async def test_extra_headers_replace_the_clients_own_whatever_their_case(api):
    await api.update(
        api.client(), CAMPAIGN_ID, {}, extra_headers={"Accept": "application/json; v=2"}
    )
    assert api.server.last.header_values("accept") == ["application/json; v=2"]


@pytest.mark.parametrize("with_response", [False, True], ids=["plain", "with_response"])
async def test_extra_query_is_sent(api, with_response):
    api.server.expect_invalid(matching=(UNDECLARED_QUERY,))
    call = api.update_with_response if with_response else api.update
    await call(api.client(), CAMPAIGN_ID, {"name": "x"}, extra_query={"dryRun": "true"})
    assert api.server.last.path == f"{CAMPAIGN_PATH}?dryRun=true"
    assert api.server.last.json() == {"name": "x"}


@pytest.mark.parametrize("with_response", [False, True], ids=["plain", "with_response"])
async def test_extra_body_fields_are_added_to_the_checked_body(api, with_response):
    api.server.expect_invalid(matching=(UNDECLARED_FIELD,))
    call = api.update_with_response if with_response else api.update
    extra = {"policyFilterConfig": {"states": ["CA"]}}  # from another revision of the API
    await call(api.client(), CAMPAIGN_ID, {"name": "x", "redial": True}, extra_body=extra)
    assert api.server.last.json() == {
        "name": "x",
        "redial": True,
        "policyFilterConfig": {"states": ["CA"]},
    }


async def test_extra_body_replaces_a_field_of_the_same_name(api):
    await api.update(api.client(), CAMPAIGN_ID, {"redial": True}, extra_body={"redial": False})
    assert api.server.last.json() == {"redial": False}


async def test_the_body_is_still_checked_before_sending(api):
    with raises(ValueError, match="name"):
        await api.update(api.client(), CAMPAIGN_ID, {"name": None}, extra_body={"x": 1})
    assert api.server.count == 0


async def test_an_extra_body_that_is_not_json_is_refused_before_sending(api):
    with raises(ValueError, match="Unable to serialize unknown type"):
        await api.update(api.client(), CAMPAIGN_ID, {}, extra_body={"when": object()})
    assert api.server.count == 0


async def test_every_attempt_carries_the_extras(api):
    api.server.reply(503, headers={"Retry-After": "0"}, json={"message": "busy", "code": "X"})
    api.server.expect_invalid(2, matching=(UNDECLARED_QUERY, UNDECLARED_FIELD))
    await api.update(
        api.client(),
        CAMPAIGN_ID,
        {"name": "x"},
        extra_headers={"X-Trace-Id": "t-2"},
        extra_query={"dryRun": "1"},
        extra_body={"policyFilterConfig": {}},
    )
    first, second = api.server.requests
    for sent in (first, second):
        assert sent.header("x-trace-id") == "t-2"
        assert sent.path == f"{CAMPAIGN_PATH}?dryRun=1"
        assert sent.json() == {"name": "x", "policyFilterConfig": {}}


@pytest.mark.parametrize("name", campaigns.__all__)
def test_every_function_takes_the_extras_next_to_max_retries_and_timeout(name):
    parameters = inspect.signature(getattr(campaigns, name)).parameters
    keyword_only = [p.name for p in parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert keyword_only == [
        "max_retries",
        "timeout",
        "extra_headers",
        "extra_query",
        "extra_body",
    ]
    assert all(parameters[n].default is None for n in keyword_only)
