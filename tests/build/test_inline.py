"""The name a schema's place gives it (``build.inline.place_name``), step by step."""

from __future__ import annotations

import pytest

from generator.build.inline import place_name


@pytest.mark.parametrize(
    ("steps", "name"),
    [
        ([], "Pet"),
        (["properties", "owner"], "PetOwner"),
        (["properties", "tag-list", "items"], "PetTagListItem"),
        (["properties", "name", "anyOf", "0"], "PetNameOption1"),
        (["oneOf", "2"], "PetOption3"),
        (["additionalProperties"], "PetValue"),
        (["patternProperties", "^x-"], "PetValue"),
        (["allOf", "1", "properties", "age"], "PetAge"),  # a part is merged
        (["properties", "age", "allOf", "1"], "PetAgePart2"),  # unless it is the place
        (["items", "0"], "PetItem"),  # OpenAPI 3.0's list of items
        (["prefixItems", "1"], "PetItem"),
        (["not"], "PetNot"),
        (
            ["properties", "a", "items", "additionalProperties", "anyOf", "1"],
            "PetAItemValueOption2",
        ),
    ],
)
def test_place_name(steps: list[str], name: str) -> None:
    assert place_name("Pet", steps) == name
