"""Whether and how long to wait before trying a call again.

A request is retried up to ``max_retries`` times (default 2) when it could not be sent or
got no answer, or when the API answered 408, 429 or 5xx.  The wait doubles from 0.5 s
with random jitter; a ``Retry-After`` header or a ``retryAfter`` field in the body wins.
No wait is longer than ``MAX_RETRY_DELAY`` (60 s): when the API asks for more, the error
is raised at once (``RateLimitError.retry_after`` says how long it asked for).
``max_retries=0`` (per client or per call) turns retries off.
"""

from __future__ import annotations

import email.utils
import math
import random
import time

import httpx

from ._transport import json_or_none

__all__ = ["MAX_RETRY_DELAY", "retry_after", "retry_delay"]

MAX_RETRY_DELAY = 60.0


_FIRST_RETRY_DELAY = 0.5


_RETRY_STATUSES = frozenset({408, 429})


def retry_delay(
    attempt: int, retries: int, response: httpx.Response | None
) -> float | None:
    """Seconds to wait before trying again, or None when the outcome is final."""
    if attempt >= retries:
        return None
    if response is not None:
        status = response.status_code
        if status not in _RETRY_STATUSES and status < 500:
            return None
        asked = retry_after(response)
        if asked is not None:
            # Sleeping less than asked would only be refused again: let the caller
            # decide what to do about a long wait.
            return asked if asked <= MAX_RETRY_DELAY else None
    backoff = _FIRST_RETRY_DELAY * 2.0**attempt
    return min(backoff * (0.5 + random.random() / 2), MAX_RETRY_DELAY)


def retry_after(response: httpx.Response) -> float | None:
    """The wait the API asked for: the Retry-After header (seconds or an HTTP date), else
    a ``retryAfter`` body field; None when neither says something usable."""
    seconds: float | None = None
    header = response.headers.get("retry-after", "").strip()
    if header:
        try:
            seconds = float(header)
        except ValueError:
            try:
                seconds = (
                    email.utils.parsedate_to_datetime(header).timestamp() - time.time()
                )
            except (TypeError, ValueError, OverflowError):
                seconds = None
    if seconds is None:
        body = json_or_none(response)
        value = body.get("retryAfter") if isinstance(body, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = float(value)
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)
