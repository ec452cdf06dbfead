"""What OpenAPI itself defines, stated once: its HTTP methods, path templates, success
statuses."""

from __future__ import annotations

import re

__all__ = ["HTTP_METHODS", "PATH_TEMPLATE", "is_success_status"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PATH_TEMPLATE = re.compile(r"\{([^{}]*)\}")
"""A ``{name}`` in a path or server URL template."""
_SUCCESS = re.compile(r"^2(\d\d|XX)$")


def is_success_status(status: str) -> bool:
    """``200``-``299`` or ``2XX``."""
    return bool(_SUCCESS.match(status))
