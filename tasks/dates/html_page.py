"""An HTML page parsed once, and the elements the date signals read, found in one pass.

Every walk over the tree costs about as much as the next, whatever it looks for; the
``<meta>``, ``<link>``, ``<script>``, ``<time>`` and ``<h1>`` elements are collected in one walk
that libxml2 filters by tag, instead of one XPath each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

Element = Any
"""An lxml element (lxml ships no types)."""

MAX_HTML_CHARS = 3_000_000
"""Pages longer than this are cut; the signals that matter sit in the head and the top."""
MAX_TEXT_CHARS = 100_000
"""Visible text kept for the last-resort scan."""
MAX_OWN_URLS = 4
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")
_INDEXED = ("meta", "link", "script", "time", "abbr", "h1")
_SUBTAGS = re.compile(r"[-_]")


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
        """The ``<body>`` element, if the page has one."""
        return self.root.find("body")


def read_page(html: str) -> Page | None:
    """The page (cut to ``MAX_HTML_CHARS``), or None when it has no content."""
    root = parse_html(html)
    if root is None:
        return None
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


def parse_html(html: str) -> Element | None:
    """The page as an lxml tree (cut to ``MAX_HTML_CHARS``), or None when it has no content.

    A plain ``etree`` tree, not ``lxml.html``'s: the stage needs no ``HtmlElement`` methods, and
    their per-element class lookup was a tenth of the stage's time.
    """
    data = html[:MAX_HTML_CHARS].encode("utf-8", "replace")
    # collect_ids=False: no hash table of every ``id`` (nothing here looks one up); a seventh
    # of the parse.
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def _declare(page: Page, url: str | None) -> None:
    if url is not None and len(page.declared_urls) < MAX_OWN_URLS:
        page.declared_urls.append(url)


def page_language(root: Element) -> tuple[str | None, str | None]:
    """The language the page declares (``<html lang="en-IN">``: ``en``) and the region it
    names (``in``), each if any."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    region = next((p for p in _SUBTAGS.split(lang)[1:] if len(p) == 2 and p.isalpha()), None)
    return lang.split("-")[0][:3] or None, region


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


def visible_text(page: Page) -> str:
    """The text a reader sees in the page, nodes separated by newlines, capped.

    It strips the invisible elements from the tree: read every other signal first.
    """
    body = page.body
    if body is None:
        return ""
    etree.strip_elements(body, *_INVISIBLE, with_tail=False)
    parts: list[str] = []
    size = 0
    for piece in body.itertext():
        text = piece.strip()
        if text:
            parts.append(text)
            size += len(text) + 1
            if size > MAX_TEXT_CHARS:
                break
    return "\n".join(parts)[:MAX_TEXT_CHARS]
