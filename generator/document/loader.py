"""Loading a spec: its file read within the limits, parsed, and (when it is split across
files) bundled with every file it references; and the fingerprint of all of them that
``check`` compares without parsing anything."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Location
from .bundle import bundle
from .files import FileSource, Refused, SpecFolder
from .source import (
    AliasBudget,
    ReadLimits,
    Spec,
    SpecReadError,
    parse_text,
    read_spec_text,
    spec_digest,
    syntax_error,
)

__all__ = ["load_spec", "parse_spec", "spec_sha256"]


def load_spec(
    path: Path, *, display_name: str | None = None, limits: ReadLimits | None = None
) -> Spec:
    """Read, parse and bundle ``path``: ``SpecReadError`` when it can't be read at all, a
    located ``SpecError`` when it (or a file it references) doesn't parse or is past a
    limit."""
    name = display_name or str(path)
    text = read_spec_text(path, display_name=name, limits=limits or ReadLimits())
    return parse_spec(text, path=path, display_name=name, limits=limits or ReadLimits())


def parse_spec(
    text: str,
    *,
    path: Path,
    display_name: str,
    limits: ReadLimits,
    files: FileSource | None = None,
) -> Spec:
    """Parse a spec's text and bundle the files it references (relative to ``path``,
    read from ``files``: the working tree unless told); a syntax error, a refused
    construct or a limit passed is a located ``SpecError``."""
    aliases = AliasBudget()
    parsed = parse_text(text, name=display_name, limits=limits, aliases=aliases)
    if not isinstance(parsed.data, dict):
        raise syntax_error(
            Location(display_name, 1, 1, ""), "the spec must be a mapping at the top level"
        )
    return bundle(
        path,
        name=display_name,
        text=text,
        parsed=parsed,
        limits=limits,
        aliases=aliases,
        files=files,
    )


def spec_sha256(
    path: Path, *, display_name: str, limits: ReadLimits, files: Sequence[str] = ()
) -> str:
    """``Spec.sha256`` of the spec at ``path`` that read ``files`` (paths inside its
    folder, as ``Spec.file_keys`` lists them), from their bytes alone.

    Each file is checked and read as loading it would (inside the folder, symlinks
    resolved, within the limits); ``SpecReadError`` when one can't be.
    """
    text = read_spec_text(path, display_name=display_name, limits=limits)
    folder = SpecFolder(path, main_name=display_name, main_size=len(text.encode()), limits=limits)
    others = []
    for key in files:
        try:
            if folder.key_of(key, relative_to=folder.main_key) != key or folder.is_main(key):
                raise Refused("it is not a path inside the spec's folder")
            others.append((key, folder.read(key)))
        except Refused as exc:
            raise SpecReadError(folder.shown(key), exc.reason) from exc
    return spec_digest(text, others)
