"""The models of the schema-field constructs, used as the specs say.

tests/corpus/schema-nullable/ (OpenAPI 3.1's nullable spellings, its Settings mirroring
tests/corpus/nullable-30/), schema-maps/ (maps and open objects) and
schema-read-write-only/ (readOnly and writeOnly), through their committed clients
(``expected/``, made whole by ``tests.corpus_packages.assemble``).  Every expected value
is written from the spec.
"""

from __future__ import annotations

import importlib
import json
import types
import typing
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError
from typing_extensions import TypeAliasType

from tests.corpus_packages import served
from tests.openapi_server import Reply

NULLABLE = ("nullable_30", "schema_nullable")


pytestmark = pytest.mark.usefixtures("corpus_on_path")


def model(package: str, name: str) -> Any:
    """A model class of a package (Any: its fields are known at run time only)."""
    found = getattr(importlib.import_module(f"{package}.models"), name)
    assert isinstance(found, type) and issubclass(found, BaseModel)
    return found


def shape(annotation: Any) -> frozenset[str]:
    """What a field's type accepts, alternative by alternative, whatever its spelling:
    aliases and ``Annotated`` looked through, an enum as its kind and values."""
    if isinstance(annotation, TypeAliasType):
        return shape(annotation.__value__)
    origin = get_origin(annotation)
    if origin is Annotated:
        return shape(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return frozenset().union(*(shape(arg) for arg in get_args(annotation)))
    if annotation is None or annotation is type(None):
        return frozenset({"null"})
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        kind = "str enum" if issubclass(annotation, str) else "enum"
        values = ", ".join(sorted(repr(member.value) for member in annotation))
        return frozenset({f"{kind} {values}"})
    return frozenset({getattr(annotation, "__name__", repr(annotation))})


def shapes(package: str, name: str) -> dict[str, frozenset[str]]:
    fields = model(package, name).model_fields
    return {field.alias or key: shape(field.annotation) for key, field in fields.items()}


# --------------------------------------------------------------------------- nullable

SETTINGS = {
    "theme": {"str enum 'dark', 'light'", "MISSING"},
    "timezone": {"str", "null", "MISSING"},
    "locale": {"str enum 'en', 'fr'", "null", "MISSING"},
    "limits": {"SettingsLimits", "null", "MISSING"},
}


@pytest.mark.parametrize("package", NULLABLE)
def test_settings_fields_have_the_types_the_spec_gives(package: str) -> None:
    assert shapes(package, "Settings") == SETTINGS


def test_the_30_and_31_spellings_of_nullable_give_the_same_field_types() -> None:
    assert shapes("schema_nullable", "Settings") == shapes("nullable_30", "Settings")


@pytest.mark.parametrize("package", NULLABLE)
def test_nullable_settings_read_null_as_none_and_send_it_back(package: str) -> None:
    settings = model(package, "Settings")
    nulls = {"theme": "dark", "timezone": None, "locale": None, "limits": None}
    parsed = settings.model_validate(nulls)
    assert parsed.timezone is None and parsed.locale is None and parsed.limits is None
    assert parsed.theme == "dark"
    assert parsed.model_dump(mode="json", by_alias=True) == nulls
    assert settings.model_validate({"locale": "fr"}).model_dump(mode="json") == {"locale": "fr"}


@pytest.mark.parametrize("package", NULLABLE)
def test_null_is_refused_where_the_settings_do_not_allow_it(package: str) -> None:
    settings = model(package, "Settings")
    with pytest.raises(ValidationError, match="theme"):
        settings.model_validate({"theme": None})
    with pytest.raises(ValidationError, match="daily"):
        settings.model_validate({"limits": {"daily": None}})


def test_a_required_nullable_field_must_be_given_and_may_be_null() -> None:
    contact = model("schema_nullable", "Contact")
    with pytest.raises(ValidationError, match="nickname"):
        contact.model_validate({"name": "Ann"})
    parsed = contact.model_validate({"name": "Ann", "nickname": None})
    assert parsed.nickname is None
    assert parsed.model_dump(mode="json", by_alias=True) == {"name": "Ann", "nickname": None}


@pytest.mark.parametrize("field", ["age", "code", "name"])
def test_null_is_refused_for_fields_without_null_in_their_type(field: str) -> None:
    contact = model("schema_nullable", "Contact")
    with pytest.raises(ValidationError, match=field):
        contact.model_validate({"name": "Ann", "nickname": "A", field: None})


def test_one_of_and_any_of_with_null_and_a_type_list_without_it() -> None:
    contact = model("schema_nullable", "Contact")
    nulls = contact.model_validate({"name": "A", "nickname": "B", "manager": None, "score": None})
    assert nulls.manager is None and nulls.score is None
    given = {"name": "A", "nickname": "B", "code": 7, "manager": {"id": "p1"}, "score": 2.5}
    parsed = contact.model_validate(given)
    assert isinstance(parsed.manager, model("schema_nullable", "Person"))
    assert parsed.code == 7 and parsed.model_dump(mode="json", by_alias=True) == given
    assert contact.model_validate({**given, "code": "A-7"}).code == "A-7"


# --------------------------------------------------------------------------- maps


def test_typed_maps_check_their_values_and_round_trip() -> None:
    inventory = model("schema_maps", "Inventory")
    data = {"counts": {"apples": 3, "pears": 0}, "tags": {"fresh": {"label": "Fresh"}}}
    parsed = inventory.model_validate(data)
    assert isinstance(parsed.tags["fresh"], model("schema_maps", "Tag"))
    assert parsed.model_dump(mode="json", by_alias=True) == data
    for wrong in ({"counts": {"apples": "three"}}, {"counts": {}, "tags": {"fresh": "Fresh"}}):
        with pytest.raises(ValidationError):
            inventory.model_validate(wrong)


def test_an_open_object_keeps_its_extra_fields_and_sends_them_back() -> None:
    maps = importlib.import_module("schema_maps.api.maps")
    record = {"id": "r1", "colour": "red", "nested": {"a": [1, 2]}}
    answers = [Reply.make(201, json=record)] * 2
    with served("schema_maps", *answers, strict=True) as (api, server):
        first = maps.create_record(api, record)
        assert first.model_extra == {"colour": "red", "nested": {"a": [1, 2]}}
        again = maps.create_record(api, first)  # the parsed model, sent as it is
    assert [json.loads(request.body) for request in server.requests] == [record, record]
    assert again.model_dump(mode="json", by_alias=True) == record


def test_fixed_properties_with_typed_extras_check_the_extras() -> None:
    tally = model("schema_maps", "Tally")
    parsed = tally.model_validate({"name": "votes", "ayes": 3})
    assert parsed.model_extra == {"ayes": 3}
    with pytest.raises(ValidationError, match="ayes"):
        tally.model_validate({"name": "votes", "ayes": "three"})


def test_a_closed_object_refuses_extra_fields() -> None:
    with pytest.raises(ValidationError, match="colour"):
        model("schema_maps", "Strict").model_validate({"name": "n", "colour": "red"})


def test_pattern_properties_allow_matching_fields_of_their_type_only() -> None:
    labelled = model("schema_maps", "Labelled")
    data = {"name": "n", "x-colour": "red"}
    assert labelled.model_validate(data).model_dump(mode="json", by_alias=True) == data
    for wrong in ({"name": "n", "x-colour": 1}, {"name": "n", "colour": "red"}):
        with pytest.raises(ValidationError, match="colour"):
            labelled.model_validate(wrong)


# --------------------------------------------------------------------------- read/write


def users() -> types.ModuleType:
    return importlib.import_module("schema_read_write_only.api.users")


def body_model() -> Any:
    """The model ``create_user`` takes its body as."""
    hint = typing.get_type_hints(users().create_user)["body"]
    # (on Python 3.10 a parameterized Mapping[str, Any] passes isinstance(..., type))
    [found] = [arg for arg in get_args(hint) if isinstance(arg, type) and not get_args(arg)]
    assert issubclass(found, BaseModel)
    return found


def answer_model() -> Any:
    """The model ``get_user`` returns."""
    found = typing.get_type_hints(users().get_user)["return"]
    assert isinstance(found, type) and issubclass(found, BaseModel)
    return found


def test_one_model_serves_both_ways_and_requires_neither_one_way_field() -> None:
    # id is required in answers only, password in requests only: the one model that
    # is sent and read requires neither (classes keep the schema's name)
    assert body_model() is answer_model()
    required = {name for name, field in body_model().model_fields.items() if field.is_required()}
    assert required == {"name"}


def test_a_request_does_not_require_the_read_only_field_nor_send_it() -> None:
    body = body_model().model_validate({"name": "ann", "password": "s3cret"})
    assert body.model_dump(mode="json", by_alias=True) == {"name": "ann", "password": "s3cret"}
    with pytest.raises(ValidationError, match="name"):
        body_model().model_validate({"password": "s3cret"})


def test_an_answer_does_not_require_the_write_only_field() -> None:
    parsed = answer_model().model_validate({"id": "u1", "name": "ann"})
    assert parsed.model_dump(mode="json", by_alias=True) == {"id": "u1", "name": "ann"}
    with pytest.raises(ValidationError, match="password"):
        answer_model().model_validate({"id": "u1", "name": "ann", "password": "short"})


def test_create_and_read_a_user_over_the_wire() -> None:
    user = {"id": "u1", "name": "ann"}
    answers = (Reply.make(201, json=user), Reply.make(200, json=user))
    with served("schema_read_write_only", *answers, strict=True) as (api, server):
        made = users().create_user(api, {"name": "ann", "password": "s3cret"})
        read = users().get_user(api, "u1")
    assert json.loads(server.requests[0].body) == {"name": "ann", "password": "s3cret"}
    for user in (made, read):
        assert user.model_dump(mode="json", by_alias=True) == {"id": "u1", "name": "ann"}
