"""The project's own spec lints clean at error and warn level."""

from __future__ import annotations

from pathlib import Path

from generator.lint import LINT_RULES

from .conftest import findings_of

ROOT = Path(__file__).resolve().parents[2]


def test_project_spec_has_no_errors_or_warnings() -> None:
    findings = findings_of(ROOT / "spec" / "openapi.yaml")
    assert [f for f in findings if f.severity != "info"] == []
    # The two infos: Uuid and the campaignId parameter give a pattern beside format: uuid.
    assert [(f.rule, f.location.pointer) for f in findings] == [
        ("uuid-pattern", "/paths/~1v2~1campaigns~1{campaignId}/patch/parameters/0/schema/pattern"),
        ("uuid-pattern", "/components/schemas/Uuid/pattern"),
    ]


def test_readme_describes_every_rule() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in LINT_RULES.values():
        assert f"`{rule.id}`" in docs, rule.id
        assert rule.rationale in docs, rule.id
