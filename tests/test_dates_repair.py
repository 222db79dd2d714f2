"""Repairs of malformed dates: taken with an independent confirmation, never without one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tasks.record import Article, DateResult, RawDate
from tests.handed_on import FromRaw

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NOW = datetime(2031, 1, 1, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31))


def dateline(moment: datetime, zone: str = "") -> str:
    """A byline date as a news page writes it: ``08 September 2020 09:43 EDT``."""
    text = f"{moment.day:02d} {MONTHS[moment.month - 1]} {moment.year} "
    return (text + f"{moment.hour:02d}:{moment.minute:02d} {zone}").strip()


def published(value: str | int, line: str | None = None) -> DateResult:
    """The stage's publication date for a payload date and an optional dateline."""
    record = Article(id="r", date_fields=[RawDate(field="published", value=value)], dateline=line)
    return STAGE(record).published


def minute_in_month_slot(moment: datetime) -> str:
    """The ``%Y-%M-%d`` bug: the minute written where the month belongs."""
    return f"{moment.year:04d}-{moment.minute:02d}-{moment.day:02d}"


def day_in_month_slot(moment: datetime) -> str:
    """Day and month exchanged: ``YYYY-DD-MM``."""
    return f"{moment.year:04d}-{moment.day:02d}-{moment.month:02d}"


def test_dates_repairs_minute_for_month_confirmed_by_the_dateline() -> None:
    """The value "2020-43-08" beside a 09:43 dateline on 8 September is 2020-09-08."""
    result = published("2020-43-08", "Tuesday, 08 September 2020 09:43 AM EDT")
    assert result.date == "2020-09-08"
    assert result.value == "2020-09-08T09:43:00-04:00"
    assert result.repaired
    repaired = next(c for c in result.candidates if c.repair == "minute_for_month")
    assert repaired.value == "2020-09-08"
    assert repaired.agreed


def test_dates_repairs_a_plausible_minute_for_month_against_its_literal_reading() -> None:
    """The value "2020-10-21" beside a 09:10 timestamp of 21 September is September, not October."""
    result = published("2020-10-21", "21 September 2020 09:10 CEST")
    assert result.date == "2020-09-21"
    assert result.repaired


def test_dates_keeps_a_valid_date_its_dateline_supports() -> None:
    """The value "2020-10-21" beside a 10:10 timestamp of 21 October is just October 21st."""
    result = published("2020-10-21", "21 October 2020 10:10 CEST")
    assert result.date == "2020-10-21"
    assert not result.repaired


def test_dates_keeps_only_the_year_of_an_unconfirmed_minute_for_month() -> None:
    """The value "2020-43-08" alone gives the year 2020 and a warning, never a day."""
    record = Article(id="r", date_fields=[RawDate(field="published", value="2020-43-08")])
    out = STAGE(record)
    assert out.published.value == "2020"
    assert out.published.precision == "year"
    assert out.published.date is None
    assert any(w.code == "date_unconfirmed_repair" for w in out.warnings)


def test_dates_doubts_a_month_an_independent_day_contradicts() -> None:
    """The value "2020-10-21" beside an untimed "21 September 2020" keeps no October day."""
    result = published("2020-10-21", "21 September 2020")
    assert result.date == "2020-09-21"
    payload = next(c for c in result.candidates if c.source == "payload:published")
    assert payload.value == "2020"


def test_dates_repairs_a_day_month_swap_confirmed_elsewhere() -> None:
    """The value "2020-29-10" beside "29 October 2020" is 2020-10-29."""
    result = published("2020-29-10", "29 October 2020")
    assert result.date == "2020-10-29"
    assert any(c.repair == "day_month_swap" for c in result.candidates)


def test_dates_leaves_an_unconfirmed_day_month_swap_without_a_day() -> None:
    """The value "2020-29-10" alone is the year 2020."""
    assert published("2020-29-10").date is None


def test_dates_repairs_epoch_milliseconds_confirmed_elsewhere() -> None:
    """Milliseconds since 1970 beside a dateline on that day give the instant."""
    result = published(1602423660000, "11 October 2020 15:41 CEST")
    assert result.date == "2020-10-11"
    assert result.utc == "2020-10-11T13:41:00Z"
    assert any(c.repair == "epoch_millis" for c in result.candidates)


def test_dates_repairs_epoch_milliseconds_to_the_confirming_local_day() -> None:
    """An instant early on 11 October UTC, confirmed by "10 October 2020", is that day."""
    result = published(1602378000000, "10 October 2020")  # 2020-10-11T01:00:00Z
    assert result.date == "2020-10-10"
    epoch = next(c for c in result.candidates if c.repair == "epoch_millis")
    assert epoch.agreed


def test_dates_keeps_only_the_year_of_unconfirmed_epoch_milliseconds() -> None:
    """Milliseconds alone give the year, not a day."""
    result = published(1602423660000)
    assert result.date is None
    assert result.value == "2020"


def test_dates_settles_an_ambiguous_order_by_the_page_convention() -> None:
    """The value "05/09/2020" is read day-first on a page that writes "25/12/2020"."""
    record = Article(id="r", text="Posted 05/09/2020\n\nThe sale ends on 25/12/2020.")
    assert STAGE(record).published.date == "2020-09-05"


@settings(max_examples=150, deadline=None)
@given(moments)
def test_dates_minute_for_month_with_a_confirming_timestamp_gives_the_true_day(
    moment: datetime,
) -> None:
    """True date + its minute-for-month corruption + the timestamp -> the true day."""
    result = published(minute_in_month_slot(moment), dateline(moment, "UTC"))
    assert result.date == moment.date().isoformat()


@settings(max_examples=150, deadline=None)
@given(moments)
def test_dates_minute_for_month_without_confirmation_is_never_a_day(moment: datetime) -> None:
    """An impossible month slot with nothing to confirm it never yields a day."""
    assume(moment.minute > 12 or moment.minute == 0)
    assert published(minute_in_month_slot(moment)).date is None


@settings(max_examples=150, deadline=None)
@given(moments)
def test_dates_day_month_swap_with_a_confirming_date_gives_the_true_day(moment: datetime) -> None:
    """True date + its swapped corruption + the date written out -> the true day."""
    result = published(day_in_month_slot(moment), dateline(moment.replace(hour=0, minute=0))[:-6])
    assert result.date == moment.date().isoformat()


@settings(max_examples=150, deadline=None)
@given(moments)
def test_dates_day_month_swap_without_confirmation_is_never_a_day(moment: datetime) -> None:
    """A swapped value that names no date, alone, never yields a day."""
    assume(moment.day > 12)
    assert published(day_in_month_slot(moment)).date is None


@settings(max_examples=150, deadline=None)
@given(moments, st.integers(min_value=-11, max_value=13))
def test_dates_epoch_millis_with_a_confirming_timestamp_gives_the_local_day(
    moment: datetime, hours: int
) -> None:
    """Epoch milliseconds + a local timestamp of the same instant -> that local day."""
    instant = moment.replace(tzinfo=timezone.utc)
    millis = int(instant.timestamp()) * 1000
    local = moment + timedelta(hours=hours)
    zone = f"GMT{hours:+03d}:00"
    result = published(millis, dateline(local, zone))
    assert result.date == local.date().isoformat()
    assert result.utc == instant.strftime("%Y-%m-%dT%H:%M:%SZ")


@settings(max_examples=100, deadline=None)
@given(moments)
def test_dates_epoch_millis_without_confirmation_is_never_a_day(moment: datetime) -> None:
    """Epoch milliseconds alone never yield a day."""
    millis = int(moment.replace(tzinfo=timezone.utc).timestamp()) * 1000
    assert published(millis).date is None
