"""Time-zone abbreviations as news pages write them, resolved to UTC offsets.

Fixed abbreviations (``EDT``, ``CET``) carry their offset. The generic ones (``ET``, ``PT``)
depend on the date, so they resolve through the IANA database for that wall-clock time.
Ambiguous abbreviations (``IST``: India, Ireland or Israel) have no offset of their own: the
abbreviation is kept, and the page's locale decides later (``tasks.dates.zone_locale``). A few
have a reading so much more common that it stands unless the locale says otherwise (``PST`` is
US Pacific, except on a Philippine page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FIXED_OFFSETS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
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
    "EDT": -240,
    "CDT": -300,
    "MDT": -360,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "ADT": -180,
    "NST": -210,
    "NDT": -150,
}
"""Offsets in minutes east of UTC of the abbreviations with one meaning."""


@dataclass(frozen=True)
class ZoneReading:
    """One meaning of an ambiguous abbreviation, and the locales that write it."""

    offset: int
    place: str
    countries: frozenset[str]
    """Country codes (of domains and of language tags like ``en-IN``) where it is meant."""
    languages: frozenset[str] = frozenset()
    """Page languages that mean it (none for readings written in English everywhere)."""
    default: bool = False
    """Taken when nothing decides: the reading is far more common than the others."""


def _reading(
    offset: int, place: str, countries: str, languages: str = "", *, default: bool = False
) -> ZoneReading:
    return ZoneReading(
        offset, place, frozenset(countries.split()), frozenset(languages.split()), default
    )


_ATLANTIC = "ca pr bm tt bb do vi vg ag dm gd kn lc vc ai ms aw cw sx gp mq"
AMBIGUOUS_ZONES: dict[str, tuple[ZoneReading, ...]] = {
    "IST": (
        _reading(330, "India", "in", "hi mr gu ta te kn ml pa or as"),
        _reading(60, "Ireland", "ie", "ga"),
        _reading(120, "Israel", "il", "he iw"),
    ),
    "CST": (
        _reading(-360, "US Central", "us"),
        _reading(480, "China", "cn tw hk mo", "zh"),
        _reading(570, "Australian Central", "au"),
        _reading(-300, "Cuba", "cu"),
    ),
    "BST": (
        _reading(60, "British Summer Time", "uk gb im je gg", "cy gd"),
        _reading(360, "Bangladesh", "bd", "bn"),
    ),
    "AST": (
        _reading(-240, "Atlantic", _ATLANTIC),
        _reading(180, "Arabia", "sa kw qa bh iq ye", "ar"),
    ),
    "PST": (
        _reading(-480, "US Pacific", "us", default=True),
        _reading(480, "Philippines", "ph", "tl fil"),
    ),
    "MST": (
        _reading(-420, "US Mountain", "us", default=True),
        _reading(480, "Malaysia", "my", "ms"),
    ),
    "EST": (
        _reading(-300, "US Eastern", "us", default=True),
        _reading(600, "Australian Eastern", "au"),
    ),
}
"""Abbreviations with several meanings. Those without a default stay without an offset unless
the page's locale or its source's habit decides; a zone guessed wrong moves the UTC instant by
up to half a day, and with it the day a UTC timestamp is matched against."""

GENERIC_ZONES: dict[str, str] = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
"""Abbreviations whose offset depends on daylight saving time."""

KNOWN_ZONES = frozenset((*FIXED_OFFSETS, *GENERIC_ZONES, *AMBIGUOUS_ZONES))
"""Every abbreviation that is read (and kept as the candidate's zone name)."""

ZONE_PATTERN = r"(?:" + "|".join(sorted(KNOWN_ZONES, key=len, reverse=True)) + r")"
"""A regex alternative matching any known abbreviation (longest first)."""


def _generic_offset(zone: str, wall: datetime) -> int | None:
    try:
        delta = wall.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return int(delta.total_seconds() // 60) if delta is not None else None


_NUMERIC = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$")


def zone_offset(name: str, wall: datetime | None = None) -> int | None:
    """Minutes east of UTC for an abbreviation or numeric offset, or None when unknown.

    ``wall`` is the local time the abbreviation qualifies; generic zones need it. An ambiguous
    abbreviation gives its default reading, if it has one.
    """
    key = name.strip().upper().replace(".", "")
    if key in FIXED_OFFSETS:
        return FIXED_OFFSETS[key]
    if key in AMBIGUOUS_ZONES:
        return next((r.offset for r in AMBIGUOUS_ZONES[key] if r.default), None)
    if key in GENERIC_ZONES:
        return _generic_offset(GENERIC_ZONES[key], wall) if wall is not None else None
    match = _NUMERIC.match(key)
    if match:
        sign, hours, minutes = match.groups()
        total = int(hours) * 60 + int(minutes or 0)
        if total > 14 * 60:
            return None
        return -total if sign == "-" else total
    return None
