"""The repair the oldest supported pydantic needs in datamodel-code-generator's source:
``MISSING`` written outside the ``Annotated`` of a discriminated union."""

from __future__ import annotations

from generator.models_repair import missing_outside_discriminated_unions

LIBRARY_OUTPUT = """
class Pet(ApiModel):
    kind: Annotated[
        Dog | Cat | None | MISSING,
        Field(description="Le chien ou le chat — «choisi»", discriminator="pet_type"),
    ] = MISSING
    name: Annotated[str | MISSING, Field(description="not a union of models")] = MISSING
    owner: Annotated[Dog | Cat, Field(discriminator="pet_type")]
"""


def test_missing_moves_outside_an_optional_discriminated_union_only() -> None:
    assert (
        missing_outside_discriminated_unions(LIBRARY_OUTPUT)
        == """
class Pet(ApiModel):
    kind: Annotated[Dog | Cat | None, Field(description="Le chien ou le chat — «choisi»", discriminator="pet_type")] | MISSING = MISSING
    name: Annotated[str | MISSING, Field(description="not a union of models")] = MISSING
    owner: Annotated[Dog | Cat, Field(discriminator="pet_type")]
"""
    )


def test_source_without_a_discriminator_is_returned_as_is() -> None:
    source = "class A(ApiModel):\n    b: Annotated[int | MISSING, Field(ge=1)] = MISSING\n"
    assert missing_outside_discriminated_unions(source) is source
