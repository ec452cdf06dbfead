"""Raw responses, bring-your-own httpx client, and closing what the client opened."""

from __future__ import annotations

import httpx
from carecycle import ApiResponse, APITimeoutError, AsyncClient, Client
from carecycle.api.campaigns import (
    update_campaign,
    update_campaign_async,
    update_campaign_async_with_response,
    update_campaign_with_response,
)
from carecycle.models import UpdateCampaignResponse

from .conftest import API_KEY, CAMPAIGN_ID, CAMPAIGN_PATH, raises


async def test_with_response_returns_the_model_and_the_http_response(api, response_example):
    api.server.reply(
        200,
        json=response_example,
        headers={"X-Request-Id": "req-42", "X-RateLimit-Remaining": "59"},
    )
    result = await api.update_with_response(api.client(), CAMPAIGN_ID, {"name": "x"})

    assert isinstance(result, ApiResponse)
    assert isinstance(result.parsed, UpdateCampaignResponse)
    assert result.parsed == UpdateCampaignResponse.model_validate(response_example)
    assert isinstance(result.http_response, httpx.Response)
    assert result.http_response.status_code == 200
    assert result.http_response.headers["x-request-id"] == "req-42"
    assert result.http_response.headers["x-ratelimit-remaining"] == "59"
    assert result.http_response.json() == response_example
    assert result.http_response.request.method == "PATCH"
    assert result.http_response.request.url.raw_path.decode() == CAMPAIGN_PATH


# ------------------------------------------------------------- a user-supplied httpx client


def test_user_supplied_httpx_client_is_used_and_not_closed(server):
    seen: list[httpx.Request] = []
    http = httpx.Client(
        headers={"X-Trace": "trace-sync"},
        event_hooks={"request": [seen.append]},
        verify=False,
    )
    try:
        with Client(API_KEY, base_url=server.url, http_client=http) as client:
            assert client._http is http
            update_campaign(client, CAMPAIGN_ID, {"name": "x"})
        assert len(seen) == 1
        assert server.last.header("x-trace") == "trace-sync"
        assert server.last.header("x-api-key") == API_KEY
        assert not http.is_closed
        client.close()
        assert not http.is_closed
        # still usable after the generated client is gone
        assert (
            http.patch(
                server.url + CAMPAIGN_PATH,
                content=b"{}",
                headers={"x-api-key": API_KEY, "content-type": "application/json"},
            ).status_code
            == 200
        )
    finally:
        http.close()


async def test_user_supplied_async_httpx_client_is_used_and_not_closed(server):
    seen: list[httpx.Request] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request)

    http = httpx.AsyncClient(
        headers={"X-Trace": "trace-async"}, event_hooks={"request": [hook]}, verify=False
    )
    try:
        async with AsyncClient(API_KEY, base_url=server.url, http_client=http) as client:
            assert client._http is http
            await update_campaign_async(client, CAMPAIGN_ID, {"name": "x"})
        assert len(seen) == 1
        assert server.last.header("x-trace") == "trace-async"
        assert server.last.header("x-api-key") == API_KEY
        assert not http.is_closed
        await client.aclose()
        assert not http.is_closed
    finally:
        await http.aclose()


def test_user_supplied_client_timeout_is_used(server):
    server.reply(200, json={"campaign": {}}, delay=1.5)
    with httpx.Client(timeout=0.2, verify=False) as http:
        client = Client(API_KEY, base_url=server.url, http_client=http, max_retries=0)
        with raises(APITimeoutError):
            update_campaign(client, CAMPAIGN_ID, {})
        client.close()


# ------------------------------------------------------------------ closing what it opened


def test_client_context_manager_closes_its_own_httpx_client(server):
    with Client(API_KEY, base_url=server.url) as client:
        assert isinstance(client, Client)
        assert not client._http.is_closed
        result = update_campaign_with_response(client, CAMPAIGN_ID, {})
        assert result.http_response.status_code == 200
    assert client._http.is_closed


async def test_async_client_context_manager_closes_its_own_httpx_client(server):
    async with AsyncClient(API_KEY, base_url=server.url) as client:
        assert isinstance(client, AsyncClient)
        assert not client._http.is_closed
        result = await update_campaign_async_with_response(client, CAMPAIGN_ID, {})
        assert result.http_response.status_code == 200
    assert client._http.is_closed


def test_close_closes_its_own_httpx_client(server):
    client = Client(API_KEY, base_url=server.url)
    update_campaign(client, CAMPAIGN_ID, {})
    client.close()
    assert client._http.is_closed


async def test_aclose_closes_its_own_httpx_client(server):
    client = AsyncClient(API_KEY, base_url=server.url)
    await update_campaign_async(client, CAMPAIGN_ID, {})
    await client.aclose()
    assert client._http.is_closed


async def test_one_client_serves_several_calls(api):
    client = api.client()
    for name in ("a", "b", "c"):
        await api.update(client, CAMPAIGN_ID, {"name": name})
    assert [r.json() for r in api.server.requests] == [{"name": n} for n in "abc"]
