"""Ambiguous zone abbreviations read with the page's locale: ``IST`` on an Indian page is
+05:30, on an Irish one +01:00, on an Israeli one +02:00.

What decides, first to last: the page itself (another of its dates gives the same instant with
a numeric offset that is one of the readings), the region of its language tag (``en-IN``), its
country-code domain (``.in``), its language (``he``), the habit its source showed in earlier
articles; else the abbreviation's default reading if it has one (``PST``: US Pacific), else
nothing: the offset stays unknown and the candidate says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from tasks.dates.model import Found, Suspect
from tasks.dates.reading import Reading, format_offset
from tasks.dates.zones import AMBIGUOUS_ZONES, ZoneReading

ZONE_NOTE = "zone "
"""How a candidate's note about its zone abbreviation starts (the value is still as written)."""


@dataclass(frozen=True)
class Locale:
    """Where a page says it is from."""

    language: str | None = None
    """``<html lang>``'s language (``en``)."""
    region: str | None = None
    """``<html lang>``'s region (``in`` for ``en-IN``)."""
    country: str | None = None
    """The URL's country-code domain (``in`` for ``example.co.in``)."""


@dataclass(frozen=True)
class LearnedZone:
    """The reading a source's earlier articles showed for an abbreviation, and how often."""

    offset: int
    why: str


@dataclass(frozen=True)
class Localised:
    """Candidates with their ambiguous zones decided, and the zone habits the page showed."""

    found: list[Found]
    shown: list[tuple[str, int, str]]
    """``(abbreviation, offset, how)`` for each abbreviation the page itself pinned."""


def country_code(url: str | None) -> str | None:
    """The two-letter country-code domain of ``url`` (``uk`` for ``example.co.uk``), if any."""
    host = (urlsplit(url).hostname or "") if url else ""
    suffix = host.rsplit(".", 1)[-1].lower()
    return suffix if len(suffix) == 2 and suffix.isalpha() else None


def localise(
    found: list[Found], locale: Locale, learned: Mapping[str, LearnedZone] | None = None
) -> Localised:
    """Every candidate, the ambiguous abbreviations among them read with the locale."""
    if not any(_zone_of(f) for f in found):
        return Localised(found, [])
    instants = _instants(found)
    out: list[Found] = []
    shown: dict[tuple[str, int], str] = {}
    for candidate in found:
        zone = _zone_of(candidate)
        reading = candidate.reading
        if zone is None:
            out.append(candidate)
            continue
        pinned = _pinned(reading, zone, instants) if reading is not None else None
        if pinned is not None:
            shown.setdefault((zone, pinned.offset), f"{candidate.source} {candidate.raw!r}")
        offset, note = _decide(zone, locale, pinned, (learned or {}).get(zone))
        out.append(_with_zone(candidate, offset, note))
    return Localised(out, [(zone, offset, how) for (zone, offset), how in shown.items()])


def _zone_of(candidate: Found) -> str | None:
    reading = candidate.reading
    if reading is not None and reading.has_time and reading.zone in AMBIGUOUS_ZONES:
        return reading.zone
    return next((s.zone for s in candidate.parsed.suspects if s.zone), None)


def _instants(found: Iterable[Found]) -> set[datetime]:
    """The instants (UTC, naive, to the minute) the page's unambiguous timestamps give."""
    out = set()
    for candidate in found:
        reading = candidate.reading
        if reading is None or reading.zone in AMBIGUOUS_ZONES:
            continue
        instant = reading.instant()
        if instant is not None and reading.precision in ("minute", "second"):
            out.add(instant.replace(second=0, tzinfo=None))
    return out


def _pinned(reading: Reading, zone: str, instants: set[datetime]) -> ZoneReading | None:
    """The reading of ``zone`` under which ``reading`` is an instant the page gives elsewhere."""
    if reading.precision not in ("minute", "second"):
        return None
    wall = reading.local().replace(second=0)
    matches = [
        option
        for option in AMBIGUOUS_ZONES[zone]
        if wall - timedelta(minutes=option.offset) in instants
    ]
    return matches[0] if len(matches) == 1 else None


def _decide(
    zone: str, locale: Locale, pinned: ZoneReading | None, learned: LearnedZone | None
) -> tuple[int | None, str | None]:
    """The offset for ``zone`` and the note saying what decided it (None: the default, as
    always, no note)."""
    options = AMBIGUOUS_ZONES[zone]
    if pinned is not None:
        why = "another of the page's dates gives that instant"
        return pinned.offset, _read(zone, pinned, why, default_silent=True)
    signals = (
        (locale.region, f"the page's language tag (region {locale.region})", False),
        (locale.country, f"its country-code domain .{locale.country}", False),
        (locale.language, f"the page's language ({locale.language})", True),
    )
    for value, label, is_language in signals:
        chosen = [o for o in options if value in (o.languages if is_language else o.countries)]
        if value and len(chosen) == 1:
            return chosen[0].offset, _read(zone, chosen[0], label, default_silent=True)
    if learned is not None:
        option = next((o for o in options if o.offset == learned.offset), None)
        if option is not None:
            return option.offset, _read(zone, option, learned.why, default_silent=True)
    default = next((o for o in options if o.default), None)
    if default is not None:
        return default.offset, None
    readings = ", ".join(f"{o.place} {format_offset(o.offset)}" for o in options)
    return None, (
        f"{ZONE_NOTE}{zone} is ambiguous ({readings}) and neither the page nor its source "
        "says which: offset unknown"
    )


def _read(zone: str, option: ZoneReading, why: str, *, default_silent: bool = False) -> str | None:
    if default_silent and option.default:
        return None  # the reading it always had: nothing to explain
    return f"{ZONE_NOTE}{zone} read as {option.place} ({format_offset(option.offset)}): {why}"


def _with_zone(candidate: Found, offset: int | None, note: str | None) -> Found:
    parsed = candidate.parsed
    reading = parsed.reading
    if reading is not None and reading.has_time and reading.zone in AMBIGUOUS_ZONES:
        reading = _offset(reading, offset)
    suspects = tuple(_suspect(s, offset) for s in parsed.suspects)
    out = replace(candidate, parsed=replace(parsed, reading=reading, suspects=suspects))
    if note is None:
        return out
    return replace(out, note=candidate.note or note, evidence=(*candidate.evidence, note))


def _offset(reading: Reading, offset: int | None) -> Reading:
    return replace(reading, offset=offset)


def _suspect(suspect: Suspect, offset: int | None) -> Suspect:
    if suspect.zone is None:
        return suspect
    reading = suspect.reading
    if reading is not None and reading.has_time:
        reading = _offset(reading, offset)
    return replace(suspect, offset=offset, reading=reading)
