"""``python -m generator diff OLD [NEW]``: both versions built, compared, reported.

Each side is a spec file, or a git revision of the configured spec (``origin/main``,
``HEAD~1``, ``v1.2.0``; ``REV:path`` names another file at that revision); NEW defaults
to the configured spec as it is in the working tree.  An argument that names an
existing file is that file.

Exit status: 0 nothing at or above ``fail_on`` (``breaking`` unless told), 1 something
is, 2 a side can't be read or generated, or the arguments or configuration are wrong.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..config import Settings
from ..diagnostics import GeneratorError
from ..document import FileSource, SpecReadError, read_spec_text
from ..writer import read_kept_models
from .config import DiffConfig
from .engine import compare
from .git import read_revision
from .output import DIFF_FORMATS, DiffReport, render_diff
from .rules import VERDICTS
from .sides import DiffInputError, SideText, build_sides

__all__ = ["EXIT_BREAKING", "EXIT_CLEAN", "EXIT_UNUSABLE", "run_diff"]

EXIT_CLEAN = 0
EXIT_BREAKING = 1
EXIT_UNUSABLE = 2
_RANK = {verdict: rank for rank, verdict in enumerate(reversed(VERDICTS))}


@dataclass(frozen=True)
class _Source:
    """A side's text, its name as shown, and the path that annotations name."""

    text: str
    name: str
    path: Path
    file: str
    files: FileSource | None = None  # where the files its $refs name are: the working tree

    @property
    def side(self) -> SideText:
        return SideText(self.text, self.name, self.path, self.files)


def run_diff(
    old: str,
    new: str | None,
    *,
    settings: Settings,
    output_format: str = "text",
    fail_on: str = "breaking",
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Compare ``old`` with ``new`` and print the report; return the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    problem = _argument_problem(output_format, fail_on)
    if problem is not None:
        print(f"error: {problem}", file=err)
        return EXIT_UNUSABLE
    try:
        config = DiffConfig.from_dict(settings.diff)
        before, after = _source(old, settings), _source(new, settings)
        old_side, new_side = build_sides(
            before.side,
            after.side,
            package=settings.package,
            lint=settings.lint,
            limits=settings.read_limits,
            cached=read_kept_models(settings.out),
        )
    except GeneratorError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_UNUSABLE
    changes = config.applied(compare(old_side, new_side))
    report = DiffReport(before.name, after.name, changes, after.file, after.text)
    out.write(render_diff(output_format, report))
    failing = any(_RANK[change.verdict] >= _RANK[fail_on] for change in changes)
    return EXIT_BREAKING if failing else EXIT_CLEAN


def _argument_problem(output_format: str, fail_on: str) -> str | None:
    if output_format not in DIFF_FORMATS:
        return f"unknown diff format {output_format!r} ({', '.join(DIFF_FORMATS)})"
    if fail_on not in VERDICTS:
        return f"unknown --fail-on verdict {fail_on!r} ({', '.join(VERDICTS)})"
    return None


def _source(argument: str | None, settings: Settings) -> _Source:
    """The text of one side: the working tree's spec, a file, or a git revision."""
    limits = settings.read_limits
    if argument is None or Path(argument).is_file():
        path = settings.spec if argument is None else Path(os.path.abspath(argument))
        name = settings.shown(path)
        try:
            return _Source(read_spec_text(path, display_name=name, limits=limits), name, path, name)
        except SpecReadError as exc:
            raise DiffInputError(str(exc)) from exc
    if "\0" in argument:
        raise DiffInputError(f"{argument!r} holds a NUL character")
    revision = read_revision(settings.spec, argument, max_bytes=limits.max_bytes)
    file = revision.name.partition(":")[2]
    return _Source(revision.text, revision.name, Path(file), file, revision.files)
