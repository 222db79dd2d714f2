"""The product path: payloads users send, through the live workers (every stage, the
per-source memory), judged on the record that comes out — not on one stage alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import LiveWorker
from tests.integration.driver import Driver
from worker.settings import Settings

pytestmark = pytest.mark.integration

FIXTURES = ROOT / "tests" / "fixtures" / "product"
CLEAN_ARTICLE = (FIXTURES / "clean-article.txt").read_text(encoding="utf-8")
BRIEF_DE = "Das ist ein kurzer Satz über die neue Brücke in der Stadt."
PAYLOADS: list[dict[str, Any]] = [
    {"id": "brief-de", "text": BRIEF_DE},
    {"id": "headline-only", "title": "Ferry Timetable Changes From Monday"},
    {"id": "already-clean", "url": "https://harbour.example/ferry", "text": CLEAN_ARTICLE},
    {
        "id": "dates-disagree",
        "url": "https://coastline.example/culture/lighthouse-cottage-museum",
        "html": (FIXTURES / "dates-disagree.html").read_text(encoding="utf-8"),
    },
    {
        "id": "broken-published",
        "url": "https://valley.example/library-reopens",
        "text": (FIXTURES / "broken-published-dump.txt").read_text(encoding="utf-8"),
        "published": "2020-43-08",
    },
]


@pytest.fixture(scope="module")
def records(worker_settings: Settings, live_worker: LiveWorker) -> dict[str, dict[str, Any]]:
    """Every payload above through the pipeline once: the records by id."""
    driver = Driver(worker_settings)
    driver.clear()
    driver.push(PAYLOADS)
    driver.ingest()
    done, dead = driver.outcomes(len(PAYLOADS))
    driver.clear()
    assert dead == [], dead
    return {record["id"]: record for record in done}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def codes(record: dict[str, Any]) -> set[str]:
    return {warning["code"] for warning in record["warnings"]}


def test_one_sentence_in_another_language_keeps_its_text_language_and_entities(
    records: dict[str, dict[str, Any]],
) -> None:
    """A one-sentence German payload keeps its text and is detected as German."""
    record = records["brief-de"]
    assert record["text"] == BRIEF_DE
    assert record["language"]["code"] == "de"
    assert "no_text" not in codes(record)


def test_a_headline_only_item_is_detected_from_its_title(
    records: dict[str, dict[str, Any]],
) -> None:
    """With no body at all, language detection reads the title."""
    record = records["headline-only"]
    assert record["text"] == ""
    assert record["language"]["code"] == "en"


def test_an_already_clean_article_passes_through_whole(
    records: dict[str, dict[str, Any]],
) -> None:
    """Text a crawler already extracted comes out word for word, heading and list included."""
    record = records["already-clean"]
    assert "text_already_clean" in codes(record)
    assert words(record["text"]) == words(CLEAN_ARTICLE)
    assert record["language"]["code"] == "en"
    assert {"Morag Tulloch", "Kirkwall Quay"} & {e["text"] for e in record["entities"]}


def test_metadata_that_agrees_with_itself_outweighs_a_visible_date(
    records: dict[str, dict[str, Any]],
) -> None:
    """Meta tags and JSON-LD agree on the day; a date in the byline disagrees: the metadata's
    day is published, the disagreement is in the evidence, and the confidence is lowered."""
    published = records["dates-disagree"]["published"]
    assert published["date"] == "2021-03-04"
    evidence = " ".join(published["evidence"])
    assert "2019-09-17" in evidence
    assert published["confidence"] < 0.9


def test_a_broken_published_with_nothing_to_confirm_it_gives_only_the_year(
    records: dict[str, dict[str, Any]],
) -> None:
    """`2020-43-08` in a text dump with no date on the page: year 2020, no day, a warning."""
    record = records["broken-published"]
    published = record["published"]
    assert published["date"] is None
    assert published["precision"] == "year"
    assert published["value"] == "2020"
    assert record["title"] == "Valley Library Reopens After Flood Repairs"
    assert record["text"].startswith("The town library on Mill Street reopened")
    assert record["text"].endswith("until the end of the year.")
