"""A broken spec stops ``generate`` with a located message and leaves the output untouched.

The whole tool as a user runs it (``python -m generator generate``), every stage at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run_python
from .treediff import files_in


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def edit_spec(project: Path, old: str, new: str) -> None:
    spec = project / "spec" / "openapi.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))


def line_of(project: Path, needle: str) -> int:
    lines = (project / "spec" / "openapi.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def assert_fails_untouched(project: Path, expected_location: str, expected_text: str) -> None:
    before = files_in(project / "generated")
    result = generate(project)
    assert result.returncode == 2, result.stderr
    assert expected_location in result.stderr
    assert expected_text in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(project / "generated") == before


def test_yaml_syntax_error_is_located(project: Path) -> None:
    line = line_of(project, "operationId: updateCampaign")
    edit_spec(project, "operationId: updateCampaign", "operationId: [updateCampaign")
    assert_fails_untouched(project, f"spec/openapi.yaml:{line + 1}:", "syntax error")


def test_ref_to_a_missing_schema_is_located(project: Path) -> None:
    needle = "$ref: '#/components/schemas/UpdateCampaignRequest'"
    line = line_of(project, needle)
    edit_spec(project, needle, "$ref: '#/components/schemas/NoSuchSchema'")
    column = (project / "spec" / "openapi.yaml").read_text().splitlines()[line - 1].index("'") + 1
    assert_fails_untouched(
        project,
        f"spec/openapi.yaml:{line}:{column}: reference '#/components/schemas/NoSuchSchema'",
        "(at #/paths/~1v2~1campaigns~1{campaignId}/patch/requestBody/content/application~1json/schema/$ref)",
    )


def test_every_missing_ref_is_reported(project: Path) -> None:
    edit_spec(
        project, "$ref: '#/components/schemas/Campaign'", "$ref: '#/components/schemas/Gone1'"
    )
    edit_spec(
        project, "$ref: '#/components/schemas/RoutingUser'", "$ref: '#/components/schemas/Gone2'"
    )
    result = generate(project)
    assert result.returncode == 2
    assert "Gone1" in result.stderr and "Gone2" in result.stderr


def test_duplicate_key_is_located(project: Path) -> None:
    line = line_of(project, "operationId: updateCampaign")
    edit_spec(
        project,
        "operationId: updateCampaign",
        "operationId: updateCampaign\n      operationId: again",
    )
    assert_fails_untouched(
        project, f"spec/openapi.yaml:{line + 1}:7", "duplicate key 'operationId'"
    )


def test_invalid_schema_is_located_at_its_definition(project: Path) -> None:
    old = "Lifecycle status of a campaign.\n      type: string"
    line = line_of(project, "Lifecycle status of a campaign.")
    edit_spec(project, old, "Lifecycle status of a campaign.\n      type: strin")
    assert_fails_untouched(
        project, f"spec/openapi.yaml:{line + 1}:13", "(at #/components/schemas/CampaignStatus/type)"
    )


def test_missing_spec_file_is_a_clear_error(project: Path) -> None:
    (project / "spec" / "openapi.yaml").unlink()
    result = generate(project)
    assert result.returncode == 2
    assert "cannot read the spec" in result.stderr


def test_refuses_a_foreign_folder_without_force(project: Path) -> None:
    foreign = project / "elsewhere" / "carecycle"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    result = generate(project, "--out", "elsewhere")
    assert result.returncode == 2
    assert "not this generator's output" in result.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert generate(project, "--out", "elsewhere", "--force").returncode == 0
    assert (foreign / "notes.txt").read_text() == "mine"
    assert (foreign / "models.py").is_file()


def test_stale_files_are_removed_and_foreign_files_kept(project: Path) -> None:
    package = project / "generated" / "carecycle"
    manifest = package / ".clientgen-manifest.json"
    manifest.write_text(
        manifest.read_text().replace('"files": {', '"files": {\n    "api/old.py": "x",', 1)
    )
    (package / "api" / "old.py").write_text("# written by an earlier run\n")
    (package / "NOTES.md").write_text("the user's own file\n")
    result = generate(project)
    assert result.returncode == 0, result.stderr
    assert not (package / "api" / "old.py").exists()
    assert (package / "NOTES.md").read_text() == "the user's own file\n"
    assert files_in(package) == {
        **files_in(ROOT / "generated" / "carecycle"),
        "NOTES.md": "the user's own file\n",
    }


@pytest.mark.parametrize(
    ("extra", "argument", "owner"),
    [
        ("- {name: timeout, in: query, schema: {type: integer}}", "timeout_query", "every"),
        ("- {name: extraQuery, in: query, schema: {type: string}}", "extra_query_query", "every"),
        (
            "- {name: Content-Type, in: query, schema: {type: string}}",
            "content_type_query",
            "every",
        ),
        (
            "- {name: extra_headers, in: header, schema: {type: string}}",
            "extra_headers_header",
            "every",
        ),
        (
            "- {name: campaign-id, in: query, schema: {type: string}}",
            "campaign_id_query",
            "path parameter 'campaignId'",
        ),
    ],
    ids=[
        "reserved-name",
        "extra-query",
        "content-type",
        "extra-headers",
        "same-name-after-snake-case",
    ],
)
def test_a_parameter_that_would_clash_with_another_argument_is_renamed_and_noted(
    project: Path, extra: str, argument: str, owner: str
) -> None:
    anchor = "      requestBody:\n"  # right after the operation's own parameters
    spec = project / "spec" / "openapi.yaml"
    text = spec.read_text()
    line = text[: text.index(anchor)].count("\n") + 1
    spec.write_text(text.replace(anchor, "        " + extra + "\n" + anchor, 1))
    result = generate(project)
    assert result.returncode == 0, result.stderr
    module = (project / "generated" / "carecycle" / "api" / "campaigns.py").read_text()
    assert f"    {argument}: " in module
    lint = subprocess.run(
        [sys.executable, "-m", "generator", "lint", "spec/openapi.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    assert f"spec/openapi.yaml:{line}:" in lint.stdout
    assert f"is the argument {argument!r}" in lint.stdout
    assert owner in lint.stdout


def test_two_schemas_that_would_share_a_class_name_get_two_classes(project: Path) -> None:
    spec = project / "spec" / "openapi.yaml"
    text = spec.read_text()
    anchor = "    RoutingUser:\n"
    line = text[: text.index(anchor)].count("\n") + 1
    spec.write_text(text.replace(anchor, "    routing-user:\n      type: object\n" + anchor, 1))
    result = generate(project)
    assert result.returncode == 0, result.stderr
    models = (project / "generated" / "carecycle" / "models.py").read_text()
    assert "class RoutingUser(ApiModel):" in models  # spelled as the class: it keeps it
    assert "class RoutingUser2(ApiModel):" in models
    lint = run_python("from generator.cli import main; main(['lint'])", cwd=project)
    assert (
        f"spec/openapi.yaml:{line}:5: info class-name-collision: schema 'routing-user' is "
        "the class 'RoutingUser2', since schema 'RoutingUser' is the class 'RoutingUser'"
    ) in lint.stdout


def test_a_schema_the_model_generator_renames_is_still_the_right_class(project: Path) -> None:
    """A schema called ``Field`` becomes the class ``FieldModel`` (the name would shadow
    pydantic's ``Field``); the client takes the class name from the model generator, so
    it returns that class.  It used to guess the name and refuse the spec."""
    spec = project / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("UpdateCampaignResponse", "Field"))
    result = generate(project)
    assert result.returncode == 0, result.stderr
    module = (project / "generated" / "carecycle" / "api" / "campaigns.py").read_text()
    assert ") -> FieldModel:" in module
    probe = (
        "from carecycle.api.campaigns import update_campaign\n"
        "from carecycle.models import FieldModel\n"
        "import typing\n"
        "print(typing.get_type_hints(update_campaign)['return'] is FieldModel)\n"
    )
    checked = run_python(probe, cwd=project / "generated")
    assert checked.stdout.strip() == "True", checked.stderr


def test_a_refused_spec_leaves_no_temporary_folder_behind(project: Path, tmp_path: Path) -> None:
    # The second process, making the models while this one lints, is killed when lint
    # refuses the spec; the models' private folder must go with it.
    edit_spec(
        project,
        "$ref: '#/components/schemas/UpdateCampaignRequest'",
        "$ref: '#/components/schemas/NoSuchSchema'",
    )
    temporary = tmp_path / "tmp"
    for _ in range(3):
        temporary.mkdir()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        assert result.returncode == 2, result.stderr
        assert list(temporary.iterdir()) == []
        temporary.rmdir()
