"""The models compared: their classes (renamed, removed, added), each enum's members and
each class's fields, judged by the way the model travels.

A model is the same model in both versions when its schema stands at the same place, or
when a component schema's key changed but nothing else did (a rename; the inline
schemas below it follow it).  A field of a model that is sent is judged as callers
build it, one that is received as code reads it; a model that travels both ways (the
client has one model for both) is judged both ways, and what is safe both ways is said
once.  A readOnly property is never sent and a writeOnly one never received, so each is
exempt from one side's rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..document import pointer as jsonpointer
from .catalog import REQUEST, RESPONSE, Catalog, Field, Model
from .changes import Recorder
from .schemas import constraint_changes, covers, normalized

__all__ = ["compare_models", "paired_models"]

_COMPONENT_DEPTH = 3  # /components/schemas/<key>
_Candidate = tuple[str, str, str, str, dict[str, Any]]


def paired_models(old: Catalog, new: Catalog) -> dict[str, str]:
    """Each old model's place -> its place in the new version, when it has one."""
    pairs = {pointer: pointer for pointer in old.models if pointer in new.models}
    came = [p for p in new.models if p not in old.models and _is_component(p)]
    renamed: dict[str, str] = {}
    for pointer, model in old.models.items():
        if pointer in pairs or not _is_component(pointer):
            continue
        same = next(
            (p for p in came if normalized(new.models[p].schema) == normalized(model.schema)), None
        )
        if same is not None:
            came.remove(same)
            renamed[pointer] = same
    for pointer in old.models:
        for before, after in renamed.items():
            if pointer == before or pointer.startswith(f"{before}/"):
                moved = after + pointer[len(before) :]
                if moved in new.models:
                    pairs[pointer] = moved
    return pairs


def _is_component(pointer: str) -> bool:
    return pointer.startswith("/components/schemas/") and pointer.count("/") == _COMPONENT_DEPTH


def compare_models(recorder: Recorder, pairs: dict[str, str]) -> None:
    pair = recorder.pair
    old, new = pair.old_models.models, pair.new_models.models
    for pointer, model in old.items():
        if pointer not in pairs:
            recorder.add(
                "model-removed",
                f"`{model.shown}` is removed",
                pointer,
                pointer,
                model=model.shown,
            )
    arrived = set(pairs.values())
    for pointer, model in new.items():
        if pointer not in arrived:
            recorder.add("model-added", f"`{model.shown}` is added", pointer, pointer)
    for before_at, after_at in pairs.items():
        before, after = old[before_at], new[after_at]
        _compare_names(recorder, before, after)
        if before.is_enum or after.is_enum:
            _compare_members(recorder, before, after)
        else:
            _compare_fields(recorder, before, after)


def _compare_names(recorder: Recorder, before: Model, after: Model) -> None:
    if before.pointer != after.pointer and _is_component(before.pointer):
        key = jsonpointer.tokens(after.pointer)[-1]
        recorder.add(
            "schema-renamed",
            f"`{before.shown}` is renamed `{after.shown}` (schema "
            f"{jsonpointer.tokens(before.pointer)[-1]!r} is now {key!r})",
            before.pointer,
            after.pointer,
            old=before.shown,
            new=after.shown,
        )
    elif before.class_name != after.class_name:
        recorder.add(
            "model-class-renamed",
            f"`{before.shown}` is renamed `{after.shown}`",
            before.pointer,
            after.pointer,
            old=before.shown,
            new=after.shown,
        )


def _compare_members(recorder: Recorder, before: Model, after: Model) -> None:
    old_values = _values(before)
    new_values = _values(after)
    directions = before.directions | after.directions
    for index, value in enumerate(old_values):
        if value not in new_values:
            rule = (
                "request-enum-value-removed"
                if REQUEST in directions
                else "response-enum-value-removed"
            )
            member = f"{before.shown}.{before.members.get(repr(value), '?')}"
            recorder.add(
                rule,
                f"`{member}` is removed: {value!r} is no longer a value ({after.used})",
                f"{before.pointer}/enum/{index}",
                f"{after.pointer}/enum",
                member=member,
                value=repr(value),
            )
    for index, value in enumerate(new_values):
        if value not in old_values:
            rule = (
                "response-enum-value-added"
                if RESPONSE in directions
                else "request-enum-value-added"
            )
            member = f"{after.shown}.{after.members.get(repr(value), '?')}"
            reason = (
                ": the client keeps a value it doesn't know (open enums), so clients made "
                "from the old spec read it too"
                if rule == "response-enum-value-added"
                else ""
            )
            recorder.add(
                rule,
                f"`{member}` is added ({value!r}; {after.used}){reason}",
                f"{before.pointer}/enum",
                f"{after.pointer}/enum/{index}",
            )


def _values(model: Model) -> list[Any]:
    values = model.schema.get("enum")
    return [v for v in values if v is not None] if isinstance(values, list) else []


def _compare_fields(recorder: Recorder, before: Model, after: Model) -> None:
    for wire, field in before.fields.items():
        if wire not in after.fields:
            recorder.add_worst(list(_removed(before, field, after)))
    for wire, field in after.fields.items():
        if wire not in before.fields:
            recorder.add_worst(list(_added(before, after, field)))
        else:
            _compare_field(recorder, (before, before.fields[wire]), (after, field))


def _sent(model: Model, field: Field) -> bool:
    return REQUEST in model.directions and not field.read_only


def _received(model: Model, field: Field) -> bool:
    return RESPONSE in model.directions and not field.write_only


def _removed(before: Model, field: Field, after: Model) -> Iterator[_Candidate]:
    message = f"`{before.shown}.{field.name}` is removed (property {field.wire!r}; {before.used})"
    values = {"model": before.shown, "field": field.name}
    new_at = f"{after.pointer}/properties"
    if _sent(before, field):
        yield "request-property-removed", message, field.pointer, new_at, values
    if _received(before, field):
        yield "response-property-removed", message, field.pointer, new_at, values


def _added(before: Model, after: Model, field: Field) -> Iterator[_Candidate]:
    required = " (required)" if field.required else ""
    message = (
        f"`{after.shown}.{field.name}` is added (property {field.wire!r}; {after.used}){required}"
    )
    values = {"model": after.shown, "field": field.name}
    old_at = f"{before.pointer}/properties"
    if _sent(after, field):
        rule = "request-property-added-required" if field.required else "request-property-added"
        yield rule, message, old_at, field.pointer, values
    if _received(after, field):
        yield "response-property-added", message, old_at, field.pointer, values


@dataclass(frozen=True)
class _Judged:
    """A field of both versions, and the ways it travels: a change of it is judged as
    callers send it, as code reads it, or both."""

    recorder: Recorder
    old: Field
    new: Field
    sent: bool
    received: bool
    shown: str
    values: dict[str, str]

    def record(self, sent_rule: str, received_rule: str, message: str, **extra: str) -> None:
        values = {**self.values, **extra}
        where = self.old.pointer, self.new.pointer
        candidates: list[_Candidate] = []
        if self.sent:
            candidates.append((sent_rule, message, *where, values))
        if self.received:
            candidates.append((received_rule, message, *where, values))
        self.recorder.add_worst(candidates)


def _compare_field(
    recorder: Recorder, old_side: tuple[Model, Field], new_side: tuple[Model, Field]
) -> None:
    (before, old), (after, new) = old_side, new_side
    directions = before.directions | after.directions
    judged = _Judged(
        recorder,
        old,
        new,
        sent=REQUEST in directions and not (old.read_only and new.read_only),
        received=RESPONSE in directions and not (old.write_only and new.write_only),
        shown=f"`{after.shown}.{new.name}` ({after.used})",
        values={"model": after.shown, "field": new.name},
    )
    if old.required != new.required:
        made = "made-required" if new.required else "made-optional"
        now = "required" if new.required else "optional (it may be MISSING)"
        judged.record(
            f"request-property-{made}", f"response-property-{made}", f"{judged.shown} is {now} now"
        )
    shapes = recorder.pair.old_shapes, recorder.pair.new_shapes
    nullable = [side.nullable(f.schema, f.pointer) for side, f in zip(shapes, (old, new))]
    if nullable[0] != nullable[1]:
        made = "made-nullable" if nullable[1] else "made-non-nullable"
        now = "may be None now" if nullable[1] else "no longer takes None"
        judged.record(
            f"request-property-{made}", f"response-property-{made}", f"{judged.shown} {now}"
        )
    before_type, after_type = (
        side.members(f.schema, f.pointer) for side, f in zip(shapes, (old, new))
    )
    if before_type != after_type:
        judged.record(
            "request-property-type-widened"
            if covers(after_type, before_type)
            else "request-property-type-changed",
            "response-property-type-narrowed"
            if covers(before_type, after_type)
            else "response-property-type-changed",
            f"{judged.shown} is now "
            + recorder.pair.told_apart(old.annotation, new.annotation, before_type, after_type),
            old=old.annotation,
            new=new.annotation,
        )
    if judged.sent:
        _compare_constraints(recorder, old, new, judged.shown, judged.values)


def _compare_constraints(
    recorder: Recorder, old: Field, new: Field, shown: str, values: dict[str, str]
) -> None:
    pair = recorder.pair
    changes = constraint_changes(
        pair.old_shapes.constraints(old.schema, old.pointer),
        pair.new_shapes.constraints(new.schema, new.pointer),
        old_at=old.pointer,
        new_at=new.pointer,
    )
    for change in changes:
        rule = (
            "request-property-constraint-tightened"
            if change.tightened
            else "request-property-constraint-loosened"
        )
        recorder.add(
            rule,
            f"{shown} is checked against {change.described}",
            change.old_pointer,
            change.new_pointer,
            constraint=change.described,
            **values,
        )
