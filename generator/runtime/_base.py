"""What every model in ``models.py`` builds on.

- ``ApiModel``: snake_case attributes with the API's camelCase names as aliases (both are
  accepted on input, camelCase is sent), unknown response fields kept in ``model_extra``.
- ``OpenEnum``: a value an enum does not list yet still parses in a *response*, as an
  unknown member whose ``is_known`` is False.  In a request it is refused before sending.
- ``FileContent``: a file field of a multipart body: bytes, a binary file object, or
  ``(filename, content[, content_type])``, sent as it is.
- ``MISSING``: the default of every optional field.  A field left ``MISSING`` is not sent
  at all, a field set to ``None`` is sent as JSON ``null`` (only where the API allows
  null), and anything else is sent as given.
"""

from __future__ import annotations

import base64
import binascii
from typing import IO, TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    PlainSerializer,
    ValidationInfo,
)
from pydantic_core import CoreSchema, core_schema

__all__ = [
    "MISSING",
    "RESPONSE_CONTEXT",
    "ApiModel",
    "Base64Content",
    "FileContent",
    "OpenEnum",
]


def _file(value: Any) -> Any:
    content = value[1] if isinstance(value, tuple) and len(value) in (2, 3) else value
    named = not isinstance(value, tuple) or isinstance(value[0], str)
    if named and (
        isinstance(content, bytes | bytearray | memoryview)
        or callable(getattr(content, "read", None))
    ):
        return value
    raise ValueError(
        "a file is bytes, a binary file object, or (filename, content[, content_type])"
    )


if TYPE_CHECKING:
    FileContent = (
        bytes
        | IO[bytes]
        | tuple[str, bytes | IO[bytes]]
        | tuple[str, bytes | IO[bytes], str]
    )
else:  # pydantic cannot build a schema of IO: the file is checked as it is, and kept
    FileContent = Annotated[Any, AfterValidator(_file)]


def _from_base64(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # bytes are the content itself
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("not base64 text") from None


if TYPE_CHECKING:
    Base64Content = bytes
else:  # a string of format byte: base64 text on the wire, the bytes it holds in Python
    Base64Content = Annotated[
        bytes,
        BeforeValidator(_from_base64),
        PlainSerializer(
            lambda data: base64.b64encode(data).decode("ascii"),
            return_type=str,
            when_used="json",
        ),
    ]

RESPONSE_CONTEXT: dict[str, bool] = {"response": True}
"""Validation context for data received from the API: unknown enum values are kept."""


class OpenEnum:
    """Mixin of the generated enums that tolerates values added to the API later."""

    __slots__ = ()
    _name_: str
    _value_: Any
    _member_type_: ClassVar[Any]
    _value2member_map_: ClassVar[dict[Any, Any]]

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if cls._member_type_ is object or not isinstance(value, cls._member_type_):
            return None
        member = cls._member_type_.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # pydantic's own enum schema accepts an unknown value through ``_missing_``; the
        # check after it refuses that value unless a response is being parsed.  It runs
        # on enum values only, so the other fields of a model cost nothing extra.
        return core_schema.with_info_after_validator_function(
            _refuse_unknown_outside_responses, handler(source)
        )

    @property
    def is_known(self) -> bool:
        """False for a value this client was not generated with."""
        return self._value2member_map_.get(self._value_) is self


def _refuse_unknown_outside_responses(value: Any, info: ValidationInfo) -> Any:
    if not value.is_known and not (info.context or {}).get("response"):
        allowed = ", ".join(repr(member._value_) for member in type(value))
        raise ValueError(f"{value._value_!r} is not one of {allowed}")
    return value


class ApiModel(BaseModel):
    """Base of the generated models."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # A model's validator is built when it is first used, not when its module is
        # imported: a large API has thousands of models and a program uses a few.
        defer_build=True,
    )
