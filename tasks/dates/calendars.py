"""Dates written in the Solar Hijri (Jalali) calendar, as Iranian and Afghan sites write them.

A year-first all-digit date with a year from 1370 to 1420 (1991 to 2041) cannot be a
Gregorian date of a web article, and is exactly what ``۱۳۹۹/۰۲/۲۱`` is: it is converted.
"""

from __future__ import annotations

from datetime import date, timedelta

JALALI_YEARS = range(1370, 1421)
"""Solar Hijri years read as such; Gregorian years this low are never web dates."""

_EPOCH = date(622, 3, 21)
"""The Gregorian (proleptic) day of 1 Farvardin 1."""


def jalali_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """The Gregorian (year, month, day) of a Solar Hijri date, or None if it is not one.

    Uses the 33-year arithmetic cycle, exact for the years in ``JALALI_YEARS``.
    """
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    if month == 12 and day == 30 and _leaps_before(year + 1) == _leaps_before(year):
        return None  # Esfand has 30 days only in leap years
    years = year - 1
    days = 365 * years + _leaps_before(year)
    days += 31 * (month - 1) if month <= 7 else 186 + 30 * (month - 7)
    days += day - 1
    moment = _EPOCH + timedelta(days=days)
    return moment.year, moment.month, moment.day


def _leaps_before(year: int) -> int:
    """Leap years from year 1 up to, not including, ``year`` (the 33-year cycle)."""
    return (8 * (year - 1) + 29) // 33
