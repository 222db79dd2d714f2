"""A real Scrapy crawl end to end: `scrapy crawl` (the README's example spider, with
scrapy-redis's RedisPipeline) over a local site, then the live worker enriches what it sent.

The site is served from tests/fixtures/scrapy_site by a throwaway HTTP server on localhost:
an index page linking four articles, each dated in its markup another way, with a
``Last-Modified`` header, one of them in windows-1252 that only the HTTP header declares.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import msgspec
import pytest

from tests.conftest import ROOT
from tests.integration.driver import Driver

pytestmark = pytest.mark.integration

PROJECT = ROOT / "examples" / "scrapy"
SITE = ROOT / "tests" / "fixtures" / "scrapy_site"
CRAWL_TIMEOUT = 120.0
"""Seconds before a hung crawl is killed (it takes a few on an idle machine)."""


class Page(NamedTuple):
    file: str
    charset: str
    last_modified: str | None
    published: str | None
    """The publication day the record must have (None: not an article)."""


PAGES = {
    "/": Page("index.html", "utf-8", None, None),
    "/news/harbour-wall.html": Page(
        "harbour-wall.html", "utf-8", "Fri, 16 Feb 2024 10:00:00 GMT", "2024-02-14"
    ),
    "/news/library-reopens.html": Page(
        "library-reopens.html", "utf-8", "Sat, 04 Nov 2023 09:30:00 GMT", "2023-11-03"
    ),
    "/news/orchard-cooperative.html": Page(
        "orchard-cooperative.html", "utf-8", "Mon, 24 Jun 2024 08:00:00 GMT", "2024-06-21"
    ),
    "/news/2022/09/30/quay-cafe.html": Page(
        "quay-cafe.html", "windows-1252", "Fri, 30 Sep 2022 16:00:00 GMT", "2022-09-30"
    ),
}
"""The site: path → page. /about.html, linked but not as a story, is a 404 nobody asks for."""


class SiteHandler(BaseHTTPRequestHandler):
    """Serves PAGES, each encoded in its charset, which only the Content-Type header names."""

    def do_GET(self) -> None:
        page = PAGES.get(self.path)
        if page is None:  # robots.txt (Scrapy asks first), /about.html
            self.send_error(404)
            return
        body = (SITE / page.file).read_text(encoding="utf-8").encode(page.charset)
        self.send_response(200)
        self.send_header("Content-Type", f"text/html; charset={page.charset}")
        self.send_header("Content-Length", str(len(body)))
        if page.last_modified:
            self.send_header("Last-Modified", page.last_modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawl's own log says what was fetched."""


@pytest.fixture
def site() -> Iterator[str]:
    """The fixture site on a free localhost port; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SiteHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def crawl(start_url: str, redis_url: str, items_key: str, log: Path) -> None:
    """`scrapy crawl articles` in the example project, its items to ``items_key``; nothing
    but localhost is reached (no proxy from the environment, no delay between requests)."""
    scrapy = Path(sys.executable).with_name("scrapy")
    overrides = {
        "REDIS_URL": redis_url,
        "REDIS_ITEMS_KEY": items_key,
        "DOWNLOAD_DELAY": "0",
        "HTTPPROXY_ENABLED": "False",
        "TELNETCONSOLE_ENABLED": "False",
        "LOG_FILE": str(log),
    }
    args = [str(scrapy), "crawl", "articles", "-a", f"start_url={start_url}/"]
    for name, value in overrides.items():
        args += ["-s", f"{name}={value}"]
    done = subprocess.run(args, cwd=PROJECT, timeout=CRAWL_TIMEOUT, check=False)
    assert done.returncode == 0, log.read_text(errors="replace")[-3000:]


def test_a_scrapy_crawl_arrives_enriched_with_its_urls_and_dates(
    driver: Driver, site: str, tmp_path: Path
) -> None:
    """Every story the spider follows is one item on the intake (the page as text, the
    headers as pairs of text, the fetch time) and one record with its publication day."""
    intake = driver.key(driver.settings.intake_key)
    log = tmp_path / "scrapy.log"
    crawl(site, driver.settings.require_redis_url(), intake, log)

    articles = {site + path: page for path, page in PAGES.items() if page.published}
    items = [msgspec.json.decode(raw) for raw in driver.redis.lrange(intake, 0, -1)]
    assert sorted(item["url"] for item in items) == sorted(articles), log.read_text()
    for item in items:
        headers = {name.lower(): value for name, value in item["headers"]}
        assert headers["last-modified"] == articles[item["url"]].last_modified
        assert datetime.fromisoformat(item["fetched_at"]).utcoffset() is not None

    assert driver.ingest() == len(articles)
    records, dead = driver.outcomes(len(articles))
    assert dead == []
    published = {r["url"]: r["published"]["date"] for r in records}
    assert published == {url: page.published for url, page in articles.items()}
    cafe = next(r for r in records if r["url"].endswith("quay-cafe.html"))
    assert cafe["title"] == "Café on the quay changes hands"
    assert "Lowmoor’s quayside" in cafe["text"]
