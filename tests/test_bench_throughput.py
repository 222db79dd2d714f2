"""The throughput benchmark's pure parts: its pages by kind, the plain script's text, ratios."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks.perf.pages import distinct_pages, load_pages
from benchmarks.perf.plain import plain_text
from benchmarks.perf.report import Ratio, _others

PAGE = (
    "<html><head><title>Ferry</title></head><body><article><h1>Harbour ferry returns</h1>"
    + "<p>The harbour ferry resumed its crossings on Monday after a winter refit.</p>" * 6
    + "</article></body></html>"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A dev-set folder of our own: two pages with both forms, one with no dump."""
    rows = [
        {"url": "https://a.example/1", "html": PAGE, "text": "Harbour ferry returns"},
        {"url": "https://b.example/2", "html": PAGE, "text": "Menu\nLondon gets rain"},
        {"url": "https://c.example/3", "html": PAGE, "text": ""},
    ]
    with gzip.open(tmp_path / "cleaning-dev.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    return tmp_path


def test_pages_of_one_kind_carry_only_that_body(data: Path) -> None:
    """HTML pages carry html and no text; dumps carry text and no html; both keep the url."""
    for kind, other in (("html", "text"), ("text", "html")):
        pages = distinct_pages(data, kind)
        assert all(kind in page and other not in page for page in pages)
    assert distinct_pages(data, "text")[0]["url"] == "https://a.example/1"


def test_pages_without_a_dump_are_left_out_of_the_text_kind(data: Path) -> None:
    """A row with an empty text field gives an HTML page but no dump."""
    urls = {page.get("url") for page in distinct_pages(data, "text")}
    assert "https://c.example/3" not in urls
    assert "https://c.example/3" in {page.get("url") for page in distinct_pages(data, "html")}


def test_pages_repeat_to_the_count_with_unique_ids(data: Path) -> None:
    """load_pages cycles through the distinct pages and numbers every payload."""
    pages = load_pages(data, 25, kinds=["text"], prefix="t")
    assert len(pages) == 25
    assert len({page["id"] for page in pages}) == 25
    assert pages[0]["id"] == "t-0"


def test_plain_script_reads_a_dump_as_it_is() -> None:
    """A text dump goes to langdetect and NER untouched, menu lines and all."""
    assert plain_text({"text": "Menu\nLondon gets rain"}) == "Menu\nLondon gets rain"


def test_plain_script_reads_trafilaturas_text_of_a_page() -> None:
    """For HTML the script reads what trafilatura.extract finds, not the markup."""
    text = plain_text({"html": PAGE, "url": "https://a.example/1"})
    assert "resumed its crossings" in text
    assert "<p>" not in text


def test_a_ratio_is_the_inverse_of_the_time_ratio_and_says_if_the_bar_is_met() -> None:
    """(b)/(d) of rates is d's seconds over b's; the line names the issue's bar."""
    ratio = Ratio("d", "pipeline / plain script", done_when=1.0, aim=1.2)
    assert "1.50" in ratio.line({"b": 2.0, "d": 3.0})
    assert "(done when >= 1.00: met; aim 1.20)" in ratio.line({"b": 2.0, "d": 3.0})
    assert "(done when >= 1.00: NOT met; aim 1.20)" in ratio.line({"b": 3.0, "d": 2.0})
    assert "done when" not in Ratio("a", "pipeline / bare NER").line({"b": 1.0, "a": 1.0})


def test_uneven_sharing_of_the_cores_is_flagged() -> None:
    """When other jobs took more of the cores during one side than another, the line says so."""
    assert "uneven" in _others({"a": 0.02, "b": 0.40})
    assert "uneven" not in _others({"a": 0.02, "b": 0.05})
    assert _others({"a": 0.02, "b": 0.05}).startswith("(a) 2%, (b) 5%")
