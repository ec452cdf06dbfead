"""Two built versions in, every change between them out, in the new version's order."""

from __future__ import annotations

from .catalog import catalog_of
from .changes import Change, Pair, Recorder
from .models import compare_models, paired_models
from .operations import compare_operations
from .schemas import Shapes
from .service import compare_service
from .sides import Side

__all__ = ["compare"]


def compare(old: Side, new: Side) -> list[Change]:
    """Every change from ``old`` to ``new``, each with its rule's default verdict."""
    old_models, new_models = catalog_of(old), catalog_of(new)
    pairs = paired_models(old_models, new_models)
    pair = Pair(
        old,
        new,
        old_models,
        new_models,
        # The old version's classes are known by their new places, so a renamed class is
        # the same type in both.
        Shapes(old.document, lambda p: None if old_models.identity(p) is None else pairs.get(p, p)),
        Shapes(new.document, new_models.identity),
    )
    recorder = Recorder(pair)
    compare_service(recorder)
    compare_operations(recorder)
    compare_models(recorder, pairs)
    found = list(dict.fromkeys(recorder.changes))
    return sorted(found, key=lambda c: (c.new.line, c.new.column, c.old.line, c.old.column))
