"""The clean stage's optional debug field: which lines of the page were removed, and why."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from tasks.clean import Clean
from tasks.clean.html_lines import page_lines
from tasks.config import StageConfig
from tasks.html.parse import parse_page
from tasks.memory import LocalMemory
from tasks.pipeline import build_stage, enrich_inline
from tasks.record import Article, RawBody
from tests.fixtures.clean import courier

ROOT = Path(__file__).resolve().parent.parent
TIDAL = (ROOT / "examples" / "tidal-array.txt").read_text(encoding="utf-8")
PIER = (Path(__file__).resolve().parent / "fixtures" / "clean" / "harbour-pier.html").read_text(
    encoding="utf-8"
)

TIDAL_REASONS = {
    0: "navigation",  # Skip to main content
    1: "tags",  # Tags: renewableenergy
    3: "title",  # the headline, the record's title
    5: "alt_text",  # the photo's alt text above its caption
    6: "caption",  # the caption, in the record's captions
    8: "byline",
    24: "copyright",
    27: "metadata_tail",  # GB ... Harbour Daily Media, Ltd.
    33: "metadata_tail",
    35: "newsletter",  # Sign up for Harbour Daily's Morning Briefing
    37: "newsletter",  # ... delivered to your inbox
    41: "comments",  # Join the Harbour Daily Community
    43: "comments",  # Please review Community Guidelines ...
    47: "cookie",  # Interest-Based Advertising | Do not sell or share ...
    49: "copyright",  # ... are registered trademarks
    55: "app_promo",  # Download the Harbour Daily App
}


@pytest.fixture(scope="module")
def debug() -> Clean:
    """A stage that fills the debug field."""
    return Clean(debug=True)


def test_debug_is_off_by_default_and_leaves_removed_empty() -> None:
    """Without debug the field stays null, in the record and in its JSON."""
    record = Clean()(Article(id="tidal", raw=RawBody(text=TIDAL)))
    assert record.removed is None
    assert b'"removed":null' in msgspec.json.encode(record)


def test_pipeline_builds_clean_with_the_configured_debug() -> None:
    """StageConfig.clean_debug reaches the stage."""
    on, off = (
        build_stage("clean", StageConfig(clean_debug=True)),
        build_stage("clean", StageConfig()),
    )
    assert isinstance(on, Clean)
    assert isinstance(off, Clean)
    assert (on.debug, off.debug) == (True, False)


def test_debug_gives_reasons_for_the_seed_shaped_example(debug: Clean) -> None:
    """Each line of the dump left out has a short stable reason, by its line number."""
    record = debug(Article(id="tidal", raw=RawBody(text=TIDAL)))
    assert record.removed is not None
    reasons = {entry.line: entry.reason for entry in record.removed}
    assert {line: reasons.get(line) for line in TIDAL_REASONS} == TIDAL_REASONS


def test_debug_accounts_for_every_line_of_the_dump(debug: Clean) -> None:
    """A non-blank line is either in the clean text or listed as removed, never both."""
    record = debug(Article(id="tidal", raw=RawBody(text=TIDAL)))
    removed = {entry.line for entry in record.removed or ()}
    lines = TIDAL.splitlines()
    kept = {n for n, line in enumerate(lines) if line.strip() and n not in removed}
    assert {lines[n].strip() for n in kept} == set(record.text.split("\n\n"))
    assert all(lines[n].strip() for n in removed)


def test_debug_does_not_change_the_clean_text(debug: Clean) -> None:
    """Asking why changes nothing else in the record."""
    for raw in (RawBody(text=TIDAL), RawBody(html=PIER), RawBody(html=PIER, text=TIDAL)):
        plain = Clean()(Article(id="x", raw=raw))
        explained = debug(Article(id="x", raw=raw))
        assert msgspec.structs.replace(explained, removed=None) == plain


def test_debug_numbers_html_lines_among_the_pages_text_lines(debug: Clean) -> None:
    """For HTML, ``line`` is the index among the page's text lines; reasons say what they are."""
    tree, _ = parse_page(PIER)
    assert tree is not None
    lines = page_lines(tree)
    record = debug(Article(id="pier", raw=RawBody(html=PIER)))
    by_text = {lines[entry.line]: entry.reason for entry in record.removed or ()}
    assert by_text["Skip to main content"] == "navigation"
    assert by_text["Harbour council votes to rebuild the old pier"] == "title"
    assert by_text["The old pier at low tide (Jon Berg / Harbour Daily)"] == "caption"
    assert by_text["Related stories"] == "related"
    assert all(line not in by_text for line in record.text.split("\n\n"))


def test_debug_marks_what_the_memory_removed_as_source_memory(debug: Clean) -> None:
    """Lines the page rules kept but the source's memory removed say ``source_memory``."""
    store = LocalMemory()
    for n in range(6):
        record = Article(id=f"c{n}", source=courier.SOURCE, raw=RawBody(text=courier.dump(n)))
        (done,), _ = enrich_inline([record], [debug], memory=store)
    lines = courier.dump(5).splitlines()
    remembered = [lines[e.line] for e in done.removed or () if e.reason == "source_memory"]
    assert remembered == [courier.PROMO, courier.DISCLAIMER, courier.FOOTER]


def test_debug_field_is_compact_line_reason_pairs_in_json(debug: Clean) -> None:
    """In JSON the field is a list of ``[line, reason]`` pairs."""
    record = debug(Article(id="tidal", raw=RawBody(text=TIDAL)))
    assert b'"removed":[[0,"navigation"],[1,"tags"],' in msgspec.json.encode(record)
