"""A crawler's HTTP facts through the live workers: the fetch time bounds the publication
date and reaches the record; the headers help the stages and stay out of the record."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.driver import Driver

pytestmark = pytest.mark.integration

PROSE = "The storm came ashore at night and trees fell across the roads of the town. " * 4
HTML = (
    "<html><body><h1>Storm hits the coast</h1><p>Published 12 May 2024</p>"
    f"<p>{PROSE}</p></body></html>"
)
PAYLOADS: list[dict[str, Any]] = [
    {
        "id": "fetched-before",
        "html": HTML,
        "fetched_at": "2024-05-10T08:00:00Z",
        "headers": [["Content-Type", "text/html; charset=utf-8"], ["Set-Cookie", "a=1"]],
    },
    {
        "id": "fetched-after",
        "html": HTML,
        "crawled_at": 1716192000,
        "headers": {"Last-Modified": "Sun, 12 May 2024 10:00:00 GMT"},
    },
]


def test_the_fetch_time_bounds_the_date_through_the_workers(driver: Driver) -> None:
    driver.push(PAYLOADS)
    driver.ingest()
    done, dead = driver.outcomes(len(PAYLOADS))
    assert dead == [], dead
    records = {record["id"]: record for record in done}
    before, after = records["fetched-before"], records["fetched-after"]
    assert before["fetched_at"] == "2024-05-10T08:00:00+00:00"
    assert before["published"]["date"] is None
    assert "after the page was fetched" in before["published"]["evidence"][0]
    assert after["fetched_at"] == "2024-05-20T08:00:00+00:00"
    assert after["published"]["date"] == "2024-05-12"
    assert "http" in after["published"]["evidence"][0]  # Last-Modified travelled and agreed
    assert all("headers" not in r and "headers" not in r["meta"] for r in done)
