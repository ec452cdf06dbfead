"""The operations of one version, each known by its method and its path with the
parameters' names left out (``PATCH /v2/campaigns/{}``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..document.openapi import PATH_TEMPLATE
from ..document.views import OperationView
from ..ir.model import Operation
from ..ir.names import PythonIdentifier
from .sides import Side

__all__ = ["Endpoint", "endpoints_of"]


@dataclass(frozen=True)
class Endpoint:
    """An operation of one version: its IR, its place in the spec and its module."""

    operation: Operation
    view: OperationView
    module: PythonIdentifier

    @property
    def key(self) -> tuple[str, str]:
        return self.operation.method, PATH_TEMPLATE.sub("{}", self.operation.path)

    @property
    def function(self) -> str:
        return self.operation.names.function

    @property
    def shown(self) -> str:
        """The function as code names it: ``api.campaigns.update_campaign``."""
        return f"api.{self.module}.{self.function}"

    @property
    def route(self) -> str:
        return f"{self.operation.method} {self.operation.path}"


def endpoints_of(side: Side) -> dict[tuple[str, str], Endpoint]:
    views = {(view.method.upper(), view.path): view for view in side.document.operations()}
    found = {}
    for tag in side.api.tags:
        for operation in tag.operations:
            endpoint = Endpoint(operation, views[operation.method, operation.path], tag.module)
            found[endpoint.key] = endpoint
    return found
