"""Which lines of the run found by ``region`` are the article's body.

Lines at the run's own indentation are, unless they are furniture or a byline. Nested lines
are, when they are prose not far below (a quote, an embedded post) or a list that the article
introduces (a heading or sentence right above it, not a "Related" label).
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.clean.classify import Judged, Kind
from tasks.clean.region import Run

TEXT_KINDS = (Kind.PROSE, Kind.SENTENCE, Kind.SHORT)
NESTED_PROSE_DEPTH = 6
"""Prose nested up to this much deeper is the article's; deeper still, it is a box of teasers
set into the page."""
NESTED_LIST_DEPTH = 4
"""How much deeper than the run an article's own list may be indented."""


def body_lines(judged: Sequence[Judged], run: Run) -> list[int]:
    """Indices of the run's lines that are article text, in order."""
    kept: list[int] = []
    list_open = False
    for i in range(run.start, run.end):
        item = judged[i]
        depth = item.line.indent - run.indent
        if depth == 0:
            keep = item.kind in TEXT_KINDS
            list_open = keep and not item.line.bullet
        elif item.line.bullet and 0 < depth <= NESTED_LIST_DEPTH:
            keep = list_open and item.kind in TEXT_KINDS
        else:
            keep = item.kind is Kind.PROSE and 0 < depth <= NESTED_PROSE_DEPTH
        if keep:
            kept.append(i)
    return kept
