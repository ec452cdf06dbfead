"""A spec as it is at a git revision, read from the repository's objects.

Nothing is checked out and nothing runs through a shell: git is run with a list of
arguments, in the repository, with a deadline and without a terminal prompt.  The
revision is never read as an option (one that starts with ``-`` is refused, and it only
ever reaches git on stdin, as ``REV:path``): ``git cat-file --batch-check`` says what
the object is and how large, then ``git cat-file blob`` reads it (``git show REV:path``'s
bytes, but never through a textconv filter, and only once its size is known to be
within the limit).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .sides import DiffInputError

__all__ = ["GIT_TIMEOUT", "read_revision", "revision_problem"]

GIT_TIMEOUT = 30.0  # seconds, for each git command
_OBJECT = re.compile(r"^([0-9a-f]{40,64}) (\w+) (\d+)$")
_UNPRINTABLE = re.compile(r"[\x00-\x20\x7f]")


def revision_problem(revision: str) -> str | None:
    """Why ``revision`` can't be a revision to read: None when it may be one."""
    if not revision:
        return "the revision is empty"
    if revision.startswith("-"):
        return f"the revision {revision!r} looks like an option; refused"
    if _UNPRINTABLE.search(revision):
        return f"the revision {revision!r} holds a space or a control character"
    return None


def read_revision(spec: Path, revision: str, *, max_bytes: int) -> tuple[str, str]:
    """(the text of ``spec`` at ``revision``, the name to show it by: ``REV:path``).

    ``revision`` may name the file itself (``v1.2.0:api/openapi.yaml``, relative to the
    repository's root); else it is the configured spec's path at that revision.
    """
    revision, colon, given = revision.partition(":")
    problem = revision_problem(revision)
    if problem is not None:
        raise DiffInputError(problem)
    folder = spec.parent if spec.parent.is_dir() else Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    path = given if colon else _inside(root, spec)
    name = f"{revision}:{path}"
    found = _git(["cat-file", "--batch-check"], root, stdin=f"{name}\n".encode()).decode()
    match = _OBJECT.match(found.strip())
    if match is None:
        raise DiffInputError(
            f"git: {name} does not exist: no revision {revision!r}, or no {path} in it"
        )
    sha, kind, size = match[1], match[2], int(match[3])
    if kind != "blob":
        raise DiffInputError(f"git: {name} is a {kind}, not a file")
    if size > max_bytes:
        raise DiffInputError(
            f"{name}: it is larger than the limit of {max_bytes:,} bytes "
            "(max-spec-bytes in [tool.clientgen])"
        )
    data = _git(["cat-file", "blob", sha], root)
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError as exc:
        raise DiffInputError(f"{name}: it is not UTF-8 ({exc})") from exc


def _inside(root: Path, spec: Path) -> str:
    """``spec``'s path relative to the repository's root, as git spells it."""
    try:
        return spec.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DiffInputError(f"{spec} is not inside the git repository at {root}") from None


def _git(arguments: list[str], cwd: Path, *, stdin: bytes | None = None) -> bytes:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise DiffInputError("git is not installed; give both sides as files") from None
    except subprocess.TimeoutExpired:
        raise DiffInputError(
            f"git {arguments[0]} did not answer within {GIT_TIMEOUT:g} s"
        ) from None
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
        raise DiffInputError(f"git {arguments[0]} in {cwd}: {reason}")
    return done.stdout
