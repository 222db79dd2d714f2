"""Gathering candidates: every source a date can come from, each on a record built by hand."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tasks.dates.candidates import gather
from tasks.dates.model import Found
from tasks.payload import MODIFIED_FIELDS, PUBLISHED_FIELDS
from tasks.record import Article, RawBody, RawDate
from tests.handed_on import handed_on

FIXTURES = Path(__file__).parent / "fixtures" / "dates"
NOW = datetime(2024, 1, 10, 12, 0, tzinfo=timezone.utc)


def found(record: Article) -> list[Found]:
    """The record's candidates, gathered with a fixed upper bound."""
    return gather(handed_on(record), NOW).found


def page(name: str, url: str = "https://example.org/news/story") -> Article:
    """A record holding one of this suite's HTML fixtures."""
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return Article(id=name, url=url, raw=RawBody(html=html))


def values(candidates: list[Found], source_prefix: str) -> list[str]:
    """ISO values of the candidates whose source starts with ``source_prefix``."""
    return [c.reading.iso() for c in candidates if c.source.startswith(source_prefix) and c.reading]


@pytest.mark.parametrize("field", PUBLISHED_FIELDS + MODIFIED_FIELDS)
def test_dates_candidates_come_from_every_payload_alias(field: str) -> None:
    """Each payload date alias gives a candidate with the role its name implies."""
    record = Article(id="p", date_fields=[RawDate(field=field, value="2021-03-03T14:17:00Z")])
    (candidate,) = found(record)
    assert candidate.source == f"payload:{field}"
    assert candidate.role == ("modified" if field in MODIFIED_FIELDS else "published")
    assert candidate.reading is not None
    assert candidate.reading.iso() == "2021-03-03T14:17:00+00:00"


def test_dates_candidates_read_epoch_numbers_from_the_payload() -> None:
    """A number in a payload date field is read as an epoch."""
    record = Article(id="p", date_fields=[RawDate(field="published", value=1614799020)])
    (candidate,) = found(record)
    assert candidate.reading is not None
    assert candidate.reading.iso() == "2021-03-03T19:17:00+00:00"


def test_dates_candidates_come_from_meta_tags() -> None:
    """``article:published_time`` and ``article:modified_time`` are read with their roles."""
    candidates = found(page("meta-jsonld.html"))
    meta = {c.source: c for c in candidates if c.source.startswith("html:meta:")}
    assert meta["html:meta:article:published_time"].role == "published"
    assert meta["html:meta:article:modified_time"].role == "modified"
    assert values(candidates, "html:meta:article:published_time") == ["2021-03-03T14:17:00-05:00"]


def test_dates_candidates_come_from_nested_jsonld_graphs() -> None:
    """JSON-LD dates inside ``@graph`` are found and named by the type that carries them."""
    candidates = found(page("meta-jsonld.html"))
    sources = {c.source for c in candidates}
    assert "html:jsonld:NewsArticle.datePublished" in sources
    assert "html:jsonld:NewsArticle.dateModified" in sources


def test_dates_candidates_trust_an_image_date_less_than_the_article_date() -> None:
    """A date on a nested image object weighs less than the article's own."""
    candidates = {c.source: c for c in found(page("meta-jsonld.html"))}
    image = candidates["html:jsonld:ImageObject.uploadDate"]
    article = candidates["html:jsonld:NewsArticle.datePublished"]
    assert image.weight < article.weight


def test_dates_candidates_read_broken_jsonld() -> None:
    """JSON-LD with a trailing comma still yields its dates."""
    candidates = found(page("broken-jsonld.html"))
    assert values(candidates, "html:jsonld:datePublished") == ["2022-05-17T08:00:00+01:00"]
    assert values(candidates, "html:jsonld:dateModified") == ["2022-05-18T10:30:00+01:00"]


def test_dates_candidates_come_from_time_elements() -> None:
    """``<time datetime>`` and its text are candidates; a ``published`` class marks the role."""
    candidates = found(page("meta-jsonld.html"))
    times = [c for c in candidates if c.source == "html:time"]
    assert times[0].role == "published"
    assert times[0].reading is not None
    assert times[0].reading.iso() == "2021-03-03T14:17:00-05:00"
    assert "2021-03-03T14:17:00-05:00" in values(candidates, "html:time:text")


def test_dates_candidates_come_from_microdata_and_embedded_script_state() -> None:
    """``itemprop`` dates and ``"published_at"`` in a page's script state are both read."""
    candidates = found(page("microdata-script.html"))
    assert values(candidates, "html:itemprop:datePublished") == ["2019-11-05"]
    assert values(candidates, "html:script:published_at") == ["2019-11-05T06:22:28+01:00"]
    modified = [c for c in candidates if c.source == "html:script:updated_at"]
    assert modified[0].role == "modified"


def test_dates_candidates_come_from_date_like_elements_and_their_wording() -> None:
    """A ``post-info`` element saying "Veröffentlicht am" gives a published candidate."""
    candidates = found(page("plain-body.html"))
    element = next(c for c in candidates if c.source == "html:element")
    assert element.role == "published"
    assert element.reading is not None
    assert element.reading.iso() == "2023-07-14T18:30:00"


def test_dates_candidates_trust_a_date_above_the_headline_less() -> None:
    """A "today" banner above the ``<h1>`` weighs less than the byline date below it."""
    html = (
        '<html><body><div class="site-date">Mittwoch, 10.01.2024</div>'
        '<h1>Ferry terminal approved</h1><div class="post-date">14.07.2023</div></body></html>'
    )
    elements = [
        c for c in found(Article(id="b", raw=RawBody(html=html))) if c.source == "html:element"
    ]
    banner, byline = elements
    assert banner.weight < byline.weight


def test_dates_candidates_come_from_the_visible_text() -> None:
    """Dates in the page's visible text are candidates, the one by the headline first."""
    candidates = [c for c in found(page("plain-body.html")) if c.source == "html:text"]
    best = max(candidates, key=lambda c: c.weight)
    assert best.reading is not None
    assert best.reading.date_iso() == "2023-07-14"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2020/09/08/china-data/", "2020-09-08"),
        ("https://example.org/news/2020-09-08-china-data", "2020-09-08"),
        ("https://example.org/a/20200908/china", "2020-09-08"),
        ("https://example.org/news/08-09-2020-china", "2020-09-08"),
        ("https://example.org/news/2020/09/china", "2020-09"),
    ],
)
def test_dates_candidates_come_from_the_url_path(url: str, expected: str) -> None:
    """Dates in the URL path are read at the precision the path gives."""
    assert values(found(Article(id="u", url=url)), "url") == [expected]


def test_dates_candidates_come_from_the_pages_canonical_url() -> None:
    """A feed-proxy URL hides the date path the page's canonical link declares."""
    html = '<html><head><link rel="canonical" href="https://example.org/2021/03/03/ferry/">'
    record = Article(id="c", url="https://proxy.example.net/~r/feed/abc", raw=RawBody(html=html))
    assert values(found(record), "html:canonical") == ["2021-03-03"]


def test_dates_candidates_ignore_numbers_in_the_url_query() -> None:
    """An id in the query string is not a date."""
    assert values(found(Article(id="u", url="https://example.org/a?id=20200908")), "url") == []


def test_dates_candidates_come_from_dateline_and_byline() -> None:
    """The clean stage's dateline and byline each give a published candidate."""
    record = Article(
        id="d",
        dateline="Tuesday, 08 September 2020 09:43 AM EDT",
        byline="By Ada Lovelace, 7 September 2020",
    )
    candidates = found(record)
    assert values(candidates, "dateline") == ["2020-09-08T09:43:00-04:00"]
    assert values(candidates, "byline") == ["2020-09-07"]
    assert {c.role for c in candidates if c.source in ("dateline", "byline")} == {"published"}


def test_dates_candidates_come_from_the_first_lines_of_the_text() -> None:
    """A date on the first lines of the clean text is a candidate."""
    record = Article(
        id="t", text="Ferry terminal approved\n\nPosted 3 March 2021\n\nThe council..."
    )
    assert "2021-03-03" in values(found(record), "text:head")


def test_dates_candidates_of_an_html_page_leave_out_the_clean_stages_readings_of_it() -> None:
    """On an HTML page the clean stage's dateline, byline and first lines are not read
    again: the page's own date elements and text give the byline's day."""
    html = (
        "<html><body><h1>Harbour wall repaired</h1>"
        '<p class="byline">By Ann Lee | 30 September 2018</p><p>Work ended.</p>'
        '<aside><p class="date">11 septembre 2018</p></aside></body></html>'
    )
    record = Article(
        id="h",
        text="Harbour wall repaired\n\n11 septembre 2018\n\nWork ended.",
        dateline="11 septembre 2018",
        byline="Ann Lee, 11 septembre 2018",
        raw=RawBody(html=html),
    )
    candidates = found(record)
    assert not [c for c in candidates if c.source in ("dateline", "byline", "text:head")]
    assert "2018-09-30" in values(candidates, "html:element")


def test_dates_candidates_read_a_dumps_first_lines_once() -> None:
    """With the raw dump at hand, the clean text's first lines are not read beside it: the
    dump's scan (which knows where the headline sits) reads them."""
    dump = "Ferry terminal approved\n\nPosted 3 March 2021\n\nThe council..."
    record = Article(id="t", text=dump, raw=RawBody(text=dump))
    candidates = found(record)
    assert values(candidates, "text:head") == []
    assert "2021-03-03" in values(candidates, "raw:text")


def test_dates_candidates_come_from_the_metadata_tail() -> None:
    """Each line of a text dump's metadata tail is read as a date value."""
    record = Article(id="m", page_metadata=["US", "334", "2020-43-08", "Newsmax Media, Inc."])
    tail = [c for c in found(record) if c.source == "text:tail"]
    assert [c.raw for c in tail] == ["2020-43-08"]
    assert tail[0].parsed.suspects


def test_dates_candidates_come_from_a_raw_text_dump() -> None:
    """With only a raw text dump, the dates in it are candidates."""
    dump = "Menu\nHome\n\nTidal array approved\n\nWednesday, 03 March 2021 02:17 PM EST\n\nBody."
    record = Article(id="r", raw=RawBody(text=dump))
    assert "2021-03-03T14:17:00-05:00" in values(found(record), "raw:text")


def test_dates_candidates_survive_pages_that_are_not_html() -> None:
    """Empty, binary-looking or truncated markup gives no candidates and no error."""
    for html in ("", "\x00\x01\x02", "<html><body><p>unclosed", "<?xml version='1.0'?><a/>"):
        found(Article(id="x", raw=RawBody(html=html)))


def test_dates_candidates_cap_what_they_read_of_huge_pages() -> None:
    """A page of thousands of dated elements is read only up to the caps."""
    rows = "".join(
        f'<li><time datetime="2020-01-{1 + i % 28:02d}">x</time></li>' for i in range(5000)
    )
    record = Article(id="h", raw=RawBody(html=f"<html><body><ul>{rows}</ul></body></html>"))
    assert len([c for c in found(record) if c.source == "html:time"]) <= 60
