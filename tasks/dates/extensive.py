"""The last resort: dates anywhere in the visible text of a page or a text dump.

On pages without metadata the article's own date is, far more often than not, the first
full date in the text (the byline sits above the body, comments and archives below), so
the first distinct days get modest weights that fall with their rank; a day that recurs
gets a little more. These candidates decide only when nothing better speaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tasks.dates.choose import plausible
from tasks.dates.model import Found
from tasks.dates.scan import ascii_digits, find_dates

MAX_TEXT_CHARS = 150_000
"""Text scanned; the article's own date is never further down."""

MAX_DATES = 300
RANK_WEIGHTS = (0.45, 0.3, 0.2, 0.15, 0.1)
"""Weight of the first, second... distinct day found (later ones are not kept)."""


def text_dates(text: str, *, source: str, family: str, upper: datetime) -> Iterator[Found]:
    """Candidates for the first distinct plausible days in ``text``."""
    text = ascii_digits(text[:MAX_TEXT_CHARS])
    first_seen: dict[tuple[int, int, int], tuple[Any, str, int]] = {}
    counts: dict[tuple[int, int, int], int] = {}
    for parsed in find_dates(text, limit=MAX_DATES):
        reading = parsed.reading
        key = reading.day_key() if reading is not None else None
        if reading is None or key is None or not plausible(reading, upper):
            continue
        counts[key] = counts.get(key, 0) + 1
        if key not in first_seen:
            raw = " ".join(text[parsed.start : parsed.end].split())
            first_seen[key] = (parsed, raw, len(first_seen))
    for key, (parsed, raw, order) in first_seen.items():
        if order >= len(RANK_WEIGHTS):
            continue
        weight = RANK_WEIGHTS[order] + 0.03 * min(counts[key] - 1, 3)
        yield Found(source, family, raw, "unknown", round(weight, 3), parsed, order)
