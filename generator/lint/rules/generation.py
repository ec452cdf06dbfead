"""The generator's limits, as lint reports them: what ``generate`` can't generate.

The limits are stated once, where the generator meets them: the builder
(``generator.build``) reports each as a diagnostic, and each rule here shows the
builder's diagnostics of its id, run once per document.  ``generate`` refuses a spec
with any of them, whatever the lint configuration says.  One limit is the models'
rather than the builder's: two properties whose fields would share a name.
"""

from __future__ import annotations

from functools import partial

from ...build import LIMITS, Built, build_api
from ...document import pointer as jsonpointer
from ...document.views import Document
from ...ir.names import snake_case
from ..index import Index, Schema
from ..registry import DOCUMENT, SCHEMA, Report, Rule, declare, rule

__all__ = ["GENERATE_NEEDS", "LIMIT_RULES", "property_name_collision"]

# Each limit's place in the registry's order (see ``registry``).
_NUMBERS = {
    "operation-id-missing": 6,
    "operation-id-name": 22,
    "tag-name": 23,
    "unsupported-parameter": 25,
    "body-media-type": 26,
    "unsupported-security": 29,
    "parameter-name": 41,
    "class-name-collision": 42,
    "inline-schema-name": 43,
}


def _report_limit(rule_id: str, report: Report, index: Index) -> None:
    for diagnostic in _built(index).diagnostics:
        if diagnostic.rule == rule_id:
            report(diagnostic.location.pointer, diagnostic.message)


def _built(index: Index) -> Built:
    """The builder's check of the document, made once for all the limit rules (or
    given, by ``generate``, which builds it anyway)."""
    if index.built is None:
        index.built = build_api(Document(index.data), package="checked")
    return index.built


LIMIT_RULES: tuple[Rule, ...] = tuple(
    declare(
        limit.rule,
        limit.severity,
        limit.category,
        limit.rationale,
        number=_NUMBERS[limit.rule],
        on=DOCUMENT,
        check=partial(_report_limit, limit.rule),
    )
    for limit in LIMITS
)


@rule(
    "property-name-collision",
    "info",
    "generation",
    "Properties of one schema that snake_case to the same name are numbered fields of the "
    "generated model (user_id, user_id_1), in the order the schema lists them; the wire "
    "keeps each property's own name.",
    on=SCHEMA,
    number=24,
)
def property_name_collision(report: Report, schema: Schema) -> None:
    properties = schema.value.get("properties")
    if not isinstance(properties, dict):
        return
    seen: dict[str, list[str]] = {}
    for name in properties:
        field = snake_case(str(name))
        earlier = seen.setdefault(field, [])
        if earlier:
            report(
                jsonpointer.join(f"{schema.pointer}/properties", name),
                f"property {name!r} is the field '{field}_{len(earlier)}': {earlier[0]!r} "
                f"is {field!r}",
            )
        earlier.append(str(name))


GENERATE_NEEDS = frozenset(
    {"structure", "unresolved-ref", "ref-cycle"}
    | {limit.id for limit in LIMIT_RULES if limit.severity == "error"}
)
"""The rules ``generate`` always enforces, whatever ``[tool.clientgen.lint]`` says: the
document must be one it can read and follow, and build."""
