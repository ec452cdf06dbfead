"""Rules on security requirements (of the document and of each operation)."""

from __future__ import annotations

from ...document import pointer as jsonpointer
from ..index import Node
from ..registry import SECURITY, Report, rule

__all__ = ["security_scheme_undefined"]


@rule(
    "security-scheme-undefined",
    "error",
    "correctness",
    "A security requirement must name a scheme defined in components/securitySchemes.",
    on=SECURITY,
    number=16,
)
def security_scheme_undefined(report: Report, requirements: Node) -> None:
    schemes = requirements.index.components.get("securitySchemes")
    defined = schemes if isinstance(schemes, dict) else {}
    for index, requirement in enumerate(requirements.value):
        if isinstance(requirement, dict):
            for name in requirement:
                if name not in defined:
                    report(
                        jsonpointer.join(f"{requirements.pointer}/{index}", name),
                        f"security scheme {name!r} is not defined in components/securitySchemes",
                    )
