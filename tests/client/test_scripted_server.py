"""The scripted server itself: its validator must really catch requests that break the spec,
or every "the server saw a valid request" check elsewhere would be worthless.

These tests talk to the server with plain httpx, not with the generated client.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.scripted_server import ScriptedServer, closed_port

from .conftest import API_KEY, CAMPAIGN_ID, CAMPAIGN_PATH

GOOD_HEADERS = {"x-api-key": API_KEY, "content-type": "application/json"}


def send(server: ScriptedServer, method: str, path: str, *, headers=None, content=b"{}"):
    with httpx.Client(base_url=server.url, verify=False) as http:
        return http.request(
            method, path, headers=GOOD_HEADERS if headers is None else headers, content=content
        )


def test_valid_request_has_no_errors_and_gets_the_spec_example(server, request_example):
    response = send(server, "PATCH", CAMPAIGN_PATH, content=json.dumps(request_example).encode())
    assert response.status_code == 200
    assert response.json() == server.spec_example_response()
    (recorded,) = server.requests
    assert recorded.errors == []
    assert recorded.method == "PATCH"
    assert recorded.json() == request_example
    assert recorded.header("X-API-KEY") == API_KEY


@pytest.mark.parametrize(
    ("method", "path", "headers", "content", "expected"),
    [
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b'{"name": null}', "body['name']"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b'{"name": "' + b"x" * 256 + b'"}', "body"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b'{"status": "bogus"}', "body['status']"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b'{"bogus": 1}', "bogus"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b'{"pulseWorkflowId": "nope"}', "pulseWorkflowId"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b"{not json", "not UTF-8 JSON"),
        ("PATCH", CAMPAIGN_PATH, GOOD_HEADERS, b"", "required but empty"),
        ("PATCH", CAMPAIGN_PATH, {"content-type": "application/json"}, b"{}", "x-api-key"),
        (
            "PATCH",
            CAMPAIGN_PATH,
            {"x-api-key": API_KEY, "content-type": "text/plain"},
            b"{}",
            "content-type",
        ),
        ("PATCH", "/v2/campaigns/nope", GOOD_HEADERS, b"{}", "path parameter campaignId"),
        (
            "PATCH",
            "/v2/campaigns/" + CAMPAIGN_ID.replace("-4b50-", "-0b50-"),
            GOOD_HEADERS,
            b"{}",
            "path parameter campaignId",
        ),
        ("PATCH", "/v2/campaigns/..%2Fx", GOOD_HEADERS, b"{}", "path parameter campaignId"),
        ("PATCH", f"{CAMPAIGN_PATH}/extra", GOOD_HEADERS, b"{}", "no path template"),
        ("PATCH", f"{CAMPAIGN_PATH}?x=1", GOOD_HEADERS, b"{}", "query parameter 'x'"),
        ("POST", CAMPAIGN_PATH, GOOD_HEADERS, b"{}", "not an operation"),
    ],
    ids=[
        "name-null",
        "name-too-long",
        "status-bogus",
        "unknown-field",
        "uuid-field",
        "not-json",
        "empty-body",
        "no-api-key",
        "wrong-content-type",
        "path-not-uuid",
        "path-uuid-version-0",
        "path-traversal",
        "unknown-path",
        "unknown-query",
        "wrong-method",
    ],
)
def test_invalid_requests_are_caught(server, method, path, headers, content, expected):
    server.expect_invalid()
    send(server, method, path, headers=headers, content=content)
    (recorded,) = server.requests
    assert recorded.errors, "the validator let an invalid request through"
    assert any(expected in error for error in recorded.errors), recorded.errors
    assert recorded.expected_invalid


def test_unexpected_invalid_request_is_reported(spec_validator):
    with ScriptedServer(spec_validator) as srv:
        send(srv, "PATCH", CAMPAIGN_PATH, content=b'{"bogus": 1}')
        assert [r.errors for r in srv.unexpected_invalid()] != []


def test_expected_invalid_with_patterns_still_reports_other_errors(spec_validator):
    with ScriptedServer(spec_validator) as srv:
        srv.expect_invalid(2, matching=(r"query parameter 'dryRun' is not declared",))
        send(srv, "PATCH", f"{CAMPAIGN_PATH}?dryRun=1")
        send(srv, "PATCH", f"{CAMPAIGN_PATH}?dryRun=1", content=b'{"bogus": 1}')
        announced, other = srv.requests
        assert announced.errors and announced.unexpected_errors == []
        assert len(other.errors) == 2
        assert [e for e in other.unexpected_errors if "bogus" in e] == other.unexpected_errors
        assert srv.unexpected_invalid() == [other]


def test_drip_sends_the_body_byte_by_byte(server):
    server.reply(200, json={"campaign": {}}, drip=0.05)
    with (
        httpx.Client(base_url=server.url, verify=False) as http,
        http.stream("PATCH", CAMPAIGN_PATH, headers=GOOD_HEADERS, content=b"{}") as response,
    ):
        pieces = list(response.iter_raw())
    assert b"".join(pieces) == b'{"campaign": {}}'
    assert len(pieces) > 5  # they did not arrive in one piece


def test_drip_headers_sends_the_status_line_byte_by_byte(server):
    server.reply(404, json={"message": "m", "code": "C"}, drip=0.002, drip_headers=True)
    response = send(server, "PATCH", CAMPAIGN_PATH)
    assert (response.status_code, response.json()) == (404, {"message": "m", "code": "C"})


def test_raw_path_keeps_percent_encoding(server):
    server.expect_invalid()
    send(server, "PATCH", "/v2/campaigns/a%2Fb%3F")
    assert server.last.path == "/v2/campaigns/a%2Fb%3F"


def test_scripted_replies_in_order_then_the_default(server):
    server.reply(503, headers={"Retry-After": "0", "X-Test": "1"}, json={"message": "m"})
    server.reply(520, body=b"<html>down</html>", headers={"Content-Type": "text/html"})
    first = send(server, "PATCH", CAMPAIGN_PATH)
    second = send(server, "PATCH", CAMPAIGN_PATH)
    third = send(server, "PATCH", CAMPAIGN_PATH)
    assert (first.status_code, first.headers["x-test"], first.json()) == (
        503,
        "1",
        {"message": "m"},
    )
    assert (second.status_code, second.content) == (520, b"<html>down</html>")
    assert (third.status_code, third.json()) == (200, server.spec_example_response())
    assert server.count == 3
    assert all(gap >= 0 for gap in server.gaps())


def test_drop_closes_without_answer(server):
    server.drop()
    with pytest.raises(httpx.RemoteProtocolError):
        send(server, "PATCH", CAMPAIGN_PATH)
    assert server.count == 1


def test_delay_and_arrival_times(server):
    server.reply(200, json={"campaign": {}}, delay=0.3)
    start = time.monotonic()
    send(server, "PATCH", CAMPAIGN_PATH)
    assert time.monotonic() - start >= 0.25
    assert start <= server.last.time


def test_closed_port_refuses():
    with pytest.raises(httpx.ConnectError), httpx.Client(verify=False) as http:
        http.get(f"http://127.0.0.1:{closed_port()}/")
