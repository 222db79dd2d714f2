"""Clean an HTML page: trafilatura finds the article, general rules (and the source's memory)
trim what it let through, and the raw page is read for what trafilatura drops (captions, the
byline's date text).

The page is parsed once (``read_html``, with ``tasks.html.parse``, which bounds hostile
pages); what the later stages need from it (``Article.page``) is read from that tree before
it is bounded, and its text lines give the source memory's keys.
"""

from __future__ import annotations

from configparser import ConfigParser
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import trafilatura
from lxml import etree
from trafilatura.settings import Document, use_config

from tasks.clean import html_page
from tasks.clean.byline import is_name
from tasks.clean.extraction import Extraction
from tasks.clean.html_body import Body, paragraphs
from tasks.clean.html_lines import page_lines
from tasks.clean.html_metadata import page_metadata
from tasks.clean.removed import html_removed
from tasks.html.page_signals import HtmlPageReader
from tasks.html.parse import bound_page, load_page
from tasks.record import PageSignals

MAX_TAGS = 20
MAX_TAG_WORDS = 5


@dataclass(frozen=True)
class HtmlPage:
    """An HTML page parsed once: its bounded tree (None when there is none), the warnings met
    on the way, what later stages read from it and its text lines (``html_lines``)."""

    tree: etree._Element | None
    notes: tuple[tuple[str, str], ...] = ()
    signals: PageSignals | None = None

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The page's text lines, read when first asked for: only the memory's keys, the debug
        field and the fallback for a page trafilatura finds nothing in need them (the tree is
        not changed after ``read_html``: trafilatura works on a copy)."""
        return tuple(page_lines(self.tree)) if self.tree is not None else ()


def read_html(html: str) -> HtmlPage:
    """Parse the page once and read from it what every stage needs of the raw page."""
    tree, notes = load_page(html)
    if tree is None:
        return HtmlPage(None, tuple(notes))
    dates = HtmlPageReader(tree)  # before bounding: scripts hold the JSON-LD
    notes.extend(bound_page(tree))
    return HtmlPage(tree, tuple(notes), dates.finish(tree))


def clean_html(
    page: HtmlPage,
    *,
    url: str | None = None,
    title: str | None = None,
    remembered: frozenset[str] = frozenset(),
    debug: bool = False,
) -> Extraction:
    """The article in a parsed HTML page, and what the page says about it.

    Lines whose fingerprints are in ``remembered`` are the source's boilerplate and are left
    out; with ``debug``, the page's removed lines are listed (``html_lines`` numbers them).
    """
    tree = page.tree
    if tree is None:
        return Extraction(warnings=page.notes)
    scopes = html_page.scopes(tree)
    around = Extraction(
        captions=tuple(html_page.captions(scopes)),
        dateline=html_page.dateline(scopes),
        language=page.signals.language if page.signals else None,
        warnings=page.notes,
    )
    try:
        # trafilatura works on a copy of the tree it is handed: ours stays as read
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_links=True,  # to tell lists of links from lists of the article
            with_metadata=False,  # only three of its fields are used: ``html_metadata``
            config=_config(),
        )
    except Exception as exc:  # noqa: BLE001  (a third-party parser's bug on odd input is bad input, not our failure)
        failure = ("html_extractor_failed", f"trafilatura failed: {type(exc).__name__}")
        return replace(around, warnings=(*page.notes, failure))
    if not isinstance(document, Document) or document.body is None:
        return _with_removed(around, page.lines, None) if debug else around
    meta = page_metadata(tree)
    body = paragraphs(document.body, title or meta.title, remembered)
    found = replace(
        around,
        text="\n\n".join(body.paragraphs),
        title=meta.title or None,
        authors=_authors(meta.author),
        tags=_tags(meta.tags),
    )
    return _with_removed(found, page.lines, body) if debug else found


def _with_removed(found: Extraction, lines: tuple[str, ...], body: Body | None) -> Extraction:
    removed = html_removed(lines, found, body.dropped if body else [])
    return replace(found, removed=tuple(removed))


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    # The dates stage reads dates; trafilatura's own extensive date search is wasted work here.
    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _authors(author: str | None) -> tuple[str, ...]:
    names = (name.strip() for name in (author or "").split(";"))
    return tuple(dict.fromkeys(name for name in names if is_name(name)))


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for entry in tags or ():
        for part in entry.split(","):
            tag = part.strip()
            if tag and len(tag.split()) <= MAX_TAG_WORDS:
                found.setdefault(tag, None)
    return tuple(found)[:MAX_TAGS]
