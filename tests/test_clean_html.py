"""The clean stage on HTML pages: trafilatura underneath, general trims on top, and what
trafilatura drops (captions, the byline's date text) read from the page itself."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tasks.clean.extraction import Extraction
from tasks.clean.html import clean_html as clean_page
from tasks.clean.html import read_html
from tasks.html import size as html_size
from tasks.html.size import bound_tree


def clean_html(html: str, **options: object) -> Extraction:
    """The page parsed once and cleaned, as the stage does it."""
    return clean_page(read_html(html), **options)  # type: ignore[arg-type]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
PIER = (FIXTURES / "harbour-pier.html").read_text(encoding="utf-8")


def test_html_keeps_paragraphs_and_subheadings_separated_by_blank_lines() -> None:
    """The article's paragraphs and its subheading, in order, one blank line apart."""
    paragraphs = clean_html(PIER).text.split("\n\n")
    assert paragraphs[0].startswith("The harbour council voted on Wednesday")
    assert "Years of delay" in paragraphs
    assert paragraphs[-1].startswith("Work on the foundations")
    assert len(paragraphs) == 6


def test_html_drops_navigation_related_links_and_footer() -> None:
    """Menus, the related-stories list, the most-read box and the footer are not text."""
    text = clean_html(PIER).text
    for other in (
        "Skip to main content",
        "Weather",
        "Storm damages harbour wall",
        "Related stories",
        "Ferry timetable",
        "newsletter",
        "All rights reserved",
    ):
        assert other not in text


def test_html_drops_heading_that_repeats_title() -> None:
    """The page's h1 is the title, not the first paragraph."""
    found = clean_html(PIER)
    assert found.title == "Harbour council votes to rebuild the old pier"
    assert not found.text.startswith("Harbour council votes")


def test_html_takes_captions_from_figcaption() -> None:
    """Every figcaption of the article, in order."""
    assert clean_html(PIER).captions == (
        "The old pier at low tide (Jon Berg / Harbour Daily)",
        "Councillors raise their hands during Wednesday's vote (Jon Berg / Harbour Daily)",
    )


def test_html_reads_byline_author_dateline_and_keywords() -> None:
    """Author from the page's metadata, dateline as the byline writes it, tags from keywords."""
    found = clean_html(PIER)
    assert found.authors == ("Maren Holt",)
    assert found.dateline == "Wednesday, 03 March 2021 02:17 PM EST"
    assert found.tags == ("harbour", "pier", "council budget")


def test_html_with_unclosed_tags_still_gives_the_article() -> None:
    """Unclosed p, li and div elements and a missing end of document do not lose text."""
    found = clean_html((FIXTURES / "unclosed-tags.html").read_text(encoding="utf-8"))
    paragraphs = found.text.split("\n\n")
    assert paragraphs[0].startswith("The last keeper of the Skerry Point lighthouse")
    assert paragraphs[-1].endswith("weather permitting")
    assert len(paragraphs) == 4
    assert "Home" not in found.text


def test_html_cut_in_the_middle_of_a_tag_still_gives_the_article() -> None:
    """A page truncated mid-tag (a size cap, a broken download) keeps what came before."""
    cut = PIER[: PIER.index("Work on the foundations") + 40]
    found = clean_html(cut)
    assert found.text.startswith("The harbour council voted on Wednesday")
    assert not found.warnings


def test_html_garbage_gives_empty_text_not_an_exception() -> None:
    """Markup-free, binary-looking or XML input yields no text and never raises."""
    for garbage in ("\x00\x01\x02", "<", "<?xml version='1.0' encoding='utf-8'?><a/>", " "):
        found = clean_html(garbage)
        assert found.text == ""


def test_html_size_drops_scripts_and_keeps_the_text_after_them() -> None:
    """Scripts and styles go before trafilatura; the text that followed them stays."""
    tree = lxml.html.fromstring(
        "<html><body><p>Before <script>var x = 1;</script>after.</p>"
        "<style>p{}</style></body></html>"
    )
    assert bound_tree(tree)
    assert tree.xpath("string(//p)") == "Before after."
    assert not tree.xpath("//script | //style")


def test_html_size_cuts_pages_with_too_many_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the element limit the page is cut in document order and the cut is reported."""
    monkeypatch.setattr(html_size, "MAX_ELEMENTS", 50)
    paragraphs = "".join(f"<p>Paragraph number {n} of a very long page.</p>" for n in range(200))
    found = clean_html(f"<html><body><article>{paragraphs}</article></body></html>")
    assert [code for code, _ in found.warnings] == ["html_too_large"]
    assert "Paragraph number 10 " in found.text
    assert "Paragraph number 100 " not in found.text


def test_html_drops_heading_that_is_the_title_without_site_name() -> None:
    """An h1 that opens a "headline - Site name" title is the title too."""
    body = " ".join(
        f"<p>Paragraph {n}: the keeper handed over the keys on Friday after forty years.</p>"
        for n in range(6)
    )
    page = (
        "<html><head><title>Lighthouse keeper retires after forty years - Skerry Times</title>"
        f"</head><body><article><h1>Lighthouse keeper retires after forty years</h1>{body}"
        "</article></body></html>"
    )
    assert clean_html(page).text.startswith("Paragraph 0:")


TABLE_LAYOUT = (FIXTURES / "table-layout.html").read_text(encoding="utf-8")


def test_html_looks_through_a_table_that_lays_out_the_page() -> None:
    """An old-style page laid out in a table: the article's cell gives its paragraphs, one
    blank line apart; the column of menu links beside it gives nothing."""
    paragraphs = clean_html(TABLE_LAYOUT).text.split("\n\n")
    assert paragraphs[0].startswith("The island ferry company will keep its fares")
    assert paragraphs[-1].startswith("The board said it would look again at the fares")
    assert len(paragraphs) == 4


def test_html_drops_the_date_line_above_the_first_paragraph() -> None:
    """A bare date between headline and body is the byline's, read as the dateline."""
    found = clean_html(TABLE_LAYOUT)
    assert "March 4, 2021" not in found.text
    assert found.title == "Ferry fares frozen for another year"


def test_html_ends_the_article_at_a_top_stories_heading() -> None:
    """A section heading after the article's paragraphs ends it: the teasers under it and the
    side column of other stories are not text."""
    text = clean_html(TABLE_LAYOUT).text
    for other in ("Top stories", "harbour master retired", "pier budget", "School roof"):
        assert other not in text


def test_html_keeps_a_section_like_heading_near_the_top() -> None:
    """A heading that reads like a section's ("Latest ...") but comes before much text is the
    article's own."""
    page = (
        "<html><body><article><h1>Pier plans</h1>"
        "<p>The council published its plans for the pier on Monday, after a year of surveys.</p>"
        "<h2>Latest findings</h2>"
        "<p>The pier was built in 1890 and has been closed since a storm damaged it in 2019, "
        "when waves tore away part of the deck and two of the iron supports.</p>"
        "</article></body></html>"
    )
    text = clean_html(page).text
    assert "Latest findings" in text
    assert "The pier was built in 1890" in text
