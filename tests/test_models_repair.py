"""The changes made to datamodel-code-generator's source: ``MISSING`` written outside
the ``Annotated`` of a discriminated union, and no ``model_rebuild()`` at import."""

from __future__ import annotations

from generator.models_repair import missing_outside_discriminated_unions, without_rebuilds

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


def test_the_rebuild_calls_go_and_nothing_else() -> None:
    source = (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild()\nTree.model_rebuild()\nNode.model_rebuild(force=True)\n"
    )
    assert without_rebuilds(source) == (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild(force=True)\n"
    )
