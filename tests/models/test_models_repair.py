"""The changes made to datamodel-code-generator's source: no ``model_rebuild()`` at
import, list defaults as factories, and the classes it named itself renamed."""

from __future__ import annotations

import ast

from generator.models_repair import adjusted, renames, spliced


def _adjusted(source: str) -> str:
    """``adjusted``'s source, checked against the tree it gives with it."""
    result, tree = adjusted(source)
    assert ast.dump(tree, include_attributes=True) == ast.dump(
        ast.parse(result), include_attributes=True
    )
    return result


def _renamed(source: str, names: dict[str, str]) -> str:
    return spliced(source, renames(source, ast.parse(source), names))


def test_a_source_with_nothing_to_adjust_is_given_back_with_its_tree() -> None:
    source = "class A(ApiModel):\n    tags: list[str] | MISSING = MISSING\n"
    assert _adjusted(source) == source


def test_the_rebuild_calls_go_and_nothing_else() -> None:
    source = (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild()\nTree.model_rebuild()\nNode.model_rebuild(force=True)\n"
    )
    assert _adjusted(source) == (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild(force=True)\n"
    )


def test_mutable_defaults_become_factories_and_field_is_imported() -> None:
    source = (
        "from __future__ import annotations\n\nfrom enum import Enum\n\n\n"
        "class A(ApiModel):\n    tags: list[str] = []\n    channels: list[Channel] = [Channel.EMAIL]\n"
        "    labels: dict[str, str] = {}\n    name: str = 'x'\n"
    )
    assert _adjusted(source) == (
        "from __future__ import annotations\n\nfrom pydantic import Field\n\nfrom enum import Enum\n\n\n"
        "class A(ApiModel):\n    tags: list[str] = Field(default_factory=list)\n"
        "    channels: list[Channel] = Field(default_factory=lambda: [Channel.EMAIL])\n"
        "    labels: dict[str, str] = Field(default_factory=dict)\n    name: str = 'x'\n"
    )


def test_a_mutable_default_is_cut_out_where_it_stands_whatever_precedes_it() -> None:
    """Columns count UTF-8 bytes: a default after non-ASCII text on its line, and one
    over several lines, are taken whole and nothing else."""
    source = (
        "class A(ApiModel):\n    café: list[str] = ['é', 'ü']  # ünïcode\n"
        "    rows: list[list[int]] = [\n        [1],\n        [2],\n    ]\n"
    )
    assert _adjusted(source) == (
        "class A(ApiModel):\n"
        "    café: list[str] = Field(default_factory=lambda: ['é', 'ü'])  # ünïcode\n"
        "    rows: list[list[int]] = Field(default_factory=lambda: [\n        [1],\n"
        "        [2],\n    ])\n"
    )


def test_renamed_renames_a_class_where_defined_and_used_and_nothing_else() -> None:
    source = (
        'Name1 = TypeAliasType("Name1", Annotated[str, Field(max_length=5)])\n\n\n'
        "class Pet1(ApiModel):\n    Name1: str = 'Name1'\n    name: Name1 | Pet1 | None = None\n"
        '    kind: Literal["Pet1"] = "Pet1"\n\n\n'
        "class Kind(Enum):\n    Pet1 = 'Pet1'\n\n\n"
        'Pets = TypeAliasType("Pets", list[Pet1])\n'
    )
    names = {"Name1": "PetNameOption1", "Pet1": "PetOption1"}
    assert _renamed(source, names) == (
        'PetNameOption1 = TypeAliasType("PetNameOption1", Annotated[str, Field(max_length=5)])\n\n\n'
        "class PetOption1(ApiModel):\n    Name1: str = 'Name1'\n"
        "    name: PetNameOption1 | PetOption1 | None = None\n"
        '    kind: Literal["Pet1"] = "Pet1"\n\n\n'
        "class Kind(Enum):\n    Pet1 = 'Pet1'\n\n\n"
        'Pets = TypeAliasType("Pets", list[PetOption1])\n'
    )


def test_renamed_swaps_names_at_once_and_keeps_a_source_without_them() -> None:
    source = "class A(ApiModel):\n    b: B\n\n\nclass B(A):\n    a: A\n"
    assert _renamed(source, {"A": "B", "B": "A"}) == (
        "class B(ApiModel):\n    b: A\n\n\nclass A(B):\n    a: B\n"
    )
    assert renames(source, ast.parse(source), {}) == []


def test_spliced_puts_each_text_in_place_whatever_the_order_given() -> None:
    assert spliced("0123456789", [(8, 9, "x"), (0, 2, ""), (4, 4, "+")]) == "23+4567x9"


def test_renamed_renames_forward_references_but_no_data() -> None:
    source = (
        'Event = TypeAliasType("Event", Annotated[Union["Event10", Event2], '
        'Field(discriminator="Event10")])\n\n\n'
        'class Event10(ApiModel):\n    type: Literal["Event10"] = "Event10"\n'
        "    name: Annotated[str, Field(alias='Event10', pattern=\"Event10\")]\n"
    )
    assert _renamed(source, {"Event10": "EventOption10"}) == (
        'Event = TypeAliasType("Event", Annotated[Union["EventOption10", Event2], '
        'Field(discriminator="Event10")])\n\n\n'
        'class EventOption10(ApiModel):\n    type: Literal["Event10"] = "Event10"\n'
        "    name: Annotated[str, Field(alias='Event10', pattern=\"Event10\")]\n"
    )
