"""Changes to datamodel-code-generator's source that the generated package needs.

The source is the library's own output (the spec's text only inside string literals), so
it is read with ``ast`` and only the spans concerned are rewritten.

An optional field holding a discriminated union comes out of the library as
``Annotated[A | B | MISSING, Field(discriminator="type")]``: pydantic 2.14 takes it, but
2.13 refuses to build the model ("missing-sentinel is not a valid discriminated union
variant").  Written ``Annotated[A | B, Field(discriminator="type")] | MISSING`` it means the
same to every release: the union is discriminated, and the field may be left out.

The library ends the module with ``X.model_rebuild()`` for each model that refers to one
defined after it; that builds the validator of ``X`` and of everything it refers to at
import, which for a large API takes seconds.  The models defer building
(``ApiModel``'s ``defer_build``) until first used, when every name is defined, so the
calls go.
"""

from __future__ import annotations

import ast

__all__ = ["missing_outside_discriminated_unions", "without_rebuilds"]

_MISSING = "MISSING"


def missing_outside_discriminated_unions(source: str) -> str:
    """``source`` with each ``Annotated[<union> | MISSING, Field(discriminator=...)]``
    written ``Annotated[<union>, Field(discriminator=...)] | MISSING``."""
    if "discriminator=" not in source:
        return source
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:  # ast columns count UTF-8 bytes
        text = lines[line - 1].encode("utf-8")[:column].decode("utf-8")
        return starts[line - 1] + len(text)

    edits = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Subscript):
            continue
        parts = _discriminated_union_with_missing(node)
        if parts is None or node.end_lineno is None or node.end_col_offset is None:
            continue
        union, field = parts
        start = offset(node.lineno, node.col_offset)
        end = offset(node.end_lineno, node.end_col_offset)
        variants = ast.get_source_segment(source, union.left)
        written = ast.get_source_segment(source, field)
        edits.append((start, end, f"Annotated[{variants}, {written}] | {_MISSING}"))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _discriminated_union_with_missing(node: ast.Subscript) -> tuple[ast.BinOp, ast.Call] | None:
    """The ``<union> | MISSING`` and the ``Field(...)`` of an ``Annotated[<union> |
    MISSING, Field(...)]`` whose ``Field`` names a discriminator, or None."""
    if not (
        isinstance(node.value, ast.Name)
        and node.value.id == "Annotated"
        and isinstance(node.slice, ast.Tuple)
        and len(node.slice.elts) == 2
    ):
        return None
    union, field = node.slice.elts
    if not (
        isinstance(field, ast.Call)
        and any(keyword.arg == "discriminator" for keyword in field.keywords)
        and isinstance(union, ast.BinOp)
        and isinstance(union.op, ast.BitOr)
        and isinstance(union.right, ast.Name)
        and union.right.id == _MISSING
    ):
        return None
    return union, field


def without_rebuilds(source: str) -> str:
    """``source`` without its module-level ``<Model>.model_rebuild()`` statements."""
    if ".model_rebuild()" not in source:
        return source
    lines = source.splitlines(keepends=True)
    for node in reversed(ast.parse(source).body):
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "model_rebuild"
            and isinstance(call.func.value, ast.Name)
            and not call.args
            and not call.keywords
        ):
            del lines[node.lineno - 1 : node.end_lineno]
    return "".join(lines)
