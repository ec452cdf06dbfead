"""A diff makes the models of only the schemas that can differ (``diff.subset``): the
changes it reports are those of both versions modelled whole, in every rule's case and
after random edits of random specs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import models_input
from generator.diff import Change, SideText, build_sides, compare
from generator.diff.subset import modelled_schemas
from generator.document import ReadLimits, parse_spec
from generator.document.views import Document

from .conftest import Spec, diff
from .test_properties import BREAKING_EDITS, EXAMPLES, Breaking, edited_by, specs, text
from .test_rules import CASES, _sides

REF = "#/components/schemas/"


def _input(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> Any:
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }
    spec = parse_spec(text(data), path=Path("s.yaml"), display_name="s.yaml", limits=ReadLimits())
    return models_input(Document.of(spec))


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _schemas(leaf_type: str = "string") -> dict[str, Any]:
    """A chain Top -> Middle -> Leaf beside Side -> Shared and ten schemas alone."""
    alone = {f"Alone{n}": _object(n={"type": "integer"}) for n in range(10)}
    return alone | {
        "Top": _object(middle=_ref("Middle")),
        "Middle": _object(leaf=_ref("Leaf")),
        "Leaf": _object(value={"type": leaf_type}),
        "Side": _object(shared=_ref("Shared")),
        "Shared": _object(x={"type": "string"}),
    }


def test_a_changed_schema_is_modelled_with_what_refers_to_it_and_what_they_refer_to() -> None:
    modelled = modelled_schemas(_input(_schemas()), _input(_schemas("integer")))
    assert modelled == {"Top", "Middle", "Leaf"}


def test_a_changed_operation_has_the_schemas_it_names_modelled() -> None:
    def paths(status: str) -> dict[str, Any]:
        content = {"application/json": {"schema": _ref("Side")}}
        return {"/s": {"get": {"responses": {status: {"description": "x", "content": content}}}}}

    modelled = modelled_schemas(_input(_schemas(), paths("200")), _input(_schemas(), paths("201")))
    assert modelled == {"Side", "Shared"}


def test_the_same_spec_models_nothing_and_most_of_it_changed_models_all() -> None:
    assert modelled_schemas(_input(_schemas()), _input(_schemas())) == frozenset()
    changed = {name: _object(y={"type": "string"}) for name in _schemas()}
    assert modelled_schemas(_input(_schemas()), _input(changed)) is None


def _both_ways(old: str, new: str) -> tuple[list[Change], list[Change], bool]:
    """The changes as a diff finds them, as both versions modelled whole find them, and
    whether the diff left any schema out."""
    before, after = build_sides(
        SideText(old, "old.yaml", Path("old.yaml")),
        SideText(new, "new.yaml", Path("new.yaml")),
        package="client",
        lint={},
        limits=ReadLimits(),
    )
    return compare(before, after), diff(old, new), bool(before.left_out or after.left_out)


def test_every_rule_case_is_found_alike_with_schemas_left_out() -> None:
    left_out = 0
    for case in CASES:
        found, whole, partial = _both_ways(*_sides(case))
        assert found == whole, case.rule
        left_out += partial
    assert left_out >= len(CASES) // 2  # most cases change one schema or none


@pytest.mark.parametrize("breaking", BREAKING_EDITS, ids=[edit[0] for edit in BREAKING_EDITS])
@EXAMPLES
@given(data=specs(), drawn=st.data())
def test_a_random_edit_is_found_alike_with_schemas_left_out(
    breaking: Breaking, data: Spec, drawn: st.DataObject
) -> None:
    edited = edited_by(breaking, data, drawn)
    found, whole, _ = _both_ways(text(data), text(edited))
    assert found == whole
