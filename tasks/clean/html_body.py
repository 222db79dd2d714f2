"""From trafilatura's body (its XML: ``p``, ``head``, ``list``/``item``, ``quote``, ``table``,
``ref``) to paragraphs, dropping what trafilatura let through that is not the article.

General rules only: a heading that repeats the title, notices and buttons (copyright,
newsletter, cookies, "Print article"), and what trails the last sentence (a list of links to
other stories, a form's messages) are dropped.
"""

from __future__ import annotations

import re

from lxml import etree

from tasks.clean.boilerplate import is_furniture

BLOCKS = frozenset({"p", "head", "quote", "code", "list", "table"})
LINK_LIST_SHARE = 0.8
"""A list whose items mostly open with a link is a list of other pages, not content."""
MIN_LINK_LIST_ITEMS = 2
FRINGE_WORDS = 10
"""After the article's last sentence, shorter unpunctuated blocks are buttons and messages."""
SENTENCE_END = re.compile(r"[.!?。！？…\"'”’»)।॥؟۔։።]$")
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"\w+")
MIN_TITLE_PREFIX_WORDS = 3
"""A heading this long that opens the title is the title without the site's name."""
URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
SPACE = re.compile(r"\s+")
BREAK = "\u2028"
"""Stands for a ``<br>`` while the source's own line breaks are collapsed as whitespace."""


def paragraphs(body: etree._Element, title: str | None) -> list[str]:
    """The article's paragraphs, in order (``body`` is trafilatura's and is changed)."""
    for br in body.iter("lb"):
        br.tail = BREAK + (br.tail or "")
    found: list[tuple[etree._Element, str]] = []
    for block in _blocks(body):
        text = _render(block)
        if text and not _is_noise(block, text, title, first=not found):
            found.append((block, text))
    return [text for _, text in _without_fringe(found)]


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
    if first and block.tag == "head" and title and _same_title(text, title):
        return True
    if not LETTER.search(text) or URL_ONLY.match(text):
        return True
    lines = text.split("\n")
    return all(is_furniture(line, len(line.split())) for line in lines)


def _without_fringe(
    found: list[tuple[etree._Element, str]],
) -> list[tuple[etree._Element, str]]:
    """Drop what trails the last sentence: lists of links, buttons, form messages."""
    end = len(found)
    while end > 0 and _is_fringe(*found[end - 1]):
        end -= 1
    return found[:end]


def _is_fringe(block: etree._Element, text: str) -> bool:
    if block.tag == "list":
        return _is_link_list(block)
    words = len(text.split())
    return words < FRINGE_WORDS and not SENTENCE_END.search(text)


def _is_link_list(block: etree._Element) -> bool:
    """Most items open with a link: related stories, more from this section."""
    items = block.findall("item")
    if len(items) < MIN_LINK_LIST_ITEMS:
        return False
    linked = sum(1 for item in items if _opens_with_link(item))
    return linked >= LINK_LIST_SHARE * len(items)


def _opens_with_link(item: etree._Element) -> bool:
    if (item.text or "").strip():
        return False
    first = next(iter(item), None)
    return first is not None and first.tag == "ref"


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


def _same_title(heading: str, title: str) -> bool:
    """The heading says the title, perhaps without the " - Site name" the title carries."""
    words, title_words = WORD.findall(heading.casefold()), WORD.findall(title.casefold())
    return (
        bool(words)
        and title_words[: len(words)] == words
        and (len(words) == len(title_words) or len(words) >= MIN_TITLE_PREFIX_WORDS)
    )
