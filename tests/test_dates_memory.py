"""Per-source habits: what the dates stage learns from a source's stream, and how it uses it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dates import Dates
from tasks.dates.habits import (
    CLEAR_MAJORITY,
    HABIT_KEYS,
    MIN_ARTICLES,
    MIN_EVIDENCE,
    checked_key,
    corrupt_key,
    habits_from,
    order_key,
    trusted,
)
from tasks.memory import LocalMemory
from tasks.pipeline import enrich_inline
from tasks.record import Article, DateResult, RawDate, SourceMemory
from tasks.stage import LearnsFromSource

NOW = datetime(2031, 1, 1, tzinfo=timezone.utc)
STAGE = Dates(clock=lambda: NOW)
SOURCE = "daily.example"

MONTH_FIRST = SourceMemory(articles=12, counts={order_key("mdy"): 10, order_key("dmy"): 1})
"""A source whose earlier articles wrote their all-digit dates month first."""
MINUTES_IN_MONTH = SourceMemory(
    articles=12,
    counts={checked_key("payload"): 9, corrupt_key("minute_for_month", "payload"): 9},
)
"""A source whose crawler writes ``%Y-%M-%d``: nine payload values checked, all repaired."""

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31))
memories = st.builds(
    SourceMemory,
    articles=st.integers(min_value=0, max_value=500),
    counts=st.dictionaries(st.sampled_from(HABIT_KEYS), st.integers(min_value=0, max_value=500)),
)


class Remembering(Article, frozen=True, kw_only=True):
    """A record with the memory the runner would hand the stage for it (test-only)."""

    memory: SourceMemory | None = None


def dated(record: Article) -> Article:
    """``record`` through the stage, finished with its memory when it carries one."""
    return STAGE.finish(STAGE.read(record), getattr(record, "memory", None))


def payload(
    value: str | int,
    *,
    memory: SourceMemory | None = None,
    url: str | None = None,
    dateline: str | None = None,
    text: str = "",
) -> Article:
    """A record with one ``published`` payload value and, optionally, a recalled memory."""
    return Remembering(
        id="r",
        source=SOURCE,
        url=url,
        dateline=dateline,
        text=text,
        date_fields=[RawDate(field="published", value=value)],
        memory=memory,
    )


def stream(records: Sequence[Article]) -> tuple[list[Article], LocalMemory]:
    """The records through the stage one by one, recalling and counting as the workers do."""
    store = LocalMemory()
    done = []
    for record in records:
        out, failed = enrich_inline([record], [STAGE], memory=store)
        assert not failed
        done.extend(out)
    return done, store


def observed(record: Article) -> list[str]:
    """What the stage counts for ``record`` once dated while learning."""
    return dated(record).observed["dates"]


def without_habit_lines(result: DateResult) -> DateResult:
    """The result without the evidence lines that report habits to the memory."""
    kept = [e for e in result.evidence if not e.startswith("source habit shown: ")]
    return msgspec.structs.replace(result, evidence=kept)


def test_dates_stage_learns_from_its_source() -> None:
    """The stage is one the transport recalls and records memory for, with a fixed key set."""
    assert isinstance(STAGE, LearnsFromSource)
    keys = STAGE.read(payload("2020-05-09")).keys
    assert keys == STAGE.read(Article(id="other", text="anything")).keys
    assert len(keys) == len(set(keys)) <= 40


def test_dates_reads_an_ambiguous_date_in_the_order_its_source_writes() -> None:
    """After articles writing 03/13/2021..., a lone "05/09/2021" is May 9, and says why."""
    teaching = [
        Article(
            id=f"t{i}",
            source=SOURCE,
            date_fields=[RawDate(field="published", value=f"03/{13 + i}/2021")],
        )
        for i in range(MIN_ARTICLES)
    ]
    ambiguous = Article(
        id="x", source=SOURCE, date_fields=[RawDate(field="published", value="05/09/2021")]
    )
    (*_, result), _ = stream([*teaching, ambiguous])
    assert result.published.date == "2021-05-09"
    assert any("as its source writes them" in e for e in result.published.evidence)
    assert dated(ambiguous).published.date is None


def test_dates_prefers_the_pages_own_order_to_its_sources_habit() -> None:
    """A page whose other dates are day first reads "05/09/2021" day first, whatever the
    source usually writes."""
    record = payload(
        "05/09/2021", memory=MONTH_FIRST, text="Offer valid until 25/12/2021.\n\nMore text."
    )
    assert dated(record).published.date == "2021-09-05"


def test_dates_reads_the_sources_order_before_the_country_domain() -> None:
    """On a .de page (day first by country) the source's month-first habit decides."""
    url = "https://nachrichten.example.de/artikel"
    assert dated(payload("05/09/2021", url=url)).published.date == "2021-09-05"
    result = dated(payload("05/09/2021", url=url, memory=MONTH_FIRST)).published
    assert result.date == "2021-05-09"


def test_dates_doubts_a_valid_looking_value_of_a_family_its_source_corrupts() -> None:
    """A source known for minutes in the month slot: a lone "2021-07-21" keeps only its year."""
    out = dated(payload("2021-07-21", memory=MINUTES_IN_MONTH))
    assert (out.published.value, out.published.date) == ("2021", None)
    assert any("a minute in the month slot in 9 of 9" in e for e in out.published.evidence)
    assert any(w.code == "date_doubtful" for w in out.warnings)


def test_dates_habit_does_not_overrule_an_independent_signal() -> None:
    """The same source's value that a dateline supports keeps its day; one a timestamp
    confirms as a minute-for-month corruption is repaired as without memory."""
    supported = payload("2021-07-21", dateline="21 July 2021", memory=MINUTES_IN_MONTH)
    assert dated(supported).published.date == "2021-07-21"
    repaired = payload("2021-07-21", dateline="21 March 2021 10:07 CET", memory=MINUTES_IN_MONTH)
    assert dated(repaired).published.date == "2021-03-21"


def test_dates_learns_a_corruption_only_from_confirmed_repairs() -> None:
    """Six payloads each confirmed by a dateline teach the habit; it then doubts the next."""
    teaching = [
        payload(f"2021-{30 + i}-0{i + 1}", dateline=f"0{i + 1} March 2021 10:{30 + i} CET")
        for i in range(6)
    ]
    teaching = [msgspec.structs.replace(r, id=f"t{i}") for i, r in enumerate(teaching)]
    (*_, result), store = stream([*teaching, payload("2021-07-21")])
    (memory,) = store.recall("dates", [SOURCE], [list(HABIT_KEYS)])
    assert memory.counts[corrupt_key("minute_for_month", "payload")] == 6
    assert result.published.date is None


def test_dates_without_trusted_memory_chooses_as_without_memory() -> None:
    """Below the trust rule the result is the one without memory, but for the habit lines."""
    young = SourceMemory(articles=MIN_ARTICLES - 1, counts={order_key("mdy"): MIN_ARTICLES - 1})
    for value, dateline in (("05/09/2021", None), ("2021-07-21", "21 July 2021")):
        alone = dated(payload(value, dateline=dateline)).published
        remembered = dated(payload(value, memory=young, dateline=dateline)).published
        assert without_habit_lines(remembered) == alone


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (payload("25/12/2021"), {order_key("dmy")}),
        (payload("05/09/2021"), set()),
        (payload("05/09/2021", url="https://example.de/a"), set()),
        (payload("05/09/2021", memory=MONTH_FIRST), set()),
        (payload("2021-07-21"), set()),
        (payload("2021-43-21"), set()),
        (payload("2021-07-21", dateline="21 July 2021"), {checked_key("payload")}),
        (
            payload("2021-43-21", dateline="21 July 2021 10:43 CEST"),
            {checked_key("payload"), corrupt_key("minute_for_month", "payload")},
        ),
        (
            payload("2021-10-21", dateline="21 September 2021"),
            {checked_key("payload"), corrupt_key("minute_for_month", "payload")},
        ),
        (payload("2021-07-21", memory=MINUTES_IN_MONTH), set()),
    ],
    ids=[
        "unambiguous-order",
        "ambiguous-order",
        "order-from-country",
        "order-from-habit",
        "unchecked-value",
        "unconfirmed-corruption",
        "checked-value",
        "confirmed-corruption",
        "month-contradicted",
        "doubted-by-habit",
    ],
)
def test_dates_observes_a_habit_only_with_evidence(record: Article, expected: set[str]) -> None:
    """Only what the page establishes is counted; readings taken from a prior are not."""
    learning = (
        record
        if getattr(record, "memory", None)
        else msgspec.structs.replace(record, memory=SourceMemory())
    )
    assert set(observed(learning)) == expected


def test_dates_reports_no_habits_when_not_learning() -> None:
    """Without memory the record's evidence carries no habit lines; the keys it showed are
    in ``observed`` all the same (the runner counts them only with a store)."""
    result = dated(payload("25/12/2021")).published
    assert not any(e.startswith("source habit shown: ") for e in result.evidence)
    assert dated(payload("25/12/2021")).observed["dates"] == [order_key("dmy")]


@pytest.mark.parametrize(
    ("articles", "count", "base", "expected"),
    [
        (MIN_ARTICLES, MIN_EVIDENCE, MIN_EVIDENCE, True),
        (MIN_ARTICLES - 1, MIN_EVIDENCE, MIN_EVIDENCE, False),
        (MIN_ARTICLES, MIN_EVIDENCE - 1, MIN_EVIDENCE - 1, False),
        (100, 75, 100, True),
        (100, 74, 100, False),
        (100, 60, 61, True),
    ],
)
def test_dates_trust_rule_needs_articles_evidence_and_a_clear_majority(
    articles: int, count: int, base: int, expected: bool
) -> None:
    """Enough articles, enough showing the habit, and a share of at least CLEAR_MAJORITY."""
    assert CLEAR_MAJORITY == 0.75
    assert trusted(count, base, articles) is expected


def test_dates_trust_rule_applies_to_each_kind_of_habit() -> None:
    """A split order, a corruption seen in a minority of checked values, and a young source
    establish nothing."""
    split = habits_from(SourceMemory(articles=20, counts={"order:dmy": 6, "order:mdy": 5}))
    minority = habits_from(
        SourceMemory(
            articles=20,
            counts={checked_key("metadata"): 10, corrupt_key("day_month_swap", "metadata"): 5},
        )
    )
    young = habits_from(SourceMemory(articles=MIN_ARTICLES - 1, counts=MONTH_FIRST.counts))
    assert split.order is None and minority.distrusted == {} and young.order is None
    assert habits_from(MONTH_FIRST).order is not None
    assert set(habits_from(MINUTES_IN_MONTH).distrusted["payload"]) == {"minute_for_month"}


@settings(max_examples=150, deadline=None)
@given(moments, memories, st.sampled_from(["minute", "swap", "millis"]))
def test_dates_prior_never_makes_a_day_from_an_unconfirmed_corruption(
    moment: datetime, memory: SourceMemory, kind: str
) -> None:
    """A corrupted value that names no date, alone, gives no day whatever the memory says."""
    if kind == "minute":
        value: str | int = f"{moment.year}-{max(moment.minute, 13):02d}-{moment.day:02d}"
    elif kind == "swap":
        value = f"{moment.year}-{max(moment.day, 13):02d}-{moment.month:02d}"
    else:
        value = int(moment.replace(tzinfo=timezone.utc).timestamp()) * 1000
    assert dated(payload(value, memory=memory)).published.date is None


@settings(max_examples=150, deadline=None)
@given(moments)
def test_dates_known_corruption_withholds_the_day_of_a_plausible_value(moment: datetime) -> None:
    """With the habit trusted, even a corruption that looks valid (minute 1-12) gives no day."""
    value = f"{moment.year}-{moment.minute % 12 + 1:02d}-{moment.day:02d}"
    if moment.day > 28:
        value = f"{moment.year}-{moment.minute % 12 + 1:02d}-28"
    assert dated(payload(value, memory=MINUTES_IN_MONTH)).published.date is None
