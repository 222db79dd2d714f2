"""Time-zone abbreviations as news pages write them, resolved to UTC offsets.

Fixed abbreviations (``EDT``, ``CET``) carry their offset. The generic ones (``ET``, ``PT``)
depend on the date, so they resolve through the IANA database for that wall-clock time.
Ambiguous abbreviations take the reading most common on news pages (``IST`` is India,
``BST`` British Summer Time); the abbreviation itself is kept in the candidate.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FIXED_OFFSETS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "BST": 60,
    "IST": 330,
    "WEST": 60,
    "CET": 60,
    "MEZ": 60,
    "CEST": 120,
    "MESZ": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "SAST": 120,
    "CAT": 120,
    "EAT": 180,
    "WAT": 60,
    "PKT": 300,
    "NPT": 345,
    "ICT": 420,
    "WIB": 420,
    "SGT": 480,
    "HKT": 480,
    "PHT": 480,
    "AWST": 480,
    "JST": 540,
    "KST": 540,
    "ACST": 570,
    "ACDT": 630,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "AST": -240,
    "ADT": -180,
    "NST": -210,
    "NDT": -150,
}
"""Offsets in minutes east of UTC."""

GENERIC_ZONES: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
"""Abbreviations whose offset depends on daylight saving time."""

ZONE_PATTERN = (
    r"(?:" + "|".join(sorted((*FIXED_OFFSETS, *GENERIC_ZONES), key=len, reverse=True)) + r")"
)
"""A regex alternative matching any known abbreviation (longest first)."""

_NUMERIC = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$")


def zone_offset(name: str, wall: datetime | None = None) -> int | None:
    """Minutes east of UTC for an abbreviation or numeric offset, or None when unknown.

    ``wall`` is the local time the abbreviation qualifies; generic zones need it.
    """
    key = name.strip().upper().replace(".", "")
    if key in FIXED_OFFSETS:
        return FIXED_OFFSETS[key]
    if key in GENERIC_ZONES and wall is not None:
        try:
            delta = wall.replace(tzinfo=ZoneInfo(GENERIC_ZONES[key])).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            return None
        return int(delta.total_seconds() // 60) if delta is not None else None
    match = _NUMERIC.match(key)
    if match:
        sign, hours, minutes = match.groups()
        total = int(hours) * 60 + int(minutes or 0)
        if total > 14 * 60:
            return None
        return -total if sign == "-" else total
    return None
