"""The realistic pair: CareCycle's two published revisions of PATCH /v2/campaigns/{campaignId}
(API-FACTS.md, "The API changes"): tests/diff/carecycle-previous.yaml, and the current
one, spec/openapi.yaml.  Every difference is reported, with its verdict and the names
the generated client has."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

from .conftest import HERE, diff, on_its_line

PREVIOUS = HERE / "carecycle-previous.yaml"
CURRENT = ROOT / "spec" / "openapi.yaml"
REQUEST = "/components/schemas/UpdateCampaignRequest/properties"
CAMPAIGN = "/components/schemas/Campaign/properties"
# Only in the previous revision's request body, and only in the current one's.
PREVIOUS_ONLY = {
    "transferConfig": "transfer_config",
    "appointmentConfig": "appointment_config",
    "policyFilterConfig": "policy_filter_config",
    "routingConfigId": "routing_config_id",
}
CURRENT_ONLY = {
    "status": "status",
    "features": "features",
    "enablePulse": "enable_pulse",
    "pulseWorkflowId": "pulse_workflow_id",
    "transferConfigId": "transfer_config_id",
    "appointmentConfigId": "appointment_config_id",
    "transferConfigIds": "transfer_config_ids",
}


def _changes(old: Path, new: Path) -> list[tuple[str, str, str, str]]:
    old_text, new_text = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
    found = []
    for change in diff(old_text, new_text):
        assert on_its_line(change.old, old_text) and on_its_line(change.new, new_text)
        pointer = change.old.pointer if change.rule.endswith("removed") else change.new.pointer
        found.append((change.rule, change.verdict, pointer, change.message))
    return found


def _expected(
    removed: dict[str, str], added: dict[str, str], campaign_removed: dict[str, str],
    campaign_added: dict[str, str],
) -> set[tuple[str, str, str, str]]:  # fmt: skip
    def field(model: str, name: str) -> str:
        return f"`models.{model}.{name}`"

    return (
        {("request-property-removed", "breaking", f"{REQUEST}/{wire}", field("UpdateCampaignRequest", name)) for wire, name in removed.items()}
        | {("request-property-added", "safe", f"{REQUEST}/{wire}", field("UpdateCampaignRequest", name)) for wire, name in added.items()}
        | {("response-property-removed", "breaking", f"{CAMPAIGN}/{wire}", field("Campaign", name)) for wire, name in campaign_removed.items()}
        | {("response-property-added", "safe", f"{CAMPAIGN}/{wire}", field("Campaign", name)) for wire, name in campaign_added.items()}
    )  # fmt: skip


def _named(found: list[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
    """Each change with the generated name its message begins with."""
    return {
        (rule, verdict, pointer, message.split(" is ")[0])
        for rule, verdict, pointer, message in found
    }


def test_from_the_previous_revision_to_the_current_one() -> None:
    found = _changes(PREVIOUS, CURRENT)
    assert len(found) == 14
    assert _named(found) == _expected(
        PREVIOUS_ONLY,
        CURRENT_ONLY,
        {"type": "type"},
        {"templateId": "template_id", "enablePulse": "enable_pulse"},
    )


def test_from_the_current_revision_back_to_the_previous_one() -> None:
    found = _changes(CURRENT, PREVIOUS)
    assert len(found) == 14
    assert _named(found) == _expected(
        CURRENT_ONLY,
        PREVIOUS_ONLY,
        {"templateId": "template_id", "enablePulse": "enable_pulse"},
        {"type": "type"},
    )


def test_what_to_do_names_the_argument_to_drop() -> None:
    todos = {c.todo for c in diff(CURRENT.read_text(), PREVIOUS.read_text()) if c.todo}
    assert (
        "callers passing `transfer_config_ids=` to `models.UpdateCampaignRequest` must remove it"
        in todos
    )
    assert "code reading `models.Campaign.template_id` must stop" in todos


def test_the_command_on_the_project_exits_1_and_writes_a_pull_request_comment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["diff", str(PREVIOUS), "--format", "markdown"]) == 1
    comment = capsys.readouterr().out
    assert comment.startswith(
        "### clientgen diff: `tests/diff/carecycle-previous.yaml` → `spec/openapi.yaml`"
    )
    assert "**5 breaking**, 0 warnings, 9 safe" in comment
    assert "| breaking | `response-property-removed` | `models.Campaign.type` is removed" in comment
