"""A spec split across files: bundled at load time into one document, located in the file
each value came from, confined to the spec's folder, and fingerprinted as a whole.

The fixtures are ``tests/document/split/pets/`` (split across seven files, with a cycle
across two) and ``tests/document/split/pets-single/``, its single-file twin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import SpecError
from generator.document import ReadLimits, load_spec

from ..treediff import files_in

SPLIT = Path(__file__).parent / "split"
_SHA = re.compile(r"sha256 [0-9a-f]{64}")
_PYPROJECT = '[tool.clientgen]\nspec = "spec/openapi.yaml"\npackage = "pets"\n'
_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"


def make_project(folder: Path, fixture: str = "pets") -> Path:
    """A project whose spec folder is a copy of ``tests/document/split/<fixture>``."""
    shutil.copytree(SPLIT / fixture, folder / "spec")
    (folder / "pyproject.toml").write_text(_PYPROJECT)
    return folder


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def where(path: Path, needle: str) -> str:
    """``line:column`` of the first ``needle`` in ``path``."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} is not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1))


def assert_refused(project: Path, location: str, *needles: str) -> None:
    """``generate`` exits 2 with a located message and writes nothing; ``lint`` reports
    the same as an error finding."""
    result = cli(project, "generate")
    assert result.returncode == 2, result.stderr
    assert f"{location}: " in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "generated").exists()
    linted = cli(project, "lint", "spec/openapi.yaml")
    assert linted.returncode == 1, linted.stdout
    assert f"{location}: error " in linted.stdout, linted.stdout


def comparable(files: dict[str, str]) -> dict[str, str]:
    """A package's files without what names the spec's bytes: the sha256 in each header,
    and in the manifest the spec's sha256, its files and the hashes of the files."""
    found = {path: _SHA.sub("sha256 -", text) for path, text in files.items()}
    manifest = json.loads(files[".clientgen-manifest.json"])
    del manifest["spec_sha256"]
    manifest.pop("spec_files", None)
    manifest["files"] = sorted(manifest["files"])
    found[".clientgen-manifest.json"] = json.dumps(manifest, sort_keys=True)
    return found


# ------------------------------------------------------------------ bundling


def test_a_split_spec_generates_the_same_client_as_its_single_file_twin(tmp_path: Path) -> None:
    split = make_project(tmp_path / "split", "pets")
    single = make_project(tmp_path / "single", "pets-single")
    spec_before = files_in(split / "spec")
    for project in (split, single):
        result = cli(project, "generate")
        assert result.returncode == 0, result.stderr
    made = files_in(split / "generated" / "pets")
    assert comparable(made) == comparable(files_in(single / "generated" / "pets"))
    assert "class Pet(ApiModel)" in made["models.py"]
    assert "class Tag(ApiModel)" in made["models.py"]  # the cycle across two files
    manifest = json.loads(made[".clientgen-manifest.json"])
    assert manifest["spec_files"] == [
        "common.yaml",
        "parameters.json",
        "paths/pet.yaml",
        "paths/pets.yaml",
        "schemas/Pet.yaml",
        "schemas/Tag.yaml",
    ]
    assert files_in(split / "spec") == spec_before  # nothing is written beside the spec
    assert cli(split, "check").returncode == 0
    # Same files, same bytes, wherever the project is.
    again = make_project(tmp_path / "elsewhere" / "again", "pets")
    assert cli(again, "generate").returncode == 0
    assert files_in(again / "generated" / "pets") == made


def test_editing_any_referenced_file_makes_check_stale(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert cli(project, "generate").returncode == 0
    up_to_date = cli(project, "check")
    assert up_to_date.returncode == 0, up_to_date.stderr
    assert "up to date" in up_to_date.stderr
    tag = project / "spec" / "schemas" / "Tag.yaml"
    original = tag.read_text()
    edit(tag, "label:\n    type: string", "label:\n    type: string\n    description: Its label.")
    stale = cli(project, "check")
    assert stale.returncode == 1
    assert "would update generated/pets/models.py" in stale.stderr
    assert any("Its label." in line for line in stale.stdout.splitlines() if line[:1] == "+")
    tag.write_text(original)
    assert cli(project, "check").returncode == 0
    # A change that doesn't change the models changes the sha256 every header shows.
    for path in sorted((project / "spec").rglob("*.*")):
        original = path.read_text()
        path.write_text(original + "\n")
        assert cli(project, "check").returncode == 1, path
        path.write_text(original)
    assert cli(project, "check").returncode == 0
    # A manifest listing a file outside the spec's folder makes the tree stale, unread.
    manifest = project / "generated" / "pets" / ".clientgen-manifest.json"
    edit(manifest, '"common.yaml",', '"../outside.yaml",')
    (project / "outside.yaml").write_text("secret\n")
    planted = cli(project, "check")
    assert planted.returncode == 1 and "Traceback" not in planted.stderr
    assert "would update generated/pets/.clientgen-manifest.json" in planted.stderr


def test_names_of_bundled_parts_are_readable_and_collisions_deterministic(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        _HEAD + "paths: {}\ncomponents:\n  schemas:\n    Error: {type: string}\n    Uses:\n"
        "      properties:\n"
        "        a: {$ref: 'errors.yaml#/Error'}\n"
        "        b: {$ref: 'v2/errors.yaml#/Error'}\n"
        "        c: {$ref: 'schemas/item.yaml'}\n"
        "        d: {$ref: 'other/Item.yaml'}\n"
        "        e: {$ref: 'v2/errors.yaml#/Code'}\n"
    )
    for path in ("errors.yaml", "v2/errors.yaml"):
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text("Error: {type: object}\nCode: {type: integer}\n")
    for path in ("schemas/item.yaml", "other/Item.yaml"):
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text("type: object\n")
    loaded = load_spec(spec)
    schemas = loaded.data["components"]["schemas"]
    assert list(schemas) == [
        "Error",
        "Uses",
        "Code",
        "errors_Error",
        "other_Item",
        "schemas_item",
        "v2_errors_Error",
    ]
    refs = [value["$ref"] for value in schemas["Uses"]["properties"].values()]
    assert refs == [
        "#/components/schemas/errors_Error",
        "#/components/schemas/v2_errors_Error",
        "#/components/schemas/schemas_item",
        "#/components/schemas/other_Item",
        "#/components/schemas/Code",
    ]
    assert json.dumps(load_spec(spec).data) == json.dumps(loaded.data)


def test_a_path_item_is_copied_in_place_once(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        _HEAD + "paths:\n  /a: {$ref: 'item.yaml'}\n  /b: {$ref: 'item.yaml', summary: B}\n"
    )
    (tmp_path / "item.yaml").write_text("summary: A\nget: {responses: {'204': {description: x}}}\n")
    paths = load_spec(spec).data["paths"]
    assert paths["/a"] == {"summary": "A", "get": {"responses": {"204": {"description": "x"}}}}
    assert paths["/b"] == {"$ref": "#/paths/~1a", "summary": "B"}


# ------------------------------------------------------------------- locations


def test_findings_in_a_referenced_file_are_located_there(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    tag = project / "spec" / "schemas" / "Tag.yaml"
    edit(tag, "required: [label]", "required: [label, colour]")
    result = cli(project, "lint", "spec/openapi.yaml")
    assert result.returncode == 1
    line = where(tag, "colour").split(":")[0]
    found = [row for row in result.stdout.splitlines() if "required-properties" in row]
    assert found and found[0].startswith(f"spec/schemas/Tag.yaml:{line}:"), result.stdout
    assert "(at #/components/schemas/Tag/required" in found[0]  # the bundled document's pointer
    # The source line shown under it is the referenced file's.
    assert result.stdout.splitlines()[result.stdout.splitlines().index(found[0]) + 1] == (
        f"{int(line):>5} | required: [label, colour]"
    )
    sarif = json.loads(cli(project, "lint", "--format", "sarif", "spec/openapi.yaml").stdout)
    (hit,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "required-properties"]
    location = hit["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "spec/schemas/Tag.yaml"


def test_a_syntax_error_in_a_referenced_file_is_located_there(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    tag = project / "spec" / "schemas" / "Tag.yaml"
    edit(tag, "  label:\n", "  label: [\n")
    result = cli(project, "generate")
    assert result.returncode == 2
    assert "spec/schemas/Tag.yaml:" in result.stderr and "syntax error" in result.stderr
    at = where(project / "spec" / "schemas" / "Pet.yaml", "'Tag.yaml'")
    assert f"(in a file referenced at spec/schemas/Pet.yaml:{at})" in result.stderr


def test_a_missing_file_is_located_at_its_ref(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pet = project / "spec" / "paths" / "pet.yaml"
    edit(pet, "'../schemas/Pet.yaml'", "'../schemas/Pets.yaml'")
    at = where(pet, "'../schemas/Pets.yaml'")
    assert_refused(
        project,
        f"spec/paths/pet.yaml:{at}",
        "reference '../schemas/Pets.yaml': cannot read spec/schemas/Pets.yaml",
        "[unresolved-ref]",
    )


def test_a_pointer_to_nothing_in_another_file_is_located_at_its_ref(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pets = project / "spec" / "paths" / "pets.yaml"
    edit(pets, "parameters.json#/Limit", "parameters.json#/Limits")
    at = where(pets, "'../parameters.json#/Limits'")
    assert_refused(
        project,
        f"spec/paths/pets.yaml:{at}",
        "it points to nothing in spec/parameters.json",
    )


def test_a_cycle_of_references_across_two_files_is_reported_not_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "spec" / "a.yaml").write_text("$ref: 'b.yaml'\n")
    (project / "spec" / "b.yaml").write_text("$ref: 'a.yaml'\n")
    edit(
        project / "spec" / "schemas" / "Tag.yaml",
        "label:\n    type: string",
        "label: {$ref: '../a.yaml'}",
    )
    result = cli(project, "generate")
    assert result.returncode == 2
    assert "[ref-cycle]" in result.stderr
    assert "spec/a.yaml:1:7: " in result.stderr or "spec/b.yaml:1:7: " in result.stderr


# ------------------------------------------------------------------------ safety


def test_a_ref_out_of_the_spec_folder_is_refused_unread(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "outside.yaml").write_text("{{{ never read\n")
    spec = project / "spec" / "openapi.yaml"
    edit(spec, "$ref: 'schemas/Pet.yaml'", "$ref: '../outside.yaml'")
    at = where(spec, "'../outside.yaml'")
    assert_refused(
        project,
        f"spec/openapi.yaml:{at}",
        "reference '../outside.yaml': it leads out of the spec's folder",
    )


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symlink_out_of_the_spec_folder_is_refused_unread(tmp_path: Path, link: str) -> None:
    project = make_project(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "Tag.yaml").write_text("{{{ never read\n")
    schemas = project / "spec" / "schemas"
    if link == "file":
        (schemas / "Tag.yaml").unlink()
        os.symlink(os.path.relpath(outside / "Tag.yaml", schemas), schemas / "Tag.yaml")
        ref, shown = "'Tag.yaml'", "spec/schemas/Tag.yaml is a symlink"
    else:
        os.symlink(outside, schemas / "shared")
        edit(schemas / "Pet.yaml", "'Tag.yaml'", "'shared/Tag.yaml'")
        ref, shown = "'shared/Tag.yaml'", "spec/schemas/shared/Tag.yaml is a symlink"
    assert_refused(
        project, f"spec/schemas/Pet.yaml:{where(schemas / 'Pet.yaml', ref)}", shown, "leading out"
    )


def test_a_referenced_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    schemas = project / "spec" / "schemas"
    (schemas / "Tag.yaml").unlink()
    os.mkfifo(schemas / "Tag.yaml")
    at = where(schemas / "Pet.yaml", "'Tag.yaml'")
    assert_refused(project, f"spec/schemas/Pet.yaml:{at}", "it is not a regular file")


def test_a_symlink_within_the_spec_folder_is_followed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    schemas = project / "spec" / "schemas"
    os.symlink("Tag.yaml", schemas / "Label.yaml")
    edit(schemas / "Pet.yaml", "'Tag.yaml'", "'Label.yaml'")
    assert cli(project, "lint", "spec/openapi.yaml").returncode == 0


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("https://example.com/pet.yaml", "URLs and other remote references are never followed"),
        ("//example.com/pet.yaml", "URLs and other remote references are never followed"),
        ("file:///etc/passwd", "URLs and other remote references are never followed"),
        ("/etc/passwd", "an absolute path is never followed"),
        ("schemas%2F..%2F..%2Foutside.yaml", "it leads out of the spec's folder"),
    ],
)
def test_urls_and_absolute_paths_are_refused(tmp_path: Path, ref: str, message: str) -> None:
    project = make_project(tmp_path)
    spec = project / "spec" / "openapi.yaml"
    edit(spec, "$ref: 'schemas/Pet.yaml'", f"$ref: '{ref}'")
    at = where(spec, f"'{ref}'")
    assert_refused(project, f"spec/openapi.yaml:{at}", message)


def test_the_size_limit_holds_for_all_files_together(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    main_size = (project / "spec" / "openapi.yaml").stat().st_size
    result = cli(project, "generate", "--max-spec-bytes", str(main_size + 100))
    assert result.returncode == 2
    assert "the spec's files are larger than the limit" in result.stderr
    assert "spec/openapi.yaml:" in result.stderr or "spec/paths/" in result.stderr


def test_the_number_of_files_is_bounded(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    refs = "".join(f"        p{n}: {{$ref: 's{n}.yaml'}}\n" for n in range(5))
    spec.write_text(
        _HEAD + "paths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n" + refs
    )
    for n in range(5):
        (tmp_path / f"s{n}.yaml").write_text("type: string\n")
    assert len(load_spec(spec).files) == 5
    with pytest.raises(SpecError, match="more than the limit of 3"):
        load_spec(spec, limits=ReadLimits(max_files=3))
