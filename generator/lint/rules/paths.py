"""Rules on path templates: their parameters, how they overlap, how they are written."""

from __future__ import annotations

from ...document.openapi import HTTP_METHODS, PATH_TEMPLATE
from ..index import Index, Node, PathUse
from ..registry import DOCUMENT, PATH, Report, rule

__all__ = [
    "ambiguous_paths",
    "identical_paths",
    "path_params",
    "path_query_string",
    "path_trailing_slash",
]


@rule(
    "path-params",
    "error",
    "correctness",
    "Every {name} in a path must be declared as a path parameter, and every declared "
    "path parameter must appear in the path.",
    on=DOCUMENT,
    number=8,
)
def path_params(report: Report, index: Index) -> None:
    unused_reported: set[str] = set()
    for use in index.path_uses:
        names = PATH_TEMPLATE.findall(use.template)
        malformed = PATH_TEMPLATE.sub("", use.template)
        if "{" in malformed or "}" in malformed or "" in names:
            report(use.key_pointer, f"path {use.template!r} has a malformed {{parameter}} template")
        for name in {n for n in names if names.count(n) > 1}:
            report(use.key_pointer, f"path parameter {{{name}}} appears twice in {use.template!r}")
        _declared(report, index, use, names, unused_reported)


def _declared(
    report: Report, index: Index, use: PathUse, names: list[str], unused_reported: set[str]
) -> None:
    """Each operation of the path item declares the path's parameters, and no others."""
    shared = index.parameters(use.item.get("parameters"), f"{use.item_pointer}/parameters")
    for method in HTTP_METHODS:
        op = index.operations.get(f"{use.item_pointer}/{method}")
        if op is None:
            continue
        own = index.parameters(op.data.get("parameters"), f"{op.pointer}/parameters")
        path_names: dict[str, str] = {
            p.value["name"]: p.pointer
            for p in shared + own
            if isinstance(p.value, dict)
            and p.value.get("in") == "path"
            and isinstance(p.value.get("name"), str)
        }
        for name in dict.fromkeys(names):
            if name and name not in path_names:
                report(
                    op.pointer,
                    f"path parameter {{{name}}} of {use.template!r} is not declared "
                    f"for this {op.method.upper()} operation",
                )
        for name, where in path_names.items():
            if name not in names and where not in unused_reported:
                unused_reported.add(where)
                report(
                    f"{where}/name",
                    f"path parameter {name!r} does not appear in the path {use.template!r}",
                )


@rule(
    "identical-paths",
    "error",
    "correctness",
    "Paths that differ only in template names (/a/{x}, /a/{y}) are the same path; "
    "OpenAPI forbids them.",
    on=DOCUMENT,
    number=18,
)
def identical_paths(report: Report, index: Index) -> None:
    for use, first in _shapes(index)[1]:
        report(
            use.key_pointer,
            f"path {use.template!r} is identical to {first!r} (only the parameter names differ)",
        )


@rule(
    "ambiguous-paths",
    "warn",
    "correctness",
    "Paths like /a/{x}/c and /a/b/{y} match the same URL with neither more specific, "
    "so routing depends on order.",
    on=DOCUMENT,
    number=19,
)
def ambiguous_paths(report: Report, index: Index) -> None:
    by_length: dict[int, list[tuple[PathUse, list[str]]]] = {}
    for use, segments in _shapes(index)[0]:
        by_length.setdefault(len(segments), []).append((use, segments))
    for group in by_length.values():
        for i, (use_a, segments_a) in enumerate(group):
            for use_b, segments_b in group[i + 1 :]:
                if _ambiguous(segments_a, segments_b):
                    report(
                        use_b.key_pointer,
                        f"path {use_b.template!r} and {use_a.template!r} can match the same "
                        "URL and neither is more specific",
                    )


def _shapes(
    index: Index,
) -> tuple[list[tuple[PathUse, list[str]]], list[tuple[PathUse, str]]]:
    """Each path with a shape of its own and the segments of that shape ({} for every
    template), and each path whose shape an earlier one has, with that earlier path."""
    first: dict[str, str] = {}
    distinct: list[tuple[PathUse, list[str]]] = []
    repeated: list[tuple[PathUse, str]] = []
    for use in index.path_uses:
        shape = PATH_TEMPLATE.sub("{}", use.template)
        if shape in first:
            repeated.append((use, first[shape]))
        else:
            first[shape] = use.template
            distinct.append((use, shape.split("/")))
    return distinct, repeated


def _ambiguous(a: list[str], b: list[str]) -> bool:
    a_more = b_more = False
    for x, y in zip(a, b, strict=True):
        x_var, y_var = "{" in x, "{" in y
        if x_var and y_var:
            continue
        if x_var:
            b_more = True
        elif y_var:
            a_more = True
        elif x != y:
            return False
    return a_more and b_more


@rule(
    "path-trailing-slash",
    "warn",
    "hygiene",
    "/a/ and /a are different URLs to many servers; a trailing slash is usually a slip.",
    on=PATH,
    number=37,
)
def path_trailing_slash(report: Report, path: Node) -> None:
    if len(path.value) > 1 and path.value.endswith("/"):
        report(path.pointer, f"path {path.value!r} ends with a slash")


@rule(
    "path-query-string",
    "warn",
    "hygiene",
    "A query string belongs in query parameters, not in the path.",
    on=PATH,
    number=38,
)
def path_query_string(report: Report, path: Node) -> None:
    if "?" in path.value:
        report(path.pointer, f"path {path.value!r} contains a query string; use query parameters")
