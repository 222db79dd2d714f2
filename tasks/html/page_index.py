"""The clean stage's parsed page, and the elements the date signals read, found in one pass.

Every walk over the tree costs about as much as the next, whatever it looks for; the
``<meta>``, ``<link>``, ``<script>``, ``<time>`` and ``<h1>`` elements are collected in one walk
that libxml2 filters by tag, instead of one XPath each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Element = Any
"""An lxml element (lxml ships no types)."""
Role = Literal["published", "modified", "unknown"]
"""What a date on the page says of the article (``tasks.record.PageDate.role``)."""

MAX_TEXT_CHARS = 100_000
"""Text handed on for the dates stage's last-resort scan (the page's visible text, or the
dump), and as much as that scan reads: one limit for both (the article's own date is never
further down)."""
MAX_OWN_URLS = 4
_INDEXED = ("meta", "link", "script", "time", "abbr", "h1")


@dataclass
class Page:
    """A parsed page and its elements of the indexed kinds, each list in document order."""

    root: Element
    metas: list[Element] = field(default_factory=list)
    scripts: list[Element] = field(default_factory=list)
    clocks: list[Element] = field(default_factory=list)
    """``<time>``, ``<abbr>`` and ``<h1>`` elements: where the headline sits among them counts."""
    headlines: list[Element] = field(default_factory=list)
    declared_urls: list[str] = field(default_factory=list)
    """The page's own URL as its canonical link and ``og:url`` give it (the first few)."""

    @property
    def body(self) -> Element | None:
        """The ``<body>`` element, if the page has one (see ``page_body``)."""
        return page_body(self.root)


def page_body(root: Element) -> Element | None:
    """The ``<body>`` element, else the whole page: a page that does not start as HTML (a PHP
    warning before its markup) is parsed as a fragment, in a wrapper without a ``<body>``."""
    body = root.find("body")
    return root if body is None else body


def index_page(root: Element) -> Page:
    """The page's elements of the indexed kinds (read before the tree is bounded: its
    scripts hold the JSON-LD)."""
    page = Page(root)
    for node in root.iter(*_INDEXED):
        tag = node.tag
        if tag == "meta":
            page.metas.append(node)
            if node.get("property") == "og:url":
                _declare(page, node.get("content"))
        elif tag == "script":
            page.scripts.append(node)
        elif tag == "link":
            if node.get("rel") == "canonical":
                _declare(page, node.get("href"))
        else:
            page.clocks.append(node)
            if tag == "h1":
                page.headlines.append(node)
    return page


def _declare(page: Page, url: str | None) -> None:
    if url is not None and len(page.declared_urls) < MAX_OWN_URLS:
        page.declared_urls.append(url)


def own_urls(page: Page) -> list[str]:
    """The page's own URL as it declares it (canonical link, ``og:url``): the date path a
    feed-proxy or tracking URL hides."""
    return [url for url in page.declared_urls if url.startswith(("http://", "https://", "/"))]


def headline_text(page: Page) -> str | None:
    """The first text of the page's first ``<h1>`` (still in it: see ``visible_text``)."""
    heading = next((h for h in page.headlines if inside(h, page.root)), None)
    if heading is None:
        return None
    return next((t.strip() for t in heading.itertext() if t.strip()), None)


def inside(node: Element, ancestor: Element) -> bool:
    """True when ``ancestor`` is an ancestor of ``node``."""
    parent = node.getparent()
    while parent is not None and parent is not ancestor:
        parent = parent.getparent()
    return parent is not None


def visible_text(root: Element) -> str:
    """The text a reader sees in the page, nodes separated by newlines, capped.

    Read from the bounded tree (``tasks.html.size``), which holds no scripts, styles or
    inline graphics any more.
    """
    body = page_body(root)
    if body is None:
        return ""
    parts: list[str] = []
    size = 0
    for piece in body.itertext(with_tail=True):
        text = piece.strip()
        if text:
            parts.append(text)
            size += len(text) + 1
            if size > MAX_TEXT_CHARS:
                break
    return "\n".join(parts)[:MAX_TEXT_CHARS]
