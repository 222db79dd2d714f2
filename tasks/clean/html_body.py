"""From trafilatura's body (its text blocks, ``html_blocks``) to paragraphs, dropping what
trafilatura let through that is not the article.

General rules only: a heading that repeats the title, a byline or date above the first
paragraph, notices and buttons (copyright, newsletter, cookies, "Print article"), the page's
sections after the article (related stories, comments) and what trails the last sentence (a
list of links to other stories, a form's messages) are dropped. So are the lines that the
source's memory shows to be its boilerplate (a promo or a disclaimer inside the article's
markup), before the trailing blocks are looked at, so that what trailed a remembered footer
goes with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from tasks.clean.boilerplate import is_furniture
from tasks.clean.byline import read_byline
from tasks.clean.html_blocks import text_blocks
from tasks.clean.reasons import BYLINE, COMMENTS, NAVIGATION, RELATED, SOURCE_MEMORY, TITLE
from tasks.clean.sections import is_comments_heading, is_section_heading
from tasks.clean.source_memory import fingerprint, mostly_remembered

LINK_LIST_SHARE = 0.8
"""A list whose items mostly open with a link is a list of other pages, not content."""
MIN_LINK_LIST_ITEMS = 2
SECTIONS_AFTER_WORDS = 100
"""Article text before a section heading for it to end the article: a heading that reads like
"More about ..." near the top is the article's own."""
FRINGE_WORDS = 10
"""After the article's last sentence, shorter unpunctuated blocks are buttons and messages."""
SENTENCE_END = re.compile(r"[.!?。！？…\"'”’»)।॥؟۔։።]$")
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"\w+")
MIN_TITLE_PREFIX_WORDS = 3
"""A heading this long that opens the title is the title without the site's name."""
URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
FURNITURE = "furniture"
"""Cause of a line dropped as furniture; its words tell which kind (``reasons.kind_of``)."""


@dataclass(frozen=True)
class Body:
    """The article's paragraphs, and the lines of trafilatura's body left out, with why."""

    paragraphs: list[str]
    dropped: list[tuple[str, str]]
    """``(line, cause)``: a reason code of ``tasks.clean.reasons``, or ``FURNITURE`` for a
    line whose kind of furniture its words tell."""


def paragraphs(
    body: etree._Element, title: str | None, remembered: frozenset[str] = frozenset()
) -> Body:
    """The article's paragraphs, in order (``body`` is trafilatura's and is changed).

    Lines whose fingerprints are in ``remembered`` (the source's boilerplate, per its memory)
    are left out too."""
    rendered = text_blocks(body)
    if remembered and _mostly_remembered(rendered, remembered):
        remembered = frozenset()
    found: list[tuple[etree._Element, str]] = []
    dropped: list[tuple[str, str]] = []
    end = _sections_start(rendered)
    for block, whole in rendered[:end]:
        if _is_header_byline(whole, found):
            dropped.extend((line, BYLINE) for line in whole.split("\n"))
            continue
        text, cause, forgotten = _sift(block, whole, title, remembered, first=not found)
        dropped.extend((line, SOURCE_MEMORY) for line in forgotten)
        if not text:
            continue
        if cause is None:
            found.append((block, text))
        else:
            dropped.extend((line, cause) for line in text.split("\n"))
    kept = _without_fringe(found)
    for block, text in found[len(kept) :]:
        cause = RELATED if block.tag == "list" else FURNITURE
        dropped.extend((line, cause) for line in text.split("\n"))
    dropped.extend(_section_lines(rendered[end:]))
    return Body([text for _, text in kept], dropped)


def _section_lines(sections: list[tuple[etree._Element, str]]) -> list[tuple[str, str]]:
    """The lines of the sections after the article, as comments or related links."""
    if not sections:
        return []
    heading = sections[0][1]
    cause = COMMENTS if is_comments_heading(heading, len(heading.split())) else RELATED
    return [(line, cause) for _, text in sections for line in text.split("\n")]


def _is_header_byline(text: str, found: list[tuple[etree._Element, str]]) -> bool:
    """A byline or a bare date above the article's first paragraph: read for the record
    (``html_page.dateline``), not article text. Further down, a date may be the article's."""
    opened = any(len(kept.split()) >= FRINGE_WORDS for _, kept in found)
    return not opened and read_byline(text, len(text.split())) is not None


def _sections_start(rendered: list[tuple[etree._Element, str]]) -> int:
    """Where the page's other sections begin: a heading of related stories or of comments
    after the article's first paragraphs (a layout table lets them into trafilatura's body)."""
    words = 0
    for i, (_, text) in enumerate(rendered):
        if words >= SECTIONS_AFTER_WORDS and is_section_heading(text, len(text.split())):
            return i
        words += len(text.split())
    return len(rendered)


def _sift(
    block: etree._Element, text: str, title: str | None, remembered: frozenset[str], *, first: bool
) -> tuple[str, str | None, list[str]]:
    """The block's text without its remembered lines, why that is not article text (None when
    it may be), and the remembered lines (only of a block the page's rules would keep)."""
    cause = _noise(block, text, title, first=first)
    if cause is not None or not remembered:
        return text, cause, []
    kept, forgotten = _forget(text, remembered)
    if not kept:
        return "", None, forgotten
    return kept, _noise(block, kept, title, first=first), forgotten


def _mostly_remembered(
    rendered: list[tuple[etree._Element, str]], remembered: frozenset[str]
) -> bool:
    """The remembered lines are nearly all of the body's text: the page repeats a story."""
    lines = [line for _, text in rendered for line in text.split("\n")]
    words = sum(len(line.split()) for line in lines)
    known = sum(len(line.split()) for line in lines if fingerprint(line) in remembered)
    return mostly_remembered(known, words)


def _forget(text: str, remembered: frozenset[str]) -> tuple[str, list[str]]:
    """The block's text without its remembered lines, and those lines."""
    kept: list[str] = []
    forgotten: list[str] = []
    for line in text.split("\n"):
        (forgotten if fingerprint(line) in remembered else kept).append(line)
    return "\n".join(kept), forgotten


def _noise(block: etree._Element, text: str, title: str | None, *, first: bool) -> str | None:
    """Why the block is not article text, or None when it may be."""
    if first and block.tag == "head" and title and _same_title(text, title):
        return TITLE
    if not LETTER.search(text) or URL_ONLY.match(text):
        return NAVIGATION
    lines = text.split("\n")
    return FURNITURE if all(is_furniture(line, len(line.split())) for line in lines) else None


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


def _same_title(heading: str, title: str) -> bool:
    """The heading says the title, perhaps without the " - Site name" the title carries."""
    words, title_words = WORD.findall(heading.casefold()), WORD.findall(title.casefold())
    return (
        bool(words)
        and title_words[: len(words)] == words
        and (len(words) == len(title_words) or len(words) >= MIN_TITLE_PREFIX_WORDS)
    )
