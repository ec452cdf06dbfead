"""clientgen: turns a hand-written OpenAPI 3.1 document into a typed Python client.

The pipeline runs one way (``docs/architecture.md`` draws it)::

    document -> lint -> build (-> ir) -> models_stage + render -> formatting -> writer

``pipeline.build`` ties the pure stages together; only ``writer`` touches the disk.
"""

from pathlib import Path

__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent
# The Jinja2 templates: generator/templates in an installed wheel (pyproject.toml maps the
# top-level templates/ folder there), the top-level templates/ folder in a checkout.
TEMPLATES = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
