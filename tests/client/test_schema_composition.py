"""allOf, oneOf/anyOf and recursive schemas in the committed corpus clients.

The models of ``tests/corpus/schema-allof``, ``schema-oneof`` and ``schema-recursive``
(``expected/``, made whole by ``tests.corpus_packages.assemble``): a payload parses to
the right classes, dumps back by alias to the same JSON, and a dump validates to an equal
model; what any part of the schema requires is required.  Every expected value is
written here from the specs, not taken from the generator's output.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.corpus_packages import served
from tests.openapi_server import Reply

PET = {"id": "p1", "name": "Rex", "breed": "collie"}
ORDER = {"sku": "SKU-1", "quantity": 2, "shipTo": "Paris", "giftWrap": True}
DOG = {"petType": "canine", "name": "Rex", "barks": True}
CAT = {"petType": "feline", "name": "Tom", "lives": 7}
BIRD = {"petType": "avian", "name": "Tweety", "barks": False}  # not in the mapping
CARD = {"cardNumber": "4111111111111111", "holder": "Ada Lovelace"}
TRANSFER = {"iban": "FR7630006000011234567890189"}
TREE = {
    "label": "root",
    "children": [
        {"label": "a", "children": [{"label": "a1"}, {"label": "a2", "children": []}]},
        {"label": "b"},
    ],
}
FOLDER = {
    "name": "docs",
    "items": [
        {"name": "readme.txt", "size": 120},
        {
            "name": "specs",
            "items": [{"name": "api.yaml", "size": 2048}, {"name": "drafts", "items": []}],
        },
    ],
}


pytestmark = pytest.mark.usefixtures("corpus_on_path")


def models(package: str) -> ModuleType:
    return importlib.import_module(f"{package}.models")


def adapter(package: str, name: str) -> TypeAdapter[Any]:
    schema: Any = getattr(models(package), name)
    return TypeAdapter(schema)


def dumped(value: Any, schema: Any = None) -> Any:
    adapter = TypeAdapter[Any](schema if schema is not None else type(value))
    return adapter.dump_python(value, mode="json", by_alias=True)


def round_trips(schema: Any, payload: Any) -> Any:
    """``payload`` parsed as ``schema``, checked to dump back to itself and to validate
    from its own dump to an equal value."""
    adapter = TypeAdapter[Any](schema)
    parsed = adapter.validate_python(payload)
    assert dumped(parsed, schema) == payload
    assert adapter.validate_python(dumped(parsed, schema)) == parsed
    return parsed


# --------------------------------------------------------------------------- allOf


def test_inherited_allof_has_the_base_and_its_own_fields() -> None:
    pet = round_trips(models("schema_allof").Pet, PET)
    assert (pet.id, pet.name, pet.breed) == ("p1", "Rex", "collie")
    only_base = round_trips(models("schema_allof").Pet, {"id": "p2", "name": "Tom"})
    assert dumped(only_base) == {"id": "p2", "name": "Tom"}  # breed unset: not sent


@pytest.mark.parametrize("missing", ["id", "name"])
def test_the_base_s_required_fields_are_required_in_the_derived_model(missing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        models("schema_allof").Pet.model_validate({k: v for k, v in PET.items() if k != missing})
    assert [error["loc"] for error in caught.value.errors()] == [(missing,)]


def test_merged_inline_parts_make_one_model_with_every_part_s_fields() -> None:
    order = round_trips(models("schema_allof").Order, ORDER)
    assert (order.sku, order.quantity, order.ship_to, order.gift_wrap) == (
        "SKU-1",
        2,
        "Paris",
        True,
    )
    assert dumped(order.model_copy(update={"quantity": 3}))["quantity"] == 3


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"quantity": 2, "shipTo": "Paris"}, ("sku",)),  # the first part's
        ({"sku": "SKU-1", "giftWrap": True}, ("shipTo",)),  # the second part's
        ({"sku": "SKU-1", "quantity": 0, "shipTo": "Paris"}, ("quantity",)),  # minimum 1
    ],
)
def test_each_merged_part_keeps_its_constraints(payload: dict[str, Any], loc: tuple[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        models("schema_allof").Order.model_validate(payload)
    assert [error["loc"] for error in caught.value.errors()] == [loc]


# --------------------------------------------------------------------------- oneOf


def test_the_discriminator_s_mapping_picks_the_class() -> None:
    oneof = models("schema_oneof")
    pets: Any = list[oneof.Pet]  # type: ignore[name-defined]
    dog, cat = round_trips(pets, [DOG, CAT])
    assert (type(dog).__name__, type(cat).__name__) == ("Dog", "Cat")
    assert (dog.name, dog.barks, cat.name, cat.lives) == ("Rex", True, "Tom", 7)


def test_the_discriminator_decides_even_when_the_shape_fits_the_other_class() -> None:
    # a cat's fields under petType canine: a Dog without barks, not a Cat
    with pytest.raises(ValidationError):
        adapter("schema_oneof", "Pet").validate_python({**CAT, "petType": "canine"})


def call(
    package: str,
    function: str,
    *args: Any,
    answer: Any,
    seen: list[Any] | None = None,
    strict: bool = False,
) -> Any:
    """``package.api.<module>.<function>``, named ``module.function``, called with
    ``args`` against the validating server answering ``answer`` as JSON; the JSON
    bodies it received are added to ``seen``."""
    module, name = function.split(".")
    with served(package, Reply.make(200, json=answer), strict=strict) as (client, server):
        try:
            return getattr(importlib.import_module(f"{package}.api.{module}"), name)(client, *args)
        finally:
            if seen is not None:
                seen.extend(json.loads(r.body) if r.body else None for r in server.requests)


def test_an_unknown_discriminator_value_in_an_answer_does_not_raise() -> None:
    result = call("schema_oneof", "pets.list_pets_with_response", answer=[DOG, BIRD])
    assert [item.get("petType") for item in map(dumped, result.parsed)] == ["canine", "avian"]
    assert result.validation_errors  # and they say where: the second pet
    assert all(error["loc"][0] == 1 for error in result.validation_errors)


def test_an_unknown_pet_is_kept_as_received_and_the_known_ones_still_parse() -> None:
    pets = call("schema_oneof", "pets.list_pets", answer=[DOG, BIRD])
    assert pets[1] == BIRD
    assert type(pets[0]).__name__ == "Dog"


def test_an_unknown_discriminator_value_raises_with_strict_responses() -> None:
    errors = importlib.import_module("schema_oneof.errors")
    with pytest.raises(errors.APIResponseValidationError):
        call("schema_oneof", "pets.list_pets", answer=[DOG, BIRD], strict=True)


def test_a_body_is_sent_as_the_alternative_its_discriminator_names() -> None:
    seen: list[Any] = []
    with pytest.raises((ValueError, ValidationError)):
        call("schema_oneof", "pets.add_pet", BIRD, answer=BIRD, seen=seen)
    with pytest.raises((ValueError, ValidationError)):  # a feline without lives
        call("schema_oneof", "pets.add_pet", {**DOG, "petType": "feline"}, answer=CAT, seen=seen)
    assert seen == []
    pet = call("schema_oneof", "pets.add_pet", CAT, answer=CAT, seen=seen)
    assert (seen, type(pet).__name__) == ([CAT], "Cat")


@pytest.mark.parametrize(("payload", "name"), [(CARD, "Card"), (TRANSFER, "BankTransfer")])
def test_a_oneof_without_discriminator_goes_by_required_fields(
    payload: dict[str, Any], name: str
) -> None:
    assert type(round_trips(models("schema_oneof").Payment, payload)).__name__ == name


@pytest.mark.parametrize(
    "payment", [{}, {"holder": "Ada"}, {"cardNumber": "4111"}], ids=["none", "extra", "pattern"]
)
def test_a_payment_that_fits_no_alternative_is_refused(payment: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        adapter("schema_oneof", "Payment").validate_python(payment)


def test_anyof_of_an_object_and_a_string() -> None:
    oneof = models("schema_oneof")
    person = {"firstName": "Ada", "lastName": "Lovelace"}
    adoption = round_trips(oneof.Adoption, {"petName": "Rex", "payment": CARD, "adopter": person})
    assert type(adoption.adopter).__name__ == "Person"
    assert (adoption.adopter.first_name, type(adoption.payment).__name__) == ("Ada", "Card")
    named = round_trips(
        oneof.Adoption, {"petName": "Tom", "payment": TRANSFER, "adopter": "Grace Hopper"}
    )
    assert named.adopter == "Grace Hopper"
    for adopter in ("", 42, {"firstName": "Ada"}):  # minLength 1; neither; lastName
        with pytest.raises(ValidationError):
            oneof.Adoption.model_validate({"petName": "Tom", "payment": CARD, "adopter": adopter})


# --------------------------------------------------------------------------- recursion


def test_a_self_recursive_tree_parses_three_levels_deep() -> None:
    tree = round_trips(models("schema_recursive").TreeNode, TREE)
    a2 = tree.children[0].children[1]
    assert {type(node).__name__ for node in (tree, tree.children[0], a2)} == {"TreeNode"}
    assert (a2.label, a2.children, [child.label for child in tree.children]) == (
        "a2",
        [],
        ["a", "b"],
    )
    with pytest.raises(ValidationError) as caught:
        models("schema_recursive").TreeNode.model_validate(
            {"label": "root", "children": [{"label": "a", "children": [{"children": []}]}]}
        )
    assert [error["loc"] for error in caught.value.errors()] == [
        ("children", 0, "children", 0, "label")
    ]


def test_mutually_recursive_folders_parse_three_levels_deep() -> None:
    docs = round_trips(models("schema_recursive").Folder, FOLDER)
    readme, specs = docs.items
    api, drafts = specs.items
    assert [type(x).__name__ for x in (docs, readme, specs, api, drafts)] == [
        "Folder",
        "File",
        "Folder",
        "File",
        "Folder",
    ]
    assert (readme.size, api.name, api.size, drafts.items) == (120, "api.yaml", 2048, [])


def test_a_broken_entry_deep_in_a_folder_body_is_not_sent() -> None:
    seen: list[Any] = []
    broken = {"name": "docs", "items": [{"name": "specs", "items": [{"name": "api.yaml"}]}]}
    with pytest.raises((ValueError, ValidationError)):
        call("schema_recursive", "folders.put_folder", "docs", broken, answer=FOLDER, seen=seen)
    assert seen == []
    folder = call(
        "schema_recursive", "folders.put_folder", "docs", FOLDER, answer=FOLDER, seen=seen
    )
    assert seen == [FOLDER]
    assert type(folder.items[1].items[1]).__name__ == "Folder"
