"""``multipart/form-data`` request bodies (RFC 7578), streamed.

``multipart_body(data, encoding=None, *, files=(), boundary=None) -> Body``
    One part per property of ``data``, in its order, and one per element of an array
    property (as OpenAPI says for ``multipart/form-data``):

    - a property named in ``files`` (the binary ones) holds a file, or an array of
      files: ``bytes``, a binary file object, an iterable of bytes, or a tuple
      ``(filename, content)`` / ``(filename, content, content_type)`` whose content is
      any of those (``filename`` may be ``None``: then the part has none).  The part's
      ``filename`` is the tuple's, else the file object's base name, else the property
      name; its ``Content-Type`` the tuple's, else the property's ``FieldEncoding``
      ``content_type`` (when it names one type, no wildcard), else
      ``application/octet-stream``.  Files and iterators are streamed (see ``Body``),
      never read whole;
    - a property whose encoding's ``content_type`` is JSON (``application/json``, a
      ``+json`` type) is one part of that type, whatever its value (``None`` is
      ``null``, an array is one JSON array);
    - else an object (or an object or array inside an array) is an
      ``application/json`` part, a primitive a text part (``true``/``false`` for
      booleans) with no ``Content-Type`` header unless the encoding names one (RFC
      7578's default is ``text/plain``), and ``None`` an empty text part.

    ``data`` holds JSON-mode data, but file properties hold the caller's objects as
    given.  Leave unset properties out of it.  ``boundary`` defaults to a random one;
    ``Body.content_type`` carries it (``multipart/form-data; boundary=...``), and
    ``Body.length`` the whole length when every part's is known (bytes, seekable files),
    so ``Body.headers`` has a ``content-length``.

Names and file names are sent as UTF-8, with ``"``, CR and LF percent-encoded, as
browsers do (RFC 7578 §2 and §4.2), so no name can break out of its header.  A part's
content type must be a valid header value (``ValueError`` otherwise).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from ._bodies import Body, FieldEncoding, Piece, piece
from ._params import checked_header_value, is_json_media_type, json_text

__all__ = ["multipart_body"]

_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
"""RFC 2046's boundary: 1 to 70 of its characters, not ending in a space."""
_QUOTED = str.maketrans({'"': "%22", "\r": "%0D", "\n": "%0A"})


def multipart_body(
    data: Mapping[str, Any],
    encoding: Mapping[str, FieldEncoding] | None = None,
    *,
    files: Collection[str] = (),
    boundary: str | None = None,
) -> Body:
    """``data`` as ``multipart/form-data`` (see the module docstring)."""
    if boundary is not None and not _BOUNDARY.fullmatch(boundary):
        raise ValueError("a multipart boundary is 1 to 70 characters of RFC 2046's set")
    parts: list[tuple[str, Piece]] = []
    for name, value in data.items():
        content_type = getattr((encoding or {}).get(name), "content_type", None)
        if name in files:
            values = value if isinstance(value, list) else [value]
            parts += [_file_part(name, item, content_type) for item in values]
        elif content_type is not None and is_json_media_type(content_type):
            parts.append(_json_part(name, value, content_type))
        elif isinstance(value, list):
            parts += [_value_part(name, item, content_type) for item in value]
        else:
            parts.append(_value_part(name, value, content_type))
    chosen = boundary or secrets.token_hex(16)
    while any(
        isinstance(content, bytes) and f"--{chosen}".encode() in content
        for _, content in parts
    ):
        if boundary is not None:
            raise ValueError("the multipart boundary occurs in the content")
        chosen = secrets.token_hex(16)
    pieces: list[Piece] = []
    for head, content in parts:
        pieces += [f"--{chosen}\r\n{head}\r\n".encode(), content, b"\r\n"]
    pieces.append(f"--{chosen}--\r\n".encode())
    return Body(pieces, f"multipart/form-data; boundary={chosen}")


def _head(name: str, filename: str | None, content_type: str | None) -> str:
    """A part's headers, each line ended, without the blank line after them."""
    if not isinstance(name, str):
        raise TypeError(f"a part name must be a str, not {type(name).__name__}")
    disposition = f'form-data; name="{name.translate(_QUOTED)}"'
    if filename is not None:
        if not isinstance(filename, str):
            raise TypeError(f"a file name must be a str, not {type(filename).__name__}")
        disposition += f'; filename="{filename.translate(_QUOTED)}"'
    head = f"Content-Disposition: {disposition}\r\n"
    if content_type is not None:
        head += f"Content-Type: {checked_header_value(content_type)}\r\n"
    return head


def _json_part(name: str, value: Any, content_type: str) -> tuple[str, Piece]:
    return _head(name, None, content_type), _json_bytes(value)


def _json_bytes(value: Any) -> bytes:
    return json_text(value).encode("ascii")


def _value_part(name: str, value: Any, content_type: str | None) -> tuple[str, Piece]:
    if isinstance(value, list | dict):
        return _json_part(name, value, "application/json")
    if value is None:
        return _head(name, None, None), b""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str | int | float):
        text = json_text(value) if not isinstance(value, str) else value
    else:
        raise TypeError(
            f"multipart field {name!r} holds {type(value).__name__}: list it in files= "
            "if it is a file"
        )
    return _head(name, None, content_type), text.encode("utf-8")


def _file_part(name: str, file: Any, content_type: str | None) -> tuple[str, Piece]:
    if file is None:
        return _head(name, None, None), b""
    filename: str | None = name
    given_type = None
    if isinstance(file, tuple):
        if len(file) not in (2, 3):
            raise TypeError(
                "a file tuple is (filename, content) or (filename, content, content_type)"
            )
        filename, content = file[0], file[1]
        given_type = file[2] if len(file) == 3 else None
    else:
        content = file
        own_name = getattr(file, "name", None)
        if isinstance(own_name, str) and own_name and not own_name.startswith("<"):
            filename = os.path.basename(own_name)
    if given_type is None:
        concrete = content_type and "*" not in content_type and "," not in content_type
        given_type = content_type if concrete else "application/octet-stream"
    return _head(name, filename, given_type), piece(content)
