"""Enum, const, format and bound values in the committed corpus clients.

The clients of ``tests/corpus/schema-enums``, ``schema-formats``, ``schema-bounds-30`` and
``schema-name-collisions`` (``expected/``, made whole by ``tests.corpus_packages.assemble``):
enum members by value, the const refusing other values, formats parsed to Python types
and dumped in their wire spelling, bounds refusing what is out of range before anything
is sent, and one class per schema.  Every expected value is written here from the specs.
"""

from __future__ import annotations

import importlib
import importlib.util
import typing
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit
from uuid import UUID

import pytest
from pydantic import ValidationError

from tests.corpus_packages import CORPUS, served

UUID_TEXT = "8F14E45F-CEEA-467F-A0E6-2B6E1D3F9A10"


pytestmark = pytest.mark.usefixtures("corpus_on_path")


def models(package: str) -> Any:
    return importlib.import_module(f"{package}.models")


def refused_before_sending(package: str, module: str, function: str, **kwargs: Any) -> None:
    api = importlib.import_module(f"{package}.api.{module}")
    with served(package) as (client, server), pytest.raises(ValueError):
        getattr(api, function)(client, **kwargs)
    assert server.requests == []


# schema-enums


@pytest.mark.parametrize(
    ("enum", "value"),
    [("Genre", "sci-fi & fantasy"), ("Genre", ""), ("Genre", "class"), ("SortOrder", "-title")]
    + [("SortOrder", "title"), ("Timezone", "GMT0"), ("Timezone", "GMT+0"), ("Timezone", "GMT-0")],
)
def test_a_string_enum_member_is_found_by_its_value(enum: str, value: str) -> None:
    member = getattr(models("schema_enums"), enum)(value)
    assert member.value == value and member.is_known
    assert member == value  # a str enum: sent as the value itself


def test_values_that_differ_only_in_symbols_are_distinct_members() -> None:
    m = models("schema_enums")
    assert len({m.SortOrder("-title"), m.SortOrder("title")}) == 2
    assert [z.value for z in m.Timezone] == [
        "GMT", "GMT+0", "GMT-0", "GMT0", "Etc/GMT+1", "Europe/Paris"
    ]  # fmt: skip


def test_member_names_are_constants_not_numbered() -> None:
    names = [member.name for member in models("schema_enums").Timezone]
    assert all(name == name.upper() for name in names), names
    assert not any(f"{name}_1" in names for name in names), names  # never numbered


def test_an_integer_enum_is_an_int_enum_and_dumps_as_a_number() -> None:
    m = models("schema_enums")
    assert [s.value for s in m.Stars] == [1, 2, 3]
    assert m.Stars(2) == 2 and isinstance(m.Stars(2), int)
    book = m.Book(kind="book", title="T", genre="", stars=3)
    assert book.stars is m.Stars(3)
    assert book.model_dump(mode="json") == {"kind": "book", "title": "T", "genre": "", "stars": 3}
    with pytest.raises(ValidationError):
        m.Book(kind="book", title="T", genre="", stars=4)


def test_the_same_inline_enum_in_two_schemas_takes_the_same_values() -> None:
    m = models("schema_enums")
    for field in ("factor", "format"):
        book = m.Book.model_fields[field].annotation
        reader = m.Reader.model_fields[field].annotation
        values = [{member.value for member in typing.get_args(t)[0]} for t in (book, reader)]
        assert values[0] == values[1] != set()
    assert m.Reader(name="Ada", factor="2fa").model_dump(mode="json")["factor"] == "2fa"


def test_the_const_is_a_literal_that_refuses_other_values() -> None:
    book = models("schema_enums").Book
    assert book.model_fields["kind"].annotation == Literal["book"]
    with pytest.raises(ValidationError):
        book(kind="magazine", title="T", genre="crime")


def test_a_string_enum_query_parameter_refuses_another_value() -> None:
    refused_before_sending("schema_enums", "books", "list_books", sort="FIELD_TITLE")


def test_an_integer_enum_query_parameter_refuses_another_value() -> None:
    refused_before_sending("schema_enums", "books", "list_books", stars=5)


# schema-formats

READING = {"id": UUID_TEXT, "day": "2024-05-01", "taken_at": "2024-05-01T12:00:00+02:00"}


def test_formats_parse_to_python_types_and_dump_in_their_wire_spelling() -> None:
    reading = models("schema_formats").Reading.model_validate(READING)
    assert reading.id == UUID("8f14e45f-ceea-467f-a0e6-2b6e1d3f9a10")
    assert reading.day == date(2024, 5, 1)
    assert reading.taken_at == datetime(2024, 5, 1, 10, tzinfo=timezone.utc)  # noqa: UP017 (3.10)
    assert reading.taken_at.utcoffset() == timedelta(hours=2)
    assert reading.model_dump(mode="json") == {
        "id": "8f14e45f-ceea-467f-a0e6-2b6e1d3f9a10",  # canonical: lowercase
        "day": "2024-05-01",
        "taken_at": "2024-05-01T12:00:00+02:00",
    }


def test_bytes_parse_from_and_dump_as_base64() -> None:
    reading = models("schema_formats").Reading
    assert reading.model_validate({**READING, "signature": "/wA="}).signature == b"\xff\x00"
    dumped = reading(id=UUID(UUID_TEXT), day=date(2024, 5, 1), signature=b"hi")
    assert dumped.model_dump(mode="json")["signature"] == "aGk="


def test_a_binary_json_string_that_is_no_text_is_refused_before_sending() -> None:
    readings = importlib.import_module("schema_formats.api.readings")
    with served("schema_formats") as (client, server), pytest.raises(ValidationError):
        readings.add_reading(client, {**READING, "raw": b"\xff\x00"})
    assert server.requests == []


def test_an_email_needs_no_email_validator() -> None:
    package = CORPUS / "schema-formats" / "expected" / "schema_formats"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "EmailStr" not in text and "email_validator" not in text, path
    if importlib.util.find_spec("email_validator") is None:  # else the source check suffices
        reading = models("schema_formats").Reading(**READING, contact="ada@example.com")
        assert reading.model_dump(mode="json")["contact"] == "ada@example.com"


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [("ratio", 3.1, False), ("ratio", 3.2, True), ("ratio", 10, True), ("ratio", 10.01, False)]
    + [("count", 95, True), ("count", 7, False), ("count", 105, False), ("count", -5, False)]
    + [("code", "ABC", True), ("code", "abc", False), ("code", "A", False)]
    + [("code", "ABCDEFGHI", False)],
)
def test_body_bounds(field: str, value: object, accepted: bool) -> None:
    reading = models("schema_formats").Reading
    if accepted:
        assert getattr(reading(**READING, **{field: value}), field) == value
    else:
        with pytest.raises(ValidationError):
            reading(**READING, **{field: value})


def test_query_formats_are_sent_in_their_wire_spelling() -> None:
    readings = importlib.import_module("schema_formats.api.readings")
    moment = datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    with served("schema_formats") as (client, server):
        readings.list_readings(client, since=moment, day=date(2024, 5, 1), owner=UUID(UUID_TEXT))
    assert parse_qsl(urlsplit(server.last.target).query) == [
        ("since", "2024-05-01T12:00:00+02:00"),
        ("day", "2024-05-01"),
        ("owner", "8f14e45f-ceea-467f-a0e6-2b6e1d3f9a10"),
    ]


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": 51}, {"above": 3.1}])
def test_query_bounds_refuse_out_of_range_values(kwargs: dict[str, Any]) -> None:
    refused_before_sending("schema_formats", "readings", "list_readings", **kwargs)


def test_a_query_date_time_needs_an_offset() -> None:
    since = datetime(2024, 5, 1, 10)
    refused_before_sending("schema_formats", "readings", "list_readings", since=since)


# schema-bounds-30


@pytest.mark.parametrize(
    ("values", "accepted"),
    [({"percent": 0}, False), ({"percent": 100}, False), ({"percent": 0.01}, True)]
    + [({"percent": 99.99}, True), ({"percent": 1, "floor": 0}, True)]
    + [({"percent": 1, "floor": -1}, False)],
)
def test_the_30_boolean_exclusive_bounds(values: dict[str, float], accepted: bool) -> None:
    discount = models("schema_bounds_30").Discount
    if accepted:
        assert discount(**values).model_dump(mode="json") == values
    else:
        with pytest.raises(ValidationError):
            discount(**values)


def test_the_30_exclusive_bound_of_a_query_parameter() -> None:
    refused_before_sending("schema_bounds_30", "discounts", "list_discounts", above=0)


# schema-name-collisions


def test_an_inline_body_and_the_component_of_its_name_are_distinct_classes() -> None:
    m = models("schema_name_collisions")
    orders = importlib.import_module("schema_name_collisions.api.orders")
    hints = typing.get_type_hints(orders.create_order)
    inline: Any = next(t for t in typing.get_args(hints["body"]) if isinstance(t, type))
    assert inline is not m.CreateOrderRequest  # the component keeps its name
    assert set(inline.model_fields) == {"sku", "previous"}
    assert set(m.CreateOrderRequest.model_fields) == {"legacy_id"}
    assert typing.get_args(inline.model_fields["previous"].annotation)[0] is m.CreateOrderRequest
    assert hints["return"] is m.CreateOrderRequest


def test_builtin_and_keyword_schema_names_are_their_own_classes() -> None:
    profiles = models("schema_name_collisions").Profiles
    fields = profiles.model_fields
    # a field named like a builtin gets a trailing _ (as keywords do): in the class
    # body it would hide the builtin from the other fields' annotations (tags: list[str])
    assert (fields["list_"].alias, fields["class_"].alias) == ("list", "class")
    parts = [fields["list_"].annotation] + [
        typing.get_args(fields[name].annotation)[0] for name in ("class_", "none")
    ]
    assert [set(part.model_fields) for part in parts] == [
        {"entries", "other"},
        {"grade"},
        {"reason"},
    ]
    payload = {
        "profile": {"handle": "ada"}, "legacy": {"login": "ada1"}, "current": {"nickname": "A"},
        "list": {"entries": [{"sku": "A1"}]}, "class": {"grade": 3}, "none": {}, "tags": ["x"],
    }  # fmt: skip
    assert profiles.model_validate(payload).model_dump(mode="json") == payload


def test_colliding_schema_keys_are_distinct_classes_named_in_sorted_key_order() -> None:
    m = models("schema_name_collisions")
    # UserProfile is spelled as the class name: it keeps it; then user-profile and
    # user_profile in sorted order ("-" sorts before "_"), whatever the document's order
    fields = {name: set(getattr(m, name).model_fields) for name in ("UserProfile", "Item")}
    fields |= {name: set(getattr(m, name).model_fields) for name in ("UserProfile2", "Item2")}
    fields["UserProfile3"] = set(m.UserProfile3.model_fields)
    assert fields == {
        "UserProfile": {"nickname"},
        "UserProfile2": {"handle"},
        "UserProfile3": {"login"},
        "Item": {"sku"},
        "Item2": {"label"},
    }
