"""Per-source memory for the clean stage: which lines of a page to ask about and count, and
when the counts say that a line is the source's boilerplate.

A line is known by its fingerprint: a short hash of its words, case-folded, with every number
folded to ``0`` ("© 2024 Harbour Daily" and "© 2025 Harbour Daily" are one line), so the
same line rendered from HTML or in a text dump counts as one.

The counts come from earlier articles of the same source (``SourceMemory``). They are trusted
only when there are enough of them; then a line counts as boilerplate when it occurred in
enough of those articles, both in number and in share (``remembered``). Below that, the
single-page rules decide alone. A page that the memory would empty almost entirely
(``mostly_remembered``) is a story the source already ran, not its template, and the memory
is not used on it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from tasks.clean.boilerplate import is_furniture
from tasks.record import SourceMemory

MIN_ARTICLES = 5
"""Memory is trusted once this many articles of the source have been counted. With fewer, the
two or three updates of one running story that open a stream would already make their shared
paragraphs look like the site's template."""
MIN_RECURRENCE = 3
"""A line is boilerplate only if it occurred in at least this many earlier articles: two
stories may quote the same sentence, the site's template is on every page."""
MIN_SHARE = 0.5
"""... and in at least this share of the articles counted: the template, a standard disclaimer
or a promo the site runs under every story recur in most articles; a quote, a stock phrase
of one beat or one of several rotating teasers in a minority of them."""
MAX_REMEMBERED_SHARE = 0.8
"""A page whose candidate text is remembered beyond this share (in words) is a repeat of
stories already counted (an update republished under a new id, a syndicated copy), whose
paragraphs recur for that reason: the memory is not used on it. A short story under a heavy
template stays below it."""
MAX_MEMORY_KEYS = 400
"""Fingerprints asked about and counted per article (the transport sends them to the shared
store). More than the candidate lines of any dev page (at most about 250); past it, the
longest lines are kept, see ``memory_keys``."""
FINGERPRINT_BYTES = 8
"""64 bits: no two distinct lines of one source collide in practice, and the key stays short."""

WORD = re.compile(r"\w+")
DIGITS = re.compile(r"\d+")
LETTER = re.compile(r"[^\W\d_]")


def normal_form(text: str) -> str:
    """The line's words, compatibility-normalised and case-folded, numbers folded to ``0``."""
    # Most lines are ASCII, which NFKC leaves as it is and which casefolds as it lowercases;
    # digits are always inside a word, so folding them before splitting folds the same.
    folded = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    return " ".join(WORD.findall(DIGITS.sub("0", folded)))


def fingerprint(text: str) -> str | None:
    """A short stable key for a line (None for a line without words)."""
    normal = normal_form(text)
    if not normal:
        return None
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=FINGERPRINT_BYTES).hexdigest()


def memory_keys(lines: Iterable[str]) -> list[str]:
    """The fingerprints worth asking about among a page's text lines, at most
    ``MAX_MEMORY_KEYS``.

    Lines the single-page rules always drop (no letters, buttons, notices) need no memory and
    are left out. When a page has more candidates than the cap, the longest lines are kept: the
    boilerplate that the single-page rules let through reads like prose (promos, disclaimers,
    a footer's sentences), while long pages are long because of menus and lists of links,
    which are short lines.
    """
    found: dict[str, int] = {}
    for text in lines:
        words = len(text.split())
        if not LETTER.search(text) or is_furniture(text, words):
            continue
        key = fingerprint(text)
        if key is not None:
            found[key] = max(words, found.get(key, 0))
    if len(found) <= MAX_MEMORY_KEYS:
        return list(found)
    longest = sorted(found, key=lambda key: -found[key])[:MAX_MEMORY_KEYS]
    chosen = set(longest)
    return [key for key in found if key in chosen]


def remembered(memory: SourceMemory | None) -> frozenset[str]:
    """The fingerprints that ``memory`` shows to be the source's boilerplate (the trust rule)."""
    if memory is None or memory.articles < MIN_ARTICLES:
        return frozenset()
    needed = max(MIN_RECURRENCE, MIN_SHARE * memory.articles)
    return frozenset(key for key, count in memory.counts.items() if count >= needed)


def mostly_remembered(remembered_words: float, page_words: float) -> bool:
    """The remembered lines are nearly all of a page's text: the page repeats a story."""
    return page_words > 0 and remembered_words > MAX_REMEMBERED_SHARE * page_words
