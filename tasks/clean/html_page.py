"""What the raw page says around its article: photo captions and the byline's date text (the
language it declares is ``tasks.html.language``'s).

Read from the parsed page before trafilatura, which drops both. Where the page marks its
article (``<article>``, ``<main>``, schema.org ``articleBody``), only that part is searched, so
the captions of teaser images elsewhere stay out.
"""

from __future__ import annotations

import re

from lxml import etree

from tasks.clean.datetext import find_date

ARTICLE = etree.XPath("//article | //main | //*[@itemprop='articleBody'] | //*[@role='main']")
CAPTIONS = etree.XPath(
    ".//figcaption | .//*[@itemprop='caption']"
    " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    " | .//*[contains(@class, 'caption-text') or contains(@class, 'wp-caption-text')]"
)
DATE_HOLDERS = etree.XPath(
    ".//time | .//*[contains(@class, 'byline') or contains(@class, 'dateline')"
    " or contains(@class, 'date') or contains(@class, 'timestamp')"
    " or contains(@class, 'published') or @itemprop='datePublished']"
)
MAX_CAPTIONS = 30
MAX_CAPTION_CHARS = 600
MAX_DATE_HOLDER_CHARS = 200
"""Longer elements classed "date" are containers, not the date."""
SPACE = re.compile(r"\s+")


def captions(scopes: list[etree._Element]) -> list[str]:
    """Captions of the article's images, in page order, without repeats (``scopes``: where
    to look, in turn)."""
    found: dict[str, None] = {}
    for scope in scopes:
        for element in CAPTIONS(scope):
            text = _text(element)
            if text and len(text) <= MAX_CAPTION_CHARS and not _inside_found(text, found):
                found.setdefault(text, None)
        if found:
            break
    return list(found)[:MAX_CAPTIONS]


def dateline(scopes: list[etree._Element]) -> str | None:
    """The date text of the article's byline or ``<time>`` element, as written (``scopes``:
    where to look, in turn)."""
    for scope in scopes:
        for element in DATE_HOLDERS(scope):
            text = _text(element)
            if text and len(text) <= MAX_DATE_HOLDER_CHARS and (date := find_date(text)):
                return date
    return None


def scopes(tree: etree._Element) -> list[etree._Element]:
    """The marked article (if any), then the whole page: found once for both readers, the
    XPath walks the whole tree."""
    marked = ARTICLE(tree)
    return [marked[0], tree] if marked else [tree]


def _text(element: etree._Element) -> str:
    return SPACE.sub(" ", "".join(element.itertext())).strip()


def _inside_found(text: str, found: dict[str, None]) -> bool:
    """A nested caption element repeats part of one already taken (or the other way round)."""
    return any(text in other or other in text for other in found)
