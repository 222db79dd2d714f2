"""A payload date with a broken or doubtful month: what its intact fields still say."""

from __future__ import annotations

from datetime import datetime, timezone

from tasks.record import Article, DateResult, RawBody, RawDate
from tests.handed_on import FromRaw

NOW = datetime(2031, 1, 1, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)


def dump(*lines: str) -> str:
    """A plain-text dump of a small news page: a headline, then ``lines``."""
    return "\n".join(["Harbour wall repaired after the storm", *lines, "The council paid."])


def published(payload: str, text: str, *, url: str | None = None) -> DateResult:
    """The publication date of a text dump sent with a ``published`` field."""
    record = Article(
        id="p",
        url=url,
        text=text,
        date_fields=[RawDate(field="published", value=payload)],
        raw=RawBody(text=text),
    )
    return STAGE(record).published


def test_a_broken_month_keeps_its_year_and_day_to_pick_among_the_pages_dates() -> None:
    """ "2020-29-20" (a minute in the month slot) picks the page's 20.09.2020 over its
    21.09.2020, without calling it a repair, and says why."""
    text = dump("21 September 2020, 00:03", "Posted 20.09.2020 23:32")
    result = published("2020-29-20", text)
    assert result.date == "2020-09-20"
    assert not result.repaired
    assert any("year and day of month agree with 2020-09-20" in e for e in result.evidence)


def test_a_broken_month_with_no_confirming_date_gives_the_year_only() -> None:
    """ "2020-44-28" beside a page whose only date is from 1999: the year 2020, no day."""
    result = published("2020-44-28", dump("Founded on 02 April 1999."))
    assert (result.date, result.value, result.precision) == (None, "2020", "year")
    assert any("set aside: 1999-04-02" in e for e in result.evidence)


def test_a_valid_month_a_weak_page_date_contradicts_is_doubted() -> None:
    """ "2021-04-11" beside the page's 11.11.2021 (same year and day, another month) and an
    older 1 December 2019: the month is doubted, and the 11th of November is the answer."""
    text = dump("1. Dezember 2019", "Eine Predigt.", "Stand 11.11.2021")
    result = published("2021-04-11", text)
    assert result.date == "2021-11-11"
    assert any("may carry a minute in its month slot" in e for e in result.evidence)


def test_a_valid_date_whose_swap_the_page_gives_is_read_swapped() -> None:
    """ "2017-06-10" beside the page's 06.10.2017 and an unrelated 6 September: 6 October,
    with the exchange of day and month named."""
    text = dump("6. September 2017", "Ein Bericht.", "06.10.2017 11:15")
    result = published("2017-06-10", text)
    assert result.date == "2017-10-06"
    assert any("day and month" in e for e in result.evidence)


def test_a_weak_page_date_that_is_its_swap_takes_a_valid_dates_month() -> None:
    """ "2017-06-10" on a dump listing many later dates, 06.10.2017 among them too far down to
    confirm a repair: the month is doubted, and 6 October still wins."""
    older = [f"{day:02d}.09.2017 Meldung" for day in range(1, 4)]
    text = dump("6. September 2017", *older, "06.10.2017 11:15")
    result = published("2017-06-10", text)
    assert result.date == "2017-10-06"
    assert any("may have its day and month swapped" in e for e in result.evidence)


def test_a_payload_date_the_page_also_gives_is_not_doubted() -> None:
    """ "2021-04-11" stays 11 April when the page gives it too, whatever else it lists."""
    text = dump("11.04.2021", "Older: 11.11.2020, 11.03.2021")
    result = published("2021-04-11", text)
    assert result.date == "2021-04-11"
    assert not any("may carry" in e for e in result.evidence)


def test_a_broken_payload_and_the_url_agree_against_the_dateline_heuristic() -> None:
    """ "2020-44-23" and the URL's 2020/06/23 outrank the dump's first all-digit date."""
    text = dump("05/06/2020", "Video 23/06/2020 16h45")
    result = published("2020-44-23", text, url="https://news.example/2020/06/23/car.htm")
    assert result.date == "2020-06-23"
