"""Render every file of the client package from the intermediate model.

Templates get the ``ir.Api`` with finished names and types, and lay them out; anything
taken from the spec reaches the output through the ``pyrepr`` and ``docstring`` filters
(``filters``) or as a name from ``ir.names``.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..ir.model import Api, SchemeKind, SecurityScheme, Tag
from ..ir.types import Import, TypeRef
from ..models_split import ModelsPackage
from .filters import docstring, file_header, pyrepr
from .imports import import_block

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


def render_operations(api: Api, *, header: str, templates: Path) -> dict[str, str]:
    """``{path: unformatted source}`` of the module under ``api/`` of each tag."""
    module = _environment(templates).get_template("api_module.py.jinja")
    return {
        f"api/{tag.module}.py": module.render(
            api=api, header=header, tag=tag, imports=_imports(tag)
        )
        for tag in api.tags
    }


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
    names = sorted((name for module in models.modules for name in module.defines), key=_listed)
    files = {
        "models/__init__.py": env.get_template("models__init__.py.jinja").render(
            api=api,
            header=header,
            models=models,
            names=names,
            package=package,
            package_of_modules=True,
        )
    }
    template = env.get_template("model_module.py.jinja")
    for module in models.modules:
        files[f"models/{module.name}.py"] = template.render(
            api=api, header=header, module=module, package=package
        )
    return files


def _imports(tag: Tag) -> str:
    """The import block of one ``api/<tag>.py``: only what its operations use."""
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
    return import_block(types, needs, depth=1)


def _listed(name: str) -> tuple[int, list[str | int]]:
    """Where ``name`` goes in a sorted ``__all__``, as ruff's RUF022 sorts it: constants,
    then classes, then the rest, each in natural order (``Option2`` before ``Option10``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    parts = re.split(r"(\d+)", name)
    return kind, [int(part) if index % 2 else part for index, part in enumerate(parts)]


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
