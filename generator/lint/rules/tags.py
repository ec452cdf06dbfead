"""Rules on tags: each tag an operation uses is declared."""

from __future__ import annotations

from ..index import Index
from ..registry import DOCUMENT, Report, rule

__all__ = ["undefined_tag"]


@rule(
    "undefined-tag",
    "warn",
    "hygiene",
    "A tag used by an operation should be declared (and described) in the top-level tags.",
    on=DOCUMENT,
    number=35,
)
def undefined_tag(report: Report, index: Index) -> None:
    tags = index.data.get("tags")
    declared = (
        {t["name"] for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)}
        if isinstance(tags, list)
        else set()
    )
    undefined: dict[str, list[str]] = {}
    for _, op in index.api_operations():
        op_tags = op.data.get("tags")
        if isinstance(op_tags, list):
            for position, tag in enumerate(op_tags):
                if isinstance(tag, str) and tag not in declared:
                    undefined.setdefault(tag, []).append(f"{op.pointer}/tags/{position}")
    for tag, uses in undefined.items():
        more = f" (and {len(uses) - 1} more operation(s))" if len(uses) > 1 else ""
        report(uses[0], f"tag {tag!r} is not declared in the top-level 'tags'{more}")
