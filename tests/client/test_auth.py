"""The API key: where it comes from, where it goes, and everywhere it must never show up."""

from __future__ import annotations

import logging
import socket
import warnings

import pydantic
import pytest
from carecycle import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AsyncClient,
    AuthenticationError,
    Client,
    MissingAPIKeyError,
)

from tests.scripted_server import closed_port

from .conftest import API_KEY, API_KEY_ENV, CAMPAIGN_ID, assert_key_absent, raises

CLIENT_CLASSES = pytest.mark.parametrize("cls", [Client, AsyncClient], ids=["sync", "async"])


async def close(client: Client | AsyncClient) -> None:
    if isinstance(client, AsyncClient):
        await client.aclose()
    else:
        client.close()


# ----------------------------------------------------------------- where the key comes from


@CLIENT_CLASSES
@pytest.mark.parametrize("env", [None, ""], ids=["env-unset", "env-empty"])
def test_missing_key_raises_before_any_request(cls, env, monkeypatch, server):
    if env is None:
        monkeypatch.delenv(API_KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(API_KEY_ENV, env)
    with raises(MissingAPIKeyError, match=API_KEY_ENV):
        cls(base_url=server.url)
    assert server.count == 0


async def test_env_var_is_used_when_no_key_is_given(api, monkeypatch):
    env_key = "cc_from_env_5be2c0ffee"
    monkeypatch.setenv(API_KEY_ENV, env_key)
    client = api.client(api_key=None)
    await api.update(client, CAMPAIGN_ID, {})
    assert api.server.last.header_values("x-api-key") == [env_key]


async def test_explicit_key_wins_over_the_env_var(api, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, "cc_from_env_5be2c0ffee")
    client = api.client(api_key=API_KEY)
    await api.update(client, CAMPAIGN_ID, {})
    assert api.server.last.header_values("x-api-key") == [API_KEY]


@CLIENT_CLASSES
async def test_key_without_the_cc_prefix_warns_without_showing_it(cls, server):
    odd_key = "sk_live_9a8b7c6d5e4f_NOTCC"
    with pytest.warns(UserWarning, match="cc_") as record:
        client = cls(odd_key, base_url=server.url)
    await close(client)
    assert len(record) == 1
    for warning in record:
        assert odd_key not in str(warning.message)
    # the warning points at the caller's line, not inside the client
    assert record[0].filename == __file__


@CLIENT_CLASSES
async def test_key_with_the_cc_prefix_does_not_warn(cls, server):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = cls(API_KEY, base_url=server.url)
    await close(client)


# ----------------------------------------------------------------- where it must not show up


@CLIENT_CLASSES
async def test_key_not_in_repr(cls, server):
    client = cls(API_KEY, base_url=server.url)
    try:
        assert API_KEY not in repr(client)
        assert API_KEY not in str(client)
        assert repr(client) == f"{cls.__name__}(base_url={server.url!r}, api_key='***')"
    finally:
        await close(client)


async def test_key_not_in_exceptions_or_carecycle_logs(api, caplog):
    for name in ("carecycle", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    client = api.client()
    api.server.reply(503, headers={"Retry-After": "0"}, json={"message": "m", "code": "C"})
    await api.update(client, CAMPAIGN_ID, {"name": "ok"})  # retried, then the 200 example
    api.server.reply(401, json={"message": f"Invalid API key {API_KEY[:6]}...", "code": "X"})
    api.server.reply(200, json={"campaign": "broken"})
    api.server.drop()

    strict = api.client(strict_responses=True)

    raised: list[BaseException] = []
    for caller, expected in (
        (client, AuthenticationError),
        (strict, APIResponseValidationError),
        (client, APIConnectionError),
    ):
        with pytest.raises(expected) as info:
            await api.update(caller, CAMPAIGN_ID, {}, max_retries=0)
        raised.append(info.value)
    with pytest.raises(pydantic.ValidationError) as info:
        await api.update(client, CAMPAIGN_ID, {"status": "bogus"})
    raised.append(info.value)
    with pytest.raises(ValueError) as info:
        await api.update(client, "not-a-uuid", {})
    raised.append(info.value)
    refused = api.client(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        await api.update(refused, CAMPAIGN_ID, {})
    raised.append(info.value)

    for exc in raised:
        assert_key_absent(exc)
    assert isinstance(raised[0], APIStatusError)
    ours = [r for r in caplog.records if r.name == "carecycle" or r.name.startswith("carecycle.")]
    for record in ours:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.args)
    assert api.server.count == 5


# --------------------------------------------------------------------------- plain http


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network I/O attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url",
    [
        "http://example.com",
        "http://example.com:8080/v2",
        "http://10.0.0.1",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "HTTP://example.com",
    ],
)
def test_plain_http_to_a_remote_host_is_refused_without_network_io(cls, base_url, monkeypatch):
    _no_network(monkeypatch)
    with raises(ValueError, match="http"):
        cls(API_KEY, base_url=base_url)


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url",
    [
        "http://example.com",
        "http://localhost:8080",
        "http://127.0.0.1:1",
        "http://[::1]:1",
        "https://example.com",
    ],
)
async def test_allowed_base_urls_construct(cls, base_url, monkeypatch):
    _no_network(monkeypatch)
    insecure = base_url == "http://example.com"
    client = cls(API_KEY, base_url=base_url, allow_insecure_http=insecure)
    try:
        assert client.base_url == base_url
    finally:
        await close(client)
