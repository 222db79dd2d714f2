"""The top of an article in a dump: its headline, and what sits between the headline and the
first paragraph (standfirst, photo, caption, byline).

Renderers print the headline a few lines above the body, with the photo's alt text, its
caption, the byline and share buttons in between. Walking up from the first paragraph over
those finds the headline; the payload's own title, when it has one, is looked for first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.clean.captions import is_alt_text, read_caption
from tasks.clean.classify import Judged, Kind
from tasks.clean.region import Run

INDENT_SLACK = 2
"""How much deeper than the body a headline or standfirst may sit (a wrapper element)."""
LEAD_LINES = 8
"""How far above the first paragraph the headline is looked for."""
TITLE_SEARCH_LINES = 60
"""How far above the first paragraph the payload's title is looked for."""
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 30
STATEMENT_END = re.compile(r"[.;:,]$")
"""Headlines may ask or exclaim but do not end like a statement."""
PASSABLE = (Kind.FURNITURE, Kind.BYLINE, Kind.SHORT)
"""What may sit between a headline and the body without ending the search."""


@dataclass(frozen=True)
class Lead:
    """The headline's line and the lines between it and the body that belong to the article."""

    headline: int | None
    keep: tuple[int, ...]


def find_lead(judged: Sequence[Judged], run: Run, title: str | None) -> Lead:
    """The headline above the ``run`` of body lines, and the lead lines to keep."""
    headline = _find_title(judged, run.start, title) if title else None
    if headline is None:
        headline = _walk_up(judged, run)
    if headline is None:
        return Lead(None, ())
    keep = tuple(
        i
        for i in range(headline + 1, run.start)
        if _is_caption(judged, i)
        or (judged[i].kind in (Kind.PROSE, Kind.SENTENCE) and not _nested(judged[i], run))
    )
    return Lead(headline, keep)


def _find_title(judged: Sequence[Judged], body_start: int, title: str) -> int | None:
    wanted = _normal(title)
    for i in range(body_start - 1, max(-1, body_start - TITLE_SEARCH_LINES), -1):
        if _normal(judged[i].line.text) == wanted:
            return i
    return None


def _walk_up(judged: Sequence[Judged], run: Run) -> int | None:
    for i in range(run.start - 1, max(-1, run.start - LEAD_LINES), -1):
        item = judged[i]
        if _nested(item, run):
            continue  # a widget set into the header (a sign-up box, a photo credit)
        if _is_headline(item):
            if not _is_caption(judged, i) and not _is_alt(judged, i):
                return i
        elif item.kind not in PASSABLE and item.kind not in (Kind.PROSE, Kind.SENTENCE):
            return None
        # Share buttons may be a list; any other list above the body is a menu or teasers.
        if item.line.bullet and item.kind is not Kind.FURNITURE:
            return None
    return None


def _nested(item: Judged, run: Run) -> bool:
    """Deeper than the body: headlines and standfirsts sit at its level or above it."""
    return item.line.indent > run.indent + INDENT_SLACK


def _is_headline(item: Judged) -> bool:
    line = item.line
    return (
        item.kind is Kind.SHORT
        and not line.bullet
        and MIN_HEADLINE_WORDS <= line.words <= MAX_HEADLINE_WORDS
        and not STATEMENT_END.search(line.text)
    )


def _is_caption(judged: Sequence[Judged], i: int) -> bool:
    return read_caption(judged[i].line.text, judged[i].line.words) is not None


def _is_alt(judged: Sequence[Judged], i: int) -> bool:
    return i + 1 < len(judged) and is_alt_text(judged[i].line.text, judged[i + 1].line.text)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
