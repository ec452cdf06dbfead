"""The diff command: exit statuses, --fail-on, [tool.clientgen.diff], the formats,
unusable input, and sides given as git revisions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import Spec, both, project, run, schema, variant


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _drop_tag(data: Spec) -> None:  # breaking: response-property-removed
    del schema(data, "Pet")["properties"]["tag"]


def _add_error(data: Spec) -> None:  # a warning: error-response-added
    data["paths"]["/pets/{petId}"]["get"]["responses"]["500"] = {"description": "Broken."}


def _add_color(data: Spec) -> None:  # safe: response-property-added
    schema(data, "Pet")["properties"]["color"] = {"type": "string"}


# ------------------------------------------------------------------ exit status


def test_exit_1_when_anything_is_breaking(tmp_path: Path) -> None:
    project(tmp_path, spec=variant(_drop_tag))
    old = _write(tmp_path, "old.yaml", variant(None))
    status, out, err = run(tmp_path, old)
    assert (status, err) == (1, "")
    assert "breaking response-property-removed: `models.Pet.tag` is removed" in out
    assert "    what to do: code reading `models.Pet.tag` must stop" in out
    assert out.endswith("1 breaking, 0 warnings, 0 safe, from old.yaml to spec/openapi.yaml\n")


def test_exit_0_when_nothing_is_breaking_unless_fail_on_says_otherwise(tmp_path: Path) -> None:
    project(tmp_path)
    old = _write(tmp_path, "old.yaml", variant(None))
    warned = _write(tmp_path, "warned.yaml", variant(_add_error))
    safe = _write(tmp_path, "safe.yaml", variant(_add_color))
    assert run(tmp_path, old, warned)[0] == 0
    assert run(tmp_path, old, warned, fail_on="warning")[0] == 1
    assert run(tmp_path, old, safe, fail_on="warning")[0] == 0
    assert run(tmp_path, old, safe, fail_on="safe")[0] == 1
    status, out, _ = run(tmp_path, old, old)
    assert status == 0 and out.startswith("no change to the generated client\n")


def test_the_configuration_re_levels_rules_and_turns_them_off(tmp_path: Path) -> None:
    project(
        tmp_path,
        '[tool.clientgen.diff]\nseverities = { response-property-removed = "warning", '
        'response-property-added = "off" }\n',
        spec=variant(both(_drop_tag, _add_color)),
    )
    old = _write(tmp_path, "old.yaml", variant(None))
    status, out, _ = run(tmp_path, old)
    assert status == 0
    assert "warning response-property-removed" in out and "response-property-added" not in out
    assert run(tmp_path, old, fail_on="warning")[0] == 1


@pytest.mark.parametrize(
    "table",
    [
        'severities = { no-such-rule = "safe" }',
        'severities = { model-added = "fatal" }',
        "severities = 3",
        "ignore = []",
    ],
)
def test_a_bad_configuration_is_exit_2(tmp_path: Path, table: str) -> None:
    project(tmp_path, f"[tool.clientgen.diff]\n{table}\n")
    status, out, err = run(tmp_path, _write(tmp_path, "old.yaml", variant(None)))
    assert (status, out) == (2, "")
    assert err.startswith("error: diff: ")


def test_bad_arguments_are_exit_2(tmp_path: Path) -> None:
    project(tmp_path)
    old = _write(tmp_path, "old.yaml", variant(None))
    assert run(tmp_path, old, output_format="xml")[0] == 2
    assert run(tmp_path, old, fail_on="fatal")[0] == 2


# ------------------------------------------------------------- unusable input


@pytest.mark.parametrize("broken_side", ["old", "new"])
def test_a_broken_spec_on_either_side_is_exit_2_with_its_place(
    tmp_path: Path, broken_side: str
) -> None:
    project(tmp_path)
    good = _write(tmp_path, "good.yaml", variant(None))
    bad = _write(tmp_path, "bad.yaml", variant(None).replace("  /owners:\n", "  /owners: [\n"))
    status, out, err = run(tmp_path, *((bad, good) if broken_side == "old" else (good, bad)))
    assert (status, out) == (2, "")
    assert "bad.yaml:" in err and "syntax error" in err and "Traceback" not in err


def test_a_spec_generate_refuses_is_exit_2_with_each_problem_placed(tmp_path: Path) -> None:
    project(tmp_path)
    dangling = variant(None).replace("#/components/schemas/Error", "#/components/schemas/Nope")
    status, _, err = run(tmp_path, _write(tmp_path, "old.yaml", dangling))
    assert status == 2
    assert "old.yaml can't be generated" in err
    assert "unresolved-ref" in err and "#/paths/~1pets~1{petId}/get/responses/404" in err


def test_a_missing_file_or_revision_is_exit_2(tmp_path: Path) -> None:
    project(tmp_path)
    status, _, err = run(tmp_path, str(tmp_path / "nope.yaml"))
    assert status == 2 and err.startswith("error: ")


# -------------------------------------------------------------------- formats


def _formatted(tmp_path: Path, output_format: str) -> str:
    project(tmp_path, spec=variant(both(_drop_tag, _add_error)))
    old = _write(tmp_path, "old.yaml", variant(None))
    status, out, _ = run(tmp_path, old, output_format=output_format)
    assert status == 1
    return out


def test_json_has_both_places_the_verdict_and_what_to_do(tmp_path: Path) -> None:
    report = json.loads(_formatted(tmp_path, "json"))
    assert report["summary"] == {"breaking": 1, "warning": 1, "safe": 0}
    (removed,) = [c for c in report["changes"] if c["rule"] == "response-property-removed"]
    assert removed["verdict"] == "breaking"
    assert removed["old"]["file"] == "old.yaml"
    assert removed["old"]["pointer"] == "/components/schemas/Pet/properties/tag"
    assert removed["new"] == {
        "file": "spec/openapi.yaml",
        "line": removed["new"]["line"],
        "column": removed["new"]["column"],
        "pointer": "/components/schemas/Pet/properties",
    }
    assert removed["todo"] == "code reading `models.Pet.tag` must stop"


def test_markdown_is_a_summary_table_then_what_to_do(tmp_path: Path) -> None:
    out = _formatted(tmp_path, "markdown")
    table = out.index("| verdict | rule | change | new place |")
    details = out.index("#### What to do")
    assert "**1 breaking**, 1 warning, 0 safe" in out[:table]
    assert "| breaking | `response-property-removed` |" in out[table:details]
    assert "what to do: code reading `models.Pet.tag` must stop" in out[details:]


def test_github_annotates_the_new_file(tmp_path: Path) -> None:
    lines = _formatted(tmp_path, "github").splitlines()
    assert len(lines) == 2
    assert any(
        line.startswith("::error file=spec/openapi.yaml,line=")
        and "title=response-property-removed::" in line
        and "what to do: code reading `models.Pet.tag` must stop" in line
        for line in lines
    )
    assert any(line.startswith("::warning ") for line in lines)


def test_sarif_lists_the_diff_rules(tmp_path: Path) -> None:
    report = json.loads(_formatted(tmp_path, "sarif"))
    run_ = report["runs"][0]
    assert run_["tool"]["driver"]["name"] == "clientgen-diff"
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert "response-property-removed" in rules
    assert {result["ruleId"] for result in run_["results"]} == {
        "response-property-removed",
        "error-response-added",
    }


# ------------------------------------------------------------------------ git


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=30,
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with two commits of the spec: the base, then Pet.tag removed;
    the working tree adds Pet.color on top."""
    project(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "spec" / "openapi.yaml").write_text(variant(_drop_tag), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "drop Pet.tag")
    (tmp_path / "spec" / "openapi.yaml").write_text(
        variant(both(_drop_tag, _add_color)), encoding="utf-8"
    )
    _git(tmp_path, "tag", "v1")
    return tmp_path


def test_a_revision_against_the_working_tree(repository: Path) -> None:
    status, out, _ = run(repository, "HEAD~1")
    assert status == 1
    assert "breaking response-property-removed: `models.Pet.tag`" in out
    assert "old: HEAD~1:spec/openapi.yaml:" in out
    assert "safe response-property-added: `models.Pet.color`" in out
    assert out.endswith("from HEAD~1:spec/openapi.yaml to spec/openapi.yaml\n")


def test_two_revisions_and_a_revision_naming_its_file(repository: Path) -> None:
    status, out, _ = run(repository, "HEAD~1", "HEAD")
    assert status == 1 and "response-property-added" not in out
    status, out, _ = run(repository, "v1", "HEAD~1:spec/openapi.yaml", output_format="json")
    report = json.loads(out)
    assert [c["rule"] for c in report["changes"]] == ["response-property-added"]
    assert status == 0  # tag v1 lacks Pet.tag too: HEAD~1 only adds it back, safe


def test_the_cli_in_a_subfolder_reads_the_configured_spec_at_a_revision(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository / "spec")
    assert main(["diff", "HEAD", "--format", "json"]) == 0
    assert [c["rule"] for c in json.loads(capsys.readouterr().out)["changes"]] == [
        "response-property-added"
    ]


@pytest.mark.parametrize(
    ("revision", "says"),
    [
        ("--output=x", "looks like an option"),
        ("-h", "looks like an option"),
        ("no-such-revision", "does not exist"),
        ("HEAD:no/such.yaml", "does not exist"),
        ("HEAD:spec", "is a tree, not a file"),
        ("HEAD ~1", "space or a control character"),
    ],
)
def test_a_revision_that_cant_be_read_is_exit_2(repository: Path, revision: str, says: str) -> None:
    status, out, err = run(repository, revision)
    assert (status, out) == (2, "")
    assert says in err and "Traceback" not in err
    assert not (repository / "x").exists()


def test_a_revision_outside_a_repository_is_exit_2(tmp_path: Path) -> None:
    project(tmp_path)
    status, _, err = run(tmp_path, "HEAD")
    assert status == 2 and "git" in err


_ERROR = "    Error:\n      type: object\n      properties:\n        message: {type: string}\n"


def _split(repository: Path, error_file: str = "errors.yaml") -> Path:
    """The working tree's spec with its Error schema moved to ``error_file`` beside it,
    committed; returns the folder."""
    spec = repository / "spec" / "openapi.yaml"
    text = variant(None)
    assert _ERROR in text
    spec.write_text(text.replace(_ERROR, f"    Error: {{$ref: '{error_file}#/Error'}}\n"), "utf-8")
    (spec.parent / "errors.yaml").write_text(
        "Error:\n  type: object\n  properties:\n    message: {type: string}\n"
        "    code: {type: integer}\n",
        "utf-8",
    )
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "split")
    return spec.parent


def test_a_spec_split_across_files_is_diffed_at_a_revision_with_its_files(
    repository: Path,
) -> None:
    folder = _split(repository)
    status, out, _ = run(repository, "HEAD")
    assert (status, out.splitlines()[0]) == (0, "no change to the generated client")
    # The file the $ref names changes in the working tree, not the spec itself: the
    # revision's side reads errors.yaml as committed, the working tree's as it is now.
    (folder / "errors.yaml").write_text(
        "Error:\n  type: object\n  properties:\n    message: {type: string}\n", "utf-8"
    )
    status, out, _ = run(repository, "HEAD", output_format="json")
    changes = json.loads(out)["changes"]
    assert [(c["rule"], c["old"]["file"]) for c in changes] == [
        ("response-property-removed", "HEAD:spec/errors.yaml")
    ]
    assert "`models.ErrorsError.code` is removed" in changes[0]["message"]  # as bundled
    assert status == 1


def test_at_a_revision_a_symlinked_or_missing_file_is_never_read(repository: Path) -> None:
    folder = _split(repository, "linked.yaml")
    (folder / "linked.yaml").symlink_to("errors.yaml")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "a symlink")
    status, out, err = run(repository, "HEAD")
    assert (status, out) == (2, "")
    assert "HEAD:spec/linked.yaml is a symlink at HEAD; symlinks are never followed" in err
    status, _, err = run(repository, "HEAD~1:spec/openapi.yaml", "HEAD~2:spec/openapi.yaml")
    assert status == 2  # HEAD~1's $ref names linked.yaml, which only HEAD has
    assert "HEAD~1:spec/openapi.yaml" in err and "linked.yaml" in err and "Traceback" not in err


def test_the_models_a_generate_kept_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project(tmp_path, spec=variant(both(_drop_tag, _add_color)))
    old = tmp_path / "old.yaml"
    old.write_text(variant(None), encoding="utf-8")
    before = run(folder, str(old), output_format="json")
    monkeypatch.chdir(folder)
    assert main(["generate"]) == 0
    assert (folder / "generated" / ".clientgen-cache" / "models.json").is_file()
    # The working tree's side is made from the kept models now (same input), the old
    # side afresh: the report is the same.
    assert run(folder, str(old), output_format="json") == before
    assert before[0] == 1
