"""What every part of the builder shares: the document, the namer, where the inline
schemas went, the models' class names, and the problems met so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..document import pointer as jsonpointer
from ..document.views import Document
from ..ir.namer import Namer
from ..ir.types import ANY, Import, TypeRef, model
from .limits import SEVERITY_OF

__all__ = ["Context"]

_UNLINKED = TypeRef("Model")  # checking only: the models have not been made
_SCHEMAS = "/components/schemas/"


@dataclass
class Context:
    """The builder's state for one spec.

    ``hoisted`` maps each inline schema's pointer to the component it became (see
    ``inline``); ``scalars`` the scalar component schemas to their aliases in
    ``scalars.py``; ``classes`` a component's pointer to the class (or type alias)
    datamodel-code-generator made of it, None when the build only checks the spec
    (``lint``), before any model exists; ``aliases`` those of them it made type aliases.
    """

    document: Document
    classes: Mapping[str, str] | None
    hoisted: Mapping[str, str] = field(default_factory=dict)
    scalars: Mapping[str, str] = field(default_factory=dict)
    aliases: frozenset[str] = frozenset()
    namer: Namer = field(default_factory=Namer)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def problem(self, rule: str, pointer: str, message: str) -> None:
        severity = SEVERITY_OF[rule]
        self.diagnostics.append(Diagnostic(rule, severity, message, self.document.locate(pointer)))

    def type_of(self, schema: Any, pointer: str) -> TypeRef:
        """The type a JSON value of ``schema`` (at ``pointer``) is read and checked as: the
        class or alias the models made of it; ``Any`` for a schema that says nothing."""
        target, where = self.document.resolver.follow(schema, pointer)
        where = self.hoisted.get(where, where)
        if target is None or target == {} or target is True:
            return ANY
        if where.startswith(_SCHEMAS) and where.count("/") == 3:
            name = jsonpointer.tokens(where)[2]
            if name in self.scalars:
                alias = self.scalars[name]
                return TypeRef(alias, frozenset({Import("scalars", alias, local=True)}))
        if self.classes is None:
            return _UNLINKED
        class_name = self.classes.get(where)
        if class_name is None:  # the link must come from the model generator, never a guess
            raise LookupError(f"datamodel-code-generator made no model of #{where}")
        return model(class_name)

    def is_object(self, schema: Any) -> bool:
        """Whether ``schema`` (through ``$ref``\\ s) describes an object."""
        target, _ = self.document.resolver.follow(schema, "")
        return isinstance(target, dict) and (
            target.get("type") == "object" or "properties" in target or "allOf" in target
        )

    def is_model_class(self, schema: Any, pointer: str) -> bool:
        """Whether the model of ``schema`` (at ``pointer``) is a pydantic class, which
        checks a value itself; a type alias (a union, a map) or an enum needs a
        ``TypeAdapter``.  Before the models are made (``lint``), it does not matter."""
        target, where = self.document.resolver.follow(schema, pointer)
        where = self.hoisted.get(where, where)
        if self.classes is None:
            return True
        is_enum = isinstance(target, dict) and "enum" in target
        return where in self.classes and where not in self.aliases and not is_enum
