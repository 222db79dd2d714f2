"""All-digit dates: ``2020-09-08``, ``08.09.2020``, ``9/8/2020`` and their malformed kin.

A year-first value is read year-month-day (ISO order). When that reading is impossible or
could be a known corruption, the other readings come back as suspects for ``repair`` to
confirm: a minute written in the month slot (``2020-43-08`` beside 09:43), day and month
swapped (``2020-29-10``). Slashed day-first/month-first values whose order cannot be told
(``05/09/2020``) keep only the year unless another signal settles the order.
"""

from __future__ import annotations

import re
from datetime import datetime

from tasks.dates.calendars import JALALI_YEARS, jalali_to_gregorian
from tasks.dates.model import Parsed, Suspect, WordOrder
from tasks.dates.reading import Reading, make_reading, valid_fields
from tasks.dates.zones import AMBIGUOUS_ZONES, zone_offset

_YEAR_FIRST = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$")

Clock = tuple[int, int, int]


def numeric_date(
    text: str, *, clock: Clock | None = None, zone: str | None = None
) -> Parsed | None:
    """Read an all-digit date (with the time of day and zone written after it, if any)."""
    match = _YEAR_FIRST.match(text)
    if match:
        year, _, first, second = match.groups()
        return year_first(int(year), int(first), int(second), clock=clock, zone=zone)
    match = _YEAR_LAST.match(text)
    if match:
        first, sep, second, year = match.groups()
        return year_last(int(first), int(second), _full_year(year), sep, clock=clock, zone=zone)
    return None


def year_first(
    year: int, month: int, day: int, *, clock: Clock | None = None, zone: str | None = None
) -> Parsed | None:
    """``Y-M-D`` read literally, with the readings a corruption could have produced."""
    if not 1 <= day <= 31:
        return None
    if year in JALALI_YEARS:
        return _jalali(year, month, day, clock=clock, zone=zone)
    offset = _offset(zone, year, month, day, clock)
    literal = dated(year, month, day, clock, offset=offset, zone=zone)
    suspects: list[Suspect] = []
    # A valid date with a time of day is a machine timestamp; it is suspect only when its own
    # minute sits in its month slot (a ``%Y-%M-%d %H:%M`` format bug).
    doubtful = literal is None or clock is None or clock[1] == month
    if not doubtful:
        return Parsed(literal)
    if 0 <= month <= 59:
        suspects.append(
            Suspect(
                "minute_for_month",
                year,
                day=day,
                minute=month,
                clock=clock,
                offset=offset,
                zone=_ambiguous(zone),
            )
        )
    if day <= 12 and month != day and 1 <= month <= 31 and valid_fields(year, day, month):
        swapped = dated(year, day, month, clock, offset=offset, zone=zone)
        suspects.append(
            Suspect(
                "day_month_swap",
                year,
                reading=swapped,
                clock=clock,
                offset=offset,
                zone=_ambiguous(zone),
            )
        )
    if literal is not None or not suspects:
        return Parsed(literal, tuple(suspects)) if literal is not None else None
    return Parsed(Reading(year), tuple(suspects), literal_ok=False)


def _jalali(
    year: int, month: int, day: int, *, clock: Clock | None, zone: str | None
) -> Parsed | None:
    """A Solar Hijri date (``1399/02/21``), converted; it is never a malformed Gregorian one."""
    converted = jalali_to_gregorian(year, month, day)
    if converted is None:
        return None
    offset = _offset(zone, *converted, clock)
    return Parsed(dated(*converted, clock, offset=offset, zone=zone))


def year_last(
    first: int,
    second: int,
    year: int,
    sep: str,
    *,
    clock: Clock | None = None,
    zone: str | None = None,
) -> Parsed | None:
    """``D.M.Y`` (dots and dashes: day first unless impossible); slashes either way."""
    if year <= 0:
        return None
    if second > 12:
        day, month = second, first
    elif sep != "/" or first > 12 or first == second:
        day, month = first, second
    else:
        offset = _offset(zone, year, first, second, clock)
        day_first = dated(year, second, first, clock, offset=offset, zone=zone)
        month_first = dated(year, first, second, clock, offset=offset, zone=zone)
        orders: tuple[tuple[Reading | None, WordOrder], ...] = (
            (day_first, "dmy"),
            (month_first, "mdy"),
        )
        suspects = tuple(
            Suspect(
                "day_month_order",
                year,
                reading=r,
                clock=clock,
                offset=offset,
                zone=_ambiguous(zone),
                order=order,
            )
            for r, order in orders
            if r is not None
        )
        return Parsed(Reading(year), suspects, literal_ok=False) if suspects else None
    literal = dated(
        year, month, day, clock, offset=_offset(zone, year, month, day, clock), zone=zone
    )
    return Parsed(literal) if literal is not None else None


def dated(
    year: int,
    month: int,
    day: int,
    clock: Clock | None = None,
    *,
    offset: int | None = None,
    zone: str | None = None,
) -> Reading | None:
    """A reading at day precision, or finer when a time of day came with it."""
    if not valid_fields(year, month, day):
        return None
    if clock is not None:
        named = zone.strip().upper() if zone and zone.strip()[:1].isalpha() else None
        named = None if named == "Z" else named
        kept = named if offset is not None or named in AMBIGUOUS_ZONES else None
        timed = make_reading(year, month, day, clock, offset=offset, zone=kept)
        if timed is not None:
            return timed
    return make_reading(year, month, day)


def _offset(zone: str | None, year: int, month: int, day: int, clock: Clock | None) -> int | None:
    if not zone or clock is None:
        return None
    wall = None
    if valid_fields(year, month, day):
        wall = datetime(year, month, day, clock[0], clock[1])
    return zone_offset(zone, wall)


def _ambiguous(zone: str | None) -> str | None:
    """The zone if it is an ambiguous abbreviation whose offset the locale decides."""
    named = zone.strip().upper() if zone else None
    return named if named in AMBIGUOUS_ZONES else None


def _full_year(text: str) -> int:
    """Two-digit years are this century's (20 -> 2020); the plausibility check comes later."""
    value = int(text)
    return value + 2000 if len(text) == 2 else value
