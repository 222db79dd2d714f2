"""dateparser, restricted and bounded: the slow path for values the fast paths cannot read.

Only absolute dates are read (no "2 hours ago", no digit runs split into dates), the year
must be written, and the result keeps dateparser's period as its precision, so a day that
was not written is never reported. Each article gets a small budget of calls, and long
values and bare numbers are refused before dateparser sees them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from dateparser.data.languages_info import language_order
from dateparser.date import DateDataParser

from tasks.dates.model import Parsed
from tasks.dates.reading import Reading, from_instant, make_reading
from tasks.record import Precision

MAX_CHARS = 64
"""Longer values are prose, not a date; dateparser's cost grows with length."""

MAX_CALLS = 12
"""dateparser calls per article; the fast paths read nearly every real-world value."""

DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ru", "pl")
"""Languages tried when the page does not declare one dateparser knows."""

SETTINGS: dict[str, Any] = {
    "RETURN_TIME_AS_PERIOD": True,
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["year"],
    "PARSERS": ["timestamp", "absolute-time"],
}

_PERIOD_PRECISION: dict[str, Precision] = {"year": "year", "month": "month", "day": "day"}
_LONG_DIGITS = re.compile(r"\d{9,}")


@cache
def _parser(languages: tuple[str, ...]) -> Any:
    return DateDataParser(languages=list(languages), settings=SETTINGS)


def supported_languages() -> frozenset[str]:
    """The language codes dateparser can be restricted to."""
    return frozenset(language_order)


class SlowPath:
    """A per-article dateparser budget over a fixed set of languages."""

    def __init__(
        self, languages: tuple[str, ...] = DEFAULT_LANGUAGES, max_calls: int = MAX_CALLS
    ) -> None:
        self.languages = languages
        self.calls_left = max_calls

    def __call__(self, text: str) -> Parsed | None:
        """What dateparser establishes from ``text``, or None (also when over budget)."""
        if self.calls_left <= 0 or _not_for_dateparser(text):
            return None
        self.calls_left -= 1
        try:
            data = _parser(self.languages).get_date_data(text)
        except (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError):
            return None
        if data.date_obj is None:
            return None
        reading = _reading(data.date_obj, str(data.period))
        return Parsed(reading) if reading is not None else None


def _not_for_dateparser(text: str) -> bool:
    """Values dateparser is not asked about: prose (too long; its cost grows with length),
    digit runs it would split into dates, text without a digit, and bare numbers (word
    counts, ids: the fast paths read every all-digit date form, and dateparser would only
    make a year of them; the first such call also cost 47 ms of pattern compiling)."""
    return (
        len(text) > MAX_CHARS
        or _LONG_DIGITS.search(text) is not None
        or not any(ch.isdigit() for ch in text)
        or text.strip().isdigit()
    )


def _reading(moment: Any, period: str) -> Reading | None:
    if period == "time":
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            reading = from_instant(moment)
            return reading.truncated("minute") if not moment.second else reading
        return make_reading(
            moment.year, moment.month, moment.day, (moment.hour, moment.minute, moment.second)
        )
    precision = _PERIOD_PRECISION.get(period)
    full = make_reading(moment.year, moment.month, moment.day)
    return full.truncated(precision) if precision and full else None
