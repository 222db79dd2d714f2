"""Stop-word density in any of about a hundred languages, without knowing the language first.

Running prose is dense in function words whatever the language; menus, headlines, credits and
button labels are not. jusText's stoplists (installed with trafilatura) cover a hundred
languages; the list that matches most of a page's words is taken as the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import justext

MIN_HITS = 5
"""Fewer stop-word hits than this on a whole page decides nothing (a page in Chinese or Japanese,
or almost no text): densities are then reported as zero."""


@lru_cache(maxsize=1)
def _stoplists() -> tuple[tuple[str, frozenset[str]], ...]:
    # Read once per process: about a hundred small files, ~0.1 s.
    return tuple(
        (name, frozenset(justext.get_stoplist(name))) for name in sorted(justext.get_stoplists())
    )


def warm_up() -> None:
    """Load the stoplists now (at start-up) rather than on the first page."""
    _stoplists()


def page_stoplist(tokens: Iterable[str]) -> frozenset[str]:
    """The stoplist that matches most of the page's (lower-cased) tokens; empty if none does."""
    counts: dict[str, int] = {}
    for token in tokens:
        low = token.lower()
        counts[low] = counts.get(low, 0) + 1
    best: frozenset[str] = frozenset()
    best_hits = MIN_HITS - 1
    for _name, words in _stoplists():
        hits = sum(n for word, n in counts.items() if word in words)
        if hits > best_hits:
            best, best_hits = words, hits
    return best


def density(tokens: tuple[str, ...], stoplist: frozenset[str]) -> float:
    """Share of ``tokens`` that are stop words."""
    if not tokens or not stoplist:
        return 0.0
    return sum(1 for t in tokens if t.lower() in stoplist) / len(tokens)
