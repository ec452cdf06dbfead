"""One side of a diff: a spec's text built the way ``generate`` builds it.

The spec is parsed within the configured limits, checked and linked to its models by
the pipeline's own steps (``checked_api``, ``make_models``, ``linked_api``).  A spec that
``generate`` would refuse is a ``DiffInputError`` naming each problem's place: the
command exits 2.

``build_sides`` builds the two versions of a diff at once: a second process makes the
old side's models while this one makes the new side's.

Nothing here writes to the project: the library hands its model metadata over as a file
only, which goes into a private temporary folder removed at once (as in ``generate``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..build import ModelsInput, models_input
from ..build.inline import place_name
from ..diagnostics import GeneratorError, Location, SpecError
from ..document import FileSource, ReadLimits, Spec, parse_spec
from ..document import pointer as jsonpointer
from ..document.openapi import COMPONENT_SCHEMAS, component_schemas, in_component_schema
from ..document.views import Document
from ..ir.model import Api
from ..ir.names import class_name
from ..pipeline import checked_api, linked_api, make_models
from ..speed import start_helper
from .subset import modelled_schemas

if TYPE_CHECKING:
    from ..models_stage import Models

__all__ = ["DiffInputError", "Side", "SideText", "build_side", "build_sides"]


class DiffInputError(GeneratorError):
    """A side can't be read or generated (the CLI exits 2)."""


@dataclass(frozen=True)
class Side:
    """A built spec: its name as shown, its text, the document, the intermediate model
    (with the models' real class names), and the models.

    ``classes`` maps each model's pointer in ``models.data`` (inline schemas moved under
    ``components``) to its class; ``models_source`` is models.py as the library wrote it;
    ``modelled``: the keys of the component schemas the models were made of, when not
    all (``subset``).
    """

    name: str
    spec: Spec
    document: Document
    api: Api
    inputs: ModelsInput
    classes: Mapping[str, str]
    aliases: frozenset[str]
    models_source: str
    modelled: frozenset[str] | None = None  # the keys of the schemas modelled; None: all

    @property
    def text(self) -> str:
        return self.spec.text

    def locate(self, pointer: str) -> Location:
        """Where ``pointer`` is; one that goes further than the document is placed (and
        named) at the deepest part of it that exists."""
        tokens = jsonpointer.tokens(pointer)
        while tokens and jsonpointer.resolve(self.spec.data, _joined(tokens)) is None:
            tokens.pop()
        return self.spec.locate(_joined(tokens))

    def original(self, pointer: str) -> str:
        """Where a model's schema stands in the spec: an inline schema the models moved
        under ``components`` is named by its own place."""
        return self._origins.get(pointer, pointer)

    @cached_property
    def left_out(self) -> frozenset[str]:
        """The keys, as the spec has them, of the component schemas whose models were
        not made (they are the same in both versions)."""
        if self.modelled is None:
            return frozenset()
        found = set()
        for key in component_schemas(self.inputs.data):
            spelled = in_component_schema(self.original(jsonpointer.join(COMPONENT_SCHEMAS, key)))
            if key not in self.modelled and spelled is not None and not spelled[1]:
                found.add(spelled[0])
        return frozenset(found)

    @cached_property
    def _origins(self) -> dict[str, str]:
        return {moved: place for place, moved in self.inputs.hoisted.items()}


def _joined(tokens: list[str]) -> str:
    return jsonpointer.join("", *tokens)


def build_side(
    text: str,
    *,
    name: str,
    path: Path,
    package: str,
    lint: Mapping[str, Any],
    limits: ReadLimits,
    files: FileSource | None = None,
) -> Side:
    """Build one side from its text, as the package ``package``; ``lint`` is
    ``[tool.clientgen.lint]``, whose rules ``generate`` needs are enforced whatever it
    says.  The files its ``$ref`` entries name are read beside ``path`` from ``files`` (the
    working tree unless told: a git revision's files, say)."""
    parsed = _parsed(SideText(text, name, path, files), limits)
    with tempfile.TemporaryDirectory(prefix="clientgen-diff-") as scratch:
        made = _checked_models(
            parsed, package=package, lint=lint, scratch=Path(scratch), cached=None
        )
    return _linked(parsed, package, _accepted(made))


def build_sides(
    old: SideText,
    new: SideText,
    *,
    package: str,
    lint: Mapping[str, Any],
    limits: ReadLimits,
    cached: Any = None,
) -> tuple[Side, Side]:
    """Both sides, each as ``build_side`` builds it, but for the models: both are made
    of the schemas that can differ between the versions only (``subset``), unless that
    is most of them.  Checking and making the models are most of the work, so a second
    process does the old side's (``speed.start_helper``, which falls back to this process
    should it fail) while this one does the new side's.  ``cached``: the models the
    project's last ``generate`` kept, used by a side made whole from the same input
    (``speed.CachedModels``)."""
    before, after = _parsed(old, limits), _parsed(new, limits)
    only = modelled_schemas(before.inputs, after.inputs)
    with tempfile.TemporaryDirectory(prefix="clientgen-diff-") as scratch:
        work = partial(
            _checked_models, package=package, lint=lint, scratch=Path(scratch), only=only
        )
        with start_helper(partial(work, before, cached=cached)) as helper:
            new_made = work(after, cached=cached)
            old_made = helper.models()
    old_models = _accepted(old_made)  # the old side's refusal first, as it reads
    return (
        _linked(before, package, old_models, only),
        _linked(after, package, _accepted(new_made), only),
    )


def _accepted(made: Models | str) -> Models:
    if isinstance(made, str):
        raise DiffInputError(made)
    return made


def _checked_models(
    parsed: _Parsed,
    *,
    package: str,
    lint: Mapping[str, Any],
    scratch: Path,
    cached: Any,
    only: frozenset[str] | None = None,
) -> Models | str:
    """The side's models once it is checked (of the schemas ``only`` names, or all);
    what ``generate`` would refuse is its message instead (a value, so that it crosses
    from the second process)."""
    try:
        _check(parsed, package, lint)
    except DiffInputError as exc:
        return str(exc)
    return make_models(parsed.inputs, scratch, cached, only)


@dataclass(frozen=True)
class SideText:
    """A version to build: its text, its name as shown, the path it stands for, and
    where the files its ``$ref`` entries name are read, beside that path (the working tree
    unless told)."""

    text: str
    name: str
    path: Path
    files: FileSource | None = None


@dataclass(frozen=True)
class _Parsed:
    name: str
    spec: Spec
    document: Document
    inputs: ModelsInput


def _parsed(side: SideText, limits: ReadLimits) -> _Parsed:
    try:
        spec = parse_spec(
            side.text, path=side.path, display_name=side.name, limits=limits, files=side.files
        )
    except SpecError as exc:
        raise DiffInputError(_refusal(side.name, exc.diagnostics)) from exc
    document = Document.of(spec)
    return _Parsed(side.name, spec, document, models_input(document))


def _check(parsed: _Parsed, package: str, lint: Mapping[str, Any]) -> None:
    """Refuse what ``generate`` would refuse."""
    try:
        checked_api(parsed.spec, parsed.document, parsed.inputs, lint=lint, package=package)
    except SpecError as exc:
        raise DiffInputError(_refusal(parsed.name, exc.diagnostics)) from exc


def _linked(
    parsed: _Parsed, package: str, models: Models, only: frozenset[str] | None = None
) -> Side:
    classes: Mapping[str, str] = models.classes
    if only is not None:  # the schemas left out are the same in both versions
        classes = _Unmodelled(models.classes, only)
    try:
        api = linked_api(parsed.document, package, replace(models, classes=classes), parsed.inputs)
    except GeneratorError as exc:
        raise DiffInputError(f"{parsed.name}: {exc}") from exc
    return Side(
        parsed.name,
        parsed.spec,
        parsed.document,
        api,
        parsed.inputs,
        models.classes,
        models.aliases,
        models.source,
        only,
    )


class _Unmodelled(Mapping[str, str]):
    """The classes made, and a stand-in for each schema left out (``only`` holds the
    keys of those made): it is named alike in both versions, so it compares as the same
    type, and no change can be in it, so its name is never shown."""

    def __init__(self, made: Mapping[str, str], only: frozenset[str]) -> None:
        self.made, self.only = made, only

    def __getitem__(self, pointer: str) -> str:
        if pointer in self.made:
            return self.made[pointer]
        found = in_component_schema(pointer)
        if found is None or found[0] in self.only:
            raise KeyError(pointer)
        return place_name(class_name(found[0]), found[1])

    def __iter__(self) -> Iterator[str]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


def _refusal(name: str, problems: Any) -> str:
    found = list(dict.fromkeys(problems))
    lines = "\n".join(str(problem) for problem in found)
    return f"{name} can't be generated, so it can't be diffed:\n{lines}"
