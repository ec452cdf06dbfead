"""The schemas' descriptions as data: given to datamodel-code-generator as tokens and put
in after it has run.

``tokenized`` gives the library a copy of the document in which each schema's
description is a token (``clientgenDescription7Z``, numbered by its place in the
document, with a prefix that occurs nowhere in the spec), so what the library is given
depends on the schemas' shape alone: after a description is edited, the models made
before are used again (``speed.models_key``).

``filled`` puts each description where the library placed its token, written as the
library writes one: a docstring (escaped with datamodel-code-generator's own
``escape_docstring``, on lines of its own) or a string literal (``repr``).  A token
anywhere else (a comment, say) is ``NotFilled``: the caller makes the models with the
descriptions themselves instead.

The same parse checks that the source holds declarations only: imports from the modules
the models use, classes without decorators, fields, constants, unions, and calls of
``Field``, ``ConfigDict``, ``TypeAliasType`` and ``StringConstraints``.  Anything else
(a function, a decorator, an attribute reached through a private name, a call of
anything else) is ``NotDeclarative``: models read back from a cache on disk, which anyone
could have edited, can't bring code into the output.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from datamodel_code_generator._python_syntax import escape_docstring

from .document.openapi import SUBSCHEMAS_30, SUBSCHEMAS_31
from .models_repair import Span, source_offsets, spliced

__all__ = ["NotDeclarative", "NotFilled", "Tokenized", "filled", "tokenized"]

_SUBSCHEMAS = {keyword: shape for keyword, shape, _ in (*SUBSCHEMAS_31, *SUBSCHEMAS_30)}
_PREFIX = "clientgenDescription"

_MODULES = frozenset(
    {"__future__", "datetime", "decimal", "enum", "pydantic", "typing", "typing_extensions"}
    | {"uuid", "._base", ".scalars"}
)
_CALLS = frozenset({"ConfigDict", "Field", "StringConstraints", "TypeAliasType"})
_NODES = (
    ast.Module,
    ast.ImportFrom,
    ast.alias,
    ast.ClassDef,
    ast.Expr,
    ast.Pass,
    ast.Assign,
    ast.AnnAssign,
    ast.Name,
    ast.Load,
    ast.Store,
    ast.Constant,
    ast.Subscript,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.BinOp,
    ast.BitOr,
    ast.UnaryOp,
    ast.USub,
    ast.Attribute,
    ast.Call,
    ast.keyword,
    ast.Lambda,
    ast.arguments,
)


class NotFilled(ValueError):
    """A token stands where no description can be put."""


class NotDeclarative(ValueError):
    """The source holds more than declarations."""


@dataclass(frozen=True)
class Tokenized:
    """The document as the library is given it, each token's description, and the
    tokens' prefix."""

    data: dict[str, Any]
    texts: dict[str, str]
    prefix: str = _PREFIX


def tokenized(document: dict[str, Any]) -> Tokenized:
    """``document`` (not changed) with its schemas' descriptions replaced by tokens."""
    prefix = _free_prefix(document)
    texts: dict[str, str] = {}  # token -> description

    def token(text: str) -> str:
        made = f"{prefix}{len(texts)}Z"
        texts[made] = text
        return made

    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(components, dict) or not isinstance(schemas, dict):
        return Tokenized(document, {}, prefix)
    replaced = {name: _schema(schema, token) for name, schema in schemas.items()}
    data = {**document, "components": {**components, "schemas": replaced}}
    return Tokenized(data, texts, prefix)


def _free_prefix(document: dict[str, Any]) -> str:
    """A token prefix that occurs nowhere in the document, so no text of the spec can be
    taken for a token."""
    text = json.dumps(document, default=str)
    prefix, number = _PREFIX, 0
    while prefix in text:
        number += 1
        prefix = f"{_PREFIX}{number}x"
    return prefix


def _schema(node: Any, token: Any) -> Any:
    """A schema with its description and those of the schemas inside it replaced (only
    where schemas stand: a default or an example is data, left as it is)."""
    if not isinstance(node, dict):
        return node
    copy = dict(node)
    description = copy.get("description")
    if isinstance(description, str) and description.strip():  # a blank one is dropped
        copy["description"] = token(description)
    for keyword, shape in _SUBSCHEMAS.items():
        value = copy.get(keyword)
        if shape == "map" and isinstance(value, dict):
            copy[keyword] = {key: _schema(item, token) for key, item in value.items()}
        elif isinstance(value, list):
            copy[keyword] = [_schema(item, token) for item in value]
        elif isinstance(value, dict):
            copy[keyword] = _schema(value, token)
    return copy


def filled(
    source: str,
    descriptions: Tokenized,
    *,
    tree: ast.Module | None = None,
    edits: Iterable[Span] = (),
) -> str:
    """``source`` (declarations only, else ``NotDeclarative``) with every token of
    ``descriptions`` replaced by its text (``NotFilled`` where one can't be).
    ``tree``: ``source`` already parsed; ``edits``: other spans on ``source`` to put in
    in the same pass (``models_repair.renames``: they never touch a string that holds a
    token)."""
    strings = _declared_strings(tree or ast.parse(source))
    texts = descriptions.texts
    spans = list(edits)
    if not texts:
        return spliced(source, spans)
    pattern = re.compile(re.escape(descriptions.prefix) + r"\d+Z")
    offset = source_offsets(source)
    for node, value, docstring in strings:
        if descriptions.prefix not in value:
            continue
        start = offset(node.lineno, node.col_offset)
        end = offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
        if docstring:
            text = texts.get(value.strip())
            if text is None:
                raise NotFilled(f"a docstring holds more than a description: {value!r}")
            spans.append((start, end, _docstring(text, " " * node.col_offset)))
        else:
            spans.append((start, end, repr(pattern.sub(lambda m: texts.get(m[0], m[0]), value))))
    source = spliced(source, spans)
    left = pattern.search(source)
    if left is not None:
        raise NotFilled(f"{left[0]} stands where no description can be put")
    return source


def _declared_strings(tree: ast.Module) -> list[tuple[ast.Constant, str, bool]]:
    """Every string constant, its value, and whether it is a class's docstring;
    ``NotDeclarative`` unless ``tree`` holds only what the module docstring lists (both
    in one walk: the models of a large spec are a million nodes)."""
    docstrings: set[int] = set()
    strings = []
    for node in ast.walk(tree):  # breadth first: a class before its docstring
        problem = _problem(node)
        if problem is not None:
            line = getattr(node, "lineno", 0)
            raise NotDeclarative(f"line {line}: {problem}")
        if isinstance(node, ast.ClassDef):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append((node, node.value, id(node) in docstrings))
    return strings


def _docstring(text: str, indent: str) -> str:
    """``text`` as the library writes a docstring (``format_docstring``)."""
    escaped = escape_docstring(text) or ""
    lines = "\n".join(f"{indent}{line}" if line else "" for line in escaped.split("\n"))
    return f'"""\n{lines}\n{indent}"""'


def _problem(node: ast.AST) -> str | None:
    if not isinstance(node, _NODES):
        return f"{type(node).__name__} is not a declaration"
    if isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
        return None if module in _MODULES else f"an import from {module}"
    if isinstance(node, ast.ClassDef) and (node.decorator_list or node.keywords):
        return f"class {node.name} has a decorator or a keyword"
    if isinstance(node, ast.Call) and not (
        isinstance(node.func, ast.Name) and node.func.id in _CALLS
    ):
        return f"a call of {ast.unparse(node.func)}"
    if isinstance(node, ast.Attribute) and (
        not isinstance(node.value, ast.Name) or node.attr.startswith("_")
    ):
        return f"the attribute {ast.unparse(node)}"
    if isinstance(node, ast.Lambda) and (node.args.args or node.args.vararg or node.args.kwarg):
        return "a lambda with arguments"
    return None
