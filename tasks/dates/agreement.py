"""Whether a candidate agrees with a calendar day, by what it establishes and no more.

A candidate with a day agrees with that day, and a UTC timestamp also with the neighbouring
day its instant falls on in another zone. A candidate that establishes less agrees with
every day its known fields allow: a year, a month, or (for a malformed or doubted value)
one of the readings its suspects leave open. ``2020-44-28`` keeps its year and its day of
month (the minute sits in the month slot), so it allows 28 June 2020 and not 29 June 2020.
"""

from __future__ import annotations

from datetime import date

from tasks.dates.model import Found, Suspect
from tasks.dates.reading import Reading, local_days

Day = tuple[int, int, int]


def fits(candidate: Found, day: Day) -> bool:
    """True when ``day`` is a day the candidate says, or one its known fields allow."""
    reading = candidate.reading
    if reading is None:
        return False
    if reading.has_day:
        return reading.day_key() == day or same_instant(reading, day)
    if reading.year != day[0]:
        return False
    suspects = candidate.parsed.suspects
    if suspects:
        return any(_suspect_allows(s, day) for s in suspects)
    return reading.precision == "year" or reading.month == day[1]


def partly_fits(candidate: Found, day: Day) -> bool:
    """True when a candidate that establishes no day (a malformed or doubted value) has
    intact fields that name ``day``: its year and day of month, or its swapped day."""
    reading = candidate.reading
    return (
        reading is not None
        and not reading.has_day
        and bool(candidate.parsed.suspects)
        and fits(candidate, day)
    )


def how_it_fits(candidate: Found, day: Day) -> str:
    """Which intact fields of a value that establishes no day name ``day``."""
    for suspect in candidate.parsed.suspects:
        if _suspect_allows(suspect, day):
            return _HOW[suspect.repair]
    return "its year"


_HOW = {
    "minute_for_month": "its year and day of month",
    "day_month_swap": "its day and month, exchanged,",
    "day_month_order": "one order of its day and month",
    "epoch_millis": "its instant, in some zone,",
}


def same_instant(reading: Reading, day: Day) -> bool:
    """True when a UTC timestamp falls on ``day`` in some zone (a local date beside it)."""
    instant = reading.instant()
    return reading.offset == 0 and instant is not None and date(*day) in local_days(instant)


def _suspect_allows(suspect: Suspect, day: Day) -> bool:
    if suspect.repair == "minute_for_month":
        return (suspect.year, suspect.day) == (day[0], day[2])
    if suspect.repair == "epoch_millis":
        return suspect.instant is not None and date(*day) in local_days(suspect.instant)
    return suspect.reading is not None and suspect.reading.day_key() == day
