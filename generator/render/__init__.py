"""Render every file of the client package from the intermediate model.

Templates get the ``ir.Api`` with finished names and types, and lay them out; anything
taken from the spec reaches the output through the ``pyrepr`` and ``docstring`` filters
(``filters``) or as a name from ``ir.names``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..ir.model import Api, SchemeKind, SecurityScheme, Tag
from ..ir.names import all_order
from ..ir.types import Import, TypeRef
from ..models_split import ModelsPackage
from .filters import docstring, file_header, pyrepr
from .imports import import_block
from .layout import resources

__all__ = [
    "file_header",
    "render_model_package",
    "render_models",
    "render_operations",
    "render_package",
    "runtime_files",
]

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
"""The package's modules that don't depend on the spec: plain Python, copied as they are."""
_RUNTIME_FILES = (
    "_auth.py",
    "_base.py",
    "_bodies.py",
    "_decode.py",
    "_endpoint.py",
    "_lazy.py",
    "_multipart.py",
    "_params.py",
    "_request.py",
    "_responses.py",
    "_retries.py",
    "_sending.py",
    "_session.py",
    "_transport.py",
    "errors.py",
)
_API_MODULE_NEEDS = (
    Import("collections.abc", "Mapping"),  # every function takes extra_* mappings
    Import("typing", "Any"),
    Import("httpx", ""),
    Import("", "_endpoint", local=True),
    Import("_client", "AsyncClient", local=True),
    Import("_client", "Client", local=True),
    Import("_responses", "ApiResponse", local=True),
)
_STREAMING = (
    Import("contextlib", "AbstractAsyncContextManager"),
    Import("contextlib", "AbstractContextManager"),
)


def render_package(api: Api, *, package: str, header: str, templates: Path) -> dict[str, str]:
    """Return ``{path inside the package: unformatted source}`` for every file made from
    a template but the operations' modules (``render_operations``) and the models
    (``render_models``): none of these needs to know the models' class names."""
    env = _environment(templates)
    common = {"api": api, "package": package, "header": header}
    files = {
        "__init__.py": env.get_template("__init__.py.jinja").render(common),
        "_config.py": env.get_template("_config.py.jinja").render(common),
        "_client.py": env.get_template("_client.py.jinja").render(common),
        "py.typed": "",
        "scalars.py": env.get_template("scalars.py.jinja").render(
            common, imports=import_block(scalar.annotation for scalar in api.scalars)
        ),
        "api/__init__.py": env.get_template("api__init__.py.jinja").render(common),
    }
    return files


def runtime_files(header: str) -> dict[str, str]:
    """The runtime modules under the header, as they are: they are kept formatted the way
    the formatting stage would leave them (the tests check black and isort do nothing),
    so they need no formatting."""
    return {
        name: f"{header}\n{(RUNTIME / name).read_text(encoding='utf-8')}" for name in _RUNTIME_FILES
    }


def render_operations(api: Api, *, package: str, header: str, templates: Path) -> dict[str, str]:
    """``{path: unformatted source}`` of the module under ``api/`` of each tag, or of its
    package of modules when it has more than ``layout.SPLIT_ABOVE`` operations."""
    env = _environment(templates)
    module = env.get_template("api_module.py.jinja")
    files = {}
    for tag in api.tags:
        parts = resources(tag)
        if parts is None:
            files[f"api/{tag.module}.py"] = module.render(
                api=api, header=header, tag=tag, imports=_imports(tag, depth=1)
            )
            continue
        docstring = env.get_template("api_package_docstring.jinja").render(tag=tag, package=package)
        modules: dict[str, Sequence[str]] = {name: part.exports for name, part in parts.items()}
        files[f"api/{tag.module}/__init__.py"] = _lazy_index(
            env, header=header, docstring=docstring, modules=modules, depth=2
        )
        for name, part in parts.items():
            files[f"api/{tag.module}/{name}.py"] = module.render(
                api=api, header=header, tag=part, imports=_imports(part, depth=2)
            )
    return files


def render_models(api: Api, *, models_source: str, header: str, templates: Path) -> str:
    """The unformatted ``models.py``: its header and docstring around the models' source."""
    template = _environment(templates).get_template("models.py.jinja")
    return template.render(
        api=api, header=header, models_source=models_source, package_of_modules=False
    )


def render_model_package(
    api: Api, models: ModelsPackage, *, package: str, header: str, templates: Path
) -> dict[str, str]:
    """``{path: unformatted source}`` of ``models/``: the modules ``models`` holds, and
    the ``__init__.py`` that imports each when one of its names is first used."""
    env = _environment(templates)
    docstring = env.get_template("models_docstring.jinja").render(
        api=api, package=package, package_of_modules=True
    )
    modules = {module.name: module.defines for module in models.modules}
    files = {
        "models/__init__.py": _lazy_index(
            env, header=header, docstring=docstring, modules=modules, depth=1
        )
    }
    template = env.get_template("model_module.py.jinja")
    for module in models.modules:
        files[f"models/{module.name}.py"] = template.render(
            api=api, header=header, module=module, package=package
        )
    return files


def _lazy_index(
    env: Environment,
    *,
    header: str,
    docstring: str,
    modules: Mapping[str, Sequence[str]],
    depth: int,
) -> str:
    """The ``__init__.py``, ``depth`` folders below the package root, of a package whose
    ``modules`` (each with the names it defines) are imported when one of their names is
    first used."""
    names = sorted((name for defines in modules.values() for name in defines), key=all_order)
    return env.get_template("lazy__init__.py.jinja").render(
        header=header, docstring=docstring.rstrip("\n"), modules=modules, names=names, depth=depth
    )


def _imports(tag: Tag, *, depth: int) -> str:
    """The import block of a module of operations, ``depth`` folders below the package
    root: only what ``tag``'s operations use."""
    types: list[TypeRef] = []
    needs = list(_API_MODULE_NEEDS)
    for op in tag.operations:
        types += [op.returns, *(o.type for o in op.outcomes if o.type is not None)]
        types += [t for p in op.parameters for t in (p.annotation, p.checked)]
        if op.body:
            types += [op.body.annotation, *op.body.checkers.values()]
            types += [op.body.content_type] if op.body.content_type else []
        if op.body and op.body.checkers or any(p.needs_check for p in op.parameters):
            needs.append(Import("pydantic", "TypeAdapter"))
        if op.streams:
            needs += _STREAMING
    return import_block(types, needs, depth=depth)


_SCHEME_CLASSES = {
    SchemeKind.API_KEY: "ApiKey",
    SchemeKind.BEARER: "HttpBearer",
    SchemeKind.BASIC: "HttpBasic",
}
_CREDENTIAL_TYPES = {
    SchemeKind.API_KEY: "str | None",
    SchemeKind.BEARER: "str | Callable[[], str | None | Awaitable[str | None]] | None",
    SchemeKind.BASIC: "tuple[str, str] | None",
}


def _credential_words(scheme: SecurityScheme) -> str:
    """What a scheme's credential is, for the client's docstring."""
    if scheme.kind is SchemeKind.API_KEY:
        return f"an API key, sent in the {scheme.location} {docstring(repr(scheme.wire_name))}"
    if scheme.kind is SchemeKind.BEARER:
        return "a bearer token, or a callable returning one (called for each request)"
    return "a (username, password) pair for HTTP basic authentication"


def _environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates / "package"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["scheme_class"] = _SCHEME_CLASSES.__getitem__
    env.filters["credential_type"] = _CREDENTIAL_TYPES.__getitem__
    env.filters["credential_words"] = _credential_words
    env.filters["docstring"] = docstring
    return env
