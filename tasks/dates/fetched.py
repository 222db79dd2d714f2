"""What the crawler's fetch says about a page's dates: an upper bound, and ``Last-Modified``.

An article is not published after it was fetched. The bound is applied at day precision,
with a day of slack after the fetch's UTC day: a page writes its dates on its own wall
clock, up to 14 hours ahead of UTC (Kiribati), so a day after the fetch's UTC day can be
"today" where the page is; a crawler that writes its fetch time without an offset may be
hours off UTC; and a timestamp a few hours after the fetch is far more often a wrong zone
(local time labelled ``Z``) than an impossible date, with its day still right. Only a day
later than any calendar could show at the fetch, or a month or year after it, is rejected.

``Last-Modified`` is weak: servers of dynamic pages set it to the time of serving, and none
of the dev pages carries headers to weigh it against. So it only supports a day other
signals give (it never makes a day, a month or a year on its own, never binds, and is not
used to confirm repairs), and one within the day of slack of the fetch is taken for the
time of serving and set aside.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from tasks.dates.model import Found, Parsed
from tasks.dates.reading import Reading, from_instant
from tasks.http.fetch_time import fetch_time
from tasks.http.headers import Headers, header

SLACK = timedelta(days=1)
"""How far after the fetch's UTC day a date may still be (see the module docstring)."""
LAST_MODIFIED = "http:last-modified"
SUPPORT_ONLY = frozenset({"http"})
"""Families that may join a day other signals give, never give one themselves."""
LAST_MODIFIED_WEIGHT = 0.4
"""As a modification date; a third of it as a publication date (``choose.ROLE_FACTOR``)."""
SERVED_NOTE = "set aside: as late as the fetch, the time a dynamic page was served"
AFTER_FETCH = "after the page was fetched"


def fetch_moment(fetched_at: str | None) -> datetime | None:
    """The record's fetch time (``Article.fetched_at``), aware; None when absent or when it
    names no moment (a hand-built record): read as the payload reader reads it."""
    moment = fetch_time(fetched_at) if fetched_at else None
    return moment if isinstance(moment, datetime) else None


def latest_day(fetched: datetime) -> date:
    """The latest calendar day a page fetched at ``fetched`` can date anything."""
    return fetched.astimezone(timezone.utc).date() + SLACK


def after_fetch(reading: Reading, fetched: datetime) -> bool:
    """True when ``reading`` is established to be later than the fetch allows."""
    latest = latest_day(fetched)
    if reading.has_day:
        return reading.local().date() > latest
    if reading.precision == "month":
        return (reading.year, reading.month) > (latest.year, latest.month)
    return reading.year > latest.year


def after_fetch_note(fetched: datetime) -> str:
    """The note on a candidate the fetch rules out."""
    when = fetched.astimezone(timezone.utc).isoformat()
    return f"{AFTER_FETCH} ({when}), even allowing a day for time zones"


def last_modified(headers: Headers, served_by: datetime) -> list[Found]:
    """The ``Last-Modified`` header as a candidate (none when absent or unreadable);
    ``served_by``: the fetch time, else the latest possible (a value as late as it is set
    aside)."""
    value = header(headers, "Last-Modified")
    try:
        moment = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        return []
    found = Found(
        LAST_MODIFIED,
        "http",
        value or "",
        "modified",
        LAST_MODIFIED_WEIGHT,
        Parsed(from_instant(moment)),
    )
    if moment.astimezone(timezone.utc).date() >= served_by.astimezone(timezone.utc).date() - SLACK:
        return [replace(found, note=SERVED_NOTE)]
    return [found]


def rejected(candidate: Found) -> bool:
    """True for a candidate this module ruled out."""
    return candidate.note == SERVED_NOTE or (candidate.note or "").startswith(AFTER_FETCH)


def rejection_evidence(candidates: list[Found], limit: int = 3) -> list[str]:
    """Evidence lines naming the candidates ruled out as later than the fetch."""
    late = [c for c in candidates if (c.note or "").startswith(AFTER_FETCH)]
    lines = [f"rejected: {c.source} {c.raw!r}, {c.note}" for c in late[:limit]]
    if len(late) > limit:
        lines.append(f"rejected: {len(late) - limit} more dates {AFTER_FETCH}")
    return lines
