"""The cleaning metric: 4-token shingle precision and recall, as the article-extraction-benchmark
scores extractors.

Each page yields true positive, false positive and false negative shingle counts, normalised to
sum to one so that long pages weigh no more than short ones; precision and recall are averaged
over pages and F1 is taken of the two averages (not averaged per page).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
"""Tokens are runs of word characters in any script; case is kept."""

SHINGLE_SIZE = 4


@dataclass(frozen=True)
class PageCounts:
    """Normalised shingle counts of one page (they sum to 1, or are all 0 for two empty texts)."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class Scores:
    """Precision and recall averaged over pages, and the F1 of the two averages."""

    precision: float
    recall: float
    f1: float
    pages: int


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Every run of ``size`` consecutive tokens; a text shorter than that is one short shingle."""
    tokens = TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(expected: str, predicted: str) -> PageCounts:
    """Compare one page's extraction with its ground truth."""
    truth, guess = shingles(expected), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def precision(counts: PageCounts) -> float:
    """Share of predicted shingles that are right; a perfect empty match scores 1."""
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fp) if counts.tp + counts.fp else 0.0


def recall(counts: PageCounts) -> float:
    """Share of expected shingles that were found; a perfect empty match scores 1."""
    if counts.fp == counts.fn == 0:
        return 1.0
    return counts.tp / (counts.tp + counts.fn) if counts.tp + counts.fn else 0.0


def score(pages: Iterable[PageCounts]) -> Scores:
    """Average precision over pages that predicted something, recall over pages that expected
    something (the benchmark's convention), and F1 of those averages."""
    pages = list(pages)
    precisions = [precision(p) for p in pages if p.tp + p.fp > 0]
    recalls = [recall(p) for p in pages if p.tp + p.fn > 0]
    avg_p = sum(precisions) / len(precisions) if precisions else 0.0
    avg_r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * avg_p * avg_r / (avg_p + avg_r) if avg_p + avg_r else 0.0
    return Scores(precision=avg_p, recall=avg_r, f1=f1, pages=len(pages))
