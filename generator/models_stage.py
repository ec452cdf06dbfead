"""Stage 4a: pydantic v2 models for every component schema, by datamodel-code-generator.

The library runs in-process on the already-loaded document (nothing is read twice) with
formatting switched off: the formatting stage formats every file the same way.  Enums go
through the project's own template (``templates/models/Enum.jinja2``) and every model
derives from ``ApiModel`` in the generated ``_base.py``, imported relatively so the package
works under any name.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from datamodel_code_generator import Error as DatamodelError
from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType, TargetPydanticVersion
from datamodel_code_generator.format import PythonVersion

from .build.inline import place_name
from .diagnostics import GeneratorError
from .document import pointer as jsonpointer
from .document.openapi import COMPONENT_SCHEMAS, in_component_schema
from .ir.names import class_name, numbered
from .library_input import builtin_field_aliases, library_input
from .models_fill import NotDeclarative, NotFilled, Tokenized, filled, tokenized
from .models_repair import Span, adjusted, renames, spliced
from .speed import CachedModels, models_key

__all__ = ["Models", "generate_models", "place_collisions"]

# The names that models.py takes from the generated _base.py instead of pydantic or enum.
_FROM_BASE = ("ApiModel", "Base64Content", "FileContent", "MISSING", "OpenEnum")


@dataclass(frozen=True)
class Models:
    """The unformatted source of ``models.py`` (without its header), and the class the
    library made of each schema, by the schema's JSON pointer; ``cached``: what the next
    run may use again (None when these models are not to be kept)."""

    source: str
    classes: Mapping[str, str]
    aliases: frozenset[str] = frozenset()  # the schemas made type aliases, not classes
    cached: CachedModels | None = None


def generate_models(
    document: dict[str, Any],
    *,
    templates: Path,
    scratch: Path,
    scalars: Mapping[str, str] | None = None,
    cached: Any = None,
    reserved: frozenset[str] = frozenset(),
) -> Models:
    """The models of every component schema.

    ``scratch`` is a private folder the caller removes: the library hands over which class
    it made of which schema only as a file.  (The caller owns it because this may run in
    a second process that is killed when its work is no longer needed.)

    ``scalars`` maps the component schemas rendered as type aliases in ``scalars.py`` to
    their alias names; the models refer to those aliases instead of wrapping each in a
    RootModel.  ``cached``: what an earlier run kept (``Models.cached``, as read back from
    disk: only a hint), used when it was made from the same input.  ``reserved``: names
    taken besides the module's own (every component schema's class, also of those left
    out of this run).
    """
    scalars = scalars or {}
    document = library_input(document)
    schemas = (document.get("components") or {}).get("schemas") or {}
    if not schemas:
        return Models("", {})  # the library refuses a document without models
    descriptions = tokenized(document)
    key = models_key(descriptions.data, scalars)
    kept = CachedModels.of(cached, key)
    if kept is not None:
        with contextlib.suppress(NotDeclarative, NotFilled):
            return _models(kept, descriptions)  # else made again, as if never kept
    made, parsed = _made(descriptions.data, schemas, templates, scalars, scratch, key, reserved)
    try:
        try:
            return _models(made, descriptions, parsed)
        except NotFilled:  # a token where the library put no docstring or literal
            plain, parsed = _made(document, schemas, templates, scalars, scratch, key, reserved)
            return replace(_models(plain, Tokenized(document, {}), parsed), cached=None)
    except NotDeclarative as exc:
        raise GeneratorError(f"datamodel-code-generator wrote more than declarations: {exc}")


@dataclass(frozen=True)
class _Parsed:
    """The library's source, adjusted, as parsed, and the spans that rename its classes:
    the models kept for the next run are this source with them put in."""

    source: str
    tree: ast.Module
    renames: list[Span]


def _models(made: CachedModels, descriptions: Tokenized, parsed: _Parsed | None = None) -> Models:
    """The models with their descriptions put in; ``parsed``: how this run made ``made``
    (its source is then not parsed again)."""
    if parsed is None:
        source = filled(made.source, descriptions)
    else:
        source = filled(parsed.source, descriptions, tree=parsed.tree, edits=parsed.renames)
    return Models(source, made.classes, frozenset(made.aliases), made)


def _made(
    document: dict[str, Any],
    schemas: Mapping[str, Any],
    templates: Path,
    scalars: Mapping[str, str],
    scratch: Path,
    key: str,
    reserved: frozenset[str],
) -> tuple[CachedModels, _Parsed]:
    """The library's models of ``document``, adjusted (``models_repair``), the classes it
    named itself named by their place (``_place_names``); and how they were made."""
    metadata = scratch / f"models-{os.getpid()}.json"
    try:
        source = _run_library(document, schemas, templates, scalars, metadata)
        made = json.loads(metadata.read_text(encoding="utf-8"))["models"]
    finally:
        metadata.unlink(missing_ok=True)
    classes = {model["source_ref"].removeprefix("#"): model["class_name"] for model in made}
    source, tree = adjusted(_without_banner(source))
    names = _place_names(classes, tree, reserved)
    classes = {pointer: names.get(name, name) for pointer, name in classes.items()}
    # A type alias (a union, a map, a list) is the one model the library lists with a
    # single field without a name: its type.
    aliases = tuple(
        model["source_ref"].removeprefix("#")
        for model in made
        if [field["name"] for field in model["fields"]] == [""]
    )
    spans = renames(source, tree, names)
    return CachedModels(key, spliced(source, spans), classes, aliases), _Parsed(source, tree, spans)


def _place_names(
    classes: Mapping[str, str], tree: ast.Module, reserved: frozenset[str]
) -> dict[str, str]:
    """A new name for each class the library named itself, after an inline schema it
    made a type of (a constrained string in an ``anyOf``, say), which it numbers in the
    order it meets them (``Application2``): the name the schema's place gives it
    (``build.inline.place_name``: ``ChargeApplicationOption1``).  A name taken gets the
    smallest free number after it, the places in sorted order; ``reserved`` names are
    taken too."""
    own = _library_named(classes)
    if not own:
        return {}
    taken = (_module_names(tree) | reserved) - set(own)
    names: dict[str, str] = {}
    for name, pointer in sorted(own.items(), key=lambda item: item[1]):
        names[name] = numbered(_wanted(classes, pointer), taken, separator="")
    return {old: new for old, new in names.items() if old != new}


def _library_named(classes: Mapping[str, str]) -> dict[str, str]:
    """Each class made of a schema below a component schema (one the library named
    itself), by its name, to the first place it is made of (a class the library shares
    between places is listed at the first)."""
    own: dict[str, str] = {}
    for pointer, name in sorted(classes.items()):
        found = in_component_schema(pointer)
        if found is not None and found[1]:
            own.setdefault(name, pointer)
    return own


def _wanted(classes: Mapping[str, str], pointer: str) -> str:
    """The name the place of ``pointer`` (below a component schema) gives its class."""
    found = in_component_schema(pointer)
    assert found is not None  # a place of _library_named
    component, steps = found
    parent = classes.get(jsonpointer.join(COMPONENT_SCHEMAS, component))
    return place_name(parent or class_name(component), steps)


def place_collisions(models: Models) -> Iterator[tuple[str, str, str]]:
    """Each class the library named itself whose place's name was taken: its schema's
    pointer (in ``ModelsInput.data``), its class, and the name its place gives."""
    for name, pointer in _library_named(models.classes).items():
        wanted = _wanted(models.classes, pointer)
        if name != wanted:
            yield pointer, name, wanted


def _module_names(tree: ast.Module) -> set[str]:
    """Every name the module defines or imports at its top level."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.ImportFrom):
            found.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(target.id for target in targets if isinstance(target, ast.Name))
    return found


def _run_library(
    document: dict[str, Any],
    schemas: Mapping[str, Any],
    templates: Path,
    scalars: Mapping[str, str],
    metadata: Path,
) -> str:
    with warnings.catch_warnings():
        # The library warns, for instance, that a UUID field can't also take a pattern;
        # the same facts are reported by ``lint``, so they are not repeated here.
        warnings.simplefilter("ignore")
        try:
            source = generate(
                document,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_310,
                target_pydantic_version=TargetPydanticVersion.V2_14,
                base_class="clientgen_base.ApiModel",
                additional_imports=["clientgen_base.OpenEnum"] if _has_enum(schemas) else [],
                import_overrides={name: "._base" for name in _FROM_BASE}
                | {alias: ".scalars" for alias in scalars.values()},
                type_overrides={
                    name: f"clientgen_scalars.{alias}" for name, alias in scalars.items()
                },
                custom_template_dir=templates / "models",
                use_missing_sentinel=True,
                aliases=builtin_field_aliases(schemas),
                strict_nullable=True,
                use_annotated=True,
                field_constraints=True,
                snake_case_field=True,
                use_subclass_enum=True,
                capitalise_enum_members=True,
                set_default_enum_member=True,
                allow_remote_refs=False,  # never fetched: lint refuses them, and this too
                use_union_operator=True,
                use_type_alias=True,
                use_standard_collections=True,
                use_schema_description=True,
                use_double_quotes=True,
                # email: a str (EmailStr would need email-validator); binary: JSON has
                # no bytes, so a binary string in a JSON body is the text sent (a
                # multipart file field is FileContent, a byte string Base64Content).
                type_mappings=["email=string", "binary=string"],
                disable_timestamp=True,
                formatters=[],
                emit_model_metadata=metadata,
                # Stripe names schemas checkout.session: one class, CheckoutSession, as
                # ir.names.class_name makes it, not a module checkout with a class Session.
                treat_dot_as_module=False,
            )
        except DatamodelError as exc:
            raise GeneratorError(
                f"datamodel-code-generator could not build the models: {exc}"
            ) from exc
        except Exception as exc:  # a schema broken in a way lint let through (schema-structure)
            raise GeneratorError(
                "datamodel-code-generator failed on the schemas "
                f"({type(exc).__name__}: {exc}); fix what lint's schema-structure reports"
            ) from exc
    if not isinstance(source, str):
        raise GeneratorError("datamodel-code-generator returned several modules; expected one")
    return source


def _has_enum(node: Any) -> bool:
    """Whether a schema below ``node`` has an ``enum``: then the models need ``OpenEnum``
    (the Enum template uses it), and only then may it be imported."""
    if isinstance(node, dict):
        return isinstance(node.get("enum"), list) or any(_has_enum(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_enum(item) for item in node)
    return False


def _without_banner(source: str) -> str:
    """Drop the library's own "generated by" comment; our header says how the file was made."""
    lines = source.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)
