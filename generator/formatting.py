"""Stage 5: format every Python file the same way: isort, then black.

Both are pinned to exact versions in pyproject.toml: they shape the output bytes.  Black
is by far the slowest stage, and it formats a second time whenever its first pass changed
anything.  The templates are written in black's style, so the package's small files
rarely need that.  The models come from datamodel-code-generator in long lines, and the
operations' modules have signatures and calls whose length only the spec's names decide
(on Stripe's spec black changed 2,345 of their 2,349 blocks, formatting each twice), so
ruff format (also pinned, run ``--isolated`` so no configuration file can change it) lays
both out first, in a fraction of a second, and black mostly finds nothing left to change:
one pass, not two.  Black has the last word either way.

A file is formatted one top-level block at a time (its head, then each class or
function), by a ``BlockFormatter``: black itself, or the block cache in front of it
(``speed.FormatCache``).  Formatting block by block is what every run does, cold or
warm, so a cached run gives the same bytes as a cold one.
"""

from __future__ import annotations

import ast
import io
import itertools
import re
import subprocess
import tokenize
from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

import black
import isort
from black.mode import TargetVersion
from ruff.__main__ import find_ruff_bin

from .manifest import installed_version

__all__ = [
    "BLACK_IDENTITY",
    "BlockFormatter",
    "Layouts",
    "black_block",
    "blocks_of",
    "for_black",
    "format_blocks",
    "format_files",
    "format_python",
    "laid_out",
]

# What str.splitlines() splits on besides "\n"; Python's own tokenizer ends a line only at
# "\n", "\r\n" or "\r" (see _PYTHON_LINE).
_OTHER_LINE_BREAK = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_PYTHON_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BLACK_MODE = black.Mode(target_versions={TargetVersion.PY310})
_ISORT_CONFIG = isort.Config(profile="black", py_version="310", quiet=True)
_RUFF_FORMAT = ["format", "--isolated", "--line-length=88", "--target-version=py310", "-"]
# datamodel-code-generator imports the base class even when every model is an alias.
_RUFF_UNUSED_IMPORTS = ["check", "--isolated", "--select=F401", "--fix-only", "--quiet", "-"]
BLACK_IDENTITY = f"black {installed_version('black')} {_BLACK_MODE!r}"
"""What a block's formatted text depends on besides the block: black's version and mode."""


def black_block(block: str) -> str:
    """One block through black; raises ``ValueError`` on broken code."""
    return black.format_str(block, mode=_BLACK_MODE)


class BlockFormatter(Protocol):
    """What formats one block: black itself, or ``speed.FormatCache`` in front of it."""

    def format_block(self, block: str) -> str: ...


class _Black:
    def format_block(self, block: str) -> str:
        return black_block(block)


def format_python(source: str, formatter: BlockFormatter | None = None) -> str:
    """Sorted imports and black style; raises ``ValueError`` on broken code."""
    return format_blocks(blocks_of(source), formatter or _Black())


def format_blocks(blocks: list[str], formatter: BlockFormatter) -> str:
    """The file made of ``blocks`` (from ``blocks_of``), each formatted but its header:
    the comment lines a file opens with (which name the spec's hash) are kept as they
    are, right above the rest, so that no block's formatting depends on them."""
    header = blocks[0] if blocks and _is_header(blocks[0]) else ""
    return header + "\n\n".join(formatter.format_block(block) for block in for_black(blocks))


def for_black(blocks: list[str]) -> list[str]:
    """The blocks of a file that ``format_blocks`` has black (or its cache) format."""
    return blocks[1:] if blocks and _is_header(blocks[0]) else blocks


def _is_header(block: str) -> bool:
    return all(line.startswith("#") for line in block.splitlines())


class Layouts(Protocol):
    """What keeps sources laid out into blocks: ``speed.FormatCache``."""

    def laid_out(
        self, kind: str, source: str, lay_out: Callable[[str], list[str]], *, ahead: bool = False
    ) -> list[str]: ...


def blocks_of(
    source: str,
    *,
    ruff_first: bool = False,
    whole: bool = False,
    layouts: Layouts | None = None,
    ahead: bool = False,
) -> list[str]:
    """The blocks ``format_python`` formats one at a time: the header (the comment lines
    the file opens with, as they are), then the rest with its imports sorted; with
    ``ruff_first``, as ``laid_out`` leaves it; ``whole``: in one block (for a small
    module, where black's cost per call would outweigh its work).  ``layouts``: where
    the rest's blocks are kept by its text (``ahead``: for a guess, ``pipeline``)."""
    lines = _PYTHON_LINE.findall(source)
    count = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header, body = "".join(lines[:count]).rstrip(), "".join(lines[count:])
    lay_out = partial(_body_blocks, ruff_first=ruff_first, whole=whole)
    if layouts is not None:
        kind = "ruff" if ruff_first else "whole" if whole else "isort"
        blocks = layouts.laid_out(kind, body, lay_out, ahead=ahead)
    else:
        blocks = lay_out(body)
    return [f"{header}\n", *blocks] if header else blocks


def _body_blocks(body: str, *, ruff_first: bool, whole: bool) -> list[str]:
    if ruff_first:
        return list(_blocks(laid_out(body)))
    return list(_blocks(_sorted_imports(body), whole=whole))


def laid_out(source: str) -> str:
    """``source`` with its imports sorted, the unused ones removed, and laid out by ruff
    format: for code whose lines no template can lay out (the models, the operations)."""
    return _ruff(_RUFF_FORMAT, _ruff(_RUFF_UNUSED_IMPORTS, _sorted_imports(source)))


def _sorted_imports(source: str) -> str:
    return isort.code(escape_line_breaks_in_literals(source), config=_ISORT_CONFIG)


def escape_line_breaks_in_literals(source: str) -> str:
    """``source`` with every character that some tool takes for a line break (``\\r``,
    form feed, ``\\x1c``, NEL, U+2028, ...) escaped inside its string literals and
    comments, where Python itself doesn't care but ``str.splitlines``, isort or black
    would split the line there.  The value of every literal stays the same.

    datamodel-code-generator writes such characters raw into enum values and
    docstrings; the templates' filters never do.
    """
    if not _OTHER_LINE_BREAK.search(source):
        return source  # nearly always: nothing to do, no tokenizing
    lines = source.split("\n")
    edits: dict[int, list[tuple[int, int]]] = {}  # row -> (start, end) spans; end -1: the rest
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type not in (tokenize.STRING, tokenize.COMMENT):
            continue
        if not _OTHER_LINE_BREAK.search(token.string) or _is_raw(token):
            continue
        (first_row, first_col), (last_row, last_col) = token.start, token.end
        edits.setdefault(first_row, []).append(
            (first_col, last_col if last_row == first_row else -1)
        )
        for row in range(first_row + 1, last_row + 1):  # the rest of a triple-quoted one
            edits.setdefault(row, []).append((0, last_col if row == last_row else -1))
    for row, row_edits in edits.items():
        text = lines[row - 1]
        for start, end in sorted(row_edits, reverse=True):
            stop = len(text) if end == -1 else end
            text = text[:start] + _OTHER_LINE_BREAK.sub(_escaped, text[start:stop]) + text[stop:]
        lines[row - 1] = text
    return "\n".join(lines)


def _is_raw(token: tokenize.TokenInfo) -> bool:
    prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
    return token.type == tokenize.STRING and "r" in prefix.lower()


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _ruff(arguments: list[str], source: str) -> str:
    completed = subprocess.run(
        [find_ruff_bin(), *arguments], input=source.encode(), capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise ValueError(f"ruff {arguments[0]} failed: {completed.stderr.decode(errors='replace')}")
    return completed.stdout.decode()


def format_files(files: dict[str, str], formatter: BlockFormatter | None = None) -> dict[str, str]:
    """Format the ``.py`` files of ``{path: source}``; other files pass through."""
    return {
        path: format_python(source, formatter) if path.endswith(".py") else source
        for path, source in files.items()
    }


def _blocks(source: str, *, whole: bool = False) -> Iterator[str]:
    """The module head, then each top-level class or function with its decorators and
    the comment lines right above it (``whole``: all in one block).  Boundaries come from
    the syntax tree, so text inside a string never splits a block."""
    lines = _PYTHON_LINE.findall(source)
    starts = [0]
    for node in [] if whole else ast.parse(source).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            while first > 0 and lines[first - 1].startswith("#"):
                first -= 1
            if first > starts[-1]:
                starts.append(first)
    starts.append(len(lines))
    for begin, end in itertools.pairwise(starts):
        # Without the blank lines that separate it from the next block (black drops them
        # anyway), a block black would leave unchanged is a fixed point: black then makes
        # one pass over it instead of two.
        block = "".join(lines[begin:end]).rstrip()
        if block:
            yield block + "\n"
