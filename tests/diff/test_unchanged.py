"""What is not a change: a spec against itself, every corpus spec against itself, edits
of descriptions and examples, and the exemptions readOnly and writeOnly give."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import Mutation, Spec, diff, schema, variant

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/spec.yaml"))


def test_the_base_spec_against_itself_is_no_change() -> None:
    assert diff(variant(None), variant(None)) == []


def test_the_project_spec_against_itself_is_no_change() -> None:
    text = (ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    assert diff(text, text) == []


@pytest.mark.parametrize("path", CORPUS, ids=[path.parent.name for path in CORPUS])
def test_each_corpus_spec_against_itself_is_no_change(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert diff(text, text) == []


def _described(data: Spec) -> None:
    data["info"]["description"] = "Another description."
    data["paths"]["/pets/{petId}"]["get"]["summary"] = "Read a pet, again."
    data["paths"]["/pets/{petId}"]["get"]["parameters"][1]["description"] = "How much."
    pet = schema(data, "Pet")
    pet["description"] = "A pet, described anew."
    pet["properties"]["name"]["description"] = "What it answers to."
    pet["properties"]["name"]["examples"] = ["Rex"]
    data["paths"]["/owners"]["post"]["responses"]["201"]["description"] = "Made it."


def test_descriptions_and_examples_change_nothing_generated() -> None:
    assert diff(variant(None), variant(_described)) == []


def test_reordered_properties_and_parameters_are_no_change() -> None:
    def reordered(data: Spec) -> None:
        pet = schema(data, "Pet")
        pet["properties"] = dict(reversed(list(pet["properties"].items())))
        data["paths"]["/pets/{petId}"]["get"]["parameters"].reverse()

    assert diff(variant(None), variant(reordered)) == []


# ------------------------------------------------------- readOnly and writeOnly


def _rules(mutate: Mutation) -> list[str]:
    return [change.rule for change in diff(variant(None), variant(mutate))]


def test_a_read_only_property_is_judged_as_received_only() -> None:
    def drop_id(data: Spec) -> None:
        del schema(data, "Owner")["properties"]["id"]

    assert _rules(drop_id) == ["response-property-removed"]


def test_a_write_only_property_is_judged_as_sent_only() -> None:
    def drop_password(data: Spec) -> None:
        del schema(data, "Owner")["properties"]["password"]

    assert _rules(drop_password) == ["request-property-removed"]


def test_a_property_of_a_model_both_sent_and_received_is_judged_both_ways() -> None:
    def drop_email(data: Spec) -> None:
        del schema(data, "Owner")["properties"]["email"]

    assert sorted(_rules(drop_email)) == ["request-property-removed", "response-property-removed"]


def test_requiring_a_read_only_or_write_only_property_changes_nothing() -> None:
    """One model serves both ways, so those are never required fields."""

    def require(data: Spec) -> None:
        schema(data, "Owner")["required"] = ["name", "id", "password"]

    assert _rules(require) == []


def test_a_change_safe_both_ways_is_said_once() -> None:
    def add_phone(data: Spec) -> None:
        schema(data, "Owner")["properties"]["phone"] = {"type": "string"}

    assert _rules(add_phone) == ["request-property-added"]
