"""JSON pointers (RFC 6901), written once: escaping, joining, splitting, resolving.

A pointer here is the string form without the leading ``#`` (``/paths/~1pets/get``);
``refs`` turns a ``$ref`` into one.
"""

from __future__ import annotations

from typing import Any

__all__ = ["escape", "join", "resolve", "tokens", "unescape"]


def escape(token: object) -> str:
    """One reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, *parts: object) -> str:
    """``base`` extended by each of ``parts``, escaped: ``join("/paths", "/a", "get")`` is
    ``/paths/~1a/get``."""
    return base + "".join(f"/{escape(part)}" for part in parts)


def tokens(pointer: str) -> list[str]:
    """The unescaped tokens of ``pointer`` (with or without a leading ``#``)."""
    pointer = pointer.removeprefix("#")
    return [unescape(token) for token in pointer.split("/")[1:]] if pointer else []


def resolve(document: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``document``, or None when nothing is there."""
    node = document
    for token in tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
