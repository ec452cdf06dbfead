"""run_lint: exit statuses, the configuration (severities, off, ignore) and --generate-ignore."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, GeneratorError, Location
from generator.lint import LINT_RULES, LintConfig, LintConfigError
from generator.report import FileResult, render

from .conftest import SPECS, example, findings_of, run, write_spec

TWENTY = SPECS / "twenty-mistakes.yaml"

# ------------------------------------------------------------------ exit status


def test_exit_0_when_clean() -> None:
    assert run([example("unused-component", "good")])[0] == 0


def test_exit_1_on_errors() -> None:
    assert run([example("unresolved-ref", "bad")])[0] == 1


def test_exit_1_on_a_syntax_error() -> None:
    status, out, err = run([example("syntax", "bad")])
    assert status == 1
    assert "error syntax: syntax error" in out
    assert err == ""


def test_exit_2_on_a_missing_file(tmp_path: Path) -> None:
    status, _, err = run([tmp_path / "nope.yaml"])
    assert status == 2
    assert "cannot read" in err and "nope.yaml" in err
    assert "Traceback" not in err


def test_exit_2_on_a_folder_or_undecodable_file(tmp_path: Path) -> None:
    assert run([tmp_path])[0] == 2
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes(b"openapi: 3.1.0\ninfo: {title: caf\xe9}\n")
    status, _, err = run([binary])
    assert status == 2
    assert "cannot read" in err


def test_exit_2_on_bad_arguments() -> None:
    good = example("unused-component", "good")
    assert run([good], output_format="xml")[0] == 2
    assert run([good], fail_severity="fatal")[0] == 2
    assert run([])[0] == 2


def test_unusable_input_still_reports_the_other_files(tmp_path: Path) -> None:
    status, out, err = run([tmp_path / "missing.yaml", example("unresolved-ref", "bad")])
    assert status == 2
    assert "unresolved-ref" in out
    assert "missing.yaml" in err


def test_fail_severity() -> None:
    warn_only = example("unused-component", "bad")
    info_only = example("uuid-pattern", "bad")
    assert run([warn_only])[0] == 0
    assert run([warn_only], fail_severity="warn")[0] == 1
    assert run([warn_only], fail_severity="info")[0] == 1
    assert run([info_only], fail_severity="warn")[0] == 0
    assert run([info_only], fail_severity="info")[0] == 1


def test_several_files_in_one_run() -> None:
    status, out, _ = run([example("array-items", "bad"), example("enum-type", "bad")])
    assert status == 1
    assert "array-items.bad.yaml:33:9: error array-items" in out
    assert "enum-type.bad.yaml:35:29: error enum-type" in out
    assert out.endswith("2 errors, 0 warnings, 0 infos in 2 files\n")


def test_an_unresolvable_ref_is_one_finding_not_a_crash(tmp_path: Path) -> None:
    path = write_spec(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: refs, version: '1'}
        paths:
          /a/{id}:
            $ref: '#/components/pathItems/Gone'
          /b:
            parameters:
              - $ref: '#/components/parameters/Gone'
            post:
              operationId: b
              requestBody:
                $ref: '#/components/requestBodies/Gone'
              responses:
                '200':
                  $ref: '#/components/responses/Gone'
                '201':
                  description: x
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Gone'
                      examples:
                        one:
                          $ref: '#/components/examples/Gone'
        components:
          schemas:
            A:
              properties:
                b: {$ref: 'other.yaml#/B'}
              discriminator:
                propertyName: kind
                mapping:
                  x: Missing
        """,
    )
    findings = [f for f in findings_of(path) if f.rule == "unresolved-ref"]
    assert [(f.location.line, f.location.pointer.rsplit("/", 2)[-2:][-1]) for f in findings] == [
        (5, "$ref"),
        (8, "$ref"),
        (12, "$ref"),
        (15, "$ref"),
        (21, "$ref"),
        (24, "$ref"),
        (29, "$ref"),
        (33, "x"),
    ]
    assert "reference 'other.yaml#/B': cannot read" in findings[6].message  # a split spec's
    assert "discriminator mapping 'Missing'" in findings[7].message


# ------------------------------------------------------------------ configuration


def test_severity_override_changes_severity_and_exit_status() -> None:
    spec = example("unused-component", "bad")
    config = LintConfig(severities={"unused-component": "error"})
    (finding,) = findings_of(spec, config)
    assert finding.severity == "error"
    assert run([spec], config)[0] == 1
    lowered = LintConfig(severities={"unresolved-ref": "info"})
    assert run([example("unresolved-ref", "bad")], lowered)[0] == 0


def test_off_disables_a_rule() -> None:
    spec = example("path-params", "bad")
    assert findings_of(spec, LintConfig(severities={"path-params": "off"})) == []
    assert run([spec], LintConfig(severities={"path-params": "off"}))[0] == 0


def test_structure_off_skips_openapi_spec_validator() -> None:
    spec = example("structure", "bad")
    assert findings_of(spec, LintConfig(severities={"structure": "off"})) == []


def test_ignore_by_rule_and_pointer() -> None:
    spec = example("path-params", "bad")
    one = LintConfig(ignore=(("path-params", "/paths/~1pets~1{petId}/get"),))
    assert [f.location.pointer for f in findings_of(spec, one)] == [
        "/paths/~1pets~1{petId}/get/parameters/0/name"
    ]
    # a pointer matches exactly, not what lies below it; the '#' is optional
    above = LintConfig(ignore=(("path-params", "#/paths/~1pets~1{petId}"),))
    assert len(findings_of(spec, above)) == 2
    # ... unless it ends in /**: then it takes the whole subtree
    below = LintConfig(ignore=(("path-params", "#/paths/~1pets~1{petId}/**"),))
    assert findings_of(spec, below) == []
    # another rule's entry at the same place silences nothing
    other = LintConfig(ignore=(("array-items", "/paths/~1pets~1{petId}/**"),))
    assert len(findings_of(spec, other)) == 2
    # a sibling whose name merely starts the same is not in the subtree
    prefix = LintConfig(ignore=(("path-params", "/paths/~1pets~1{pet/**"),))
    assert len(findings_of(spec, prefix)) == 2


def test_from_dict_reads_the_pyproject_table() -> None:
    table = tomllib.loads("""
        [tool.clientgen.lint]
        severities = { unused-component = "off", uuid-pattern = "error" }
        ignore = [
            { rule = "uuid-pattern", pointer = "/components/schemas/Uuid/pattern" },
            ["ambiguous-paths", "#/paths/~1a"],
        ]
        """)["tool"]["clientgen"]["lint"]
    config = LintConfig.from_dict(table)
    assert config.severity("unused-component") == "off"
    assert config.severity("uuid-pattern") == "error"
    assert config.severity("array-items") == "error"
    assert config.severity("invalid-example") == "warn"
    assert config.ignore == (
        ("uuid-pattern", "/components/schemas/Uuid/pattern"),
        ("ambiguous-paths", "/paths/~1a"),
    )
    assert LintConfig.from_dict({}) == LintConfig()


@pytest.mark.parametrize(
    "table",
    [
        {"severities": {"no-such-rule": "warn"}},
        {"severities": {"array-items": "fatal"}},
        {"severities": {"syntax": "off"}},
        {"severities": ["array-items"]},
        {"ignore": [{"rule": "no-such-rule", "pointer": "/a"}]},
        {"ignore": [{"rule": "array-items"}]},
        {"ignore": [{"rule": "array-items", "pointer": "/a", "why": "x"}]},
        {"ignore": [["array-items"]]},
        {"ignore": [["syntax", ""]]},
        {"ignore": "array-items"},
        {"ignores": []},
    ],
)
def test_bad_configuration_is_a_generator_error(table: dict[str, object]) -> None:
    with pytest.raises(LintConfigError) as raised:
        LintConfig.from_dict(table)
    assert isinstance(raised.value, GeneratorError)  # so the CLI exits 2
    assert str(raised.value).startswith("lint: ")


def test_config_is_frozen() -> None:
    config = LintConfig(severities={"array-items": "warn"})
    with pytest.raises(AttributeError):
        config.ignore = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.severities["array-items"] = "error"  # type: ignore[index]


# -------------------------------------------------------------- --generate-ignore


def config_from_toml(text: str) -> LintConfig:
    return LintConfig.from_dict(tomllib.loads(text)["tool"]["clientgen"]["lint"])


def all_bad_examples(tmp_path: Path) -> list[Path]:
    """Every failing example but the syntax error, plus a name TOML must escape."""
    paths = [example(rule, "bad") for rule in LINT_RULES if rule != "syntax"]
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        example("unused-component", "bad")
        .read_text(encoding="utf-8")
        .replace("    Owner:", "    'We\"ird\\ Näme/~x':"),
        encoding="utf-8",
    )
    return [*paths, odd, TWENTY]


def test_generate_ignore_round_trips(tmp_path: Path) -> None:
    paths = all_bad_examples(tmp_path)
    status, toml_text, _ = run(paths, generate_ignore=True)
    assert status == 0
    config = config_from_toml(toml_text)
    assert ("unused-component", '/components/schemas/We"ird\\ Näme~1~0x') in config.ignore
    status, out, _ = run(paths, config, fail_severity="info")
    assert (status, out.splitlines()[-1]) == (
        0,
        f"0 errors, 0 warnings, 0 infos in {len(paths)} files",
    )


def test_generate_ignore_keeps_the_configured_entries() -> None:
    spec = example("path-params", "bad")
    configured = LintConfig(ignore=(("path-params", "/paths/~1pets~1{petId}/get"),))
    status, toml_text, _ = run([spec], configured, generate_ignore=True)
    assert status == 0
    regenerated = config_from_toml(toml_text)
    assert regenerated.ignore == (
        ("path-params", "/paths/~1pets~1{petId}/get"),
        ("path-params", "/paths/~1pets~1{petId}/get/parameters/0/name"),
    )
    assert findings_of(spec, regenerated) == []


def test_generate_ignore_on_a_clean_spec_is_an_empty_list() -> None:
    status, toml_text, _ = run([example("array-items", "good")], generate_ignore=True)
    assert status == 0
    assert config_from_toml(toml_text) == LintConfig()


def test_generate_ignore_cannot_silence_a_syntax_error() -> None:
    status, toml_text, _ = run([example("syntax", "bad")], generate_ignore=True)
    assert status == 1
    assert "# cannot be ignored: " in toml_text
    assert config_from_toml(toml_text) == LintConfig()


def test_generate_ignore_with_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    shutil.copy(example("array-items", "bad"), tmp_path / "a.yaml")
    status, _, err = run([tmp_path / "a.yaml", tmp_path / "b.yaml"], generate_ignore=True)
    assert status == 2
    assert "b.yaml" in err


def test_github_escaping() -> None:
    # The message is escaped as data; the file and the rule (title) as properties too.
    finding = Diagnostic("x:y,z", "error", "a\nb%c\r", Location("x:y,z", 1, 1))
    annotations = render("github", [FileResult("x:y,z", "", (finding,))], rules=())
    assert annotations == "::error file=x%3Ay%2Cz,line=1,col=1,title=x%3Ay%2Cz::a%0Ab%25c%0D\n"


def test_a_json_spec_is_located_too(tmp_path: Path) -> None:
    import json

    import yaml

    data = yaml.safe_load(example("array-items", "bad").read_text(encoding="utf-8"))
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    (finding,) = findings_of(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert finding.rule == "array-items"
    assert lines[finding.location.line - 1][finding.location.column - 1 :].startswith('"tags"')
