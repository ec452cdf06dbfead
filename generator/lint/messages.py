"""How findings word what they quote: a long value cut short, a jsonschema error told
with the closest of its sub-errors."""

from __future__ import annotations

from jsonschema.exceptions import ValidationError, best_match

from ..document import pointer as jsonpointer

__all__ = ["described", "short"]


def short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shortened(error: ValidationError) -> str:
    """The error's message with a long repr of the offending value cut down."""
    message = error.message
    try:
        shown = repr(error.instance)
    except Exception:  # noqa: BLE001 - a repr that fails is just not shortened
        return message
    if len(shown) > 80 and message.startswith(shown):
        message = short(shown) + message[len(shown) :]
    return message


def described(error: ValidationError, base: str) -> str:
    """The error's message, with the closest sub-error of a failed oneOf/anyOf (and where
    it is, when that is elsewhere; ``base`` is the pointer of the validated value)."""
    message = _shortened(error)
    if error.context:
        best = best_match(error.context)
        if best is not None and best.message != error.message:
            message = f"{message}; closest match: {_shortened(best)}"
            best_where = jsonpointer.join(base, *best.absolute_path)
            if best_where != jsonpointer.join(base, *error.absolute_path):
                message += f" (at #{best_where})"
    return message
