"""The speed machinery: a cache of formatted blocks, a cache of the models, and a forked
second process that shares a build's heavy work.

``FormatCache`` keeps each block black formatted, by the hash of its text and black's
identity; after a small spec change only the blocks that changed are formatted again.
What it reads from disk is only a hint: a block is used only when it parses to the same
code as its input.  It keeps each file's text as isort and ruff lay it out into blocks,
too, by the hash of the text and of the generator, so only the files that changed are
laid out again; these are read only from this machine's own file.

The models are kept by the hash of what datamodel-code-generator is given (the schemas
with their descriptions as tokens, ``models_fill``) and of the generator itself: after
an edit that leaves the schemas' shape as it was (a description, an operation, a
parameter), the library does not run again.  What the cache says is only used when it
comes from the file this machine wrote, has the expected shape, and its source holds
declarations only (``models_fill.filled``
checks it, and the formatting stage parses it), so a planted cache can't bring code into
the output; ``check`` never reads it.  Both caches are trusted as they are only when
read back from the very files a run on this machine wrote (``writer.read_caches``).

While this process lints the spec, builds the intermediate model and renders the client,
the second one makes the models (datamodel-code-generator).  Should this one finish
first, it formats the blocks it will most likely need (``FormatCache.format_ahead``:
kept for this run, and for the next one only if used) until the models arrive.  Then
both put the blocks left through black: this process from the first block on, the second
from the last one back, until they meet.  The bytes are the same as with one process.

Nothing here may make a run hang or change its output:

- every wait on the second process has a deadline; if it dies, fails or stops answering,
  this process does the work itself and says so in a note;
- this process never waits for the other's blocks: it formats every block the other has
  not delivered yet (at most one block is formatted twice, where they meet);
- the second process watches its parent and exits as soon as the parent is gone, even
  after a ``kill -9``.

Where the platform can't fork (Windows; macOS defaults to spawn), or where this process
runs threads (forking is unsafe then), everything runs here.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

__all__ = [
    "MODELS_DEADLINE",
    "CachedModels",
    "Caches",
    "FormatCache",
    "Helper",
    "models_key",
    "same_code",
    "start_helper",
]

MODELS_DEADLINE = 120.0
"""Seconds to wait for the second process's models once this process needs them."""
_SEND_DEADLINE = 30.0
_WATCH_INTERVAL = 0.2
_HEADER = struct.Struct("!Q")
ModelsT = TypeVar("ModelsT")


@dataclass(frozen=True)
class Caches:
    """What a build keeps for the next one (in ``<out>/.clientgen-cache``): formatted
    blocks by their hash (``FormatCache``), the models (``CachedModels.entry()``), and
    sources laid out into blocks (``FormatCache.laid_out``).  ``blocks_own``: the blocks
    were read back from the very file a run on this machine wrote (``writer``), so they
    are used without being checked; the layouts are only ever read from such a file."""

    blocks: dict[str, str] = field(default_factory=dict)
    models: Any = None
    blocks_own: bool = False
    layouts: dict[str, list[str]] = field(default_factory=dict)


class FormatCache:
    """Formatted blocks by the hash of their unformatted text, and sources laid out into
    blocks (``laid_out``); remembers which were used.  ``trusted``: the entries are the
    ones a run on this machine wrote, so they are used as they are."""

    def __init__(
        self,
        entries: dict[str, str] | None = None,
        *,
        trusted: bool = False,
        layouts: dict[str, list[str]] | None = None,
    ) -> None:
        self.entries = dict(entries or {})
        self.trusted = trusted
        self.used: dict[str, str] = {}
        self.ahead: dict[str, str] = {}  # formatted before they were known to be needed
        self.layouts = dict(layouts or {})
        self.layouts_used: dict[str, list[str]] = {}
        self.layouts_ahead: dict[str, list[str]] = {}

    @staticmethod
    def key(block: str) -> str:
        from .formatting import BLACK_IDENTITY  # black: imported after the fork

        return hashlib.sha256(f"{BLACK_IDENTITY}\0{block}".encode()).hexdigest()

    def format_block(self, block: str) -> str:
        """``block`` formatted: from this run, from the cache, or by black.

        Unless ``trusted``, the cache on disk is only a hint (anyone can edit it): a cached
        block is used only when it is the same code as ``block``, the guarantee black
        itself gives.
        """
        from .formatting import black_block

        key = self.key(block)
        formatted = self.used.get(key) or self.ahead.get(key)
        if formatted is None:
            cached = self.entries.get(key)
            usable = cached and (self.trusted or same_code(block, cached))
            formatted = cached if cached and usable else black_block(block)
        self.used[key] = formatted
        return formatted

    def add(self, block: str, formatted: str) -> None:
        """Take ``black_block(block)``, computed elsewhere."""
        self.used[self.key(block)] = formatted

    def format_ahead(self, block: str) -> None:
        """Format ``block``, which this run may need: kept for it, but not for the next
        run unless this one uses it."""
        from .formatting import black_block

        if not self.has(block):
            self.ahead[self.key(block)] = black_block(block)

    def has(self, block: str) -> bool:
        key = self.key(block)
        return key in self.used or key in self.ahead or key in self.entries

    def laid_out(
        self, kind: str, source: str, lay_out: Callable[[str], list[str]], *, ahead: bool = False
    ) -> list[str]:
        """``lay_out(source)``, the blocks isort and ruff make of a source
        (``formatting.blocks_of``, whose ``kind`` of layout it is): from this run, from
        the cache, or made.  The cache is read only from this machine's own file
        (``writer``), as isort and ruff leave no code to compare the blocks with;
        ``ahead``: kept for the next run only if this one uses it."""
        from .manifest import generator_fingerprint  # the layout's code and tools

        digest = hashlib.sha256(f"{generator_fingerprint()}\0{kind}\0{source}".encode())
        key = digest.hexdigest()
        blocks = self.layouts_used.get(key) or self.layouts_ahead.get(key)
        if blocks is None:
            blocks = self.layouts.get(key) or lay_out(source)
        (self.layouts_ahead if ahead else self.layouts_used)[key] = blocks
        return blocks


def same_code(source: str, formatted: str) -> bool:
    """Whether ``formatted`` parses to the same syntax tree as ``source`` (docstrings
    compared as black compares them, so its reindenting doesn't count)."""
    try:
        before, after = ast.parse(source), ast.parse(formatted)
    except (SyntaxError, ValueError):
        return False
    if ast.dump(before) == ast.dump(after):
        return True
    from black.parsing import stringify_ast

    return list(stringify_ast(before)) == list(stringify_ast(after))


@dataclass(frozen=True)
class CachedModels:
    """What the models stage keeps for the next run: the library's models made from
    the input whose hash is ``key``, with the descriptions' tokens still in them."""

    key: str
    source: str
    classes: dict[str, str]
    aliases: tuple[str, ...]

    def entry(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "source": self.source,
            "classes": self.classes,
            "aliases": list(self.aliases),
        }

    @classmethod
    def of(cls, entry: Any, key: str) -> CachedModels | None:
        """The models an entry read from disk holds for ``key``; None unless it has
        exactly the expected shape."""
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        source, classes, aliases = entry.get("source"), entry.get("classes"), entry.get("aliases")
        if not isinstance(source, str) or not isinstance(classes, dict):
            return None
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in classes.items()):
            return None
        return cls(key, source, classes, tuple(aliases))


def models_key(data: Any, scalars: Any) -> str:
    """The hash of what the models are made from, and of the generator that makes them
    (``repr`` keeps the order of keys, which the output follows, and tells ``1`` from
    ``"1"``)."""
    from .manifest import generator_fingerprint

    digest = hashlib.sha256(generator_fingerprint().encode())
    digest.update(repr((data, sorted(dict(scalars).items()))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Helper(Generic[ModelsT]):
    """The second process, seen from this one: its models, and its share of black."""

    def __init__(self, make_models: Callable[[], ModelsT]) -> None:
        self._make_models = make_models
        self._pid: int | None = None
        self._socket: socket.socket | None = None
        self.notes: list[str] = []

    # ---------------------------------------------------------------- this side

    def models(self) -> ModelsT:
        """The models: from the second process, or made here should it fail."""
        message = self._receive(MODELS_DEADLINE) if self._socket is not None else None
        if message is not None and message[0] == "models":
            return cast(ModelsT, message[1])
        if self._socket is not None:
            self._give_up("did not deliver the models")
        return self._make_models()

    def busy(self) -> bool:
        """Whether the second process is still making the models: this one has time on its
        hands (never, without a second process)."""
        return self._socket is not None and not _readable(self._socket)

    def share_black(self, blocks: list[str], cache: FormatCache) -> None:
        """Put every block through black into ``cache``, the second process taking them
        from the last one back while this one takes them from the first one on."""
        todo = [block for block in blocks if not cache.has(block)]
        if self._socket is not None and todo and not self._send(("blocks", todo)):
            self._give_up("did not take the blocks to format")
        done: set[int] = set()
        for index, block in enumerate(todo):
            for other, formatted in self._finished_blocks():
                done.add(other)
                cache.add(todo[other], formatted)
            if index in done:
                return  # the second process did this one and all after it
            cache.format_block(block)

    def _finished_blocks(self) -> Iterator[tuple[int, str]]:
        """The blocks the second process has finished since the last look, without
        waiting for any."""
        while self._socket is not None and _readable(self._socket):
            message = self._receive(_SEND_DEADLINE)
            if message is None or message[0] != "block":
                self._stop()  # gone or done: this process carries on alone
                return
            yield message[1], message[2]

    # ------------------------------------------------------------- the channel

    def _send(self, message: tuple[Any, ...]) -> bool:
        assert self._socket is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._socket.settimeout(_SEND_DEADLINE)
        try:
            self._socket.sendall(_HEADER.pack(len(data)) + data)
        except OSError:  # the other side is gone, or took no data for too long
            return False
        return True

    def _receive(self, deadline: float) -> tuple[Any, ...] | None:
        assert self._socket is not None
        self._socket.settimeout(deadline)
        try:
            (size,) = _HEADER.unpack(_read_exactly(self._socket, _HEADER.size))
            message = pickle.loads(_read_exactly(self._socket, size))
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return message if isinstance(message, tuple) and message else None

    def _give_up(self, what: str) -> None:
        self.notes.append(f"the second process {what}; this process did its work instead")
        self._stop()

    def _stop(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)  # prompt after SIGKILL
            self._pid = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    # ------------------------------------------------------------ the other side

    def _fork(self) -> None:
        ours, theirs = socket.socketpair()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the second process: never returns
            ours.close()
            _second_process_main(theirs, parent, self._make_models)
        theirs.close()
        self._pid, self._socket = pid, ours


@contextlib.contextmanager
def start_helper(make_models: Callable[[], ModelsT]) -> Iterator[Helper[ModelsT]]:
    """A ``Helper`` whose second process starts ``make_models`` now (where the platform
    can fork), stopped on the way out without waiting for work nobody needs any more."""
    helper = Helper(make_models)
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        helper._fork()
    try:
        yield helper
    finally:
        helper._stop()


def _second_process_main(
    channel: socket.socket, parent: int, make_models: Callable[[], object]
) -> None:
    """Make the models, send them, then format the blocks sent back, from the last one.

    Any failure just ends this process: the first one then does the work itself.
    """
    try:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
        try:
            reply: tuple[Any, ...] = ("models", make_models())
        except Exception:  # noqa: BLE001 - the first process makes them again, and reports
            reply = ("failed",)
        _send_all(channel, reply)
        from .formatting import black_block

        (size,) = _HEADER.unpack(_read_exactly(channel, _HEADER.size))
        _, blocks = pickle.loads(_read_exactly(channel, size))
        for index in reversed(range(len(blocks))):
            _send_all(channel, ("block", index, black_block(blocks[index])))
    finally:
        os._exit(0)


def _exit_when_orphaned(parent: int) -> None:
    """End this (second) process as soon as its parent is gone."""
    while os.getppid() == parent:
        time.sleep(_WATCH_INTERVAL)
    os._exit(1)


def _send_all(channel: socket.socket, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    channel.sendall(_HEADER.pack(len(data)) + data)


def _read_exactly(channel: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        chunk = channel.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed the channel")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _readable(channel: socket.socket) -> bool:
    return bool(select.select([channel], [], [], 0)[0])
