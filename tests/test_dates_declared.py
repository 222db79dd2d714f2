"""Declared publication dates against the dates a heuristic read out of the page's text."""

from __future__ import annotations

from datetime import datetime, timezone

from tasks.record import Article, DateResult, RawBody, RawDate
from tests.handed_on import FromRaw

NOW = datetime(2031, 1, 1, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)


def page(head: str = "", body: str = "") -> str:
    """A small article page: ``head`` in ``<head>``, ``body`` after the headline."""
    return (
        f"<html><head><title>Harbour</title>{head}</head><body>"
        f"<h1>Harbour wall repaired after the storm</h1>{body}"
        "<p>Work on the harbour wall ended on Friday, the council said.</p></body></html>"
    )


def meta(name: str, value: str) -> str:
    return f'<meta property="{name}" content="{value}">'


def published(
    html: str | None = None,
    *,
    text: str | None = None,
    payload: str | None = None,
    url: str | None = None,
    dateline: str | None = None,
) -> DateResult:
    """The stage's publication date of a record built by hand."""
    fields = [RawDate(field="published", value=payload)] if payload is not None else []
    record = Article(
        id="d",
        url=url,
        text=text or "",
        dateline=dateline,
        date_fields=fields,
        raw=RawBody(html=html, text=text) if html or text else None,
    )
    return STAGE(record).published


def test_metadata_that_agrees_with_itself_outranks_a_date_element_elsewhere_on_the_page() -> None:
    """A meta date of 9 August 2013 beats the 2017 dates of a sidebar's date elements, which
    outscore it: they are set aside, named in the evidence, and lower the confidence."""
    head = meta("date", "2013-08-09T06:00:00+02:00")
    sidebar = (
        '<div class="date">11.09.2017 12:01 Uhr</div>'
        '<div class="date published">11.09.2017 12:01 Uhr</div>'
    )
    result = published(page(head, sidebar))
    alone = published(page(head))
    assert result.date == "2013-08-09"
    assert any(e.startswith("set aside: 2017-09-11") for e in result.evidence)
    assert result.confidence < alone.confidence


def test_a_well_formed_payload_outranks_the_dateline_of_a_text_dump() -> None:
    """The payload's 18 February beats a dateline of 17 February that the text heuristic
    picked; the dateline's day is set aside with the reason."""
    dump = "Harbour wall repaired\nFeb 17 2009\nWork on the wall ended on Friday.\n"
    result = published(text=dump, payload="2009-02-18", dateline="Feb 17 2009")
    assert result.date == "2009-02-18"
    assert any("set aside: 2009-02-17" in e for e in result.evidence)


def test_text_dates_still_decide_a_page_without_declared_dates() -> None:
    """With no metadata and no payload, the byline element's day is the answer."""
    result = published(page(body='<p class="byline">By Ann Lee | 30 September 2018</p>'))
    assert result.date == "2018-09-30"


def test_an_image_date_in_the_json_ld_does_not_bind() -> None:
    """An ImageObject's datePublished (a photo's date) does not rule out the byline's day."""
    head = (
        '<script type="application/ld+json">'
        '{"@type": "ImageObject", "datePublished": "2019-02-12"}</script>'
    )
    body = '<p class="byline">By Ann Lee | 30 September 2018</p>'
    result = published(page(head, body))
    assert result.date == "2018-09-30"


def test_a_month_in_the_url_path_does_not_bind() -> None:
    """An archive folder ``/2021/10/`` does not rule out the page's 10 November 2021."""
    body = '<p class="byline">10.11.2021</p>'
    result = published(page(body=body), url="https://agency.example/news/2021/10/report.html")
    assert result.date == "2021-11-10"


def test_metadata_that_contradicts_itself_establishes_no_day_alone() -> None:
    """JSON-LD on 10 January 2020 and a meta date on 1 January 2023, nothing else: no day,
    and the evidence names both values."""
    head = meta("date", "2023-01-01T14:11:58+01:00") + (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2020-01-10T16:50:00+00:00"}</script>'
    )
    result = published(page(head))
    assert result.date is None
    assert result.value is None
    assert any("declared publication dates disagree" in e for e in result.evidence)
    assert any("2020-01-10T16:50:00+00:00" in e and "2023-01-01" in e for e in result.evidence)


def test_the_page_text_settles_metadata_that_contradicts_itself() -> None:
    """Of a meta date on 7 November and JSON-LD on 6 November, the page's visible
    "07.11.2023, 07:30 Uhr" picks the 7th."""
    head = meta("dc.date", "2023-11-07T07:30+01:00") + (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2023-11-06T18:19+01:00"}</script>'
    )
    result = published(page(head, "<p>07.11.2023, 07:30 Uhr</p>"))
    assert result.date == "2023-11-07"
    assert any(e.startswith("not established: 2023-11-06") for e in result.evidence)


def test_payload_and_metadata_that_disagree_give_only_what_they_share() -> None:
    """A payload on 1 August 2020 and metadata on 2 May 2020, unconfirmed either way: the
    year 2020, no day."""
    head = meta("article:published_time", "2020-05-02T02:54:29.000Z")
    result = published(page(head), payload="2020-08-01")
    assert (result.date, result.value, result.precision) == (None, "2020", "year")
    assert any("year only" in e for e in result.evidence)


def test_an_independent_signal_settles_payload_and_metadata_that_disagree() -> None:
    """The payload's 12 January 2022 is also the page's visible date: it wins over the
    metadata's 29 November 2021."""
    head = meta("article:published_time", "2021-11-29T14:13:37+00:00")
    result = published(page(head, "<p>12.01.2022</p>"), payload="2022-01-12")
    assert result.date == "2022-01-12"
    assert any(e.startswith("not established: 2021-11-29") for e in result.evidence)


def test_one_instant_written_in_two_offsets_is_not_a_contradiction() -> None:
    """Meta 21:25 UTC on 24 April and JSON-LD 07:25+10:00 on 25 April are one moment: a
    day is given, and no disagreement is reported."""
    head = meta("article:published_time", "2020-04-24T21:25:06+00:00") + (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2020-04-25T07:25:06+10:00"}</script>'
    )
    result = published(page(head))
    assert result.date in ("2020-04-24", "2020-04-25")
    assert not any("disagree" in e for e in result.evidence)
