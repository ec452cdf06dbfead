"""multipart/form-data bodies: text, JSON and file parts of every input kind, read back
by the standard library's MIME parser (an implementation of its own)."""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from generator.runtime._bodies import Body, FieldEncoding
from generator.runtime._multipart import multipart_body

from .test_bodies import MEMORY_BOUND, STREAMED, CountingTransport, asent, big_chunks, sent

Part = tuple[str, "str | None", "str | None", bytes]


def parse(body: Body, content: bytes | None = None) -> list[Part]:
    """(name, filename, content type, payload) of every part, as email's parser reads them."""
    content = sent(body) if content is None else content
    assert body.length is None or body.length == len(content)
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {body.content_type}\r\n\r\n".encode() + content
    )
    assert message.is_multipart() and not message.defects
    parts = []
    for part in message.iter_parts():
        assert part.get_content_disposition() == "form-data"
        name = part.get_param("name", header="content-disposition")
        parts.append(
            (
                name,
                part.get_filename(),
                part["content-type"],
                part.get_payload(decode=True),
            )
        )
    return parts


def test_text_fields_are_text_parts_without_a_content_type():
    body = multipart_body({"name": "Zoë", "count": 3, "ratio": 0.5, "ok": True, "no": False})
    assert body.content_type.startswith("multipart/form-data; boundary=")
    assert parse(body) == [
        ("name", None, None, "Zoë".encode()),
        ("count", None, None, b"3"),
        ("ratio", None, None, b"0.5"),
        ("ok", None, None, b"true"),
        ("no", None, None, b"false"),
    ]


def test_objects_are_json_parts_and_arrays_one_part_per_item():
    """OpenAPI: each element of an array property takes a part of its own, typed by the
    element (text/plain for primitives, application/json for objects)."""
    body = multipart_body(
        {
            "address": {"city": "Paris", "zip": None},
            "children": ["a", "b"],
            "addresses": [{"city": "A"}, {"city": "B"}],
            "matrix": [[1, 2]],
        }
    )
    assert parse(body) == [
        ("address", None, "application/json", b'{"city":"Paris","zip":null}'),
        ("children", None, None, b"a"),
        ("children", None, None, b"b"),
        ("addresses", None, "application/json", b'{"city":"A"}'),
        ("addresses", None, "application/json", b'{"city":"B"}'),
        ("matrix", None, "application/json", b"[1,2]"),
    ]


def test_a_json_encoding_makes_one_json_part_of_the_whole_value():
    body = multipart_body(
        {"tags": ["a", "b"], "note": "x", "gone": None},
        {
            "tags": FieldEncoding(content_type="application/json"),
            "note": FieldEncoding(content_type="application/vnd.x+json"),
            "gone": FieldEncoding(content_type="application/json"),
        },
    )
    assert parse(body) == [
        ("tags", None, "application/json", b'["a","b"]'),
        ("note", None, "application/vnd.x+json", b'"x"'),
        ("gone", None, "application/json", b"null"),
    ]


def test_null_is_an_empty_part_and_unset_fields_are_not_sent():
    body = multipart_body({"description": None, "photo": None}, files={"photo"})
    assert parse(body) == [("description", None, None, b""), ("photo", None, None, b"")]
    # No part at all: the close delimiter alone, as browsers send an empty form.
    assert sent(multipart_body({}, boundary="b")) == b"--b--\r\n"


def test_other_text_encodings_label_their_part():
    body = multipart_body({"csv": "a,b\n"}, {"csv": FieldEncoding(content_type="text/csv")})
    assert parse(body) == [("csv", None, "text/csv", b"a,b\n")]


def test_files_of_every_input_kind(tmp_path: Path):
    on_disk = tmp_path / "report.pdf"
    on_disk.write_bytes(b"%PDF-1.7")
    with on_disk.open("rb") as opened:
        body = multipart_body(
            {
                "raw": b"\x00\x01",
                "buffer": io.BytesIO(b"buffered"),
                "opened": opened,
                "named": ("photo.png", b"\x89PNG"),
                "typed": ("notes.txt", io.BytesIO(b"hi"), "text/plain"),
                "nameless": (None, b"anon"),
                "streamed": ("log.txt", iter([b"line1\n", b"line2\n"])),
            },
            files={"raw", "buffer", "opened", "named", "typed", "nameless", "streamed"},
        )
        assert body.length is None  # the iterator's length is unknown
        parts = parse(body)
    octets = "application/octet-stream"
    assert parts == [
        ("raw", "raw", octets, b"\x00\x01"),
        ("buffer", "buffer", octets, b"buffered"),
        ("opened", "report.pdf", octets, b"%PDF-1.7"),
        ("named", "photo.png", octets, b"\x89PNG"),
        ("typed", "notes.txt", "text/plain", b"hi"),
        ("nameless", None, octets, b"anon"),
        ("streamed", "log.txt", octets, b"line1\nline2\n"),
    ]


def test_arrays_of_files_are_one_part_each():
    body = multipart_body(
        {"file": [("a.txt", b"A"), ("b.txt", io.BytesIO(b"B"), "text/plain")]},
        files={"file"},
    )
    assert parse(body) == [
        ("file", "a.txt", "application/octet-stream", b"A"),
        ("file", "b.txt", "text/plain", b"B"),
    ]


def test_a_files_content_type_comes_from_its_encoding_unless_given():
    encoding = {
        "png": FieldEncoding(content_type="image/png"),
        "any": FieldEncoding(content_type="image/*"),
        "several": FieldEncoding(content_type="image/png, image/jpeg"),
    }
    body = multipart_body(
        {"png": b"1", "any": b"2", "several": b"3", "given": ("g", b"4", "image/gif")},
        encoding,
        files={"png", "any", "several", "given"},
    )
    assert [(name, ctype) for name, _, ctype, _ in parse(body)] == [
        ("png", "image/png"),
        ("any", "application/octet-stream"),
        ("several", "application/octet-stream"),
        ("given", "image/gif"),
    ]


def test_names_cannot_break_out_of_their_header():
    body = multipart_body(
        {'x"; filename="evil.sh': "v", "a\r\nContent-Type: text/html": "w"},
        boundary="fixed-boundary",
    )
    content = sent(body)
    assert b'name="x%22; filename=%22evil.sh"' in content
    assert b'name="a%0D%0AContent-Type: text/html"' in content
    assert content.count(b"\r\nContent-Type") == 0
    names = [name for name, filename, _, _ in parse(body)]
    assert names == ["x%22; filename=%22evil.sh", "a%0D%0AContent-Type: text/html"]
    file_body = multipart_body({"f": ("naïve\r\n.txt", b"x")}, files={"f"})
    assert 'filename="naïve%0D%0A.txt"'.encode() in sent(file_body)
    with pytest.raises(ValueError, match="line break"):
        multipart_body({"f": ("f", b"x", "text/plain\r\nX: y")}, files={"f"})


def test_boundaries_are_random_valid_and_never_in_the_content():
    first, second = multipart_body({"a": "1"}), multipart_body({"a": "1"})
    assert first.content_type != second.content_type
    body = multipart_body({"a": "1"}, boundary="simple")
    assert sent(body) == (
        b'--simple\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--simple--\r\n'
    )
    with pytest.raises(ValueError, match="occurs in the content"):
        multipart_body({"a": b"--simple"}, files={"a"}, boundary="simple")
    for bad in ("", "x" * 71, "ends with space ", "semi;colon", "é"):
        with pytest.raises(ValueError, match="boundary"):
            multipart_body({}, boundary=bad)


def test_wrong_kinds_of_files_and_fields_are_refused(tmp_path: Path):
    with pytest.raises(TypeError, match="not str"):
        multipart_body({"f": "path/to/file"}, files={"f"})
    text_file = tmp_path / "t.txt"
    text_file.write_text("x")
    with text_file.open() as opened, pytest.raises(TypeError, match="binary mode"):
        multipart_body({"f": opened}, files={"f"})
    with pytest.raises(TypeError, match="list it in files="):
        multipart_body({"f": b"bytes"})
    with pytest.raises(TypeError, match="file tuple"):
        multipart_body({"f": ("a", b"b", "c", "d")}, files={"f"})


def test_a_body_of_files_is_replayed_for_a_retry():
    file = io.BytesIO(b"payload")
    body = multipart_body({"f": file, "n": "1"}, files={"f"})
    assert body.replayable
    assert sent(body) == sent(body)
    once = multipart_body({"f": iter([b"x"])}, files={"f"})
    assert not once.replayable
    sent(once)
    with pytest.raises(RuntimeError):
        once.content()


async def test_async_streams_as_files():
    async def chunks() -> AsyncIterator[bytes]:
        yield b"as"
        yield b"ync"

    body = multipart_body({"f": ("a.bin", chunks()), "n": "1"}, files={"f"})
    assert parse(body, await asent(body)) == [
        ("f", "a.bin", "application/octet-stream", b"async"),
        ("n", None, None, b"1"),
    ]


def test_a_large_file_part_is_streamed_in_bounded_memory(tmp_path: Path):
    path = tmp_path / "big.bin"
    with path.open("wb") as file:
        for chunk in big_chunks(STREAMED):
            file.write(chunk)
    transport = CountingTransport()
    with path.open("rb") as file:
        body = multipart_body({"meta": {"kind": "backup"}, "file": file}, files={"file"})
        assert body.length is not None and body.length > STREAMED
        tracemalloc.start()
        try:
            with httpx.Client(transport=transport) as client:
                client.post("https://upload.example/", content=body.content(), headers=body.headers)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < MEMORY_BOUND
    assert transport.received == body.length
    assert transport.headers is not None
    assert transport.headers["content-length"] == str(body.length)
    assert transport.headers["content-type"] == body.content_type


def test_json_parts_parse_as_json():
    value = {"nested": {"list": [1, 2.5, "é", None, True]}}
    [(_, _, ctype, payload)] = parse(multipart_body({"v": value}))
    assert ctype == "application/json" and json.loads(payload) == value


def test_a_large_generator_part_is_streamed_in_bounded_memory():
    transport = CountingTransport()
    body = multipart_body({"log": ("log.bin", big_chunks(STREAMED)), "n": "1"}, files={"log"})
    assert body.length is None and not body.replayable
    tracemalloc.start()
    try:
        with httpx.Client(transport=transport) as client:
            client.post("https://upload.example/", content=body.content(), headers=body.headers)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND
    assert transport.received > STREAMED
    assert transport.headers is not None and "content-length" not in transport.headers
