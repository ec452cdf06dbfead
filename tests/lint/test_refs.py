"""$refs are followed through generator.document.refs, %-escapes included: a reference
leads to the key it resolves to, whether that key is spelled escaped or not."""

from __future__ import annotations

from typing import Any

import pytest

from generator.lint import LINT_RULES, check_document

EVERY_RULE_BUT_STRUCTURE = frozenset(LINT_RULES) - {"structure"}


def path_item_behind(name: str, ref: str) -> dict[str, Any]:
    """/a is a $ref to the path item ``name``, whose GET has no operationId."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"$ref": ref}},
        "components": {"pathItems": {name: {"get": {"responses": {"200": {"description": "ok"}}}}}},
    }


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("x{y}", "#/components/pathItems/x%7By%7D"),  # escaped in the $ref only
        ("x%7By%7D", "#/components/pathItems/x%7By%7D"),  # the key itself holds the %
    ],
)
def test_a_percent_escaped_ref_reaches_its_path_item(name: str, ref: str) -> None:
    hits = check_document(path_item_behind(name, ref), EVERY_RULE_BUT_STRUCTURE)
    item = f"/components/pathItems/{name}"
    assert [(hit.rule, hit.pointer) for hit in hits] == [
        ("operation-id-missing", f"{item}/get"),
    ]
