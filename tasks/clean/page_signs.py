"""What tells a dump of a web page from article text that a crawler already extracted.

A dump carries the page around its article: the page's nesting (renderers indent by DOM
depth), menus, buttons and prompts, legal notices, headings of related links and comments, a
tag line, a metadata tail. Text that shows none of that is paragraphs of prose, maybe with a
heading or a list, and cleaning could only lose some of it: it is kept whole.

The thresholds are set so that text which is already clean never counts as a page: among
about 240 article texts (hand-made bodies and HTML extractions of pages in many languages) the
most seen is one notice or section heading, or four lines of other furniture ("Newsletter" as
a heading of minutes, a "Sign up for ..." sentence of a review), while nearly every dump
shows several of these signs at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tasks.clean.boilerplate import NOTICE, is_furniture
from tasks.clean.classify import SENTENCE_END, SENTENCE_WORDS
from tasks.clean.lines import Line
from tasks.clean.sections import is_section_heading
from tasks.clean.tags import read_tags

MIN_INDENTED_SHARE = 0.5
"""A renderer indents nearly every line of a page (the article sits deep in its markup);
clean text is flush left, but for a quote, a list or a block of code."""
MIN_DEPTHS = 3
"""Indentation depths (each of two lines or more) that make a page's nesting."""
MIN_NOTICES = 2
"""Legal notices, section headings, tag lines and metadata blocks that make a page: an article
may close with a copyright credit or have one heading that reads like "Related"."""
MIN_FURNITURE = 5
"""Furniture lines of any kind (buttons, labels, prompts, notices) that make a page."""
MENU_ITEM_WORDS = 3
"""A menu item is this short, and not punctuated like a sentence."""
MIN_MENU_ITEMS = 5
"""Consecutive items before the article's first sentence that make a menu; two do when they
are a bulleted list (a clean text does not open with a list of bare labels)."""
MIN_BULLETED_MENU_ITEMS = 2


def shows_page(lines: Sequence[Line], blocks: Sequence[range]) -> bool:
    """The text carries the page around an article: it is a dump to clean, not clean text.

    ``blocks`` are the text's metadata blocks (``metadata_block.find_blocks``)."""
    return _nested(lines) or _has_furniture(lines, len(blocks)) or _opens_with_menu(lines)


def _nested(lines: Sequence[Line]) -> bool:
    """Most lines indented, at several depths: a renderer's trace of the page's markup."""
    if not lines:
        return False
    indented = sum(1 for line in lines if line.indent > 0)
    depths = Counter(line.indent for line in lines)
    several = sum(1 for count in depths.values() if count >= 2)
    return indented >= MIN_INDENTED_SHARE * len(lines) and several >= MIN_DEPTHS


def _has_furniture(lines: Sequence[Line], blocks: int) -> bool:
    notices, other = blocks, 0
    for line in lines:
        if (
            NOTICE.search(line.text.lower())
            or is_section_heading(line.text, line.words)
            or read_tags(line.text) is not None
        ):
            notices += 1
        elif is_furniture(line.text, line.words):
            other += 1
    return notices >= MIN_NOTICES or notices + other >= MIN_FURNITURE


def _opens_with_menu(lines: Sequence[Line]) -> bool:
    """A run of bare labels before the first sentence: the page's navigation."""
    run: list[Line] = []
    for line in lines:
        if _is_sentence(line):
            break
        if not _is_item(line) or (run and line.blank_before):
            run = []
        if _is_item(line):
            run.append(line)
        if _is_menu(run):
            return True
    return False


def _is_menu(run: Sequence[Line]) -> bool:
    bulleted = sum(1 for line in run if line.bullet)
    return len(run) >= MIN_MENU_ITEMS or bulleted >= MIN_BULLETED_MENU_ITEMS


def _is_item(line: Line) -> bool:
    return line.words <= MENU_ITEM_WORDS and not SENTENCE_END.search(line.text)


def _is_sentence(line: Line) -> bool:
    return line.words >= SENTENCE_WORDS and SENTENCE_END.search(line.text) is not None
