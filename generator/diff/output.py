"""A diff's changes as a report, in each output format.

- ``text``: one block a change, ``verdict rule-id: message`` then its place in each
  version and what to do, then a summary line;
- ``json``: ``{"version": 1, "old": ..., "new": ..., "changes": [...], "summary": {...}}``,
  each change with both places;
- ``markdown``: for a pull request comment: the counts, a table of every change, then
  the breaking and warning ones in detail;
- ``github`` and ``sarif``: ``generator.report``'s, as lint writes them, each change
  placed in the new version (a workflow annotation lands on the file a pull request
  changes) with its old place and what to do in the message.  A verdict is reported as
  the severity it corresponds to: breaking an error, warning a warning, safe a notice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Location
from ..report import FileResult, render
from .changes import Change
from .rules import DIFF_RULES, VERDICTS, severity_of

__all__ = ["DIFF_FORMATS", "DiffReport", "render_diff"]

DIFF_FORMATS = ("text", "json", "markdown", "github", "sarif")
TOOL_NAME = "clientgen-diff"
_NO_TODO = "review the change"
_TABLE_BREAKS = str.maketrans({"|": "\\|", "\n": " ", "\r": " "})
_BACKTICKS = re.compile("`+")


@dataclass(frozen=True)
class DiffReport:
    """The changes from the version named ``old`` to the one named ``new``.

    ``new_file`` and ``new_text``: the new version's file as annotations name it (a
    path, not ``REV:path``) and its text.
    """

    old: str
    new: str
    changes: Sequence[Change]
    new_file: str = ""
    new_text: str = ""


def render_diff(output_format: str, report: DiffReport) -> str:
    if output_format == "github":
        return render(output_format, [_as_findings(report)], rules=DIFF_RULES.values())
    if output_format == "sarif":
        sarif = json.loads(render("sarif", [_as_findings(report)], rules=DIFF_RULES.values()))
        sarif["runs"][0]["tool"]["driver"]["name"] = TOOL_NAME
        return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
    renderer = {"text": _text, "json": _json, "markdown": _markdown}[output_format]
    return renderer(report)


def todo_of(change: Change) -> str:
    """What to do about a breaking or warning change ("" for a safe one)."""
    if change.verdict == "safe":
        return ""
    return change.todo or _NO_TODO


def _counts(changes: Sequence[Change]) -> Counter[str]:
    return Counter(change.verdict for change in changes)


def _warnings(counts: Counter[str]) -> str:
    return f"{counts['warning']} warning{'' if counts['warning'] == 1 else 's'}"


def _summary(report: DiffReport) -> str:
    counts = _counts(report.changes)
    return (
        f"{counts['breaking']} breaking, {_warnings(counts)}, {counts['safe']} safe, "
        f"from {report.old} to {report.new}"
    )


def _place(where: Location) -> str:
    return f"{where} #{where.pointer}" if where.pointer else f"{where} #"


# ------------------------------------------------------------------------- text


def _text(report: DiffReport) -> str:
    out = []
    for change in report.changes:
        out.append(f"{change.verdict} {change.rule}: {change.message}")
        out.append(f"    old: {_place(change.old)}")
        out.append(f"    new: {_place(change.new)}")
        if todo := todo_of(change):
            out.append(f"    what to do: {todo}")
    if not report.changes:
        out.append("no change to the generated client")
    out.append(_summary(report))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------- json


def _location(where: Location) -> dict[str, Any]:
    return {
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "pointer": where.pointer,
    }


def _json(report: DiffReport) -> str:
    counts = _counts(report.changes)
    document = {
        "version": 1,
        "old": report.old,
        "new": report.new,
        "changes": [
            {
                "rule": change.rule,
                "verdict": change.verdict,
                "message": change.message,
                "todo": todo_of(change),
                "old": _location(change.old),
                "new": _location(change.new),
            }
            for change in report.changes
        ],
        "summary": {verdict: counts[verdict] for verdict in VERDICTS},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    return text.translate(_TABLE_BREAKS)


def _code(text: str) -> str:
    """``text`` as inline code, however many backticks it holds."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"`{text}`"


def _markdown(report: DiffReport) -> str:
    counts = _counts(report.changes)
    out = [
        f"### clientgen diff: {_code(report.old)} → {_code(report.new)}",
        "",
        f"**{counts['breaking']} breaking**, {_warnings(counts)}, {counts['safe']} safe",
        "",
    ]
    if not report.changes:
        out.append("No change to the generated client.")
        return "\n".join(out) + "\n"
    out += ["| verdict | rule | change | new place |", "|---|---|---|---|"]
    for change in report.changes:
        out.append(
            f"| {change.verdict} | `{change.rule}` | {_cell(change.message)} "
            f"| {_cell(_code(str(change.new)))} |"
        )
    detailed = [change for change in report.changes if change.verdict != "safe"]
    if detailed:
        out += ["", "#### What to do", ""]
    for number, change in enumerate(detailed, start=1):
        out += [
            f"{number}. **{change.verdict}** `{change.rule}`: {change.message}",
            f"   - old: {_code(_place(change.old))}",
            f"   - new: {_code(_place(change.new))}",
            f"   - what to do: {todo_of(change)}",
        ]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------- github, sarif


def _as_findings(report: DiffReport) -> FileResult:
    findings = []
    for change in report.changes:
        todo = todo_of(change)
        message = f"{change.message} (was at {_place(change.old)})" + (
            f"; what to do: {todo}" if todo else ""
        )
        new = change.new
        where = Location(report.new_file or new.file, new.line, new.column, new.pointer)
        findings.append(Diagnostic(change.rule, severity_of(change.verdict), message, where))
    return FileResult(report.new_file or report.new, report.new_text, tuple(findings))
