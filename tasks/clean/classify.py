"""Each line of a dump judged on its own: article prose, page furniture, or undecided.

jusText's insight, applied to text lines instead of DOM blocks: prose is long and dense in
stop words; furniture is short, repeated, link-like or says what it is ("Share", "©").
Undecided lines (headings, short sentences, list items) are settled later by their neighbours.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass

from tasks.clean.boilerplate import is_furniture
from tasks.clean.byline import read_byline
from tasks.clean.lines import CJK, Line
from tasks.clean.sections import is_comments_heading, is_section_heading
from tasks.clean.stopwords import density
from tasks.clean.tags import read_tags
from tasks.clean.templated import templated

PROSE_WORDS = 10
"""A line this long with prose's stop-word density reads as article text."""
PROSE_DENSITY = 0.2
SENTENCE_WORDS = 4
"""A punctuated line this long may be a short paragraph of the article."""
LONG_WORDS = 30
"""A line this long is prose whatever its stop words (tables of names, languages we lack)."""
REPEAT_MAX_WORDS = 30
"""A line seen twice on a page is furniture (menus, share bars) unless it is this long."""

SENTENCE_END = re.compile(r"[.!?。！？…:;\"'”’»)\]।॥؟۔։።]$")
"""How sentences end, in Latin, CJK, Devanagari, Arabic, Armenian and Ethiopic scripts."""
FULL_STOP = re.compile(r"[.!?。！？…।॥؟۔։።]")
UNPUNCTUATED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
"""Thai, Lao, Burmese and Khmer: sentences end with a space, not a mark."""
CJK_PROSE = re.compile(r"[。、，！？]")
URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
LETTER = re.compile(r"[^\W\d_]")


class Kind(enum.Enum):
    """What a line is taken for before its neighbours are considered."""

    PROSE = "prose"
    FURNITURE = "furniture"
    SENTENCE = "sentence"
    """Too short to be sure of, but punctuated like a sentence: article if its neighbours are."""
    SHORT = "short"
    BARRIER = "barrier"
    """A heading that opens related links or another block that is not the article."""
    BYLINE = "byline"
    """Who wrote it and when: read for the record, not article text."""
    METADATA = "metadata"
    """Part of the page's metadata block: read for the record, and a barrier."""
    COMMENTS = "comments"
    """The heading of the readers' comments: a barrier after which prose is the readers'."""


@dataclass(frozen=True)
class Judged:
    """A line and what the classifier made of it."""

    line: Line
    kind: Kind


def judge_lines(
    lines: Sequence[Line], stoplist: frozenset[str], metadata: Container[int] = ()
) -> list[Judged]:
    """Classify every line of one page; ``metadata`` holds the indices of metadata lines."""
    seen = Counter(_key(line.text) for line in lines)
    stamped = templated(lines)
    return [
        Judged(line, Kind.METADATA)
        if line.index in metadata
        else _judge(line, stoplist, seen[_key(line.text)], line.index in stamped)
        for line in lines
    ]


def _judge(line: Line, stoplist: frozenset[str], copies: int, stamped: bool) -> Judged:
    kind = _kind(line, copies, density(line.tokens, stoplist))
    if stamped and kind in (Kind.PROSE, Kind.SENTENCE):
        kind = Kind.SHORT  # one of a template's lines: kept in the article, no proof of one
    return Judged(line, kind)


def _kind(line: Line, copies: int, share: float) -> Kind:
    if is_comments_heading(line.text, line.words):
        return Kind.COMMENTS
    if is_section_heading(line.text, line.words):
        return Kind.BARRIER
    if _is_furniture(line, copies):
        return Kind.FURNITURE
    if read_byline(line.text, line.words) is not None:
        return Kind.BYLINE
    if _reads_as_prose(line, share):
        return Kind.PROSE
    sentence = line.words >= SENTENCE_WORDS and not line.bullet
    return Kind.SENTENCE if sentence and SENTENCE_END.search(line.text) else Kind.SHORT


def _is_furniture(line: Line, copies: int) -> bool:
    if not LETTER.search(line.text) or URL_ONLY.match(line.text):
        return True
    if copies > 1 and line.words < REPEAT_MAX_WORDS:
        return True
    return is_furniture(line.text, line.words) or read_tags(line.text) is not None


def _reads_as_prose(line: Line, share: float) -> bool:
    if line.words >= LONG_WORDS:
        # Word soups (tag clouds, archive menus, headlines run together) are as long as
        # paragraphs but hold no sentence; teasers do not end like one.
        ends = SENTENCE_END.search(line.text) is not None
        return _holds_a_sentence(line) and (ends or not line.bullet)
    if not SENTENCE_END.search(line.text):
        return False
    if line.words < PROSE_WORDS:
        return False
    if CJK.search(line.text):
        return CJK_PROSE.search(line.text) is not None
    return share >= PROSE_DENSITY


def _holds_a_sentence(line: Line) -> bool:
    """A full stop, question or exclamation mark somewhere in the line, in any script (Thai,
    Lao, Burmese and Khmer prose goes without them)."""
    return FULL_STOP.search(line.text) is not None or UNPUNCTUATED.search(line.text) is not None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
