"""Tests of ``python -m generator lint`` (generator/lint.py, lint_rules.py, lint_report.py)."""
