"""The four output formats: text, json, github and sarif."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from generator.lint import LINT_RULES

from .conftest import SPECS, example, run

TWENTY = SPECS / "twenty-mistakes.yaml"
TEXT_HEADLINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warn|info) "
    r"(?P<rule>[a-z0-9-]+): (?P<message>.+) \(at #(?P<pointer>/.*)\)$"
)
GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"col=(?P<col>\d+),title=(?P<title>[a-z0-9-]+)::(?P<message>.+)$"
)


def test_text_shows_the_source_line_and_a_caret_under_the_column() -> None:
    status, out, _ = run([TWENTY])
    assert status == 1
    lines = out.splitlines()
    source = TWENTY.read_text(encoding="utf-8").splitlines()
    headlines = [i for i, line in enumerate(lines) if TEXT_HEADLINE.match(line)]
    assert len(headlines) == 20
    for index in headlines:
        match = TEXT_HEADLINE.match(lines[index])
        assert match is not None
        line, column = int(match["line"]), int(match["column"])
        assert match["file"] == str(TWENTY.relative_to(Path.cwd())) or match["file"] == str(TWENTY)
        quoted, caret = lines[index + 1], lines[index + 2]
        gutter, _, code = quoted.partition(" | ")
        assert int(gutter) == line
        assert code == source[line - 1].rstrip()
        assert caret.index("^") - (len(gutter) + 3) == column - 1
        assert caret.endswith("^") and caret.count("^") == 1
        assert set(caret[:-1].replace("|", "")) <= {" ", "\t"}
    assert lines[-1] == "11 errors, 7 warnings, 2 infos in 1 file"


def test_text_reports_a_clean_file() -> None:
    status, out, err = run([example("array-items", "good")])
    assert (status, out, err) == (0, "0 errors, 0 warnings, 0 infos in 1 file\n", "")


def test_text_caret_follows_tabs(tmp_path: Path) -> None:
    spec = tmp_path / "tabs.yaml"
    spec.write_text(
        example("enum-type", "bad")
        .read_text(encoding="utf-8")
        .replace("enum: [available, 1]", "enum: [available,\t1]"),
        encoding="utf-8",
    )
    _, out, _ = run([spec])
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if " enum-type: " in line)
    quoted, caret = lines[index + 1], lines[index + 2]
    code = quoted.partition(" | ")[2]
    pad = caret.partition("| ")[2]
    assert code[len(pad) - 1] == "1"  # the caret sits under the 1 after the tab
    assert pad.count("\t") == 1


def test_json() -> None:
    status, out, _ = run([TWENTY, example("uuid-pattern", "bad")], output_format="json")
    assert status == 1
    document = json.loads(out)
    assert document["version"] == 1
    assert len(document["files"]) == 2
    assert document["summary"] == {"error": 11, "warn": 7, "info": 3}
    assert len(document["findings"]) == 21
    first = document["findings"][0]
    assert set(first) == {"rule", "severity", "message", "file", "line", "column", "pointer"}
    assert first["rule"] == "server-variables"
    assert (first["line"], first["column"], first["pointer"]) == (8, 10, "/servers/0/url")
    assert document["findings"][-1]["rule"] == "uuid-pattern"
    assert document["findings"][-1]["severity"] == "info"


def test_github_annotations(tmp_path: Path) -> None:
    awkward = tmp_path / "odd, name: 100%.yaml"
    shutil.copy(TWENTY, awkward)
    status, out, _ = run([awkward], output_format="github")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 20
    levels = []
    for line in lines:
        match = GITHUB_LINE.match(line)
        assert match is not None, line
        assert match["file"].endswith("odd%2C name%3A 100%25.yaml")
        assert match["title"] in LINT_RULES
        assert "\n" not in match["message"]
        levels.append(match["level"])
    assert levels.count("error") == 11
    assert levels.count("warning") == 7
    assert lines[0].startswith("::error file=")
    assert ",line=8,col=10,title=server-variables::server url variable {region}" in lines[0]


def test_github_escapes_newlines_in_messages(tmp_path: Path) -> None:
    # A path with a newline in it ends up in the message of path-trailing-slash.
    spec = tmp_path / "newline.yaml"
    spec.write_text(
        example("path-trailing-slash", "bad")
        .read_text(encoding="utf-8")
        .replace("/pets/:", '"/pe%ts\\n/":'),
        encoding="utf-8",
    )
    _, out, _ = run([spec], output_format="github")
    line = next(line for line in out.splitlines() if "title=path-trailing-slash" in line)
    assert "/pe%25ts\\n/" in line  # '%' escaped, the (repr'd) newline kept on one line


def sarif_of(paths: list[Path]) -> dict[str, Any]:
    status, out, _ = run(paths, output_format="sarif")
    assert status == 1
    document: dict[str, Any] = json.loads(out)
    return document


def test_sarif_is_valid_against_the_official_2_1_0_schema() -> None:
    """The OASIS schema, which `make` fetches from npm (@microsoft/jest-sarif ships it)."""
    official = Path(sys.prefix) / "share" / "sarif" / "sarif-2.1.0-rtm.5.json"
    assert official.is_file(), f"{official} is missing: run `make test` (it fetches the schema)"
    schema = json.loads(official.read_text(encoding="utf-8"))
    document = sarif_of([TWENTY, example("uuid-pattern", "bad")])
    errors = list(Draft4Validator(schema).iter_errors(document))
    assert errors == [], [e.message for e in errors]


def test_sarif_content() -> None:
    document = sarif_of([TWENTY])
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(LINT_RULES)
    assert sarif_run["tool"]["driver"]["name"] == "clientgen-lint"
    results = sarif_run["results"]
    assert len(results) == 20
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert location["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "twenty-mistakes.yaml"
        )
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("#/")
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["unused-component"] == "warning"
    assert levels["unresolved-ref"] == "error"
    assert sarif_run["columnKind"] == "unicodeCodePoints"


def test_sarif_note_level_and_absolute_uri(tmp_path: Path) -> None:
    spec = tmp_path / "uuid pattern.yaml"
    shutil.copy(example("uuid-pattern", "bad"), spec)
    status, out, _ = run([spec], output_format="sarif", fail_severity="info")
    assert status == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["level"] == "note"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") or " " not in uri
    assert " " not in uri


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_every_format_handles_a_syntax_error(output_format: str) -> None:
    status, out, _ = run([example("syntax", "bad")], output_format=output_format)
    assert status == 1
    assert "syntax" in out
