"""``Client`` and ``AsyncClient``: configuration and the send loop of every call.

Both clients inherit everything that is not I/O from ``_BaseClient``: building what goes
on the wire, deciding whether and how long to wait before a retry (``_retries``), and
turning a response into a model or an exception (``_responses``).  Only the send loops
differ, so the two cannot drift apart.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import time
import typing
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic_core import to_json

from ._config import API_KEY_ENV, API_KEY_HEADER, API_KEY_PREFIX, DEFAULT_BASE_URL
from ._request import ApiRequest, ModelT
from ._responses import (
    ApiResponse,
    logger,
    parse_body,
    status_error,
    summary,
    warn_mismatch,
)
from ._retries import retry_delay
from ._transport import (
    ACCEPT_ENCODING,
    AsyncGuardedStream,
    BodyGuard,
    GuardedStream,
    check_deadline,
    connection_error,
    deadline_exceeded,
    decoding_error,
)
from .errors import APIResponseValidationError, MissingAPIKeyError

# typing.Self is Python 3.11+; typing_extensions comes with pydantic, and is only needed
# by type checkers here.
if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncClient",
    "Client",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""The default limit on a response body, decoded: far more than the API's answers need."""

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)


@dataclass(frozen=True)
class _Outgoing:
    """The HTTP request of one call, encoded once and sent by every attempt."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: httpx.Headers
    content: bytes | None


class _BaseClient(Generic[_HttpT]):
    """Configuration, request building and response parsing shared by both clients.

    ``api_key`` defaults to the ``API_KEY_ENV`` environment variable.  A plain ``http``
    ``base_url`` is refused unless it is a loopback address or ``allow_insecure_http`` is
    set.  ``timeout`` applies to every request (default: 30 s, 10 s to connect); with your
    own ``http_client`` its settings are used unless ``timeout`` is given.  It is also the
    deadline of each attempt (for an ``httpx.Timeout``, its largest value; see the module
    docstring).  A response body over ``max_response_bytes`` (decoded) raises
    ``APIResponseTooLargeError``.  With ``strict_responses=True`` a success body that does
    not match its schema raises ``APIResponseValidationError`` instead of being returned
    as received.  The client closes only what it opened; use it as a context manager.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: _HttpT | None = None,
        allow_insecure_http: bool = False,
        strict_responses: bool = False,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not key and API_KEY_HEADER is not None:
            raise MissingAPIKeyError(
                f"no API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
            )
        if key and API_KEY_PREFIX and not key.startswith(API_KEY_PREFIX):
            warnings.warn(
                f"the API key does not start with {API_KEY_PREFIX!r}; the API will likely refuse it",
                UserWarning,
                stacklevel=2,
            )
        _check_base_url(base_url, allow_insecure_http=allow_insecure_http)
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if max_response_bytes < 1:
            raise ValueError("max_response_bytes must be 1 or more")
        self._api_key = key
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.strict_responses = strict_responses
        self.max_response_bytes = max_response_bytes
        self._timeout = timeout
        self._owns_http = http_client is None
        self._http: _HttpT = http_client or self._new_http(
            DEFAULT_TIMEOUT if timeout is None else timeout
        )

    def _new_http(self, timeout: float | httpx.Timeout) -> _HttpT:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='***')"

    def _outgoing(
        self,
        request: ApiRequest[Any],
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, str] | None,
        extra_body: Mapping[str, Any] | None,
    ) -> _Outgoing:
        """What goes on the wire for ``request``, the same for every attempt.

        The extras are sent as given, after what the spec describes: extra headers
        replace the client's own of the same name (case aside), extra query parameters
        and body fields those of the same name.  ``extra_body`` becomes the body of an
        operation that has none.
        """
        headers = httpx.Headers(
            {
                **request.headers,
                "accept": "application/json",
                "accept-encoding": ACCEPT_ENCODING,
            }
        )
        if API_KEY_HEADER is not None and self._api_key:
            headers[API_KEY_HEADER] = self._api_key
        content = None
        if request.has_body or extra_body is not None:
            body = request.body if request.has_body else {}
            if extra_body is not None:
                body = {**body, **extra_body}
            headers["content-type"] = "application/json"
            content = to_json(body)  # compact UTF-8 JSON, 4x faster than json.dumps
        if extra_headers is not None:
            headers.update(extra_headers)
        query = {**request.query, **extra_query} if extra_query else request.query
        return _Outgoing(request.method, request.path, query, headers, content)

    def _build(self, outgoing: _Outgoing, timeout: Any) -> httpx.Request:
        return self._http.build_request(
            outgoing.method,
            self.base_url + outgoing.path,
            params=outgoing.query,
            headers=outgoing.headers,
            content=outgoing.content,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
        )

    def _deadline_of(self, timeout: float | httpx.Timeout | None) -> float | None:
        """When an attempt starting now must be over: the per-call timeout, else the
        client's, else its httpx client's; None when no timeout is set at all."""
        if timeout is None:
            timeout = self._timeout if self._timeout is not None else self._http.timeout
        if isinstance(timeout, httpx.Timeout):
            limits = [t for t in timeout.as_dict().values() if t is not None]
            if not limits:
                return None
            timeout = max(limits)
        return time.monotonic() + timeout

    def _settle(
        self,
        request: ApiRequest[ModelT],
        outcome: httpx.Response | Exception,
        attempt: int,
        retries: int,
    ) -> ApiResponse[ModelT] | float:
        """What an attempt's ``outcome`` (the answer, or what went wrong on the wire)
        comes to: the parsed answer, or the seconds to wait before the next attempt.
        Raises the error of a final failure."""
        if isinstance(outcome, httpx.DecodingError):
            raise decoding_error(outcome) from outcome
        if isinstance(outcome, httpx.TransportError):
            delay = retry_delay(attempt, retries, None)
            if delay is None:
                raise connection_error(outcome) from outcome
            return delay
        assert isinstance(outcome, httpx.Response)
        _log(request, outcome, attempt)
        delay = retry_delay(attempt, retries, outcome)
        return self._parse(request, outcome) if delay is None else delay

    def _parse(
        self, request: ApiRequest[ModelT], response: httpx.Response
    ) -> ApiResponse[ModelT]:
        if not response.is_success:
            raise status_error(request, response)
        model = request.response_model
        parsed, errors = parse_body(model, response.content)
        if errors:
            if self.strict_responses:
                raise APIResponseValidationError(
                    f"the {response.status_code} response does not match "
                    f"{model.__name__}: {summary(errors)}",
                    response=response,
                    errors=errors,
                )
            warn_mismatch(request, response, model, errors)
        return ApiResponse(parsed, response, errors)


class Client(_BaseClient[httpx.Client]):
    """A synchronous client: pass it to the functions in ``api``.  See ``_BaseClient``
    for the arguments."""

    def _new_http(self, timeout: float | httpx.Timeout) -> httpx.Client:
        return httpx.Client(timeout=timeout)

    def send(
        self,
        request: ApiRequest[ModelT],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> ApiResponse[ModelT]:
        """Send ``request``, retrying as configured, and parse the answer."""
        retries = self.max_retries if max_retries is None else max_retries
        outgoing = self._outgoing(request, extra_headers, extra_query, extra_body)
        attempt = 0
        while True:
            built = self._build(outgoing, self._timeout if timeout is None else timeout)
            try:
                outcome: httpx.Response | Exception = self._receive(
                    built, self._deadline_of(timeout)
                )
            except (httpx.TransportError, httpx.DecodingError) as exc:
                outcome = exc
            settled = self._settle(request, outcome, attempt, retries)
            if isinstance(settled, ApiResponse):
                return settled
            delay = settled
            time.sleep(delay)
            attempt += 1

    def _receive(self, built: httpx.Request, deadline: float | None) -> httpx.Response:
        """One attempt: send ``built`` and read the whole answer, within the limits."""
        check_deadline(built, deadline)
        response = self._http.send(built, stream=True)
        try:
            check_deadline(built, deadline)  # the headers may have taken it all
            guard = BodyGuard(built, response, self.max_response_bytes, deadline)
            stream = typing.cast(httpx.SyncByteStream, response.stream)
            response.stream = GuardedStream(stream, guard)
            response.read()
        except BaseException:
            response.close()
            raise
        return response

    def close(self) -> None:
        """Close the HTTP connection pool, unless it was passed in."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(_BaseClient[httpx.AsyncClient]):
    """The asynchronous twin of ``Client``: pass it to the ``*_async`` functions in ``api``."""

    def _new_http(self, timeout: float | httpx.Timeout) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout)

    async def send(
        self,
        request: ApiRequest[ModelT],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> ApiResponse[ModelT]:
        """Send ``request``, retrying as configured, and parse the answer."""
        retries = self.max_retries if max_retries is None else max_retries
        outgoing = self._outgoing(request, extra_headers, extra_query, extra_body)
        attempt = 0
        while True:
            built = self._build(outgoing, self._timeout if timeout is None else timeout)
            try:
                outcome: httpx.Response | Exception = await self._receive(
                    built, self._deadline_of(timeout)
                )
            except (httpx.TransportError, httpx.DecodingError) as exc:
                outcome = exc
            settled = self._settle(request, outcome, attempt, retries)
            if isinstance(settled, ApiResponse):
                return settled
            delay = settled
            await asyncio.sleep(delay)
            attempt += 1

    async def _receive(
        self, built: httpx.Request, deadline: float | None
    ) -> httpx.Response:
        """One attempt: send ``built`` and read the whole answer, within the limits."""
        check_deadline(built, deadline)
        if deadline is None:
            return await self._exchange(built, deadline)
        try:
            return await asyncio.wait_for(
                self._exchange(built, deadline), deadline - time.monotonic()
            )
        except asyncio.TimeoutError:
            raise deadline_exceeded(built) from None

    async def _exchange(
        self, built: httpx.Request, deadline: float | None
    ) -> httpx.Response:
        response = await self._http.send(built, stream=True)
        try:
            guard = BodyGuard(built, response, self.max_response_bytes, deadline)
            stream = typing.cast(httpx.AsyncByteStream, response.stream)
            response.stream = AsyncGuardedStream(stream, guard)
            await response.aread()
        except BaseException:
            await response.aclose()
            raise
        return response

    async def aclose(self) -> None:
        """Close the HTTP connection pool, unless it was passed in."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _check_base_url(base_url: str, *, allow_insecure_http: bool) -> None:
    parts = urlsplit(base_url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
    if not (allow_insecure_http or _is_loopback(parts.hostname)):
        raise ValueError(
            f"refusing plain http to {parts.hostname!r}: the API key would travel unencrypted; "
            "use https, or pass allow_insecure_http=True"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _log(request: ApiRequest[Any], response: httpx.Response, attempt: int) -> None:
    logger.debug(
        "%s %s -> %s (attempt %d)",
        request.method,
        request.path,
        response.status_code,
        attempt + 1,
    )
