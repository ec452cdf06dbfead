"""Operations: their functions, parameters, request bodies, responses and security."""

from __future__ import annotations

from ..document.views import OperationView
from ..ir.model import Operation, Outcome, ResponseKind
from ..ir.namer import UNTAGGED_MODULE, OperationNames
from ..ir.names import PythonIdentifier
from .bodies import build_body
from .context import Context
from .naming import operation_name
from .parameters import build_parameters
from .responses import build_outcomes
from .security import operation_security

__all__ = ["build_operation"]


def build_operation(
    context: Context,
    view: OperationView,
    security: tuple[tuple[str, ...], ...],
    schemes: set[str],
) -> tuple[str, PythonIdentifier, Operation] | None:
    """The operation's tag, its module and its IR; None when it can't be generated (each
    reason reported).  ``security`` is what the document requires by default."""
    tag = view.first_tag
    module = context.namer.module(tag, view.at("tags", 0))
    outcomes = build_outcomes(context, view)
    names = _names(context, view, module, streams=_streams(outcomes))
    # An operation that can't be named is still checked through, so that every problem
    # of the spec is reported in one run.
    function = names.stem if names else PythonIdentifier("unnamed")
    parameters = build_parameters(context, view, module, function)
    body_ok, body = build_body(context, view.request_body(), module, function)
    if names is None or parameters is None or not body_ok:
        return None
    return (
        tag or UNTAGGED_MODULE,
        module,
        Operation(
            operation_id=view.operation_id,
            names=names,
            method=view.method.upper(),
            path=view.path,
            summary=view.text("summary"),
            description=view.text("description"),
            deprecated=view.flag("deprecated"),
            parameters=parameters,
            body=body,
            outcomes=outcomes,
            security=operation_security(view, security, schemes),
        ),
    )


def _streams(outcomes: tuple[Outcome, ...]) -> bool:
    """Whether a success is binary: then the operation has streaming functions too."""
    return any(o.kind is ResponseKind.BINARY and o.is_success for o in outcomes)


def _names(
    context: Context, view: OperationView, module: str, *, streams: bool
) -> OperationNames | None:
    """The operation's functions; without an operationId, named after its method and
    path (and said so)."""
    raw = view.raw.get("operationId")
    if raw is not None and not isinstance(raw, str):
        return None  # lint's structure rule says so
    name = operation_name(view)
    if not raw:
        context.problem(
            "operation-id-missing",
            view.pointer,
            f"operation has no operationId; its functions are named {name!r} after its "
            "method and path",
        )
    return context.namer.operation(name, module, view.at("operationId"), streams=streams)
