"""Reading responses: the documented outcome of a status, the entry for a media type,
and each kind of body."""

from __future__ import annotations

import enum

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.runtime._base import OpenEnum
from generator.runtime._decode import (
    Binary,
    Empty,
    Json,
    Text,
    content_for,
    decode_body,
    outcome_for,
)

OUTCOMES = {
    "200": "ok",
    "201": "created",
    "2XX": "success",
    "404": "missing",
    "4xx": "client",
    "default": "other",
}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, "ok"),
        (201, "created"),
        (204, "success"),
        (299, "success"),
        (404, "missing"),
        (400, "client"),
        (499, "client"),
        (500, "other"),
        (302, "other"),
        (520, "other"),
    ],
)
def test_the_exact_code_wins_over_its_range_and_the_range_over_default(status, expected):
    assert outcome_for(status, OUTCOMES) == expected


def test_no_outcome_without_a_match_or_a_default():
    assert outcome_for(500, {"200": "ok", "4XX": "client"}) is None
    assert outcome_for(204, {}) is None


def test_outcomes_may_be_anything():
    class Missing(Exception):
        pass

    assert outcome_for(404, {"404": Missing, "default": Exception}) is Missing


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", "json"),
        ("Application/JSON; charset=utf-8", "json"),
        ("text/csv", "csv"),
        ("text/html", "any text"),
        ("image/png", "anything"),
        (None, "anything"),
    ],
)
def test_the_exact_media_type_wins_over_its_range(content_type, expected):
    contents = {
        "application/json": "json",
        "text/csv; header=present": "csv",
        "text/*": "any text",
        "*/*": "anything",
    }
    assert content_for(content_type, contents) == expected


def test_no_entry_for_an_undocumented_media_type():
    assert content_for("image/png", {"application/json": 1}) is None
    assert content_for(None, {"application/json": 1}) is None


class Pet(BaseModel):
    name: str


class Colour(OpenEnum, str, enum.Enum):
    RED = "red"


def test_json_bodies_are_validated_as_their_schema():
    assert decode_body(Json(Pet), b'{"name": "Rex"}', "application/json") == Pet(name="Rex")
    pets = decode_body(Json(list[Pet]), b'[{"name": "a"}]', "application/json")
    assert pets == [Pet(name="a")]
    adapter = TypeAdapter(dict[str, int])
    assert Json(adapter).adapter is adapter
    assert decode_body(Json(adapter), b'{"a": 1}', None) == {"a": 1}
    with pytest.raises(ValidationError):
        decode_body(Json(Pet), b'{"name": 1}', "application/json")
    with pytest.raises(ValidationError):
        decode_body(Json(Pet), b"", "application/json")


def test_json_bodies_keep_enum_values_the_client_does_not_know():
    colour = decode_body(Json(Colour), b'"ultraviolet"', "application/json")
    assert not colour.is_known and colour.value == "ultraviolet"


def test_text_bodies_are_decoded_by_their_charset():
    assert decode_body(Text(), "Grüße".encode(), "text/plain; charset=utf-8") == "Grüße"
    assert (
        decode_body(Text(), "Grüße".encode("latin-1"), 'text/plain; charset="ISO-8859-1"')
        == "Grüße"
    )
    assert decode_body(Text(), "é".encode(), "text/plain") == "é"
    assert decode_body(Text(), b"\xff", "text/plain") == "\ufffd"
    assert decode_body(Text(), b"ok", "text/plain; charset=no-such-charset") == "ok"


def test_binary_and_empty_bodies():
    assert decode_body(Binary(), b"\x89PNG", "image/png") == b"\x89PNG"
    assert decode_body(Empty(), b"", None) is None
    assert decode_body(Empty(), b"unexpected", "text/plain") is None
