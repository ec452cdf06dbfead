"""generator/models_fill.py: descriptions given to the library as tokens and put back,
and the models' source held to declarations only."""

from __future__ import annotations

import ast
import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest

from generator import TEMPLATES
from generator.models_fill import NotDeclarative, NotFilled, filled, tokenized
from generator.models_stage import generate_models

TRICKY = [
    'Says "hello" and \\ then \\n, not a newline.',
    'Ends with a quote"',
    "Holds \"\"\" three quotes and ''' three more.",
    "Two lines.\n\n  The second, indented, then a tab:\t.",
    "Not ASCII: caf\u00e9, \u65e5\u672c, \U0001f600.",
    "x')\nimport os\nos.system('boom",
    "Line\u2028separated, a form feed\x0c and a NEL\x85 too.",
]


def _document(descriptions: list[str]) -> dict[str, Any]:
    """A class, an enum, an alias and fields, each described by one of ``descriptions``
    (in turn), plus data that looks like a description but is not one."""
    said = itertools.cycle(descriptions)
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "description": next(said),
                    "properties": {
                        "name": {"type": "string", "description": next(said)},
                        "tags": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": next(said),
                        },
                        "meta": {
                            "type": "object",
                            "default": {"description": "data, not a description"},
                            "example": {"description": "an example"},
                        },
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                },
                "Kind": {"type": "string", "enum": ["a", "b"], "description": next(said)},
                "Either": {
                    "oneOf": [{"type": "string"}, {"type": "integer"}],
                    "description": next(said),
                },
            }
        },
    }


def _models(document: dict[str, Any], cached: Any = None) -> Any:
    with tempfile.TemporaryDirectory() as scratch:
        return generate_models(document, templates=TEMPLATES, scratch=Path(scratch), cached=cached)


def _described(source: str) -> set[str]:
    """Every description the source holds, as Python reads it: class docstrings (on
    lines of their own, indented as the class body) and each ``Field(description=)``."""
    tree = ast.parse(source)
    found = {
        "\n".join(line.removeprefix("    ") for line in doc.split("\n")[1:-1])
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and (doc := ast.get_docstring(node, clean=False))
    }
    found |= {
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        for keyword in node.keywords
        if node.func.id == "Field"
        and keyword.arg == "description"
        and isinstance(keyword.value, ast.Constant)
    }
    return found


@pytest.mark.parametrize("text", TRICKY)
def test_each_description_reaches_the_models_as_python_reads_it(text: str) -> None:
    models = _models(_document([text]))
    assert _described(models.source) == {text}
    names = {node.id for node in ast.walk(ast.parse(models.source)) if isinstance(node, ast.Name)}
    assert "os" not in names  # the text stays text
    assert "clientgenDescription" not in models.source


def test_a_line_separator_elsewhere_in_the_models_moves_no_description() -> None:
    document = _document(["Described."])
    document["components"]["schemas"]["Kind"]["enum"] = ["\u2028", "a\x0cb"]
    models = _models(document)
    assert _described(models.source) == {"Described."}
    assert "clientgenDescription" not in models.source


def test_only_schemas_descriptions_are_tokens_each_by_its_place() -> None:
    document = _document(["Same text."])
    made = tokenized(document)
    assert list(made.texts.values()) == ["Same text."] * 5
    pet = made.data["components"]["schemas"]["Pet"]
    assert made.texts[pet["description"]] == made.texts[pet["properties"]["name"]["description"]]
    assert pet["description"] != pet["properties"]["name"]["description"]
    assert pet["properties"]["meta"]["default"] == {"description": "data, not a description"}
    assert pet["properties"]["meta"]["example"] == {"description": "an example"}
    assert document["components"]["schemas"]["Pet"]["description"] == "Same text."  # a copy


def test_a_token_prefix_the_spec_already_holds_is_not_used() -> None:
    document = _document(["clientgenDescription0Z is written in the spec."])
    made = tokenized(document)
    assert made.prefix != "clientgenDescription"
    assert all(not token.startswith("clientgenDescription0") for token in made.texts)
    assert _described(_models(document).source) == {
        "clientgenDescription0Z is written in the spec."
    }


def test_an_edited_description_uses_the_models_made_before() -> None:
    first = _models(_document(["First."]))
    assert first.cached is not None
    # The kept source, changed in a way the library would never write, shows whether
    # the second run used it: it does, as the input (the schemas' shape) is the same.
    marked = {**first.cached.entry(), "source": f"{first.cached.source}\nMARK = 1\n"}
    second = _models(_document(["Second."]), cached=marked)
    assert "MARK = 1" in second.source
    assert _described(second.source) == {"Second."}
    changed = _document(["Second."])
    changed["components"]["schemas"]["Pet"]["properties"]["name"]["type"] = "integer"
    third = _models(changed, cached=marked)  # another shape: made again
    assert "MARK = 1" not in third.source and third.cached.key != first.cached.key


@pytest.mark.parametrize(
    "code",
    [
        "import os\n",
        "from os import system\n",
        "def f() -> None:\n    pass\n",
        "X = open('f')\n",
        "X = Field.__class__\n",
        "X = (lambda x: x)\n",
        "@dataclass\nclass A:\n    pass\n",
        "class A(metaclass=Meta):\n    pass\n",
        "X = Field(default_factory=lambda: print('x'))\n",
    ],
)
def test_a_cached_source_with_more_than_declarations_is_never_used(code: str) -> None:
    first = _models(_document(["First."]))
    assert first.cached is not None
    planted = {**first.cached.entry(), "source": f"{first.cached.source}\n{code}"}
    with pytest.raises(NotDeclarative):
        filled(planted["source"], tokenized(_document(["First."])))
    again = _models(_document(["First."]), cached=planted)
    assert again.source == first.source


def test_a_token_outside_a_docstring_or_a_literal_is_not_filled() -> None:
    descriptions = tokenized(_document(["Text."]))
    token = next(iter(descriptions.texts))
    with pytest.raises(NotFilled):
        filled(f"X = 1  # {token}\n", descriptions)
