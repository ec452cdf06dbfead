"""The changes made to datamodel-code-generator's source: no ``model_rebuild()`` at
import, and list defaults as factories."""

from __future__ import annotations

from generator.models_repair import adjusted


def test_the_rebuild_calls_go_and_nothing_else() -> None:
    source = (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild()\nTree.model_rebuild()\nNode.model_rebuild(force=True)\n"
    )
    assert adjusted(source) == (
        "class Node(ApiModel):\n    children: list[Node] | MISSING = MISSING\n\n\n"
        "Node.model_rebuild(force=True)\n"
    )


def test_mutable_defaults_become_factories_and_field_is_imported() -> None:
    source = (
        "from __future__ import annotations\n\nfrom enum import Enum\n\n\n"
        "class A(ApiModel):\n    tags: list[str] = []\n    channels: list[Channel] = [Channel.EMAIL]\n"
        "    labels: dict[str, str] = {}\n    name: str = 'x'\n"
    )
    assert adjusted(source) == (
        "from __future__ import annotations\n\nfrom pydantic import Field\n\nfrom enum import Enum\n\n\n"
        "class A(ApiModel):\n    tags: list[str] = Field(default_factory=list)\n"
        "    channels: list[Channel] = Field(default_factory=lambda: [Channel.EMAIL])\n"
        "    labels: dict[str, str] = Field(default_factory=dict)\n    name: str = 'x'\n"
    )
