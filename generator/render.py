"""Stage 4b: render every file of the client package from the Jinja2 templates.

Templates get the intermediate model and finished strings only.  Anything taken from the
spec reaches the output through the ``pyrepr`` filter (a Python literal) or the
``docstring`` filter (escaped docstring text), or as a name from ``names``.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .operations import Api, Tag

__all__ = ["render_models", "render_package"]

# A quote followed by another quote or by the end: escaping those leaves no run of quotes
# that could close the docstring, and no quote right before the closing ones.
_QUOTE_RUN = re.compile(r'"(?="|$)')


def render_package(api: Api, *, package: str, header: str, templates: Path) -> dict[str, str]:
    """Return ``{path inside the package: unformatted source}`` for every file but the
    models module (see ``render_models``)."""
    env = _environment(templates)
    auth = api.auth
    common = {"api": api, "package": package, "header": header}
    files = {
        "__init__.py": env.get_template("__init__.py.jinja").render(common),
        "_base.py": env.get_template("_base.py.jinja").render(common),
        "_client.py": env.get_template("_client.py.jinja").render(
            common,
            base_url=api.base_url,
            env_var=f"{api.env_prefix}_API_KEY",
            key_header=auth.header if auth else None,
            key_prefix=auth.key_prefix if auth else "",
        ),
        "errors.py": env.get_template("errors.py.jinja").render(
            common, env_var=f"{api.env_prefix}_API_KEY"
        ),
        "py.typed": "",
        "scalars.py": env.get_template("scalars.py.jinja").render(
            common, imports=_type_imports(" ".join(s.annotation for s in api.scalars))
        ),
        "api/__init__.py": env.get_template("api__init__.py.jinja").render(common),
    }
    module = env.get_template("api_module.py.jinja")
    for tag in api.tags:
        files[f"api/{tag.module_name}.py"] = module.render(
            common, tag=tag, imports=_api_module_imports(tag)
        )
    return files


def render_models(api: Api, *, models_source: str, header: str, templates: Path) -> str:
    """The unformatted ``models.py``: its header and docstring around the models' source."""
    template = _environment(templates).get_template("models.py.jinja")
    return template.render(api=api, header=header, models_source=models_source)


def _environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates / "package"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = _pyrepr
    env.filters["docstring"] = _docstring
    return env


def _type_imports(type_text: str) -> list[str]:
    """The imports that the type expressions in ``type_text`` need."""
    typing_names = [name for name in ("Annotated", "Literal") if f"{name}[" in type_text]
    return [
        f"from typing import {', '.join(typing_names)}" if typing_names else "",
        "from uuid import UUID" if "UUID" in type_text else "",
        "from pydantic import Field" if "Field(" in type_text else "",
    ]


def _api_module_imports(tag: Tag) -> str:
    """The import block of one ``api/<tag>.py``: only what its operations use."""
    type_text = " ".join(
        f"{p.annotation} {p.checked_type}" for op in tag.operations for p in op.parameters
    )
    models = sorted(
        {op.body.model for op in tag.operations if op.body}
        | {r.model for op in tag.operations for r in op.responses if r.model}
    )
    has_body = any(op.body for op in tag.operations)
    has_parameters = any(op.parameters for op in tag.operations)
    runtime = ["ApiRequest", "ApiResponse", "AsyncClient", "Client"]
    runtime += ["encode_body"] if has_body else []
    runtime += ["encode_parameters", "expand_path"]
    lines = [
        "from __future__ import annotations",
        "from collections.abc import Mapping",  # every function takes extra_* mappings
        "from typing import Any",
        *_type_imports(type_text),
        "import httpx",
        "from pydantic import TypeAdapter" if has_parameters else "",
        f"from .._client import {', '.join(runtime)}",
        f"from ..models import {', '.join(models)}",
    ]
    return "\n".join(line for line in lines if line)


def _wrapped(paragraph: str, width: int) -> str:
    lines = paragraph.splitlines()
    if any(line[:1].isspace() or line.lstrip()[:2] in ("- ", "* ") for line in lines):
        return paragraph
    return textwrap.fill(" ".join(lines), width, break_long_words=False, break_on_hyphens=False)


def _pyrepr(value: str | float | bool | None) -> str:
    """A Python literal for a value from the spec: ``repr`` never lets text escape it."""
    if not isinstance(value, str | float | bool) and value is not None:
        raise TypeError(f"pyrepr takes scalars, got {type(value).__name__}")
    return repr(value)


def _docstring(text: str, width: int | None = None) -> str:
    """Text safe inside a triple-quoted docstring, whatever the spec says; with ``width``,
    each plain paragraph is wrapped to it (indented lines and lists are left as they are)."""
    if width is not None:
        text = "\n\n".join(_wrapped(paragraph, width) for paragraph in text.split("\n\n"))
    escaped = _QUOTE_RUN.sub(r'\\"', text.replace("\\", "\\\\"))
    return "".join(
        (
            ch
            if ch.isprintable() or ch in "\n\t"
            else f"\\x{ord(ch):02x}"
            if ord(ch) < 0x100
            else f"\\u{ord(ch):04x}"
        )
        for ch in escaped
    )
