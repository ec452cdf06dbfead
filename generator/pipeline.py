"""The pure part of the pipeline: spec file in, ``{relative path: file text}`` out.

A spec that fails any error-level lint rule (``generator.lint``) is refused.  Where the
platform can fork, a second process makes the models (datamodel-code-generator) while
this one lints the spec, builds the intermediate model, and renders and formats the
other files; then the two share black's work on the models' blocks.  The heavy libraries
are imported inside the branch that needs them, so each process imports only its own
share.  The bytes are the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import TEMPLATES
from .config import Settings
from .diagnostics import GeneratorError, SpecError
from .document import load_spec
from .manifest import MANIFEST, render_manifest
from .operations import Api, build_api, scalar_schema_names
from .second_process import start_helper

__all__ = ["Build", "build"]


@dataclass(frozen=True)
class Build:
    """Every file of the package by its path inside the package folder, the formatted
    blocks this build used (the format cache for the next one), and notes for the user."""

    files: dict[str, str]
    formatted_blocks: dict[str, str]
    notes: tuple[str, ...] = ()


def build(
    settings: Settings, *, regenerate_command: str, cached_blocks: Mapping[str, str] | None = None
) -> Build:
    """Run every pure stage; raise ``GeneratorError`` (or ``SpecError``) on bad input."""
    spec = load_spec(
        settings.spec, display_name=settings.shown(settings.spec), limits=settings.read_limits
    )
    scalars = scalar_schema_names(spec.data)
    with start_helper(partial(_models, spec.data, scalars)) as helper:
        from .formatting import FormatCache, blocks_of, format_blocks, format_files
        from .lint import LintConfig, lint_spec
        from .render import file_header, render_models, render_package

        errors = [
            finding
            for finding in lint_spec(spec, LintConfig.from_dict(settings.lint))
            if finding.severity == "error"
        ]
        if errors:
            raise SpecError(errors)
        api = build_api(spec, package=settings.package)
        header = file_header(
            spec_name=settings.spec.name, spec_sha256=spec.sha256, command=regenerate_command
        )
        cache = FormatCache(dict(cached_blocks or {}))
        files = format_files(
            render_package(api, package=settings.package, header=header, templates=TEMPLATES),
            cache,
        )
        models_source = helper.models()
        _check_model_names(api, models_source)
        blocks = blocks_of(
            render_models(api, models_source=models_source, header=header, templates=TEMPLATES),
            ruff_first=True,
        )
        helper.share_black(blocks, cache)
    files["models.py"] = format_blocks(blocks, cache)
    files[MANIFEST] = render_manifest(files, settings=settings, spec_sha256=spec.sha256)
    return Build(
        files=dict(sorted(files.items())), formatted_blocks=cache.used, notes=tuple(helper.notes)
    )


def _check_model_names(api: Api, models_source: str) -> None:
    """Every model the client refers to is a class of that name in the models' source.

    datamodel-code-generator renames a class that would shadow a name it imports (a schema
    called ``Field`` becomes ``FieldModel``); the client would then import the wrong name.
    """
    classes = set(re.findall(r"^class (\w+)\(", models_source, re.MULTILINE))
    referenced = {
        model
        for tag in api.tags
        for op in tag.operations
        for model in (op.body.model if op.body else None, *(r.model for r in op.responses))
        if model is not None
    }
    missing = sorted(referenced - classes)
    if missing:
        raise GeneratorError(
            "datamodel-code-generator renamed the model of schema(s) "
            f"{', '.join(missing)} (the name clashes with one it imports); rename the schema"
        )


def _models(document: dict[str, Any], scalars: list[str]) -> str:
    from .models_stage import generate_models

    return generate_models(document, templates=TEMPLATES, scalars=scalars)
