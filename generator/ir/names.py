"""Names derived from the spec.  A raw spec string only reaches the output through these types.

``PythonIdentifier`` and ``ClassName`` can only be made by the functions here, which
guarantee a valid, non-keyword Python name: nothing from the spec can smuggle code in
through a name.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

__all__ = [
    "ClassName",
    "PythonIdentifier",
    "all_order",
    "class_name",
    "constant_name",
    "enum_member_names",
    "numbered",
    "snake_case",
]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9a-zA-Z]+")


class PythonIdentifier(str):
    """A snake_case name that is a valid identifier and not a keyword."""

    __slots__ = ()


class ClassName(str):
    """A PascalCase name that is a valid identifier and not a keyword."""

    __slots__ = ()


def snake_case(raw: str) -> PythonIdentifier:
    """``updateCampaign`` -> ``update_campaign``; ``x-api-key`` -> ``x_api_key``;
    ``Café`` -> ``cafe``; ``from`` -> ``from_``; ``2fa`` -> ``_2fa``."""
    name = "_".join(word.lower() for word in _words(raw)) or "_"
    return PythonIdentifier(_safe(name))


def constant_name(raw: str) -> PythonIdentifier:
    """``carecycle`` -> ``CARECYCLE``, ``import`` -> ``IMPORT``: for module-level constants
    and environment variables."""
    name = "_".join(word.upper() for word in _words(raw)) or "_"
    return PythonIdentifier(f"_{name}" if name[0].isdigit() else name)  # never a keyword


# How a symbol is spelled out in an enum member's name when dropping it would collide.
_SYMBOLS = {
    "+": "plus", "-": "minus", "/": "slash", ".": "dot", "&": "and", "@": "at", "*": "star",
    "#": "hash", "%": "percent", ":": "colon", "=": "equals", "<": "lt", ">": "gt", "!": "not",
}  # fmt: skip
_SYMBOL = re.compile(r"[^0-9A-Za-z\s_]")


def enum_member_names(values: object) -> list[PythonIdentifier] | None:
    """Member names for a string enum whose values would share one (``GMT+0`` and
    ``GMT-0``; ``-title`` and ``title``) or that has ``""``: the colliding values' symbols
    spelled out (``GMT_PLUS_0``, ``GMT_MINUS_0``, ``MINUS_TITLE``), ``""`` as ``EMPTY``, and
    what still collides numbered in the sorted order of the values (never the document's).
    None for any other enum: its members are named as usual, ``constant_name`` of each.
    """
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return None
    plain = [constant_name(value) if value else "EMPTY" for value in values]
    if len(set(plain)) == len(plain) and "" not in values:
        return None
    spelled = [
        constant_name(_SYMBOL.sub(lambda m: f" {_SYMBOLS.get(m[0], 'symbol')} ", value))
        if plain.count(name) > 1
        else name
        for value, name in zip(values, plain)
    ]
    names = list(spelled)
    taken = set(spelled)
    for name in sorted(set(spelled)):
        same = sorted(value for value, given in zip(values, spelled) if given == name)
        for value in same[1:]:
            names[values.index(value)] = numbered(name, taken)
    return [PythonIdentifier(name) for name in names]


def class_name(raw: str) -> ClassName:
    """``campaigns`` -> ``Campaigns``; ``routing-config`` -> ``RoutingConfig``."""
    words = _words(raw)
    return ClassName(_safe("".join(word[:1].upper() + word[1:] for word in words) or "_"))


def numbered(name: str, taken: set[str], *, separator: str = "_") -> str:
    """``name``, or when ``taken`` holds it the first of ``name_2``, ``name_3``, ... that
    it doesn't (``separator``: what stands before the number); added to ``taken``."""
    chosen, number = name, 1
    while chosen in taken:
        number += 1
        chosen = f"{name}{separator}{number}"
    taken.add(chosen)
    return chosen


def all_order(name: str) -> tuple[int, list[str | int]]:
    """Where ``name`` goes in a sorted ``__all__``, as ruff's RUF022 sorts it: constants,
    then classes, then the rest, each in natural order (``Option2`` before ``Option10``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    parts = re.split(r"(\d+)", name)
    return kind, [int(part) if index % 2 else part for index, part in enumerate(parts)]


def _words(raw: str) -> list[str]:
    """The words of ``raw``: split at case changes and anything but letters and digits,
    accents dropped (``é`` -> ``e``); a name with no Latin letter or digit at all keeps
    its own letters (``名前``), as Python allows."""
    ascii_text = "".join(
        ch for ch in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(ch)
    )
    words = _NOT_WORD.sub(" ", _WORD_BOUNDARY.sub(" ", ascii_text)).split()
    if words:
        return words
    return [word for word in re.split(r"[\W_]+", unicodedata.normalize("NFKC", raw)) if word]


def _safe(name: str) -> str:
    if name[0].isdigit():
        name = f"_{name}"
    # Hard keywords only: a soft one (match, case, type) is a valid name, and the list of
    # soft keywords changes between Python versions, which would change the output.
    if keyword.iskeyword(name):
        name = f"{name}_"
    return name
