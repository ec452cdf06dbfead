"""Two environments run these tests, and each collects what it can run: ``.venv`` (the
generator's, Python 3.11+) all of them, ``.venv/py310`` (the generated client's oldest
Python and pydantic) all but ``test_quality.py``, which needs the generator's
formatters and mypy.  ``make test`` runs both.
"""

from __future__ import annotations

import importlib.util

collect_ignore: list[str] = []
if importlib.util.find_spec("mypy") is None:
    collect_ignore.append("test_quality.py")
