"""Security: which credentials a call sends, and where.

Schemes (the spec's ``components.securitySchemes``, one object per scheme key):

``ApiKey(location, name, *, prefix="", argument="api_key", env=None)``
    A key sent in the header, query parameter or cookie ``name`` (``location`` is
    ``"header"``, ``"query"`` or ``"cookie"``).  ``prefix`` is what keys are expected to
    start with (the spec's ``x-key-prefix``): ``check_credentials`` only warns about a
    key without it.
``HttpBearer(*, argument="token", env=None)``, ``OAuth2(...)``, ``OpenIdConnect(...)``
    ``Authorization: Bearer <token>``.  OAuth 2 and OpenID Connect are bearer tokens
    the caller obtains: the client runs no flow, and the scopes of a requirement are
    documentation only.
``HttpBasic(*, argument="basic_auth", env=None)``
    ``Authorization: Basic base64(username:password)``.

``argument`` is how the client's constructor names the credential and ``env`` the
environment variable it may come from; both are used in messages (and ``env`` by
``credentials_from_env``, for API keys and tokens: basic credentials are a pair).

Credentials, by scheme key: an API key is a ``str``; a bearer token a ``str`` or a
callable taking no argument that returns one (called for each request, so a token can
be refreshed; an API key may be such a callable too); basic credentials a
``(username, password)`` pair, never a callable.  A callable may
return ``None`` or ``""`` (no token now) and may be ``async`` (returning an awaitable):
``apply_security_async`` awaits it, while ``apply_security`` (the sync client) refuses
it with ``TypeError``.  A missing, ``None`` or empty credential is absent.

``apply_security(requirements, schemes, credentials) -> Applied``
    ``requirements`` is the operation's ``security``: a tuple of alternatives, each a
    tuple of scheme keys.  ``()`` means the operation needs none; an empty alternative
    means anonymous calls are allowed.  The first alternative (in the spec's order)
    whose credentials are all present is used, and only its schemes' credentials are
    sent; token callables are only called for an alternative whose other credentials
    are all present.  The anonymous alternative is used only when no other can be met.
    When none can, ``MissingCredentialsError`` says what to pass (the ``argument`` and
    ``env`` of each scheme).
``await apply_security_async(requirements, schemes, credentials) -> Applied``
    The same, awaiting async token callables.
``Applied``
    ``headers`` (a dict), ``query`` and ``cookies`` (lists of already encoded name/value
    pairs, for ``_params.query_string`` and ``_params.cookie_header``) and ``schemes``
    (the keys of the alternative used).  Its ``repr`` shows names only.
``check_credentials(schemes, credentials) -> None``
    For the client's constructor: ``TypeError`` for a credential of the wrong kind,
    ``ValueError`` for one no header can carry, and a ``UserWarning`` for an API key
    without its scheme's ``prefix``.
``credentials_from_env(schemes, credentials, environ=os.environ) -> dict``
    ``credentials`` with each absent API key or bearer token taken from its scheme's
    ``env`` variable, when set.

Secrecy: no credential appears in the ``repr`` of anything here, in the text of any
exception raised here, or in any log record (this module logs nothing).  Header values
are checked as ``_params.checked_header_value`` does (no line break, control character
or non-ASCII text: no header injection); an API key in a cookie must be RFC 6265
cookie-octets; a username cannot hold ``:``.  Query keys are percent-encoded; header
and cookie keys are sent as they are.
"""

from __future__ import annotations

import base64
import inspect
import os
import re
import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ._params import checked_header_value, percent_encode
from .errors import MissingCredentialsError

__all__ = [
    "ApiKey",
    "Applied",
    "Credential",
    "HttpBasic",
    "HttpBearer",
    "OAuth2",
    "OpenIdConnect",
    "Scheme",
    "apply_security",
    "apply_security_async",
    "check_credentials",
    "credentials_from_env",
]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 9110's token: what header and cookie names are made of."""
_COOKIE_OCTETS = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")

TokenProvider = Callable[[], str | None | Awaitable[str | None]]
Credential = str | tuple[str, str] | TokenProvider | None


@dataclass(frozen=True)
class ApiKey:
    """An API key in a header, query parameter or cookie."""

    location: Literal["header", "query", "cookie"]
    name: str
    prefix: str = ""
    argument: str = "api_key"
    env: str | None = None

    def __post_init__(self) -> None:
        if self.location not in ("header", "query", "cookie"):
            raise ValueError(
                f"an API key goes in a header, query or cookie, not {self.location!r}"
            )
        if not self.name or (
            self.location != "query" and not _TOKEN.fullmatch(self.name)
        ):
            raise ValueError(f"{self.name!r} cannot name a {self.location}")


@dataclass(frozen=True)
class HttpBearer:
    """``Authorization: Bearer <token>``."""

    argument: str = "token"
    env: str | None = None


@dataclass(frozen=True)
class OAuth2(HttpBearer):
    """An OAuth 2 access token the caller obtained, sent as a bearer token."""


@dataclass(frozen=True)
class OpenIdConnect(HttpBearer):
    """An OpenID Connect token the caller obtained, sent as a bearer token."""


@dataclass(frozen=True)
class HttpBasic:
    """``Authorization: Basic ...`` from a ``(username, password)`` pair."""

    argument: str = "basic_auth"
    env: str | None = None


Scheme = ApiKey | HttpBearer | HttpBasic


class Applied:
    """Where the chosen credentials go; its ``repr`` shows names only."""

    __slots__ = ("cookies", "headers", "query", "schemes")

    def __init__(self, schemes: tuple[str, ...] = ()) -> None:
        self.schemes = schemes
        self.headers: dict[str, str] = {}
        self.query: list[tuple[str, str]] = []
        self.cookies: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return (
            f"Applied(schemes={self.schemes!r}, headers={sorted(self.headers)!r}, "
            f"query={[name for name, _ in self.query]!r}, "
            f"cookies={[name for name, _ in self.cookies]!r})"
        )


def _absent(value: object) -> bool:
    return value is None or value == "" or value == ()


def _candidates(
    requirements: Sequence[Sequence[str]],
    schemes: Mapping[str, Scheme],
    credentials: Mapping[str, Credential],
) -> list[tuple[str, ...]]:
    """The non-empty alternatives whose given credentials are all present (a token
    callable counts as present until it is called)."""
    for alternative in requirements:
        for key in alternative:
            if key not in schemes:
                raise ValueError(f"the security requirement names no scheme {key!r}")
    return [
        tuple(alternative)
        for alternative in requirements
        if alternative and not any(_absent(credentials.get(key)) for key in alternative)
    ]


def apply_security(
    requirements: Sequence[Sequence[str]],
    schemes: Mapping[str, Scheme],
    credentials: Mapping[str, Credential],
) -> Applied:
    """The credentials of the first alternative that can be met (module docstring)."""
    resolved: dict[str, object] = {}
    for alternative in _candidates(requirements, schemes, credentials):
        for key in alternative:
            if key not in resolved:
                resolved[key] = _resolve(key, schemes[key], credentials[key])
        if not any(_absent(resolved[key]) for key in alternative):
            return _applied(alternative, schemes, resolved)
    return _anonymous(requirements, schemes, resolved)


async def apply_security_async(
    requirements: Sequence[Sequence[str]],
    schemes: Mapping[str, Scheme],
    credentials: Mapping[str, Credential],
) -> Applied:
    """``apply_security``, awaiting async token callables."""
    resolved: dict[str, object] = {}
    for alternative in _candidates(requirements, schemes, credentials):
        for key in alternative:
            if key not in resolved:
                value = _resolve(key, schemes[key], credentials[key], sync=False)
                resolved[key] = await value if inspect.isawaitable(value) else value
        if not any(_absent(resolved[key]) for key in alternative):
            return _applied(alternative, schemes, resolved)
    return _anonymous(requirements, schemes, resolved)


def _resolve(
    key: str, scheme: Scheme, credential: Credential, sync: bool = True
) -> object:
    """The credential's value now: a token callable is called (each request)."""
    if not callable(credential):
        return credential
    if not isinstance(scheme, HttpBearer | ApiKey):
        raise TypeError(f"the credential for {scheme.argument} cannot be a callable")
    value = credential()
    if sync and inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            value.close()
        raise TypeError(
            f"the token callable for {scheme.argument} is async: use AsyncClient, or "
            "pass a callable that returns the token"
        )
    return value


def _anonymous(
    requirements: Sequence[Sequence[str]],
    schemes: Mapping[str, Scheme],
    resolved: Mapping[str, object],
) -> Applied:
    if not requirements or any(not alternative for alternative in requirements):
        return Applied()
    ways = "; or ".join(
        " and ".join(_describe(schemes[key]) for key in alternative)
        for alternative in requirements
    )
    emptied = sorted(
        schemes[key].argument for key, value in resolved.items() if _absent(value)
    )
    note = (
        f" (the token callable for {', '.join(emptied)} returned none)"
        if emptied
        else ""
    )
    raise MissingCredentialsError(f"no credentials for this call{note}: pass {ways}")


def _describe(scheme: Scheme) -> str:
    what = f"{scheme.argument}=..."
    return f"{what} (or set {scheme.env})" if scheme.env else what


def _applied(
    alternative: tuple[str, ...],
    schemes: Mapping[str, Scheme],
    resolved: Mapping[str, object],
) -> Applied:
    applied = Applied(alternative)
    for key in alternative:
        scheme, value = schemes[key], resolved[key]
        if isinstance(scheme, ApiKey):
            _place_key(applied, scheme, _text(scheme, value))
            continue
        if isinstance(scheme, HttpBasic):
            header = "Basic " + _basic(scheme, value)
        else:
            header = "Bearer " + _text(scheme, value)
        if "authorization" in (name.lower() for name in applied.headers):
            raise ValueError(
                "two schemes of one security requirement both set Authorization"
            )
        applied.headers["Authorization"] = _header_safe(scheme, header)
    return applied


def _place_key(applied: Applied, scheme: ApiKey, key: str) -> None:
    if scheme.location == "query":
        applied.query.append((percent_encode(scheme.name), percent_encode(key)))
    elif scheme.location == "cookie":
        if not _COOKIE_OCTETS.fullmatch(key):
            raise ValueError(
                f"the {scheme.argument} cannot go in a cookie: it holds characters "
                "outside RFC 6265's cookie-octets (spaces, quotes, commas, semicolons, "
                "backslashes, control or non-ASCII characters)"
            )
        applied.cookies.append((scheme.name, key))
    else:
        if scheme.name.lower() in (name.lower() for name in applied.headers):
            raise ValueError(
                f"two schemes of one security requirement both set {scheme.name}"
            )
        applied.headers[scheme.name] = _header_safe(scheme, key)


def _text(scheme: Scheme, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"the credential for {scheme.argument} must be a str, not {type(value).__name__}"
        )
    return value


def _basic(scheme: HttpBasic, value: object) -> str:
    if not (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(part, str) for part in value)
    ):
        raise TypeError(f"{scheme.argument} must be a (username, password) pair of str")
    username, password = value
    if ":" in username:
        raise ValueError(
            f"the username of {scheme.argument} cannot hold ':' (RFC 7617)"
        )
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _header_safe(scheme: Scheme, text: str) -> str:
    try:
        return checked_header_value(text)
    except ValueError as exc:
        raise ValueError(
            f"the credential for {scheme.argument} cannot be sent: {exc}"
        ) from None


def check_credentials(
    schemes: Mapping[str, Scheme], credentials: Mapping[str, Credential]
) -> None:
    """Refuse credentials of the wrong kind, warn about an API key without its prefix."""
    for key, credential in credentials.items():
        scheme = schemes.get(key)
        if scheme is None:
            raise ValueError(f"no security scheme {key!r}")
        if _absent(credential) or callable(credential):
            if callable(credential) and isinstance(scheme, HttpBasic):
                raise TypeError(
                    f"{scheme.argument} must be a (username, password) pair of str"
                )
            continue
        if isinstance(scheme, HttpBasic):
            _header_safe(scheme, _basic(scheme, credential))
            continue
        text = _text(scheme, credential)
        _applied((key,), {key: scheme}, {key: text})  # the same checks as when sent
        if (
            isinstance(scheme, ApiKey)
            and scheme.prefix
            and not text.startswith(scheme.prefix)
        ):
            warnings.warn(
                f"the {scheme.argument} does not start with {scheme.prefix!r}; the API will likely refuse it",
                UserWarning,
                stacklevel=2,
            )


def credentials_from_env(
    schemes: Mapping[str, Scheme],
    credentials: Mapping[str, Credential],
    environ: Mapping[str, str] = os.environ,
) -> dict[str, Credential]:
    """``credentials`` with absent API keys and tokens read from their ``env``."""
    filled = dict(credentials)
    for key, scheme in schemes.items():
        if (
            _absent(filled.get(key))
            and scheme.env
            and not isinstance(scheme, HttpBasic)
        ):
            value = environ.get(scheme.env)
            if value:
                filled[key] = value
    return filled
