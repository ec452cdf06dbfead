"""Rules on each server (of the document, a path item or an operation)."""

from __future__ import annotations

from typing import Any

from ...document import pointer as jsonpointer
from ...document.openapi import PATH_TEMPLATE
from ..index import Node
from ..registry import SERVER, Report, rule

__all__ = ["server_trailing_slash", "server_variables"]


@rule(
    "server-variables",
    "error",
    "correctness",
    "Every {variable} in a server url needs a variable with a default, and a default "
    "that is one of its enum values.",
    on=SERVER,
    number=17,
)
def server_variables(report: Report, server: Node) -> None:
    here = server.pointer
    variables = server.value.get("variables")
    variables = variables if isinstance(variables, dict) else {}
    for name in dict.fromkeys(PATH_TEMPLATE.findall(server.value["url"])):
        if name not in variables:
            report(f"{here}/url", f"server url variable {{{name}}} has no entry in 'variables'")
    for name, variable in variables.items():
        if isinstance(variable, dict):
            _variable(report, name, variable, jsonpointer.join(f"{here}/variables", name))


def _variable(report: Report, name: str, variable: dict[str, Any], where: str) -> None:
    if "default" not in variable:
        report(where, f"server variable {name!r} has no default")
        return
    enum = variable.get("enum")
    if not isinstance(enum, list):
        return
    if not enum:
        report(f"{where}/enum", f"server variable {name!r} has an empty enum")
    elif variable["default"] not in enum:
        report(
            f"{where}/default",
            f"default {variable['default']!r} of server variable {name!r} "
            "is not one of its enum values",
        )


@rule(
    "server-trailing-slash",
    "warn",
    "hygiene",
    "OpenAPI appends each path, which starts with /, to the server url as it is, so a "
    "url ending in / gives URLs with //.",
    on=SERVER,
    number=39,
)
def server_trailing_slash(report: Report, server: Node) -> None:
    url = server.value["url"]
    # "/" alone is OpenAPI's own default server, meaning the document's origin.
    if len(url) > 1 and url.endswith("/"):
        report(
            f"{server.pointer}/url",
            f"server url {url!r} ends with a slash; paths start with one, so "
            "the URLs joined from them have //",
        )
