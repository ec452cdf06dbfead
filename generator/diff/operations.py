"""Operations compared: their functions (name, module, method and path), deprecation and
security; then their parameters (``parameters``), bodies and responses (``exchanges``).

An operation is known by its method and its path with the parameters' names left out
(``PATCH /v2/campaigns/{}``), so renaming a path parameter is a change of that
operation; an operation whose method or path changed but whose operationId did not is
the same operation moved.
"""

from __future__ import annotations

from ..ir.model import Operation
from .changes import Recorder
from .endpoints import Endpoint, endpoints_of
from .exchanges import compare_body, compare_responses
from .parameters import compare_parameters

__all__ = ["compare_operations"]


def compare_operations(recorder: Recorder) -> None:
    old = endpoints_of(recorder.pair.old)
    new = endpoints_of(recorder.pair.new)
    moved = _moved(old, new)
    for key, before in old.items():
        if key not in new and key not in moved:
            recorder.add(
                "operation-removed",
                f"`{before.shown}` is removed: the spec no longer has {before.route}",
                before.view.pointer,
                before.view.pointer,
                function=before.shown,
            )
    arrived = set(moved.values())
    for key, after in new.items():
        if key not in old and key not in arrived:
            recorder.add(
                "operation-added",
                f"`{after.shown}` is added, for {after.route}",
                after.view.pointer,
                after.view.pointer,
            )
    for key, before in old.items():
        if key in new:
            _compare(recorder, before, new[key])
        elif key in moved:
            after = new[moved[key]]
            recorder.add(
                "operation-moved",
                f"`{after.shown}` now calls {after.route} (was {before.route})",
                before.view.pointer,
                after.view.pointer,
                old=before.route,
                new=after.route,
            )
            _compare(recorder, before, after)


def _moved(
    old: dict[tuple[str, str], Endpoint], new: dict[tuple[str, str], Endpoint]
) -> dict[tuple[str, str], tuple[str, str]]:
    """The operations of neither's key that kept their operationId: old key -> new key."""
    arriving = {
        endpoint.operation.operation_id: key
        for key, endpoint in new.items()
        if key not in old and endpoint.operation.operation_id
    }
    return {
        key: arriving[endpoint.operation.operation_id]
        for key, endpoint in old.items()
        if key not in new and endpoint.operation.operation_id in arriving
    }


def _compare(recorder: Recorder, before: Endpoint, after: Endpoint) -> None:
    _compare_names(recorder, before, after)
    old_op, new_op = before.operation, after.operation
    if new_op.deprecated and not old_op.deprecated:
        recorder.add(
            "operation-deprecated",
            f"`{after.shown}` ({after.route}) is deprecated",
            before.view.pointer,
            after.view.at("deprecated"),
            function=after.shown,
        )
    if old_op.security != new_op.security:
        recorder.add(
            "operation-security-changed",
            f"`{after.shown}` needs {_security(new_op)} (was {_security(old_op)})",
            _security_at(before),
            _security_at(after),
            function=after.shown,
            new=_security(new_op),
        )
    compare_parameters(recorder, before, after)
    compare_body(recorder, before, after)
    compare_responses(recorder, before, after)


def _compare_names(recorder: Recorder, before: Endpoint, after: Endpoint) -> None:
    if before.function != after.function:
        recorder.add(
            "operation-renamed",
            f"`{before.shown}` is renamed `{after.function}` (operationId "
            f"{before.operation.operation_id!r} is now {after.operation.operation_id!r}), "
            "and so are its variants (`_async`, `_with_response`, ...)",
            before.view.at("operationId"),
            after.view.at("operationId"),
            old=before.function,
            new=after.function,
        )
    if before.module != after.module:
        recorder.add(
            "operation-module-changed",
            f"`{after.function}` moves from `api.{before.module}` to `api.{after.module}` "
            f"(its first tag is {after.view.first_tag or 'none'!r}, was "
            f"{before.view.first_tag or 'none'!r})",
            before.view.at("tags"),
            after.view.at("tags"),
            function=after.function,
            old=f"api.{before.module}",
            new=f"api.{after.module}",
        )


def _security(operation: Operation) -> str:
    if not operation.security:
        return "no credentials"
    return " or ".join(" and ".join(a) or "none" for a in operation.security)


def _security_at(endpoint: Endpoint) -> str:
    if "security" in endpoint.view.raw:
        return endpoint.view.at("security")
    return "/security"
