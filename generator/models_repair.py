"""Changes to datamodel-code-generator's source that the generated package needs.

The source is the library's own output (the spec's text only inside string literals), so
it is read with ``ast`` (once: Stripe's takes about a second to parse) and only the spans
concerned are rewritten.

The library ends the module with ``X.model_rebuild()`` for each model that refers to one
defined after it; that builds the validator of ``X`` and of everything it refers to at
import, which for a large API takes seconds.  The models defer building
(``ApiModel``'s ``defer_build``) until first used, when every name is defined, so the
calls go.

The type of typed extras (``__pydantic_extra__`` in an ``__annotations__`` dict) comes
spelled with typing's ``Dict``, which the package's own checks (ruff UP006, UP035)
refuse: it is written with the builtin generics.

The library names some inline schemas itself, numbered in the order it meets them
(``Application2``, a constrained string in an ``anyOf``): ``renamed`` gives each the name
its place gives it (chosen by ``models_stage``).

A field whose default is a list, a dict or a set (``= [Channel.EMAIL]``) is safe in
pydantic, which copies it, but ruff can't tell the models are pydantic's (``ApiModel``
comes from ``_base``) and flags it (RUF012): the default becomes a ``default_factory``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

__all__ = ["Span", "adjusted", "renames", "source_offsets", "spliced"]

# The library spells the type of typed extras (in an ``__annotations__`` dict) with
# typing's Dict, List ..., which the client's own checks (ruff UP006, UP035) refuse.
_TYPING_GENERIC = re.compile(r"\b(Dict|List|Set|FrozenSet|Tuple|Type)\[")

_CLASS = re.compile(r"class\s+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
Span = tuple[int, int, str]  # start and end offsets in the source, and the text put there


def adjusted(source: str) -> tuple[str, ast.Module]:
    """``source`` with the changes the module docstring lists, and its syntax tree
    (parsed again only when something changed: Stripe's models are 3 MB)."""
    source = _standard_extras(source)
    tree = ast.parse(source)
    offset = source_offsets(source)
    spans = [*_rebuilds(tree, offset), *_mutable_defaults(source, tree, offset)]
    if not spans:
        return source, tree
    source = spliced(source, spans)
    if any(text for _, _, text in spans) and "Field" not in _from_pydantic(tree):
        source = source.replace(
            "from __future__ import annotations\n",
            "from __future__ import annotations\n\nfrom pydantic import Field\n",
            1,
        )
    return source, ast.parse(source)


def _standard_extras(source: str) -> str:
    """The typed extras' annotations with the builtin generics (``dict[str, int]``); the
    formatting stage then drops the ``typing`` import left unused."""
    return "".join(
        _TYPING_GENERIC.sub(lambda m: f"{m[1].lower()}[", line)
        if "'__pydantic_extra__':" in line
        else line
        for line in source.splitlines(keepends=True)
    )


def spliced(source: str, spans: Iterable[Span]) -> str:
    """``source`` with each span's text in place of what stood there (spans don't
    overlap); one pass, however many spans (Stripe's models have tens of thousands)."""
    parts, at = [], 0
    for start, end, text in sorted(spans):
        parts += [source[at:start], text]
        at = end
    return "".join([*parts, source[at:]])


def renames(source: str, tree: ast.Module, names: Mapping[str, str]) -> list[Span]:
    """The spans that rename each class (or type alias) of ``names`` in ``source``
    (parsed: ``tree``): where it is defined, where its name is used, and where it is
    written as a string where a type stands (a forward reference, the name a
    ``TypeAliasType`` is given); never in data (a ``Literal``'s values, a call's
    arguments, a default)."""
    if not names:
        return []
    offset = source_offsets(source)
    defined = {  # a field or an enum member of the same name is not renamed
        target for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
    }
    data = _data_strings(tree)
    spans: list[Span] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and node.id in names
            and (isinstance(node.ctx, ast.Load) or node in defined)
        ):
            start = offset(node.lineno, node.col_offset)
            spans.append((start, start + len(node.id), names[node.id]))
        elif isinstance(node, ast.ClassDef) and node.name in names:
            keyword = _CLASS.match(source, offset(node.lineno, node.col_offset))
            assert keyword is not None  # a class statement begins so
            spans.append((keyword.end(), keyword.end() + len(node.name), names[node.name]))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in names
            and id(node) not in data
        ):
            start = offset(node.lineno, node.col_offset)
            end = offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
            spans.append((start, end, f'"{names[node.value]}"'))
    return spans


def _data_strings(tree: ast.Module) -> set[int]:
    """The ids of the constants that are data: inside a ``Literal[...]``, a call's
    arguments (but the name and type a ``TypeAliasType`` is given), a class body's values
    (defaults, enum members) and docstrings."""
    return {
        id(inner)
        for node in ast.walk(tree)
        for part in _data_parts(node)
        for inner in ast.walk(part)
        if isinstance(inner, ast.Constant)
    }


def _data_parts(node: ast.AST) -> Iterator[ast.AST]:
    if isinstance(node, ast.Subscript) and _is_name(node.value, "Literal"):
        yield node.slice
    elif isinstance(node, ast.Call):
        yield from (keyword.value for keyword in node.keywords)
        yield from node.args if not _is_name(node.func, "TypeAliasType") else ()
    elif isinstance(node, ast.ClassDef):
        for statement in node.body:
            if isinstance(statement, ast.Expr):
                yield statement
            elif isinstance(statement, ast.AnnAssign | ast.Assign) and statement.value:
                yield statement.value


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def source_offsets(source: str) -> Callable[[int, int], int]:
    """The character offset in ``source`` of an ast position (its columns count UTF-8
    bytes).  Lines end where Python's tokenizer ends them (``\n``, ``\r\n``, ``\r``),
    not at every character ``str.splitlines`` breaks on (U+2028, form feed, ...), which
    a string literal may hold."""
    lines = _LINE.findall(source)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        if column == 0:  # line may be the one after the last
            return starts[line - 1]
        return starts[line - 1] + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8"))

    return offset


def _rebuilds(tree: ast.Module, offset: Callable[[int, int], int]) -> Iterator[Span]:
    """The module-level ``<Model>.model_rebuild()`` statements, whole lines, removed."""
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "model_rebuild"
            and isinstance(call.func.value, ast.Name)
            and not call.args
            and not call.keywords
            and node.end_lineno is not None
        ):
            yield offset(node.lineno, 0), offset(node.end_lineno + 1, 0), ""


def _mutable_defaults(
    source: str, tree: ast.Module, offset: Callable[[int, int], int]
) -> Iterator[Span]:
    """Each class field's list, dict or set default as ``Field(default_factory=...)``
    (``list`` for ``[]``, a lambda for ``[X.A]``)."""
    for node in ast.walk(tree):
        for field in node.body if isinstance(node, ast.ClassDef) else ():
            value = field.value if isinstance(field, ast.AnnAssign) else None
            if not isinstance(value, ast.List | ast.Dict | ast.Set):
                continue
            assert value.end_lineno is not None and value.end_col_offset is not None
            start = offset(value.lineno, value.col_offset)
            end = offset(value.end_lineno, value.end_col_offset)
            # (ast.get_source_segment splits the whole source into lines at each call)
            literal = source[start:end]
            factory = {"[]": "list", "{}": "dict"}.get(literal) or f"lambda: {literal}"
            yield start, end, f"Field(default_factory={factory})"


def _from_pydantic(tree: ast.Module) -> set[str]:
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic"
        for alias in node.names
    }
