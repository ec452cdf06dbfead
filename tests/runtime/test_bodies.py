"""Request bodies: JSON, forms (nested as Stripe nests them), text and raw bytes, and
the streaming and replay rules of ``Body``."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import httpx
import pytest

from generator.runtime import _endpoint
from generator.runtime._bodies import (
    CHUNK_SIZE,
    Body,
    FieldEncoding,
    form_body,
    json_body,
    raw_body,
    text_body,
)

MiB = 1024 * 1024
STREAMED = 64 * MiB
"""How much a streaming test sends."""
MEMORY_BOUND = 4 * MiB
"""What sending it may take at most: a small fraction of it."""

DEEP = FieldEncoding(style="deepObject", explode=True)


def sent(body: Body) -> bytes:
    content = body.content()
    return content if isinstance(content, bytes) else b"".join(content)


async def asent(body: Body) -> bytes:
    content = body.acontent()
    if isinstance(content, bytes):
        return content
    return b"".join([chunk async for chunk in content])


def form(body: Body) -> list[tuple[str, str]]:
    assert body.content_type == "application/x-www-form-urlencoded"
    return parse_qsl(sent(body).decode("ascii"), keep_blank_values=True, strict_parsing=True)


# ------------------------------------------------------------------------------ JSON


def test_json_bodies_are_compact_utf8_and_keep_the_three_patch_states():
    body = json_body({"name": "Zoë", "description": None})  # pulseWorkflowId: unset
    assert sent(body) == '{"name":"Zoë","description":null}'.encode()
    assert body.headers == {"content-type": "application/json"}
    assert json_body({}, content_type="application/merge-patch+json").content_type == (
        "application/merge-patch+json"
    )


# ------------------------------------------------------------------------------ forms


def test_form_bodies_follow_each_fields_encoding():
    body = form_body(
        {
            "email": "a+b@example.com",
            "address": {"city": "Paris", "line1": "1 Rue de Rivoli"},
            "metadata": {"order": "6735"},
            "expand": ["customer", "invoice"],
            "items": [{"price": "price_1", "quantity": 2}],
            "tags": ["a", "b"],
            "flag": True,
        },
        {"address": DEEP, "metadata": DEEP, "expand": DEEP, "items": DEEP},
    )
    assert form(body) == [
        ("email", "a+b@example.com"),
        ("address[city]", "Paris"),
        ("address[line1]", "1 Rue de Rivoli"),
        ("metadata[order]", "6735"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("items[0][price]", "price_1"),
        ("items[0][quantity]", "2"),
        ("tags", "a"),
        ("tags", "b"),
        ("flag", "true"),
    ]
    raw = sent(body).decode("ascii")
    assert "a%2Bb%40example.com" in raw  # a literal + must not read as a space
    assert "1%20Rue%20de%20Rivoli" in raw


def test_form_defaults_are_style_form_exploded():
    assert form(form_body({"ids": [1, 2], "point": {"x": 1, "y": 2}})) == [
        ("ids", "1"),
        ("ids", "2"),
        ("x", "1"),
        ("y", "2"),
    ]
    unexploded = form_body({"ids": [1, 2]}, {"ids": FieldEncoding(explode=False)})
    assert form(unexploded) == [("ids", "1,2")]
    piped = form_body({"ids": [1, 2]}, {"ids": FieldEncoding(style="pipeDelimited")})
    assert sent(piped) == b"ids=1%7C2"


def test_form_fields_never_carry_python_reprs():
    with pytest.raises(TypeError, match="deepObject or a content"):
        form_body({"point": {"x": {"deep": 1}}})
    with pytest.raises(TypeError, match="deepObject or a content"):
        form_body({"ids": [[1]]})
    with pytest.raises(TypeError):
        form_body({"blob": b"bytes"})


def test_form_fields_encoded_by_content_type():
    """Appendix E's example: with only contentType, the value is serialized as that
    type and then percent-encoded."""
    body = form_body(
        {"id": "f81d4fae", "address": {"zip": "99999+1234", "city": "Some where"}},
        {"address": FieldEncoding(content_type="application/json")},
    )
    assert form(body) == [
        ("id", "f81d4fae"),
        ("address", '{"zip":"99999+1234","city":"Some where"}'),
    ]
    assert "%2B" in sent(body).decode() and "+" not in sent(body).decode()
    with pytest.raises(ValueError, match="cannot hold an array or object"):
        form_body({"a": [1]}, {"a": FieldEncoding(content_type="text/plain")})


def test_null_in_a_form_is_the_empty_value_or_json_null():
    """Unset: absent; None: ``name=`` (OpenAPI has no null in forms; Stripe reads it as
    "unset"), or ``null`` in a field encoded as JSON; a value: as given."""
    body = form_body(
        {"description": None, "metadata": {"old": None}, "config": None, "name": "n"},
        {"metadata": DEEP, "config": FieldEncoding(content_type="application/json")},
    )
    assert form(body) == [
        ("description", ""),
        ("metadata[old]", ""),
        ("config", "null"),
        ("name", "n"),
    ]
    assert sent(form_body({})) == b""


def test_form_allow_reserved_keeps_reserved_characters():
    body = form_body({"path": "a/b:c", "q": "x&y"}, {"path": FieldEncoding(allow_reserved=True)})
    assert sent(body) == b"path=a/b:c&q=x%26y"


def test_form_bodies_refuse_keys_that_would_nest_elsewhere():
    with pytest.raises(ValueError, match="cannot hold"):
        form_body({"metadata": {"x][admin": "1"}}, {"metadata": DEEP})


# ------------------------------------------------------------------------- text, raw


def test_text_bodies_carry_their_charset():
    body = text_body("Grüße\n")
    assert sent(body) == "Grüße\n".encode()
    assert body.content_type == "text/plain; charset=utf-8"
    latin = text_body("Grüße", content_type="text/csv", charset="latin-1")
    assert sent(latin) == "Grüße".encode("latin-1")
    assert latin.content_type == "text/csv; charset=latin-1"
    with pytest.raises(UnicodeEncodeError):
        text_body("€", charset="latin-1")
    with pytest.raises(TypeError):
        text_body(b"bytes")  # type: ignore[arg-type]


def test_raw_bodies_take_bytes_files_and_iterables():
    assert sent(raw_body(b"\x00\xff")) == b"\x00\xff"
    assert sent(raw_body(bytearray(b"ab"))) == b"ab"
    assert sent(raw_body(memoryview(b"ab"))) == b"ab"
    assert sent(raw_body(io.BytesIO(b"file"))) == b"file"
    assert sent(raw_body([b"a", bytearray(b"b")])) == b"ab"
    assert sent(raw_body(iter([b"a", b"b"]))) == b"ab"
    png = raw_body(b"\x89PNG", content_type="image/png")
    assert png.headers == {"content-type": "image/png"}
    for wrong in ("text", io.StringIO("text"), 42):
        with pytest.raises(TypeError):
            raw_body(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="yield bytes"):
        sent(raw_body(["text"]))  # type: ignore[list-item]


def test_content_types_cannot_inject_headers():
    with pytest.raises(ValueError, match="line break"):
        raw_body(b"", content_type="image/png\r\nX-Injected: 1")


# ------------------------------------------------------------------ replay and length


def test_a_file_is_sent_from_where_it_stood_on_every_attempt():
    file = io.BytesIO(b"skip:payload")
    file.seek(5)
    body = raw_body(file)
    assert body.length == 7 and body.replayable
    assert body.headers == {"content-type": "application/octet-stream", "content-length": "7"}
    assert sent(body) == b"payload"
    assert sent(body) == b"payload"  # a retry sends it all again


def test_an_iterator_is_sent_once_and_a_second_attempt_is_refused():
    body = raw_body(iter([b"a", b"b"]))
    assert not body.replayable and body.length is None
    assert body.headers == {"content-type": "application/octet-stream"}  # chunked
    assert sent(body) == b"ab"
    with pytest.raises(RuntimeError, match="cannot be sent again"):
        body.content()


def test_a_file_that_cannot_seek_is_sent_once():
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.left = [b"x" * 10, b"y"]

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return self.left.pop(0) if self.left else b""

    body = raw_body(Pipe())
    assert not body.replayable and body.length is None
    assert sent(body) == b"x" * 10 + b"y"
    with pytest.raises(RuntimeError):
        body.content()


def test_lists_of_chunks_are_replayable():
    body = raw_body([b"a", b"b"])
    assert body.replayable and sent(body) == sent(body) == b"ab"


async def test_async_iterables_are_for_the_async_client_only():
    async def chunks() -> AsyncIterator[bytes]:
        yield b"a"
        yield b"b"

    body = raw_body(chunks())
    with pytest.raises(TypeError, match="AsyncClient"):
        body.content()
    assert await asent(body) == b"ab"
    with pytest.raises(RuntimeError):
        body.acontent()


async def test_the_async_client_sends_every_kind_of_body():
    assert await asent(json_body([1])) == b"[1]"
    assert await asent(raw_body(io.BytesIO(b"f"))) == b"f"
    assert await asent(raw_body(iter([b"i"]))) == b"i"


def test_repr_says_what_the_body_is_not_what_it_holds():
    assert repr(json_body({"password": "hunter2"})) == "Body('application/json', 22 bytes)"
    assert "unknown length" in repr(raw_body(iter([b"secret"])))


# -------------------------------------------------------------- streaming, not reading


def big_chunks(total: int) -> Iterator[bytes]:
    chunk = b"\xab" * CHUNK_SIZE
    for _ in range(total // CHUNK_SIZE):
        yield chunk


class CountingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Reads the request body as httpx would put it on the wire, keeping only its size."""

    def __init__(self) -> None:
        self.received = 0
        self.headers: httpx.Headers | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.headers = request.headers
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(204)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.headers = request.headers
        async for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(204)


def peak_while(send) -> int:
    tracemalloc.start()
    try:
        send()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.bin"
    with path.open("wb") as file:
        for chunk in big_chunks(STREAMED):
            file.write(chunk)
    return path


def test_a_large_generator_is_streamed_through_httpx_in_bounded_memory():
    transport = CountingTransport()
    body = raw_body(big_chunks(STREAMED))

    def send() -> None:
        with httpx.Client(transport=transport) as client:
            client.post("https://upload.example/", content=body.content(), headers=body.headers)

    assert peak_while(send) < MEMORY_BOUND
    assert transport.received == STREAMED
    assert transport.headers is not None and "content-length" not in transport.headers


def test_a_large_file_is_streamed_with_its_length_in_bounded_memory(big_file: Path):
    transport = CountingTransport()
    with big_file.open("rb") as file:
        body = raw_body(file)

        def send() -> None:
            with httpx.Client(transport=transport) as client:
                for _ in range(2):  # a retry reads it again from the start
                    client.post(
                        "https://upload.example/", content=body.content(), headers=body.headers
                    )

        assert peak_while(send) < MEMORY_BOUND
    assert transport.received == 2 * STREAMED
    assert transport.headers is not None
    assert transport.headers["content-length"] == str(STREAMED)
    assert "transfer-encoding" not in transport.headers


async def test_a_large_file_is_streamed_by_the_async_client_in_bounded_memory(big_file: Path):
    transport = CountingTransport()
    with big_file.open("rb") as file:
        body = raw_body(file)
        tracemalloc.start()
        try:
            async with httpx.AsyncClient(transport=transport) as client:
                await client.post(
                    "https://upload.example/", content=body.acontent(), headers=body.headers
                )
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < MEMORY_BOUND
    assert transport.received == STREAMED


def test_form_values_are_percent_decoded_back_by_a_standard_parser():
    value = "é & = + % # ? / \n"
    assert form(form_body({"v": value})) == [("v", value)]
    assert unquote(sent(form_body({"v": value})).decode().split("=", 1)[1]) == value


@pytest.mark.parametrize(
    ("given", "offered", "picked"),
    [
        ("image/png", ("image/png", "image/jpeg"), "image/png"),
        ("Image/JPEG", ("image/png", "image/jpeg"), "image/jpeg"),
        ("image/webp", ("application/json", "image/*"), "image/*"),
        ("text/csv; charset=utf-8", ("text/csv", "*/*"), "text/csv"),
        ("application/pdf", ("application/json", "*/*"), "*/*"),
    ],
)
def test_a_content_type_picks_the_body_media_type_it_is_or_falls_in(
    given: str, offered: tuple[str, ...], picked: str
) -> None:
    assert _endpoint.media_type(given, offered) == picked


@pytest.mark.parametrize(
    ("given", "offered"),
    [("image/gif", ("image/png", "image/jpeg")), ("image/*", ("image/*",)), ("", ("*/*",))],
)
def test_a_content_type_the_body_does_not_offer_is_refused(
    given: str, offered: tuple[str, ...]
) -> None:
    with pytest.raises(ValueError, match="not one of the body's media types"):
        _endpoint.media_type(given, offered)
