"""The output folder as a boundary: every path the writer touches is checked here first.

Paths inside the package come from three places the generator does not control: the
manifest and the swap journal on disk (which anyone can edit or plant), and the files
it renders.  Each is accepted only as a plain relative file path (``api/pets.py``):
never absolute, never ``.``, ``..`` or an empty part, never a NUL or a backslash.  And
the folders on the way to a path must be real folders: a symlink inside the package is
never followed, so no write, rename or delete can land outside it, whatever the links say.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .diagnostics import GeneratorError

__all__ = [
    "UnsafePathError",
    "checked_relative",
    "is_real_folder",
    "read_no_follow",
    "read_with_identity",
    "refuse_symlinked_folder",
    "safe_target",
    "write_new_file",
]

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UnsafePathError(GeneratorError):
    """A path would leave the output folder, or pass through a symlink (the CLI exits 2)."""


def checked_relative(path: object, *, what: str) -> str:
    """``path`` if it is a plain relative file path, else ``UnsafePathError``."""
    if not isinstance(path, str) or not path:
        raise UnsafePathError(f"{what}: {path!r} is not a file path")
    parts = PurePosixPath(path).parts
    if (
        "\0" in path
        or "\\" in path
        or path.startswith("/")
        or PurePosixPath(path).as_posix() != path
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise UnsafePathError(
            f"{what}: {path!r} is not a plain relative file path (it could lead outside the "
            "package)"
        )
    return path


def is_real_folder(path: Path) -> bool:
    """True when ``path`` is a folder and not a symlink to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def refuse_symlinked_folder(path: Path, *, shown: str) -> None:
    """Refuse ``path`` when it exists as anything but a real folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UnsafePathError(
            f"{shown} is a symlink; the generator never writes through one. Replace it with "
            "a real folder (or point --out at the folder it links to)."
        )
    if not stat.S_ISDIR(mode):
        raise UnsafePathError(f"{shown} is not a folder")


def safe_target(base: Path, relative: str, *, what: str, folder: bool = False) -> Path:
    """``base / relative`` once every folder between them is known to be a real folder
    (or not to exist yet), and the path itself is not a folder (with ``folder``: is
    nothing but a real folder).

    The last part may be a symlink: it is then replaced or moved aside as a link, never
    followed.
    """
    checked_relative(relative, what=what)
    current = base
    parts = PurePosixPath(relative).parts
    for part in parts[:-1]:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            break  # nothing deeper exists either
        if not stat.S_ISDIR(mode):
            kind = "a symlink" if stat.S_ISLNK(mode) else "not a folder"
            raise UnsafePathError(
                f"{what}: {current} is {kind}; the generator never writes through it. "
                "Remove it and run again."
            )
    target = base / relative
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(target).st_mode) != folder:
            raise UnsafePathError(
                f"{what}: {target} is {'not a folder' if folder else 'a folder, not a file'}"
            )
    return target


def read_no_follow(path: Path) -> bytes | None:
    """The bytes of the regular file ``path``; None when it is missing, a symlink (never
    followed) or anything but a regular file."""
    found = read_with_identity(path)
    return found[0] if found is not None else None


def read_with_identity(path: Path) -> tuple[bytes, list[int]] | None:
    """As ``read_no_follow``, with the file's identity (``write_new_file``)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        return None
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read(), [status.st_dev, status.st_ino, status.st_mtime_ns]


def write_new_file(path: Path, data: bytes | Callable[[list[int]], bytes]) -> None:
    """Create ``path`` (which must not exist: a planted file or link there is an error,
    not something to write through) and write ``data`` to it, or what ``data`` makes of
    the new file's identity: its device and inode numbers and a modification time set
    to the nanosecond.  A renamed file keeps all three; a file written by anything else
    (a checkout, a copy, an archive), even one that takes over the inode, does not."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o644)
    stamp = None
    if callable(data):
        # Where a file's times can't be set through its descriptor, none is stamped: a
        # cache read back is then never taken for this machine's own (only slower).
        stamp = time.time_ns() if os.utime in os.supports_fd else 0
        status = os.fstat(descriptor)
        data = data([status.st_dev, status.st_ino, stamp])
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        if stamp:
            stream.flush()
            os.utime(stream.fileno(), ns=(stamp, stamp))
