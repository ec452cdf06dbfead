"""The one ``$ref`` resolver: every stage follows references through it.

Only references into the same document (``#/...``) are followed: the loader has bundled
what references to other files name (``bundle``).  A ``%``-escaped one
(``#/paths/~1pets%7Bid%7D``) is tried as written first, then unescaped, as tools
disagree on whether the escaping is part of the pointer.  A chain of references is
followed to its end; a chain that is broken, external or comes back on itself ends in
nothing (lint reports each as ``unresolved-ref`` or ``ref-cycle``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from . import pointer as jsonpointer

__all__ = ["Resolver", "ref_of", "target_pointer"]


def ref_of(value: Any) -> str | None:
    """The ``$ref`` of ``value`` when it is a reference object, else None."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


def target_pointer(ref: str) -> str | None:
    """Where a local ``ref`` points, unescaped of ``%`` when it holds any; None for an
    external reference."""
    if not ref.startswith("#"):
        return None
    return unquote(ref[1:]) if "%" in ref else ref[1:]


class Resolver:
    """Follows references within one document."""

    def __init__(self, document: Any) -> None:
        self.document = document

    def target(self, ref: str) -> tuple[Any, str] | None:
        """The value ``ref`` points at and its pointer, or None when nothing is there."""
        if not ref.startswith("#"):
            return None
        found = jsonpointer.resolve(self.document, ref[1:])
        if found is not None:
            return found, ref[1:]
        if "%" in ref:
            unquoted = unquote(ref[1:])
            found = jsonpointer.resolve(self.document, unquoted)
            if found is not None:
                return found, unquoted
        return None

    def follow(self, value: Any, pointer: str) -> tuple[Any, str]:
        """``value`` (found at ``pointer``) with its chain of references followed: the
        object at the end and where it is; ``(None, pointer)`` when the chain is broken,
        leaves the document or comes back on itself."""
        seen: set[str] = set()
        while (ref := ref_of(value)) is not None:
            if ref in seen:
                return None, pointer
            seen.add(ref)
            found = self.target(ref)
            if found is None:
                return None, pointer
            value, pointer = found
        return value, pointer
