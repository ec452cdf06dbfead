"""Two environments run these tests, and each collects what it can run:

- ``.venv`` (the generator's, Python 3.11+): everything but ``test_crosscheck.py``;
- ``.venv/py310`` (the generated client's oldest Python and pydantic): everything but
  ``test_quality.py`` (which needs the generator's formatters and mypy), and with
  ``test_crosscheck.py``, whose openapi-core can't be installed beside the generator
  (it needs openapi-spec-validator<0.9; the generator pins 0.9.0).

``make test`` runs both, the second with ``CLIENTGEN_CROSSCHECK=1``, which makes a
missing openapi-core an error instead of a module left out.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

collect_ignore: list[str] = []
if importlib.util.find_spec("mypy") is None:
    collect_ignore.append("test_quality.py")
if importlib.util.find_spec("openapi_core") is None:
    if os.environ.get("CLIENTGEN_CROSSCHECK"):
        raise pytest.UsageError(
            "CLIENTGEN_CROSSCHECK is set but openapi-core is not installed: "
            "make .venv/py310/.installed"
        )
    collect_ignore.append("test_crosscheck.py")
