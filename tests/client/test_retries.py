"""Retries: transport errors, 408, 429 and 5xx are retried with backoff, nothing else is.

Waits are kept short with ``Retry-After: 0``; where a wait is the point of the test, it is
measured from the arrival times the scripted server records.
"""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
from carecycle import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)
from carecycle._retries import retry_delay
from carecycle.models import UpdateCampaignResponse

from tests.scripted_server import closed_port

from .conftest import API_KEY, CAMPAIGN_ID, raises

NOW = {"Retry-After": "0"}
RATE_LIMITED = {"message": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED", "retryAfter": 0}
UNAVAILABLE = {"message": "Service unavailable", "code": "UNAVAILABLE"}


async def test_503_then_200_succeeds_after_exactly_two_requests(api):
    api.server.reply(503, json=UNAVAILABLE)  # no Retry-After: the client's own backoff
    result = await api.update(api.client(), CAMPAIGN_ID, {"name": "x"})
    assert isinstance(result, UpdateCampaignResponse)
    assert api.server.count == 2
    (gap,) = api.server.gaps()
    assert gap < 2.0, "the first backoff is documented as about 0.5 s"
    first, second = api.server.requests
    assert (first.method, first.path, first.body) == (second.method, second.path, second.body)
    assert second.header("x-api-key") == API_KEY


async def test_429_with_retry_after_0_is_retried_at_once(api):
    api.server.reply(429, headers=NOW, json=RATE_LIMITED)
    await api.update(api.client(), CAMPAIGN_ID, {})
    assert api.server.count == 2
    (gap,) = api.server.gaps()
    # The backoff alone would wait at least 0.25 s: Retry-After: 0 was honoured instead.
    assert gap < 0.2


async def test_retryable_statuses_are_retried(api, subtests):
    client = api.client()
    for status in (408, 429, 500, 502, 503, 504, 520):
        with subtests.test(status=status):
            before = api.server.count
            api.server.reply(status, headers=NOW, json={"message": "try again", "code": "X"})
            await api.update(client, CAMPAIGN_ID, {})
            assert api.server.count - before == 2


async def test_max_retries_0_per_call_sends_exactly_one_request(api):
    api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    with raises(InternalServerError):
        await api.update(api.client(), CAMPAIGN_ID, {}, max_retries=0)
    assert api.server.count == 1


async def test_max_retries_0_per_client_sends_exactly_one_request(api):
    api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    client = api.client(max_retries=0)
    with raises(InternalServerError):
        await api.update(client, CAMPAIGN_ID, {})
    assert api.server.count == 1


async def test_per_call_max_retries_overrides_the_client(api):
    for _ in range(3):
        api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    client = api.client(max_retries=0)
    with raises(InternalServerError):
        await api.update(client, CAMPAIGN_ID, {}, max_retries=1)
    assert api.server.count == 2


async def test_default_is_two_retries_then_the_error(api):
    for _ in range(3):
        api.server.reply(503, headers=NOW, json=UNAVAILABLE)
    # a fourth request would get the default 200
    with raises(InternalServerError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.status_code == 503
    assert api.server.count == 3


async def test_rate_limit_error_after_retries_are_exhausted(api):
    for _ in range(2):
        api.server.reply(429, headers=NOW, json=RATE_LIMITED)
    with raises(RateLimitError):
        await api.update(api.client(max_retries=1), CAMPAIGN_ID, {})
    assert api.server.count == 2


async def test_client_errors_are_never_retried(api, subtests):
    client = api.client()
    for status in (400, 401, 403, 404, 409, 422):
        with subtests.test(status=status):
            before = api.server.count
            body = {"message": "no", "code": "NO", "errors": []}
            api.server.reply(status, headers=NOW, json=body)
            with raises(APIStatusError) as info:
                await api.update(client, CAMPAIGN_ID, {})
            assert info.value.status_code == status
            assert api.server.count - before == 1


async def test_dropped_connection_then_200_succeeds(api):
    api.server.drop()
    result = await api.update(api.client(), CAMPAIGN_ID, {"name": "x"})
    assert isinstance(result, UpdateCampaignResponse)
    assert api.server.count == 2
    assert api.server.requests[0].body == api.server.requests[1].body


async def test_dropped_connection_without_retries_raises_connection_error(api):
    api.server.drop()
    with raises(APIConnectionError) as info:
        await api.update(api.client(max_retries=0), CAMPAIGN_ID, {})
    assert not isinstance(info.value, APITimeoutError)
    assert api.server.count == 1


async def test_connection_refused_raises_connection_error_after_retries(api):
    client = api.client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=1)
    start = time.monotonic()
    with raises(APIConnectionError) as info:
        await api.update(client, CAMPAIGN_ID, {})
    elapsed = time.monotonic() - start
    assert not isinstance(info.value, APITimeoutError)
    # One retry after a backoff of 0.5 s with jitter (0.25 to 0.5 s).
    assert 0.2 <= elapsed < 5


async def test_client_timeout_raises_timeout_error(api):
    api.server.reply(200, json={"campaign": {}}, delay=1.5)
    client = api.client(timeout=0.2, max_retries=0)
    start = time.monotonic()
    with raises(APITimeoutError) as info:
        await api.update(client, CAMPAIGN_ID, {})
    assert isinstance(info.value, APIConnectionError)
    assert time.monotonic() - start < 1.0
    assert api.server.count == 1


async def test_per_call_timeout_raises_timeout_error(api):
    api.server.reply(200, json={"campaign": {}}, delay=1.5)
    client = api.client(max_retries=0)
    start = time.monotonic()
    with raises(APITimeoutError):
        await api.update(client, CAMPAIGN_ID, {}, timeout=0.2)
    assert time.monotonic() - start < 1.0


async def test_timeouts_are_retried(api):
    api.server.reply(200, json={"campaign": {}}, delay=1.5)
    api.server.reply(200, json={"campaign": {}}, delay=1.5)
    client = api.client(timeout=0.2, max_retries=1)
    with raises(APITimeoutError):
        await api.update(client, CAMPAIGN_ID, {})
    assert api.server.count == 2


async def test_retry_after_header_is_honoured(api):
    api.server.reply(429, headers={"Retry-After": "1"}, json=RATE_LIMITED | {"retryAfter": 1})
    await api.update(api.client(), CAMPAIGN_ID, {})
    assert api.server.count == 2
    (gap,) = api.server.gaps()
    assert 0.9 <= gap < 3.0


@pytest.mark.parametrize(
    ("headers", "body"),
    [({"Retry-After": "3600"}, RATE_LIMITED), ({}, RATE_LIMITED | {"retryAfter": 3600})],
    ids=["header", "body"],
)
async def test_429_asking_for_more_than_the_cap_raises_at_once(api, headers, body):
    api.server.reply(429, headers=headers, json=body)
    start = time.monotonic()
    with raises(RateLimitError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.retry_after == 3600
    assert api.server.count == 1  # not retried: the caller decides about an hour's wait
    assert time.monotonic() - start < 10, "the client slept instead of raising"


async def test_503_asking_for_more_than_the_cap_raises_at_once(api):
    api.server.reply(503, headers={"Retry-After": "120"}, json=UNAVAILABLE)
    with raises(InternalServerError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.status_code == 503
    assert api.server.count == 1


async def test_retry_after_body_field_is_honoured(api):
    """No header, ``retryAfter: 0`` in the body: retried at once, not after the backoff."""
    api.server.reply(503, json=UNAVAILABLE | {"retryAfter": 0})
    await api.update(api.client(), CAMPAIGN_ID, {})
    assert api.server.count == 2
    (gap,) = api.server.gaps()
    # The backoff alone would wait at least 0.25 s (see test_backoff_grows_and_stays_capped
    # for the bounds, and test_429_asking_for_more_than_the_cap_raises_at_once for a large
    # body value).
    assert gap < 0.2


# ------------------------------------------------------ the computed wait, without waiting


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(429, headers={"Retry-After": "3600"}, json=RATE_LIMITED),
        httpx.Response(429, json=RATE_LIMITED | {"retryAfter": 3600}),
        httpx.Response(503, headers={"Retry-After": "120"}),
        httpx.Response(
            503,
            headers={"Retry-After": email.utils.formatdate(time.time() + 7200, usegmt=True)},
        ),
        httpx.Response(429, headers={"Retry-After": "60.5"}, json=RATE_LIMITED),
    ],
    ids=["header-seconds", "body-retryAfter", "503-header", "header-http-date", "just-over"],
)
def test_a_wait_longer_than_the_cap_is_final(response):
    assert retry_delay(0, 2, response) is None


def test_a_wait_of_exactly_the_cap_is_waited():
    response = httpx.Response(429, headers={"Retry-After": "60"}, json=RATE_LIMITED)
    assert retry_delay(0, 2, response) == 60.0


def test_retry_after_small_values_are_used_as_given():
    assert retry_delay(0, 2, httpx.Response(429, headers={"Retry-After": "3"})) == 3
    assert retry_delay(0, 2, httpx.Response(429, json=RATE_LIMITED)) == 0
    past = email.utils.formatdate(time.time() - 3600, usegmt=True)
    assert retry_delay(0, 2, httpx.Response(503, headers={"Retry-After": past})) == 0


def test_backoff_grows_and_stays_capped():
    first = [retry_delay(0, 2, httpx.Response(503)) for _ in range(50)]
    second = [retry_delay(1, 2, httpx.Response(503)) for _ in range(50)]
    assert all(0 < d <= 0.5 for d in first)
    assert all(0 < d <= 1.0 for d in second) and max(second) > max(first)
    assert all(0 < retry_delay(n, 99, None) <= 60.0 for n in range(0, 40, 3))


def test_no_retry_when_final():
    assert retry_delay(2, 2, httpx.Response(503)) is None
    assert retry_delay(0, 0, None) is None
    assert retry_delay(0, 2, httpx.Response(404)) is None
    assert retry_delay(0, 2, httpx.Response(400, headers=NOW)) is None


@pytest.mark.parametrize("value", ["soon", "nan", "inf", "1e400", "Mon, 99 Foo 2024"])
def test_unusable_retry_after_falls_back_to_backoff(value):
    """A Retry-After the client can't use never crashes the retry loop nor waits forever."""
    delay = retry_delay(0, 2, httpx.Response(503, headers={"Retry-After": value}))
    assert delay is not None and 0 < delay <= 0.5


async def test_garbage_retry_after_on_the_wire_is_retried(api):
    api.server.reply(503, headers={"Retry-After": "soon"}, json={"message": "busy", "code": "X"})
    client = api.client()
    await api.update(client, CAMPAIGN_ID, {"name": "x"})
    assert api.server.count == 2
