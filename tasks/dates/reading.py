"""What one date signal establishes, and no more.

A ``Reading`` holds the wall-clock fields a signal gave, up to its precision; the finer fields
are zero and never shown. An offset is kept only when the signal carried one (or a zone
abbreviation that names one), so the output can keep the original offset and give UTC.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from tasks.record import Precision

PRECISIONS: tuple[Precision, ...] = ("year", "month", "day", "hour", "minute", "second")
"""From coarsest to finest."""

MIN_YEAR = 1995
"""No web article is older than the web that publishes it (htmldate uses the same floor)."""

MAX_OFFSET_MINUTES = 14 * 60
"""UTC offsets run from -12:00 to +14:00; anything wider is not an offset."""


_RANKS = {precision: order for order, precision in enumerate(PRECISIONS)}
_DAY, _HOUR = _RANKS["day"], _RANKS["hour"]


def rank(precision: Precision) -> int:
    """How fine a precision is: 0 for year, 5 for second."""
    return _RANKS[precision]


@dataclass(frozen=True, slots=True)
class Reading:
    """A date at a known precision, in the signal's own wall-clock time."""

    year: int
    month: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    second: int = 0
    precision: Precision = "year"
    offset: int | None = None
    """Minutes east of UTC, when the signal said."""
    zone: str | None = None
    """The zone abbreviation as written (``EDT``), when that is where the offset came from."""

    @property
    def has_day(self) -> bool:
        """True when the day of month is established."""
        return _RANKS[self.precision] >= _DAY  # asked ~150 times an article: no calls

    @property
    def has_time(self) -> bool:
        """True when at least the hour is established."""
        return _RANKS[self.precision] >= _HOUR

    def day_key(self) -> tuple[int, int, int] | None:
        """(year, month, day) when the day is established."""
        return (self.year, self.month, self.day) if self.has_day else None

    def local(self) -> datetime:
        """The wall-clock time as a naive datetime (unknown fields at their minimum)."""
        return datetime(
            self.year, self.month or 1, self.day or 1, self.hour, self.minute, self.second
        )

    def instant(self) -> datetime | None:
        """The UTC instant, when both the time of day and the offset are known."""
        if self.offset is None or not self.has_time:
            return None
        return (self.local() - timedelta(minutes=self.offset)).replace(tzinfo=timezone.utc)

    def iso(self) -> str:
        """ISO 8601 at the established precision, with the original offset when known."""
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        day = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if not self.has_time:
            return day
        clock = f"{self.hour:02d}:{self.minute:02d}:{self.second:02d}"
        return f"{day}T{clock}{format_offset(self.offset) if self.offset is not None else ''}"

    def date_iso(self) -> str | None:
        """YYYY-MM-DD when the day is established."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.has_day else None

    def utc_iso(self) -> str | None:
        """The UTC instant in ISO 8601 (``Z``), when it is established."""
        moment = self.instant()
        # Not strftime: it goes through the C library, which re-reads the zone file per call
        # (a third of a millisecond each when profiled here).
        return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z" if moment else None

    def tz_label(self) -> str | None:
        """What the signal said about its zone: the abbreviation or the offset."""
        if self.zone:
            return self.zone
        return format_offset(self.offset) if self.offset is not None else None

    def truncated(self, precision: Precision) -> Reading:
        """The same reading known only down to ``precision`` (never finer than it was)."""
        if rank(precision) >= rank(self.precision):
            return self
        keep = rank(precision)
        return Reading(
            year=self.year,
            month=self.month if keep >= 1 else 0,
            day=self.day if keep >= 2 else 0,
            hour=self.hour if keep >= 3 else 0,
            minute=self.minute if keep >= 4 else 0,
            precision=precision,
            offset=self.offset if keep >= 3 else None,
            zone=self.zone if keep >= 3 else None,
        )

    def with_offset(self, offset: int, zone: str | None = None) -> Reading:
        """The same wall-clock reading with an offset established by other evidence."""
        return replace(self, offset=offset, zone=zone)


def format_offset(minutes: int) -> str:
    """``-04:00`` for -240."""
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def valid_fields(year: int, month: int, day: int) -> bool:
    """True when year, month and day name a real calendar day."""
    if not (1 <= month <= 12) or year < 1:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def make_reading(
    year: int,
    month: int = 0,
    day: int = 0,
    clock: tuple[int, int, int] | None = None,
    *,
    precision: Precision | None = None,
    offset: int | None = None,
    zone: str | None = None,
) -> Reading | None:
    """A reading from fields, or None when they do not name a real date and time."""
    if month and not (1 <= month <= 12):
        return None
    if day and not (month and valid_fields(year, month, day)):
        return None
    if offset is not None and abs(offset) > MAX_OFFSET_MINUTES:
        return None
    if clock is not None:
        hour, minute, second = clock
        if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 60) or not day:
            return None
        second = min(second, 59)
        if precision is None:
            precision = "second" if second else "minute"
        return Reading(year, month, day, hour, minute, second, precision, offset, zone)
    if precision is None:
        precision = "day" if day else "month" if month else "year"
    return Reading(year, month, day, precision=precision)


def from_instant(moment: datetime, precision: Precision = "second") -> Reading:
    """A reading of an aware datetime, in its own offset."""
    delta = moment.utcoffset() or timedelta(0)
    offset = int(delta.total_seconds() // 60)
    return Reading(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        precision,
        offset,
    )


def local_days(moment: datetime) -> set[date]:
    """Every calendar day the UTC instant ``moment`` falls on somewhere on Earth."""
    return {
        (moment + timedelta(minutes=offset)).date() for offset in (-12 * 60, 0, MAX_OFFSET_MINUTES)
    }
