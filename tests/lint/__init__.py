"""Tests of ``python -m generator lint`` (generator/lint.py, lint_rules.py; generator/report.py)."""
