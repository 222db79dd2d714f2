"""Date signals in an HTML page: ``<meta>``, JSON-LD, microdata, ``<time>`` and date-like
elements near the top of the body.

Everything is read through lxml with hard caps on the input size and on how many nodes of
each kind are looked at, so a hostile page costs no more than a large ordinary one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from tasks.dates.html_meta import meta_dates
from tasks.dates.jsonld import jsonld_dates, script_dates
from tasks.dates.model import Role, Signal

MAX_HTML_CHARS = 3_000_000
"""Pages longer than this are cut; the signals that matter sit in the head and the top."""

MAX_TIME_ELEMENTS = 60
MAX_DATE_ELEMENTS = 40
MAX_ELEMENT_TEXT = 160
"""A date element's text longer than this is a container, not a date."""

_DATE_CLASSES = re.compile(
    r"date|datum|fecha|data|time|publi|posted|byline|dateline|timestamp|meta|info|submitted"
    r"|created|updated|modified"
)
_SKIPPED_TAGS = frozenset({"script", "style", "time", "meta", "noscript", "template", "svg", "a"})
"""Not date elements: code, the ``<time>`` tags read on their own, and links (a date on a
link is the linked item's)."""
_SUBTAGS = re.compile(r"[-_]")
MAX_TEXT_CHARS = 100_000
"""Visible text kept for the last-resort scan."""
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")
BEFORE_HEADLINE_FACTOR = 0.7
"""A date shown above the headline is as often a "today is" banner as the byline."""
MAX_CHILDREN = 8
"""An element with more children than this is a container, not a date."""
MAX_BODY_ELEMENTS = 20_000
"""Body elements examined for date-like classes; the byline is never this deep."""


Element = Any
"""An lxml element (lxml ships no types)."""


def parse_html(html: str) -> Element | None:
    """The page as an lxml tree (cut to ``MAX_HTML_CHARS``), or None when it has no content.

    A plain ``etree`` tree, not ``lxml.html``'s: the stage needs no ``HtmlElement`` methods, and
    their per-element class lookup was a tenth of the stage's time.
    """
    data = html[:MAX_HTML_CHARS].encode("utf-8", "replace")
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def page_language(root: Element) -> tuple[str | None, str | None]:
    """The language the page declares (``<html lang="en-IN">``: ``en``) and the region it
    names (``in``), each if any."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    region = next((p for p in _SUBTAGS.split(lang)[1:] if len(p) == 2 and p.isalpha()), None)
    return lang.split("-")[0][:3] or None, region


def html_signals(root: Element) -> Iterator[Signal]:
    """Every date signal in the page, most structured first."""
    yield from meta_dates(root)
    yield from jsonld_dates(root)
    yield from script_dates(root)
    yield from _microdata(root)
    yield from _time_elements(root)
    yield from _date_elements(root)


def own_urls(root: Element) -> list[str]:
    """The page's own URL as it declares it (canonical link, ``og:url``): the date path a
    feed-proxy or tracking URL hides."""
    urls = root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")[:4]
    return [str(url) for url in urls if str(url).startswith(("http://", "https://", "/"))]


def visible_text(root: Element) -> str:
    """The text a reader sees in an lxml page, nodes separated by newlines, capped."""
    body = root.find("body")
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


def headline_text(root: Element) -> str | None:
    """The first text of the page's first ``<h1>``, if it has one."""
    heading = root.find(".//h1")
    if heading is None:
        return None
    return next((t.strip() for t in heading.itertext() if t.strip()), None)


_ITEMPROPS = etree.XPath("//body//*[@itemprop]")
_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated"})


def _microdata(root: Element) -> Iterator[Signal]:
    dated = (n for n in _ITEMPROPS(root) if n.get("itemprop") in _DATE_PROPS and n.tag != "meta")
    for order, node in enumerate(dated):
        if order >= MAX_DATE_ELEMENTS:
            return
        prop = node.get("itemprop")
        value = node.get("content") or node.get("datetime") or _text(node)
        if value:
            role: Role = "modified" if prop == "dateModified" else "published"
            weight = 0.75 if prop == "datePublished" else 0.6
            yield Signal(f"html:itemprop:{prop}", "metadata", value, role, weight, order)


def _time_elements(root: Element) -> Iterator[Signal]:
    order = 0
    before_headline = root.find(".//h1") is not None
    for node in root.iter("time", "abbr", "h1"):
        if node.tag == "h1":
            before_headline = False
            continue
        if order >= MAX_TIME_ELEMENTS:
            break
        if node.tag == "abbr" and "published" not in (node.get("class") or ""):
            continue
        order += 1
        marks = " ".join(
            (node.get("class") or "", node.get("itemprop") or "", node.get("id") or "")
        ).lower()
        role: Role = "unknown"
        if "publish" in marks or "pubdate" in marks or node.get("pubdate") is not None:
            role = "published"
        elif "updated" in marks or "modified" in marks:
            role = "modified"
        weight = max(0.35, (0.7 if role != "unknown" else 0.6) - 0.05 * (order - 1))
        weight *= BEFORE_HEADLINE_FACTOR if before_headline and role == "unknown" else 1.0
        value = node.get("datetime") or node.get("title") or ""
        if value.strip():
            yield Signal("html:time", "time", value, role, weight, order)
        text = _text(node)
        if text:
            yield Signal("html:time:text", "time", text, role, weight - 0.05, order, True)


def _date_elements(root: Element) -> Iterator[Signal]:
    body = root.find("body")
    if body is None:
        return
    seen = 0
    before_headline = body.find(".//h1") is not None
    for index, node in enumerate(body.iter()):
        if index >= MAX_BODY_ELEMENTS:
            return
        tag = node.tag
        before_headline &= tag != "h1"
        if tag in _SKIPPED_TAGS or not isinstance(tag, str):
            continue
        get = node.get
        marks = f"{get('class', '')} {get('id', '')} {get('itemprop', '')}".lower()
        if not _DATE_CLASSES.search(marks) or len(node) > MAX_CHILDREN:
            continue
        text = _text(node)
        if not text or not any(ch.isdigit() for ch in text):
            continue
        role: Role = "modified" if ("updated" in marks or "modified" in marks) else "unknown"
        if "publi" in marks:
            role = "published"
        weight = max(0.3, 0.6 - 0.03 * seen)
        weight *= BEFORE_HEADLINE_FACTOR if before_headline and role == "unknown" else 1.0
        yield Signal("html:element", "element", text, role, round(weight, 3), seen, True)
        seen += 1
        if seen >= MAX_DATE_ELEMENTS:
            return


def _text(node: Element) -> str:
    """The element's text when it is short enough to be a date, else ''."""
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece)
        if size > MAX_ELEMENT_TEXT * 4:
            return ""
    text = " ".join("".join(parts).split())
    return text if len(text) <= MAX_ELEMENT_TEXT else ""
