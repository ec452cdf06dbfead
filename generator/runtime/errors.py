"""Every exception the client raises on purpose.

    APIError
     ├── MissingCredentialsError     no credentials the call accepts (nothing sent)
     │    └── MissingAPIKeyError     no key given, none in the environment
     ├── APIConnectionError          no usable answer: unreachable, dropped, undecodable
     │    └── APITimeoutError        ... or not within the timeout
     ├── APIResponseTooLargeError    a response body over max_response_bytes
     ├── APIResponseValidationError  a success body that does not match the spec,
     │                               with strict_responses=True only
     └── APIStatusError              the API answered with an error status
          ├── BadRequestError          400
          ├── AuthenticationError      401
          ├── PermissionDeniedError    403
          ├── NotFoundError            404
          ├── ConflictError            409
          ├── UnprocessableEntityError 422, with the parsed list of validation issues
          ├── RateLimitError           429, with retry_after in seconds
          └── InternalServerError      any 5xx, 520 included

Any other error status (say 418) raises a plain ``APIStatusError``.  Every
``APIStatusError`` carries the ``x-request-id`` the API sent (``request_id``, also in its
message: quote it to the provider).  Invalid arguments raise ``pydantic.ValidationError``
(or ``ValueError`` for a path or query parameter) before anything is sent.  No message
ever contains the API key (or any other credential), and a message quotes at most ``MESSAGE_LIMIT`` characters of
what the API sent.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic_core import ErrorDetails

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]

MESSAGE_LIMIT = 500
"""At most this many characters of text from a response go into an exception message."""


class APIError(Exception):
    """Base of every error this client raises on purpose."""


class MissingCredentialsError(APIError):
    """None of the credentials a call accepts were given (as arguments, or in the
    environment variables the message names); nothing was sent.

    The message says what to pass; it never contains a credential.
    """


class MissingAPIKeyError(MissingCredentialsError):
    """No API key was passed and its environment variable (``API_KEY_ENV`` in
    ``_config``) is not set."""


class APIConnectionError(APIError):
    """The request could not be sent, no response arrived (after any retries), or its
    body could not be decoded."""


class APITimeoutError(APIConnectionError):
    """An attempt did not end within its timeout (after any retries)."""


class APIResponseTooLargeError(APIError):
    """A response body was larger than the client's ``max_response_bytes`` (counted
    decoded, as it arrived); reading stopped there, and the call is not retried.

    ``response`` has the status and headers; its body was not kept.
    """

    def __init__(self, message: str, *, response: httpx.Response, limit: int) -> None:
        super().__init__(message)
        self.response = response
        self.limit = limit


class APIResponseValidationError(APIError):
    """The API answered with a success status but a body the spec does not allow, and the
    client was made with ``strict_responses=True`` (by default such a body is returned
    as received instead).

    ``response`` is the raw ``httpx.Response``; ``response.text`` holds the body.
    ``errors`` lists how the body broke its schema (pydantic's error details).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        errors: tuple[ErrorDetails, ...] = (),
    ) -> None:
        super().__init__(message)
        self.response = response
        self.errors = errors


class APIStatusError(APIError):
    """The API answered with an error status.

    ``body`` is the parsed error model when the spec documents one for the status, else
    the decoded JSON (or ``None`` when the body is not JSON).  An error body that does
    not match its model is still parsed onto it, field by field, and
    ``validation_errors`` lists how it broke the schema (empty when it matched).
    ``message`` is the API's message in full; ``str(exc)`` quotes its start.
    ``request_id`` is the ``x-request-id`` header of the answer, when the API sent one.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        self.request_id: str | None = response.headers.get("x-request-id")
        text = f"{response.status_code} {clip(message)}"
        if self.request_id is not None:
            text += f" (request id {clip(self.request_id)})"
        super().__init__(text)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        code = _field(body, "code")
        self.code: str | None = code if isinstance(code, str) else None
        self.message = message
        self.validation_errors: tuple[ErrorDetails, ...] = ()


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state of the resource."""


class UnprocessableEntityError(APIStatusError):
    """422: the body failed validation; ``errors`` lists the issues the API reported."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, response=response, body=body)
        issues = _field(body, "errors")
        self.errors: list[Any] = list(issues) if isinstance(issues, list) else []


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the wait in seconds the API asked for."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        retry_after: float | None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the API failed."""


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def _field(body: Any, name: str) -> Any:
    """A field of a parsed error body, whether a model or a plain dict."""
    if isinstance(body, dict):
        return body.get(name)
    return getattr(body, name, None)
