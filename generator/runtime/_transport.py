"""One attempt on the wire, within its limits.

A response body is read as it arrives, up to ``max_response_bytes`` (decoded; default
16 MiB).  Each attempt has a deadline, its ``timeout``, on top of httpx's per-read
timeouts: ``AsyncClient`` cancels the attempt (connect, send, read every byte) at the
deadline; ``Client`` checks it before sending, once the headers are in and as each piece
of the body arrives, so a body dripping in byte by byte ends in time.  A blocking read
can't be interrupted, though: each wait in between is bounded by httpx's own timeout for
it, and headers dripped a byte at a time are bounded per byte only.
"""

from __future__ import annotations

import time
import typing
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpx

from .errors import APIConnectionError, APIResponseTooLargeError, APITimeoutError

__all__ = [
    "ACCEPT_ENCODING",
    "AsyncGuardedStream",
    "BodyGuard",
    "GuardedStream",
    "check_deadline",
    "connection_error",
    "deadline_exceeded",
    "decoding_error",
    "json_or_none",
]

# The encodings whose decoded size the client can bound as it reads (see BodyGuard).
ACCEPT_ENCODING = "gzip, deflate"


_INFLATE_STEP = 64 * 1024


class BodyGuard:
    """Watches a response body as its pieces arrive, before httpx decodes them.

    It counts the body's bytes, and its decoded bytes by decoding each piece in bounded
    steps (every layer of the Content-Encoding, as httpx will, output thrown away): a
    body over ``limit`` raises ``APIResponseTooLargeError`` before httpx decodes the piece
    that would pass it, so a gzip bomb costs no more memory than the limit.  A piece that
    arrives after ``deadline`` ends the attempt with a timeout.  An encoding whose decoded
    size can't be bounded this way (the client asks for gzip and deflate only) is refused.
    """

    def __init__(
        self,
        built: httpx.Request,
        response: httpx.Response,
        limit: int,
        deadline: float | None,
    ) -> None:
        self._built = built
        self._response = response
        self._limit = limit
        self._deadline = deadline
        self._received = 0
        self._layers: list[_Inflater] = []
        encodings = response.headers.get_list("content-encoding", split_commas=True)
        for encoding in reversed([value.strip().lower() for value in encodings]):
            if encoding in ("gzip", "deflate"):
                self._layers.append(_Inflater(encoding, built))
            elif encoding in ("br", "zstd"):
                raise httpx.DecodingError(
                    f"the response is encoded with {encoding!r}, which the client did "
                    f"not ask for (it accepts {ACCEPT_ENCODING})",
                    request=built,
                )

    def check(self, piece: bytes) -> None:
        if self._deadline is not None and time.monotonic() >= self._deadline:
            raise deadline_exceeded(self._built)
        self._received += len(piece)
        self._check_size(self._received)
        pieces: Iterable[bytes] = (piece,)
        for layer in self._layers:
            pieces = layer.inflate(pieces, self._check_size)
        for _ in pieces:  # runs the layers, one bounded step at a time
            pass

    def _check_size(self, size: int) -> None:
        if size > self._limit:
            raise APIResponseTooLargeError(
                f"the {self._response.status_code} response body is larger than "
                f"max_response_bytes ({self._limit} bytes); reading stopped there",
                response=self._response,
                limit=self._limit,
            )


class _Inflater:
    """One gzip or deflate layer of a body, decoded the way httpx decodes it."""

    def __init__(self, encoding: str, built: httpx.Request) -> None:
        self._gzip = encoding == "gzip"
        self._built = built
        self._first = True
        self._size = 0
        self._decompressor = zlib.decompressobj(
            zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        )

    def inflate(
        self, pieces: Iterable[bytes], check_size: typing.Callable[[int], None]
    ) -> Iterator[bytes]:
        """The decoded pieces of ``pieces``, each at most ``_INFLATE_STEP`` bytes."""
        for piece in pieces:
            while True:
                out = self._decompress(piece)
                self._size += len(out)
                check_size(self._size)
                if out:
                    yield out
                piece = self._decompressor.unconsumed_tail
                if not piece and len(out) < _INFLATE_STEP:
                    break

    def _decompress(self, piece: bytes) -> bytes:
        first, self._first = self._first, False
        try:
            return self._decompressor.decompress(piece, _INFLATE_STEP)
        except zlib.error as exc:
            if first and not self._gzip:  # httpx, too, then tries raw deflate
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._decompress(piece)
            raise httpx.DecodingError(str(exc), request=self._built) from exc


class GuardedStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, guard: BodyGuard) -> None:
        self._stream = stream
        self._guard = guard

    def __iter__(self) -> Iterator[bytes]:
        for piece in self._stream:
            self._guard.check(piece)
            yield piece

    def close(self) -> None:
        self._stream.close()


class AsyncGuardedStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, guard: BodyGuard) -> None:
        self._stream = stream
        self._guard = guard

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for piece in self._stream:
            self._guard.check(piece)
            yield piece

    async def aclose(self) -> None:
        await self._stream.aclose()


def check_deadline(built: httpx.Request, deadline: float | None) -> None:
    """End the attempt once its deadline has passed (``timeout=0`` sends nothing)."""
    if deadline is not None and time.monotonic() >= deadline:
        raise deadline_exceeded(built)


def deadline_exceeded(built: httpx.Request) -> httpx.TimeoutException:
    return httpx.TimeoutException(
        "the attempt did not end within its timeout", request=built
    )


def connection_error(exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"the request timed out: {exc}")
    return APIConnectionError(f"the request failed: {exc}")


def decoding_error(exc: httpx.DecodingError) -> APIConnectionError:
    return APIConnectionError(f"the response body could not be decoded: {exc}")


def json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
