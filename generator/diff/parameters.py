"""An operation's parameters compared: its arguments, their types and what they are
checked against before sending.

Path parameters are paired by their place in the path (renaming one renames the
positional argument); the others by location and name.  An unpaired parameter of one
location whose name another location has now is moved; an unpaired one of the same
location and type as an unpaired new one is renamed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..document.views import ParameterView
from ..ir.model import Parameter
from ..ir.schema_types import simple_types
from .changes import Recorder
from .endpoints import Endpoint
from .schemas import Shapes, constraint_changes, covers

__all__ = ["compare_parameters"]


@dataclass(frozen=True)
class _Argument:
    """A parameter: the argument the IR made of it, where it is, its schema."""

    parameter: Parameter
    view: ParameterView
    schema: Any
    schema_at: str

    @property
    def key(self) -> tuple[str, str]:
        return self.parameter.location.value, self.parameter.wire_name

    @property
    def described(self) -> str:
        return f"{self.parameter.location.value} parameter {self.parameter.wire_name!r}"


def _arguments(endpoint: Endpoint) -> list[_Argument]:
    views = {
        (view.location, view.name): view
        for view in (*endpoint.view.shared_parameters, *endpoint.view.own_parameters())
    }
    found = []
    for parameter in endpoint.operation.parameters:
        view = views[parameter.location.value, parameter.wire_name]
        schema, schema_at = view.raw.get("schema"), view.at("schema")
        if "schema" not in view.raw:
            for media_type, media in view.mapping("content").items():
                if isinstance(media, dict):
                    schema, schema_at = (
                        media.get("schema"),
                        view.at("content", media_type, "schema"),
                    )
        found.append(_Argument(parameter, view, schema, schema_at))
    return found


def _call(endpoint: Endpoint, argument: _Argument) -> str:
    """The argument as a call spells it: ``update_campaign(status=...)``."""
    name = argument.parameter.name
    if argument.parameter.location == "path":
        return f"{endpoint.function}({name}, ...)"
    return f"{endpoint.function}({name}=...)"


def compare_parameters(recorder: Recorder, before: Endpoint, after: Endpoint) -> None:
    old_all, new_all = _arguments(before), _arguments(after)
    old_path = [a for a in old_all if a.parameter.location == "path"]
    new_path = [a for a in new_all if a.parameter.location == "path"]
    for old_arg, new_arg in zip(old_path, new_path, strict=False):
        _compare(recorder, (before, old_arg), (after, new_arg))
    old = {a.key: a for a in old_all if a.parameter.location != "path"}
    new = {a.key: a for a in new_all if a.parameter.location != "path"}
    for key in old.keys() & new.keys():
        _compare(recorder, (before, old[key]), (after, new[key]))
    gone = [old[key] for key in old if key not in new]
    came = [new[key] for key in new if key not in old]
    for old_arg, new_arg in _paired(recorder, gone, came):
        gone.remove(old_arg)
        came.remove(new_arg)
        _compare(recorder, (before, old_arg), (after, new_arg))
    for argument in gone:
        recorder.add(
            "parameter-removed",
            f"`{_call(before, argument)}` is removed: the {argument.described} is gone",
            argument.view.pointer,
            after.view.pointer,
            function=after.function,
            argument=argument.parameter.name,
        )
    for argument in came:
        required = argument.parameter.required
        recorder.add(
            "parameter-added-required" if required else "parameter-added",
            f"`{_call(after, argument)}` is added, for the {'required ' if required else ''}"
            f"{argument.described}",
            before.view.pointer,
            argument.view.pointer,
            function=after.function,
            argument=argument.parameter.name,
        )


def _paired(
    recorder: Recorder, gone: list[_Argument], came: list[_Argument]
) -> list[tuple[_Argument, _Argument]]:
    """Parameters moved to another location (same name), then renamed ones (same
    location and type), each paired once."""
    pairs: list[tuple[_Argument, _Argument]] = []
    free = list(came)
    for old_arg in gone:
        match = next(
            (a for a in free if a.parameter.wire_name == old_arg.parameter.wire_name), None
        )
        match = match or next((a for a in free if _renamed(recorder, old_arg, a)), None)
        if match is not None:
            free.remove(match)
            pairs.append((old_arg, match))
    return pairs


def _renamed(recorder: Recorder, old_arg: _Argument, new_arg: _Argument) -> bool:
    pair = recorder.pair
    return old_arg.parameter.location == new_arg.parameter.location and _members(
        pair.old_shapes, pair.old.document, old_arg
    ) == _members(pair.new_shapes, pair.new.document, new_arg)


def _members(shapes: Shapes, document: Any, argument: _Argument) -> frozenset[str]:
    checked_here = simple_types(argument.schema, document.resolver) is not None
    return shapes.members(argument.schema, argument.schema_at, classes=not checked_here)


def _compare(
    recorder: Recorder, old_side: tuple[Endpoint, _Argument], new_side: tuple[Endpoint, _Argument]
) -> None:
    (before, old_arg), (after, new_arg) = old_side, new_side
    old_p, new_p = old_arg.parameter, new_arg.parameter
    values = {"function": after.function, "argument": new_p.name}
    where = old_arg.view.pointer, new_arg.view.pointer
    if old_p.location != new_p.location:
        recorder.add(
            "parameter-moved",
            f"`{_call(after, new_arg)}` is sent as a {new_p.location.value} parameter "
            f"(was a {old_p.location.value} parameter)",
            *where,
            argument=new_p.name,
            old=old_p.location.value,
            new=new_p.location.value,
        )
    if old_p.name != new_p.name:
        rule = "path-parameter-renamed" if new_p.location == "path" else "parameter-renamed"
        recorder.add(
            rule,
            f"`{_call(before, old_arg)}` is renamed `{new_p.name}` (the {new_arg.described}, "
            f"was {old_p.wire_name!r})",
            old_arg.view.at("name"),
            new_arg.view.at("name"),
            function=after.function,
            old=old_p.name,
            new=new_p.name,
        )
    if old_p.required != new_p.required:
        recorder.add(
            "parameter-made-required" if new_p.required else "parameter-made-optional",
            f"`{_call(after, new_arg)}` is {'required' if new_p.required else 'optional'} now",
            old_arg.view.at("required"),
            new_arg.view.at("required"),
            **values,
        )
    _compare_schemas(recorder, (before, old_arg), (after, new_arg))


def _compare_schemas(
    recorder: Recorder, old_side: tuple[Endpoint, _Argument], new_side: tuple[Endpoint, _Argument]
) -> None:
    (_, old_arg), (after, new_arg) = old_side, new_side
    pair = recorder.pair
    values = {"function": after.function, "argument": new_arg.parameter.name}
    shown = f"`{_call(after, new_arg)}`"
    before_members = _members(pair.old_shapes, pair.old.document, old_arg)
    after_members = _members(pair.new_shapes, pair.new.document, new_arg)
    old_type, new_type = old_arg.parameter.annotation.text, new_arg.parameter.annotation.text
    if before_members != after_members:
        widened = covers(after_members, before_members)
        recorder.add(
            "parameter-type-widened" if widened else "parameter-type-changed",
            f"{shown} takes " + pair.told_apart(old_type, new_type, before_members, after_members),
            old_arg.schema_at,
            new_arg.schema_at,
            old=old_type,
            new=new_type,
            **values,
        )
    _compare_enums(recorder, shown, old_arg, new_arg, values)
    changes = constraint_changes(
        pair.old_shapes.constraints(old_arg.schema, old_arg.schema_at),
        pair.new_shapes.constraints(new_arg.schema, new_arg.schema_at),
        old_at=old_arg.schema_at,
        new_at=new_arg.schema_at,
    )
    for change in changes:
        recorder.add(
            "parameter-constraint-tightened"
            if change.tightened
            else "parameter-constraint-loosened",
            f"{shown} is checked against {change.described}",
            change.old_pointer,
            change.new_pointer,
            constraint=change.described,
            **values,
        )


def _compare_enums(
    recorder: Recorder, shown: str, old_arg: _Argument, new_arg: _Argument, values: dict[str, str]
) -> None:
    pair = recorder.pair
    before = pair.old_shapes.enum(old_arg.schema, old_arg.schema_at)
    after = pair.new_shapes.enum(new_arg.schema, new_arg.schema_at)
    if before is None or after is None:
        return  # an enum added or dropped is a change of type
    (old_values, old_at), (new_values, new_at) = before, after
    for index, value in enumerate(old_values):
        if value not in new_values:
            recorder.add(
                "parameter-enum-value-removed",
                f"{shown} no longer takes {value!r}",
                f"{old_at}/{index}",
                new_at,
                value=repr(value),
                **values,
            )
    for index, value in enumerate(new_values):
        if value not in old_values:
            recorder.add(
                "parameter-enum-value-added",
                f"{shown} also takes {value!r}",
                old_at,
                f"{new_at}/{index}",
            )
