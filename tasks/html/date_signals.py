"""Date signals in an HTML page: ``<meta>``, JSON-LD, microdata, ``<time>`` and date-like
elements near the top of the body.

Everything is read from the page ``page_index`` parsed and indexed, with hard caps on how many
nodes of each kind are looked at, so a hostile page costs no more than a large ordinary one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from tasks.html.jsonld_dates import jsonld_dates, script_dates
from tasks.html.meta_dates import meta_dates
from tasks.html.page_index import Element, Page, Role, inside
from tasks.record import PageDate as Signal

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
BEFORE_HEADLINE_FACTOR = 0.7
"""A date shown above the headline is as often a "today is" banner as the byline."""
MAX_CHILDREN = 8
"""An element with more children than this is a container, not a date."""
MAX_BODY_ELEMENTS = 20_000
"""Body elements examined for date-like classes; the byline is never this deep."""


def html_signals(page: Page) -> Iterator[Signal]:
    """Every date signal in the page, most structured first."""
    yield from meta_dates(page.metas)
    yield from jsonld_dates(page.scripts)
    yield from script_dates(page.scripts)
    walked = _walk_body(page)
    yield from _microdata(walked.dated)
    yield from _time_elements(page)
    yield from _date_elements(walked.marked)


_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated"})


@dataclass
class _Walked:
    """What one walk over the body found."""

    dated: list[Element] = field(default_factory=list)
    """Microdata date elements (``itemprop="datePublished"``…), not ``<meta>``."""
    marked: list[tuple[Element, str, bool]] = field(default_factory=list)
    """Elements whose class, id or itemprop sounds like a date: (element, those marks
    lowercased, whether it comes before the headline)."""


def _walk_body(page: Page) -> _Walked:
    """Microdata and date-like elements, in one walk: each walk over the body costs as much
    as the next, and most of it is Python work per element, so that work is kept small."""
    walked = _Walked()
    body = page.body
    if body is None:
        return walked
    headline = next((h1 for h1 in page.headlines if inside(h1, body)), None)
    before_headline = headline is not None
    # A page repeats its class names: each distinct (class, id, itemprop) is lowercased and
    # matched once (None: not date-like), not once per element.
    marks_of: dict[tuple[str | None, str | None, str | None], str | None] = {}
    for node in islice(body.iter(etree.Element), MAX_BODY_ELEMENTS):
        if node is headline:  # lxml hands out one object per element while it is referenced
            before_headline = False
        get = node.get
        cls, ident, prop = get("class"), get("id"), get("itemprop")
        if cls is None and ident is None and prop is None:
            continue
        if prop in _DATE_PROPS and node.tag != "meta":
            walked.dated.append(node)
        key = (cls, ident, prop)
        marks = marks_of.get(key, _UNSEEN)
        if marks is _UNSEEN:
            marks = marks_of[key] = _date_marks(cls, ident, prop)
        # The tag is asked last: most elements are already out, and ``.tag`` builds a string.
        if marks is not None and node.tag not in _SKIPPED_TAGS and len(node) <= MAX_CHILDREN:
            walked.marked.append((node, marks, before_headline))
    return walked


_UNSEEN = "\0unseen"
"""Not yet in the per-page table (None there means: seen, not date-like)."""


def _date_marks(cls: str | None, ident: str | None, prop: str | None) -> str | None:
    """The element's class, id and itemprop lowercased, if they sound like a date."""
    marks = f"{cls or ''} {ident or ''} {prop or ''}".lower()
    return marks if _DATE_CLASSES.search(marks) else None


def _microdata(dated: list[Element]) -> Iterator[Signal]:
    for order, node in enumerate(dated[:MAX_DATE_ELEMENTS]):
        prop = node.get("itemprop")
        value = node.get("content") or node.get("datetime") or _text(node)
        if value:
            role: Role = "modified" if prop == "dateModified" else "published"
            weight = 0.75 if prop == "datePublished" else 0.6
            yield Signal(f"html:itemprop:{prop}", "metadata", value, role, weight, order)


def _time_elements(page: Page) -> Iterator[Signal]:
    order = 0
    before_headline = bool(page.headlines)
    for node in page.clocks:
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


def _date_elements(marked: list[tuple[Element, str, bool]]) -> Iterator[Signal]:
    seen = 0
    for node, marks, before_headline in marked:
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
