"""One value -> ``Parsed``: the fast paths first, dateparser only for what they cannot read.

Fast paths: epoch seconds (and milliseconds, as a suspect), ISO 8601 and its common
relatives (``2020-09-08 09:43:00``, ``20200908T094300Z``), all-digit day-first and
month-first forms, ``asctime`` (``Mon Oct 11 14:57:21 CEST 2021``), and prose dates with
month names. The rest goes to ``SlowPath``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from tasks.dates.model import Parsed, Suspect
from tasks.dates.numeric import numeric_date, year_first
from tasks.dates.reading import Reading, from_instant, local_days, make_reading
from tasks.dates.scan import ascii_digits, parse_text_date, resolve_zone
from tasks.dates.slow import SlowPath
from tasks.dates.zones import ZONE_PATTERN
from tasks.html.months import month_number

MAX_VALUE_CHARS = 200
"""A date value longer than this is not a date; only its start is looked at."""

_ZONE = r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|" + ZONE_PATTERN + r")?"
_ISO = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:(?:[T\s]+|_)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?\s*"
    + _ZONE
    + r"$",
    re.IGNORECASE,
)
_COMPACT = re.compile(
    r"^(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})(?:T?(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?)?"
    + _ZONE
    + r"$",
    re.IGNORECASE,
)
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_ASCTIME = re.compile(
    r"^(?:[A-Za-z]{3},?\s+)?(?P<mon>[A-Za-z]{3,9})\s+(?P<d>\d{1,2})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s+(?:" + _ZONE + r"\s+)?(?P<y>\d{4})$",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def parse_value(value: str | int | float, slow: SlowPath | None = None) -> Parsed | None:
    """Read one date value (a payload field, a meta content, a ``datetime`` attribute)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return parse_epoch(float(value))
    text = " ".join(ascii_digits(value[:MAX_VALUE_CHARS]).split())
    if not text:
        return None
    if _EPOCH.match(text):
        return parse_epoch(float(text))
    parsed = _fast(text)
    if parsed is None:
        parsed = parse_text_date(text)
    if parsed is None and slow is not None:
        parsed = slow(text)
    return parsed


def parse_epoch(seconds: float) -> Parsed | None:
    """Seconds since 1970; a value too large for seconds is a milliseconds suspect."""
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    if seconds < 1e11:
        return Parsed(_epoch_reading(seconds))
    if 1e11 <= seconds < 1e14:
        instant = datetime.fromtimestamp(seconds / 1000, tz=timezone.utc)
        suspect = Suspect("epoch_millis", instant.year, instant=instant)
        years = {day.year for day in local_days(instant)}
        safe = Reading(instant.year) if len(years) == 1 else None
        return Parsed(safe, (suspect,), literal_ok=False)
    return None


def _epoch_reading(seconds: float) -> Reading:
    instant = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return from_instant(instant)


def _fast(text: str) -> Parsed | None:
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(text)
        if match:
            return _iso(match)
    match = _YEAR_MONTH.match(text)
    if match:
        reading = make_reading(int(match.group(1)), int(match.group(2)))
        return Parsed(reading) if reading else None
    if len(text) == 4 and text.isdigit():
        return Parsed(Reading(int(text)))
    match = _ASCTIME.match(text)
    if match:
        return _asctime(match)
    return numeric_date(text)


def _iso(match: re.Match[str]) -> Parsed | None:
    year, month, day = (int(match.group(k)) for k in ("y", "mo", "d"))
    clock = _clock(match)
    zone = match.group("zone")
    return year_first(year, month, day, clock=clock, zone=zone if clock else None)


def _asctime(match: re.Match[str]) -> Parsed | None:
    month = month_number(match.group("mon"))
    if month is None:
        return None
    year, day = int(match.group("y")), int(match.group("d"))
    clock = _clock(match)
    if clock is None:
        return None
    offset, zone = resolve_zone(match.group("zone"), year, month, day, clock)
    reading = make_reading(year, month, day, clock, offset=offset, zone=zone)
    return Parsed(reading) if reading else None


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    if match.group("h") is None:
        return None
    return int(match.group("h")), int(match.group("mi")), int(match.group("s") or 0)
