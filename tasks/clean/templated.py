"""Lines a page prints from one template: a row of share buttons ("Click to share on X
(Opens in new window)"), a label repeated per product, a teaser row per story.

Such lines are as long and as wordy as sentences, and would pass for a paragraph of prose,
but they differ from each other by a word or two. An article's paragraphs hardly ever share
most of their wording with two others (a quote repeated word for word is a copy, which the
classifier already treats as such).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from tasks.clean.lines import Line

MIN_WORDS = 6
"""Shorter lines are judged as labels or menu items anyway."""
SHINGLE = 3
"""Word trigrams: a template's fixed part yields several, a one-word slot breaks few."""
SHARED = 0.5
"""A line shares at least this share of its trigrams with each of its siblings."""
MIN_SIBLINGS = 2
"""Other lines from the same template: with one, two paragraphs may merely quote alike."""
MAX_HOLDERS = 64
"""A trigram on more lines than this is the template's for sure; siblings are not counted
through it, which keeps a hostile page of thousands of near-copies linear."""


def templated(lines: Sequence[Line]) -> set[int]:
    """Indices (``Line.index``) of the lines that two others repeat but for a word or two."""
    grams = [_shingles(line) for line in lines]
    holders: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, own in enumerate(grams):
        for gram in own:
            holders[gram].add(i)
    found: set[int] = set()
    for i, own in enumerate(grams):
        rare = [gram for gram in own if len(holders[gram]) <= MAX_HOLDERS]
        if len(own) - len(rare) >= SHARED * len(own) > 0:
            found.add(lines[i].index)  # most of its wording is on line after line
            continue
        shared: Counter[int] = Counter(j for gram in rare for j in holders[gram] if j != i)
        siblings = [
            j for j, count in shared.items() if count >= SHARED * len(own) and grams[j] != own
        ]
        if len(siblings) >= MIN_SIBLINGS:
            found.add(lines[i].index)
    return found


def _shingles(line: Line) -> set[tuple[str, ...]]:
    if line.words < MIN_WORDS:
        return set()
    words = [token.casefold() for token in line.tokens]
    return {tuple(words[k : k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}
