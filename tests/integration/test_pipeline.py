"""End to end through a real Redis, a real Celery worker and the real spaCy model."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tasks.schema import record_schema
from tests.conftest import EXAMPLE, ROOT
from tests.integration.driver import Driver

pytestmark = pytest.mark.integration

HTML_PAGE = (ROOT / "tests" / "fixtures" / "pages" / "harbour-ferry.html").read_text()


def test_pushed_payloads_come_out_enriched(driver: Driver) -> None:
    """Payloads RPUSH'd on articles:raw come out on articles:enriched, valid per the schema."""
    driver.push(
        [
            {"id": "ferry", "url": "https://harbour.example/2022/05/17/ferry", "html": HTML_PAGE},
            {"id": "tidal", "text": EXAMPLE.read_text(), "tags": "renewableenergy"},
        ]
    )
    assert driver.ingest() == 2
    records, dead = driver.outcomes(2)
    assert dead == []
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {"ferry", "tidal"}
    for record in records:
        jsonschema.validate(record, record_schema())
    ferry = by_id["ferry"]
    assert ferry["published"]["date"] == "2022-05-17"
    assert ferry["language"]["code"] == "en"
    assert ferry["source"] == "harbour.example"
    assert "Callum Forbes" in {e["text"] for e in ferry["entities"]}
    assert "Related stories" not in ferry["text"]
    assert set(ferry["stage_ms"]) == {"clean", "dates", "language", "ner", "tag"}


def test_seed_shaped_example_gets_repaired_date_entities_and_tags(driver: Driver) -> None:
    """Our own seed-shaped article: date repaired from the byline, entities, tags, clean text."""
    driver.push([{"id": "tidal", "text": EXAMPLE.read_text()}])
    driver.ingest()
    (record,), _ = driver.outcomes(1)
    published = record["published"]
    assert published["value"] == "2021-03-03T14:17:00-05:00"
    assert published["repaired"] is True
    assert record["language"]["code"] == "en"
    entities = {(e["text"], e["label"]) for e in record["entities"]}
    assert {
        ("Ingrid Halvorsen", "PERSON"),
        ("Norway", "GPE"),
        ("Edinburgh", "GPE"),
        ("Barclays", "ORG"),
    } <= entities
    assert "renewable energy" in [tag["name"] for tag in record["tags"]]
    for furniture in (
        "Skip to main content",
        "Sign up for",
        "All Rights Reserved",
        "Download the Harbour Daily App",
        "2021-17-03",
    ):
        assert furniture not in record["text"]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b"{not json at all", "invalid_json"),
        (b'{"url": "https://example.org/no-body"}', "no_body"),
        (b'{"text": 12345}', "wrong_type"),
        (b'{"text": "   "}', "empty_body"),
        (b'["an", "array"]', "wrong_shape"),
    ],
)
def test_bad_payload_is_dead_lettered_with_reason(
    driver: Driver, payload: bytes, error: str
) -> None:
    """Each bad payload lands on articles:dead with the payload, stage, error and a timestamp."""
    driver.push([payload])
    driver.ingest()
    records, dead = driver.outcomes(1, timeout=30)
    assert records == []
    (letter,) = dead
    assert letter["error"] == error
    assert letter["stage"] == "intake"
    assert letter["reason"]
    assert letter["ts"]
    assert letter["payload"] is not None


def test_worker_keeps_going_after_bad_payloads(driver: Driver) -> None:
    """Bad payloads between good ones cost only themselves."""
    driver.push(
        [{"id": "one", "text": EXAMPLE.read_text()}, b"garbage", {"id": "two", "html": HTML_PAGE}]
    )
    driver.ingest()
    records, dead = driver.outcomes(3)
    assert sorted(r["id"] for r in records) == ["one", "two"]
    assert len(dead) == 1


def test_stream_intake_is_consumed_and_entries_removed(driver: Driver) -> None:
    """XADD'd payloads (field 'payload') are enriched; an entry without it is dead-lettered."""
    stream = driver.key(driver.settings.intake_stream)
    driver.redis.xadd(stream, {"payload": json.dumps({"id": "s1", "html": HTML_PAGE})})
    driver.redis.xadd(stream, {"body": "no payload field"})
    driver.ingest()
    records, dead = driver.outcomes(2)
    assert [r["id"] for r in records] == ["s1"]
    assert "no 'payload' field" in dead[0]["reason"]
    assert driver.redis.xlen(stream) == 0


def test_replayed_payload_is_published_once(driver: Driver) -> None:
    """The same payload pushed twice yields one record (idempotent publish)."""
    payload = {"id": "again", "html": HTML_PAGE}
    driver.push([payload])
    driver.ingest()
    driver.outcomes(1)
    driver.push([payload])
    driver.ingest()
    driver.settle(4.0)
    assert [r["id"] for r in driver.records()] == ["again"]
    assert driver.dead() == []


def test_scrapy_redis_pipeline_works_unchanged_as_producer(driver: Driver) -> None:
    """scrapy-redis's RedisPipeline, pointed at the intake key, feeds the pipeline as is."""
    scrapy = pytest.importorskip("scrapy")
    scrapy_settings = pytest.importorskip("scrapy.settings")
    pipelines = pytest.importorskip("scrapy_redis.pipelines")

    class ArticleItem(scrapy.Item):  # type: ignore[misc]
        url = scrapy.Field()
        html = scrapy.Field()
        title = scrapy.Field()
        published = scrapy.Field()

    settings = scrapy_settings.Settings(
        {
            "REDIS_URL": driver.settings.redis_url,
            "REDIS_ITEMS_KEY": driver.key(driver.settings.intake_key),
        }
    )
    pipeline = pipelines.RedisPipeline.from_settings(settings)
    spider = scrapy.Spider(name="news")
    item = ArticleItem(
        url="https://harbour.example/ferry",
        html=HTML_PAGE,
        title="Ferry order",
        published="2022-05-17",
    )
    pipeline._process_item(item, spider)  # the synchronous body of process_item
    driver.ingest()
    (record,), dead = driver.outcomes(1)
    assert dead == []
    assert record["url"] == "https://harbour.example/ferry"
    assert record["published"]["date"] == "2022-05-17"


def test_a_syndicated_copy_is_marked_and_kept(driver: Driver) -> None:
    """The same story on another site, with its own furniture and headline, is published
    with ``duplicate_of`` pointing to the first; the workers share the index."""
    story = EXAMPLE.read_text()
    driver.push([{"id": "wire-tidal", "text": story, "source": "wire.example"}])
    driver.ingest()
    driver.outcomes(1)
    copy = "Share this story\n" + story + "\nSign up for the Coast Daily newsletter"
    driver.push([{"id": "coast-tidal", "text": copy, "title": "Tidal array goes ahead"}])
    driver.ingest()
    records, _ = driver.outcomes(2)
    by_id = {r["id"]: r for r in records}
    assert by_id["coast-tidal"]["duplicate_of"] in {"wire-tidal", "tidal"}
    assert by_id["coast-tidal"]["similarity"] >= 0.8
