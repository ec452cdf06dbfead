"""Rules on the values a spec writes out: defaults and examples, each validated against
its schema.

The document is a ``referencing`` resource, so ``$ref``\\ s inside a schema resolve; the
validators are openapi-schema-validator's: for 3.0 its OAS 3.0 validators, which read
``nullable``, with their read and write variants for response and request examples.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012

from ...document import pointer as jsonpointer
from ..index import Index, Value
from ..messages import described
from ..meta import openapi_schema_validator
from ..registry import DOCUMENT, Report, rule

__all__ = ["invalid_default", "invalid_example"]

_URN = "urn:clientgen-lint:document"


@rule(
    "invalid-default",
    "error",
    "correctness",
    "A default that its schema rejects becomes a model default that fails validation.",
    on=DOCUMENT,
    number=14,
)
def invalid_default(report: Report, index: Index) -> None:
    # A null default beside nullable: true is accepted, as openapi-spec-validator does.
    defaults = (
        v
        for v in index.values
        if v.kind == "default" and not (v.value is None and v.holder.get("nullable") is True)
    )
    _validate(report, index, defaults)


@rule(
    "invalid-example",
    "warn",
    "correctness",
    "Examples are documentation and test data; one its schema rejects misleads readers.",
    on=DOCUMENT,
    number=15,
)
def invalid_example(report: Report, index: Index) -> None:
    _validate(report, index, (v for v in index.values if v.kind == "example"))


def _validate(report: Report, index: Index, values: Iterable[Value]) -> None:
    validators: dict[tuple[str, str], Any] = {}
    registry: Registry[Any] | None = None
    for value in values:
        key = (value.schema_pointer, value.mode)
        validator = validators.get(key)
        if validator is None:
            if registry is None:
                resource = (DRAFT4 if index.v30 else DRAFT202012).create_resource(index.data)
                registry = Registry().with_resource(_URN, resource)
            classes, format_checker = _validators(index.v30)
            validator = validators[key] = classes[value.mode](
                {"$ref": f"{_URN}#{value.schema_pointer}"},
                registry=registry,
                format_checker=format_checker,
            )
        for error in _errors(validator, value.value):
            report(
                jsonpointer.join(value.pointer, *error.absolute_path),
                f"{value.kind} is not valid against its schema: {described(error, value.pointer)}",
            )


def _validators(v30: bool) -> tuple[dict[str, Any], Any]:
    """The validator class per mode ("plain", "read", "write") and the format checker:
    openapi-schema-validator's, for 3.0 (nullable, readOnly/writeOnly) and 3.1."""
    oas = openapi_schema_validator()
    if v30:
        return (
            {
                "plain": oas.OAS30Validator,
                "read": oas.OAS30ReadValidator,
                "write": oas.OAS30WriteValidator,
            },
            oas.oas30_format_checker,
        )
    return dict.fromkeys(("plain", "read", "write"), oas.OAS31Validator), oas.oas31_format_checker


def _errors(validator: Any, value: Any) -> list[ValidationError]:
    """The validation errors of ``value``; none when the schema itself can't be used
    (a broken $ref or pattern, which other rules report)."""
    try:
        return list(validator.iter_errors(value))
    except Exception:  # noqa: BLE001 - whatever a broken schema raises
        return []
