"""Names derived from the spec.  A raw spec string only reaches the output through these types.

``PythonIdentifier`` and ``ClassName`` can only be made by the functions here, which
guarantee a valid, non-keyword Python name: nothing from the spec can smuggle code in
through a name.
"""

from __future__ import annotations

import keyword
import re

__all__ = ["ClassName", "PythonIdentifier", "class_name", "constant_name", "snake_case"]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9a-zA-Z]+")


class PythonIdentifier(str):
    """A snake_case name that is a valid identifier and not a keyword."""

    __slots__ = ()


class ClassName(str):
    """A PascalCase name that is a valid identifier and not a keyword."""

    __slots__ = ()


def snake_case(raw: str) -> PythonIdentifier:
    """``updateCampaign`` -> ``update_campaign``; ``x-api-key`` -> ``x_api_key``."""
    words = _NOT_WORD.sub(" ", _WORD_BOUNDARY.sub(" ", raw)).split()
    name = "_".join(word.lower() for word in words) or "_"
    return PythonIdentifier(_safe(name))


def constant_name(raw: str) -> PythonIdentifier:
    """``carecycle`` -> ``CARECYCLE``, for module-level constants and environment variables."""
    return PythonIdentifier(snake_case(raw).upper())


def class_name(raw: str) -> ClassName:
    """``campaigns`` -> ``Campaigns``; ``routing-config`` -> ``RoutingConfig``."""
    words = _NOT_WORD.sub(" ", _WORD_BOUNDARY.sub(" ", raw)).split()
    return ClassName(_safe("".join(word[:1].upper() + word[1:] for word in words) or "_"))


def _safe(name: str) -> str:
    if name[0].isdigit():
        name = f"_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name = f"{name}_"
    return name
