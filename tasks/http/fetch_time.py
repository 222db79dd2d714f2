"""When the crawler fetched a page: the payload's ``fetched_at`` (or ``crawled_at``).

Crawlers write it as ISO 8601 (WARC's ``WARC-Date``, Scrapy's logs) or as epoch seconds
(``time.time()``); JavaScript crawlers send milliseconds (``Date.now()``), which no epoch in
seconds before the year 5000 reaches, so they are read as such. A moment is needed, not a
day: a date alone cannot bound a timestamp, and reading it as midnight would reject the
day's own articles.
"""

from __future__ import annotations

from datetime import datetime, timezone

MIN_YEAR = 1995
"""Before this no page was crawled: an earlier value is a crawler's default (epoch 0)."""
MILLIS_FROM = 100_000_000_000
"""Epoch values from here up are milliseconds (in seconds: the year 5138)."""


def fetch_time(value: object) -> datetime | str:
    """The moment ``value`` names (aware, UTC), or why it names none."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return "not a string or a number"
    if isinstance(value, str) and not value.strip().lstrip("-").replace(".", "", 1).isdigit():
        moment = _iso(value.strip())
    else:
        moment = _epoch(float(value))
    if isinstance(moment, str):
        return moment
    if moment.year < MIN_YEAR:
        return f"before {MIN_YEAR}: not a time a page was fetched"
    return moment.astimezone(timezone.utc)


def iso_utc(moment: datetime) -> str:
    """The moment as the record writes it: ISO 8601 in UTC."""
    return moment.astimezone(timezone.utc).isoformat()


def _iso(text: str) -> datetime | str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return "not ISO 8601 or epoch seconds"
    if "T" not in text.upper() and " " not in text:
        return "a date without a time of day"
    # A crawler that writes no offset writes UTC (Scrapy, wget, WARC all do); a local
    # clock's error is within the day of slack the dates stage allows anyway.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _epoch(seconds: float) -> datetime | str:
    if abs(seconds) >= MILLIS_FROM:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return "an epoch out of range"
