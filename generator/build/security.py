"""Security schemes: a client argument per scheme, and what each operation requires."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..document.views import OperationView
from ..ir.model import SchemeKind, SecurityScheme
from ..ir.names import snake_case
from .context import Context

__all__ = ["HTTP_TOKEN", "build_schemes", "operation_security", "requirements"]

_API_KEY_PLACES = ("header", "query", "cookie")
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 9110's token: what a header or cookie name may hold (the runtime's ``ApiKey``
refuses any other, as tests/build/test_limits.py checks)."""


def build_schemes(context: Context, package: str) -> tuple[SecurityScheme, ...]:
    """Every usable scheme of ``components/securitySchemes``, in spec order; the others
    are reported."""
    schemes = []
    for key, value, pointer in context.document.components("securitySchemes"):
        scheme = context.document.node(value, pointer)
        if scheme is None:
            continue
        kind = _kind(scheme.raw)
        if kind is None:
            described = scheme.raw.get("type")
            if described == "http":
                described = f"http {scheme.raw.get('scheme')!r}"
            context.problem(
                "unsupported-security",
                scheme.pointer,
                f"security scheme {key!r} ({described}) is not supported; the client sends "
                "API keys, bearer tokens (HTTP bearer, OAuth2, OpenID Connect) and HTTP basic",
            )
            continue
        if kind is SchemeKind.API_KEY and not _sendable(scheme.raw):
            context.problem(
                "unsupported-security",
                scheme.at("name"),
                f"the API key of {key!r} cannot be sent: {scheme.text('name')!r} is not a "
                f"valid {scheme.text('in')} name (letters, digits and !#$%&'*+-.^_`|~ only)",
            )
            continue
        schemes.append(
            SecurityScheme(
                key=key,
                kind=kind,
                argument=snake_case(key),
                environment_variable=context.namer.environment_variable(package, key),
                location=scheme.text("in") if kind is SchemeKind.API_KEY else "",
                wire_name=scheme.text("name") if kind is SchemeKind.API_KEY else "",
                key_prefix=scheme.text("x-key-prefix"),
                description=scheme.text("description"),
            )
        )
    return tuple(schemes)


def requirements(value: Any, known: set[str]) -> tuple[tuple[str, ...], ...] | None:
    """A ``security`` list as alternatives of scheme keys (an empty alternative: no
    credentials needed); None when the value is not a list.  Requirements naming a scheme
    the client doesn't know are left out (lint reports them)."""
    if not isinstance(value, list):
        return None
    alternatives = []
    for requirement in value:
        if isinstance(requirement, dict) and all(name in known for name in requirement):
            alternatives.append(tuple(str(name) for name in requirement))
    return tuple(alternatives)


def operation_security(
    view: OperationView, default: tuple[tuple[str, ...], ...], known: set[str]
) -> tuple[tuple[str, ...], ...]:
    """What the operation requires: its own ``security``, else the document's."""
    own = requirements(view.raw.get("security"), known) if "security" in view.raw else None
    return default if own is None else own


def _sendable(scheme: Mapping[str, Any]) -> bool:
    """Whether an API key's name can go where the scheme puts it."""
    return scheme.get("in") == "query" or bool(HTTP_TOKEN.fullmatch(str(scheme["name"])))


def _kind(scheme: Mapping[str, Any]) -> SchemeKind | None:
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") in _API_KEY_PLACES and scheme.get("name"):
        return SchemeKind.API_KEY
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        return {"bearer": SchemeKind.BEARER, "basic": SchemeKind.BASIC}.get(http)
    if kind in ("oauth2", "openIdConnect"):
        return SchemeKind.BEARER
    return None
