"""What every part of the builder shares: the document, the namer, the models' class
names, and the problems met so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..document.refs import target_pointer
from ..document.views import Document
from ..ir.namer import Namer
from ..ir.types import TypeRef, model

__all__ = ["COMPONENT_SCHEMA", "Context"]

COMPONENT_SCHEMA = "#/components/schemas/"
_UNLINKED = TypeRef("Model")  # checking only: the models have not been made


@dataclass
class Context:
    """The builder's state for one spec.

    ``classes`` maps a schema's JSON pointer to the class datamodel-code-generator made of
    it; None when the build only checks the spec (``lint``), before any model exists.
    """

    document: Document
    classes: Mapping[str, str] | None
    namer: Namer = field(default_factory=Namer)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def problem(self, rule: str, pointer: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(rule, "error", message, self.document.locate(pointer)))

    def model_of(self, ref: str) -> TypeRef:
        """The class of the component schema ``ref`` points to, as the models name it."""
        if self.classes is None:
            return _UNLINKED
        pointer = target_pointer(ref) or ref
        class_name = self.classes.get(pointer)
        if class_name is None:  # the link must come from the model generator, never a guess
            raise LookupError(f"datamodel-code-generator made no model of {ref!r}")
        return model(class_name)
