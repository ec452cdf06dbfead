"""Rules on references and what they reach: ``unresolved-ref``, ``ref-siblings``,
``unused-component``."""

from __future__ import annotations

from ...document import pointer as jsonpointer
from ..index import Index, Node
from ..registry import DOCUMENT, REFERENCE, Report, rule

__all__ = ["ref_siblings", "unresolved_ref", "unused_component"]

# The component sections a $ref can name (securitySchemes are named by requirements).
_REFERENCED_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "pathItems",
)


@rule(
    "unresolved-ref",
    "error",
    "correctness",
    "A $ref that points nowhere (or outside the file) leaves a hole in the API description.",
    on=DOCUMENT,
    number=3,
)
def unresolved_ref(report: Report, index: Index) -> None:
    for pointer, ref in index.refs:
        if not ref.startswith("#"):
            report(
                f"{pointer}/$ref",
                f"external reference {ref!r} is not supported; use a '#/...' reference",
            )
        elif index.resolve(ref) is None:
            report(f"{pointer}/$ref", f"reference {ref!r} points to nothing in this document")
    schemas = index.components.get("schemas")
    schemas = schemas if isinstance(schemas, dict) else {}
    for pointer, target in index.mapping_refs:
        found = index.resolve(target) if target.startswith("#") else schemas.get(target)
        if found is None:
            report(pointer, f"discriminator mapping {target!r} points to no schema")


@rule(
    "ref-siblings",
    "warn",
    "correctness",
    "In OpenAPI 3.0 every key beside a $ref is ignored, so what it says is silently lost.",
    on=REFERENCE,
    number=20,
)
def ref_siblings(report: Report, holder: Node) -> None:
    if not holder.index.v30:
        return
    siblings = [key for key in holder.value if key != "$ref" and not key.startswith("x-")]
    if siblings:
        report(
            holder.pointer,
            f"{', '.join(repr(k) for k in siblings)} beside $ref "
            f"{'is' if len(siblings) == 1 else 'are'} ignored in OpenAPI 3.0",
        )


@rule(
    "unused-component",
    "warn",
    "hygiene",
    "A component no operation reaches is dead weight, and often a sign of a wrong $ref.",
    on=DOCUMENT,
    number=36,
)
def unused_component(report: Report, index: Index) -> None:
    if not index.data.get("paths") and not index.data.get("webhooks"):
        return  # a components-only library: everything in it is there to be used
    roots, edges = _component_graph(index)
    reachable: set[str] = set()
    stack = list(roots)
    while stack:
        component = stack.pop()
        if component not in reachable:
            reachable.add(component)
            stack.extend(edges.get(component, ()))
    referenced = roots | {c for targets in edges.values() for c in targets}
    for kind in _REFERENCED_KINDS:
        section = index.components.get(kind)
        if not isinstance(section, dict):
            continue
        for name in section:
            component = jsonpointer.join("/components", kind, name)
            if component in reachable:
                continue
            how = (
                "is only referenced from unused components"
                if component in referenced
                else "is never referenced"
            )
            report(component, f"{kind[:-1]} {name!r} {how}")


def _component_graph(index: Index) -> tuple[set[str], dict[str, set[str]]]:
    """The components referenced from outside the components (the roots), and for each
    component the components it references."""
    targets = [(pointer, ref) for pointer, ref in index.refs if ref.startswith("#/components/")]
    for pointer, target in index.mapping_refs:
        ref = (
            target
            if target.startswith("#")
            else f"#{jsonpointer.join('/components/schemas', target)}"
        )
        targets.append((pointer, ref))
    roots: set[str] = set()
    edges: dict[str, set[str]] = {}
    for pointer, ref in targets:
        component = _component_of(index.target_pointer(ref) or "")
        if component is None:
            continue
        owner = _component_of(pointer)
        if owner is None:
            roots.add(component)
        else:
            edges.setdefault(owner, set()).add(component)
    return roots, edges


def _component_of(pointer: str) -> str | None:
    """'/components/schemas/A/properties/b' -> '/components/schemas/A'."""
    if not pointer.startswith("/components/"):
        return None
    parts = pointer.split("/", 4)
    if len(parts) < 4:
        return None
    return "/".join(parts[:4])
