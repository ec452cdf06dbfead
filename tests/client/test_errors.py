"""Error statuses become the documented exceptions, with everything the caller needs on them."""

from __future__ import annotations

import httpx
import pytest
from carecycle import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from carecycle.models import (
    Error,
    RateLimitErrorResponse,
    ValidationErrorResponse,
    ValidationIssue,
)

from .conftest import CAMPAIGN_ID, raises

VALIDATION_BODY = {
    "message": "Request validation failed",
    "code": "VALIDATION_ERROR",
    "errors": [
        {
            "path": ["name"],
            "message": "String must contain at most 255 character(s)",
            "expected": "string",
            "received": "number",
            "code": "too_big",
        },
        {"path": ["smsTypes", "redial"], "message": "Expected boolean"},
    ],
}

# status, body, exception class, class of .body (None: the decoded JSON is kept as is)
CASES = [
    (400, {"message": "Invalid request body", "code": "VALIDATION_ERROR"}, BadRequestError, Error),
    (401, {"message": "Invalid API key", "code": "UNAUTHORIZED"}, AuthenticationError, Error),
    (403, {"message": "Forbidden", "code": "FORBIDDEN"}, PermissionDeniedError, Error),
    (404, {"message": "Campaign not found", "code": "NOT_FOUND"}, NotFoundError, Error),
    (422, VALIDATION_BODY, UnprocessableEntityError, ValidationErrorResponse),
    (
        429,
        {"message": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED", "retryAfter": 60},
        RateLimitError,
        RateLimitErrorResponse,
    ),
    (
        500,
        {"message": "Internal server error", "code": "INTERNAL_ERROR"},
        InternalServerError,
        Error,
    ),
    (503, {"message": "Service unavailable", "code": "UNAVAILABLE"}, InternalServerError, None),
    (520, {"message": "Unknown origin error", "code": "ORIGIN_ERROR"}, InternalServerError, None),
    (409, {"message": "Campaign is locked", "code": "CONFLICT"}, ConflictError, None),
    (418, {"message": "I'm a teapot", "code": "TEAPOT"}, APIStatusError, None),
]


@pytest.mark.parametrize(
    ("status", "body", "exc_class", "body_class"), CASES, ids=[str(c[0]) for c in CASES]
)
async def test_error_status_raises_the_documented_exception(
    api, status, body, exc_class, body_class
):
    api.server.reply(status, json=body, headers={"X-Request-Id": "req-err"})
    client = api.client()

    with raises(exc_class) as info:
        await api.update(client, CAMPAIGN_ID, {"name": "x"}, max_retries=0)

    exc = info.value
    assert type(exc) is exc_class
    assert isinstance(exc, APIStatusError)
    assert isinstance(exc, APIError)
    assert exc.status_code == status
    assert exc.code == body["code"]
    assert exc.message == body["message"]
    assert body["message"] in str(exc)
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == status
    assert exc.response.headers["x-request-id"] == "req-err"
    assert exc.request_id == "req-err"
    assert str(exc) == f"{status} {body['message']} (request id req-err)"
    assert exc.response.json() == body
    if body_class is None:
        assert exc.body == body
    else:
        assert isinstance(exc.body, body_class)
        assert exc.body.model_dump(mode="json", by_alias=True, exclude_unset=True) == body
    assert api.server.count == 1


async def test_422_errors_are_parsed(api):
    api.server.reply(422, json=VALIDATION_BODY)
    with raises(UnprocessableEntityError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {"name": "x"})
    issues = info.value.errors
    assert len(issues) == 2
    assert all(isinstance(issue, ValidationIssue) for issue in issues)
    assert issues[0].path == ["name"]
    assert issues[0].message == "String must contain at most 255 character(s)"
    assert (issues[0].expected, issues[0].received, issues[0].code) == (
        "string",
        "number",
        "too_big",
    )
    assert issues[1].path == ["smsTypes", "redial"]


async def test_429_retry_after_from_the_body(api):
    api.server.reply(
        429, json={"message": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED", "retryAfter": 7}
    )
    with raises(RateLimitError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {}, max_retries=0)
    assert info.value.retry_after == 7
    assert info.value.body.retry_after == 7


async def test_429_retry_after_from_the_header(api):
    api.server.reply(
        429,
        headers={"Retry-After": "5"},
        json={"message": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED"},
    )
    with raises(RateLimitError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {}, max_retries=0)
    assert info.value.retry_after == 5
    assert info.value.code == "RATE_LIMIT_EXCEEDED"


async def test_html_502_does_not_crash(api):
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    api.server.reply(502, body=html, headers={"Content-Type": "text/html"})
    with raises(InternalServerError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {}, max_retries=0)
    exc = info.value
    assert exc.status_code == 502
    assert exc.body is None
    assert exc.code is None
    assert isinstance(exc.message, str) and exc.message
    assert exc.response.content == html


async def test_without_x_request_id_there_is_no_request_id(api):
    api.server.reply(404, json={"message": "Campaign not found", "code": "NOT_FOUND"})
    with raises(NotFoundError) as info:
        await api.update(api.client(), CAMPAIGN_ID, {})
    assert info.value.request_id is None
    assert str(info.value) == "404 Campaign not found"


async def test_a_huge_error_message_is_cut_in_the_exception_text(api):
    message = "disk full; " * 500_000  # 5.5 MB
    api.server.reply(
        500,
        json={"message": message, "code": "INTERNAL_ERROR"},
        headers={"X-Request-Id": "req-big"},
    )
    with raises(InternalServerError) as info:
        await api.update(api.client(max_retries=0), CAMPAIGN_ID, {})
    exc = info.value
    text = str(exc)
    assert text.startswith("500 disk full; disk full;")
    assert f"... ({len(message) - 500} more characters) (request id req-big)" in text
    assert len(text) < 600
    assert exc.message == message  # the API's message itself is kept whole
    assert exc.body.message == message
