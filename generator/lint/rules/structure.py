"""Whether the file is an OpenAPI document at all: ``syntax``, ``structure`` and
``schema-structure``.

``structure`` is openapi-spec-validator's document schema (once, as the library does),
with duplicate tag names, as the library reports them; ``schema-structure`` its Schema
Object meta-schema check, run for real only on the schema trees the quick look of
``generator.lint.meta`` can't clear.  ``generate`` cannot go on without the first; the
models can read a schema that breaks the second.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from jsonschema.validators import validator_for
from referencing import Registry, Resource

from ...document import pointer as jsonpointer
from ...document.source import SYNTAX_RULE
from ..index import Index
from ..messages import described
from ..meta import MetaCheck
from ..registry import DOCUMENT, Report, declare, rule
from .schemas import enum_duplicate
from .servers import server_variables

__all__ = ["schema_structure", "structure", "syntax", "unsupported_version"]

syntax = declare(
    SYNTAX_RULE,  # reported by the loader, generator.document.source
    "error",
    "structure",
    "The file must parse as YAML/JSON with unique string keys, or nothing else can be checked.",
    number=1,
)


@rule(
    "structure",
    "error",
    "structure",
    "openapi-spec-validator's document check: the document must match the OpenAPI schema.",
    on=DOCUMENT,
    number=2,
)
def structure(report: Report, index: Index) -> None:
    _duplicate_tags(report, index.data)
    _document_schema(report, index)


@rule(
    "schema-structure",
    "error",
    "structure",
    "openapi-spec-validator's Schema Object check: every schema must match the JSON Schema "
    "meta-schema of the document's dialect. A spec you can't fix may lower it to warn: "
    "the models then read what they can (exclusiveMinimum: true as OpenAPI 3.0 meant it).",
    on=DOCUMENT,
    number=44,
)
def schema_structure(report: Report, index: Index) -> None:
    _meta_schema(report, index)


def unsupported_version(report: Report, document: dict[str, Any]) -> None:
    """What ``structure`` says of a document that is not OpenAPI 3.0 or 3.1."""
    version = document.get("openapi", document.get("swagger"))
    report(
        "/openapi" if "openapi" in document else "",
        (
            f"unsupported OpenAPI version {version!r}; lint reads OpenAPI 3.0 and 3.1"
            if version is not None
            else "not an OpenAPI document: the 'openapi' field is missing"
        ),
    )


def _duplicate_tags(report: Report, document: dict[str, Any]) -> None:
    tags = document.get("tags")
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for index, tag in enumerate(tags):
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            if tag["name"] in seen:
                report(f"/tags/{index}/name", f"Duplicate tag name {tag['name']!r}")
            seen.add(tag["name"])


def _meta_schema(report: Report, index: Index) -> None:
    meta = MetaCheck(index.dialect)
    for root in index.schema_roots:
        if meta.clears(root.nodes):
            continue
        for error in meta.real_errors(root.value, index.data):
            where = jsonpointer.join(root.pointer, *error.absolute_path)
            if (
                error.validator == "uniqueItems"
                and where.rsplit("/", 1)[-1] == "enum"
                and report.enabled(enum_duplicate)
            ):
                continue  # reported by enum-duplicate
            report(where, described(error, root.pointer))


def _document_schema(report: Report, index: Index) -> None:
    for error in _document_validator(index.dialect).iter_errors(index.data):
        where = jsonpointer.join("", *error.absolute_path)
        if (
            error.validator == "required"
            and "'default' is a required property" in error.message
            and "/variables/" in where
            and report.enabled(server_variables)
        ):
            continue  # reported by server-variables
        report(where, described(error, ""))


_DOCUMENT_VALIDATORS: dict[str, Any] = {}


def _document_validator(dialect: str) -> Any:
    """openapi-spec-validator's document-schema validator for the dialect.

    It is the library's own schema file with the validator class the library picks
    (``validator_for``, as its jsonschema backend does), read from the installed package
    without importing it: the package's import pulls in much that lint doesn't use.  If
    the file has moved, the library's own validator is used.
    """
    validator = _DOCUMENT_VALIDATORS.get(dialect)
    if validator is not None:
        return validator
    found = importlib.util.find_spec("openapi_spec_validator")
    folders = list(found.submodule_search_locations or []) if found else []
    schema_file = (
        Path(folders[0]) / "resources" / "schemas" / f"v{dialect}" / "schema.json"
        if folders
        else None
    )
    if schema_file is not None and schema_file.is_file():
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        # Crawled once up front: left to itself, every $dynamicRef of the 3.1 schema
        # would crawl the whole schema again for its anchor (six times the work).
        resource = Resource.from_contents(schema)
        registry = Registry().with_resource(resource.id() or "", resource).crawl()
        validator = validator_for(schema)(schema, registry=registry)
    else:  # pragma: no cover - a future layout of the library
        from openapi_spec_validator import schemas

        validator = (
            schemas.openapi_v30_schema_validator
            if dialect == "3.0"
            else schemas.openapi_v31_schema_validator
        )
    _DOCUMENT_VALIDATORS[dialect] = validator
    return validator
