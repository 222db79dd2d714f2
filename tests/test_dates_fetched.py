"""The fetch time bounds the publication date from above; Last-Modified only supports."""

from __future__ import annotations

from datetime import datetime, timezone

from tasks.dates.fetched import after_fetch
from tasks.dates.reading import Reading
from tasks.payload import record_from_payload
from tasks.record import Article
from tests.handed_on import FromRaw

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)
PROSE = "The storm came ashore at night and trees fell across the roads of the town. " * 5


def page(visible: str, head: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><h1>Storm hits the coast</h1>"
        f"<p>Published {visible}</p><p>{PROSE}</p></body></html>"
    )


def dated(payload: dict[str, object]) -> Article:
    return STAGE(record_from_payload({"id": "a", **payload}))


def test_a_page_whose_only_date_is_after_its_fetch_gets_no_day_and_says_why() -> None:
    out = dated({"html": page("12 May 2024"), "fetched_at": "2024-05-10T08:00:00Z"})
    assert out.published.date is None
    assert out.published.value is None
    (line,) = out.published.evidence
    assert "rejected" in line and "'12 May 2024'" in line
    assert "after the page was fetched (2024-05-10T08:00:00+00:00)" in line
    (candidate,) = out.published.candidates
    assert candidate.note is not None and candidate.note.startswith("after the page was fetched")
    assert "date_not_found" in [w.code for w in out.warnings]


def test_the_same_page_fetched_later_is_dated() -> None:
    out = dated({"html": page("12 May 2024"), "fetched_at": "2024-05-20T08:00:00Z"})
    assert out.published.date == "2024-05-12"
    assert not any("rejected" in line for line in out.published.evidence)


def test_a_day_after_the_fetchs_utc_day_is_still_possible_somewhere() -> None:
    """Fetched at 23:00 UTC on the 11th, it is already the 12th in Asia and the Pacific."""
    out = dated({"html": page("12 May 2024"), "fetched_at": "2024-05-11T23:00:00Z"})
    assert out.published.date == "2024-05-12"
    out = dated({"html": page("12 May 2024"), "fetched_at": "2024-05-11T01:00:00Z"})
    assert out.published.date == "2024-05-12"  # a crawler clock hours off UTC: still kept


def test_a_timestamp_hours_after_the_fetch_keeps_its_day() -> None:
    """A page's time in the wrong zone (local time labelled UTC) is still the right day."""
    meta = '<meta property="article:published_time" content="2024-05-12T18:00:00Z">'
    out = dated({"html": page("12 May 2024", meta), "fetched_at": "2024-05-12T09:00:00Z"})
    assert out.published.date == "2024-05-12"


def test_a_later_date_is_rejected_and_an_earlier_one_chosen() -> None:
    meta = '<meta property="article:published_time" content="2024-05-25">'
    out = dated({"html": page("3 May 2024", meta), "fetched_at": "2024-05-10T08:00:00Z"})
    assert out.published.date == "2024-05-03"
    assert any("'2024-05-25'" in line for line in out.published.evidence)


def test_without_a_fetch_time_nothing_changes() -> None:
    out = dated({"html": page("12 May 2024")})
    assert out.published.date == "2024-05-12"


def test_the_bound_at_month_and_year_precision() -> None:
    fetched = datetime(2024, 5, 31, 23, 0, tzinfo=timezone.utc)
    assert not after_fetch(Reading(2024, 6, 1, precision="day"), fetched)
    assert after_fetch(Reading(2024, 6, 2, precision="day"), fetched)
    assert not after_fetch(Reading(2024, 6, precision="month"), fetched)
    assert after_fetch(Reading(2024, 7, precision="month"), fetched)
    assert not after_fetch(Reading(2024), fetched)
    assert after_fetch(Reading(2025), fetched)


def lm(value: str) -> dict[str, object]:
    return {"Last-Modified": value}


def test_last_modified_supports_the_day_other_signals_give() -> None:
    fetched = "2024-05-20T08:00:00Z"
    alone = dated({"html": page("12 May 2024"), "fetched_at": fetched})
    out = dated(
        {
            "html": page("12 May 2024"),
            "fetched_at": fetched,
            "headers": lm("Sun, 12 May 2024 10:00:00 GMT"),
        }
    )
    assert out.published.date == "2024-05-12"
    assert out.published.value == "2024-05-12"  # the page's precision, not the header's time
    assert out.published.confidence > alone.published.confidence
    assert "http" in out.published.evidence[0]


def test_last_modified_alone_gives_nothing() -> None:
    out = dated(
        {
            "text": PROSE,
            "title": "Storm",
            "fetched_at": "2024-05-20T08:00:00Z",
            "headers": lm("Sun, 12 May 2024 10:00:00 GMT"),
        }
    )
    assert (out.published.value, out.modified.value) == (None, None)
    assert [c.source for c in out.published.candidates] == ["http:last-modified"]


def test_last_modified_never_overrides_a_declared_date() -> None:
    meta = '<meta property="article:published_time" content="2024-05-03T09:00:00+02:00">'
    out = dated(
        {
            "html": page("12 May 2024", meta),
            "fetched_at": "2024-05-20T08:00:00Z",
            "headers": lm("Sun, 12 May 2024 10:00:00 GMT"),
        }
    )
    assert out.published.date == "2024-05-03"


def test_last_modified_as_late_as_the_fetch_is_the_time_of_serving() -> None:
    out = dated(
        {
            "html": page("12 May 2024"),
            "fetched_at": "2024-05-20T08:00:00Z",
            "headers": lm("Mon, 20 May 2024 08:00:00 GMT"),
        }
    )
    (header,) = [c for c in out.published.candidates if c.source == "http:last-modified"]
    assert header.note is not None and "served" in header.note
    assert out.published.date == "2024-05-12"
    assert out.modified.value is None


def test_an_unreadable_last_modified_is_no_candidate() -> None:
    out = dated({"html": page("12 May 2024"), "headers": lm("last tuesday")})
    assert [c.source for c in out.published.candidates] == ["html:text"]


def test_a_banner_on_the_fetch_day_is_taken_for_a_today_is_banner() -> None:
    """Read a month after the crawl (an archive), the banner showing the fetch day is
    discounted as the day the page was fetched, not the day the pipeline received it."""
    nav = "".join(f"<li>Section number {i} of the site</li>" for i in range(20))
    html = (
        f"<html><body><div>Friday, 10 May 2024</div><ul>{nav}</ul>"
        f"<div>Weather for 10 May 2024</div><ul>{nav}</ul><h1>Storm hits the coast</h1>"
        f"<p>By Ann Lee, 9 May 2024</p><p>{PROSE}</p></body></html>"
    )
    assert dated({"html": html}).published.date == "2024-05-10"
    assert dated({"html": html, "fetched_at": "2024-05-10T08:00:00Z"}).published.date == (
        "2024-05-09"
    )
