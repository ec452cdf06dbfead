"""One side of a diff: a spec's text built the way ``generate`` builds it.

The spec is parsed within the configured limits, checked by the rules ``generate``
enforces (``GENERATE_NEEDS``) and by the builder, then given to datamodel-code-generator;
the intermediate model is built with the class names the models got (as the pipeline's
``_linked`` does).  A spec that ``generate`` would refuse is a ``DiffInputError`` naming
each problem's place: the command exits 2.

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

from .. import TEMPLATES
from ..build import ModelsInput, build_api, models_input
from ..diagnostics import GeneratorError, Location, SpecError
from ..document import ReadLimits, Spec, parse_spec
from ..document import pointer as jsonpointer
from ..document.views import Document
from ..ir.model import Api

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
    others = [*(f.key for f in getattr(spec, "files", ())), *getattr(spec, "unresolved", {})]
    if alone and others:
        raise DiffInputError(
            f"{name} refers to other files ({', '.join(sorted(others)[:3])}); diff reads one "
            "file at a git revision: check the revision out elsewhere and diff the files"
        )
    document = Document.of(spec)
    inputs = models_input(document)
    _check(spec, document, inputs, lint, package)
    from ..models_stage import generate_models

    with tempfile.TemporaryDirectory(prefix="clientgen-diff-") as scratch:
        models = generate_models(
            inputs.data, templates=TEMPLATES, scratch=Path(scratch), scalars=inputs.scalars
        )
    try:
        built = build_api(
            document,
            package=package,
            classes=models.classes,
            aliases=models.aliases,
            models=inputs,
        )
    except LookupError as exc:
        raise DiffInputError(f"{name}: {exc}") from exc
    assert built.api is not None  # _check built it without classes
    return Side(
        name, spec, document, built.api, inputs, models.classes, models.aliases, models.source
    )


def _check(
    spec: Spec, document: Document, inputs: ModelsInput, lint: Mapping[str, Any], package: str
) -> None:
    """Refuse what ``generate`` refuses: its lint rules' errors, the builder's limits."""
    from ..lint import GENERATE_NEEDS, LintConfig, lint_spec

    config = LintConfig.from_dict(lint).enforcing(GENERATE_NEEDS)
    errors = [f for f in lint_spec(spec, config) if f.severity == "error"]
    checked = build_api(document, package=package, models=inputs)
    errors += [d for d in checked.diagnostics if d.severity == "error"]
    if errors or checked.api is None:
        raise DiffInputError(_refusal(spec.display_name, errors))


def _refusal(name: str, problems: Any) -> str:
    found = list(dict.fromkeys(problems))
    lines = "\n".join(str(problem) for problem in found)
    return f"{name} can't be generated, so it can't be diffed:\n{lines}"
