"""Type expressions of the generated code, each knowing the imports it needs.

Nothing downstream searches a type's text for names to import: a ``TypeRef`` carries
its imports, and combining two combines theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANY",
    "BOOL",
    "FLOAT",
    "INT",
    "MAPPING",
    "STR",
    "UUID",
    "Import",
    "TypeRef",
    "annotated",
    "literal",
    "model",
]


@dataclass(frozen=True, order=True)
class Import:
    """``from module import name``.  A module of the generated package itself is named
    relative to the package's root (``models``) with ``local`` set: each file imports it
    with as many dots as it is deep."""

    module: str
    name: str
    local: bool = False

    def source_module(self, depth: int) -> str:
        """The module as a file ``depth`` folders below the package root imports it."""
        return "." * (depth + 1) + self.module if self.local else self.module


@dataclass(frozen=True)
class TypeRef:
    """A type expression and the imports it needs."""

    text: str
    imports: frozenset[Import] = frozenset()

    def __str__(self) -> str:
        return self.text

    def __or__(self, other: TypeRef) -> TypeRef:
        return TypeRef(f"{self.text} | {other.text}", self.imports | other.imports)


ANY = TypeRef("Any", frozenset({Import("typing", "Any")}))
BOOL = TypeRef("bool")
FLOAT = TypeRef("float")
INT = TypeRef("int")
STR = TypeRef("str")
UUID = TypeRef("UUID", frozenset({Import("uuid", "UUID")}))
MAPPING = TypeRef(
    "Mapping[str, Any]", frozenset({Import("collections.abc", "Mapping"), Import("typing", "Any")})
)
"""A mapping with the API's own field names: what a body may be given as."""


def model(class_name: str) -> TypeRef:
    """A class of the generated ``models`` module."""
    return TypeRef(class_name, frozenset({Import("models", class_name, local=True)}))


def annotated(base: TypeRef, field_arguments: str) -> TypeRef:
    """``Annotated[base, Field(field_arguments)]``: a value checked against constraints."""
    return TypeRef(
        f"Annotated[{base}, Field({field_arguments})]",
        base.imports | {Import("typing", "Annotated"), Import("pydantic", "Field")},
    )


def literal(values: list[str] | list[int]) -> TypeRef:
    """``Literal[...]`` of text or integer values, each written as a Python literal."""
    return TypeRef(
        f"Literal[{', '.join(repr(value) for value in values)}]",
        frozenset({Import("typing", "Literal")}),
    )
