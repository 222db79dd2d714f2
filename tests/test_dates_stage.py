"""The dates stage end to end on hand-built records: choice, bounds, precision, evidence."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import msgspec
import pytest

from tasks.dates import Dates
from tasks.record import Article, DateResult, RawBody, RawDate
from tasks.stage import run_stage
from tests.handed_on import FromRaw, handed_on

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "dates"
TIDAL = ROOT / "examples" / "tidal-array.txt"
SEED = ROOT.parent / "shared" / "data" / "seed-article.txt"
NOW = datetime(2024, 1, 10, 12, 0, tzinfo=timezone.utc)
STAGE = FromRaw(clock=lambda: NOW)


def dump_record(dump: str, record_id: str) -> Article:
    """A record as the clean stage leaves a seed-shaped dump, with its fields cut by hand:
    the byline's date as dateline, the lines between copyright and sign-up as the tail."""
    lines = dump.splitlines()
    byline = next(line for line in lines if line.startswith("By "))
    start = next(i for i, line in enumerate(lines) if line.startswith("©")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("Sign up"))
    return Article(
        id=record_id,
        text="\n\n".join(lines[2:6]),
        byline=None,
        dateline=byline.split("|", 1)[1].strip(),
        page_metadata=[line for line in lines[start:end] if line.strip()],
        raw=RawBody(text=dump),
    )


def test_dates_stage_is_named_and_reads_no_raw_body() -> None:
    """The stage is "dates" and declares that it needs no raw body (clean read the page)."""
    assert STAGE.name == "dates"
    assert STAGE.reads_raw is False


@pytest.mark.parametrize("fixture", ["meta-jsonld.html", "plain-body.html"])
def test_dates_stage_reads_the_page_signals_not_the_raw_body(fixture: str) -> None:
    """A record whose raw body is gone but whose page signals the clean stage read dates as
    the page does; with the raw body and no signals there is nothing of the page to read."""
    html = (FIXTURES / fixture).read_text(encoding="utf-8")
    raw = Article(id="p", raw=RawBody(html=html))
    signals_only = handed_on(raw)
    assert signals_only.raw is None and signals_only.page is not None
    bare = Dates(clock=lambda: NOW)
    with_signals = bare(signals_only)
    assert with_signals.published.date is not None
    assert with_signals.published == STAGE(raw).published
    assert bare(raw).published.date is None


def test_dates_stage_dates_the_seed_shaped_article() -> None:
    """Dateline 09:43 EDT and tail "2020-43-08": 2020-09-08T09:43:00-04:00, repaired."""
    record = Article(
        id="seed-shaped",
        text="China Counters US Data Security Effort With Its Own\n\nChina launched an effort...",
        dateline="Tuesday, 08 September 2020 09:43 AM EDT",
        page_metadata=["US", "A summary.", "datasecurity", "334", "2020-43-08",
                       "Tuesday, 08 September 2020 09:43 AM", "Newsmax Media, Inc."],
    )  # fmt: skip
    result = STAGE(record).published
    assert result.value == "2020-09-08T09:43:00-04:00"
    assert result.date == "2020-09-08"
    assert result.utc == "2020-09-08T13:43:00Z"
    assert result.precision == "minute"
    assert result.repaired
    repair = next(e for e in result.evidence if "minute-for-month" in e)
    assert "2020-43-08" in repair
    assert "09:43" in repair
    assert "dateline" in repair


def test_dates_stage_dates_the_tidal_array_example() -> None:
    """The repository's own seed-shaped example gives 2021-03-03T14:17:00-05:00."""
    record = dump_record(TIDAL.read_text(encoding="utf-8"), "tidal")
    result = STAGE(record).published
    assert result.value == "2021-03-03T14:17:00-05:00"
    assert result.repaired
    assert any("2021-17-03" in e and "minute-for-month" in e for e in result.evidence)


def test_dates_stage_dates_the_founding_seed_article() -> None:
    """The founding example itself gives 2020-09-08T09:43:00-04:00."""
    if not SEED.exists():
        pytest.skip("../shared/data/seed-article.txt is not available here")
    result = STAGE(dump_record(SEED.read_text(encoding="utf-8"), "seed")).published
    assert result.value == "2020-09-08T09:43:00-04:00"
    assert result.repaired


def test_dates_stage_dates_a_page_from_its_metadata() -> None:
    """A page's published and modified times keep their local offset."""
    html = (FIXTURES / "meta-jsonld.html").read_text(encoding="utf-8")
    out = STAGE(Article(id="p", raw=RawBody(html=html)))
    assert out.published.value == "2021-03-03T14:17:00-05:00"
    assert out.modified.value == "2021-03-04T09:05:00-05:00"
    assert out.published.confidence > 0.5


def test_dates_stage_dates_a_page_without_metadata_from_its_text() -> None:
    """Without metadata the "Veröffentlicht am" date beats the banner and the comments."""
    html = (FIXTURES / "plain-body.html").read_text(encoding="utf-8")
    result = STAGE(Article(id="p", raw=RawBody(html=html))).published
    assert result.date == "2023-07-14"


def test_dates_stage_gives_a_bare_year_year_precision() -> None:
    """A payload date of "2020" is the year 2020: no day, no month, no January 1st."""
    record = Article(id="y", date_fields=[RawDate(field="published", value="2020")])
    result = STAGE(record).published
    assert (result.value, result.precision, result.date) == ("2020", "year", None)


def test_dates_stage_reads_epoch_seconds_from_the_payload() -> None:
    """An epoch in seconds is an instant: UTC value, UTC day."""
    record = Article(id="e", date_fields=[RawDate(field="published", value=1614799020)])
    result = STAGE(record).published
    assert result.value == "2021-03-03T19:17:00+00:00"
    assert result.utc == "2021-03-03T19:17:00Z"


def test_dates_stage_ignores_dates_after_received_at() -> None:
    """No date can be later than the pipeline took the payload in."""
    record = Article(
        id="f",
        received_at="2021-03-05T00:00:00Z",
        date_fields=[RawDate(field="published", value="2021-03-09")],
        dateline="3 March 2021",
    )
    assert STAGE(record).published.date == "2021-03-03"


def test_dates_stage_ignores_dates_in_the_future_and_before_the_web() -> None:
    """Dates after now or before 1995 are kept as candidates but never chosen."""
    record = Article(
        id="f",
        date_fields=[RawDate(field="published", value="2031-01-01"),
                     RawDate(field="date", value="1970-01-01")],
    )  # fmt: skip
    out = STAGE(record)
    assert out.published.value is None
    assert all(c.note and "implausible" in c.note for c in out.published.candidates)
    assert any(w.code == "date_not_found" for w in out.warnings)


def test_dates_stage_keeps_modified_on_or_after_published() -> None:
    """A modified date before the publication day is not reported as the modification."""
    record = Article(
        id="m",
        date_fields=[RawDate(field="published", value="2021-03-03T10:00:00Z"),
                     RawDate(field="modified", value="2021-02-01T10:00:00Z")],
    )  # fmt: skip
    out = STAGE(record)
    assert out.published.date == "2021-03-03"
    assert out.modified.value is None


def test_dates_stage_keeps_modified_instants_after_the_published_instant() -> None:
    """On the publication day, a modification timestamp earlier than publication is refused."""
    record = Article(
        id="m",
        date_fields=[RawDate(field="published", value="2021-03-03T10:00:00Z"),
                     RawDate(field="modified", value="2021-03-03T09:00:00Z"),
                     RawDate(field="dateModified", value="2021-03-03T12:30:00Z")],
    )  # fmt: skip
    assert STAGE(record).modified.value == "2021-03-03T12:30:00+00:00"


def test_dates_stage_prefers_agreement_between_independent_sources() -> None:
    """URL and dateline agreeing outweigh one payload field that disagrees."""
    record = Article(
        id="a",
        url="https://example.org/2021/03/03/ferry/",
        dateline="Wednesday, 03 March 2021",
        date_fields=[RawDate(field="published", value="2021-03-07")],
    )
    result = STAGE(record).published
    assert result.date == "2021-03-03"
    assert any("2021-03-07 from payload alone" in e for e in result.evidence)


def test_dates_stage_gives_the_local_day_of_a_utc_timestamp_the_page_shows() -> None:
    """A UTC meta time and the page's "November 8, 2023 at 5:49 p.m." are one instant."""
    html = (
        '<html><head><meta property="article:published_time" content="2023-11-09T01:49:09Z">'
        "</head><body><h1>Council votes</h1>"
        '<p class="byline">November 8, 2023 at 5:49 p.m.</p></body></html>'
    )
    result = STAGE(Article(id="u", raw=RawBody(html=html))).published
    assert result.date == "2023-11-08"
    assert result.value == "2023-11-08T17:49:00-08:00"
    assert result.utc == "2023-11-09T01:49:00Z"


def test_dates_stage_marks_the_candidates_that_agree() -> None:
    """Every candidate is kept; those on the chosen day are marked as agreeing."""
    record = Article(
        id="c",
        dateline="3 March 2021",
        date_fields=[RawDate(field="published", value="2021-03-03"),
                     RawDate(field="modified", value="2021-03-04")],
    )  # fmt: skip
    result = STAGE(record).published
    agreed = {c.source: c.agreed for c in result.candidates}
    assert agreed == {"payload:published": True, "payload:modified": False, "dateline": True}


def test_dates_stage_results_encode_as_json() -> None:
    """The chosen dates round-trip through the record's JSON."""
    out = STAGE(Article(id="j", dateline="3 March 2021 10:00 CET"))
    decoded = msgspec.json.decode(msgspec.json.encode(out.published), type=DateResult)
    assert decoded == out.published


def test_dates_stage_leaves_a_record_without_dates_undated() -> None:
    """No signal, no date: empty results and a warning."""
    out = STAGE(Article(id="n", text="Nothing here has a date."))
    assert out.published == DateResult()
    assert any(w.code == "date_not_found" for w in out.warnings)


def test_dates_stage_runs_in_the_stage_runner() -> None:
    """The stage satisfies the runner: a batch in, dated records out, no failures."""
    records = [Article(id=str(i), dateline=f"{i + 1} March 2021") for i in range(3)]
    done, failed = run_stage(STAGE, records)
    assert not failed
    assert [r.published.date for r in done] == ["2021-03-01", "2021-03-02", "2021-03-03"]


@pytest.mark.parametrize(
    "html",
    [
        "<html><head>" + '<meta name="date" content="2020-03-01">' * 20_000 + "</head></html>",
        '<script type="application/ld+json">' + '{"a":' * 3_000 + "1" + "}" * 3_000 + "</script>",
        "<p>" + "Posted 8 March 2020 at 10:15. " * 60_000 + "</p>",
        "<div>" * 5_000 + "8 March 2020" + "</div>" * 5_000,
        "<p>" + "1 " * 200_000 + "</p>",
    ],
    ids=["stuffed-meta", "deep-json-ld", "dates-everywhere", "deep-nesting", "digits-everywhere"],
)
def test_dates_stage_bounds_its_work_on_hostile_pages(html: str) -> None:
    """Pages built to be expensive are read within a second, without an exception."""
    started = time.perf_counter()
    STAGE(Article(id="h", raw=RawBody(html=html)))
    assert time.perf_counter() - started < 2.0


def test_dates_stage_survives_hostile_payloads() -> None:
    """Garbage in every date field gives no date and no exception."""
    record = Article(
        id="h",
        url="https://example.org/" + "9" * 5000,
        dateline="𝟚𝟘𝟚𝟘" * 1000,
        date_fields=[RawDate(field="published", value="9" * 10_000),
                     RawDate(field="date", value=float("nan"))],
        raw=RawBody(html="<meta property='article:published_time' content='" + "x" * 10**6),
    )  # fmt: skip
    assert STAGE(record).published.date is None
