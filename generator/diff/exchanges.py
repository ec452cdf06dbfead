"""An operation's request body and responses compared: the ``body`` argument, what the
function returns, and the errors it reads.

A success status is compared by what its body reads as: a type the function already
returned is safe; a new one is a change of what it returns.  Error statuses (4XX, 5XX,
``default``) are warnings: their bodies are read into the raised errors.
"""

from __future__ import annotations

from typing import Any

from ..document import pointer as jsonpointer
from ..document.views import Document, OperationView
from ..ir.model import Body, Outcome, ResponseKind
from .changes import Recorder
from .endpoints import Endpoint
from .schemas import Shapes, covers

__all__ = ["compare_body", "compare_responses"]


def compare_body(recorder: Recorder, before: Endpoint, after: Endpoint) -> None:
    old, new = before.operation.body, after.operation.body
    old_at, new_at = _body_at(before.view), _body_at(after.view)
    values = {"function": after.shown}
    if old is None and new is None:
        return
    if old is None or new is None:
        if new is None:
            rule, what = "request-body-removed", "takes no `body` now"
        else:
            rule = "request-body-added-required" if new.required else "request-body-added"
            what = f"takes a {'required ' if new.required else ''}`body: {new.annotation}`"
        recorder.add(rule, f"`{after.shown}` {what}", old_at, new_at, **values)
        return
    if new.required and not old.required:
        recorder.add(
            "request-body-made-required",
            f"`{after.shown}` needs its `body` now",
            f"{old_at}/required",
            f"{new_at}/required",
            **values,
        )
    for media_type in old.media_types:
        if media_type not in new.media_types:
            recorder.add(
                "request-media-type-removed",
                f"`{after.shown}` no longer sends its body as {media_type}",
                _media_at(old_at, media_type),
                f"{new_at}/content",
                media=repr(media_type),
                **values,
            )
    _compare_body_type(recorder, (before, old), (after, new))


def _compare_body_type(
    recorder: Recorder, old_side: tuple[Endpoint, Body], new_side: tuple[Endpoint, Body]
) -> None:
    (before, old), (after, new) = old_side, new_side
    pair = recorder.pair
    shared = [m for m in old.media_types if m in new.media_types]
    if not shared:
        return
    media = shared[0]
    old_at = _media_at(_body_at(before.view), media) + "/schema"
    new_at = _media_at(_body_at(after.view), media) + "/schema"
    old_members = pair.old_shapes.members(_schema(pair.old.document, old_at), old_at)
    new_members = pair.new_shapes.members(_schema(pair.new.document, new_at), new_at)
    if not covers(new_members, old_members):
        recorder.add(
            "request-body-type-changed",
            f"`{after.shown}` takes a body of "
            + pair.told_apart(str(old.annotation), str(new.annotation), old_members, new_members),
            old_at,
            new_at,
            function=after.shown,
            old=str(old.annotation),
            new=str(new.annotation),
        )


def compare_responses(recorder: Recorder, before: Endpoint, after: Endpoint) -> None:
    old = {outcome.status: outcome for outcome in before.operation.outcomes}
    new = {outcome.status: outcome for outcome in after.operation.outcomes}
    returned = frozenset().union(
        *(_reads(recorder.pair.old_shapes, before, o) for o in before.operation.returning)
    )
    for status, outcome in old.items():
        if status not in new:
            _status_removed(recorder, before, after, outcome)
    for status, outcome in new.items():
        if status not in old:
            _status_added(recorder, before, after, outcome, returned)
        else:
            _compare_outcome(recorder, (before, old[status]), (after, outcome))


def _status_removed(
    recorder: Recorder, before: Endpoint, after: Endpoint, outcome: Outcome
) -> None:
    success = outcome.is_success
    recorder.add(
        "success-status-removed" if success else "error-response-removed",
        f"`{after.shown}` has no {outcome.status} response now",
        _response_at(before.view, outcome.status),
        after.view.at("responses"),
        function=after.shown,
        status=outcome.status,
    )


def _status_added(
    recorder: Recorder,
    before: Endpoint,
    after: Endpoint,
    outcome: Outcome,
    returned: frozenset[str],
) -> None:
    where = before.view.at("responses"), _response_at(after.view, outcome.status)
    values = {"function": after.shown, "status": outcome.status}
    if not outcome.is_success:
        recorder.add(
            "error-response-added",
            f"`{after.shown}` documents a {outcome.status} response: `{_type(outcome)}`",
            *where,
            **values,
        )
        return
    reads = _reads(recorder.pair.new_shapes, after, outcome)
    if covers(returned, reads):
        recorder.add(
            "success-status-added",
            f"`{after.shown}` also answers {outcome.status}, with a `{_type(outcome)}`",
            *where,
        )
        return
    recorder.add(
        "response-type-changed",
        f"`{after.shown}` returns `{after.operation.returns}` (was "
        f"`{before.operation.returns}`): {outcome.status} is a new success",
        *where,
        function=after.shown,
        old=str(before.operation.returns),
        new=str(after.operation.returns),
    )


def _compare_outcome(
    recorder: Recorder, old_side: tuple[Endpoint, Outcome], new_side: tuple[Endpoint, Outcome]
) -> None:
    (before, old), (after, new) = old_side, new_side
    pair = recorder.pair
    status = new.status
    old_at, new_at = _response_at(before.view, status), _response_at(after.view, status)
    values = {"function": after.shown, "status": status}
    if new.is_success:
        offered = _media_types(pair.new.document, new_at)
        for media_type in _media_types(pair.old.document, old_at):
            if media_type in offered:
                continue
            recorder.add(
                "success-media-type-removed",
                f"`{after.shown}` no longer answers {status} as {media_type}",
                _media_at(old_at, media_type),
                f"{new_at}/content",
                new=" or ".join(offered) or "no content",
                **values,
            )
    old_reads = _reads(pair.old_shapes, before, old)
    new_reads = _reads(pair.new_shapes, after, new)
    if covers(old_reads, new_reads):
        return
    rule = "response-type-changed" if new.is_success else "error-response-type-changed"
    recorder.add(
        rule,
        f"`{after.shown}` reads its {status} response as "
        + pair.told_apart(_type(old), _type(new), old_reads, new_reads),
        _schema_at(old_at, old),
        _schema_at(new_at, new),
        old=_type(old),
        new=_type(new),
        **values,
    )


def _reads(shapes: Shapes, endpoint: Endpoint, outcome: Outcome) -> frozenset[str]:
    """What the client reads a response as, in type members."""
    if outcome.kind is not ResponseKind.JSON:
        return frozenset({f"{outcome.kind.value}"})
    at = _schema_at(_response_at(endpoint.view, outcome.status), outcome)
    return shapes.members(_schema(shapes.document, at), at)


def _type(outcome: Outcome) -> str:
    return str(outcome.returns)


def _body_at(view: OperationView) -> str:
    body = view.request_body()
    return body.pointer if body is not None else view.at("requestBody")


def _response_at(view: OperationView, status: str) -> str:
    """Where a response is defined (a component's place, for a ``$ref``)."""
    for found, response in view.responses():
        if found == status:
            return response.pointer
    return view.at("responses", status)


def _schema_at(response_at: str, outcome: Outcome) -> str:
    if not outcome.media_type:
        return response_at
    return _media_at(response_at, outcome.media_type) + "/schema"


def _media_at(holder: str, media_type: str) -> str:
    return jsonpointer.join(holder, "content", media_type)


def _media_types(document: Document, response_at: str) -> list[str]:
    content = jsonpointer.resolve(document.data, f"{response_at}/content")
    return [str(media_type) for media_type in content] if isinstance(content, dict) else []


def _schema(document: Document, pointer: str) -> Any:
    return jsonpointer.resolve(document.data, pointer)
