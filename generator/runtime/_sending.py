"""The send loops of the two clients: ``SyncSession`` (``Client``) and ``AsyncSession``
(``AsyncClient``).  Everything else they share is ``_session.Session``'s.

``send`` makes one call: it picks the credentials the operation's security asks for,
sends, retries as configured and returns the parsed answer.  ``stream`` makes one
attempt and hands over the answer without reading its body (binary responses): use it
as a context manager, the response is closed on the way out.  A stream is not retried
and not limited in size (reading it is up to the caller), but an error status is read
(within ``max_response_bytes``) and raised as usual.
"""

from __future__ import annotations

import asyncio
import time
import typing
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

import httpx

from ._auth import apply_security, apply_security_async
from ._config import SCHEMES
from ._request import ApiRequest, ResultT
from ._responses import ApiResponse, status_error
from ._session import Outgoing, Session
from ._transport import (
    AsyncGuardedStream,
    BodyGuard,
    GuardedStream,
    check_deadline,
    connection_error,
    deadline_exceeded,
)

# typing.Self is Python 3.11+; typing_extensions comes with pydantic, and is only needed
# by type checkers here.
if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncSession", "SyncSession"]


class SyncSession(Session[httpx.Client]):
    """A synchronous client: pass it to the functions in ``api``."""

    def _new_http(self, timeout: float | httpx.Timeout) -> httpx.Client:
        return httpx.Client(timeout=timeout)

    def send(
        self,
        request: ApiRequest[ResultT],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> ApiResponse[ResultT]:
        """Send ``request``, retrying as configured, and parse the answer."""
        retries = self.max_retries if max_retries is None else max_retries
        applied = apply_security(request.security, SCHEMES, self._credentials)
        outgoing = self._outgoing(
            request, applied, extra_headers, extra_query, extra_body
        )
        attempt = 0
        while True:
            try:
                outcome: httpx.Response | Exception = self._receive(outgoing, timeout)
            except (httpx.TransportError, httpx.DecodingError) as exc:
                outcome = exc
            settled = self._settle(request, outgoing, outcome, attempt, retries)
            if isinstance(settled, ApiResponse):
                return settled
            delay = settled
            time.sleep(delay)
            attempt += 1

    @contextmanager
    def stream(
        self,
        request: ApiRequest[Any],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Iterator[httpx.Response]:
        """Send ``request`` once and yield the answer with its body unread."""
        applied = apply_security(request.security, SCHEMES, self._credentials)
        outgoing = self._outgoing(
            request, applied, extra_headers, extra_query, extra_body
        )
        built = self._build(
            outgoing, self._timeout if timeout is None else timeout, for_async=False
        )
        try:
            response = self._http.send(built, stream=True)
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        try:
            if not response.is_success:
                self._read(response, built, self._deadline_of(timeout))
                raise status_error(request, response)
            yield response
        finally:
            response.close()

    def _receive(
        self, outgoing: Outgoing, timeout: float | httpx.Timeout | None
    ) -> httpx.Response:
        """One attempt: send the request and read the whole answer, within the limits."""
        built = self._build(
            outgoing, self._timeout if timeout is None else timeout, for_async=False
        )
        deadline = self._deadline_of(timeout)
        check_deadline(built, deadline)
        response = self._http.send(built, stream=True)
        try:
            check_deadline(built, deadline)  # the headers may have taken it all
            self._read(response, built, deadline)
        except BaseException:
            response.close()
            raise
        return response

    def _read(
        self, response: httpx.Response, built: httpx.Request, deadline: float | None
    ) -> None:
        guard = BodyGuard(built, response, self.max_response_bytes, deadline)
        stream = typing.cast(httpx.SyncByteStream, response.stream)
        response.stream = GuardedStream(stream, guard)
        response.read()

    def close(self) -> None:
        """Close the HTTP connection pool, unless it was passed in."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncSession(Session[httpx.AsyncClient]):
    """The asynchronous twin of ``SyncSession``: pass it to the ``*_async`` functions."""

    def _new_http(self, timeout: float | httpx.Timeout) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout)

    async def send(
        self,
        request: ApiRequest[ResultT],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> ApiResponse[ResultT]:
        """Send ``request``, retrying as configured, and parse the answer."""
        retries = self.max_retries if max_retries is None else max_retries
        applied = await apply_security_async(
            request.security, SCHEMES, self._credentials
        )
        outgoing = self._outgoing(
            request, applied, extra_headers, extra_query, extra_body
        )
        attempt = 0
        while True:
            try:
                outcome: httpx.Response | Exception = await self._receive(
                    outgoing, timeout
                )
            except (httpx.TransportError, httpx.DecodingError) as exc:
                outcome = exc
            settled = self._settle(request, outgoing, outcome, attempt, retries)
            if isinstance(settled, ApiResponse):
                return settled
            delay = settled
            await asyncio.sleep(delay)
            attempt += 1

    @asynccontextmanager
    async def stream(
        self,
        request: ApiRequest[Any],
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Send ``request`` once and yield the answer with its body unread."""
        applied = await apply_security_async(
            request.security, SCHEMES, self._credentials
        )
        outgoing = self._outgoing(
            request, applied, extra_headers, extra_query, extra_body
        )
        built = self._build(
            outgoing, self._timeout if timeout is None else timeout, for_async=True
        )
        try:
            response = await self._http.send(built, stream=True)
        except httpx.TransportError as exc:
            raise connection_error(exc) from exc
        try:
            if not response.is_success:
                await self._read(response, built, self._deadline_of(timeout))
                raise status_error(request, response)
            yield response
        finally:
            await response.aclose()

    async def _receive(
        self, outgoing: Outgoing, timeout: float | httpx.Timeout | None
    ) -> httpx.Response:
        """One attempt: send the request and read the whole answer, within the limits."""
        built = self._build(
            outgoing, self._timeout if timeout is None else timeout, for_async=True
        )
        deadline = self._deadline_of(timeout)
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
            await self._read(response, built, deadline)
        except BaseException:
            await response.aclose()
            raise
        return response

    async def _read(
        self, response: httpx.Response, built: httpx.Request, deadline: float | None
    ) -> None:
        guard = BodyGuard(built, response, self.max_response_bytes, deadline)
        stream = typing.cast(httpx.AsyncByteStream, response.stream)
        response.stream = AsyncGuardedStream(stream, guard)
        await response.aread()

    async def aclose(self) -> None:
        """Close the HTTP connection pool, unless it was passed in."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
