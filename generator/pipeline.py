"""The pure part of the pipeline: spec file in, ``{relative path: file text}`` out.

A spec that fails any error-level lint rule (``generator.lint``) is refused.  Where the
platform can fork, a second process makes the models (datamodel-code-generator, then
ruff lays them out and ``models_split`` splits a large API's into modules) while
this one lints the spec, builds the intermediate model, and renders and formats the
other files, then formats the operations' blocks as they will most likely be once the
models' class names are known; then the two share black's work on what is left.  The
heavy libraries are imported inside the branch that needs them, so each process imports
only its own share.  The bytes are the same either way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import TEMPLATES
from .build import ModelsInput, build_api, models_input
from .config import Settings
from .diagnostics import GeneratorError, SpecError
from .document import Spec, load_spec
from .document import pointer as jsonpointer
from .document.openapi import COMPONENT_SCHEMAS, component_schemas, in_component_schema
from .document.views import Document
from .ir.model import Api
from .ir.names import class_name
from .manifest import MANIFEST, render_manifest
from .speed import Caches, FormatCache, Helper, start_helper

if TYPE_CHECKING:
    from .models_split import ModelsPackage
    from .models_stage import Models

__all__ = ["Build", "build", "checked_api", "linked_api", "make_models"]


@dataclass(frozen=True)
class Build:
    """Every file of the package by its path inside the package folder, what to keep for
    the next build (the formatted blocks this one used, and its models), and notes for
    the user."""

    files: dict[str, str]
    kept: Caches
    notes: tuple[str, ...] = ()


def build(
    settings: Settings,
    *,
    regenerate_command: str,
    cached: Caches | None = None,
) -> Build:
    """Run every pure stage; raise ``GeneratorError`` (or ``SpecError``) on bad input.
    ``cached``: what an earlier build kept (``Build.kept``)."""
    cached = cached or Caches()
    spec = load_spec(
        settings.spec, display_name=settings.shown(settings.spec), limits=settings.read_limits
    )
    document = Document.of(spec)
    inputs = models_input(document)
    # The models stage's private folder belongs to this process, so it is removed even
    # when the second process, which may be making the models, is killed.
    with (
        tempfile.TemporaryDirectory(prefix="clientgen-") as scratch,
        start_helper(partial(_made_models, inputs, Path(scratch), cached.models)) as helper,
    ):
        from .formatting import for_black, format_blocks, format_files
        from .render import file_header, render_package, runtime_files

        checked = checked_api(spec, document, inputs, lint=settings.lint, package=settings.package)
        header = file_header(
            spec_name=settings.spec.name, spec_sha256=spec.sha256, command=regenerate_command
        )
        cache = FormatCache(cached.blocks, trusted=cached.blocks_own, layouts=cached.layouts)
        files = runtime_files(header) | format_files(
            render_package(checked, package=settings.package, header=header, templates=TEMPLATES),
            cache,
        )
        if helper.busy():
            _format_ahead(document, settings.package, inputs, header, cache, helper)
        made = helper.models()
        models = made.models
        api = linked_api(document, settings.package, models, inputs)
        # The operations' modules and the models are formatted block by block by both
        # processes together, this one taking the operations' blocks first.
        blocks = _operation_blocks(api, settings.package, header, cache)
        blocks |= _model_blocks(made, api, settings, header, cache)
        helper.share_black([block for file in blocks.values() for block in for_black(file)], cache)
    files |= {path: format_blocks(file, cache) for path, file in blocks.items()}
    files[MANIFEST] = render_manifest(
        files, settings=settings, spec_sha256=spec.sha256, spec_files=spec.file_keys
    )
    return Build(
        files=dict(sorted(files.items())),
        kept=Caches(
            cache.used,
            models.cached.entry() if models.cached is not None else None,
            layouts=cache.layouts_used,
        ),
        notes=(*helper.notes, *_collisions(spec, inputs, models)),
    )


def _format_ahead(
    document: Document,
    package: str,
    inputs: ModelsInput,
    header: str,
    cache: FormatCache,
    helper: Helper[_Made],
) -> None:
    """While the second process makes the models, put the operations' blocks through
    black as they will most likely be: with each component schema's class named after
    its key, and the schemas that are neither objects nor enums made type aliases.  The
    models' own names, linked once they exist, make the output; a block guessed wrong is
    simply formatted then (on Stripe, 18 of 5,253 names differ)."""
    schemas = component_schemas(inputs.data)
    classes = {jsonpointer.join(COMPONENT_SCHEMAS, key): class_name(key) for key in schemas}
    aliases = frozenset(
        jsonpointer.join(COMPONENT_SCHEMAS, key)
        for key, schema in schemas.items()
        if not _likely_class(schema)
    )
    try:
        built = build_api(
            document, package=package, classes=classes, aliases=aliases, models=inputs
        )
    except LookupError:  # a link to a schema that is not a component: no guess
        return
    from .formatting import for_black

    assert built.api is not None  # the same spec built without classes
    for file in _operation_blocks(built.api, package, header, cache, ahead=True).values():
        for block in for_black(file):
            if not helper.busy():
                return
            cache.format_ahead(block)


def _operation_blocks(
    api: Api, package: str, header: str, cache: FormatCache, *, ahead: bool = False
) -> dict[str, list[str]]:
    """The blocks of each operations' module, by path: laid out by ruff format first, as
    no template can know how long the spec's names make their lines (kept in ``cache``;
    ``ahead``: for the guess ``_format_ahead`` makes)."""
    from .formatting import blocks_of
    from .render import render_operations

    return {
        path: blocks_of(source, ruff_first=True, layouts=cache, ahead=ahead)
        for path, source in render_operations(
            api, package=package, header=header, templates=TEMPLATES
        ).items()
    }


@dataclass(frozen=True)
class _Made:
    """The models, their source laid out (``formatting.laid_out``), and their modules
    when there are too many for one (``models_split``)."""

    models: Models
    laid_out: str
    package: ModelsPackage | None


def _made_models(inputs: ModelsInput, scratch: Path, cached: Any) -> _Made:
    """``make_models``, then the work on its source that needs nothing else: done by the
    second process, where there is one, while this one formats the operations."""
    from .formatting import laid_out
    from .models_split import split_models

    models = make_models(inputs, scratch, cached)
    source = laid_out(models.source)
    return _Made(models, source, split_models(source, models.classes, inputs.hoisted))


def _model_blocks(
    made: _Made, api: Api, settings: Settings, header: str, cache: FormatCache
) -> dict[str, list[str]]:
    """The blocks of ``models.py``; or of the modules of ``models/`` when there are too
    many models for one."""
    from .formatting import blocks_of
    from .render import render_model_package, render_models

    if made.package is None:
        source = render_models(api, models_source=made.laid_out, header=header, templates=TEMPLATES)
        return {"models.py": blocks_of(source, layouts=cache)}
    files = render_model_package(
        api, made.package, package=settings.package, header=header, templates=TEMPLATES
    )
    # The modules are small and laid out already but for their imports; the index of
    # thousands of names is laid out by ruff first, as no template can know its lines.
    index = files.pop("models/__init__.py")
    blocks = {"models/__init__.py": blocks_of(index, ruff_first=True, layouts=cache)}
    return blocks | {
        path: blocks_of(text, whole=True, layouts=cache) for path, text in files.items()
    }


def _likely_class(schema: Any) -> bool:
    """Whether datamodel-code-generator most likely makes ``schema`` a class (an object
    with properties, or an enum) rather than a type alias."""
    if not isinstance(schema, dict):
        return False
    has_fields = "properties" in schema or "allOf" in schema
    return (
        has_fields
        or "enum" in schema
        or (schema.get("type") == "object" and "additionalProperties" not in schema)
    )


def _collisions(spec: Spec, inputs: ModelsInput, models: Models) -> list[str]:
    """Where a type the library named itself could not have its place's name (info):
    the place as the spec has it (an inline schema moved under ``components`` is named
    by where it stood)."""
    from .models_stage import place_collisions

    origins = {moved: place for place, moved in inputs.hoisted.items()}
    found = []
    for pointer, name, wanted in place_collisions(models):
        below = in_component_schema(pointer)
        assert below is not None  # place_collisions' places are below component schemas
        component = jsonpointer.join(COMPONENT_SCHEMAS, below[0])
        rest = pointer.removeprefix(component)
        where = spec.locate(origins.get(component, component) + rest)
        found.append(
            f"{where}: info: this inline schema is the class {name!r}: the name its place "
            f"gives, {wanted!r}, is taken"
        )
    return found


def checked_api(
    spec: Spec, document: Document, inputs: ModelsInput, *, lint: Mapping[str, Any], package: str
) -> Api:
    """The intermediate model before the models exist; ``SpecError`` with every error of
    the lint rules ``generate`` enforces (whatever ``lint``, ``[tool.clientgen.lint]``,
    says of them) and of the builder's limits."""
    from .lint import GENERATE_NEEDS, LintConfig, lint_spec

    config = LintConfig.from_dict(lint).enforcing(GENERATE_NEEDS)
    checked = build_api(document, package=package, models=inputs)
    findings = lint_spec(spec, config, built=checked)
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors or checked.api is None:
        limits = [d for d in checked.diagnostics if d.severity == "error"]
        raise SpecError(list(dict.fromkeys([*errors, *limits])))
    return checked.api


def linked_api(document: Document, package: str, models: Models, inputs: ModelsInput) -> Api:
    """The intermediate model with the models' own class names."""
    try:
        built = build_api(
            document, package=package, classes=models.classes, aliases=models.aliases, models=inputs
        )
    except LookupError as exc:
        raise GeneratorError(str(exc)) from exc
    assert built.api is not None  # the same spec built without classes
    return built.api


def make_models(
    inputs: ModelsInput,
    scratch: Path,
    cached: Any = None,
    only: frozenset[str] | None = None,
) -> Models:
    """The models of the spec, by datamodel-code-generator (imported here, when needed);
    ``scratch`` is a private folder the caller removes; ``cached``: what an earlier
    build kept (``Build.models``), used when made from the same input; ``only``: the keys
    of the component schemas to make models of (and no others: ``diff.subset``), each
    named as among all of them."""
    from .models_stage import generate_models

    schemas = component_schemas(inputs.data)
    data = inputs.data
    if only is not None:
        kept = {key: schema for key, schema in schemas.items() if key in only}
        data = {**data, "components": {**inputs.data["components"], "schemas": kept}}
    return generate_models(
        data,
        templates=TEMPLATES,
        scratch=scratch,
        scalars=inputs.scalars,
        cached=cached,
        reserved=frozenset(class_name(str(key)) for key in schemas),
    )
