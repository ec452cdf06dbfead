"""Rules on parameter lists (of path items and operations under /paths)."""

from __future__ import annotations

from ...document.openapi import HTTP_METHODS
from ..index import Index, Parameter
from ..registry import DOCUMENT, Report, rule

__all__ = ["duplicate_parameter"]


@rule(
    "duplicate-parameter",
    "error",
    "correctness",
    "A parameter list must not declare the same name and location twice.",
    on=DOCUMENT,
    number=9,
)
def duplicate_parameter(report: Report, index: Index) -> None:
    for use in index.path_uses:
        _duplicates(
            report, index.parameters(use.item.get("parameters"), f"{use.item_pointer}/parameters")
        )
        for method in HTTP_METHODS:
            op = index.operations.get(f"{use.item_pointer}/{method}")
            if op is not None:
                _duplicates(
                    report, index.parameters(op.data.get("parameters"), f"{op.pointer}/parameters")
                )


def _duplicates(report: Report, parameters: list[Parameter]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for parameter in parameters:
        if not isinstance(parameter.value, dict):
            continue
        name, location = parameter.value.get("name"), parameter.value.get("in")
        if not isinstance(name, str) or not isinstance(location, str):
            continue
        key = (name.lower() if location == "header" else name, location)
        if key in seen:
            report(
                parameter.item_pointer,
                f"{location} parameter {name!r} is already declared at #{seen[key]}",
            )
        else:
            seen[key] = parameter.item_pointer
