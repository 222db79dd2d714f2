"""Reading one date value: the fast paths, the bounded dateparser path, hostile input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dates.parse import parse_value
from tasks.dates.scan import find_dates
from tasks.dates.slow import SlowPath


def iso(value: str | int | float) -> str | None:
    """The ISO value the fast paths give for ``value`` (None when nothing is read)."""
    parsed = parse_value(value)
    return parsed.reading.iso() if parsed and parsed.reading else None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-08T09:43:00-04:00", "2020-09-08T09:43:00-04:00"),
        ("2020-09-08T13:43:00.000Z", "2020-09-08T13:43:00+00:00"),
        ("2020-09-08T09:43:00+0530", "2020-09-08T09:43:00+05:30"),
        ("2020-09-08 09:43:00", "2020-09-08T09:43:00"),
        ("2020-09-08", "2020-09-08"),
        ("20200908T094300Z", "2020-09-08T09:43:00+00:00"),
        ("2020-09-29T00:30:00PDT", "2020-09-29T00:30:00-07:00"),
        ("Tue, 08 Sep 2020 09:43:00 -0400", "2020-09-08T09:43:00-04:00"),
        ("Sun, 11 Oct 2020 07:34:36 GMT", "2020-10-11T07:34:36+00:00"),
        ("Mon Oct 11 14:57:21 CEST 2021", "2021-10-11T14:57:21+02:00"),
    ],
)
def test_dates_parse_reads_machine_formats_on_the_fast_path(value: str, expected: str) -> None:
    """ISO 8601 and its relatives, RFC 2822 and asctime keep their written offset."""
    assert iso(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tuesday, 08 September 2020 09:43 AM EDT", "2020-09-08T09:43:00-04:00"),
        ("Wednesday, 03 March 2021 02:17 PM EST", "2021-03-03T14:17:00-05:00"),
        ("November 8, 2023 at 5:49 p.m.", "2023-11-08T17:49:00"),
        ("Nov 7, 2023 3:02am EST", "2023-11-07T03:02:00-05:00"),
        ("16:23, Thu, Nov 2, 2023", "2023-11-02T16:23:00"),
        ("8. Juni 2019", "2019-06-08"),
        ("le 27 juin 2019 à 16h33", "2019-06-27T16:33:00"),
        ("3 de septiembre de 2020", "2020-09-03"),
        ("21 сентября 2020, 00:03", "2020-09-21T00:03:00"),
        ("2020年9月8日 10:15", "2020-09-08T10:15:00"),
        ("20.09.2020 23:32", "2020-09-20T23:32:00"),
        ("27 Mar 20 à 9:21", "2020-03-27T09:21:00"),
        ("26 | 01 | 2022", "2022-01-26"),
    ],
)
def test_dates_parse_reads_prose_dates_in_many_languages(value: str, expected: str) -> None:
    """Month names, day-first and month-first orders, CJK and times of day around them."""
    assert iso(value) == expected


def test_dates_parse_reads_digits_of_other_scripts() -> None:
    """Persian, Arabic-Indic and Bengali digits read as their ASCII values."""
    assert iso("١٠/١٢/٢٠٢٠ ١٠:٠٢") is not None
    assert iso("১৬:২০, ১৬ ফেব্রুয়ারি ২০২০") == "2020-02-16T16:20:00"


def test_dates_parse_converts_solar_hijri_dates() -> None:
    """Iranian sites' ۱۳۹۹/۰۲/۲۱ is 10 May 2020."""
    assert iso("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹") == "2020-05-10T18:59:00"
    assert iso("1399-02-21") == "2020-05-10"


def test_dates_parse_reads_spaced_slashes() -> None:
    """Arabic pages' "26 / 04 / 2020" is 26 April 2020."""
    assert iso("الاحد 26 / 04 / 2020 03:44") == "2020-04-26T03:44:00"


def test_dates_parse_resolves_generic_zones_by_daylight_saving() -> None:
    """ET is -05:00 in January and -04:00 in July."""
    assert iso("January 5, 2021 10:00 AM ET") == "2021-01-05T10:00:00-05:00"
    assert iso("July 5, 2021 10:00 AM ET") == "2021-07-05T10:00:00-04:00"


def test_dates_parse_keeps_an_ambiguous_zone_without_an_offset() -> None:
    """IST (India, Ireland or Israel) alone is a wall-clock time named IST, offset unknown."""
    parsed = parse_value("Apr 02, 2020, 04:11 AM IST")
    assert parsed is not None and parsed.reading is not None
    assert parsed.reading.iso() == "2020-04-02T04:11:00"
    assert parsed.reading.tz_label() == "IST"


def test_dates_parse_reads_an_abbreviation_by_its_dominant_meaning() -> None:
    """PST with no locale is US Pacific, as it almost always is."""
    assert iso("Apr 02, 2020, 04:11 AM PST") == "2020-04-02T04:11:00-08:00"


def test_dates_parse_reads_epoch_seconds_in_utc() -> None:
    """Ten digits (string or number) are seconds since 1970, an instant in UTC."""
    assert iso("1600633920") == "2020-09-20T20:32:00+00:00"
    assert iso(1600633920) == "2020-09-20T20:32:00+00:00"
    assert iso(1600633920.5) == "2020-09-20T20:32:00+00:00"


def test_dates_parse_keeps_only_the_year_of_epoch_milliseconds() -> None:
    """Thirteen digits are a milliseconds suspect: the year alone until a signal confirms."""
    parsed = parse_value(1602423660000)
    assert parsed is not None
    assert parsed.reading is not None
    assert parsed.reading.precision == "year"
    assert not parsed.literal_ok
    assert [s.repair for s in parsed.suspects] == ["epoch_millis"]


def test_dates_parse_gives_a_bare_year_year_precision() -> None:
    """The value "2020" is the year 2020, never January 1st."""
    parsed = parse_value("2020")
    assert parsed is not None
    assert parsed.reading is not None
    assert parsed.reading.precision == "year"
    assert parsed.reading.iso() == "2020"
    assert parsed.reading.date_iso() is None


def test_dates_parse_gives_a_month_month_precision() -> None:
    """The values "2020-09" and "sept. 2020" establish the month, not a day."""
    for value in ("2020-09", "sept. 2020"):
        parsed = parse_value(value, SlowPath())
        assert parsed is not None
        assert parsed.reading is not None
        assert parsed.reading.iso() == "2020-09"
        assert parsed.reading.precision == "month"


def test_dates_parse_keeps_minute_for_month_values_to_their_year() -> None:
    """The value "2020-43-08" names no date: its year is kept, minute-for-month suspected."""
    parsed = parse_value("2020-43-08")
    assert parsed is not None
    assert not parsed.literal_ok
    assert parsed.reading is not None
    assert parsed.reading.iso() == "2020"
    suspect = next(s for s in parsed.suspects if s.repair == "minute_for_month")
    assert (suspect.year, suspect.day, suspect.minute) == (2020, 8, 43)


def test_dates_parse_leaves_an_ambiguous_slash_date_to_its_year() -> None:
    """The value "05/09/2020" is May 9 or September 5: both suspected, the year asserted."""
    parsed = parse_value("05/09/2020")
    assert parsed is not None
    assert parsed.reading is not None
    assert parsed.reading.precision == "year"
    readings = sorted(s.reading.iso() for s in parsed.suspects if s.reading)
    assert readings == ["2020-05-09", "2020-09-05"]


def test_dates_parse_reads_unambiguous_slash_dates() -> None:
    """A field over 12 settles the order of a slashed or dashed date."""
    assert iso("25/12/2020") == "2020-12-25"
    assert iso("12/25/2020") == "2020-12-25"
    assert iso("02-19-2020 04:00") == "2020-02-19T04:00:00"
    assert iso("05.09.2020") == "2020-09-05"


def test_dates_slow_path_never_fills_in_a_day() -> None:
    """dateparser's month-only reading stays at month precision."""
    parsed = SlowPath(("en",))("in September of 2020")
    assert parsed is None or (parsed.reading is not None and not parsed.reading.has_day)


def test_dates_slow_path_keeps_to_its_budget() -> None:
    """After its calls are spent the slow path answers None without calling dateparser."""
    slow = SlowPath(("en",), max_calls=1)
    slow("the 8th day of Sept in 2020")
    assert slow.calls_left == 0
    assert slow("8 September 2020, a second value") is None


@pytest.mark.parametrize("value", ["512", " 42 ", "1999", "20200908"])
def test_dates_slow_path_leaves_bare_numbers_alone(value: str) -> None:
    """A word count or an id is not handed to dateparser, nor charged to the budget; the
    all-digit date forms are the fast paths' (a year, a compact date)."""
    slow = SlowPath(("en",), max_calls=1)
    assert slow(value) is None
    assert slow.calls_left == 1
    assert parse_value("512", slow) is None
    assert parse_value("20200908", slow) is not None


HOSTILE = [
    "9" * 10_000,
    "2020-" * 2_000,
    "٠١٢٣٤٥٦٧٨٩" * 500,
    "𝟚𝟘𝟚𝟘-𝟘𝟡-𝟘𝟠",
    "2020年" * 1_000,
    "<script>alert(1)</script>2020-09-08",
    "\u202e2020-09-08\u202d",
    "null\x00\x00 2020 \ufeff",
    "September " * 3_000 + "8, 2020",
    "1/1/1/1/1/1/1/1/1/1/1/1/1/1/1/1/1/1/1/1",
    "999999999999999999999999999999",
    "-1e309",
    "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ̖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎ ̢̼̻̱̘h͚͎͙̜̣̲ͅi̦̲̣̰̤v̻͍e̺̭̳̪̰-m̢iͅn̖̺̞̲̯̰d̵̼̟͙̩̼̘̳",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_dates_parse_returns_quickly_on_hostile_strings(value: str) -> None:
    """Long digit runs, mixed scripts and naughty strings cost milliseconds and never raise."""
    started = time.perf_counter()
    parse_value(value, SlowPath())
    list(find_dates(value))
    assert time.perf_counter() - started < 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_dates_parse_never_raises_on_any_text(value: str) -> None:
    """Whatever the text, parsing gives a reading or None."""
    parse_value(value, SlowPath(max_calls=1))


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True)))
def test_dates_parse_never_raises_on_any_number(value: int | float) -> None:
    """Any JSON number in a payload date field gives a reading or None."""
    parse_value(value)
