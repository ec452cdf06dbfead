"""The intermediate model: what the package will hold, as frozen data with finished names
and types.  ``build`` makes it from the document; the templates only lay it out."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce

from .namer import OperationNames
from .names import ClassName, PythonIdentifier, all_order
from .types import MAPPING, STR, Import, TypeRef, literal

_TEMPLATE = re.compile(r"\{([^{}]*)\}")
NONE = TypeRef("None")
RAW_CONTENT = TypeRef("RawContent", frozenset({Import("_endpoint", "RawContent", local=True)}))

__all__ = [
    "Api",
    "Body",
    "BodyKind",
    "BodyMedia",
    "FieldEncoding",
    "Operation",
    "Outcome",
    "Parameter",
    "ParameterLocation",
    "PathPiece",
    "ResponseKind",
    "Scalar",
    "SchemeKind",
    "SecurityScheme",
    "Tag",
]


class ParameterLocation(StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class BodyKind(StrEnum):
    JSON = "json"  # application/json and */*+json
    FORM = "form"  # application/x-www-form-urlencoded
    MULTIPART = "multipart"  # multipart/form-data
    BINARY = "binary"  # application/octet-stream and other binary types
    TEXT = "text"  # text/*


class ResponseKind(StrEnum):
    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"  # 204, 205, 304, or a response with no content


class SchemeKind(StrEnum):
    API_KEY = "api_key"
    BEARER = "bearer"  # HTTP bearer, OAuth2 and OpenID Connect: a token the caller has
    BASIC = "basic"


@dataclass(frozen=True)
class Parameter:
    """A parameter: its argument, how it is checked and how it is written on the wire."""

    wire_name: str
    name: PythonIdentifier  # the argument
    location: ParameterLocation
    required: bool
    annotation: TypeRef  # what a caller may pass
    checked: TypeRef  # what the value is checked as ("... | None" when optional)
    checker: PythonIdentifier  # the module constant that holds the check
    style: str  # OpenAPI's style: simple, label, matrix, form, deepObject, ...
    explode: bool
    allow_reserved: bool
    json_content: bool  # sent as JSON text (``content: application/json``)
    deprecated: bool
    default: str  # the spec's default, as JSON text, for the docstring ("" when none)
    description: str

    @property
    def needs_check(self) -> bool:
        """Whether the value is checked before sending: a plain ``str`` needs nothing."""
        return self.checked.text not in ("str", "str | None")


@dataclass(frozen=True)
class FieldEncoding:
    """How one property of a form or multipart body is written (its Encoding Object)."""

    wire_name: str
    style: str
    explode: bool
    allow_reserved: bool
    content_type: str  # "" when the spec gives none


@dataclass(frozen=True)
class BodyMedia:
    """One media type a request body may be sent as, and what it takes."""

    kind: BodyKind
    media_type: str  # as the spec names it: may be a range (``image/*``)
    model: TypeRef | None  # the schema's type, for JSON, form and multipart bodies
    is_object: bool  # the schema is an object: a mapping of its fields may be given too
    encoding: tuple[FieldEncoding, ...] = ()
    files: tuple[str, ...] = ()  # the properties of a multipart body that are files
    checker: PythonIdentifier | None = None  # the constant that checks a non-model body

    @property
    def is_range(self) -> bool:
        """``image/*`` or ``*/*``: the caller names the type the body is sent as."""
        return "*" in self.media_type

    @property
    def accepts(self) -> tuple[TypeRef, ...]:
        """What a caller may pass as ``body`` to send it as this media type."""
        if self.kind is BodyKind.TEXT:
            return (STR,)
        if self.kind is BodyKind.BINARY:
            return (RAW_CONTENT,)
        assert self.model is not None
        return (self.model, MAPPING) if self.is_object else (self.model,)


@dataclass(frozen=True)
class Body:
    """A request body: the media types it may be sent as, the default first."""

    media: tuple[BodyMedia, ...]
    required: bool
    description: str

    @property
    def default(self) -> BodyMedia:
        return self.media[0]

    @property
    def annotation(self) -> TypeRef:
        """What a caller may pass as ``body``: what any of its media types takes."""
        accepted = list(dict.fromkeys(t for media in self.media for t in media.accepts))
        return reduce(operator.or_, accepted)

    @property
    def content_type(self) -> TypeRef | None:
        """The type of the ``content_type`` argument, which picks the media type: None
        when there is nothing to pick (one media type, not a range)."""
        if len(self.media) == 1 and not self.default.is_range:
            return None
        if any(media.is_range for media in self.media):
            return STR
        return literal([media.media_type for media in self.media])

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(media.media_type for media in self.media)

    @property
    def checkers(self) -> dict[PythonIdentifier, TypeRef]:
        """The constants that check a non-model body, and the type each checks."""
        return {m.checker: m.model for m in self.media if m.checker and m.model}

    @property
    def branches(self) -> bool:
        """Whether the media types are sent in different ways (JSON or a form ...), so
        the request picks its way by the ``content_type`` given."""
        return len({(m.kind, m.model, m.encoding, m.files) for m in self.media}) > 1


@dataclass(frozen=True)
class Outcome:
    """One documented response: its status (``200``, ``2XX`` or ``default``), what its
    body is, and the type it is read as."""

    status: str
    kind: ResponseKind
    type: TypeRef | None  # for JSON bodies
    media_type: str
    description: str

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def returns(self) -> TypeRef:
        """What a function returns for this response."""
        if self.kind is ResponseKind.JSON:
            assert self.type is not None
            return self.type
        return TypeRef({"text": "str", "binary": "bytes", "empty": "None"}[self.kind])


@dataclass(frozen=True)
class PathPiece:
    """A piece of a path: literal ``text``, or a path ``parameter``."""

    text: str
    parameter: Parameter | None


@dataclass(frozen=True)
class Operation:
    operation_id: str  # "" when the spec gives none: then the names come from the path
    names: OperationNames
    method: str  # upper case
    path: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]  # required path ones in path order, then the others
    body: Body | None
    outcomes: tuple[Outcome, ...]  # every documented response, in spec order
    security: tuple[tuple[str, ...], ...]  # alternatives of scheme keys; () needs none

    @property
    def path_pieces(self) -> tuple[PathPiece, ...]:
        """The path cut at its ``{parameters}``: the literal text, and each parameter."""
        by_name = {p.wire_name: p for p in self.positional}
        pieces = []
        for index, part in enumerate(_TEMPLATE.split(self.path)):
            if index % 2 == 0:
                if part:
                    pieces.append(PathPiece(part, None))
            else:
                pieces.append(PathPiece("", by_name[part]))
        return tuple(pieces)

    @property
    def returning(self) -> tuple[Outcome, ...]:
        """The outcomes a function returns: its 2xx ones, else its ``default``."""
        return self.successes or tuple(o for o in self.outcomes if o.status == "default")

    @property
    def returns(self) -> TypeRef:
        """What the function returns: the union of what its outcomes return."""
        types: dict[str, TypeRef] = {}
        for outcome in self.returning:
            types.setdefault(outcome.returns.text, outcome.returns)
        if not types:
            return NONE
        ordered = [t for text, t in types.items() if text != "None"]
        ordered += [types["None"]] if "None" in types else []
        union = ordered[0]
        for other in ordered[1:]:
            union = union | other
        return union

    @property
    def returns_description(self) -> str:
        described = [o.description for o in self.returning if o.description]
        return "\n\n".join(dict.fromkeys(described)) or "The parsed response."

    @property
    def positional(self) -> tuple[Parameter, ...]:
        """The required path parameters: positional arguments after the client."""
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def keyword(self) -> tuple[Parameter, ...]:
        """Every other parameter: keyword-only arguments."""
        return tuple(p for p in self.parameters if p.location != "path")

    def located(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def successes(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.is_success)

    @property
    def streams(self) -> bool:
        """Whether a success is binary: then the operation also has streaming functions."""
        return any(o.kind is ResponseKind.BINARY for o in self.successes)


@dataclass(frozen=True)
class Tag:
    """The operations of one tag: one module under ``api/``."""

    name: str
    module: PythonIdentifier
    description: str
    operations: tuple[Operation, ...]

    @property
    def exports(self) -> list[str]:
        """The public functions of the tag's module, sorted as its ``__all__``."""
        return sorted((name for op in self.operations for name in op.names.public), key=all_order)


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme: the client's argument for its credential, and how it is sent."""

    key: str  # its name under components/securitySchemes
    kind: SchemeKind
    argument: PythonIdentifier
    environment_variable: PythonIdentifier
    location: str  # for an API key: header, query or cookie
    wire_name: str  # for an API key: the header, query parameter or cookie name
    key_prefix: str  # for an API key: its ``x-key-prefix`` ("" when none)
    description: str


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
    schemes: tuple[SecurityScheme, ...]
    security: tuple[tuple[str, ...], ...]  # what the spec requires by default
    scalars: tuple[Scalar, ...]
    tags: tuple[Tag, ...]

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for tag in self.tags for op in tag.operations)

    @property
    def credentials_needed(self) -> bool:
        """Whether every call needs credentials: then a client made without any fails at
        once, rather than at its first call."""
        return bool(self.operations) and all(
            op.security and all(op.security) for op in self.operations
        )
