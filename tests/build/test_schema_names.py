"""Class names do not depend on the order of the document: colliding component schema
keys are numbered in sorted key order, and each collision is reported (info)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.config import load_settings
from generator.pipeline import Build, build

from ..conftest import run_python
from ..corpus_packages import CORPUS, expected_folder

CONSTRUCT = "schema-name-collisions"


def test_reordering_the_schemas_renames_no_class(tmp_path: Path) -> None:
    document = yaml.safe_load((CORPUS / CONSTRUCT / "spec.yaml").read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = dict(reversed(list(schemas.items())))
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    settings = load_settings(cwd=tmp_path, spec=str(spec), out=str(tmp_path / "out"), package="p")
    models = build(settings, regenerate_command="generate").files["models.py"]
    committed = expected_folder(CONSTRUCT) / "schema_name_collisions" / "models.py"
    classes = [line for line in models.splitlines() if line.startswith("class ")]
    expected = [line for line in committed.read_text().splitlines() if line.startswith("class ")]
    assert sorted(classes) == sorted(expected)


def test_each_collision_is_reported_as_info() -> None:
    result = run_python(
        "from generator.cli import main; raise SystemExit(main(['lint', 'spec.yaml']))",
        cwd=CORPUS / CONSTRUCT,
    )
    found = [line for line in result.stdout.splitlines() if "class-name-collision" in line]
    said = "info class-name-collision: schema {!r} is the class {!r}, since schema {!r} is the class {!r} (at #/components/schemas/{})"
    assert [line.split(": ", 1)[1] for line in found] == [
        said.format("user-profile", "UserProfile2", "UserProfile", "UserProfile", "user-profile"),
        said.format("user_profile", "UserProfile3", "UserProfile", "UserProfile", "user_profile"),
        said.format("item", "Item2", "Item", "Item", "item"),
    ]


def _library_named_spec(reverse: bool) -> dict[str, object]:
    """Two schemas whose ``application`` is a constrained string or an ``App``: the
    library makes a type of each string and would name them Application, Application1 in
    the order it meets them; a component already has the first one's place name."""

    def charge_like(max_length: int) -> dict[str, object]:
        string = {"maxLength": max_length, "type": "string"}
        return {
            "type": "object",
            "properties": {
                "application": {"anyOf": [string, {"$ref": "#/components/schemas/App"}]}
            },
        }

    schemas: dict[str, object] = {
        "charge": charge_like(10),
        "invoice": charge_like(20),
        "App": {"type": "object", "properties": {"id": {"type": "string"}}},
        "ChargeApplicationOption1": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    if reverse:
        schemas = dict(reversed(list(schemas.items())))
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _built(document: dict[str, object], folder: Path) -> Build:
    folder.mkdir()
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    settings = load_settings(cwd=folder, spec=str(spec), out=str(folder / "out"), package="p")
    return build(settings, regenerate_command="generate")


def test_types_the_library_names_are_named_by_their_place_in_any_order(
    tmp_path: Path,
) -> None:
    forward = _built(_library_named_spec(reverse=False), tmp_path / "forward")
    backward = _built(_library_named_spec(reverse=True), tmp_path / "backward")
    for built in (forward, backward):
        folder = tmp_path / ("forward" if built is forward else "backward")
        lines = (folder / "spec.yaml").read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if "maxLength: 10" in text)
        column = lines[line - 1].index("maxLength") + 1
        said = (
            f"spec.yaml:{line}:{column}: info: this inline schema is the class "
            "'ChargeApplicationOption12': the name its place gives, "
            "'ChargeApplicationOption1', is taken"
        )
        assert built.notes == (said,)
        models = built.files["models.py"]
        assert "application: ChargeApplicationOption12 | App | MISSING" in models
        assert "application: InvoiceApplicationOption1 | App | MISSING" in models
        assert (
            'ChargeApplicationOption12 = TypeAliasType(\n    "ChargeApplicationOption12"' in models
        )
        assert "class ChargeApplicationOption1(ApiModel):" in models
        assert "Application1" not in models.replace("ApplicationOption1", "")
