"""Changes to datamodel-code-generator's source that the generated package needs.

The source is the library's own output (the spec's text only inside string literals), so
it is read with ``ast`` and only the spans concerned are rewritten.

The library ends the module with ``X.model_rebuild()`` for each model that refers to one
defined after it; that builds the validator of ``X`` and of everything it refers to at
import, which for a large API takes seconds.  The models defer building
(``ApiModel``'s ``defer_build``) until first used, when every name is defined, so the
calls go.

The type of typed extras (``__pydantic_extra__`` in an ``__annotations__`` dict) comes
spelled with typing's ``Dict``, which the package's own checks (ruff UP006, UP035)
refuse: it is written with the builtin generics.

A field whose default is a list, a dict or a set (``= [Channel.EMAIL]``) is safe in
pydantic, which copies it, but ruff can't tell the models are pydantic's (``ApiModel``
comes from ``_base``) and flags it (RUF012): the default becomes a ``default_factory``.
"""

from __future__ import annotations

import ast
import re

__all__ = [
    "factories_for_mutable_defaults",
    "standard_extras",
    "without_rebuilds",
]


def _replaced(source: str, edits: list[tuple[ast.expr, str]]) -> str:
    """``source`` with the text of each node of ``edits`` replaced (nodes that don't
    overlap)."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8"))

    spans = []
    for node, text in edits:
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = offset(node.lineno, node.col_offset)
        spans.append((start, offset(node.end_lineno, node.end_col_offset), text))
    for start, end, text in sorted(spans, reverse=True):
        source = source[:start] + text + source[end:]
    return source


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


# The library spells the type of typed extras (in an ``__annotations__`` dict) with
# typing's Dict, List ..., which the client's own checks (ruff UP006, UP035) refuse.
_TYPING_GENERIC = re.compile(r"\b(Dict|List|Set|FrozenSet|Tuple|Type)\[")


def standard_extras(source: str) -> str:
    """The typed extras' annotations with the builtin generics (``dict[str, int]``); the
    formatting stage then drops the ``typing`` import left unused."""
    return "".join(
        _TYPING_GENERIC.sub(lambda m: f"{m[1].lower()}[", line)
        if "'__pydantic_extra__':" in line
        else line
        for line in source.splitlines(keepends=True)
    )


def factories_for_mutable_defaults(source: str) -> str:
    """``source`` with each class field's list, dict or set default given as
    ``Field(default_factory=...)`` (``list`` for ``[]``, a lambda for ``[X.A]``)."""
    if not any(mark in source for mark in (" = [", " = {")):
        return source
    tree = ast.parse(source)
    edits: list[tuple[ast.expr, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for field in node.body:
            value = field.value if isinstance(field, ast.AnnAssign) else None
            if not isinstance(value, ast.List | ast.Dict | ast.Set):
                continue
            literal = ast.get_source_segment(source, value) or ""
            empty = {"[]": "list", "{}": "dict"}.get(literal)
            factory = empty or f"lambda: {literal}"
            edits.append((value, f"Field(default_factory={factory})"))
    if not edits:
        return source
    source = _replaced(source, edits)
    imported = {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic"
        for alias in node.names
    }
    if "Field" not in imported:
        source = source.replace(
            "from __future__ import annotations\n",
            "from __future__ import annotations\n\nfrom pydantic import Field\n",
            1,
        )
    return source
