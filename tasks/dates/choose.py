"""Choose the publication (or modification) day from the candidates.

Candidates are grouped by the calendar day they establish. A group's score combines its
members family by family (``1 - prod(1 - w)`` over each family's best member), so agreement
between independent sources counts and a page listing fifty ``<time>`` tags does not. A
timestamp given in UTC also supports the neighbouring day a visible local date names, when
the two are the same instant seen from another zone (``2023-11-09T01:49Z`` beside
``November 8, 2023 at 5:49 p.m.``): readers and annotators see the local day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tasks.dates.agreement import partly_fits
from tasks.dates.fetched import SUPPORT_ONLY
from tasks.dates.model import Found, Role
from tasks.dates.reading import MIN_YEAR, Reading, local_days, rank

ROLE_FACTOR: dict[Role, dict[Role, float]] = {
    "published": {"published": 1.0, "unknown": 0.9, "modified": 0.3},
    "modified": {"modified": 1.0, "unknown": 0.0, "published": 0.0},
}
"""How much a candidate of one role says about the date of another."""

LOCAL_FAMILIES = frozenset({"element", "page", "text:tail", "time", "metadata", "url"})
"""Families whose dates without an offset are the page's local wall clock (all but the
payload, whose zone-less values may be anything)."""

MIN_LOCAL_WEIGHT = 0.5
"""A day-only local date must be this trusted to claim a UTC timestamp's instant."""

PARTIAL_SHARE = 0.6
"""How much of its weight a value whose month is broken or doubted lends to a day its year
and day of month name: two of the three fields, and the third from the other signal."""


@dataclass
class Group:
    """The candidates that establish one calendar day, and how strongly together."""

    day: tuple[int, int, int]
    members: list[Found] = field(default_factory=list)
    shifted: list[tuple[Found, int | None]] = field(default_factory=list)
    """UTC timestamps that support this day from another zone, with the offset when a
    member's wall-clock time pins it."""
    partial: list[Found] = field(default_factory=list)
    """Values that establish no day but whose intact fields name this one (a malformed
    ``2020-44-28``'s year and day of month): they support it at ``PARTIAL_SHARE``."""
    score: float = 0.0


def plausible(reading: Reading, upper: datetime) -> bool:
    """Not before the web, not after the upper bound (received_at or now)."""
    if reading.year < MIN_YEAR:
        return False
    instant = reading.instant()
    if instant is not None:
        return instant <= upper + timedelta(minutes=5)
    if reading.has_day:
        return reading.local().date() <= (upper + timedelta(hours=14)).date()
    if reading.precision == "month":
        return (reading.year, reading.month) <= (upper.year, upper.month)
    return reading.year <= upper.year


def weight_for(candidate: Found, role: Role) -> float:
    """The candidate's weight as evidence for ``role``."""
    return candidate.weight * ROLE_FACTOR[role][candidate.role]


def group_days(candidates: list[Found], role: Role) -> list[Group]:
    """Day groups, best first."""
    groups: dict[tuple[int, int, int], Group] = {}
    for candidate in candidates:
        reading = candidate.reading
        key = reading.day_key() if reading else None
        if key is not None and weight_for(candidate, role) > 0:
            groups.setdefault(key, Group(key)).members.append(candidate)
    # A support-only signal joins a day the others give, never gives one itself.
    for key in [k for k, g in groups.items() if _only_support(g.members)]:
        del groups[key]
    candidates = [c for c in candidates if c.family not in SUPPORT_ONLY]
    _add_shifted(groups, candidates, role)
    _add_partial(groups, candidates, role)
    for group in groups.values():
        group.score = _score(group, role)
    return sorted(groups.values(), key=lambda g: (-g.score, g.day))


def _only_support(members: list[Found]) -> bool:
    return all(m.family in SUPPORT_ONLY for m in members)


def _add_shifted(
    groups: dict[tuple[int, int, int], Group], candidates: list[Found], role: Role
) -> None:
    utc_stamps = [
        c
        for c in candidates
        if c.reading is not None
        and c.reading.offset == 0
        and c.reading.has_time
        and weight_for(c, role) > 0
    ]
    for stamp in utc_stamps:
        instant = stamp.known().instant()
        if instant is None:
            continue
        for day in local_days(instant):
            group = groups.get((day.year, day.month, day.day))
            if group is None or group.day == stamp.known().day_key():
                continue
            offset = _pinned_offset(group, instant.replace(tzinfo=None), role)
            if offset is not None or _visible_day(group, role):
                group.shifted.append((stamp, offset))


def _add_partial(
    groups: dict[tuple[int, int, int], Group], candidates: list[Found], role: Role
) -> None:
    # Few candidates lack a day and have suspects; only they are tried against every group.
    partial = [c for c in candidates if c.parsed.suspects and weight_for(c, role) > 0]
    for candidate in partial:
        for group in groups.values():
            if partly_fits(candidate, group.day):
                group.partial.append(candidate)


def _pinned_offset(group: Group, utc_wall: datetime, role: Role) -> int | None:
    """The offset that turns the UTC instant into a member's wall-clock time, if one does."""
    for member in group.members:
        reading = member.reading
        if (
            reading is None
            or reading.offset is not None
            or not reading.has_time
            or member.family not in LOCAL_FAMILIES
            or weight_for(member, role) <= 0
        ):
            continue
        minutes = round((reading.local() - utc_wall).total_seconds() / 60)
        if minutes % 15 == 0 and 0 < abs(minutes) <= 14 * 60:
            return minutes
    return None


def _visible_day(group: Group, role: Role) -> bool:
    return any(
        m.reading is not None
        and m.reading.offset is None
        and m.family in LOCAL_FAMILIES
        and weight_for(m, role) >= MIN_LOCAL_WEIGHT
        for m in group.members
    )


def _score(group: Group, role: Role) -> float:
    best: dict[str, float] = defaultdict(float)
    for member in group.members:
        best[member.family] = max(best[member.family], weight_for(member, role))
    for stamp, _ in group.shifted:
        best[stamp.family] = max(best[stamp.family], weight_for(stamp, role))
    for value in group.partial:
        best[value.family] = max(best[value.family], PARTIAL_SHARE * weight_for(value, role))
    missing = 1.0
    for weight in best.values():
        missing *= 1.0 - min(weight, 0.99)
    return 1.0 - missing


def families(group: Group) -> list[str]:
    """The independent families that support a group, in a stable order."""
    names = {m.family for m in group.members} | {s.family for s, _ in group.shifted}
    return sorted(names | {p.family for p in group.partial})


def independent(group: Group) -> list[str]:
    """The families that support a group and could give its day on their own (not a
    support-only signal such as ``Last-Modified``)."""
    return [name for name in families(group) if name not in SUPPORT_ONLY]


def best_coarse(candidates: list[Found], role: Role) -> Found | None:
    """When no day is established: the most trusted month- or year-precision candidate."""
    coarse = [
        c
        for c in candidates
        if c.reading is not None and weight_for(c, role) > 0 and c.family not in SUPPORT_ONLY
    ]
    if not coarse:
        return None
    return max(
        coarse, key=lambda c: (weight_for(c, role), rank(c.reading.precision) if c.reading else 0)
    )


def on_or_after(reading: Reading, floor: date, floor_instant: datetime | None = None) -> bool:
    """True unless the reading is established to fall before ``floor`` (the published day),
    or before ``floor_instant`` when both are instants."""
    instant = reading.instant()
    if instant is not None and floor_instant is not None:
        return instant >= floor_instant
    if reading.has_day:
        return reading.local().date() >= floor
    if reading.precision == "month":
        return (reading.year, reading.month) >= (floor.year, floor.month)
    return reading.year >= floor.year
