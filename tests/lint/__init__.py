"""Tests of ``python -m generator lint`` (the generator.lint package; generator/report.py)."""
