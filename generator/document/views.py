"""Typed read access to the parts of an OpenAPI document the generator uses.

Every accessor takes the document as it is, however broken: a value of the wrong type
reads as absent (an empty text, mapping or list), a ``$ref`` is followed through the one
resolver, and a reference that leads nowhere reads as absent too.  Lint reports what is
wrong with the document; nothing here raises on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Location
from . import pointer as jsonpointer
from .openapi import HTTP_METHODS
from .refs import Resolver
from .source import Spec

__all__ = ["Document", "Node", "OperationView", "ParameterView"]


@dataclass(frozen=True)
class Node:
    """A mapping of the document and where it is defined."""

    raw: Mapping[str, Any]
    pointer: str

    def text(self, key: str) -> str:
        """The value at ``key`` as text, stripped; empty when absent."""
        value = self.raw.get(key)
        return "" if value is None else str(value).strip()

    def mapping(self, key: str) -> Mapping[str, Any]:
        value = self.raw.get(key)
        return value if isinstance(value, dict) else {}

    def items(self, key: str) -> list[Any]:
        value = self.raw.get(key)
        return value if isinstance(value, list) else []

    def flag(self, key: str, default: bool = False) -> bool:
        return bool(self.raw.get(key, default))

    def at(self, *parts: object) -> str:
        """The pointer of something inside this node."""
        return jsonpointer.join(self.pointer, *parts)


@dataclass(frozen=True)
class ParameterView(Node):
    """A parameter, followed to its definition; ``listed_at`` is the list entry."""

    listed_at: str = ""

    @property
    def name(self) -> str:
        value = self.raw.get("name")
        return value if isinstance(value, str) else ""

    @property
    def location(self) -> str:
        value = self.raw.get("in")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class OperationView(Node):
    """An operation under ``/paths``: its method, its path and the document it is in."""

    method: str = ""
    path: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)
    shared_parameters: tuple[ParameterView, ...] = ()  # declared on the path item

    @property
    def operation_id(self) -> str:
        value = self.raw.get("operationId")
        return value if isinstance(value, str) else ""

    @property
    def first_tag(self) -> str | None:
        tags = self.items("tags")
        return tags[0] if tags and isinstance(tags[0], str) else None

    def own_parameters(self) -> list[ParameterView]:
        assert self.document is not None
        return self.document.parameters(self.items("parameters"), self.at("parameters"))

    def request_body(self) -> Node | None:
        assert self.document is not None
        return self.document.node(self.raw.get("requestBody"), self.at("requestBody"))

    def responses(self) -> list[tuple[str, Node]]:
        """Each documented response (followed to its definition) with its status key."""
        assert self.document is not None
        found = []
        for status, value in self.mapping("responses").items():
            response = self.document.node(value, self.at("responses", status))
            if response is not None:
                found.append((str(status), response))
        return found


class Document:
    """A spec's data, read through its parts; ``locate`` places a pointer in its file."""

    def __init__(
        self, data: dict[str, Any], locate: Callable[[str], Location] | None = None
    ) -> None:
        self.data = data
        self.locate = locate or _nowhere
        self.resolver = Resolver(data)
        self.root = Node(data, "")

    @classmethod
    def of(cls, spec: Spec) -> Document:
        """The document of a loaded spec, whose pointers have lines and columns."""
        return cls(spec.data, spec.locate)

    def node(self, value: Any, pointer: str) -> Node | None:
        """``value`` (at ``pointer``) followed through its references, when it ends in a
        mapping."""
        target, where = self.resolver.follow(value, pointer)
        return Node(target, where) if isinstance(target, dict) else None

    def components(self, kind: str) -> list[tuple[str, Any, str]]:
        """(name, value, pointer) of each entry of ``components/<kind>``."""
        section = Node(self.root.mapping("components"), "/components").mapping(kind)
        return [
            (str(name), value, jsonpointer.join("/components", kind, name))
            for name, value in section.items()
        ]

    def parameters(self, listed: list[Any], pointer: str) -> list[ParameterView]:
        """The parameters of a list, each followed to its definition (broken ones left out)."""
        found = []
        for index, value in enumerate(listed):
            entry = jsonpointer.join(pointer, index)
            target, where = self.resolver.follow(value, entry)
            if isinstance(target, dict):
                found.append(ParameterView(target, where, listed_at=entry))
        return found

    def operations(self) -> Iterator[OperationView]:
        """The operations under ``/paths`` (through path item references), in document
        order, each with the parameters its path item declares."""
        for template, value in self.root.mapping("paths").items():
            item = self.node(value, jsonpointer.join("/paths", template))
            if item is None:
                continue
            shared = tuple(self.parameters(item.items("parameters"), item.at("parameters")))
            for method in HTTP_METHODS:
                raw = item.raw.get(method)
                if isinstance(raw, dict):
                    yield OperationView(
                        raw,
                        item.at(method),
                        method=method,
                        path=str(template),
                        document=self,
                        shared_parameters=shared,
                    )


def _nowhere(pointer: str) -> Location:
    """A place known by its pointer only (the data has no file)."""
    return Location("", 0, 0, pointer)
