"""Render every file of the client package from the intermediate model.

Templates get the ``ir.Api`` with finished names and types, and lay them out; anything
taken from the spec reaches the output through the ``pyrepr`` and ``docstring`` filters
(``filters``) or as a name from ``ir.names``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..ir.model import Api, Operation, Tag
from ..ir.types import Import, TypeRef
from .filters import docstring, file_header, pyrepr
from .imports import import_block

__all__ = ["file_header", "render_models", "render_operations", "render_package"]

_API_MODULE_NEEDS = (
    Import("collections.abc", "Mapping"),  # every function takes extra_* mappings
    Import("typing", "Any"),
    Import("httpx", ""),
    *(Import("_client", name, local=True) for name in ("ApiRequest", "ApiResponse")),
    *(Import("_client", name, local=True) for name in ("AsyncClient", "Client")),
    *(Import("_client", name, local=True) for name in ("encode_parameters", "expand_path")),
)


def render_package(api: Api, *, package: str, header: str, templates: Path) -> dict[str, str]:
    """Return ``{path inside the package: unformatted source}`` for every file but the
    operations' modules (``render_operations``) and the models (``render_models``): none
    of these needs to know the models' class names."""
    env = _environment(templates)
    common = {"api": api, "package": package, "header": header}
    auth = api.auth
    files = {
        "__init__.py": env.get_template("__init__.py.jinja").render(common),
        "_base.py": env.get_template("_base.py.jinja").render(common),
        "_client.py": env.get_template("_client.py.jinja").render(
            common,
            base_url=api.base_url,
            env_var=api.api_key_env,
            key_header=auth.header if auth else None,
            key_prefix=auth.key_prefix if auth else "",
        ),
        "errors.py": env.get_template("errors.py.jinja").render(common, env_var=api.api_key_env),
        "py.typed": "",
        "scalars.py": env.get_template("scalars.py.jinja").render(
            common, imports=import_block(scalar.annotation for scalar in api.scalars)
        ),
        "api/__init__.py": env.get_template("api__init__.py.jinja").render(common),
    }
    return files


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
    return template.render(api=api, header=header, models_source=models_source)


def _imports(tag: Tag) -> str:
    """The import block of one ``api/<tag>.py``: only what its operations use."""
    types: list[TypeRef] = []
    needs = list(_API_MODULE_NEEDS)
    for op in tag.operations:
        types += [op.success.model, *(error.model for error in op.error_models)]
        types += [t for p in op.parameters for t in (p.annotation, p.checked)]
        if op.body:
            types.append(op.body.annotation)
            needs.append(Import("_client", "encode_body", local=True))
        if op.parameters:
            needs.append(Import("pydantic", "TypeAdapter"))
    return import_block(types, needs, depth=1)


def _forwarded(op: Operation) -> list[str]:
    """How one of an operation's functions passes its arguments on to another."""
    return [
        *(p.name for p in op.positional),
        *(["body"] if op.body else []),
        *(f"{p.name}={p.name}" for p in op.keyword),
    ]


def _environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates / "package"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["docstring"] = docstring
    env.globals["forwarded"] = _forwarded
    return env
