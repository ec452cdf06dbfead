"""The diff rules, stated once: each one's id, default verdict, category, rationale and
what a user of the generated client does about it.

A verdict is about users of the generated client: ``breaking``, code written against
the client made from the old spec stops working (or type-checking) once the client is
regenerated, or clients made from the old spec fail against the API of the new one;
``warning``, behaviour to review; ``safe``, nothing to do.  ``[tool.clientgen.diff]``
re-levels a rule (``generator.diff.config``); the ids never change.

``todo`` is a ``str.format`` template filled from the change's values (``{argument}``,
``{field}``, ...): the "what to do" line of each breaking or warning change.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["DIFF_RULES", "VERDICTS", "DiffRule", "severity_of"]

VERDICTS = ("breaking", "warning", "safe")
_SEVERITY = {"breaking": "error", "warning": "warn", "safe": "info"}


def severity_of(verdict: str) -> str:
    """The diagnostic severity a verdict is reported as (``generator.report``'s)."""
    return _SEVERITY[verdict]


@dataclass(frozen=True)
class DiffRule:
    """One kind of change (``generator.report.RuleInfo`` for SARIF)."""

    id: str
    verdict: str
    category: str
    rationale: str
    todo: str

    @property
    def severity(self) -> str:
        return severity_of(self.verdict)


_RULES: dict[str, DiffRule] = {}


def _rule(rule_id: str, verdict: str, category: str, rationale: str, todo: str = "") -> None:
    assert rule_id not in _RULES and verdict in VERDICTS, rule_id
    _RULES[rule_id] = DiffRule(rule_id, verdict, category, rationale, todo)


_REDEPLOY = "regenerate the client and redeploy it"

# ------------------------------------------------------------------- operations
_rule(
    "operation-removed",
    "breaking",
    "operations",
    "The operation's functions vanish from the client.",
    "callers of `{function}` must stop calling it",
)
_rule("operation-added", "safe", "operations", "New functions; nothing existing changes.")
_rule(
    "operation-renamed",
    "breaking",
    "operations",
    "An operation's functions are named after its operationId: renaming it renames them.",
    "callers of `{old}` must call `{new}`",
)
_rule(
    "operation-module-changed",
    "breaking",
    "operations",
    "An operation's first tag picks its module under `api/`: the functions move.",
    "imports of `{function}` from `{old}` must import it from `{new}`",
)
_rule(
    "operation-moved",
    "breaking",
    "operations",
    "The function keeps its name, but clients made from the old spec call a method and "
    "path the API no longer serves.",
    _REDEPLOY + ": clients made from the old spec call `{old}`, the API now serves `{new}`",
)
_rule(
    "operation-deprecated",
    "warning",
    "operations",
    "The API means to remove the operation; its functions say so in their docstrings.",
    "plan to stop calling `{function}`",
)
_rule(
    "operation-security-changed",
    "warning",
    "operations",
    "The credentials a call sends changed.",
    "check the credentials `{function}` is called with: it needs {new}",
)
# ------------------------------------------------------------------- parameters
_rule(
    "parameter-added-required",
    "breaking",
    "parameters",
    "A new required parameter is a new required argument.",
    "callers of `{function}` must pass `{argument}=`",
)
_rule("parameter-added", "safe", "parameters", "A new optional argument.")
_rule(
    "parameter-removed",
    "breaking",
    "parameters",
    "The argument vanishes: a call that passes it fails.",
    "callers passing `{argument}=` to `{function}` must remove it",
)
_rule(
    "parameter-made-required",
    "breaking",
    "parameters",
    "An optional argument became required.",
    "callers of `{function}` must pass `{argument}=`",
)
_rule("parameter-made-optional", "safe", "parameters", "A required argument may be left out.")
_rule(
    "parameter-renamed",
    "breaking",
    "parameters",
    "The parameter's argument is named after it: renaming it renames the argument.",
    "callers passing `{old}=` to `{function}` must pass `{new}=`",
)
_rule(
    "path-parameter-renamed",
    "breaking",
    "parameters",
    "A path parameter is a positional argument named after it: calls passing it by keyword fail.",
    "callers passing `{old}=` to `{function}` by keyword must pass `{new}=`",
)
_rule(
    "parameter-moved",
    "breaking",
    "parameters",
    "The argument stays, but clients made from the old spec send it where the API no "
    "longer reads it.",
    _REDEPLOY + ": clients made from the old spec send `{argument}` in the {old}, the API "
    "reads it from the {new}",
)
_rule(
    "parameter-type-changed",
    "breaking",
    "parameters",
    "The argument takes another type; values of the old one are refused before sending.",
    "callers passing `{argument}=` to `{function}` must now pass `{new}` (was `{old}`)",
)
_rule(
    "parameter-type-widened",
    "safe",
    "parameters",
    "The argument takes every value it took, and more.",
)
_rule(
    "parameter-enum-value-removed",
    "breaking",
    "parameters",
    "The client checks an argument against its enum before sending: the value is refused.",
    "callers passing `{argument}={value}` to `{function}` must pass another value",
)
_rule("parameter-enum-value-added", "safe", "parameters", "The argument takes one more value.")
_rule(
    "parameter-constraint-tightened",
    "breaking",
    "parameters",
    "The client checks an argument's constraints before sending: values it took are now refused.",
    "callers passing `{argument}=` to `{function}` must keep it within {constraint}",
)
_rule(
    "parameter-constraint-loosened",
    "safe",
    "parameters",
    "The argument takes every value it took, and more.",
)
# ------------------------------------------------------------------ request body
_rule(
    "request-body-added-required",
    "breaking",
    "request",
    "A new required body is a new required argument.",
    "callers of `{function}` must pass `body=`",
)
_rule("request-body-added", "safe", "request", "A new optional `body` argument.")
_rule(
    "request-body-removed",
    "breaking",
    "request",
    "The `body` argument vanishes.",
    "callers of `{function}` must stop passing `body=`",
)
_rule(
    "request-body-made-required",
    "breaking",
    "request",
    "The `body` argument became required.",
    "callers of `{function}` must pass `body=`",
)
_rule(
    "request-body-type-changed",
    "breaking",
    "request",
    "The `body` argument takes another type.",
    "callers of `{function}` must now pass `body` as `{new}` (was `{old}`)",
)
_rule(
    "request-media-type-removed",
    "breaking",
    "request",
    "The body can no longer be sent as this media type.",
    "callers passing `content_type={media}` to `{function}` must send another media type",
)
# ------------------------------------------------------------ request properties
_rule(
    "request-property-added-required",
    "breaking",
    "request",
    "A new required field: building the model without it fails.",
    "callers building `{model}` must pass `{field}=`",
)
_rule("request-property-added", "safe", "request", "A new optional field.")
_rule(
    "request-property-removed",
    "breaking",
    "request",
    "The field vanishes from the model: passing it fails.",
    "callers passing `{field}=` to `{model}` must remove it",
)
_rule(
    "request-property-made-required",
    "breaking",
    "request",
    "An optional field became required.",
    "callers building `{model}` must pass `{field}=`",
)
_rule("request-property-made-optional", "safe", "request", "A required field may be left out.")
_rule(
    "request-property-made-non-nullable",
    "breaking",
    "request",
    "The field no longer takes None.",
    "callers passing `{field}=None` to `{model}` must pass a value or leave it out",
)
_rule("request-property-made-nullable", "safe", "request", "The field also takes None.")
_rule(
    "request-property-type-changed",
    "breaking",
    "request",
    "The field takes another type; values of the old one are refused.",
    "callers passing `{field}=` to `{model}` must now pass `{new}` (was `{old}`)",
)
_rule(
    "request-property-type-widened",
    "safe",
    "request",
    "The field takes every value it took, and more.",
)
_rule(
    "request-property-constraint-tightened",
    "breaking",
    "request",
    "The model checks the field's constraints: values it took are now refused.",
    "callers passing `{field}=` to `{model}` must keep it within {constraint}",
)
_rule(
    "request-property-constraint-loosened",
    "safe",
    "request",
    "The field takes every value it took, and more.",
)
_rule(
    "request-enum-value-removed",
    "breaking",
    "request",
    "The enum member vanishes and the API no longer accepts its value.",
    "callers passing `{member}` must pass another value",
)
_rule("request-enum-value-added", "safe", "request", "The enum has one more member to send.")
# ----------------------------------------------------------- response properties
_rule(
    "response-property-removed",
    "breaking",
    "response",
    "The field vanishes from the model: reading it fails.",
    "code reading `{model}.{field}` must stop",
)
_rule("response-property-added", "safe", "response", "A new field to read.")
_rule(
    "response-property-made-optional",
    "breaking",
    "response",
    "A field that was always there may be absent: it reads as MISSING.",
    "code reading `{model}.{field}` must handle MISSING",
)
_rule("response-property-made-required", "safe", "response", "The field is always there now.")
_rule(
    "response-property-made-nullable",
    "breaking",
    "response",
    "The field may now be None.",
    "code reading `{model}.{field}` must handle None",
)
_rule("response-property-made-non-nullable", "safe", "response", "The field is never None now.")
_rule(
    "response-property-type-changed",
    "breaking",
    "response",
    "The field holds another type.",
    "code reading `{model}.{field}` must handle `{new}` (was `{old}`)",
)
_rule(
    "response-property-type-narrowed",
    "safe",
    "response",
    "The field holds fewer types than before: code handling the old ones still works.",
)
_rule(
    "response-enum-value-added",
    "safe",
    "response",
    "Response enums are open in this client (`OpenEnum`): a value the client doesn't "
    "know is kept as received, never refused, so clients made from the old spec read "
    "the new value too.",
)
_rule(
    "response-enum-value-removed",
    "breaking",
    "response",
    "The enum member vanishes from the model: code naming it fails.",
    "code naming `{member}` must stop (the API no longer sends {value})",
)
# -------------------------------------------------------------------- responses
_rule(
    "success-status-removed",
    "breaking",
    "responses",
    "Clients made from the old spec expect a status the API no longer answers with.",
    _REDEPLOY + "; code relying on `{function}` answering {status} must stop",
)
_rule(
    "success-status-added",
    "safe",
    "responses",
    "A new success status whose body is of a type the function already returns.",
)
_rule(
    "success-media-type-removed",
    "breaking",
    "responses",
    "The client reads a success response of this media type no more.",
    "code using what `{function}` returns for {status} must handle {new}",
)
_rule(
    "response-type-changed",
    "breaking",
    "responses",
    "The function returns a type it didn't.",
    "code using what `{function}` returns must handle `{new}` (was `{old}`)",
)
_rule(
    "error-response-added",
    "warning",
    "errors",
    "A new documented error status: its body is read as its model, and raised as the "
    "status's error.",
    "check how callers of `{function}` handle {status}",
)
_rule(
    "error-response-removed",
    "warning",
    "errors",
    "An error status is no longer documented: its body is no longer read as a model.",
    "code reading the {status} error body of `{function}` gets it unparsed",
)
_rule(
    "error-response-type-changed",
    "warning",
    "errors",
    "The body of an error status is read as another type.",
    "code reading the {status} error body of `{function}` gets `{new}` (was `{old}`)",
)
# ----------------------------------------------------------------------- models
_rule(
    "schema-renamed",
    "breaking",
    "models",
    "A model is named after its schema's key: renaming the key renames the class.",
    "code naming `{old}` must use `{new}`",
)
_rule(
    "model-class-renamed",
    "breaking",
    "models",
    "The class made of the schema has another name (its place, or a collision, names it).",
    "code naming `{old}` must use `{new}`",
)
_rule(
    "model-removed",
    "breaking",
    "models",
    "The class vanishes from `models`.",
    "code naming `{model}` must stop",
)
_rule("model-added", "safe", "models", "A new class in `models`.")
# ---------------------------------------------------------------------- service
_rule(
    "security-scheme-removed",
    "breaking",
    "service",
    "The client's argument for the credential vanishes.",
    "code making the client with `{argument}=` must remove it",
)
_rule(
    "security-scheme-added",
    "warning",
    "service",
    "A new credential argument of the client.",
    "make the client with `{argument}=` (or ${variable}) where calls need it",
)
_rule(
    "security-scheme-changed",
    "breaking",
    "service",
    "The credential is sent another way, or the client's argument for it changed.",
    _REDEPLOY + "; check the `{argument}` credential: {what}",
)
_rule(
    "server-changed",
    "warning",
    "service",
    "The client's default base URL changed.",
    "check clients made without `base_url=`: they now call {new} (was {old})",
)

DIFF_RULES = MappingProxyType(_RULES)
"""Every rule by id, in the order above (SARIF's ``ruleIndex``)."""
