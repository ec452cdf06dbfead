"""A spec with twenty different mistakes reports all twenty, each where it is."""

from __future__ import annotations

import re

from generator.lint import LINT_RULES

from .conftest import SPECS, findings_of

SPEC = SPECS / "twenty-mistakes.yaml"


def marked_mistakes() -> set[tuple[str, int]]:
    """(rule, line) of every line marked ``# <rule-id>`` in the spec."""
    marks = set()
    for number, line in enumerate(SPEC.read_text(encoding="utf-8").splitlines(), 1):
        found = re.search(r"#\s*([a-z0-9-]+)", line)
        if found and found.group(1) in LINT_RULES:
            marks.add((found.group(1), number))
    return marks


def test_the_spec_marks_twenty_different_rules() -> None:
    marks = marked_mistakes()
    assert len(marks) == 20
    assert len({rule for rule, _ in marks}) == 20


def test_all_twenty_are_reported_and_nothing_else() -> None:
    findings = findings_of(SPEC)
    assert {(f.rule, f.location.line) for f in findings} == marked_mistakes()
    assert len(findings) == 20
