"""The README's Scrapy example (examples/scrapy): its settings point at the intake, and its
items are JSON payloads the pipeline reads. The crawl itself: tests/integration/test_scrapy.py.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from datetime import datetime
from types import ModuleType

import msgspec
import pytest

from tasks.http import header, normalise_headers
from tasks.payload import decode_payload, record_from_payload
from tests.conftest import ROOT
from worker.keys import INTAKE_KEY

scrapy_http = pytest.importorskip("scrapy.http")
serialize = pytest.importorskip("scrapy.utils.serialize")


@pytest.fixture(scope="module")
def project() -> Iterator[str]:
    """The example project importable, as `scrapy crawl` makes it from its scrapy.cfg."""
    path = str(ROOT / "examples" / "scrapy")
    sys.path.insert(0, path)
    try:
        yield path
    finally:
        sys.path.remove(path)


def example(module: str) -> ModuleType:
    return importlib.import_module(f"article_crawl.{module}")


def test_settings_send_items_to_the_intake_as_json(project: str) -> None:
    """RedisPipeline on, pointed at the intake list, with its JSON serializer (the default)."""
    settings = example("settings")
    assert "scrapy_redis.pipelines.RedisPipeline" in settings.ITEM_PIPELINES
    assert settings.REDIS_ITEMS_KEY == INTAKE_KEY
    assert not hasattr(settings, "REDIS_ITEMS_SERIALIZER")


def test_an_article_item_is_a_json_payload_with_its_headers_and_fetch_time(
    project: str,
) -> None:
    """The item the spider yields goes through the pipeline's encoder (Scrapy's JSON
    encoder) and reads as a payload: the page decoded by its HTTP charset, every header
    value as a text pair (a repeated one twice, a stray Latin-1 byte kept), an aware time."""
    spider = example("spiders.articles").ArticlesSpider(start_url="http://127.0.0.1/")
    body = "<html><head><title>Café</title></head><body><p>Crêpes</p></body></html>"
    response = scrapy_http.HtmlResponse(
        url="http://127.0.0.1/news/cafe.html",
        body=body.encode("windows-1252"),
        headers={
            "Content-Type": "text/html; charset=windows-1252",
            "Last-Modified": "Fri, 30 Sep 2022 16:00:00 GMT",
            "Set-Cookie": ["a=1", "b=2"],
            "X-Note": b"caf\xe9",
        },
    )
    (item,) = spider.parse_article(response)
    payload = decode_payload(serialize.ScrapyJSONEncoder().encode(item))
    assert payload["html"] == body
    headers = normalise_headers(payload["headers"])
    assert header(headers, "last-modified") == "Fri, 30 Sep 2022 16:00:00 GMT"
    assert [value for name, value in headers if name == "Set-Cookie"] == ["a=1", "b=2"]
    assert header(headers, "x-note") == "café"
    assert datetime.fromisoformat(payload["fetched_at"]).utcoffset() is not None
    assert record_from_payload(payload).url == "http://127.0.0.1/news/cafe.html"


def test_a_bytes_body_is_what_the_pipelines_encoder_refuses() -> None:
    """Why the spider sends ``response.text``: the pipeline cannot encode ``response.body``."""
    with pytest.raises(TypeError, match="bytes"):
        serialize.ScrapyJSONEncoder().encode({"html": b"<p>x</p>"})
    assert msgspec.json.decode(serialize.ScrapyJSONEncoder().encode({"html": "<p>x</p>"}))
