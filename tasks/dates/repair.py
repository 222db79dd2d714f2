"""Repairs of malformed date values, each taken only when an independent signal confirms it.

A candidate with suspects (see ``numeric`` and ``parse``) is repaired when a candidate of
another family says what the repair would say: for ``minute_for_month`` a timestamp on the
same year and day whose minute is the number in the month slot; for a day/month swap the
swapped day itself; for epoch milliseconds a date the instant falls on. A valid literal
reading that another signal supports is never "repaired". Without confirmation an impossible
value keeps only what is certain (its year) and the record gets a warning; so does a
valid-looking one that is doubtful (``doubt``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from tasks.dates.convention import OrderHint
from tasks.dates.doubt import distrusted, doubted, habit_shown, supported
from tasks.dates.habits import SourceHabits
from tasks.dates.model import Found, Parsed, Suspect
from tasks.dates.numeric import dated
from tasks.dates.reading import Reading, from_instant, local_days, rank

MIN_CONFIRMER_WEIGHT = 0.4
"""A confirming signal must be at least this trusted on its own."""

Warning_ = tuple[str, str]


def apply_repairs(
    found: list[Found], order_hint: OrderHint | None = None, habits: SourceHabits | None = None
) -> tuple[list[Found], list[Warning_]]:
    """The candidates with confirmed repairs applied, and (code, message) warnings.

    ``order_hint`` (the order the page's unambiguous all-digit dates follow, or its source's,
    or its country's) settles an ambiguous ``05/09/2020`` that no other signal confirms.
    ``habits``: the corruptions the source is known for, which make its unconfirmed
    valid-looking values doubtful.
    """
    habits = habits or SourceHabits()
    # Any value as written can witness a corruption's signature, which only takes the
    # month from the doubted value; only a trusted one can confirm a repair, which makes a
    # day of it.
    witnesses = [f for f in found if f.parsed.literal_ok and f.reading is not None]
    confirmers = [f for f in witnesses if f.weight >= MIN_CONFIRMER_WEIGHT]
    result: list[Found] = []
    warnings: list[Warning_] = []
    for candidate in found:
        if not candidate.parsed.suspects:
            result.append(candidate)
            continue
        others = [c for c in confirmers if c.family != candidate.family]
        seen = [w for w in witnesses if w.family != candidate.family]
        repaired = _confirmed(candidate, others) or _ordered(candidate, order_hint)
        if repaired is not None:
            result.append(repaired)
        elif not candidate.parsed.literal_ok:
            names = ", ".join(sorted({s.repair for s in candidate.parsed.suspects}))
            kept = candidate.reading.iso() if candidate.reading else "nothing"
            message = (
                f"{candidate.source} {candidate.raw!r} is not a valid date and no "
                f"independent signal confirms a repair ({names}); kept {kept}"
            )
            warnings.append(("date_unconfirmed_repair", message))
            result.append(replace(candidate, note=f"unconfirmed: {names}; kept {kept}"))
        elif (
            doubt := doubted(candidate, seen) or distrusted(candidate, others, habits)
        ) is not None:
            warnings.append(("date_doubtful", doubt.note or ""))
            result.append(doubt)
        else:
            result.append(candidate)
    return result, warnings


def _ordered(candidate: Found, order_hint: OrderHint | None) -> Found | None:
    """An ambiguous day/month order read the way the rest of the page writes its dates (or,
    when the page does not say, its source or its country)."""
    orders = [s for s in candidate.parsed.suspects if s.repair == "day_month_order"]
    if order_hint is None or len(orders) != 2 or candidate.parsed.literal_ok:
        return None
    chosen = orders[0] if order_hint.order == "dmy" else orders[1]
    if chosen.reading is None:
        return None
    note = (
        f"{candidate.source} {candidate.raw!r} read {order_hint.first} first, "
        f"{order_hint.why} -> {chosen.reading.iso()}"
    )
    return replace(
        candidate,
        parsed=Parsed(chosen.reading),
        note=note,
        evidence=(*candidate.evidence, note),
    )


def _confirmed(candidate: Found, others: list[Found]) -> Found | None:
    literal = candidate.reading if candidate.parsed.literal_ok else None
    if literal is not None and supported(literal, others):
        return None
    for suspect in candidate.parsed.suspects:
        for other in sorted(others, key=lambda o: -o.weight):
            reading = _check(suspect, other.known(), literal)
            if reading is not None:
                evidence = _evidence(candidate, suspect, other, reading)
                return replace(
                    candidate,
                    parsed=Parsed(reading),
                    repair=suspect.repair,
                    note=evidence,
                    evidence=(*candidate.evidence, evidence),
                    shows=habit_shown(candidate, suspect.repair, suspect.order),
                )
    return None


def _check(suspect: Suspect, other: Reading, literal: Reading | None) -> Reading | None:
    """The repaired reading if ``other`` confirms ``suspect``, else None."""
    if suspect.repair == "minute_for_month":
        if (
            rank(other.precision) >= rank("minute")
            and other.year == suspect.year
            and other.day == suspect.day
            and other.minute == suspect.minute
            and (literal is None or other.month != literal.month)
        ):
            return dated(
                suspect.year,
                other.month,
                suspect.day,
                suspect.clock,
                offset=suspect.offset,
                zone=suspect.zone,
            )
        return None
    if suspect.repair in ("day_month_swap", "day_month_order"):
        if suspect.reading is not None and other.day_key() == suspect.reading.day_key():
            return suspect.reading
        return None
    return _check_epoch(suspect, other)


def _check_epoch(suspect: Suspect, other: Reading) -> Reading | None:
    instant = suspect.instant
    if instant is None or not other.has_day:
        return None
    other_instant = other.instant()
    if other_instant is not None:
        if abs(other_instant - instant) > timedelta(days=1):
            return None
        offset = other.offset or 0
        return from_instant(instant.astimezone(timezone(timedelta(minutes=offset))))
    day = other.local().date()
    if day not in local_days(instant):
        return None
    return _local_reading(instant, other)


def _local_reading(instant: datetime, other: Reading) -> Reading:
    """The instant as the confirming zone-less reading ``other`` sees it."""
    if other.has_time:
        # Same wall-clock minute: the offset is the difference (a whole quarter hour).
        shift = other.local() - instant.replace(tzinfo=None)
        minutes = round(shift.total_seconds() / 60)
        if minutes % 15 == 0 and abs(minutes) <= 14 * 60:
            return from_instant(instant.astimezone(timezone(timedelta(minutes=minutes))))
    day = other.local().date()
    if instant.date() == day:
        return from_instant(instant)
    # The instant falls on the confirmer's day in its (unknown) zone, not in UTC: the day is
    # what both establish.
    return Reading(day.year, day.month, day.day, precision="day")


def _evidence(candidate: Found, suspect: Suspect, other: Found, reading: Reading) -> str:
    said = f"{other.source} {other.raw!r}"
    if suspect.repair == "minute_for_month":
        stamp = other.known()
        clock = f"{stamp.hour:02d}:{stamp.minute:02d}"
        return (
            f"{candidate.source} {candidate.raw!r} read as minute-for-month: its month slot "
            f"{suspect.minute:02d} is the minute of {said} ({clock} on "
            f"{stamp.date_iso()}) -> {reading.iso()}"
        )
    if suspect.repair == "epoch_millis":
        return (
            f"{candidate.source} {candidate.raw!r} read as epoch milliseconds, confirmed by "
            f"{said} -> {reading.iso()}"
        )
    return (
        f"{candidate.source} {candidate.raw!r} read with day and month exchanged "
        f"({suspect.repair}), confirmed by {said} -> {reading.iso()}"
    )
