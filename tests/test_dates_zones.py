"""Ambiguous zone abbreviations (IST, CST, BST...) read with the page's locale."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tasks.dates.habits import tz_key
from tasks.record import Article, DateResult, RawBody, SourceMemory
from tests.handed_on import FromRaw, handed_on

NOW = datetime(2031, 1, 1, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)
LINE = "Apr 02, 2020, 04:11 PM {zone}"


def dated(
    zone: str,
    *,
    url: str | None = None,
    lang: str | None = None,
    memory: SourceMemory | None = None,
) -> DateResult:
    """The publication date of a page whose byline says ``LINE`` with ``zone`` (in the
    page's HTML when ``lang`` is given: the stage reads an HTML page's byline itself)."""
    line = LINE.format(zone=zone)
    html = None
    if lang is not None:
        html = (
            f'<html lang="{lang}"><body><h1>Budget</h1>'
            f'<p class="byline">{line}</p><p>x</p></body></html>'
        )
    record = Article(
        id="z",
        url=url,
        source="site.example",
        dateline=line,
        raw=RawBody(html=html) if html else None,
    )
    return STAGE.finish(STAGE.read(handed_on(record)), memory).published


@pytest.mark.parametrize(
    ("zone", "url", "lang", "offset", "said"),
    [
        ("IST", "https://news.example.in/a", None, "+05:30", "country-code domain .in"),
        ("IST", "https://news.example.ie/a", None, "+01:00", "country-code domain .ie"),
        ("IST", "https://news.example.co.il/a", None, "+02:00", "country-code domain .il"),
        ("IST", "https://news.example.com/a", "en-IN", "+05:30", "language tag (region in)"),
        ("IST", "https://news.example.com/a", "he", "+02:00", "language (he)"),
        ("CST", "https://news.example.cn/a", None, "+08:00", "country-code domain .cn"),
        ("CST", "https://news.example.com/a", "en-US", "-06:00", "language tag (region us)"),
        ("BST", "https://news.example.co.uk/a", None, "+01:00", "country-code domain .uk"),
        ("BST", "https://news.example.com/a", "bn", "+06:00", "language (bn)"),
        ("AST", "https://news.example.sa/a", None, "+03:00", "country-code domain .sa"),
        ("PST", "https://news.example.ph/a", None, "+08:00", "country-code domain .ph"),
    ],
)
def test_dates_reads_an_ambiguous_zone_with_the_pages_locale(
    zone: str, url: str, lang: str | None, offset: str, said: str
) -> None:
    """The region of <html lang>, the country-code domain or the language decides, and the
    candidate's note says which."""
    result = dated(zone, url=url, lang=lang)
    assert result.value == f"2020-04-02T16:11:00{offset}"
    zoned = [c for c in result.candidates if c.value and c.value.startswith("2020-04-02T16:11")]
    assert zoned and all(c.tz == zone for c in zoned)
    assert all(c.note is not None and said in c.note for c in zoned)


@pytest.mark.parametrize("zone", ["IST", "CST", "BST", "AST"])
def test_dates_leaves_the_offset_of_an_undecided_zone_unknown(zone: str) -> None:
    """On a .com page in English the day and wall-clock time stand, the offset stays unknown."""
    result = dated(zone, url="https://news.example.com/a", lang="en")
    assert (result.date, result.value, result.utc) == ("2020-04-02", "2020-04-02T16:11:00", None)
    assert any(f"zone {zone} is ambiguous" in e for e in result.evidence)


def test_dates_reads_a_dominant_zone_by_its_usual_meaning_without_a_note() -> None:
    """PST on a page that says nothing else is US Pacific, as before, with no note."""
    result = dated("PST", url="https://news.example.com/a")
    assert result.value == "2020-04-02T16:11:00-08:00"
    assert all(c.note is None for c in result.candidates)


def test_dates_lets_the_page_pin_an_ambiguous_zone() -> None:
    """A metadata time of the same instant in +05:30 decides IST on a .com page, and the page
    shows the source's habit."""
    html = (
        '<html lang="en"><head><meta property="article:published_time" '
        'content="2020-04-02T10:41:00Z"></head><body><h1>Budget day</h1>'
        '<p class="byline">Apr 02, 2020, 04:11 PM IST</p></body></html>'
    )
    record = Article(
        id="p",
        url="https://news.example.com/a",
        source="news.example.com",
        raw=RawBody(html=html),
    )
    out = STAGE(record)
    byline = next(c for c in out.published.candidates if c.source == "html:element")
    assert byline.value == "2020-04-02T16:11:00+05:30"
    assert tz_key("IST", 330) in out.observed["dates"]


def test_dates_reads_an_undecided_zone_with_its_sources_habit() -> None:
    """Where the page says nothing, the reading the source's pages pinned before decides."""
    memory = SourceMemory(articles=10, counts={tz_key("IST", 330): 6})
    result = dated("IST", url="https://news.example.com/a", memory=memory)
    assert result.value == "2020-04-02T16:11:00+05:30"
    assert any("earlier articles of its source" in e for e in result.evidence)


def test_dates_prefers_the_locale_to_the_sources_zone_habit() -> None:
    """An Irish domain reads IST as Irish time whatever the source pinned before."""
    memory = SourceMemory(articles=10, counts={tz_key("IST", 330): 6})
    result = dated("IST", url="https://news.example.ie/a", memory=memory)
    assert result.value == "2020-04-02T16:11:00+01:00"
