"""Request bodies of every kind, encoded once and sent by every attempt: ``Body``.

``Body``
    What to send: ``content_type``; ``length`` (bytes, or ``None`` when a stream's
    length is unknown); ``headers`` (``content-type``, and ``content-length`` for a
    stream of known length, so it is not sent chunked); ``replayable`` (whether it can
    be sent again, by a retry); ``content()`` for ``httpx.Client`` and ``acontent()``
    for ``httpx.AsyncClient``: pass the result as ``content=``.  Each attempt calls one
    of them once: a file is read from where it stood when the body was made (it is
    sought back there on every call), 64 KiB at a time, never whole.  A body made from
    an iterator (or a file that cannot seek) is not replayable: calling ``content()``
    or ``acontent()`` a second time raises ``RuntimeError``, so the send loop must not
    retry it.  ``content()`` refuses a body made from an async iterable (``TypeError``).
``json_body(data, *, content_type="application/json") -> Body``
    ``data`` (JSON-mode data) as compact UTF-8 JSON.
``form_body(data, encoding=None) -> Body``
    ``application/x-www-form-urlencoded``: each property of ``data`` (JSON-mode data;
    leave unset properties out of it) serialized per its ``FieldEncoding`` with the
    functions of ``_params``: style ``form``, ``explode`` true by default; objects and
    arrays under style ``deepObject`` nested as Stripe does
    (``address%5Bcity%5D=Paris``, ``items%5B0%5D%5Bprice%5D=p``).  A property whose
    encoding names only a ``content_type`` is serialized as that type (JSON for a JSON
    type) and then percent-encoded.  An object under style ``form`` spreads its keys
    into the form (RFC 6570, as OpenAPI says); one nested deeper raises ``TypeError``
    (never Python's ``str(dict)``).  ``FORM_CONTENT_TYPE`` is its content type.
``form_field(name, value, encoding) -> list[tuple[str, str]]``
    One property's percent-encoded pairs, as ``form_body`` makes them (for extras).
``text_body(text, *, content_type="text/plain", charset="utf-8") -> Body``
    ``text`` encoded in ``charset``, sent as ``<content_type>; charset=<charset>``.
``raw_body(content, *, content_type="application/octet-stream") -> Body``
    ``bytes`` (or ``bytearray``/``memoryview``) as they are; a binary file object, an
    iterable of bytes or an async iterable of bytes streamed, never read whole.  A
    ``str`` raises ``TypeError`` (use ``text_body``).
``piece(content) -> Piece``
    Binary content as one run of a body (what ``raw_body`` and ``_multipart`` build
    ``Body`` from: ``Body(pieces, content_type)``).
``FieldEncoding(content_type=None, style=None, explode=None, allow_reserved=None)``
    One property's Encoding Object.  For forms: when any of ``style``, ``explode``,
    ``allow_reserved`` is given the property is serialized by style (``style``
    defaults to ``form``, ``explode`` to true for ``form`` and false otherwise);
    otherwise by ``content_type`` when given; otherwise as style ``form``, exploded.
    Multipart bodies (``_multipart``) read ``content_type`` only.

Not set, null, or a value (PATCH): a property left out of ``data`` is not sent; one set
to ``None`` is sent as JSON ``null`` in a JSON body and in a form property encoded as
JSON, and as the empty value (``name=``) in any other form property, which is how form
APIs clear a field (OpenAPI has no null in forms; Stripe reads ``name=`` as "unset");
any other value is sent as given.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from pydantic_core import to_json

from ._params import (
    checked_header_value,
    is_json_media_type,
    json_text,
    percent_encode,
    query_items,
    query_string,
)

__all__ = [
    "CHUNK_SIZE",
    "FORM_CONTENT_TYPE",
    "Body",
    "FieldEncoding",
    "Piece",
    "form_body",
    "form_field",
    "json_body",
    "piece",
    "raw_body",
    "text_body",
]

CHUNK_SIZE = 64 * 1024
"""How much of a file is read at a time."""

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class FieldEncoding:
    """One property's Encoding Object (see the module docstring)."""

    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool | None = None


class _File:
    """A binary file object, read ``CHUNK_SIZE`` bytes at a time from ``start``."""

    def __init__(self, file: IO[bytes]) -> None:
        if isinstance(file, io.TextIOBase):
            raise TypeError(
                "a file must be opened in binary mode ('rb'), not text mode"
            )
        self.file = file
        self.start: int | None = None
        self.length: int | None = None
        seekable = getattr(file, "seekable", None)
        if callable(seekable) and seekable():
            self.start = file.tell()
            self.length = file.seek(0, io.SEEK_END) - self.start
            file.seek(self.start)

    def chunks(self) -> Iterator[bytes]:
        if self.start is not None:
            self.file.seek(self.start)
        while True:
            chunk = self.file.read(CHUNK_SIZE)
            if not chunk:
                return
            yield _checked_chunk(chunk)


class _Stream:
    """An iterable of bytes; one that is its own iterator can be read once only."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks
        self.replayable = iter(chunks) is not chunks


class _AsyncStream:
    """An async iterable of bytes; AsyncClient only."""

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self.chunks = chunks
        self.replayable = chunks.__aiter__() is not chunks


Piece = bytes | _File | _Stream | _AsyncStream
"""A run of a body's bytes: given, or read from a file or a stream when sent."""


def piece(content: object) -> Piece:
    """``content`` as a ``Piece``: bytes-like, a binary file object, an iterable or an
    async iterable of bytes.  A ``str`` raises ``TypeError``: text needs an encoding."""
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    if isinstance(content, str):
        raise TypeError(
            "binary content must be bytes, a binary file or an iterable of bytes, "
            "not str: encode it first (or send it as text)"
        )
    if callable(getattr(content, "read", None)):
        return _File(content)  # type: ignore[arg-type]
    if isinstance(content, AsyncIterable):
        return _AsyncStream(content)
    if isinstance(content, Iterable):
        return _Stream(content)
    raise TypeError(
        "binary content must be bytes, a binary file or an iterable of bytes, "
        f"not {type(content).__name__}"
    )


def _checked_chunk(chunk: object) -> bytes:
    if isinstance(chunk, bytes | bytearray | memoryview):
        return bytes(chunk)
    raise TypeError(f"a body stream must yield bytes, not {type(chunk).__name__}")


def _length(item: Piece) -> int | None:
    if isinstance(item, bytes):
        return len(item)
    return item.length if isinstance(item, _File) else None


def _replayable(item: Piece) -> bool:
    if isinstance(item, bytes):
        return True
    if isinstance(item, _File):
        return item.start is not None
    return item.replayable


class Body:
    """An encoded request body (see the module docstring)."""

    __slots__ = ("_pieces", "_sent", "content_type", "length", "replayable")

    def __init__(self, pieces: Iterable[Piece], content_type: str) -> None:
        joined: list[Piece] = []
        for item in pieces:
            last = joined[-1] if joined else None
            if isinstance(item, bytes) and isinstance(last, bytes):
                joined[-1] = last + item
            elif not (isinstance(item, bytes) and not item):
                joined.append(item)
        self._pieces = tuple(joined)
        self._sent = False
        self.content_type = checked_header_value(content_type)
        lengths = [_length(item) for item in self._pieces]
        self.length: int | None = (
            None if None in lengths else sum(n for n in lengths if n is not None)
        )
        self.replayable = all(_replayable(item) for item in self._pieces)

    def __repr__(self) -> str:
        size = "unknown length" if self.length is None else f"{self.length} bytes"
        return f"Body({self.content_type!r}, {size})"

    @property
    def headers(self) -> dict[str, str]:
        """``content-type``, and ``content-length`` for a stream of known length."""
        headers = {"content-type": self.content_type}
        if self.length is not None and not self._is_bytes():
            headers["content-length"] = str(self.length)
        return headers

    def _is_bytes(self) -> bool:
        return all(isinstance(item, bytes) for item in self._pieces)

    def _start(self) -> None:
        if self._sent and not self.replayable:
            raise RuntimeError(
                "this request body streams from an iterator (or a file that cannot "
                "seek) and was sent already: it cannot be sent again, so the call "
                "cannot be retried; pass bytes, a list or a seekable file to allow it"
            )
        self._sent = True

    def content(self) -> bytes | Iterator[bytes]:
        """What ``httpx.Client`` sends: ``content=body.content()``, once per attempt."""
        if any(isinstance(item, _AsyncStream) for item in self._pieces):
            raise TypeError("this body streams from an async iterable: use AsyncClient")
        self._start()
        if self._is_bytes():
            return b"".join(self._pieces)  # type: ignore[arg-type]
        return self._chunks()

    def _chunks(self) -> Iterator[bytes]:
        for item in self._pieces:
            if isinstance(item, bytes):
                yield item
            elif isinstance(item, _File):
                yield from item.chunks()
            elif isinstance(item, _Stream):
                yield from (_checked_chunk(chunk) for chunk in item.chunks)

    def acontent(self) -> bytes | AsyncIterator[bytes]:
        """What ``httpx.AsyncClient`` sends: ``content=body.acontent()``, once per
        attempt.  Files are read with blocking reads, a chunk at a time."""
        self._start()
        if self._is_bytes():
            return b"".join(self._pieces)  # type: ignore[arg-type]
        return self._achunks()

    async def _achunks(self) -> AsyncIterator[bytes]:
        for item in self._pieces:
            if isinstance(item, _AsyncStream):
                async for chunk in item.chunks:
                    yield _checked_chunk(chunk)
            elif isinstance(item, bytes):
                yield item
            else:
                chunks = item.chunks() if isinstance(item, _File) else item.chunks
                for chunk in chunks:
                    yield _checked_chunk(chunk)


def json_body(data: Any, *, content_type: str = "application/json") -> Body:
    """``data`` as compact UTF-8 JSON."""
    return Body([to_json(data)], content_type)


def text_body(
    text: str, *, content_type: str = "text/plain", charset: str = "utf-8"
) -> Body:
    """``text`` encoded in ``charset``, labelled with it."""
    if not isinstance(text, str):
        raise TypeError(f"text_body takes a str, not {type(text).__name__}")
    return Body([text.encode(charset)], f"{content_type}; charset={charset}")


def raw_body(
    content: object, *, content_type: str = "application/octet-stream"
) -> Body:
    """Binary ``content`` as it is (bytes, a binary file object, an iterable or an async
    iterable of bytes: see ``piece``), streamed when it is a file or an iterator."""
    return Body([piece(content)], content_type)


def form_body(
    data: Mapping[str, Any], encoding: Mapping[str, FieldEncoding] | None = None
) -> Body:
    """``data`` as ``application/x-www-form-urlencoded`` (see the module docstring)."""
    items: list[tuple[str, str]] = []
    for name, value in data.items():
        items += form_field(name, value, (encoding or {}).get(name))
    return Body([query_string(items).encode("ascii")], FORM_CONTENT_TYPE)


def form_field(
    name: str, value: Any, encoding: FieldEncoding | None
) -> list[tuple[str, str]]:
    """One property's percent-encoded pairs in a form body."""
    enc = encoding or FieldEncoding()
    by_style = (enc.style, enc.explode, enc.allow_reserved) != (None, None, None)
    if enc.content_type is not None and not by_style:
        if is_json_media_type(enc.content_type):
            return query_items(name, json_text(value), allow_reserved=False)
        if isinstance(value, list | dict):
            raise ValueError(
                f"form field {name!r}: a {enc.content_type} field cannot hold an "
                "array or object"
            )
    if value is None:
        return [(percent_encode(name), "")]
    style = enc.style or "form"
    explode = enc.explode if enc.explode is not None else style == "form"
    return query_items(
        name,
        value,
        style=style,
        explode=explode,
        allow_reserved=bool(enc.allow_reserved),
    )
