"""A construct the generator can't handle is one diagnostic, from ``lint`` and from
``generate`` alike (same rule, message, line, column and pointer), and no lint setting
lets ``generate`` past it: not turning the rule off, not ignoring its findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.diagnostics import Diagnostic, SpecError
from generator.lint import GENERATE_NEEDS, LintConfig, lint_path
from generator.pipeline import build

from ..conftest import ROOT

SPECS = ROOT / "tests" / "lint" / "specs"


def _generate_errors(folder: Path, lint_table: str) -> list[Diagnostic]:
    (folder / "pyproject.toml").write_text(
        '[tool.clientgen]\nspec = "spec.yaml"\nout = "out"\npackage = "limited"\n' + lint_table
    )
    with pytest.raises(SpecError) as refused:
        build(load_settings(cwd=folder), regenerate_command="make")
    assert not (folder / "out").exists()
    return list(refused.value.diagnostics)


def _seen(diagnostics: list[Diagnostic]) -> set[tuple[str, str, int, int, str]]:
    """What each diagnostic says and where (the file is named as each command names it)."""
    return {
        (d.rule, d.message, d.location.line, d.location.column, d.location.pointer)
        for d in diagnostics
    }


@pytest.mark.parametrize("rule", sorted(GENERATE_NEEDS))
def test_lint_and_generate_say_the_same_and_no_setting_gets_past_it(
    tmp_path: Path, rule: str
) -> None:
    shutil.copy(SPECS / f"{rule}.bad.yaml", tmp_path / "spec.yaml")
    linted = [f for f in lint_path(tmp_path / "spec.yaml", LintConfig()) if f.rule == rule]
    assert linted, f"{rule}.bad.yaml has no {rule} finding"
    said = _seen(linted)
    plain = _generate_errors(tmp_path, "")
    assert said <= _seen(plain)
    ignores = ", ".join(
        f'{{ rule = "{rule}", pointer = "{finding.location.pointer}" }}' for finding in linted
    )
    for table in (
        f'[tool.clientgen.lint]\nseverities = {{ {rule} = "off" }}\n',
        f"[tool.clientgen.lint]\nignore = [{ignores}]\n",
    ):
        forced = _generate_errors(tmp_path, table)
        assert said <= _seen(forced), table


@pytest.mark.parametrize("name", ["x-api-key", "X_Key.1", "x api key", "k\u2028", "a:b", "é", "~!"])
@pytest.mark.parametrize("place", ["header", "cookie"])
def test_the_generator_refuses_the_api_key_names_the_client_would(name: str, place: str) -> None:
    """What the generator lets through, the runtime's ``ApiKey`` takes (it would fail
    the package's import otherwise), and what it refuses, ``ApiKey`` refuses."""
    from generator.build.security import HTTP_TOKEN
    from generator.runtime._auth import ApiKey

    try:
        ApiKey(place, name)  # type: ignore[arg-type]
    except ValueError:
        taken = False
    else:
        taken = True
    assert taken == bool(HTTP_TOKEN.fullmatch(name))
