"""A call, checked and encoded before anything is sent (``ApiRequest``), and how its
answer is to be read (``Outcome``)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ._bodies import Body

__all__ = ["ApiRequest", "JsonBody", "Kind", "Outcome", "ResultT"]

ResultT = TypeVar("ResultT")


class Kind(enum.Enum):
    """What a response body is."""

    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"


@dataclass(frozen=True)
class Outcome:
    """How the answer with a documented status (``"200"``, ``"2XX"``, ``"default"``) is
    read: its kind, and for JSON the type it is read as (a model, or any type pydantic
    can validate)."""

    status: str
    kind: Kind
    type: Any = None


@dataclass(frozen=True)
class JsonBody:
    """A JSON body, kept as data until it is sent (``extra_body`` may add to it), and
    its media type (``application/json``, or a ``+json`` type the operation names)."""

    data: Any
    media_type: str = "application/json"


@dataclass(frozen=True)
class ApiRequest(Generic[ResultT]):
    """One call, fully checked and encoded, ready to be sent by either client.

    ``query`` and ``cookies`` hold encoded name/value pairs; a header whose value is
    ``None`` (an optional parameter left out) is not sent; ``security`` lists the
    alternative sets of schemes that may authorize the call (``()``: none needed).
    """

    method: str
    path: str
    outcomes: tuple[Outcome, ...]
    query: Sequence[tuple[str, str]] = ()
    headers: Mapping[str, str | None] = field(default_factory=dict)
    cookies: Sequence[tuple[str, str]] = ()
    body: Body | JsonBody | None = None
    security: tuple[tuple[str, ...], ...] = ()
