"""From the chosen day group to a ``DateResult``: value, precision, evidence, candidates."""

from __future__ import annotations

from collections.abc import Sequence

from tasks.dates.agreement import how_it_fits
from tasks.dates.choose import PARTIAL_SHARE, Group, best_coarse, families, weight_for
from tasks.dates.fetched import SUPPORT_ONLY
from tasks.dates.model import Found, Role
from tasks.dates.reading import Reading, rank
from tasks.record import DateCandidate, DateResult

MAX_CANDIDATES = 40
"""Candidates kept in the record per result; the agreeing and the most trusted first."""

VALUE_SHARE = 0.6
"""A member supplies the value (time, offset) only if at least this share as trusted as the
group's most trusted member: a related-article ``<time>`` on the same day does not."""


def day_result(
    group: Group,
    runner_up: Group | None,
    candidates: list[Found],
    role: Role,
    ruled_out: Sequence[tuple[Group, str]] = (),
) -> DateResult:
    """The result for a chosen day group. ``ruled_out``: stronger or disagreeing days that
    were not allowed to win, each with the note saying why (``set_aside_note``,
    ``unsettled_note``); like the runner-up, they lower the confidence."""
    reading, source, evidence = _value(group, role)
    agreeing = families(group)
    count = len(agreeing)
    said = f"{count} independent sources agree on" if count > 1 else "one source gives"
    evidence.insert(0, f"{said} {reading.date_iso()}: {', '.join(agreeing)}")
    # Repairs, doubts and order readings of every candidate consistent with the day.
    notes = (e for c in candidates if _agrees(c, group.day, None) for e in c.evidence)
    evidence.extend(dict.fromkeys(e for e in notes if e not in evidence))
    if role == "published" and all(m.role == "modified" for m in group.members):
        evidence.append("only modification dates give this day: publication was on or before it")
    evidence.extend(partial_notes(group, role))
    if runner_up is not None:
        evidence.append(
            f"outweighed: {_iso_day(runner_up.day)} from {', '.join(families(runner_up))}"
        )
    evidence.extend(note for _, note in ruled_out)
    rivals = [g.score for g in (runner_up, *(g for g, _ in ruled_out)) if g is not None]
    confidence = group.score - 0.5 * max(rivals, default=0.0)
    return DateResult(
        value=reading.iso(),
        date=reading.date_iso(),
        utc=reading.utc_iso(),
        precision=reading.precision,
        repaired=any(m.repair for m in group.members),
        confidence=round(min(max(confidence, 0.05), 0.99), 3),
        evidence=evidence,
        candidates=listed(candidates, role, group.day, source),
    )


def coarse_result(
    usable: list[Found], candidates: list[Found], role: Role, set_aside: Group | None = None
) -> DateResult:
    """The result when no candidate establishes a day (a bare year, an unconfirmed repair),
    or when the declared publication signals rule out every day (``set_aside``: the
    strongest of those)."""
    best = best_coarse(usable, role)
    if best is None or best.reading is None:
        return DateResult(candidates=listed(candidates, role, None, None))
    reading = best.reading
    evidence = [f"no day established; {reading.precision} from {best.source} {best.raw!r}"]
    if best.note:
        evidence.append(best.note)
    if set_aside is not None:
        evidence.append(set_aside_note(set_aside, role))
    return DateResult(
        value=reading.iso(),
        precision=reading.precision,
        repaired=best.repair is not None,
        confidence=round(min(weight_for(best, role), 0.99) * 0.5, 3),
        evidence=evidence,
        candidates=listed(candidates, role, None, best),
    )


def withheld_result(
    unsettled: list[Group], declared: list[Found], candidates: list[Found], role: Role
) -> DateResult:
    """The result when the declared publication dates disagree and no independent signal
    agrees with one of them: what they have in common (a year, a month), never a day."""
    said = ", ".join(list(dict.fromkeys(f"{d.source} {d.raw!r}" for d in declared))[:4])
    evidence = [
        f"no day established: the declared publication dates disagree ({said}), "
        "and no independent signal agrees with one of them"
    ]
    common = _common(declared)
    if common is None:
        return DateResult(evidence=evidence, candidates=listed(candidates, role, None, None))
    evidence[0] = f"{common.precision} only: {evidence[0]}"
    return DateResult(
        value=common.iso(),
        precision=common.precision,
        confidence=round(0.5 * max(g.score for g in unsettled), 3),
        evidence=evidence,
        candidates=listed(candidates, role, None, None),
    )


def _common(values: list[Found]) -> Reading | None:
    """What the values agree on: their year, and their month where every value that has
    one gives the same; None when their years differ."""
    readings = [v.known() for v in values]
    if not readings or len({r.year for r in readings}) > 1:
        return None
    months = {r.month for r in readings if r.month}
    if len(months) == 1:
        return Reading(readings[0].year, months.pop(), precision="month")
    return Reading(readings[0].year)


def partial_notes(group: Group, role: Role) -> list[str]:
    """How each value without a day of its own supports the group's day."""
    return [
        f"{value.source} {value.raw!r} establishes no day, but {how_it_fits(value, group.day)} "
        f"agree with {_iso_day(group.day)} (counted at {PARTIAL_SHARE:.0%} of its weight)"
        for value in group.partial
        if weight_for(value, role) > 0
    ]


def set_aside_note(group: Group, role: Role) -> str:
    """Why a day the page's text gives was not chosen."""
    return (
        f"set aside: {_iso_day(group.day)} from {', '.join(families(group))} "
        f"({_top(group, role)}), which the declared publication date contradicts"
    )


def unsettled_note(group: Group, role: Role) -> str:
    """Why a day only one of several disagreeing declared sources gives was not chosen."""
    return (
        f"not established: {_iso_day(group.day)} from {', '.join(families(group))} alone "
        f"({_top(group, role)}); the declared publication dates disagree, and no "
        "independent signal agrees with it"
    )


def _top(group: Group, role: Role) -> str:
    top = max(group.members, key=lambda m: weight_for(m, role))
    return f"{top.source} {top.raw!r}"


def _value(group: Group, role: Role) -> tuple[Reading, Found, list[str]]:
    # A support-only signal (``Last-Modified``) says the day, never the time.
    givers = [m for m in group.members if m.family not in SUPPORT_ONLY] or group.members
    top = max(weight_for(m, role) for m in givers)
    usable = [m for m in givers if weight_for(m, role) >= VALUE_SHARE * top] or givers
    best = max(usable, key=lambda m: _value_rank(m, role))
    reading = best.known()
    evidence = [f"value from {best.source} {best.raw!r}"]
    if reading.has_time and reading.offset is None:
        for stamp, offset in group.shifted:
            if offset is not None:
                reading = reading.with_offset(offset)
                evidence.append(
                    f"offset {reading.iso()[-6:]} from {stamp.source} "
                    f"{stamp.raw!r}, the same instant in UTC"
                )
                break
        else:
            reading, note = _borrow_offset(reading, givers)
            if note:
                evidence.append(note)
    return reading, best, evidence


def _value_rank(member: Found, role: Role) -> tuple[bool, int, bool, float]:
    """Timestamps with an offset first, then finer ones; a local offset is worth more than
    UTC (often a server's storage zone, not the publisher's)."""
    reading = member.known()
    return (
        reading.offset is not None and reading.has_time,
        rank(reading.precision),
        bool(reading.offset),
        weight_for(member, role),
    )


def _borrow_offset(reading: Reading, members: list[Found]) -> tuple[Reading, str | None]:
    """A tz-less time takes the offset of a member written at the same wall-clock minute."""
    for member in members:
        other = member.reading
        if (
            other is not None
            and other.offset is not None
            and other.has_time
            and (other.hour, other.minute) == (reading.hour, reading.minute)
        ):
            return reading.with_offset(other.offset, other.zone), (
                f"offset from {member.source} {member.raw!r}, the same wall-clock time"
            )
    return reading, None


def listed(
    candidates: list[Found], role: Role, day: tuple[int, int, int] | None, chosen: Found | None
) -> list[DateCandidate]:
    """The candidates bearing on ``role`` as record values, agreeing and trusted first."""
    relevant = [c for c in candidates if weight_for(c, role) > 0]
    out = [_record_candidate(c, _agrees(c, day, chosen)) for c in relevant]
    ordered = sorted(
        range(len(out)), key=lambda i: (not out[i].agreed, -weight_for(relevant[i], role))
    )
    return [out[i] for i in sorted(ordered[:MAX_CANDIDATES])]


def _agrees(candidate: Found, day: tuple[int, int, int] | None, chosen: Found | None) -> bool:
    reading = candidate.reading
    if reading is None:
        return False
    if day is None:
        return candidate is chosen
    if reading.has_day:
        return reading.day_key() == day
    return reading.year == day[0] and (reading.precision == "year" or reading.month == day[1])


def _record_candidate(candidate: Found, agreed: bool) -> DateCandidate:
    reading = candidate.reading
    return DateCandidate(
        source=candidate.source,
        raw=candidate.raw,
        value=reading.iso() if reading else None,
        precision=reading.precision if reading else None,
        tz=reading.tz_label() if reading and reading.has_time else None,
        role=candidate.role,
        repair=candidate.repair,
        agreed=agreed,
        note=candidate.note,
    )


def _iso_day(day: tuple[int, int, int]) -> str:
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"
