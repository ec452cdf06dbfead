"""Parameters on the wire, serialized as OpenAPI 3.1 says (its "Style Values" and "Style
Examples", and RFC 6570 for the styles that come from it).

Every function takes JSON-mode data, what ``TypeAdapter(T).dump_python(value,
mode="json", by_alias=True)`` returns: ``str``, ``int``, ``float``, ``bool``, ``None``,
``list`` and ``dict`` with ``str`` keys.  Booleans are sent as ``true``/``false``.
Data of any other type raises ``TypeError``; a value the location cannot carry raises
``ValueError``.  No message quotes the value (it may be a secret).

``path_segment(name, data, *, style="simple", explode=False) -> str``
    The percent-encoded text that replaces ``{name}`` in the path; styles ``simple``,
    ``label``, ``matrix``.  Everything but RFC 3986's unreserved characters is
    percent-encoded (``/``, ``?``, ``#``, ``%`` included), and a text of dots alone
    (``.``, ``..``, label's empty ``.``) has its dots encoded (``%2E``), so no value
    can change the path.  ``None``, ``""`` in style ``simple`` (an empty segment) and
    an empty array or object are refused: none has a text that leaves the path as it is.
``fill_path(template, segments) -> str``
    ``template`` with each ``{name}`` replaced by ``segments[name]`` (texts from
    ``path_segment``), in one pass; a segment holding ``/``, ``?`` or ``#``, or dots
    alone, is refused.
``query_items(name, data, *, style="form", explode=True, allow_reserved=False)``
    ``-> list[tuple[str, str]]``: the parameter's name/value pairs, both already
    percent-encoded; ``[]`` for ``None`` (not sent).  Styles ``form``,
    ``spaceDelimited`` (``%20`` between values), ``pipeDelimited`` (``%7C``) and
    ``deepObject``, which also nests as Stripe does: ``address%5Bcity%5D=Paris``,
    ``expand%5B0%5D=x``, ``items%5B0%5D%5Bprice%5D=p`` (``[`` and ``]`` are sent
    percent-encoded, as the OpenAPI 3.1.1 table does and RFC 3986 requires; servers
    decode them back to ``address[city]``).  ``allow_reserved`` leaves RFC 3986's
    reserved characters and percent-encoded triples as they are, except the ones the
    query string cannot hold or form-urlencoding gives a meaning (``[ ] # & = +``).
``query_string(items) -> str``
    The items joined as a query string (``a=1&b=2``, no ``?``), for a client that sends
    the query it built itself (so that ``allow_reserved`` holds).
``header_value(data, *, explode=False) -> str | None``
    The value of a header parameter (style ``simple``), sent as it is (headers are not
    percent-decoded by servers); ``None`` for ``None`` (not sent).  Only visible ASCII,
    with spaces or tabs between, is allowed: a line break, any other control character,
    non-ASCII text or whitespace at either end raises ``ValueError`` (header
    injection).  Encode such values yourself, or use a ``content`` parameter.
``checked_header_value(text) -> str``
    ``text`` after that same check, for header values that come from elsewhere.
``cookie_items(name, data, *, explode=True) -> list[tuple[str, str]]``
    The cookie parameter's name/value pairs (style ``form``), percent-encoded; ``[]``
    for ``None``.  ``cookie_header(items) -> str`` joins them with ``"; "``.
``json_text(data) -> str``
    Compact JSON (ASCII only, ``\\u`` escapes), for ``content: application/json``
    parameters: pass it on as the string value (``query_items(name, json_text(d))``,
    ``header_value(json_text(d))``).  NaN and infinity are refused.
``is_json_media_type(media_type) -> bool``
    ``application/json`` or any ``+json`` type, parameters aside.
``percent_encode(text) -> str``
    Every character but RFC 3986's unreserved ones percent-encoded (UTF-8).

Decisions where the specification leaves a choice:

- ``None`` as the whole value means "not sent"; ``None`` inside an array or object is
  the empty string (as ``""``), so a value is never silently dropped from a structure.
- An empty array or object is undefined in RFC 6570's sense: with ``form``,
  ``spaceDelimited`` and ``pipeDelimited`` (and cookies) nothing is sent.  With
  ``deepObject`` it is sent as the empty value (``metadata=``), which is how Stripe
  clears a field.
- Combinations the table marks *n/a* are sent as their nearest defined relative:
  ``spaceDelimited``/``pipeDelimited`` with ``explode=true``, or with a primitive
  value, as ``form``; ``deepObject`` whatever ``explode`` says.
- ``deepObject`` refuses object keys holding ``[`` or ``]``: once decoded they would
  nest the value somewhere else (``{"a][b": 1}`` reads as ``name[a][b]=1``).
- Arrays and objects nested in a style that cannot carry them (all but
  ``deepObject``) raise ``TypeError``; nesting deeper than ``MAX_DEPTH`` raises
  ``ValueError``.
- Delimiters inside values are percent-encoded (``,`` is ``%2C``), except where they
  can't be told apart: ``spaceDelimited``'s and ``pipeDelimited``'s are encoded either
  way (a value holding a space or ``|`` is ambiguous there, as OpenAPI's Appendix E
  says), ``.`` is unreserved (RFC 6570 leaves it in an exploded label), and header
  values are not encoded at all (a ``,`` inside an item reads as a delimiter).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

__all__ = [
    "MAX_DEPTH",
    "checked_header_value",
    "cookie_header",
    "cookie_items",
    "fill_path",
    "header_value",
    "is_json_media_type",
    "json_text",
    "path_segment",
    "percent_encode",
    "query_items",
    "query_string",
]

MAX_DEPTH = 32
"""How deeply a ``deepObject`` value may nest."""

_RESERVED_KEPT = ":/?@!$'()*,;"
"""RFC 3986's reserved characters that ``allowReserved`` leaves as they are: all but
``[ ] #`` (not allowed in a query) and ``& = +`` (form-urlencoding's own)."""
_TRIPLET = re.compile(r"(%[0-9A-Fa-f]{2})")
_HEADER_TEXT = re.compile(r"(?:[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*)?")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

Encoder = Callable[[str], str]


def percent_encode(text: str) -> str:
    """Every character but RFC 3986's unreserved ones percent-encoded (UTF-8)."""
    return quote(text, safe="")


_encode = percent_encode


def _encode_reserved(text: str) -> str:
    """RFC 6570's reserved expansion, less the characters a query cannot carry."""
    pieces = _TRIPLET.split(text)
    return "".join(
        piece if index % 2 else quote(piece, safe=_RESERVED_KEPT)
        for index, piece in enumerate(pieces)
    )


def _keep(text: str) -> str:
    return text


def _scalar(value: object) -> str:
    """The text of a JSON primitive; ``None`` (inside a structure) is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a parameter cannot be NaN or infinite")
        return float.__repr__(value)
    raise TypeError(
        "expected JSON data (str, int, float, bool, None, list or dict), "
        f"got {type(value).__name__}"
    )


def _flat_scalar(value: object, style: str) -> str:
    if isinstance(value, list | dict):
        raise TypeError(
            f"style {style} cannot carry arrays or objects nested in the value; "
            "the spec needs deepObject or a content (JSON) parameter for it"
        )
    return _scalar(value)


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"object keys must be strings, got {type(key).__name__}")
    return key


def _joined(data: object, style: str, sep: str, pair: str, encode: Encoder) -> str:
    """An array's items, or an object's keys and values, encoded and joined: items by
    ``sep``, a key and its value by ``pair`` (RFC 6570's simple and label lists)."""
    if isinstance(data, list):
        return sep.join(encode(_flat_scalar(item, style)) for item in data)
    if isinstance(data, dict):
        return sep.join(
            encode(_key(key)) + pair + encode(_flat_scalar(value, style))
            for key, value in data.items()
        )
    return encode(_scalar(data))


def path_segment(
    name: str, data: object, *, style: str = "simple", explode: bool = False
) -> str:
    """The percent-encoded text that replaces ``{name}`` in the path (see the module
    docstring)."""
    if data is None:
        raise ValueError(f"path parameter {name!r} is required: None cannot be sent")
    if isinstance(data, list | dict) and not data:
        raise ValueError(
            f"path parameter {name!r}: an empty array or object has no text in a path"
        )
    if style == "simple":
        text = _joined(data, style, ",", "=" if explode else ",", _encode)
        if text == "":
            raise ValueError(
                f"path parameter {name!r} cannot be empty: it would change the path"
            )
    elif style == "label":
        sep = "." if explode else ","
        text = "." + _joined(data, style, sep, "=" if explode else ",", _encode)
    elif style == "matrix":
        text = _matrix(_encode(name), data, explode)
    else:
        raise ValueError(f"style {style!r} is not a path style (simple, label, matrix)")
    if text.strip(".") == "":
        text = text.replace(".", "%2E")
    return text


def _matrix(name: str, data: object, explode: bool) -> str:
    def one(key: str, text: str) -> str:
        return f";{key}={text}" if text else f";{key}"

    if not explode or not isinstance(data, list | dict):
        return one(name, _joined(data, "matrix", ",", ",", _encode))
    if isinstance(data, list):
        return "".join(
            one(name, _encode(_flat_scalar(item, "matrix"))) for item in data
        )
    return "".join(
        one(_encode(_key(key)), _encode(_flat_scalar(value, "matrix")))
        for key, value in data.items()
    )


def fill_path(template: str, segments: Mapping[str, str]) -> str:
    """``template`` with every ``{name}`` replaced by ``segments[name]``, in one pass."""

    def segment(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in segments:
            raise ValueError(f"no value for {{{name}}} in the path {template!r}")
        text = segments[name]
        if any(char in text for char in "/?#") or text.strip(".") == "":
            raise ValueError(
                f"the text for {{{name}}} would change the path: use path_segment"
            )
        return text

    return _PLACEHOLDER.sub(segment, template)


def query_items(
    name: str,
    data: object,
    *,
    style: str = "form",
    explode: bool = True,
    allow_reserved: bool = False,
) -> list[tuple[str, str]]:
    """The percent-encoded name/value pairs of a query parameter (see the module
    docstring); ``[]`` when ``data`` is ``None``."""
    if data is None:
        return []
    encode = _encode_reserved if allow_reserved else _encode
    key = _encode(name)
    if style == "form":
        return _form(key, data, explode, encode)
    if style == "deepObject":
        return _deep(key, data, encode, 0)
    if style in ("spaceDelimited", "pipeDelimited"):
        if explode or not isinstance(data, list | dict):
            return _form(key, data, explode, encode)
        if not data:
            return []
        sep = "%20" if style == "spaceDelimited" else "%7C"
        return [(key, _joined(data, style, sep, sep, encode))]
    raise ValueError(
        f"style {style!r} is not a query style "
        "(form, spaceDelimited, pipeDelimited, deepObject)"
    )


def _form(
    key: str, data: object, explode: bool, encode: Encoder
) -> list[tuple[str, str]]:
    if not isinstance(data, list | dict):
        return [(key, encode(_scalar(data)))]
    if not data:
        return []
    if not explode:
        return [(key, _joined(data, "form", ",", ",", encode))]
    if isinstance(data, list):
        return [(key, encode(_flat_scalar(item, "form"))) for item in data]
    return [
        (encode(_key(name)), encode(_flat_scalar(value, "form")))
        for name, value in data.items()
    ]


def _deep(
    prefix: str, data: object, encode: Encoder, depth: int
) -> list[tuple[str, str]]:
    if not isinstance(data, list | dict):
        return [(prefix, encode(_scalar(data)))]
    if depth >= MAX_DEPTH:
        raise ValueError(f"a deepObject value may nest at most {MAX_DEPTH} levels")
    if not data:
        return [(prefix, "")]
    items: list[tuple[str, str]] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            items += _deep(f"{prefix}%5B{index}%5D", item, encode, depth + 1)
        return items
    for key, value in data.items():
        if "[" in _key(key) or "]" in key:
            raise ValueError(
                "deepObject keys cannot hold '[' or ']': the server would read the "
                "value as nested somewhere else"
            )
        items += _deep(f"{prefix}%5B{_encode(key)}%5D", value, encode, depth + 1)
    return items


def query_string(items: Iterable[tuple[str, str]]) -> str:
    """Already encoded ``items`` as a query string: ``a=1&b=2`` (no leading ``?``)."""
    return "&".join(f"{name}={value}" for name, value in items)


def header_value(data: object, *, explode: bool = False) -> str | None:
    """A header parameter's value (style ``simple``), or ``None`` when not sent."""
    if data is None:
        return None
    text = _joined(data, "simple", ",", "=" if explode else ",", _keep)
    return checked_header_value(text)


def checked_header_value(text: str) -> str:
    """``text`` if a header can carry it as it is, else ``ValueError`` saying why
    (without quoting it)."""
    if _HEADER_TEXT.fullmatch(text):
        return text
    if text != text.strip(" \t"):
        raise ValueError("a header value cannot start or end with whitespace")
    bad = next(
        (i, char)
        for i, char in enumerate(text)
        if not ("\x21" <= char <= "\x7e" or char in " \t")
    )
    what = "a line break" if bad[1] in "\r\n" else f"U+{ord(bad[1]):04X}"
    raise ValueError(
        f"a header value can only hold visible ASCII characters (and spaces or tabs "
        f"between them), not {what} (at position {bad[0]}): it could inject headers; "
        "encode it first"
    )


def cookie_items(
    name: str, data: object, *, explode: bool = True
) -> list[tuple[str, str]]:
    """A cookie parameter's percent-encoded name/value pairs (style ``form``)."""
    if data is None:
        return []
    return _form(_encode(name), data, explode, _encode)


def cookie_header(items: Iterable[tuple[str, str]]) -> str:
    """Encoded cookie ``items`` as the value of one ``Cookie`` header."""
    return "; ".join(f"{name}={value}" for name, value in items)


def json_text(data: Any) -> str:
    """``data`` as compact, ASCII-only JSON."""
    try:
        return json.dumps(data, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValueError("JSON cannot hold NaN or infinity") from None


def is_json_media_type(media_type: str) -> bool:
    """Whether ``media_type`` is JSON: ``application/json`` or a ``+json`` type."""
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")
