"""Where the article is in a dump: the stretch of lines that holds the most prose.

Body text extraction (Finn, Kushmerick and Smyth's BTE) as a maximum-sum run: prose lines
count for their length, everything else against. Text renderers indent by DOM depth and an
article's paragraphs are siblings, so a run is sought at one indentation at a time: lines
nested deeper (a related-links box, an embedded tweet) are transparent to it, and a section
heading (comments, related stories) at its own depth or shallower ends it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.clean.classify import Judged, Kind

SENTENCE_SHARE = 0.5
"""How much of a sentence-like short line's length counts for the run."""
SHORT_COST = 2.0
"""What an undecided line costs the run it sits in, in words."""
FURNITURE_COST = 3.0
"""What a furniture line costs: a menu of ten items outweighs a paragraph of thirty words."""
MAX_CANDIDATES = 8
"""Indentations tried as the article's, most prose first."""
COMMENTS_AFTER_WORDS = 100
"""Prose that must come before a comments heading for it to open the readers' comments."""


BARRIERS = (Kind.BARRIER, Kind.COMMENTS, Kind.METADATA)


@dataclass(frozen=True)
class Run:
    """A stretch of lines ``[start, end)`` whose own lines sit at ``indent``."""

    start: int
    end: int
    indent: int
    score: float


def best_run(judged: Sequence[Judged]) -> Run | None:
    """The run of lines most likely to be the article, or None when there is no prose."""
    judged = judged[: comments_start(judged)]
    mass: Counter[int] = Counter()
    for item in judged:
        if item.kind is Kind.PROSE:
            mass[item.line.indent] += int(item.line.words)
    runs = [_best_run_at(judged, indent) for indent, _ in mass.most_common(MAX_CANDIDATES)]
    best = max(runs, key=lambda run: run.score, default=None)
    return best


def comments_start(judged: Sequence[Judged]) -> int:
    """Where readers' comments begin: a comments heading after some of the article's prose.

    A comments heading (or a "12 comments" link) before any prose is part of the article's
    header, not the start of the comments.
    """
    prose = 0.0
    for i, item in enumerate(judged):
        if item.kind is Kind.COMMENTS and prose >= COMMENTS_AFTER_WORDS:
            return i
        if item.kind is Kind.PROSE:
            prose += item.line.words
    return len(judged)


def _best_run_at(judged: Sequence[Judged], indent: int) -> Run:
    best = Run(0, 0, indent, 0.0)
    total, start = 0.0, 0
    for i, item in enumerate(judged):
        if item.line.indent > indent:
            continue
        if item.kind in BARRIERS or (item.line.indent < indent and item.kind is Kind.PROSE):
            total = 0.0
            continue
        if total <= 0:
            total, start = 0.0, i
        total += _weight(item, indent)
        if total > best.score:
            best = Run(start, i + 1, indent, total)
    return best


def _weight(item: Judged, indent: int) -> float:
    if item.line.indent < indent:
        return -SHORT_COST
    if item.kind is Kind.PROSE:
        return item.line.words
    if item.kind is Kind.SENTENCE:
        return item.line.words * SENTENCE_SHARE
    if item.kind in (Kind.SHORT, Kind.BYLINE):
        return -SHORT_COST
    return -FURNITURE_COST
