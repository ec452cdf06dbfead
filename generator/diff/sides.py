"""One side of a diff: a spec's text built the way ``generate`` builds it.

The spec is parsed within the configured limits, checked and linked to its models by
the pipeline's own steps (``checked_api``, ``make_models``, ``linked_api``).  A spec that
``generate`` would refuse is a ``DiffInputError`` naming each problem's place: the
command exits 2.

Nothing here writes to the project: the library hands its model metadata over as a file
only, which goes into a private temporary folder removed at once (as in ``generate``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..build import ModelsInput, models_input
from ..diagnostics import GeneratorError, Location, SpecError
from ..document import ReadLimits, Spec, parse_spec
from ..document import pointer as jsonpointer
from ..document.views import Document
from ..ir.model import Api
from ..pipeline import checked_api, linked_api, make_models

__all__ = ["DiffInputError", "Side", "build_side"]


class DiffInputError(GeneratorError):
    """A side can't be read or generated (the CLI exits 2)."""


@dataclass(frozen=True)
class Side:
    """A built spec: its name as shown, its text, the document, the intermediate model
    (with the models' real class names), and the models.

    ``classes`` maps each model's pointer in ``models.data`` (inline schemas moved under
    ``components``) to its class; ``models_source`` is models.py as the library wrote it.
    """

    name: str
    spec: Spec
    document: Document
    api: Api
    inputs: ModelsInput
    classes: Mapping[str, str]
    aliases: frozenset[str]
    models_source: str

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
    alone: bool = False,
) -> Side:
    """Build one side from its text, as the package ``package``; ``lint`` is
    ``[tool.clientgen.lint]``, whose rules ``generate`` needs are enforced whatever it
    says.  ``alone``: the text is all there is (a file read at a git revision), so a spec
    that refers to other files (read beside ``path``, in the working tree) is refused."""
    try:
        spec = parse_spec(text, path=path, display_name=name, limits=limits)
    except SpecError as exc:
        raise DiffInputError(_refusal(name, exc.diagnostics)) from exc
    others = [*spec.file_keys, *spec.unresolved]
    if alone and others:
        raise DiffInputError(
            f"{name} refers to other files ({', '.join(sorted(others)[:3])}); diff reads one "
            "file at a git revision: check the revision out elsewhere and diff the files"
        )
    document = Document.of(spec)
    inputs = models_input(document)
    try:
        checked_api(spec, document, inputs, lint=lint, package=package)
    except SpecError as exc:
        raise DiffInputError(_refusal(name, exc.diagnostics)) from exc
    with tempfile.TemporaryDirectory(prefix="clientgen-diff-") as scratch:
        models = make_models(inputs, Path(scratch))
    try:
        api = linked_api(document, package, models, inputs)
    except GeneratorError as exc:
        raise DiffInputError(f"{name}: {exc}") from exc
    return Side(name, spec, document, api, inputs, models.classes, models.aliases, models.source)


def _refusal(name: str, problems: Any) -> str:
    found = list(dict.fromkeys(problems))
    lines = "\n".join(str(problem) for problem in found)
    return f"{name} can't be generated, so it can't be diffed:\n{lines}"
