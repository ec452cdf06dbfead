"""docs/spectral.md says what Spectral reports on each rule's examples: hold it to that.

Spectral (the version tests/lint/spectral/package-lock.json pins, which ``make`` installs
into .venv/spectral) runs once over every example spec; each row of the page's first
table must name exactly the Spectral rules (and severities) that it reports on the
failing example and not on the passing one, the second table must list every other rule
of its ``oas`` ruleset with its default, and the page's count of the twenty mistakes
Spectral finds must be what it finds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.lint import LINT_RULES

from .conftest import SPECS, example
from .test_twenty_mistakes import marked_mistakes

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "spectral.md"
RULESET = Path(__file__).resolve().parent / "spectral" / "ruleset.yaml"
INSTALL = ROOT / ".venv" / "spectral"
SPECTRAL = INSTALL / "node_modules" / ".bin" / "spectral"
SEVERITY_NAMES = {0: "error", 1: "warn", 2: "info", 3: "hint"}
# What Spectral itself reports, outside any ruleset: YAML/JSON errors and broken $refs.
CORE = frozenset({"parser", "invalid-ref"})
_ITEM = re.compile(r"`([^`]+)` \((error|warn|info|hint)\)")
_MISSING = (
    "Spectral is not installed in .venv/spectral: run `make test` (or "
    "`make .venv/spectral/.installed`), which installs it from npm"
)

Claim = frozenset[tuple[str, str]]  # {(Spectral rule id, severity)}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(heading: str) -> list[list[str]]:
    """The rows of the first table under ``## heading`` on the page, as cells."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {heading}")
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append(_cells(line))
        elif rows:
            break
    assert len(rows) > 2, f"no table under '## {heading}' in {PAGE}"
    assert set(rows[1]) <= {"---"}, rows[1]
    return rows[2:]


def _backticked(cell: str) -> list[str]:
    names = re.findall(r"`([^`]+)`", cell)
    assert re.fullmatch(r"`[^`]+`(, `[^`]+`)*", cell), f"not a list of `ids`: {cell!r}"
    return names


def _claim(cell: str) -> Claim:
    if cell == "none":
        return frozenset()
    items = cell.split(", ")
    found = [_ITEM.fullmatch(item) for item in items]
    assert all(found), f"not 'none' nor a list of `rule-id` (severity): {cell!r}"
    return frozenset((m[1], m[2]) for m in found if m)


@cache
def claims() -> dict[str, Claim]:
    """Our rule id -> the Spectral rules the first table says it reports."""
    result: dict[str, Claim] = {}
    for cells in _table("Rule by rule"):
        assert len(cells) == 3, cells
        claim = _claim(cells[1])
        for rule in _backticked(cells[0]):
            assert rule not in result, f"{rule} has two rows"
            result[rule] = claim
    return result


def _installed() -> str:
    """The node binary, once Spectral is known to be installed."""
    if not SPECTRAL.exists():
        pytest.fail(_MISSING)
    node = shutil.which("node")
    assert node is not None, "node is needed to run Spectral"
    return node


@cache
def spectral_results() -> tuple[dict[str, Any], ...]:
    """Spectral's findings on every example spec, from one run."""
    files = sorted(SPECS.glob("*.yaml"))
    done = subprocess.run(
        [_installed(), str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--format", "json"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # Spectral exits 1 when it has found an error; anything else is a failed run.
    assert done.returncode in (0, 1), done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert {Path(r["source"]).name for r in results} <= {f.name for f in files}
    return tuple(results)


def reported(spec: Path) -> Counter[tuple[str, str]]:
    """(Spectral rule id, severity) -> how often Spectral reports it on ``spec``."""
    return Counter(
        (result["code"], SEVERITY_NAMES[result["severity"]])
        for result in spectral_results()
        if Path(result["source"]).name == spec.name
    )


@cache
def ruleset() -> dict[str, dict[str, Any]]:
    """Spectral's ``oas`` ruleset as installed: rule id -> recommended, severity, formats."""
    node = _installed()
    script = (
        "const {oas} = require('@stoplight/spectral-rulesets');"
        "const rules = {};"
        "for (const [id, r] of Object.entries(oas.rules)) rules[id] = {"
        " recommended: r.recommended !== false, severity: r.severity ?? null,"
        " formats: r.formats ? r.formats.map(f => f.displayName) : null};"
        "console.log(JSON.stringify(rules));"
    )
    done = subprocess.run(
        [node, "-e", script], cwd=INSTALL, capture_output=True, text=True, check=True
    )
    rules: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return rules


def _default(rule: dict[str, Any]) -> str:
    """A ruleset rule's default severity as Spectral applies it ("off": not recommended)."""
    if not rule["recommended"]:
        return "off"
    severity = rule["severity"]
    if severity is None:
        return "warn"  # Spectral's default for a rule that names none
    return SEVERITY_NAMES[severity] if isinstance(severity, int) else str(severity)


def test_the_page_names_the_installed_versions() -> None:
    _installed()
    versions = {
        package: json.loads(
            (INSTALL / "node_modules" / "@stoplight" / package / "package.json").read_text(
                encoding="utf-8"
            )
        )["version"]
        for package in ("spectral-cli", "spectral-rulesets")
    }
    page = PAGE.read_text(encoding="utf-8")
    stated = (
        f"Spectral {versions['spectral-cli']} (`@stoplight/spectral-cli`, with\n"
        f"`@stoplight/spectral-rulesets` {versions['spectral-rulesets']})"
    )
    assert stated in page


def test_every_rule_has_one_row() -> None:
    assert set(claims()) == set(LINT_RULES)


@pytest.mark.parametrize("rule", list(LINT_RULES))
def test_row_says_what_spectral_reports(rule: str) -> None:
    distinguishing = frozenset(reported(example(rule, "bad")) - reported(example(rule, "good")))
    assert distinguishing == claims()[rule], (
        f"docs/spectral.md says Spectral reports {sorted(claims()[rule]) or 'none'} on "
        f"{rule}.bad.yaml; it reports {sorted(distinguishing) or 'none'} there and not on "
        f"{rule}.good.yaml"
    )


def test_the_other_rules_are_spectrals_other_rules() -> None:
    rules = ruleset()
    oas3 = {
        rule_id
        for rule_id, rule in rules.items()
        if not rule["formats"] or any("2.0" not in f for f in rule["formats"])
    }
    others: dict[str, str] = {}
    for cells in _table("Spectral's other rules"):
        assert len(cells) == 3, cells
        (rule_id,) = _backticked(cells[0])
        assert rule_id not in others, f"{rule_id} is listed twice"
        others[rule_id] = cells[1]
    # What Spectral reports on a syntax error's half-read document is no counterpart.
    counterparts = {
        spectral for rule, claim in claims().items() if rule != "syntax" for spectral, _ in claim
    }
    named = counterparts | {spectral for claim in claims().values() for spectral, _ in claim}
    assert named - set(rules) <= CORE, "a row names a rule Spectral's ruleset doesn't have"
    assert set(others) == oas3 - counterparts
    assert {rule_id: _default(rules[rule_id]) for rule_id in others} == others


def test_the_twenty_mistakes_spectral_finds() -> None:
    at_line = {
        (result["code"], result["range"]["start"]["line"] + 1)
        for result in spectral_results()
        if Path(result["source"]).name == "twenty-mistakes.yaml"
    }
    found = {
        rule
        for rule, line in marked_mistakes()
        if any((spectral, line) in at_line for spectral, _ in claims()[rule])
    }
    with_a_counterpart = {rule for rule, _ in marked_mistakes() if claims()[rule]}
    assert found == with_a_counterpart
    stated = re.search(r"Spectral finds (\d+) of the 20 mistakes", PAGE.read_text(encoding="utf-8"))
    assert stated is not None
    assert int(stated[1]) == len(found)


def test_the_readme_links_to_the_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/spectral.md)" in readme
