"""What the dates stage needs from a page, read where the page is parsed: in the clean stage.

The dates stage never sees the raw body. The clean stage hands its tree here twice: before
the tree is bounded (its scripts still hold the JSON-LD) for the date signals, the page's own
URLs, its declared language and its headline; after, for the visible text the last-resort
scan reads. A text dump gives its text and where the headline sits in it.

It lives in the HTML toolkit, not in the dates stage, so that a worker that only cleans does
not load the dates stage (and dateparser) to read them.
"""

from __future__ import annotations

from lxml import etree

from tasks.html.date_signals import html_signals
from tasks.html.language import declared_language, declared_region
from tasks.html.page_index import MAX_TEXT_CHARS, headline_text, index_page, own_urls, visible_text
from tasks.record import PageSignals

HEADLINE_CHARS = 80
"""A headline is looked for by its first characters (whitespace normalised)."""
MIN_HEADLINE_CHARS = 12
"""A shorter headline would be found in too many places."""


class HtmlPageReader:
    """Reads an HTML page's date signals from the clean stage's tree, in two steps."""

    def __init__(self, tree: etree._Element) -> None:
        """Read everything but the visible text, before the tree is bounded."""
        root = tree.getroottree().getroot()
        page = index_page(root)
        self._headline = headline_text(page)
        self._signals = PageSignals(
            html=True,
            dates=list(html_signals(page)),
            own_urls=own_urls(page),
            language=declared_language(root),
            region=declared_region(root),
        )

    def finish(self, bounded: etree._Element) -> PageSignals:
        """The signals with the visible text of the bounded tree and its headline's place."""
        text = visible_text(bounded.getroottree().getroot())
        return PageSignals(
            html=True,
            dates=self._signals.dates,
            own_urls=self._signals.own_urls,
            language=self._signals.language,
            region=self._signals.region,
            text=text,
            headline=find_headline(text, self._headline),
        )


def dump_signals(dump: str, title: str | None, clean_text: str) -> PageSignals:
    """A text dump's: its text, and where its headline (the clean title, else the clean
    text's first line) sits in it."""
    text = dump[:MAX_TEXT_CHARS]
    headline = find_headline(text, title) or find_headline(text, _first_line(clean_text))
    return PageSignals(text=text, headline=headline)


def find_headline(text: str, needle: str | None) -> int | None:
    """Where ``needle`` (whitespace-normalised, at least a few words) first occurs in text."""
    needle = " ".join((needle or "").split())[:HEADLINE_CHARS]
    if len(needle) < MIN_HEADLINE_CHARS:
        return None
    at = text.find(needle)
    return at if at >= 0 else None


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")
