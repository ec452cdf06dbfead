"""The folder of a spec split across files: which files a ``$ref`` may name, and reading
them within the limits.

The spec's folder is a boundary.  A ``$ref`` names a file by a path relative to the file
that holds it; the path must stay inside the folder as written (no ``..`` out of it, no
absolute path) and once every symlink is resolved, and it is never a URL.  Files are read
as the spec itself is (regular files only, UTF-8, never blocking), with one size limit
for all of them together and a bounded number of them.  Nothing is ever written.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from ..diagnostics import Location, SpecError
from .source import (
    AliasBudget,
    Parsed,
    ReadLimits,
    SpecReadError,
    decode_text,
    parse_text,
    read_bytes,
    syntax_error,
)

__all__ = ["FileSource", "Refused", "SpecFolder", "WorkingTree", "split_ref"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LIMIT_HINT = "(max-spec-bytes in [tool.clientgen])"


class Refused(Exception):
    """A ``$ref`` that names no file the loader reads; ``reason`` says why.  ``limit``: it
    would take the spec past a limit of ``ReadLimits`` (which stops the load)."""

    def __init__(self, reason: str, *, limit: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


def split_ref(ref: str) -> tuple[str, str]:
    """A ``$ref``'s file path (``%``-escapes decoded; empty for ``#...``) and the pointer
    after ``#``; ``Refused`` for a URL, an absolute path or a path no file can have."""
    path, _, fragment = ref.partition("#")
    if fragment and not fragment.startswith("/"):
        raise Refused(f"{'#' + fragment!r} is not a JSON pointer (one starts with '#/')")
    if not path:
        return "", fragment
    if _SCHEME.match(path) or path.startswith("//"):
        raise Refused(
            "URLs and other remote references are never followed; "
            "copy the definition into a file beside the spec"
        )
    if "\\" in path:
        raise Refused("a file path is written with '/', not '\\'")
    if "?" in path:
        raise Refused("a file path has no query ('?')")
    decoded = unquote(path) if "%" in path else path
    if "\0" in decoded:
        raise Refused("a file path has no NUL character")
    if decoded.startswith("/"):
        raise Refused(
            "an absolute path is never followed; write the path relative to the file "
            "that holds the $ref"
        )
    return decoded, fragment


class FileSource(Protocol):
    """Where the files of a spec's folder are read from: the working tree
    (``WorkingTree``), or elsewhere (a git revision).  ``key`` is a file's path inside
    the folder, already normalized and checked to stay inside it as written."""

    def check(self, key: str) -> None:
        """``Refused`` when ``key`` is not a file this source may read, its reason
        completing "<file> is ..." (a symlink that leads out of the folder, say)."""

    def is_main(self, key: str) -> bool:
        """Whether ``key`` is the main file under another name."""

    def read(self, key: str, *, name: str, limit: int) -> bytes | None:
        """The bytes of the file ``key`` (shown as ``name``), None when there are more
        than ``limit`` (never reading much more); ``SpecReadError`` when it can't be
        read."""


class WorkingTree:
    """The spec's folder on disk: symlinks are resolved and must stay inside it."""

    def __init__(self, main: Path) -> None:
        absolute = Path(os.path.abspath(main))
        self.base = absolute.parent
        self.real_base = os.path.realpath(self.base)
        self.main_real = os.path.realpath(absolute)

    def check(self, key: str) -> None:
        real = os.path.realpath(self.base / key)
        if os.path.commonpath([real, self.real_base]) != self.real_base:
            raise Refused(
                "a symlink, or in a folder that is one, leading out of the spec's folder; "
                "only files inside it are read"
            )

    def is_main(self, key: str) -> bool:
        return os.path.realpath(self.base / key) == self.main_real

    def read(self, key: str, *, name: str, limit: int) -> bytes | None:
        real = Path(os.path.realpath(self.base / key))
        data = read_bytes(real, name=name, limit=limit, follow=False)
        return data if len(data) <= limit else None


class SpecFolder:
    """The folder of the spec ``main`` and the files read from it so far.

    A file is known by its ``key``: its path inside the folder as ``$ref``\\ s spell it
    (``schemas/pet.yaml``), the main file's being its name.
    """

    def __init__(
        self,
        main: Path,
        *,
        main_name: str,
        main_size: int,
        limits: ReadLimits,
        aliases: AliasBudget | None = None,
        files: FileSource | None = None,
    ) -> None:
        self.main_key = Path(os.path.abspath(main)).name
        self.files = files if files is not None else WorkingTree(main)
        self.shown_base = os.path.dirname(main_name)
        self.limits = limits
        self.total = main_size
        self.count = 1
        self.aliases = aliases or AliasBudget()

    def shown(self, key: str) -> str:
        """How messages name the file ``key``: as the main file is named, beside it."""
        return os.path.normpath(os.path.join(self.shown_base, key))

    def key_of(self, path: str, *, relative_to: str) -> str:
        """The key of ``path`` (decoded, from ``split_ref``) written in the file
        ``relative_to``; ``Refused`` when it leads out of the folder."""
        key = posixpath.normpath(posixpath.join(posixpath.dirname(relative_to), path))
        if key == ".." or key.startswith("../") or posixpath.isabs(key):
            raise Refused("it leads out of the spec's folder; only files inside it are read")
        if key == ".":
            raise Refused("it names the spec's folder, not a file")
        if key != self.main_key:
            try:
                self.files.check(key)
            except Refused as exc:
                raise Refused(f"{self.shown(key)} is {exc.reason}") from exc
        return key

    def is_main(self, key: str) -> bool:
        return key == self.main_key or self.files.is_main(key)

    def read(self, key: str) -> str:
        """The text of the file ``key`` (from ``key_of``), counted against the limits;
        ``Refused`` when it can't be read (missing, a folder, not UTF-8) or is past a
        limit."""
        name = self.shown(key)
        if self.count >= self.limits.max_files:
            raise Refused(
                f"the spec's files are more than the limit of {self.limits.max_files:,}",
                limit=True,
            )
        room = max(self.limits.max_bytes - self.total, 0)
        try:
            data = self.files.read(key, name=name, limit=room)
            if data is None:
                raise Refused(
                    f"with {name} the spec's files are larger than the limit of "
                    f"{self.limits.max_bytes:,} bytes together {_LIMIT_HINT}",
                    limit=True,
                )
            text = decode_text(data, name)
        except SpecReadError as exc:
            raise Refused(f"cannot read {name}: {exc.reason}") from exc
        self.total += len(data)
        self.count += 1
        return text

    def load(self, key: str, *, at: Location) -> tuple[str, Parsed]:
        """Read and parse the file ``key`` for the ``$ref`` at ``at``: its text and data.

        ``Refused`` when it can't be read; a ``SpecError`` when it takes the spec past a
        limit (located at ``at``) or doesn't parse (located in the file).
        """
        try:
            text = self.read(key)
        except Refused as exc:
            if exc.limit:
                raise syntax_error(at, exc.reason) from exc
            raise
        try:
            return text, parse_text(
                text, name=self.shown(key), limits=self.limits, aliases=self.aliases
            )
        except SpecError as exc:
            where = f" (in a file referenced at {at})"
            raise SpecError(
                [replace(found, message=found.message + where) for found in exc.diagnostics]
            ) from exc
