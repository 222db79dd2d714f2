"""Telling a page dump from text that is already clean (``page_signs``)."""

from __future__ import annotations

from tasks.clean.lines import split_lines
from tasks.clean.metadata_block import find_blocks
from tasks.clean.page_signs import shows_page

PARAGRAPH = (
    "The harbour council voted on Wednesday to rebuild the old pier, which has been closed "
    "to the public since a storm damaged its supports in the winter of 2019."
)


def _shows_page(text: str) -> bool:
    lines = split_lines(text)
    return shows_page(lines, find_blocks(lines))


def test_paragraphs_of_prose_show_no_page() -> None:
    """Plain paragraphs, with a heading, are clean text."""
    assert not _shows_page(f"Pier to be rebuilt\n\n{PARAGRAPH}\n\n{PARAGRAPH}")


def test_one_copyright_credit_or_one_related_heading_shows_no_page() -> None:
    """An article may end with a credit, or have a heading that reads like a section's."""
    assert not _shows_page(f"{PARAGRAPH}\n\n© Jane Doe")
    assert not _shows_page(f"Related work\n\n{PARAGRAPH}")


def test_a_list_the_article_introduces_shows_no_page() -> None:
    """Short list items after the first sentence are the article's list, not a menu."""
    assert not _shows_page(f"{PARAGRAPH}\n\n* pier\n* jetty\n* slipway\n* wall\n* steps\n* dock")


def test_a_renderers_nested_layout_shows_a_page() -> None:
    """Most lines indented at several depths: the trace of a page's markup."""
    nested = f"  Pier news\n    Harbour\n      {PARAGRAPH}\n      {PARAGRAPH}\n    Harbour\n  Pier"
    assert _shows_page(nested)


def test_a_uniformly_indented_text_shows_no_page() -> None:
    """Every line indented alike (a quoted mail, an indented paragraph style) is no nesting."""
    assert not _shows_page(f"    {PARAGRAPH}\n\n    {PARAGRAPH}\n\n    Thanks.")


def test_two_legal_notices_show_a_page() -> None:
    """A copyright line and a privacy-policy link: the site's footer."""
    assert _shows_page(f"{PARAGRAPH}\n\n© 2021 Harbour Daily\nPrivacy policy")


def test_a_bulleted_menu_before_the_article_shows_a_page() -> None:
    """Two bare bulleted labels before the first sentence are the site's navigation."""
    assert _shows_page(f"* Home\n* Sport\n\n{PARAGRAPH}")


def test_five_bare_labels_before_the_article_show_a_page() -> None:
    """An unbulleted menu counts once it is five items long."""
    assert _shows_page(f"Home\nNews\nSport\nWeather\nTravel\n\n{PARAGRAPH}")
    assert not _shows_page(f"Pier\nBy Jane Doe\nMarch 2021\n\n{PARAGRAPH}")


def test_five_furniture_lines_show_a_page() -> None:
    """Buttons and prompts of several kinds add up to a page."""
    furniture = "Share\nTweet\nEmail\nPrint\nSign up for our newsletter"
    assert _shows_page(f"{PARAGRAPH}\n\n{furniture}")
