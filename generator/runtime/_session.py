"""What both clients share: configuration, credentials, building what goes on the wire,
deciding whether and how long to wait before a retry (``_retries``), and turning an
answer into a result or an exception (``_responses``).  The send loops (``_sending``)
are all that differ between the two, so they cannot drift apart.

The generated ``_client.py`` gives ``Client`` and ``AsyncClient`` their arguments: one
per security scheme of the spec, then the options here.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic_core import to_json

from ._auth import Applied, Scheme, check_credentials, credentials_from_env
from ._bodies import Body
from ._config import CREDENTIALS_NEEDED, SCHEMES
from ._params import cookie_header, percent_encode, query_string
from ._request import ApiRequest, JsonBody, Kind, ResultT
from ._responses import (
    ApiResponse,
    documented,
    logger,
    read_body,
    status_error,
    summary,
    type_name,
    warn_mismatch,
)
from ._retries import retry_delay
from ._transport import ACCEPT_ENCODING, connection_error, decoding_error
from .errors import (
    APIResponseValidationError,
    MissingAPIKeyError,
    MissingCredentialsError,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Session",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""The default limit on a response body, decoded: far more than the API's answers need."""

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)


@dataclass(frozen=True)
class Outgoing:
    """The HTTP request of one call, encoded once and sent by every attempt (a body
    that streams is read anew by each)."""

    method: str
    url: str
    headers: httpx.Headers
    body: Body | bytes | None

    @property
    def replayable(self) -> bool:
        return not isinstance(self.body, Body) or self.body.replayable


class Session(Generic[_HttpT]):
    """Configuration, request building and response parsing shared by both clients.

    ``credentials`` holds one credential per security scheme key (``None``: not given);
    each missing one is taken from its environment variable.  A plain ``http``
    ``base_url`` is refused unless it is a loopback address or ``allow_insecure_http`` is
    set.  ``timeout`` applies to every request (default: 30 s, 10 s to connect); with your
    own ``http_client`` its settings are used unless ``timeout`` is given.  It is also the
    deadline of each attempt (for an ``httpx.Timeout``, its largest value; see
    ``_transport``).  A response body over ``max_response_bytes`` (decoded) raises
    ``APIResponseTooLargeError``.  With ``strict_responses=True`` a success body that does
    not match its schema raises ``APIResponseValidationError`` instead of being returned
    as received.  The client closes only what it opened; use it as a context manager.
    """

    def __init__(
        self,
        credentials: Mapping[str, Any],
        *,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        http_client: _HttpT | None,
        allow_insecure_http: bool,
        strict_responses: bool,
        max_response_bytes: int,
    ) -> None:
        found = credentials_from_env(SCHEMES, credentials)
        if CREDENTIALS_NEEDED and not any(found.get(key) for key in SCHEMES):
            raise _missing(SCHEMES)
        # this, Session.__init__, the generated Client.__init__, then the caller's line
        check_credentials(SCHEMES, found, stacklevel=3)
        _check_base_url(base_url, allow_insecure_http=allow_insecure_http)
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if max_response_bytes < 1:
            raise ValueError("max_response_bytes must be 1 or more")
        self._credentials = found
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
        given = ", ".join(
            f"{scheme.argument}={'***' if self._credentials.get(key) else None!r}"
            for key, scheme in SCHEMES.items()
        )
        return f"{type(self).__name__}(base_url={self.base_url!r}{', ' if given else ''}{given})"

    def _outgoing(
        self,
        request: ApiRequest[Any],
        applied: Applied,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, str] | None,
        extra_body: Mapping[str, Any] | None,
    ) -> Outgoing:
        """What goes on the wire for ``request``, the same for every attempt.

        The extras are sent as given, after what the spec describes: extra headers
        replace the client's own of the same name (case aside), extra query parameters
        replace those of the same name (or are added), extra body fields replace those of the same name in a JSON body.
        ``extra_body`` becomes the (JSON) body of an operation that has none.
        """
        headers = httpx.Headers(
            {"accept": _accept(request), "accept-encoding": ACCEPT_ENCODING}
        )
        headers.update({k: v for k, v in request.headers.items() if v is not None})
        headers.update(applied.headers)
        cookies = [*request.cookies, *applied.cookies]
        if cookies:
            headers["cookie"] = cookie_header(cookies)
        body = _body(request.body, extra_body)
        if isinstance(body, Body):
            headers.update(body.headers)
        elif body is not None:  # JSON: the operation's, or extra_body's alone
            headers["content-type"] = (
                request.body.media_type
                if isinstance(request.body, JsonBody)
                else "application/json"
            )
        if extra_headers is not None:
            headers.update(extra_headers)
        query = _with_extras(
            [*request.query, *applied.query],
            {
                percent_encode(k): percent_encode(v)
                for k, v in (extra_query or {}).items()
            },
        )
        url = (
            self.base_url + request.path + (f"?{query_string(query)}" if query else "")
        )
        return Outgoing(request.method, url, headers, body)

    def _build(
        self, outgoing: Outgoing, timeout: Any, *, for_async: bool
    ) -> httpx.Request:
        body = outgoing.body
        content = (
            (body.acontent() if for_async else body.content())
            if isinstance(body, Body)
            else body
        )
        return self._http.build_request(
            outgoing.method,
            outgoing.url,
            headers=outgoing.headers,
            content=content,
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
        request: ApiRequest[ResultT],
        outgoing: Outgoing,
        outcome: httpx.Response | Exception,
        attempt: int,
        retries: int,
    ) -> ApiResponse[ResultT] | float:
        """What an attempt's ``outcome`` (the answer, or what went wrong on the wire)
        comes to: the parsed answer, or the seconds to wait before the next attempt.
        Raises the error of a final failure.  A body that streams from an iterator can be
        sent once only: a call with one is not retried."""
        retries = retries if outgoing.replayable else 0
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
        self, request: ApiRequest[ResultT], response: httpx.Response
    ) -> ApiResponse[ResultT]:
        """The result of a success (a 2xx, or a 3xx the spec documents as such: ``304``,
        ``3XX``, not ``default``); the error of any other answer."""
        status = response.status_code
        outcome = documented(request, status)
        if not (
            response.is_success or (outcome is not None and outcome.status[0] == "3")
        ):
            raise status_error(request, response)
        if outcome is None or not outcome.status.startswith(("2", "3")):
            successes = [o for o in request.outcomes if o.status.startswith("2")]
            outcome = successes[0] if len(successes) == 1 else outcome
        parsed, errors = read_body(outcome, response)
        if errors:
            assert outcome is not None and outcome.kind is Kind.JSON
            if self.strict_responses:
                raise APIResponseValidationError(
                    f"the {status} response does not match {type_name(outcome.type)}: "
                    f"{summary(errors)}",
                    response=response,
                    errors=errors,
                )
            warn_mismatch(request, response, outcome.type, errors)
        return ApiResponse(parsed, response, errors)


def _body(
    body: Body | JsonBody | None, extra: Mapping[str, Any] | None
) -> Body | bytes | None:
    """A request's body as sent: JSON encoded (with ``extra`` fields), or as it is."""
    if isinstance(body, JsonBody):
        data = body.data
        if extra is not None:
            if not isinstance(data, Mapping):
                raise TypeError(
                    "extra_body adds fields to a JSON object; this body is not one"
                )
            data = {**data, **extra}
        return to_json(data)  # compact UTF-8 JSON, 4x faster than json.dumps
    if extra is not None:
        if body is not None:
            raise TypeError(
                "extra_body adds fields to a JSON body; this operation sends another kind"
            )
        return to_json(dict(extra))
    return body


def _accept(request: ApiRequest[Any]) -> str:
    kinds = {outcome.kind for outcome in request.outcomes}
    return "application/json" if Kind.JSON in kinds or not request.outcomes else "*/*"


def _missing(schemes: Mapping[str, Scheme]) -> MissingCredentialsError:
    """The error of a client made with no credential at all, where every call needs one."""
    described = " or ".join(
        f"{scheme.argument}=..."
        + (f" (or set the {scheme.env} environment variable)" if scheme.env else "")
        for scheme in schemes.values()
    )
    only_keys = all(type(scheme).__name__ == "ApiKey" for scheme in schemes.values())
    if only_keys and len(schemes) == 1:
        (scheme,) = schemes.values()
        return MissingAPIKeyError(
            f"no API key: pass {scheme.argument}=... or set the {scheme.env} environment variable"
        )
    return MissingCredentialsError(f"no credentials: pass {described}")


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


def _with_extras(
    query: list[tuple[str, str]], extras: Mapping[str, str]
) -> list[tuple[str, str]]:
    """``query`` with each extra in place of the parameter of its name, or added last."""
    merged: list[tuple[str, str]] = []
    for name, value in query:
        if name not in extras:
            merged.append((name, value))
        elif all(name != seen for seen, _ in merged):
            merged.append((name, extras[name]))
    placed = {name for name, _ in merged}
    return merged + [
        (name, value) for name, value in extras.items() if name not in placed
    ]
