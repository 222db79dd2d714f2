"""From trafilatura's body (its XML: ``p``, ``head``, ``list``/``item``, ``quote``, ``table``,
``ref``) to paragraphs, dropping what trafilatura let through that is not the article.

General rules only: a heading that repeats the title, a list whose items are all links (a
"related stories" box), and notices (copyright, newsletter, cookies) are dropped.
"""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information

from tasks.clean.boilerplate import is_furniture

BLOCKS = frozenset({"p", "head", "quote", "code", "list", "table"})
LINK_LIST_SHARE = 0.8
"""A list whose text is this much link text is navigation, not content."""
MIN_LINK_LIST_ITEMS = 2
SPACE = re.compile(r"\s+")
BREAK = "\u2028"
"""Stands for a ``<br>`` while the source's own line breaks are collapsed as whitespace."""


def paragraphs(body: etree._Element, title: str | None) -> list[str]:
    """The article's paragraphs, in order (``body`` is trafilatura's and is changed)."""
    for br in body.iter("lb"):
        br.tail = BREAK + (br.tail or "")
    found: list[str] = []
    for block in _blocks(body):
        text = _render(block)
        if not text or _is_noise(block, text, title, first=not found):
            continue
        found.append(text)
    return found


def _blocks(element: etree._Element) -> list[etree._Element]:
    """Top-level text blocks, looking through any wrapper trafilatura left in place."""
    blocks: list[etree._Element] = []
    for child in element:
        if child.tag in BLOCKS:
            blocks.append(child)
        elif len(child):
            blocks.extend(_blocks(child))
    return blocks


def _is_noise(block: etree._Element, text: str, title: str | None, *, first: bool) -> bool:
    if first and block.tag == "head" and title and _same(text, title):
        return True
    if block.tag == "list" and _is_link_list(block):
        return True
    return "\n" not in text and is_furniture(text, len(text.split()))


def _is_link_list(block: etree._Element) -> bool:
    items = block.findall("item")
    if len(items) < MIN_LINK_LIST_ITEMS:
        return False
    total = len("".join(block.itertext()).split())
    linked = sum(len("".join(ref.itertext()).split()) for ref in block.iter("ref"))
    return total > 0 and linked >= LINK_LIST_SHARE * total


def _render(block: etree._Element) -> str:
    if block.tag == "list":
        items = (_inline(item) for item in block.iter("item"))
        return "\n".join(item for item in items if item)
    if block.tag == "table":
        rows = (" ".join(filter(None, map(_inline, row.iter("cell")))) for row in block.iter("row"))
        return "\n".join(row for row in rows if row)
    return _inline(block)


def _inline(element: etree._Element) -> str:
    """The element's text with runs of spaces collapsed and line breaks kept."""
    text = "".join(element.itertext())
    lines = (SPACE.sub(" ", line).strip() for line in text.split(BREAK))
    return "\n".join(line for line in lines if line)


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
