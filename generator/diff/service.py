"""What the whole client has: its default base URL and its credentials (the security
schemes, each an argument of ``Client`` and an environment variable)."""

from __future__ import annotations

from ..document import pointer as jsonpointer
from ..ir.model import SecurityScheme
from .changes import Recorder

__all__ = ["compare_service"]

_SCHEMES = "/components/securitySchemes"
_COMPARED = ("kind", "location", "wire_name", "key_prefix", "argument", "environment_variable")


def compare_service(recorder: Recorder) -> None:
    old, new = recorder.pair.old.api, recorder.pair.new.api
    if old.base_url != new.base_url:
        recorder.add(
            "server-changed",
            f"the client's default `base_url` is {new.base_url!r} (was {old.base_url!r})",
            "/servers/0/url",
            "/servers/0/url",
            old=repr(old.base_url),
            new=repr(new.base_url),
        )
    before = {scheme.key: scheme for scheme in old.schemes}
    after = {scheme.key: scheme for scheme in new.schemes}
    for key, scheme in before.items():
        if key not in after:
            recorder.add(
                "security-scheme-removed",
                f"`Client({scheme.argument}=...)` is removed: security scheme {key!r} is gone",
                _at(key),
                _SCHEMES,
                argument=scheme.argument,
            )
    for key, scheme in after.items():
        if key not in before:
            recorder.add(
                "security-scheme-added",
                f"`Client({scheme.argument}=...)` is added, for security scheme {key!r}",
                _SCHEMES,
                _at(key),
                argument=scheme.argument,
                variable=scheme.environment_variable,
            )
        elif (what := _differences(before[key], scheme)) is not None:
            recorder.add(
                "security-scheme-changed",
                f"the credential `Client({scheme.argument}=...)` changed: {what}",
                _at(key),
                _at(key),
                argument=scheme.argument,
                what=what,
            )


def _differences(old: SecurityScheme, new: SecurityScheme) -> str | None:
    changed = [
        f"{name.replace('_', ' ')} {str(getattr(new, name))!r} (was {str(getattr(old, name))!r})"
        for name in _COMPARED
        if getattr(old, name) != getattr(new, name)
    ]
    return "; ".join(changed) or None


def _at(key: str) -> str:
    return jsonpointer.join(_SCHEMES, key)
