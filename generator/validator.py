"""Stage 2: check that the spec is a valid OpenAPI document before anything is built from it.

Local ``$ref`` targets are resolved first, each failure reported with its own location
(openapi-spec-validator would stop at the first one).  Then openapi-spec-validator checks
the document, and every finding it makes is re-located to a line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema.exceptions import ValidationError
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.validators import SpecValidator

from .errors import Location, SpecError
from .loader import Spec, escape_pointer_token, iter_refs, resolve_pointer

__all__ = ["validate_spec"]


def validate_spec(spec: Spec) -> None:
    """Raise ``SpecError`` listing every problem found, or return quietly."""
    problems = [(spec.locate(pointer), message) for pointer, message in _unresolved_refs(spec.data)]
    if not problems:
        problems = [(_locate_finding(spec, error), error.message) for error in _findings(spec)]
    if problems:
        raise SpecError(problems)


def _findings(spec: Spec) -> Iterator[ValidationError]:
    version = str(spec.data.get("openapi", ""))
    base = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    yield from _with_schema_locations(base)(spec.data).iter_errors()


def _with_schema_locations(base: type[SpecValidator]) -> type[SpecValidator]:
    """``base`` with a schema check that records where in the document each error lies.

    openapi-spec-validator reports problems inside a Schema Object relative to that schema;
    the subclass prefixes the schema's own path, which the validator knows while it walks.
    """
    schema_check: type[Any] = base.keyword_validators["schema"]

    class LocatingSchemaCheck(schema_check):  # type: ignore[misc]
        def __call__(self, schema: SchemaPath, *args: Any, **kwargs: Any) -> Iterator[Any]:
            here = _pointer(schema.parts)
            for error in super().__call__(schema, *args, **kwargs):
                if not hasattr(error, "document_pointer"):
                    error.document_pointer = here + _pointer(error.path)
                yield error

    keyword_validators = {**base.keyword_validators, "schema": LocatingSchemaCheck}
    return type(f"Locating{base.__name__}", (base,), {"keyword_validators": keyword_validators})


def _locate_finding(spec: Spec, error: ValidationError) -> Location:
    pointer = getattr(error, "document_pointer", None) or _pointer(error.absolute_path)
    return spec.locate(_through_refs(spec.data, pointer))


def _through_refs(document: dict[str, Any], pointer: str) -> str:
    """``pointer`` rewritten to where its value is defined, following each ``$ref`` on the way.

    The validator walks a referenced schema as if it stood at the reference; a message is
    more useful at the definition.
    """
    resolved = ""
    node: Any = document
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        while isinstance(node, dict) and key not in node and isinstance(node.get("$ref"), str):
            resolved = node["$ref"].lstrip("#")
            node = resolve_pointer(document, resolved)
        resolved = f"{resolved}/{token}"
        node = resolve_pointer(node, f"/{token}")
    return resolved


def _pointer(parts: Iterable[object]) -> str:
    return "".join(f"/{escape_pointer_token(str(part))}" for part in parts)


def _unresolved_refs(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (pointer of the ``$ref``, message) for each reference that leads nowhere."""
    for pointer, ref in iter_refs(document):
        if not ref.startswith("#"):
            yield pointer, f"external reference {ref!r} is not supported; use a '#/...' reference"
        elif resolve_pointer(document, ref[1:]) is None:
            yield pointer, f"reference {ref!r} points to nothing in this document"
