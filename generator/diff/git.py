"""A spec as it is at a git revision, read from the repository's objects.

Nothing is checked out and nothing runs through a shell: git is run with a list of
arguments, in the repository, with a deadline and without a terminal prompt.  The
revision is never read as an option (one that starts with ``-`` is refused) and is
resolved once, to its tree (``git rev-parse --verify REV^{tree}``).  Each file, the spec
and every file its ``$ref`` entries name (a spec split across files), is looked up in that
tree by ``git ls-tree`` (paths taken literally, no pathspec magic): only a regular file
is read, never a symlink or a submodule, and only once its size is known to be within
the limit, by ``git cat-file blob`` (the bytes as committed, never through a textconv
filter).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from ..document import Refused, SpecReadError
from .sides import DiffInputError

__all__ = ["GIT_TIMEOUT", "Revision", "RevisionFiles", "read_revision", "revision_problem"]

GIT_TIMEOUT = 30.0  # seconds, for each git command
_TREE_ENTRY = re.compile(
    r"^(?P<mode>\d{6}) (?P<type>\w+) (?P<sha>[0-9a-f]{40,64}) +(?P<size>\d+|-)\t(?P<path>.*)$",
    re.DOTALL,
)
_FILE_MODES = ("100644", "100755")
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


@dataclass(frozen=True)
class Revision:
    """The spec at a git revision: its text, the name to show it by (``REV:path``), and
    the files of its folder at that revision, for the ``$ref``\\ s that name them."""

    text: str
    name: str
    files: RevisionFiles


def read_revision(spec: Path, revision: str, *, max_bytes: int) -> Revision:
    """The spec ``spec`` as it is at ``revision``.

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
    tree = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}"], root, check=False)
    if tree is None:
        raise DiffInputError(f"git: {name} does not exist: there is no revision {revision!r}")
    files = RevisionFiles(root, tree.decode().strip(), posixpath.dirname(path), revision)
    try:
        data = files.blob(posixpath.basename(path), limit=max_bytes)
    except Refused as exc:
        raise DiffInputError(f"git: {name} is {exc.reason}") from None
    if data is None:
        raise DiffInputError(
            f"{name}: it is larger than the limit of {max_bytes:,} bytes "
            "(max-spec-bytes in [tool.clientgen])"
        )
    try:
        return Revision(data.decode("utf-8"), name, files)
    except UnicodeDecodeError as exc:
        raise DiffInputError(f"{name}: it is not UTF-8 ({exc})") from exc


class RevisionFiles:
    """The files of a folder of the repository at ``root`` as they are in the git tree
    ``tree`` (a ``FileSource`` for the loader; ``revision`` is how messages name it):
    read from git's objects, never checked out.  Only regular files are read; a symlink
    or a submodule is refused, never followed."""

    def __init__(self, root: Path, tree: str, folder: str, revision: str) -> None:
        self.root = root
        self.tree = tree
        self.folder = folder
        self.revision = revision

    def check(self, key: str) -> None:
        self._entry(key)

    def is_main(self, key: str) -> bool:
        return False  # no symlinks, so only the main file's own key names it

    def read(self, key: str, *, name: str, limit: int) -> bytes | None:
        try:
            return self.blob(key, limit=limit)
        except Refused as exc:
            raise SpecReadError(name, f"it is {exc.reason}") from None

    def blob(self, key: str, *, limit: int) -> bytes | None:
        """The bytes of the file ``key``, None when there are more than ``limit``."""
        sha, size = self._entry(key)
        return None if size > limit else _git(["cat-file", "blob", sha], self.root)

    def _entry(self, key: str) -> tuple[str, int]:
        """The blob's id and size; ``Refused`` (completing "<file> is ...") for what is
        not a regular file at the revision."""
        path = posixpath.join(self.folder, key)
        listed = _git(["ls-tree", "-z", "--long", self.tree, "--", path], self.root)
        entries = [_TREE_ENTRY.match(line) for line in listed.decode("utf-8").split("\0")]
        entry = next((e for e in entries if e is not None and e["path"] == path), None)
        if entry is None:
            raise Refused(f"missing: it does not exist at {self.revision}")
        if entry["mode"] == "120000":
            raise Refused(f"a symlink at {self.revision}; symlinks are never followed there")
        if entry["type"] != "blob" or entry["mode"] not in _FILE_MODES:
            raise Refused(f"a {entry['type']}, not a file, at {self.revision}")
        return entry["sha"], int(entry["size"])


def _inside(root: Path, spec: Path) -> str:
    """``spec``'s path relative to the repository's root, as git spells it."""
    try:
        return spec.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DiffInputError(f"{spec} is not inside the git repository at {root}") from None


@overload
def _git(arguments: list[str], cwd: Path) -> bytes: ...
@overload
def _git(arguments: list[str], cwd: Path, *, check: bool) -> bytes | None: ...
def _git(arguments: list[str], cwd: Path, *, check: bool = True) -> bytes | None:
    """git's output; on failure a ``DiffInputError``, or None when not ``check``.  Paths
    are read literally (no pathspec magic, no wildcards)."""
    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_LITERAL_PATHSPECS": "1",
    }
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
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
    if done.returncode != 0 and not check:
        return None
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
        raise DiffInputError(f"git {arguments[0]} in {cwd}: {reason}")
    return done.stdout
