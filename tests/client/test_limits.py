"""The client bounds the time and memory one call can take, whatever the server sends.

A body is read as it arrives, up to ``max_response_bytes`` counted decoded (a gzip bomb
is stopped before it is inflated), and every attempt ends within its ``timeout``, also
when the answer drips in a byte at a time (httpx's own timeouts are per read).  The
deadline tests are hang checks with generous bounds, not speed goals.
"""

from __future__ import annotations

import gzip
import json
import struct
import time
import tracemalloc
import zlib

import pytest
from carecycle import (
    APIConnectionError,
    APIResponseTooLargeError,
    APITimeoutError,
    AsyncClient,
    InternalServerError,
)
from carecycle._client import DEFAULT_MAX_RESPONSE_BYTES
from carecycle.models import UpdateCampaignResponse

from .conftest import API_KEY, CAMPAIGN_ID, raises

MIB = 1024 * 1024


def gzip_of_zeros(size: int) -> bytes:
    """A valid gzip stream of ``size`` zero bytes (a multiple of 1 MiB), built without
    compressing them all: with a full flush after each MiB, every MiB deflates to the
    same bytes."""
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(chunk, crc)
    return (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
        + block * (size // MIB)
        + compressor.flush()
        + struct.pack("<II", crc, size & 0xFFFFFFFF)
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """1 GiB of zeros in about 1 MB of gzip."""
    return gzip_of_zeros(1024 * MIB)


def test_the_bomb_is_what_it_claims(bomb):
    assert len(bomb) < 1.1 * MIB
    assert bomb[-4:] == struct.pack("<I", (1024 * MIB) & 0xFFFFFFFF)
    # The same construction, small enough to inflate here: a valid gzip of its size.
    assert gzip.decompress(gzip_of_zeros(8 * MIB)) == bytes(8 * MIB)


@pytest.mark.parametrize("layers", [1, 2], ids=["gzip", "gzip-gzip"])
async def test_a_gzip_bomb_is_stopped_at_the_limit_in_bounded_memory(api, bomb, layers):
    body, encoding = bomb, "gzip"
    if layers == 2:  # 1 GiB inside 1 MB inside a few KB
        body, encoding = gzip.compress(bomb), "gzip, gzip"
    api.server.reply(
        200, body=body, headers={"Content-Type": "application/json", "Content-Encoding": encoding}
    )
    client = api.client()

    tracemalloc.start()
    try:
        with raises(APIResponseTooLargeError) as info:
            await api.update(client, CAMPAIGN_ID, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 4 * DEFAULT_MAX_RESPONSE_BYTES, f"{peak / MIB:.0f} MiB to refuse the bomb"
    exc = info.value
    assert exc.limit == DEFAULT_MAX_RESPONSE_BYTES
    assert exc.response.status_code == 200
    assert str(DEFAULT_MAX_RESPONSE_BYTES) in str(exc)
    assert api.server.count == 1  # not retried


async def test_a_plain_body_over_the_limit_is_refused_and_not_retried(api, response_example):
    body = json.dumps(response_example).encode()
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"})
    with raises(APIResponseTooLargeError) as info:
        await api.update(api.client(max_response_bytes=len(body) - 1), CAMPAIGN_ID, {})
    assert info.value.limit == len(body) - 1
    assert api.server.count == 1


async def test_a_body_of_exactly_the_limit_is_read(api, response_example):
    body = json.dumps(response_example).encode()
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"})
    result = await api.update(api.client(max_response_bytes=len(body)), CAMPAIGN_ID, {})
    assert isinstance(result, UpdateCampaignResponse)


async def test_the_limit_counts_the_decoded_body(api, response_example):
    body = json.dumps(response_example).encode()
    compressed = gzip.compress(body)
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    api.server.reply(200, body=compressed, headers=headers)
    client = api.client(max_response_bytes=len(compressed) + 10)  # the wire size fits
    with raises(APIResponseTooLargeError):
        await api.update(client, CAMPAIGN_ID, {})


async def test_an_error_body_over_the_limit_is_refused_too(api):
    api.server.reply(500, body=b"x" * (20 * MIB), headers={"Content-Type": "text/plain"})
    with raises(APIResponseTooLargeError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.response.status_code == 500
    assert api.server.count == 1


def json_compressed(value, wbits: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(json.dumps(value).encode()) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [
        ("gzip", zlib.MAX_WBITS | 16),
        ("deflate", zlib.MAX_WBITS),  # zlib-wrapped, as the RFC says
        ("deflate", -zlib.MAX_WBITS),  # raw deflate, as some servers send it
        ("identity", None),
    ],
    ids=["gzip", "deflate", "raw-deflate", "identity"],
)
async def test_compressed_answers_parse(api, response_example, encoding, wbits):
    body = json.dumps(response_example).encode()
    if wbits is not None:
        body = json_compressed(response_example, wbits)
    api.server.reply(
        200, body=body, headers={"Content-Type": "application/json", "Content-Encoding": encoding}
    )
    response = await api.update_with_response(api.client(), CAMPAIGN_ID, {})
    assert response.validation_errors == ()
    assert response.http_response.json() == response_example
    assert api.server.last.header("accept-encoding") == "gzip, deflate"


async def test_a_compressed_error_body_is_parsed(api):
    body = {"message": "Internal server error", "code": "INTERNAL_ERROR"}
    api.server.reply(
        500,
        body=json_compressed(body, zlib.MAX_WBITS | 16),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    with raises(InternalServerError) as info:
        await api.update(api.client(max_retries=0), CAMPAIGN_ID, {})
    assert info.value.message == "Internal server error"


@pytest.mark.parametrize("encoding", ["br", "zstd"])
async def test_an_encoding_that_was_not_asked_for_is_refused(api, encoding):
    api.server.reply(200, body=b"\x00" * 64, headers={"Content-Encoding": encoding})
    with raises(APIConnectionError, match=f"encoded with '{encoding}'"):
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert api.server.count == 1


async def test_a_corrupt_gzip_body_is_a_connection_error(api):
    api.server.reply(200, body=b"\x1f\x8bnot really gzip", headers={"Content-Encoding": "gzip"})
    with raises(APIConnectionError, match="could not be decoded") as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert not isinstance(info.value, APITimeoutError)
    assert api.server.count == 1


def test_max_response_bytes_must_be_positive():
    from carecycle import Client

    with pytest.raises(ValueError, match="max_response_bytes"):
        Client(API_KEY, base_url="http://127.0.0.1:9", max_response_bytes=0)


# ----------------------------------------------------------------------------- deadlines


async def test_a_body_that_drips_for_30_s_ends_with_the_timeout(api, response_example):
    body = json.dumps(response_example).encode()[:300]
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"}, drip=0.1)
    client = api.client(timeout=0.5, max_retries=0)

    start = time.monotonic()
    with raises(APITimeoutError):
        await api.update(client, CAMPAIGN_ID, {})
    assert time.monotonic() - start < 10, "the dripping body was read to its end"
    assert api.server.count == 1


async def test_the_per_call_timeout_bounds_a_dripping_body(api, response_example):
    body = json.dumps(response_example).encode()[:300]
    api.server.reply(200, body=body, headers={"Content-Type": "application/json"}, drip=0.1)
    start = time.monotonic()
    with raises(APITimeoutError):
        await api.update(api.client(max_retries=0), CAMPAIGN_ID, {}, timeout=0.5)
    assert time.monotonic() - start < 10


async def test_a_dripping_attempt_is_retried_like_any_timeout(api, response_example):
    body = json.dumps(response_example).encode()
    api.server.reply(200, body=body[:300], headers={"Content-Type": "application/json"}, drip=0.1)
    result = await api.update(api.client(timeout=0.5, max_retries=1), CAMPAIGN_ID, {})
    assert isinstance(result, UpdateCampaignResponse)
    assert api.server.count == 2


async def test_async_headers_that_drip_end_with_the_timeout(server, response_example):
    """The async client bounds the whole attempt, the wait for the headers included."""
    body = json.dumps(response_example).encode()
    server.reply(200, body=body, drip=0.1, drip_headers=True)  # about 80 s of headers
    async with AsyncClient(API_KEY, base_url=server.url, timeout=0.5, max_retries=0) as client:
        from carecycle.api.campaigns import update_campaign_async

        start = time.monotonic()
        with raises(APITimeoutError):
            await update_campaign_async(client, CAMPAIGN_ID, {})
        assert time.monotonic() - start < 10
    assert server.count == 1


@pytest.mark.parametrize("where", ["call", "client"])
async def test_timeout_0_is_a_timeout_of_zero(api, where):
    client = api.client(max_retries=0, **({"timeout": 0} if where == "client" else {}))
    with raises(APITimeoutError):
        await api.update(client, CAMPAIGN_ID, {}, **({"timeout": 0} if where == "call" else {}))
    assert api.server.count == 0  # nothing can be sent in no time


async def test_a_slow_but_steady_answer_within_the_timeout_is_read(api):
    body = {"campaign": {"name": "steady"}}
    api.server.reply(200, json=body, drip=0.01)  # about 0.3 s, byte by byte
    result = await api.update(api.client(timeout=30, max_retries=0), CAMPAIGN_ID, {})
    assert result.campaign.name == "steady"
