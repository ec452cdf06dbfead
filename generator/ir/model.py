"""The intermediate model: what the package will hold, as frozen data with finished names
and types.  ``build`` makes it from the document; the templates only lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .namer import OperationNames
from .names import ClassName, PythonIdentifier
from .types import MAPPING, TypeRef

__all__ = [
    "Api",
    "ApiKeyAuth",
    "Body",
    "BodyKind",
    "ErrorModel",
    "Operation",
    "Parameter",
    "ParameterLocation",
    "Response",
    "Scalar",
    "Success",
    "Tag",
]


class ParameterLocation(StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class BodyKind(StrEnum):
    JSON = "application/json"


@dataclass(frozen=True)
class Parameter:
    """A parameter: its argument, and the type its value is checked as before sending."""

    wire_name: str
    name: PythonIdentifier  # the argument
    location: ParameterLocation
    required: bool
    annotation: TypeRef  # what a caller may pass
    checked: TypeRef  # what the value is checked as ("... | None" when optional)
    checker: PythonIdentifier  # the module constant that holds the check
    description: str


@dataclass(frozen=True)
class Body:
    kind: BodyKind
    model: TypeRef
    required: bool
    description: str

    @property
    def annotation(self) -> TypeRef:
        """What a caller may pass: the model, or a mapping with the API's field names."""
        return self.model | MAPPING


@dataclass(frozen=True)
class Response:
    """One documented response: its status (or "default", "2XX") and its model."""

    status: str
    model: TypeRef | None
    description: str


@dataclass(frozen=True)
class Success:
    """The response the function returns: a 2xx with a JSON model."""

    status: str
    model: TypeRef
    description: str


@dataclass(frozen=True)
class ErrorModel:
    """The model an error status's body is parsed into."""

    status: int
    model: TypeRef


@dataclass(frozen=True)
class Operation:
    operation_id: str
    names: OperationNames
    method: str  # upper case
    path: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]  # the required ones first, each group in spec order
    body: Body | None
    success: Success
    error_models: tuple[ErrorModel, ...]

    @property
    def positional(self) -> tuple[Parameter, ...]:
        """The required parameters: positional arguments after the client."""
        return tuple(p for p in self.parameters if p.required)

    @property
    def keyword(self) -> tuple[Parameter, ...]:
        """The optional parameters: keyword-only arguments."""
        return tuple(p for p in self.parameters if not p.required)

    def located(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class Tag:
    """The operations of one tag: one module under ``api/``."""

    name: str
    module: PythonIdentifier
    description: str
    operations: tuple[Operation, ...]

    @property
    def exports(self) -> list[str]:
        """The public functions of the tag's module, sorted."""
        return sorted(name for op in self.operations for name in op.names.public)


@dataclass(frozen=True)
class ApiKeyAuth:
    """An API key sent in a header."""

    header: str
    key_prefix: str  # the scheme's ``x-key-prefix``; "" when none is documented


@dataclass(frozen=True)
class Scalar:
    """A component schema that is a bare scalar: a type alias in ``scalars.py``."""

    name: ClassName
    annotation: TypeRef
    description: str


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    base_url: str
    api_key_env: PythonIdentifier
    auth: ApiKeyAuth | None
    scalars: tuple[Scalar, ...]
    tags: tuple[Tag, ...]
